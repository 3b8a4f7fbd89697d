/* veil-apps-details.h: what one app carries: trackers by category,
 * permissions, privacy manifests, and how its store label compares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-apps-item.h"

G_BEGIN_DECLS

#define VEIL_TYPE_APPS_DETAILS (veil_apps_details_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsDetails, veil_apps_details, VEIL, APPS_DETAILS, GtkWidget)

GtkWidget    *veil_apps_details_new      (void);
void          veil_apps_details_set_item (VeilAppsDetails *self,
                                          VeilAppsItem    *item);
VeilAppsItem *veil_apps_details_get_item (VeilAppsDetails *self);

G_END_DECLS
