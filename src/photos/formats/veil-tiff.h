/* veil-tiff.h: the TIFF/DNG directory walker, for the handler and its
 * fuzz target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VeilTiff VeilTiff;

/* Reads every image directory (pages, SubIFDs) and the EXIF, GPS and
 * Interop directories under them, and decides what a clean keeps. Fails on
 * anything a clean could not copy safely: loops, offsets past the end,
 * overlapping image data, BigTIFF, camera raws other than DNG. */
gboolean _veil_tiff_load (const guint8  *data,
                          gsize          len,
                          VeilTiff     **out,
                          GError       **error);
void     _veil_tiff_free (VeilTiff      *tiff);

G_END_DECLS
