/* test-apps.c: the Apps section of the real Veil window, in process,
 * under Xvfb.
 *
 * App files go in through veil_apps_page_add_files() (the path drag and
 * drop and the Open App File dialog use); the rows shown are checked
 * against the engine's own scan of the same file. Labels go in through
 * veil_apps_page_compare_label() (the import dialog's path) and the Fill
 * In Label window; the mismatch rows are checked against the engine's
 * comparison. The tracker list update runs against a loopback server this
 * test starts: nothing here touches the network.
 *
 * With VEIL_SHOT_OUT set, /apps/screenshot saves the window as a PNG
 * (scripts/screenshot-apps.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-apps"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-application.h"
#include "veil-apps-details.h"
#include "veil-apps-item.h"
#include "veil-apps-label-window.h"
#include "veil-apps-page.h"
#include "veil-apps-row.h"
#include "veil-apps-views.h"
#include "veil-apps.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

#define TRACKERS_APK "synthetic-trackers-multidex.apk"
#define CLEAN_APK "synthetic-clean.apk"

static GtkApplication *app;
static char *data_home;
/* Reports point into their database: keep every one opened to the end. */
static GPtrArray *engine_dbs;

/* Helpers --------------------------------------------------------------- */

static gboolean
page_idle (gpointer data)
{
  return !veil_apps_page_get_busy (VEIL_APPS_PAGE (data));
}

/* Rows with a CSS class, in order. */
static GPtrArray *
find_rows (GtkWidget  *root,
           const char *css_class)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (root, ADW_TYPE_ACTION_ROW);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_has_css_class (rows->pdata[i], css_class))
      g_ptr_array_add (out, rows->pdata[i]);
  return out;
}

static VeilWindow *
new_window (VeilAppsPage **page)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));
  g_autoptr(GPtrArray) stacks = NULL;
  g_autoptr(GPtrArray) pages = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_cmpuint (stacks->len, ==, 1);
  adw_view_stack_set_visible_child_name (stacks->pdata[0], "apps");
  pages = veil_ui_find_all (GTK_WIDGET (window), VEIL_TYPE_APPS_PAGE);
  g_assert_cmpuint (pages->len, ==, 1);
  *page = pages->pdata[0];
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (*page)));
  return window;
}

static void
open_fixture (VeilAppsPage *page,
              const char   *name)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  veil_apps_page_add_files (page, &file, 1);
}

static VeilAppsItem *
find_item (VeilAppsPage *page,
           const char   *name,
           guint        *position)
{
  GListModel *model = veil_apps_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilAppsItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (veil_apps_item_get_name (item), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;
        }
    }
  return NULL;
}

static void
select_app (VeilAppsPage *page,
            const char   *name)
{
  guint position = 0;

  g_assert_nonnull (find_item (page, name, &position));
  gtk_selection_model_select_item (veil_apps_page_get_selection (page), position, TRUE);
  veil_ui_settle (GTK_WIDGET (page));
}

static const char *
badge_of (VeilAppsPage *page,
          const char   *name)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (GTK_WIDGET (page), VEIL_TYPE_APPS_ROW);
  VeilAppsItem *item = find_item (page, name, NULL);

  for (guint i = 0; i < rows->len; i++)
    if (veil_apps_row_get_item (rows->pdata[i]) == item)
      return veil_apps_row_get_badge (rows->pdata[i]);
  return NULL;
}

static GtkWidget *
details_of (VeilAppsPage *page)
{
  g_autoptr(GPtrArray) details = veil_ui_find_all (GTK_WIDGET (page), VEIL_TYPE_APPS_DETAILS);

  g_assert_cmpuint (details->len, ==, 1);
  return details->pdata[0];
}

/* What the engine itself finds in a fixture. */
static VeilAppReport *
engine_scan (const char *name)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", name, NULL);
  VeilTrackerDb *db = veil_tracker_db_open_default (NULL);
  g_autoptr(GError) error = NULL;
  VeilAppReport *report;

  g_assert_nonnull (db);
  g_ptr_array_add (engine_dbs, db);
  report = veil_app_scan_file (db, path, NULL, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static char *
row_subtitle (GtkWidget *row)
{
  return g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

/* The tracker rows shown are the engine's result, in its order. */
static void
assert_tracker_rows (VeilAppsPage        *page,
                     const VeilAppReport *report)
{
  g_autoptr(GPtrArray) rows = find_rows (details_of (page), "tracker-row");

  g_assert_cmpuint (rows->len, ==, report->trackers->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const VeilAppTracker *t = report->trackers->pdata[i];
      g_autofree char *subtitle = row_subtitle (rows->pdata[i]);

      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, t->info->name);
      g_assert_nonnull (strstr (subtitle, t->info->verified ? "Verified by εxodus" : "Possible"));
    }
}

static gboolean
is_scanned (gpointer data)
{
  VeilAppsItem *item = data;
  return veil_apps_item_get_state (item) >= VEIL_APPS_STATE_DONE;
}

/* Tests ----------------------------------------------------------------- */

static void
test_empty_state (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  g_autoptr(GPtrArray) status = veil_ui_find_all (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE);
  GtkWidget *open = veil_ui_find_button (GTK_WIDGET (page), "_Open App File…");
  GtkWidget *empty = NULL;

  for (guint i = 0; i < status->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (status->pdata[i]), "Check an App Before You Install It") == 0)
      empty = status->pdata[i];
  g_assert_nonnull (empty);
  g_assert_true (gtk_widget_get_mapped (empty));
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (empty)),
                            "Everything stays on this computer. Veil connects to nothing unless you ask it to."));
  g_assert_nonnull (open);
  g_assert_true (gtk_widget_get_mapped (open));
  g_assert_true (gtk_widget_is_sensitive (open));
  g_assert_nonnull (veil_ui_find_button (GTK_WIDGET (page), "_Update Tracker List…"));
  /* Nothing selected: nothing to compare a label with. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "apps.import-label", NULL) &&
                  veil_apps_page_get_busy (page));
  g_assert_false (veil_apps_page_get_busy (page));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_scan (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  g_autoptr(VeilAppReport) trackers = engine_scan (TRACKERS_APK);
  g_autoptr(VeilAppReport) clean = engine_scan (CLEAN_APK);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *badge = NULL;
  const char *expected[] = { "AppsFlyer", "Facebook Analytics", "Firebase Analytics", "Google AdMob", "Sentry" };
  gboolean seen[G_N_ELEMENTS (expected)] = { FALSE };

  /* The engine finds what the fixture was built with. */
  g_assert_cmpuint (trackers->trackers->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < trackers->trackers->len; i++)
    {
      const VeilAppTracker *t = trackers->trackers->pdata[i];
      for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
        if (g_str_equal (t->info->name, expected[j]))
          {
            seen[j] = TRUE;
            g_assert_cmpint (t->info->verified, ==, !g_str_equal (expected[j], "Sentry"));
          }
    }
  for (guint j = 0; j < G_N_ELEMENTS (expected); j++)
    g_assert_true (seen[j]);
  g_assert_cmpuint (clean->trackers->len, ==, 0);

  open_fixture (page, TRACKERS_APK);
  open_fixture (page, CLEAN_APK);
  open_fixture (page, TRACKERS_APK);  /* the same file twice: listed once */
  g_assert_true (veil_apps_page_get_busy (page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (veil_apps_page_get_model (page)), ==, 2);

  g_assert_cmpstr (badge_of (page, TRACKERS_APK), ==, "5 trackers");
  g_assert_cmpstr (badge_of (page, CLEAN_APK), ==, "No trackers found");

  /* The first app opened is shown: its rows are the engine's. */
  g_assert_true (veil_apps_details_get_item (VEIL_APPS_DETAILS (details_of (page))) ==
                 find_item (page, TRACKERS_APK, NULL));
  assert_tracker_rows (page, trackers);
  rows = find_rows (details_of (page), "tracker-row");
  badge = row_subtitle (rows->pdata[rows->len - 1]);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[rows->len - 1]), ==, "Sentry");
  g_assert_nonnull (strstr (badge, "Possible: listed by ETIP"));
  /* Groups are the trackers' categories; the median is there for scale. */
  g_assert_nonnull (veil_ui_find_button (details_of (page), "_Compare with Store Label…"));
  {
    g_autoptr(GPtrArray) labels = veil_ui_find_all (details_of (page), GTK_TYPE_LABEL);
    gboolean median = FALSE;
    for (guint i = 0; i < labels->len; i++)
      if (strstr (gtk_label_get_label (labels->pdata[i]), "The median app has 3 tracking libraries") != NULL)
        median = TRUE;
    g_assert_true (median);
  }
  /* Sensitive permissions come with a plain sentence. */
  {
    g_autoptr(GPtrArray) perms = find_rows (details_of (page), "permission-row");
    guint sensitive = 0;
    for (guint i = 0; i < trackers->permissions->len; i++)
      if (((VeilAppPermission *) trackers->permissions->pdata[i])->explanation != NULL)
        sensitive++;
    g_assert_cmpuint (perms->len, ==, sensitive);
  }

  select_app (page, CLEAN_APK);
  assert_tracker_rows (page, clean);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Dropping an app file on the page: the overlay shows while the drag is
 * over it and the file is scanned like an opened one. */
static void
test_drop (void)
{
  g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", CLEAN_APK, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);

  g_assert_true (veil_ui_drop_files (GTK_WIDGET (page), &file, 1));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_assert_cmpuint (g_list_model_get_n_items (veil_apps_page_get_model (page)), ==, 1);
  g_assert_nonnull (find_item (page, CLEAN_APK, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_error (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);

  open_fixture (page, "not-a-package.apk");
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_cmpstr (badge_of (page, "not-a-package.apk"), ==, "Error");
  g_assert_cmpint (veil_apps_item_get_state (find_item (page, "not-a-package.apk", NULL)), ==, VEIL_APPS_STATE_ERROR);
  g_assert_nonnull (veil_apps_item_get_message (find_item (page, "not-a-package.apk", NULL)));
  /* No scan, so no label to compare. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "apps.fill-label", NULL) &&
                  veil_ui_find_toplevel (VEIL_TYPE_APPS_LABEL_WINDOW) != NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The mismatch rows are the engine's sentences for this label. */
static void
assert_mismatch_rows (VeilAppsPage   *page,
                      VeilDisclosure *d,
                      const char     *must_contain)
{
  g_autoptr(VeilAppReport) report = engine_scan (TRACKERS_APK);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = veil_disclosure_compare (d, report, &error);
  g_autoptr(GPtrArray) rows = find_rows (details_of (page), "mismatch-row");
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, expected->len);
  if (must_contain == NULL)
    {
      /* A label that covers everything says so in a row of its own. */
      g_autoptr(GPtrArray) all = veil_ui_find_all (details_of (page), ADW_TYPE_ACTION_ROW);
      g_assert_cmpuint (expected->len, ==, 0);
      for (guint i = 0; i < all->len; i++)
        if (strstr (adw_preferences_row_get_title (all->pdata[i]), "The label covers what the trackers found") != NULL)
          found = TRUE;
      g_assert_true (found);
      return;
    }
  g_assert_cmpuint (expected->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (expected->pdata[i], -1);
      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, escaped);
      if (strstr (expected->pdata[i], must_contain) != NULL)
        found = TRUE;
    }
  g_assert_true (found);
}

static void
test_label_import (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  const struct { const char *file; const char *sentence; } labels[] = {
    { "apple-label-synthetic-not-collected.json", "Declares no tracking, but contains Google AdMob, whose maker says" },
    { "apple-label-synthetic-not-collected.json", "Declares that no data is collected, but contains Firebase Analytics" },
    { "apple-label-synthetic-tracking-app.json", NULL },
    { "google-play-data-safety-synthetic.json", "Does not declare" },
  };

  open_fixture (page, TRACKERS_APK);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  select_app (page, TRACKERS_APK);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", "labels",
                                                labels[i].file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(VeilDisclosure) d = veil_disclosure_load (path, NULL);

      g_assert_nonnull (d);
      veil_apps_page_compare_label (page, file);
      g_assert_true (veil_apps_page_get_busy (page));
      g_assert_true (veil_ui_wait_for (page_idle, page));
      veil_ui_settle (GTK_WIDGET (window));
      g_assert_nonnull (strstr (veil_apps_item_get_label (find_item (page, TRACKERS_APK, NULL)), labels[i].file));
      assert_mismatch_rows (page, d, labels[i].sentence);
    }

  /* A file that is not a label: a toast, and the last comparison stays. */
  {
    g_autofree char *path = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", TRACKERS_APK, NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    veil_apps_page_compare_label (page, file);
    g_assert_true (veil_ui_wait_for (page_idle, page));
    g_assert_nonnull (strstr (veil_apps_item_get_label (find_item (page, TRACKERS_APK, NULL)),
                              "google-play-data-safety-synthetic.json"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
fill_in (VeilAppsPage      *page,
         VeilLabelStore     store,
         const char *const *first,
         const char *const *second,
         char             **json_out)
{
  VeilAppsLabelWindow *label;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.fill-label", NULL));
  label = VEIL_APPS_LABEL_WINDOW (veil_ui_find_toplevel (VEIL_TYPE_APPS_LABEL_WINDOW));
  g_assert_nonnull (label);
  veil_ui_settle (GTK_WIDGET (label));
  /* An Android app starts on the Google Play form. */
  g_assert_cmpint (veil_apps_label_window_get_store (label), ==, VEIL_LABEL_GOOGLE_PLAY);
  veil_apps_label_window_set_store (label, store);
  for (guint i = 0; first != NULL && first[i] != NULL; i++)
    g_assert_true (veil_apps_label_window_set_ticked (label, 0, first[i], TRUE));
  for (guint i = 0; second != NULL && second[i] != NULL; i++)
    g_assert_true (veil_apps_label_window_set_ticked (label, 1, second[i], TRUE));
  g_assert_false (veil_apps_label_window_set_ticked (label, 1, "NOT/A type", TRUE));
  *json_out = veil_apps_label_window_get_json (label);
  /* The same button the user presses. */
  g_signal_emit_by_name (veil_ui_find_button (GTK_WIDGET (label), "C_ompare"), "clicked");
  g_assert_null (veil_ui_find_toplevel (VEIL_TYPE_APPS_LABEL_WINDOW));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (page));
}

static void
test_label_fill (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  const char *const apple_track[] = { "IDENTIFIERS/Device ID", NULL };
  const char *const google_shared[] = { "Device or other IDs/Device or other IDs", NULL };
  const char *const google_collected[] = { "App activity/App interactions", NULL };
  g_autofree char *json = NULL;
  g_autoptr(VeilDisclosure) d = NULL;

  open_fixture (page, TRACKERS_APK);
  g_assert_true (veil_ui_wait_for (page_idle, page));

  /* Nothing ticked on the App Store form: "Data Not Collected". */
  fill_in (page, VEIL_LABEL_APPLE, NULL, NULL, &json);
  d = veil_disclosure_load_text (json, strlen (json), NULL);
  g_assert_nonnull (d);
  g_assert_cmpstr (veil_disclosure_kind (d), ==, "apple");
  assert_mismatch_rows (page, d, "Declares no tracking, but contains Google AdMob, whose maker says");
  g_clear_pointer (&d, veil_disclosure_free);
  g_clear_pointer (&json, g_free);

  /* Device ID declared as tracking: that sentence goes, others stay. */
  fill_in (page, VEIL_LABEL_APPLE, apple_track, NULL, &json);
  d = veil_disclosure_load_text (json, strlen (json), NULL);
  assert_mismatch_rows (page, d, "Advertising Data");
  g_clear_pointer (&d, veil_disclosure_free);
  g_clear_pointer (&json, g_free);

  fill_in (page, VEIL_LABEL_GOOGLE_PLAY, google_shared, google_collected, &json);
  d = veil_disclosure_load_text (json, strlen (json), NULL);
  g_assert_cmpstr (veil_disclosure_kind (d), ==, "google-play");
  assert_mismatch_rows (page, d, "Does not declare");
  g_assert_nonnull (strstr (veil_apps_item_get_label (find_item (page, TRACKERS_APK, NULL)), "by hand"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancel (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  const char *names[] = { TRACKERS_APK, CLEAN_APK, "bundle.xapk", "multidex-manifest.apk" };
  GListModel *model;
  guint cancelled = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    open_fixture (page, names[i]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.cancel", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));

  /* The one running may have finished; the others never started. */
  model = veil_apps_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      VeilAppsItem *item = find_item (page, names[i], NULL);
      if (veil_apps_item_get_state (item) == VEIL_APPS_STATE_ERROR)
        {
          g_assert_cmpstr (veil_apps_item_get_message (item), ==, "Not scanned: you cancelled.");
          cancelled++;
        }
    }
  g_assert_cmpuint (cancelled, >=, G_N_ELEMENTS (names) - 1);

  /* Scan Again finishes them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.rescan", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (is_scanned (find_item (page, names[i], NULL)));
  g_assert_cmpint (veil_apps_item_get_state (find_item (page, TRACKERS_APK, NULL)), ==, VEIL_APPS_STATE_DONE);

  /* Remove takes the selected app off the list. */
  select_app (page, CLEAN_APK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.remove", NULL));
  g_assert_null (find_item (page, CLEAN_APK, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tracker list update against a loopback server ---------------------------- */

static const char update_json[] =
  "{\"trackers\":{"
  "\"70\":{\"id\":70,\"name\":\"Loopback Ads\",\"code_signature\":\"com.appsflyer.\",\"network_signature\":\"\","
  "\"website\":\"https://example.org\",\"categories\":[\"Advertisement\"],\"documentation\":[]}}}";

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *conn,
             GObject           *source,
             gpointer           user_data)
{
  gboolean good = GPOINTER_TO_INT (user_data);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  char request[4096];
  g_autofree char *head = NULL;
  const char *body = good ? update_json : "{\"trackers\": [";

  g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (conn)), request, sizeof request, NULL, NULL);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n", strlen (body));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return TRUE;
}

static GSocketService *
start_server (gboolean  good,
              char    **url)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), GINT_TO_POINTER (good));
  g_socket_service_start (service);
  *url = g_strdup_printf ("http://127.0.0.1:%u/api/trackers",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return service;
}

static void
confirm_update (VeilAppsPage *page)
{
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.update-trackers", NULL));
  dialog = ADW_MESSAGE_DIALOG (veil_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  /* It says plainly that this goes online, and nothing has yet. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "only thing in the Apps section that connects"));
  g_assert_false (veil_apps_page_get_busy (page));
  adw_message_dialog_response (dialog, "download");
  g_assert_true (veil_apps_page_get_busy (page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (page));
}

static void
test_update (void)
{
  VeilAppsPage *page;
  VeilWindow *window = new_window (&page);
  g_autofree char *user_db = veil_tracker_db_user_path ();
  g_autofree char *url = NULL;
  g_autoptr(GSocketService) server = NULL;
  g_autoptr(VeilAppReport) report = NULL;

  g_assert_true (g_str_has_prefix (user_db, data_home));
  g_assert_false (g_file_test (user_db, G_FILE_TEST_EXISTS));

  /* A broken download changes nothing. */
  server = start_server (FALSE, &url);
  veil_apps_page_set_tracker_url (page, url);
  confirm_update (page);
  g_assert_false (g_file_test (user_db, G_FILE_TEST_EXISTS));
  g_socket_service_stop (server);
  g_socket_listener_close (G_SOCKET_LISTENER (server));
  g_clear_object (&server);
  g_clear_pointer (&url, g_free);

  /* A good one is used from the next scan on. */
  server = start_server (TRUE, &url);
  veil_apps_page_set_tracker_url (page, url);
  open_fixture (page, TRACKERS_APK);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  confirm_update (page);
  g_assert_true (g_file_test (user_db, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "apps.rescan", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  report = engine_scan (TRACKERS_APK);
  {
    g_autoptr(VeilTrackerDb) db = veil_tracker_db_open_default (NULL);
    g_assert_cmpstr (veil_tracker_db_get_path (db), ==, user_db);
  }
  assert_tracker_rows (page, report);
  {
    gboolean loopback = FALSE;
    for (guint i = 0; i < report->trackers->len; i++)
      if (g_str_equal (((VeilAppTracker *) report->trackers->pdata[i])->info->name, "Loopback Ads"))
        loopback = TRUE;
    g_assert_true (loopback);
  }

  g_socket_service_stop (server);
  g_socket_listener_close (G_SOCKET_LISTENER (server));
  g_unlink (user_db);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Screenshot: only with VEIL_SHOT_OUT (scripts/screenshot-apps.sh). ------- */

static void
test_screenshot (void)
{
  const char *out = g_getenv ("VEIL_SHOT_OUT");
  VeilAppsPage *page;
  VeilWindow *window;
  g_autofree char *label = NULL;
  g_autoptr(GFile) label_file = NULL;
  int width, height;

  if (out == NULL)
    {
      g_test_skip ("set VEIL_SHOT_OUT to take a screenshot");
      return;
    }
  window = new_window (&page);
  open_fixture (page, CLEAN_APK);
  open_fixture (page, "bundle.xapk");
  open_fixture (page, g_getenv ("VEIL_SHOT_APP") != NULL ? g_getenv ("VEIL_SHOT_APP") : "ios-encrypted.ipa");
  open_fixture (page, "not-a-package.apk");
  open_fixture (page, TRACKERS_APK);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  select_app (page, g_getenv ("VEIL_SHOT_APP") != NULL ? g_getenv ("VEIL_SHOT_APP") : TRACKERS_APK);
  label = g_build_filename (g_test_get_dir (G_TEST_DIST), "data", "apps", "labels",
                            "apple-label-synthetic-not-collected.json", NULL);
  label_file = g_file_new_for_path (label);
  veil_apps_page_compare_label (page, label_file);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  /* A taller window shows the whole details pane, for reviewing it. */
  if (g_getenv ("VEIL_SHOT_HEIGHT") != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1000, atoi (g_getenv ("VEIL_SHOT_HEIGHT")));
      veil_ui_settle (GTK_WIDGET (window));
    }

  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  veil_ui_save_png (GTK_WIDGET (window), width, height, out);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!veil_ui_test_have_display ())
    return 0;

  /* The updated tracker list lives in the user's data folder: use a fresh
   * one, so neither the user's list nor this test's leaks across. */
  data_home = veil_test_mkdtemp ();
  engine_dbs = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_tracker_db_free);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("VEIL_TRACKERS_DB");

  veil_ui_test_init_locale ();

  app = veil_ui_test_init_app (&argc, &argv);

  g_test_add_func ("/apps/empty-state", test_empty_state);
  g_test_add_func ("/apps/scan", test_scan);
  g_test_add_func ("/apps/drop", test_drop);
  g_test_add_func ("/apps/error", test_error);
  g_test_add_func ("/apps/label-import", test_label_import);
  g_test_add_func ("/apps/label-fill", test_label_fill);
  g_test_add_func ("/apps/cancel", test_cancel);
  g_test_add_func ("/apps/update", test_update);
  g_test_add_func ("/apps/screenshot", test_screenshot);

  status = g_test_run ();
  g_object_unref (app);
  g_ptr_array_unref (engine_dbs);
  veil_test_rmdir (data_home);
  g_free (data_home);
  return status;
}
