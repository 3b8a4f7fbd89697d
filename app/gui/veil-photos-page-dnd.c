/* veil-photos-page-dnd.c: getting photos into the Photos page: drag and
 * drop onto the whole page, and the Open Files / Open Folder dialogs; and
 * out of it: dragging cleaned photos from the list into another app.
 *
 * Both ways in end in veil_photos_page_add_files(), the same path the
 * command line and the tests use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photos-page"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-drag-source.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page-private.h"

/* What may leave Veil by dragging: a cleaned copy, or a photo that had
 * nothing to remove. Never an original that still gives something away,
 * which would be too easy to upload by mistake. */
static GFile *
shareable_file (VeilPhotoItem *item)
{
  switch (veil_photo_item_get_state (item))
    {
    case VEIL_PHOTO_STATE_CLEANED:
      return g_file_new_for_path (veil_photo_item_get_cleaned_path (item));
    case VEIL_PHOTO_STATE_CLEAN:
      return g_object_ref (veil_photo_item_get_file (item));
    default:
      return NULL;
    }
}

/* The row under the pointer; when it is selected, every selected photo
 * goes along, as in Files. */
static GPtrArray *
drag_files (GtkWidget *list_view,
            double     x,
            double     y,
            gpointer   user_data)
{
  VeilPhotosPage *self = user_data;
  GtkWidget *picked = gtk_widget_pick (list_view, x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL ? gtk_widget_get_ancestor (picked, VEIL_TYPE_PHOTO_ROW) : NULL;
  GListModel *model = G_LIST_MODEL (self->store);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);
  VeilPhotoItem *item;
  gboolean selected = FALSE;
  guint n = g_list_model_get_n_items (model);

  if (row == NULL || (item = veil_photo_row_get_item (VEIL_PHOTO_ROW (row))) == NULL)
    return files;
  for (guint i = 0; i < n && !selected; i++)
    {
      g_autoptr(VeilPhotoItem) other = g_list_model_get_item (model, i);
      selected = other == item && gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VeilPhotoItem) other = g_list_model_get_item (model, i);
      GFile *file;

      if (selected ? !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i)
                   : other != item)
        continue;
      if ((file = shareable_file (other)) != NULL)
        g_ptr_array_add (files, file);
    }
  return files;
}

void
_veil_photos_page_setup_dnd (VeilPhotosPage *self)
{
  veil_drop_area_attach (GTK_WIDGET (self), self->drop_revealer,
                         (VeilDropFilesFunc) veil_photos_page_add_files);
  veil_drag_source_attach (GTK_WIDGET (self->list_view), drag_files, self);
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
