/* veil-trash.c: moving originals to the trash, and putting them back.
 *
 * g_file_trash() (GLib 2.74) does not say where it put a file. It moves a
 * file within its own file system, so the file keeps its inode: the trash
 * folders it can use are searched, under the names GLib gives, for that
 * inode. Putting it back is a rename within the same file system.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trash"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-trash.h"

/* Names tried past the last one in use: entries restored or deleted by
 * hand leave gaps. */
#define MAX_MISSES 16

/* The name GLib gives the id-th file of this base name in a trash folder:
 * "a.jpg", then "a.2.jpg", "a.3.jpg"… */
static char *
trash_name (const char *base,
            guint       id)
{
  const char *dot = strchr (base, '.');

  if (id == 1)
    return g_strdup (base);
  if (dot != NULL)
    return g_strdup_printf ("%.*s.%u%s", (int) (dot - base), base, id, dot);
  return g_strdup_printf ("%s.%u", base, id);
}

static char *
find_in (const char     *trash_dir,
         const char     *base,
         const GStatBuf *original)
{
  guint misses = 0;

  for (guint id = 1; misses < MAX_MISSES; id++)
    {
      g_autofree char *name = trash_name (base, id);
      g_autofree char *file = g_build_filename (trash_dir, "files", name, NULL);
      g_autofree char *info_name = g_strconcat (name, ".trashinfo", NULL);
      g_autofree char *info = g_build_filename (trash_dir, "info", info_name, NULL);
      GStatBuf st;

      if (g_lstat (file, &st) == 0 && st.st_dev == original->st_dev && st.st_ino == original->st_ino)
        return g_steal_pointer (&file);
      misses = g_file_test (info, G_FILE_TEST_EXISTS) ? 0 : misses + 1;
    }
  return NULL;
}

/* The top of the file system path is on: the last folder up with its device. */
static char *
mount_top (const char *path,
           dev_t       dev)
{
  g_autofree char *dir = g_path_get_dirname (path);

  for (;;)
    {
      g_autofree char *parent = g_path_get_dirname (dir);
      GStatBuf st;

      if (g_str_equal (parent, dir) || g_stat (parent, &st) != 0 || st.st_dev != dev)
        return g_steal_pointer (&dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
}

gboolean
veil_trash_file (const char  *path,
                 char       **trashed_path,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *home_trash = g_build_filename (g_get_user_data_dir (), "Trash", NULL);
  g_autofree char *top = NULL;
  g_autofree char *uid = g_strdup_printf ("%u", (guint) getuid ());
  g_autofree char *top_trash = NULL;
  g_autofree char *top_trash_uid = NULL;
  GStatBuf original;

  *trashed_path = NULL;
  if (g_lstat (path, &original) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  if (!g_file_trash (file, NULL, error))
    return FALSE;

  top = mount_top (path, original.st_dev);
  top_trash = g_build_filename (top, ".Trash", uid, NULL);
  top_trash_uid = g_strdup_printf ("%s/.Trash-%s", top, uid);
  *trashed_path = find_in (home_trash, base, &original);
  if (*trashed_path == NULL)
    *trashed_path = find_in (top_trash, base, &original);
  if (*trashed_path == NULL)
    *trashed_path = find_in (top_trash_uid, base, &original);
  return TRUE;
}

gboolean
veil_trash_restore (const char  *trashed_path,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *files_dir = g_path_get_dirname (trashed_path);
  g_autofree char *trash_dir = g_path_get_dirname (files_dir);
  g_autofree char *name = g_path_get_basename (trashed_path);
  g_autofree char *info_name = g_strconcat (name, ".trashinfo", NULL);
  g_autofree char *info = g_build_filename (trash_dir, "info", info_name, NULL);

  if (g_rename (trashed_path, path) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Veil cannot put the original of %s back: %s."), display, g_strerror (saved));
      return FALSE;
    }
  g_unlink (info);
  return TRUE;
}
