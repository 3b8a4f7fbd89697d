/* test-accounts-hostile.c: crafted and damaged exports give a clear error,
 * stay within bounded memory and leave the store as it was; a failure or
 * cancellation in the middle of an import changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/resource.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "test-accounts-common.h"
#include "veil-export-private.h"
#include "veil-json-stream.h"

/* Peak memory of the whole test process; every case must stay far below
 * what its input would unpack to. */
#define MAX_RSS_KB (300 * 1024)

static void
assert_bounded_memory (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  g_assert_cmpint (usage.ru_maxrss, <, MAX_RSS_KB);
}

static void
assert_store_empty (ExportsFixture *f)
{
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM imports"), ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies"), ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM logins"), ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM search"), ==, 0);
}

static void
test_traversal (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (exports_import (f, &error, "exports/hostile-traversal.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNSAFE_PATH);
  g_assert_nonnull (strstr (error->message, "../../../tmp/veil-evil.json"));
  g_assert_false (g_file_test ("/tmp/veil-evil.json", G_FILE_TEST_EXISTS));
  assert_store_empty (f);
}

static void
test_bomb (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* 100 KB that unpacks to 100 MB */
  g_assert_null (exports_import (f, &error, "exports/hostile-bomb.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "zip bomb"));
  assert_store_empty (f);
  assert_bounded_memory ();
}

static void
test_huge_declared (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  /* Both headers claim 2 GB; a few bytes follow. Nothing is allocated up
   * front, the read ends short. */
  g_assert_null (exports_import (f, &error, "exports/hostile-huge-declared.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "cut short"));
  assert_store_empty (f);
  assert_bounded_memory ();
}

static void
test_truncated (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (exports_import (f, &error, "exports/hostile-truncated.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "hostile-truncated.zip"));
  assert_store_empty (f);
}

static void
test_invalid_utf8 (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hostile-invalid-utf8.zip", NULL);
  g_autoptr(GPtrArray) hits = NULL;

  /* Bad bytes are replaced; the records are kept. */
  g_assert_no_error (error);
  assert_counts (a, 0, 0, 0, 0, 0, 2, 0);
  hits = veil_store_search (f->store, "Pixel", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (g_utf8_validate (((VeilStoreHit *) g_ptr_array_index (hits, 0))->text, -1, NULL));
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM logins WHERE ip = '203.0.113.9'"), ==, 1);
}

static void
test_deep (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (exports_import (f, &error, "exports/hostile-deep.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "nested more than"));
  assert_store_empty (f);
  assert_bounded_memory ();
}

static void
test_failure_mid_import (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) first = exports_import (f, &error, "exports/tiktok-2023.zip", NULL);
  gint64 companies = exports_query (f, "SELECT count(*) FROM companies");
  gint64 search = exports_query (f, "SELECT count(*) FROM search");
  gint64 events = exports_query (f, "SELECT count(*) FROM events");

  g_assert_no_error (error);
  /* The store fails at the 500th row, deep inside the off-Facebook events. */
  _veil_export_set_test_failure (500);
  g_assert_null (exports_import (f, &error, "exports/hestia-facebook-fake-2022.zip", NULL));
  _veil_export_set_test_failure (0);
  g_assert_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies"), ==, companies);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM search"), ==, search);
}

/* A folder export (Instagram's layout) with 1 GiB of zeros under a name the
 * reader knows and another under a name no reader knows, beside good
 * files: the good files are read, each zeros file is named as unread with
 * why, the import says it skipped them, and neither is read into memory
 * (a sparse file: the test costs no disk). */
static void
write_sparse_zeros (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (g_seekable_truncate (G_SEEKABLE (out), (goffset) 1 << 30, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error));
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
test_zeros_beside_good_files (ExportsFixture *f, gconstpointer data)
{
  static const char profile[] =
    "{\"profile_user\": [{\"string_map_data\": {\"Username\": {\"value\": \"veil.sample\"}}}]}";
  static const char ads[] =
    "{\"impressions_history_ads_seen\": ["
    "{\"string_map_data\": {\"Author\": {\"value\": \"acme.shoes\"}, \"Time\": {\"timestamp\": 1675000100}}},"
    "{\"string_map_data\": {\"Author\": {\"value\": \"globex\"}, \"Time\": {\"timestamp\": 1675000200}}}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_build_filename (f->dir, "instagram-export", NULL);
  g_autofree char *known = g_build_filename (root, "ads_and_topics", "ads_clicked.json", NULL);
  g_autofree char *unknown = g_build_filename (root, "your_topics", "zeros.json", NULL);
  const char *paths[] = { root, NULL };
  VeilExportResult result = { 0 };
  g_autoptr(VeilStoreAccount) a = NULL;
  VeilStoreExport *x;
  guint n_failed = 0;
  double cpu = cpu_seconds ();
  g_autoptr(GTimer) timer = g_timer_new ();

  g_assert_cmpint (g_mkdir_with_parents (known, 0700) == 0 && g_rmdir (known) == 0, ==, TRUE);
  g_assert_cmpint (g_mkdir_with_parents (unknown, 0700) == 0 && g_rmdir (unknown) == 0, ==, TRUE);
  {
    g_autofree char *p = g_build_filename (root, "account_information", NULL);
    g_autofree char *q = g_build_filename (p, "personal_information.json", NULL);
    g_autofree char *r = g_build_filename (root, "ads_and_topics", "ads_viewed.json", NULL);

    g_assert_cmpint (g_mkdir_with_parents (p, 0700), ==, 0);
    g_assert_true (g_file_set_contents (q, profile, -1, &error));
    g_assert_true (g_file_set_contents (r, ads, -1, &error));
  }
  write_sparse_zeros (known);
  write_sparse_zeros (unknown);

  g_assert_true (veil_export_import_full (f->store, paths, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_test_message ("1 GiB of zeros twice: %.2f s, %.2f s CPU", g_timer_elapsed (timer, NULL), cpu_seconds () - cpu);
  /* Not a silent success: both are counted as skipped. */
  g_assert_cmpuint (result.n_skipped, ==, 2);
  a = exports_account_of (f, result.import_id);
  g_assert_cmpstr (a->name, ==, "veil.sample");
  /* The good files were read: two ads seen, two advertisers. */
  assert_counts (a, 2, 0, 2, 0, 0, 0, 0);
  x = g_ptr_array_index (a->exports, 0);
  g_assert_cmpuint (x->n_skipped, ==, 2);
  for (guint u = 0; u < x->unread->len; u++)
    {
      VeilStoreUnread *r = g_ptr_array_index (x->unread, u);

      g_test_message ("%s (%" G_GINT64_FORMAT "): %s", r->file, r->size, r->reason);
      if (g_str_has_suffix (r->file, "ads_clicked.json") || g_str_has_suffix (r->file, "zeros.json"))
        {
          g_assert_true (r->failed);
          g_assert_cmpint (r->size, ==, (gint64) 1 << 30);
          g_assert_nonnull (r->reason);
          g_assert_cmpstr (r->reason, !=, "");
          n_failed++;
        }
    }
  g_assert_cmpuint (n_failed, ==, 2);
  /* Reading 2 GiB would take seconds; a parser that stops at the first bad
   * byte takes milliseconds. */
  g_assert_cmpfloat (cpu_seconds () - cpu, <, 5.0);
  assert_bounded_memory ();
}

static void
cancel_on_third_file (const char *file, guint done, guint total, gpointer user_data)
{
  if (done == 2)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = veil_test_data_path ("exports/hestia-facebook-fake-2022.zip");
  const char *paths[] = { path, NULL };

  g_assert_false (veil_export_import (f->store, paths, cancel_on_third_file, cancellable, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_store_empty (f);
}

static gboolean
count_items (const char * const *path, guint n_path, JsonNode *node, gpointer user_data, GError **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_json_stream_limits (void)
{
  const char *patterns[] = { "list[]", NULL };
  VeilJsonStreamOptions options = { .patterns = patterns };
  g_autoptr(GString) big = g_string_new ("{\"list\": [\"");
  g_autoptr(GError) error = NULL;
  guint n = 0;
  char chunk[1024];

  /* One record over the per-record limit. */
  memset (chunk, 'x', sizeof chunk);
  for (gsize i = 0; i < VEIL_JSON_MAX_ITEM_BYTES / sizeof chunk + 1; i++)
    g_string_append_len (big, chunk, sizeof chunk);
  g_string_append (big, "\"]}");
  {
    g_autoptr(VeilExportStream) s = veil_export_stream_new_memory ((const guint8 *) big->str, big->len);
    g_assert_false (veil_json_stream_parse (s, "big.json", &options, count_items, &n, NULL, &error));
    g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE);
    g_clear_error (&error);
  }
  /* Mojibake in keys and values, items only under the asked path. */
  {
    const char *doc = "{\"skip\": [1, 2], \"list\": [{\"Ch\\u00c3\\u00a2teau\": \"\\u00f0\\u009f\\u0094\\u00a5\"}, 3]}";
    const char *p2[] = { "list[]", NULL };
    VeilJsonStreamOptions o2 = { .patterns = p2, .fix_mojibake = TRUE };
    g_autoptr(VeilExportStream) s = veil_export_stream_new_memory ((const guint8 *) doc, strlen (doc));

    n = 0;
    g_assert_true (veil_json_stream_parse (s, "m.json", &o2, count_items, &n, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 2);
  }
  {
    g_autofree char *fixed = veil_json_fix_mojibake ("Ch\xc3\x83\xc2\xa2teau", strlen ("Ch\xc3\x83\xc2\xa2teau"));
    g_assert_cmpstr (fixed, ==, "Château");
    /* Real Latin-1 text that is not mojibake stays as it is. */
    g_assert_null (veil_json_fix_mojibake ("café", strlen ("café")));
    g_assert_null (veil_json_fix_mojibake ("plain", 5));
  }
}

static void
test_times (void)
{
  g_assert_cmpint (_veil_parse_time ("2022-05-15T16:46:57.232Z"), ==, 1652633217);
  g_assert_cmpint (_veil_parse_time ("2014-09-08 11:32:14 UTC"), ==, 1410175934);
  g_assert_cmpint (_veil_parse_time ("2024-06-01T09:10:00.000+02:00"), ==, 1717225800);
  g_assert_cmpint (_veil_parse_time ("1596000000000"), ==, 1596000000);
  g_assert_cmpint (_veil_parse_time ("Mar 08, 2020, 19:22 PM"), ==, 1583695320);
  g_assert_cmpint (_veil_parse_time ("15 Mar 2009"), ==, 1237075200);
  g_assert_cmpint (_veil_parse_time ("2022-13-45 99:99:99"), ==, 0);
  g_assert_cmpint (_veil_parse_time ("yesterday"), ==, 0);
  g_assert_cmpint (_veil_parse_time (""), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, ExportsFixture, NULL, exports_set_up, func, exports_tear_down)
  ADD ("/exports/hostile/traversal", test_traversal);
  ADD ("/exports/hostile/zip-bomb", test_bomb);
  ADD ("/exports/hostile/huge-declared", test_huge_declared);
  ADD ("/exports/hostile/truncated", test_truncated);
  ADD ("/exports/hostile/invalid-utf8", test_invalid_utf8);
  ADD ("/exports/hostile/deep-json", test_deep);
  ADD ("/exports/hostile/zeros-beside-good-files", test_zeros_beside_good_files);
  ADD ("/exports/transaction/failure", test_failure_mid_import);
  ADD ("/exports/transaction/cancel", test_cancel);
  g_test_add_func ("/exports/json-stream/limits", test_json_stream_limits);
  g_test_add_func ("/exports/times", test_times);
  return g_test_run ();
}
