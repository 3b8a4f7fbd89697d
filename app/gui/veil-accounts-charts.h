/* veil-accounts-charts.h: the Accounts section's two pictures, drawn
 * locally with cairo: off-platform events per month, and where an export
 * placed you on a world outline (no map tiles, nothing fetched).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* months: VeilViewMonth, copied. */
GtkWidget *veil_accounts_timeline_new (GArray *months);
/* points: VeilViewPoint, copied. */
GtkWidget *veil_accounts_map_new      (GArray *points);

G_END_DECLS
