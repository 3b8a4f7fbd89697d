/* veil-export-time.c: the many date shapes exports use, as Unix seconds,
 * and coordinates written as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "veil-export-private.h"

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
