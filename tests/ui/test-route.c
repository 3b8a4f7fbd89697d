/* test-route.c: files go to the section that handles them, by content,
 * whichever section they are dropped on and when the app is asked to open
 * them (`veil-app FILE…`, "Open With" in Files); and files leave Veil the
 * same way they come in, by dragging a cleaned one out of the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-route"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-accounts-page.h"
#include "veil-application.h"
#include "veil-drop-area.h"
#include "veil-apps-item.h"
#include "veil-apps-page.h"
#include "veil-photo-item.h"
#include "veil-photos-page.h"
#include "veil-route.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

#define PHOTO "gui/exiftool__t_images_GPS.jpg"
#define APK "apps/synthetic-clean.apk"
#define XAPK "apps/bundle.xapk"
#define IPA "apps/ios-adhoc.ipa"
#define EXPORT "exports/facebook-2024.zip"
#define HTML_EXPORT "exports/facebook-html.zip"

static GtkApplication *app;
static char *data_dir;

static GFile *
fixture (const char *name)
{
  g_autofree char *path = veil_test_data_path (name);

  return g_file_new_for_path (path);
}

static VeilWindow *
new_window (const char *section)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));
  g_autoptr(GPtrArray) stacks = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (stacks->pdata[0], section);
  veil_ui_settle (GTK_WIDGET (window));
  return window;
}

static const char *
visible_section (VeilWindow *window)
{
  g_autoptr(GPtrArray) stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

  return adw_view_stack_get_visible_child_name (stacks->pdata[0]);
}

static gboolean
has_photo (VeilPhotosPage *page,
           const char     *name)
{
  GListModel *model = veil_photos_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (model, i);
      if (g_str_equal (veil_photo_item_get_name (item), name))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_app (VeilAppsPage *page,
         const char   *name)
{
  GListModel *model = veil_apps_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilAppsItem) item = g_list_model_get_item (model, i);
      g_autofree char *base = g_path_get_basename (veil_apps_item_get_path (item));
      if (g_str_equal (base, name))
        return TRUE;
    }
  return FALSE;
}

static gboolean
accounts_idle (gpointer page)
{
  return !veil_accounts_page_get_busy (page);
}

static gboolean
photos_idle (gpointer page)
{
  return !veil_photos_page_get_busy (page);
}

static gboolean
apps_idle (gpointer page)
{
  return !veil_apps_page_get_busy (page);
}

static void
wait_all_idle (VeilWindow *window)
{
  /* Generous: an import and scans under AddressSanitizer on a busy machine. */
  g_assert_true (veil_ui_wait_for_seconds (photos_idle, veil_window_get_photos_page (window), 180));
  g_assert_true (veil_ui_wait_for_seconds (apps_idle, veil_window_get_apps_page (window), 180));
  g_assert_true (veil_ui_wait_for_seconds (accounts_idle, veil_window_get_accounts_page (window), 180));
}

/* The engine's router, file by file. */
static void
test_route_engine (void)
{
  static const struct { const char *name; VeilRoute route; } cases[] = {
    { PHOTO, VEIL_ROUTE_PHOTOS },
    { "heif", VEIL_ROUTE_PHOTOS },  /* a folder: photos */
    { APK, VEIL_ROUTE_APPS },
    { XAPK, VEIL_ROUTE_APPS },
    { IPA, VEIL_ROUTE_APPS },
    { EXPORT, VEIL_ROUTE_ACCOUNTS },
    { HTML_EXPORT, VEIL_ROUTE_ACCOUNTS },
    { "apps/not-a-package.apk", VEIL_ROUTE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = veil_test_data_path (cases[i].name);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (veil_route_for_path (path, NULL), ==, cases[i].route);
    }
}

/* A photo, an app and an export dropped together on each section: each
 * lands in its own section, and the window shows the first one's. */
static void
drop_on (const char *section)
{
  GFile *files[] = { fixture (APK), fixture (PHOTO), fixture (EXPORT) };
  VeilWindow *window = new_window (section);
  GtkWidget *target = NULL;

  if (g_str_equal (section, "photos"))
    target = GTK_WIDGET (veil_window_get_photos_page (window));
  else if (g_str_equal (section, "apps"))
    target = GTK_WIDGET (veil_window_get_apps_page (window));
  else
    target = GTK_WIDGET (veil_window_get_accounts_page (window));

  g_assert_true (veil_ui_drop_files (target, files, G_N_ELEMENTS (files)));
  /* The export is being imported now, the others are listed. */
  g_assert_true (veil_accounts_page_get_busy (veil_window_get_accounts_page (window)));
  g_assert_true (has_app (veil_window_get_apps_page (window), "synthetic-clean.apk"));
  g_assert_cmpstr (visible_section (window), ==, "apps");
  wait_all_idle (window);
  g_assert_true (has_photo (veil_window_get_photos_page (window), "exiftool__t_images_GPS.jpg"));
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (veil_window_get_photos_page (window))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (veil_apps_page_get_model (veil_window_get_apps_page (window))), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_drop_on_photos (void)
{
  drop_on ("photos");
}

static void
test_drop_on_apps (void)
{
  drop_on ("apps");
}

static void
test_drop_on_accounts (void)
{
  drop_on ("accounts");
}

/* A file no section recognises stays where it was dropped, which says why
 * it cannot use it. */
static void
test_drop_unknown (void)
{
  g_autoptr(GFile) file = fixture ("apps/not-a-package.apk");
  VeilWindow *window = new_window ("apps");

  g_assert_true (veil_ui_drop_files (GTK_WIDGET (veil_window_get_apps_page (window)), &file, 1));
  g_assert_cmpstr (visible_section (window), ==, "apps");
  g_assert_true (has_app (veil_window_get_apps_page (window), "not-a-package.apk"));
  wait_all_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (veil_window_get_photos_page (window))), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Open… dialogs of every section hand what was chosen to
 * veil_drop_area_open_files(), as a drop does (veil_page_show_chooser's
 * response): an APK chosen in Photos' Open Files is scanned in Apps, not
 * listed in Photos as "Not supported". A native chooser cannot be clicked
 * in a test, so this calls what its response calls. */
static void
test_open_dialog_apk_in_photos (void)
{
  g_autoptr(GFile) file = fixture (APK);
  VeilWindow *window = new_window ("photos");
  VeilPhotosPage *photos = veil_window_get_photos_page (window);

  veil_drop_area_open_files (GTK_WIDGET (photos), &file, 1, (VeilDropFilesFunc) veil_photos_page_add_files);
  veil_ui_wait_routed (window);
  g_assert_cmpstr (visible_section (window), ==, "apps");
  g_assert_true (has_app (veil_window_get_apps_page (window), "synthetic-clean.apk"));
  wait_all_idle (window);
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (photos)), ==, 0);
  /* One section only: the switch says it, no toast. */
  g_assert_null (g_object_get_data (G_OBJECT (window), "veil-route-toast"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Photo, export and app chosen together in Apps' Open App File (its "All
 * files" filter): each goes to its section, the first one's is shown and
 * the toast says where the others went, as after a drop. */
static void
test_open_dialog_mixed_in_apps (void)
{
  GFile *files[] = { fixture (PHOTO), fixture (EXPORT), fixture (APK) };
  VeilWindow *window = new_window ("apps");
  AdwToast *toast;

  veil_drop_area_open_files (GTK_WIDGET (veil_window_get_apps_page (window)), files, G_N_ELEMENTS (files),
                             (VeilDropFilesFunc) veil_apps_page_add_files);
  veil_ui_wait_routed (window);
  g_assert_cmpstr (visible_section (window), ==, "photos");
  toast = g_object_get_data (G_OBJECT (window), "veil-route-toast");
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "1 file went to Apps; 1 file went to Accounts");
  wait_all_idle (window);
  g_assert_true (has_photo (veil_window_get_photos_page (window), "exiftool__t_images_GPS.jpg"));
  g_assert_true (has_app (veil_window_get_apps_page (window), "synthetic-clean.apk"));
  g_assert_cmpuint (g_list_model_get_n_items (veil_apps_page_get_model (veil_window_get_apps_page (window))), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* An app chosen in Accounts' Add Export goes to Apps too. */
static void
test_open_dialog_apk_in_accounts (void)
{
  g_autoptr(GFile) file = fixture (IPA);
  VeilWindow *window = new_window ("accounts");

  veil_drop_area_open_files (GTK_WIDGET (veil_window_get_accounts_page (window)), &file, 1,
                             (VeilDropFilesFunc) veil_accounts_page_add_files);
  veil_ui_wait_routed (window);
  g_assert_cmpstr (visible_section (window), ==, "apps");
  g_assert_true (has_app (veil_window_get_apps_page (window), "ios-adhoc.ipa"));
  g_assert_false (veil_accounts_page_get_busy (veil_window_get_accounts_page (window)));
  wait_all_idle (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* `veil-app PHOTO APP.ipa`: GApplication's open, as the command line and
 * "Open With" in Files call it. */
static void
test_open (void)
{
  GFile *files[] = { fixture (PHOTO), fixture (IPA), fixture (XAPK) };
  VeilWindow *window;
  GList *windows;

  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");
  windows = gtk_application_get_windows (app);
  g_assert_nonnull (windows);
  window = VEIL_WINDOW (windows->data);
  veil_ui_wait_routed (window);
  g_assert_cmpstr (visible_section (window), ==, "photos");
  g_assert_true (has_app (veil_window_get_apps_page (window), "ios-adhoc.ipa"));
  g_assert_true (has_app (veil_window_get_apps_page (window), "bundle.xapk"));
  wait_all_idle (window);
  g_assert_true (has_photo (veil_window_get_photos_page (window), "exiftool__t_images_GPS.jpg"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!veil_ui_test_have_display ())
    return 0;

  /* A store and tracker list of its own. */
  data_dir = veil_test_mkdtemp ();
  g_setenv ("VEIL_DATA_DIR", data_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  veil_ui_test_init_locale ();
  app = veil_ui_test_init_app (&argc, &argv);

  g_test_add_func ("/route/engine", test_route_engine);
  g_test_add_func ("/route/drop-on-photos", test_drop_on_photos);
  g_test_add_func ("/route/drop-on-apps", test_drop_on_apps);
  g_test_add_func ("/route/drop-on-accounts", test_drop_on_accounts);
  g_test_add_func ("/route/drop-unknown", test_drop_unknown);
  g_test_add_func ("/route/open", test_open);
  g_test_add_func ("/route/open-dialog-apk-in-photos", test_open_dialog_apk_in_photos);
  g_test_add_func ("/route/open-dialog-mixed-in-apps", test_open_dialog_mixed_in_apps);
  g_test_add_func ("/route/open-dialog-apk-in-accounts", test_open_dialog_apk_in_accounts);

  status = g_test_run ();
  g_object_unref (app);
  veil_test_rmdir (data_dir);
  g_free (data_dir);
  return status;
}
