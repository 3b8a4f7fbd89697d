/* veil-store-import.c: writing to the exports store: one transaction per
 * import, and forgetting an import.
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

/* Tables whose rows belong to one import; forgetting an import empties them. */
static const char *const import_tables[] = {
  "company_links", "events", "inferences", "locations", "logins", "contacts", "notes", "search",
};

struct _VeilStoreImport {
  VeilStore  *store;
  gint64      id;
  GError     *error;
  GHashTable *company_ids;  /* name → id, valid for this transaction only */
  GHashTable *indexed;      /* "kind\x1ftext" already in the search index */
  gint64      first_ts;
  gint64      last_ts;
  guint64     n_rows;
  guint64     fail_after;   /* test hook; 0 = never */
};

/* ---- imports ------------------------------------------------------------ */

VeilStoreImport *
veil_store_import_begin (VeilStore   *store,
                         const char  *platform,
                         const char  *label,
                         const char  *source,
                         GError     **error)
{
  VeilStoreImport *import;
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (!store->in_import, NULL);

  if (!_veil_store_exec (store, "BEGIN IMMEDIATE", _("start an import"), error))
    return NULL;
  if (sqlite3_prepare_v2 (store->db, "INSERT INTO imports (platform, label, source, imported_at) "
                          "VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("start an import"));
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, platform, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _veil_store_set_error (error, store->db, _("start an import"));
      sqlite3_finalize (stmt);
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_finalize (stmt);

  import = g_new0 (VeilStoreImport, 1);
  import->store = store;
  import->id = sqlite3_last_insert_rowid (store->db);
  import->company_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  import->indexed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store->in_import = TRUE;
  return import;
}

gint64
veil_store_import_get_id (VeilStoreImport *import)
{
  return import->id;
}

gboolean
veil_store_import_ok (VeilStoreImport *import)
{
  return import->error == NULL;
}

void
_veil_store_import_fail_after (VeilStoreImport *import,
                               guint            n)
{
  import->fail_after = n;
}

static void
import_free (VeilStoreImport *import)
{
  import->store->in_import = FALSE;
  g_clear_error (&import->error);
  g_hash_table_unref (import->company_ids);
  g_hash_table_unref (import->indexed);
  g_free (import);
}

void
veil_store_import_abort (VeilStoreImport *import)
{
  if (import == NULL)
    return;
  sqlite3_exec (import->store->db, "ROLLBACK", NULL, NULL, NULL);
  import_free (import);
}

gboolean
veil_store_import_commit (VeilStoreImport  *import,
                          GError          **error)
{
  VeilStore *store = import->store;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (import->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&import->error));
      veil_store_import_abort (import);
      return FALSE;
    }
  if (sqlite3_prepare_v2 (store->db, "UPDATE imports SET first_ts = ?1, last_ts = ?2 WHERE id = ?3",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      if (import->first_ts != 0)
        {
          sqlite3_bind_int64 (stmt, 1, import->first_ts);
          sqlite3_bind_int64 (stmt, 2, import->last_ts);
        }
      sqlite3_bind_int64 (stmt, 3, import->id);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (!ok || sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("save the import"));
      veil_store_import_abort (import);
      return FALSE;
    }
  import_free (import);
  return TRUE;
}

/* Steps a prepared insert and resets it; the first failure sticks. */
static void
run_insert (VeilStoreImport *import,
            sqlite3_stmt    *stmt)
{
  import->n_rows++;
  if (import->fail_after != 0 && import->n_rows >= import->fail_after)
    {
      if (import->error == NULL)
        g_set_error (&import->error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                     _("The exports store failed to save a row: %s"), "simulated failure");
    }
  else if (sqlite3_step (stmt) != SQLITE_DONE && import->error == NULL)
    _veil_store_set_error (&import->error, import->store->db, _("save a row"));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
bind_ts (sqlite3_stmt *stmt,
         int           col,
         gint64        ts)
{
  if (ts != 0)
    sqlite3_bind_int64 (stmt, col, ts);
}

static void
note_time (VeilStoreImport *import,
           gint64           ts)
{
  /* Dates before 2000 or far in the future are parse noise, not history. */
  if (ts < 946684800 || ts > 4102444800)
    return;
  if (import->first_ts == 0 || ts < import->first_ts)
    import->first_ts = ts;
  if (ts > import->last_ts)
    import->last_ts = ts;
}

static void
index_text (VeilStoreImport *import,
            const char      *kind,
            const char      *text)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_SEARCH];
  char *key;

  if (text == NULL || *text == '\0')
    return;
  key = g_strconcat (kind, "\x1f", text, NULL);
  if (!g_hash_table_add (import->indexed, key))
    return;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, import->id);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  run_insert (import, stmt);
}

static gint64
company_id (VeilStoreImport *import,
            const char      *name)
{
  VeilStore *store = import->store;
  gpointer cached;
  gint64 id = 0;

  if (g_hash_table_lookup_extended (import->company_ids, name, NULL, &cached))
    return (gint64) GPOINTER_TO_SIZE (cached);

  sqlite3_bind_text (store->stmts[STMT_COMPANY_INSERT], 1, name, -1, SQLITE_STATIC);
  run_insert (import, store->stmts[STMT_COMPANY_INSERT]);
  sqlite3_bind_text (store->stmts[STMT_COMPANY_ID], 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (store->stmts[STMT_COMPANY_ID]) == SQLITE_ROW)
    id = sqlite3_column_int64 (store->stmts[STMT_COMPANY_ID], 0);
  sqlite3_reset (store->stmts[STMT_COMPANY_ID]);
  if (id == 0)
    {
      if (import->error == NULL)
        _veil_store_set_error (&import->error, store->db, _("save a company"));
      return 0;
    }
  g_hash_table_insert (import->company_ids, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
  index_text (import, "company", name);
  return id;
}

static gboolean
usable (VeilStoreImport *import,
        const char      *text)
{
  return import->error == NULL && text != NULL && *text != '\0';
}

void
veil_store_import_add_company (VeilStoreImport *import,
                               const char      *name,
                               const char      *relation,
                               const char      *detail,
                               gint64           ts)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_LINK];
  gint64 id;

  if (!usable (import, name) || (id = company_id (import, name)) == 0)
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 3, relation, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, detail, -1, SQLITE_STATIC);
  bind_ts (stmt, 5, ts);
  note_time (import, ts);
  run_insert (import, stmt);
}

void
veil_store_import_add_event (VeilStoreImport *import,
                             const char      *company,
                             const char      *event,
                             gint64           ts,
                             const char      *detail)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_EVENT];
  gint64 id;

  if (!usable (import, company) || (id = company_id (import, company)) == 0)
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_bind_text (stmt, 3, event, -1, SQLITE_STATIC);
  bind_ts (stmt, 4, ts);
  sqlite3_bind_text (stmt, 5, detail, -1, SQLITE_STATIC);
  note_time (import, ts);
  run_insert (import, stmt);
}

void
veil_store_import_add_inference (VeilStoreImport *import,
                                 const char      *kind,
                                 const char      *value,
                                 const char      *detail)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_INFERENCE];

  if (!usable (import, value))
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, detail, -1, SQLITE_STATIC);
  run_insert (import, stmt);
  index_text (import, "inference", value);
}

void
veil_store_import_add_location (VeilStoreImport *import,
                                gint64           ts,
                                double           lat,
                                double           lon,
                                double           accuracy,
                                const char      *name,
                                const char      *source)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_LOCATION];

  if (import->error != NULL || lat < -90 || lat > 90 || lon < -180 || lon > 180 ||
      lat != lat || lon != lon)
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  bind_ts (stmt, 2, ts);
  sqlite3_bind_double (stmt, 3, lat);
  sqlite3_bind_double (stmt, 4, lon);
  if (accuracy >= 0)
    sqlite3_bind_double (stmt, 5, accuracy);
  sqlite3_bind_text (stmt, 6, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, source, -1, SQLITE_STATIC);
  note_time (import, ts);
  run_insert (import, stmt);
  index_text (import, "location", name);
}

void
veil_store_import_add_login (VeilStoreImport *import,
                             gint64           ts,
                             const char      *action,
                             const char      *ip,
                             const char      *device,
                             const char      *place)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_LOGIN];

  if (import->error != NULL || (ip == NULL && device == NULL && ts == 0))
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  bind_ts (stmt, 2, ts);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ip, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, place, -1, SQLITE_STATIC);
  note_time (import, ts);
  run_insert (import, stmt);
  index_text (import, "login", ip);
  index_text (import, "login", device);
  index_text (import, "login", place);
}

void
veil_store_import_add_contact (VeilStoreImport *import,
                               const char      *name,
                               const char      *detail,
                               gint64           ts)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_CONTACT];

  if (!usable (import, name))
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, detail, -1, SQLITE_STATIC);
  bind_ts (stmt, 4, ts);
  note_time (import, ts);
  run_insert (import, stmt);
  index_text (import, "contact", name);
}

void
veil_store_import_add_note (VeilStoreImport *import,
                            const char      *file,
                            const char      *message)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_NOTE];

  if (import->error != NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_text (stmt, 2, file, -1, SQLITE_STATIC);  /* messages name the file themselves */
  sqlite3_bind_text (stmt, 3, message, -1, SQLITE_STATIC);
  run_insert (import, stmt);
}

/* ---- forgetting ---------------------------------------------------------- */

gboolean
veil_store_forget (VeilStore   *store,
                   gint64       import_id,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (!_veil_store_exec (store, "BEGIN IMMEDIATE", _("forget an export"), error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (import_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE import_id = ?1", import_tables[i]);

      if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, import_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto fail;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  if (sqlite3_prepare_v2 (store->db, "DELETE FROM imports WHERE id = ?1", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, import_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto fail;
  found = sqlite3_changes (store->db) > 0;
  g_clear_pointer (&stmt, sqlite3_finalize);
  /* Company names nobody refers to any more would still say who had your
   * data, so they go too. */
  if (!_veil_store_exec (store, "DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM company_links) "
                    "AND id NOT IN (SELECT company_id FROM events)", _("forget an export"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!found)
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                   _("There is no imported export with the number %" PRId64), import_id);
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
  sqlite3_finalize (stmt);
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

