/* veil-export-snapchat.c: Snapchat's "My Data" (json/ folder). No public
 * sample exists, so every key is looked for defensively and sections are
 * recognised by words in their names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* Elements of top-level lists, and members of top-level objects. */
static const char *const patterns[] = { "*[]", "*.*", NULL };

static const char *const json_files[] = {
  "account.json", "location_history.json", "user_profile.json", "account_history.json", NULL,
};

static gboolean
wants (const char *name)
{
  for (guint i = 0; json_files[i] != NULL; i++)
    if (_veil_path_ends_with (name, json_files[i]))
      return strstr (name, "json/") != NULL || !strchr (name, '/');
  return FALSE;
}

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (wants (name) || _veil_path_ends_with (name, "json/snap_history.json") ||
          _veil_path_ends_with (name, "json/friends.json") || _veil_path_ends_with (name, "html/index.html"))
        score += 2;
    }
  return score;
}

typedef struct {
  VeilExportContext *ctx;
} SnapFile;

/* The first string member whose name contains one of the words. */
static const char *
find_member (JsonObject         *o,
             const char * const *words)
{
  g_autoptr(GList) keys = o != NULL ? json_object_get_members (o) : NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *low = g_utf8_strdown (l->data, -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (strstr (low, words[i]) != NULL && _veil_json_string (o, l->data) != NULL)
          return _veil_json_string (o, l->data);
    }
  return NULL;
}

static const char *const time_words[] = { "time", "created", "date", NULL };

static gint64
find_time (JsonObject *o)
{
  return _veil_parse_time (find_member (o, time_words));
}

static void
read_location (SnapFile   *f,
               JsonObject *o)
{
  g_autoptr(GList) keys = json_object_get_members (o);
  static const char *const name_words[] = { "name", "place", "address", NULL };

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *v = _veil_json_string (o, l->data);
      double lat, lon;

      /* The coordinates are in a member named "Latitude, Longitude". */
      if (v != NULL && strchr (v, ',') != NULL && _veil_parse_latlng (v, &lat, &lon) &&
          strstr (l->data, "atitude") != NULL)
        {
          veil_store_import_add_location (f->ctx->import, find_time (o), lat, lon, -1,
                                          find_member (o, name_words), "snapchat");
          return;
        }
    }
  if (find_member (o, name_words) != NULL)
    veil_store_import_add_inference (f->ctx->import, "place visited", find_member (o, name_words), NULL);
}

static void
read_login (SnapFile   *f,
            JsonObject *o)
{
  static const char *const ip_words[] = { "ip", NULL };
  static const char *const device_words[] = { "device", "model", "make", NULL };
  static const char *const place_words[] = { "country", "city", "region", NULL };
  static const char *const status_words[] = { "status", NULL };

  veil_store_import_add_login (f->ctx->import, find_time (o), find_member (o, status_words),
                               find_member (o, ip_words), find_member (o, device_words),
                               find_member (o, place_words));
}

/* A section of strings (or objects holding one) as inferences. */
static void
read_inference (SnapFile   *f,
                const char *section,
                JsonNode   *node)
{
  JsonObject *o = _veil_json_node_object (node);
  const char *v = _veil_json_node_string (node);

  if (v == NULL && o != NULL)
    {
      static const char *const value_words[] = { "categor", "name", "interest", "city", "value", NULL };
      v = find_member (o, value_words);
    }
  veil_store_import_add_inference (f->ctx->import, section, v, NULL);
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  SnapFile *f = user_data;
  g_autofree char *section = n_path > 0 ? g_utf8_strdown (path[0], -1) : g_strdup ("");
  JsonObject *o = _veil_json_node_object (node);
  const char *v = _veil_json_node_string (node);

  if (strstr (section, "login") != NULL && o != NULL)
    read_login (f, o);
  else if (strstr (section, "device") != NULL && o != NULL)
    read_login (f, o);
  else if (strstr (section, "location history") != NULL && o != NULL)
    read_location (f, o);
  else if ((strstr (section, "businesses") != NULL || strstr (section, "places") != NULL) && o != NULL)
    read_location (f, o);
  else if (strstr (section, "advertis") != NULL || strstr (section, "ads you") != NULL)
    {
      static const char *const who_words[] = { "advertiser", "name", "brand", NULL };
      const char *who = v != NULL ? v : find_member (o, who_words);
      veil_store_import_add_company (f->ctx->import, who, VEIL_REL_INTERACTED, path[0], o ? find_time (o) : 0);
    }
  else if (strstr (section, "interest") != NULL || strstr (section, "categor") != NULL ||
           strstr (section, "lifestyle") != NULL || strstr (section, "frequent") != NULL ||
           strstr (section, "home") != NULL || strstr (section, "demographic") != NULL)
    {
      if (v != NULL && n_path == 2 && !g_str_equal (path[1], "[]"))
        {
          /* "Home & Work": {"Home": "…"} */
          g_autofree char *text = g_strdup_printf ("%s: %s", path[1], v);
          veil_store_import_add_inference (f->ctx->import, path[0], text, NULL);
        }
      else
        read_inference (f, path[0], node);
    }
  return veil_store_import_ok (f->ctx->import);
}

static gboolean
read_file (VeilExportContext     *ctx,
           const VeilExportEntry *entry,
           VeilExportStream      *stream,
           GError               **error)
{
  SnapFile f = { ctx };

  return _veil_export_parse_json (ctx, stream, patterns, FALSE, FALSE, on_item, &f, error);
}

static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "account.json", NULL },
  .patterns = (const char *const[]) { "Basic Information", NULL },
  .member = "Username",
};

const VeilExportReader _veil_export_snapchat_reader = {
  .platform = VEIL_PLATFORM_SNAPCHAT,
  .detect = detect,
  .wants = wants,
  .read = read_file,
  .account_file = &account_file,
};
