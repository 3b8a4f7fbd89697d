/* veil-apps-private.h: the parsers and the matcher behind veil-apps.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-apps.h"

G_BEGIN_DECLS

/* ---- signature matching (veil-sigmatch.c) ---- */

typedef struct _VeilSigMatcher VeilSigMatcher;

/* Called once per (tracker, string) hit; tracker is the index given to add. */
typedef void (*VeilSigHitFunc) (guint tracker, const char *s, gsize len, gpointer user_data);

VeilSigMatcher *_veil_sig_matcher_new    (void);
void            _veil_sig_matcher_free   (VeilSigMatcher *m);
/* A Python-style regex searched unanchored, with εxodus semantics. FALSE
 * when it was skipped (3 characters or fewer) or does not compile. */
gboolean        _veil_sig_matcher_add    (VeilSigMatcher *m,
                                          guint           tracker,
                                          const char     *signature);
/* Reports every tracker whose signature matches somewhere in s. done[i]
 * TRUE skips tracker i (already found). */
void            _veil_sig_matcher_scan   (const VeilSigMatcher *m,
                                          const char     *s,
                                          gsize           len,
                                          const gboolean *done,
                                          VeilSigHitFunc  func,
                                          gpointer        user_data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilSigMatcher, _veil_sig_matcher_free)

/* ---- DEX (veil-dex.c) ---- */

typedef struct {
  /* Each class name in εxodus form ("com/facebook/ads/AdView"), maybe twice. */
  void (*class_name) (const char *name, gsize len, gpointer user_data);
  /* Each string constant (already valid UTF-8). */
  void (*string)     (const char *s, gsize len, gpointer user_data);
} VeilDexVisitor;

typedef struct {
  guint n_strings;
  guint n_types;
  guint n_class_defs;
} VeilDexInfo;

gboolean _veil_dex_parse (const guint8         *data,
                          gsize                 len,
                          const VeilDexVisitor *visitor,
                          gpointer              user_data,
                          VeilDexInfo          *info,
                          GError              **error);

/* ---- Android binary XML (veil-axml.c) ---- */

typedef struct {
  char      *package;
  char      *version_name;
  char      *version_code;
  GPtrArray *permissions;   /* char * */
} VeilManifest;

VeilManifest *_veil_axml_parse_manifest (const guint8 *data,
                                         gsize         len,
                                         GError      **error);
void          _veil_manifest_free       (VeilManifest *manifest);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilManifest, _veil_manifest_free)

const char *_veil_permission_explain (const char *permission);

/* ---- property lists (veil-plist.c): XML and bplist00 into GVariant ----
 * dict → a{sv}, array → av, string → s, integer → x, real → d,
 * boolean → b, data → ay, date → d (seconds since 2001). */
GVariant *_veil_plist_parse (const guint8 *data,
                             gsize         len,
                             GError      **error);

/* ---- Mach-O (veil-macho.c) ---- */

typedef struct {
  gboolean   encrypted;     /* some slice has cryptid != 0 */
  guint      n_slices;
  GPtrArray *class_names;   /* char *, from __objc_classname when readable */
} VeilMachoInfo;

gboolean _veil_macho_parse      (const guint8  *data,
                                 gsize          len,
                                 VeilMachoInfo *info,
                                 GError       **error);
void     _veil_macho_info_clear (VeilMachoInfo *info);

/* ---- the state of one scan, shared by the scanners (veil-app-scan.c,
 * veil-ipa.c), the archive access and the findings ---- */

struct archive;

/* Where a package's bytes are: a file, or memory (a package inside one). */
typedef struct {
  const char   *path;
  const guint8 *data;
  gsize         len;
} VeilAppSource;

typedef struct _VeilAppScan VeilAppScan;

struct _VeilAppScan {
  VeilTrackerDb      *db;
  VeilAppScanLimits   limits;
  VeilAppReport      *report;
  GCancellable       *cancellable;
  guint64             unpacked;     /* bytes read out of packages so far */
  guint64             checked;      /* bytes of unused entries read for their CRC */
  gboolean            unchecked_noted;
  guint               n_trackers;
  gboolean           *found_code;   /* per tracker of the database */
  gboolean           *found_net;
  char              **example;
  char              **net_example;  /* the string a server name was found in */
  VeilTrackerEvidence *evidence;
  gboolean            is_ipa;
  GPtrArray          *ipa_binaries; /* char *: entry names to read in pass 2 */
  char               *ipa_app_dir;  /* "Payload/Name.app/" */
  char               *ipa_executable;
};

GPtrArray *_veil_tracker_db_matcher_index (VeilTrackerDb   *db,
                                           VeilAppPlatform  platform,
                                           gboolean         network,
                                           VeilSigMatcher **matcher);

/* ---- archive access (veil-app-archive.c) ---- */

struct archive *_veil_app_archive_open  (const VeilAppSource *src,
                                         GError             **error);
/* The current entry's bytes, within the scan's size limits. */
GBytes         *_veil_app_archive_read  (VeilAppScan        *s,
                                         struct archive     *a,
                                         gint64              declared_size,
                                         const char         *name,
                                         guint64             max,
                                         GError            **error);

/* Reads past the current entry, checking its size and CRC. */
gboolean        _veil_app_archive_skip  (VeilAppScan        *s,
                                         struct archive     *a,
                                         const char         *name,
                                         GError            **error);
/* What libarchive says went wrong, in words fit for a user. */
const char     *_veil_app_archive_why   (struct archive     *a);

/* ZIP structure (veil-zip-check.c): FALSE with VEIL_APPS_ERROR_TRUNCATED
 * when the file was cut short, MALFORMED when its directory is damaged,
 * UNSUPPORTED when it is no ZIP at all. */
gboolean        _veil_zip_check         (const VeilAppSource *src,
                                         guint               max_entries,
                                         GError            **error);

/* ---- findings (veil-app-findings.c) ---- */

/* Matches one name against the platform's code signatures. */
void            _veil_app_match_class   (VeilAppScan        *s,
                                         VeilAppPlatform     platform,
                                         const char         *name,
                                         gsize               len,
                                         VeilTrackerEvidence evidence);
/* Matches one string constant against the platform's server names. */
void            _veil_app_match_string  (VeilAppScan        *s,
                                         VeilAppPlatform     platform,
                                         const char         *str,
                                         gsize               len);
void            _veil_app_note          (VeilAppScan        *s,
                                         const char         *format,
                                         ...) G_GNUC_PRINTF (2, 3);
/* Fills the report's tracker list from the matches, once the walk is done. */
void            _veil_app_collect_trackers (VeilAppScan     *s);

/* iOS (veil-ipa.c): TRUE when the entry was an iOS one and was handled. */
gboolean _veil_ipa_entry  (VeilAppScan    *s,
                           struct archive *a,
                           const char     *name,
                           gint64          size,
                           GError        **error);
gboolean _veil_ipa_finish (VeilAppScan         *s,
                           const VeilAppSource *src,
                           GError             **error);
void     _veil_privacy_manifest_free (VeilPrivacyManifest *m);

/* A label already in memory; path names it in messages (veil-disclosure.c). */
VeilDisclosure *_veil_disclosure_load_data (const char *text,
                                            gsize       len,
                                            const char *path,
                                            GError    **error);

G_END_DECLS
