/* test-shell.c: what the three sections share and what surrounds them:
 * they fold the same way on a narrow window, the Keyboard Shortcuts
 * window lists every section's keys, About credits every bundled data
 * source and model, photos with the same name show their folders, Ctrl+F
 * finds photos, new photos are selected, and cleaned photos can be
 * dragged out of the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-shell"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-accounts-page.h"
#include "veil-application.h"
#include "veil-faces-dialog.h"
#include "veil-apps-page.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

#define GPS_JPG "exiftool__t_images_GPS.jpg"
#define CANON_JPG "exifsamples__jpg_Canon_40D.jpg"

static GtkApplication *app;
static char *data_dir;

static VeilWindow *
new_window (int width)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, 680);
  gtk_window_present (GTK_WINDOW (window));
  veil_ui_settle (GTK_WIDGET (window));
  return window;
}

static void
show_section (VeilWindow *window,
              const char *name)
{
  g_autoptr(GPtrArray) stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

  adw_view_stack_set_visible_child_name (stacks->pdata[0], name);
  veil_ui_settle (GTK_WIDGET (window));
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

static gboolean
accounts_idle (gpointer page)
{
  return !veil_accounts_page_get_busy (page);
}

static void
add_photos (VeilPhotosPage *page,
            const char     *first,
            ...)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    g_ptr_array_add (files, g_file_new_for_path (path));
  va_end (args);
  veil_photos_page_add_files (page, (GFile **) files->pdata, files->len);
  g_assert_true (veil_ui_wait_for (photos_idle, page));
  veil_ui_settle (GTK_WIDGET (page));
}

static AdwLeaflet *
leaflet_of (GtkWidget *page)
{
  g_autoptr(GPtrArray) leaflets = veil_ui_find_all (page, ADW_TYPE_LEAFLET);

  g_assert_cmpuint (leaflets->len, >=, 1);
  return leaflets->pdata[0];
}

/* Photos, Apps and Accounts each show their list and details side by side
 * at 1000 px and fold at 600 px, so the details never shrink to a sliver. */
static void
test_fold (void)
{
  g_autofree char *photo = veil_test_data_path ("gui/" GPS_JPG);
  g_autofree char *apk = veil_test_data_path ("apps/synthetic-clean.apk");
  g_autofree char *export = veil_test_data_path ("exports/facebook-2024.zip");
  const int widths[] = { 1000, 600, 478 };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      VeilWindow *window = new_window (widths[w]);
      g_autoptr(GFile) photo_file = g_file_new_for_path (photo);
      g_autoptr(GFile) apk_file = g_file_new_for_path (apk);
      g_autoptr(GFile) export_file = g_file_new_for_path (export);
      GtkWidget *pages[3];
      const char *names[] = { "photos", "apps", "accounts" };

      pages[0] = GTK_WIDGET (veil_window_get_photos_page (window));
      pages[1] = GTK_WIDGET (veil_window_get_apps_page (window));
      pages[2] = GTK_WIDGET (veil_window_get_accounts_page (window));
      veil_photos_page_add_files (VEIL_PHOTOS_PAGE (pages[0]), &photo_file, 1);
      veil_apps_page_add_files (VEIL_APPS_PAGE (pages[1]), &apk_file, 1);
      if (w == 0)
        veil_accounts_page_add_files (VEIL_ACCOUNTS_PAGE (pages[2]), &export_file, 1);
      g_assert_true (veil_ui_wait_for (photos_idle, pages[0]));
      g_assert_true (veil_ui_wait_for (apps_idle, pages[1]));
      g_assert_true (veil_ui_wait_for (accounts_idle, pages[2]));

      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          AdwLeaflet *leaflet;

          show_section (window, names[i]);
          leaflet = leaflet_of (pages[i]);
          g_test_message ("%s at %d px: folded %d, window %d px", names[i], widths[w],
                          adw_leaflet_get_folded (leaflet), gtk_widget_get_width (GTK_WIDGET (window)));
          g_assert_cmpint (adw_leaflet_get_folded (leaflet), ==, widths[w] <= 600);
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
collect_titles (GtkWidget  *root,
                GString    *out)
{
  g_autoptr(GPtrArray) labels = veil_ui_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      g_string_append (out, gtk_label_get_text (labels->pdata[i]));
      g_string_append_c (out, '\n');
    }
}

/* Every section's keys are in the Keyboard Shortcuts window. */
static void
test_shortcuts (void)
{
  VeilWindow *window = new_window (1000);
  g_autoptr(GPtrArray) shortcuts = NULL;
  g_autoptr(GString) accels = g_string_new (NULL);
  g_autoptr(GString) titles = g_string_new (NULL);
  GtkWindow *help;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  help = veil_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (help);
  shortcuts = veil_ui_find_all (GTK_WIDGET (help), GTK_TYPE_SHORTCUTS_GROUP);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_object_get (shortcuts->pdata[i], "title", &title, NULL);
      g_string_append_printf (titles, "%s\n", title);
    }
  g_clear_pointer (&shortcuts, g_ptr_array_unref);
  shortcuts = veil_ui_find_all (GTK_WIDGET (help), GTK_TYPE_SHORTCUTS_SHORTCUT);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accel = NULL, *title = NULL;
      g_object_get (shortcuts->pdata[i], "accelerator", &accel, "title", &title, NULL);
      g_string_append_printf (accels, "%s=%s\n", title, accel);
    }
  for (guint i = 0; i < 5; i++)
    {
      const char *group = (const char *[]) { "Photos", "Accounts", "Apps", "Protect faces", "General" }[i];
      g_autofree char *line = g_strdup_printf ("%s\n", group);
      g_assert_nonnull (strstr (titles->str, line));
    }
  g_assert_nonnull (strstr (accels->str, "Find photos by name=<Primary>f"));
  g_assert_nonnull (strstr (accels->str, "Add an export (ZIP or tarball)=<Primary>o"));
  g_assert_nonnull (strstr (accels->str, "Add an export folder=<Primary><Shift>o"));
  g_assert_nonnull (strstr (accels->str, "Search everything imported=<Primary>f"));
  g_assert_nonnull (strstr (accels->str, "Open an app file=<Primary>o"));
  g_assert_nonnull (strstr (accels->str, "Save a protected copy=<Primary>Return"));
  gtk_window_destroy (help);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* About credits every bundled data source and model, with its license,
 * and describes all three sections. */
static void
test_about (void)
{
  VeilWindow *window = new_window (1000);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWindow *about;
  const char *comments;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = veil_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  veil_ui_settle (GTK_WIDGET (about));
  comments = adw_about_window_get_comments (ADW_ABOUT_WINDOW (about));
  g_assert_nonnull (strstr (comments, "Photos:"));
  g_assert_nonnull (strstr (comments, "Accounts:"));
  g_assert_nonnull (strstr (comments, "Apps:"));
  collect_titles (GTK_WIDGET (about), text);
  for (guint i = 0; i < 7; i++)
    {
      const char *credit = (const char *[]) { "εxodus and ETIP", "AppManager", "TrackerControl",
                                              "datenanfragen", "YuNet", "faceplugin_fr_feature", "CC0" }[i];
      g_test_message ("%s", credit);
      g_assert_nonnull (strstr (text->str, credit));
    }
  /* The licenses, in GTK's own words. */
  g_assert_nonnull (strstr (text->str, "Apache License"));
  g_assert_nonnull (strstr (text->str, "MIT"));
  g_assert_nonnull (strstr (text->str, "Affero"));
  gtk_window_destroy (about);
  gtk_window_destroy (GTK_WINDOW (window));
}

static VeilPhotoRow *
row_for (VeilPhotosPage *page,
         VeilPhotoItem  *item)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (GTK_WIDGET (page), VEIL_TYPE_PHOTO_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (veil_photo_row_get_item (rows->pdata[i]) == item)
      return rows->pdata[i];
  return NULL;
}

/* Two photos called the same from two folders: each row names its
 * folder; a photo with a name of its own does not. Removing one of the
 * two makes the other plain again. */
static void
test_same_names (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *dir_a = g_build_filename (tmp, "card-a", NULL);
  g_autofree char *dir_b = g_build_filename (tmp, "card-b", NULL);
  g_autofree char *a = g_build_filename (dir_a, CANON_JPG, NULL);
  g_autofree char *b = g_build_filename (dir_b, CANON_JPG, NULL);
  g_autofree char *c = g_build_filename (dir_a, GPS_JPG, NULL);
  g_autofree char *canon = veil_test_data_path ("gui/" CANON_JPG);
  g_autofree char *gps = veil_test_data_path ("gui/" GPS_JPG);
  VeilWindow *window = new_window (1000);
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  GListModel *model = veil_photos_page_get_model (page);
  g_autoptr(VeilPhotoItem) item_a = NULL, item_b = NULL, item_c = NULL;
  const char *folder_a, *folder_b;

  g_assert_cmpint (g_mkdir_with_parents (dir_a, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (dir_b, 0700), ==, 0);
  veil_ui_copy_file (canon, a);
  veil_ui_copy_file (canon, b);
  veil_ui_copy_file (gps, c);
  add_photos (page, a, c, NULL);
  add_photos (page, b, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  item_a = g_list_model_get_item (model, 0);
  item_c = g_list_model_get_item (model, 1);
  item_b = g_list_model_get_item (model, 2);
  g_assert_true (veil_photo_item_get_name_collides (item_a));
  g_assert_true (veil_photo_item_get_name_collides (item_b));
  g_assert_false (veil_photo_item_get_name_collides (item_c));
  veil_ui_settle (GTK_WIDGET (window));
  folder_a = veil_photo_row_get_folder (row_for (page, item_a));
  folder_b = veil_photo_row_get_folder (row_for (page, item_b));
  g_assert_nonnull (folder_a);
  g_assert_nonnull (folder_b);
  g_assert_true (g_str_has_suffix (folder_a, "card-a"));
  g_assert_true (g_str_has_suffix (folder_b, "card-b"));
  g_assert_null (veil_photo_row_get_folder (row_for (page, item_c)));

  /* The photo just added is the one selected and shown. */
  g_assert_true (gtk_selection_model_is_selected (veil_photos_page_get_selection (page), 2));
  g_assert_false (gtk_selection_model_is_selected (veil_photos_page_get_selection (page), 0));

  /* Delete the second one: the first needs no folder any more. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.remove", NULL));
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_false (veil_photo_item_get_name_collides (item_a));
  g_assert_null (veil_photo_row_get_folder (row_for (page, item_a)));

  gtk_window_destroy (GTK_WINDOW (window));
  veil_test_rmdir (tmp);
}

/* Ctrl+F: the search entry opens; typing selects the photos whose name
 * holds the text; text that matches nothing leaves the selection alone. */
static void
test_find (void)
{
  g_autofree char *canon = veil_test_data_path ("gui/" CANON_JPG);
  g_autofree char *gps = veil_test_data_path ("gui/" GPS_JPG);
  VeilWindow *window = new_window (1000);
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  GtkSelectionModel *selection = veil_photos_page_get_selection (page);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) bars = NULL;
  GtkEditable *entry;

  add_photos (page, canon, gps, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.search", NULL));
  bars = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_SEARCH_BAR);
  g_assert_cmpuint (bars->len, ==, 1);
  g_assert_true (gtk_search_bar_get_search_mode (bars->pdata[0]));
  entries = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY);
  entry = GTK_EDITABLE (entries->pdata[0]);

  gtk_editable_set_text (entry, "gps");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  gtk_editable_set_text (entry, "EXIF");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 1));

  gtk_editable_set_text (entry, "no such photo");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_selection_model_is_selected (selection, 0));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Dragging a row out: nothing for a photo that still gives something
 * away (too easy to upload by mistake), the cleaned copy once cleaned,
 * offered as a file list and as text/uri-list. */
static void
test_drag_out (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *photo = g_build_filename (tmp, GPS_JPG, NULL);
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  VeilWindow *window;
  VeilPhotosPage *page;
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(VeilPhotoItem) item = NULL;
  GtkDragSource *source = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GdkContentProvider *provider = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  VeilPhotoRow *row;
  double x, y;
  GSList *files;

  g_settings_reset (settings, "output-mode");
  veil_ui_copy_file (src, photo);
  window = new_window (1000);
  page = veil_window_get_photos_page (window);
  add_photos (page, photo, NULL);
  item = g_list_model_get_item (veil_photos_page_get_model (page), 0);

  views = veil_ui_find_all (GTK_WIDGET (page), GTK_TYPE_LIST_VIEW);
  controllers = gtk_widget_observe_controllers (views->pdata[0]);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DRAG_SOURCE (controller))
        source = GTK_DRAG_SOURCE (controller);
    }
  g_assert_nonnull (source);
  row = row_for (page, item);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (row), views->pdata[0], 20, 10, &x, &y));

  g_signal_emit_by_name (source, "prepare", x, y, &provider);
  g_assert_null (provider);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (veil_ui_wait_for (photos_idle, page));
  g_assert_cmpint (veil_photo_item_get_state (item), ==, VEIL_PHOTO_STATE_CLEANED);
  veil_ui_settle (GTK_WIDGET (window));

  g_signal_emit_by_name (source, "prepare", x, y, &provider);
  g_assert_nonnull (provider);
  formats = gdk_content_provider_ref_formats (provider);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/uri-list"));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_assert_true (gdk_content_provider_get_value (provider, &value, NULL));
  files = gdk_file_list_get_files (g_value_get_boxed (&value));
  g_assert_cmpuint (g_slist_length (files), ==, 1);
  {
    g_autofree char *path = g_file_get_path (files->data);
    g_assert_cmpstr (path, ==, veil_photo_item_get_cleaned_path (item));
    g_assert_cmpstr (path, !=, photo);
  }
  g_slist_free (files);
  g_object_unref (provider);

  gtk_window_destroy (GTK_WINDOW (window));
  veil_test_rmdir (tmp);
}

static GtkDragSource *
drag_source_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkDragSource *source = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DRAG_SOURCE (controller))
        source = GTK_DRAG_SOURCE (controller);  /* the widget keeps it */
    }
  return source;
}

static gboolean
faces_idle (gpointer dialog)
{
  return !veil_faces_dialog_get_busy (dialog);
}

/* The protected copy can be dragged out of Protect Faces too: from the
 * row that says where it was saved, and only once there is one. */
static void
test_drag_out_protected (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *picture = g_build_filename (tmp, "faces.png", NULL);
  g_autofree char *src = veil_test_data_path ("vision/synthetic-faces.png");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  VeilFacesDialog *dialog;
  GtkDragSource *source = NULL;
  GdkContentProvider *provider = NULL;
  GSList *files;

  veil_ui_copy_file (src, picture);
  file = g_file_new_for_path (picture);
  dialog = veil_faces_dialog_new (NULL, file);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (veil_ui_wait_for_seconds (faces_idle, dialog, 60));
  g_assert_cmpuint (veil_faces_dialog_get_n_faces (dialog), >, 0);

  rows = veil_ui_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);
  for (guint i = 0; i < rows->len && source == NULL; i++)
    source = drag_source_of (rows->pdata[i]);
  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 5.0, 5.0, &provider);
  g_assert_null (provider);

  /* Blur needs no model, so this runs everywhere. */
  for (guint i = 0; i < veil_faces_dialog_get_n_faces (dialog); i++)
    veil_faces_dialog_set_plan (dialog, i, VEIL_FACE_PLAN_BLUR);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.protect", NULL);
  g_assert_true (veil_ui_wait_for_seconds (faces_idle, dialog, 120));
  g_assert_nonnull (veil_faces_dialog_get_output (dialog));

  g_signal_emit_by_name (source, "prepare", 5.0, 5.0, &provider);
  g_assert_nonnull (provider);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_assert_true (gdk_content_provider_get_value (provider, &value, NULL));
  files = gdk_file_list_get_files (g_value_get_boxed (&value));
  g_assert_cmpuint (g_slist_length (files), ==, 1);
  {
    g_autofree char *path = g_file_get_path (files->data);
    g_assert_cmpstr (path, ==, veil_faces_dialog_get_output (dialog));
  }
  g_slist_free (files);
  g_object_unref (provider);
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_test_rmdir (tmp);
}

/* An App Store label compared with an Android app: a warning row first. */
static void
test_label_platform_warning (void)
{
  g_autofree char *apk = veil_test_data_path ("apps/synthetic-trackers-multidex.apk");
  g_autofree char *label = veil_test_data_path ("apps/labels/apple-label-synthetic-not-collected.json");
  g_autoptr(GFile) apk_file = g_file_new_for_path (apk);
  g_autoptr(GFile) label_file = g_file_new_for_path (label);
  g_autoptr(GPtrArray) rows = NULL;
  VeilWindow *window = new_window (1000);
  VeilAppsPage *page = veil_window_get_apps_page (window);
  guint n = 0;

  show_section (window, "apps");
  veil_apps_page_add_files (page, &apk_file, 1);
  g_assert_true (veil_ui_wait_for (apps_idle, page));
  veil_apps_page_compare_label (page, label_file);
  g_assert_true (veil_ui_wait_for (apps_idle, page));
  veil_ui_settle (GTK_WIDGET (window));
  rows = veil_ui_find_all (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW);
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_has_css_class (rows->pdata[i], "platform-warning-row"))
      {
        n++;
        g_assert_nonnull (strstr (adw_preferences_row_get_title (rows->pdata[i]), "Android app"));
      }
  g_assert_cmpuint (n, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_thumbnail (gpointer item)
{
  /* Asking starts the load; the row asked already. */
  return veil_photo_item_get_thumbnail (item) != NULL;
}

static gboolean
has_preview (gpointer page)
{
  g_autoptr(GPtrArray) pictures = veil_ui_find_all (page, GTK_TYPE_PICTURE);

  for (guint i = 0; i < pictures->len; i++)
    if (gtk_picture_get_paintable (pictures->pdata[i]) != NULL && gtk_widget_get_visible (pictures->pdata[i]))
      return TRUE;
  return FALSE;
}

/* HEIC (what iPhones save), AVIF and WebP get a thumbnail in the list and a
 * preview in the details: the gdk-pixbuf loaders are installed
 * (heif-gdk-pixbuf, webp-pixbuf-loader in scripts/install-deps.sh). */
static void
test_heic_thumbnail (void)
{
  const char *names[] = { "heif/exifsamples__heic_samplefilehub.heif", "heif/mat2__tests_data_dirty.avif",
                          "webp/mat2__tests_data_dirty.webp" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = veil_test_data_path (names[i]);
      VeilWindow *window = new_window (1000);
      VeilPhotosPage *page = veil_window_get_photos_page (window);
      g_autoptr(VeilPhotoItem) item = NULL;

      g_test_message ("%s", names[i]);
      add_photos (page, path, NULL);
      item = g_list_model_get_item (veil_photos_page_get_model (page), 0);
      g_assert_true (veil_ui_wait_for_seconds (has_thumbnail, item, 20));
      g_assert_true (veil_ui_wait_for_seconds (has_preview, page, 20));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!veil_ui_test_have_display ())
    return 0;

  data_dir = veil_test_mkdtemp ();
  g_setenv ("VEIL_DATA_DIR", data_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  veil_ui_test_init_locale ();
  app = veil_ui_test_init_app (&argc, &argv);

  g_test_add_func ("/shell/fold", test_fold);
  g_test_add_func ("/shell/shortcuts", test_shortcuts);
  g_test_add_func ("/shell/about", test_about);
  g_test_add_func ("/shell/same-names", test_same_names);
  g_test_add_func ("/shell/find", test_find);
  g_test_add_func ("/shell/drag-out", test_drag_out);
  g_test_add_func ("/shell/heic-thumbnail", test_heic_thumbnail);
  g_test_add_func ("/shell/drag-out-protected", test_drag_out_protected);
  g_test_add_func ("/shell/label-platform-warning", test_label_platform_warning);

  status = g_test_run ();
  g_object_unref (app);
  veil_test_rmdir (data_dir);
  g_free (data_dir);
  return status;
}
