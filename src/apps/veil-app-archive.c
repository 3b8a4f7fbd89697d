/* veil-app-archive.c: a package's ZIP, opened and read within the scan's
 * safety limits, for the Android scanner (veil-app-scan.c) and the iOS
 * reader (veil-ipa.c) alike.
 *
 * The ZIP's structure is checked first (veil-zip-check.c), so that a file
 * cut short is named as such; libarchive then checks each entry's size and
 * CRC as its data is read, and the entries the scan does not need are read
 * through for that check too (up to the scan's unpack limit), so that a
 * damaged package is never reported as read in full.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <inttypes.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"

#define READ_BLOCK (256 * 1024)

const char *
_veil_app_archive_why (struct archive *a)
{
  const char *why = archive_error_string (a);

  /* The structure was checked before: data running out early means the
   * sizes inside disagree with the directory, not that the file is cut. */
  if (why == NULL || g_str_has_prefix (why, "Truncated"))
    return _("its contents do not match its ZIP directory");
  return why;
}

struct archive *
_veil_app_archive_open (const VeilAppSource *src,
                        GError             **error)
{
  struct archive *a = archive_read_new ();
  int r;

  archive_read_support_format_zip (a);
  if (src->path != NULL)
    r = archive_read_open_filename (a, src->path, 64 * 1024);
  else
    r = archive_read_open_memory (a, src->data, src->len);
  if (r != ARCHIVE_OK)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED,
                   _("not an app package (APK, XAPK, APKS or IPA): %s"), archive_error_string (a));
      archive_read_free (a);
      return NULL;
    }
  return a;
}

GBytes *
_veil_app_archive_read (VeilAppScan    *s,
                        struct archive *a,
                        gint64          declared_size,
                        const char     *name,
                        guint64         max,
                        GError        **error)
{
  g_autoptr(GByteArray) buf = NULL;

  if (max == 0 || max > s->limits.max_entry_size)
    max = s->limits.max_entry_size;
  if (declared_size > 0 && (guint64) declared_size > max)
    goto too_large;
  /* Reserve what the header announces, but not blindly. */
  buf = g_byte_array_sized_new (declared_size > 0 ? (guint) MIN ((guint64) declared_size, 16u << 20) : 0);

  for (;;)
    {
      guint8 block[READ_BLOCK];
      la_ssize_t n = archive_read_data (a, block, sizeof block);

      if (n == 0)
        break;
      if (n < 0)
        {
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
                       _("the package is damaged: %s cannot be unpacked (%s)"), name, _veil_app_archive_why (a));
          return NULL;
        }
      /* The declared size may lie: count what actually comes out. */
      if (buf->len + (guint64) n > max)
        goto too_large;
      s->unpacked += n;
      if (s->unpacked > s->limits.max_total_size)
        {
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE,
                       _("the package unpacks to more than %" PRIu64 " MiB; stopped to protect "
                         "this computer (a “zip bomb”?)"), s->limits.max_total_size >> 20);
          return NULL;
        }
      g_byte_array_append (buf, block, n);
      if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
        return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));

too_large:
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE,
               _("%s unpacks to more than %" PRIu64 " MiB; stopped to protect this computer "
                 "(a “zip bomb”?)"), name, max >> 20);
  return NULL;
}

gboolean
_veil_app_archive_skip (VeilAppScan    *s,
                        struct archive *a,
                        const char     *name,
                        GError        **error)
{
  /* Past the unpack limit a huge package is still scanned; only its
   * unused entries go unchecked, and the report says so. */
  if (s->checked > s->limits.max_total_size)
    {
      archive_read_data_skip (a);
      if (!s->unchecked_noted)
        _veil_app_note (s, _("The package is too large to check every file inside it for damage; the files "
                             "that hold no code were skipped unchecked."));
      s->unchecked_noted = TRUE;
      return TRUE;
    }
  for (;;)
    {
      guint8 block[READ_BLOCK];
      la_ssize_t n = archive_read_data (a, block, sizeof block);

      if (n == 0)
        return TRUE;
      if (n < 0)
        {
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
                       _("the package is damaged: %s cannot be unpacked (%s)"), name, _veil_app_archive_why (a));
          return FALSE;
        }
      s->checked += n;
      if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
        return FALSE;
    }
}
