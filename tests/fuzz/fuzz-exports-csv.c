/* fuzz-exports-csv.c: the RFC 4180 reader used for LinkedIn exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-export-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(VeilCsv) csv = _veil_csv_new ((const char *) data, size);
  GStrv row;
  guint n = 0;

  while ((row = _veil_csv_next (csv)) != NULL && n < 100000)
    {
      for (guint i = 0; row[i] != NULL; i++)
        g_assert (g_utf8_validate (row[i], -1, NULL));
      g_strfreev (row);
      n++;
    }
  g_strfreev (row);
  return 0;
}
