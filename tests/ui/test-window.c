/* test-window.c: the real Veil window, in process, under Xvfb.
 *
 * Photos go in through veil_photos_page_add_files() (the path drag and
 * drop, the open dialogs and the command line use), are inspected, shown
 * with their badges and findings, and cleaned through the photos.clean
 * action; the cleaned copy is then checked with the engine itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-application.h"
#include "veil-core.h"
#include "veil-finding-row.h"
#include "veil-photo-details.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page.h"
#include "veil-preferences-window.h"
#include "veil-settings.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

#define GPS_JPG "exiftool__t_images_GPS.jpg"
#define CANON_JPG "exifsamples__jpg_Canon_40D.jpg"

static GtkApplication *app;

/* Helpers --------------------------------------------------------------- */

static gboolean
page_idle (gpointer data)
{
  return !veil_photos_page_get_busy (VEIL_PHOTOS_PAGE (data));
}

static GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  g_autoptr(GPtrArray) pages = veil_ui_find_all (root, ADW_TYPE_STATUS_PAGE);

  for (guint i = 0; i < pages->len; i++)
    if (g_strcmp0 (adw_status_page_get_title (pages->pdata[i]), title) == 0)
      return pages->pdata[i];
  return NULL;
}

static VeilPhotoItem *
find_item (VeilPhotosPage *page,
           const char     *name,
           guint          *position)
{
  GListModel *model = veil_photos_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (model, i);
      if (g_strcmp0 (veil_photo_item_get_name (item), name) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;  /* the model keeps it alive */
        }
    }
  return NULL;
}

static const char *
badge_of (VeilPhotosPage *page,
          VeilPhotoItem  *item)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (GTK_WIDGET (page), VEIL_TYPE_PHOTO_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (veil_photo_row_get_item (rows->pdata[i]) == item)
      return veil_photo_row_get_badge (rows->pdata[i]);
  return NULL;
}

static gboolean
same_contents (const char *a,
               const char *b)
{
  g_autofree char *ca = NULL, *cb = NULL;
  gsize la, lb;

  return g_file_get_contents (a, &ca, &la, NULL) && g_file_get_contents (b, &cb, &lb, NULL) &&
         la == lb && memcmp (ca, cb, la) == 0;
}

static VeilWindow *
new_window (void)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  veil_ui_settle (GTK_WIDGET (window));
  return window;
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "output-mode");
  g_settings_reset (settings, "output-folder");
  g_settings_reset (settings, "drop-icc");
  g_settings_reset (settings, "flush-copies");
}

/* Tests ----------------------------------------------------------------- */

static void
test_empty_state (void)
{
  VeilWindow *window = new_window ();
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  GtkWidget *status = find_status_page (GTK_WIDGET (page), "Check Photos Before You Share Them");
  GtkWidget *open_files = veil_ui_find_button (GTK_WIDGET (page), "_Open Files…");
  GtkWidget *open_folder = veil_ui_find_button (GTK_WIDGET (page), "Open _Folder…");
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (GTK_WIDGET (window), GTK_TYPE_WIDGET);

  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_nonnull (open_files);
  g_assert_nonnull (open_folder);
  g_assert_true (gtk_widget_get_mapped (open_files));
  g_assert_true (gtk_widget_is_sensitive (open_files));
  g_assert_true (gtk_widget_is_sensitive (open_folder));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (open_files), GTK_ACCESSIBLE_ROLE_BUTTON);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)),
                            "Veil connects to nothing unless you ask it to."));

  /* Nothing to clean yet. */
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (page)), ==, 0);
  g_assert_false (veil_photos_page_get_busy (page));

  /* Every icon-only button has a name a screen reader can say. */
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *w = buttons->pdata[i];
      const char *icon = NULL;

      if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) == NULL)
        icon = gtk_button_get_icon_name (GTK_BUTTON (w));
      else if (GTK_IS_MENU_BUTTON (w))
        icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (w));
      if (icon == NULL)
        continue;
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("The %s button (%s) has no accessible label", icon, G_OBJECT_TYPE_NAME (w));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every entry of the main menu opens what it says. */
static void
test_menu (void)
{
  VeilWindow *window = new_window ();
  GtkWindow *opened;
  g_autoptr(GSettings) settings = veil_settings_new ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  opened = veil_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (opened);
  veil_ui_settle (GTK_WIDGET (opened));
  gtk_window_destroy (opened);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  opened = veil_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (opened);
  veil_ui_settle (GTK_WIDGET (opened));
  g_assert_nonnull (strstr (adw_about_window_get_comments (ADW_ABOUT_WINDOW (opened)),
                            "Veil connects to nothing unless you ask it to."));
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (opened)), ==, GTK_LICENSE_GPL_3_0);
  gtk_window_destroy (opened);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  opened = veil_ui_find_toplevel (VEIL_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (opened);
  veil_ui_settle (GTK_WIDGET (opened));
  gtk_window_destroy (opened);

  /* Closing saves the window size, and only that. */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 600);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
test_inspect_and_clean (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *in = g_build_filename (tmp, "in", NULL);
  g_autofree char *album = g_build_filename (in, "album", NULL);
  g_autofree char *old_clean = g_build_filename (album, "cleaned", NULL);
  g_autofree char *out = g_build_filename (tmp, "out", NULL);
  g_autofree char *gps_src = veil_test_data_path ("gui/" GPS_JPG);
  g_autofree char *canon_src = veil_test_data_path ("gui/" CANON_JPG);
  g_autofree char *gps = g_build_filename (album, GPS_JPG, NULL);
  g_autofree char *canon = g_build_filename (album, CANON_JPG, NULL);
  g_autofree char *notes = g_build_filename (in, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (in, "empty.jpg", NULL);
  g_autofree char *old_copy = g_build_filename (old_clean, "old.jpg", NULL);
  g_autofree char *hidden = g_build_filename (album, ".hidden.jpg", NULL);
  g_autofree char *readme = g_build_filename (album, "readme.txt", NULL);
  g_autofree char *gps_out = g_build_filename (out, GPS_JPG, NULL);
  g_autofree char *canon_out = g_build_filename (out, CANON_JPG, NULL);
  g_autoptr(GSettings) settings = veil_settings_new ();
  g_autoptr(VeilReport) expected = NULL;
  g_autoptr(VeilReport) cleaned = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) finding_rows = NULL;
  g_autoptr(GPtrArray) details_widgets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *badge = NULL;
  VeilWindow *window;
  VeilPhotosPage *page;
  VeilPhotoItem *gps_item, *canon_item, *notes_item, *empty_item;
  GtkWidget *details, *status;
  GFile *files[3];
  guint position, n_kept = 0, n_kept_rows = 0;
  gboolean location_group = FALSE;

  /* A folder of photos with things a walk must skip: Veil's own output,
   * hidden files and files that are not photos. */
  g_assert_cmpint (g_mkdir_with_parents (old_clean, 0755), ==, 0);
  veil_ui_copy_file (gps_src, gps);
  veil_ui_copy_file (canon_src, canon);
  veil_ui_copy_file (gps_src, old_copy);
  veil_ui_copy_file (gps_src, hidden);
  g_assert_true (g_file_set_contents (readme, "hello\n", -1, NULL));
  /* Named directly: listed even though they cannot be cleaned. */
  g_assert_true (g_file_set_contents (notes, "not a photo\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  reset_settings (settings);
  g_settings_set_string (settings, "output-folder", out);
  g_settings_set_enum (settings, "output-mode", VEIL_OUTPUT_CHOSEN_FOLDER);

  window = new_window ();
  page = veil_window_get_photos_page (window);

  files[0] = g_file_new_for_path (album);
  files[1] = g_file_new_for_path (notes);
  files[2] = g_file_new_for_path (empty);
  veil_window_open_files (window, files, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  g_assert_true (veil_window_get_routing (window));
  veil_ui_wait_routed (window);
  g_assert_true (veil_photos_page_get_busy (page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));

  /* The list replaced the empty state. */
  status = find_status_page (GTK_WIDGET (page), "Check Photos Before You Share Them");
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (status))) != status);
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (page)), ==, 4);
  gps_item = find_item (page, GPS_JPG, &position);
  canon_item = find_item (page, CANON_JPG, NULL);
  notes_item = find_item (page, "notes.txt", NULL);
  empty_item = find_item (page, "empty.jpg", NULL);
  g_assert_nonnull (gps_item);
  g_assert_nonnull (canon_item);
  g_assert_nonnull (notes_item);
  g_assert_nonnull (empty_item);
  g_assert_null (find_item (page, "old.jpg", NULL));
  g_assert_null (find_item (page, ".hidden.jpg", NULL));
  g_assert_null (find_item (page, "readme.txt", NULL));

  /* States and badges agree with the engine. */
  expected = veil_inspect_file (gps, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (expected), >, 0);
  g_assert_cmpint (veil_photo_item_get_state (gps_item), ==, VEIL_PHOTO_STATE_FOUND);
  g_assert_cmpuint (veil_photo_item_get_n_findings (gps_item), ==, veil_report_count_removable (expected));
  badge = g_strdup_printf ("%u findings", veil_report_count_removable (expected));
  g_assert_cmpstr (badge_of (page, gps_item), ==, badge);
  g_assert_cmpint (veil_photo_item_get_format (gps_item), ==, VEIL_FORMAT_JPEG);

  g_assert_cmpint (veil_photo_item_get_state (notes_item), ==, VEIL_PHOTO_STATE_UNSUPPORTED);
  g_assert_cmpstr (badge_of (page, notes_item), ==, "Not supported");
  g_assert_nonnull (veil_photo_item_get_message (notes_item));

  g_assert_cmpint (veil_photo_item_get_state (empty_item), ==, VEIL_PHOTO_STATE_ERROR);
  g_assert_cmpstr (badge_of (page, empty_item), ==, "Error");
  g_assert_nonnull (strstr (veil_photo_item_get_message (empty_item), "empty"));

  /* The details of the GPS photo: one group per category, one row per
   * finding, the kept ones marked. */
  gtk_selection_model_select_item (veil_photos_page_get_selection (page), position, TRUE);
  veil_ui_settle (GTK_WIDGET (window));
  details_widgets = veil_ui_find_all (GTK_WIDGET (page), VEIL_TYPE_PHOTO_DETAILS);
  g_assert_cmpuint (details_widgets->len, ==, 1);
  details = g_ptr_array_index (details_widgets, 0);
  g_assert_true (veil_photo_details_get_item (VEIL_PHOTO_DETAILS (details)) == gps_item);
  groups = veil_ui_find_all (details, ADW_TYPE_PREFERENCES_GROUP);
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (groups->pdata[i]),
                   veil_category_title (VEIL_CATEGORY_LOCATION)) == 0)
      location_group = TRUE;
  g_assert_true (location_group);
  finding_rows = veil_ui_find_all (details, VEIL_TYPE_FINDING_ROW);
  g_assert_cmpuint (finding_rows->len, ==, expected->findings->len);
  for (guint i = 0; i < expected->findings->len; i++)
    n_kept += ((VeilFinding *) g_ptr_array_index (expected->findings, i))->kept;
  for (guint i = 0; i < finding_rows->len; i++)
    if (veil_finding_row_get_kept (finding_rows->pdata[i]))
      {
        n_kept_rows++;
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (finding_rows->pdata[i]),
                                  "Kept: needed to display the photo right"));
      }
  g_assert_cmpuint (n_kept_rows, ==, n_kept);

  /* Delete removes from the list, never from disk. */
  find_item (page, "notes.txt", &position);
  gtk_selection_model_select_item (veil_photos_page_get_selection (page), position, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.remove", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (page)), ==, 3);
  g_assert_true (g_file_test (notes, G_FILE_TEST_EXISTS));

  /* Clean everything that can be cleaned, into the chosen folder. */
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (veil_photos_page_get_busy (page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  veil_ui_settle (GTK_WIDGET (window));

  g_assert_true (g_file_test (gps_out, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (canon_out, G_FILE_TEST_IS_REGULAR));
  cleaned = veil_inspect_file (gps_out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (cleaned), ==, 0);
  g_clear_pointer (&cleaned, veil_report_free);
  cleaned = veil_inspect_file (canon_out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (cleaned), ==, 0);
  /* The originals are untouched. */
  g_assert_true (same_contents (gps, gps_src));
  g_assert_true (same_contents (canon, canon_src));

  g_assert_cmpint (veil_photo_item_get_state (gps_item), ==, VEIL_PHOTO_STATE_CLEANED);
  g_assert_cmpstr (veil_photo_item_get_cleaned_path (gps_item), ==, gps_out);
  g_assert_cmpstr (badge_of (page, gps_item), ==, "Cleaned");
  /* The error row stays as it was; nothing is left to clean. */
  g_assert_cmpint (veil_photo_item_get_state (empty_item), ==, VEIL_PHOTO_STATE_ERROR);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL) &&
                  veil_photos_page_get_busy (page));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
  veil_test_rmdir (tmp);
}

/* The default: a "cleaned" folder beside the original, as `veil clean`. */
/* Dropping a photo on the page: the overlay shows while the drag is over
 * it and the photo lands in the list like an opened one. */
static void
test_drop (void)
{
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autoptr(GFile) file = g_file_new_for_path (src);
  VeilWindow *window = new_window ();
  VeilPhotosPage *page = veil_window_get_photos_page (window);

  g_assert_true (veil_ui_drop_files (GTK_WIDGET (page), &file, 1));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (page)), ==, 1);
  g_assert_nonnull (find_item (page, GPS_JPG, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
chooser_shown (gpointer data)
{
  return veil_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (veil_photos_page_get_model (data)) > 0;
}

/* set_file () selects once the chooser has loaded the folder, which is
 * asynchronous: wait for it, or accepting may return no file at all. */
static gboolean
chooser_has_selection (gpointer data)
{
  g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (data));
  return g_list_model_get_n_items (files) > 0;
}

/* Open Files: one modal dialog for several files; accepting it adds the
 * chosen photo, and opening again afterwards shows a fresh dialog. */
static void
test_open_files (void)
{
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autoptr(GFile) file = g_file_new_for_path (src);
  g_autoptr(GError) error = NULL;
  VeilWindow *window = new_window ();
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  g_autoptr(GListModel) filters = NULL;
  g_autoptr(GtkFileFilter) all = NULL;
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.open-files", NULL));
  g_assert_true (veil_ui_wait_for (chooser_shown, NULL));
  dialog = veil_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (dialog)));
  filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 2);
  all = g_list_model_get_item (filters, 1);
  g_assert_cmpstr (gtk_file_filter_get_name (all), ==, "All files");
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, &error));
  g_assert_no_error (error);
  g_assert_true (veil_ui_wait_for (chooser_has_selection, dialog));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_assert_true (veil_ui_wait_for (has_items, page));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_assert_nonnull (find_item (page, GPS_JPG, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.open-files", NULL));
  g_assert_true (veil_ui_wait_for (chooser_shown, NULL));
  dialog = veil_ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  veil_ui_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (veil_photos_page_get_model (page)), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_clean_beside (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *src = veil_test_data_path ("gui/" CANON_JPG);
  g_autofree char *photo = g_build_filename (tmp, "holiday.jpg", NULL);
  g_autofree char *copy = g_build_filename (tmp, "cleaned", "holiday.jpg", NULL);
  g_autoptr(GSettings) settings = veil_settings_new ();
  g_autoptr(GFile) file = g_file_new_for_path (photo);
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  VeilWindow *window;
  VeilPhotosPage *page;

  veil_ui_copy_file (src, photo);
  reset_settings (settings);
  window = new_window ();
  page = veil_window_get_photos_page (window);

  veil_window_open_files (window, &file, 1);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));

  report = veil_inspect_file (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
  g_assert_true (same_contents (photo, src));

  gtk_window_destroy (GTK_WINDOW (window));
  veil_test_rmdir (tmp);
}

/* Cancel stops between files: what was finished stays, complete and clean;
 * no temporary file is left; the rest can still be cleaned. */
static void
test_cancel (void)
{
  const guint n_photos = 200;
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *in = g_build_filename (tmp, "in", NULL);
  g_autofree char *out = g_build_filename (tmp, "out", NULL);
  g_autofree char *src = veil_test_data_path ("gui/" CANON_JPG);
  g_autoptr(GSettings) settings = veil_settings_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (in);
  g_auto(GStrv) written = NULL;
  GListModel *model;
  VeilWindow *window;
  VeilPhotosPage *page;
  guint n_cleaned = 0, n_left = 0;

  g_assert_cmpint (g_mkdir_with_parents (in, 0755), ==, 0);
  for (guint i = 0; i < n_photos; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%03u.jpg", i);
      g_autofree char *path = g_build_filename (in, name, NULL);
      veil_ui_copy_file (src, path);
    }
  reset_settings (settings);
  g_settings_set_string (settings, "output-folder", out);
  g_settings_set_enum (settings, "output-mode", VEIL_OUTPUT_CHOSEN_FOLDER);
  /* Copies are not flushed by default, and 200 of them can be done before
   * the cancel arrives: a flush per file keeps the clean running long
   * enough to be stopped. */
  g_settings_set_boolean (settings, "flush-copies", TRUE);

  window = new_window ();
  page = veil_window_get_photos_page (window);
  veil_window_open_files (window, &folder, 1);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  model = veil_photos_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_photos);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.cancel", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));

  for (guint i = 0; i < n_photos; i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (model, i);
      if (veil_photo_item_get_state (item) == VEIL_PHOTO_STATE_CLEANED)
        n_cleaned++;
      else if (veil_photo_item_get_can_clean (item))
        n_left++;
    }
  g_test_message ("cancelled after %u of %u photos", n_cleaned, n_photos);
  g_assert_cmpuint (n_cleaned, <, n_photos);
  g_assert_cmpuint (n_cleaned + n_left, ==, n_photos);

  written = g_file_test (out, G_FILE_TEST_IS_DIR) ? veil_test_list_dir (out) : g_new0 (char *, 1);
  g_assert_cmpuint (g_strv_length (written), ==, n_cleaned);
  for (guint i = 0; written[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (out, written[i], NULL);
      g_autoptr(VeilReport) report = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (written[i][0] == '.');  /* no temporary file left */
      report = veil_inspect_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
    }

  /* The photos not reached can still be cleaned. */
  veil_ui_settle (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_strfreev (written);
  written = veil_test_list_dir (out);
  g_assert_cmpuint (g_strv_length (written), ==, n_photos);

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
  veil_test_rmdir (tmp);
}

/* Replacing originals asks first, and changes nothing until confirmed. */
static void
test_replace_asks_first (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autofree char *photo = g_build_filename (tmp, "mine.jpg", NULL);
  g_autofree char *beside = g_build_filename (tmp, "cleaned", NULL);
  g_autoptr(GSettings) settings = veil_settings_new ();
  g_autoptr(GFile) file = g_file_new_for_path (photo);
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  VeilWindow *window;
  VeilPhotosPage *page;

  veil_ui_copy_file (src, photo);
  reset_settings (settings);
  g_settings_set_enum (settings, "output-mode", VEIL_OUTPUT_REPLACE);
  window = new_window ();
  page = veil_window_get_photos_page (window);
  veil_window_open_files (window, &file, 1);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for (page_idle, page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  dialog = veil_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  veil_ui_settle (GTK_WIDGET (dialog));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_false (veil_photos_page_get_busy (page));
  g_assert_true (same_contents (photo, src));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "replace");
  g_assert_true (veil_ui_wait_for (page_idle, page));
  report = veil_inspect_file (photo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
  g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
  veil_test_rmdir (tmp);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = veil_settings_new ();
  VeilWindow *window;
  GtkWidget *prefs;
  GtkWidget *clean_button;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) switches = NULL;

  reset_settings (settings);
  window = new_window ();
  prefs = veil_preferences_window_new (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
  veil_ui_settle (prefs);

  /* Three choices, the default one active. */
  checks = veil_ui_find_all (prefs, GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 3);
  g_assert_true (gtk_check_button_get_active (checks->pdata[0]));

  gtk_check_button_set_active (checks->pdata[2], TRUE);
  g_assert_cmpint (g_settings_get_enum (settings, "output-mode"), ==, VEIL_OUTPUT_REPLACE);

  /* The Clean button warns by colour when originals would be replaced. */
  clean_button = veil_ui_find_button (GTK_WIDGET (window), "_Clean All");
  g_assert_nonnull (clean_button);
  g_assert_true (gtk_widget_has_css_class (clean_button, "destructive-action"));
  gtk_check_button_set_active (checks->pdata[0], TRUE);
  g_assert_cmpint (g_settings_get_enum (settings, "output-mode"), ==, VEIL_OUTPUT_CLEANED_FOLDER);
  g_assert_true (gtk_widget_has_css_class (clean_button, "suggested-action"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (clean_button),
                            "without picking an original by mistake"));

  switches = veil_ui_find_all (prefs, GTK_TYPE_SWITCH);
  g_assert_cmpuint (switches->len, ==, 2);
  gtk_switch_set_active (switches->pdata[0], TRUE);
  g_assert_true (g_settings_get_boolean (settings, "drop-icc"));
  /* Flushed copies, as veil clean --sync. */
  gtk_switch_set_active (switches->pdata[1], TRUE);
  g_assert_true (g_settings_get_boolean (settings, "flush-copies"));

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
}

/* Run with LANGUAGE=de (the window-de test): the .po reaches the UI. */
static void
test_translation (void)
{
  VeilWindow *window;
  VeilPhotosPage *page;

  if (!g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "de"))
    {
      g_test_skip ("needs LANGUAGE=de");
      return;
    }
  window = new_window ();
  page = veil_window_get_photos_page (window);
  g_assert_nonnull (find_status_page (GTK_WIDGET (page), "Fotos prüfen, bevor Sie sie teilen"));
  g_assert_nonnull (veil_ui_find_button (GTK_WIDGET (page), "_Dateien öffnen …"));
  g_assert_nonnull (veil_ui_find_button (GTK_WIDGET (page), "_Ordner öffnen …"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Toasts ------------------------------------------------------------------ */

/* The toast the last clean showed (the page keeps it for tests). */
static AdwToast *
clean_toast (VeilPhotosPage *page)
{
  AdwToast *toast = g_object_get_data (G_OBJECT (page), "veil-clean-toast");

  g_assert_nonnull (toast);
  return toast;
}

/* "Cleaned 2 photos" must not hide the photos that could not be cleaned:
 * the toast counts them too. */
static void
test_clean_counts_failures (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autofree char *a = g_build_filename (tmp, "a.jpg", NULL);
  g_autofree char *b = g_build_filename (tmp, "b.jpg", NULL);
  g_autofree char *cut = g_build_filename (tmp, "cut.jpg", NULL);
  g_autofree char *notes = g_build_filename (tmp, "notes.txt", NULL);
  g_autofree char *photo = NULL;
  g_autoptr(GSettings) settings = veil_settings_new ();
  GFile *files[4];
  gsize len;
  VeilWindow *window;
  VeilPhotosPage *page;

  veil_ui_copy_file (src, a);
  veil_ui_copy_file (src, b);
  g_assert_true (g_file_get_contents (src, &photo, &len, NULL));
  g_assert_true (g_file_set_contents (cut, photo, len / 3, NULL));
  g_assert_true (g_file_set_contents (notes, "not a photo\n", -1, NULL));
  reset_settings (settings);
  window = new_window ();
  page = veil_window_get_photos_page (window);

  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (cut);
  files[2] = g_file_new_for_path (b);
  files[3] = g_file_new_for_path (notes);
  veil_window_open_files (window, files, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for (page_idle, page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  g_assert_true (veil_ui_wait_for (page_idle, page));

  g_assert_cmpstr (adw_toast_get_title (clean_toast (page)), ==, "Cleaned 2 photos, 2 could not be cleaned");

  gtk_window_destroy (GTK_WINDOW (window));
  veil_test_rmdir (tmp);
}

/* Replacing originals keeps them in the trash, and Undo in the toast puts
 * them back (main() points XDG_DATA_HOME to a folder of the test's, so the
 * trash is the test's own). */
static void
test_replace_undo (void)
{
  g_autofree char *tmp = veil_test_mkdtemp ();
  g_autofree char *src = veil_test_data_path ("gui/" GPS_JPG);
  g_autofree char *canon_src = veil_test_data_path ("gui/" CANON_JPG);
  g_autofree char *a = g_build_filename (tmp, "undo-a.jpg", NULL);
  g_autofree char *b = g_build_filename (tmp, "undo-b.jpg", NULL);
  g_autofree char *trash = g_build_filename (g_get_user_data_dir (), "Trash", NULL);
  g_autofree char *trashed_a = g_build_filename (trash, "files", "undo-a.jpg", NULL);
  g_autofree char *info_a = g_build_filename (trash, "info", "undo-a.jpg.trashinfo", NULL);
  g_autoptr(GSettings) settings = veil_settings_new ();
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GFile *files[2];
  AdwToast *toast;
  GtkWindow *dialog;
  VeilWindow *window;
  VeilPhotosPage *page;

  veil_ui_copy_file (src, a);
  veil_ui_copy_file (canon_src, b);
  reset_settings (settings);
  g_settings_set_enum (settings, "output-mode", VEIL_OUTPUT_REPLACE);
  window = new_window ();
  page = veil_window_get_photos_page (window);
  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (b);
  veil_window_open_files (window, files, 2);
  g_object_unref (files[0]);
  g_object_unref (files[1]);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for (page_idle, page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL));
  dialog = veil_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "replace");
  g_assert_true (veil_ui_wait_for (page_idle, page));

  /* Replaced, and the original kept in the trash. */
  report = veil_inspect_file (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
  g_assert_true (same_contents (trashed_a, src));
  g_assert_true (g_file_test (info_a, G_FILE_TEST_EXISTS));

  /* Undo puts both back and empties their places in the trash. */
  toast = clean_toast (page);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_true (same_contents (a, src));
  g_assert_true (same_contents (b, canon_src));
  g_assert_false (g_file_test (trashed_a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (info_a, G_FILE_TEST_EXISTS));
  g_assert_true (veil_ui_wait_for (page_idle, page));

  gtk_window_destroy (GTK_WINDOW (window));
  reset_settings (settings);
  veil_test_rmdir (tmp);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  /* Replacing originals moves them to the trash: the test's own. */
  g_autofree char *data_home = veil_test_mkdtemp ();

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!veil_ui_test_have_display ())
    {
      veil_test_rmdir (data_home);
      return 0;
    }

  veil_ui_test_init_locale ();

  app = veil_ui_test_init_app (&argc, &argv);

  g_test_add_func ("/window/empty-state", test_empty_state);
  g_test_add_func ("/window/menu", test_menu);
  g_test_add_func ("/window/inspect-and-clean", test_inspect_and_clean);
  g_test_add_func ("/window/drop", test_drop);
  g_test_add_func ("/window/open-files", test_open_files);
  g_test_add_func ("/window/clean-beside", test_clean_beside);
  g_test_add_func ("/window/cancel", test_cancel);
  g_test_add_func ("/window/replace-asks-first", test_replace_asks_first);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/translation", test_translation);
  g_test_add_func ("/window/clean-counts-failures", test_clean_counts_failures);
  g_test_add_func ("/window/replace-undo", test_replace_undo);

  status = g_test_run ();
  g_object_unref (app);
  veil_test_rmdir (data_home);
  return status;
}
