/* fuzz-icc.c: the ICC colour profile reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-icc.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilReport *report = veil_report_new (NULL, VEIL_FORMAT_JPEG);

  _veil_icc_findings (data, size, report);
  _veil_icc_findings_full (data, size, "Photoshop:ICC", FALSE, report);
  veil_report_free (report);
  return 0;
}
