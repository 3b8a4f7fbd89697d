/* veil-video-codec.h: reading and re-writing a video, frame by frame.
 *
 * The FFmpeg libraries (libavformat, libavcodec, libswscale) are reached
 * only through this interface, implemented by veil-video-codec.c in a
 * loadable module (libveil-video.so) like OpenCV's (see veil-cv-module.h):
 * every other command of `veil` and the app's start-up never load FFmpeg
 * and the codecs it pulls in. veil-video-loader.c loads it on first use.
 *
 * Frames cross as plain buffers: BGR pictures (VeilImage) for detection,
 * the decoder's own YUV planes (VeilVideoPlanes) for hiding, so that the
 * pixels away from faces go to the encoder exactly as they were decoded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-cv.h"

G_BEGIN_DECLS

/* Which container to write: the same as the original's. */
typedef enum {
  VEIL_VIDEO_CONTAINER_MP4,
  VEIL_VIDEO_CONTAINER_MOV,
  VEIL_VIDEO_CONTAINER_3GP,
} VeilVideoContainer;

typedef struct {
  int      width;          /* as coded (before rotation) */
  int      height;
  int      rotation;       /* clockwise degrees a player turns it: 0, 90, 180, 270 */
  double   duration;       /* seconds; 0 when unknown */
  double   frame_rate;     /* average frames per second; 0 when unknown */
  gint64   n_frames;       /* as the container states it; 0 when unknown */
  gboolean has_audio;
  char     codec[32];      /* "h264", "hevc", … */
} VeilVideoInfo;

/* A decoded picture as planar YUV: 1 or 2 bytes per sample (bit depth
 * `depth`), chroma planes subsampled by 2^shift_x, 2^shift_y. */
typedef struct {
  int     width;
  int     height;
  int     n_planes;        /* 3: Y, U, V */
  guint8 *data[3];
  int     stride[3];
  int     shift_x;
  int     shift_y;
  int     bytes_per_sample;
  int     depth;
} VeilVideoPlanes;

/* Called for each frame in display order. `image` (BGR, as coded, not
 * rotated) is given only for frames whose index is a multiple of the
 * `every` passed to decode, NULL otherwise. Return FALSE with an error to
 * stop. */
typedef gboolean (*VeilVideoImageFunc)  (guint            index,
                                         double           time,
                                         const VeilImage *image,
                                         gpointer         user_data,
                                         GError         **error);
/* Called for each frame while re-encoding; may change `planes` in place. */
typedef gboolean (*VeilVideoPlanesFunc) (guint            index,
                                         double           time,
                                         VeilVideoPlanes *planes,
                                         gpointer         user_data,
                                         GError         **error);

gboolean veil_video_probe     (const char          *path,
                               VeilVideoInfo       *info,
                               GError             **error);
gboolean veil_video_decode    (const char          *path,
                               guint                every,
                               VeilVideoImageFunc   func,
                               gpointer             user_data,
                               GError             **error);
/* Decodes path, lets func change each frame, encodes the picture again
 * (H.264, or HEVC for HEVC input, at high quality, same size, frame times
 * and rotation) and copies every audio stream packet for packet, into the
 * file open on out_fd (from its start). No metadata of the original is
 * carried over; the caller still cleans what the muxer itself writes. */
gboolean veil_video_transcode (const char          *path,
                               VeilVideoContainer   container,
                               int                  out_fd,
                               VeilVideoPlanesFunc  func,
                               gpointer             user_data,
                               GError             **error);

/* The loadable module's table. */
#define VEIL_VIDEO_MODULE_ABI 1

typedef struct {
  int abi;
  gboolean (*probe)     (const char *path, VeilVideoInfo *info, GError **error);
  gboolean (*decode)    (const char *path, guint every, VeilVideoImageFunc func,
                         gpointer user_data, GError **error);
  gboolean (*transcode) (const char *path, VeilVideoContainer container, int out_fd,
                         VeilVideoPlanesFunc func, gpointer user_data, GError **error);
} VeilVideoModule;

typedef const VeilVideoModule *(*VeilVideoModuleGetFunc) (void);

G_END_DECLS
