/* veil-faces-video-dialog.h: the "Protect Faces" window for one video:
 * follow the people through the clip, show them as a grid (all hidden
 * unless a person is unticked), choose pixelate or blur, write the copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-cloak.h"

G_BEGIN_DECLS

#define VEIL_TYPE_FACES_VIDEO_DIALOG (veil_faces_video_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VeilFacesVideoDialog, veil_faces_video_dialog, VEIL, FACES_VIDEO_DIALOG, AdwWindow)

/* A window, modal to parent, for the video at file; it starts following
 * the people in it at once. */
VeilFacesVideoDialog *veil_faces_video_dialog_new        (GtkWindow            *parent,
                                                          GFile                *file);

/* "analysing", "people", "none" (nobody found) or "error". */
const char      *veil_faces_video_dialog_get_page        (VeilFacesVideoDialog *self);
/* Looking for people or writing the copy. */
gboolean         veil_faces_video_dialog_get_busy        (VeilFacesVideoDialog *self);
guint            veil_faces_video_dialog_get_n_people    (VeilFacesVideoDialog *self);
/* The "Hide" check button of person index (0-based), as shown. */
GtkCheckButton  *veil_faces_video_dialog_get_hide_check  (VeilFacesVideoDialog *self,
                                                          guint                 index);
VeilFaceAction   veil_faces_video_dialog_get_action      (VeilFacesVideoDialog *self);
void             veil_faces_video_dialog_set_action      (VeilFacesVideoDialog *self,
                                                          VeilFaceAction        action);
/* Where the last protected copy was written, or NULL. */
const char      *veil_faces_video_dialog_get_output      (VeilFacesVideoDialog *self);
/* The person numbers (1-based) the engine was asked to hide by the last
 * Protect; NULL before one. */
const guint     *veil_faces_video_dialog_get_hidden_people (VeilFacesVideoDialog *self,
                                                            guint                *n_people);

G_END_DECLS
