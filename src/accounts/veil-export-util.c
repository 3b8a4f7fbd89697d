/* veil-export-util.c: paths, dates, coordinates and JSON access shared by
 * the export readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "veil-export-private.h"

gboolean
_veil_path_ends_with (const char *name,
                      const char *tail)
{
  gsize n = strlen (name), t = strlen (tail);

  if (t > n)
    return FALSE;
  if (g_ascii_strcasecmp (name + n - t, tail) != 0)
    return FALSE;
  return t == n || name[n - t - 1] == '/';
}

const char *
_veil_path_basename (const char *name)
{
  const char *slash = strrchr (name, '/');

  return slash != NULL ? slash + 1 : name;
}

/* Case- and normalisation-insensitive: macOS zips names in NFD. */
static char *
fold (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (nfc != NULL ? nfc : text, -1);
}

gboolean
_veil_path_has_component (const char         *name,
                          const char * const *components)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = fold (parts[i]);

      for (guint j = 0; components[j] != NULL; j++)
        {
          g_autofree char *want = fold (components[j]);

          if (g_str_equal (part, want))
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
_veil_names_any_suffix (GPtrArray          *names,
                        const char * const *tails)
{
  for (guint i = 0; i < names->len; i++)
    for (guint j = 0; tails[j] != NULL; j++)
      if (_veil_path_ends_with (g_ptr_array_index (names, i), tails[j]))
        return TRUE;
  return FALSE;
}

static int
month_number (const char *name)
{
  static const char *const months[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  };

  for (int i = 0; i < 12; i++)
    if (g_ascii_strncasecmp (name, months[i], 3) == 0)
      return i + 1;
  return 0;
}

static gint64
utc_seconds (int    year,
             int    month,
             int    day,
             int    hour,
             int    minute,
             double second)
{
  g_autoptr(GDateTime) dt = NULL;

  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || !(second >= 0 && second < 61))
    return 0;
  dt = g_date_time_new_utc (year, month, day, hour, minute, MIN (second, 59.999));
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

/* "+02:00", "-0500", "Z", "UTC" after a time: the offset in seconds. */
static int
zone_offset (const char *p)
{
  int sign, hh = 0, mm = 0;

  while (*p == ' ')
    p++;
  if (*p != '+' && *p != '-')
    return 0;
  sign = *p == '-' ? -1 : 1;
  if (sscanf (p + 1, "%2d:%2d", &hh, &mm) < 1 && sscanf (p + 1, "%2d%2d", &hh, &mm) < 1)
    return 0;
  if (hh > 14 || mm > 59)
    return 0;
  return sign * (hh * 3600 + mm * 60);
}

gint64
_veil_parse_time (const char *text)
{
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double s = 0;
  char mon[16] = "", ampm[3] = "";
  const char *p;

  if (text == NULL)
    return 0;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return 0;

  /* Bare numbers: seconds, or milliseconds when that large. */
  for (p = text; g_ascii_isdigit (*p); p++)
    ;
  if (*p == '\0' && p - text <= 16)
    {
      gint64 v = g_ascii_strtoll (text, NULL, 10);
      return v > 100000000000LL ? v / 1000 : v;
    }

  /* ISO 8601 and its space-separated cousins: 2022-05-15T16:46:57.232Z,
   * 2014-09-08 11:32:14 UTC, 2021-04-15 19:51:50. */
  if (sscanf (text, "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) == 3)
    {
      gint64 t;
      int n = 0;

      p = text + consumed;
      if ((*p == 'T' || *p == ' ') && sscanf (p + 1, "%2d:%2d%n", &h, &mi, &n) == 2)
        {
          p += 1 + n;
          if (*p == ':')
            {
              char *end = NULL;
              s = g_ascii_strtod (p + 1, &end);
              p = end;
            }
        }
      t = utc_seconds (y, mo, d, h, mi, s);
      return t != 0 ? t - zone_offset (p) : 0;
    }

  /* "Mar 08, 2020, 19:22 PM" (Instagram) and "15 Mar 2009" (LinkedIn). */
  if (sscanf (text, "%15[A-Za-z] %d, %d, %d:%d %2s", mon, &d, &y, &h, &mi, ampm) >= 3 ||
      sscanf (text, "%15[A-Za-z] %d %d", mon, &d, &y) == 3)
    {
      if (g_ascii_strcasecmp (ampm, "PM") == 0 && h < 12)
        h += 12;
      else if (g_ascii_strcasecmp (ampm, "AM") == 0 && h == 12)
        h = 0;
      return utc_seconds (y, month_number (mon), d, h, mi, 0);
    }
  if (sscanf (text, "%d %15[A-Za-z] %d", &d, mon, &y) == 3)
    return utc_seconds (y, month_number (mon), d, 0, 0, 0);
  return 0;
}

gint64
_veil_json_time (JsonObject *object,
                 const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      {
        gint64 v = json_node_get_int (node);
        return v > 100000000000LL ? v / 1000 : MAX (v, 0);
      }
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);
        if (!(v > 0 && v < 1e15))
          return 0;
        return (gint64) (v > 1e11 ? v / 1000 : v);
      }
    case G_TYPE_STRING:
      return _veil_parse_time (json_node_get_string (node));
    default:
      return 0;
    }
}

static gboolean
first_number (const char *p,
              const char *end,
              double     *out)
{
  for (; p < end && *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || ((*p == '-' || *p == '+' || *p == '.') && p + 1 < end && g_ascii_isdigit (p[1])))
      {
        char *stop = NULL;
        *out = g_ascii_strtod (p, &stop);
        return stop != p && isfinite (*out);
      }
  return FALSE;
}

gboolean
_veil_parse_latlng (const char *text,
                    double     *lat,
                    double     *lon)
{
  const char *comma;
  gsize len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  comma = strchr (text, ',');
  if (comma == NULL)
    return FALSE;
  if (!first_number (text, comma, lat) || !first_number (comma + 1, text + len, lon))
    return FALSE;
  return *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180;
}

const char *
_veil_json_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return _veil_json_node_string (node);
}

const char *
_veil_json_node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
_veil_json_int (JsonObject *object,
                const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (node);
        return (v > -9e18 && v < 9e18) ? (gint64) v : 0;
      }
    case G_TYPE_STRING:
      return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
    default:
      return 0;
    }
}

double
_veil_json_double (JsonObject *object,
                   const char *member,
                   double      fallback)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    case G_TYPE_STRING:
      {
        char *end = NULL;
        const char *s = json_node_get_string (node);
        double v = g_ascii_strtod (s, &end);
        return end != s ? v : fallback;
      }
    default:
      return fallback;
    }
}

gboolean
_veil_json_bool (JsonObject *object,
                 const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return FALSE;
}

JsonObject *
_veil_json_node_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonObject *
_veil_json_object (JsonObject *object,
                   const char *member)
{
  if (object == NULL)
    return NULL;
  return _veil_json_node_object (json_object_get_member (object, member));
}

JsonArray *
_veil_json_array (JsonObject *object,
                  const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

JsonNode *
_veil_json_path (JsonNode   *node,
                 const char *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);

  for (guint i = 0; keys[i] != NULL && node != NULL; i++)
    {
      JsonObject *o = _veil_json_node_object (node);
      node = o != NULL ? json_object_get_member (o, keys[i]) : NULL;
    }
  return node;
}

gboolean
_veil_export_parse_json (VeilExportContext     *ctx,
                         VeilExportStream      *stream,
                         const char * const    *patterns,
                         gboolean               fix_mojibake,
                         gboolean               javascript,
                         VeilJsonItemFunc       func,
                         gpointer               user_data,
                         GError               **error)
{
  VeilJsonStreamOptions options = {
    .patterns = patterns,
    .fix_mojibake = fix_mojibake,
    .javascript = javascript,
  };

  return veil_json_stream_parse (stream, ctx->file, &options, func, user_data, ctx->cancellable, error);
}
