/* veil-json-stream.c: yajl-driven extraction of items from large JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <yajl/yajl_parse.h>

#include "veil-error.h"
#include "veil-json-stream.h"

#define MAX_PATTERNS 32
#define ARRAY_COMPONENT "[]"

typedef struct {
  char   *component;  /* key, or "[]" inside an array; NULL before a map's first key */
  guint32 mask;       /* patterns whose prefix matches the path down to here */
} Level;

typedef struct {
  JsonNode *node;     /* object or array being built */
  const char *key;    /* pending member name, for objects: the top level's
                       * component, borrowed (it lives until the next key) */
} Frame;

typedef struct {
  const VeilJsonStreamOptions *options;
  const char     *name;
  VeilJsonItemFunc func;
  gpointer        user_data;
  GError         *error;

  GStrv           patterns[MAX_PATTERNS];
  guint           pattern_len[MAX_PATTERNS];  /* components in each, asked per key */
  guint           n_patterns;

  GArray         *levels;     /* Level: the path to the current position */
  GArray         *frames;     /* Frame: the item being built, if any */
  gsize           item_bytes;
} Parser;

static gboolean
component_matches (const char *pattern,
                   const char *component)
{
  if (component == NULL)
    return FALSE;
  if (g_str_equal (pattern, "*"))
    return !g_str_equal (component, ARRAY_COMPONENT);
  return g_str_equal (pattern, component);
}

static GStrv
split_pattern (const char *pattern)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GStrv) keys = NULL;

  if (*pattern == '\0')
    {
      g_ptr_array_add (parts, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
    }
  keys = g_strsplit (pattern, ".", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *k = keys[i];
      gsize len = strlen (k);
      guint n_arrays = 0;

      while (len >= 2 && k[len - 2] == '[' && k[len - 1] == ']')
        {
          len -= 2;
          n_arrays++;
        }
      if (len > 0)
        g_ptr_array_add (parts, g_strndup (k, len));
      for (guint a = 0; a < n_arrays; a++)
        g_ptr_array_add (parts, g_strdup (ARRAY_COMPONENT));
    }
  g_ptr_array_add (parts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&parts), FALSE);
}

char *
veil_json_fix_mojibake (const char *text,
                        gsize       len)
{
  const char *p = text, *end = text + len;
  gboolean high = FALSE;
  GString *bytes;

  /* Only a string made entirely of code points below 256, some of them
   * above 127, can be the mojibake; anything else is left as it is. */
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xff)
        return NULL;
      if (c > 0x7f)
        high = TRUE;
    }
  if (!high)
    return NULL;
  bytes = g_string_sized_new (len);
  for (p = text; p < end; p = g_utf8_next_char (p))
    g_string_append_c (bytes, (char) g_utf8_get_char (p));
  if (!g_utf8_validate (bytes->str, (gssize) bytes->len, NULL))
    {
      g_string_free (bytes, TRUE);
      return NULL;
    }
  return g_string_free (bytes, FALSE);
}

/* yajl hands over raw bytes (validation is off so one bad byte does not
 * lose a whole file): repair, then undo Meta's escaping. */
static char *
clean_string (Parser              *parser,
              const unsigned char *s,
              size_t               len)
{
  char *text;
  char *fixed;
  size_t i = 0;

  /* Nearly every key and value is plain ASCII: valid, and no mojibake. */
  while (i < len && s[i] > 0 && s[i] < 0x80)
    i++;
  if (i == len)
    return g_strndup ((const char *) s, len);
  if (g_utf8_validate ((const char *) s, (gssize) len, NULL))
    text = g_strndup ((const char *) s, len);
  else
    text = g_utf8_make_valid ((const char *) s, (gssize) len);
  if (!parser->options->fix_mojibake)
    return text;
  fixed = veil_json_fix_mojibake (text, strlen (text));
  if (fixed == NULL)
    return text;
  g_free (text);
  return fixed;
}

static gboolean
fail (Parser     *parser,
      int         code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser     *parser,
      int         code,
      const char *format,
      ...)
{
  va_list args;

  if (parser->error != NULL)
    return FALSE;
  va_start (args, format);
  parser->error = g_error_new_valist (VEIL_EXPORT_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static Level *
top_level (Parser *parser)
{
  return &g_array_index (parser->levels, Level, parser->levels->len - 1);
}

static gboolean
building (Parser *parser)
{
  return parser->frames->len > 0;
}

/* Whether the value starting now is an item someone asked for. */
static gboolean
value_matches (Parser *parser)
{
  Level *top = top_level (parser);
  guint depth = parser->levels->len - 1;

  for (guint i = 0; i < parser->n_patterns; i++)
    if ((top->mask & (1u << i)) && parser->pattern_len[i] == depth)
      return TRUE;
  return FALSE;
}

static gboolean
emit (Parser   *parser,
      JsonNode *node)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  gboolean ok;

  for (guint i = 1; i < parser->levels->len; i++)
    g_ptr_array_add (path, g_array_index (parser->levels, Level, i).component);
  ok = parser->func ((const char * const *) path->pdata, path->len, node, parser->user_data, &parser->error);
  parser->item_bytes = 0;
  if (!ok && parser->error == NULL)
    g_set_error (&parser->error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                 _("%s could not be read"), parser->name);
  return ok;
}

static gboolean
charge (Parser *parser,
        gsize   bytes)
{
  parser->item_bytes += bytes + 16;
  if (parser->item_bytes > VEIL_JSON_MAX_ITEM_BYTES)
    return fail (parser, VEIL_EXPORT_ERROR_TOO_LARGE,
                 _("%s has a single record larger than %s; Veil skipped the file"),
                 parser->name, "32 MB");
  return TRUE;
}

/* A finished value: goes into the item being built, or out as an item. */
static int
add_value (Parser   *parser,
           JsonNode *node)
{
  Frame *parent;

  if (!building (parser))
    {
      gboolean ok = emit (parser, node);
      json_node_unref (node);
      return ok;
    }
  parent = &g_array_index (parser->frames, Frame, parser->frames->len - 1);
  if (JSON_NODE_HOLDS_OBJECT (parent->node))
    {
      json_object_set_member (json_node_get_object (parent->node),
                              parent->key != NULL ? parent->key : "", node);
      parent->key = NULL;
    }
  else
    json_array_add_element (json_node_get_array (parent->node), node);
  return 1;
}

/* A scalar: built only when inside an item or itself an item. */
static int
scalar (Parser   *parser,
        JsonNode *node)
{
  if (!building (parser) && !value_matches (parser))
    {
      json_node_unref (node);
      return 1;
    }
  if (!charge (parser, 8))
    {
      json_node_unref (node);
      return 0;
    }
  return add_value (parser, node);
}

static int
on_null (void *ctx)
{
  return scalar (ctx, json_node_new (JSON_NODE_NULL));
}

static int
on_boolean (void *ctx,
            int   value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value != 0);
  return scalar (ctx, node);
}

static int
on_number (void       *ctx,
           const char *text,
           size_t      len)
{
  Parser *parser = ctx;
  JsonNode *node;
  char buf[64];
  char *end = NULL;
  gint64 i;

  if (!building (parser) && !value_matches (parser))
    return 1;
  if (len >= sizeof buf)
    len = sizeof buf - 1;
  memcpy (buf, text, len);
  buf[len] = '\0';
  node = json_node_new (JSON_NODE_VALUE);
  errno = 0;
  i = g_ascii_strtoll (buf, &end, 10);
  if (end != NULL && *end == '\0' && errno == 0)
    json_node_set_int (node, i);
  else
    json_node_set_double (node, g_ascii_strtod (buf, NULL));
  return scalar (parser, node);
}

static int
on_string (void                *ctx,
           const unsigned char *s,
           size_t               len)
{
  Parser *parser = ctx;
  JsonNode *node;

  if (!building (parser) && !value_matches (parser))
    return 1;
  {
    g_autofree char *text = clean_string (parser, s, len);

    node = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (node, text);
    if (!charge (parser, len))
      {
        json_node_unref (node);
        return 0;
      }
  }
  return scalar (parser, node);
}

static int
push_level (Parser     *parser,
            const char *component)
{
  Level level = { 0 };

  if (parser->levels->len > VEIL_JSON_MAX_DEPTH)
    return fail (parser, VEIL_EXPORT_ERROR_MALFORMED,
                 _("%s is nested more than %d levels deep; Veil skipped it"),
                 parser->name, VEIL_JSON_MAX_DEPTH);
  level.component = g_strdup (component);
  g_array_append_val (parser->levels, level);
  return 1;
}

/* Recomputes which patterns still match after the top component changed. */
static void
update_mask (Parser *parser)
{
  guint depth = parser->levels->len - 1;
  Level *top = top_level (parser);
  guint32 parent = g_array_index (parser->levels, Level, depth - 1).mask;

  top->mask = 0;
  for (guint i = 0; i < parser->n_patterns; i++)
    if ((parent & (1u << i)) && parser->pattern_len[i] >= depth &&
        component_matches (parser->patterns[i][depth - 1], top->component))
      top->mask |= 1u << i;
}

static int
start_container (Parser   *parser,
                 gboolean  array)
{
  gboolean start_item = !building (parser) && value_matches (parser);

  if (building (parser) || start_item)
    {
      Frame frame = { 0 };

      if (!charge (parser, 16))
        return 0;
      frame.node = json_node_new (array ? JSON_NODE_ARRAY : JSON_NODE_OBJECT);
      if (array)
        json_node_take_array (frame.node, json_array_new ());
      else
        json_node_take_object (frame.node, json_object_new ());
      g_array_append_val (parser->frames, frame);
    }
  if (!push_level (parser, array ? ARRAY_COMPONENT : NULL))
    return 0;
  if (array)
    update_mask (parser);
  return 1;
}

static int
end_container (Parser *parser)
{
  Level *top = top_level (parser);

  g_free (top->component);
  g_array_set_size (parser->levels, parser->levels->len - 1);
  if (building (parser))
    {
      Frame frame = g_array_index (parser->frames, Frame, parser->frames->len - 1);

      g_array_set_size (parser->frames, parser->frames->len - 1);
      return add_value (parser, frame.node);
    }
  return 1;
}

static int
on_start_map (void *ctx)
{
  return start_container (ctx, FALSE);
}

static int
on_map_key (void                *ctx,
            const unsigned char *key,
            size_t               len)
{
  Parser *parser = ctx;
  Level *top = top_level (parser);

  g_free (top->component);
  top->component = clean_string (parser, key, len);
  update_mask (parser);
  if (building (parser))
    {
      Frame *frame = &g_array_index (parser->frames, Frame, parser->frames->len - 1);

      if (!charge (parser, len))
        return 0;
      frame->key = top->component;
    }
  return 1;
}

static int
on_end_map (void *ctx)
{
  return end_container (ctx);
}

static int
on_start_array (void *ctx)
{
  return start_container (ctx, TRUE);
}

static int
on_end_array (void *ctx)
{
  return end_container (ctx);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end_map,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end_array,
};

static void
parser_clear (Parser *parser)
{
  for (guint i = 0; i < parser->n_patterns; i++)
    g_strfreev (parser->patterns[i]);
  for (guint i = 0; i < parser->levels->len; i++)
    g_free (g_array_index (parser->levels, Level, i).component);
  for (guint i = 0; i < parser->frames->len; i++)
    {
      Frame *f = &g_array_index (parser->frames, Frame, i);
      json_node_unref (f->node);
    }
  g_array_unref (parser->levels);
  g_array_unref (parser->frames);
  g_clear_error (&parser->error);
}

static gboolean
parse_error (Parser    *parser,
             yajl_handle h,
             const guint8 *chunk,
             gsize      len,
             GError   **error)
{
  unsigned char *msg;
  g_autofree char *line = NULL;

  if (parser->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parser->error));
      return FALSE;
    }
  msg = yajl_get_error (h, 0, chunk, len);
  line = g_strstrip (g_utf8_make_valid ((const char *) msg, -1));
  yajl_free_error (h, msg);
  g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
               _("%s is not valid JSON (%s)"), parser->name, line);
  return FALSE;
}

gboolean
veil_json_stream_parse (VeilExportStream            *stream,
                        const char                  *name,
                        const VeilJsonStreamOptions *options,
                        VeilJsonItemFunc             func,
                        gpointer                     user_data,
                        GCancellable                *cancellable,
                        GError                     **error)
{
  Parser parser = { 0 };
  Level root = { 0 };
  yajl_handle h;
  guint8 *buf = g_malloc (256 * 1024);
  gboolean ok = FALSE, first = TRUE, in_prefix = options->javascript;
  gssize n;

  parser.options = options;
  parser.name = name;
  parser.func = func;
  parser.user_data = user_data;
  parser.levels = g_array_new (FALSE, TRUE, sizeof (Level));
  parser.frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  for (guint i = 0; options->patterns[i] != NULL && i < MAX_PATTERNS; i++)
    {
      parser.patterns[i] = split_pattern (options->patterns[i]);
      parser.pattern_len[i] = g_strv_length (parser.patterns[i]);
      root.mask |= 1u << i;
      parser.n_patterns++;
    }
  g_array_append_val (parser.levels, root);

  h = yajl_alloc (&callbacks, NULL, &parser);
  yajl_config (h, yajl_dont_validate_strings, 1);
  if (options->javascript)
    yajl_config (h, yajl_allow_trailing_garbage, 1);

  while ((n = veil_export_stream_read (stream, buf, 256 * 1024, error)) > 0)
    {
      guint8 *chunk = buf;
      gsize len = (gsize) n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (first && len >= 3 && memcmp (chunk, "\xef\xbb\xbf", 3) == 0)
        {
          chunk += 3;
          len -= 3;
        }
      first = FALSE;
      if (in_prefix)
        {
          guint8 *eq = memchr (chunk, '=', len);

          if (eq == NULL)
            continue;
          len -= (gsize) (eq + 1 - chunk);
          chunk = eq + 1;
          in_prefix = FALSE;
        }
      if (yajl_parse (h, chunk, len) != yajl_status_ok)
        {
          parse_error (&parser, h, chunk, len, error);
          goto out;
        }
    }
  if (n < 0)
    goto out;
  if (in_prefix)
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("%s is not an archive data file (no “window.YTD… =” line)"), name);
      goto out;
    }
  if (yajl_complete_parse (h) != yajl_status_ok)
    {
      parse_error (&parser, h, NULL, 0, error);
      goto out;
    }
  ok = TRUE;

out:
  yajl_free (h);
  g_free (buf);
  parser_clear (&parser);
  return ok;
}
