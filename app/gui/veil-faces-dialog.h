/* veil-faces-dialog.h: the "Protect Faces" window for one photo: pick
 * faces, choose cloak, blur or leave for each and a strength, protect,
 * compare, and see how the check went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-faces-view.h"
#include "veil-faces-views.h"

G_BEGIN_DECLS

#define VEIL_TYPE_FACES_DIALOG (veil_faces_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VeilFacesDialog, veil_faces_dialog, VEIL, FACES_DIALOG, AdwWindow)

/* A window, modal to parent, for the photo at file; it starts looking for
 * faces at once. */
VeilFacesDialog *veil_faces_dialog_new          (GtkWindow         *parent,
                                                 GFile             *file);

/* "loading", "faces", "none" (no face found) or "error". */
const char      *veil_faces_dialog_get_page     (VeilFacesDialog   *self);
/* Looking for faces, protecting or downloading a model. */
gboolean         veil_faces_dialog_get_busy     (VeilFacesDialog   *self);
VeilFacesView   *veil_faces_dialog_get_view     (VeilFacesDialog   *self);
guint            veil_faces_dialog_get_n_faces  (VeilFacesDialog   *self);
VeilFacePlan     veil_faces_dialog_get_plan     (VeilFacesDialog   *self,
                                                 guint              index);
void             veil_faces_dialog_set_plan     (VeilFacesDialog   *self,
                                                 guint              index,
                                                 VeilFacePlan       plan);
void             veil_faces_dialog_set_strength (VeilFacesDialog   *self,
                                                 VeilCloakStrength  strength);
/* The model cloaking will use, or NULL. */
const char      *veil_faces_dialog_get_model    (VeilFacesDialog   *self);
/* Where the last protected copy was written, or NULL. */
const char      *veil_faces_dialog_get_output   (VeilFacesDialog   *self);
/* The rows of the check results (AdwActionRow), after a run. */
GPtrArray       *veil_faces_dialog_get_result_rows (VeilFacesDialog *self);
/* For tests and benchmarks: optimisation steps per face (0: the strength's). */
void             veil_faces_dialog_set_steps    (VeilFacesDialog   *self,
                                                 guint              steps);

/* The quick preview: whether one runs, its pictures once shown (NULL
 * before), and for tests and benchmarks its steps (0: the engine's). */
gboolean         veil_faces_dialog_get_previewing (VeilFacesDialog *self);
GdkPaintable    *veil_faces_dialog_get_preview  (VeilFacesDialog   *self,
                                                 gboolean           after);
void             veil_faces_dialog_set_preview_steps (VeilFacesDialog *self,
                                                      guint            steps);

G_END_DECLS
