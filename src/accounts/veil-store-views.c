/* veil-store-views.c: per-account views of the exports store for the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "veil-error.h"
#include "veil-store.h"
#include "veil-store-views.h"
#include "veil-store-private.h"

/* Untrusted exports can name any number of companies; a page of rows is
 * for reading, not for holding a whole database. */
#define MAX_COMPANIES 5000
#define MAX_INFERENCES 2000
#define MAX_PLACES 50
/* Timestamps the store keeps for history: 2000 to 2100. */
#define TS_RANGE "BETWEEN 946684800 AND 4102444800"

static void
company_free (VeilViewCompany *c)
{
  g_free (c->name);
  g_strfreev (c->relations);
  g_free (c);
}

static void
inference_free (VeilViewInference *i)
{
  g_free (i->kind);
  g_free (i->value);
  g_free (i->detail);
  g_free (i);
}

static void
login_free (VeilViewLogin *l)
{
  g_free (l->action);
  g_free (l->ip);
  g_free (l->device);
  g_free (l->place);
  g_free (l);
}

void
veil_account_view_free (VeilAccountView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->advertisers, g_ptr_array_unref);
  g_clear_pointer (&view->trackers, g_ptr_array_unref);
  g_clear_pointer (&view->months, g_array_unref);
  g_clear_pointer (&view->inferences, g_ptr_array_unref);
  g_clear_pointer (&view->points, g_array_unref);
  g_clear_pointer (&view->places, g_ptr_array_unref);
  g_clear_pointer (&view->logins, g_ptr_array_unref);
  g_free (view);
}

static char *
text_at (sqlite3_stmt *stmt,
         int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* Prepares sql with ?1 bound to the import (0: all) and ?2 to limit. */
static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         gint64       account_id,
         int          limit,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                   _("The exports store failed to %s: %s"), _("read an account"), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int (stmt, 2, limit);
  return stmt;
}

static gboolean
finish (sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3 *db = sqlite3_db_handle (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VEIL_STORE_ERROR,
                   rc == SQLITE_CORRUPT ? VEIL_STORE_ERROR_CORRUPT : VEIL_STORE_ERROR_FAILED,
                   _("The exports store failed to %s: %s"), _("read an account"), sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
load_companies (sqlite3     *db,
                const char  *sql,
                gint64       account_id,
                GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) company_free);
  sqlite3_stmt *stmt = prepare (db, sql, account_id, MAX_COMPANIES, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilViewCompany *c = g_new0 (VeilViewCompany, 1);
      const char *relations = (const char *) sqlite3_column_text (stmt, 1);

      c->name = text_at (stmt, 0);
      c->relations = g_strsplit (relations != NULL ? relations : "", ",", -1);
      /* group_concat gives no order; a stable order makes stable rows. */
      qsort (c->relations, g_strv_length (c->relations), sizeof (char *), compare_strings);
      c->count = (guint) sqlite3_column_int64 (stmt, 2);
      c->first_ts = sqlite3_column_int64 (stmt, 3);
      c->last_ts = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (list, c);
    }
  if (!finish (stmt, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

/* Events of off-platform trackers per calendar month, gaps filled with
 * zero so that a chart's bars sit on a true time axis. */
static GArray *
load_months (sqlite3     *db,
             gint64       account_id,
             GError     **error)
{
  g_autoptr(GArray) months = g_array_new (FALSE, TRUE, sizeof (VeilViewMonth));
  sqlite3_stmt *stmt = prepare (db,
    "SELECT CAST(strftime('%Y', ts, 'unixepoch') AS INTEGER), "
    "       CAST(strftime('%m', ts, 'unixepoch') AS INTEGER), count(*) FROM events "
    "WHERE (?1 = 0 OR account_id = ?1) AND ts " TS_RANGE " AND company_id IN "
    "  (SELECT company_id FROM company_links WHERE relation = '" VEIL_REL_TRACKED "' "
    "   AND (?1 = 0 OR account_id = ?1)) "
    "GROUP BY 1, 2 ORDER BY 1, 2", account_id, 0, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilViewMonth m = {
        .year = sqlite3_column_int (stmt, 0),
        .month = sqlite3_column_int (stmt, 1),
        .count = (guint) sqlite3_column_int64 (stmt, 2),
      };

      if (m.month < 1 || m.month > 12)
        continue;
      /* At most 1,200 months between 2000 and 2100, so filling is bounded. */
      while (months->len > 0)
        {
          VeilViewMonth last = g_array_index (months, VeilViewMonth, months->len - 1);
          VeilViewMonth next = { last.year + (last.month == 12), last.month % 12 + 1, 0 };

          if (next.year > m.year || (next.year == m.year && next.month >= m.month))
            break;
          g_array_append_val (months, next);
        }
      g_array_append_val (months, m);
    }
  if (!finish (stmt, rc, error))
    return NULL;
  return g_steal_pointer (&months);
}

static GPtrArray *
load_inferences (sqlite3     *db,
                 gint64       account_id,
                 GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) inference_free);
  sqlite3_stmt *stmt = prepare (db,
    "SELECT kind, value, detail FROM inferences WHERE (?1 = 0 OR account_id = ?1) "
    "GROUP BY kind, value ORDER BY kind, value LIMIT ?2", account_id, MAX_INFERENCES, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilViewInference *i = g_new0 (VeilViewInference, 1);

      i->kind = text_at (stmt, 0);
      i->value = text_at (stmt, 1);
      i->detail = text_at (stmt, 2);
      g_ptr_array_add (list, i);
    }
  if (!finish (stmt, rc, error))
    return NULL;
  return g_steal_pointer (&list);
}

static gboolean
load_points (sqlite3          *db,
             VeilAccountView  *view,
             guint             max_points,
             GError          **error)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT count(*) FROM locations WHERE (?1 = 0 OR account_id = ?1)",
                                view->account_id, 0, error);
  guint stride;
  guint64 row = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      view->n_points = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
      rc = SQLITE_DONE;
    }
  if (!finish (stmt, rc, error))
    return FALSE;

  /* Every stride-th point: a plot of a million points is no clearer than
   * one of max_points, and it has to be drawn on every frame. */
  stride = max_points > 0 ? MAX (1, (view->n_points + max_points - 1) / max_points) : 1;
  view->points = g_array_sized_new (FALSE, TRUE, sizeof (VeilViewPoint), MIN (view->n_points, max_points));
  stmt = prepare (db, "SELECT ts, lat, lon FROM locations WHERE (?1 = 0 OR account_id = ?1) ORDER BY ts",
                  view->account_id, 0, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilViewPoint p;

      if (row++ % stride != 0 || view->points->len >= max_points)
        continue;
      p.ts = sqlite3_column_int64 (stmt, 0);
      p.lat = CLAMP (sqlite3_column_double (stmt, 1), -90.0, 90.0);
      p.lon = CLAMP (sqlite3_column_double (stmt, 2), -180.0, 180.0);
      g_array_append_val (view->points, p);
    }
  if (!finish (stmt, rc, error))
    return FALSE;

  view->places = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_ranked_free);
  stmt = prepare (db, "SELECT name, count(*) AS n FROM locations WHERE (?1 = 0 OR account_id = ?1) "
                      "AND name IS NOT NULL AND name != '' GROUP BY name ORDER BY n DESC, name LIMIT ?2",
                  view->account_id, MAX_PLACES, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilStoreRanked *r = g_new0 (VeilStoreRanked, 1);

      r->name = text_at (stmt, 0);
      r->count = (guint) sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (view->places, r);
    }
  return finish (stmt, rc, error);
}

static gboolean
load_logins (sqlite3          *db,
             VeilAccountView  *view,
             guint             max_rows,
             GError          **error)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT count(*) FROM logins WHERE (?1 = 0 OR account_id = ?1)",
                                view->account_id, 0, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      view->n_logins = (guint) MIN (sqlite3_column_int64 (stmt, 0), G_MAXUINT);
      rc = SQLITE_DONE;
    }
  if (!finish (stmt, rc, error))
    return FALSE;

  view->logins = g_ptr_array_new_with_free_func ((GDestroyNotify) login_free);
  stmt = prepare (db, "SELECT ts, action, ip, device, place FROM logins WHERE (?1 = 0 OR account_id = ?1) "
                      "ORDER BY ts IS NULL, ts DESC LIMIT ?2", view->account_id, (int) MIN (max_rows, G_MAXINT), error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilViewLogin *l = g_new0 (VeilViewLogin, 1);

      l->ts = sqlite3_column_int64 (stmt, 0);
      l->action = text_at (stmt, 1);
      l->ip = text_at (stmt, 2);
      l->device = text_at (stmt, 3);
      l->place = text_at (stmt, 4);
      g_ptr_array_add (view->logins, l);
    }
  return finish (stmt, rc, error);
}

VeilAccountView *
veil_account_view_load (const char  *store_path,
                        gint64       account_id,
                        guint        max_rows,
                        guint        max_points,
                        GError     **error)
{
  g_autoptr(VeilAccountView) view = g_new0 (VeilAccountView, 1);
  g_autofree char *path = store_path != NULL ? g_strdup (store_path) : veil_store_default_path ();
  sqlite3 *db = NULL;
  gboolean ok;

  view->account_id = account_id;
  /* Read-only and without creating anything: the store is made by
   * veil_store_open(); a missing one is simply empty. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      view->advertisers = g_ptr_array_new ();
      view->trackers = g_ptr_array_new ();
      view->months = g_array_new (FALSE, TRUE, sizeof (VeilViewMonth));
      view->inferences = g_ptr_array_new ();
      view->points = g_array_new (FALSE, TRUE, sizeof (VeilViewPoint));
      view->places = g_ptr_array_new ();
      view->logins = g_ptr_array_new ();
      return g_steal_pointer (&view);
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                   _("Cannot open the exports store %s: %s"), path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 5000);
  /* One read transaction: every list sees the same state of the store. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);

  ok = (view->advertisers = load_companies (db,
          "SELECT c.name, group_concat(DISTINCT l.relation), count(*), min(l.ts), max(l.ts) "
          "FROM company_links l JOIN companies c ON c.id = l.company_id "
          "WHERE (?1 = 0 OR l.account_id = ?1) AND l.relation IN " ADVERTISER_RELATIONS " "
          "GROUP BY l.company_id ORDER BY count(DISTINCT l.relation) DESC, count(*) DESC, c.name LIMIT ?2",
          account_id, error)) != NULL &&
       (view->trackers = load_companies (db,
          "SELECT c.name, '" VEIL_REL_TRACKED "', "
          "  (SELECT count(*) FROM events e WHERE e.company_id = c.id AND (?1 = 0 OR e.account_id = ?1)) AS n, "
          "  (SELECT min(ts) FROM events e WHERE e.company_id = c.id AND (?1 = 0 OR e.account_id = ?1)), "
          "  (SELECT max(ts) FROM events e WHERE e.company_id = c.id AND (?1 = 0 OR e.account_id = ?1)) "
          "FROM companies c WHERE c.id IN (SELECT company_id FROM company_links "
          "  WHERE relation = '" VEIL_REL_TRACKED "' AND (?1 = 0 OR account_id = ?1)) "
          "ORDER BY n DESC, c.name LIMIT ?2", account_id, error)) != NULL &&
       (view->months = load_months (db, account_id, error)) != NULL &&
       (view->inferences = load_inferences (db, account_id, error)) != NULL &&
       load_points (db, view, max_points, error) &&
       load_logins (db, view, max_rows, error);

  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return ok ? g_steal_pointer (&view) : NULL;
}
