/* veil-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/wait.h>

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

static void
append_le (GByteArray *b, guint32 v, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      guint8 c = (guint8) (v >> (8 * i));
      g_byte_array_append (b, &c, 1);
    }
}

void
veil_test_append_samsung_trailer (GByteArray *b,
                                  gboolean    in_box)
{
  static const struct { guint16 type; const char *name; const char *value; } blocks[] = {
    { 0x0a01, "Image_UTC_Data", "1700000000000" },
    { 0x0aa1, "MCC_Data", "466" },
  };
  gsize box = b->len, start, dir;
  guint32 offsets[G_N_ELEMENTS (blocks)], sizes[G_N_ELEMENTS (blocks)];

  if (in_box)
    g_byte_array_append (b, (const guint8 *) "\0\0\0\0sefd", 8);
  /* Each block: 0, type, name length, name, value (little-endian). */
  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      start = b->len;
      offsets[i] = (guint32) start;
      append_le (b, 0, 2);
      append_le (b, blocks[i].type, 2);
      append_le (b, (guint32) strlen (blocks[i].name), 4);
      g_byte_array_append (b, (const guint8 *) blocks[i].name, (guint) strlen (blocks[i].name));
      g_byte_array_append (b, (const guint8 *) blocks[i].value, (guint) strlen (blocks[i].value));
      sizes[i] = (guint32) (b->len - start);
    }
  /* The directory: "SEFH", version, count, then per block 0, type, the
   * distance back from the directory to the block, and its size. */
  dir = b->len;
  g_byte_array_append (b, (const guint8 *) "SEFH", 4);
  append_le (b, 107, 4);
  append_le (b, G_N_ELEMENTS (blocks), 4);
  for (gsize i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      append_le (b, 0, 2);
      append_le (b, blocks[i].type, 2);
      append_le (b, (guint32) (dir - offsets[i]), 4);
      append_le (b, sizes[i], 4);
    }
  append_le (b, (guint32) (b->len - dir), 4);
  g_byte_array_append (b, (const guint8 *) "SEFT", 4);
  if (in_box)
    {
      guint32 size = GUINT32_TO_BE ((guint32) (b->len - box));
      memcpy (b->data + box, &size, 4);
    }
}

static void
check_samsung_exiftool (const char *exiftool, const char *dir, const guint8 *data, gsize len,
                        gboolean expect)
{
  g_autofree char *path = g_build_filename (dir, "samsung.bin", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) len, NULL));
  out = veil_test_exiftool_read (exiftool, path);
  g_assert_true ((strstr (out, "MCCData") != NULL) == expect);
  g_assert_true ((strstr (out, "TimeStamp") != NULL) == expect);
  g_unlink (path);
}

void
veil_test_check_samsung_trailer (const GByteArray *plain,
                                 const char       *name,
                                 const char       *raw_key,
                                 const char       *box_key)
{
  g_autofree char *exiftool = g_find_program_in_path ("exiftool");
  g_autofree char *dir = veil_test_mkdtemp ();

  for (int in_box = 1; in_box >= 0; in_box--)
    {
      g_autoptr(GByteArray) b = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = NULL;
      g_autoptr(GBytes) cleaned = NULL;
      const guint8 *c;
      gsize c_len;

      g_byte_array_append (b, plain->data, plain->len);
      veil_test_append_samsung_trailer (b, in_box);
      report = veil_inspect_data (b->data, b->len, name, &error);
      g_assert_no_error (error);
      g_assert_nonnull (veil_test_find_key (report, in_box ? box_key : raw_key));
      g_assert_false (veil_test_find_key (report, in_box ? box_key : raw_key)->kept);

      cleaned = veil_test_clean_recheck (b->data, b->len, name, FALSE);
      c = g_bytes_get_data (cleaned, &c_len);
      /* A raw trailer is cut off; a box stays, blanked, so nothing moves. */
      g_assert_cmpuint (c_len, ==, in_box ? b->len : plain->len);
      g_assert_null (memmem (c, c_len, "MCC_Data", 8));
      g_assert_null (memmem (c, c_len, "Image_UTC_Data", 14));
      g_assert_null (memmem (c, c_len, "SEFT", 4));
      if (exiftool != NULL)
        {
          /* exiftool reads Samsung's data in a box (and, since it
           * finds it there, checks the fixture is laid out right). */
          if (in_box)
            check_samsung_exiftool (exiftool, dir, b->data, b->len, TRUE);
          check_samsung_exiftool (exiftool, dir, c, c_len, FALSE);
        }
    }
  veil_test_rmdir (dir);
}

char *
veil_test_video_fixture (const char         *subdir,
                         const char * const *args,
                         char              **why)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  const char *builddir = g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".";
  g_autofree char *dir = g_build_filename (builddir, subdir, NULL);
  g_autofree char *done = g_build_filename (dir, "portrait.mov", NULL);
  g_autofree char *script = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      *why = g_strdup ("../shared is not beside the checkout (the test clip is made from its face crops)");
      return NULL;
    }
  if (g_file_test (done, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&dir);
  script = veil_test_data_path ("video/make-fixture.py");
  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, dir);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  /* The script's stdout stays off the test's, which is the TAP stream. */
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      *why = g_steal_pointer (&err);
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&dir);
}
