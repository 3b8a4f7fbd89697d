/* test-faces.c: the "Protect Faces" window, in process, under Xvfb.
 *
 * The picture is tests/data/vision/synthetic-faces.png: two drawn faces
 * (no real person) that the shipped detector finds. Without a recognition
 * model the window offers one and blur still works; the blurred copy is
 * compared pixel by pixel with the original. When ../shared has the
 * embedding model, a short low-strength cloak is run and its check shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-faces"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-application.h"
#include "veil-faces-dialog.h"
#include "veil-faces-view.h"
#include "veil-photo-details.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page.h"
#include "veil-test-utils.h"
#include "veil-ui-test-utils.h"
#include "veil-window.h"
#include "veil-cloak.h"
#include "veil-faces-views.h"
#include "veil-models.h"

#define PICTURE "synthetic-faces.png"

static GtkApplication *app;

/* Helpers --------------------------------------------------------------- */

/* A fresh folder with a copy of the picture; models come from an empty
 * folder of their own unless the test puts one there. */
typedef struct {
  char *dir;
  char *models;
  char *picture;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *src = veil_test_data_path ("vision/" PICTURE);

  fx->dir = veil_test_mkdtemp ();
  fx->models = g_build_filename (fx->dir, "models", NULL);
  g_assert_cmpint (g_mkdir (fx->models, 0700), ==, 0);
  g_setenv ("VEIL_MODELS_DIR", fx->models, TRUE);
  /* as an installation without the shipped model: the window must still
   * offer a model and blur without one */
  g_setenv ("VEIL_SHIPPED_MODEL", "", TRUE);
  fx->picture = g_build_filename (fx->dir, PICTURE, NULL);
  veil_ui_copy_file (src, fx->picture);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  veil_test_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->models);
  g_free (fx->picture);
}

static gboolean
page_idle (gpointer data)
{
  return !veil_photos_page_get_busy (VEIL_PHOTOS_PAGE (data));
}

static gboolean
dialog_idle (gpointer data)
{
  return !veil_faces_dialog_get_busy (VEIL_FACES_DIALOG (data));
}

static VeilFacesDialog *
open_dialog (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VeilFacesDialog *dialog = veil_faces_dialog_new (NULL, file);

  gtk_window_set_default_size (GTK_WINDOW (dialog), 1060, 720);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 30));
  veil_ui_settle (GTK_WIDGET (dialog));
  return dialog;
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *name)
{
  /* The button bound to the action follows its enabled state. */
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), name) == 0)
      return gtk_widget_get_sensitive (buttons->pdata[i]);
  g_assert_not_reached ();
}

/* The faces as the engine itself finds them: the oracle for the boxes. */
static GArray *
detect (const VeilImage *image)
{
  g_autofree char *det_path = veil_cloak_default_detector_path ();
  g_autoptr(VeilFaceDetector) det = NULL;
  g_autoptr(GError) error = NULL;
  GArray *faces;

  g_assert_nonnull (det_path);
  det = veil_face_detector_new (det_path, 0.7f, &error);
  g_assert_no_error (error);
  faces = veil_face_detector_detect (det, image, &error);
  g_assert_no_error (error);
  return faces;
}

static gboolean
pixel_differs (const VeilImage *a,
               const VeilImage *b,
               int              x,
               int              y)
{
  return memcmp (a->data + (gsize) y * a->stride + 3 * x, b->data + (gsize) y * b->stride + 3 * x, 3) != 0;
}

static gboolean
face_2_left (gpointer data)
{
  return !veil_faces_view_get_selected (VEIL_FACES_VIEW (data), 1);
}

/* Tests ----------------------------------------------------------------- */

/* The Photos details offer "Protect Faces…" for a PNG, and it opens the
 * window modal to the main window. */
static void
test_details_button (Fixture       *fx,
                     gconstpointer  data)
{
  VeilWindow *window = veil_window_new (ADW_APPLICATION (app));
  VeilPhotosPage *page = veil_window_get_photos_page (window);
  g_autoptr(GFile) file = g_file_new_for_path (fx->picture);
  g_autoptr(GPtrArray) details = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *faces_button = NULL;
  GtkWindow *dialog;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  veil_window_open_files (window, &file, 1);
  veil_ui_wait_routed (window);
  g_assert_true (veil_ui_wait_for_seconds (page_idle, page, 30));
  veil_ui_settle (GTK_WIDGET (window));

  details = veil_ui_find_all (GTK_WIDGET (window), VEIL_TYPE_PHOTO_DETAILS);
  g_assert_cmpuint (details->len, ==, 1);
  buttons = veil_ui_find_all (details->pdata[0], GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), _("Protect _Faces…")) == 0)
      faces_button = buttons->pdata[i];
  g_assert_nonnull (faces_button);
  g_assert_true (gtk_widget_get_visible (faces_button));

  g_signal_emit_by_name (faces_button, "clicked");
  dialog = veil_ui_find_toplevel (VEIL_TYPE_FACES_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 30));
  g_assert_cmpstr (veil_faces_dialog_get_page (VEIL_FACES_DIALOG (dialog)), ==, "faces");

  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  veil_ui_drain ();
}

/* Boxes for both faces, selectable with the mouse and the keyboard; with no
 * model the window offers one and refuses to cloak; blur of one face
 * changes the picture only around that face. */
static void
test_boxes_and_blur (Fixture       *fx,
                     gconstpointer  data)
{
  VeilFacesDialog *dialog = open_dialog (fx->picture);
  VeilFacesView *view = veil_faces_dialog_get_view (dialog);
  g_autoptr(GPtrArray) combos = NULL;
  g_autoptr(VeilImage) before = NULL;
  g_autoptr(VeilImage) after = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (fx->dir, "cleaned", PICTURE, NULL);
  GtkWidget *b0, *b1;
  graphene_rect_t r0, r1;
  GPtrArray *rows;
  guint inside = 0, outside = 0;
  const VeilFace *f;

  g_assert_cmpstr (veil_faces_dialog_get_page (dialog), ==, "faces");
  g_assert_null (veil_faces_dialog_get_model (dialog));
  g_assert_cmpuint (veil_faces_dialog_get_n_faces (dialog), ==, 2);
  g_assert_cmpuint (veil_faces_view_get_n_faces (view), ==, 2);

  /* Each face is a box on the picture: the larger face (1) on the left. */
  b0 = veil_faces_view_get_face_button (view, 0);
  b1 = veil_faces_view_get_face_button (view, 1);
  g_assert_true (gtk_widget_get_mapped (b0) && gtk_widget_get_mapped (b1));
  g_assert_true (gtk_widget_compute_bounds (b0, GTK_WIDGET (view), &r0));
  g_assert_true (gtk_widget_compute_bounds (b1, GTK_WIDGET (view), &r1));
  g_assert_cmpfloat (r0.size.width, >, 40);
  g_assert_cmpfloat (r0.origin.x + r0.size.width, <, r1.origin.x);
  g_assert_cmpfloat (r0.size.width * r0.size.height, >, r1.size.width * r1.size.height);
  /* GTK 4.8 exposes a toggle as a button with a "pressed" state. */
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (b0), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (b0), GTK_ACCESSIBLE_STATE_PRESSED, GTK_ACCESSIBLE_TRISTATE_TRUE);

  /* Cloak for all by default: both selected; without a model Protect is off
   * and the window offers a download, a file and blur. */
  g_assert_true (veil_faces_view_get_selected (view, 0) && veil_faces_view_get_selected (view, 1));
  g_assert_cmpint (veil_faces_dialog_get_plan (dialog, 0), ==, VEIL_FACE_PLAN_CLOAK);
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "faces.protect"));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.download-model"));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.choose-model"));

  /* Keyboard: the boxes take focus; Space (activate) deselects face 2. */
  g_assert_true (gtk_widget_get_focusable (b1) || gtk_widget_get_can_focus (b1));
  gtk_widget_grab_focus (b1);
  g_assert_true (gtk_widget_has_focus (b1));
  /* A button's keyboard activation releases after a short delay. */
  gtk_widget_activate (b1);
  g_assert_true (veil_ui_wait_for_seconds (face_2_left, view, 5));
  g_assert_cmpint (veil_faces_dialog_get_plan (dialog, 1), ==, VEIL_FACE_PLAN_LEAVE);
  /* and the face's row follows */
  combos = veil_ui_find_all (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_cmpuint (combos->len, ==, 2);
  g_assert_cmpuint (adw_combo_row_get_selected (combos->pdata[1]), ==, 2);

  /* Face 1 to Blur through its row: no model needed any more. */
  adw_combo_row_set_selected (combos->pdata[0], 1);
  g_assert_cmpint (veil_faces_dialog_get_plan (dialog, 0), ==, VEIL_FACE_PLAN_BLUR);
  g_assert_true (veil_faces_view_get_selected (view, 0));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.protect"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.protect", NULL);
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 60));
  veil_ui_settle (GTK_WIDGET (dialog));

  /* Written beside the original, in "cleaned" (where cleaned copies go), as PNG. */
  g_assert_cmpstr (veil_faces_dialog_get_output (dialog), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  rows = veil_faces_dialog_get_result_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (rows->pdata[0]));

  /* Pixels: changed inside face 1's head area, identical everywhere else
   * (face 2 included). The engine blurs the box widened by 15 % and 20 %. */
  before = veil_cv_image_load (fx->picture, &error);
  g_assert_no_error (error);
  after = veil_cv_image_load (expected, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->width, ==, after->width);
  g_assert_cmpint (before->height, ==, after->height);
  faces = detect (before);
  g_assert_cmpuint (faces->len, ==, 2);
  f = &g_array_index (faces, VeilFace, 0);
  for (int y = 0; y < before->height; y++)
    for (int x = 0; x < before->width; x++)
      {
        gboolean in = x >= f->x - 0.15f * f->width - 2 && x <= f->x + 1.15f * f->width + 2 &&
                      y >= f->y - 0.2f * f->height - 2 && y <= f->y + 1.2f * f->height + 2;
        if (pixel_differs (before, after, x, y))
          {
            if (in)
              inside++;
            else
              outside++;
          }
      }
  g_assert_cmpuint (outside, ==, 0);
  g_assert_cmpuint (inside, >, (guint) (f->width * f->height / 4));

  /* The comparison: the original left of a line through the blurred face. */
  g_assert_cmpfloat_with_epsilon (veil_faces_view_get_split (view), (f->x + f->width / 2) / before->width, 0.01);

  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* Pictures the window cannot help with say so. */
static void
test_no_face_and_bad_file (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *shapes = veil_test_data_path ("vision/shapes.png");
  g_autofree char *bad = veil_test_data_path ("vision/truncated.png");
  VeilFacesDialog *dialog;

  dialog = open_dialog (shapes);
  g_assert_cmpstr (veil_faces_dialog_get_page (dialog), ==, "none");
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "faces.protect"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = open_dialog (bad);
  g_assert_cmpstr (veil_faces_dialog_get_page (dialog), ==, "error");
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "faces.protect"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* A model file the person picks is checked before Veil keeps it. */
static void
test_add_model (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *model = veil_test_shared_path ("models/mobilefacenet_relu6.onnx");
  g_autofree char *bad = veil_test_data_path ("vision/shapes.png");
  g_autofree char *added = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  GStatBuf st;

  g_assert_null (veil_faces_add_model (bad, NULL, &error));
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
  g_clear_error (&error);
  names = veil_test_list_dir (fx->models);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  if (model == NULL)
    return;  /* skipped by veil_test_shared_path */

  added = veil_faces_add_model (model, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (added, fx->models));
  g_assert_cmpint (g_stat (added, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  found = veil_faces_find_model ();
  g_assert_cmpstr (found, ==, added);
}

static gboolean
have_model (Fixture *fx)
{
  g_autofree char *model = veil_test_shared_path ("models/mobilefacenet_relu6.onnx");
  g_autofree char *link = NULL;

  if (model == NULL)
    return FALSE;
  /* A link: the model is never copied into the tree or the fixture. */
  link = g_build_filename (fx->models, "mobilefacenet_relu6.onnx", NULL);
  g_assert_cmpint (symlink (model, link), ==, 0);
  return TRUE;
}

/* With the model: a short low-strength cloak of face 1 and its check. */
static void
test_cloak_check (Fixture       *fx,
                  gconstpointer  data)
{
  VeilFacesDialog *dialog;
  GPtrArray *rows;
  const char *subtitle;

  if (!have_model (fx))
    return;
  dialog = open_dialog (fx->picture);
  g_assert_nonnull (veil_faces_dialog_get_model (dialog));
  veil_faces_dialog_set_plan (dialog, 1, VEIL_FACE_PLAN_LEAVE);
  veil_faces_dialog_set_strength (dialog, VEIL_CLOAK_LOW);
  veil_faces_dialog_set_steps (dialog, 3);
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.protect"));

  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.protect", NULL);
  g_assert_true (veil_faces_dialog_get_busy (dialog));
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 240));
  veil_ui_settle (GTK_WIDGET (dialog));

  g_assert_nonnull (veil_faces_dialog_get_output (dialog));
  rows = veil_faces_dialog_get_result_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (rows->pdata[0]));
  subtitle = adw_action_row_get_subtitle (rows->pdata[0]);
  g_assert_nonnull (strstr (subtitle, "Similarity to the original") != NULL ? subtitle
                                                                            : strstr (subtitle, "No face is detected"));
  g_assert_nonnull (strstr (subtitle, "JPEG"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* Cancel stops a cloak and leaves nothing behind. */
static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *out_dir = g_build_filename (fx->dir, "cleaned", NULL);
  g_auto(GStrv) names = NULL;
  VeilFacesDialog *dialog;

  if (!have_model (fx))
    return;
  dialog = open_dialog (fx->picture);
  veil_faces_dialog_set_steps (dialog, 500);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.protect", NULL);
  g_assert_true (veil_faces_dialog_get_busy (dialog));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.cancel"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.cancel", NULL);
  g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 120));

  g_assert_null (veil_faces_dialog_get_output (dialog));
  if (g_file_test (out_dir, G_FILE_TEST_IS_DIR))
    {
      names = veil_test_list_dir (out_dir);
      g_assert_cmpuint (g_strv_length (names), ==, 0);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* The model row, found by its title. */
static AdwActionRow *
model_row (VeilFacesDialog *dialog)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_has_prefix (adw_preferences_row_get_title (rows->pdata[i]), "Ready: "))
      return rows->pdata[i];
  g_assert_not_reached ();
}

static GtkCheckButton *
hold_back_check (VeilFacesDialog *dialog)
{
  g_autoptr(GPtrArray) rows = veil_ui_find_all (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "Check With the Added Model Only") == 0)
      {
        g_autoptr(GPtrArray) checks = veil_ui_find_all (rows->pdata[i], GTK_TYPE_CHECK_BUTTON);
        return checks->pdata[0];
      }
  g_assert_not_reached ();
}

#define assert_has(text, part) G_STMT_START { \
    if (strstr ((text), (part)) == NULL) \
      g_error ("“%s” lacks “%s”", (text), (part)); \
  } G_STMT_END
#define assert_lacks(text, part) G_STMT_START { \
    if (strstr ((text), (part)) != NULL) \
      g_error ("“%s” has “%s”", (text), (part)); \
  } G_STMT_END

/* The shipped model in the real installation's place, as a fresh install
 * has it. */
static char *
use_shipped_model (void)
{
  g_unsetenv ("VEIL_SHIPPED_MODEL");
  return veil_models_shipped_path ();
}

/* The model row says what is true in each case (issues 17 and 18): the
 * shipped model needs no download; only a model whose bytes are the
 * listed file's is called downloaded; anything else was added from a
 * file; with two models it says which make the cloak and which checks. */
static void
test_model_row (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *shipped = use_shipped_model ();
  g_autofree char *listed = g_build_filename (fx->models, "mobilefacenet_upstream.onnx", NULL);
  g_autofree char *mine = g_build_filename (fx->models, "my-model.onnx", NULL);
  g_autofree char *upstream = veil_test_shared_path ("models/mobilefacenet_upstream.onnx");
  VeilFacesDialog *dialog;
  const char *text;

  g_assert_nonnull (shipped);

  /* Only the shipped model. */
  dialog = open_dialog (fx->picture);
  g_assert_cmpstr (veil_faces_dialog_get_model (dialog), ==, shipped);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (model_row (dialog))), ==,
                   "Ready: Veil’s own model");
  text = adw_action_row_get_subtitle (model_row (dialog));
  assert_has (text, "faceplugin");
  assert_has (text, "MIT");
  assert_has (text, "comes with Veil");
  assert_has (text, "nothing to download");
  assert_lacks (text, "downloaded from");
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();

  /* A file with the listed name but not the listed bytes: added. */
  g_assert_cmpint (symlink (shipped, listed), ==, 0);
  dialog = open_dialog (fx->picture);
  g_assert_cmpstr (veil_faces_dialog_get_model (dialog), ==, listed);
  text = adw_action_row_get_subtitle (model_row (dialog));
  assert_has (text, "mobilefacenet_upstream.onnx, added from a file");
  assert_lacks (text, "downloaded from");
  assert_lacks (text, "download it");
  assert_has (text, "made with both models at once: mobilefacenet_upstream.onnx and Veil’s own model");
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
  g_assert_cmpint (g_unlink (listed), ==, 0);

  /* Any other model file: added, and held back for the check on request. */
  g_assert_cmpint (symlink (shipped, mine), ==, 0);
  dialog = open_dialog (fx->picture);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (model_row (dialog))), ==,
                   "Ready: my-model.onnx and Veil’s own model");
  text = adw_action_row_get_subtitle (model_row (dialog));
  assert_has (text, "my-model.onnx, added from a file");
  assert_has (text, "Veil’s own model (faceplugin face recognition, MIT licence) comes with Veil");
  assert_has (text, "made with both models");
  gtk_check_button_set_active (hold_back_check (dialog), TRUE);
  text = adw_action_row_get_subtitle (model_row (dialog));
  assert_has (text, "made with Veil’s own model only; my-model.onnx is held back to check it");
  assert_lacks (text, "both models");
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
  g_assert_cmpint (g_unlink (mine), ==, 0);

  /* The listed model itself (from ../shared): downloaded. */
  if (upstream == NULL)
    return;  /* skipped by veil_test_shared_path */
  g_assert_cmpint (symlink (upstream, listed), ==, 0);
  dialog = open_dialog (fx->picture);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (model_row (dialog))), ==,
                   "Ready: mobilefacenet and Veil’s own model");
  text = adw_action_row_get_subtitle (model_row (dialog));
  assert_has (text, "mobilefacenet, downloaded from its author’s address (raw.githubusercontent.com)");
  assert_has (text, "Licence: None declared by its author.");
  assert_lacks (text, "added from a file");
  assert_has (text, "made with both models at once: mobilefacenet and Veil’s own model");
  gtk_check_button_set_active (hold_back_check (dialog), TRUE);
  assert_has (adw_action_row_get_subtitle (model_row (dialog)), "mobilefacenet is held back to check it");
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

static gboolean
preview_idle (gpointer data)
{
  return !veil_faces_dialog_get_previewing (VEIL_FACES_DIALOG (data));
}

/* Pixel bytes of a texture, B8G8R8A8 premultiplied, for comparing. */
static GBytes *
texture_bytes (GdkPaintable *paintable)
{
  GdkTexture *texture = GDK_TEXTURE (paintable);
  gsize stride = 4 * (gsize) gdk_texture_get_width (texture);
  guchar *data = g_malloc (stride * gdk_texture_get_height (texture));

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, stride * gdk_texture_get_height (texture));
}

/* The preview (issue 18): a few steps on the largest face, before and
 * after side by side; made again when the strength changes while it
 * runs; cancelled with the window. */
static void
test_preview (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *shipped = use_shipped_model ();
  g_autoptr(GBytes) before = NULL, after = NULL;
  VeilFacesDialog *dialog;
  GdkPaintable *picture;

  dialog = open_dialog (fx->picture);
  g_assert_null (veil_faces_dialog_get_preview (dialog, FALSE));
  veil_faces_dialog_set_preview_steps (dialog, 2);
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "faces.preview"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.preview", NULL);
  g_assert_true (veil_faces_dialog_get_previewing (dialog));
  /* A change while it runs: the running one stops, one at the new strength follows. */
  veil_faces_dialog_set_strength (dialog, VEIL_CLOAK_HIGH);
  g_assert_true (veil_faces_dialog_get_previewing (dialog));
  g_assert_true (veil_ui_wait_for_seconds (preview_idle, dialog, 120));
  veil_ui_settle (GTK_WIDGET (dialog));

  picture = veil_faces_dialog_get_preview (dialog, FALSE);
  g_assert_nonnull (picture);
  g_assert_nonnull (veil_faces_dialog_get_preview (dialog, TRUE));
  /* the largest face at full size, both the same size */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (picture), >=, 100);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (picture), ==,
                   gdk_paintable_get_intrinsic_width (veil_faces_dialog_get_preview (dialog, TRUE)));
  before = texture_bytes (picture);
  after = texture_bytes (veil_faces_dialog_get_preview (dialog, TRUE));
  g_assert_false (g_bytes_equal (before, after));

  /* closing while one runs cancels it */
  veil_faces_dialog_set_preview_steps (dialog, 30);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.preview", NULL);
  g_assert_true (veil_faces_dialog_get_previewing (dialog));
  g_object_ref (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (veil_ui_wait_for_seconds (preview_idle, dialog, 30));
  g_object_unref (dialog);
  veil_ui_drain ();
}

static gboolean
time_passed (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

/* Screenshot: only with VEIL_SHOT_OUT (scripts/screenshot-faces.sh). With
 * the shipped model, as a fresh install has it, face 1 is cloaked at the
 * default strength and face 2 blurred; with VEIL_SHOT_NO_MODEL both are
 * blurred. VEIL_SHOT_STAGE=before shows the
 * window before Protect; VEIL_SHOT_STAGE=preview the quick preview, with
 * the shipped model, in a taller window. */
static void
test_screenshot (Fixture       *fx,
                 gconstpointer  data)
{
  const char *out = g_getenv ("VEIL_SHOT_OUT");
  const char *steps = g_getenv ("VEIL_SHOT_STEPS");
  gboolean before = g_strcmp0 (g_getenv ("VEIL_SHOT_STAGE"), "before") == 0;
  gboolean preview = g_strcmp0 (g_getenv ("VEIL_SHOT_STAGE"), "preview") == 0;
  VeilFacesDialog *dialog;
  gboolean model;
  gint64 end;
  int width, height;

  if (out == NULL)
    {
      g_test_skip ("set VEIL_SHOT_OUT to take a screenshot");
      return;
    }
  /* The model a fresh install has: the shipped one. */
  g_free (use_shipped_model ());
  model = g_getenv ("VEIL_SHOT_NO_MODEL") == NULL;
  dialog = open_dialog (fx->picture);
  if (preview)
    {
      /* the quick preview of the largest face, at the default strength */
      gtk_window_set_default_size (GTK_WINDOW (dialog), 1060, 1180);
      gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.preview", NULL);
      g_assert_true (veil_ui_wait_for_seconds (preview_idle, dialog, 120));
      veil_ui_settle (GTK_WIDGET (dialog));
      {
        /* the side panel scrolled down to the preview */
        g_autoptr(GPtrArray) pictures = veil_ui_find_all (GTK_WIDGET (dialog), GTK_TYPE_PICTURE);
        GdkPaintable *after = veil_faces_dialog_get_preview (dialog, TRUE);
        g_autofree char *stem = g_strndup (out, strlen (out) - (g_str_has_suffix (out, ".png") ? 4 : 0));
        g_autofree char *before_png = g_strconcat (stem, "-face-before.png", NULL);
        g_autofree char *after_png = g_strconcat (stem, "-face-after.png", NULL);

        /* the two crops at 1:1 beside the shot, to look at closely */
        g_assert_true (gdk_texture_save_to_png (GDK_TEXTURE (veil_faces_dialog_get_preview (dialog, FALSE)), before_png));
        g_assert_true (gdk_texture_save_to_png (GDK_TEXTURE (after), after_png));

        for (guint i = 0; i < pictures->len; i++)
          if (gtk_picture_get_paintable (pictures->pdata[i]) == after)
            {
              GtkWidget *scrolled = gtk_widget_get_ancestor (pictures->pdata[i], GTK_TYPE_SCROLLED_WINDOW);
              GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
              gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
            }
      }
    }
  else if (!before)
    {
      veil_faces_dialog_set_plan (dialog, 0, model ? VEIL_FACE_PLAN_CLOAK : VEIL_FACE_PLAN_BLUR);
      veil_faces_dialog_set_plan (dialog, 1, VEIL_FACE_PLAN_BLUR);
      veil_faces_dialog_set_strength (dialog, VEIL_CLOAK_DEFAULT);
      if (steps != NULL)
        veil_faces_dialog_set_steps (dialog, (guint) g_ascii_strtoull (steps, NULL, 10));
      gtk_widget_activate_action (GTK_WIDGET (dialog), "faces.protect", NULL);
      g_assert_true (veil_ui_wait_for_seconds (dialog_idle, dialog, 600));
    }
  /* Past the page's crossfade. */
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  veil_ui_wait_for_seconds (time_passed, &end, 2);
  veil_ui_settle (GTK_WIDGET (dialog));

  width = gtk_widget_get_width (GTK_WIDGET (dialog));
  height = gtk_widget_get_height (GTK_WIDGET (dialog));
  veil_ui_save_png (GTK_WIDGET (dialog), width, height, out);
  gtk_window_destroy (GTK_WINDOW (dialog));
  veil_ui_drain ();
}

/* Once Protect Faces wrote a copy, that copy is the photo's cleaned copy:
 * the row says so, and Clean All no longer offers the photo (it would write
 * the unprotected face into the same folder). */
static void
test_protected_is_cleaned (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fx->picture);
  g_autoptr(VeilPhotoItem) item = veil_photo_item_new (file, NULL);
  g_autofree char *copy = g_build_filename (fx->dir, "cleaned", PICTURE, NULL);
  g_autofree char *badge = NULL;

  veil_photo_item_set_protected (item, copy);
  g_assert_true (veil_photo_item_get_protected (item));
  g_assert_cmpint (veil_photo_item_get_state (item), ==, VEIL_PHOTO_STATE_CLEANED);
  g_assert_cmpstr (veil_photo_item_get_cleaned_path (item), ==, copy);
  g_assert_false (veil_photo_item_get_can_clean (item));
  badge = veil_photo_state_badge (item);
  g_assert_cmpstr (badge, ==, "Protected");
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
  ADD ("/faces/details-button", test_details_button);
  ADD ("/faces/boxes-and-blur", test_boxes_and_blur);
  ADD ("/faces/no-face-and-bad-file", test_no_face_and_bad_file);
  ADD ("/faces/add-model", test_add_model);
  ADD ("/faces/cloak-check", test_cloak_check);
  ADD ("/faces/cancel", test_cancel);
  ADD ("/faces/model-row", test_model_row);
  ADD ("/faces/preview", test_preview);
  ADD ("/faces/screenshot", test_screenshot);
  ADD ("/faces/protected-is-cleaned", test_protected_is_cleaned);
#undef ADD

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
