/* fuzz-heif.c: the ISO base media box reader, HEIF inspection and cleaning
 * (with every clean option, so each code path runs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const VeilCleanOptions options[] = {
    { 0 },
    { .drop_icc = TRUE, .keep_motion_video = TRUE, .keep_media_times = TRUE },
  };
  VeilFormat format = veil_format_detect (data, size);
  VeilReport *report;

  if (format != VEIL_FORMAT_HEIF && format != VEIL_FORMAT_AVIF)
    return 0;
  report = veil_inspect_data (data, size, "fuzz.heif", NULL);
  if (report != NULL)
    veil_report_free (report);
  for (size_t i = 0; i < G_N_ELEMENTS (options); i++)
    {
      GBytes *cleaned = veil_clean_data (data, size, "fuzz.heif", &options[i], NULL);
      if (cleaned != NULL)
        g_bytes_unref (cleaned);
    }
  return 0;
}
