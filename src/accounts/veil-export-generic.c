/* veil-export-generic.c: the files of an export no platform reader knows.
 *
 * Rather than say nothing about them, Veil keeps the distinctive names they
 * hold (strings under keys such as name, title, advertiser, company) as
 * "other" entries that search finds, and lists the file as unread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* A CSV is read whole; bigger ones are only listed. */
#define MAX_CSV ((gsize) 64 * 1024 * 1024)
/* Names past this many in one file are more of the same. */
#define MAX_NAMES_PER_FILE 20000
/* Longer strings are text, not names. */
#define MAX_NAME_CHARS 200

/* English, and the labels Meta localizes ("Nom", "Titre", "Nombre"…). */
static const char *const name_words[] = {
  "name", "title", "advertiser", "company", "organization", "organisation", "employer", "brand",
  "app", "game", "channel", "page", "topic", "interest", "author", "business",
  "nom", "titre", "titel", "naam", "titolo", "título", NULL,
};

static const char *const top_patterns[] = { "[]", "*", NULL };

typedef struct {
  VeilExportContext *ctx;
  GHashTable        *seen;
  guint              n_names;
} Generic;

gboolean
_veil_export_generic_wants (const char *name)
{
  const char *base = _veil_path_basename (name);

  return g_str_has_suffix (base, ".json") || g_str_has_suffix (base, ".js") ||
         g_str_has_suffix (base, ".csv");
}

/* "advertiser_name", "Company Name", "appTitle": a key that names things;
 * "Channel Id", "channel_url", "Page Link" hold ids and addresses. */
static gboolean
is_name_key_uncached (const char *key)
{
  static const char *const not_names[] = { "id", "url", "uri", "link", "email", "href", "path", NULL };
  g_autofree char *low = NULL;
  g_auto(GStrv) words = NULL;

  if (key == NULL)
    return FALSE;
  low = g_ascii_strdown (key, -1);
  words = g_regex_split_simple ("[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", key, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *w = g_ascii_strdown (words[i], -1);
      if (g_strv_contains (not_names, w))
        return FALSE;
    }
  for (guint i = 0; name_words[i] != NULL; i++)
    if (strstr (low, name_words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* Keys repeat in every record: decided once per key per file. */
static GHashTable *key_cache;
G_LOCK_DEFINE_STATIC (key_cache);

static gboolean
is_name_key (const char *key)
{
  gpointer found;
  gboolean yes;

  if (key == NULL)
    return FALSE;
  G_LOCK (key_cache);
  if (key_cache == NULL)
    key_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (key_cache) > 4096)
    g_hash_table_remove_all (key_cache);
  if (g_hash_table_lookup_extended (key_cache, key, NULL, &found))
    yes = GPOINTER_TO_INT (found);
  else
    {
      yes = is_name_key_uncached (key);
      g_hash_table_insert (key_cache, g_strdup (key), GINT_TO_POINTER (yes));
    }
  G_UNLOCK (key_cache);
  return yes;
}

static void
keep (Generic    *g,
      const char *field,
      const char *value)
{
  const char *p;

  if (value == NULL || g->n_names >= MAX_NAMES_PER_FILE)
    return;
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0' || g_utf8_strlen (value, MAX_NAME_CHARS * 4 + 1) > MAX_NAME_CHARS ||
      g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://"))
    return;
  /* Numbers and ids are not names. */
  for (p = value; *p != '\0' && (g_ascii_isdigit (*p) || strchr (" .:-_/T+Z", *p) != NULL); p++)
    ;
  if (*p == '\0')
    return;
  if (!g_hash_table_add (g->seen, g_strconcat (field, "\x1f", value, NULL)))
    return;
  veil_store_import_add_other (g->ctx->import, g->ctx->file, field, value);
  g->n_names++;
}

/* parent: the key above key, for {"Name": {"value": "Baking"}} shapes. */
static void
walk_node (Generic    *g,
           const char *parent,
           const char *key,
           JsonNode   *node)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING)
        return;
      if (is_name_key (key))
        keep (g, key, json_node_get_string (node));
      else if (g_strcmp0 (key, "value") == 0 && is_name_key (parent))
        keep (g, parent, json_node_get_string (node));
      /* Meta's lists of accounts (following, followers): the value is the name. */
      else if (g_strcmp0 (key, "value") == 0 && g_strcmp0 (parent, "string_list_data") == 0)
        keep (g, parent, json_node_get_string (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        walk_node (g, parent, key, json_array_get_element (a, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      /* Meta's {"label": "Name", "value": "…"} pairs: the label is the key. */
      if (json_object_has_member (o, "label") && json_object_has_member (o, "value") &&
          is_name_key (_veil_json_string (o, "label")))
        keep (g, _veil_json_string (o, "label"), _veil_json_string (o, "value"));
      json_object_iter_init (&iter, o);
      while (json_object_iter_next (&iter, &member, &value))
        walk_node (g, key, member, value);
    }
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  Generic *g = user_data;

  walk_node (g, NULL, n_path > 0 && !g_str_equal (path[n_path - 1], "[]") ? path[n_path - 1] : NULL, node);
  return veil_store_import_ok (g->ctx->import);
}

static gboolean
read_csv (Generic           *g,
          VeilExportStream  *stream,
          GError           **error)
{
  g_autoptr(GBytes) bytes = veil_export_stream_read_all (stream, MAX_CSV, error);
  g_autoptr(VeilCsv) csv = NULL;
  g_auto(GStrv) header = NULL;
  GStrv row;
  gsize len;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  csv = _veil_csv_new (data, len);
  /* Some files (LinkedIn's Connections.csv) open with a few lines of notes:
   * the header is the first row that has a naming column. */
  for (guint skipped = 0; skipped < 8 && (row = _veil_csv_next (csv)) != NULL; skipped++)
    {
      gboolean names = FALSE;

      for (guint i = 0; row[i] != NULL && !names; i++)
        names = is_name_key (row[i]);
      if (names)
        {
          header = row;
          break;
        }
      g_strfreev (row);
    }
  if (header == NULL)
    return TRUE;
  while ((row = _veil_csv_next (csv)) != NULL)
    {
      for (guint i = 0; row[i] != NULL && header[i] != NULL; i++)
        if (is_name_key (header[i]))
          keep (g, header[i], row[i]);
      g_strfreev (row);
      if (!veil_store_import_ok (g->ctx->import))
        break;
    }
  return TRUE;
}

gboolean
_veil_export_generic_read (VeilExportContext     *ctx,
                           const VeilExportEntry *entry,
                           VeilExportStream      *stream,
                           guint                 *n_names,
                           GError               **error)
{
  Generic g = { ctx, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL), 0 };
  gboolean meta = ctx->platform == VEIL_PLATFORM_FACEBOOK || ctx->platform == VEIL_PLATFORM_INSTAGRAM;
  gboolean ok;

  if (g_str_has_suffix (entry->name, ".csv"))
    ok = read_csv (&g, stream, error);
  else
    ok = _veil_export_parse_json (ctx, stream, top_patterns, meta, g_str_has_suffix (entry->name, ".js"),
                                  on_item, &g, error);
  g_hash_table_unref (g.seen);
  *n_names = g.n_names;
  return ok;
}
