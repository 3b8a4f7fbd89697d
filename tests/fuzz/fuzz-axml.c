/* fuzz-axml.c: the binary-XML AndroidManifest.xml reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-apps-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilManifest *m = _veil_axml_parse_manifest (data, size, NULL);

  if (m != NULL)
    {
      for (guint i = 0; i < m->permissions->len; i++)
        _veil_permission_explain (m->permissions->pdata[i]);
      _veil_manifest_free (m);
    }
  return 0;
}
