/* veil-video-detect.h: finding faces in one video frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-cv.h"
#include "veil-video-track.h"

G_BEGIN_DECLS

/* The frame turned upright as a player shows it (rotation clockwise:
 * 0, 90, 180, 270); a new image, or a copy when rotation is 0. */
VeilImage *veil_video_upright       (const VeilImage  *coded,
                                     int               rotation);
/* A box in the upright picture, back in the coded one (width × height). */
VeilBox    veil_video_box_to_coded  (const VeilBox    *upright,
                                     int               rotation,
                                     int               coded_width,
                                     int               coded_height);
/* And back: a box in the coded picture, in the upright one. */
VeilBox    veil_video_box_to_upright (const VeilBox   *coded,
                                      int              rotation,
                                      int              coded_width,
                                      int              coded_height);
/* Faces at full size (from about 12 px up to a few hundred) and, with
 * small_scales, at 1/2 and 1/4 size too (up to the whole frame),
 * duplicates merged; in `image`'s pixels. */
GArray    *veil_video_detect_faces  (VeilFaceDetector *detector,
                                     const VeilImage  *image,
                                     gboolean          small_scales,
                                     GError          **error);
/* Faces near the given ones only (boxes in the image's pixels): a region
 * around each cut out, made smaller where the face is large, and set
 * beside the others on one canvas. Finds the faces already followed again
 * for a fraction of the cost of the whole frame. */
GArray    *veil_video_detect_faces_near (VeilFaceDetector *detector,
                                         const VeilImage  *image,
                                         const VeilBox    *faces,
                                         guint             n_faces,
                                         GError          **error);
/* A square crop around box, scaled to size × size, for lists. */
VeilImage *veil_video_face_thumbnail (const VeilImage *image,
                                      const VeilBox   *box,
                                      int              size,
                                      GError         **error);

G_END_DECLS
