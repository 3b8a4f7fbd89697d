/* veil-store.h: what platform data exports revealed, kept on this computer.
 *
 * One SQLite file (exports.db) in the user's data folder, mode 0600, WAL.
 * A VeilStore is one connection: open one per thread. Each import is one
 * transaction, so a failed or cancelled import leaves the store unchanged.
 *
 * An account (platform + the account's name) is fed by one or more exports
 * (imports). A row is stored once per account, keyed by what it is (an
 * event by its kind, time and counterpart), so a newer export that overlaps
 * an older one adds only what is new; forgetting an export keeps what
 * another export of the account also holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a company came to appear in an export. Stored as text so that new
 * platforms can add relations without a schema change. */
#define VEIL_REL_USES_ACTIVITY  "uses-activity"   /* retargets you from your activity */
#define VEIL_REL_UPLOADED_LIST  "uploaded-list"   /* uploaded a customer list with you on it */
#define VEIL_REL_STORE_VISIT    "store-visit"     /* matched you to an in-person visit */
#define VEIL_REL_AUDIENCE       "audience"        /* has you in one of its audiences */
#define VEIL_REL_DATA_PARTNER   "data-partner"    /* sent the platform data about you */
#define VEIL_REL_TARGETED       "targeted"        /* showed you targeted ads */
#define VEIL_REL_INTERACTED     "interacted"      /* you clicked or engaged with its ad */
#define VEIL_REL_TRACKED        "tracked"         /* reported your activity off the platform */
#define VEIL_REL_CONNECTED_APP  "connected-app"   /* an app you logged into with the account */

/* The kinds of data an export holds at all, so that "0 advertisers" can be
 * told from "not in this export". */
typedef enum {
  VEIL_HOLDS_ADVERTISERS = 1 << 0,
  VEIL_HOLDS_TRACKERS    = 1 << 1,
  VEIL_HOLDS_EVENTS      = 1 << 2,
  VEIL_HOLDS_INFERENCES  = 1 << 3,
  VEIL_HOLDS_LOCATIONS   = 1 << 4,
  VEIL_HOLDS_LOGINS      = 1 << 5,
  VEIL_HOLDS_CONTACTS    = 1 << 6,
  VEIL_HOLDS_OTHERS      = 1 << 7,
} VeilStoreHolds;

typedef struct _VeilStore       VeilStore;
typedef struct _VeilStoreImport VeilStoreImport;

/* A file of an export that Veil did not read, or could not. */
typedef struct {
  char   *file;
  gint64    size;    /* -1 when unknown */
  char     *reason;
  gboolean  failed;  /* Veil tried and could not (else: no reader for it) */
} VeilStoreUnread;

/* One export (one import) of an account. */
typedef struct {
  gint64     id;
  char      *label;
  char      *source;
  gint64     imported_at;
  gint64     generated_at;  /* when the platform made the export; 0 unknown */
  gint64     first_ts;      /* 0 when the export carried no dates */
  gint64     last_ts;
  guint      n_skipped;     /* files that could not be read */
  GPtrArray *unread;        /* VeilStoreUnread * */
} VeilStoreExport;

typedef struct {
  gint64  id;             /* the account */
  char   *platform;
  char   *name;           /* the account's name in the export; "" when unknown */
  char   *label;          /* the newest export's label */
  char   *source;
  gint64  imported_at;    /* the newest import */
  gint64  first_ts;       /* over all its exports; 0 when none carried dates */
  gint64  last_ts;
  guint   holds;          /* VeilStoreHolds, over all its exports */
  GPtrArray *exports;     /* VeilStoreExport *, oldest import first */
  guint   n_advertisers;  /* companies that hold or used data about you */
  guint   n_trackers;     /* apps and sites that reported activity off the platform */
  guint   n_events;
  guint   n_inferences;
  guint   n_locations;
  guint   n_logins;
  guint   n_contacts;
  guint   n_others;       /* names from files no reader knows */
  GPtrArray *notes;       /* char *: files that could not be read, and why */
} VeilStoreAccount;

typedef struct {
  char  *name;
  guint  count;
} VeilStoreRanked;

typedef struct {
  GPtrArray *accounts;        /* VeilStoreAccount * */
  guint      n_advertisers;   /* distinct, over all accounts */
  guint      n_trackers;
  GPtrArray *top_advertisers; /* VeilStoreRanked *, by number of accounts and relations */
  GPtrArray *top_trackers;    /* VeilStoreRanked *, by number of events */
  GPtrArray *top_inferences;  /* VeilStoreRanked * */
  gint64     first_ts;
  gint64     last_ts;
} VeilStoreSummary;

typedef struct {
  char   *kind;      /* company, activity, inference, login, location, contact, other */
  gint64  import_id;
  gint64  account_id;
  char   *platform;
  char   *text;
} VeilStoreHit;

/* One thing an export showed about a company, for a request letter. */
typedef struct {
  char   *name;      /* the name as the export spelled it */
  char   *platform;
  char   *relation;  /* VEIL_REL_* */
  guint   count;     /* events or links */
  gint64  first_ts;
  gint64  last_ts;
} VeilStoreEvidence;

char       *veil_store_default_path (void);
VeilStore  *veil_store_open         (const char  *path,
                                     GError     **error);
void        veil_store_close        (VeilStore   *store);
const char *veil_store_get_path     (VeilStore   *store);

/* account: the account's name as the export gives it (NULL: unknown, one
 * account for the platform); digest: what identifies the export's files. */
VeilStoreImport *veil_store_import_begin  (VeilStore        *store,
                                           const char       *platform,
                                           const char       *account,
                                           const char       *label,
                                           const char       *source,
                                           const char       *digest,
                                           GError          **error);
gint64           veil_store_import_get_id (VeilStoreImport  *import);
gint64           veil_store_import_get_account (VeilStoreImport *import);
/* When the platform made the export (the newest file in it). */
void             veil_store_import_set_generated (VeilStoreImport *import,
                                                  gint64           generated_at);
/* The export holds these kinds of data, even if it lists none of them. */
void             veil_store_import_mark   (VeilStoreImport  *import,
                                           guint             holds);
guint            veil_store_import_get_skipped (VeilStoreImport *import);
/* FALSE once an add failed; the first error is kept for commit to return. */
gboolean         veil_store_import_ok     (VeilStoreImport  *import);
gboolean         veil_store_import_commit (VeilStoreImport  *import,
                                           GError          **error);
void             veil_store_import_abort  (VeilStoreImport  *import);

/* ts is Unix time in seconds; 0 means unknown. Strings may be NULL. */
void veil_store_import_add_company   (VeilStoreImport *import,
                                      const char      *name,
                                      const char      *relation,
                                      const char      *detail,
                                      gint64           ts);
void veil_store_import_add_event     (VeilStoreImport *import,
                                      const char      *company,
                                      const char      *event,
                                      gint64           ts,
                                      const char      *detail);
void veil_store_import_add_inference (VeilStoreImport *import,
                                      const char      *kind,
                                      const char      *value,
                                      const char      *detail);
void veil_store_import_add_location  (VeilStoreImport *import,
                                      gint64           ts,
                                      double           lat,
                                      double           lon,
                                      double           accuracy,
                                      const char      *name,
                                      const char      *source);
void veil_store_import_add_login     (VeilStoreImport *import,
                                      gint64           ts,
                                      const char      *action,
                                      const char      *ip,
                                      const char      *device,
                                      const char      *place);
void veil_store_import_add_contact   (VeilStoreImport *import,
                                      const char      *name,
                                      const char      *detail,
                                      gint64           ts);
/* A name from a file no reader knows (field: the key it was under). */
void veil_store_import_add_other     (VeilStoreImport *import,
                                      const char      *file,
                                      const char      *field,
                                      const char      *value);
/* A file of the export that could not be read; the rest still is. */
void veil_store_import_add_note      (VeilStoreImport *import,
                                      const char      *file,
                                      const char      *message);
/* A file Veil did not read (failed: it tried and could not, which also
 * notes it and counts it as skipped). size -1 when unknown. */
void veil_store_import_add_unread    (VeilStoreImport *import,
                                      const char      *file,
                                      gint64           size,
                                      const char      *reason,
                                      gboolean         failed);

/* The export already imported with this digest, or with this generation
 * date for the account (platform, account); 0 when none. */
gint64 veil_store_find_export (VeilStore   *store,
                               const char  *digest,
                               const char  *platform,
                               const char  *account,
                               gint64       generated_at,
                               gint64       except_id);

/* One export; what another export of the account holds stays. */
gboolean          veil_store_forget     (VeilStore   *store,
                                         gint64       import_id,
                                         GError     **error);
/* Every export of the account. */
gboolean          veil_store_forget_account (VeilStore *store,
                                             gint64     account_id,
                                             GError   **error);
VeilStoreSummary *veil_store_summary    (VeilStore   *store,
                                         guint        top_n,
                                         GError     **error);
GPtrArray        *veil_store_search     (VeilStore   *store,
                                         const char  *text,
                                         guint        limit,
                                         GError     **error);
/* Every company name in the store, for linking. */
GPtrArray        *veil_store_companies  (VeilStore   *store,
                                         GError     **error);
/* What the exports showed about the companies whose names are in names. */
GPtrArray        *veil_store_evidence   (VeilStore          *store,
                                         const char * const *names,
                                         GError            **error);

void veil_store_unread_free   (VeilStoreUnread   *unread);
void veil_store_export_free   (VeilStoreExport   *export);
void veil_store_account_free  (VeilStoreAccount  *account);
void veil_store_ranked_free   (VeilStoreRanked   *ranked);
void veil_store_summary_free  (VeilStoreSummary  *summary);
void veil_store_hit_free      (VeilStoreHit      *hit);
void veil_store_evidence_free (VeilStoreEvidence *evidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilStore, veil_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilStoreImport, veil_store_import_abort)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilStoreSummary, veil_store_summary_free)

G_END_DECLS
