/* veil-export-json-access.c: JSON member lookups that never fail, and the
 * streaming parse the readers call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-export-private.h"

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

gboolean
_veil_json_check_depth (const char  *data,
                        gsize        len,
                        const char  *name,
                        GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  /* Brackets outside strings, one pass, no recursion: json-glib recurses
   * once per level and a file nested 100,000 deep would exhaust the stack. */
  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > VEIL_JSON_MAX_DEPTH)
            {
              g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                           _("%s is nested more than %d levels deep; Veil skipped it"),
                           name, VEIL_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

gboolean
_veil_json_load_file (JsonParser  *parser,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GMappedFile) map = g_mapped_file_new (path, FALSE, error);

  if (map == NULL ||
      !_veil_json_check_depth (g_mapped_file_get_contents (map), g_mapped_file_get_length (map), path, error))
    return FALSE;
  return json_parser_load_from_data (parser, g_mapped_file_get_contents (map),
                                     (gssize) g_mapped_file_get_length (map), error);
}
