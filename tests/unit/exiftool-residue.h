/* exiftool-residue.h: what exiftool still reads in a cleaned file.
 *
 * A second opinion from an independent parser: the cleaned bytes go to a
 * temp file, `exiftool -a -G1 -s` reads them, and every tag outside what
 * display needs is returned as "[Group] Tag: value". Shared by the PNG,
 * WebP and GIF tests; callers skip when exiftool is not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "veil-test-utils.h"

/* Groups that only describe the file or the picture's geometry. */
static const char *const residue_plain_groups[] = {
  "ExifTool", "System", "File", "Composite", "PNG", "PNG-pHYs", "PNG-cICP", "RIFF", "GIF",
};

/* Tags that give something away even in those groups. */
static const char *const residue_tags[] = {
  "Comment", "Author", "Artist", "Software", "ModifyDate", "CreateDate", "CreationTime",
  "DateTimeOriginal", "Description", "Title", "Copyright", "Disclaimer", "Source",
  "Warning", "Creator", "Make", "Model", "TextualData", "XMP", "Error",
};

static gboolean
residue_in (const char *const *list, gsize n, const char *s)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (list[i], s) == 0)
      return TRUE;
  return FALSE;
}

/* NULL (after g_test_skip) when exiftool is not installed. */
static GPtrArray *
exiftool_residue (GBytes     *bytes,
                  const char *suffix,
                  gboolean    icc_allowed)
{
  g_autofree char *exiftool = veil_test_find_exiftool ();
  g_autofree char *tmpl = g_strdup_printf ("veil-residue-XXXXXX.%s", suffix);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *residue;
  int fd;

  if (exiftool == NULL)
    return NULL;
  fd = g_file_open_tmp (tmpl, &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  out = veil_test_exiftool_read (exiftool, path);
  g_unlink (path);

  residue = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *tag = NULL;
      const char *close, *colon;
      gboolean bad;

      if (lines[i][0] != '[' || (close = strchr (lines[i], ']')) == NULL ||
          (colon = strstr (close, " : ")) == NULL)
        continue;
      group = g_strndup (lines[i] + 1, close - lines[i] - 1);
      tag = g_strstrip (g_strndup (close + 1, colon - close - 1));

      if (g_str_has_prefix (group, "ICC"))
        bad = !icc_allowed;
      else if (strcmp (group, "IFD0") == 0)
        bad = strcmp (tag, "Orientation") != 0;   /* the one tag Veil keeps */
      else
        bad = !residue_in (residue_plain_groups, G_N_ELEMENTS (residue_plain_groups), group) ||
              residue_in (residue_tags, G_N_ELEMENTS (residue_tags), tag);
      if (bad)
        g_ptr_array_add (residue, g_strdup (lines[i]));
    }
  return residue;
}

static void
assert_no_residue (GPtrArray *residue, const char *name)
{
  if (residue == NULL)
    return;
  for (guint i = 0; i < residue->len; i++)
    g_test_message ("%s: exiftool still reads: %s", name, (const char *) g_ptr_array_index (residue, i));
  g_assert_cmpuint (residue->len, ==, 0);
}
