/* veil-picture-decode.h: decoders for the pictures OpenCV cannot read
 * (HEIC/HEIF and AVIF, through libheif).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-cv.h"
#include "veil-types.h"

G_BEGIN_DECLS

/* TRUE for the formats veil_cv_image_load() hands to a decoder here. */
gboolean   veil_picture_needs_own_decoder (VeilFormat    format);

/* Decodes the primary picture of a HEIF or AVIF file, rotated and mirrored
 * as it is displayed, into BGR. */
VeilImage *veil_picture_decode_heif       (const guint8 *data,
                                           gsize         len,
                                           const char   *path,
                                           GError      **error);

G_END_DECLS
