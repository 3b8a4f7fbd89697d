/* veil-app-scan.c: walks an app package and collects what it carries.
 *
 * Android packages (.apk, and .xapk/.apks bundles, which are ZIPs of APKs)
 * are read the way εxodus reads them: every `classes*.dex` member is parsed
 * and its class names matched against the tracker signatures; members named
 * `*.apk` are opened in turn, at most 10 levels deep. The ZIP is read with
 * libarchive, member by member, and each member read is capped, as is the
 * total unpacked, so a small hostile file cannot exhaust memory (zip bombs).
 * iOS packages (.ipa) are recognised by their Payload/ folder and handed to
 * veil-ipa.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"

#define DEFAULT_MAX_ENTRY (256 * 1024 * 1024ull)
#define DEFAULT_MAX_TOTAL (2048 * 1024 * 1024ull)
#define DEFAULT_MAX_DEPTH 10
#define DEFAULT_MAX_ENTRIES 100000
#define MAX_MANIFEST (16 * 1024 * 1024)

static void
app_tracker_free (VeilAppTracker *t)
{
  g_free (t->example);
  g_free (t);
}

static void
app_permission_free (VeilAppPermission *p)
{
  g_free (p->name);
  g_free (p);
}

void
veil_app_report_free (VeilAppReport *r)
{
  if (r == NULL)
    return;
  g_free (r->path);
  g_free (r->package);
  g_free (r->app_name);
  g_free (r->version_name);
  g_free (r->version_code);
  g_clear_pointer (&r->trackers, g_ptr_array_unref);
  g_clear_pointer (&r->permissions, g_ptr_array_unref);
  g_clear_pointer (&r->code_files, g_ptr_array_unref);
  g_clear_pointer (&r->frameworks, g_ptr_array_unref);
  g_clear_pointer (&r->privacy, g_ptr_array_unref);
  g_clear_pointer (&r->notes, g_ptr_array_unref);
  g_free (r);
}

static VeilAppReport *
report_new (const char *path)
{
  VeilAppReport *r = g_new0 (VeilAppReport, 1);

  r->path = g_strdup (path);
  r->trackers = g_ptr_array_new_with_free_func ((GDestroyNotify) app_tracker_free);
  r->permissions = g_ptr_array_new_with_free_func ((GDestroyNotify) app_permission_free);
  r->code_files = g_ptr_array_new_with_free_func (g_free);
  r->frameworks = g_ptr_array_new_with_free_func (g_free);
  r->privacy = g_ptr_array_new_with_free_func ((GDestroyNotify) _veil_privacy_manifest_free);
  r->notes = g_ptr_array_new_with_free_func (g_free);
  return r;
}

static void
dex_class (const char *name, gsize len, gpointer user_data)
{
  _veil_app_match_class (user_data, VEIL_APP_PLATFORM_ANDROID, name, len, VEIL_TRACKER_EVIDENCE_CODE);
}

static void
dex_string (const char *str, gsize len, gpointer user_data)
{
  /* Server names: something with a dot, not a paragraph of text. */
  if (len < 4 || len > 2048 || memchr (str, '.', len) == NULL)
    return;
  _veil_app_match_string (user_data, VEIL_APP_PLATFORM_ANDROID, str, len);
}

static gboolean
is_dex_name (const char *name)
{
  /* εxodus: re.match(r'classes.*\.dex', name) on every member. */
  return g_str_has_prefix (name, "classes") && g_str_has_suffix (name, ".dex");
}

static gboolean
has_suffix_ci (const char *name, const char *suffix)
{
  gsize n = strlen (name), k = strlen (suffix);
  return n >= k && g_ascii_strcasecmp (name + n - k, suffix) == 0;
}

static void
take_manifest (VeilAppScan *s, GBytes *bytes, const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilManifest) m = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  m = _veil_axml_parse_manifest (data, len, &error);
  if (m == NULL)
    {
      _veil_app_note (s, _("The app description (%s) could not be read: %s"), where, error->message);
      return;
    }
  s->report->package = g_steal_pointer (&m->package);
  s->report->version_name = g_steal_pointer (&m->version_name);
  s->report->version_code = g_steal_pointer (&m->version_code);
  for (guint i = 0; i < m->permissions->len; i++)
    {
      const char *name = m->permissions->pdata[i];
      VeilAppPermission *p;
      gboolean dup = FALSE;

      for (guint j = 0; j < s->report->permissions->len && !dup; j++)
        dup = g_str_equal (((VeilAppPermission *) s->report->permissions->pdata[j])->name, name);
      if (dup)
        continue;
      p = g_new0 (VeilAppPermission, 1);
      p->name = g_strdup (name);
      p->explanation = _veil_permission_explain (name);
      g_ptr_array_add (s->report->permissions, p);
    }
}

static gboolean scan_archive (VeilAppScan *s, const VeilAppSource *src, const char *prefix,
                              guint depth, GError **error);

static gboolean
scan_entries (VeilAppScan *s, struct archive *a, const char *prefix, guint depth, GError **error)
{
  struct archive_entry *entry;
  guint n_entries = 0;
  int r;

  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname (entry);
      gint64 size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : -1;
      g_autofree char *where = NULL;

      if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
        return FALSE;
      if (++n_entries > s->limits.max_entries)
        {
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE,
                       _("the package holds more than %u files; stopped"), s->limits.max_entries);
          return FALSE;
        }
      if (name == NULL || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      where = g_strconcat (prefix, name, NULL);

      if (depth == 0 && !s->is_ipa && g_str_has_prefix (name, "Payload/") && strstr (name, ".app/") != NULL)
        s->is_ipa = TRUE;
      if (s->is_ipa && depth == 0)
        {
          if (!_veil_ipa_entry (s, a, name, size, error))
            return FALSE;
          continue;
        }

      if (is_dex_name (name))
        {
          g_autoptr(GBytes) bytes = _veil_app_archive_read (s, a, size, where, 0, error);
          const VeilDexVisitor visitor = { dex_class, dex_string };
          VeilDexInfo info;
          gsize len;
          const guint8 *data;

          if (bytes == NULL)
            return FALSE;
          data = g_bytes_get_data (bytes, &len);
          if (!_veil_dex_parse (data, len, &visitor, s, &info, error))
            {
              g_prefix_error (error, "%s: ", where);
              return FALSE;
            }
          s->report->code_bytes += len;
          g_ptr_array_add (s->report->code_files, g_steal_pointer (&where));
        }
      else if (g_str_equal (name, "AndroidManifest.xml") && s->report->package == NULL &&
               s->report->permissions->len == 0)
        {
          g_autoptr(GError) local = NULL;
          g_autoptr(GBytes) bytes = _veil_app_archive_read (s, a, size, where, MAX_MANIFEST, &local);

          if (bytes == NULL)
            {
              /* A damaged entry (bad CRC or size) means a damaged package,
               * not just an unreadable description. */
              if ((g_error_matches (local, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE) &&
                   s->unpacked > s->limits.max_total_size) ||
                  g_error_matches (local, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED))
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return FALSE;
                }
              _veil_app_note (s, _("The app description (%s) could not be read: %s"), where, local->message);
              continue;
            }
          take_manifest (s, bytes, where);
        }
      else if (has_suffix_ci (name, ".apk"))
        {
          g_autoptr(GBytes) bytes = NULL;
          g_autofree char *inner_prefix = g_strconcat (where, "!", NULL);
          VeilAppSource inner = { 0 };

          if (depth + 1 > s->limits.max_depth)
            {
              g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_DEEP,
                           _("%s: packages are nested more than %u levels deep; stopped to protect this "
                             "computer"), where, s->limits.max_depth);
              return FALSE;
            }
          bytes = _veil_app_archive_read (s, a, size, where, 0, error);
          if (bytes == NULL)
            return FALSE;
          inner.data = g_bytes_get_data (bytes, &inner.len);
          if (!scan_archive (s, &inner, inner_prefix, depth + 1, error))
            return FALSE;
        }
      else if (!_veil_app_archive_skip (s, a, where, error))
        return FALSE;
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
                   _("%sthe package is damaged: %s"), prefix, _veil_app_archive_why (a));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_archive (VeilAppScan *s, const VeilAppSource *src, const char *prefix, guint depth, GError **error)
{
  struct archive *a = NULL;
  gboolean ok;

  if (!_veil_zip_check (src, s->limits.max_entries, error) || (a = _veil_app_archive_open (src, error)) == NULL)
    {
      if (depth > 0)
        g_prefix_error (error, "%s ", prefix);
      return FALSE;
    }
  ok = scan_entries (s, a, prefix, depth, error);
  archive_read_free (a);
  return ok;
}

static VeilAppReport *
scan (VeilTrackerDb           *db,
      const VeilAppSource     *src,
      const char              *name,
      const VeilAppScanLimits *limits,
      GCancellable            *cancellable,
      GError                 **error)
{
  VeilAppScan s = { 0 };
  g_autoptr(VeilAppReport) report = report_new (name);
  gboolean ok;

  s.db = db;
  s.report = report;
  s.cancellable = cancellable;
  if (limits != NULL)
    s.limits = *limits;
  if (s.limits.max_entry_size == 0)
    s.limits.max_entry_size = DEFAULT_MAX_ENTRY;
  if (s.limits.max_total_size == 0)
    s.limits.max_total_size = DEFAULT_MAX_TOTAL;
  if (s.limits.max_depth == 0)
    s.limits.max_depth = DEFAULT_MAX_DEPTH;
  if (s.limits.max_entries == 0)
    s.limits.max_entries = DEFAULT_MAX_ENTRIES;
  s.n_trackers = veil_tracker_db_get_trackers (db)->len;
  s.found_code = g_new0 (gboolean, s.n_trackers);
  s.found_net = g_new0 (gboolean, s.n_trackers);
  s.example = g_new0 (char *, s.n_trackers + 1);
  s.net_example = g_new0 (char *, s.n_trackers + 1);
  s.evidence = g_new0 (VeilTrackerEvidence, s.n_trackers);
  s.ipa_binaries = g_ptr_array_new_with_free_func (g_free);

  ok = scan_archive (&s, src, "", 0, error);
  if (ok && s.is_ipa)
    ok = _veil_ipa_finish (&s, src, error);
  if (ok && !s.is_ipa && report->code_files->len == 0)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED,
                   _("no app code found: not an Android or iOS app package"));
      ok = FALSE;
    }
  if (ok)
    {
      report->platform = s.is_ipa ? VEIL_APP_PLATFORM_IOS : VEIL_APP_PLATFORM_ANDROID;
      _veil_app_collect_trackers (&s);
    }
  else if (name != NULL)
    g_prefix_error (error, "%s: ", name);

  g_free (s.found_code);
  g_free (s.found_net);
  for (guint i = 0; i < s.n_trackers; i++)
    {
      g_free (s.example[i]);
      g_free (s.net_example[i]);
    }
  g_free (s.example);
  g_free (s.net_example);
  g_free (s.evidence);
  g_ptr_array_unref (s.ipa_binaries);
  g_free (s.ipa_app_dir);
  g_free (s.ipa_executable);
  return ok ? g_steal_pointer (&report) : NULL;
}

VeilAppReport *
veil_app_scan_file (VeilTrackerDb           *db,
                    const char              *path,
                    const VeilAppScanLimits *limits,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  VeilAppSource src = { path, NULL, 0 };

  g_return_val_if_fail (db != NULL && path != NULL, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s: no such file"), path);
      return NULL;
    }
  return scan (db, &src, path, limits, cancellable, error);
}

VeilAppReport *
veil_app_scan_data (VeilTrackerDb           *db,
                    const guint8            *data,
                    gsize                    len,
                    const char              *name,
                    const VeilAppScanLimits *limits,
                    GError                 **error)
{
  VeilAppSource src = { NULL, data, len };

  g_return_val_if_fail (db != NULL, NULL);
  return scan (db, &src, name, limits, NULL, error);
}
