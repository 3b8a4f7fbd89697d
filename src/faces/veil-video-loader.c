/* veil-video-loader.c: veil-video-codec.h, implemented by loading the
 * FFmpeg module (libveil-video.so) on first use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include <malloc.h>

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "veil-error.h"
#include "veil-module.h"
#include "veil-video-codec.h"

static const VeilVideoModule *table;
static char *load_error;

/* An explicit override, the installed copy, then the one in the build
 * tree (tests and uninstalled runs). */
static const VeilVideoModule *
load_module (void)
{
  const char *candidates[] = {
    g_getenv ("VEIL_VIDEO_MODULE"),
    VEIL_VIDEO_MODULE_INSTALLED,
    VEIL_VIDEO_MODULE_BUILT,
  };

  return veil_module_open (candidates, G_N_ELEMENTS (candidates), "veil_video_module_get",
                           VEIL_VIDEO_MODULE_ABI, "video", &load_error);
}

static const VeilVideoModule *
get_table (GError **error)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      table = load_module ();
      g_once_init_leave (&once, 1);
    }
  if (table == NULL)
    g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                 _("Videos cannot be read: the FFmpeg part of Veil could not be loaded (%s)"),
                 load_error);
  return table;
}

gboolean
veil_video_probe (const char *path, VeilVideoInfo *info, GError **error)
{
  const VeilVideoModule *t = get_table (error);
  return t != NULL && t->probe (path, info, error);
}

/* The face detector allocates and frees tens of megabytes of working
 * memory for every frame. glibc hands freed memory at the top of the heap
 * back to the system once it passes a threshold (dynamic, a few MB), and
 * the next frame faults it in again page by page: 164,000 page faults
 * and a third of the CPU time for 60 frames at 720p. While a video is
 * worked on, up to 256 MB of freed memory is kept for reuse (51,000
 * faults, 26% less CPU in all); when the last one ends it is given back. */
static gint videos_at_work;

static void
video_work_begins (void)
{
  if (g_atomic_int_add (&videos_at_work, 1) == 0)
    {
      mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
      mallopt (M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    }
}

static void
video_work_ends (void)
{
  if (g_atomic_int_dec_and_test (&videos_at_work))
    malloc_trim (0);
}

gboolean
veil_video_decode (const char *path, guint every, VeilVideoImageFunc func,
                   gpointer user_data, GError **error)
{
  const VeilVideoModule *t = get_table (error);
  gboolean ok;

  if (t == NULL)
    return FALSE;
  video_work_begins ();
  ok = t->decode (path, every, func, user_data, error);
  video_work_ends ();
  return ok;
}

gboolean
veil_video_transcode (const char *path, VeilVideoContainer container, int out_fd,
                      VeilVideoPlanesFunc func, gpointer user_data, GError **error)
{
  const VeilVideoModule *t = get_table (error);
  gboolean ok;

  if (t == NULL)
    return FALSE;
  video_work_begins ();
  ok = t->transcode (path, container, out_fd, func, user_data, error);
  video_work_ends ();
  return ok;
}
