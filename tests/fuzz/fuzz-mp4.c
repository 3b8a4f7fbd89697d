/* fuzz-mp4.c: the ISO base media box reader, MP4/MOV/3GP inspection and
 * cleaning, and motion photos (a JPEG with an MP4 after it)
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

  if (format != VEIL_FORMAT_MP4 && format != VEIL_FORMAT_MOV && format != VEIL_FORMAT_3GP && format != VEIL_FORMAT_JPEG)
    return 0;
  report = veil_inspect_data (data, size, "fuzz.mp4", NULL);
  if (report != NULL)
    veil_report_free (report);
  for (size_t i = 0; i < G_N_ELEMENTS (options); i++)
    {
      GBytes *cleaned = veil_clean_data (data, size, "fuzz.mp4", &options[i], NULL);
      if (cleaned != NULL)
        g_bytes_unref (cleaned);
    }
  return 0;
}
