/* fuzz-jpeg.c: the JPEG segment walker, inspection and cleaning.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-jpeg.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilJpegLayout layout;
  VeilReport *report;
  GBytes *cleaned;

  if (_veil_jpeg_parse (data, size, &layout, NULL))
    _veil_jpeg_layout_clear (&layout);
  if (veil_format_detect (data, size) != VEIL_FORMAT_JPEG)
    return 0;
  report = veil_inspect_data (data, size, "fuzz.jpg", NULL);
  if (report != NULL)
    veil_report_free (report);
  cleaned = veil_clean_data (data, size, "fuzz.jpg", NULL, NULL);
  if (cleaned != NULL)
    g_bytes_unref (cleaned);
  return 0;
}
