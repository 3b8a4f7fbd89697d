/* veil-drag-source.c: dragging result files out of Veil.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-drag-source"

#include "config.h"

#include "veil-drag-source.h"

typedef struct {
  VeilDragFilesFunc func;
  gpointer          user_data;
} DragSource;

GdkContentProvider *
veil_drag_source_provider (GPtrArray *files)
{
  g_autoptr(GString) uris = g_string_new (NULL);
  g_autoptr(GSList) list = NULL;
  GdkFileList *file_list;
  g_autoptr(GBytes) bytes = NULL;
  GdkContentProvider *providers[2];

  g_return_val_if_fail (files != NULL && files->len > 0, NULL);

  for (guint i = files->len; i > 0; i--)
    list = g_slist_prepend (list, files->pdata[i - 1]);
  /* text/uri-list (RFC 2483): one URI per line, CRLF. GTK would derive it
   * from the file list too; it is given outright so that every receiver
   * sees it among the offered types. */
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *uri = g_file_get_uri (files->pdata[i]);
      g_string_append_printf (uris, "%s\r\n", uri);
    }
  file_list = gdk_file_list_new_from_list (list);
  bytes = g_bytes_new (uris->str, uris->len);
  /* The provider keeps a copy of the boxed list. */
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, file_list);
  g_boxed_free (GDK_TYPE_FILE_LIST, file_list);
  providers[1] = gdk_content_provider_new_for_bytes ("text/uri-list", bytes);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

static GdkContentProvider *
prepare_cb (GtkDragSource *source,
            double         x,
            double         y,
            DragSource    *drag)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GPtrArray) files = drag->func (widget, x, y, drag->user_data);

  if (files == NULL || files->len == 0)
    return NULL;
  return veil_drag_source_provider (files);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               gpointer       user_data)
{
  g_autoptr(GtkIconPaintable) icon = NULL;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (widget)),
                                     "image-x-generic", NULL, 48, gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);
  gtk_drag_source_set_icon (source, GDK_PAINTABLE (icon), 0, 0);
}

static void
drag_source_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

void
veil_drag_source_attach (GtkWidget         *widget,
                         VeilDragFilesFunc  func,
                         gpointer           user_data)
{
  GtkDragSource *source;
  DragSource *drag;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  drag = g_new0 (DragSource, 1);
  drag->func = func;
  drag->user_data = user_data;
  g_signal_connect_data (source, "prepare", G_CALLBACK (prepare_cb), drag, drag_source_free, 0);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), NULL);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));
}
