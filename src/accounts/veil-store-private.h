/* veil-store-private.h: hooks for the engine's own tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-store.h"

G_BEGIN_DECLS

/* Makes the n-th row added to this import fail, as a full disk would. */
void _veil_store_import_fail_after (VeilStoreImport *import,
                                    guint            n);

G_END_DECLS
