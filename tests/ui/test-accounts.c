/* test-accounts.c: the Accounts section of the real window, in process,
 * under Xvfb.
 *
 * An export goes in through veil_accounts_page_add_files() (the path drag
 * and drop and the Add Export dialogs use); the overview's numbers are
 * checked against `veil exports summary --json` on the same store; an
 * account page, a request letter and forgetting are driven through the
 * widgets' own buttons.
 *
 * With VEIL_SHOT_OUT set, the window is also saved as a PNG there (the
 * screenshot script uses this).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-accounts"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "veil-accounts-page.h"
#include "veil-accounts-request.h"
#include "veil-application.h"
#include "veil-export.h"
#include "veil-store.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

/* veil-store.h gives none: only the tests keep one account past its summary. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilStoreAccount, veil_store_account_free)

static GtkApplication *app;
static char *data_dir;

static gboolean
page_idle (gpointer data)
{
  return !veil_accounts_page_get_busy (VEIL_ACCOUNTS_PAGE (data));
}

static gboolean
request_ready (gpointer data)
{
  return !veil_accounts_request_get_busy (VEIL_ACCOUNTS_REQUEST (data));
}

/* Only widgets a person would see: stacks hide their other pages by
 * making them child-invisible. */
static gboolean
shown (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
      {
        if (g_getenv ("DEBUG_SHOWN")) g_printerr ("# hidden at %s\n", G_OBJECT_TYPE_NAME (w));
        return FALSE;
      }
  return TRUE;
}

static gboolean
shown_data (gpointer widget)
{
  return shown (widget);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  g_autoptr(GPtrArray) all = veil_ui_find_all (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (all->pdata[i]), name) == 0 && shown (all->pdata[i]))
      return all->pdata[i];
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 && shown (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

static VeilAccountsPage *
accounts_page (VeilWindow *window)
{
  g_autoptr(GPtrArray) pages = veil_ui_find_all (GTK_WIDGET (window), VEIL_TYPE_ACCOUNTS_PAGE);

  g_assert_cmpuint (pages->len, ==, 1);
  return pages->pdata[0];
}

static VeilWindow *
new_window (void)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));
  g_autoptr(GPtrArray) stacks = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (stacks->pdata[0], "accounts");
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_true (veil_ui_wait_for (page_idle, accounts_page (window)));
  veil_ui_settle (GTK_WIDGET (window));
  return window;
}

static void
import_fixture (VeilAccountsPage *page,
                const char       *name)
{
  g_autofree char *path = veil_test_data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  veil_accounts_page_add_files (page, &file, 1);
  g_assert_true (veil_accounts_page_get_busy (page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (page));
}

static JsonObject *
cli_summary (void)
{
  const char *cli = g_getenv ("VEIL_CLI");
  const char *argv[] = { cli, "exports", "summary", "--json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
label_number (GtkWidget  *root,
              const char *name)
{
  GtkWidget *label = find_named (root, name);

  if (label == NULL)
    g_test_message ("no %s; busy %d", name, veil_accounts_page_get_busy (VEIL_ACCOUNTS_PAGE (root)));

  g_assert_nonnull (label);
  return g_ascii_strtoll (gtk_label_get_text (GTK_LABEL (label)), NULL, 10);
}

static void
save_screenshot (GtkWidget *widget)
{
  const char *out = g_getenv ("VEIL_SHOT_OUT");
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (out == NULL)
    return;
  veil_ui_settle (widget);
  veil_ui_save_png (widget, w, h, out);
}

static void
test_empty_state (void)
{
  VeilWindow *window = new_window ();
  VeilAccountsPage *page = accounts_page (window);
  g_autoptr(GPtrArray) pages = veil_ui_find_all (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE);
  gboolean found = FALSE;

  for (guint i = 0; i < pages->len; i++)
    if (shown (pages->pdata[i]) &&
        strstr (adw_status_page_get_description (pages->pdata[i]), "Everything stays on this computer") != NULL)
      found = TRUE;
  g_assert_true (found);
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Add Export…"));
  /* Nothing was imported: the store is not even created. */
  {
    g_autofree char *store_path = veil_store_default_path ();
    g_assert_false (g_file_test (store_path, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An export in the wrong format: shown as Photos and Apps show a file they
 * cannot read, a row with an error badge and a sentence saying what to
 * request instead; no banner, no toast repeating it. */
static void
test_html_export (void)
{
  VeilWindow *window = new_window ();
  VeilAccountsPage *page = accounts_page (window);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) bars = NULL;
  gboolean named = FALSE, said = FALSE, badge = FALSE;

  import_fixture (page, "exports/facebook-html.zip");
  bars = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_INFO_BAR);
  g_assert_cmpuint (bars->len, ==, 0);
  rows = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW);
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_has_css_class (rows->pdata[i], "error-row"))
      {
        g_assert_null (labels);
        labels = veil_ui_find_all (rows->pdata[i], GTK_TYPE_LABEL);
        /* Shown once the page has switched, which a loaded machine can
         * take a few frames to do. */
        g_assert_true (veil_ui_wait_for (shown_data, rows->pdata[i]));
      }
  g_assert_nonnull (labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (labels->pdata[i]);
      named |= strstr (text, "facebook-html.zip") != NULL;
      /* A sentence saying what to request instead. */
      said |= strstr (text, "JSON") != NULL;
      badge |= g_str_equal (text, "Error") && gtk_widget_has_css_class (labels->pdata[i], "badge");
    }
  g_assert_true (named);
  g_assert_true (said);
  g_assert_true (badge);
  /* Still the empty state: nothing was added. */
  g_assert_null (find_named (GTK_WIDGET (page), "advertisers-count"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Add Export…"));
  /* Dismiss takes the rows away. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), "_Dismiss"), "clicked");
  veil_ui_settle (GTK_WIDGET (window));
  rows = (g_ptr_array_unref (rows), veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_LIST_BOX_ROW));
  for (guint i = 0; i < rows->len; i++)
    g_assert_false (gtk_widget_has_css_class (rows->pdata[i], "error-row"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_overview_request_forget (void)
{
  VeilWindow *window = new_window ();
  VeilAccountsPage *page = accounts_page (window);
  g_autoptr(JsonObject) summary = NULL;
  JsonArray *accounts;
  gint64 id;
  GtkWidget *button;
  GtkWindow *request;
  g_autofree char *letter = NULL;
  g_autofree char *erasure = NULL;
  GtkWindow *dialog;

  import_fixture (page, "exports/hestia-facebook-fake-2022.zip");
  import_fixture (page, "exports/twitter-archive.zip");

  /* The overview says what the command line says about the same store. */
  summary = cli_summary ();
  accounts = json_object_get_array_member (summary, "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "advertisers"), >, 0);
  g_assert_cmpint (label_number (GTK_WIDGET (page), "advertisers-count"), ==,
                   json_object_get_int_member (summary, "advertisers"));
  g_assert_cmpint (label_number (GTK_WIDGET (page), "trackers-count"), ==,
                   json_object_get_int_member (summary, "trackers"));
  save_screenshot (GTK_WIDGET (window));

  /* One account's page, with its own numbers. */
  id = json_object_get_int_member (json_array_get_object_element (accounts, 0), "id");
  veil_accounts_page_show_account (page, id);
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_cmpint (label_number (GTK_WIDGET (page), "advertisers-count"), ==,
                   json_object_get_int_member (json_array_get_object_element (accounts, 0), "advertisers"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Forget This Account…"));

  /* Write Request on the first advertiser row opens a letter naming it. */
  button = find_button (GTK_WIDGET (page), "_Write Request…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  request = veil_ui_find_toplevel (VEIL_TYPE_ACCOUNTS_REQUEST);
  g_assert_nonnull (request);
  g_assert_true (veil_ui_wait_for (request_ready, request));
  letter = veil_accounts_request_get_text (VEIL_ACCOUNTS_REQUEST (request));
  g_assert_nonnull (letter);
  g_assert_nonnull (strstr (letter, g_object_get_data (G_OBJECT (button), "company")));
  g_assert_nonnull (strstr (letter, "Art. 15"));
  veil_accounts_request_set_kind (VEIL_ACCOUNTS_REQUEST (request), VEIL_REQUEST_ERASURE);
  g_assert_true (veil_ui_wait_for (request_ready, request));
  erasure = veil_accounts_request_get_text (VEIL_ACCOUNTS_REQUEST (request));
  g_assert_nonnull (strstr (erasure, "17"));
  g_assert_cmpstr (letter, !=, erasure);
  gtk_window_destroy (request);

  /* Search finds a company across the accounts. */
  veil_accounts_page_search (page, g_object_get_data (G_OBJECT (button), "company"));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Write Request…"));

  /* Forget asks first; cancelling keeps everything. */
  veil_accounts_page_show_account (page, id);
  veil_ui_settle (GTK_WIDGET (window));
  button = find_button (GTK_WIDGET (page), "_Forget This Account…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = veil_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));

  json_object_unref (g_steal_pointer (&summary));
  summary = cli_summary ();
  accounts = json_object_get_array_member (summary, "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (accounts, 0), "id"), !=, id);
  /* Back on the overview, which now counts only what is left. */
  g_assert_cmpint (label_number (GTK_WIDGET (page), "advertisers-count"), ==,
                   json_object_get_int_member (summary, "advertisers"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The message dialog now open (an earlier test's, answered without a
 * click, may still be open: responding does not close it). */
static GtkWindow *
open_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

/* The same two exports imported into a store of the test's own through the
 * engine, with the newer one forgotten there: what the app must show after
 * forgetting it. */
static VeilStoreAccount *
engine_after_forgetting_newer (const char *older,
                               const char *newer)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "exports.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreSummary) s = NULL;
  VeilStoreAccount *account;
  VeilStore *store = veil_store_open (path, &error);
  gint64 ids[2] = { 0, 0 };
  const char *names[2] = { older, newer };

  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *file = veil_test_data_path (names[i]);
      const char *paths[] = { file, NULL };

      g_assert_true (veil_export_import (store, paths, NULL, NULL, NULL, &ids[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (veil_store_forget (store, ids[1], &error));
  g_assert_no_error (error);
  s = veil_store_summary (store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->accounts->len, ==, 1);
  account = g_ptr_array_steal_index (s->accounts, 0);
  veil_store_close (store);
  veil_test_rmdir (dir);
  return account;
}

static GPtrArray *
shown_buttons (GtkWidget  *root,
               const char *label)
{
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (root, GTK_TYPE_BUTTON);
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 && shown (buttons->pdata[i]))
      g_ptr_array_add (found, buttons->pdata[i]);
  return found;
}

static guint
n_export_rows (GtkWidget *root)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (root, ADW_TYPE_EXPANDER_ROW);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += g_strcmp0 (gtk_widget_get_name (rows->pdata[i]), "export-row") == 0 && shown (rows->pdata[i]);
  return n;
}

static gboolean
no_export_rows (gpointer page)
{
  return n_export_rows (page) == 0;
}

/* Two exports of one X account, older and newer: the account page lists
 * both; forgetting the newer in the app leaves what the engine leaves
 * after forgetting it, and forgetting the last removes the account. */
static void
test_forget_one_export (void)
{
  const char *older = "exports/twitter-history-2022.zip", *newer = "exports/twitter-history-2023.zip";
  VeilWindow *window = new_window ();
  VeilAccountsPage *page = accounts_page (window);
  g_autoptr(VeilStoreAccount) expected = engine_after_forgetting_newer (older, newer);
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  JsonObject *account;
  JsonArray *exports;
  GtkWindow *dialog;
  const char *body;
  gint64 id, advertisers_before;

  /* The test's store may hold earlier tests' accounts: start empty. */
  summary = cli_summary ();
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (summary, "accounts")); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *store_path = veil_store_default_path ();
      g_autoptr(VeilStore) store = veil_store_open (store_path, &error);
      JsonObject *a = json_array_get_object_element (json_object_get_array_member (summary, "accounts"), i);

      g_assert_true (veil_store_forget_account (store, json_object_get_int_member (a, "id"), &error));
      g_assert_no_error (error);
    }
  g_clear_pointer (&summary, json_object_unref);

  import_fixture (page, older);
  import_fixture (page, newer);
  summary = cli_summary ();
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "accounts")), ==, 1);
  account = json_array_get_object_element (json_object_get_array_member (summary, "accounts"), 0);
  id = json_object_get_int_member (account, "id");
  advertisers_before = json_object_get_int_member (account, "advertisers");
  veil_accounts_page_show_account (page, id);
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_cmpint (label_number (GTK_WIDGET (page), "advertisers-count"), ==, advertisers_before);

  /* One row per export, each with its own Forget, and Forget Account too. */
  g_assert_cmpuint (n_export_rows (GTK_WIDGET (page)), ==, 2);
  if (g_getenv ("VEIL_SHOT_OUT") != NULL)
    {
      g_autofree char *out = g_strdup (g_getenv ("VEIL_SHOT_OUT"));
      g_autofree char *exports_out = g_strconcat (out, ".exports.png", NULL);

      g_setenv ("VEIL_SHOT_OUT", exports_out, TRUE);
      save_screenshot (GTK_WIDGET (window));
      g_setenv ("VEIL_SHOT_OUT", out, TRUE);
    }
  buttons = shown_buttons (GTK_WIDGET (page), "Forget This _Export…");
  g_assert_cmpuint (buttons->len, ==, 2);
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Forget This Account…"));

  /* Oldest import first: the second row is the newer export. The dialog
   * names what stays; cancelling keeps everything. */
  g_signal_emit_by_name (buttons->pdata[1], "clicked");
  dialog = open_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Forget This Export?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_nonnull (strstr (body, "twitter-history-2023.zip"));
  g_assert_nonnull (strstr (body, "also holds stays: “twitter-history-2022.zip”"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);  /* a click on its button would close it */
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_cmpuint (n_export_rows (GTK_WIDGET (page)), ==, 2);

  g_clear_pointer (&buttons, g_ptr_array_unref);
  buttons = shown_buttons (GTK_WIDGET (page), "Forget This _Export…");
  g_signal_emit_by_name (buttons->pdata[1], "clicked");
  dialog = open_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
  gtk_window_destroy (dialog);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));

  /* Still the account's page, now with one export, and the counts the
   * command line and the engine give for the store after forgetting it. */
  g_clear_pointer (&summary, json_object_unref);
  summary = cli_summary ();
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "accounts")), ==, 1);
  account = json_array_get_object_element (json_object_get_array_member (summary, "accounts"), 0);
  g_assert_cmpint (json_object_get_int_member (account, "id"), ==, id);
  exports = json_object_get_array_member (account, "exports");
  g_assert_cmpuint (json_array_get_length (exports), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (exports, 0), "label"), ==,
                   "twitter-history-2022.zip");
  g_assert_cmpint (json_object_get_int_member (account, "advertisers"), ==, expected->n_advertisers);
  g_assert_cmpint (json_object_get_int_member (account, "trackers"), ==, expected->n_trackers);
  g_assert_cmpint (json_object_get_int_member (account, "events"), ==, expected->n_events);
  g_assert_cmpint (json_object_get_int_member (account, "inferences"), ==, expected->n_inferences);
  g_assert_cmpint (json_object_get_int_member (account, "logins"), ==, expected->n_logins);
  g_assert_cmpint (json_object_get_int_member (account, "first"), ==, expected->first_ts);
  g_assert_cmpint (json_object_get_int_member (account, "last"), ==, expected->last_ts);
  /* The newer export added an advertiser (Globex) the older did not hold. */
  g_assert_cmpint (expected->n_advertisers, <, advertisers_before);
  g_assert_cmpint (label_number (GTK_WIDGET (page), "advertisers-count"), ==, expected->n_advertisers);
  g_assert_cmpint (label_number (GTK_WIDGET (page), "trackers-count"), ==, expected->n_trackers);
  g_assert_cmpuint (n_export_rows (GTK_WIDGET (page)), ==, 1);

  /* The last export: the dialog says the account goes, and it does. */
  g_clear_pointer (&buttons, g_ptr_array_unref);
  buttons = shown_buttons (GTK_WIDGET (page), "Forget This _Export…");
  g_assert_cmpuint (buttons->len, ==, 1);
  g_signal_emit_by_name (buttons->pdata[0], "clicked");
  dialog = open_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "the account goes"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "forget");
  gtk_window_destroy (dialog);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  g_clear_pointer (&summary, json_object_unref);
  summary = cli_summary ();
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "accounts")), ==, 0);
  /* Back to the empty state, which the stack may take a few frames to show. */
  g_assert_true (veil_ui_wait_for (no_export_rows, page));
  g_assert_null (find_button (GTK_WIDGET (page), "_Forget This Account…"));
  g_assert_nonnull (find_button (GTK_WIDGET (page), "_Add Export…"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_account_pages_for_locations (void)
{
  VeilWindow *window = new_window ();
  VeilAccountsPage *page = accounts_page (window);
  g_autoptr(JsonObject) summary = NULL;
  JsonArray *accounts;
  g_autoptr(GPtrArray) areas = NULL;
  guint n_drawn = 0;

  import_fixture (page, "exports/google-takeout-fr.zip");
  summary = cli_summary ();
  accounts = json_object_get_array_member (summary, "accounts");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *a = json_array_get_object_element (accounts, i);
      if (json_object_get_int_member (a, "locations") > 0)
        veil_accounts_page_show_account (page, json_object_get_int_member (a, "id"));
    }
  veil_ui_settle (GTK_WIDGET (window));
  /* The world map is drawn (locally) on the account's page. */
  areas = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_DRAWING_AREA);
  for (guint i = 0; i < areas->len; i++)
    n_drawn += shown (areas->pdata[i]);
  g_assert_cmpuint (n_drawn, >=, 1);
  if (g_getenv ("VEIL_SHOT_OUT") != NULL)
    {
      g_autofree char *out = g_strdup (g_getenv ("VEIL_SHOT_OUT"));
      g_autofree char *map_out = g_strconcat (out, ".locations.png", NULL);

      g_setenv ("VEIL_SHOT_OUT", map_out, TRUE);
      save_screenshot (GTK_WIDGET (window));
      g_setenv ("VEIL_SHOT_OUT", out, TRUE);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!veil_ui_test_have_display ())
    return 0;

  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);

  /* A store of its own, also for the `veil` the test runs. */
  data_dir = veil_test_mkdtemp ();
  g_setenv ("VEIL_DATA_DIR", data_dir, TRUE);

  app = veil_ui_test_init_app (&argc, &argv);

  g_test_add_func ("/accounts/empty-state", test_empty_state);
  g_test_add_func ("/accounts/html-export", test_html_export);
  g_test_add_func ("/accounts/import-overview-request-forget", test_import_overview_request_forget);
  g_test_add_func ("/accounts/locations", test_account_pages_for_locations);
  g_test_add_func ("/accounts/forget-one-export", test_forget_one_export);

  status = g_test_run ();
  g_object_unref (app);
  veil_test_rmdir (data_dir);
  g_free (data_dir);
  return status;
}
