/* veil-apps-page-label.c: comparing the selected app with its store label:
 * imported from a file ("Compare with Store Label…") or typed in by hand
 * ("Fill In Label…"). The comparison itself is the engine's
 * (veil_disclosure_compare), so the app and `veil apps compare` agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "veil-apps-label-window.h"
#include "veil-apps-page-private.h"
#include "veil-apps-views.h"

typedef struct {
  VeilAppsItem *item;
  char         *path;   /* a label file, or NULL */
  char         *json;   /* or label text */
  char         *name;   /* what to call the label */
} LabelJob;

static void
label_job_free (LabelJob *job)
{
  g_object_unref (job->item);
  g_free (job->path);
  g_free (job->json);
  g_free (job->name);
  g_free (job);
}

/* Reading and parsing (labels can be megabytes) runs in a thread; the
 * comparison, which reads the scan owned by the item, on the main thread. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LabelJob *job = task_data;
  g_autoptr(GError) error = NULL;
  VeilDisclosure *d;

  if (job->path != NULL)
    d = veil_disclosure_load (job->path, &error);
  else
    d = veil_disclosure_load_text (job->json, strlen (job->json), &error);
  if (d == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, d, (GDestroyNotify) veil_disclosure_free);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilAppsPage) self = user_data;
  LabelJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilDisclosure) d = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) mismatches = NULL;
  const VeilAppReport *report = veil_apps_item_get_report (job->item);
  g_autofree char *label = NULL;

  self->labelling = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (d != NULL && report != NULL)
    mismatches = veil_disclosure_compare (d, report, &error);
  if (mismatches == NULL)
    {
      if (error != NULL)
        {
          /* Toast titles are markup; the message can quote the file. */
          g_autofree char *message = g_markup_escape_text (error->message, -1);
          g_autofree char *text = g_strdup_printf (_("Cannot compare with this label: %s"), message);
          veil_page_toast (GTK_WIDGET (self), adw_toast_new (text));
        }
    }
  else
    {
      const char *store = g_str_equal (veil_disclosure_kind (d), "apple") ? _("App Store privacy label")
                                                                          : _("Google Play data-safety section");
      /* Translators: "App Store privacy label: label.json". */
      label = g_strdup_printf (_("Compared with its %s: %s"), store, job->name);
      veil_apps_item_set_comparison (job->item, label, mismatches);
      veil_apps_item_set_label_warning (job->item, veil_disclosure_platform_warning (d, report));
    }
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

static void
start (VeilAppsPage *self,
       LabelJob     *job)
{
  g_autoptr(GTask) task = NULL;

  job->item = g_object_ref (_veil_apps_page_get_selected (self));
  self->labelling = TRUE;
  task = g_task_new (self, self->cancellable, load_done, g_object_ref (self));
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify) label_job_free);
  g_task_run_in_thread (task, load_thread);
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

void
veil_apps_page_compare_label (VeilAppsPage *self,
                              GFile        *label)
{
  LabelJob *job;

  g_return_if_fail (VEIL_IS_APPS_PAGE (self));
  g_return_if_fail (G_IS_FILE (label));

  if (_veil_apps_page_get_selected (self) == NULL || self->labelling)
    return;
  job = g_new0 (LabelJob, 1);
  job->path = g_file_get_path (label);
  job->name = g_file_get_basename (label);
  if (job->path == NULL)
    {
      label_job_free (job);
      veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Veil can only read labels saved on this computer")));
      return;
    }
  start (self, job);
}

void
veil_apps_page_compare_label_text (VeilAppsPage *self,
                                   const char   *json,
                                   const char   *name)
{
  LabelJob *job;

  g_return_if_fail (VEIL_IS_APPS_PAGE (self));
  g_return_if_fail (json != NULL);

  if (_veil_apps_page_get_selected (self) == NULL || self->labelling)
    return;
  job = g_new0 (LabelJob, 1);
  job->json = g_strdup (json);
  job->name = g_strdup (name != NULL ? name : _("filled in by hand"));
  start (self, job);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     VeilAppsPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        veil_apps_page_compare_label (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

void
_veil_apps_page_import_label (VeilAppsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Compare with Store Label"), GTK_WINDOW (root),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Compare"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Privacy labels (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.JSON");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
label_filled_cb (VeilAppsLabelWindow *window,
                 const char          *json,
                 VeilAppsPage        *self)
{
  veil_apps_page_compare_label_text (self, json, _("filled in by hand"));
}

static void
label_window_destroyed (VeilAppsPage *self)
{
  self->label_window = NULL;
}

void
_veil_apps_page_fill_label (VeilAppsPage *self)
{
  VeilAppsItem *item = _veil_apps_page_get_selected (self);
  const VeilAppReport *report = item != NULL ? veil_apps_item_get_report (item) : NULL;
  GtkWidget *window;

  if (report == NULL)
    return;
  if (self->label_window != NULL)
    {
      gtk_window_present (self->label_window);
      return;
    }
  window = veil_apps_label_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       report->platform == VEIL_APP_PLATFORM_IOS ? VEIL_LABEL_APPLE
                                                                                 : VEIL_LABEL_GOOGLE_PLAY,
                                       veil_apps_item_get_title (item));
  g_signal_connect_object (window, "filled", G_CALLBACK (label_filled_cb), self, 0);
  g_signal_connect_object (window, "destroy", G_CALLBACK (label_window_destroyed), self, G_CONNECT_SWAPPED);
  self->label_window = GTK_WINDOW (window);
  gtk_window_present (self->label_window);
}
