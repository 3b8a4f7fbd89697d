/* veil-destination.c: where a cleaned file goes, and making room for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-destination"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/xattr.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-destination.h"
#include "veil-temp-file.h"

char *
veil_destination_resolve (const char *path)
{
  char *real;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return g_strdup (path);
  real = realpath (path, NULL);
  if (real == NULL)
    return g_strdup (path);
  /* realpath() memory is malloc()'s; hand out GLib's. */
  {
    char *copy = g_strdup (real);
    free (real);
    return copy;
  }
}

char *
veil_destination_for (const char          *src_path,
                      const char          *relative,
                      VeilDestinationMode  mode,
                      const char          *output_dir)
{
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (src_path != NULL, NULL);

  switch (mode)
    {
    case VEIL_DESTINATION_IN_PLACE:
      return veil_destination_resolve (src_path);

    case VEIL_DESTINATION_OUTPUT_DIR:
      g_return_val_if_fail (output_dir != NULL, NULL);
      if (relative != NULL)
        return g_build_filename (output_dir, relative, NULL);
      base = g_path_get_basename (src_path);
      return g_build_filename (output_dir, base, NULL);

    case VEIL_DESTINATION_CLEANED_FOLDER:
    default:
      dir = g_path_get_dirname (src_path);
      base = g_path_get_basename (src_path);
      return g_build_filename (dir, VEIL_CLEANED_DIR, base, NULL);
    }
}

struct _VeilDestinationFolders {
  /* folder → NULL when ready, or the GError that stopped it: every file
   * bound for a folder that failed gets that reason, not a later one. */
  GHashTable *folders;
};

static void
free_error (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

VeilDestinationFolders *
veil_destination_folders_new (void)
{
  VeilDestinationFolders *folders = g_new0 (VeilDestinationFolders, 1);

  folders->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_error);
  return folders;
}

gboolean
veil_destination_folders_prepare (VeilDestinationFolders  *folders,
                                  const char              *dest,
                                  GPtrArray               *removed,
                                  GError                 **error)
{
  g_autofree char *dir = g_path_get_dirname (dest);
  GError *failure = NULL;
  gpointer known;

  if (g_hash_table_lookup_extended (folders->folders, dir, NULL, &known))
    {
      if (known == NULL)
        return TRUE;
      g_propagate_error (error, g_error_copy (known));
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      failure = g_error_new (G_FILE_ERROR, g_file_error_from_errno (saved),
                             _("cannot create the folder %s: %s"), dir, g_strerror (saved));
      g_hash_table_insert (folders->folders, g_strdup (dir), g_error_copy (failure));
      g_propagate_error (error, failure);
      return FALSE;
    }
  veil_temp_file_remove_leftovers (dir, removed);
  g_hash_table_insert (folders->folders, g_steal_pointer (&dir), NULL);
  return TRUE;
}

void
veil_destination_folders_free (VeilDestinationFolders *folders)
{
  if (folders == NULL)
    return;
  g_hash_table_unref (folders->folders);
  g_free (folders);
}

/* Protected copies are marked with an extended attribute on the file
 * itself: it stays with the file where it lies, is not uploaded with it
 * (browsers send the bytes only) and says nothing about the person. */
#define PROTECTED_XATTR "user.veil.protected"

void
veil_destination_mark_protected (int fd)
{
  /* Where the file system keeps no user attributes (some network and FAT
   * file systems), the copy is simply not marked: cleaning the original
   * again then replaces it, as before. */
  (void) fsetxattr (fd, PROTECTED_XATTR, "1", 1, 0);
}

static gboolean
is_marked (const char *path)
{
  char value[2];

  return getxattr (path, PROTECTED_XATTR, value, sizeof value) > 0;
}

char *
veil_destination_find_protected (const char *dest)
{
  g_autofree char *stem = g_strdup (dest);
  char *slash = strrchr (stem, '/');
  char *dot = strrchr (stem, '.');
  /* A protected copy of a HEIC, WebP or TIFF is a JPEG (or a PNG) of the
   * same name: look for those too. */
  const char *suffixes[] = { ".jpg", ".png" };

  if (is_marked (dest))
    return g_strdup (dest);
  if (dot != NULL && (slash == NULL || dot > slash))
    *dot = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *other = g_strconcat (stem, suffixes[i], NULL);
      /* (A JPEG's own name was looked at above.) */
      if (!g_str_equal (other, dest) && is_marked (other))
        return g_steal_pointer (&other);
    }
  return NULL;
}
