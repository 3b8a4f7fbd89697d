/* veil-ssim.c: SSIM and its gradient over a rectangle, in float.
 *
 * Per channel, with μ the Gaussian-window means and M the windowed raw
 * second moments, S = (2 μa μb + C1)(2 σab + C2) / ((μa² + μb² + C1)(σa² +
 * σb² + C2)) with σab = Mab - μa μb, σb² = Mbb - μb². Its derivative with
 * respect to b(q) is the window (adjoint of the blur, the same symmetric
 * blur) applied to ∂S/∂μb, a·∂S/∂Mab and 2b·∂S/∂Mbb; see ssim_channel.
 * The blur's border reflection makes the adjoint differ from the blur in
 * the outermost five pixels, harmless for a descent direction; the value is
 * exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-ssim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "veil-ssim.h"

#define R 5   /* window radius: 11 taps */

struct _VeilSsim {
  int    w, h;
  float  k[2 * R + 1];
  float *pa, *pb, *ma, *mb, *saa, *sbb, *sab, *tmp, *g, *row;
  int   *xi, *yi;     /* reflected indices, for -R .. n - 1 + R */
};

static int
reflect101 (int i, int n)
{
  if (n == 1)
    return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}

VeilSsim *
veil_ssim_new (int width,
               int height)
{
  VeilSsim *s = g_new0 (VeilSsim, 1);
  gsize n = (gsize) MAX (width, 1) * MAX (height, 1);
  double sum = 0;

  s->w = MAX (width, 1);
  s->h = MAX (height, 1);
  for (int i = 0; i <= 2 * R; i++)
    sum += s->k[i] = (float) exp (-((i - R) * (i - R)) / (2 * 1.5 * 1.5));
  for (int i = 0; i <= 2 * R; i++)
    s->k[i] = (float) (s->k[i] / sum);
  s->pa = g_new (float, n * 9);
  s->pb = s->pa + n;
  s->ma = s->pb + n;
  s->mb = s->ma + n;
  s->saa = s->mb + n;
  s->sbb = s->saa + n;
  s->sab = s->sbb + n;
  s->tmp = s->sab + n;
  s->g = s->tmp + n;
  s->row = g_new (float, s->w + 2 * R);
  s->xi = g_new (int, s->w + 2 * R);
  s->yi = g_new (int, s->h + 2 * R);
  for (int i = 0; i < s->w + 2 * R; i++)
    s->xi[i] = reflect101 (i - R, s->w);
  for (int i = 0; i < s->h + 2 * R; i++)
    s->yi[i] = reflect101 (i - R, s->h);
  return s;
}

void
veil_ssim_free (VeilSsim *s)
{
  if (s == NULL)
    return;
  g_free (s->pa);
  g_free (s->row);
  g_free (s->xi);
  g_free (s->yi);
  g_free (s);
}

/* dst = Gaussian blur of src (w × h planes), reflect-101 border. */
static void
blur (VeilSsim *s, const float *src, float *dst)
{
  const int w = s->w, h = s->h;
  const float *k = s->k;

  for (int y = 0; y < h; y++)
    {
      const float *in = src + (gsize) y * w;
      float *out = s->tmp + (gsize) y * w;

      for (int i = 0; i < w + 2 * R; i++)
        s->row[i] = in[s->xi[i]];
      for (int x = 0; x < w; x++)
        {
          const float *r = s->row + x;
          float v = 0;
          for (int t = 0; t <= 2 * R; t++)
            v += k[t] * r[t];
          out[x] = v;
        }
    }
  for (int y = 0; y < h; y++)
    {
      float *out = dst + (gsize) y * w;

      memset (out, 0, w * sizeof (float));
      for (int t = 0; t <= 2 * R; t++)
        {
          const float *in = s->tmp + (gsize) s->yi[y + t] * w;
          float kt = k[t];
          for (int x = 0; x < w; x++)
            out[x] += kt * in[x];
        }
    }
}

/* Mean SSIM of the planes pa, pb; with `grad`, also d mean-SSIM / d pb
 * into grad (a w × h plane). Clobbers every work plane but pa, pb. */
static double
ssim_channel (VeilSsim *s, float *grad)
{
  const float c1 = (0.01f * 255) * (0.01f * 255), c2 = (0.03f * 255) * (0.03f * 255);
  const gsize n = (gsize) s->w * s->h;
  double sum = 0;

  blur (s, s->pa, s->ma);
  blur (s, s->pb, s->mb);
  for (gsize i = 0; i < n; i++)
    s->sab[i] = s->pa[i] * s->pa[i];
  blur (s, s->sab, s->saa);
  for (gsize i = 0; i < n; i++)
    s->sab[i] = s->pb[i] * s->pb[i];
  blur (s, s->sab, s->sbb);
  for (gsize i = 0; i < n; i++)
    s->sab[i] = s->pa[i] * s->pb[i];
  blur (s, s->sab, s->sab);
  for (gsize i = 0; i < n; i++)
    {
      float ma = s->ma[i], mb = s->mb[i];
      float a1 = 2 * ma * mb + c1, a2 = 2 * (s->sab[i] - ma * mb) + c2;
      float b1 = ma * ma + mb * mb + c1, b2 = (s->saa[i] - ma * ma) + (s->sbb[i] - mb * mb) + c2;
      float v = (a1 * a2) / (b1 * b2);

      sum += v;
      if (grad != NULL)
        {
          /* ∂S/∂μb, ∂S/∂Mab, ∂S/∂Mbb, kept in place of the maps */
          s->ma[i] = v * (2 * ma / a1 - 2 * ma / a2 - 2 * mb / b1 + 2 * mb / b2);
          s->sab[i] = v * 2 / a2;
          s->sbb[i] = -v / b2;
        }
    }
  if (grad != NULL)
    {
      blur (s, s->ma, s->mb);
      blur (s, s->sab, s->saa);
      blur (s, s->sbb, s->sab);
      for (gsize i = 0; i < n; i++)
        grad[i] = (s->mb[i] + s->pa[i] * s->saa[i] + 2 * s->pb[i] * s->sab[i]) / n;
    }
  return sum / n;
}

double
veil_ssim_dssim_float (VeilSsim    *s,
                       const float *a,
                       gsize        astride,
                       const float *b,
                       gsize        bstride,
                       float       *grad,
                       gsize        gstride)
{
  double total = 0;
  const int w = s->w, h = s->h;
  float *g = grad ? s->g : NULL;

  for (int c = 0; c < 3; c++)
    {
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            s->pa[(gsize) y * w + x] = a[(gsize) y * astride + 3 * x + c];
            s->pb[(gsize) y * w + x] = b[(gsize) y * bstride + 3 * x + c];
          }
      total += ssim_channel (s, g);
      if (grad != NULL)
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            grad[(gsize) y * gstride + 3 * x + c] = (float) (-g[(gsize) y * w + x] / 6.0);
    }
  return (1.0 - total / 3.0) / 2.0;
}

double
veil_ssim_dssim_u8 (VeilSsim     *s,
                    const guint8 *a,
                    gsize         astride,
                    const guint8 *b,
                    gsize         bstride)
{
  double total = 0;
  const int w = s->w, h = s->h;

  for (int c = 0; c < 3; c++)
    {
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            s->pa[(gsize) y * w + x] = a[(gsize) y * astride + 3 * x + c];
            s->pb[(gsize) y * w + x] = b[(gsize) y * bstride + 3 * x + c];
          }
      total += ssim_channel (s, NULL);
    }
  return (1.0 - total / 3.0) / 2.0;
}

/* ---- SSIM of two pictures over a rectangle, as the harness measures it ---- */

double
veil_image_dssim (const VeilImage *a,
                  const VeilImage *b,
                  int              x0,
                  int              y0,
                  int              w,
                  int              h)
{
  g_autoptr(VeilSsim) s = NULL;

  x0 = CLAMP (x0, 0, a->width - 1);
  y0 = CLAMP (y0, 0, a->height - 1);
  w = MIN (w, a->width - x0);
  h = MIN (h, a->height - y0);
  if (w < 1 || h < 1)
    return 0;
  s = veil_ssim_new (w, h);
  return veil_ssim_dssim_u8 (s, a->data + (gsize) y0 * a->stride + 3 * x0, a->stride,
                             b->data + (gsize) y0 * b->stride + 3 * x0, b->stride);
}
