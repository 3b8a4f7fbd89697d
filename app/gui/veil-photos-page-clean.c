/* veil-photos-page-clean.c: cleaning the photos in the list.
 *
 * The work runs in a GTask thread that sees only paths; it commits each
 * file as it goes (so a cancel keeps what was finished) and checks the
 * cancellable between files. Progress reaches the UI through VeilProgress,
 * which hands every update to the main thread.
 *
 * Replacing originals keeps each original in the trash (g_file_trash) and
 * the toast offers Undo, which puts them back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photos-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-file-walker.h"
#include "veil-photo-item.h"
#include "veil-photos-page-private.h"
#include "veil-settings.h"
#include "veil-trash.h"

typedef struct {
  char     *src;
  char     *dest;
  gboolean  overwrite;
  /* Written by the worker, read after it returned. */
  char     *written;   /* where the cleaned file went (links followed) */
  char     *trashed;   /* where the replaced original lies in the trash */
  char     *error;
  gboolean  done;
} CleanEntry;

typedef struct {
  GPtrArray        *entries;  /* CleanEntry, same order as self->cleaning */
  guint             n_not_cleanable;  /* photos acted on that cannot be cleaned */
  VeilCleanOptions  options;
  VeilProgress     *progress;
  /* Main thread only. */
  GBinding         *fraction_binding;
  GBinding         *text_binding;
} CleanJob;

static void
clean_entry_free (CleanEntry *entry)
{
  g_free (entry->src);
  g_free (entry->dest);
  g_free (entry->written);
  g_free (entry->trashed);
  g_free (entry->error);
  g_free (entry);
}

static void
clean_job_free (CleanJob *job)
{
  g_ptr_array_unref (job->entries);
  g_object_unref (job->progress);
  g_free (job);
}

/* The photos Clean acts on: the selection when it holds several photos,
 * otherwise the whole list. *n_not_cleanable counts those among them that
 * cannot be cleaned (unreadable, unsupported, failed before), so the
 * result can say so. */
static GPtrArray *
collect_targets (VeilPhotosPage *self,
                 gboolean       *from_selection,
                 guint          *n_not_cleanable)
{
  GListModel *model = G_LIST_MODEL (self->store);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean use_selection = gtk_bitset_get_size (selected) > 1;
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (model, i);

      if (use_selection && !gtk_bitset_contains (selected, i))
        continue;
      if (veil_photo_item_get_can_clean (item))
        g_ptr_array_add (targets, g_steal_pointer (&item));
      else if (n_not_cleanable != NULL && (veil_photo_item_get_state (item) == VEIL_PHOTO_STATE_ERROR ||
                                           veil_photo_item_get_state (item) == VEIL_PHOTO_STATE_UNSUPPORTED))
        (*n_not_cleanable)++;
    }
  if (from_selection != NULL)
    *from_selection = use_selection;
  return targets;
}

void
_veil_photos_page_update_clean_button (VeilPhotosPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean several = gtk_bitset_get_size (selected) > 1;
  VeilOutputMode mode = g_settings_get_enum (self->settings, "output-mode");
  GtkWidget *button = GTK_WIDGET (self->clean_button);
  g_autofree char *tooltip = NULL;
  g_autofree char *folder = NULL;

  gtk_button_set_label (self->clean_button, several ? _("_Clean Selected") : _("_Clean All"));

  switch (mode)
    {
    case VEIL_OUTPUT_REPLACE:
      tooltip = g_strdup (_("Replace the originals with cleaned versions, keeping the originals in the "
                            "trash. Veil asks first. (Ctrl+Return)"));
      break;
    case VEIL_OUTPUT_CHOSEN_FOLDER:
      folder = g_settings_get_string (self->settings, "output-folder");
      /* Translators: %s is a folder path. */
      tooltip = g_strdup_printf (_("Save cleaned copies in %s. The originals stay as they are. (Ctrl+Return)"),
                                 folder[0] != '\0' ? folder : _("a folder you choose in Preferences"));
      break;
    case VEIL_OUTPUT_CLEANED_FOLDER:
    default:
      tooltip = g_strdup (_("Save cleaned copies in a “cleaned” folder beside the originals, so you can "
                            "select everything in it for upload without picking an original by mistake. "
                            "(Ctrl+Return)"));
      break;
    }
  gtk_widget_set_tooltip_text (button, tooltip);

  /* Replacing originals changes them: the button says so by colour. */
  if (mode == VEIL_OUTPUT_REPLACE)
    {
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }
}

/* Replaces the original with its cleaned version, keeping the original in
 * the trash: the cleaned file is ready (written, checked, on disk) before
 * the original is moved, and takes the freed name at once. */
static gboolean
replace_keeping_original (VeilCleanedFile  *cleaned,
                          CleanEntry       *entry,
                          GError          **error)
{
  const char *dest = veil_cleaned_file_get_dest (cleaned);
  g_autoptr(GError) trash_error = NULL;

  if (!veil_cleaned_file_flush (cleaned, error))
    return FALSE;
  if (!veil_trash_file (dest, &entry->trashed, &trash_error))
    {
      g_autofree char *display = g_filename_display_name (dest);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: Veil cannot move the original to the trash, so it left it as it was: %s."),
                   display, trash_error->message);
      return FALSE;
    }
  if (veil_cleaned_file_commit (cleaned, error))
    return TRUE;
  /* The original must not stay away because its replacement failed. */
  if (entry->trashed != NULL && veil_trash_restore (entry->trashed, dest, NULL))
    g_clear_pointer (&entry->trashed, g_free);
  return FALSE;
}

static gboolean
clean_entry (VeilCleaner             *cleaner,
             VeilDestinationFolders  *folders,
             CleanEntry              *entry,
             GError                 **error)
{
  g_autoptr(VeilCleanedFile) cleaned = NULL;

  if (!veil_destination_folders_prepare (folders, entry->dest, NULL, error))
    return FALSE;
  cleaned = veil_cleaner_prepare (cleaner, entry->src, entry->dest, entry->overwrite, FALSE, error);
  if (cleaned == NULL)
    return FALSE;
  if (entry->overwrite ? !replace_keeping_original (cleaned, entry, error)
                       : !veil_cleaned_file_commit (cleaned, error))
    return FALSE;
  entry->written = g_strdup (veil_cleaned_file_get_dest (cleaned));
  return TRUE;
}

static void
clean_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CleanJob *job = task_data;
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (&job->options);
  g_autoptr(VeilDestinationFolders) folders = veil_destination_folders_new ();
  guint n = job->entries->len;

  for (guint i = 0; i < n; i++)
    {
      CleanEntry *entry = g_ptr_array_index (job->entries, i);
      g_autofree char *name = g_filename_display_basename (entry->src);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* Translators: progress while cleaning; %s is a file name. */
      text = g_strdup_printf (_("Cleaning %s (%u of %u)"), name, i + 1, n);
      veil_progress_report (job->progress, (double) i / n, text);

      if (!clean_entry (cleaner, folders, entry, &error))
        {
          entry->error = veil_plain_error_message (error->message, entry->src);
          continue;
        }
      entry->done = TRUE;
    }
  veil_progress_report (job->progress, 1.0, NULL);
  g_task_return_boolean (task, TRUE);
}

/* What Undo needs: the items whose originals were replaced, with where
 * each original lies in the trash. */
typedef struct {
  VeilPhotosPage *page;
  GPtrArray      *items;    /* VeilPhotoItem */
  GPtrArray      *paths;    /* the replaced files, char* */
  GPtrArray      *trashed;  /* where each original lies, char* */
} UndoReplace;

static void
undo_replace_free (UndoReplace *undo)
{
  g_object_unref (undo->page);
  g_ptr_array_unref (undo->items);
  g_ptr_array_unref (undo->paths);
  g_ptr_array_unref (undo->trashed);
  g_free (undo);
}

static void
undo_replace_notify (gpointer  data,
                     GClosure *closure)
{
  undo_replace_free (data);
}

static void
undo_replace_cb (AdwToast    *toast,
                 UndoReplace *undo)
{
  VeilPhotosPage *self = undo->page;
  g_autofree char *title = NULL;
  guint n_restored = 0, n_failed = 0;

  for (guint i = 0; i < undo->items->len; i++)
    {
      VeilPhotoItem *item = g_ptr_array_index (undo->items, i);
      g_autoptr(GError) error = NULL;

      if (!veil_trash_restore (g_ptr_array_index (undo->trashed, i), g_ptr_array_index (undo->paths, i), &error))
        {
          g_autofree char *message = veil_plain_error_message (error->message, veil_photo_item_get_path (item));
          veil_photo_item_set_clean_error (item, message);
          n_failed++;
          continue;
        }
      /* The list shows the photo as it is again, findings and all. */
      veil_photo_item_inspect (item, self->cancellable);
      n_restored++;
    }
  if (n_failed > 0)
    /* Translators: the first %u is a number of photos put back, the second
     * of photos that could not be. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Put back %u original, %u could not be put back",
                                          "Put back %u originals, %u could not be put back", n_restored),
                             n_restored, n_failed);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Put back %u original", "Put back %u originals",
                                          n_restored), n_restored);
  veil_page_toast (GTK_WIDGET (self), adw_toast_new (title));
  _veil_photos_page_update_actions (self);
  /* Only once. Last: this frees undo once the emission is over. */
  g_signal_handlers_disconnect_by_func (toast, undo_replace_cb, undo);
}

static void
clean_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VeilPhotosPage *self = VEIL_PHOTOS_PAGE (object);
  CleanJob *job = g_task_get_task_data (G_TASK (result));
  gboolean cancelled = g_cancellable_is_cancelled (veil_progress_get_cancellable (job->progress));
  g_autoptr(GPtrArray) items = g_steal_pointer (&self->cleaning);
  g_autofree char *show_uri = NULL;
  g_autofree char *title = NULL;
  guint n_done = 0, n_failed = job->n_not_cleanable;
  UndoReplace *undo = g_new0 (UndoReplace, 1);
  AdwToast *toast;

  g_task_propagate_boolean (G_TASK (result), NULL);
  undo->page = g_object_ref (self);
  undo->items = g_ptr_array_new_with_free_func (g_object_unref);
  undo->paths = g_ptr_array_new_with_free_func (g_free);
  undo->trashed = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < job->entries->len; i++)
    {
      CleanEntry *entry = g_ptr_array_index (job->entries, i);
      VeilPhotoItem *item = g_ptr_array_index (items, i);

      if (entry->done)
        {
          veil_photo_item_set_cleaned (item, entry->written);
          if (show_uri == NULL)
            show_uri = veil_folder_uri_of (entry->written);
          if (entry->trashed != NULL)
            {
              g_ptr_array_add (undo->items, g_object_ref (item));
              g_ptr_array_add (undo->paths, g_strdup (entry->written));
              g_ptr_array_add (undo->trashed, g_strdup (entry->trashed));
            }
          n_done++;
        }
      else if (entry->error != NULL)
        {
          veil_photo_item_set_clean_error (item, entry->error);
          n_failed++;
        }
    }

  g_binding_unbind (job->fraction_binding);
  g_binding_unbind (job->text_binding);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  g_clear_object (&self->progress);

  if (cancelled)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Stopped after cleaning %u photo",
                                          "Stopped after cleaning %u photos", n_done), n_done);
  else if (n_failed > 0)
    /* Translators: the first %u is a number of photos cleaned, the second
     * of photos that could not be cleaned. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cleaned %u photo, %u could not be cleaned",
                                          "Cleaned %u photos, %u could not be cleaned", n_done),
                             n_done, n_failed);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cleaned %u photo", "Cleaned %u photos", n_done),
                             n_done);
  toast = adw_toast_new (title);
  if (undo->items->len > 0)
    {
      /* The originals are in the trash: Undo puts them back. */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_replace_cb), undo,
                             undo_replace_notify, 0);
      undo = NULL;
    }
  else if (show_uri != NULL)
    {
      adw_toast_set_button_label (toast, _("Show in Files"));
      adw_toast_set_action_name (toast, "win.show-folder");
      adw_toast_set_action_target_value (toast, g_variant_new_string (show_uri));
    }
  /* The last result, for the UI tests: a toast's widgets are libadwaita's. */
  g_object_set_data_full (G_OBJECT (self), "veil-clean-toast", g_object_ref (toast), g_object_unref);
  veil_page_toast (GTK_WIDGET (self), toast);
  if (undo != NULL)
    undo_replace_free (undo);

  _veil_photos_page_update_actions (self);
  _veil_photos_page_notify_busy (self);
}

/* Two photos from different folders may share a name; in one output folder
 * the second becomes "name (2).jpg" instead of overwriting the first. */
static char *
unique_destination (GHashTable *taken,
                    const char *dest)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  const char *dot;

  if (!g_hash_table_contains (taken, dest))
    return g_strdup (dest);
  dir = g_path_get_dirname (dest);
  base = g_path_get_basename (dest);
  dot = strrchr (base, '.');
  for (guint i = 2; ; i++)
    {
      g_autofree char *stem = g_strndup (base, dot != NULL && dot != base ? (gsize) (dot - base) : strlen (base));
      g_autofree char *name = g_strdup_printf ("%s (%u)%s", stem, i, dot != NULL && dot != base ? dot : "");
      char *candidate = g_build_filename (dir, name, NULL);

      if (!g_hash_table_contains (taken, candidate))
        return candidate;
      g_free (candidate);
    }
}

static void
start_clean (VeilPhotosPage *self,
             GPtrArray      *targets,
             guint           n_not_cleanable)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  CleanJob *job = g_new0 (CleanJob, 1);
  gboolean replace = g_settings_get_enum (self->settings, "output-mode") == VEIL_OUTPUT_REPLACE;

  job->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) clean_entry_free);
  job->n_not_cleanable = n_not_cleanable;
  job->options.drop_icc = g_settings_get_boolean (self->settings, "drop-icc");
  job->options.flush_copies = g_settings_get_boolean (self->settings, "flush-copies");

  for (guint i = 0; i < targets->len; i++)
    {
      VeilPhotoItem *item = g_ptr_array_index (targets, i);
      CleanEntry *entry = g_new0 (CleanEntry, 1);
      g_autoptr(GError) error = NULL;
      g_autofree char *dest = veil_settings_destination_for (self->settings, veil_photo_item_get_path (item),
                                                             veil_photo_item_get_relative (item), &error);

      if (dest == NULL)
        {
          AdwToast *toast = adw_toast_new (error->message);

          adw_toast_set_button_label (toast, _("Preferences"));
          adw_toast_set_action_name (toast, "app.preferences");
          veil_page_toast (GTK_WIDGET (self), toast);
          g_free (entry);
          clean_job_free (job);
          return;
        }
      entry->src = g_strdup (veil_photo_item_get_path (item));
      entry->dest = replace ? g_strdup (dest) : unique_destination (taken, dest);
      entry->overwrite = replace;
      g_hash_table_add (taken, g_strdup (entry->dest));
      g_ptr_array_add (job->entries, entry);
    }

  self->cleaning = g_ptr_array_ref (targets);
  self->progress = veil_progress_new ();
  job->progress = g_object_ref (self->progress);
  job->fraction_binding = g_object_bind_property (self->progress, "fraction", self->progress_bar, "fraction",
                                                  G_BINDING_SYNC_CREATE);
  job->text_binding = g_object_bind_property (self->progress, "text", self->progress_bar, "text",
                                              G_BINDING_DEFAULT);
  gtk_progress_bar_set_text (self->progress_bar, _("Cleaning…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);

  task = g_task_new (self, veil_progress_get_cancellable (self->progress), clean_done, NULL);
  g_task_set_source_tag (task, start_clean);
  /* Let the worker finish the file in hand and remove temporary files. */
  g_task_set_return_on_cancel (task, FALSE);
  /* The result callback reads the entries, so ask GTask not to check the
   * cancellable for us: a cancelled clean still reports what it did. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) clean_job_free);
  g_task_run_in_thread (task, clean_thread);

  _veil_photos_page_update_actions (self);
  _veil_photos_page_notify_busy (self);
}

static void
confirm_replace_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  VeilPhotosPage *self = g_object_get_data (G_OBJECT (dialog), "page");
  GPtrArray *targets = g_object_get_data (G_OBJECT (dialog), "targets");

  if (g_str_equal (response, "replace") && self->progress == NULL)
    start_clean (self, targets, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "n-not-cleanable")));
}

void
_veil_photos_page_clean (VeilPhotosPage *self)
{
  g_autoptr(GPtrArray) targets = NULL;
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  guint n_not_cleanable = 0;

  if (self->progress != NULL)
    return;
  targets = collect_targets (self, NULL, &n_not_cleanable);
  if (targets->len == 0)
    return;

  if (g_settings_get_enum (self->settings, "output-mode") != VEIL_OUTPUT_REPLACE)
    {
      start_clean (self, targets, n_not_cleanable);
      return;
    }

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The original photo will be replaced with its cleaned version and "
                                       "moved to the trash, from where Undo puts it back. To keep originals "
                                       "where they are, choose another place for cleaned copies in Preferences.",
                                       "The %u original photos will be replaced with their cleaned versions and "
                                       "moved to the trash, from where Undo puts them back. To keep originals "
                                       "where they are, choose another place for cleaned copies in Preferences.",
                                       targets->len), targets->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Replace the Originals?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace Originals"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "targets", g_steal_pointer (&targets),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "n-not-cleanable", GUINT_TO_POINTER (n_not_cleanable));
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_replace_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_veil_photos_page_cancel_clean (VeilPhotosPage *self)
{
  if (self->progress == NULL)
    return;
  veil_progress_cancel (self->progress);
  gtk_progress_bar_set_text (self->progress_bar, _("Stopping after this photo…"));
}
