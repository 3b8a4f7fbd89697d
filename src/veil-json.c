/* veil-json.c: JSON from outside Veil, with its depth checked before
 * json-glib recurses into it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-json"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-json.h"

guint
veil_json_depth (const char *data,
                 gsize       len,
                 guint       max)
{
  guint depth = 0, deepest = 0;

  /* Brackets count only where json-glib (1.6, checked) reads them as
   * such: not in "strings" (where a backslash hides the next character),
   * not in 'strings' (which it accepts, without escapes), and not in
   * comments. Anything else malformed is json-glib's to reject. */
  for (gsize i = 0; i < len; i++)
    {
      const char *end;

      switch (data[i])
        {
        case '"':
          for (i++; i < len && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          break;
        case '\'':
          end = memchr (data + i + 1, '\'', len - i - 1);
          i = end != NULL ? (gsize) (end - data) : len;
          break;
        case '/':
          if (i + 1 < len && data[i + 1] == '*')
            {
              /* memmem, not g_strstr_len, which stops at a NUL. */
              end = memmem (data + i + 2, len - i - 2, "*/", 2);
              i = end != NULL ? (gsize) (end - data) + 1 : len;
            }
          break;
        case '[':
        case '{':
          if (++depth > deepest && (deepest = depth) > max)
            return max + 1;
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return deepest;
}

JsonNode *
veil_json_parse_data (const char *data,
                      gsize       len,
                      const char *source,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  g_return_val_if_fail (source != NULL, NULL);

  /* json-glib asserts on NULL and leaves the error unset on empty input. */
  if (data == NULL || len == 0)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("%s is empty"), source);
      return NULL;
    }
  if (len > G_MAXSSIZE)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("%s is too large"), source);
      return NULL;
    }
  if (veil_json_depth (data, len, VEIL_JSON_MAX_DEPTH) > VEIL_JSON_MAX_DEPTH)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   _("%s is nested more than %u levels deep; refused, as no real file is (damaged or "
                     "made to crash programs?)"),
                   source, VEIL_JSON_MAX_DEPTH);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local))
    {
      if (local == NULL)
        g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("%s is not valid JSON"), source);
      else
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), _("%s is not valid JSON: "), source);
        }
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      /* Only whitespace: json-glib accepts it and returns no root. */
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("%s holds no JSON value"), source);
      return NULL;
    }
  return root;
}

JsonNode *
veil_json_parse_file (const char *path,
                      GError    **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  return veil_json_parse_data (text, len, path, error);
}
