/* veil-apps.h: what trackers and permissions an app package carries.
 *
 * Scans Android packages (.apk, .xapk, .apks, APKs nested inside them) and
 * iOS packages (.ipa) on this computer, without running them, and compares
 * what was found with what the app's store label declares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VeilTrackerDb VeilTrackerDb;

typedef enum {
  VEIL_APP_PLATFORM_ANDROID,
  VEIL_APP_PLATFORM_IOS,
} VeilAppPlatform;

/* How a tracker was found. */
typedef enum {
  VEIL_TRACKER_EVIDENCE_CODE,       /* a class name in the code */
  VEIL_TRACKER_EVIDENCE_NETWORK,    /* one of its server names among the strings */
  VEIL_TRACKER_EVIDENCE_FRAMEWORK,  /* an embedded iOS framework's name */
} VeilTrackerEvidence;

/* One row of the tracker database. */
typedef struct {
  guint            id;
  VeilAppPlatform  platform;
  char            *name;
  char            *website;            /* may be NULL */
  GStrv            categories;         /* "Advertisement", "Analytics", … */
  char            *code_signature;     /* Python-style regex, '|' separated */
  char            *network_signature;  /* may be NULL */
  /* TRUE when the εxodus team verified it; ETIP-only entries are shown
   * as "possible". */
  gboolean         verified;
  char            *exposure;           /* iOS: visible/hidden/non-tracker; or NULL */
} VeilTrackerInfo;

typedef struct {
  const VeilTrackerInfo *info;      /* owned by the database */
  VeilTrackerEvidence    evidence;
  char                  *example;   /* the class, framework or string that matched */
  /* TRUE when only one of its server names was found among the app's
   * strings, not its code (evidence NETWORK): a URL does not mean the
   * library is there. Shown as "possible", never counted in n_found. */
  gboolean               possible;
} VeilAppTracker;

typedef struct {
  char       *name;         /* android.permission.CAMERA */
  const char *explanation;  /* a plain sentence for sensitive ones, else NULL */
} VeilAppPermission;

typedef struct {
  char  *type;        /* NSPrivacyCollectedDataTypeDeviceID */
  gboolean linked;
  gboolean tracking;
  GStrv  purposes;
} VeilPrivacyCollected;

typedef struct {
  char  *type;        /* NSPrivacyAccessedAPICategoryUserDefaults */
  GStrv  reasons;
} VeilPrivacyApi;

/* One PrivacyInfo.xcprivacy inside an IPA. */
typedef struct {
  char      *path;                /* inside the package */
  int        tracking;            /* -1 not stated, 0 no, 1 yes */
  GStrv      tracking_domains;
  GPtrArray *collected;           /* VeilPrivacyCollected */
  GPtrArray *accessed_apis;       /* VeilPrivacyApi */
} VeilPrivacyManifest;

typedef struct {
  char            *path;
  VeilAppPlatform  platform;
  char            *package;        /* package name / bundle identifier, or NULL */
  char            *app_name;       /* iOS display name, or NULL */
  char            *version_name;
  char            *version_code;
  GPtrArray       *trackers;       /* VeilAppTracker: those found in the code, then the
                                    * possible ones, each sorted by category then name */
  guint            n_found;        /* trackers found in the code (not the possible ones) */
  GPtrArray       *permissions;    /* VeilAppPermission (Android) */
  GPtrArray       *code_files;     /* names of the DEX / Mach-O files read */
  GPtrArray       *frameworks;     /* iOS framework names */
  GPtrArray       *privacy;        /* VeilPrivacyManifest (iOS) */
  GPtrArray       *notes;          /* plain sentences: what could not be read */
  guint            n_classes;      /* distinct class names seen */
  guint64          code_bytes;     /* DEX or Mach-O bytes parsed */
  gboolean         encrypted;      /* iOS main binary is FairPlay-encrypted */
} VeilAppReport;

/* Safety limits against hostile packages; 0 in a field means the default. */
typedef struct {
  guint64 max_entry_size;   /* one file inside the package (default 256 MiB) */
  guint64 max_total_size;   /* all bytes unpacked in one scan (default 2 GiB) */
  guint   max_depth;        /* packages inside packages (default 10) */
  guint   max_entries;      /* files in one package (default 100000) */
} VeilAppScanLimits;

/* Tracker database. */
VeilTrackerDb *veil_tracker_db_open_default (GError          **error);
VeilTrackerDb *veil_tracker_db_open         (const char       *path,
                                             GError          **error);
void           veil_tracker_db_free         (VeilTrackerDb    *db);
const char    *veil_tracker_db_get_path     (VeilTrackerDb    *db);
/* element-type VeilTrackerInfo, owned by the database */
GPtrArray     *veil_tracker_db_get_trackers (VeilTrackerDb    *db);
const char    *veil_tracker_db_get_meta     (VeilTrackerDb    *db,
                                             const char       *key);
/* Where the bundled and the updated copies live. */
char          *veil_tracker_db_user_path    (void);
char          *veil_tracker_db_bundled_path (void);

/* Downloads the current εxodus tracker list and installs it as the user
 * copy. url NULL means the εxodus API. The bundled list stays as fallback. */
gboolean       veil_tracker_db_update       (const char       *url,
                                             const char       *dest_path,
                                             guint            *n_trackers,
                                             GCancellable     *cancellable,
                                             GError          **error);
/* Converts εxodus API JSON into a database file at dest_path (atomic),
 * keeping the iOS and ETIP-only rows of the fallback database. */
gboolean       veil_tracker_db_import_exodus_json (const char    *json,
                                                   gsize          len,
                                                   VeilTrackerDb *fallback,
                                                   const char    *dest_path,
                                                   guint         *n_trackers,
                                                   GError       **error);

/* Scanning. */
VeilAppReport *veil_app_scan_file  (VeilTrackerDb           *db,
                                    const char              *path,
                                    const VeilAppScanLimits *limits,
                                    GCancellable            *cancellable,
                                    GError                 **error);
VeilAppReport *veil_app_scan_data  (VeilTrackerDb           *db,
                                    const guint8            *data,
                                    gsize                    len,
                                    const char              *name,
                                    const VeilAppScanLimits *limits,
                                    GError                 **error);
void           veil_app_report_free (VeilAppReport *report);

/* Context for the numbers: Kollnig et al., PoPETs 2022 (24k apps). */
#define VEIL_APPS_MEDIAN_TRACKERS 3

const char *veil_tracker_category_title (const char *category);

/* Disclosures: an App Store privacy label or a Google Play data-safety
 * record, compared with a scan. */
typedef struct _VeilDisclosure VeilDisclosure;

VeilDisclosure *veil_disclosure_load   (const char      *path,
                                        GError         **error);
void            veil_disclosure_free   (VeilDisclosure  *disclosure);
const char     *veil_disclosure_kind   (VeilDisclosure  *disclosure);  /* "apple" / "google-play" */
/* Plain sentences, one per mismatch; empty when the label matches. */
GPtrArray      *veil_disclosure_compare (VeilDisclosure      *disclosure,
                                         const VeilAppReport *report,
                                         GError             **error);
/* A sentence when the label is from the other platform's store than the
 * app (an App Store label against an APK, or the reverse), else NULL. */
const char     *veil_disclosure_platform_warning (VeilDisclosure      *disclosure,
                                                  const VeilAppReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTrackerDb, veil_tracker_db_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilAppReport, veil_app_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDisclosure, veil_disclosure_free)

G_END_DECLS
