/* veil-photos-page-dnd.c: getting photos into the Photos page: drag and
 * drop onto the whole page, and the Open Files / Open Folder dialogs.
 *
 * Both end in veil_photos_page_add_files(), the same path the command line
 * and the tests use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photos-page"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-photos-page-private.h"

void
_veil_photos_page_setup_dnd (VeilPhotosPage *self)
{
  veil_drop_area_attach (GTK_WIDGET (self), self->drop_revealer,
                         (VeilDropFilesFunc) veil_photos_page_add_files);
}

void
_veil_photos_page_open (VeilPhotosPage *self,
                        gboolean        folders)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  if (folders)
    chooser = gtk_file_chooser_native_new (_("Open Folder"), GTK_WINDOW (root),
                                           GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                           _("_Open"), _("_Cancel"));
  else
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      chooser = gtk_file_chooser_native_new (_("Open Files"), GTK_WINDOW (root),
                                             GTK_FILE_CHOOSER_ACTION_OPEN,
                                             _("_Open"), _("_Cancel"));
      gtk_file_filter_set_name (filter, _("Photos and videos"));
      gtk_file_filter_add_mime_type (filter, "image/*");
      gtk_file_filter_add_mime_type (filter, "video/*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      g_object_unref (filter);

      veil_page_add_all_files_filter (GTK_FILE_CHOOSER (chooser));
    }
  veil_page_show_chooser (GTK_WIDGET (self), &self->chooser, chooser,
                          (VeilDropFilesFunc) veil_photos_page_add_files);
}
