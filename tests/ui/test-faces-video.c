/* test-faces-video.c: the "Protect Faces" window for a video, in process,
 * under Xvfb.
 *
 * The clip is made at test time by tests/data/video/make-fixture.py (the
 * same script as the engine's tests, a shorter clip) from the face crops
 * in ../shared/faces; the tests skip when ../shared, ffmpeg, python3-opencv
 * or Veil's FFmpeg module is missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-faces-video"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-application.h"
#include "veil-faces-video-dialog.h"
#include "veil-photo-details.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-video.h"
#include "veil-window.h"

#define CLIP "faces.mp4"

static GtkApplication *app;
static char *clip_dir;
static gboolean clip_tried;

/* Makes the clip once per run, in the build folder; NULL after a skip. */
static const char *
made_clip_dir (void)
{
  if (!clip_tried)
    {
      /* 3 s at 640×360: enough for all the fixture's people to show. */
      const char *const size[] = { "640", "360", "3", NULL };
      g_autofree char *why = NULL;
      g_autofree char *dir = veil_test_video_fixture ("video-fixture-ui", size, &why);
      g_autofree char *clip = NULL;
      g_autoptr(GError) error = NULL;
      VeilVideoInfo info;

      clip_tried = TRUE;
      if (dir == NULL)
        {
          g_test_message ("%s", why);
          return NULL;
        }
      clip = g_build_filename (dir, CLIP, NULL);
      if (!veil_video_probe (clip, &info, &error))
        {
          g_test_message ("Veil's FFmpeg module cannot read the clip: %s", error->message);
          return NULL;
        }
      clip_dir = g_steal_pointer (&dir);
    }
  return clip_dir;
}

/* A fresh folder with a copy of the clip (so cleaned/ is the test's own). */
typedef struct {
  char *dir;
  char *clip;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  const char *made = made_clip_dir ();
  g_autofree char *src = NULL;

  if (made == NULL)
    return;
  src = g_build_filename (made, CLIP, NULL);
  fx->dir = veil_test_mkdtemp ();
  fx->clip = g_build_filename (fx->dir, CLIP, NULL);
  veil_ui_copy_file (src, fx->clip);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  if (fx->dir != NULL)
    veil_test_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->clip);
}

static gboolean
skipped (Fixture *fx)
{
  if (fx->clip != NULL)
    return FALSE;
  g_test_skip ("no test clip: ../shared/faces, ffmpeg, python3-opencv or Veil's FFmpeg module is missing");
  return TRUE;
}

static gboolean
dialog_idle (gpointer data)
{
  return !veil_faces_video_dialog_get_busy (VEIL_FACES_VIDEO_DIALOG (data));
}

static gboolean
page_idle (gpointer data)
{
  return !veil_photos_page_get_busy (VEIL_PHOTOS_PAGE (data));
}

static VeilFacesVideoDialog *
open_dialog_at (const char *path,
                int         width)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VeilFacesVideoDialog *dialog = veil_faces_video_dialog_new (NULL, file);

  gtk_window_set_default_size (GTK_WINDOW (dialog), width, 660);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));
  veil_ui_settle (GTK_WIDGET (dialog));
  return dialog;
}

static VeilFacesVideoDialog *
open_dialog (const char *path)
{
  return open_dialog_at (path, 860);
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), name) == 0)
      return gtk_widget_get_sensitive (buttons->pdata[i]);
  g_assert_not_reached ();
}

static void
on_protected (GtkWindow  *dialog,
              const char *path,
              char      **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static guint
n_files_in (const char *dir)
{
  g_auto(GStrv) names = NULL;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return 0;
  names = veil_test_list_dir (dir);
  return g_strv_length (names);
}

/* Tests ----------------------------------------------------------------- */

/* The Photos details offer "Protect Faces…" for a video too; it opens the
 * video window, modal to the main window, and the copy it writes is what
 * the video's row shows, as for a protected photo. */
static void
test_details_button (Fixture       *fx,
                     gconstpointer  data)
{
  VeilWindow *window;
  VeilPhotosPage *page;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) details = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *badge = NULL;
  GtkWidget *faces_button;
  GtkWindow *dialog;
  VeilPhotoItem *item;

  if (skipped (fx))
    return;
  window = veil_window_new (ADW_APPLICATION (app));
  page = veil_window_get_photos_page (window);
  file = g_file_new_for_path (fx->clip);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  veil_window_open_files (window, &file, 1);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for_seconds (page_idle, page, 60));
  veil_ui_settle (GTK_WIDGET (window));

  details = veil_ui_find_all (GTK_WIDGET (window), VEIL_TYPE_PHOTO_DETAILS);
  g_assert_cmpuint (details->len, ==, 1);
  faces_button = veil_ui_find_button (details->pdata[0], _("Protect _Faces…"));
  g_assert_nonnull (faces_button);
  g_assert_true (gtk_widget_get_visible (faces_button));

  g_signal_emit_by_name (faces_button, "clicked");
  dialog = veil_ui_find_toplevel (VEIL_TYPE_FACES_VIDEO_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));
  g_assert_cmpstr (veil_faces_video_dialog_get_page (VEIL_FACES_VIDEO_DIALOG (dialog)), ==, "people");

  /* Protected: the row shows the copy as it shows a protected photo. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "video.protect", NULL);
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));
  item = veil_photo_details_get_item (details->pdata[0]);
  expected = g_build_filename (fx->dir, "cleaned", CLIP, NULL);
  g_assert_true (veil_photo_item_get_protected (item));
  g_assert_cmpstr (veil_photo_item_get_cleaned_path (item), ==, expected);
  badge = veil_photo_state_badge (item);
  g_assert_cmpstr (badge, ==, _("Protected"));
  gtk_window_destroy (dialog);
  veil_ui_drain ();

  /* Closing the window while it looks stops the work, and the main window
   * can go right after. */
  g_signal_emit_by_name (faces_button, "clicked");
  dialog = veil_ui_find_toplevel (VEIL_TYPE_FACES_VIDEO_DIALOG);
  g_assert_true (veil_faces_video_dialog_get_busy (VEIL_FACES_VIDEO_DIALOG (dialog)));
  gtk_window_close (dialog);
  veil_ui_drain ();
  gtk_window_destroy (GTK_WINDOW (window));
  veil_ui_drain ();
}

/* The grid shows everyone found, all ticked; one person unticked is left
 * out of what the engine is asked to hide; the copy lands in cleaned/
 * under the same name and the Photos row takes it as protected. */
static void
test_grid_and_protect (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *expected = NULL;
  g_autofree char *signalled = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) pictures = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(VeilPhotoItem) item = NULL;
  VeilFacesVideoDialog *dialog;
  const guint *hidden;
  guint n, n_hidden, kept;
  GStatBuf st;

  if (skipped (fx))
    return;
  dialog = open_dialog (fx->clip);
  g_assert_cmpstr (veil_faces_video_dialog_get_page (dialog), ==, "people");
  n = veil_faces_video_dialog_get_n_people (dialog);
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpint (veil_faces_video_dialog_get_action (dialog), ==, VEIL_FACE_PIXELATE);

  /* One card per person, each with a thumbnail and a ticked Hide check. */
  checks = veil_ui_find_all (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON);
  pictures = veil_ui_find_all (GTK_WIDGET (dialog), GTK_TYPE_PICTURE);
  g_assert_cmpuint (pictures->len, ==, n);
  for (guint i = 0; i < pictures->len; i++)
    g_assert_nonnull (gtk_picture_get_paintable (pictures->pdata[i]));
  for (guint i = 0; i < n; i++)
    {
      GtkCheckButton *check = veil_faces_video_dialog_get_hide_check (dialog, i);

      g_assert_true (g_ptr_array_find (checks, check, NULL));
      g_assert_true (gtk_check_button_get_active (check));
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (check)));
    }
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "video.protect"));

  /* Nobody ticked: nothing to protect. */
  for (guint i = 0; i < n; i++)
    gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, i), FALSE);
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "video.protect"));
  for (guint i = 0; i < n; i++)
    gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, i), TRUE);

  /* The last person agreed to be shown. */
  kept = n;
  gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, n - 1), FALSE);
  g_signal_connect (dialog, "protected", G_CALLBACK (on_protected), &signalled);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "video.protect", NULL);
  g_assert_true (veil_faces_video_dialog_get_busy (dialog));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));

  expected = g_build_filename (fx->dir, "cleaned", CLIP, NULL);
  g_assert_cmpstr (veil_faces_video_dialog_get_output (dialog), ==, expected);
  g_assert_cmpstr (signalled, ==, expected);
  g_assert_cmpint (g_stat (expected, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  hidden = veil_faces_video_dialog_get_hidden_people (dialog, &n_hidden);
  g_assert_cmpuint (n_hidden, ==, n - 1);
  for (guint i = 0; i < n_hidden; i++)
    {
      g_assert_cmpuint (hidden[i], >=, 1);
      g_assert_cmpuint (hidden[i], <, kept);
    }
  /* Only the copy in cleaned/: the unnamed file was named, nothing else. */
  {
    g_autofree char *out_dir = g_build_filename (fx->dir, "cleaned", NULL);
    g_assert_cmpuint (n_files_in (out_dir), ==, 1);
  }

  /* Protect again, with the last person hidden too and the first shown:
   * the new protected copy replaces the earlier one. */
  gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, n - 1), TRUE);
  gtk_check_button_set_active (veil_faces_video_dialog_get_hide_check (dialog, 0), FALSE);
  g_clear_pointer (&signalled, g_free);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "video.protect", NULL);
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));
  g_assert_cmpstr (signalled, ==, expected);
  hidden = veil_faces_video_dialog_get_hidden_people (dialog, &n_hidden);
  g_assert_cmpuint (n_hidden, ==, n - 1);
  g_assert_cmpuint (hidden[0], ==, 2);
  g_assert_cmpuint (hidden[n_hidden - 1], ==, n);

  /* The copy is what the Photos row shows for the video. */
  file = g_file_new_for_path (fx->clip);
  item = veil_photo_item_new (file, NULL);
  veil_photo_item_set_protected (item, signalled);
  g_assert_true (veil_photo_item_get_protected (item));
  g_assert_cmpstr (veil_photo_item_get_cleaned_path (item), ==, expected);

  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* Cancel while the copy is written leaves nothing behind. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *out_dir = NULL;
  VeilFacesVideoDialog *dialog;

  if (skipped (fx))
    return;
  out_dir = g_build_filename (fx->dir, "cleaned", NULL);
  dialog = open_dialog (fx->clip);
  g_assert_cmpstr (veil_faces_video_dialog_get_page (dialog), ==, "people");
  veil_faces_video_dialog_set_action (dialog, VEIL_FACE_BLUR);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "video.protect", NULL);
  g_assert_true (veil_faces_video_dialog_get_busy (dialog));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "video.cancel"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "video.cancel", NULL);
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 120));

  g_assert_null (veil_faces_video_dialog_get_output (dialog));
  g_assert_cmpuint (n_files_in (out_dir), ==, 0);
  g_assert_cmpuint (n_files_in (fx->dir), ==, 1);   /* the clip, nothing else */
  /* The people are still there to try again. */
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "video.protect"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* A damaged file: a sentence that names it; a clip with nobody in it: said
 * plainly, and nothing to protect. */
static void
test_error_and_nobody (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *bad = NULL;
  g_autofree char *empty_clip = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  VeilFacesVideoDialog *dialog;
  gboolean named = FALSE;

  if (skipped (fx))
    return;
  /* The clip cut off in the middle of its header. */
  bad = g_build_filename (fx->dir, "cut.mp4", NULL);
  {
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (fx->clip, &bytes, &len, NULL));
    g_assert_true (g_file_set_contents (bad, bytes, MIN (len, 600), NULL));
  }
  dialog = open_dialog (bad);
  g_assert_cmpstr (veil_faces_video_dialog_get_page (dialog), ==, "error");
  pages = veil_ui_find_all (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE);
  for (guint i = 0; i < pages->len; i++)
    {
      const char *description = adw_status_page_get_description (pages->pdata[i]);

      if (gtk_widget_get_mapped (pages->pdata[i]) && description != NULL && strstr (description, "cut.mp4") != NULL)
        named = TRUE;
    }
  g_assert_true (named);
  g_assert_false (gtk_widget_get_visible (veil_ui_find_button (GTK_WIDGET (dialog), _("_Protect"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();

  /* Two seconds of grey, with sound. */
  empty_clip = g_build_filename (fx->dir, "grey.mp4", NULL);
  {
    const char *argv[] = { "ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                           "color=c=gray:s=320x240:d=2:r=15", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                           empty_clip, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
      {
        g_test_message ("ffmpeg could not make a clip without faces; that part is not tested");
        return;
      }
  }
  dialog = open_dialog (empty_clip);
  g_assert_cmpstr (veil_faces_video_dialog_get_page (dialog), ==, "none");
  g_assert_cmpuint (veil_faces_video_dialog_get_n_people (dialog), ==, 0);
  g_assert_false (gtk_widget_get_visible (veil_ui_find_button (GTK_WIDGET (dialog), _("_Protect"))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* At 600 px the grid reflows into fewer columns, never wider than the
 * window. */
static void
test_narrow (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) grids = NULL;
  VeilFacesVideoDialog *dialog;

  if (skipped (fx))
    return;
  dialog = open_dialog_at (fx->clip, 600);
  grids = veil_ui_find_all (GTK_WIDGET (dialog), GTK_TYPE_FLOW_BOX);
  g_assert_cmpuint (grids->len, ==, 1);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 600);
  g_assert_cmpint (gtk_widget_get_width (grids->pdata[0]), <=, 600);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (veil_faces_video_dialog_get_hide_check (dialog, 0))));
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!veil_ui_test_have_display ())
    return 0;

  veil_ui_test_init_locale ();
  app = veil_ui_test_init_app (&argc, &argv);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/faces-video/details-button", test_details_button);
  ADD ("/faces-video/grid-and-protect", test_grid_and_protect);
  ADD ("/faces-video/cancel", test_cancel);
  ADD ("/faces-video/error-and-nobody", test_error_and_nobody);
  ADD ("/faces-video/narrow", test_narrow);
#undef ADD

  status = g_test_run ();
  g_free (clip_dir);
  g_object_unref (app);
  return status;
}
