/* veil-store-forget.c: forgetting one export, keeping what another export
 * of the same account also holds.
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

/* Runs sql with ?1 bound to id. */
static gboolean
run (VeilStore   *store,
     const char  *sql,
     gint64       id)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok;
}

/* Rows the export holds alone go; rows another export of the account holds
 * too pass to that export. */
static gboolean
forget_rows (VeilStore *store,
             gint64     import_id)
{
  for (const VeilStoreRowKey *k = _veil_store_row_keys; k->table != NULL; k++)
    {
      g_autofree char *sql = g_strdup_printf (
        "UPDATE %1$s SET import_id = (SELECT min(h.import_id) FROM holders h WHERE h.tbl = '%1$s' "
        "  AND h.row = %1$s.rowid AND h.import_id != ?1) "
        "WHERE import_id = ?1 AND rowid IN (SELECT row FROM holders WHERE tbl = '%1$s' AND import_id != ?1);"
        "DELETE FROM holders WHERE tbl = '%1$s' "
        "  AND import_id = (SELECT import_id FROM %1$s WHERE rowid = holders.row);"
        "DELETE FROM %1$s WHERE import_id = ?1;", k->table);
      g_auto(GStrv) statements = g_strsplit (sql, ";", -1);

      for (guint i = 0; statements[i] != NULL; i++)
        if (*g_strstrip (statements[i]) != '\0' && !run (store, statements[i], import_id))
          return FALSE;
    }
  return run (store, "DELETE FROM holders WHERE import_id = ?1", import_id) &&
         run (store, "DELETE FROM notes WHERE import_id = ?1", import_id) &&
         run (store, "DELETE FROM unread WHERE import_id = ?1", import_id) &&
         run (store, "DELETE FROM search WHERE import_id = ?1", import_id);
}

static gboolean
forget_one (VeilStore *store,
            gint64     import_id,
            gboolean  *found)
{
  if (!forget_rows (store, import_id) || !run (store, "DELETE FROM imports WHERE id = ?1", import_id))
    return FALSE;
  *found = sqlite3_changes (store->db) > 0;
  return TRUE;
}

/* Accounts without exports, and company names nobody refers to any more
 * (they would still say who had your data), go too. */
static gboolean
forget_orphans (VeilStore *store)
{
  return run (store, "DELETE FROM accounts WHERE id NOT IN (SELECT account_id FROM imports) AND ?1 = ?1", 0) &&
         run (store, "DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM company_links) "
                     "AND id NOT IN (SELECT company_id FROM events) AND ?1 = ?1", 0);
}

/* Forgets the exports in ids (the account's when account is TRUE). */
static gboolean
forget (VeilStore   *store,
        gint64       id,
        gboolean     account,
        GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean found = FALSE;

  if (!_veil_store_exec (store, "BEGIN IMMEDIATE", _("forget an export"), error))
    return FALSE;
  if (account)
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (store->db, "SELECT id FROM imports WHERE account_id = ?1", -1, &stmt, NULL) == SQLITE_OK)
        {
          sqlite3_bind_int64 (stmt, 1, id);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              gint64 import_id = sqlite3_column_int64 (stmt, 0);
              g_array_append_val (ids, import_id);
            }
        }
      sqlite3_finalize (stmt);
    }
  else
    g_array_append_val (ids, id);
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean one = FALSE;

      if (!forget_one (store, g_array_index (ids, gint64, i), &one))
        goto fail;
      found |= one;
    }
  if (!forget_orphans (store))
    goto fail;
  if (!found)
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                   account ? _("There is no account with the number %" PRId64)
                           : _("There is no imported export with the number %" PRId64), id);
      return FALSE;
    }
  if (!_veil_store_exec (store, "COMMIT", _("forget an export"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;

fail:
  _veil_store_set_error (error, store->db, _("forget an export"));
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

gboolean
veil_store_forget (VeilStore   *store,
                   gint64       import_id,
                   GError     **error)
{
  return forget (store, import_id, FALSE, error);
}

gboolean
veil_store_forget_account (VeilStore   *store,
                           gint64       account_id,
                           GError     **error)
{
  return forget (store, account_id, TRUE, error);
}
