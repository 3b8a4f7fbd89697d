/* veil-export-private.h: what the per-platform readers share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "veil-export.h"
#include "veil-export-archive.h"
#include "veil-json-stream.h"
#include "veil-store.h"

G_BEGIN_DECLS

/* Small whole files (CSV, settings) are read into memory up to this. */
#define VEIL_EXPORT_MAX_SMALL_FILE ((gsize) 64 * 1024 * 1024)

typedef struct {
  VeilStoreImport *import;
  VeilPlatform     platform;
  const char      *file;         /* the entry being read */
  GCancellable    *cancellable;
  guint            n_files_read; /* files a reader recognised and read */
  char            *account;      /* the account's name, when the export gives it */
  GHashTable      *reader_data;  /* a reader's own state across files (char * → char *) */
} VeilExportContext;

/* The file (by base name) that names the account, the JSON paths of the
 * object that holds the name, and the member holding it. labels, when set:
 * the object's own key (the last path component, which a pattern ending in
 * "*" leaves open) must be one of these, compared without case and with ’
 * as '; for platforms that write the label in the user's language. */
typedef struct {
  const char * const *basenames;
  const char * const *patterns;
  const char         *member;
  gboolean            javascript;
  const char * const *labels;
} VeilExportAccountFile;

typedef struct {
  VeilPlatform platform;
  /* How strongly the file names say "this platform" (0 = not at all). */
  int      (*detect) (GPtrArray *names);
  /* Whether the reader wants this file. */
  gboolean (*wants)  (const char *name);
  /* Reads one file. FALSE with error: the file is noted and skipped, unless
   * the store failed or the read was cancelled. */
  gboolean (*read)   (VeilExportContext  *ctx,
                      const VeilExportEntry *entry,
                      VeilExportStream   *stream,
                      GError            **error);
  /* Optional, after the last file: what needed the whole export. */
  void     (*finish) (VeilExportContext  *ctx);
  /* Optional: where the export names its account. */
  const VeilExportAccountFile *account_file;
} VeilExportReader;

extern const VeilExportReader _veil_export_facebook_reader;
extern const VeilExportReader _veil_export_instagram_reader;
extern const VeilExportReader _veil_export_google_reader;
extern const VeilExportReader _veil_export_twitter_reader;
extern const VeilExportReader _veil_export_tiktok_reader;
extern const VeilExportReader _veil_export_linkedin_reader;
extern const VeilExportReader _veil_export_snapchat_reader;

/* Meta (Facebook and Instagram share one format family). */
gboolean _veil_export_meta_read (VeilExportContext     *ctx,
                                 const VeilExportEntry *entry,
                                 VeilExportStream      *stream,
                                 GError               **error);
gboolean _veil_export_meta_wants (const char *name);

/* ---- the generic reader (veil-export-generic.c) ---- */

/* A JSON, JS or CSV file no platform reader knows: its distinctive names
 * (under keys like name, title, advertiser, company) become "other"
 * entries. */
gboolean    _veil_export_generic_wants (const char *name);
gboolean    _veil_export_generic_read  (VeilExportContext     *ctx,
                                        const VeilExportEntry *entry,
                                        VeilExportStream      *stream,
                                        guint                 *n_names,
                                        GError               **error);

/* ---- ad-tech redirect hosts (veil-export-adtech.c) ---- */

typedef struct _VeilAdtech VeilAdtech;
VeilAdtech *_veil_adtech_new         (void);
void        _veil_adtech_free        (VeilAdtech *adtech);
/* Who runs host when it is an ad-tech intermediary (from the tracker list,
 * then a short list of click redirects), or NULL. */
const char *_veil_adtech_owner       (VeilAdtech *adtech,
                                      const char *host);
/* The destination a redirect URL carries in its query, or NULL. */
char       *_veil_adtech_destination (const char *url);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilAdtech, _veil_adtech_free)

/* ---- identity (veil-export-identity.c) ---- */

/* SHA-256 over the export's archives (NULL for folders, which are
 * recognised by their account and date instead). */
gboolean    _veil_export_digest   (const char * const *paths,
                                   GCancellable       *cancellable,
                                   char              **digest,
                                   GError            **error);
/* Sets ctx->account from the file the platform's reader names, if any. */
gboolean    _veil_export_identify (const VeilExportReader *reader,
                                   VeilExportContext  *ctx,
                                   const char * const *paths,
                                   GPtrArray          *names,
                                   GError            **error);

/* Tests: every import fails at its n-th stored row (0: never). */
void _veil_export_set_test_failure (guint n_rows);

/* ---- paths (veil-export-path.c) ---- */

/* name ends with tail at a '/' boundary (or equals it). */
gboolean    _veil_path_ends_with  (const char *name,
                                   const char *tail);
const char *_veil_path_basename   (const char *name);
/* Any '/'-separated component of name equals one of components. */
gboolean    _veil_path_has_component (const char         *name,
                                      const char * const *components);
gboolean    _veil_names_any_suffix (GPtrArray          *names,
                                    const char * const *tails);

/* ---- dates and coordinates (veil-export-time.c) ---- */

/* Unix seconds from the many date shapes exports use; 0 when unknown. */
gint64      _veil_parse_time      (const char *text);
/* A JSON member as seconds: numbers (s or ms), numeric strings, dates. */
gint64      _veil_json_time       (JsonObject *object,
                                   const char *member);
/* "48.85°, 2.35°", "geo:48.85,2.35", "48.85, 2.35". */
gboolean    _veil_parse_latlng    (const char *text,
                                   double     *lat,
                                   double     *lon);

/* ---- JSON access (veil-export-json-access.c) ---- */

/* Member lookups that never fail: NULL / 0 / FALSE when absent or of
 * another type. */
const char *_veil_json_string     (JsonObject *object,
                                   const char *member);
gint64      _veil_json_int        (JsonObject *object,
                                   const char *member);
double      _veil_json_double     (JsonObject *object,
                                   const char *member,
                                   double      fallback);
gboolean    _veil_json_bool       (JsonObject *object,
                                   const char *member);
JsonObject *_veil_json_object     (JsonObject *object,
                                   const char *member);
JsonArray  *_veil_json_array      (JsonObject *object,
                                   const char *member);
JsonObject *_veil_json_node_object (JsonNode  *node);
const char *_veil_json_node_string (JsonNode  *node);
/* Follows a '.'-separated path of object members. */
JsonNode   *_veil_json_path       (JsonNode   *node,
                                   const char *path);

/* FALSE (naming the file) when data nests deeper than VEIL_JSON_MAX_DEPTH:
 * a cheap scan of brackets outside strings, before json-glib recurses. */
gboolean    _veil_json_check_depth (const char  *data,
                                    gsize        len,
                                    const char  *name,
                                    GError     **error);
/* json_parser_load_from_mapped_file after that check. */
gboolean    _veil_json_load_file  (JsonParser  *parser,
                                   const char  *path,
                                   GError     **error);

/* Streams a JSON entry through the item callback. */
gboolean    _veil_export_parse_json (VeilExportContext     *ctx,
                                     VeilExportStream      *stream,
                                     const char * const    *patterns,
                                     gboolean               fix_mojibake,
                                     gboolean               javascript,
                                     VeilJsonItemFunc       func,
                                     gpointer               user_data,
                                     GError               **error);

/* A file under data/ (data_dir first, then the source tree, then the
 * installed copy), or NULL. */
char       *_veil_export_find_data (const char *data_dir,
                                    const char *relative);

/* ---- CSV (veil-csv.c): RFC 4180, quoted fields, CRLF or LF ---- */
typedef struct _VeilCsv VeilCsv;
VeilCsv  *_veil_csv_new        (const char *data,
                                gsize       len);
/* The next record as a GStrv, or NULL at the end. */
GStrv     _veil_csv_next       (VeilCsv    *csv);
void      _veil_csv_free       (VeilCsv    *csv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilCsv, _veil_csv_free)

G_END_DECLS
