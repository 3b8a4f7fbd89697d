/* veil-tracker-import.c: writes the SQLite tracker database.
 *
 * The file is written under a temporary name in the destination folder,
 * committed in one transaction, fsynced and only then renamed over the old
 * one, so a reader sees the old list or the new one, never half of each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trackers"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "veil-error.h"
#include "veil-tracker-import.h"

/* Far more than the εxodus list (≈ 450) and ETIP (≈ 700) hold. */
#define MAX_TRACKERS 20000
#define MAX_FIELD 65536

struct _VeilTrackerBuilder {
  sqlite3      *db;
  sqlite3_stmt *insert;
  char         *tmp_path;
  char         *dest_path;
  GHashTable   *names;   /* "platform\nname" */
  guint         count;
};

static const char schema[] =
  "PRAGMA journal_mode=OFF;"
  "PRAGMA synchronous=OFF;"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE trackers ("
  "  id INTEGER PRIMARY KEY,"
  "  platform TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  website TEXT,"
  "  categories TEXT,"          /* '|' separated */
  "  code_signature TEXT,"
  "  network_signature TEXT,"
  "  verified INTEGER NOT NULL,"
  "  exposure TEXT);"
  "BEGIN;";

static gboolean
sql_error (sqlite3 *db, GError **error)
{
  g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED,
               _("cannot write the tracker list: %s"), db ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

void
_veil_tracker_builder_free (VeilTrackerBuilder *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->insert, sqlite3_finalize);
  g_clear_pointer (&b->db, sqlite3_close);
  if (b->tmp_path != NULL)
    g_unlink (b->tmp_path);
  g_free (b->tmp_path);
  g_free (b->dest_path);
  g_hash_table_unref (b->names);
  g_free (b);
}

VeilTrackerBuilder *
_veil_tracker_builder_new (const char *dest_path,
                           GError    **error)
{
  g_autoptr(VeilTrackerBuilder) b = g_new0 (VeilTrackerBuilder, 1);
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
  int fd;

  b->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->dest_path = g_strdup (dest_path);
  b->tmp_path = g_build_filename (dir, tmpl, NULL);
  fd = g_mkstemp_full (b->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_clear_pointer (&b->tmp_path, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create a file in %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (sqlite3_open_v2 (b->tmp_path, &b->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (b->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (b->db,
                          "INSERT INTO trackers (platform, name, website, categories, code_signature,"
                          " network_signature, verified, exposure) VALUES (?,?,?,?,?,?,?,?)",
                          -1, &b->insert, NULL) != SQLITE_OK)
    {
      sql_error (b->db, error);
      return NULL;
    }
  return g_steal_pointer (&b);
}

static void
bind_text (sqlite3_stmt *stmt, int col, const char *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
}

gboolean
_veil_tracker_builder_has (VeilTrackerBuilder *b,
                           const char         *platform,
                           const char         *name)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", platform, name);
  return g_hash_table_contains (b->names, key);
}

guint
_veil_tracker_builder_count (VeilTrackerBuilder *b)
{
  return b->count;
}

gboolean
_veil_tracker_builder_add (VeilTrackerBuilder *b,
                           const char         *platform,
                           const char         *name,
                           const char         *website,
                           const char * const *categories,
                           const char         *code_signature,
                           const char         *network_signature,
                           gboolean            verified,
                           const char         *exposure,
                           GError            **error)
{
  g_autofree char *cats = categories ? g_strjoinv ("|", (char **) categories) : NULL;

  if (b->count >= MAX_TRACKERS)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE,
                   _("the tracker list has more than %u entries"), MAX_TRACKERS);
      return FALSE;
    }
  sqlite3_reset (b->insert);
  bind_text (b->insert, 1, platform);
  bind_text (b->insert, 2, name);
  bind_text (b->insert, 3, website);
  bind_text (b->insert, 4, cats);
  bind_text (b->insert, 5, code_signature);
  bind_text (b->insert, 6, network_signature);
  sqlite3_bind_int (b->insert, 7, verified ? 1 : 0);
  bind_text (b->insert, 8, exposure);
  if (sqlite3_step (b->insert) != SQLITE_DONE)
    return sql_error (b->db, error);
  g_hash_table_add (b->names, g_strdup_printf ("%s\n%s", platform, name));
  b->count++;
  return TRUE;
}

gboolean
_veil_tracker_builder_set_meta (VeilTrackerBuilder *b,
                                const char         *key,
                                const char         *value,
                                GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (b->db, "INSERT OR REPLACE INTO meta VALUES (?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    return sql_error (b->db, error);
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok ? TRUE : sql_error (b->db, error);
}

static gboolean
invalid (GError **error, const char *what)
{
  g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID,
               _("the tracker list is not in the expected format: %s"), what);
  return FALSE;
}

/* A string member, or NULL when absent or null; *bad when it is another
 * type or too long. */
static const char *
member_string (JsonObject *o, const char *name, gboolean *bad)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
      strlen (json_node_get_string (n)) > MAX_FIELD)
    {
      *bad = TRUE;
      return NULL;
    }
  return json_node_get_string (n);
}

static GStrv
member_strv (JsonObject *o, const char *name, gboolean *bad)
{
  JsonNode *n = json_object_get_member (o, name);
  g_autoptr(GStrvBuilder) sb = g_strv_builder_new ();
  JsonArray *a;

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return g_strv_builder_end (sb);
  if (!JSON_NODE_HOLDS_ARRAY (n))
    {
      *bad = TRUE;
      return g_strv_builder_end (sb);
    }
  a = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (a) && i < 64; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          *bad = TRUE;
          continue;
        }
      g_strv_builder_add (sb, json_node_get_string (e));
    }
  return g_strv_builder_end (sb);
}

gboolean
_veil_tracker_builder_add_android_json (VeilTrackerBuilder *b,
                                        JsonNode           *signatures,
                                        JsonNode           *details,
                                        GError            **error)
{
  JsonObject *root, *extra = NULL;
  JsonArray *list;

  if (!JSON_NODE_HOLDS_OBJECT (signatures))
    return invalid (error, "root");
  root = json_node_get_object (signatures);
  if (!json_object_has_member (root, "trackers") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "trackers")))
    return invalid (error, "trackers");
  list = json_object_get_array_member (root, "trackers");
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details) &&
      json_object_has_member (json_node_get_object (details), "trackers"))
    extra = json_object_get_object_member (json_node_get_object (details), "trackers");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonObject *t, *d = NULL;
      gboolean bad = FALSE;
      const char *name, *source, *website = NULL, *network = NULL;
      g_auto(GStrv) sigs = NULL, cats = NULL;
      g_autofree char *code = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, "tracker");
      t = json_node_get_object (n);
      name = member_string (t, "name", &bad);
      source = member_string (t, "source", &bad);
      sigs = member_strv (t, "code_signatures", &bad);
      if (bad || name == NULL)
        return invalid (error, "tracker");
      if (extra != NULL && json_object_has_member (extra, name))
        d = json_object_get_object_member (extra, name);
      if (d != NULL)
        {
          website = member_string (d, "website", &bad);
          network = member_string (d, "network_signature", &bad);
          cats = member_strv (d, "categories", &bad);
        }
      code = g_strjoinv ("|", sigs);
      if (!_veil_tracker_builder_add (b, "android", name, website, (const char * const *) cats, code, network,
                                      g_strcmp0 (source, "exodus") == 0, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_veil_tracker_builder_add_ios_json (VeilTrackerBuilder *b,
                                    JsonNode           *signatures,
                                    GError            **error)
{
  JsonArray *list;

  if (!JSON_NODE_HOLDS_ARRAY (signatures))
    return invalid (error, "root");
  list = json_node_get_array (signatures);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonObject *t;
      gboolean bad = FALSE;
      const char *name, *regex, *exposure;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, "iOS signature");
      t = json_node_get_object (n);
      name = member_string (t, "name", &bad);
      regex = member_string (t, "regex", &bad);
      exposure = member_string (t, "exposure", &bad);
      if (bad || name == NULL || regex == NULL)
        return invalid (error, "iOS signature");
      /* "instrumentation" matches every class (".+") and "non-tracker"
       * entries are ordinary system or SDK features: neither is a tracker. */
      if (g_strcmp0 (exposure, "visible") != 0 && g_strcmp0 (exposure, "hidden") != 0)
        continue;
      if (!_veil_tracker_builder_add (b, "ios", name, NULL, NULL, regex, NULL, TRUE, exposure, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_veil_tracker_builder_add_exodus_json (VeilTrackerBuilder *b,
                                       JsonNode           *root,
                                       GError            **error)
{
  JsonObject *o, *trackers;
  g_autoptr(GList) members = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("the top level is not an object"));
  o = json_node_get_object (root);
  if (!json_object_has_member (o, "trackers") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "trackers")))
    return invalid (error, _("no “trackers” object"));
  trackers = json_object_get_object_member (o, "trackers");
  members = json_object_get_members (trackers);
  if (members == NULL)
    return invalid (error, _("the list is empty"));

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *n = json_object_get_member (trackers, l->data);
      JsonObject *t;
      gboolean bad = FALSE;
      const char *name, *website, *code, *network;
      g_auto(GStrv) cats = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, _("a tracker is not an object"));
      t = json_node_get_object (n);
      name = member_string (t, "name", &bad);
      website = member_string (t, "website", &bad);
      code = member_string (t, "code_signature", &bad);
      network = member_string (t, "network_signature", &bad);
      cats = member_strv (t, "categories", &bad);
      if (bad || name == NULL || *name == '\0')
        return invalid (error, _("a tracker has no name or a field of the wrong type"));
      if (!_veil_tracker_builder_add (b, "android", name, website, (const char * const *) cats, code, network,
                                      TRUE, NULL, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_veil_tracker_builder_finish (VeilTrackerBuilder *b,
                              int                 mode,
                              GError            **error)
{
  int fd;

  g_clear_pointer (&b->insert, sqlite3_finalize);
  if (sqlite3_exec (b->db, "COMMIT;", NULL, NULL, NULL) != SQLITE_OK)
    return sql_error (b->db, error);
  if (sqlite3_close (b->db) != SQLITE_OK)
    return sql_error (b->db, error);
  b->db = NULL;

  fd = g_open (b->tmp_path, O_RDWR | O_CLOEXEC, 0);
  if (fd < 0 || fsync (fd) != 0 || fchmod (fd, mode) != 0)
    {
      int saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write %s: %s"), b->tmp_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (g_rename (b->tmp_path, b->dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot replace %s: %s"), b->dest_path, g_strerror (saved));
      return FALSE;
    }
  g_clear_pointer (&b->tmp_path, g_free);
  /* Make the rename itself durable. */
  {
    g_autofree char *dir = g_path_get_dirname (b->dest_path);
    int dfd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (dfd >= 0)
      {
        fsync (dfd);
        close (dfd);
      }
  }
  return TRUE;
}
