/* veil-video-hide.h: hiding a region of a decoded video frame for good.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-video-codec.h"

G_BEGIN_DECLS

/* Replaces the rectangle (luma pixels) by the means of `block`-pixel cells
 * of a grid fixed to the frame (so a moving face is not sampled at shifting
 * places from frame to frame), drawn as flat blocks (pixelate) or blended
 * smoothly between cell centres (smooth: looks blurred), then adds noise.
 * Nothing finer than a cell is left, so unlike a Gaussian blur it cannot be
 * sharpened back. `seed` varies the noise from frame to frame. */
void veil_video_hide_region (VeilVideoPlanes *planes,
                             int              x,
                             int              y,
                             int              width,
                             int              height,
                             int              block,
                             gboolean         smooth,
                             guint32          seed);

G_END_DECLS
