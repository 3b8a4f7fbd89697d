/* veil-video.c: the two passes over a video (see veil-video.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include "veil-destination.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-error.h"
#include "veil-clean.h"
#include "veil-format.h"
#include "veil-temp-file.h"
#include "veil-video.h"
#include "veil-video-detect.h"
#include "veil-video-hide.h"

#define THUMBNAIL_SIZE 128
/* A face unseen for this long starts a new track when it shows again;
 * shorter gaps (a head turned away, someone walking behind a post) are
 * bridged, and hidden throughout. */
#define TRACK_GAP_SECONDS 1.2
/* Each track is hidden this long before it is first and after it is last
 * detected: a face is often found only once it has fully turned or come in. */
#define PAD_SECONDS 0.2
/* Smallest cell, in pixels: with 4-pixel cells a 20-pixel face keeps
 * enough of its eyes-and-mouth pattern for a detector to call it a face
 * (though not whose), and 6 now and then; 8 leaves none. */
#define MIN_BLOCK 8

struct _VeilVideoAnalysis {
  char             *path;
  VeilVideoInfo     info;
  VeilVideoContainer container;
  VeilTracker      *tracker;
  GArray           *people;    /* VeilVideoPerson, parallel to the tracker's tracks */
  GArray           *times;     /* double per frame */
  float            *sizes;     /* per person: typical face size (veil_track_size) */
  guint             every;
  guint             pad;       /* frames */
  /* during the first pass */
  VeilFaceDetector *detector;
  const VeilVideoOptions *options;
};

static const VeilVideoOptions no_options;

/* The format by the file's first bytes (its ftyp brand). */
static VeilFormat
format_of (const char *path)
{
  guint8 head[64];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t n = fd >= 0 ? read (fd, head, sizeof head) : -1;

  if (fd >= 0)
    close (fd);
  return n > 0 ? veil_format_detect (head, (gsize) n) : VEIL_FORMAT_UNKNOWN;
}

gboolean
veil_video_is_video (const char *path)
{
  VeilFormat format = format_of (path);

  return format == VEIL_FORMAT_MP4 || format == VEIL_FORMAT_MOV || format == VEIL_FORMAT_3GP;
}

static gboolean
container_of (const char *path, VeilVideoContainer *out, GError **error)
{
  switch (format_of (path))
    {
    case VEIL_FORMAT_MP4: *out = VEIL_VIDEO_CONTAINER_MP4; return TRUE;
    case VEIL_FORMAT_MOV: *out = VEIL_VIDEO_CONTAINER_MOV; return TRUE;
    case VEIL_FORMAT_3GP: *out = VEIL_VIDEO_CONTAINER_3GP; return TRUE;
    default:
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                   _("%s: not an MP4, MOV or 3GP video"), path);
      return FALSE;
    }
}

void
veil_video_analysis_free (VeilVideoAnalysis *a)
{
  if (a == NULL)
    return;
  for (guint i = 0; a->people != NULL && i < a->people->len; i++)
    veil_image_free (g_array_index (a->people, VeilVideoPerson, i).thumbnail);
  g_clear_pointer (&a->people, g_array_unref);
  g_clear_pointer (&a->times, g_array_unref);
  g_free (a->sizes);
  veil_tracker_free (a->tracker);
  g_free (a->path);
  g_free (a);
}

static gboolean
check_cancel (const VeilVideoOptions *options, GError **error)
{
  return !g_cancellable_set_error_if_cancelled (options->cancellable, error);
}

static void
report_progress (const VeilVideoOptions *options, double time, double duration)
{
  if (options->progress != NULL)
    options->progress (time, duration, options->progress_data);
}

/* Detections of one frame join tracks; a clearer look at a person replaces
 * their thumbnail. */
static gboolean
add_detections (VeilVideoAnalysis *a, guint index, const VeilImage *upright, GArray *faces, GError **error)
{
  g_autofree VeilBox *boxes = g_new (VeilBox, MAX (faces->len, 1));
  g_autofree float *scores = g_new (float, MAX (faces->len, 1));
  g_autofree guint *joined = g_new0 (guint, MAX (faces->len, 1));
  int rot = a->info.rotation;

  for (guint i = 0; i < faces->len; i++)
    {
      const VeilFace *f = &g_array_index (faces, VeilFace, i);
      VeilBox up = { f->x, f->y, f->width, f->height };

      boxes[i] = veil_video_box_to_coded (&up, rot, a->info.width, a->info.height);
      scores[i] = f->score;
    }
  veil_tracker_add (a->tracker, index, boxes, scores, faces->len, joined);
  for (guint i = 0; i < faces->len; i++)
    {
      const VeilFace *f = &g_array_index (faces, VeilFace, i);
      VeilBox up = { f->x, f->y, f->width, f->height };
      /* Clearest: a sure detection of a large face. */
      float quality = f->score * MIN (1.0f, f->width / 96.0f);
      VeilVideoPerson *p;

      if (joined[i] >= a->people->len)
        {
          VeilVideoPerson fresh = { 0 };
          fresh.number = joined[i] + 1;
          fresh.first_frame = index;
          fresh.best_score = -1.0f;
          g_array_append_val (a->people, fresh);
        }
      p = &g_array_index (a->people, VeilVideoPerson, joined[i]);
      p->last_frame = index;
      p->n_detections++;
      if (quality > p->best_score)
        {
          VeilImage *thumb = veil_video_face_thumbnail (upright, &up, THUMBNAIL_SIZE, error);
          if (thumb == NULL)
            return FALSE;
          veil_image_free (p->thumbnail);
          p->thumbnail = thumb;
          p->best_score = quality;
        }
    }
  return TRUE;
}

static gboolean
on_analyse_frame (guint index, double time, const VeilImage *image, gpointer user_data, GError **error)
{
  VeilVideoAnalysis *a = user_data;
  g_autoptr(VeilImage) rotated = NULL;
  g_autoptr(GArray) faces = NULL;
  const VeilImage *upright = image;

  g_array_append_val (a->times, time);
  report_progress (a->options, time, a->info.duration);
  if (!check_cancel (a->options, error))
    return FALSE;
  if (image == NULL)
    return TRUE;
  if (a->info.rotation != 0)
    upright = rotated = veil_video_upright (image, a->info.rotation);
  faces = veil_video_detect_faces (a->detector, upright, (index / a->every) % 2 == 0, error);
  return faces != NULL && add_detections (a, index, upright, faces, error);
}

VeilVideoAnalysis *
veil_video_analyse (VeilFaceDetector       *detector,
                    const char             *path,
                    const VeilVideoOptions *options,
                    GError                **error)
{
  g_autoptr(VeilVideoAnalysis) a = g_new0 (VeilVideoAnalysis, 1);
  double fps;

  if (options == NULL)
    options = &no_options;
  a->path = g_strdup (path);
  if (!container_of (path, &a->container, error) || !veil_video_probe (path, &a->info, error))
    return NULL;
  fps = a->info.frame_rate > 0 ? a->info.frame_rate : 30.0;
  a->every = options->detect_every > 0 ? options->detect_every : VEIL_VIDEO_DETECT_EVERY;
  a->pad = a->every + (guint) (fps * PAD_SECONDS + 0.5);
  a->tracker = veil_tracker_new (MAX ((guint) (fps * TRACK_GAP_SECONDS), 3 * a->every));
  a->people = g_array_new (FALSE, TRUE, sizeof (VeilVideoPerson));
  a->times = g_array_new (FALSE, FALSE, sizeof (double));
  a->detector = detector;
  a->options = options;
  if (!veil_video_decode (path, a->every, on_analyse_frame, a, error))
    return NULL;
  a->detector = NULL;
  a->options = NULL;
  if (a->times->len == 0)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("%s: the video has no picture that could be decoded"), path);
      return NULL;
    }
  a->sizes = g_new0 (float, MAX (a->people->len, 1));
  for (guint i = 0; i < a->people->len; i++)
    {
      VeilVideoPerson *p = &g_array_index (a->people, VeilVideoPerson, i);
      a->sizes[i] = veil_track_size (veil_tracker_track (a->tracker, i));
      p->first_time = g_array_index (a->times, double, p->first_frame);
      p->last_time = g_array_index (a->times, double, p->last_frame);
    }
  return g_steal_pointer (&a);
}

const VeilVideoInfo *
veil_video_analysis_info (VeilVideoAnalysis *a)
{
  return &a->info;
}

guint
veil_video_analysis_n_frames (VeilVideoAnalysis *a)
{
  return a->times->len;
}

guint
veil_video_analysis_n_people (VeilVideoAnalysis *a)
{
  return a->people->len;
}

const VeilVideoPerson *
veil_video_analysis_person (VeilVideoAnalysis *a, guint index)
{
  g_return_val_if_fail (index < a->people->len, NULL);
  return &g_array_index (a->people, VeilVideoPerson, index);
}

gboolean
veil_video_analysis_hidden_box (VeilVideoAnalysis      *a,
                                guint                   index,
                                guint                   frame,
                                const VeilVideoOptions *options,
                                VeilBox                *out)
{
  const VeilTrack *track = veil_tracker_track (a->tracker, index);

  if (options != NULL && options->no_tracking)
    {
      /* What a frame-by-frame tool does: the face where it is detected, with
       * the same margins, and nothing where it is missed. */
      for (guint i = 0; i < track->points->len; i++)
        {
          const VeilTrackPoint *p = &g_array_index (track->points, VeilTrackPoint, i);
          if (p->frame == frame)
            {
              VeilTrack one = { track->number, NULL };
              g_autoptr(GArray) single = g_array_new (FALSE, FALSE, sizeof (VeilTrackPoint));
              g_array_append_val (single, *p);
              one.points = single;
              return veil_track_box_at (&one, frame, 0, 0.0f, out);
            }
        }
      return FALSE;
    }
  return veil_track_box_at (track, frame, a->pad, a->sizes[index], out);
}

/* ---- the second pass ---- */

typedef struct {
  VeilVideoAnalysis      *analysis;
  const VeilVideoOptions *options;
  gboolean               *hide;       /* per person */
  int                    *block;      /* per person: cell size from the typical face size */
  gboolean                smooth;
  guint32                 seed;
} Protect;

static gboolean
on_protect_frame (guint index, double time, VeilVideoPlanes *planes, gpointer user_data, GError **error)
{
  Protect *job = user_data;
  VeilVideoAnalysis *a = job->analysis;

  report_progress (job->options, time, a->info.duration);
  if (!check_cancel (job->options, error))
    return FALSE;
  for (guint i = 0; i < a->people->len; i++)
    {
      VeilBox box;
      int block;

      if (!job->hide[i] || !veil_video_analysis_hidden_box (a, i, index, job->options, &box))
        continue;
      /* Cells at least a sixth of the face as it is now: a face coming close
       * to the camera stays as coarse as it was far away. */
      block = MAX (job->block[i], (int) (box.width / 8));
      block = (block + 1) & ~1;
      veil_video_hide_region (planes, (int) box.x, (int) box.y, (int) (box.width + 0.5f),
                              (int) (box.height + 0.5f), block, job->smooth,
                              job->seed ^ (index * 2654435761u) ^ (i * 40503u));
    }
  return TRUE;
}

/* The muxer's own tags (its name, a handler name) go the way of any video's
 * metadata: the container is cleaned by the same code `veil clean` uses. */
static gboolean
clean_into_place (VeilTempFile *encoded, const char *dest_path, const VeilVideoOptions *options,
                  GError **error)
{
  g_autofree char *via = g_strdup_printf ("/proc/self/fd/%d", veil_temp_file_fd (encoded));
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (NULL);
  g_autoptr(VeilCleanedFile) cleaned = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *earlier = veil_destination_find_protected (dest_path);
  int fd;

  /* The cleaner keeps an unprotected copy from landing on a protected one;
   * this copy is protected too, so it may replace an earlier one of the
   * same clip (protect again, with other people shown), as "in place". */
  cleaned = veil_cleaner_prepare (cleaner, via, dest_path, g_strcmp0 (earlier, dest_path) == 0, FALSE, &local);
  if (cleaned == NULL)
    {
      g_set_error (error, local->domain, local->code, _("%s: cleaning the new copy failed: %s"),
                   dest_path, local->message);
      return FALSE;
    }
  /* Freeing an uncommitted file deletes it: a cancel leaves nothing. */
  if (!check_cancel (options, error) || !veil_cleaned_file_commit (cleaned, error))
    return FALSE;
  /* Cleaning the original video again must not write its faces over this. */
  fd = g_open (dest_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      veil_destination_mark_protected (fd);
      g_close (fd, NULL);
    }
  return TRUE;
}

gboolean
veil_video_protect (VeilVideoAnalysis      *a,
                    const char             *dest_path,
                    VeilFaceAction          action,
                    const guint            *people,
                    guint                   n_people,
                    const VeilVideoOptions *options,
                    GError                **error)
{
  g_autoptr(VeilTempFile) encoded = NULL;
  g_autofree gboolean *hide = g_new0 (gboolean, MAX (a->people->len, 1));
  g_autofree int *block = g_new0 (int, MAX (a->people->len, 1));
  Protect job;

  if (options == NULL)
    options = &no_options;
  g_return_val_if_fail (action == VEIL_FACE_BLUR || action == VEIL_FACE_PIXELATE, FALSE);
  for (guint i = 0; i < a->people->len; i++)
    {
      float size = a->sizes[i];

      hide[i] = people == NULL;
      for (guint k = 0; k < n_people; k++)
        hide[i] |= people[k] == i + 1;
      /* About five cells across the face: coarse enough that nobody is
       * recognisable, at every face size. */
      block[i] = MAX (MIN_BLOCK, (int) (size / (action == VEIL_FACE_PIXELATE ? 5.0f : 4.0f)));
    }
  for (guint k = 0; k < n_people; k++)
    if (people[k] < 1 || people[k] > a->people->len)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("%s: there is no person %u in this video (it has %u)"),
                     a->path, people[k], a->people->len);
        return FALSE;
      }
  job = (Protect) { a, options, hide, block, action == VEIL_FACE_BLUR, g_random_int () | 1 };

  /* Written unnamed beside the destination; only the cleaned copy is ever
   * named, and a cancel or an error leaves nothing behind. */
  encoded = veil_temp_file_new (dest_path, 0644, TRUE, error);
  if (encoded == NULL)
    return FALSE;
  if (!veil_video_transcode (a->path, a->container, veil_temp_file_fd (encoded),
                             on_protect_frame, &job, error))
    return FALSE;
  return clean_into_place (encoded, dest_path, options, error);
}
