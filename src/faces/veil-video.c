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
/* The whole frame is searched on every 2nd frame the detector looks at;
 * on the others, only around the faces already followed (a face comes
 * into view at most that much later than it would, and is hidden from
 * `pad` frames before it is first found). Searching the whole 720p frame
 * is most of a video's time. */
#define WHOLE_FRAME_EVERY 2

struct _VeilVideoAnalysis {
  char             *path;
  VeilVideoInfo     info;
  VeilVideoContainer container;
  VeilTracker      *tracker;
  GArray           *people;    /* VeilVideoPerson, parallel to the tracker's tracks */
  GArray           *times;     /* double per frame */
  GArray           *sizes;     /* float per person: typical face size (veil_track_size) */
  guint             every;
  guint             pad;       /* frames */
  guint             max_gap;   /* frames: a longer gap starts a new track */
  /* during the first pass */
  VeilFaceDetector *detector;
  const VeilVideoOptions *options;
  /* While both passes run at once (veil_video_hide_faces), the second on a
   * thread of its own: `lock` guards the tracks, people, sizes and
   * frames_seen; `advanced` is signalled as the first pass goes on. */
  gboolean          concurrent;
  GMutex            lock;
  GCond             advanced;
  guint             frames_seen;
  gboolean          finished;   /* the first pass ended; failure says why, if it failed */
  GError           *failure;
  gint              abandoned;  /* the second pass stopped: the first stops too */
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
  g_clear_pointer (&a->sizes, g_array_unref);
  g_clear_error (&a->failure);
  g_mutex_clear (&a->lock);
  g_cond_clear (&a->advanced);
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
lock_if_concurrent (VeilVideoAnalysis *a)
{
  if (a->concurrent)
    g_mutex_lock (&a->lock);
}

static void
unlock_if_concurrent (VeilVideoAnalysis *a)
{
  if (a->concurrent)
    g_mutex_unlock (&a->lock);
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
      g_array_set_size (a->sizes, a->people->len);
      g_array_index (a->sizes, float, joined[i]) =
        veil_track_size (veil_tracker_track (a->tracker, joined[i]));
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

/* Where the faces followed so far would be now (upright pixels): each
 * track seen in the last whole-frame rounds, its box grown by how far it
 * may have moved. */
static void
followed_faces (VeilVideoAnalysis *a, guint index, GArray *boxes)
{
  guint recent = 2 * a->every * WHOLE_FRAME_EVERY;

  for (guint i = 0; i < veil_tracker_n_tracks (a->tracker); i++)
    {
      const VeilTrack *track = veil_tracker_track (a->tracker, i);
      guint last = g_array_index (track->points, VeilTrackPoint, track->points->len - 1).frame;
      VeilBox coded, up;

      if (last + recent < index ||
          !veil_track_box_at (track, index, recent, g_array_index (a->sizes, float, i), &coded))
        continue;
      up = veil_video_box_to_upright (&coded, a->info.rotation, a->info.width, a->info.height);
      g_array_append_val (boxes, up);
    }
}

/* The faces of one frame the detector looks at: the whole frame every
 * WHOLE_FRAME_EVERY of them (at several scales every other time), around
 * the faces followed so far in between. */
static GArray *
find_faces (VeilVideoAnalysis *a, guint index, const VeilImage *upright, GError **error)
{
  guint round = index / a->every;
  g_autoptr(GArray) followed = g_array_new (FALSE, FALSE, sizeof (VeilBox));

  /* For comparison, a frame-by-frame tool searches every frame whole. */
  if (round % WHOLE_FRAME_EVERY != 0 && !a->options->no_tracking)
    {
      followed_faces (a, index, followed);
      return veil_video_detect_faces_near (a->detector, upright, (const VeilBox *) followed->data,
                                           followed->len, error);
    }
  return veil_video_detect_faces (a->detector, upright, (round / WHOLE_FRAME_EVERY) % 2 == 0, error);
}

static gboolean
on_analyse_frame (guint index, double time, const VeilImage *image, gpointer user_data, GError **error)
{
  VeilVideoAnalysis *a = user_data;
  g_autoptr(VeilImage) rotated = NULL;
  g_autoptr(GArray) faces = NULL;
  const VeilImage *upright = image;
  gboolean ok = TRUE;

  g_array_append_val (a->times, time);
  report_progress (a->options, time, a->info.duration);
  if (!check_cancel (a->options, error))
    return FALSE;
  if (g_atomic_int_get (&a->abandoned))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped"));
      return FALSE;
    }
  if (image != NULL)
    {
      if (a->info.rotation != 0)
        upright = rotated = veil_video_upright (image, a->info.rotation);
      faces = find_faces (a, index, upright, error);
      if (faces == NULL)
        return FALSE;
    }
  lock_if_concurrent (a);
  if (faces != NULL)
    ok = add_detections (a, index, upright, faces, error);
  a->frames_seen = index + 1;
  if (a->concurrent)
    g_cond_broadcast (&a->advanced);
  unlock_if_concurrent (a);
  return ok;
}

/* The analysis of path, before its first pass. */
static VeilVideoAnalysis *
analysis_new (const char *path, const VeilVideoOptions *options, GError **error)
{
  g_autoptr(VeilVideoAnalysis) a = g_new0 (VeilVideoAnalysis, 1);
  double fps;

  g_mutex_init (&a->lock);
  g_cond_init (&a->advanced);
  a->path = g_strdup (path);
  a->people = g_array_new (FALSE, TRUE, sizeof (VeilVideoPerson));
  a->times = g_array_new (FALSE, FALSE, sizeof (double));
  a->sizes = g_array_new (FALSE, TRUE, sizeof (float));
  if (!container_of (path, &a->container, error) || !veil_video_probe (path, &a->info, error))
    return NULL;
  fps = a->info.frame_rate > 0 ? a->info.frame_rate : 30.0;
  a->every = options->detect_every > 0 ? options->detect_every : VEIL_VIDEO_DETECT_EVERY;
  /* A face that comes into view just after a search of the whole frame is
   * first found at the next one. */
  a->pad = a->every * WHOLE_FRAME_EVERY + (guint) (fps * PAD_SECONDS + 0.5);
  a->max_gap = MAX ((guint) (fps * TRACK_GAP_SECONDS), 3 * a->every);
  a->tracker = veil_tracker_new (a->max_gap);
  return g_steal_pointer (&a);
}

/* The first pass: every frame decoded, faces found and tracked. */
static gboolean
analysis_find_faces (VeilVideoAnalysis *a, VeilFaceDetector *detector, const VeilVideoOptions *options,
                     GError **error)
{
  gboolean ok;

  a->detector = detector;
  a->options = options;
  ok = veil_video_decode (a->path, a->every, on_analyse_frame, a, error);
  a->detector = NULL;
  a->options = NULL;
  if (ok && a->times->len == 0)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("%s: the video has no picture that could be decoded"), a->path);
      return FALSE;
    }
  return ok;
}

/* After the first pass: each person's size over the whole clip, and the
 * times they were first and last seen. */
static void
analysis_finish (VeilVideoAnalysis *a)
{
  for (guint i = 0; i < a->people->len; i++)
    {
      VeilVideoPerson *p = &g_array_index (a->people, VeilVideoPerson, i);
      g_array_index (a->sizes, float, i) = veil_track_size (veil_tracker_track (a->tracker, i));
      p->first_time = g_array_index (a->times, double, p->first_frame);
      p->last_time = g_array_index (a->times, double, p->last_frame);
    }
}

VeilVideoAnalysis *
veil_video_analyse (VeilFaceDetector       *detector,
                    const char             *path,
                    const VeilVideoOptions *options,
                    GError                **error)
{
  g_autoptr(VeilVideoAnalysis) a = NULL;

  if (options == NULL)
    options = &no_options;
  a = analysis_new (path, options, error);
  if (a == NULL || !analysis_find_faces (a, detector, options, error))
    return NULL;
  analysis_finish (a);
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
  return veil_track_box_at (track, frame, a->pad, g_array_index (a->sizes, float, index), out);
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

/* ---- the second pass ---- */

typedef struct {
  VeilVideoAnalysis      *analysis;
  const VeilVideoOptions *options;
  const guint            *people;     /* 1-based numbers to hide; NULL: everyone */
  guint                   n_people;
  VeilFaceAction          action;
  guint32                 seed;
  GArray                 *regions;    /* Region: this frame's, reused */
} Protect;

typedef struct {
  VeilBox box;
  int     block;
  guint   person;
} Region;

/* Whether the first pass, so far, knows every box of this frame for good:
 * no track can start near enough to be hidden in it (a track is hidden
 * `pad` frames before it is first seen), and no face lost before it can
 * still be seen again and bridged over it. Usually a few frames behind
 * the first pass; more only while a face is lost. */
static gboolean
frame_is_settled (VeilVideoAnalysis *a, guint frame)
{
  guint n = veil_tracker_n_tracks (a->tracker);

  if (a->finished)
    return TRUE;
  if (a->frames_seen <= frame + a->pad + a->every)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const VeilTrack *track = veil_tracker_track (a->tracker, i);
      guint last = g_array_index (track->points, VeilTrackPoint, track->points->len - 1).frame;

      if (last < frame && a->frames_seen <= last + a->max_gap)
        return FALSE;
    }
  return TRUE;
}

/* While both passes run at once: waits until the first pass knows every
 * box of this frame, or has ended. */
static gboolean
wait_for_first_pass (VeilVideoAnalysis *a, guint frame, GError **error)
{
  while (!frame_is_settled (a, frame))
    g_cond_wait (&a->advanced, &a->lock);
  if (a->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (a->failure));
      return FALSE;
    }
  return TRUE;
}

/* What to hide in this frame, read while the first pass may be adding to
 * the tracks; the hiding itself happens after, without the lock. */
static gboolean
collect_regions (Protect *job, guint index, GError **error)
{
  VeilVideoAnalysis *a = job->analysis;
  gboolean ok = TRUE;

  g_array_set_size (job->regions, 0);
  lock_if_concurrent (a);
  if (a->concurrent)
    ok = wait_for_first_pass (a, index, error);
  for (guint i = 0; ok && i < a->people->len; i++)
    {
      Region r = { .person = i };
      float size = g_array_index (a->sizes, float, i);
      int typical_block;

      if (!veil_faces_is_chosen (job->people, job->n_people, i + 1) ||
          !veil_video_analysis_hidden_box (a, i, index, job->options, &r.box))
        continue;
      /* About five cells across the face: coarse enough that nobody is
       * recognisable, at every face size. */
      typical_block = MAX (MIN_BLOCK, (int) (size / (job->action == VEIL_FACE_PIXELATE ? 5.0f : 4.0f)));
      /* Cells at least a sixth of the face as it is now: a face coming close
       * to the camera stays as coarse as it was far away. */
      r.block = (MAX (typical_block, (int) (r.box.width / 8)) + 1) & ~1;
      g_array_append_val (job->regions, r);
    }
  unlock_if_concurrent (a);
  return ok;
}

static gboolean
on_protect_frame (guint index, double time, VeilVideoPlanes *planes, gpointer user_data, GError **error)
{
  Protect *job = user_data;

  report_progress (job->options, time, job->analysis->info.duration);
  if (!check_cancel (job->options, error) || !collect_regions (job, index, error))
    return FALSE;
  for (guint k = 0; k < job->regions->len; k++)
    {
      const Region *r = &g_array_index (job->regions, Region, k);

      veil_video_hide_region (planes, (int) r->box.x, (int) r->box.y, (int) (r->box.width + 0.5f),
                              (int) (r->box.height + 0.5f), r->block, job->action == VEIL_FACE_BLUR,
                              job->seed ^ (index * 2654435761u) ^ (r->person * 40503u));
    }
  return TRUE;
}

static gboolean
check_people (VeilVideoAnalysis *a, const guint *people, guint n_people, GError **error)
{
  for (guint k = 0; k < n_people; k++)
    if (people[k] < 1 || people[k] > a->people->len)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("%s: there is no person %u in this video (it has %u)"),
                     a->path, people[k], a->people->len);
        return FALSE;
      }
  return TRUE;
}

/* The second pass into an unnamed file beside dest_path (NULL on error). */
static VeilTempFile *
hide_into_temp (VeilVideoAnalysis *a, const char *dest_path, VeilFaceAction action, const guint *people,
                guint n_people, const VeilVideoOptions *options, GError **error)
{
  g_autoptr(VeilTempFile) encoded = NULL;
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (Region));
  /* The noise is new for every copy, unless a test asks for the same. */
  Protect job = { a, options, people, n_people, action, options->seed != 0 ? options->seed : g_random_int () | 1,
                  regions };

  /* Written unnamed beside the destination; only the cleaned copy is ever
   * named, and a cancel or an error leaves nothing behind. */
  encoded = veil_temp_file_new (dest_path, 0644, TRUE, error);
  if (encoded == NULL)
    return NULL;
  if (!veil_video_transcode (a->path, a->container, veil_temp_file_fd (encoded),
                             on_protect_frame, &job, error))
    return NULL;
  return g_steal_pointer (&encoded);
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

  if (options == NULL)
    options = &no_options;
  g_return_val_if_fail (action == VEIL_FACE_BLUR || action == VEIL_FACE_PIXELATE, FALSE);
  if (!check_people (a, people, n_people, error))
    return FALSE;
  encoded = hide_into_temp (a, dest_path, action, people, n_people, options, error);
  return encoded != NULL && clean_into_place (encoded, dest_path, options, error);
}

typedef struct {
  VeilVideoAnalysis      *analysis;
  const char             *dest_path;
  VeilFaceAction          action;
  const guint            *people;
  guint                   n_people;
  const VeilVideoOptions *options;
  VeilTempFile           *encoded;   /* out */
  GError                 *error;     /* out */
} SecondPass;

static gpointer
second_pass_thread (gpointer data)
{
  SecondPass *job = data;

  job->encoded = hide_into_temp (job->analysis, job->dest_path, job->action, job->people,
                                 job->n_people, job->options, &job->error);
  /* A copy that cannot be written (a full disk): no need to look on. */
  if (job->encoded == NULL)
    g_atomic_int_set (&job->analysis->abandoned, TRUE);
  return NULL;
}

gboolean
veil_video_hide_faces (VeilFaceDetector       *detector,
                       const char             *path,
                       const char             *dest_path,
                       VeilFaceAction          action,
                       const guint            *people,
                       guint                   n_people,
                       const VeilVideoOptions *options,
                       VeilVideoAnalysis     **out_analysis,
                       GError                **error)
{
  g_autoptr(VeilVideoAnalysis) a = NULL;
  g_autoptr(VeilTempFile) encoded = NULL;
  VeilVideoOptions first_options;
  SecondPass second;
  GThread *thread;
  GError *first_error = NULL;

  if (options == NULL)
    options = &no_options;
  g_return_val_if_fail (action == VEIL_FACE_BLUR || action == VEIL_FACE_PIXELATE, FALSE);
  if ((a = analysis_new (path, options, error)) == NULL)
    return FALSE;
  /* The faces are found on this thread and the copy written on another:
   * the detector's tens of megabytes per frame are then kept for reuse
   * by this thread's heap (see veil-video-loader.c); a new thread's heap
   * gives them back and faults them in again, a fifth more CPU time. The
   * second pass reports progress: it is what is left to wait for. */
  first_options = *options;
  first_options.progress = NULL;
  second = (SecondPass) { a, dest_path, action, people, n_people, options, NULL, NULL };
  a->concurrent = TRUE;
  thread = g_thread_new ("veil-hide-faces", second_pass_thread, &second);
  analysis_find_faces (a, detector, &first_options, &first_error);
  g_mutex_lock (&a->lock);
  a->finished = TRUE;
  a->failure = first_error;
  g_cond_broadcast (&a->advanced);
  g_mutex_unlock (&a->lock);
  g_thread_join (thread);
  a->concurrent = FALSE;
  encoded = second.encoded;
  /* When the first pass fails, the second fails with its error (a copy)
   * at the first frame it cannot settle; when the second fails (a full
   * disk), the first is stopped. Its error says what went wrong. */
  if (encoded == NULL)
    {
      g_propagate_error (error, second.error);
      return FALSE;
    }
  if (a->failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&a->failure));
      return FALSE;
    }
  analysis_finish (a);
  if (!check_people (a, people, n_people, error))
    return FALSE;
  /* No face: nothing is written (the unnamed file goes with `encoded`). */
  if (a->people->len > 0 && !clean_into_place (encoded, dest_path, options, error))
    return FALSE;
  if (out_analysis != NULL)
    *out_analysis = g_steal_pointer (&a);
  return TRUE;
}

