/* fuzz-gif.c: the GIF block walker (sub-block chains, application blocks), inspection and cleaning.
 *
 * Beyond not crashing, a clean must be idempotent: cleaning a cleaned file
 * succeeds and changes nothing, or the cleaner wrote something its own
 * parser reads differently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "veil-core.h"
#include "veil-gif.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilGifLayout layout;
  VeilCleanOptions options = { .drop_icc = size % 2 };
  VeilReport *report;
  GBytes *cleaned, *again;

  if (_veil_gif_parse (data, size, &layout, NULL))
    _veil_gif_layout_clear (&layout);
  if (veil_format_detect (data, size) != VEIL_FORMAT_GIF)
    return 0;
  report = veil_inspect_data (data, size, "fuzz.gif", NULL);
  if (report != NULL)
    veil_report_free (report);
  cleaned = veil_clean_data (data, size, "fuzz.gif", &options, NULL);
  if (cleaned == NULL)
    return 0;
  again = veil_clean_data (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned),
                           "fuzz.gif", &options, NULL);
  if (again == NULL || !g_bytes_equal (cleaned, again))
    abort ();
  g_bytes_unref (again);
  g_bytes_unref (cleaned);
  return 0;
}
