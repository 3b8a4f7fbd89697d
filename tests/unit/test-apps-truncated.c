/* test-apps-truncated.c: packages cut short or damaged (issue 14).
 *
 * A truncated APK printed "broken package: (null)", or a bare "ZIP
 * decompression failed (-5)", or, when only the end was missing, was
 * scanned "in full" and reported as such. Flipped bytes read "Truncated
 * input file". Every cut must now say the package is incomplete, and every
 * damage must either be harmless or be named as damage, with the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "veil-apps.h"
#include "veil-error.h"
#include "veil-test-utils.h"

static VeilTrackerDb *
open_db (void)
{
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  g_autoptr(GError) error = NULL;
  VeilTrackerDb *db = veil_tracker_db_open (bundled, &error);

  g_assert_no_error (error);
  return db;
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *rel = g_build_filename ("apps", name, NULL);
  g_autofree char *path = veil_test_data_path (rel);

  return veil_test_load (path);
}

/* A message a user can act on: it names the file and never passes on
 * libarchive's silence or its misleading "Truncated input file". */
static void
assert_clear_message (const GError *error, const char *name)
{
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (strstr (error->message, "(null)"));
  g_assert_null (strstr (error->message, "Truncated input"));
}

static void
assert_incomplete (const GError *error, const char *name, gsize cut)
{
  if (cut < 4)
    {
      /* Too short to even look like a ZIP. */
      g_assert_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED);
      return;
    }
  if (!g_error_matches (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TRUNCATED))
    g_error ("cut at %zu: %s", cut, error != NULL ? error->message : "accepted as complete");
  assert_clear_message (error, name);
  g_assert_nonnull (strstr (error->message, "incomplete"));
}

/* Cuts of a package in memory: at every byte of its last 100 (the end
 * record, and the directory before it, where a cut package was accepted),
 * and every few bytes before (every byte there costs minutes under ASan
 * for no more coverage). */
static void
check_every_cut (VeilTrackerDb *db, const guint8 *data, gsize len)
{
  for (gsize cut = 0; cut < len; cut += cut + 100 >= len ? 1 : 5)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilAppReport) r = veil_app_scan_data (db, data, cut, "cut.apk", NULL, &error);

      g_assert_null (r);
      assert_incomplete (error, "cut.apk", cut);
    }
}

/* Cuts written to files, as a failed download leaves them: half way, near
 * the end, and in the last bytes (the end record), where a cut package was
 * once accepted with a full result. */
static void
check_file_cuts (VeilTrackerDb *db, const guint8 *data, gsize len)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "download.apk", NULL);
  const gsize cuts[] = { len / 2, len * 2 / 3, len * 95 / 100, len - 23, len - 22, len - 10, len - 1 };

  for (gsize i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilAppReport) r = NULL;
      FILE *f = fopen (path, "wb");

      /* Not g_file_set_contents: no need to flush a test file to disk. */
      g_assert_nonnull (f);
      g_assert_cmpuint (fwrite (data, 1, cuts[i], f), ==, cuts[i]);
      g_assert_cmpint (fclose (f), ==, 0);
      r = veil_app_scan_file (db, path, NULL, NULL, &error);
      g_assert_null (r);
      assert_incomplete (error, path, cuts[i]);
    }
  veil_test_rmdir (dir);
}

static void
test_cuts_repo_fixtures (void)
{
  g_autoptr(VeilTrackerDb) db = open_db ();
  const char *names[] = {
    "synthetic-trackers-multidex.apk", "multidex-manifest.apk", "bundle.xapk", "ios-adhoc.ipa",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (names[i]);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilAppReport) whole = veil_app_scan_data (db, data, len, names[i], NULL, &error);

      g_test_message ("%s", names[i]);
      g_assert_no_error (error);
      g_assert_nonnull (whole);
      check_every_cut (db, data, len);
      check_file_cuts (db, data, len);
    }
}

/* The real-world-shaped APKs of ../shared/apk-fixtures, where present. */
static void
test_cuts_shared_fixtures (void)
{
  g_autoptr(VeilTrackerDb) db = NULL;
  g_autofree char *dir = veil_test_shared_path ("apk-fixtures");
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return;
  db = open_db ();
  d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len;
      const guint8 *data;

      if (!g_str_has_suffix (name, ".apk"))
        continue;
      path = g_build_filename (dir, name, NULL);
      bytes = veil_test_load (path);
      data = g_bytes_get_data (bytes, &len);
      check_every_cut (db, data, len);
      check_file_cuts (db, data, len);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* A ZIP's local header gives where an entry's data starts. */
static gsize
entry_data_offset (const guint8 *data, gsize len, const char *entry)
{
  gsize name_len = strlen (entry);

  for (gsize i = 0; i + 30 + name_len <= len; i++)
    if (memcmp (data + i, "PK\3\4", 4) == 0 && data[i + 26] + (data[i + 27] << 8) == (int) name_len &&
        memcmp (data + i + 30, entry, name_len) == 0)
      return i + 30 + name_len + data[i + 28] + (data[i + 29] << 8);
  g_assert_not_reached ();
}

/* A file the scan does not need (res/raw/notes.txt) damaged inside: it
 * was skipped unread and the package reported as read in full. */
static void
test_damaged_unused_entry (void)
{
  g_autoptr(VeilTrackerDb) db = open_db ();
  g_autoptr(GBytes) bytes = load_fixture ("multidex-manifest.apk");
  gsize len = g_bytes_get_size (bytes);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  gsize at = entry_data_offset (data, len, "res/raw/notes.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilAppReport) r = NULL;

  data[at + 2] ^= 0x55;
  r = veil_app_scan_data (db, data, len, "flipped.apk", NULL, &error);
  g_test_message ("%s", error != NULL ? error->message : "(accepted)");
  g_assert_null (r);
  g_assert_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED);
  assert_clear_message (error, "flipped.apk");
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "res/raw/notes.txt"));
}

/* One flipped byte (at every fifth offset, shifted per fixture), then many
 * at once: either harmless (a comment, a time stamp) or named as damage;
 * never a crash or a silence. */
static void
test_flipped_bytes (void)
{
  g_autoptr(VeilTrackerDb) db = open_db ();
  const char *names[] = { "multidex-manifest.apk", "bundle.xapk", "ios-adhoc.ipa" };
  GRand *rand = g_rand_new_with_seed (14);

  for (gsize f = 0; f < G_N_ELEMENTS (names); f++)
    {
      g_autoptr(GBytes) bytes = load_fixture (names[f]);
      gsize len;
      const guint8 *orig = g_bytes_get_data (bytes, &len);
      g_autofree guint8 *data = g_malloc (len);

      for (gsize i = f; i < len; i += 5)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VeilAppReport) r = NULL;

          memcpy (data, orig, len);
          data[i] ^= 0xff;
          r = veil_app_scan_data (db, data, len, "flipped.apk", NULL, &error);
          g_assert_true ((r == NULL) != (error == NULL));
          if (r == NULL)
            assert_clear_message (error, "flipped.apk");
        }
      for (guint round = 0; round < 50; round++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VeilAppReport) r = NULL;

          memcpy (data, orig, len);
          for (guint k = 0; k < 1 + len / 50; k++)
            data[g_rand_int_range (rand, 0, (gint32) len)] ^= (guint8) g_rand_int_range (rand, 1, 256);
          r = veil_app_scan_data (db, data, len, "flipped.apk", NULL, &error);
          g_assert_true ((r == NULL) != (error == NULL));
          if (r == NULL)
            assert_clear_message (error, "flipped.apk");
        }
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apps/truncated/repo-fixtures", test_cuts_repo_fixtures);
  g_test_add_func ("/apps/truncated/shared-fixtures", test_cuts_shared_fixtures);
  g_test_add_func ("/apps/damaged/unused-entry", test_damaged_unused_entry);
  g_test_add_func ("/apps/damaged/flipped-bytes", test_flipped_bytes);
  return g_test_run ();
}
