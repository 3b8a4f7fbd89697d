/* veil-cli-files.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "veil-cli-files.h"

void
veil_cli_file_free (VeilCliFile *file)
{
  g_free (file->path);
  g_free (file->root);
  g_free (file->relative);
  g_free (file);
}

static void
add_file (GPtrArray  *files,
          const char *path,
          const char *root,
          const char *relative,
          gboolean    named,
          gint64      size)
{
  VeilCliFile *file = g_new0 (VeilCliFile, 1);

  file->size = size;
  file->path = g_strdup (path);
  file->root = g_strdup (root);
  file->relative = g_strdup (relative);
  file->named = named;
  g_ptr_array_add (files, file);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
walk (GPtrArray  *files,
      const char *root,
      const char *dir_path,
      const char *relative_dir,
      const char *skip_dir_name,
      guint       depth)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;

  if (depth > 64)
    return; /* deeper than any photo library; likely a loop */
  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);
      g_autofree char *relative = relative_dir != NULL ? g_build_filename (relative_dir, entry, NULL)
                                                       : g_strdup (entry);

      GStatBuf st;

      /* lstat: symlinked folders are not followed, they can loop; a
       * symlinked file is resolved when it is opened. */
      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (skip_dir_name != NULL && g_str_equal (entry, skip_dir_name))
            continue;
          walk (files, root, path, relative, skip_dir_name, depth + 1);
        }
      else if (S_ISREG (st.st_mode) || S_ISLNK (st.st_mode))
        add_file (files, path, root, relative, FALSE, st.st_size);
    }
}

GPtrArray *
veil_cli_collect_files (char       **paths,
                        const char  *skip_dir_name,
                        guint       *n_missing)
{
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_cli_file_free);

  *n_missing = 0;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      const char *path = paths[i];

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk (files, path, path, NULL, skip_dir_name, 0);
      else if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *base = g_path_get_basename (path);
          add_file (files, path, NULL, base, TRUE, 0);
        }
      else
        {
          g_printerr (_("veil: %s: no such file or folder\n"), path);
          (*n_missing)++;
        }
    }
  return files;
}
