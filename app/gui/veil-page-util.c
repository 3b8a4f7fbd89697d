/* veil-page-util.c: small pieces the Photos, Accounts and Apps pages
 * share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-page"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-page-util.h"

void
veil_page_toast (GtkWidget *page,
                 AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (page, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (g_object_ref_sink (toast));
    }
}

void
veil_page_add_all_files_filter (GtkFileChooser *chooser)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

GPtrArray *
veil_page_chooser_files (GtkFileChooser *chooser)
{
  g_autoptr(GListModel) list = gtk_file_chooser_get_files (chooser);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (files, g_list_model_get_item (list, i));
  return files;
}

typedef struct {
  GtkWidget         *page;
  GtkNativeDialog  **slot;
  VeilDropFilesFunc  func;
} ChooserJob;

static void
chooser_job_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ChooserJob      *job)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GPtrArray) files = veil_page_chooser_files (GTK_FILE_CHOOSER (chooser));

      /* The same way in as a drop: a chosen APK or export goes to the
       * section that handles it, not to the page whose dialog it was. */
      veil_drop_area_open_files (job->page, (GFile **) files->pdata, files->len, job->func);
    }
  gtk_native_dialog_destroy (chooser);
  /* Last: clearing the slot may drop the dialog, and with it job. */
  if (*job->slot == chooser)
    g_clear_object (job->slot);
}

void
veil_page_show_chooser (GtkWidget             *page,
                        GtkNativeDialog      **slot,
                        GtkFileChooserNative  *chooser,
                        VeilDropFilesFunc      func)
{
  ChooserJob *job;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (slot != NULL && *slot == NULL);
  g_return_if_fail (func != NULL);

  job = g_new0 (ChooserJob, 1);
  job->page = page;
  job->slot = slot;
  job->func = func;
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb), job, chooser_job_free, 0);

  *slot = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (*slot);
}

void
veil_page_name_close_buttons (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "window-close-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close"), -1);
      veil_page_name_close_buttons (child);
    }
}

char *
veil_folder_uri_of (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) parent = g_file_get_parent (file);

  return parent != NULL ? g_file_get_uri (parent) : NULL;
}

void
veil_show_folder_of (GtkWindow  *window,
                     const char *path)
{
  g_autofree char *uri = veil_folder_uri_of (path);

  if (uri != NULL)
    gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}
