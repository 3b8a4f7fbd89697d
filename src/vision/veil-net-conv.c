/* veil-net-conv.c: convolution forward and input-gradient kernels.
 *
 * Direct convolution, written as "one kernel tap times a whole plane" so the
 * inner loops are plain multiply-adds over contiguous rows that GCC
 * vectorises at -O3. On x86-64 the hot helpers are also cloned for AVX2+FMA
 * and picked at run time, so one binary runs on any x86-64 and fast on most.
 * Output channels (forward) or input channels (backward) are shared between
 * cores with OpenMP; each thread writes only its own channels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-net"

#include "config.h"

#include <string.h>

#include "veil-net-private.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define VEIL_SIMD_CLONES __attribute__ ((target_clones ("arch=haswell", "default")))
#else
#define VEIL_SIMD_CLONES
#endif

/* out[r][c] += w * in[r * row_step + c * step] */
VEIL_SIMD_CLONES static void
plane_tap (float *restrict       out,
           int                   out_stride,
           const float *restrict in,
           int                   row_step,
           int                   step,
           float                 w,
           int                   rows,
           int                   cols)
{
  for (int r = 0; r < rows; r++)
    {
      float *restrict o = out + (gsize) r * out_stride;
      const float *restrict i = in + (gsize) r * row_step;

      if (step == 1)
        for (int c = 0; c < cols; c++)
          o[c] += w * i[c];
      else
        for (int c = 0; c < cols; c++)
          o[c] += w * i[c * step];
    }
}

/* in[r * row_step + c * step] += w * out[r][c] (the adjoint of plane_tap) */
VEIL_SIMD_CLONES static void
plane_tap_adjoint (float *restrict       in,
                   int                   row_step,
                   int                   step,
                   const float *restrict out,
                   int                   out_stride,
                   float                 w,
                   int                   rows,
                   int                   cols)
{
  for (int r = 0; r < rows; r++)
    {
      float *restrict i = in + (gsize) r * row_step;
      const float *restrict o = out + (gsize) r * out_stride;

      if (step == 1)
        for (int c = 0; c < cols; c++)
          i[c] += w * o[c];
      else
        for (int c = 0; c < cols; c++)
          i[c * step] += w * o[c];
    }
}

/* y[i] += a0 x0[i] + a1 x1[i] + a2 x2[i] + a3 x3[i]: four rows per pass over
 * y, for 1x1 convolutions (the bulk of MobileFaceNet's work). */
VEIL_SIMD_CLONES static void
row_axpy4 (float *restrict       y,
           const float *restrict x0,
           const float *restrict x1,
           const float *restrict x2,
           const float *restrict x3,
           float a0, float a1, float a2, float a3,
           gsize n)
{
  for (gsize i = 0; i < n; i++)
    y[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
}

VEIL_SIMD_CLONES static void
row_axpy (float *restrict y, const float *restrict x, float a, gsize n)
{
  for (gsize i = 0; i < n; i++)
    y[i] += a * x[i];
}

/* Output indices o in [lo, hi] whose input index o * s - pad + k * d lies in
 * [0, n): returns FALSE when there are none. */
static gboolean
valid_range (int n_out, int n_in, int s, int pad, int kd, int *lo, int *hi)
{
  int off = kd - pad;   /* input = o * s + off */
  int a = 0, b = n_out - 1;

  if (off < 0)
    a = (-off + s - 1) / s;
  if ((n_in - 1 - off) < 0)
    return FALSE;
  b = MIN (b, (n_in - 1 - off) / s);
  *lo = a;
  *hi = b;
  return a <= b;
}

static gboolean
is_pointwise (const VeilConvParams *p)
{
  return p->kh == 1 && p->kw == 1 && p->sh == 1 && p->sw == 1 &&
         p->pad_t == 0 && p->pad_l == 0 && p->h_in == p->h_out && p->w_in == p->w_out;
}

void
_veil_conv_forward (const VeilConvParams *p,
                    const float          *in,
                    float                *out)
{
  const int cin_g = p->c_in / p->group;
  const int cout_g = p->c_out / p->group;
  const gsize plane_in = (gsize) p->h_in * p->w_in;
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  const gboolean pointwise = is_pointwise (p);

#pragma omp parallel for schedule(static)
  for (int oc = 0; oc < p->c_out; oc++)
    {
      const int g = oc / cout_g;
      float *o = out + oc * plane_out;
      const float *wrow = p->weight + (gsize) oc * cin_g * p->kh * p->kw;
      float b = p->bias ? p->bias[oc] : 0.0f;

      for (gsize i = 0; i < plane_out; i++)
        o[i] = b;

      if (pointwise)
        {
          const float *x = in + (gsize) g * cin_g * plane_in;
          int ic = 0;

          for (; ic + 4 <= cin_g; ic += 4)
            row_axpy4 (o, x + ic * plane_in, x + (ic + 1) * plane_in, x + (ic + 2) * plane_in,
                       x + (ic + 3) * plane_in, wrow[ic], wrow[ic + 1], wrow[ic + 2], wrow[ic + 3],
                       plane_out);
          for (; ic < cin_g; ic++)
            row_axpy (o, x + ic * plane_in, wrow[ic], plane_out);
          continue;
        }

      for (int icg = 0; icg < cin_g; icg++)
        {
          const float *x = in + (gsize) (g * cin_g + icg) * plane_in;

          for (int ky = 0; ky < p->kh; ky++)
            {
              int oy0, oy1;

              if (!valid_range (p->h_out, p->h_in, p->sh, p->pad_t, ky * p->dh, &oy0, &oy1))
                continue;
              for (int kx = 0; kx < p->kw; kx++)
                {
                  int ox0, ox1;
                  float w = wrow[(icg * p->kh + ky) * p->kw + kx];

                  if (w == 0.0f ||
                      !valid_range (p->w_out, p->w_in, p->sw, p->pad_l, kx * p->dw, &ox0, &ox1))
                    continue;
                  plane_tap (o + oy0 * p->w_out + ox0, p->w_out,
                             x + (gsize) (oy0 * p->sh - p->pad_t + ky * p->dh) * p->w_in +
                               (ox0 * p->sw - p->pad_l + kx * p->dw),
                             p->w_in * p->sh, p->sw, w, oy1 - oy0 + 1, ox1 - ox0 + 1);
                }
            }
        }
    }
}

void
_veil_conv_backward (const VeilConvParams *p,
                     const float          *grad_out,
                     float                *grad_in)
{
  const int cin_g = p->c_in / p->group;
  const int cout_g = p->c_out / p->group;
  const gsize plane_in = (gsize) p->h_in * p->w_in;
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  const gsize wstride = (gsize) cin_g * p->kh * p->kw;
  const gboolean pointwise = is_pointwise (p);

#pragma omp parallel for schedule(static)
  for (int ic = 0; ic < p->c_in; ic++)
    {
      const int g = ic / cin_g;
      const int icg = ic - g * cin_g;
      float *gi = grad_in + ic * plane_in;
      const float *go = grad_out + (gsize) g * cout_g * plane_out;
      const float *w = p->weight + (gsize) g * cout_g * wstride;

      if (pointwise)
        {
          int oc = 0;

          for (; oc + 4 <= cout_g; oc += 4)
            row_axpy4 (gi, go + oc * plane_out, go + (oc + 1) * plane_out,
                       go + (oc + 2) * plane_out, go + (oc + 3) * plane_out,
                       w[oc * wstride + icg], w[(oc + 1) * wstride + icg],
                       w[(oc + 2) * wstride + icg], w[(oc + 3) * wstride + icg], plane_out);
          for (; oc < cout_g; oc++)
            row_axpy (gi, go + oc * plane_out, w[oc * wstride + icg], plane_out);
          continue;
        }

      for (int ocg = 0; ocg < cout_g; ocg++)
        {
          const float *gor = go + ocg * plane_out;
          const float *wk = w + ocg * wstride + (gsize) icg * p->kh * p->kw;

          for (int ky = 0; ky < p->kh; ky++)
            {
              int oy0, oy1;

              if (!valid_range (p->h_out, p->h_in, p->sh, p->pad_t, ky * p->dh, &oy0, &oy1))
                continue;
              for (int kx = 0; kx < p->kw; kx++)
                {
                  int ox0, ox1;
                  float wv = wk[ky * p->kw + kx];

                  if (wv == 0.0f ||
                      !valid_range (p->w_out, p->w_in, p->sw, p->pad_l, kx * p->dw, &ox0, &ox1))
                    continue;
                  plane_tap_adjoint (gi + (gsize) (oy0 * p->sh - p->pad_t + ky * p->dh) * p->w_in +
                                       (ox0 * p->sw - p->pad_l + kx * p->dw),
                                     p->w_in * p->sh, p->sw,
                                     gor + oy0 * p->w_out + ox0, p->w_out, wv,
                                     oy1 - oy0 + 1, ox1 - ox0 + 1);
                }
            }
        }
    }
}
