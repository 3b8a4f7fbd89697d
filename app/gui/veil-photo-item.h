/* veil-photo-item.h: one photo in the Photos list and what it gives away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-core.h"

G_BEGIN_DECLS

/* The per-file state machine the row badge shows. */
typedef enum {
  VEIL_PHOTO_STATE_CHECKING,     /* being inspected */
  VEIL_PHOTO_STATE_FOUND,        /* gives something away */
  VEIL_PHOTO_STATE_CLEAN,        /* nothing removable found */
  VEIL_PHOTO_STATE_UNSUPPORTED,  /* a format Veil does not clean */
  VEIL_PHOTO_STATE_ERROR,        /* could not be read or cleaned */
  VEIL_PHOTO_STATE_CLEANED,      /* a cleaned copy was written */
} VeilPhotoState;

#define VEIL_TYPE_PHOTO_ITEM (veil_photo_item_get_type ())

G_DECLARE_FINAL_TYPE (VeilPhotoItem, veil_photo_item, VEIL, PHOTO_ITEM, GObject)

VeilPhotoItem    *veil_photo_item_new             (GFile         *file,
                                                   const char    *relative);
GFile            *veil_photo_item_get_file        (VeilPhotoItem *self);
const char       *veil_photo_item_get_path        (VeilPhotoItem *self);
const char       *veil_photo_item_get_name        (VeilPhotoItem *self);
const char       *veil_photo_item_get_relative    (VeilPhotoItem *self);
/* TRUE when another photo in the list has the same name: the row then
 * shows the folder, so the two can be told apart. Set by the list. */
gboolean          veil_photo_item_get_name_collides (VeilPhotoItem *self);
void              veil_photo_item_set_name_collides (VeilPhotoItem *self,
                                                     gboolean       collides);
/* The folder the photo is in, for display ("~/Pictures/2023"). */
char             *veil_photo_item_get_folder_display (VeilPhotoItem *self);
VeilPhotoState    veil_photo_item_get_state       (VeilPhotoItem *self);
VeilFormat        veil_photo_item_get_format      (VeilPhotoItem *self);
const VeilReport *veil_photo_item_get_report      (VeilPhotoItem *self);
guint             veil_photo_item_get_n_findings  (VeilPhotoItem *self);
const char       *veil_photo_item_get_message     (VeilPhotoItem *self);
/* The engine's technical text behind an error message, or NULL. */
const char       *veil_photo_item_get_detail      (VeilPhotoItem *self);
const char       *veil_photo_item_get_cleaned_path (VeilPhotoItem *self);
gboolean          veil_photo_item_get_can_clean   (VeilPhotoItem *self);
/* NULL until loaded; the first call starts loading it off the main thread
 * and notifies :thumbnail when it is there. */
GdkPaintable     *veil_photo_item_get_thumbnail   (VeilPhotoItem *self);

void              veil_photo_item_inspect         (VeilPhotoItem *self,
                                                   GCancellable  *cancellable);
/* After Protect Faces: the protected copy is the cleaned copy. */
void              veil_photo_item_set_protected   (VeilPhotoItem *self,
                                                   const char    *protected_path);
gboolean          veil_photo_item_get_protected   (VeilPhotoItem *self);
void              veil_photo_item_set_cleaned     (VeilPhotoItem *self,
                                                   const char    *cleaned_path);
void              veil_photo_item_set_clean_error (VeilPhotoItem *self,
                                                   const char    *message);

/* Loads a picture scaled to fit size×size pixels (or, with square, cropped
 * to fill them), turned the way the camera meant it, off the main thread. */
void              veil_load_picture_async         (const char          *path,
                                                   int                  size,
                                                   gboolean             square,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GdkPaintable     *veil_load_picture_finish        (GAsyncResult        *result,
                                                   GError             **error);

/* An engine error message without the leading "PATH: " and starting with a
 * capital letter, for a UI that already shows the file name. */
char             *veil_plain_error_message        (const char          *message,
                                                   const char          *path);

G_END_DECLS
