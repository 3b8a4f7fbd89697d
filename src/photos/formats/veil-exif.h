/* veil-exif.h: findings from an EXIF block (through libexif).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* tiff starts at the TIFF header ("II*\0" / "MM\0*"), as EXIF is stored
 * after "Exif\0\0" in JPEG, in PNG eXIf, WebP EXIF and HEIF Exif items. */
void     _veil_exif_findings    (const guint8 *tiff,
                                 gsize         len,
                                 VeilReport   *report);
/* The Orientation tag of IFD0 (1..8), read without libexif so the clean
 * path stays cheap. FALSE when there is none or it is out of range. */
gboolean _veil_exif_orientation (const guint8 *tiff,
                                 gsize         len,
                                 guint16      *orientation);
/* A minimal big-endian TIFF block holding only IFD0 Orientation, for
 * formats that keep the orientation in EXIF. */
GBytes  *_veil_exif_orientation_only (guint16 orientation);
/* Human form of an orientation value: "Rotate 90° clockwise". */
const char *_veil_orientation_describe (guint16 orientation);

G_END_DECLS
