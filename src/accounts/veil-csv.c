/* veil-csv.c: a small RFC 4180 reader for LinkedIn's CSV files: quoted
 * fields with doubled quotes and line breaks inside, CRLF or LF endings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* A record with more fields than this is not a real export row. */
#define MAX_FIELDS 4096

struct _VeilCsv {
  const char *p;
  const char *end;
};

VeilCsv *
_veil_csv_new (const char *data,
               gsize       len)
{
  VeilCsv *csv = g_new0 (VeilCsv, 1);

  csv->p = data;
  csv->end = data + len;
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    csv->p += 3;
  return csv;
}

void
_veil_csv_free (VeilCsv *csv)
{
  g_free (csv);
}

static char *
take_field (GString *field)
{
  char *text = g_utf8_make_valid (field->str, (gssize) field->len);

  g_string_truncate (field, 0);
  return text;
}

GStrv
_veil_csv_next (VeilCsv *csv)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GString) field = NULL;
  gboolean quoted = FALSE;

  if (csv->p >= csv->end)
    return NULL;
  fields = g_ptr_array_new_with_free_func (g_free);
  field = g_string_new (NULL);

  while (csv->p < csv->end)
    {
      char c = *csv->p++;

      if (quoted)
        {
          if (c == '"')
            {
              if (csv->p < csv->end && *csv->p == '"')
                {
                  g_string_append_c (field, '"');
                  csv->p++;
                }
              else
                quoted = FALSE;
            }
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          if (fields->len < MAX_FIELDS)
            g_ptr_array_add (fields, take_field (field));
          else
            g_string_truncate (field, 0);
        }
      else if (c == '\r' && csv->p < csv->end && *csv->p == '\n')
        continue;
      else if (c == '\n' || c == '\r')
        break;
      else
        g_string_append_c (field, c);
    }
  if (fields->len < MAX_FIELDS)
    g_ptr_array_add (fields, take_field (field));
  g_ptr_array_add (fields, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}
