/* veil-apps-label-window.h: a store label typed in by hand, with the same
 * categories as the store page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-apps-views.h"

G_BEGIN_DECLS

#define VEIL_TYPE_APPS_LABEL_WINDOW (veil_apps_label_window_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsLabelWindow, veil_apps_label_window, VEIL, APPS_LABEL_WINDOW, AdwWindow)

/* Emits "filled" (const char *json) when the user presses Compare, then
 * closes. */
GtkWidget      *veil_apps_label_window_new       (GtkWindow           *parent,
                                                  VeilLabelStore       store,
                                                  const char          *app_title);
VeilLabelStore  veil_apps_label_window_get_store (VeilAppsLabelWindow *self);
void            veil_apps_label_window_set_store (VeilAppsLabelWindow *self,
                                                  VeilLabelStore       store);
/* Ticks a data type: column 0 is "used to track you" (App Store) or
 * "shared" (Google Play), column 1 "collected". item is "CATEGORY/Type".
 * FALSE when there is no such box. For keyboard-free tests. */
gboolean        veil_apps_label_window_set_ticked (VeilAppsLabelWindow *self,
                                                   guint                column,
                                                   const char          *item,
                                                   gboolean             ticked);
/* What Compare would send. */
char           *veil_apps_label_window_get_json  (VeilAppsLabelWindow *self);
void            veil_apps_label_window_compare   (VeilAppsLabelWindow *self);

G_END_DECLS
