/* fuzz-xmp.c: the XMP packet parser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-xmp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilReport *report = veil_report_new (NULL, VEIL_FORMAT_JPEG);

  _veil_xmp_findings ((const char *) data, size, report);
  veil_report_free (report);
  return 0;
}
