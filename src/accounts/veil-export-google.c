/* veil-export-google.c: Google Takeout (My Activity, Location History,
 * Semantic Location History) and the on-device Timeline.json (Android and
 * iOS shapes). Folder and file names are localized, so they are matched
 * against a small table and items are recognised by their shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

static const char *const activity_folders[] = {
  "My Activity", "Mon activité", "Meine Aktivitäten", "Mi actividad", "La mia attività",
  "Minha atividade", "Mijn activiteit", "Moja aktywność", "Min aktivitet", "Aktivitas saya",
  NULL,
};

static const char *const location_folders[] = {
  "Location History", "Location History (Timeline)", "Historique des positions", "Standortverlauf",
  "Historial de ubicaciones", "Cronologia delle posizioni", "Histórico de localização",
  "Locatiegeschiedenis", "Historia lokalizacji", "Semantic Location History", "Timeline",
  NULL,
};

static const char *const location_files[] = {
  "Records.json", "Timeline.json", "location-history.json", "Settings.json", NULL,
};

/* The Ads product, as Takeout names its folder and the "header" field. */
static const char *const ads_names[] = {
  "Ads", "Solutions publicitaires", "Anzeigen", "Werbung", "Anuncios", "Annunci", "Anúncios",
  "Advertenties", "Reklamy", NULL,
};

static const char *const patterns[] = {
  "[]", "locations[]", "timelineObjects[]", "semanticSegments[]", "rawSignals[]", NULL,
};

static gboolean
wants (const char *name)
{
  const char *base = _veil_path_basename (name);

  if (!g_str_has_suffix (base, ".json") || g_str_equal (base, "Settings.json"))
    return FALSE;
  return _veil_path_has_component (name, activity_folders) ||
         _veil_path_has_component (name, location_folders) ||
         _veil_path_has_component (name, location_files);
}

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      if (g_str_has_prefix (name, "Takeout/") || strstr (name, "/Takeout/") != NULL)
        score += 2;
      else if (wants (name))
        score += 1;
    }
  return score;
}

typedef struct {
  VeilExportContext *ctx;
  gboolean           ads_folder;
  GHashTable        *linked;
  VeilAdtech        *adtech;
} GoogleFile;

/* The target of a google.com/url link (its q= or adurl=), or the URL
 * itself. */
static char *
ad_target (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || (uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL)) == NULL)
    return NULL;
  if (g_uri_get_query (uri) != NULL && g_uri_get_host (uri) != NULL &&
      strstr (g_uri_get_host (uri), "google.") != NULL)
    {
      g_autoptr(GHashTable) params = g_uri_parse_params (g_uri_get_query (uri), -1, "&",
                                                         G_URI_PARAMS_NONE, NULL);
      const char *q = params != NULL ? g_hash_table_lookup (params, "q") : NULL;

      if (q == NULL && params != NULL)
        q = g_hash_table_lookup (params, "adurl");
      return q != NULL && g_str_has_prefix (q, "http") ? g_strdup (q) : NULL;
    }
  return g_strdup (url);
}

/* A site's host, lower case, "www." dropped; NULL for Google's own. */
static char *
site_host (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0' || strstr (host, "google.") != NULL)
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_ascii_strdown (host, -1);
}

static gboolean
is_ads_item (GoogleFile *f,
             JsonObject *o)
{
  const char *header = _veil_json_string (o, "header");
  JsonArray *products = _veil_json_array (o, "products");

  if (f->ads_folder)
    return TRUE;
  for (guint i = 0; ads_names[i] != NULL; i++)
    if (header != NULL && g_str_equal (header, ads_names[i]))
      return TRUE;
  for (guint i = 0; products != NULL && i < json_array_get_length (products); i++)
    for (guint j = 0; ads_names[j] != NULL; j++)
      if (g_strcmp0 (_veil_json_node_string (json_array_get_element (products, i)), ads_names[j]) == 0)
        return TRUE;
  return FALSE;
}

static void
read_activity (GoogleFile *f,
               JsonObject *o)
{
  gint64 ts = _veil_json_time (o, "time");
  const char *title = _veil_json_string (o, "title");
  const char *header = _veil_json_string (o, "header");

  if (is_ads_item (f, o))
    {
      g_autofree char *target = ad_target (_veil_json_string (o, "titleUrl"));
      g_autofree char *host = site_host (target);
      const char *owner = host != NULL ? _veil_adtech_owner (f->adtech, host) : NULL;
      const char *company;

      veil_store_import_mark (f->ctx->import, VEIL_HOLDS_ADVERTISERS);
      if (owner != NULL)
        {
          g_autofree char *destination = _veil_adtech_destination (target);

          /* The redirect measured the click; the business is where it led. */
          veil_store_import_add_company (f->ctx->import, host, VEIL_REL_TRACKED, owner, ts);
          veil_store_import_add_event (f->ctx->import, host, "AD_REDIRECT", ts, title);
          g_free (host);
          host = site_host (destination);
          if (host != NULL && _veil_adtech_owner (f->adtech, host) != NULL)
            g_clear_pointer (&host, g_free);
          if (host == NULL)
            return;
        }
      company = host != NULL ? host : "Google Ads";
      veil_store_import_add_event (f->ctx->import, company, "AD", ts, title);
      if (g_hash_table_add (f->linked, g_strdup (company)))
        veil_store_import_add_company (f->ctx->import, company, VEIL_REL_TARGETED, header, ts);
      return;
    }
  /* Everything else Google logged about you, by product. */
  veil_store_import_add_event (f->ctx->import, "Google", header != NULL ? header : "ACTIVITY", ts, title);
}

static void
add_e7 (GoogleFile *f,
        JsonObject *loc,
        gint64      ts,
        const char *name,
        const char *source)
{
  if (loc == NULL || !json_object_has_member (loc, "latitudeE7"))
    return;
  veil_store_import_add_location (f->ctx->import, ts,
                                  _veil_json_int (loc, "latitudeE7") / 1e7,
                                  _veil_json_int (loc, "longitudeE7") / 1e7,
                                  _veil_json_double (loc, "accuracy", -1), name, source);
}

static void
read_record (GoogleFile *f,
             JsonObject *o)
{
  gint64 ts = _veil_json_time (o, "timestamp");

  if (ts == 0)
    ts = _veil_json_time (o, "timestampMs");
  add_e7 (f, o, ts, NULL, _veil_json_string (o, "source"));
}

static gint64
duration_start (JsonObject *o)
{
  JsonObject *d = _veil_json_object (o, "duration");
  gint64 ts = _veil_json_time (d, "startTimestamp");

  return ts != 0 ? ts : _veil_json_time (d, "startTimestampMs");
}

static void
read_timeline_object (GoogleFile *f,
                      JsonObject *o)
{
  JsonObject *visit = _veil_json_object (o, "placeVisit");
  JsonObject *segment = _veil_json_object (o, "activitySegment");

  if (visit != NULL)
    {
      JsonObject *loc = _veil_json_object (visit, "location");
      const char *name = _veil_json_string (loc, "name");

      if (name == NULL)
        name = _veil_json_string (loc, "address");
      add_e7 (f, loc, duration_start (visit), name, "placeVisit");
    }
  if (segment != NULL)
    {
      const char *type = _veil_json_string (segment, "activityType");
      add_e7 (f, _veil_json_object (segment, "startLocation"), duration_start (segment), type, "activitySegment");
    }
}

static void
add_latlng (GoogleFile *f,
            const char *text,
            gint64      ts,
            const char *name,
            const char *source,
            double      accuracy)
{
  double lat, lon;

  if (_veil_parse_latlng (text, &lat, &lon))
    veil_store_import_add_location (f->ctx->import, ts, lat, lon, accuracy, name, source);
}

/* A point is a "latLng" string member (Android) or the string itself (iOS). */
static const char *
point_text (JsonObject *o,
            const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;
  JsonObject *inner = _veil_json_node_object (n);

  if (_veil_json_node_string (n) != NULL)
    return _veil_json_node_string (n);
  if (inner != NULL)
    return _veil_json_string (inner, "latLng") ?: _veil_json_string (inner, "LatLng");
  return NULL;
}

static void
read_segment (GoogleFile *f,
              JsonObject *o)
{
  gint64 start = _veil_json_time (o, "startTime");
  JsonObject *visit = _veil_json_object (o, "visit");
  JsonObject *activity = _veil_json_object (o, "activity");
  JsonArray *path = _veil_json_array (o, "timelinePath");

  if (visit != NULL)
    {
      JsonObject *top = _veil_json_object (visit, "topCandidate");
      add_latlng (f, point_text (top, "placeLocation"), start, _veil_json_string (top, "semanticType"), "visit", -1);
    }
  if (activity != NULL)
    {
      JsonObject *top = _veil_json_object (activity, "topCandidate");
      add_latlng (f, point_text (activity, "start"), start, _veil_json_string (top, "type"), "activity", -1);
      add_latlng (f, point_text (activity, "end"), _veil_json_time (o, "endTime"),
                  _veil_json_string (top, "type"), "activity", -1);
    }
  for (guint i = 0; path != NULL && i < json_array_get_length (path); i++)
    {
      JsonObject *p = _veil_json_node_object (json_array_get_element (path, i));
      gint64 ts = _veil_json_time (p, "time");

      if (ts == 0)
        ts = start + _veil_json_int (p, "durationMinutesOffsetFromStartTime") * 60;
      add_latlng (f, _veil_json_string (p, "point"), ts, NULL, "path", -1);
    }
}

static void
read_raw_signal (GoogleFile *f,
                 JsonObject *o)
{
  JsonObject *pos = _veil_json_object (o, "position");

  if (pos == NULL)
    return;
  add_latlng (f, point_text (o, "position"), _veil_json_time (pos, "timestamp"), NULL,
              _veil_json_string (pos, "source") ?: "rawSignal",
              _veil_json_double (pos, "accuracyMeters", -1));
}

static gboolean
on_item (const char * const *path,
         guint               n_path,
         JsonNode           *node,
         gpointer            user_data,
         GError            **error)
{
  GoogleFile *f = user_data;
  JsonObject *o = _veil_json_node_object (node);
  const char *list = n_path >= 2 ? path[0] : "";

  if (o == NULL)
    return TRUE;
  if (g_str_equal (list, "locations"))
    read_record (f, o);
  else if (g_str_equal (list, "timelineObjects"))
    read_timeline_object (f, o);
  else if (g_str_equal (list, "rawSignals"))
    read_raw_signal (f, o);
  else if (g_str_equal (list, "semanticSegments") || json_object_has_member (o, "startTime"))
    read_segment (f, o);
  else if (json_object_has_member (o, "header") || json_object_has_member (o, "time"))
    read_activity (f, o);
  return veil_store_import_ok (f->ctx->import);
}

static gboolean
read_file (VeilExportContext     *ctx,
           const VeilExportEntry *entry,
           VeilExportStream      *stream,
           GError               **error)
{
  GoogleFile f = { 0 };
  gboolean ok;

  f.ctx = ctx;
  f.ads_folder = _veil_path_has_component (entry->name, ads_names);
  f.linked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f.adtech = _veil_adtech_new ();
  ok = _veil_export_parse_json (ctx, stream, patterns, FALSE, FALSE, on_item, &f, error);
  g_hash_table_unref (f.linked);
  _veil_adtech_free (f.adtech);
  return ok;
}

const VeilExportReader _veil_export_google_reader = {
  .platform = VEIL_PLATFORM_GOOGLE,
  .detect = detect,
  .wants = wants,
  .read = read_file,
};
