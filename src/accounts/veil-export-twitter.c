/* veil-export-twitter.c: the X/Twitter archive (the .js files in data/, each
 * "window.YTD.<name>.part0 = [ … ]"; large ones continue in -part1.js …).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

typedef enum {
  FILE_NONE,
  FILE_IMPRESSIONS,
  FILE_ENGAGEMENTS,
  FILE_CONVERSIONS,
  FILE_PERSONALIZATION,
  FILE_IP_AUDIT,
  FILE_DEVICE_TOKEN,
  FILE_NI_DEVICES,
  FILE_CONNECTED_APPS,
  FILE_CREATION_IP,
} FileKind;

static const struct {
  const char *stem;
  FileKind    kind;
} files[] = {
  { "ad-impressions", FILE_IMPRESSIONS },
  { "ad-engagements", FILE_ENGAGEMENTS },
  { "ad-mobile-conversions-attributed", FILE_CONVERSIONS },
  { "ad-online-conversions-attributed", FILE_CONVERSIONS },
  { "personalization", FILE_PERSONALIZATION },
  { "ip-audit", FILE_IP_AUDIT },
  { "device-token", FILE_DEVICE_TOKEN },
  { "ni-devices", FILE_NI_DEVICES },
  { "connected-application", FILE_CONNECTED_APPS },
  { "account-creation-ip", FILE_CREATION_IP },
};

/* The big ad files hold a few items, each with thousands of impressions:
 * stream the inner lists instead. */
static const char *const impression_patterns[] = { "[].ad.adsUserData.adImpressions.impressions[]", NULL };
static const char *const engagement_patterns[] = { "[].ad.adsUserData.adEngagements.engagements[]", NULL };
static const char *const conversion_patterns[] = { "[].ad.adsUserData.*.conversions[]", NULL };
static const char *const item_patterns[] = { "[]", NULL };

static FileKind
kind_for (const char *name)
{
  g_autofree char *stem = g_strdup (_veil_path_basename (name));
  char *part;

  if (!g_str_has_suffix (stem, ".js"))
    return FILE_NONE;
  stem[strlen (stem) - 3] = '\0';
  if ((part = strstr (stem, "-part")) != NULL)
    *part = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    if (g_str_equal (stem, files[i].stem))
      return files[i].kind;
  return FILE_NONE;
}

static gboolean
wants (const char *name)
{
  return kind_for (name) != FILE_NONE;
}

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (wants (name) || _veil_path_ends_with (name, "data/manifest.js") ||
          _veil_path_ends_with (name, "data/tweets.js") || _veil_path_ends_with (name, "data/account.js"))
        score += 3;
    }
  return score;
}

typedef struct {
  VeilExportContext *ctx;
  FileKind           kind;
  GHashTable        *seen;   /* links and targeting criteria already stored */
} TwitterFile;

static gboolean
first_time (TwitterFile *f,
            const char  *a,
            const char  *b)
{
  return g_hash_table_add (f->seen, g_strconcat (a, "\x1f", b ? b : "", NULL));
}

static void
link_once (TwitterFile *f,
           const char  *company,
           const char  *relation,
           const char  *detail,
           gint64       ts)
{
  if (company != NULL && *company != '\0' && first_time (f, relation, company))
    veil_store_import_add_company (f->ctx->import, company, relation, detail, ts);
}

/* X names an advertiser by name in its ads and by @handle in
 * personalization.js: the handles seen beside a name ("h:@handle" → name)
 * make them one advertiser, shown with both. */
static GHashTable *
names_of (VeilExportContext *ctx)
{
  if (ctx->reader_data == NULL)
    ctx->reader_data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return ctx->reader_data;
}

static const char *
advertiser_name (TwitterFile *f,
                 JsonObject  *o)
{
  JsonObject *info = _veil_json_object (o, "advertiserInfo");
  const char *name = _veil_json_string (info, "advertiserName");
  const char *handle = _veil_json_string (info, "screenName");
  g_autofree char *key = handle != NULL && *handle != '\0' ? g_strconcat ("h:", handle, NULL) : NULL;

  if (name != NULL && *name != '\0')
    {
      if (key != NULL && !g_hash_table_contains (names_of (f->ctx), key))
        g_hash_table_insert (names_of (f->ctx), g_steal_pointer (&key), g_strdup (name));
      return name;
    }
  if (key != NULL && g_hash_table_lookup (names_of (f->ctx), key) != NULL)
    return g_hash_table_lookup (names_of (f->ctx), key);
  return handle;
}

static const char *
advertiser_handle (JsonObject *o)
{
  return _veil_json_string (_veil_json_object (o, "advertiserInfo"), "screenName");
}

/* One impression: who paid, and the criteria they chose to reach you. */
static const char *
read_impression (TwitterFile *f,
                 JsonObject  *imp,
                 const char  *event,
                 gint64      *ts_out)
{
  const char *who = advertiser_name (f, imp);
  JsonArray *criteria = _veil_json_array (imp, "matchedTargetingCriteria");
  gint64 ts = _veil_json_time (imp, "impressionTime");

  if (ts_out != NULL)
    *ts_out = ts;
  if (who == NULL)
    return NULL;
  if (event != NULL)
    veil_store_import_add_event (f->ctx->import, who, event, ts,
                                 _veil_json_string (_veil_json_object (imp, "promotedTweetInfo"), "tweetText"));
  link_once (f, who, VEIL_REL_TARGETED, g_strcmp0 (who, advertiser_handle (imp)) != 0 ? advertiser_handle (imp) : NULL, ts);
  for (guint i = 0; criteria != NULL && i < json_array_get_length (criteria); i++)
    {
      JsonObject *c = _veil_json_node_object (json_array_get_element (criteria, i));
      const char *type = _veil_json_string (c, "targetingType");
      const char *value = _veil_json_string (c, "targetingValue");
      g_autofree char *kind = NULL;

      if (type == NULL)
        continue;
      if (value == NULL || *value == '\0')
        value = type;
      if (!first_time (f, type, value))
        continue;
      kind = g_strconcat ("targeting: ", type, NULL);
      veil_store_import_add_inference (f->ctx->import, kind, value, who);
    }
  return who;
}

static void
read_engagement (TwitterFile *f,
                 JsonObject  *o)
{
  const char *who = read_impression (f, _veil_json_object (o, "impressionAttributes"), NULL, NULL);
  JsonArray *list = _veil_json_array (o, "engagementAttributes");

  if (who == NULL)
    return;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *e = _veil_json_node_object (json_array_get_element (list, i));
      const char *type = _veil_json_string (e, "engagementType");
      gint64 ts = _veil_json_time (e, "engagementTime");

      veil_store_import_add_event (f->ctx->import, who, type, ts, NULL);
      if (type != NULL && !g_str_equal (type, "ChargeableImpression"))
        link_once (f, who, VEIL_REL_INTERACTED, type, ts);
    }
}

static void
read_conversion (TwitterFile *f,
                 JsonObject  *o)
{
  const char *who = advertiser_name (f, o);
  const char *event = _veil_json_string (o, "conversionEvent");
  gint64 ts = _veil_json_time (o, "conversionTime");

  if (who == NULL)
    return;
  /* The advertiser told X what you did on its own app or site. */
  veil_store_import_add_event (f->ctx->import, who, event != NULL ? event : "CONVERSION", ts,
                               _veil_json_string (o, "attributedConversionType"));
  link_once (f, who, VEIL_REL_TRACKED, NULL, ts);
}

static void
add_strings (TwitterFile *f,
             JsonArray   *list,
             const char  *member,
             const char  *kind)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      const char *value = member != NULL ? _veil_json_string (_veil_json_node_object (n), member)
                                         : _veil_json_node_string (n);
      veil_store_import_add_inference (f->ctx->import, kind, value, NULL);
    }
}

static void defer_audience (TwitterFile *f,
                            const char  *handle,
                            const char  *detail);

static void
read_personalization (TwitterFile *f,
                      JsonObject  *item)
{
  JsonObject *p = _veil_json_object (item, "p13nData");
  JsonObject *demo = _veil_json_object (p, "demographics");
  JsonObject *interests = _veil_json_object (p, "interests");
  JsonObject *aa = _veil_json_object (interests, "audienceAndAdvertisers");
  JsonArray *advertisers = _veil_json_array (aa, "advertisers");
  JsonArray *lookalike = _veil_json_array (aa, "lookalikeAdvertisers");
  const char *gender = _veil_json_string (_veil_json_object (demo, "genderInfo"), "gender");
  const char *n_audiences = _veil_json_string (aa, "numAudiences");

  add_strings (f, _veil_json_array (interests, "interests"), "name", "interest");
  add_strings (f, _veil_json_array (interests, "partnerInterests"), "name", "partner interest");
  add_strings (f, _veil_json_array (interests, "shows"), NULL, "show");
  add_strings (f, _veil_json_array (demo, "languages"), "language", "language");
  add_strings (f, _veil_json_array (p, "locationHistory"), NULL, "location");
  add_strings (f, _veil_json_array (_veil_json_object (p, "inferredAgeInfo"), "age"), NULL, "age");
  veil_store_import_add_inference (f->ctx->import, "gender", gender, NULL);
  veil_store_import_add_inference (f->ctx->import, "tailored audiences", n_audiences, NULL);
  /* Linked when the whole archive is read, once every handle's name is known. */
  for (guint i = 0; advertisers != NULL && i < json_array_get_length (advertisers); i++)
    defer_audience (f, _veil_json_node_string (json_array_get_element (advertisers, i)), "");
  for (guint i = 0; lookalike != NULL && i < json_array_get_length (lookalike); i++)
    defer_audience (f, _veil_json_node_string (json_array_get_element (lookalike, i)), "lookalike");
}

static void
defer_audience (TwitterFile *f,
                const char  *handle,
                const char  *detail)
{
  if (handle != NULL && *handle != '\0')
    g_hash_table_insert (names_of (f->ctx), g_strconcat ("a:", detail, "\x1f", handle, NULL), NULL);
}

static void
finish (VeilExportContext *ctx)
{
  GHashTableIter iter;
  gpointer key;

  if (ctx->reader_data == NULL)
    return;
  g_hash_table_iter_init (&iter, ctx->reader_data);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *k = key;
      const char *handle;
      g_autofree char *detail = NULL;
      g_autofree char *name_key = NULL;
      const char *name;

      if (!g_str_has_prefix (k, "a:"))
        continue;
      handle = strchr (k, '\x1f') + 1;
      detail = g_strndup (k + 2, (gsize) (handle - 1 - (k + 2)));
      name_key = g_strconcat ("h:", handle, NULL);
      name = g_hash_table_lookup (ctx->reader_data, name_key);
      if (name != NULL)
        {
          /* One advertiser, both names: the name, and the handle beside it. */
          g_autofree char *both = *detail != '\0' ? g_strconcat (detail, " ", handle, NULL) : g_strdup (handle);
          veil_store_import_add_company (ctx->import, name, VEIL_REL_AUDIENCE, both, 0);
        }
      else
        veil_store_import_add_company (ctx->import, handle, VEIL_REL_AUDIENCE, *detail != '\0' ? detail : NULL, 0);
    }
}

static void
read_small (TwitterFile *f,
            JsonObject  *item)
{
  JsonObject *o;

  if ((o = _veil_json_object (item, "ipAudit")) != NULL)
    veil_store_import_add_login (f->ctx->import, _veil_json_time (o, "createdAt"), "login",
                                 _veil_json_string (o, "loginIp"), NULL, NULL);
  else if ((o = _veil_json_object (item, "accountCreationIp")) != NULL)
    veil_store_import_add_login (f->ctx->import, 0, "account created",
                                 _veil_json_string (o, "userCreationIp"), NULL, NULL);
  else if ((o = _veil_json_object (item, "deviceToken")) != NULL)
    veil_store_import_add_login (f->ctx->import, _veil_json_time (o, "lastSeenAt") ?: _veil_json_time (o, "createdAt"),
                                 "device", NULL, _veil_json_string (o, "clientApplicationName"), NULL);
  else if ((o = _veil_json_object (item, "niDeviceResponse")) != NULL)
    {
      JsonObject *d = _veil_json_object (o, "pushDevice") ?: _veil_json_object (o, "messagingDevice");
      veil_store_import_add_login (f->ctx->import, _veil_json_time (d, "updatedDate") ?: _veil_json_time (d, "createdDate"),
                                   "device", NULL, _veil_json_string (d, "deviceType"), NULL);
    }
  else if ((o = _veil_json_object (item, "connectedApplication")) != NULL)
    link_once (f, _veil_json_string (o, "name"), VEIL_REL_CONNECTED_APP,
               _veil_json_string (_veil_json_object (o, "organization"), "name"),
               _veil_json_time (o, "approvedAt"));
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  TwitterFile *f = user_data;
  JsonObject *o = _veil_json_node_object (node);

  if (o == NULL)
    return TRUE;
  switch (f->kind)
    {
    case FILE_IMPRESSIONS:
      read_impression (f, o, "AD_IMPRESSION", NULL);
      break;
    case FILE_ENGAGEMENTS:
      read_engagement (f, o);
      break;
    case FILE_CONVERSIONS:
      read_conversion (f, o);
      break;
    case FILE_PERSONALIZATION:
      read_personalization (f, o);
      break;
    default:
      read_small (f, o);
      break;
    }
  return veil_store_import_ok (f->ctx->import);
}

static gboolean
read_file (VeilExportContext     *ctx,
           const VeilExportEntry *entry,
           VeilExportStream      *stream,
           GError               **error)
{
  TwitterFile f = { 0 };
  const char *const *patterns = item_patterns;
  gboolean ok;

  f.ctx = ctx;
  f.kind = kind_for (entry->name);
  f.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (f.kind == FILE_IMPRESSIONS)
    patterns = impression_patterns;
  else if (f.kind == FILE_ENGAGEMENTS)
    patterns = engagement_patterns;
  else if (f.kind == FILE_CONVERSIONS)
    patterns = conversion_patterns;
  ok = _veil_export_parse_json (ctx, stream, patterns, FALSE, TRUE, on_item, &f, error);
  g_hash_table_unref (f.seen);
  return ok;
}

static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "account.js", NULL },
  .patterns = (const char *const[]) { "[].account", NULL },
  .member = "username",
  .javascript = TRUE,
};

const VeilExportReader _veil_export_twitter_reader = {
  .platform = VEIL_PLATFORM_TWITTER,
  .detect = detect,
  .wants = wants,
  .read = read_file,
  .finish = finish,
  .account_file = &account_file,
};
