/* veil-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "veil-test-utils.h"

char *
veil_test_data_path (const char *relative)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");

  if (srcdir == NULL)
    srcdir = ".";
  return g_build_filename (srcdir, "data", relative, NULL);
}

GBytes *
veil_test_load (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("cannot read fixture %s: %s", path, error->message);
  return g_bytes_new_take (contents, len);
}

char *
veil_test_shared_path (const char *relative)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  g_autofree char *path = NULL;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared is not beside the checkout (a fresh clone has none)");
      return NULL;
    }
  path = g_build_filename (shared, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf ("%s is absent", path);
      g_test_skip (msg);
      return NULL;
    }
  return g_steal_pointer (&path);
}

char *
veil_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("veil-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
veil_test_rmdir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        veil_test_rmdir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
compare (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

GStrv
veil_test_list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (names, FALSE);
}
