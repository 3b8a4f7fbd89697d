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
/* The caches keep an import fast on repeated names; past this many entries
 * they start again, so that an export of millions of distinct names does
 * not hold them all in memory (the store still de-duplicates). */
#define MAX_CACHED 65536

struct _VeilStoreImport {
  VeilStore  *store;
  gint64      id;
  gint64      account_id;
  gboolean    merging;      /* the account has other exports: rows may be theirs */
  GError     *error;
  GHashTable *company_ids;  /* name → id, valid for this transaction only */
  GHashTable *indexed;      /* "kind\x1ftext" already in the search index */
  gint64      first_ts;
  gint64      last_ts;
  gint64      generated_at;
  guint       holds;        /* VeilStoreHolds */
  guint       n_skipped;
  guint64     n_rows;
  guint64     fail_after;   /* test hook; 0 = never */
};

/* The account's id, created when this is its first export. */
static gint64
account_id (VeilStore   *store,
            const char  *platform,
            const char  *account,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  if (sqlite3_prepare_v2 (store->db, "INSERT INTO accounts (platform, name) VALUES (?1, ?2) "
                          "ON CONFLICT DO UPDATE SET name = name RETURNING id", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, platform, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, account != NULL ? account : "", -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
    }
  if (id == 0)
    _veil_store_set_error (error, store->db, _("start an import"));
  sqlite3_finalize (stmt);
  return id;
}

VeilStoreImport *
veil_store_import_begin (VeilStore   *store,
                         const char  *platform,
                         const char  *account,
                         const char  *label,
                         const char  *source,
                         const char  *digest,
                         GError     **error)
{
  VeilStoreImport *import;
  sqlite3_stmt *stmt = NULL;
  gint64 owner;

  g_return_val_if_fail (!store->in_import, NULL);

  if (!_veil_store_exec (store, "BEGIN IMMEDIATE", _("start an import"), error))
    return NULL;
  if ((owner = account_id (store, platform, account, error)) == 0)
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  if (sqlite3_prepare_v2 (store->db, "INSERT INTO imports (platform, label, source, imported_at, account_id, digest) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &stmt, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, _("start an import"));
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, platform, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 5, owner);
  sqlite3_bind_text (stmt, 6, digest, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _veil_store_set_error (error, store->db, _("start an import"));
      sqlite3_finalize (stmt);
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_finalize (stmt);

  import = g_new0 (VeilStoreImport, 1);
  if (sqlite3_prepare_v2 (store->db, "SELECT count(*) FROM imports WHERE account_id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, owner);
      import->merging = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 1;
    }
  sqlite3_finalize (stmt);
  import->store = store;
  import->id = sqlite3_last_insert_rowid (store->db);
  import->account_id = owner;
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

gint64
veil_store_import_get_account (VeilStoreImport *import)
{
  return import->account_id;
}

gboolean
veil_store_import_ok (VeilStoreImport *import)
{
  return import->error == NULL;
}

void
veil_store_import_set_generated (VeilStoreImport *import,
                                 gint64           generated_at)
{
  import->generated_at = generated_at;
}

void
veil_store_import_mark (VeilStoreImport *import,
                        guint            holds)
{
  import->holds |= holds;
}

guint
veil_store_import_get_skipped (VeilStoreImport *import)
{
  return import->n_skipped;
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
  if (sqlite3_prepare_v2 (store->db, "UPDATE imports SET first_ts = ?1, last_ts = ?2, generated_at = ?3, "
                          "holds = ?4, n_skipped = ?5 WHERE id = ?6", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (import->first_ts != 0)
        {
          sqlite3_bind_int64 (stmt, 1, import->first_ts);
          sqlite3_bind_int64 (stmt, 2, import->last_ts);
        }
      if (import->generated_at != 0)
        sqlite3_bind_int64 (stmt, 3, import->generated_at);
      sqlite3_bind_int64 (stmt, 4, import->holds);
      sqlite3_bind_int64 (stmt, 5, import->n_skipped);
      sqlite3_bind_int64 (stmt, 6, import->id);
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

/* Steps a prepared statement and resets it; the first failure sticks. For
 * a row of an account's table (table != NULL), a row another export of the
 * account already holds makes this import one more holder of it. */
static void
run_insert (VeilStoreImport *import,
            sqlite3_stmt    *stmt,
            const char      *table)
{
  VeilStore *store = import->store;
  int rc;

  import->n_rows++;
  if (import->fail_after != 0 && import->n_rows >= import->fail_after)
    {
      if (import->error == NULL)
        g_set_error (&import->error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                     _("The exports store failed to save a row: %s"), "simulated failure");
      rc = SQLITE_DONE;
    }
  else if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = sqlite3_column_int64 (stmt, 0);
      gint64 owner = sqlite3_column_int64 (stmt, 1);

      rc = sqlite3_step (stmt);
      if (owner != import->id && table != NULL)
        {
          sqlite3_stmt *holder = store->stmts[STMT_HOLDER];

          sqlite3_reset (stmt);
          sqlite3_bind_text (holder, 1, table, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (holder, 2, row);
          sqlite3_bind_int64 (holder, 3, import->id);
          if (sqlite3_step (holder) != SQLITE_DONE && import->error == NULL)
            _veil_store_set_error (&import->error, store->db, _("save a row"));
          sqlite3_reset (holder);
        }
    }
  if (rc != SQLITE_DONE && import->error == NULL)
    _veil_store_set_error (&import->error, store->db, _("save a row"));
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

/* ?1 and ?2 of every row of an account's table. */
static sqlite3_stmt *
row_stmt (VeilStoreImport *import,
          int              which)
{
  sqlite3_stmt *stmt = import->merging ? import->store->stmts[which] : import->store->first_stmts[which];

  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_int64 (stmt, 2, import->account_id);
  return stmt;
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
  if (g_hash_table_size (import->indexed) >= MAX_CACHED)
    g_hash_table_remove_all (import->indexed);
  key = g_strconcat (kind, "\x1f", text, NULL);
  if (!g_hash_table_add (import->indexed, key))
    return;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, import->id);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  run_insert (import, stmt, NULL);
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
  run_insert (import, store->stmts[STMT_COMPANY_INSERT], NULL);
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
  if (g_hash_table_size (import->company_ids) >= MAX_CACHED)
    g_hash_table_remove_all (import->company_ids);
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

static gboolean
is_advertiser_relation (const char *relation)
{
  static const char *const relations[] = {
    VEIL_REL_USES_ACTIVITY, VEIL_REL_UPLOADED_LIST, VEIL_REL_STORE_VISIT, VEIL_REL_AUDIENCE,
    VEIL_REL_DATA_PARTNER, VEIL_REL_TARGETED, VEIL_REL_INTERACTED, NULL,
  };

  return relation != NULL && g_strv_contains (relations, relation);
}

void
veil_store_import_add_company (VeilStoreImport *import,
                               const char      *name,
                               const char      *relation,
                               const char      *detail,
                               gint64           ts)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (!usable (import, name) || (id = company_id (import, name)) == 0)
    return;
  stmt = row_stmt (import, STMT_LINK);
  sqlite3_bind_int64 (stmt, 3, id);
  sqlite3_bind_text (stmt, 4, relation, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, detail, -1, SQLITE_STATIC);
  bind_ts (stmt, 6, ts);
  note_time (import, ts);
  import->holds |= is_advertiser_relation (relation) ? VEIL_HOLDS_ADVERTISERS
                   : g_strcmp0 (relation, VEIL_REL_TRACKED) == 0 ? VEIL_HOLDS_TRACKERS : 0;
  run_insert (import, stmt, "company_links");
}

void
veil_store_import_add_event (VeilStoreImport *import,
                             const char      *company,
                             const char      *event,
                             gint64           ts,
                             const char      *detail)
{
  sqlite3_stmt *stmt;
  gint64 id;

  if (!usable (import, company) || (id = company_id (import, company)) == 0)
    return;
  stmt = row_stmt (import, STMT_EVENT);
  sqlite3_bind_int64 (stmt, 3, id);
  sqlite3_bind_text (stmt, 4, event, -1, SQLITE_STATIC);
  bind_ts (stmt, 5, ts);
  sqlite3_bind_text (stmt, 6, detail, -1, SQLITE_STATIC);
  note_time (import, ts);
  import->holds |= VEIL_HOLDS_EVENTS;
  run_insert (import, stmt, "events");
  /* What the entry was about (an app or game, a topic, a search, a video)
   * is searchable as well as who it was with. */
  index_text (import, "activity", detail);
}

void
veil_store_import_add_inference (VeilStoreImport *import,
                                 const char      *kind,
                                 const char      *value,
                                 const char      *detail)
{
  sqlite3_stmt *stmt;

  if (!usable (import, value))
    return;
  stmt = row_stmt (import, STMT_INFERENCE);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, detail, -1, SQLITE_STATIC);
  import->holds |= VEIL_HOLDS_INFERENCES;
  run_insert (import, stmt, "inferences");
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
  sqlite3_stmt *stmt;

  if (import->error != NULL || lat < -90 || lat > 90 || lon < -180 || lon > 180 ||
      lat != lat || lon != lon)
    return;
  stmt = row_stmt (import, STMT_LOCATION);
  bind_ts (stmt, 3, ts);
  sqlite3_bind_double (stmt, 4, lat);
  sqlite3_bind_double (stmt, 5, lon);
  if (accuracy >= 0)
    sqlite3_bind_double (stmt, 6, accuracy);
  sqlite3_bind_text (stmt, 7, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, source, -1, SQLITE_STATIC);
  note_time (import, ts);
  import->holds |= VEIL_HOLDS_LOCATIONS;
  run_insert (import, stmt, "locations");
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
  sqlite3_stmt *stmt;

  if (import->error != NULL || (ip == NULL && device == NULL && ts == 0))
    return;
  stmt = row_stmt (import, STMT_LOGIN);
  bind_ts (stmt, 3, ts);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ip, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, device, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, place, -1, SQLITE_STATIC);
  note_time (import, ts);
  import->holds |= VEIL_HOLDS_LOGINS;
  run_insert (import, stmt, "logins");
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
  sqlite3_stmt *stmt;

  if (!usable (import, name))
    return;
  stmt = row_stmt (import, STMT_CONTACT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, detail, -1, SQLITE_STATIC);
  bind_ts (stmt, 5, ts);
  note_time (import, ts);
  import->holds |= VEIL_HOLDS_CONTACTS;
  run_insert (import, stmt, "contacts");
  index_text (import, "contact", name);
}

void
veil_store_import_add_other (VeilStoreImport *import,
                             const char      *file,
                             const char      *field,
                             const char      *value)
{
  sqlite3_stmt *stmt;

  if (!usable (import, value))
    return;
  stmt = row_stmt (import, STMT_OTHER);
  sqlite3_bind_text (stmt, 3, file, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, value, -1, SQLITE_STATIC);
  import->holds |= VEIL_HOLDS_OTHERS;
  run_insert (import, stmt, "others");
  index_text (import, "other", value);
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
  run_insert (import, stmt, NULL);
}

void
veil_store_import_add_unread (VeilStoreImport *import,
                              const char      *file,
                              gint64           size,
                              const char      *reason,
                              gboolean         failed)
{
  sqlite3_stmt *stmt = import->store->stmts[STMT_UNREAD];

  if (import->error != NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, import->id);
  sqlite3_bind_text (stmt, 2, file, -1, SQLITE_STATIC);
  if (size >= 0)
    sqlite3_bind_int64 (stmt, 3, size);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 5, failed);
  run_insert (import, stmt, NULL);
  if (failed)
    {
      import->n_skipped++;
      veil_store_import_add_note (import, file, reason);
    }
}
