/* test-temp-file.c: an output file shows under its name only once it is
 * committed, whole; before that, and after a crash, nothing or only a
 * hidden temporary name is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "veil-temp-file.h"
#include "veil-test-utils.h"

static void
write_text (VeilTempFile *file, const char *text)
{
  gsize len = strlen (text);

  g_assert_cmpint (write (veil_temp_file_fd (file), text, len), ==, (gssize) len);
}

static void
assert_contents (const char *path, const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static guint
count_entries (const char *dir)
{
  g_auto(GStrv) names = veil_test_list_dir (dir);

  return g_strv_length (names);
}

/* Written, flushed, committed: the name appears with the contents and the
 * requested permissions, and no temporary name is left. Both kinds. */
static void
test_commit (gconstpointer data)
{
  gboolean unnamed = GPOINTER_TO_INT (data);
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "out.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTempFile) file = veil_temp_file_new (dest, 0640, unnamed, &error);
  GStatBuf st;
  dev_t dev;

  g_assert_no_error (error);
  write_text (file, "cleaned");
  /* A named file shows only under a hidden name while written; an unnamed
   * one does not show at all (where the file system has them). */
  if (veil_temp_file_is_unnamed (file))
    g_assert_cmpuint (count_entries (dir), ==, 0);
  else
    {
      g_auto(GStrv) names = veil_test_list_dir (dir);
      g_assert_cmpuint (g_strv_length (names), ==, 1);
      g_assert_true (g_str_has_prefix (names[0], ".out.jpg.veil-"));
    }
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  if (!unnamed)
    g_assert_false (veil_temp_file_is_unnamed (file));

  veil_temp_file_release_fd (file);
  g_assert_true (veil_temp_file_get_dev (file, &dev, &error));
  g_assert_true (veil_temp_file_flush (file, FALSE, &error));
  g_assert_true (veil_temp_file_flush (file, TRUE, &error));
  g_assert_true (veil_temp_file_commit (file, &error));
  g_assert_no_error (error);
  assert_contents (dest, "cleaned");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_dev, ==, dev);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640 & ~umask (umask (0)));
  veil_test_rmdir (dir);
}

/* linkat() never replaces a file, so committing over an existing one (a
 * clean in place, a second clean into a folder) takes another way; the old
 * file is replaced whole and nothing else is left. */
static void
test_commit_replaces (gconstpointer data)
{
  gboolean unnamed = GPOINTER_TO_INT (data);
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTempFile) file = NULL;

  g_assert_true (g_file_set_contents (dest, "original with GPS", -1, NULL));
  file = veil_temp_file_new (dest, 0644, unnamed, &error);
  g_assert_no_error (error);
  write_text (file, "cleaned");
  g_assert_true (veil_temp_file_commit (file, &error));
  g_assert_no_error (error);
  assert_contents (dest, "cleaned");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  veil_test_rmdir (dir);
}

/* Freed without commit (an error, a cancel): nothing is left. */
static void
test_discard (gconstpointer data)
{
  gboolean unnamed = GPOINTER_TO_INT (data);
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "out.jpg", NULL);
  VeilTempFile *file = veil_temp_file_new (dest, 0644, unnamed, NULL);

  g_assert_nonnull (file);
  write_text (file, "half");
  veil_temp_file_release_fd (file);
  veil_temp_file_free (file);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  veil_test_rmdir (dir);
}

/* A process killed while writing leaves no file under the destination name,
 * and with an unnamed file nothing at all, not even a hidden name. */
static void
test_killed_while_writing (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "out.jpg", NULL);
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      VeilTempFile *file = veil_temp_file_new (dest, 0644, TRUE, NULL);

      if (file == NULL || !veil_temp_file_is_unnamed (file))
        _exit (77);
      write_text (file, "half written");
      veil_temp_file_flush (file, FALSE, NULL);
      raise (SIGKILL);
      _exit (1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("this file system has no unnamed files (O_TMPFILE)");
      veil_test_rmdir (dir);
      return;
    }
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpuint (count_entries (dir), ==, 0);
  veil_test_rmdir (dir);
}

/* A folder that cannot be written is named in the error; nothing is made. */
static void
test_missing_folder (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "gone", "out.jpg", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (veil_temp_file_new (dest, 0644, TRUE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "gone"));
  g_clear_error (&error);
  g_assert_null (veil_temp_file_new (dest, 0644, FALSE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/temp-file/commit/unnamed", GINT_TO_POINTER (TRUE), test_commit);
  g_test_add_data_func ("/temp-file/commit/named", GINT_TO_POINTER (FALSE), test_commit);
  g_test_add_data_func ("/temp-file/replaces/unnamed", GINT_TO_POINTER (TRUE), test_commit_replaces);
  g_test_add_data_func ("/temp-file/replaces/named", GINT_TO_POINTER (FALSE), test_commit_replaces);
  g_test_add_data_func ("/temp-file/discard/unnamed", GINT_TO_POINTER (TRUE), test_discard);
  g_test_add_data_func ("/temp-file/discard/named", GINT_TO_POINTER (FALSE), test_discard);
  g_test_add_func ("/temp-file/killed-while-writing", test_killed_while_writing);
  g_test_add_func ("/temp-file/missing-folder", test_missing_folder);
  return g_test_run ();
}
