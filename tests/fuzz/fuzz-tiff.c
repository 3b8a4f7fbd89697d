/* fuzz-tiff.c: the TIFF/DNG directory walker, inspection and cleaning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-tiff.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const VeilCleanOptions drop_icc = { .drop_icc = TRUE };
  VeilTiff *tiff = NULL;
  VeilFormat format;
  VeilReport *report;
  GBytes *cleaned;

  if (_veil_tiff_load (data, size, &tiff, NULL))
    _veil_tiff_free (tiff);
  format = veil_format_detect (data, size);
  if (format != VEIL_FORMAT_TIFF && format != VEIL_FORMAT_DNG)
    return 0;
  report = veil_inspect_data (data, size, "fuzz.tif", NULL);
  if (report != NULL)
    veil_report_free (report);
  /* The clean re-inspects its own output, so a crash there shows too. */
  cleaned = veil_clean_data (data, size, "fuzz.tif", (size & 1) ? &drop_icc : NULL, NULL);
  if (cleaned != NULL)
    g_bytes_unref (cleaned);
  return 0;
}
