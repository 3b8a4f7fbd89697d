/* veil-store.c: the SQLite store behind `veil exports`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-store"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "veil-error.h"
#include "veil-store.h"
#include "veil-store-private.h"

#define SCHEMA_VERSION 1

/* Relations that mean "this company has or used data about you". */
#define ADVERTISER_RELATIONS \
  "('" VEIL_REL_USES_ACTIVITY "','" VEIL_REL_UPLOADED_LIST "','" VEIL_REL_STORE_VISIT "','" \
  VEIL_REL_AUDIENCE "','" VEIL_REL_DATA_PARTNER "','" VEIL_REL_TARGETED "','" VEIL_REL_INTERACTED "')"

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS imports ("
  "  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, label TEXT, source TEXT,"
  "  imported_at INTEGER, first_ts INTEGER, last_ts INTEGER);"
  "CREATE TABLE IF NOT EXISTS companies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
  "CREATE TABLE IF NOT EXISTS company_links ("
  "  import_id INTEGER NOT NULL, company_id INTEGER NOT NULL, relation TEXT NOT NULL,"
  "  detail TEXT, ts INTEGER);"
  "CREATE TABLE IF NOT EXISTS events ("
  "  import_id INTEGER NOT NULL, company_id INTEGER NOT NULL, event TEXT, ts INTEGER, detail TEXT);"
  "CREATE TABLE IF NOT EXISTS inferences ("
  "  import_id INTEGER NOT NULL, kind TEXT, value TEXT NOT NULL, detail TEXT);"
  "CREATE TABLE IF NOT EXISTS locations ("
  "  import_id INTEGER NOT NULL, ts INTEGER, lat REAL, lon REAL, accuracy REAL, name TEXT, source TEXT);"
  "CREATE TABLE IF NOT EXISTS logins ("
  "  import_id INTEGER NOT NULL, ts INTEGER, action TEXT, ip TEXT, device TEXT, place TEXT);"
  "CREATE TABLE IF NOT EXISTS contacts ("
  "  import_id INTEGER NOT NULL, name TEXT, detail TEXT, ts INTEGER);"
  "CREATE TABLE IF NOT EXISTS notes (import_id INTEGER NOT NULL, file TEXT, message TEXT);"
  "CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5("
  "  kind UNINDEXED, import_id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE INDEX IF NOT EXISTS company_links_company ON company_links (company_id);"
  "CREATE INDEX IF NOT EXISTS events_company ON events (company_id);";

/* Tables whose rows belong to one import; forgetting an import empties them. */
static const char *const import_tables[] = {
  "company_links", "events", "inferences", "locations", "logins", "contacts", "notes", "search",
};

enum {
  STMT_COMPANY_INSERT,
  STMT_COMPANY_ID,
  STMT_LINK,
  STMT_EVENT,
  STMT_INFERENCE,
  STMT_LOCATION,
  STMT_LOGIN,
  STMT_CONTACT,
  STMT_NOTE,
  STMT_SEARCH,
  N_STMTS
};

static const char *const stmt_sql[N_STMTS] = {
  [STMT_COMPANY_INSERT] = "INSERT OR IGNORE INTO companies (name) VALUES (?1)",
  [STMT_COMPANY_ID] = "SELECT id FROM companies WHERE name = ?1",
  [STMT_LINK] = "INSERT INTO company_links VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_EVENT] = "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_INFERENCE] = "INSERT INTO inferences VALUES (?1, ?2, ?3, ?4)",
  [STMT_LOCATION] = "INSERT INTO locations VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_LOGIN] = "INSERT INTO logins VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_CONTACT] = "INSERT INTO contacts VALUES (?1, ?2, ?3, ?4)",
  [STMT_NOTE] = "INSERT INTO notes VALUES (?1, ?2, ?3)",
  [STMT_SEARCH] = "INSERT INTO search (kind, import_id, text) VALUES (?1, ?2, ?3)",
};

struct _VeilStore {
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *stmts[N_STMTS];
  gboolean      in_import;
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

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  int code = sqlite3_errcode (db);
  int kind = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
             ? VEIL_STORE_ERROR_CORRUPT : VEIL_STORE_ERROR_FAILED;

  g_set_error (error, VEIL_STORE_ERROR, kind, _("The exports store failed to %s: %s"),
               what, sqlite3_errmsg (db));
}

static gboolean
exec (VeilStore   *store,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, store->db, what);
      return FALSE;
    }
  return TRUE;
}

char *
veil_store_default_path (void)
{
  const char *dir = g_getenv ("VEIL_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "exports.db", NULL);
  return g_build_filename (g_get_user_data_dir (), "veil", "exports.db", NULL);
}

/* Creates the file with mode 0600 before SQLite sees it: SQLite gives the
 * -wal and -shm files the same mode, and what an export reveals is nobody
 * else's business on a shared computer. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open the exports store %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  /* An older file may have been created with a looser umask. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("fchmod %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

VeilStore *
veil_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(VeilStore) store = g_new0 (VeilStore, 1);
  int version = 0;
  sqlite3_stmt *stmt = NULL;

  store->path = path != NULL ? g_strdup (path) : veil_store_default_path ();
  if (!create_private_file (store->path, error))
    return NULL;
  if (sqlite3_open_v2 (store->path, &store->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, store->db, _("open"));
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  if (!exec (store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "PRAGMA secure_delete = ON; PRAGMA cache_size = -8000;", _("configure itself"), error))
    return NULL;
  if (sqlite3_prepare_v2 (store->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
                   _("The exports store %s was written by a newer Veil"), store->path);
      return NULL;
    }
  if (!exec (store, "BEGIN", _("start a transaction"), error))
    return NULL;
  if (!exec (store, schema_sql, _("create its tables"), error) ||
      !exec (store, "PRAGMA user_version = 1", _("create its tables"), error) ||
      !exec (store, "COMMIT", _("create its tables"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  for (int i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (store->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &store->stmts[i], NULL) != SQLITE_OK)
      {
        set_sqlite_error (error, store->db, _("prepare a statement"));
        return NULL;
      }
  return g_steal_pointer (&store);
}

void
veil_store_close (VeilStore *store)
{
  if (store == NULL)
    return;
  for (int i = 0; i < N_STMTS; i++)
    sqlite3_finalize (store->stmts[i]);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store->path);
  g_free (store);
}

const char *
veil_store_get_path (VeilStore *store)
{
  return store->path;
}

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

  if (!exec (store, "BEGIN IMMEDIATE", _("start an import"), error))
    return NULL;
  if (sqlite3_prepare_v2 (store->db, "INSERT INTO imports (platform, label, source, imported_at) "
                          "VALUES (?1, ?2, ?3, ?4)", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, store->db, _("start an import"));
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, platform, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_sqlite_error (error, store->db, _("start an import"));
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
      set_sqlite_error (error, store->db, _("save the import"));
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
    set_sqlite_error (&import->error, import->store->db, _("save a row"));
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
        set_sqlite_error (&import->error, store->db, _("save a company"));
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

  if (!exec (store, "BEGIN IMMEDIATE", _("forget an export"), error))
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
  if (!exec (store, "DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM company_links) "
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
  if (!exec (store, "COMMIT", _("forget an export"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;

fail:
  set_sqlite_error (error, store->db, _("forget an export"));
  sqlite3_finalize (stmt);
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

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
      set_sqlite_error (error, store->db, _("read the summary"));
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
      set_sqlite_error (error, store->db, _("search"));
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
      set_sqlite_error (error, store->db, _("search"));
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
      set_sqlite_error (error, store->db, _("list companies"));
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
            set_sqlite_error (error, store->db, _("read what the exports showed"));
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
