/* fuzz-iptc.c: Photoshop image resources, and IPTC-IIM on its own.
 *
 * The resource walker hands blocks on to the IPTC, XMP, EXIF and ICC
 * parsers, so this target reaches all of them from one input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-iptc.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilReport *report = veil_report_new (NULL, VEIL_FORMAT_JPEG);

  _veil_irb_findings (data, size, report);
  _veil_iptc_findings (data, size, report);
  veil_report_free (report);
  return 0;
}
