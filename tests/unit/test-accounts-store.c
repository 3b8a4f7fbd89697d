/* test-accounts-store.c: the exports store: file mode, transactions, forgetting,
 * full-text search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "veil-error.h"
#include "veil-store.h"
#include "veil-store-private.h"
#include "veil-test-utils.h"

typedef struct {
  char      *dir;
  char      *path;
  VeilStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = veil_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "sub", "exports.db", NULL);
  f->store = veil_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  veil_store_close (f->store);
  veil_test_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
add_sample (VeilStore *store, const char *platform, guint fail_after, GError **error)
{
  g_autoptr(VeilStoreImport) import = veil_store_import_begin (store, platform, NULL, "sample", "/tmp/x.zip", NULL, error);
  gint64 id;

  if (import == NULL)
    return 0;
  if (fail_after > 0)
    _veil_store_import_fail_after (import, fail_after);
  id = veil_store_import_get_id (import);
  veil_store_import_add_company (import, "Château Ltd", VEIL_REL_UPLOADED_LIST, NULL, 1600000000);
  veil_store_import_add_company (import, "Hogan Ltd", VEIL_REL_USES_ACTIVITY, NULL, 0);
  veil_store_import_add_company (import, "Shop App", VEIL_REL_TRACKED, NULL, 1600000100);
  for (int i = 0; i < 10; i++)
    veil_store_import_add_event (import, "Shop App", "PURCHASE", 1600000000 + i, NULL);
  veil_store_import_add_inference (import, "interest", "Épicerie fine", NULL);
  veil_store_import_add_location (import, 1600000000, 46.5, 6.6, 10, "Lausanne", "gps");
  veil_store_import_add_location (import, 0, 120.0, 6.6, -1, NULL, NULL);  /* out of range: dropped */
  veil_store_import_add_login (import, 1600000000, "login", "203.0.113.1", "Pixel 7", "Zürich");
  veil_store_import_add_contact (import, "Ada Lovelace", "+41 00 000 00 00", 0);
  veil_store_import_add_note (import, "x.json", "x.json is not valid JSON");
  if (!veil_store_import_commit (g_steal_pointer (&import), error))
    return 0;
  return id;
}

static void
test_mode_and_location (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  GStatBuf st;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (add_sample (f->store, "facebook", 0, &error), >, 0);
  g_assert_no_error (error);
  /* The write-ahead log carries the same data: same mode. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* An older file with a loose mode is tightened. */
  veil_store_close (f->store);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  f->store = veil_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_default_path (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("VEIL_DATA_DIR"));
  g_autofree char *path = NULL;
  g_autofree char *fallback = NULL;

  g_setenv ("VEIL_DATA_DIR", "/tmp/veil-test-dir", TRUE);
  path = veil_store_default_path ();
  g_assert_cmpstr (path, ==, "/tmp/veil-test-dir/exports.db");
  g_unsetenv ("VEIL_DATA_DIR");
  fallback = veil_store_default_path ();
  g_assert_true (g_str_has_suffix (fallback, "/veil/exports.db"));
  g_assert_true (g_str_has_prefix (fallback, g_get_user_data_dir ()));
  if (saved != NULL)
    g_setenv ("VEIL_DATA_DIR", saved, TRUE);
}

static void
test_summary (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;
  VeilStoreAccount *a;

  g_assert_cmpint (add_sample (f->store, "facebook", 0, &error), ==, 1);
  g_assert_cmpint (add_sample (f->store, "instagram", 0, &error), ==, 2);
  g_assert_no_error (error);
  s = veil_store_summary (f->store, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->accounts->len, ==, 2);
  a = g_ptr_array_index (s->accounts, 0);
  g_assert_cmpstr (a->platform, ==, "facebook");
  g_assert_cmpuint (a->n_advertisers, ==, 2);
  g_assert_cmpuint (a->n_trackers, ==, 1);
  g_assert_cmpuint (a->n_events, ==, 10);
  g_assert_cmpuint (a->n_inferences, ==, 1);
  g_assert_cmpuint (a->n_locations, ==, 1);
  g_assert_cmpuint (a->n_logins, ==, 1);
  g_assert_cmpuint (a->n_contacts, ==, 1);
  g_assert_cmpuint (a->notes->len, ==, 1);
  g_assert_cmpint (a->first_ts, ==, 1600000000);
  g_assert_cmpint (a->last_ts, ==, 1600000100);
  g_assert_cmpuint (s->n_advertisers, ==, 2);  /* the same two in both accounts */
  g_assert_cmpuint (s->n_trackers, ==, 1);
  g_assert_cmpuint (s->top_trackers->len, ==, 1);
  g_assert_cmpuint (((VeilStoreRanked *) g_ptr_array_index (s->top_trackers, 0))->count, ==, 20);
}

static guint
count_companies (VeilStore *store)
{
  g_autoptr(GPtrArray) names = veil_store_companies (store, NULL);
  return names->len;
}

static void
test_failed_import_leaves_store (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_cmpint (add_sample (f->store, "facebook", 0, &error), ==, 1);
  g_assert_cmpuint (count_companies (f->store), ==, 3);
  /* Fails at the 7th row, in the middle of the events. */
  g_assert_cmpint (add_sample (f->store, "tiktok", 7, &error), ==, 0);
  g_assert_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED);
  s = veil_store_summary (f->store, 5, NULL);
  g_assert_cmpuint (s->accounts->len, ==, 1);
  g_assert_cmpuint (((VeilStoreAccount *) g_ptr_array_index (s->accounts, 0))->n_events, ==, 10);
  g_assert_cmpuint (count_companies (f->store), ==, 3);
  hits = veil_store_search (f->store, "tiktok", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);

  /* An aborted import, too. */
  {
    g_autoptr(VeilStoreImport) import = veil_store_import_begin (f->store, "x", NULL, NULL, NULL, NULL, NULL);
    veil_store_import_add_company (import, "Never Saved Inc", VEIL_REL_AUDIENCE, NULL, 0);
    veil_store_import_abort (g_steal_pointer (&import));
  }
  g_assert_cmpuint (count_companies (f->store), ==, 3);
  /* And the store still works afterwards. */
  g_clear_error (&error);
  g_assert_cmpint (add_sample (f->store, "tiktok", 0, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_forget (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  gint64 id = add_sample (f->store, "facebook", 0, &error);

  g_assert_true (veil_store_forget (f->store, id, &error));
  g_assert_no_error (error);
  s = veil_store_summary (f->store, 5, NULL);
  g_assert_cmpuint (s->accounts->len, ==, 0);
  g_assert_cmpuint (s->n_advertisers, ==, 0);
  g_assert_cmpuint (count_companies (f->store), ==, 0);
  hits = veil_store_search (f->store, "lausanne", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_false (veil_store_forget (f->store, id, &error));
  g_assert_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accents = NULL;
  g_autoptr(GPtrArray) prefix = NULL;
  g_autoptr(GPtrArray) syntax = NULL;
  VeilStoreHit *hit;

  add_sample (f->store, "facebook", 0, &error);
  g_assert_no_error (error);
  accents = veil_store_search (f->store, "chateau", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accents->len, ==, 1);
  hit = g_ptr_array_index (accents, 0);
  g_assert_cmpstr (hit->text, ==, "Château Ltd");
  g_assert_cmpstr (hit->kind, ==, "company");
  g_assert_cmpstr (hit->platform, ==, "facebook");
  prefix = veil_store_search (f->store, "EPIC", 10, &error);
  g_assert_cmpuint (prefix->len, ==, 1);
  /* FTS syntax typed by a person is just text. */
  syntax = veil_store_search (f->store, "\"ada\" OR NEAR(", 10, &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add ("/store/mode-0600", Fixture, NULL, fixture_set_up, test_mode_and_location, fixture_tear_down);
  g_test_add ("/store/summary", Fixture, NULL, fixture_set_up, test_summary, fixture_tear_down);
  g_test_add ("/store/transactional", Fixture, NULL, fixture_set_up, test_failed_import_leaves_store, fixture_tear_down);
  g_test_add ("/store/forget", Fixture, NULL, fixture_set_up, test_forget, fixture_tear_down);
  g_test_add ("/store/search", Fixture, NULL, fixture_set_up, test_search, fixture_tear_down);
  return g_test_run ();
}
