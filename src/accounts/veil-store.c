/* veil-store.c: the SQLite store behind `veil exports`: opening it, its
 * schema and the statements the import prepares once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-store"

#include "config.h"

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

void
_veil_store_set_error (GError     **error,
                       sqlite3     *db,
                       const char  *what)
{
  int code = sqlite3_errcode (db);
  int kind = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
             ? VEIL_STORE_ERROR_CORRUPT : VEIL_STORE_ERROR_FAILED;

  g_set_error (error, VEIL_STORE_ERROR, kind, _("The exports store failed to %s: %s"),
               what, sqlite3_errmsg (db));
}

gboolean
_veil_store_exec (VeilStore   *store,
                  const char  *sql,
                  const char  *what,
                  GError     **error)
{
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _veil_store_set_error (error, store->db, what);
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
      _veil_store_set_error (error, store->db, _("open"));
      return NULL;
    }
  sqlite3_busy_timeout (store->db, 5000);
  if (!_veil_store_exec (store, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
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
  if (!_veil_store_exec (store, "BEGIN", _("start a transaction"), error))
    return NULL;
  if (!_veil_store_exec (store, schema_sql, _("create its tables"), error) ||
      !_veil_store_exec (store, "PRAGMA user_version = 1", _("create its tables"), error) ||
      !_veil_store_exec (store, "COMMIT", _("create its tables"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  for (int i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (store->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                            &store->stmts[i], NULL) != SQLITE_OK)
      {
        _veil_store_set_error (error, store->db, _("prepare a statement"));
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
