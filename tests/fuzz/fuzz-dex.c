/* fuzz-dex.c: the DEX reader, and the whole APK walk around it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-apps-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
on_name (const char *name, gsize len, gpointer user_data)
{
  (*(guint *) user_data)++;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const VeilDexVisitor visitor = { on_name, on_name };
  guint n = 0;

  _veil_dex_parse (data, size, &visitor, &n, NULL, NULL);
  return 0;
}
