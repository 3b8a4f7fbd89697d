/* veil-faces-video-jobs.c: the two passes of Protect Faces for a video,
 * each a GTask run in a worker thread that sees only the path, the engine
 * and a VeilProgress (which hands each report to the main thread).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <errno.h>
#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-faces-video-jobs.h"

/* The detector's bar for videos, the same as `veil faces VIDEO`: in a clip
 * a false alarm costs a hidden patch for a moment, a miss shows a face. */
#define VIDEO_SCORE_THRESHOLD 0.6f

/* Reports closer together than this (seconds of the clip) would only
 * flood the main loop: the bar moves by a pixel at most. */
#define PROGRESS_STEP 0.1

struct _VeilFacesClip
{
  VeilVideoAnalysis *analysis;
};

static void
clip_clear (gpointer data)
{
  VeilFacesClip *clip = data;

  g_clear_pointer (&clip->analysis, veil_video_analysis_free);
}

VeilFacesClip *
veil_faces_clip_ref (VeilFacesClip *clip)
{
  return g_atomic_rc_box_acquire (clip);
}

void
veil_faces_clip_unref (VeilFacesClip *clip)
{
  g_atomic_rc_box_release_full (clip, clip_clear);
}

VeilVideoAnalysis *
veil_faces_clip_get_analysis (VeilFacesClip *clip)
{
  return clip->analysis;
}

char *
veil_faces_video_format_time (double seconds)
{
  guint s = (guint) MAX (0.0, floor (seconds));

  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%u:%02u", s / 60, s % 60);
}

GdkTexture *
veil_faces_video_thumbnail (const VeilVideoPerson *person)
{
  const VeilImage *image = person->thumbnail;
  g_autoptr(GBytes) bytes = NULL;

  if (image == NULL || image->width <= 0 || image->height <= 0)
    return NULL;
  bytes = g_bytes_new (image->data, (gsize) image->stride * image->height);
  /* OpenCV's order is BGR; GDK takes it as it is. */
  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_B8G8R8, bytes, image->stride);
}

/* Progress --------------------------------------------------------------- */

typedef struct {
  VeilProgress *progress;
  const char   *doing;      /* "Looking for people", "Hiding faces" */
  double        last;       /* the clip time last reported */
} Reporter;

static void
on_progress (double   time,
             double   duration,
             gpointer user_data)
{
  Reporter *r = user_data;
  g_autofree char *now = NULL, *total = NULL, *text = NULL;

  if (r->last >= 0 && time - r->last < PROGRESS_STEP && time < duration)
    return;
  r->last = time;
  now = veil_faces_video_format_time (time);
  if (duration > 0)
    {
      total = veil_faces_video_format_time (duration);
      /* Translators: "Looking for people: 0:03 of 0:11", times in the clip. */
      text = g_strdup_printf (_("%s: %s of %s"), r->doing, now, total);
    }
  else
    /* Translators: "Hiding faces: 0:03", a time in the clip. */
    text = g_strdup_printf (_("%s: %s"), r->doing, now);
  veil_progress_report (r->progress, duration > 0 ? time / duration : 0, text);
}

/* Finding the people ----------------------------------------------------- */

typedef struct {
  char         *path;
  VeilProgress *progress;
} AnalyseJob;

static void
analyse_job_free (AnalyseJob *job)
{
  g_free (job->path);
  g_clear_object (&job->progress);
  g_free (job);
}

static void
analyse_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AnalyseJob *job = task_data;
  g_autofree char *detector_path = veil_cloak_default_detector_path ();
  g_autoptr(VeilFaceDetector) detector = NULL;
  g_autoptr(GError) error = NULL;
  Reporter reporter = { job->progress, _("Looking for people"), -1 };
  VeilVideoOptions options = {
    .cancellable = cancellable,
    .progress = on_progress,
    .progress_data = &reporter,
  };
  VeilVideoAnalysis *analysis;

  if (detector_path == NULL)
    {
      g_task_return_new_error (task, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                               _("Veil’s face detector is missing from this installation."));
      return;
    }
  /* Both cores for the detector, as in `veil faces`: it is most of the
   * time a clip takes (FFmpeg decodes in its own threads). Only the first
   * call in a process counts. */
  veil_cv_init (2);
  detector = veil_face_detector_new (detector_path, VIDEO_SCORE_THRESHOLD, &error);
  if (detector == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  analysis = veil_video_analyse (detector, job->path, &options, &error);
  if (analysis == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      VeilFacesClip *clip = g_atomic_rc_box_new0 (VeilFacesClip);

      clip->analysis = analysis;
      g_task_return_pointer (task, clip, (GDestroyNotify) veil_faces_clip_unref);
    }
}

void
veil_faces_video_analyse_async (const char          *path,
                                VeilProgress        *progress,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, veil_progress_get_cancellable (progress), callback, user_data);
  AnalyseJob *job = g_new0 (AnalyseJob, 1);

  job->path = g_strdup (path);
  job->progress = g_object_ref (progress);
  g_task_set_source_tag (task, veil_faces_video_analyse_async);
  g_task_set_task_data (task, job, (GDestroyNotify) analyse_job_free);
  /* A cancelled task still waits for its thread: the analysis it returns
   * is freed with the task, never leaked. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, analyse_thread);
}

VeilFacesClip *
veil_faces_video_analyse_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Writing the copy ------------------------------------------------------- */

typedef struct {
  VeilFacesClip     *clip;
  char              *dest_path;
  VeilFaceAction     action;
  guint             *people;
  guint              n_people;
  VeilProgress      *progress;
} ProtectJob;

static void
protect_job_free (ProtectJob *job)
{
  g_clear_pointer (&job->clip, veil_faces_clip_unref);
  g_free (job->dest_path);
  g_free (job->people);
  g_clear_object (&job->progress);
  g_free (job);
}

static void
protect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProtectJob *job = task_data;
  g_autoptr(GError) error = NULL;
  Reporter reporter = { job->progress, _("Hiding faces"), -1 };
  VeilVideoOptions options = {
    .cancellable = cancellable,
    .progress = on_progress,
    .progress_data = &reporter,
  };

  g_autofree char *dir = g_path_get_dirname (job->dest_path);
  gboolean made_dir = !g_file_test (dir, G_FILE_TEST_IS_DIR);

  if (made_dir && g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Veil cannot create the folder %s: %s."), dir, g_strerror (saved));
      return;
    }
  /* The engine writes unnamed and names the copy only once it is complete
   * and cleaned; a cancel or an error leaves nothing behind, not even the
   * folder made for it. */
  if (!veil_video_protect (job->clip->analysis, job->dest_path, job->action, job->people, job->n_people,
                           &options, &error))
    {
      if (made_dir)
        g_rmdir (dir);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_boolean (task, TRUE);
}

void
veil_faces_video_protect_async (VeilFacesClip       *clip,
                                const char          *dest_path,
                                VeilFaceAction       action,
                                const guint         *people,
                                guint                n_people,
                                VeilProgress        *progress,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, veil_progress_get_cancellable (progress), callback, user_data);
  ProtectJob *job = g_new0 (ProtectJob, 1);

  g_return_if_fail (n_people > 0 && people != NULL);
  job->clip = veil_faces_clip_ref (clip);
  job->dest_path = g_strdup (dest_path);
  job->action = action;
  job->people = g_memdup2 (people, sizeof (guint) * n_people);
  job->n_people = n_people;
  job->progress = g_object_ref (progress);
  g_task_set_source_tag (task, veil_faces_video_protect_async);
  g_task_set_task_data (task, job, (GDestroyNotify) protect_job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, protect_thread);
}

gboolean
veil_faces_video_protect_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
