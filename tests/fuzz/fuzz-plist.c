/* fuzz-plist.c: XML and binary property lists, and the Mach-O reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-apps-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GVariant *v = _veil_plist_parse (data, size, NULL);
  VeilMachoInfo info;

  if (v != NULL)
    g_variant_unref (v);
  _veil_macho_parse (data, size, &info, NULL);
  _veil_macho_info_clear (&info);
  return 0;
}
