/* veil-photo-details.h: what one photo gives away, grouped by what it
 * reveals about a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-photo-item.h"

G_BEGIN_DECLS

#define VEIL_TYPE_PHOTO_DETAILS (veil_photo_details_get_type ())

G_DECLARE_FINAL_TYPE (VeilPhotoDetails, veil_photo_details, VEIL, PHOTO_DETAILS, GtkWidget)

GtkWidget     *veil_photo_details_new          (void);
VeilPhotoItem *veil_photo_details_get_item     (VeilPhotoDetails *self);
/* Shows item, or "no photo selected" for NULL. */
void           veil_photo_details_set_item     (VeilPhotoDetails *self,
                                                VeilPhotoItem    *item);
/* Shows that n_selected (two or more) photos are selected. */
void           veil_photo_details_set_multiple (VeilPhotoDetails *self,
                                                guint             n_selected);

G_END_DECLS
