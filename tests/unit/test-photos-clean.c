/* test-photos-clean.c: originals are never touched, output appears whole or not at
 * all, errors name the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-test-utils.h"

typedef struct {
  char *dir;
  char *photo;     /* a copy of a fixture inside dir */
  GBytes *original;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autofree char *src = veil_test_data_path ("jpeg/exiftool__t_images_GPS.jpg");

  f->dir = veil_test_mkdtemp ();
  f->photo = g_build_filename (f->dir, "photo.jpg", NULL);
  f->original = veil_test_load (src);
  g_assert_true (g_file_set_contents (f->photo, g_bytes_get_data (f->original, NULL),
                                      g_bytes_get_size (f->original), NULL));
  g_chmod (f->photo, 0640);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  veil_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->photo);
  g_bytes_unref (f->original);
}

static void
assert_unchanged (Fixture *f)
{
  g_autoptr(GBytes) now = veil_test_load (f->photo);
  g_assert_true (g_bytes_equal (now, f->original));
}

static void
assert_dir_holds (const char *dir, const char *const *expected)
{
  g_auto(GStrv) names = veil_test_list_dir (dir);
  g_assert_cmpstrv (names, expected);
}

static void
test_copy (Fixture *f, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "clean.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  const char *expected[] = { "clean.jpg", "photo.jpg", NULL };
  GStatBuf st;

  g_assert_true (veil_clean_file (f->photo, dest, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_unchanged (f);
  assert_dir_holds (f->dir, expected); /* no temp file left behind */
  report = veil_inspect_file (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
  /* The copy gets the original's permissions. */
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
}

static void
test_refuses_overwriting_original (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *alias = g_build_filename (f->dir, ".", "photo.jpg", NULL);

  g_assert_false (veil_clean_file (f->photo, f->photo, FALSE, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_clear_error (&error);
  g_assert_false (veil_clean_file (f->photo, alias, FALSE, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  assert_unchanged (f);
}

static void
test_in_place (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  const char *expected[] = { "photo.jpg", NULL };

  g_assert_true (veil_clean_file (f->photo, f->photo, TRUE, NULL, &error));
  g_assert_no_error (error);
  assert_dir_holds (f->dir, expected);
  report = veil_inspect_file (f->photo, &error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
}

/* A truncated file: a clear error naming it, the original untouched, and
 * nothing written. */
static void
test_truncated_leaves_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "clean.jpg", NULL);
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "photo.jpg", NULL };

  g_assert_cmpint (truncate (f->photo, g_bytes_get_size (f->original) / 2), ==, 0);
  g_assert_false (veil_clean_file (f->photo, dest, FALSE, NULL, &error));
  g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, f->photo));
  g_assert_nonnull (strstr (error->message, "cut short"));
  assert_dir_holds (f->dir, expected);
}

static void
test_errors_name_the_file (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.jpg", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.jpg", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.jpg", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "out.jpg", NULL);
  const char *inputs[] = { missing, empty, text, f->dir };
  const char *expected[] = { "empty.jpg", "notes.jpg", "photo.jpg", NULL };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "just some text", -1, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = veil_inspect_file (inputs[i], &error);

      g_assert_null (report);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, inputs[i]));
      g_clear_error (&error);
      g_assert_false (veil_clean_file (inputs[i], dest, FALSE, NULL, &error));
      g_assert_nonnull (strstr (error->message, inputs[i]));
    }
  assert_dir_holds (f->dir, expected);
}

static void
test_unwritable_destination (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "no-such-folder", "x.jpg", NULL);

  g_assert_false (veil_clean_file (f->photo, dest, FALSE, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, f->photo));
  assert_unchanged (f);
}

/* Nothing is visible under a destination name before commit; a cleaned
 * file freed uncommitted leaves no trace. */
static void
test_prepare_and_commit (Fixture *f, gconstpointer data)
{
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *only_original[] = { "photo.jpg", NULL };
  const char *committed[] = { "a.jpg", "b.jpg", "photo.jpg", NULL };
  g_autofree char *a = g_build_filename (f->dir, "a.jpg", NULL);
  g_autofree char *b = g_build_filename (f->dir, "b.jpg", NULL);
  VeilCleanedFile *ca, *cb;
  g_autoptr(VeilReport) report = NULL;

  ca = veil_cleaner_prepare (cleaner, f->photo, a, FALSE, TRUE, &error);
  g_assert_no_error (error);
  cb = veil_cleaner_prepare (cleaner, f->photo, b, FALSE, FALSE, &error);
  g_assert_no_error (error);
  /* Unnamed while written: nothing at all in the folder but the original. */
  assert_dir_holds (f->dir, only_original);
  /* Two cleans to one destination is a mistake. */
  g_assert_null (veil_cleaner_prepare (cleaner, f->photo, b, FALSE, FALSE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_clear_error (&error);
  report = veil_cleaned_file_steal_report (ca);
  g_assert_nonnull (report);
  g_assert_cmpuint (veil_report_count_removable (report), >, 0);
  g_assert_null (veil_cleaned_file_steal_report (cb));  /* not asked for */

  veil_cleaned_file_free (cb);
  assert_dir_holds (f->dir, only_original);
  g_assert_true (veil_cleaned_file_commit (ca, &error));
  g_assert_no_error (error);
  veil_cleaned_file_free (ca);
  /* b was never written, so it can be cleaned to now; a stays taken. */
  g_assert_null (veil_cleaner_prepare (cleaner, f->photo, a, FALSE, FALSE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST);
  g_clear_error (&error);
  cb = veil_cleaner_prepare (cleaner, f->photo, b, FALSE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (veil_cleaned_file_commit (cb, &error));
  veil_cleaned_file_free (cb);
  assert_dir_holds (f->dir, committed);
}

/* An existing output is replaced (flushed first), leaving no temporary
 * name behind. */
static void
test_replaces_existing_output (Fixture *f, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "clean.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  const char *expected[] = { "clean.jpg", "photo.jpg", NULL };

  g_assert_true (g_file_set_contents (dest, "old output", -1, NULL));
  g_assert_true (veil_clean_file (f->photo, dest, FALSE, NULL, &error));
  g_assert_no_error (error);
  assert_dir_holds (f->dir, expected);
  report = veil_inspect_file (dest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
}

/* In place, the original keeps its mode exactly, whatever the umask, and a
 * read-only file stays read-only (it is replaced, as sed -i does). */
static void
test_in_place_keeps_mode (Fixture *f, gconstpointer data)
{
  static const mode_t modes[] = { 0666, 0644, 0444, 0600 };
  mode_t old_umask = umask (077);

  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = NULL;
      GStatBuf before, after;

      g_assert_true (g_file_set_contents (f->photo, g_bytes_get_data (f->original, NULL),
                                          g_bytes_get_size (f->original), NULL));
      g_assert_cmpint (g_chmod (f->photo, modes[i]), ==, 0);
      g_assert_cmpint (g_stat (f->photo, &before), ==, 0);
      g_assert_true (veil_clean_file (f->photo, f->photo, TRUE, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_stat (f->photo, &after), ==, 0);
      g_assert_cmpint (after.st_ino, !=, before.st_ino);  /* really replaced */
      g_assert_cmpint (after.st_mode & 07777, ==, modes[i]);
      g_assert_cmpint (after.st_uid, ==, before.st_uid);
      g_assert_cmpint (after.st_gid, ==, before.st_gid);
      report = veil_inspect_file (f->photo, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
      g_chmod (f->photo, 0644);
    }
  umask (old_umask);
}

/* In place through a symbolic link: the link stays a link and the photo it
 * names is cleaned. */
static void
test_in_place_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *link = g_build_filename (f->dir, "link.jpg", NULL);
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  g_autoptr(VeilCleanedFile) cleaned = NULL;
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *real_photo = realpath (f->photo, NULL);

  g_assert_cmpint (symlink ("photo.jpg", link), ==, 0);
  cleaned = veil_cleaner_prepare (cleaner, link, link, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (veil_cleaned_file_get_dest (cleaned), ==, real_photo);
  g_assert_true (veil_cleaned_file_commit (cleaned, &error));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  report = veil_inspect_file (f->photo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
}

/* In place on a file with other hard links: they keep the original bytes,
 * and the cleaner says how many there are. */
static void
test_in_place_hard_link (Fixture *f, gconstpointer data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.jpg", NULL);
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  g_autoptr(VeilCleanedFile) cleaned = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) kept = NULL;

  g_assert_cmpint (link (f->photo, other), ==, 0);
  cleaned = veil_cleaner_prepare (cleaner, f->photo, f->photo, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_cleaned_file_get_other_links (cleaned), ==, 1);
  g_assert_true (veil_cleaned_file_commit (cleaned, &error));
  kept = veil_test_load (other);
  g_assert_true (g_bytes_equal (kept, f->original));
}

/* Each in-place file is replaced as soon as it is checked, so a batch
 * needs room for one cleaned copy at a time: on a file system with room
 * for the originals and one more, every photo is cleaned. */
static void
test_in_place_small_disk (void)
{
  g_autofree char *src = veil_test_data_path ("jpeg/exiftool__t_images_GPS.jpg");
  g_autoptr(GBytes) original = veil_test_load (src);
  g_autofree char *mnt = veil_test_mkdtemp ();
  g_autofree char *options = NULL;
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  const guint n = 8;
  guint n_cleaned = 0;
  gsize size = g_bytes_get_size (original);

  /* Room for the originals and one cleaned copy more, in whole pages. */
  options = g_strdup_printf ("size=%" G_GSIZE_FORMAT, (n + 1) * ((size + 4095) / 4096 * 4096));
  if (geteuid () != 0 || mount ("veil-test", mnt, "tmpfs", 0, options) != 0)
    {
      g_test_skip ("mounting a small tmpfs needs root");
      veil_test_rmdir (mnt);
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u.jpg", i);
      g_autofree char *path = g_build_filename (mnt, name, NULL);
      g_assert_true (g_file_set_contents (path, g_bytes_get_data (original, NULL), size, NULL));
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%u.jpg", i);
      g_autofree char *path = g_build_filename (mnt, name, NULL);
      g_autoptr(VeilCleanedFile) cleaned = NULL;
      g_autoptr(GError) error = NULL;

      cleaned = veil_cleaner_prepare (cleaner, path, path, TRUE, FALSE, &error);
      if (cleaned != NULL && veil_cleaned_file_commit (cleaned, &error))
        n_cleaned++;
      else
        g_test_message ("%s", error->message);
    }
  umount (mnt);
  veil_test_rmdir (mnt);
  g_assert_cmpuint (n_cleaned, ==, n);
}

/* A file cleaned to disk (where Veil builds the copy inside the buffer it
 * read, when it can) is byte for byte what cleaning the same bytes in
 * memory gives, for every photo and video fixture of every format; and a
 * file refused in memory is refused on disk too, leaving nothing. */
static void
test_file_matches_memory (void)
{
  static const char *const areas[] = { "jpeg", "png", "webp", "gif", "tiff", "dng", "heif", "video", "motion", "embedded" };
  g_autofree char *out_dir = veil_test_mkdtemp ();
  guint n_compared = 0;

  for (gsize a = 0; a < G_N_ELEMENTS (areas); a++)
    {
      g_autofree char *dir_path = veil_test_data_path (areas[a]);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *src = g_build_filename (dir_path, name, NULL);
          g_autofree char *dest = g_build_filename (out_dir, name, NULL);
          g_autoptr(GBytes) data = veil_test_load (src);
          g_autoptr(GBytes) in_memory = veil_clean_data (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                                         name, NULL, NULL);
          gboolean on_disk = veil_clean_file (src, dest, FALSE, NULL, NULL);

          g_assert_cmpint (on_disk, ==, in_memory != NULL);
          if (in_memory == NULL)
            {
              g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
              continue;
            }
          {
            g_autoptr(GBytes) written = veil_test_load (dest);
            g_assert_true (g_bytes_equal (written, in_memory));
          }
          g_unlink (dest);
          n_compared++;
        }
    }
  g_assert_cmpuint (n_compared, >=, 30);
  veil_test_rmdir (out_dir);
}

/* One batch reads every photo into buffers it keeps (src/photos/veil-
 * inspect.c): a photo read after a larger one, or after a smaller one that
 * made the buffer grow (into huge pages past 2 MB), is cleaned from its own
 * bytes only, exactly as a clean of it alone. */
static void
test_batch_of_sizes (void)
{
  static const char *const names[] = { "exiftool__t_images_GPS.jpg", "exiftool__t_images_Apple.jpg",
                                       "exifsamples__jpg_Canon_40D.jpg" };
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  g_autofree char *dir = veil_test_mkdtemp ();
  GPtrArray *inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  /* Small, large, small, larger, small: each size before and after the
   * buffer grew. The large ones carry 3 and 5 MB after the picture's end,
   * which the clean removes. */
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *relative = g_strconcat ("jpeg/", names[round % G_N_ELEMENTS (names)], NULL);
      g_autofree char *src = veil_test_data_path (relative);
      g_autoptr(GBytes) photo = veil_test_load (src);
      GByteArray *bytes = g_byte_array_new ();

      g_byte_array_append (bytes, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
      if (round % 2 == 1)
        {
          gsize trailer = (round + 1) * 1024 * 1024 + 123;
          g_byte_array_set_size (bytes, bytes->len + trailer);
          memset (bytes->data + bytes->len - trailer, 0x5A, trailer);
        }
      g_ptr_array_add (inputs, g_byte_array_free_to_bytes (bytes));
    }
  for (guint i = 0; i < inputs->len; i++)
    {
      GBytes *input = g_ptr_array_index (inputs, i);
      g_autofree char *src = g_strdup_printf ("%s/in-%u.jpg", dir, i);
      g_autofree char *dest = g_strdup_printf ("%s/out-%u.jpg", dir, i);
      g_autoptr(GBytes) expected = veil_clean_data (g_bytes_get_data (input, NULL), g_bytes_get_size (input),
                                                    src, NULL, NULL);
      g_autoptr(GBytes) written = NULL;
      g_autoptr(GError) error = NULL;
      VeilCleanedFile *cleaned;

      g_assert_nonnull (expected);
      g_assert_cmpuint (g_bytes_get_size (expected), <, 1024 * 1024);
      g_assert_true (g_file_set_contents (src, g_bytes_get_data (input, NULL), g_bytes_get_size (input), NULL));
      cleaned = veil_cleaner_prepare (cleaner, src, dest, FALSE, FALSE, &error);
      g_assert_no_error (error);
      g_assert_true (veil_cleaned_file_commit (cleaned, &error));
      g_assert_no_error (error);
      veil_cleaned_file_free (cleaned);
      written = veil_test_load (dest);
      g_assert_true (g_bytes_equal (written, expected));
    }
  g_ptr_array_unref (inputs);
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clean/file-matches-memory", test_file_matches_memory);
  g_test_add_func ("/clean/batch-of-sizes", test_batch_of_sizes);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/clean/copy", test_copy);
  ADD ("/clean/refuses-overwriting-original", test_refuses_overwriting_original);
  ADD ("/clean/in-place", test_in_place);
  ADD ("/clean/truncated-leaves-nothing", test_truncated_leaves_nothing);
  ADD ("/clean/errors-name-the-file", test_errors_name_the_file);
  ADD ("/clean/unwritable-destination", test_unwritable_destination);
  ADD ("/clean/prepare-and-commit", test_prepare_and_commit);
  ADD ("/clean/replaces-existing-output", test_replaces_existing_output);
  ADD ("/clean/in-place-keeps-mode", test_in_place_keeps_mode);
  ADD ("/clean/in-place-symlink", test_in_place_symlink);
  ADD ("/clean/in-place-hard-link", test_in_place_hard_link);
  g_test_add_func ("/clean/in-place-small-disk", test_in_place_small_disk);
  return g_test_run ();
}
