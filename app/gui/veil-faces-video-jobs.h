/* veil-faces-video-jobs.h: the slow parts of Protect Faces for a video,
 * off the main thread: following the people through the clip, and writing
 * the copy with the chosen ones hidden.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-core.h"
#include "veil-progress.h"
#include "veil-video.h"

G_BEGIN_DECLS

/* The people found in a clip, shared (reference-counted) between the
 * window and the job writing a copy, so a window closed meanwhile cannot
 * pull the analysis from under the job. */
typedef struct _VeilFacesClip VeilFacesClip;

VeilFacesClip     *veil_faces_clip_ref               (VeilFacesClip       *clip);
void               veil_faces_clip_unref             (VeilFacesClip       *clip);
VeilVideoAnalysis *veil_faces_clip_get_analysis      (VeilFacesClip       *clip);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFacesClip, veil_faces_clip_unref)

/* A time in the clip as people read it on a player: "0:03", "12:40",
 * "1:02:03". */
char              *veil_faces_video_format_time      (double               seconds);

/* The person's clearest look as a texture for the window. */
GdkTexture        *veil_faces_video_thumbnail        (const VeilVideoPerson *person);

/* Decodes the clip and finds the people in it. Progress (the time in the
 * clip) and Cancel go through progress. */
void               veil_faces_video_analyse_async    (const char          *path,
                                                      VeilProgress        *progress,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
VeilFacesClip     *veil_faces_video_analyse_finish   (GAsyncResult        *result,
                                                      GError             **error);

/* Writes the protected copy to dest_path, hiding the people numbered in
 * people (1-based). One job at a time per clip. */
void               veil_faces_video_protect_async    (VeilFacesClip       *clip,
                                                      const char          *dest_path,
                                                      VeilFaceAction       action,
                                                      const guint         *people,
                                                      guint                n_people,
                                                      VeilProgress        *progress,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           veil_faces_video_protect_finish   (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
