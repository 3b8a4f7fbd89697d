/* veil-video-track.h: linking face detections into tracks across frames,
 * and the box to hide in every frame of a track, including frames where
 * the detector missed the face.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  float x, y, width, height;
} VeilBox;

typedef struct {
  guint   frame;
  VeilBox box;
  float   score;
} VeilTrackPoint;

typedef struct {
  guint   number;   /* 1-based, in order of first appearance */
  GArray *points;   /* VeilTrackPoint, by frame */
} VeilTrack;

typedef struct _VeilTracker VeilTracker;

/* A track ends when its face is not seen for more than max_gap frames. */
VeilTracker *veil_tracker_new    (guint             max_gap);
void         veil_tracker_free   (VeilTracker      *tracker);
/* Adds one frame's detections (frames in increasing order); writes the
 * index of the track each box joined (or started) into track_of_box. */
void         veil_tracker_add    (VeilTracker      *tracker,
                                  guint             frame,
                                  const VeilBox    *boxes,
                                  const float      *scores,
                                  guint             n_boxes,
                                  guint            *track_of_box);
guint        veil_tracker_n_tracks (VeilTracker    *tracker);
VeilTrack   *veil_tracker_track  (VeilTracker      *tracker,
                                  guint             index);

/* The region to hide in `frame`: the detections interpolated, grown by a
 * margin for hair and chin and by how far the face moves per frame, and
 * held `pad` frames before the first and after the last detection. A box
 * smaller than the track's typical_size (the detector saw only the part of
 * a face not behind something, or a head turned) is widened to it. FALSE
 * when the track does not reach this frame. */
gboolean     veil_track_box_at   (const VeilTrack  *track,
                                  guint             frame,
                                  guint             pad,
                                  float             typical_size,
                                  VeilBox          *out);
/* The typical face size of a track (median of the larger box side). */
float        veil_track_size     (const VeilTrack  *track);

float        veil_box_iou        (const VeilBox    *a,
                                  const VeilBox    *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTracker, veil_tracker_free)

G_END_DECLS
