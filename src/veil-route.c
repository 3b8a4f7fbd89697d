/* veil-route.c: which section handles a file, by content.
 *
 * Photos and videos are recognised by the same first-byte detector that
 * cleaning uses; archives by their magic numbers, then by the names inside
 * them: an AndroidManifest.xml or DEX code, nested .apk files (XAPK, APKS) or an iOS
 * Payload/NAME.app/ folder make an app package, anything else goes to
 * Accounts, whose importer says best what it is missing. Folders are
 * exports when the export detector recognises them, else folders of photos.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-route"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "veil-error.h"
#include "veil-export.h"
#include "veil-format.h"
#include "veil-route.h"

/* Enough for every magic number below (tar's sits at offset 257). */
#define HEAD_SIZE 512

static gboolean
is_archive (const guint8 *head,
            gsize         len)
{
  static const guint8 xz[] = { 0xFD, '7', 'z', 'X', 'Z', 0x00 };

  if (len >= 4 && head[0] == 'P' && head[1] == 'K' &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
    return TRUE;                                   /* ZIP (and APK, IPA) */
  if (len >= 2 && head[0] == 0x1F && head[1] == 0x8B)
    return TRUE;                                   /* gzip, so .tar.gz */
  if (len >= 3 && memcmp (head, "BZh", 3) == 0)
    return TRUE;                                   /* bzip2 */
  if (len >= sizeof xz && memcmp (head, xz, sizeof xz) == 0)
    return TRUE;
  if (len >= 262 && memcmp (head + 257, "ustar", 5) == 0)
    return TRUE;                                   /* tar */
  return FALSE;
}

static gboolean
is_app_entry (const char *name)
{
  const char *app;

  /* An APK: its manifest, its compiled resources, or DEX code at the top. */
  if (g_str_equal (name, "AndroidManifest.xml") || g_str_equal (name, "resources.arsc"))
    return TRUE;
  if (g_str_has_prefix (name, "classes") && g_str_has_suffix (name, ".dex") && strchr (name, '/') == NULL)
    return TRUE;
  /* XAPK and APKS bundles: APKs inside a ZIP. */
  if (g_str_has_suffix (name, ".apk") || g_str_has_suffix (name, ".APK"))
    return TRUE;
  /* IPA: Payload/NAME.app/… */
  if (g_str_has_prefix (name, "Payload/") && (app = strstr (name, ".app/")) != NULL)
    return memchr (name + 8, '/', (gsize) (app - (name + 8))) == NULL;
  return FALSE;
}

/* TRUE when the archive at path holds an app package's files. Only the
 * entries' headers are read; a damaged archive is not an app. */
static gboolean
archive_is_app (const char   *path,
                GCancellable *cancellable)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;
  gboolean app = FALSE;

  archive_read_support_format_zip (a);
  archive_read_support_format_tar (a);
  archive_read_support_filter_all (a);
  if (archive_read_open_filename (a, path, 64 * 1024) == ARCHIVE_OK)
    while (!app && archive_read_next_header (a, &entry) == ARCHIVE_OK &&
           !g_cancellable_is_cancelled (cancellable))
      {
        const char *name = archive_entry_pathname (entry);

        app = name != NULL && is_app_entry (name);
      }
  archive_read_free (a);
  return app;
}

static gboolean
is_export (const char *path)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GError) error = NULL;

  if (veil_export_detect (paths, &error) != VEIL_PLATFORM_UNKNOWN)
    return TRUE;
  /* An export in the wrong format is still an export: Accounts says what
   * to request instead. */
  return g_error_matches (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT);
}

VeilRoute
veil_route_for_path (const char   *path,
                     GCancellable *cancellable)
{
  guint8 head[HEAD_SIZE];
  gssize len;
  FILE *fp;

  g_return_val_if_fail (path != NULL, VEIL_ROUTE_UNKNOWN);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return is_export (path) ? VEIL_ROUTE_ACCOUNTS : VEIL_ROUTE_PHOTOS;

  fp = fopen (path, "rbe");
  if (fp == NULL)
    return VEIL_ROUTE_UNKNOWN;
  len = (gssize) fread (head, 1, sizeof head, fp);
  fclose (fp);
  if (len <= 0)
    return VEIL_ROUTE_UNKNOWN;

  if (veil_format_detect (head, (gsize) len) != VEIL_FORMAT_UNKNOWN)
    return VEIL_ROUTE_PHOTOS;
  if (is_archive (head, (gsize) len))
    return archive_is_app (path, cancellable) ? VEIL_ROUTE_APPS : VEIL_ROUTE_ACCOUNTS;
  return VEIL_ROUTE_UNKNOWN;
}
