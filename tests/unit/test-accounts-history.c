/* test-accounts-history.c: an account fed by several exports — importing
 * twice changes nothing, a newer export merges, forgetting one keeps what
 * the other holds, a cancelled or failed import leaves the store byte for
 * byte as it was — and every fixture's list of unread files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-accounts-common.h"
#include <glib/gstdio.h>

#include "veil-export-private.h"

/* Every table's rows, in order, as text: equal dumps, equal stores. */
static char *
dump_store (ExportsFixture *f)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'search_%' ORDER BY name", -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (out, "%s\n", sqlite3_column_text (tables, 1));
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            g_string_append_printf (out, "%s|", sqlite3_column_type (rows, c) == SQLITE_NULL
                                                ? "NULL" : (const char *) sqlite3_column_text (rows, c));
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Imports a fixture whose account the test does not look at. */
static void
import_only (ExportsFixture *f, const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, name, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (a);
}

static gboolean
import_full (ExportsFixture *f, const char *name, VeilExportResult *result, GError **error)
{
  g_autofree char *path = veil_test_data_path (name);
  const char *paths[] = { path, NULL };

  return veil_export_import_full (f->store, paths, NULL, NULL, NULL, result, error);
}

static gint64
count_rows (ExportsFixture *f)
{
  return exports_query (f, "SELECT (SELECT count(*) FROM company_links) + (SELECT count(*) FROM events) + "
                           "(SELECT count(*) FROM inferences) + (SELECT count(*) FROM locations) + "
                           "(SELECT count(*) FROM logins) + (SELECT count(*) FROM contacts) + "
                           "(SELECT count(*) FROM others)");
}

static void
test_import_twice (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VeilExportResult first = { 0 }, second = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 rows;

  g_assert_true (import_full (f, "exports/twitter-archive.zip", &first, &error));
  g_assert_no_error (error);
  g_assert_false (first.already_imported);
  rows = count_rows (f);
  before = dump_store (f);
  g_assert_true (import_full (f, "exports/twitter-archive.zip", &second, &error));
  g_assert_no_error (error);
  g_assert_true (second.already_imported);
  g_assert_cmpint (second.import_id, ==, first.import_id);
  after = dump_store (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count_rows (f), ==, rows);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM accounts"), ==, 1);
}

static void
test_older_then_newer (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) older = exports_import (f, &error, "exports/twitter-history-2022.zip", NULL);
  g_autoptr(VeilStoreAccount) merged = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (older->name, ==, "veil_sample");
  /* Crypto.com (also @cryptocom in personalization: one advertiser), Acme
   * Shoes, @otherbrand; 2 impressions; 2 targeting criteria + Running + the
   * audience count; 1 login + 1 device. */
  assert_counts (older, 3, 0, 2, 4, 0, 2, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links l JOIN companies c ON c.id = l.company_id "
                                     "WHERE c.name = 'Crypto.com' AND l.relation = 'audience' "
                                     "AND l.detail = '@cryptocom'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = '@cryptocom'"), ==, 0);

  merged = exports_import (f, &error, "exports/twitter-history-2023.zip", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (merged->id, ==, older->id);
  g_assert_cmpuint (merged->exports->len, ==, 2);
  /* + Globex and its impression and criterion, + one login; nothing twice. */
  assert_counts (merged, 4, 0, 3, 5, 0, 3, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events GROUP BY account_id, company_id, event, ts "
                                     "HAVING count(*) > 1"), ==, -1);
  /* The date range spans both exports, and the account is shown once. */
  s = veil_store_summary (f->store, 10, &error);
  g_assert_cmpuint (s->accounts->len, ==, 1);
  g_assert_cmpint (merged->first_ts, ==, 1650052310);  /* the older export's first ad, 2022-04-15 */
  g_assert_cmpint (merged->last_ts, ==, 1677661200);   /* the newer export's Globex ad, 2023-03-01 */
  /* The file nested 100,000 deep is skipped and named, the rest is read. */
  g_assert_cmpuint (((VeilStoreExport *) merged->exports->pdata[1])->n_skipped, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (merged->notes, 0), "ad-engagements.js"));
}

static void
test_forget_one_of_two (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) older = exports_import (f, &error, "exports/twitter-history-2022.zip", NULL);
  g_autoptr(VeilStoreAccount) newer = exports_import (f, &error, "exports/twitter-history-2023.zip", NULL);
  g_autoptr(VeilStoreAccount) left = NULL;
  gint64 older_id = ((VeilStoreExport *) older->exports->pdata[0])->id;
  gint64 newer_id = ((VeilStoreExport *) newer->exports->pdata[1])->id;

  g_assert_no_error (error);
  /* Forgetting the older keeps everything the newer holds too. */
  g_assert_true (veil_store_forget (f->store, older_id, &error));
  g_assert_no_error (error);
  left = exports_account_of (f, newer_id);
  assert_counts (left, 4, 0, 3, 5, 0, 3, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM holders"), ==, 0);
  g_clear_pointer (&left, veil_store_account_free);
  /* Back again, then forgetting the newer leaves exactly the older. */
  import_only (f, "exports/twitter-history-2022.zip");
  g_assert_true (veil_store_forget (f->store, newer_id, &error));
  left = exports_account_of (f, exports_query (f, "SELECT max(id) FROM imports"));
  assert_counts (left, 3, 0, 2, 4, 0, 2, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = 'Globex'"), ==, 0);
  g_assert_true (veil_store_forget (f->store, exports_query (f, "SELECT max(id) FROM imports"), &error));
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM accounts"), ==, 0);
  g_assert_cmpint (count_rows (f), ==, 0);
}

static void
cancel_on_second_file (const char *file, guint done, guint total, gpointer user_data)
{
  if (file != NULL && done == 1)
    g_cancellable_cancel (user_data);
}

static void
test_cancel_leaves_store (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = veil_test_data_path ("exports/twitter-history-2023.zip");
  const char *paths[] = { path, NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *failed = NULL;

  import_only (f, "exports/twitter-history-2022.zip");
  before = dump_store (f);
  g_assert_false (veil_export_import (f->store, paths, cancel_on_second_file, cancellable, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = dump_store (f);
  g_assert_cmpstr (after, ==, before);
  /* A store that fails halfway (a full disk) leaves it the same way. */
  _veil_export_set_test_failure (5);
  g_assert_false (veil_export_import (f->store, paths, NULL, NULL, NULL, NULL, &error));
  _veil_export_set_test_failure (0);
  g_assert_nonnull (error);
  failed = dump_store (f);
  g_assert_cmpstr (failed, ==, before);
}

/* Each fixture's unread files, exactly, as "file (size): reason" lines. */
static void
test_unread_lists (ExportsFixture *f, gconstpointer data)
{
  static const struct {
    const char *fixture;
    const char *unread;
  } cases[] = {
    { "exports/twitter-archive.zip",
      "Your archive.html (13): no reader for this kind of file\n"
      "data/manifest.js (25): no reader for this kind of file, and no names in it\n"
      "data/tweets.js (28): no reader for this kind of file, and no names in it\n" },
    { "exports/twitter-history-2023.zip",
      "data/account.js (250): no reader for this kind of file; 2 names kept for search\n"
      "data/ad-engagements.js (200034): data/ad-engagements.js is nested more than 64 levels deep; Veil skipped it\n"
      "data/follower.js (137): no reader for this kind of file, and no names in it\n"
      "data/tweets.js (28): no reader for this kind of file, and no names in it\n" },
    { "exports/google-ad-redirects.zip",
      "Takeout/YouTube and YouTube Music/subscriptions/subscriptions.csv (90): "
      "no reader for this kind of file; 1 name kept for search\n"
      "Takeout/archive_browser.html (13): no reader for this kind of file\n" },
    { "exports/instagram-ads-clicked.zip",
      "your_topics/your_reels_sentiments.json (119): no reader for this kind of file; 1 name kept for search\n"
      "your_topics/your_reels_topics.json (117): no reader for this kind of file; 1 name kept for search\n" },
    { "exports/linkedin-inferences.zip",
      "Profile.csv (49): no reader for this kind of file; 2 names kept for search\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilStoreAccount) a = exports_import (f, &error, cases[i].fixture, NULL);
      VeilStoreExport *e;
      g_autoptr(GString) got = g_string_new (NULL);
      g_auto(GStrv) want = g_strsplit (cases[i].unread, "\n", -1);
      g_auto(GStrv) lines = NULL;

      g_assert_no_error (error);
      e = g_ptr_array_index (a->exports, a->exports->len - 1);
      for (guint u = 0; u < e->unread->len; u++)
        {
          VeilStoreUnread *r = g_ptr_array_index (e->unread, u);
          g_string_append_printf (got, "%s (%" G_GINT64_FORMAT "): %s\n", r->file, r->size, r->reason);
        }
      lines = g_strsplit (got->str, "\n", -1);
      g_test_message ("%s:\n%s", cases[i].fixture, got->str);
      if (g_test_verbose ())
        continue;
      g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (want));
      for (guint l = 0; want[l] != NULL; l++)
        if (!g_pattern_match_simple (want[l], lines[l]))
          g_assert_cmpstr (lines[l], ==, want[l]);
    }
}

static void
test_platform_fixes (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) google = exports_import (f, &error, "exports/google-ad-redirects.zip", NULL);
  g_autoptr(VeilStoreAccount) linkedin = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_no_error (error);
  /* The three redirect hosts are trackers with their owners; the shop, the
   * hotel and the bakery advertised. */
  g_assert_cmpuint (google->n_trackers, ==, 3);
  g_assert_cmpuint (google->n_advertisers, ==, 3);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links l JOIN companies c ON c.id = l.company_id "
                                     "WHERE c.name = '2100.xg4ken.com' AND l.relation = 'tracked' "
                                     "AND l.detail = 'Kenshoo (Skai)'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links l JOIN companies c ON c.id = l.company_id "
                                     "WHERE c.name IN ('shop.example.org', 'hotel.example.com', 'bakery.example') "
                                     "AND l.relation = 'targeted'"), ==, 3);
  /* Search finds activity entries and names from unknown files. */
  hits = veil_store_search (f->store, "sourdough", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((VeilStoreHit *) hits->pdata[0])->kind, ==, "activity");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = veil_store_search (f->store, "bread channel", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((VeilStoreHit *) hits->pdata[0])->kind, ==, "other");

  linkedin = exports_import (f, &error, "exports/linkedin-inferences.zip", NULL);
  g_assert_no_error (error);
  /* "Recruiter: No" is not an inference; no ad data at all in it. */
  g_assert_cmpuint (linkedin->n_inferences, ==, 2);
  g_assert_false (linkedin->holds & VEIL_HOLDS_ADVERTISERS);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = veil_store_search (f->store, "analytical engines", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
}

/* A store written by schema 1, with the same export imported twice. */
static void
test_migration (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;
  VeilStoreAccount *a;
  sqlite3 *db = NULL;

  veil_store_close (f->store);
  g_remove (f->path);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
    "CREATE TABLE imports (id INTEGER PRIMARY KEY, platform TEXT NOT NULL, label TEXT, source TEXT,"
    "  imported_at INTEGER, first_ts INTEGER, last_ts INTEGER);"
    "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE company_links (import_id INTEGER NOT NULL, company_id INTEGER NOT NULL, relation TEXT NOT NULL,"
    "  detail TEXT, ts INTEGER);"
    "CREATE TABLE events (import_id INTEGER NOT NULL, company_id INTEGER NOT NULL, event TEXT, ts INTEGER, detail TEXT);"
    "CREATE TABLE inferences (import_id INTEGER NOT NULL, kind TEXT, value TEXT NOT NULL, detail TEXT);"
    "CREATE TABLE locations (import_id INTEGER NOT NULL, ts INTEGER, lat REAL, lon REAL, accuracy REAL, name TEXT, source TEXT);"
    "CREATE TABLE logins (import_id INTEGER NOT NULL, ts INTEGER, action TEXT, ip TEXT, device TEXT, place TEXT);"
    "CREATE TABLE contacts (import_id INTEGER NOT NULL, name TEXT, detail TEXT, ts INTEGER);"
    "CREATE TABLE notes (import_id INTEGER NOT NULL, file TEXT, message TEXT);"
    "CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, import_id UNINDEXED, text,"
    "  tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO imports VALUES (1, 'facebook', 'a.zip', 'a.zip', 1, 1600000000, 1600000000),"
    "  (2, 'facebook', 'a.zip', 'a.zip', 2, 1600000000, 1600000000);"
    "INSERT INTO companies VALUES (1, 'Airbnb');"
    "INSERT INTO company_links VALUES (1, 1, 'uses-activity', NULL, NULL), (2, 1, 'uses-activity', NULL, NULL);"
    "INSERT INTO events VALUES (1, 1, 'PURCHASE', 1600000000, NULL), (2, 1, 'PURCHASE', 1600000000, NULL);"
    "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  f->store = veil_store_open (f->path, &error);
  g_assert_no_error (error);
  s = veil_store_summary (f->store, 10, &error);
  g_assert_cmpuint (s->accounts->len, ==, 1);
  a = g_ptr_array_index (s->accounts, 0);
  g_assert_cmpuint (a->exports->len, ==, 2);
  g_assert_cmpuint (a->n_advertisers, ==, 1);
  g_assert_cmpuint (a->n_events, ==, 1);
  /* Either copy can go: the other keeps the rows. */
  g_assert_true (veil_store_forget (f->store, 1, &error));
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE import_id = 2"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links WHERE import_id = 2"), ==, 1);
}

/* json-glib recurses per level: depth is refused before it sees the data. */
static void
test_json_depth (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  const char *brackets_in_strings = "{\"a\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"\"}";

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_assert_false (_veil_json_check_depth (deep->str, deep->len, "deep.json", &error));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "deep.json"));
  g_clear_error (&error);
  g_assert_true (_veil_json_check_depth (brackets_in_strings, strlen (brackets_in_strings), "s.json", &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, ExportsFixture, NULL, exports_set_up, func, exports_tear_down)
  ADD ("/exports/history/import-twice", test_import_twice);
  ADD ("/exports/history/older-then-newer", test_older_then_newer);
  ADD ("/exports/history/forget-one-of-two", test_forget_one_of_two);
  ADD ("/exports/history/cancel-leaves-store", test_cancel_leaves_store);
  ADD ("/exports/history/unread-lists", test_unread_lists);
  ADD ("/exports/history/platform-fixes", test_platform_fixes);
  ADD ("/exports/history/migration", test_migration);
  ADD ("/exports/history/json-depth", test_json_depth);
  return g_test_run ();
}
