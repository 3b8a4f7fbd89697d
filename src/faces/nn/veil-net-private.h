/* veil-net-private.h: the convolution kernels, kept in their own file so
 * that file alone is built with -O3 (auto-vectorised inner loops).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int c_in, h_in, w_in;
  int c_out, h_out, w_out;
  int kh, kw;
  int sh, sw;
  int dh, dw;
  int pad_t, pad_l;
  int group;
  const float *weight;   /* [c_out][c_in / group][kh][kw] */
  const float *bias;     /* [c_out] or NULL */
  float       *scratch;  /* _veil_conv_scratch_size () floats, or NULL */
} VeilConvParams;

/* Work space a dense non-1x1 convolution needs (im2col), 0 for others. */
gsize _veil_conv_scratch_size (const VeilConvParams *p);

void _veil_conv_forward  (const VeilConvParams *p,
                          const float          *in,
                          float                *out);
/* Accumulates (+=) into grad_in. */
void _veil_conv_backward (const VeilConvParams *p,
                          const float          *grad_out,
                          float                *grad_in);

/* Element-wise helpers, vectorised. */
void _veil_clip_forward  (const float *x, float *o, gsize n, float lo, float hi);
void _veil_clip_backward (const float *x, const float *go, float *gx, gsize n, float lo, float hi);
void _veil_add_forward   (const float *a, const float *b, float *o, gsize n);
/* g += go */
void _veil_accumulate    (float *g, const float *go, gsize n);

G_END_DECLS
