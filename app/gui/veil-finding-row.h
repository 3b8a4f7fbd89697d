/* veil-finding-row.h: one finding, in words a person understands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-core.h"

G_BEGIN_DECLS

#define VEIL_TYPE_FINDING_ROW (veil_finding_row_get_type ())

G_DECLARE_FINAL_TYPE (VeilFindingRow, veil_finding_row, VEIL, FINDING_ROW, AdwActionRow)

GtkWidget *veil_finding_row_new      (const VeilFinding *finding);
gboolean   veil_finding_row_get_kept (VeilFindingRow    *self);

G_END_DECLS
