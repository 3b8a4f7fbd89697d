/* veil-cli-video.c: `veil faces VIDEO` lists the people tracked through a
 * clip; `veil cloak --blur|--pixelate [--faces N,M] VIDEO` writes a copy
 * with them hidden in every frame, the sound kept and the container
 * cleaned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-cli.h"
#include "veil-cli-video.h"
#include "veil-video.h"

/* A lower bar than for photos: in a clip a false alarm costs a blurred
 * patch for a moment, a miss shows a face. */
#define VIDEO_SCORE_THRESHOLD 0.6f

typedef struct {
  const char *name;
  const char *pass;
} Progress;

gboolean
veil_cli_is_video (const VeilCliFile *file)
{
  g_autofree char *lower = g_ascii_strdown (file->path, -1);

  if (g_str_has_suffix (lower, ".mp4") || g_str_has_suffix (lower, ".mov") ||
      g_str_has_suffix (lower, ".3gp") || g_str_has_suffix (lower, ".m4v"))
    return TRUE;
  return file->named && veil_video_is_video (file->path);
}

static VeilFaceDetector *
video_detector (void)
{
  static VeilFaceDetector *detector;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (detector != NULL)
    return detector;
  path = veil_cloak_default_detector_path ();
  if (path == NULL)
    {
      g_printerr (_("veil: the face detector model is not installed\n"));
      return NULL;
    }
  /* Both cores for the detector: it is most of the time a video takes
   * (decoding and encoding run in FFmpeg's own threads meanwhile). Only
   * the first call in a process counts. */
  veil_cv_init (2);
  detector = veil_face_detector_new (path, VIDEO_SCORE_THRESHOLD, &error);
  if (detector == NULL)
    g_printerr ("veil: %s\n", error->message);
  return detector;
}

static void
on_progress (double time, double duration, gpointer user_data)
{
  const Progress *p = user_data;

  if (!veil_cli_show_progress ())
    return;
  if (duration > 0)
    fprintf (stderr, _("\r\033[K%s: %s, %.1f s of %.1f s"), p->name, p->pass, time, duration);
  else
    fprintf (stderr, _("\r\033[K%s: %s, %.1f s"), p->name, p->pass, time);
  fflush (stderr);
}

/* For bench/video-bench.sh: how often the detector runs, and hiding only
 * where a face is detected (as a frame-by-frame tool does), to count what
 * tracking saves. */
static void
options_from_environment (VeilVideoOptions *options)
{
  const char *every = g_getenv ("VEIL_VIDEO_DETECT_EVERY");

  if (every != NULL)
    options->detect_every = (guint) g_ascii_strtoull (every, NULL, 10);
  options->no_tracking = g_strcmp0 (g_getenv ("VEIL_VIDEO_NO_TRACKING"), "1") == 0;
}

static VeilVideoAnalysis *
analyse (const char *path, const char *name)
{
  VeilFaceDetector *detector = video_detector ();
  Progress progress = { name, _("finding faces") };
  VeilVideoOptions options = { .progress = on_progress, .progress_data = &progress };
  g_autoptr(GError) error = NULL;
  VeilVideoAnalysis *a;

  if (detector == NULL)
    return NULL;
  options_from_environment (&options);
  a = veil_video_analyse (detector, path, &options, &error);
  veil_cli_progress_end ();
  if (a == NULL)
    g_printerr ("veil: %s\n", error->message);
  return a;
}

gboolean
veil_cli_video_faces (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(VeilVideoAnalysis) a = analyse (path, name);
  const VeilVideoInfo *info;
  guint n;

  if (a == NULL)
    return FALSE;
  info = veil_video_analysis_info (a);
  n = veil_video_analysis_n_people (a);
  printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d×%d video, %.1f s, %u frames): %u person\n",
                       "%s (%d×%d video, %.1f s, %u frames): %u people\n", n),
          path, info->rotation % 180 ? info->height : info->width,
          info->rotation % 180 ? info->width : info->height,
          info->duration, veil_video_analysis_n_frames (a), n);
  for (guint i = 0; i < n; i++)
    {
      const VeilVideoPerson *p = veil_video_analysis_person (a, i);
      printf (_("  %u: seen from %.1f s to %.1f s (found in %u frames)\n"),
              p->number, p->first_time, p->last_time, p->n_detections);
    }
  return TRUE;
}

gboolean
veil_cli_video_cloak (const char     *path,
                      const char     *output_dir,
                      const char     *protected_dir,
                      VeilFaceAction  action,
                      const guint    *people,
                      guint           n_people)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *dir = NULL, *dest = NULL, *parent = g_path_get_dirname (path);
  g_autoptr(VeilVideoAnalysis) a = NULL;
  g_autoptr(GError) error = NULL;
  VeilFaceDetector *detector;
  Progress progress = { name, _("hiding faces") };
  VeilVideoOptions options = { .progress = on_progress, .progress_data = &progress };
  gboolean ok;
  guint n;

  if (action == VEIL_FACE_CLOAK)
    {
      g_printerr (_("veil: %s: a video's faces can be blurred or pixelated (--blur, --pixelate); "
                    "cloaking is for pictures\n"), path);
      return FALSE;
    }
  dir = output_dir != NULL ? g_strdup (output_dir) : g_build_filename (parent, protected_dir, NULL);
  dest = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_printerr (_("veil: cannot create the folder %s: %s\n"), dir, g_strerror (saved));
      return FALSE;
    }
  if ((detector = video_detector ()) == NULL)
    return FALSE;
  options_from_environment (&options);
  /* The faces are found while the copy is written, a second behind. */
  ok = veil_video_hide_faces (detector, path, dest, action, people, n_people, &options, &a, &error);
  veil_cli_progress_end ();
  if (!ok)
    {
      g_printerr ("veil: %s\n", error->message);
      return FALSE;
    }
  n = veil_video_analysis_n_people (a);
  if (n == 0)
    {
      printf (_("%s: no face found; nothing written\n"), path);
      return TRUE;
    }
  printf ("%s → %s\n", path, dest);
  for (guint i = 0; i < n; i++)
    {
      const VeilVideoPerson *p = veil_video_analysis_person (a, i);

      if (veil_faces_is_chosen (people, n_people, p->number))
        printf (action == VEIL_FACE_BLUR ? _("  person %u (%.1f s to %.1f s): blurred\n")
                                         : _("  person %u (%.1f s to %.1f s): pixelated\n"),
                p->number, p->first_time, p->last_time);
      else
        printf (_("  person %u (%.1f s to %.1f s): left as they are\n"), p->number, p->first_time, p->last_time);
    }
  printf ("  %s\n", _("sound copied unchanged; location, device, owner and capture times removed"));
  return TRUE;
}
