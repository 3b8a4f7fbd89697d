/* veil-ssim.h: SSIM between two pictures and its gradient, in float.
 *
 * The measure is the evaluation harness's: 11×11 Gaussian window, σ 1.5,
 * reflect-101 border (as cv2.GaussianBlur), per-channel mean SSIM averaged
 * over three channels, DSSIM = (1 - SSIM) / 2. The gradient lets the cloak
 * shape its change to cost as little DSSIM as possible, instead of only
 * scaling it down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-cv.h"

G_BEGIN_DECLS

typedef struct _VeilSsim VeilSsim;

/* Work space for a w × h rectangle: 9 w h floats. */
VeilSsim *veil_ssim_new   (int       width,
                           int       height);
void      veil_ssim_free  (VeilSsim *ssim);

/* DSSIM between a and b: interleaved 3-channel rectangles given as a
 * pointer to their first pixel and a row stride in elements. When `grad` is
 * not NULL, d DSSIM / d b is written there (same layout, stride gstride). */
double    veil_ssim_dssim_float (VeilSsim    *ssim,
                                 const float *a,
                                 gsize        astride,
                                 const float *b,
                                 gsize        bstride,
                                 float       *grad,
                                 gsize        gstride);
double    veil_ssim_dssim_u8    (VeilSsim     *ssim,
                                 const guint8 *a,
                                 gsize         astride,
                                 const guint8 *b,
                                 gsize         bstride);

/* SSIM as the evaluation harness computes it (11×11 Gaussian window,
 * σ 1.5, mean of the three channels) over a rectangle; DSSIM = (1-SSIM)/2. */
double   veil_image_dssim  (const VeilImage        *a,
                            const VeilImage        *b,
                            int                     x,
                            int                     y,
                            int                     width,
                            int                     height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilSsim, veil_ssim_free)

G_END_DECLS
