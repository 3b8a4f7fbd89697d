/* veil-store-query.c: reading the exports store: the summary, search,
 * company names and the evidence for request letters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "veil-error.h"
#include "veil-store.h"
#include "veil-store-private.h"

/* ---- queries -------------------------------------------------------------- */

static char *
column_strdup (sqlite3_stmt *stmt,
               int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static guint
count_query (VeilStore  *store,
             const char *sql,
             gint64      import_id)
{
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  if (import_id != 0)
    sqlite3_bind_int64 (stmt, 1, import_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static GPtrArray *
ranked_query (VeilStore  *store,
              const char *sql,
              guint       limit)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_ranked_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return list;
  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VeilStoreRanked *r = g_new0 (VeilStoreRanked, 1);

      r->name = column_strdup (stmt, 0);
      r->count = (guint) sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (list, r);
    }
  sqlite3_finalize (stmt);
  return list;
}

VeilStoreSummary *
veil_store_summary (VeilStore  *store,
                    guint       top_n,
                    GError    **error)
{
  g_autoptr(VeilStoreSummary) summary = g_new0 (VeilStoreSummary, 1);
  sqlite3_stmt *stmt = NULL;

  summary->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_account_free);
  if (sqlite3_prepare_v2 (store->db, "SELECT id, platform, label, source, imported_at, first_ts, last_ts "
                          "FROM imports ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("read the summary"));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VeilStoreAccount *a = g_new0 (VeilStoreAccount, 1);
      sqlite3_stmt *notes = NULL;

      a->id = sqlite3_column_int64 (stmt, 0);
      a->platform = column_strdup (stmt, 1);
      a->label = column_strdup (stmt, 2);
      a->source = column_strdup (stmt, 3);
      a->imported_at = sqlite3_column_int64 (stmt, 4);
      a->first_ts = sqlite3_column_int64 (stmt, 5);
      a->last_ts = sqlite3_column_int64 (stmt, 6);
      a->n_advertisers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                      "WHERE import_id = ?1 AND relation IN " ADVERTISER_RELATIONS, a->id);
      a->n_trackers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                   "WHERE import_id = ?1 AND relation = '" VEIL_REL_TRACKED "'", a->id);
      a->n_events = count_query (store, "SELECT count(*) FROM events WHERE import_id = ?1", a->id);
      a->n_inferences = count_query (store, "SELECT count(*) FROM inferences WHERE import_id = ?1", a->id);
      a->n_locations = count_query (store, "SELECT count(*) FROM locations WHERE import_id = ?1", a->id);
      a->n_logins = count_query (store, "SELECT count(*) FROM logins WHERE import_id = ?1", a->id);
      a->n_contacts = count_query (store, "SELECT count(*) FROM contacts WHERE import_id = ?1", a->id);
      a->notes = g_ptr_array_new_with_free_func (g_free);
      if (sqlite3_prepare_v2 (store->db, "SELECT file, message FROM notes WHERE import_id = ?1",
                              -1, &notes, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int64 (notes, 1, a->id);
          while (sqlite3_step (notes) == SQLITE_ROW)
            g_ptr_array_add (a->notes, g_strdup ((const char *) sqlite3_column_text (notes, 1)));
        }
      sqlite3_finalize (notes);
      if (a->first_ts != 0 && (summary->first_ts == 0 || a->first_ts < summary->first_ts))
        summary->first_ts = a->first_ts;
      summary->last_ts = MAX (summary->last_ts, a->last_ts);
      g_ptr_array_add (summary->accounts, a);
    }
  sqlite3_finalize (stmt);

  summary->n_advertisers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                        "WHERE relation IN " ADVERTISER_RELATIONS, 0);
  summary->n_trackers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                     "WHERE relation = '" VEIL_REL_TRACKED "'", 0);
  summary->top_advertisers = ranked_query (store,
    "SELECT c.name, count(DISTINCT l.relation || l.import_id) AS n FROM company_links l "
    "JOIN companies c ON c.id = l.company_id WHERE l.relation IN " ADVERTISER_RELATIONS " "
    "GROUP BY l.company_id ORDER BY n DESC, c.name LIMIT ?1", top_n);
  summary->top_trackers = ranked_query (store,
    "SELECT c.name, count(*) AS n FROM events e JOIN companies c ON c.id = e.company_id "
    "WHERE e.company_id IN (SELECT company_id FROM company_links WHERE relation = '" VEIL_REL_TRACKED "') "
    "GROUP BY e.company_id ORDER BY n DESC, c.name LIMIT ?1", top_n);
  summary->top_inferences = ranked_query (store,
    "SELECT value, count(*) AS n FROM inferences GROUP BY value ORDER BY n DESC, value LIMIT ?1", top_n);
  return g_steal_pointer (&summary);
}

/* Turns what a person typed into an FTS5 query of quoted prefix terms, so
 * that punctuation in the text never becomes query syntax. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_str_tokenize_and_fold (text, NULL, NULL);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = g_strsplit (words[i], "\"", -1);

      escaped = g_strjoinv ("\"\"", parts);
      if (q->len > 0)
        g_string_append_c (q, ' ');
      g_string_append_printf (q, "\"%s\"*", escaped);
    }
  return g_string_free (q, q->len == 0);
}

GPtrArray *
veil_store_search (VeilStore   *store,
                   const char  *text,
                   guint        limit,
                   GError     **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_hit_free);
  g_autofree char *query = fts_query (text);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (query == NULL)
    return g_steal_pointer (&hits);
  if (sqlite3_prepare_v2 (store->db, "SELECT s.kind, s.import_id, i.platform, s.text FROM search s "
                          "JOIN imports i ON i.id = s.import_id WHERE search MATCH ?1 "
                          "ORDER BY rank LIMIT ?2", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("search"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilStoreHit *hit = g_new0 (VeilStoreHit, 1);

      hit->kind = column_strdup (stmt, 0);
      hit->import_id = sqlite3_column_int64 (stmt, 1);
      hit->platform = column_strdup (stmt, 2);
      hit->text = column_strdup (stmt, 3);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE)
    {
      _veil_store_set_error (error, store->db, _("search"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&hits);
}

GPtrArray *
veil_store_companies (VeilStore  *store,
                      GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, "SELECT name FROM companies ORDER BY name", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("list companies"));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, column_strdup (stmt, 0));
  sqlite3_finalize (stmt);
  return g_steal_pointer (&names);
}

GPtrArray *
veil_store_evidence (VeilStore          *store,
                     const char * const *names,
                     GError            **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_evidence_free);
  /* Links first, then event counts per company and platform. */
  static const char *const queries[] = {
    "SELECT c.name, i.platform, l.relation, count(*), min(l.ts), max(l.ts) FROM company_links l "
    "JOIN companies c ON c.id = l.company_id JOIN imports i ON i.id = l.import_id "
    "WHERE c.name = ?1 GROUP BY i.platform, l.relation",
    "SELECT c.name, i.platform, 'events', count(*), min(e.ts), max(e.ts) FROM events e "
    "JOIN companies c ON c.id = e.company_id JOIN imports i ON i.id = e.import_id "
    "WHERE c.name = ?1 GROUP BY i.platform",
  };

  for (guint n = 0; names != NULL && names[n] != NULL; n++)
    for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        sqlite3_stmt *stmt = NULL;

        if (sqlite3_prepare_v2 (store->db, queries[q], -1, &stmt, NULL) != SQLITE_OK)
          {
            _veil_store_set_error (error, store->db, _("read what the exports showed"));
            return NULL;
          }
        sqlite3_bind_text (stmt, 1, names[n], -1, SQLITE_STATIC);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            VeilStoreEvidence *e = g_new0 (VeilStoreEvidence, 1);

            e->name = column_strdup (stmt, 0);
            e->platform = column_strdup (stmt, 1);
            e->relation = column_strdup (stmt, 2);
            e->count = (guint) sqlite3_column_int64 (stmt, 3);
            e->first_ts = sqlite3_column_int64 (stmt, 4);
            e->last_ts = sqlite3_column_int64 (stmt, 5);
            g_ptr_array_add (list, e);
          }
        sqlite3_finalize (stmt);
      }
  return g_steal_pointer (&list);
}

/* ---- freeing ------------------------------------------------------------ */

void
veil_store_account_free (VeilStoreAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->platform);
  g_free (account->label);
  g_free (account->source);
  g_clear_pointer (&account->notes, g_ptr_array_unref);
  g_free (account);
}

void
veil_store_ranked_free (VeilStoreRanked *ranked)
{
  if (ranked == NULL)
    return;
  g_free (ranked->name);
  g_free (ranked);
}

void
veil_store_summary_free (VeilStoreSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->accounts, g_ptr_array_unref);
  g_clear_pointer (&summary->top_advertisers, g_ptr_array_unref);
  g_clear_pointer (&summary->top_trackers, g_ptr_array_unref);
  g_clear_pointer (&summary->top_inferences, g_ptr_array_unref);
  g_free (summary);
}

void
veil_store_hit_free (VeilStoreHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->kind);
  g_free (hit->platform);
  g_free (hit->text);
  g_free (hit);
}

void
veil_store_evidence_free (VeilStoreEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->name);
  g_free (evidence->platform);
  g_free (evidence->relation);
  g_free (evidence);
}
