/* veil-photo-row.h: a photo in the list: thumbnail, name, format and a
 * state badge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-photo-item.h"

G_BEGIN_DECLS

#define VEIL_TYPE_PHOTO_ROW (veil_photo_row_get_type ())

G_DECLARE_FINAL_TYPE (VeilPhotoRow, veil_photo_row, VEIL, PHOTO_ROW, GtkWidget)

GtkWidget     *veil_photo_row_new        (void);
VeilPhotoItem *veil_photo_row_get_item   (VeilPhotoRow  *self);
void           veil_photo_row_set_item   (VeilPhotoRow  *self,
                                          VeilPhotoItem *item);
const char    *veil_photo_row_get_badge  (VeilPhotoRow  *self);
/* The folder line, or NULL while the name needs none. */
const char    *veil_photo_row_get_folder (VeilPhotoRow  *self);

/* The badge text for an item: "3 findings", "Clean", "Not supported"... */
char          *veil_photo_state_badge    (VeilPhotoItem *item);

G_END_DECLS
