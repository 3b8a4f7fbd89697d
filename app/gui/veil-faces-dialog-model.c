/* veil-faces-dialog-model.c: the face-recognition model of the Protect
 * Faces window. Veil ships none (the one it is built for has no licence),
 * so on first use the window explains that, offers the listed model for
 * download (checked against its SHA-256) or a model file the person has,
 * and points to blur, which needs no model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "veil-faces-dialog-private.h"

/* Model ----------------------------------------------------------------- */

const VeilKnownModel *
_veil_faces_dialog_first_known_model (VeilFacesDialog *self)
{
  return self->known_models != NULL && self->known_models->len > 0 ? g_ptr_array_index (self->known_models, 0)
                                                                   : NULL;
}

static const VeilKnownModel *
known_model_for (VeilFacesDialog *self,
                 const char      *path)
{
  g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

  for (guint i = 0; base != NULL && self->known_models != NULL && i < self->known_models->len; i++)
    {
      const VeilKnownModel *m = g_ptr_array_index (self->known_models, i);
      if (g_strcmp0 (m->file, base) == 0)
        return m;
    }
  return NULL;
}


/* TRUE for a model `veil models fetch` or the Download button put in the
 * user's model folder; FALSE for one the person chose from a file. */
static gboolean
fetched_by_veil (const char *path)
{
  g_autofree char *dir = veil_models_user_dir ();
  g_autofree char *parent = g_path_get_dirname (path);

  return g_strcmp0 (dir, parent) == 0;
}

static char *
first_sentence (const char *text)
{
  const char *end = strstr (text, ". ");

  return end != NULL ? g_strndup (text, (gsize) (end - text + 1)) : g_strdup (text);
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_uri_get_host (uri) != NULL ? g_strdup (g_uri_get_host (uri)) : g_strdup (url);
}

void
_veil_faces_dialog_update_model (VeilFacesDialog *self)
{
  const VeilKnownModel *known = _veil_faces_dialog_first_known_model (self);
  gboolean have = self->model_path != NULL;
  gboolean fetching = self->fetch_progress != NULL;

  if (have)
    {
      const VeilKnownModel *listed = known_model_for (self, self->model_path);
      g_autofree char *base = g_path_get_basename (self->model_path);
      g_autofree char *title = g_strdup_printf (_("Ready: %s"), listed != NULL ? listed->name : base);
      g_autofree char *subtitle = NULL;

      if (listed != NULL && fetched_by_veil (self->model_path))
        /* Translators: %s is the model's own licence line, then its file. */
        subtitle = g_strdup_printf (_("Licence: %s\nFile: %s"), listed->license, self->model_path);
      else if (listed != NULL)
        {
          /* Added from a file: the licence line's words about downloading
           * from the author's address would not be true, keep its first
           * sentence only. */
          g_autofree char *licence = first_sentence (listed->license);
          /* Translators: the model's name, its licence, then its file. */
          subtitle = g_strdup_printf (_("%s, from a file you added. Licence: %s\nFile: %s"),
                                      listed->name, licence, self->model_path);
        }
      else
        subtitle = g_strdup_printf (_("A model file you added. Cloaks are made against it and checked with it.\nFile: %s"),
                                    self->model_path);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row), title);
      adw_action_row_set_subtitle (self->model_row, subtitle);
      adw_action_row_set_icon_name (self->model_row, "emblem-ok-symbolic");
      adw_preferences_group_set_description (self->model_group, NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->choose_row), _("Use another model file"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row),
                                     _("Cloaking needs a face-recognition model"));
      adw_action_row_set_subtitle (self->model_row,
                                   _("Veil makes a cloak by asking such a model how it sees the face. "
                                     "Veil includes none: the model it is built for was published without "
                                     "a licence, so Veil may not pass it on. Blur works without any model."));
      adw_action_row_set_icon_name (self->model_row, "dialog-information-symbolic");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->choose_row), _("Use a model file"));
    }

  if (known != NULL)
    {
      g_autofree char *size = g_format_size (known->size);
      g_autofree char *host = host_of (known->url);
      /* Translators: the model's name, its size, the web site it comes
       * from, then its licence line. */
      g_autofree char *subtitle = g_strdup_printf (_("%s, %s, from %s, for your own use. Veil checks its "
                                                     "fingerprint (SHA-256) and keeps it only if it matches.\n"
                                                     "Licence: %s"),
                                                   known->name, size, host, known->license);
      adw_action_row_set_subtitle (self->download_row, subtitle);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), !have && known != NULL && !fetching);
  gtk_widget_set_visible (GTK_WIDGET (self->fetch_row), fetching);
  gtk_widget_set_visible (GTK_WIDGET (self->blur_all_row), !have && _veil_faces_dialog_any_plan (self, VEIL_FACE_PLAN_CLOAK));
  _veil_faces_dialog_update_actions (self);
}

static void
fetch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VeilFacesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = veil_faces_fetch_model_finish (result, &error);

  g_clear_pointer (&self->bindings[2], g_binding_unbind);
  g_clear_object (&self->fetch_progress);
  if (path != NULL)
    {
      g_free (self->model_path);
      self->model_path = g_steal_pointer (&path);
      _veil_faces_dialog_toast (self, _("Model downloaded and checked"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s says why a download failed. */
      g_autofree char *message = g_strdup_printf (_("The model could not be downloaded: %s"), error->message);
      _veil_faces_dialog_toast (self, message);
    }
  _veil_faces_dialog_update_model (self);
}

void
_veil_faces_dialog_download_model (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);
  const VeilKnownModel *known = _veil_faces_dialog_first_known_model (self);

  if (known == NULL || self->fetch_progress != NULL)
    return;
  self->fetch_progress = veil_progress_new ();
  gtk_progress_bar_set_fraction (self->fetch_bar, 0);
  self->bindings[2] = g_object_bind_property (self->fetch_progress, "fraction", self->fetch_bar, "fraction",
                                              G_BINDING_DEFAULT);
  veil_faces_fetch_model_async (known, self->fetch_progress, fetch_done, g_object_ref (self));
  _veil_faces_dialog_update_model (self);
}

void
_veil_faces_dialog_cancel_download (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);

  if (self->fetch_progress != NULL)
    veil_progress_cancel (self->fetch_progress);
}

static void
add_model_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VeilFacesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = veil_faces_add_model_finish (result, &error);

  self->adding_model = FALSE;
  if (path != NULL)
    {
      g_free (self->model_path);
      self->model_path = g_steal_pointer (&path);
      _veil_faces_dialog_toast (self, _("Model added"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _veil_faces_dialog_toast (self, error->message);
  _veil_faces_dialog_update_model (self);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     VeilFacesDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  self->adding_model = TRUE;
  _veil_faces_dialog_update_actions (self);
  veil_faces_add_model_async (path, self->cancellable, add_model_done, g_object_ref (self));
}

void
_veil_faces_dialog_choose_model (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a Face-Recognition Model"),
                                                                  GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Use This Model"), _("_Cancel")));
  gtk_file_filter_set_name (filter, _("ONNX models"));
  gtk_file_filter_add_pattern (filter, "*.onnx");
  gtk_file_filter_add_pattern (filter, "*.ONNX");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

void
_veil_faces_dialog_blur_all (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (widget);

  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    if (_veil_faces_dialog_plan_at (self, i) == VEIL_FACE_PLAN_CLOAK)
      _veil_faces_dialog_set_plan (self, i, VEIL_FACE_PLAN_BLUR);
  _veil_faces_dialog_update_model (self);
}
