/* veil-accounts-page.h: the Accounts section: import the data exports that
 * platforms give out, see who has your data and who tracked you, write a
 * request about it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_ACCOUNTS_PAGE (veil_accounts_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilAccountsPage, veil_accounts_page, VEIL, ACCOUNTS_PAGE, GtkWidget)

GtkWidget *veil_accounts_page_new (void);

G_END_DECLS
