/* veil-apps-page-update.c: "Update Tracker List", the only thing in the
 * Apps section that connects to the internet, and only when the user asks
 * and confirms. The engine downloads the εxodus list, checks it and
 * swaps it in atomically; the list that came with Veil stays as the
 * fallback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-page"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "veil-apps-page-private.h"
#include "veil-error.h"

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *url = task_data;
  g_autofree char *dest = veil_tracker_db_user_path ();
  g_autofree char *dir = g_path_get_dirname (dest);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Veil cannot create the folder %s: %s"), dir, g_strerror (saved));
      return;
    }
  if (!veil_tracker_db_update (url, dest, &n, cancellable, &error))
    {
      /* g_task_return_error (NULL) would report success with no count. */
      if (error == NULL)
        g_set_error (&error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED, _("the download failed for an unknown reason"));
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_int (task, n);
}

static void
update_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VeilAppsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  AdwToast *toast;
  g_autofree char *title = NULL;

  g_clear_object (&self->update_cancellable);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (error != NULL)
    {
      /* Toast titles are markup; error messages can quote the server. */
      g_autofree char *message = g_markup_escape_text (error->message, -1);
      /* Translators: %s says why, for example "Could not resolve host". */
      title = g_strdup_printf (_("The tracker list was not updated: %s. The list in use was not changed."),
                               message);
      toast = adw_toast_new (title);
      adw_toast_set_timeout (toast, 0);
    }
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tracker list updated: %u tracker",
                                            "Tracker list updated: %u trackers", (guint) n), (guint) n);
      toast = adw_toast_new (title);
      /* The next scan opens the new list. */
      g_clear_pointer (&self->db, veil_apps_db_unref);
      /* Apps already in the list were checked against the old list. */
      if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
        {
          adw_toast_set_button_label (toast, _("_Scan Again"));
          adw_toast_set_action_name (toast, "apps.rescan");
        }
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  veil_page_toast (GTK_WIDGET (self), toast);
  _veil_apps_page_update_db_label (self);
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

static void
start_update (VeilAppsPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->update_cancellable != NULL)
    return;
  self->update_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->update_cancellable, update_done, g_object_ref (self));
  g_task_set_source_tag (task, start_update);
  g_task_set_task_data (task, g_strdup (self->tracker_url), g_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, update_thread);
  veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Downloading the tracker list…")));
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     VeilAppsPage     *self)
{
  if (g_strcmp0 (response, "download") == 0)
    start_update (self);
}

void
_veil_apps_page_update_trackers (VeilAppsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (root), _("Update Tracker List?"),
    _("Veil will download the current list of known trackers from the εxodus project "
      "(reports.exodus-privacy.eu.org). This is the only thing in the Apps section that connects to the "
      "internet. Your apps and labels are not sent anywhere, and the list that came with Veil stays as a "
      "fallback."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "download", _("_Download"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "download",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "download");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
