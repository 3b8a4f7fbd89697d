/* veil-cloak-private.h: what the cloak's files share with the rest of the
 * face code but not with callers of veil-cloak.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-cv.h"

G_BEGIN_DECLS

/* Writes a picture to dest_path (PNG or JPEG by its suffix),
 * without metadata, complete or not at all. Shared with the app's per-face
 * protection (veil-faces-views.c). */
gboolean _veil_cloak_write_output (const VeilImage *image,
                                   const char      *dest_path,
                                   int              quality,
                                   GError         **error);

G_END_DECLS
