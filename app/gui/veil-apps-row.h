/* veil-apps-row.h: an app package in the Apps list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-apps-item.h"

G_BEGIN_DECLS

#define VEIL_TYPE_APPS_ROW (veil_apps_row_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsRow, veil_apps_row, VEIL, APPS_ROW, GtkWidget)

GtkWidget    *veil_apps_row_new       (void);
void          veil_apps_row_set_item  (VeilAppsRow  *self,
                                       VeilAppsItem *item);
VeilAppsItem *veil_apps_row_get_item  (VeilAppsRow  *self);
const char   *veil_apps_row_get_badge (VeilAppsRow  *self);

/* The badge text for an item: "3 trackers", "No trackers found", … */
char         *veil_apps_state_badge   (VeilAppsItem *item,
                                       const char  **style_class);

G_END_DECLS
