/* veil-shots.c: screenshots of every page of the app, light and dark, wide
 * (1000 px) and narrow (478 px), rendered in process under Xvfb. Not a
 * test: scripts/screenshot-all.sh runs it with an output folder.
 *
 *   veil-shots OUTDIR
 *
 * Each state is built through the same calls the UI tests use (adding
 * files, importing an export, comparing a label), on the fixtures in
 * tests/data; the store and settings are temporary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-shots"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-accounts-page.h"
#include "veil-application.h"
#include "veil-apps-page.h"
#include "veil-faces-dialog.h"
#include "veil-faces-video-dialog.h"
#include "veil-photos-page.h"
#include "veil-preferences-window.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"

static GtkApplication *app;
static const char *out_dir;
static char *tmp;
/* A real photo with a location, from ../shared when it is there (the
 * README's picture); else the fixture, whose picture is black. */
static char *shared_photo;

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

static gboolean
faces_idle (gpointer dialog)
{
  return !veil_faces_dialog_get_busy (dialog);
}

static gboolean
video_idle (gpointer dialog)
{
  return !veil_faces_video_dialog_get_busy (dialog);
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

/* Lets transitions, thumbnails and previews finish. */
static void
pause_for (GtkWidget *widget,
           int        ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  veil_ui_wait_for_seconds (time_passed, &end, 1 + ms / 1000);
  veil_ui_settle (widget);
}

static void
save (GtkWidget  *widget,
      const char *name,
      const char *theme,
      int         width)
{
  g_autofree char *file = g_strdup_printf ("%s-%s-%d.png", name, theme, width);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);

  pause_for (widget, 400);
  veil_ui_save_png (widget, gtk_widget_get_width (widget), gtk_widget_get_height (widget), path);
  g_print ("%s\n", path);
}

static GFile *
fixture (const char *name)
{
  g_autofree char *path = veil_test_data_path (name);

  return g_file_new_for_path (path);
}

static GFile *
copy_path (const char *from,
           const char *dir)
{
  g_autofree char *base = g_path_get_basename (from);
  g_autofree char *to = g_build_filename (dir, base, NULL);

  veil_ui_copy_file (from, to);
  return g_file_new_for_path (to);
}

static GFile *
copy_fixture (const char *name,
              const char *dir)
{
  g_autofree char *from = veil_test_data_path (name);

  return copy_path (from, dir);
}

static VeilWindow *
new_window (int         width,
            const char *section)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));
  g_autoptr(GPtrArray) stacks = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 680);
  gtk_window_present (GTK_WINDOW (window));
  stacks = veil_ui_find_all (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (stacks->pdata[0], section);
  veil_ui_settle (GTK_WIDGET (window));
  return window;
}

static void
show_details (GtkWidget *page)
{
  g_autoptr(GPtrArray) leaflets = veil_ui_find_all (page, ADW_TYPE_LEAFLET);

  if (adw_leaflet_get_folded (leaflets->pdata[0]))
    adw_leaflet_navigate (leaflets->pdata[0], ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
shoot_photos (const char *theme,
              int         width)
{
  g_autofree char *dir_a = g_build_filename (tmp, "Pictures", "2023", NULL);
  g_autofree char *dir_b = g_build_filename (tmp, "Camera", NULL);
  g_autofree char *same_a = g_build_filename (dir_a, "exifsamples__jpg_Canon_40D.jpg", NULL);
  g_autofree char *same_b = g_build_filename (dir_b, "exifsamples__jpg_Canon_40D.jpg", NULL);
  g_autofree char *empty = g_build_filename (dir_b, "IMG_0042.jpg", NULL);
  g_autofree char *canon = veil_test_data_path ("gui/exifsamples__jpg_Canon_40D.jpg");
  VeilWindow *window = new_window (width, "photos");
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  GFile *files[5];

  save (GTK_WIDGET (window), "photos-empty", theme, width);

  g_mkdir_with_parents (dir_a, 0700);
  g_mkdir_with_parents (dir_b, 0700);
  veil_ui_copy_file (canon, same_a);
  veil_ui_copy_file (canon, same_b);
  g_file_set_contents (empty, "", 0, NULL);
  /* Copies: cleaning writes beside them, never into tests/data. */
  files[0] = shared_photo != NULL ? copy_path (shared_photo, dir_a)
                                   : copy_fixture ("gui/exiftool__t_images_GPS.jpg", dir_a);
  files[1] = g_file_new_for_path (same_a);
  files[2] = g_file_new_for_path (same_b);
  files[3] = copy_fixture ("heif/exifsamples__heic_samplefilehub.heif", dir_b);
  files[4] = g_file_new_for_path (empty);
  veil_photos_page_add_files (page, files, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  veil_ui_wait_for (photos_idle, page);
  gtk_selection_model_select_item (veil_photos_page_get_selection (page), 0, TRUE);
  pause_for (GTK_WIDGET (window), 1500);
  if (width < 600)
    {
      g_autoptr(GPtrArray) leaflets = veil_ui_find_all (GTK_WIDGET (page), ADW_TYPE_LEAFLET);
      adw_leaflet_navigate (leaflets->pdata[0], ADW_NAVIGATION_DIRECTION_BACK);
      save (GTK_WIDGET (window), "photos-list", theme, width);
      show_details (GTK_WIDGET (page));
    }
  save (GTK_WIDGET (window), "photos-details", theme, width);

  /* The error row: the empty file. */
  gtk_selection_model_select_item (veil_photos_page_get_selection (page), 4, TRUE);
  show_details (GTK_WIDGET (page));
  save (GTK_WIDGET (window), "photos-error", theme, width);

  /* Cleaned. */
  gtk_selection_model_select_item (veil_photos_page_get_selection (page), 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "photos.clean", NULL);
  veil_ui_wait_for (photos_idle, page);
  show_details (GTK_WIDGET (page));
  save (GTK_WIDGET (window), "photos-cleaned", theme, width);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_accounts (const char *theme,
                int         width)
{
  VeilWindow *window = new_window (width, "accounts");
  VeilAccountsPage *page = veil_window_get_accounts_page (window);
  g_autoptr(GFile) html = fixture ("exports/facebook-html.zip");
  g_autoptr(GFile) json = fixture ("exports/facebook-2024.zip");

  veil_ui_wait_for (accounts_idle, page);
  save (GTK_WIDGET (window), "accounts-empty", theme, width);
  veil_accounts_page_add_files (page, &html, 1);
  veil_ui_wait_for (accounts_idle, page);
  save (GTK_WIDGET (window), "accounts-error", theme, width);
  veil_accounts_page_add_files (page, &json, 1);
  veil_ui_wait_for (accounts_idle, page);
  pause_for (GTK_WIDGET (window), 800);
  save (GTK_WIDGET (window), "accounts-overview", theme, width);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_apps (const char *theme,
            int         width)
{
  VeilWindow *window = new_window (width, "apps");
  VeilAppsPage *page = veil_window_get_apps_page (window);
  GFile *files[] = { fixture ("apps/synthetic-trackers-multidex.apk"), fixture ("apps/ios-adhoc.ipa"),
                     fixture ("apps/not-a-package.apk") };
  g_autoptr(GFile) label = fixture ("apps/labels/apple-label-synthetic-not-collected.json");

  save (GTK_WIDGET (window), "apps-empty", theme, width);
  veil_apps_page_add_files (page, files, G_N_ELEMENTS (files));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  veil_ui_wait_for (apps_idle, page);
  gtk_selection_model_select_item (veil_apps_page_get_selection (page), 0, TRUE);
  veil_apps_page_compare_label (page, label);
  veil_ui_wait_for (apps_idle, page);
  if (width < 600)
    {
      g_autoptr(GPtrArray) leaflets = veil_ui_find_all (GTK_WIDGET (page), ADW_TYPE_LEAFLET);
      adw_leaflet_navigate (leaflets->pdata[0], ADW_NAVIGATION_DIRECTION_BACK);
      save (GTK_WIDGET (window), "apps-list", theme, width);
    }
  show_details (GTK_WIDGET (page));
  save (GTK_WIDGET (window), "apps-details", theme, width);
  gtk_selection_model_select_item (veil_apps_page_get_selection (page), 2, TRUE);
  show_details (GTK_WIDGET (page));
  save (GTK_WIDGET (window), "apps-error", theme, width);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
shoot_dialogs (const char *theme,
               int         width)
{
  VeilWindow *window = new_window (width, "photos");
  g_autoptr(GFile) picture = fixture ("vision/synthetic-faces.png");
  VeilFacesDialog *faces;
  GtkWindow *opened;

  faces = veil_faces_dialog_new (GTK_WINDOW (window), picture);
  gtk_window_set_default_size (GTK_WINDOW (faces), width, 680);
  gtk_window_present (GTK_WINDOW (faces));
  veil_ui_wait_for_seconds (faces_idle, faces, 60);
  pause_for (GTK_WIDGET (faces), 800);
  save (GTK_WIDGET (faces), "faces", theme, width);
  gtk_window_destroy (GTK_WINDOW (faces));

  opened = GTK_WINDOW (veil_preferences_window_new (GTK_WINDOW (window)));
  gtk_window_set_default_size (opened, MIN (width, 640), 560);
  gtk_window_present (opened);
  save (GTK_WIDGET (opened), "preferences", theme, width);
  gtk_window_destroy (opened);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  opened = veil_ui_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  save (GTK_WIDGET (opened), "about", theme, width);
  gtk_window_destroy (opened);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  opened = veil_ui_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  save (GTK_WIDGET (opened), "shortcuts", theme, width);
  gtk_window_destroy (opened);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Protect Faces for a video, its grid of people: only with VEIL_SHOT_VIDEO
 * set to a clip (tests/data/video/make-fixture.py makes one from
 * ../shared/faces; nothing in tests/data has real faces in a video). */
static void
shoot_video (const char *theme,
             int         width)
{
  const char *clip = g_getenv ("VEIL_SHOT_VIDEO");
  VeilWindow *window;
  g_autoptr(GFile) file = NULL;
  VeilFacesVideoDialog *dialog;

  if (clip == NULL)
    return;
  window = new_window (width, "photos");
  file = copy_path (clip, tmp);
  dialog = veil_faces_video_dialog_new (GTK_WINDOW (window), file);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width < 600 ? width : 860, 660);
  gtk_window_present (GTK_WINDOW (dialog));
  /* While it follows the people (the clip takes a few seconds). */
  save (GTK_WIDGET (dialog), "faces-video-looking", theme, width);
  veil_ui_wait_for_seconds (video_idle, dialog, 300);
  /* A person who agreed to be shown, as the dialog allows. */
  if (veil_faces_video_dialog_get_n_people (dialog) > 1)
    gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, 1), FALSE);
  pause_for (GTK_WIDGET (dialog), 800);
  save (GTK_WIDGET (dialog), "faces-video", theme, width);
  if (veil_faces_video_dialog_get_n_people (dialog) > 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (dialog), "video.protect", NULL);
      veil_ui_wait_for_seconds (video_idle, dialog, 300);
      save (GTK_WIDGET (dialog), "faces-video-saved", theme, width);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *themes[] = { "light", "dark" };
  const int widths[] = { 1000, 478 };

  if (argc < 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  g_mkdir_with_parents (out_dir, 0755);
  tmp = veil_test_mkdtemp ();
  g_setenv ("VEIL_DATA_DIR", tmp, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp, TRUE);
  veil_ui_test_init_locale ();
  app = veil_ui_test_init_app (&argc, &argv);
  if (g_getenv ("VEIL_SHARED_DIR") != NULL)
    {
      shared_photo = g_build_filename (g_getenv ("VEIL_SHARED_DIR"), "corpus", "jpeg",
                                       "exifsamples__jpg_gps_DSCN0010.jpg", NULL);
      if (!g_file_test (shared_photo, G_FILE_TEST_EXISTS))
        g_clear_pointer (&shared_photo, g_free);
    }

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          t == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT : ADW_COLOR_SCHEME_FORCE_DARK);
      for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
        {
          const char *only = g_getenv ("VEIL_SHOTS_ONLY");

          if (only == NULL || g_str_equal (only, "photos"))
            shoot_photos (themes[t], widths[w]);
          if (only == NULL || g_str_equal (only, "accounts"))
            {
              /* A fresh store each time, so the error shows before the import. */
              g_autofree char *store = g_strdup_printf ("%s/store-%u-%u", tmp, t, w);
              g_setenv ("VEIL_DATA_DIR", store, TRUE);
              shoot_accounts (themes[t], widths[w]);
            }
          if (only == NULL || g_str_equal (only, "apps"))
            shoot_apps (themes[t], widths[w]);
          if (only == NULL || g_str_equal (only, "dialogs"))
            shoot_dialogs (themes[t], widths[w]);
          if (only == NULL || g_str_equal (only, "video"))
            shoot_video (themes[t], widths[w]);
        }
    }
  g_object_unref (app);
  veil_test_rmdir (tmp);
  return 0;
}
