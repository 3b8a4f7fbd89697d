/* veil-faces-view.h: a photo with its detected faces as boxes that can be
 * selected with the mouse or the keyboard (Tab, Space), and, once a
 * protected copy exists, a before/after comparison split.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_FACES_VIEW (veil_faces_view_get_type ())

G_DECLARE_FINAL_TYPE (VeilFacesView, veil_faces_view, VEIL, FACES_VIEW, GtkWidget)

/* One face box, in the coordinates of the full-size picture. */
typedef struct {
  float x, y, width, height;
} VeilFacesViewBox;

GtkWidget *veil_faces_view_new            (void);
/* texture may be a scaled-down copy of a width×height picture; boxes are in
 * full-size coordinates. Replaces the faces and the comparison. */
void       veil_faces_view_set_picture    (VeilFacesView          *self,
                                           GdkTexture             *texture,
                                           int                     width,
                                           int                     height,
                                           const VeilFacesViewBox *boxes,
                                           guint                   n_boxes);
/* The protected picture (same size as the one set), or NULL. */
void       veil_faces_view_set_protected  (VeilFacesView          *self,
                                           GdkTexture             *texture);
/* 0: all protected, 1: all original; the original shows left of the line. */
void       veil_faces_view_set_split      (VeilFacesView          *self,
                                           double                  split);
double     veil_faces_view_get_split      (VeilFacesView          *self);
void       veil_faces_view_set_show_boxes (VeilFacesView          *self,
                                           gboolean                show);
guint      veil_faces_view_get_n_faces    (VeilFacesView          *self);
gboolean   veil_faces_view_get_selected   (VeilFacesView          *self,
                                           guint                   index);
/* Does not emit ::face-toggled. */
void       veil_faces_view_set_selected   (VeilFacesView          *self,
                                           guint                   index,
                                           gboolean                selected);
/* What a screen reader says for the face, and its tooltip. */
void       veil_faces_view_set_face_label (VeilFacesView          *self,
                                           guint                   index,
                                           const char             *label);
/* The toggle button of a face box (for tests and focus). */
GtkWidget *veil_faces_view_get_face_button (VeilFacesView         *self,
                                            guint                  index);

G_END_DECLS
