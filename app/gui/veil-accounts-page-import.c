/* veil-accounts-page-import.c: getting exports into the Accounts page: drag
 * and drop onto the whole page, the Add Export dialogs, and the import
 * itself in a worker thread with progress and Cancel.
 *
 * Everything ends in veil_accounts_page_add_files(), the path the tests
 * use too. Each export is one transaction in the store, so a cancelled or
 * failed import leaves nothing half-read behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-accounts-page-private.h"
#include "veil-export.h"

typedef struct {
  char         *store_path;
  GPtrArray    *groups;     /* GStrv: the parts of one export each */
  VeilProgress *progress;
  guint         group;      /* worker only: the export being read */
  /* Written by the worker, read after it returned. */
  GPtrArray    *errors;     /* VeilErrorEntry */
  guint         n_imported;
  guint         n_already;   /* the same export again: nothing changed */
  guint         n_skipped;   /* files that could not be read, over all exports */
  GBinding     *fraction_binding;
  GBinding     *text_binding;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->store_path);
  g_ptr_array_unref (job->groups);
  g_ptr_array_unref (job->errors);
  g_object_unref (job->progress);
  g_free (job);
}

static void
on_progress (const char *file,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  ImportJob *job = user_data;
  g_autofree char *name = file != NULL ? g_filename_display_basename (file) : NULL;
  g_autofree char *text = NULL;
  double per_group = 1.0 / MAX (job->groups->len, 1);
  double fraction = per_group * (job->group + (total > 0 ? (double) done / total : 0.0));

  if (name != NULL)
    /* Translators: progress while importing; %s is a file inside the export. */
    text = g_strdup_printf (_("Reading %s (%u of %u)"), name, MIN (done + 1, total), total);
  veil_progress_report (job->progress, fraction, text);
}

/* A failed export as an error row: its name, a sentence (the engine's own
 * when it already says what to request instead), the technical detail. */
static VeilErrorEntry *
import_error (const char   *name,
              const char   *path,
              const GError *error)
{
  /* Translators: %s is the file name of a data export. */
  g_autofree char *title = g_strdup_printf (_("%s was not added"), name);
  g_autofree char *sentence = veil_error_sentence (error, path);
  g_autofree char *detail = veil_error_detail (error->message, path);

  return veil_error_entry_new (title, sentence, detail);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = veil_store_open (job->store_path, &error);
  if (store == NULL)
    {
      g_autofree char *sentence = veil_error_sentence (error, NULL);

      g_ptr_array_add (job->errors, veil_error_entry_new (_("Veil’s store of imported exports"), sentence, NULL));
      g_task_return_boolean (task, TRUE);
      return;
    }
  for (job->group = 0; job->group < job->groups->len; job->group++)
    {
      const char * const *paths = g_ptr_array_index (job->groups, job->group);
      g_autofree char *name = g_filename_display_basename (paths[0]);
      VeilExportResult result = { 0 };

      g_clear_error (&error);
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!veil_export_import_full (store, paths, on_progress, job, cancellable, &result, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            break;
          g_ptr_array_add (job->errors, import_error (name, paths[0], error));
          continue;
        }
      if (result.already_imported)
        job->n_already++;
      else
        job->n_imported++;
      job->n_skipped += result.n_skipped;
    }
  veil_progress_report (job->progress, 1.0, NULL);
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Import cancelled"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (object);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean cancelled = !g_task_propagate_boolean (G_TASK (result), &error);

  g_clear_pointer (&job->fraction_binding, g_binding_unbind);
  g_clear_pointer (&job->text_binding, g_binding_unbind);
  g_clear_object (&self->progress);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  _veil_accounts_page_show_errors (self, job->errors);

  if (cancelled)
    /* Each export is one transaction: the one being read left nothing. */
    veil_page_toast (GTK_WIDGET (self), adw_toast_new (job->n_imported > 0
                                                     ? _("Import cancelled. The exports read before were kept.")
                                                     : _("Import cancelled. Nothing was added.")));
  else if (job->n_imported > 0 && job->n_skipped > 0)
    {
      /* Translators: the account's details list the skipped files and why. */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported, %u file skipped",
                                                             "Imported, %u files skipped", job->n_skipped),
                                                job->n_skipped);
      veil_page_toast (GTK_WIDGET (self), adw_toast_new (title));
    }
  else if (job->n_imported > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u export",
                                                             "Added %u exports", job->n_imported),
                                                job->n_imported);
      veil_page_toast (GTK_WIDGET (self), adw_toast_new (title));
    }
  else if (job->n_already > 0 && job->errors->len == 0)
    veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Already imported. Nothing changed.")));
  /* Failures are the rows above the page: no toast repeats them. */

  _veil_accounts_page_update_actions (self);
  _veil_accounts_page_reload (self);
  _veil_accounts_page_notify_busy (self);
}

void
veil_accounts_page_add_files (VeilAccountsPage  *self,
                              GFile            **files,
                              guint              n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_error_entry_free);
  ImportJob *job;

  g_return_if_fail (VEIL_IS_ACCOUNTS_PAGE (self));

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
      else
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *name = g_file_get_basename (files[i]);
          /* Translators: %s is the file name of a data export. */
          g_autofree char *title = g_strdup_printf (_("%s was not added"), name);

          g_ptr_array_add (errors, veil_error_entry_new (title, _("It is not on this computer. Copy the export here first."),
                                                         uri));
        }
    }
  if (self->progress != NULL)
    {
      veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("Wait until the current import ends")));
      return;
    }
  if (paths->len == 0)
    {
      _veil_accounts_page_show_errors (self, errors);
      return;
    }
  g_ptr_array_add (paths, NULL);

  job = g_new0 (ImportJob, 1);
  job->store_path = g_strdup (self->store_path);
  job->groups = veil_export_group_paths ((const char * const *) paths->pdata);
  job->errors = g_steal_pointer (&errors);
  job->progress = veil_progress_new ();
  self->progress = g_object_ref (job->progress);

  job->fraction_binding = g_object_bind_property (job->progress, "fraction", self->progress_bar, "fraction",
                                                  G_BINDING_SYNC_CREATE);
  job->text_binding = g_object_bind_property (job->progress, "text", self->progress_bar, "text",
                                              G_BINDING_SYNC_CREATE);
  gtk_progress_bar_set_text (self->progress_bar, _("Opening the export…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _veil_accounts_page_show_errors (self, NULL);

  task = g_task_new (self, veil_progress_get_cancellable (job->progress), import_done, NULL);
  g_task_set_source_tag (task, veil_accounts_page_add_files);
  /* The store rolls back an unfinished import itself; the worker must
   * still close it before the page hears of the end. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  _veil_accounts_page_update_actions (self);
  _veil_accounts_page_notify_busy (self);
  g_task_run_in_thread (task, import_thread);
}

void
_veil_accounts_page_cancel_import (VeilAccountsPage *self)
{
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
}

/* ---- drag and drop ----------------------------------------------------------- */

void
_veil_accounts_page_setup_dnd (VeilAccountsPage *self)
{
  veil_drop_area_attach (GTK_WIDGET (self), self->drop_revealer,
                         (VeilDropFilesFunc) veil_accounts_page_add_files);
}

/* ---- dialogs --------------------------------------------------------------- */

void
_veil_accounts_page_open (VeilAccountsPage *self,
                          gboolean          folder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }
  if (folder)
    chooser = gtk_file_chooser_native_new (_("Add Export Folder"), GTK_WINDOW (root),
                                           GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                           _("_Add"), _("_Cancel"));
  else
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      chooser = gtk_file_chooser_native_new (_("Add Export"), GTK_WINDOW (root),
                                             GTK_FILE_CHOOSER_ACTION_OPEN,
                                             _("_Add"), _("_Cancel"));
      gtk_file_filter_set_name (filter, _("Data exports (ZIP, tar)"));
      gtk_file_filter_add_mime_type (filter, "application/zip");
      gtk_file_filter_add_mime_type (filter, "application/x-tar");
      gtk_file_filter_add_mime_type (filter, "application/x-compressed-tar");
      gtk_file_filter_add_suffix (filter, "zip");
      gtk_file_filter_add_suffix (filter, "tgz");
      gtk_file_filter_add_suffix (filter, "tar.gz");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);

      veil_page_add_all_files_filter (GTK_FILE_CHOOSER (chooser));
    }
  /* Several parts of one split export (…-001.zip, …-002.zip) at once. */
  veil_page_show_chooser (GTK_WIDGET (self), &self->chooser, chooser,
                          (VeilDropFilesFunc) veil_accounts_page_add_files);
}
