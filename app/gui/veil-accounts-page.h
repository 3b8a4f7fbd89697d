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

GtkWidget *veil_accounts_page_new       (void);
/* Imports exports (ZIPs, tarballs, folders) off the main thread; the parts
 * of a split export are grouped into one account. The one path used by drag
 * and drop, the Add Export dialogs and the tests. */
void       veil_accounts_page_add_files (VeilAccountsPage  *self,
                                         GFile            **files,
                                         guint              n_files);
/* TRUE while importing, loading, searching or forgetting. */
gboolean   veil_accounts_page_get_busy  (VeilAccountsPage  *self);
/* Shows one account's page (0: the overview). */
void       veil_accounts_page_show_account (VeilAccountsPage *self,
                                            gint64            import_id);
/* Starts a search as if typed into the search bar. */
void       veil_accounts_page_search    (VeilAccountsPage  *self,
                                         const char        *text);

G_END_DECLS
