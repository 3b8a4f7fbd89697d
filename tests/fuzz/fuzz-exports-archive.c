/* fuzz-exports-archive.c: walking a ZIP or tar held in memory, names
 * checked and every entry read through the bounded stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-export-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
want_all (const VeilExportEntry *entry, gpointer user_data)
{
  g_assert (g_utf8_validate (entry->name, -1, NULL));
  g_assert (entry->name[0] != '/');
  return TRUE;
}

static gboolean
on_item (const char * const *path, guint n_path, JsonNode *node, gpointer user_data, GError **error)
{
  return TRUE;
}

static gboolean
read_entry (const VeilExportEntry *entry, VeilExportStream *stream, gpointer user_data, GError **error)
{
  static const char *const patterns[] = { "*[]", NULL };
  VeilJsonStreamOptions options = { .patterns = patterns, .fix_mojibake = TRUE };
  guint8 buf[4096];

  if (g_str_has_suffix (entry->name, ".json"))
    {
      veil_json_stream_parse (stream, entry->name, &options, on_item, NULL, NULL, NULL);
      return TRUE;
    }
  while (veil_export_stream_read (stream, buf, sizeof buf, NULL) > 0)
    ;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  veil_export_walk_memory (data, size, want_all, read_entry, NULL, NULL);
  return 0;
}
