/* veil-photos-page.h: the Photos section: drop photos in, see what they
 * give away, save clean copies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_PHOTOS_PAGE (veil_photos_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilPhotosPage, veil_photos_page, VEIL, PHOTOS_PAGE, GtkWidget)

GtkWidget          *veil_photos_page_new           (void);
/* Adds files and folders (walked off the main thread) and inspects them:
 * the one path used by drag and drop, the open dialogs and the command
 * line. */
void                veil_photos_page_add_files     (VeilPhotosPage  *self,
                                                    GFile          **files,
                                                    guint            n_files);
/* The photos, as VeilPhotoItems. */
GListModel         *veil_photos_page_get_model     (VeilPhotosPage  *self);
GtkSelectionModel  *veil_photos_page_get_selection (VeilPhotosPage  *self);
/* TRUE while folders are walked, photos inspected or cleaned. */
gboolean            veil_photos_page_get_busy      (VeilPhotosPage  *self);

G_END_DECLS
