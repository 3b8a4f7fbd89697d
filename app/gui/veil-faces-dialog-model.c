/* veil-faces-dialog-model.c: the face-recognition models of the Protect
 * Faces window. Veil ships one (faceplugin, MIT); the row says which
 * models the cloak is made with and which checks it, and where each came
 * from: shipped, downloaded from its author's address (the listed model,
 * checked against its SHA-256), or added from a file. Without any (an
 * installation missing the shipped model) it points to blur, which needs
 * no model.
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

/* Where model_path came from, worked out once per model (it hashes the
 * file). A model chosen from a file in this window was added, even when
 * its bytes are those of a listed model. */
static VeilModelOrigin
model_origin (VeilFacesDialog       *self,
              const VeilKnownModel **listed)
{
  if (g_strcmp0 (self->origin_path, self->model_path) != 0)
    {
      g_free (self->origin_path);
      self->origin_path = g_strdup (self->model_path);
      self->model_origin = veil_models_origin (self->known_models, self->model_path, &self->model_listed);
    }
  *listed = self->model_listed;
  if (self->model_added && self->model_origin == VEIL_MODEL_ORIGIN_DOWNLOADED)
    {
      *listed = NULL;
      return VEIL_MODEL_ORIGIN_ADDED;
    }
  return self->model_origin;
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

/* The model's name as the row calls it. */
static char *
model_name (VeilModelOrigin       origin,
            const VeilKnownModel *listed,
            const char           *path)
{
  if (origin == VEIL_MODEL_ORIGIN_SHIPPED)
    return g_strdup (_("Veil’s own model"));
  if (listed != NULL)
    return g_strdup (listed->name);
  return g_path_get_basename (path);
}

/* One line on where the model came from and its licence. Each case says
 * only what is true of it: the shipped model needs no download, a
 * downloaded one came from its author's address, an added one from a
 * file (Veil knows nothing of its licence). */
static char *
describe_model (VeilModelOrigin       origin,
                const VeilKnownModel *listed,
                const char           *path)
{
  g_autofree char *name = model_name (origin, listed, path);

  switch (origin)
    {
    case VEIL_MODEL_ORIGIN_SHIPPED:
      /* Translators: %s is "Veil’s own model". */
      return g_strdup_printf (_("%s (faceplugin face recognition, MIT licence) comes with Veil: "
                                "nothing to download."), name);
    case VEIL_MODEL_ORIGIN_DOWNLOADED:
      {
        g_autofree char *host = host_of (listed->url);
        g_autofree char *licence = first_sentence (listed->license);
        /* Translators: a model's name, the web site, then its licence line. */
        return g_strdup_printf (_("%s, downloaded from its author’s address (%s) and checked by its "
                                  "fingerprint (SHA-256). Licence: %s"), name, host, licence);
      }
    case VEIL_MODEL_ORIGIN_ADDED:
    default:
      /* Translators: %s is a model's file name. */
      return g_strdup_printf (_("%s, added from a file. Its licence is whatever its author gave it."), name);
    }
}

void
_veil_faces_dialog_update_model (VeilFacesDialog *self)
{
  const VeilKnownModel *known = _veil_faces_dialog_first_known_model (self);
  gboolean have = self->model_path != NULL;
  gboolean fetching = self->fetch_progress != NULL;
  gboolean shipped_only = FALSE;

  if (have)
    {
      const VeilKnownModel *listed = NULL;
      VeilModelOrigin origin = model_origin (self, &listed);
      g_autofree char *shipped = veil_models_shipped_path ();
      g_autofree char *name = model_name (origin, listed, self->model_path);
      g_autofree char *about = describe_model (origin, listed, self->model_path);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (about);

      shipped_only = origin == VEIL_MODEL_ORIGIN_SHIPPED;
      if (shipped_only || shipped == NULL)
        {
          /* Translators: %s is a model's name. */
          title = g_strdup_printf (_("Ready: %s"), name);
          g_string_append_c (subtitle, '\n');
          g_string_append (subtitle, _("The cloak is made with this model and checked with it."));
        }
      else
        {
          /* The ensemble veil-faces-jobs.c runs: this model and the
           * shipped one, or, held back, the shipped one alone with this
           * one kept for the check. */
          g_autofree char *own = describe_model (VEIL_MODEL_ORIGIN_SHIPPED, NULL, shipped);

          /* Translators: %s is a model's name. */
          title = g_strdup_printf (_("Ready: %s and Veil’s own model"), name);
          g_string_append_printf (subtitle, "\n%s\n", own);
          if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->hold_back_check)))
            /* Translators: %s is a model's name. */
            g_string_append_printf (subtitle, _("The cloak is made with Veil’s own model only; %s is held back "
                                                "to check it, as a recogniser that has not seen the cloak."),
                                    name);
          else
            /* Translators: %s is a model's name. */
            g_string_append_printf (subtitle, _("The cloak is made with both models at once: %s and Veil’s "
                                                "own model."), name);
        }
      /* Translators: %s is the model's file. */
      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("File: %s"), self->model_path);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row), title);
      adw_action_row_set_subtitle (self->model_row, subtitle->str);
      adw_action_row_set_icon_name (self->model_row, "emblem-ok-symbolic");
      adw_preferences_group_set_description (self->model_group, NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->choose_row), _("Add another model file"));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->model_row),
                                     _("Cloaking needs a face-recognition model"));
      adw_action_row_set_subtitle (self->model_row,
                                   _("Veil makes a cloak by asking such a model how it sees the face. "
                                     "Veil’s own model is missing from this installation: reinstall Veil, "
                                     "or download or add one. Blur works without any model."));
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
  /* With only the shipped model, the listed one is offered as a second
   * model for the ensemble. */
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), (!have || shipped_only) && known != NULL && !fetching);
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
      self->model_added = FALSE;
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
      self->model_added = TRUE;
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
