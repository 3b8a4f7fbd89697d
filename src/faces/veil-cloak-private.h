/* veil-cloak-private.h: what the cloak's files share with the rest of the
 * face code but not with callers of veil-cloak.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-cv.h"
#include "veil-cloak.h"

G_BEGIN_DECLS

/* Writes a picture to dest_path (PNG or JPEG by its suffix),
 * without metadata, complete or not at all. Shared with the app's per-face
 * protection (veil-faces-views.c). */
gboolean _veil_cloak_write_output (const VeilImage *image,
                                   const char      *dest_path,
                                   int              quality,
                                   GError         **error);

/* Colour difference of a face box, CIE76 ΔE in Lab of the 8-bit values,
 * the measure of ../shared/tools/cloak-eval/visibility.py. */
typedef struct {
  float mean, p95, chroma;
} VeilDeltaE;

/* Interleaved BGR float rectangles (row stride in floats); every `step`-th
 * pixel in each direction (1 = all). */
void   _veil_cloak_delta_e   (const float    *a,
                              const float    *b,
                              gsize           stride,
                              int             width,
                              int             height,
                              int             step,
                              VeilDeltaE     *out);
/* The feathered face region: an ellipse around the face box (centre,
 * semi-axes), full strength inside FEATHER_INNER of its radius, falling
 * smoothly to zero at its edge; `margin` shrinks it (photo pixels). */
#define FEATHER_INNER 0.72
void   _veil_cloak_region    (const VeilFace *face,
                              double         *cx,
                              double         *cy,
                              double         *ax,
                              double         *ay);
double _veil_cloak_feather   (const VeilFace *face,
                              double          margin,
                              double          x,
                              double          y);
void   _veil_ycc_to_bgr      (const float     ycc[3],
                              float           bgr[3]);
/* The adjoint: a BGR gradient → the (Y, Cb, Cr) gradient. */
void   _veil_bgr_grad_to_ycc (const float     g[3],
                              float           out[3]);

/* veil-cloak-view.c */
void     _veil_cloak_jitter   (const double      m[6],
                               GRand            *rand,
                               gboolean          enable,
                               double            out[6]);
/* Finds the face again on the picture with `comp` (a rect-sized BGR float
 * composite) in place of the rect, near `face`; its landmarks in photo
 * coordinates. */
gboolean _veil_cloak_redetect (VeilFaceDetector *detector,
                               const VeilImage  *image,
                               const int         rect[4],
                               const float      *comp,
                               const VeilFace   *face,
                               float             landmarks[10]);

G_END_DECLS
