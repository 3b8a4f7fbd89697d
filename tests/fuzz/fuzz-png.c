/* fuzz-png.c: the PNG chunk walker (CRCs, inflating text and profiles), inspection and cleaning.
 *
 * Beyond not crashing, a clean must be idempotent: cleaning a cleaned file
 * succeeds and changes nothing, or the cleaner wrote something its own
 * parser reads differently.
 *
 * Mutated chunks almost never keep a valid CRC, which would stop the fuzzer
 * at the checksum; so each input also runs with every CRC made right.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "veil-core.h"
#include "veil-png.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
fix_crcs (uint8_t *data, size_t size)
{
  size_t pos = 8;

  while (pos + 12 <= size)
    {
      uint32_t len = (uint32_t) data[pos] << 24 | data[pos + 1] << 16 | data[pos + 2] << 8 | data[pos + 3];
      uint32_t crc;

      if (len > size - pos - 12)
        break;
      crc = (uint32_t) crc32 (0, data + pos + 4, len + 4);
      data[pos + 8 + len] = crc >> 24;
      data[pos + 9 + len] = crc >> 16;
      data[pos + 10 + len] = crc >> 8;
      data[pos + 11 + len] = crc;
      pos += 12 + (size_t) len;
    }
}

static void
run (const uint8_t *data, size_t size)
{
  VeilPngLayout layout;
  VeilCleanOptions options = { .drop_icc = size % 2 };
  VeilReport *report;
  GBytes *cleaned, *again;

  if (_veil_png_parse (data, size, &layout, NULL))
    _veil_png_layout_clear (&layout);
  if (veil_format_detect (data, size) != VEIL_FORMAT_PNG)
    return;
  report = veil_inspect_data (data, size, "fuzz.png", NULL);
  if (report != NULL)
    veil_report_free (report);
  cleaned = veil_clean_data (data, size, "fuzz.png", &options, NULL);
  if (cleaned == NULL)
    return;
  again = veil_clean_data (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned),
                           "fuzz.png", &options, NULL);
  if (again == NULL || !g_bytes_equal (cleaned, again))
    abort ();
  g_bytes_unref (again);
  g_bytes_unref (cleaned);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  uint8_t *copy = g_memdup2 (data, size);

  run (data, size);
  fix_crcs (copy, size);
  run (copy, size);
  g_free (copy);
  return 0;
}
