/* veil-accounts-page.c: the Accounts section (work in progress; not yet
 * added to the window).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "veil-accounts-page.h"

struct _VeilAccountsPage
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (VeilAccountsPage, veil_accounts_page, GTK_TYPE_WIDGET)

static void
veil_accounts_page_class_init (VeilAccountsPageClass *klass)
{
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
veil_accounts_page_init (VeilAccountsPage *self)
{
}

GtkWidget *
veil_accounts_page_new (void)
{
  return g_object_new (VEIL_TYPE_ACCOUNTS_PAGE, NULL);
}
