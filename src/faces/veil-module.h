/* veil-module.h: finding and opening one of Veil's loadable modules (the
 * OpenCV and FFmpeg parts), so that programs load them only on first use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tries each candidate path in turn (NULL entries are skipped: an unset
 * override), opens it, calls its `symbol` (a function returning a table
 * whose first member is an int ABI version) and keeps the first whose ABI
 * is `abi`, resident. Returns that table, or NULL with *load_error saying
 * why each candidate failed. `what` names the module in that message. */
gconstpointer veil_module_open (const char *const *candidates,
                                gsize              n_candidates,
                                const char        *symbol,
                                int                abi,
                                const char        *what,
                                char             **load_error);

G_END_DECLS
