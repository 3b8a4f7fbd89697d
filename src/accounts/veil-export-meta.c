/* veil-export-meta.c: the JSON files Facebook and Instagram share, in the
 * three layout generations (2019–22 "_v2" keys, 2023 renames, 2024+
 * "label_values"). Files are recognised by name and items by shape; label
 * texts are localized, so they are only used as hints, never required.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

typedef enum {
  KIND_NONE,
  KIND_AUDIENCES,
  KIND_CONTACT_LIST,
  KIND_INTERACTED,
  KIND_CATEGORIES,
  KIND_INTERESTS,
  KIND_TOPICS,
  KIND_OFF_ACTIVITY,
  KIND_APPS,
  KIND_LOGINS,
  KIND_ADDRESS_BOOK,
  KIND_ADS_VIEWED,
  KIND_ADS_CLICKED,
} Kind;

static const struct {
  const char *basename;
  Kind        kind;
} files[] = {
  { "advertisers_using_your_activity_or_information.json", KIND_AUDIENCES },
  { "advertisers_who_uploaded_a_contact_list_with_your_information.json", KIND_CONTACT_LIST },
  { "advertisers_you've_interacted_with.json", KIND_INTERACTED },
  { "advertisers_you_have_interacted_with.json", KIND_INTERACTED },
  { "other_categories_used_to_reach_you.json", KIND_CATEGORIES },
  { "ads_interests.json", KIND_INTERESTS },
  { "your_topics.json", KIND_TOPICS },
  { "your_off-facebook_activity.json", KIND_OFF_ACTIVITY },
  { "your_activity_off_meta_technologies.json", KIND_OFF_ACTIVITY },
  { "apps_and_websites.json", KIND_APPS },
  { "connected_apps_and_websites.json", KIND_APPS },
  { "active_apps_and_websites.json", KIND_APPS },
  { "account_activity.json", KIND_LOGINS },
  { "logins_and_logouts.json", KIND_LOGINS },
  { "ip_address_activity.json", KIND_LOGINS },
  { "login_activity.json", KIND_LOGINS },
  { "your_address_books.json", KIND_ADDRESS_BOOK },
  { "synced_contacts.json", KIND_ADDRESS_BOOK },
  { "ads_viewed.json", KIND_ADS_VIEWED },
  { "ads_clicked.json", KIND_ADS_CLICKED },
};

/* Items are each element of a top-level array, of an array under a top-level
 * key (the usual shape) or one level deeper (address_book_v2.address_book). */
static const char *const patterns[] = { "[]", "*[]", "*.*[]", NULL };

typedef struct {
  VeilExportContext *ctx;
  Kind               kind;
  GHashTable        *linked;  /* companies already linked from this file */
} MetaFile;

static Kind
kind_for (const char *name)
{
  const char *base = _veil_path_basename (name);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    if (g_ascii_strcasecmp (base, files[i].basename) == 0)
      return files[i].kind;
  return KIND_NONE;
}

gboolean
_veil_export_meta_wants (const char *name)
{
  return kind_for (name) != KIND_NONE;
}

static void
link_once (MetaFile   *f,
           const char *company,
           const char *relation,
           const char *detail,
           gint64      ts)
{
  g_autofree char *key = NULL;

  if (company == NULL || *company == '\0')
    return;
  key = g_strconcat (relation, "\x1f", company, NULL);
  if (!g_hash_table_add (f->linked, g_steal_pointer (&key)))
    return;
  veil_store_import_add_company (f->ctx->import, company, relation, detail, ts);
}

/* ---- 2024+ label_values --------------------------------------------------- */

/* The text of a label_values entry: "value", or a vec/dict of them. */
static const char *
lv_value (JsonObject *lv)
{
  return _veil_json_string (lv, "value");
}

/* Which advertiser relation a label names. Labels are English in English
 * exports only; anything not recognised counts as "uses your activity". */
static const char *
relation_for_label (const char *label,
                    Kind        kind)
{
  g_autofree char *l = label != NULL ? g_utf8_strdown (label, -1) : g_strdup ("");

  if (kind == KIND_CONTACT_LIST || strstr (l, "list") != NULL || strstr (l, "contact") != NULL ||
      strstr (l, "entries") != NULL || strstr (l, "upload") != NULL)
    return VEIL_REL_UPLOADED_LIST;
  if (kind == KIND_INTERACTED || strstr (l, "interact") != NULL)
    return VEIL_REL_INTERACTED;
  if (strstr (l, "store") != NULL || strstr (l, "visit") != NULL)
    return VEIL_REL_STORE_VISIT;
  return VEIL_REL_USES_ACTIVITY;
}

/* Every string a label_values tree holds (vec elements, dict values), each
 * with the timestamp beside it when there is one. */
typedef void (*LvFunc) (MetaFile *f, const char *label, const char *value, gint64 ts, gpointer data);

static void
lv_walk (MetaFile   *f,
         JsonArray  *list,
         const char *outer_label,
         LvFunc      func,
         gpointer    data,
         guint       depth)
{
  gint64 ts = 0;

  if (list == NULL || depth > 8)
    return;
  for (guint i = 0; i < json_array_get_length (list); i++)
    ts = MAX (ts, _veil_json_time (_veil_json_node_object (json_array_get_element (list, i)), "timestamp_value"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      JsonObject *lv = _veil_json_node_object (n);
      const char *label;

      if (lv == NULL)
        {
          if (_veil_json_node_string (n) != NULL)
            func (f, outer_label, _veil_json_node_string (n), ts, data);
          continue;
        }
      label = _veil_json_string (lv, "label");
      if (label == NULL)
        label = outer_label;
      if (lv_value (lv) != NULL)
        func (f, label, lv_value (lv), ts, data);
      lv_walk (f, _veil_json_array (lv, "vec"), label, func, data, depth + 1);
      lv_walk (f, _veil_json_array (lv, "dict"), label, func, data, depth + 1);
      lv_walk (f, _veil_json_array (lv, "label_values"), label, func, data, depth + 1);
    }
}

static void
lv_company (MetaFile   *f,
            const char *label,
            const char *value,
            gint64      ts,
            gpointer    data)
{
  link_once (f, value, relation_for_label (label, f->kind), label, ts);
}

static void
lv_inference (MetaFile   *f,
              const char *label,
              const char *value,
              gint64      ts,
              gpointer    data)
{
  veil_store_import_add_inference (f->ctx->import, data, value, NULL);
}

/* ---- one handler per kind of file ---------------------------------------- */

static void
read_audience (MetaFile   *f,
               JsonObject *o)
{
  const char *name = _veil_json_string (o, "advertiser_name");
  gboolean any = FALSE;

  if (name == NULL)
    name = _veil_json_string (o, "title");
  if (name == NULL)
    {
      lv_walk (f, _veil_json_array (o, "label_values"), NULL, lv_company, NULL, 0);
      lv_walk (f, _veil_json_array (o, "vec"), _veil_json_string (o, "label"), lv_company, NULL, 0);
      return;
    }
  if (_veil_json_bool (o, "has_data_file_custom_audience"))
    {
      link_once (f, name, VEIL_REL_UPLOADED_LIST, "has_data_file_custom_audience", 0);
      any = TRUE;
    }
  if (_veil_json_bool (o, "has_remarketing_custom_audience"))
    {
      link_once (f, name, VEIL_REL_USES_ACTIVITY, "has_remarketing_custom_audience", 0);
      any = TRUE;
    }
  if (_veil_json_bool (o, "has_in_person_store_visit"))
    {
      link_once (f, name, VEIL_REL_STORE_VISIT, "has_in_person_store_visit", 0);
      any = TRUE;
    }
  if (!any)
    link_once (f, name, f->kind == KIND_CONTACT_LIST ? VEIL_REL_UPLOADED_LIST : VEIL_REL_USES_ACTIVITY, NULL, 0);
}

/* Instagram's {"string_map_data": {"<localized label>": {"value", "timestamp"}}}:
 * the n-th entry, whatever its label says. */
static JsonObject *
string_map_entry (JsonObject *o,
                  guint       n)
{
  JsonObject *map = _veil_json_object (o, "string_map_data");
  g_autoptr(GList) members = NULL;
  GList *l;

  if (map == NULL)
    return NULL;
  members = json_object_get_values (map);
  l = g_list_nth (members, n);
  return l != NULL ? _veil_json_node_object (l->data) : NULL;
}

static void
read_interacted (MetaFile   *f,
                 JsonObject *o)
{
  const char *title = _veil_json_string (o, "title");
  gint64 ts = _veil_json_time (o, "timestamp");
  JsonArray *list = _veil_json_array (o, "string_list_data");
  JsonObject *entry = string_map_entry (o, 0);

  if (list != NULL && json_array_get_length (list) > 0)
    ts = _veil_json_time (_veil_json_node_object (json_array_get_element (list, 0)), "timestamp");
  if ((title == NULL || *title == '\0') && entry != NULL)
    title = _veil_json_string (entry, "value");
  if (title == NULL || *title == '\0')
    {
      lv_walk (f, _veil_json_array (o, "label_values"), NULL, lv_company, NULL, 0);
      return;
    }
  /* Instagram's ads_clicked.json titles the ad ("🔥🔥🔥🔥"), not who paid
   * for it: an activity entry, not an advertiser. */
  if (f->ctx->platform == VEIL_PLATFORM_INSTAGRAM && f->kind == KIND_ADS_CLICKED)
    {
      veil_store_import_mark (f->ctx->import, VEIL_HOLDS_ADVERTISERS);
      veil_store_import_add_event (f->ctx->import, "Instagram", "AD_CLICKED", ts, title);
      return;
    }
  veil_store_import_add_company (f->ctx->import, title, VEIL_REL_INTERACTED,
                                 _veil_json_string (o, "action"), ts);
}

static void
read_inference (MetaFile   *f,
                JsonNode   *node,
                const char *kind)
{
  JsonObject *o = _veil_json_node_object (node);
  JsonObject *entry;

  if (_veil_json_node_string (node) != NULL)
    {
      veil_store_import_add_inference (f->ctx->import, kind, _veil_json_node_string (node), NULL);
      return;
    }
  if (o == NULL)
    return;
  if ((entry = string_map_entry (o, 0)) != NULL)
    veil_store_import_add_inference (f->ctx->import, kind, _veil_json_string (entry, "value"), NULL);
  else if (_veil_json_string (o, "name") != NULL)
    veil_store_import_add_inference (f->ctx->import, kind, _veil_json_string (o, "name"), NULL);
  else
    {
      lv_walk (f, _veil_json_array (o, "label_values"), NULL, lv_inference, (gpointer) kind, 0);
      lv_walk (f, _veil_json_array (o, "vec"), NULL, lv_inference, (gpointer) kind, 0);
    }
}

/* An event type is written like PAGE_VIEW; the 2024 layout gives no key. */
static gboolean
looks_like_event_type (const char *s)
{
  gboolean letter = FALSE;

  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    {
      if (g_ascii_isupper (*s))
        letter = TRUE;
      else if (*s != '_' && !g_ascii_isdigit (*s))
        return FALSE;
    }
  return letter;
}

typedef struct {
  const char *company;
  guint       n_events;
  gint64      last;
} OffActivity;

static void
lv_event (MetaFile   *f,
          const char *label,
          const char *value,
          gint64      ts,
          gpointer    data)
{
  OffActivity *a = data;

  if (!looks_like_event_type (value))
    return;
  veil_store_import_add_event (f->ctx->import, a->company, value, ts, NULL);
  a->n_events++;
  a->last = MAX (a->last, ts);
}

static void
read_off_activity (MetaFile   *f,
                   JsonObject *o)
{
  OffActivity a = { 0 };
  JsonArray *events = _veil_json_array (o, "events");

  a.company = _veil_json_string (o, "name");
  if (a.company == NULL)
    a.company = _veil_json_string (o, "title");
  if (a.company == NULL || *a.company == '\0')
    return;
  for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
    {
      JsonObject *e = _veil_json_node_object (json_array_get_element (events, i));
      gint64 ts = _veil_json_time (e, "timestamp");

      if (e == NULL)
        continue;
      veil_store_import_add_event (f->ctx->import, a.company, _veil_json_string (e, "type"), ts,
                                   NULL);
      a.n_events++;
      a.last = MAX (a.last, ts);
    }
  lv_walk (f, _veil_json_array (o, "label_values"), NULL, lv_event, &a, 0);
  if (a.n_events == 0)
    {
      gint64 ts = 0;
      JsonArray *lvs = _veil_json_array (o, "label_values");

      for (guint i = 0; lvs != NULL && i < json_array_get_length (lvs); i++)
        ts = MAX (ts, _veil_json_time (_veil_json_node_object (json_array_get_element (lvs, i)),
                                       "timestamp_value"));
      veil_store_import_add_event (f->ctx->import, a.company, "ACTIVITY", ts, NULL);
      a.last = ts;
    }
  veil_store_import_add_company (f->ctx->import, a.company, VEIL_REL_TRACKED, NULL, a.last);
}

static void
read_app (MetaFile   *f,
          JsonObject *o)
{
  const char *name = _veil_json_string (o, "name");

  if (name == NULL)
    name = _veil_json_string (o, "title");
  veil_store_import_add_company (f->ctx->import, name, VEIL_REL_CONNECTED_APP,
                                 _veil_json_string (o, "category"), _veil_json_time (o, "added_timestamp"));
}

typedef struct {
  const char *ip;
  const char *agent;
  const char *action;
  gint64      ts;
} LoginFields;

static void
lv_login (MetaFile   *f,
          const char *label,
          const char *value,
          gint64      ts,
          gpointer    data)
{
  LoginFields *l = data;
  g_autofree char *low = label != NULL ? g_utf8_strdown (label, -1) : g_strdup ("");

  if (l->ts == 0)
    l->ts = ts;
  if (l->ip == NULL && (strstr (low, "ip") != NULL || g_hostname_is_ip_address (value)))
    l->ip = value;
  else if (l->agent == NULL && (strstr (low, "agent") != NULL || strstr (low, "device") != NULL))
    l->agent = value;
  else if (l->action == NULL && strstr (low, "action") != NULL)
    l->action = value;
}

static void
read_login (MetaFile   *f,
            JsonObject *o)
{
  LoginFields l = { 0 };
  g_autofree char *place = NULL;
  const char *city = _veil_json_string (o, "city");
  const char *region = _veil_json_string (o, "region");
  const char *country = _veil_json_string (o, "country");

  l.ip = _veil_json_string (o, "ip_address");
  if (l.ip == NULL)
    l.ip = _veil_json_string (o, "ip");
  l.agent = _veil_json_string (o, "user_agent");
  l.action = _veil_json_string (o, "action");
  l.ts = _veil_json_time (o, "timestamp");
  if (l.ip == NULL && l.agent == NULL)
    {
      lv_walk (f, _veil_json_array (o, "label_values"), NULL, lv_login, &l, 0);
      if (l.ts == 0)
        l.ts = _veil_json_time (o, "timestamp");
    }
  if (city != NULL || region != NULL || country != NULL)
    place = g_strjoin (", ", city ? city : "", region ? region : "", country ? country : "", NULL);
  veil_store_import_add_login (f->ctx->import, l.ts, l.action, l.ip, l.agent, place);
}

static void
read_contact (MetaFile   *f,
              JsonObject *o)
{
  const char *name = _veil_json_string (o, "name");
  JsonArray *details = _veil_json_array (o, "details");
  g_autoptr(GString) points = g_string_new (NULL);
  JsonObject *first;

  if (name == NULL && (first = string_map_entry (o, 0)) != NULL)
    {
      /* Instagram: first name, last name, contact information */
      JsonObject *last = string_map_entry (o, 1), *info = string_map_entry (o, 2);
      g_autofree char *full = g_strjoin (" ", _veil_json_string (first, "value") ?: "",
                                         last ? _veil_json_string (last, "value") ?: "" : "", NULL);
      veil_store_import_add_contact (f->ctx->import, g_strstrip (full),
                                     info ? _veil_json_string (info, "value") : NULL, 0);
      return;
    }
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      const char *p = _veil_json_string (_veil_json_node_object (json_array_get_element (details, i)),
                                         "contact_point");
      if (p == NULL)
        continue;
      if (points->len > 0)
        g_string_append (points, ", ");
      g_string_append (points, p);
    }
  veil_store_import_add_contact (f->ctx->import, name, points->len ? points->str : NULL,
                                 _veil_json_time (o, "created_timestamp"));
}

static void
read_ad_viewed (MetaFile   *f,
                JsonObject *o)
{
  JsonObject *author = string_map_entry (o, 0);
  JsonObject *time = string_map_entry (o, 1);
  const char *name = author != NULL ? _veil_json_string (author, "value") : _veil_json_string (o, "title");
  gint64 ts = 0;

  if (time != NULL)
    {
      ts = _veil_json_time (time, "timestamp");
      if (ts == 0)
        ts = _veil_json_time (time, "value");
    }
  if (ts == 0 && author != NULL)
    ts = _veil_json_time (author, "timestamp");
  if (name == NULL || *name == '\0')
    return;
  veil_store_import_add_event (f->ctx->import, name, "AD_SEEN", ts, NULL);
  link_once (f, name, VEIL_REL_TARGETED, NULL, ts);
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  MetaFile *f = user_data;
  JsonObject *o = _veil_json_node_object (node);
  const char *s = _veil_json_node_string (node);

  /* Settings and "no data" placeholders live beside the lists. */
  if (n_path > 0 && strstr (path[0], "settings") != NULL)
    return TRUE;

  switch (f->kind)
    {
    case KIND_AUDIENCES:
    case KIND_CONTACT_LIST:
      if (s != NULL)
        link_once (f, s, f->kind == KIND_CONTACT_LIST ? VEIL_REL_UPLOADED_LIST : VEIL_REL_USES_ACTIVITY, NULL, 0);
      else if (o != NULL)
        read_audience (f, o);
      break;
    case KIND_INTERACTED:
    case KIND_ADS_CLICKED:
      if (o != NULL)
        read_interacted (f, o);
      break;
    case KIND_CATEGORIES:
      read_inference (f, node, "category");
      break;
    case KIND_INTERESTS:
      read_inference (f, node, "interest");
      break;
    case KIND_TOPICS:
      read_inference (f, node, "topic");
      break;
    case KIND_OFF_ACTIVITY:
      if (o != NULL)
        read_off_activity (f, o);
      break;
    case KIND_APPS:
      if (o != NULL)
        read_app (f, o);
      break;
    case KIND_LOGINS:
      if (o != NULL)
        read_login (f, o);
      break;
    case KIND_ADDRESS_BOOK:
      if (o != NULL)
        read_contact (f, o);
      break;
    case KIND_ADS_VIEWED:
      if (o != NULL)
        read_ad_viewed (f, o);
      break;
    case KIND_NONE:
      break;
    }
  return veil_store_import_ok (f->ctx->import);
}

gboolean
_veil_export_meta_read (VeilExportContext     *ctx,
                        const VeilExportEntry *entry,
                        VeilExportStream      *stream,
                        GError               **error)
{
  MetaFile f = { 0 };
  gboolean ok;

  f.ctx = ctx;
  f.kind = kind_for (entry->name);
  f.linked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ok = _veil_export_parse_json (ctx, stream, patterns, TRUE, FALSE, on_item, &f, error);
  g_hash_table_unref (f.linked);
  return ok;
}
