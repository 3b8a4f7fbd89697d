/* fuzz-exports-json.c: the streaming JSON extractor (plain, Meta mojibake
 * and X/Twitter "window.YTD… =" modes) and the date and coordinate parsers
 * the readers feed with its strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-export-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
on_item (const char * const *path, guint n_path, JsonNode *node, gpointer user_data, GError **error)
{
  JsonObject *o = _veil_json_node_object (node);
  const char *s = _veil_json_node_string (node);
  double lat, lon;

  if (s != NULL)
    {
      (void) _veil_parse_time (s);
      (void) _veil_parse_latlng (s, &lat, &lon);
    }
  if (o != NULL)
    {
      (void) _veil_json_time (o, "timestamp");
      (void) _veil_json_string (o, "name");
      (void) _veil_json_path (node, "a.b.c");
    }
  (*(guint *) user_data)++;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const patterns[] = { "[]", "*[]", "*.*[]", "[].ad.*.impressions[]", "*.Login History.LoginHistoryList[]", NULL };
  static const char *const whole[] = { "", NULL };
  const VeilJsonStreamOptions modes[] = {
    { .patterns = patterns, .fix_mojibake = TRUE },
    { .patterns = patterns, .javascript = TRUE },
    { .patterns = whole },
  };
  g_autofree char *text = g_strndup ((const char *) data, size);

  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(VeilExportStream) s = veil_export_stream_new_memory (data, size);
      guint n = 0;

      veil_json_stream_parse (s, "fuzz.json", &modes[i], on_item, &n, NULL, NULL);
    }
  g_free (veil_json_fix_mojibake (text, strlen (text)));
  (void) _veil_json_check_depth ((const char *) data, size, "fuzz.json", NULL);
  return 0;
}
