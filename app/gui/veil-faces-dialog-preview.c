/* veil-faces-dialog-preview.c: the quick preview of the Protect Faces
 * window. A few cloak steps on the largest face at the strength chosen,
 * shown at full size before and after, side by side, so a person can see
 * that the change is invisible before waiting for the full cloak. It
 * runs in a worker (veil_faces_preview_async), is cancelled when the
 * window closes, and runs again when the strength or the models change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-faces-dialog-private.h"

static GtkWidget *
labelled_picture (const char  *caption,
                  GtkWidget  **picture,
                  GtkWidget  **label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  *picture = gtk_picture_new ();
  gtk_picture_set_can_shrink (GTK_PICTURE (*picture), TRUE);
  gtk_widget_set_size_request (*picture, 140, 160);
  gtk_widget_add_css_class (*picture, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (*picture), GTK_ACCESSIBLE_PROPERTY_LABEL, caption, -1);
  *label = gtk_label_new (caption);
  gtk_widget_add_css_class (*label, "caption");
  gtk_box_append (GTK_BOX (box), *picture);
  gtk_box_append (GTK_BOX (box), *label);
  return box;
}

void
_veil_faces_dialog_preview_init (VeilFacesDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Preview"));
  GtkWidget *pictures = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Preview"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("See the change on the largest face"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("A few steps at the strength chosen above, in about two seconds, at full "
                                 "size. The full cloak takes more steps: it can change the face up to the "
                                 "strength's limit, and it protects more."));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "faces.preview");
  self->preview_spinner = gtk_spinner_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->preview_spinner);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  gtk_box_set_homogeneous (GTK_BOX (pictures), TRUE);
  gtk_widget_set_margin_top (pictures, 12);
  gtk_box_append (GTK_BOX (pictures), labelled_picture (_("Before"), &self->preview_before, &label));
  gtk_box_append (GTK_BOX (pictures), labelled_picture (_("After"), &self->preview_after, &self->preview_after_label));
  gtk_widget_set_visible (pictures, FALSE);
  self->preview_box = pictures;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), pictures);

  self->preview_status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->preview_status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->preview_status), 0);
  gtk_widget_add_css_class (self->preview_status, "dim-label");
  gtk_widget_add_css_class (self->preview_status, "caption");
  gtk_widget_set_margin_top (self->preview_status, 6);
  gtk_widget_set_visible (self->preview_status, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->preview_status);

  /* Right below the strength it shows. */
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->strength_group))), group,
                              GTK_WIDGET (self->strength_group));
  self->preview_group = group;
  g_signal_connect_swapped (self->hold_back_check, "toggled", G_CALLBACK (_veil_faces_dialog_preview_refresh), self);
}

static void start (VeilFacesDialog *self);

static void
preview_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VeilFacesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFacesPreview) preview = veil_faces_preview_finish (result, &error);
  gboolean closing = g_cancellable_is_cancelled (self->cancellable);

  self->preview_running = FALSE;
  g_clear_object (&self->preview_cancellable);
  /* Closed meanwhile: its widgets may be gone already. */
  if (closing)
    return;
  gtk_spinner_stop (GTK_SPINNER (self->preview_spinner));
  if (preview != NULL)
    {
      g_autofree char *after = NULL;
      g_autofree char *took = NULL;

      gtk_picture_set_paintable (GTK_PICTURE (self->preview_before), GDK_PAINTABLE (preview->before));
      gtk_picture_set_paintable (GTK_PICTURE (self->preview_after), GDK_PAINTABLE (preview->after));
      /* Translators: caption of the cloaked face; %u is a number of steps. */
      after = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After %u step", "After %u steps", preview->steps),
                               preview->steps);
      gtk_label_set_text (GTK_LABEL (self->preview_after_label), after);
      /* Translators: how long the preview took, in seconds. */
      took = g_strdup_printf (_("Took %.1f s (%.1f s of processor time)."), preview->seconds, preview->cpu_seconds);
      gtk_label_set_text (GTK_LABEL (self->preview_status), took);
      gtk_widget_set_visible (self->preview_box, TRUE);
      gtk_widget_set_visible (self->preview_status, TRUE);
      g_debug ("preview: %u steps, %.2f s wall, %.2f s CPU", preview->steps, preview->seconds, preview->cpu_seconds);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why the preview failed. */
      g_autofree char *message = g_strdup_printf (_("No preview: %s"), error->message);
      gtk_label_set_text (GTK_LABEL (self->preview_status), message);
      gtk_widget_set_visible (self->preview_status, TRUE);
    }
  if (self->preview_again)
    {
      self->preview_again = FALSE;
      start (self);
    }
  _veil_faces_dialog_update_actions (self);
}

static void
start (VeilFacesDialog *self)
{
  if (self->photo == NULL || self->faces == NULL || self->faces->len == 0 || self->model_path == NULL)
    return;
  if (self->preview_running)
    {
      /* One at a time: the running one stops, and this one starts when it has. */
      g_cancellable_cancel (self->preview_cancellable);
      self->preview_again = TRUE;
      return;
    }
  self->preview_running = TRUE;
  self->preview_wanted = TRUE;
  self->preview_cancellable = g_cancellable_new ();
  gtk_spinner_start (GTK_SPINNER (self->preview_spinner));
  /* Faces are largest first. */
  veil_faces_preview_async (self->photo, &g_array_index (self->faces, VeilFace, 0), self->strength,
                            self->preview_steps, self->model_path,
                            gtk_check_button_get_active (GTK_CHECK_BUTTON (self->hold_back_check)),
                            self->preview_cancellable, preview_done, g_object_ref (self));
  _veil_faces_dialog_update_actions (self);
}

void
_veil_faces_dialog_preview (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  start (VEIL_FACES_DIALOG (widget));
}

void
_veil_faces_dialog_preview_refresh (VeilFacesDialog *self)
{
  /* Only a preview the person asked for is redone. */
  if (self->preview_wanted)
    start (self);
}

void
_veil_faces_dialog_preview_cancel (VeilFacesDialog *self)
{
  self->preview_again = FALSE;
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
}

gboolean
_veil_faces_dialog_preview_can_run (VeilFacesDialog *self)
{
  return self->photo != NULL && self->faces != NULL && self->faces->len > 0 && self->model_path != NULL;
}

gboolean
veil_faces_dialog_get_previewing (VeilFacesDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), FALSE);
  return self->preview_running;
}

GdkPaintable *
veil_faces_dialog_get_preview (VeilFacesDialog *self,
                               gboolean         after)
{
  g_return_val_if_fail (VEIL_IS_FACES_DIALOG (self), NULL);
  return gtk_picture_get_paintable (GTK_PICTURE (after ? self->preview_after : self->preview_before));
}

void
veil_faces_dialog_set_preview_steps (VeilFacesDialog *self,
                                     guint            steps)
{
  g_return_if_fail (VEIL_IS_FACES_DIALOG (self));
  self->preview_steps = steps;
}
