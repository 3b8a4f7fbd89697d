/* veil-video.h: hide the faces in a video, tracked through the whole clip.
 *
 * Two passes over the clip. analyse() decodes it, detects faces (at
 * several scales, in the picture as it is shown) and links them into
 * tracks, one per person seen; the app and `veil faces` list these.
 * protect() decodes it again, hides the chosen tracks in every frame they
 * reach (interpolated through missed detections, held a little before and
 * after, grown with the speed of the face), re-encodes the picture at high
 * quality, copies the sound untouched, and cleans the container like any
 * video Veil cleans before naming the copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-cloak.h"
#include "veil-cv.h"
#include "veil-video-codec.h"
#include "veil-video-track.h"

G_BEGIN_DECLS

/* Tracking fills the frames between detections: detecting on every 3rd
 * frame (the whole frame every other time, around the faces followed in
 * between; veil-video.c) leaks no face-frame in Veil's test clips and in
 * bench/video-bench.sh's 720p and 1080p clips. */
#define VEIL_VIDEO_DETECT_EVERY 3

/* From the worker thread: how far into the clip (seconds) the pass is. */
typedef void (*VeilVideoProgress) (double   time,
                                   double   duration,
                                   gpointer user_data);

typedef struct {
  GCancellable     *cancellable;
  VeilVideoProgress progress;
  gpointer          progress_data;
  guint             detect_every;  /* run the detector on every Nth frame; 0 = the default */
  gboolean          no_tracking;   /* hide only where a face is detected (for comparison) */
  guint32           seed;          /* the hiding noise's; 0 = new each time (tests set one) */
} VeilVideoOptions;

/* One person, as tracked. */
typedef struct {
  guint      number;        /* 1-based, in order of first appearance */
  double     first_time;    /* seconds */
  double     last_time;
  guint      first_frame;
  guint      last_frame;
  guint      n_detections;
  float      best_score;
  VeilImage *thumbnail;     /* the clearest look at the face, upright */
} VeilVideoPerson;

typedef struct _VeilVideoAnalysis VeilVideoAnalysis;

/* Whether path holds an MP4, MOV or 3GP file (by its content). */
gboolean           veil_video_is_video       (const char             *path);

VeilVideoAnalysis *veil_video_analyse        (VeilFaceDetector       *detector,
                                              const char             *path,
                                              const VeilVideoOptions *options,
                                              GError                **error);
void               veil_video_analysis_free  (VeilVideoAnalysis      *analysis);
const VeilVideoInfo *veil_video_analysis_info (VeilVideoAnalysis     *analysis);
/* Frames decoded (the clip's true frame count). */
guint              veil_video_analysis_n_frames (VeilVideoAnalysis  *analysis);
guint              veil_video_analysis_n_people (VeilVideoAnalysis  *analysis);
const VeilVideoPerson *veil_video_analysis_person (VeilVideoAnalysis *analysis,
                                                   guint              index);
/* The region (coded pixels) protect() hides for person `index` in frame
 * `frame`; FALSE when it hides nothing of that person there. */
gboolean           veil_video_analysis_hidden_box (VeilVideoAnalysis      *analysis,
                                                   guint                   index,
                                                   guint                   frame,
                                                   const VeilVideoOptions *options,
                                                   VeilBox                *out);

/* Writes the protected copy to dest_path (written unnamed, named only when
 * complete and cleaned). `people` are 1-based person numbers to hide (NULL:
 * everyone). action is VEIL_FACE_BLUR (smooth cells + noise) or
 * VEIL_FACE_PIXELATE (coarse blocks + noise). */
gboolean           veil_video_protect        (VeilVideoAnalysis      *analysis,
                                              const char             *dest_path,
                                              VeilFaceAction          action,
                                              const guint            *people,
                                              guint                   n_people,
                                              const VeilVideoOptions *options,
                                              GError                **error);

/* Both passes at once, for when the people to hide are known beforehand
 * (everyone, or numbers from an earlier analysis of the same clip): the
 * faces are found on a thread of their own while the copy is written a
 * little over a second of the clip behind, so that the two share the
 * machine's cores. Nothing is written when the clip has no face. The
 * analysis (the people found) goes to out_analysis when it is not NULL. */
gboolean           veil_video_hide_faces     (VeilFaceDetector       *detector,
                                              const char             *path,
                                              const char             *dest_path,
                                              VeilFaceAction          action,
                                              const guint            *people,
                                              guint                   n_people,
                                              const VeilVideoOptions *options,
                                              VeilVideoAnalysis     **out_analysis,
                                              GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilVideoAnalysis, veil_video_analysis_free)

G_END_DECLS
