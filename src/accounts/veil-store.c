/* veil-store.c: the SQLite store behind `veil exports`: opening it, its
 * schema and the statements the import prepares once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-store"

#include "config.h"

#include <errno.h>
#include <string.h>
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

#define SCHEMA_VERSION 2

/* Version 1: one account per import. Version 2 adds accounts that several
 * exports feed (rows carry account_id and are unique per account by their
 * own key; holders records the other exports that also held a row), the
 * files an export left unread, names from files no reader knows, and which
 * kinds of data an export holds at all. */
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

/* From version 1 to 2. Old imports had no account name: each platform's
 * exports become one account, which is what a person with one account per
 * platform re-downloading their data means. Rows that were stored twice
 * (the same export imported twice) are folded into one, and the export
 * that lost its copy is recorded as a holder so forgetting either keeps it. */
static const char migrate_2_sql[] =
  "CREATE TABLE accounts (id INTEGER PRIMARY KEY, platform TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (platform, name));"
  "ALTER TABLE imports ADD COLUMN account_id INTEGER;"
  "ALTER TABLE imports ADD COLUMN generated_at INTEGER;"
  "ALTER TABLE imports ADD COLUMN digest TEXT;"
  "ALTER TABLE imports ADD COLUMN holds INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE imports ADD COLUMN n_skipped INTEGER NOT NULL DEFAULT 0;"
  "INSERT OR IGNORE INTO accounts (platform, name) SELECT DISTINCT platform, '' FROM imports;"
  "UPDATE imports SET account_id = (SELECT a.id FROM accounts a WHERE a.platform = imports.platform AND a.name = ''),"
  "  holds = -1;"
  "CREATE TABLE unread (import_id INTEGER NOT NULL, file TEXT NOT NULL, size INTEGER, reason TEXT,"
  "  failed INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE others (import_id INTEGER NOT NULL, account_id INTEGER NOT NULL, file TEXT, field TEXT,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE holders (tbl TEXT NOT NULL, row INTEGER NOT NULL, import_id INTEGER NOT NULL,"
  "  PRIMARY KEY (tbl, row, import_id)) WITHOUT ROWID;"
  "CREATE INDEX holders_import ON holders (import_id);"
  "CREATE INDEX imports_digest ON imports (digest);";

/* Each table's own key, '|' between its expressions: two exports of one
 * account that hold a row with the same key hold the same thing (for
 * events: platform, kind, time and counterpart, as the account fixes the
 * platform). NULL-able columns go through ifnull() because a unique index
 * treats NULLs as all different. */
const VeilStoreRowKey _veil_store_row_keys[] = {
  { "company_links", "company_id|relation|ifnull(detail, '')|ifnull(ts, 0)" },
  { "events", "company_id|ifnull(event, '')|ifnull(ts, 0)" },
  { "inferences", "ifnull(kind, '')|value" },
  { "locations", "ifnull(ts, 0)|lat|lon|ifnull(name, '')" },
  { "logins", "ifnull(ts, 0)|ifnull(action, '')|ifnull(ip, '')|ifnull(device, '')|ifnull(place, '')" },
  { "contacts", "name|ifnull(detail, '')|ifnull(ts, 0)" },
  { "others", "ifnull(field, '')|value" },
  { NULL, NULL },
};

/* The key as "a, b, c" (for an index) or as one text "quote(a)||…" (to
 * compare whole keys in the migration). */
static char *
key_sql (const VeilStoreRowKey *k,
         gboolean               as_text)
{
  g_auto(GStrv) parts = g_strsplit (k->key, "|", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, as_text ? " || char(31) || " : ", ");
      g_string_append_printf (s, as_text ? "quote(%s)" : "%s", parts[i]);
    }
  return g_string_free (s, FALSE);
}

/* Adds account_id to a version-1 table, folds its duplicate rows (keeping
 * the other exports that held them as holders) and makes the key unique. */
static gboolean
migrate_table (VeilStore             *store,
               const VeilStoreRowKey *k,
               GError               **error)
{
  g_autofree char *columns = key_sql (k, FALSE);
  g_autofree char *text = key_sql (k, TRUE);
  g_autofree char *sql = NULL;

  if (!g_str_equal (k->table, "others"))
    {
      g_autofree char *fold = g_strdup_printf (
        "ALTER TABLE %1$s ADD COLUMN account_id INTEGER;"
        "UPDATE %1$s SET account_id = (SELECT account_id FROM imports WHERE id = %1$s.import_id);"
        "CREATE TEMP TABLE fold AS SELECT rowid AS r, import_id AS i, account_id AS a, %2$s AS k FROM %1$s;"
        "CREATE INDEX temp.fold_r ON fold (r);"
        "CREATE TEMP TABLE keep AS SELECT a, k, min(r) AS r FROM fold GROUP BY a, k;"
        "CREATE INDEX temp.keep_ak ON keep (a, k);"
        "INSERT OR IGNORE INTO holders (tbl, row, import_id) "
        "  SELECT '%1$s', keep.r, fold.i FROM fold JOIN keep ON keep.a IS fold.a AND keep.k = fold.k "
        "  WHERE fold.r != keep.r AND fold.i != (SELECT i FROM fold f2 WHERE f2.r = keep.r);"
        "DELETE FROM %1$s WHERE rowid NOT IN (SELECT r FROM keep);"
        "DROP TABLE temp.fold; DROP TABLE temp.keep;",
        k->table, text);
      if (!_veil_store_exec (store, fold, _("update its tables"), error))
        return FALSE;
    }
  sql = g_strdup_printf ("CREATE UNIQUE INDEX %1$s_key ON %1$s (account_id, %2$s);"
                         "CREATE INDEX %1$s_import ON %1$s (import_id);", k->table, columns);
  return _veil_store_exec (store, sql, _("update its tables"), error);
}

static gboolean
migrate (VeilStore  *store,
         int         version,
         GError    **error)
{
  if (version >= 2)
    return TRUE;
  if (!_veil_store_exec (store, migrate_2_sql, _("update its tables"), error))
    return FALSE;
  for (const VeilStoreRowKey *k = _veil_store_row_keys; k->table != NULL; k++)
    if (!migrate_table (store, k, error))
      return FALSE;
  return _veil_store_exec (store, "PRAGMA user_version = 2", _("update its tables"), error);
}

/* A row already held by another export of the account is not stored
 * twice: the no-op update returns the row, and the import is recorded as
 * one more holder of it. */
#define UPSERT " ON CONFLICT DO UPDATE SET import_id = import_id RETURNING rowid, import_id"

static const char *const stmt_sql[N_STMTS] = {
  [STMT_COMPANY_INSERT] = "INSERT OR IGNORE INTO companies (name) VALUES (?1)",
  [STMT_COMPANY_ID] = "SELECT id FROM companies WHERE name = ?1",
  [STMT_LINK] = "INSERT INTO company_links (import_id, account_id, company_id, relation, detail, ts) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)" UPSERT,
  [STMT_EVENT] = "INSERT INTO events (import_id, account_id, company_id, event, ts, detail) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)" UPSERT,
  [STMT_INFERENCE] = "INSERT INTO inferences (import_id, account_id, kind, value, detail) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)" UPSERT,
  [STMT_LOCATION] = "INSERT INTO locations (import_id, account_id, ts, lat, lon, accuracy, name, source) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)" UPSERT,
  [STMT_LOGIN] = "INSERT INTO logins (import_id, account_id, ts, action, ip, device, place) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" UPSERT,
  [STMT_CONTACT] = "INSERT INTO contacts (import_id, account_id, name, detail, ts) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)" UPSERT,
  [STMT_OTHER] = "INSERT INTO others (import_id, account_id, file, field, value) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)" UPSERT,
  [STMT_NOTE] = "INSERT INTO notes VALUES (?1, ?2, ?3)",
  [STMT_UNREAD] = "INSERT INTO unread VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_HOLDER] = "INSERT OR IGNORE INTO holders VALUES (?1, ?2, ?3)",
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
      !migrate (store, version, error) ||
      !_veil_store_exec (store, "COMMIT", _("create its tables"), error))
    {
      sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }
  for (int i = 0; i < N_STMTS; i++)
    {
      const char *upsert = strstr (stmt_sql[i], UPSERT);
      g_autofree char *head = upsert != NULL ? g_strndup (stmt_sql[i], (gsize) (upsert - stmt_sql[i])) : NULL;
      g_autofree char *first = head != NULL ? g_strconcat (head, " ON CONFLICT DO NOTHING", NULL) : NULL;

      if (sqlite3_prepare_v3 (store->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                              &store->stmts[i], NULL) != SQLITE_OK ||
          (first != NULL && sqlite3_prepare_v3 (store->db, first, -1, SQLITE_PREPARE_PERSISTENT,
                                                &store->first_stmts[i], NULL) != SQLITE_OK))
        {
          _veil_store_set_error (error, store->db, _("prepare a statement"));
          return NULL;
        }
    }
  return g_steal_pointer (&store);
}

void
veil_store_close (VeilStore *store)
{
  if (store == NULL)
    return;
  for (int i = 0; i < N_STMTS; i++)
    {
      sqlite3_finalize (store->stmts[i]);
      sqlite3_finalize (store->first_stmts[i]);
    }
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
