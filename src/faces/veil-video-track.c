/* veil-video-track.c: face tracks across the frames of a video.
 *
 * Why tracks: a detector run on each frame alone misses a face now and
 * then (turned, blurred by motion, half behind something), and each miss
 * shows the face for a frame. Linking detections into tracks lets the gaps
 * be filled: boxes are interpolated between detections, held a few frames
 * before the first and after the last, and grown by how fast the face moves
 * so the guess still covers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include <math.h>

#include "veil-video-track.h"

struct _VeilTracker {
  GPtrArray *tracks;    /* VeilTrack */
  guint      max_gap;
};

/* Margins around the detector's box (forehead to chin, cheek to cheek):
 * hair, ears and the jaw line identify people too. */
#define MARGIN_SIDE   0.22f
#define MARGIN_TOP    0.30f
#define MARGIN_BOTTOM 0.18f

static void
track_free (gpointer data)
{
  VeilTrack *track = data;

  g_array_unref (track->points);
  g_free (track);
}

VeilTracker *
veil_tracker_new (guint max_gap)
{
  VeilTracker *tracker = g_new0 (VeilTracker, 1);

  tracker->tracks = g_ptr_array_new_with_free_func (track_free);
  tracker->max_gap = MAX (max_gap, 1);
  return tracker;
}

void
veil_tracker_free (VeilTracker *tracker)
{
  if (tracker == NULL)
    return;
  g_ptr_array_unref (tracker->tracks);
  g_free (tracker);
}

guint
veil_tracker_n_tracks (VeilTracker *tracker)
{
  return tracker->tracks->len;
}

VeilTrack *
veil_tracker_track (VeilTracker *tracker, guint index)
{
  return g_ptr_array_index (tracker->tracks, index);
}

float
veil_box_iou (const VeilBox *a, const VeilBox *b)
{
  float x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  float x1 = MIN (a->x + a->width, b->x + b->width), y1 = MIN (a->y + a->height, b->y + b->height);
  float inter = MAX (0.0f, x1 - x0) * MAX (0.0f, y1 - y0);
  float uni = a->width * a->height + b->width * b->height - inter;

  return uni > 0.0f ? inter / uni : 0.0f;
}

static const VeilTrackPoint *
point (const VeilTrack *track, guint i)
{
  return &g_array_index (track->points, VeilTrackPoint, i);
}

/* Centre motion in pixels per frame between two points. */
static float
speed_between (const VeilTrackPoint *a, const VeilTrackPoint *b)
{
  float dx = (b->box.x + b->box.width / 2) - (a->box.x + a->box.width / 2);
  float dy = (b->box.y + b->box.height / 2) - (a->box.y + a->box.height / 2);
  guint df = b->frame > a->frame ? b->frame - a->frame : 1;

  return sqrtf (dx * dx + dy * dy) / (float) df;
}

/* Where the track's face should be in `frame`, moving on at its last
 * velocity. */
static VeilBox
predict (const VeilTrack *track, guint frame)
{
  const VeilTrackPoint *last = point (track, track->points->len - 1);
  VeilBox box = last->box;

  if (track->points->len >= 2)
    {
      const VeilTrackPoint *prev = point (track, track->points->len - 2);
      float df = (float) (last->frame - prev->frame);
      float ahead = (float) (frame - last->frame);

      box.x += (last->box.x - prev->box.x) / df * ahead;
      box.y += (last->box.y - prev->box.y) / df * ahead;
    }
  return box;
}

/* How well a detection continues a track: 0 = not at all. Overlap counts
 * most; a face that moved further than its size in one step (fast motion,
 * or a few missed frames) still joins when it is near and of similar size. */
static float
match_score (const VeilTrack *track, guint frame, const VeilBox *det)
{
  const VeilTrackPoint *last = point (track, track->points->len - 1);
  VeilBox pred = predict (track, frame);
  float iou = veil_box_iou (&pred, det);
  float size = MAX (pred.height, det->height);
  /* Heights: a face half behind something or turned away keeps its
   * height, not its width. */
  float ratio = MAX (pred.height, det->height) / MAX (1.0f, MIN (pred.height, det->height));
  float dx = (pred.x + pred.width / 2) - (det->x + det->width / 2);
  float dy = (pred.y + pred.height / 2) - (det->y + det->height / 2);
  float reach = 0.8f + 0.15f * (float) (frame - last->frame);
  float near = sqrtf (dx * dx + dy * dy) / size;

  if (ratio > 2.0f)
    return 0.0f;
  if (iou > 0.2f)
    return 1.0f + iou;
  if (near < MIN (reach, 3.0f))
    return 1.0f - near / MIN (reach, 3.0f);
  return 0.0f;
}

void
veil_tracker_add (VeilTracker   *tracker,
                  guint          frame,
                  const VeilBox *boxes,
                  const float   *scores,
                  guint          n_boxes,
                  guint         *track_of_box)
{
  guint n_tracks = tracker->tracks->len;
  g_autofree float *scores_matrix = g_new0 (float, (gsize) n_tracks * MAX (n_boxes, 1));
  g_autofree gboolean *box_taken = g_new0 (gboolean, MAX (n_boxes, 1));
  g_autofree gboolean *track_taken = g_new0 (gboolean, MAX (n_tracks, 1));

  for (guint t = 0; t < n_tracks; t++)
    {
      const VeilTrack *track = g_ptr_array_index (tracker->tracks, t);
      const VeilTrackPoint *last = point (track, track->points->len - 1);

      if (last->frame >= frame || frame - last->frame > tracker->max_gap)
        continue;
      for (guint b = 0; b < n_boxes; b++)
        scores_matrix[t * n_boxes + b] = match_score (track, frame, &boxes[b]);
    }
  /* Greedy: the best pair first, then the best of what is left. */
  for (;;)
    {
      float best = 0.0f;
      guint bt = 0, bb = 0;

      for (guint t = 0; t < n_tracks; t++)
        for (guint b = 0; b < n_boxes; b++)
          if (!track_taken[t] && !box_taken[b] && scores_matrix[t * n_boxes + b] > best)
            {
              best = scores_matrix[t * n_boxes + b];
              bt = t;
              bb = b;
            }
      if (best <= 0.0f)
        break;
      VeilTrackPoint p = { frame, boxes[bb], scores[bb] };
      g_array_append_val (((VeilTrack *) g_ptr_array_index (tracker->tracks, bt))->points, p);
      track_taken[bt] = box_taken[bb] = TRUE;
      track_of_box[bb] = bt;
    }
  for (guint b = 0; b < n_boxes; b++)
    if (!box_taken[b])
      {
        VeilTrack *track = g_new0 (VeilTrack, 1);
        VeilTrackPoint p = { frame, boxes[b], scores[b] };

        track->points = g_array_new (FALSE, FALSE, sizeof (VeilTrackPoint));
        g_array_append_val (track->points, p);
        track->number = tracker->tracks->len + 1;
        track_of_box[b] = tracker->tracks->len;
        g_ptr_array_add (tracker->tracks, track);
      }
}

static int
compare_float (gconstpointer a, gconstpointer b)
{
  float fa = *(const float *) a, fb = *(const float *) b;

  return fa < fb ? -1 : fa > fb;
}

float
veil_track_size (const VeilTrack *track)
{
  g_autofree float *sides = g_new (float, track->points->len);

  for (guint i = 0; i < track->points->len; i++)
    sides[i] = MAX (point (track, i)->box.width, point (track, i)->box.height);
  qsort (sides, track->points->len, sizeof (float), compare_float);
  return sides[track->points->len / 2];
}

/* The last point at or before frame (index), by binary search. */
static guint
point_before (const VeilTrack *track, guint frame)
{
  guint lo = 0, hi = track->points->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi + 1) / 2;
      if (point (track, mid)->frame <= frame)
        lo = mid;
      else
        hi = mid - 1;
    }
  return lo;
}

gboolean
veil_track_box_at (const VeilTrack *track,
                   guint            frame,
                   guint            pad,
                   float            typical_size,
                   VeilBox         *out)
{
  guint n = track->points->len;
  const VeilTrackPoint *first = point (track, 0), *last = point (track, n - 1);
  VeilBox box;
  float speed, distance, grow;

  if (frame + pad < first->frame || frame > last->frame + pad)
    return FALSE;
  if (frame <= first->frame)
    {
      /* Before the first detection: held where it was first seen, grown
       * in every direction by how far it may have come from. */
      box = first->box;
      speed = n >= 2 ? speed_between (first, point (track, 1)) : 0.0f;
      distance = (float) (first->frame - frame);
    }
  else if (frame >= last->frame)
    {
      box = last->box;
      speed = n >= 2 ? speed_between (point (track, n - 2), last) : 0.0f;
      distance = (float) (frame - last->frame);
    }
  else
    {
      guint i = point_before (track, frame);
      const VeilTrackPoint *a = point (track, i), *b = point (track, i + 1);
      float t = (float) (frame - a->frame) / (float) (b->frame - a->frame);

      box.x = a->box.x + (b->box.x - a->box.x) * t;
      box.y = a->box.y + (b->box.y - a->box.y) * t;
      box.width = a->box.width + (b->box.width - a->box.width) * t;
      box.height = a->box.height + (b->box.height - a->box.height) * t;
      speed = speed_between (a, b);
      /* The path between two detections is not quite straight. */
      distance = 0.5f * (float) MIN (frame - a->frame, b->frame - frame);
    }
  /* YuNet's boxes are about 0.8 as wide as tall. */
  if (box.width < 0.8f * typical_size)
    {
      box.x -= (0.8f * typical_size - box.width) / 2;
      box.width = 0.8f * typical_size;
    }
  if (box.height < typical_size)
    {
      box.y -= (typical_size - box.height) / 2;
      box.height = typical_size;
    }
  /* A face moving fast is also blurred and mislocated by the detector. */
  grow = speed * (distance + 1.0f);
  out->x = box.x - box.width * MARGIN_SIDE - grow;
  out->y = box.y - box.height * MARGIN_TOP - grow;
  out->width = box.width * (1.0f + 2 * MARGIN_SIDE) + 2 * grow;
  out->height = box.height * (1.0f + MARGIN_TOP + MARGIN_BOTTOM) + 2 * grow;
  return TRUE;
}
