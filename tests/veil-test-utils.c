/* veil-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gio/gio.h>
#ifdef HAVE_GDK_PIXBUF
#include <gdk-pixbuf/gdk-pixbuf.h>
#endif

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

GBytes *
veil_test_load_fixture (const char *area,
                        const char *name)
{
  g_autofree char *relative = area != NULL ? g_build_filename (area, name, NULL) : g_strdup (name);
  g_autofree char *full = veil_test_data_path (relative);

  return veil_test_load (full);
}

const VeilFinding *
veil_test_find_key (const VeilReport *report,
                    const char       *key)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *f = g_ptr_array_index (report->findings, i);
      if (g_str_equal (f->key, key))
        return f;
    }
  return NULL;
}

GBytes *
veil_test_clean_recheck (const guint8 *data,
                         gsize         len,
                         const char   *name,
                         gboolean      drop_icc)
{
  VeilCleanOptions options = { .drop_icc = drop_icc };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (data, len, name, &options, &error);
  g_autoptr(VeilReport) after = NULL;
  gsize out_len;
  const guint8 *out;

  g_assert_no_error (error);
  out = g_bytes_get_data (cleaned, &out_len);

  /* Veil's parser finds nothing removable left. */
  after = veil_inspect_data (out, out_len, name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (after), ==, 0);
  if (drop_icc)
    g_assert_false (veil_report_has_key_prefix (after, "ICC"));
  return g_steal_pointer (&cleaned);
}

void
veil_test_expect_refused (GByteArray *b,
                          const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data (b->data, b->len, what, &error);
  g_autoptr(GBytes) cleaned = NULL;

  g_test_message ("%s", what);
  g_assert_null (report);
  g_assert_true (error->domain == VEIL_METADATA_ERROR);
  g_clear_error (&error);
  cleaned = veil_clean_data (b->data, b->len, what, NULL, &error);
  g_assert_null (cleaned);
  g_assert_nonnull (error);
}

char *
veil_test_find_exiftool (void)
{
  char *exiftool = g_find_program_in_path ("exiftool");

  if (exiftool == NULL)
    g_test_skip ("exiftool is not installed");
  return exiftool;
}

char *
veil_test_exiftool_read (const char *exiftool,
                         const char *path)
{
  const char *argv[] = { exiftool, "-a", "-G1", "-s", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

void
veil_test_assert_same_pixels (const char   *type,
                              const guint8 *a_data,
                              gsize         a_len,
                              const guint8 *b_data,
                              gsize         b_len)
{
#ifdef HAVE_GDK_PIXBUF
  g_autoptr(GdkPixbufLoader) la = gdk_pixbuf_loader_new_with_type (type, NULL);
  g_autoptr(GdkPixbufLoader) lb = gdk_pixbuf_loader_new_with_type (type, NULL);
  GdkPixbuf *a, *b;

  g_assert_true (gdk_pixbuf_loader_write (la, a_data, a_len, NULL) && gdk_pixbuf_loader_close (la, NULL));
  g_assert_true (gdk_pixbuf_loader_write (lb, b_data, b_len, NULL) && gdk_pixbuf_loader_close (lb, NULL));
  a = gdk_pixbuf_loader_get_pixbuf (la);
  b = gdk_pixbuf_loader_get_pixbuf (lb);
  g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
  g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));
  g_assert_cmpmem (gdk_pixbuf_read_pixels (a), gdk_pixbuf_get_byte_length (a),
                   gdk_pixbuf_read_pixels (b), gdk_pixbuf_get_byte_length (b));
#endif
}
