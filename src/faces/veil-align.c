/* veil-align.c: similarity alignment and its bilinear warp + adjoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-align"

#include "config.h"

#include <math.h>
#include <string.h>

#include "veil-align.h"

/* The standard ArcFace 112×112 five-point template (also used by OpenCV's
 * FaceRecognizerSF::alignCrop and by the evaluation harness). */
static const double template_pts[10] = {
  38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041,
};

void
veil_align_estimate (const float landmarks[10],
                     double      m[6])
{
  double mpx = 0, mpy = 0, mqx = 0, mqy = 0, s = 0, a = 0, b = 0;

  for (int i = 0; i < 5; i++)
    {
      mpx += landmarks[2 * i] / 5.0;
      mpy += landmarks[2 * i + 1] / 5.0;
      mqx += template_pts[2 * i] / 5.0;
      mqy += template_pts[2 * i + 1] / 5.0;
    }
  /* As complex numbers: z = Σ conj(p) q / Σ |p|², the least-squares
   * rotation-and-scale (Umeyama without reflection). */
  for (int i = 0; i < 5; i++)
    {
      double px = landmarks[2 * i] - mpx, py = landmarks[2 * i + 1] - mpy;
      double qx = template_pts[2 * i] - mqx, qy = template_pts[2 * i + 1] - mqy;
      a += px * qx + py * qy;
      b += px * qy - py * qx;
      s += px * px + py * py;
    }
  if (s < 1e-9)
    {
      a = 1;
      b = 0;
    }
  else
    {
      a /= s;
      b /= s;
    }
  m[0] = a;
  m[1] = -b;
  m[3] = b;
  m[4] = a;
  m[2] = mqx - (a * mpx - b * mpy);
  m[5] = mqy - (b * mpx + a * mpy);
}

gboolean
veil_align_region (const double m[6],
                   int          size,
                   int          image_w,
                   int          image_h,
                   int          margin,
                   int          rect[4])
{
  double det = m[0] * m[4] - m[1] * m[3];
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  const double corners[8] = { 0, 0, size, 0, 0, size, size, size };

  if (fabs (det) < 1e-12)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      double dx = corners[2 * i] - m[2], dy = corners[2 * i + 1] - m[5];
      double sx = (m[4] * dx - m[1] * dy) / det, sy = (-m[3] * dx + m[0] * dy) / det;
      x0 = MIN (x0, sx);
      y0 = MIN (y0, sy);
      x1 = MAX (x1, sx);
      y1 = MAX (y1, sy);
    }
  x0 = MAX (0, floor (x0) - margin);
  y0 = MAX (0, floor (y0) - margin);
  x1 = MIN (image_w, ceil (x1) + margin + 1);
  y1 = MIN (image_h, ceil (y1) + margin + 1);
  if (x1 - x0 < 2 || y1 - y0 < 2)
    return FALSE;
  rect[0] = (int) x0;
  rect[1] = (int) y0;
  rect[2] = (int) (x1 - x0);
  rect[3] = (int) (y1 - y0);
  return TRUE;
}

VeilWarp *
veil_warp_new (const double m[6],
               int          size,
               int          ox,
               int          oy,
               int          region_w,
               int          region_h)
{
  VeilWarp *warp = g_new0 (VeilWarp, 1);
  double det = m[0] * m[4] - m[1] * m[3];
  double i00, i01, i10, i11;

  if (fabs (det) < 1e-12)
    det = 1e-12;
  i00 = m[4] / det;
  i01 = -m[1] / det;
  i10 = -m[3] / det;
  i11 = m[0] / det;
  warp->size = size;
  warp->region_w = region_w;
  warp->region_h = region_h;
  warp->idx = g_new (gint32, (gsize) size * size * 4);
  warp->w = g_new (float, (gsize) size * size * 4);

  for (int v = 0; v < size; v++)
    for (int u = 0; u < size; u++)
      {
        double dx = u - m[2], dy = v - m[5];
        double sx = i00 * dx + i01 * dy - ox, sy = i10 * dx + i11 * dy - oy;
        double fx = floor (sx), fy = floor (sy);
        double ax = sx - fx, ay = sy - fy;
        int x0 = (int) fx, y0 = (int) fy;
        gsize base = ((gsize) v * size + u) * 4;
        const int xs[4] = { x0, x0 + 1, x0, x0 + 1 };
        const int ys[4] = { y0, y0, y0 + 1, y0 + 1 };
        const double ws[4] = { (1 - ax) * (1 - ay), ax * (1 - ay), (1 - ax) * ay, ax * ay };

        for (int k = 0; k < 4; k++)
          {
            gboolean inside = xs[k] >= 0 && xs[k] < region_w && ys[k] >= 0 && ys[k] < region_h;
            warp->idx[base + k] = inside ? ys[k] * region_w + xs[k] : -1;
            warp->w[base + k] = inside ? (float) ws[k] : 0.0f;
          }
      }
  return warp;
}

void
veil_warp_free (VeilWarp *warp)
{
  if (warp == NULL)
    return;
  g_free (warp->idx);
  g_free (warp->w);
  g_free (warp);
}

void
veil_warp_forward (const VeilWarp *warp,
                   const float    *region,
                   gboolean        flip,
                   gboolean        accumulate,
                   float          *net_input)
{
  const int n = warp->size;
  const gsize plane = (gsize) n * n;

  for (int v = 0; v < n; v++)
    for (int u = 0; u < n; u++)
      {
        gsize base = ((gsize) v * n + u) * 4;
        float bgr[3] = { 0, 0, 0 };
        gsize o = (gsize) v * n + (flip ? n - 1 - u : u);

        for (int k = 0; k < 4; k++)
          {
            gint32 i = warp->idx[base + k];
            if (i >= 0)
              for (int c = 0; c < 3; c++)
                bgr[c] += warp->w[base + k] * region[(gsize) i * 3 + c];
          }
        /* planar RGB, (v / 255 - 0.5) / 0.5 */
        for (int c = 0; c < 3; c++)
          {
            if (accumulate)
              net_input[c * plane + o] += bgr[2 - c] / 127.5f;
            else
              net_input[c * plane + o] = bgr[2 - c] / 127.5f - 1.0f;
          }
      }
}

void
veil_warp_adjoint (const VeilWarp *warp,
                   const float    *grad_input,
                   gboolean        flip,
                   float          *grad_region)
{
  const int n = warp->size;
  const gsize plane = (gsize) n * n;

  for (int v = 0; v < n; v++)
    for (int u = 0; u < n; u++)
      {
        gsize base = ((gsize) v * n + u) * 4;
        gsize o = (gsize) v * n + (flip ? n - 1 - u : u);
        float g[3];

        for (int c = 0; c < 3; c++)
          g[c] = grad_input[(2 - c) * plane + o] / 127.5f;
        for (int k = 0; k < 4; k++)
          {
            gint32 i = warp->idx[base + k];
            if (i >= 0)
              for (int c = 0; c < 3; c++)
                grad_region[(gsize) i * 3 + c] += warp->w[base + k] * g[c];
          }
      }
}

void
veil_blur_planar (float *data,
                  int    size,
                  float  sigma)
{
  float k[13];
  int r;
  g_autofree float *tmp = NULL;
  float sum = 0;

  if (sigma < 0.2f)
    return;
  r = MIN (6, (int) ceilf (2.5f * sigma));
  for (int i = -r; i <= r; i++)
    sum += k[i + r] = expf (-(float) (i * i) / (2 * sigma * sigma));
  for (int i = 0; i <= 2 * r; i++)
    k[i] /= sum;
  tmp = g_new (float, (gsize) size * size);
  for (int c = 0; c < 3; c++)
    {
      float *p = data + (gsize) c * size * size;

      for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
          {
            float s = 0;
            for (int i = -r; i <= r; i++)
              if (x + i >= 0 && x + i < size)
                s += k[i + r] * p[y * size + x + i];
            tmp[y * size + x] = s;
          }
      for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
          {
            float s = 0;
            for (int i = -r; i <= r; i++)
              if (y + i >= 0 && y + i < size)
                s += k[i + r] * tmp[(y + i) * size + x];
            p[y * size + x] = s;
          }
    }
}
