/* veil-cli-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "veil-cli-json.h"

void
veil_cli_json_init (VeilCliJson *json)
{
  json->text = g_string_new (NULL);
  json->depth = 0;
  json->first = TRUE;
  json->after_name = FALSE;
}

/* A line break, then the indentation of the innermost open container. */
static void
new_line (VeilCliJson *json)
{
  g_string_append_c (json->text, '\n');
  for (guint i = 0; i < json->depth; i++)
    g_string_append (json->text, "  ");
}

/* Starts the next element of the open array or object on its own line. */
static void
next_line (VeilCliJson *json)
{
  if (json->depth > 0)
    {
      if (!json->first)
        g_string_append_c (json->text, ',');
      new_line (json);
    }
  json->first = FALSE;
}

static void
begin_value (VeilCliJson *json)
{
  if (json->after_name)
    json->after_name = FALSE;
  else
    next_line (json);
}

static void
open_container (VeilCliJson *json, char bracket)
{
  begin_value (json);
  g_string_append_c (json->text, bracket);
  json->depth++;
  json->first = TRUE;
}

static void
close_container (VeilCliJson *json, char bracket)
{
  g_return_if_fail (json->depth > 0 && !json->after_name);

  json->depth--;
  if (!json->first)
    new_line (json);
  g_string_append_c (json->text, bracket);
  json->first = FALSE;
}

void
veil_cli_json_begin_array (VeilCliJson *json)
{
  open_container (json, '[');
}

void
veil_cli_json_end_array (VeilCliJson *json)
{
  close_container (json, ']');
}

void
veil_cli_json_begin_object (VeilCliJson *json)
{
  open_container (json, '{');
}

void
veil_cli_json_end_object (VeilCliJson *json)
{
  close_container (json, '}');
}

/* A string literal: quotes, backslashes and control characters escaped,
 * the rest (valid UTF-8 by then) as it is. */
static void
append_literal (GString *text, const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);

  g_string_append_c (text, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (text, "\\\""); break;
        case '\\': g_string_append (text, "\\\\"); break;
        case '\b': g_string_append (text, "\\b"); break;
        case '\f': g_string_append (text, "\\f"); break;
        case '\n': g_string_append (text, "\\n"); break;
        case '\r': g_string_append (text, "\\r"); break;
        case '\t': g_string_append (text, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (text, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (text, *p);
        }
    }
  g_string_append_c (text, '"');
}

void
veil_cli_json_member (VeilCliJson *json,
                      const char  *name)
{
  g_return_if_fail (json->depth > 0 && !json->after_name);

  next_line (json);
  append_literal (json->text, name);
  g_string_append (json->text, " : ");
  json->after_name = TRUE;
}

void
veil_cli_json_string (VeilCliJson *json,
                      const char  *value)
{
  begin_value (json);
  append_literal (json->text, value);
}

void
veil_cli_json_boolean (VeilCliJson *json,
                       gboolean     value)
{
  begin_value (json);
  g_string_append (json->text, value ? "true" : "false");
}

char *
veil_cli_json_finish (VeilCliJson *json)
{
  g_return_val_if_fail (json->depth == 0, NULL);

  g_string_append_c (json->text, '\n');
  return g_string_free (g_steal_pointer (&json->text), FALSE);
}
