/* veil-page-util.c: small pieces the Photos, Accounts and Apps pages
 * share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-page"

#include "config.h"

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
