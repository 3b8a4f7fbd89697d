/* veil-accounts-page-private.h: state shared by the files that make up the
 * Accounts page (-import.c: getting exports in; -forget.c: forgetting an
 * export or an account; -view.c: the overview and per-account pages).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-accounts-page.h"
#include "veil-drop-area.h"
#include "veil-error-text.h"
#include "veil-page-util.h"
#include "veil-progress.h"
#include "veil-store.h"
#include "veil-store-views.h"

G_BEGIN_DECLS

/* Rows shown per list before a "Show All" row. */
#define VEIL_ACCOUNTS_FIRST_ROWS 30

struct _VeilAccountsPage
{
  GtkWidget          parent_instance;

  char              *store_path;
  GCancellable      *cancellable;     /* loads and searches; cancelled in dispose */
  VeilProgress      *progress;        /* while importing, else NULL */
  GtkNativeDialog   *chooser;
  guint              n_loading;
  guint              load_serial;
  guint              search_serial;
  gboolean           forgetting;
  gint64             selected_id;     /* account shown; 0: the overview */
  VeilStoreSummary  *summary;         /* last load */
  GPtrArray         *views;           /* VeilAccountView *, [0] = all accounts */
  GPtrArray         *import_errors;   /* VeilErrorEntry: the last import's failures */
  char              *last_search;

  /* template children */
  GtkRevealer       *error_revealer;
  GtkListBox        *error_list;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkToggleButton   *search_button;
  AdwLeaflet        *leaflet;
  GtkListBox        *account_list;
  GtkWidget         *list_pane;
  GtkWidget         *details_pane;
  GtkRevealer       *back_revealer;
  GtkStack          *content_stack;
  GtkRevealer       *progress_revealer;
  GtkProgressBar    *progress_bar;
  GtkRevealer       *drop_revealer;
};

/* veil-accounts-page.c */
void _veil_accounts_page_reload         (VeilAccountsPage *self);
void _veil_accounts_page_notify_busy    (VeilAccountsPage *self);
void _veil_accounts_page_update_actions (VeilAccountsPage *self);
/* Shows entries (VeilErrorEntry; NULL or empty hides them) as error rows
 * above the page, as Photos and Apps show theirs in their lists. */
void _veil_accounts_page_show_errors    (VeilAccountsPage *self,
                                         GPtrArray        *entries);
void _veil_accounts_page_write_request  (VeilAccountsPage *self,
                                         const char       *company);
/* The account in the last load, and its index there; NULL when gone. */
VeilStoreAccount *_veil_accounts_page_find_account (VeilAccountsPage *self,
                                                   gint64            account_id,
                                                   guint            *index);

/* veil-accounts-page-forget.c: both ask first. */
void _veil_accounts_page_forget         (VeilAccountsPage *self,
                                         gint64            account_id);
void _veil_accounts_page_forget_export  (VeilAccountsPage *self,
                                         gint64            account_id,
                                         gint64            import_id);

/* veil-accounts-page-import.c */
void _veil_accounts_page_setup_dnd      (VeilAccountsPage *self);
void _veil_accounts_page_open           (VeilAccountsPage *self,
                                         gboolean          folder);
void _veil_accounts_page_cancel_import  (VeilAccountsPage *self);

/* veil-accounts-view.c: the content pages, built from a load. */
GtkWidget *_veil_accounts_build_overview (VeilAccountsPage *self,
                                          VeilStoreSummary *summary,
                                          VeilAccountView  *all);
GtkWidget *_veil_accounts_build_account  (VeilAccountsPage *self,
                                          VeilStoreAccount *account,
                                          VeilAccountView  *view);
GtkWidget *_veil_accounts_build_search   (VeilAccountsPage *self,
                                          const char       *text,
                                          GPtrArray        *hits);
/* "Facebook" for "facebook"; the id itself for an unknown one. */
const char *_veil_accounts_platform_title (const char *platform_id);
/* "12 March 2021", or NULL for 0. */
char      *_veil_accounts_format_day     (gint64 ts);

G_END_DECLS
