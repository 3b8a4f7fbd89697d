/* veil-drag-source.h: dragging Veil's results (cleaned or protected files)
 * out of a list into another app: a browser's upload area, Files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The files a drag that starts at (x, y) on widget offers, as a new
 * GPtrArray of GFile; NULL or empty: nothing to drag from there. */
typedef GPtrArray *(*VeilDragFilesFunc) (GtkWidget *widget,
                                         double     x,
                                         double     y,
                                         gpointer   user_data);

/* Adds a GtkDragSource (copy) to widget offering func's files both as a
 * GdkFileList and as text/uri-list, which is what browsers and Files read. */
void                veil_drag_source_attach    (GtkWidget         *widget,
                                                VeilDragFilesFunc  func,
                                                gpointer           user_data);
/* The content provider for files (the same one the drag offers). */
GdkContentProvider *veil_drag_source_provider  (GPtrArray         *files);

G_END_DECLS
