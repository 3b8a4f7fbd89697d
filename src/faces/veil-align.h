/* veil-align.h: face alignment to the 112×112 ArcFace template, as a
 * differentiable bilinear warp (forward and adjoint).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_ALIGN_SIZE 112

/* Least-squares similarity transform (rotation, uniform scale, shift; no
 * reflection) taking the five landmarks to the template: template = M · p,
 * with M = [a -b tx; b a ty] stored as m[6] = { a, -b, tx, b, a, ty }. */
void veil_align_estimate (const float landmarks[10],
                          double      m[6]);

/* The picture rectangle the aligned crop reads from, plus `margin` pixels,
 * clipped to the picture; FALSE when it lies outside. */
gboolean veil_align_region (const double m[6],
                            int          size,
                            int          image_w,
                            int          image_h,
                            int          margin,
                            int          rect[4]);

/* Precomputed bilinear sampling of an aligned crop from a float picture
 * region (interleaved BGR, region_w × region_h, region origin at image
 * coordinates (ox, oy)). Taps outside the region read zero, like
 * cv::warpAffine with a constant border. */
typedef struct {
  int    size;       /* output side */
  int    region_w, region_h;
  gint32 *idx;       /* [size * size * 4] pixel index in the region, or -1 */
  float  *w;         /* [size * size * 4] */
} VeilWarp;

VeilWarp *veil_warp_new     (const double m[6],
                             int          size,
                             int          ox,
                             int          oy,
                             int          region_w,
                             int          region_h);
void      veil_warp_free    (VeilWarp    *warp);
/* region (BGR 0..255) → net input: planar RGB, (v / 255 - 0.5) / 0.5,
 * optionally mirrored left-right. With `accumulate`, adds v / 127.5
 * instead (for a perturbation warped on its own grid). */
void      veil_warp_forward (const VeilWarp *warp,
                             const float    *region,
                             gboolean        flip,
                             gboolean        accumulate,
                             float          *net_input);
/* Adjoint: grad_region += Wᵀ · grad_input (same flip). */
void      veil_warp_adjoint (const VeilWarp *warp,
                             const float    *grad_input,
                             gboolean        flip,
                             float          *grad_region);

/* Separable Gaussian blur of a planar 3 × size × size tensor, zero border.
 * With a symmetric kernel it is its own adjoint, so backward calls it too. */
void      veil_blur_planar  (float       *data,
                             int          size,
                             float        sigma);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilWarp, veil_warp_free)

G_END_DECLS
