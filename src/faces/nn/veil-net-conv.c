/* veil-net-conv.c: convolution forward and input-gradient kernels.
 *
 * Pointwise (1x1) convolutions, the bulk of MobileFaceNet's work, are a
 * matrix product W · X done by a register-blocked kernel; other dense
 * convolutions (the 3x3 stem) go through im2col and the same kernel, their
 * input gradient through Wᵀ and col2im. Depthwise convolutions run as "one
 * kernel tap times a whole plane", contiguous multiply-adds that GCC
 * vectorises. The inner loops live in veil-net-kernels.h, compiled for AVX2
 * + FMA and for any CPU and picked at run time.
 *
 * No threads here: the cloak runs one network per thread, which keeps both
 * cores busy without a barrier per layer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-net"

#include "config.h"

#include <string.h>

#include "veil-net-private.h"

#pragma GCC diagnostic ignored "-Wpsabi"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VEIL_HAVE_AVX2_PATH 1
#pragma GCC push_options
#pragma GCC target ("avx2,fma")
#define KSUFFIX _avx2
#include "veil-net-kernels.h"
#undef KSUFFIX
#pragma GCC pop_options
#endif

#define KSUFFIX _generic
#include "veil-net-kernels.h"
#undef KSUFFIX

typedef struct {
  void (*gemm_acc) (int, int, int, const float *, gsize, gsize, const float *, gsize, float *, gsize);
  void (*plane_tap) (float *, int, const float *, int, int, float, int, int);
  void (*plane_tap_adjoint) (float *, int, int, const float *, int, float, int, int);
} Kernels;

static const Kernels *
kernels (void)
{
  static Kernels k;
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      k.gemm_acc = gemm_acc_generic;
      k.plane_tap = plane_tap_generic;
      k.plane_tap_adjoint = plane_tap_adjoint_generic;
#ifdef VEIL_HAVE_AVX2_PATH
      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") &&
          g_getenv ("VEIL_NO_AVX2") == NULL)
        {
          k.gemm_acc = gemm_acc_avx2;
          k.plane_tap = plane_tap_avx2;
          k.plane_tap_adjoint = plane_tap_adjoint_avx2;
        }
#endif
      g_once_init_leave (&init, 1);
    }
  return &k;
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

gsize
_veil_conv_scratch_size (const VeilConvParams *p)
{
  if (p->group != 1 || is_pointwise (p))
    return 0;
  return (gsize) p->c_in * p->kh * p->kw * p->h_out * p->w_out;
}

/* cols[(ic, ky, kx)][oy, ox] = in[ic][oy s - pad + ky d][ox s - pad + kx d], or 0 */
static void
im2col (const VeilConvParams *p, const float *in, float *cols)
{
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  float *row = cols;

  for (int ic = 0; ic < p->c_in; ic++)
    for (int ky = 0; ky < p->kh; ky++)
      for (int kx = 0; kx < p->kw; kx++, row += plane_out)
        for (int oy = 0; oy < p->h_out; oy++)
          {
            int iy = oy * p->sh - p->pad_t + ky * p->dh;
            float *r = row + (gsize) oy * p->w_out;

            if (iy < 0 || iy >= p->h_in)
              {
                memset (r, 0, p->w_out * sizeof (float));
                continue;
              }
            for (int ox = 0; ox < p->w_out; ox++)
              {
                int ix = ox * p->sw - p->pad_l + kx * p->dw;
                r[ox] = ix >= 0 && ix < p->w_in ? in[((gsize) ic * p->h_in + iy) * p->w_in + ix] : 0.0f;
              }
          }
}

/* The adjoint of im2col: grad_in += scatter (gcols). */
static void
col2im (const VeilConvParams *p, const float *gcols, float *grad_in)
{
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  const float *row = gcols;

  for (int ic = 0; ic < p->c_in; ic++)
    for (int ky = 0; ky < p->kh; ky++)
      for (int kx = 0; kx < p->kw; kx++, row += plane_out)
        for (int oy = 0; oy < p->h_out; oy++)
          {
            int iy = oy * p->sh - p->pad_t + ky * p->dh;
            const float *r = row + (gsize) oy * p->w_out;

            if (iy < 0 || iy >= p->h_in)
              continue;
            for (int ox = 0; ox < p->w_out; ox++)
              {
                int ix = ox * p->sw - p->pad_l + kx * p->dw;
                if (ix >= 0 && ix < p->w_in)
                  grad_in[((gsize) ic * p->h_in + iy) * p->w_in + ix] += r[ox];
              }
          }
}

void
_veil_conv_forward (const VeilConvParams *p,
                    const float          *in,
                    float                *out)
{
  const Kernels *k = kernels ();
  const int cin_g = p->c_in / p->group;
  const int cout_g = p->c_out / p->group;
  const gsize plane_in = (gsize) p->h_in * p->w_in;
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  const gsize kk = (gsize) p->kh * p->kw;

  for (int oc = 0; oc < p->c_out; oc++)
    {
      float b = p->bias ? p->bias[oc] : 0.0f;
      float *o = out + oc * plane_out;
      for (gsize i = 0; i < plane_out; i++)
        o[i] = b;
    }
  if (is_pointwise (p))
    {
      k->gemm_acc (p->c_out, p->c_in, (int) plane_out, p->weight, p->c_in, 1,
                   in, plane_out, out, plane_out);
      return;
    }
  if (p->group == 1 && p->scratch != NULL)
    {
      im2col (p, in, p->scratch);
      k->gemm_acc (p->c_out, (int) (p->c_in * kk), (int) plane_out, p->weight, p->c_in * kk, 1,
                   p->scratch, plane_out, out, plane_out);
      return;
    }

  for (int oc = 0; oc < p->c_out; oc++)
    {
      const int g = oc / cout_g;
      float *o = out + oc * plane_out;
      const float *wrow = p->weight + (gsize) oc * cin_g * kk;

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
                  k->plane_tap (o + oy0 * p->w_out + ox0, p->w_out,
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
  const Kernels *k = kernels ();
  const int cin_g = p->c_in / p->group;
  const int cout_g = p->c_out / p->group;
  const gsize plane_in = (gsize) p->h_in * p->w_in;
  const gsize plane_out = (gsize) p->h_out * p->w_out;
  const gsize kk = (gsize) p->kh * p->kw;
  const gsize wstride = (gsize) cin_g * kk;

  if (is_pointwise (p))
    {
      /* grad_in[ic] += Σ_oc W[oc][ic] grad_out[oc]: Wᵀ read in place */
      k->gemm_acc (p->c_in, p->c_out, (int) plane_out, p->weight, 1, p->c_in,
                   grad_out, plane_out, grad_in, plane_in);
      return;
    }
  if (p->group == 1 && p->scratch != NULL)
    {
      gsize rows = p->c_in * kk;
      memset (p->scratch, 0, rows * plane_out * sizeof (float));
      k->gemm_acc ((int) rows, p->c_out, (int) plane_out, p->weight, 1, rows,
                   grad_out, plane_out, p->scratch, plane_out);
      col2im (p, p->scratch, grad_in);
      return;
    }

  for (int ic = 0; ic < p->c_in; ic++)
    {
      const int g = ic / cin_g;
      const int icg = ic - g * cin_g;
      float *gi = grad_in + ic * plane_in;
      const float *go = grad_out + (gsize) g * cout_g * plane_out;
      const float *w = p->weight + (gsize) g * cout_g * wstride;

      for (int ocg = 0; ocg < cout_g; ocg++)
        {
          const float *gor = go + ocg * plane_out;
          const float *wk = w + ocg * wstride + (gsize) icg * kk;

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
                  k->plane_tap_adjoint (gi + (gsize) (oy0 * p->sh - p->pad_t + ky * p->dh) * p->w_in +
                                          (ox0 * p->sw - p->pad_l + kx * p->dw),
                                        p->w_in * p->sh, p->sw,
                                        gor + oy0 * p->w_out + ox0, p->w_out, wv,
                                        oy1 - oy0 + 1, ox1 - ox0 + 1);
                }
            }
        }
    }
}

/* ---- element-wise ops, here for -O3 (vectorised) ----------------------- */

void
_veil_clip_forward (const float *restrict x, float *restrict o, gsize n, float lo, float hi)
{
  for (gsize i = 0; i < n; i++)
    {
      float v = x[i] < lo ? lo : x[i];
      o[i] = v > hi ? hi : v;
    }
}

void
_veil_clip_backward (const float *restrict x, const float *restrict go, float *restrict gx,
                     gsize n, float lo, float hi)
{
  /* unconditional loads and two selects, which GCC turns into blends */
  for (gsize i = 0; i < n; i++)
    {
      float g = go[i], xv = x[i], acc = gx[i];
      g = xv > lo ? g : 0.0f;
      g = xv < hi ? g : 0.0f;
      gx[i] = acc + g;
    }
}

void
_veil_add_forward (const float *restrict a, const float *restrict b, float *restrict o, gsize n)
{
  for (gsize i = 0; i < n; i++)
    o[i] = a[i] + b[i];
}

void
_veil_accumulate (float *restrict g, const float *restrict go, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g[i] += go[i];
}
