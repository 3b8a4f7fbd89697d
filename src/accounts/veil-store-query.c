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

static GPtrArray *
load_unread (VeilStore *store,
             gint64     import_id)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_unread_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (store->db, "SELECT file, size, reason, failed FROM unread WHERE import_id = ?1 "
                          "ORDER BY file", -1, &stmt, NULL) != SQLITE_OK)
    return list;
  sqlite3_bind_int64 (stmt, 1, import_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VeilStoreUnread *u = g_new0 (VeilStoreUnread, 1);

      u->file = column_strdup (stmt, 0);
      u->size = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 1);
      u->reason = column_strdup (stmt, 2);
      u->failed = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (list, u);
    }
  sqlite3_finalize (stmt);
  return list;
}

/* The account's exports, its notes, and what it holds over all of them. */
static void
load_exports (VeilStore        *store,
              VeilStoreAccount *a)
{
  sqlite3_stmt *stmt = NULL;

  a->exports = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_export_free);
  a->notes = g_ptr_array_new_with_free_func (g_free);
  if (sqlite3_prepare_v2 (store->db, "SELECT id, label, source, imported_at, generated_at, first_ts, last_ts, "
                          "n_skipped, holds FROM imports WHERE account_id = ?1 ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_int64 (stmt, 1, a->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VeilStoreExport *e = g_new0 (VeilStoreExport, 1);
      sqlite3_stmt *notes = NULL;

      e->id = sqlite3_column_int64 (stmt, 0);
      e->label = column_strdup (stmt, 1);
      e->source = column_strdup (stmt, 2);
      e->imported_at = sqlite3_column_int64 (stmt, 3);
      e->generated_at = sqlite3_column_int64 (stmt, 4);
      e->first_ts = sqlite3_column_int64 (stmt, 5);
      e->last_ts = sqlite3_column_int64 (stmt, 6);
      e->n_skipped = (guint) sqlite3_column_int64 (stmt, 7);
      a->holds |= (guint) sqlite3_column_int64 (stmt, 8);
      e->unread = load_unread (store, e->id);
      if (e->first_ts != 0 && (a->first_ts == 0 || e->first_ts < a->first_ts))
        a->first_ts = e->first_ts;
      a->last_ts = MAX (a->last_ts, e->last_ts);
      g_free (a->label);
      a->label = g_strdup (e->label);
      g_free (a->source);
      a->source = g_strdup (e->source);
      a->imported_at = e->imported_at;
      if (sqlite3_prepare_v2 (store->db, "SELECT message FROM notes WHERE import_id = ?1",
                              -1, &notes, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int64 (notes, 1, e->id);
          while (sqlite3_step (notes) == SQLITE_ROW)
            g_ptr_array_add (a->notes, column_strdup (notes, 0));
        }
      sqlite3_finalize (notes);
      g_ptr_array_add (a->exports, e);
    }
  sqlite3_finalize (stmt);
}

VeilStoreSummary *
veil_store_summary (VeilStore  *store,
                    guint       top_n,
                    GError    **error)
{
  g_autoptr(VeilStoreSummary) summary = g_new0 (VeilStoreSummary, 1);
  sqlite3_stmt *stmt = NULL;

  summary->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_store_account_free);
  if (sqlite3_prepare_v2 (store->db, "SELECT id, platform, name FROM accounts ORDER BY id", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("read the summary"));
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      VeilStoreAccount *a = g_new0 (VeilStoreAccount, 1);

      a->id = sqlite3_column_int64 (stmt, 0);
      a->platform = column_strdup (stmt, 1);
      a->name = column_strdup (stmt, 2);
      load_exports (store, a);
      a->n_advertisers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                      "WHERE account_id = ?1 AND relation IN " ADVERTISER_RELATIONS, a->id);
      a->n_trackers = count_query (store, "SELECT count(DISTINCT company_id) FROM company_links "
                                   "WHERE account_id = ?1 AND relation = '" VEIL_REL_TRACKED "'", a->id);
      a->n_events = count_query (store, "SELECT count(*) FROM events WHERE account_id = ?1", a->id);
      a->n_inferences = count_query (store, "SELECT count(*) FROM inferences WHERE account_id = ?1", a->id);
      a->n_locations = count_query (store, "SELECT count(*) FROM locations WHERE account_id = ?1", a->id);
      a->n_logins = count_query (store, "SELECT count(*) FROM logins WHERE account_id = ?1", a->id);
      a->n_contacts = count_query (store, "SELECT count(*) FROM contacts WHERE account_id = ?1", a->id);
      a->n_others = count_query (store, "SELECT count(*) FROM others WHERE account_id = ?1", a->id);
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
    "SELECT c.name, count(DISTINCT l.relation || l.account_id) AS n FROM company_links l "
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

gint64
veil_store_find_export (VeilStore   *store,
                        const char  *digest,
                        const char  *platform,
                        const char  *account,
                        gint64       generated_at,
                        gint64       except_id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (store->db,
                          "SELECT i.id FROM imports i LEFT JOIN accounts a ON a.id = i.account_id "
                          "WHERE i.id != ?5 AND ((?1 IS NOT NULL AND i.digest = ?1) OR "
                          "  (?4 != 0 AND i.generated_at = ?4 AND a.platform = ?2 AND a.name = ?3)) "
                          "ORDER BY i.id LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, platform, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, account != NULL ? account : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, generated_at);
  sqlite3_bind_int64 (stmt, 5, except_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
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
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_DONE;

  if (query == NULL)
    return g_steal_pointer (&hits);
  /* Each export of an account indexes what it holds: one hit per account. */
  if (sqlite3_prepare_v2 (store->db, "SELECT s.kind, s.import_id, i.platform, s.text, i.account_id FROM search s "
                          "JOIN imports i ON i.id = s.import_id WHERE search MATCH ?1 "
                          "ORDER BY rank", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("search"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  while (hits->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilStoreHit *hit;
      char *key = g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%s\x1f%s", (gint64) sqlite3_column_int64 (stmt, 4),
                                   (const char *) sqlite3_column_text (stmt, 0),
                                   (const char *) sqlite3_column_text (stmt, 3));

      if (!g_hash_table_add (seen, key))
        continue;
      hit = g_new0 (VeilStoreHit, 1);
      hit->account_id = sqlite3_column_int64 (stmt, 4);

      hit->kind = column_strdup (stmt, 0);
      hit->import_id = sqlite3_column_int64 (stmt, 1);
      hit->platform = column_strdup (stmt, 2);
      hit->text = column_strdup (stmt, 3);
      g_ptr_array_add (hits, hit);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
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
  g_free (account->name);
  g_clear_pointer (&account->exports, g_ptr_array_unref);
  g_free (account->label);
  g_free (account->source);
  g_clear_pointer (&account->notes, g_ptr_array_unref);
  g_free (account);
}

void
veil_store_unread_free (VeilStoreUnread *unread)
{
  if (unread == NULL)
    return;
  g_free (unread->file);
  g_free (unread->reason);
  g_free (unread);
}

void
veil_store_export_free (VeilStoreExport *export)
{
  if (export == NULL)
    return;
  g_free (export->label);
  g_free (export->source);
  g_clear_pointer (&export->unread, g_ptr_array_unref);
  g_free (export);
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
