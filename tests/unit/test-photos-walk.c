/* test-photos-walk.c: the one walk and the one destination policy the
 * command line and the app share (veil-walk.h, veil-destination.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-temp-file.h"
#include "veil-test-utils.h"

typedef struct {
  guint     n_missing;
  guint     n_folder;
  GString  *messages;
} Problems;

static void
count_problem (VeilWalkProblem problem, const GError *error, gpointer user_data)
{
  Problems *p = user_data;

  if (problem == VEIL_WALK_PROBLEM_MISSING)
    p->n_missing++;
  else
    p->n_folder++;
  g_string_append_printf (p->messages, "%s\n", error->message);
}

static void
write_file (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* The relative paths a walk found, one per line. */
static char *
relatives (GPtrArray *files)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      VeilWalkFile *file = g_ptr_array_index (files, i);
      g_string_append_printf (out, "%s%s\n", file->relative, file->named ? " (named)" : "");
    }
  return g_string_free (out, FALSE);
}

static void
test_walk (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *jpeg_path = veil_test_data_path ("jpeg/exiftool__t_images_GPS.jpg");
  g_autofree char *jpeg = NULL;
  g_autofree char *link = g_build_filename (dir, "z-link.jpg", NULL);
  g_autofree char *dir_link = g_build_filename (dir, "y-folder-link", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.jpg", NULL);
  g_autofree char *named = g_build_filename (dir, "b.txt", NULL);
  gsize len;
  Problems problems = { 0, 0, g_string_new (NULL) };
  VeilWalkOptions options = { .skip_dir_name = VEIL_CLEANED_DIR, .on_problem = count_problem,
                              .user_data = &problems };
  const char *paths[] = { dir, named, missing, NULL };
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *list = NULL;

  g_assert_true (g_file_get_contents (jpeg_path, &jpeg, &len, NULL));
  write_file (dir, "b.txt", "notes");
  write_file (dir, "a/2.jpg", "x");
  write_file (dir, "a/10.jpg", "x");
  write_file (dir, ".hidden.jpg", "x");
  write_file (dir, ".hidden/c.jpg", "x");
  write_file (dir, "cleaned/old.jpg", "x");
  write_file (dir, "sub/cleaned/old.jpg", "x");
  g_assert_true (g_file_set_contents (named, "notes", -1, NULL));
  {
    g_autofree char *photo = g_build_filename (dir, "photo.jpg", NULL);
    g_assert_true (g_file_set_contents (photo, jpeg, len, NULL));
  }
  g_assert_cmpint (symlink ("photo.jpg", link), ==, 0);
  g_assert_cmpint (symlink ("a", dir_link), ==, 0);

  /* The command line's walk: links to files kept, byte order, everything. */
  options.flags = VEIL_WALK_FILE_LINKS;
  files = veil_walk (paths, &options);
  list = relatives (files);
  g_assert_cmpstr (list, ==, "a/10.jpg\na/2.jpg\nb.txt\nphoto.jpg\ny-folder-link\nz-link.jpg\nb.txt (named)\n");
  g_assert_cmpuint (problems.n_missing, ==, 1);
  g_assert_nonnull (strstr (problems.messages->str, "missing.jpg: no such file or folder"));
  g_clear_pointer (&files, g_ptr_array_unref);
  g_clear_pointer (&list, g_free);

  /* The app's: only media inside folders, no links, missing kept. */
  options.flags = VEIL_WALK_MEDIA_ONLY | VEIL_WALK_COLLATE | VEIL_WALK_KEEP_MISSING;
  problems.n_missing = 0;
  files = veil_walk (paths, &options);
  list = relatives (files);
  g_assert_cmpstr (list, ==, "photo.jpg\nb.txt (named)\nmissing.jpg (named)\n");
  g_assert_cmpuint (problems.n_missing, ==, 0);
  g_clear_pointer (&files, g_ptr_array_unref);

  /* Limits: depth and count. */
  options.flags = VEIL_WALK_DEFAULT;
  options.max_files = 2;
  files = veil_walk (paths, &options);
  g_assert_cmpuint (files->len, ==, 2);

  g_string_free (problems.messages, TRUE);
  veil_test_rmdir (dir);
}

static void
test_destination (void)
{
  g_autofree char *cleaned = veil_destination_for ("/p/trip/a.jpg", "trip/a.jpg", VEIL_DESTINATION_CLEANED_FOLDER, NULL);
  g_autofree char *out = veil_destination_for ("/p/trip/a.jpg", "trip/a.jpg", VEIL_DESTINATION_OUTPUT_DIR, "/o");
  g_autofree char *out_named = veil_destination_for ("/p/trip/a.jpg", NULL, VEIL_DESTINATION_OUTPUT_DIR, "/o");
  g_autofree char *in_place = veil_destination_for ("/p/trip/a.jpg", NULL, VEIL_DESTINATION_IN_PLACE, NULL);
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *target = g_build_filename (dir, "target.jpg", NULL);
  g_autofree char *link = g_build_filename (dir, "link.jpg", NULL);
  g_autofree char *resolved = NULL;
  g_autofree char *real_target = NULL;

  g_assert_cmpstr (cleaned, ==, "/p/trip/cleaned/a.jpg");
  g_assert_cmpstr (out, ==, "/o/trip/a.jpg");
  g_assert_cmpstr (out_named, ==, "/o/a.jpg");
  g_assert_cmpstr (in_place, ==, "/p/trip/a.jpg");

  /* In place, a link names the file it points to. */
  g_assert_true (g_file_set_contents (target, "x", -1, NULL));
  g_assert_cmpint (symlink ("target.jpg", link), ==, 0);
  resolved = veil_destination_for (link, NULL, VEIL_DESTINATION_IN_PLACE, NULL);
  real_target = realpath (target, NULL);
  g_assert_cmpstr (resolved, ==, real_target);
  veil_test_rmdir (dir);
}

/* A folder that cannot be created gives every file bound for it the same,
 * true, reason (it once said nothing for the second file, which then
 * failed with an unrelated message). */
static void
test_folder_failure_repeats (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *blocker = g_build_filename (dir, "out", NULL);
  g_autofree char *a = g_build_filename (blocker, "sub", "a.jpg", NULL);
  g_autofree char *b = g_build_filename (blocker, "sub", "b.jpg", NULL);
  g_autofree char *fine = g_build_filename (dir, "fine", NULL);
  g_autofree char *ok = g_build_filename (fine, "c.jpg", NULL);
  g_autoptr(VeilDestinationFolders) folders = veil_destination_folders_new ();
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "a file where a folder should be", -1, NULL));
  g_assert_false (veil_destination_folders_prepare (folders, a, NULL, &first));
  g_assert_false (veil_destination_folders_prepare (folders, b, NULL, &second));
  g_assert_error (first, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_error (second, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  g_assert_cmpstr (first->message, ==, second->message);
  g_assert_nonnull (strstr (second->message, "cannot create the folder"));
  g_assert_true (veil_destination_folders_prepare (folders, ok, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (fine, G_FILE_TEST_IS_DIR));
  veil_test_rmdir (dir);
}

/* What a killed run left (a hidden ".NAME.veil-XXXXXXXX") is removed the
 * next time a file goes into that folder, and the caller hears of it; a
 * file a running Veil holds, and names of other patterns, are left alone. */
static void
test_leftovers_removed (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *leftover = g_build_filename (dir, ".photo.jpg.veil-1a2b3c4d", NULL);
  g_autofree char *mkstemp_left = g_build_filename (dir, ".other.jpg.veil-Ab12Cd", NULL);
  g_autofree char *held = g_build_filename (dir, ".busy.jpg.veil-00ff00ff", NULL);
  g_autofree char *users = g_build_filename (dir, ".notes.veil-list", NULL);
  g_autoptr(VeilDestinationFolders) folders = veil_destination_folders_new ();
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_true (g_file_set_contents (leftover, "cleaned copy", -1, NULL));
  g_assert_true (g_file_set_contents (mkstemp_left, "half a copy", -1, NULL));
  g_assert_true (g_file_set_contents (held, "being written", -1, NULL));
  g_assert_true (g_file_set_contents (users, "the user's own", -1, NULL));
  fd = g_open (held, O_RDONLY, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_true (veil_destination_folders_prepare (folders, dest, removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 2);
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (mkstemp_left, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (users, G_FILE_TEST_EXISTS));
  close (fd);
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/walk/walk", test_walk);
  g_test_add_func ("/walk/destination", test_destination);
  g_test_add_func ("/walk/folder-failure-repeats", test_folder_failure_repeats);
  g_test_add_func ("/walk/leftovers-removed", test_leftovers_removed);
  return g_test_run ();
}
