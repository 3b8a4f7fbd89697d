/* veil-faces-dialog.c: the "Protect Faces" window for one photo.
 *
 * The photo is decoded and its faces found off the main thread; the window
 * shows them as boxes over the photo (VeilFacesView) and as rows with a
 * method each (Cloak, Blur, Leave). Protect runs the engine in a GTask with
 * progress and Cancel, writes the copy where the Photos setting says, and
 * then shows a before/after split and the engine's check of each face.
 * First use without a face-recognition model is handled here too: cloaking
 * needs one, blur does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "veil-drag-source.h"
#include "veil-page-util.h"
#include "veil-faces-dialog-private.h"
#include "veil-progress.h"
#include "veil-settings.h"

#include "veil-file-walker.h"   /* VEIL_CLEANED_DIR */

enum { SIGNAL_PROTECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The order of the choices in each face's row. */
static const VeilFacePlan row_plans[] = { VEIL_FACE_PLAN_CLOAK, VEIL_FACE_PLAN_BLUR, VEIL_FACE_PLAN_LEAVE };


G_DEFINE_FINAL_TYPE (VeilFacesDialog, veil_faces_dialog, ADW_TYPE_WINDOW)


void
_veil_faces_dialog_toast (VeilFacesDialog *self,
       const char      *title)
{
  AdwToast *t = adw_toast_new (title);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

VeilFacePlan
_veil_faces_dialog_plan_at (VeilFacesDialog *self,
         guint            index)
{
  return g_array_index (self->plans, VeilFacePlan, index);
}

gboolean
_veil_faces_dialog_any_plan (VeilFacesDialog *self,
          VeilFacePlan     plan)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    if (_veil_faces_dialog_plan_at (self, i) == plan)
      return TRUE;
  return FALSE;
}

static gboolean
any_protected (VeilFacesDialog *self)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    if (_veil_faces_dialog_plan_at (self, i) != VEIL_FACE_PLAN_LEAVE)
      return TRUE;
  return FALSE;
}

/* Words for where a face is, so rows and boxes can be matched up by people
 * who cannot see the numbers. */
static const char *
face_position (VeilFacesDialog *self,
               guint            index)
{
  const VeilFace *f = &g_array_index (self->faces, VeilFace, index);
  double cx = (f->x + f->width / 2) / MAX (1, veil_faces_photo_get_width (self->photo));

  if (self->faces->len == 1)
    return _("The only face found");
  if (cx < 1.0 / 3)
    return _("On the left");
  if (cx > 2.0 / 3)
    return _("On the right");
  return _("In the middle");
}

static const char *
plan_name (VeilFacePlan plan)
{
  switch (plan)
    {
    case VEIL_FACE_PLAN_CLOAK:
      return _("Cloak");
    case VEIL_FACE_PLAN_BLUR:
      return _("Blur");
    case VEIL_FACE_PLAN_PIXELATE:
      return _("Pixelate");
    case VEIL_FACE_PLAN_LEAVE:
    default:
      return _("Leave as it is");
    }
}

static void
update_face_label (VeilFacesDialog *self,
                   guint            index)
{
  /* Translators: what a screen reader says for a face box: "Face 1, On the
   * left: Cloak". */
  g_autofree char *label = g_strdup_printf (_("Face %u, %s: %s"), index + 1, face_position (self, index),
                                            plan_name (_veil_faces_dialog_plan_at (self, index)));

  veil_faces_view_set_face_label (self->view, index, label);
}

void
_veil_faces_dialog_set_plan (VeilFacesDialog *self,
          guint            index,
          VeilFacePlan     plan)
{
  AdwComboRow *row = g_ptr_array_index (self->face_rows, index);

  g_array_index (self->plans, VeilFacePlan, index) = plan;
  if (plan != VEIL_FACE_PLAN_LEAVE)
    g_array_index (self->last_method, VeilFacePlan, index) = plan;

  self->updating_rows = TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (row_plans); k++)
    if (row_plans[k] == plan)
      adw_combo_row_set_selected (row, k);
  self->updating_rows = FALSE;
  veil_faces_view_set_selected (self->view, index, plan != VEIL_FACE_PLAN_LEAVE);
  update_face_label (self, index);
  _veil_faces_dialog_update_actions (self);
}

static void
face_row_selected_cb (AdwComboRow     *row,
                      GParamSpec      *pspec,
                      VeilFacesDialog *self)
{
  guint index, selected;

  if (self->updating_rows || !g_ptr_array_find (self->face_rows, row, &index))
    return;
  selected = adw_combo_row_get_selected (row);
  if (selected < G_N_ELEMENTS (row_plans))
    _veil_faces_dialog_set_plan (self, index, row_plans[selected]);
}

static void
face_toggled_cb (VeilFacesView   *view,
                 guint            index,
                 gboolean         selected,
                 VeilFacesDialog *self)
{
  _veil_faces_dialog_set_plan (self, index, selected ? g_array_index (self->last_method, VeilFacePlan, index)
                                  : VEIL_FACE_PLAN_LEAVE);
}

static void
build_face_rows (VeilFacesDialog *self)
{
  for (guint i = 0; i < self->faces->len; i++)
    {
      const char *choices[] = { plan_name (row_plans[0]), plan_name (row_plans[1]), plan_name (row_plans[2]), NULL };
      g_autoptr(GtkStringList) model = gtk_string_list_new (choices);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *title = g_strdup_printf (_("Face %u"), i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), face_position (self, i));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
      g_signal_connect (row, "notify::selected", G_CALLBACK (face_row_selected_cb), self);
      adw_preferences_group_add (self->faces_group, row);
      g_ptr_array_add (self->face_rows, row);
    }
}

/* Strength -------------------------------------------------------------- */

static void
strength_toggled_cb (GtkCheckButton  *check,
                     VeilFacesDialog *self)
{
  if (!gtk_check_button_get_active (check))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->strength_checks); i++)
    if (self->strength_checks[i] == GTK_WIDGET (check))
      self->strength = (VeilCloakStrength) i;
  _veil_faces_dialog_preview_refresh (self);
}

static void
build_strength_rows (VeilFacesDialog *self)
{
  /* What each strength costs in visibility and what it bought in Veil's
   * measurement: the engine's own sentence, so the app and `veil cloak
   * --help` say the same thing. */
  const char *titles[] = { N_("Low"), N_("Default"), N_("High") };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      const char *subtitle = veil_cloak_strength_describe ((VeilCloakStrength) i);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(titles[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (self->strength_checks[0]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (VeilCloakStrength) i == self->strength);
      g_signal_connect (check, "toggled", G_CALLBACK (strength_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->strength_group, row);
      self->strength_checks[i] = check;
    }
  {
    /* The honest estimate: a model the cloak was not made with. Offered
     * when the person added a model beside the shipped one. */
    GtkWidget *row = adw_action_row_new ();
    self->hold_back_check = gtk_check_button_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Check With the Added Model Only"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                 _("Make the cloak with Veil’s own model and test it with the model you added, "
                                   "which has not seen it: a fairer estimate of how other systems will do."));
    adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
    gtk_widget_set_valign (self->hold_back_check, GTK_ALIGN_CENTER);
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), self->hold_back_check);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->hold_back_check);
    adw_preferences_group_add (self->strength_group, row);
    g_object_set_data (G_OBJECT (self->hold_back_check), "row", row);
    /* The model row says which models make the cloak and which checks it. */
    g_signal_connect_swapped (self->hold_back_check, "toggled", G_CALLBACK (_veil_faces_dialog_update_model), self);
  }
}

/* Results --------------------------------------------------------------- */

static void
clear_results (VeilFacesDialog *self)
{
  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->result_group, g_ptr_array_index (self->result_rows, i));
  g_ptr_array_set_size (self->result_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);
}

/* One plain sentence on the engine's check of one face. */
static char *
check_sentence (const VeilFaceResult *r,
                gboolean              jpeg)
{
  gboolean found = jpeg ? r->found_jpeg : r->found;
  float sim = jpeg ? r->similarity_jpeg : r->similarity;
  gboolean match = jpeg ? r->would_match_jpeg : r->would_match;

  if (!found)
    return g_strdup (jpeg ? _("After a JPEG re-save, as photo sites do: no face is detected there any more.")
                          : _("No face is detected there any more."));
  if (jpeg)
    return g_strdup_printf (match ? _("After a JPEG re-save, as photo sites do: %.2f, a matcher would still match it.")
                                  : _("After a JPEG re-save, as photo sites do: %.2f, a matcher would not match it."),
                            sim);
  /* Translators: the first number is a similarity between 0 and 1, the
   * second the threshold from which the model treats two faces as one
   * person. */
  return g_strdup_printf (match ? _("Similarity to the original %.2f: a matcher at threshold %.2f would still match this face.")
                                : _("Similarity to the original %.2f: a matcher at threshold %.2f would no longer match this face."),
                          sim, VEIL_MATCH_THRESHOLD);
}

static void
add_result_row (VeilFacesDialog      *self,
                const VeilFaceResult *r,
                VeilFacePlan          plan,
                gboolean              checked)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean matched;

  /* Translators: "Face 1: Cloak". */
  title = g_strdup_printf (_("Face %u: %s"), r->number, plan_name (plan));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (!checked)
    subtitle = g_strdup (plan == VEIL_FACE_PLAN_CLOAK ? _("Cloaked, not checked.")
                                                      : _("Blurred. Without a face-recognition model Veil cannot "
                                                          "check it, but the face is gone from the copy."));
  else
    {
      g_autofree char *now = check_sentence (r, FALSE);
      g_autofree char *resaved = check_sentence (r, TRUE);
      subtitle = g_strdup_printf ("%s\n%s", now, resaved);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 8);

  matched = checked && ((r->found && r->would_match) || (r->found_jpeg && r->would_match_jpeg));
  gtk_label_set_label (GTK_LABEL (badge), !checked ? (plan == VEIL_FACE_PLAN_CLOAK ? _("Not checked") : _("Blurred"))
                                          : matched ? _("Still matches") : _("No match"));
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, matched ? "warning" : !checked ? "kept" : "success");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  adw_preferences_group_add (self->result_group, row);
  g_ptr_array_add (self->result_rows, row);
}

static void
show_results (VeilFacesDialog    *self,
              VeilFacesProtected *done,
              const VeilFacePlan *plans)
{
  g_autofree char *name = g_filename_display_basename (done->dest_path);
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  gboolean cloaked = FALSE;

  clear_results (self);
  for (guint i = 0; i < done->results->len; i++)
    {
      const VeilFaceResult *r = &g_array_index (done->results, VeilFaceResult, i);
      if (!r->processed)
        continue;
      cloaked |= plans[i] == VEIL_FACE_PLAN_CLOAK;
      add_result_row (self, r, plans[i], done->checked);
    }
  /* Translators: %s is the file name of the protected copy. */
  title = g_strdup_printf (_("Saved as %s"), name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), title);
  adw_action_row_set_subtitle (self->saved_row, _("Without metadata. The original is as it was."));
  if (done->checked && cloaked)
    description = g_strdup (_("Checked with the same model the cloak was made against. This makes matching "
                              "by today’s recognition systems less likely; it is not a guarantee: other "
                              "or newer systems may still match."));
  else if (done->checked)
    description = g_strdup (_("Checked by looking for each face again and comparing it with the original."));
  adw_preferences_group_set_description (self->result_group, description);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
}

/* Protecting ------------------------------------------------------------ */

/* The copy has no metadata: it is the photo's cleaned copy, and the Photos
 * list takes it as such (see veil_faces_destination). */
static char *
destination (VeilFacesDialog *self)
{
  g_autofree char *name = veil_faces_output_name (self->path);

  return veil_faces_destination (self->settings, self->path, name);
}

/* The line of the comparison starts through the middle of the first face
 * that was changed, so both halves of that face are side by side. */
static double
first_protected_centre (VeilFacesDialog    *self,
                        const VeilFacePlan *plans)
{
  for (guint i = 0; plans != NULL && i < self->faces->len; i++)
    if (plans[i] != VEIL_FACE_PLAN_LEAVE)
      {
        const VeilFace *f = &g_array_index (self->faces, VeilFace, i);
        return CLAMP ((f->x + f->width / 2) / MAX (1, veil_faces_photo_get_width (self->photo)), 0.0, 1.0);
      }
  return 0.5;
}

static void
protect_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VeilFacesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFacesProtected) done = veil_faces_protect_finish (result, &error);
  const VeilFacePlan *plans = g_object_get_data (G_OBJECT (self), "running-plans");

  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  g_clear_object (&self->progress);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  if (done == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _veil_faces_dialog_toast (self, _("Stopped. Veil wrote nothing."));
      else
        _veil_faces_dialog_toast (self, error->message);
    }
  else
    {
      AdwToast *t;
      g_autofree char *name = g_filename_display_basename (done->dest_path);
      /* Translators: %s is the file name of the protected copy. */
      g_autofree char *title = g_strdup_printf (_("Saved the protected copy as %s"), name);

      g_free (self->output_path);
      self->output_path = g_strdup (done->dest_path);
      g_signal_emit (self, signals[SIGNAL_PROTECTED], 0, done->dest_path);
      show_results (self, done, plans);
      if (done->preview != NULL)
        {
          veil_faces_view_set_protected (self->view, done->preview);
          double split = first_protected_centre (self, plans);

          gtk_adjustment_set_value (self->compare_adjustment, split);
          veil_faces_view_set_split (self->view, split);
          /* The boxes would hide what changed; they come back with the
           * toggle, or on their own when a choice is changed. */
          gtk_toggle_button_set_active (self->boxes_toggle, FALSE);
          gtk_revealer_set_reveal_child (self->compare_revealer, TRUE);
        }
      t = adw_toast_new (title);
      adw_toast_set_button_label (t, _("Show in Files"));
      adw_toast_set_action_name (t, "faces.show-in-files");
      adw_toast_overlay_add_toast (self->toast_overlay, t);
    }
  g_object_set_data (G_OBJECT (self), "running-plans", NULL);
  _veil_faces_dialog_update_actions (self);
}

static void
protect_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);
  g_autofree char *dest = NULL;
  VeilFacePlan *plans;

  if (self->progress != NULL || self->photo == NULL || !any_protected (self))
    return;
  if (_veil_faces_dialog_any_plan (self, VEIL_FACE_PLAN_CLOAK) && self->model_path == NULL)
    return;
  /* The real cloak now: a preview would only make it wait for the picture. */
  _veil_faces_dialog_preview_cancel (self);

  dest = destination (self);
  plans = g_memdup2 (self->plans->data, sizeof (VeilFacePlan) * self->plans->len);
  g_object_set_data_full (G_OBJECT (self), "running-plans", plans, g_free);

  self->progress = veil_progress_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Protecting…"));
  self->bindings[0] = g_object_bind_property (self->progress, "fraction", self->progress_bar, "fraction",
                                              G_BINDING_DEFAULT);
  self->bindings[1] = g_object_bind_property (self->progress, "text", self->progress_bar, "text",
                                              G_BINDING_DEFAULT);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);

  /* The model checks blurred faces too when there is one. */
  veil_faces_protect_async (self->photo, self->faces, plans, self->strength, self->steps, self->model_path,
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (self->hold_back_check)), dest, self->progress, protect_done, g_object_ref (self));
  _veil_faces_dialog_update_actions (self);
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);

  if (self->progress == NULL)
    return;
  veil_progress_cancel (self->progress);
  gtk_progress_bar_set_text (self->progress_bar, _("Stopping…"));
}

static void
show_in_files_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);

  if (self->output_path != NULL)
    veil_show_folder_of (GTK_WINDOW (self), self->output_path);
}

void
_veil_faces_dialog_update_actions (VeilFacesDialog *self)
{
  gboolean busy = self->progress != NULL;
  gboolean cloak = _veil_faces_dialog_any_plan (self, VEIL_FACE_PLAN_CLOAK);
  gboolean can = self->photo != NULL && !busy && any_protected (self) && (!cloak || self->model_path != NULL);
  const char *tooltip;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.protect", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.show-in-files", self->output_path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.download-model",
                                 self->fetch_progress == NULL && _veil_faces_dialog_first_known_model (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.choose-model",
                                 !self->adding_model && self->fetch_progress == NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.blur-all", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "faces.preview",
                                 _veil_faces_dialog_preview_can_run (self) && self->progress == NULL);
  if (self->preview_group != NULL)
    gtk_widget_set_visible (self->preview_group, self->model_path != NULL);

  if (self->photo == NULL)
    tooltip = NULL;
  else if (!any_protected (self))
    tooltip = _("Choose at least one face to protect");
  else if (cloak && self->model_path == NULL)
    tooltip = _("Cloaking needs a face-recognition model: download one, or blur the faces instead");
  else
    tooltip = _("Save a protected copy without metadata; the original stays as it is (Ctrl+Return)");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->protect_button), tooltip);
  /* Say under the picture why Protect is off, not only in a tooltip. */
  gtk_label_set_label (self->view_hint,
                       self->photo != NULL && cloak && self->model_path == NULL
                       ? _("To cloak, Veil needs a face-recognition model (see the right side). Blur works without one.")
                       : _("Click a face, or press Tab and Space, to choose which faces to protect."));

  gtk_widget_set_sensitive (GTK_WIDGET (self->faces_group), !busy);
  {
    g_autofree char *shipped = veil_models_shipped_path ();
    gtk_widget_set_visible (g_object_get_data (G_OBJECT (self->hold_back_check), "row"),
                            self->model_path != NULL && shipped != NULL && g_strcmp0 (self->model_path, shipped) != 0);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->strength_group), !busy && cloak);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view), !busy);
}

/* Finding faces --------------------------------------------------------- */

static void
find_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilFacesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFacesFound) found = veil_faces_find_finish (result, &error);
  g_autofree VeilFacesViewBox *boxes = NULL;

  self->finding = FALSE;
  gtk_spinner_stop (self->spinner);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      _veil_faces_dialog_update_actions (self);
      return;
    }
  if (found->faces->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      _veil_faces_dialog_update_actions (self);
      return;
    }

  self->photo = veil_faces_photo_ref (found->photo);
  self->faces = g_array_ref (found->faces);
  self->plans = g_array_new (FALSE, FALSE, sizeof (VeilFacePlan));
  self->last_method = g_array_new (FALSE, FALSE, sizeof (VeilFacePlan));
  boxes = g_new0 (VeilFacesViewBox, self->faces->len);
  for (guint i = 0; i < self->faces->len; i++)
    {
      const VeilFace *f = &g_array_index (self->faces, VeilFace, i);
      VeilFacePlan cloak = VEIL_FACE_PLAN_CLOAK;

      boxes[i] = (VeilFacesViewBox) { f->x, f->y, f->width, f->height };
      g_array_append_val (self->plans, cloak);
      g_array_append_val (self->last_method, cloak);
    }
  veil_faces_view_set_picture (self->view, found->preview, veil_faces_photo_get_width (self->photo),
                               veil_faces_photo_get_height (self->photo), boxes, self->faces->len);
  build_face_rows (self);
  /* Cloak for every face unless the person says otherwise. */
  for (guint i = 0; i < self->faces->len; i++)
    _veil_faces_dialog_set_plan (self, i, VEIL_FACE_PLAN_CLOAK);
  gtk_stack_set_visible_child_name (self->stack, "faces");
  _veil_faces_dialog_update_model (self);
}

/* Window ---------------------------------------------------------------- */

static void
compare_changed_cb (GtkAdjustment   *adjustment,
                    VeilFacesDialog *self)
{
  veil_faces_view_set_split (self->view, gtk_adjustment_get_value (adjustment));
}

static void
boxes_toggled_cb (GtkToggleButton *button,
                  VeilFacesDialog *self)
{
  veil_faces_view_set_show_boxes (self->view, gtk_toggle_button_get_active (button));
}

static const char *
limits_markup (void)
{
  return _("Cloaking changes a face a little, so that face-recognition systems see it as further "
           "from the person’s other photos. It <b>makes matching by today’s recognition systems less "
           "likely; it is not a guarantee</b>.\n\n"
           "• Veil makes and checks the cloak with one openly available model. A good result against "
           "that model says little about the systems a company runs.\n"
           "• Published cloaks such as Fawkes and LowKey lost most of their effect against newer "
           "models, and cloaked photos can be recognised as cloaked (Radiya-Dixit et al., “Data "
           "Poisoning Won’t Save You From Facial Recognition”, ICLR 2022).\n"
           "• A cloak does not stop a system from matching the photo against a photo of you it "
           "already has; Fawkes’ authors say the same of their tool.\n"
           "• Photos of you that are already online without a cloak stay matchable.\n\n"
           "Blur hides a face for certain, needs no model, and anyone can see it was done.");
}

static gboolean
veil_faces_dialog_close_request (GtkWindow *window)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (window);

  /* Work in flight stops (and removes its temporary files) on its own. */
  g_cancellable_cancel (self->cancellable);
  _veil_faces_dialog_preview_cancel (self);
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  if (self->fetch_progress != NULL)
    veil_progress_cancel (self->fetch_progress);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  return GTK_WINDOW_CLASS (veil_faces_dialog_parent_class)->close_request (window);
}

static void
veil_faces_dialog_dispose (GObject *object)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  _veil_faces_dialog_preview_cancel (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_FACES_DIALOG);

  G_OBJECT_CLASS (veil_faces_dialog_parent_class)->dispose (object);
}

static void
veil_faces_dialog_finalize (GObject *object)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (object);

  g_free (self->path);
  g_free (self->model_path);
  g_free (self->origin_path);
  g_free (self->output_path);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->progress);
  g_clear_object (&self->fetch_progress);
  g_clear_pointer (&self->photo, veil_faces_photo_unref);
  g_clear_pointer (&self->faces, g_array_unref);
  g_clear_pointer (&self->plans, g_array_unref);
  g_clear_pointer (&self->last_method, g_array_unref);
  g_clear_pointer (&self->face_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_pointer (&self->known_models, g_ptr_array_unref);

  G_OBJECT_CLASS (veil_faces_dialog_parent_class)->finalize (object);
}

static void
veil_faces_dialog_class_init (VeilFacesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = veil_faces_dialog_dispose;
  /* A protected copy was written (its path): the photo's cleaned copy. */
  signals[SIGNAL_PROTECTED] = g_signal_new ("protected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  object_class->finalize = veil_faces_dialog_finalize;
  window_class->close_request = veil_faces_dialog_close_request;

  g_type_ensure (VEIL_TYPE_FACES_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-faces-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, protect_button);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, view);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, view_hint);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, compare_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, compare_adjustment);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, boxes_toggle);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, saved_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, faces_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, model_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, download_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, fetch_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, fetch_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, choose_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, blur_all_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, strength_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, limits_label);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "faces.protect", NULL, protect_cb);
  gtk_widget_class_install_action (widget_class, "faces.cancel", NULL, cancel_cb);
  gtk_widget_class_install_action (widget_class, "faces.show-in-files", NULL, show_in_files_cb);
  gtk_widget_class_install_action (widget_class, "faces.download-model", NULL, _veil_faces_dialog_download_model);
  gtk_widget_class_install_action (widget_class, "faces.cancel-download", NULL, _veil_faces_dialog_cancel_download);
  gtk_widget_class_install_action (widget_class, "faces.choose-model", NULL, _veil_faces_dialog_choose_model);
  gtk_widget_class_install_action (widget_class, "faces.blur-all", NULL, _veil_faces_dialog_blur_all);
  gtk_widget_class_install_action (widget_class, "faces.preview", NULL, _veil_faces_dialog_preview);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "faces.protect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "faces.protect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GPtrArray *
protected_files (GtkWidget *widget,
                 double     x,
                 double     y,
                 gpointer   user_data)
{
  VeilFacesDialog *self = user_data;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->output_path != NULL)
    g_ptr_array_add (files, g_file_new_for_path (self->output_path));
  return files;
}

static void
veil_faces_dialog_init (VeilFacesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->face_rows = g_ptr_array_new ();
  self->result_rows = g_ptr_array_new ();
  self->strength = VEIL_CLOAK_DEFAULT;
  if (veil_settings_schema_found ())
    self->settings = veil_settings_new ();
  self->known_models = veil_models_load_list (NULL, NULL);
  self->model_path = veil_faces_find_model ();

  build_strength_rows (self);
  _veil_faces_dialog_preview_init (self);
  gtk_label_set_markup (self->limits_label, limits_markup ());
  g_signal_connect (self->view, "face-toggled", G_CALLBACK (face_toggled_cb), self);
  g_signal_connect (self->compare_adjustment, "value-changed", G_CALLBACK (compare_changed_cb), self);
  g_signal_connect (self->boxes_toggle, "toggled", G_CALLBACK (boxes_toggled_cb), self);
  gtk_toggle_button_set_active (self->boxes_toggle, TRUE);
  _veil_faces_dialog_update_model (self);
  /* The saved row can be dragged into a browser's upload area or Files. */
  veil_drag_source_attach (GTK_WIDGET (self->saved_row), protected_files, self);
}

VeilFacesDialog *
veil_faces_dialog_new (GtkWindow *parent,
                       GFile     *file)
{
  VeilFacesDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VEIL_TYPE_FACES_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->path = g_file_get_path (file);
  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  if (self->path == NULL)
    {
      adw_status_page_set_description (self->error_page, _("Veil can only protect photos stored on this computer."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      return self;
    }
  self->finding = TRUE;
  gtk_spinner_start (self->spinner);
  veil_faces_find_async (self->path, self->cancellable, find_done, g_object_ref (self));
  _veil_faces_dialog_update_actions (self);
  return self;
}

const char *
veil_faces_dialog_get_page (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
veil_faces_dialog_get_busy (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), FALSE);
  return self->finding || self->progress != NULL || self->fetch_progress != NULL || self->adding_model;
}

VeilFacesView *
veil_faces_dialog_get_view (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return self->view;
}

guint
veil_faces_dialog_get_n_faces (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), 0);
  return self->faces != NULL ? self->faces->len : 0;
}

VeilFacePlan
veil_faces_dialog_get_plan (VeilFacesDialog *self,
                            guint            index)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), VEIL_FACE_PLAN_LEAVE);
  g_return_val_if_fail (self->plans != NULL && index < self->plans->len, VEIL_FACE_PLAN_LEAVE);
  return _veil_faces_dialog_plan_at (self, index);
}

void
veil_faces_dialog_set_plan (VeilFacesDialog *self,
                            guint            index,
                            VeilFacePlan     plan)
{
  g_return_if_fail (VEIL_IS_FACES_DIALOG (self));
  g_return_if_fail (self->plans != NULL && index < self->plans->len);
  _veil_faces_dialog_set_plan (self, index, plan);
  _veil_faces_dialog_update_model (self);
}

void
veil_faces_dialog_set_strength (VeilFacesDialog   *self,
                                VeilCloakStrength  strength)
{
  g_return_if_fail (VEIL_IS_FACES_DIALOG (self));
  g_return_if_fail ((guint) strength < G_N_ELEMENTS (self->strength_checks));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->strength_checks[strength]), TRUE);
}

const char *
veil_faces_dialog_get_model (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return self->model_path;
}

const char *
veil_faces_dialog_get_output (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return self->output_path;
}

GPtrArray *
veil_faces_dialog_get_result_rows (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return self->result_rows;
}

void
veil_faces_dialog_set_steps (VeilFacesDialog *self,
                             guint            steps)
{
  g_return_if_fail (VEIL_IS_FACES_DIALOG (self));
  self->steps = steps;
}
