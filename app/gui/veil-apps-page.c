/* veil-apps-page.c: the Apps section (work in progress, not yet shown in
 * the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-page"

#include "config.h"

#include "veil-apps-page.h"

struct _VeilAppsPage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (VeilAppsPage, veil_apps_page, GTK_TYPE_WIDGET)

static void
veil_apps_page_class_init (VeilAppsPageClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
veil_apps_page_init (VeilAppsPage *self)
{
}

GtkWidget *
veil_apps_page_new (void)
{
  return g_object_new (VEIL_TYPE_APPS_PAGE, NULL);
}
