/* veil-video-loader.c: veil-video-codec.h, implemented by loading the
 * FFmpeg module (libveil-video.so) on first use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

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

gboolean
veil_video_decode (const char *path, guint every, VeilVideoImageFunc func,
                   gpointer user_data, GError **error)
{
  const VeilVideoModule *t = get_table (error);
  return t != NULL && t->decode (path, every, func, user_data, error);
}

gboolean
veil_video_transcode (const char *path, VeilVideoContainer container, int out_fd,
                      VeilVideoPlanesFunc func, gpointer user_data, GError **error)
{
  const VeilVideoModule *t = get_table (error);
  return t != NULL && t->transcode (path, container, out_fd, func, user_data, error);
}
