/* fuzz-inspect.c: every format Veil knows, through the public API, the way
 * a user's files reach it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilReport *report = veil_inspect_data (data, size, "fuzz", NULL);
  VeilCleanOptions options = { .drop_icc = size % 2 };
  GBytes *cleaned;

  if (report != NULL)
    veil_report_free (report);
  cleaned = veil_clean_data (data, size, "fuzz", &options, NULL);
  if (cleaned != NULL)
    g_bytes_unref (cleaned);
  return 0;
}
