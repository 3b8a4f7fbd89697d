/* veil-page-util.h: small pieces the Photos, Accounts and Apps pages
 * and the Protect Faces windows share: showing a toast from inside a
 * page, the files a file chooser returned, the folder of a saved file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-drop-area.h"

G_BEGIN_DECLS

/* Shows toast (floating, consumed) in the nearest AdwToastOverlay above
 * page; without one (a page outside a window, as in some tests) its
 * title goes to the log instead. */
void       veil_page_toast         (GtkWidget      *page,
                                    AdwToast       *toast);
/* The files chosen in a GtkFileChooser dialog, each a new reference. */
GPtrArray *veil_page_chooser_files (GtkFileChooser *chooser);
/* Adds the "All files" filter, offered last in every Open dialog. */
void       veil_page_add_all_files_filter (GtkFileChooser *chooser);
/* Shows chooser (new, owned by the call) as the page's open dialog:
 * modal, several files at once, kept in *slot (which the page's dispose
 * destroys and clears) until it answers. On accept the chosen files go
 * to veil_drop_area_open_files (page, files, n_files, func), routed
 * by content as a drop is; then the dialog is destroyed and *slot
 * cleared. */
void       veil_page_show_chooser  (GtkWidget            *page,
                                    GtkNativeDialog     **slot,
                                    GtkFileChooserNative *chooser,
                                    VeilDropFilesFunc     func);

/* The URI of the folder that holds path, for "Show in Files"; NULL for
 * a path with no parent. */
char      *veil_folder_uri_of      (const char     *path);
/* Opens the folder that holds path in the file manager, over window. */
void       veil_show_folder_of     (GtkWindow      *window,
                                    const char     *path);

/* GTK 4.8 gives the close buttons of GtkSearchBar (and GtkInfoBar) no
 * accessible name: name every such button below widget "Close". */
void       veil_page_name_close_buttons (GtkWidget *widget);

G_END_DECLS
