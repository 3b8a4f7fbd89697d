/* veil-export-tiktok.c: TikTok's user_data.json, 2022 layout ("Activity",
 * "Ads and data", …) and 2023+ ("Your Activity", "Profile And Settings", …).
 * The same lists move between top-level sections, so they are matched under
 * any of them; empty lists are often null or "".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

static const char *const patterns[] = {
  "*.Login History.LoginHistoryList[]",
  "*.Off TikTok Activity.OffTikTokActivityDataList[]",
  "*.Usage Data From Third-Party Apps And Websites.*[]",
  "*.Ad Interests",
  "*.Ads Based On Data Received From Partners",
  "*.Following List.Following[]",
  "*.Search History.SearchList[]",
  "*.Searches.SearchList[]",
  "*.Video Browsing History.VideoList[]",
  "*.Watch History.VideoList[]",
  NULL,
};

/* Activity kept as events with TikTok itself: what you followed, searched
 * and watched (2022 and 2023+ section names), and the member naming it. */
static const struct {
  const char *section;
  const char *event;
  const char *member;
} activities[] = {
  { "Following List", "FOLLOW", "UserName" },
  { "Search History", "SEARCH", "SearchTerm" },
  { "Searches", "SEARCH", "SearchTerm" },
  { "Video Browsing History", "VIDEO_VIEW", "VideoLink" },
  { "Watch History", "VIDEO_VIEW", "Link" },
};

static gboolean
wants (const char *name)
{
  const char *base = _veil_path_basename (name);

  return g_ascii_strcasecmp (base, "user_data.json") == 0 ||
         g_ascii_strcasecmp (base, "user_data_tiktok.json") == 0;
}

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    if (wants (g_ptr_array_index (names, i)))
      score += 5;
  return score;
}

typedef struct {
  VeilExportContext *ctx;
  GHashTable        *linked;
} TikTokFile;

/* Lists come as arrays, or as one string joined with '|', ',' or newlines. */
static GStrv
split_list (JsonNode *node)
{
  const char *s = _veil_json_node_string (node);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          const char *v = _veil_json_node_string (e);
          JsonObject *o = _veil_json_node_object (e);

          if (v == NULL && o != NULL)
            {
              g_autoptr(GList) values = json_object_get_values (o);
              v = values != NULL ? _veil_json_node_string (values->data) : NULL;
            }
          if (v != NULL && *v != '\0')
            g_strv_builder_add (b, v);
        }
    }
  else if (s != NULL && *s != '\0' && g_ascii_strcasecmp (s, "None") != 0)
    {
      const char *sep = strchr (s, '|') ? "|" : strchr (s, '\n') ? "\n" : ",";
      g_auto(GStrv) parts = g_strsplit (s, sep, -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            g_strv_builder_add (b, parts[i]);
        }
    }
  return g_strv_builder_end (b);
}

static void
read_login (TikTokFile *f,
            JsonObject *o)
{
  const char *model = _veil_json_string (o, "DeviceModel");
  const char *system = _veil_json_string (o, "DeviceSystem");
  const char *network = _veil_json_string (o, "NetworkType");
  const char *carrier = _veil_json_string (o, "Carrier");
  g_autofree char *device = NULL;
  g_autofree char *place = NULL;

  if (model != NULL || system != NULL)
    device = g_strdup_printf ("%s%s%s%s", model ? model : "", system ? " (" : "", system ? system : "",
                              system ? ")" : "");
  if (network != NULL || carrier != NULL)
    place = g_strjoin (", ", network ? network : "", carrier ? carrier : "", NULL);
  /* IPs are kept as written, even impossible ones like 606.74.653.762. */
  veil_store_import_add_login (f->ctx->import, _veil_json_time (o, "Date"), "login",
                               _veil_json_string (o, "IP"), device, place);
}

static void
read_off_activity (TikTokFile *f,
                   JsonObject *o)
{
  const char *source = _veil_json_string (o, "Source");
  const char *event = _veil_json_string (o, "Event");
  gint64 ts = _veil_json_time (o, "TimeStamp");

  if (source == NULL || *source == '\0')
    return;
  veil_store_import_add_event (f->ctx->import, source, event, ts, NULL);
  if (g_hash_table_add (f->linked, g_strdup (source)))
    veil_store_import_add_company (f->ctx->import, source, VEIL_REL_TRACKED, NULL, ts);
}

static void
link_all (TikTokFile *f,
          JsonNode   *node,
          const char *relation)
{
  g_auto(GStrv) names = split_list (node);

  for (guint i = 0; names[i] != NULL; i++)
    veil_store_import_add_company (f->ctx->import, names[i], relation, NULL, 0);
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  TikTokFile *f = user_data;
  JsonObject *o = _veil_json_node_object (node);
  const char *section = n_path >= 2 ? path[1] : "";

  if (o == NULL)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (activities); i++)
    if (g_str_equal (section, activities[i].section))
      {
        const char *what = _veil_json_string (o, activities[i].member);

        if (what == NULL && g_str_equal (activities[i].member, "Link"))
          what = _veil_json_string (o, "VideoLink");
        veil_store_import_add_event (f->ctx->import, "TikTok", activities[i].event,
                                     _veil_json_time (o, "Date"), what);
        return veil_store_import_ok (f->ctx->import);
      }
  if (g_str_equal (section, "Login History"))
    read_login (f, o);
  else if (g_str_equal (section, "Off TikTok Activity") ||
           g_str_equal (section, "Usage Data From Third-Party Apps And Websites"))
    read_off_activity (f, o);
  else if (g_str_equal (section, "Ad Interests"))
    {
      g_auto(GStrv) interests = split_list (json_object_get_member (o, "AdInterestCategories"));
      for (guint i = 0; interests[i] != NULL; i++)
        veil_store_import_add_inference (f->ctx->import, "interest", interests[i], NULL);
    }
  else if (g_str_equal (section, "Ads Based On Data Received From Partners"))
    {
      link_all (f, json_object_get_member (o, "DataPartnerList"), VEIL_REL_DATA_PARTNER);
      link_all (f, json_object_get_member (o, "AdvertiserList"), VEIL_REL_AUDIENCE);
    }
  return veil_store_import_ok (f->ctx->import);
}

static gboolean
read_file (VeilExportContext     *ctx,
           const VeilExportEntry *entry,
           VeilExportStream      *stream,
           GError               **error)
{
  TikTokFile f = { ctx, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  gboolean ok = _veil_export_parse_json (ctx, stream, patterns, FALSE, FALSE, on_item, &f, error);

  g_hash_table_unref (f.linked);
  return ok;
}

/* The profile's user name (2022 and 2023+ layouts). */
static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "user_data.json", "user_data_tiktok.json", NULL },
  .patterns = (const char *const[]) { "Profile.Profile Information.ProfileMap",
                                      "Profile And Settings.Profile Info.ProfileMap", NULL },
  .member = "userName",
};

const VeilExportReader _veil_export_tiktok_reader = {
  .platform = VEIL_PLATFORM_TIKTOK,
  .detect = detect,
  .wants = wants,
  .read = read_file,
  .account_file = &account_file,
};
