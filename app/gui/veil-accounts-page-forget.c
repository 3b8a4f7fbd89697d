/* veil-accounts-page-forget.c: forgetting one export of an account, or the
 * whole account, after asking; the store work runs off the main thread and
 * the page reloads after it.
 *
 * One export goes with what only it held: what another export of the same
 * account also holds stays (veil_store_forget). The dialog says so, naming
 * the other exports, since a person who downloads their data every few
 * months may otherwise expect the shared rows to vanish too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-accounts-page-private.h"

typedef struct {
  gint64   id;          /* the import, or the account when whole_account */
  gboolean whole_account;
} ForgetTarget;

typedef struct {
  char         *store_path;
  ForgetTarget  target;
} ForgetJob;

static void
forget_job_free (ForgetJob *job)
{
  g_free (job->store_path);
  g_free (job);
}

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ForgetJob *job = task_data;
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  store = veil_store_open (job->store_path, &error);
  ok = store != NULL && (job->target.whole_account ? veil_store_forget_account (store, job->target.id, &error)
                                                   : veil_store_forget (store, job->target.id, &error));
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
forget_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (object);
  ForgetJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->forgetting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    veil_page_toast (GTK_WIDGET (self), adw_toast_new (error->message));
  else if (job->target.whole_account)
    {
      self->selected_id = 0;
      veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Account forgotten. Nothing of it is left in Veil’s store.")));
    }
  else
    /* The account stays shown while other exports feed it; the reload
     * falls back to the overview when this was its last. */
    veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Export forgotten. What other exports also hold stays.")));
  _veil_accounts_page_reload (self);
  _veil_accounts_page_notify_busy (self);
}

static void
forget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VeilAccountsPage *self)
{
  g_autoptr(GTask) task = NULL;
  ForgetTarget *target = g_object_get_data (G_OBJECT (dialog), "forget-target");
  ForgetJob *job;

  if (!g_str_equal (response, "forget") || self->forgetting)
    return;
  job = g_new0 (ForgetJob, 1);
  job->store_path = g_strdup (self->store_path);
  job->target = *target;
  task = g_task_new (self, NULL, forget_done, NULL);
  g_task_set_source_tag (task, _veil_accounts_page_forget);
  g_task_set_task_data (task, job, (GDestroyNotify) forget_job_free);
  self->forgetting = TRUE;
  _veil_accounts_page_notify_busy (self);
  g_task_run_in_thread (task, forget_thread);
}

static void
ask (VeilAccountsPage   *self,
     const char         *heading,
     const char         *body,
     const ForgetTarget *target)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "forget-target", g_memdup2 (target, sizeof *target), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_veil_accounts_page_forget (VeilAccountsPage *self,
                            gint64            account_id)
{
  VeilStoreAccount *account = _veil_accounts_page_find_account (self, account_id, NULL);
  ForgetTarget target = { account_id, TRUE };
  g_autofree char *body = NULL;

  if (account == NULL || self->forgetting)
    return;
  /* Translators: %s is a platform ("Facebook"), then a file name. */
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Veil deletes everything it read from your %s export “%s” from its store "
                                       "on this computer. The export file itself stays where it is.",
                                       "Veil deletes everything it read from your %s exports, the newest “%s”, "
                                       "from its store on this computer. The export files stay where they are.",
                                       account->exports->len),
                          _veil_accounts_platform_title (account->platform),
                          account->label != NULL ? account->label : "");
  ask (self, _("Forget This Account?"), body, &target);
}

void
_veil_accounts_page_forget_export (VeilAccountsPage *self,
                                   gint64            account_id,
                                   gint64            import_id)
{
  VeilStoreAccount *account = _veil_accounts_page_find_account (self, account_id, NULL);
  VeilStoreExport *export = NULL;
  ForgetTarget target = { import_id, FALSE };
  g_autoptr(GString) others = g_string_new (NULL);
  g_autofree char *body = NULL;

  if (account == NULL || self->forgetting)
    return;
  for (guint e = 0; e < account->exports->len; e++)
    {
      VeilStoreExport *x = g_ptr_array_index (account->exports, e);

      if (x->id == import_id)
        export = x;
      else
        /* Translators: file names of exports in a list, "“a.zip”, “b.zip”". */
        g_string_append_printf (others, others->len > 0 ? _(", “%s”") : _("“%s”"), x->label != NULL ? x->label : "");
    }
  if (export == NULL)
    return;
  if (others->len > 0)
    /* Translators: %s is a platform ("Facebook"), then a file name, then a list of file names. */
    body = g_strdup_printf (_("Veil deletes what it read from your %s export “%s” from its store on this computer. "
                              "What another export of this account also holds stays: %s. "
                              "The export file itself stays where it is."),
                            _veil_accounts_platform_title (account->platform),
                            export->label != NULL ? export->label : "", others->str);
  else
    /* Translators: %s is a platform ("Facebook"), then a file name. */
    body = g_strdup_printf (_("“%2$s” is the only %1$s export of this account: Veil deletes everything it read "
                              "from it, and the account goes from the list. The export file itself stays where it is."),
                            _veil_accounts_platform_title (account->platform),
                            export->label != NULL ? export->label : "");
  ask (self, _("Forget This Export?"), body, &target);
}
