/* veil-apps-page.h: the Apps section: open an app file, see which
 * trackers and permissions it carries, compare with its store label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_APPS_PAGE (veil_apps_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsPage, veil_apps_page, VEIL, APPS_PAGE, GtkWidget)

GtkWidget *veil_apps_page_new (void);

G_END_DECLS
