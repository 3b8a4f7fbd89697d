/* test-accounts-common.h: a fresh store per test and the counts of one
 * imported account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "veil-error.h"
#include "veil-export.h"
#include "veil-store.h"
#include "veil-test-utils.h"

typedef struct {
  char      *dir;
  char      *path;
  VeilStore *store;
} ExportsFixture;

static inline void
exports_set_up (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = veil_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "exports.db", NULL);
  f->store = veil_store_open (f->path, &error);
  g_assert_no_error (error);
}

static inline void
exports_tear_down (ExportsFixture *f, gconstpointer data)
{
  veil_store_close (f->store);
  veil_test_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The account that export import_id feeds, from a fresh summary. */
static inline VeilStoreAccount *
exports_account_of (ExportsFixture *f, gint64 import_id)
{
  g_autoptr(VeilStoreSummary) s = veil_store_summary (f->store, 10, NULL);

  for (guint i = 0; i < s->accounts->len; i++)
    {
      VeilStoreAccount *a = g_ptr_array_index (s->accounts, i);
      for (guint e = 0; e < a->exports->len; e++)
        if (((VeilStoreExport *) g_ptr_array_index (a->exports, e))->id == import_id)
          return g_ptr_array_steal_index (s->accounts, i);
    }
  g_assert_not_reached ();
  return NULL;
}

/* Imports tests/data/exports/<names…>; returns the account it fed. */
static inline VeilStoreAccount *
exports_import (ExportsFixture *f, GError **error, const char *first, ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name = first;
  gint64 id = 0;
  va_list args;

  va_start (args, first);
  for (; name != NULL; name = va_arg (args, const char *))
    g_ptr_array_add (paths, veil_test_data_path (name));
  va_end (args);
  g_ptr_array_add (paths, NULL);
  if (!veil_export_import (f->store, (const char * const *) paths->pdata, NULL, NULL, NULL, &id, error))
    return NULL;
  return exports_account_of (f, id);
}

/* A single number from the store file, read through a second connection. */
static inline gint64
exports_query (ExportsFixture *f, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

#define assert_counts(a, adv, trk, ev, inf, loc, log, con) G_STMT_START { \
  g_assert_cmpuint ((a)->n_advertisers, ==, (adv));                       \
  g_assert_cmpuint ((a)->n_trackers, ==, (trk));                          \
  g_assert_cmpuint ((a)->n_events, ==, (ev));                             \
  g_assert_cmpuint ((a)->n_inferences, ==, (inf));                        \
  g_assert_cmpuint ((a)->n_locations, ==, (loc));                         \
  g_assert_cmpuint ((a)->n_logins, ==, (log));                            \
  g_assert_cmpuint ((a)->n_contacts, ==, (con));                          \
} G_STMT_END

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilStoreAccount, veil_store_account_free)
