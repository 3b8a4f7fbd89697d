/* veil-drop-area.c: a GtkDropTarget for files plus its drop overlay,
 * shared by the pages that take files by drag and drop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-drop-area"

#include "config.h"

#include "veil-drop-area.h"

typedef struct {
  GtkWidget         *widget;   /* owns the target, so outlives it */
  GtkRevealer       *overlay;  /* a reference: the template lets go first */
  VeilDropFilesFunc  func;
} DropArea;

/* Photos dragged out of Veil's own list are on their way to another app:
 * passing over the window must not offer to add them again. */
static gboolean
accept_cb (GtkDropTarget *target,
           GdkDrop       *drop,
           DropArea      *area)
{
  return gdk_drop_get_drag (drop) == NULL &&
         gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop), GDK_TYPE_FILE_LIST);
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               DropArea      *area)
{
  gtk_revealer_set_reveal_child (area->overlay, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               DropArea      *area)
{
  gtk_revealer_set_reveal_child (area->overlay, FALSE);
}

static gboolean
open_in_window (GtkWidget *widget,
                GPtrArray *files)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (uris, g_file_get_uri (files->pdata[i]));
  return gtk_widget_activate_action_variant (widget, "win.open-uris",
                                             g_variant_new_strv ((const char * const *) uris->pdata,
                                                                 (gssize) uris->len));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DropArea      *area)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  gtk_revealer_set_reveal_child (area->overlay, FALSE);
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  if (files->len == 0)
    return FALSE;
  veil_drop_area_open_files (area->widget, (GFile **) files->pdata, files->len, area->func);
  return TRUE;
}

void
veil_drop_area_open_files (GtkWidget         *widget,
                           GFile            **files,
                           guint              n_files,
                           VeilDropFilesFunc  func)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  if (n_files == 0)
    return;
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (list, files[i]);
  /* In the main window every file is routed by content to the section
   * that handles it (veil-window-open.c); a page on its own takes the
   * files itself. */
  if (!open_in_window (widget, list))
    func (widget, files, n_files);
}

static void
drop_area_free (gpointer  data,
                GClosure *closure)
{
  DropArea *area = data;

  g_object_unref (area->overlay);
  g_free (area);
}

void
veil_drop_area_attach (GtkWidget         *widget,
                       GtkRevealer       *overlay,
                       VeilDropFilesFunc  func)
{
  GtkDropTarget *target;
  DropArea *area;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GTK_IS_REVEALER (overlay));
  g_return_if_fail (func != NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  area = g_new0 (DropArea, 1);
  area->widget = widget;
  area->overlay = g_object_ref (overlay);
  area->func = func;
  g_signal_connect (target, "accept", G_CALLBACK (accept_cb), area);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), area);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), area);
  /* The last handler frees the shared data when the target goes. */
  g_signal_connect_data (target, "drop", G_CALLBACK (drop_cb), area, drop_area_free, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}
