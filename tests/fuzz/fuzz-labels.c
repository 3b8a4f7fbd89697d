/* fuzz-labels.c: App Store privacy labels and Google Play data-safety
 * records, as `veil apps compare --label FILE` reads them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-apps-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilDisclosure *d = _veil_disclosure_load_data ((const char *) data, size, "label.json", NULL);

  if (d != NULL)
    {
      g_assert_nonnull (veil_disclosure_kind (d));
      veil_disclosure_free (d);
    }
  return 0;
}
