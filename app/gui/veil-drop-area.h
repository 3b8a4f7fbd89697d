/* veil-drop-area.h: files dropped onto a page, with an overlay that
 * shows while a drag is over it. The Photos, Accounts and Apps pages
 * each take files this way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called with the dropped files (borrowed) and the widget as owner. */
typedef void (*VeilDropFilesFunc) (gpointer  owner,
                                   GFile   **files,
                                   guint     n_files);

/* Accepts GdkFileList drops (copy) on widget: reveals overlay while a
 * drag is over it, hides it again on leave or drop, and hands the
 * dropped files to func (widget, files, n_files). overlay must live as
 * long as widget (a template child). */
void veil_drop_area_attach (GtkWidget         *widget,
                            GtkRevealer       *overlay,
                            VeilDropFilesFunc  func);

/* Files a person gave to widget's page, by dropping them on it or in
 * its Open dialog: one way in for both. Inside Veil's window they go
 * through win.open-uris, which routes each by content to the section
 * that handles it and says where the others went; a page on its own
 * (no window action) hands them to func (widget, files, n_files).
 * files are borrowed. */
void veil_drop_area_open_files (GtkWidget         *widget,
                                GFile            **files,
                                guint              n_files,
                                VeilDropFilesFunc  func);

G_END_DECLS
