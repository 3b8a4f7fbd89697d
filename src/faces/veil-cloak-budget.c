/* veil-cloak-budget.c: what keeps a cloak invisible: the colour difference
 * it makes (CIE76 ΔE in Lab, as ../shared/tools/cloak-eval/visibility.py
 * measures it), the feathered face region it may change, and the colour
 * basis that puts most of the change in luminance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include <math.h>

#include "veil-cloak.h"
#include "veil-cloak-private.h"

/* sRGB 0..255 → linear light, for every 8-bit value (what is written is
 * always rounded to 8 bits, so the measure rounds too). */
static const float *
srgb_linear_table (void)
{
  static float table[256];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (int i = 0; i < 256; i++)
        {
          double v = i / 255.0;
          table[i] = (float) (v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4));
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

static inline float
lab_f (float t)
{
  return t > 0.008856f ? cbrtf (t) : 7.787f * t + 16.0f / 116.0f;
}

/* BGR 0..255 (rounded) → L*, a*, b* (D65, as OpenCV's COLOR_BGR2Lab). */
static inline void
to_lab (const float *bgr, const float *lin, float lab[3])
{
  float b = lin[(int) CLAMP (lrintf (bgr[0]), 0, 255)];
  float g = lin[(int) CLAMP (lrintf (bgr[1]), 0, 255)];
  float r = lin[(int) CLAMP (lrintf (bgr[2]), 0, 255)];
  float x = (0.412453f * r + 0.357580f * g + 0.180423f * b) / 0.950456f;
  float y = 0.212671f * r + 0.715160f * g + 0.072169f * b;
  float z = (0.019334f * r + 0.119193f * g + 0.950227f * b) / 1.088754f;
  float fx = lab_f (x), fy = lab_f (y), fz = lab_f (z);

  lab[0] = y > 0.008856f ? 116.0f * fy - 16.0f : 903.3f * y;
  lab[1] = 500.0f * (fx - fy);
  lab[2] = 200.0f * (fy - fz);
}

#define DE_BINS 1024
#define DE_BIN_WIDTH 0.025f

void
_veil_cloak_delta_e (const float *a,
                     const float *b,
                     gsize        stride,
                     int          width,
                     int          height,
                     int          step,
                     VeilDeltaE  *out)
{
  const float *lin = srgb_linear_table ();
  guint hist[DE_BINS] = { 0 };
  double sum = 0, sum_c = 0;
  guint n = 0, want, seen = 0;

  step = MAX (step, 1);
  for (int y = 0; y < height; y += step)
    for (int x = 0; x < width; x += step)
      {
        const float *pa = a + (gsize) y * stride + 3 * (gsize) x;
        const float *pb = b + (gsize) y * stride + 3 * (gsize) x;
        float la[3], lb[3], d, c;

        if (lrintf (pa[0]) == lrintf (pb[0]) && lrintf (pa[1]) == lrintf (pb[1]) &&
            lrintf (pa[2]) == lrintf (pb[2]))
          {
            hist[0]++;
            n++;
            continue;
          }
        to_lab (pa, lin, la);
        to_lab (pb, lin, lb);
        c = sqrtf ((la[1] - lb[1]) * (la[1] - lb[1]) + (la[2] - lb[2]) * (la[2] - lb[2]));
        d = sqrtf ((la[0] - lb[0]) * (la[0] - lb[0]) + c * c);
        sum += d;
        sum_c += c;
        hist[MIN (DE_BINS - 1, (int) (d / DE_BIN_WIDTH))]++;
        n++;
      }
  out->mean = n ? (float) (sum / n) : 0;
  out->chroma = n ? (float) (sum_c / n) : 0;
  out->p95 = 0;
  want = (guint) ceil (0.95 * n);
  for (int i = 0; i < DE_BINS && n > 0; i++)
    {
      seen += hist[i];
      if (seen >= want)
        {
          out->p95 = (i + 0.5f) * DE_BIN_WIDTH;
          break;
        }
    }
}

/* The region a cloak may change: an ellipse around the detected face box,
 * a little larger than the box so the forehead and chin are covered. */
void
_veil_cloak_region (const VeilFace *face,
                    double         *cx,
                    double         *cy,
                    double         *ax,
                    double         *ay)
{
  *cx = face->x + face->width / 2.0;
  *cy = face->y + face->height / 2.0;
  *ax = 0.56 * face->width;
  *ay = 0.62 * face->height;
}

gboolean
veil_cloak_region_contains (const VeilFace *face,
                            double          x,
                            double          y)
{
  double cx, cy, ax, ay;

  _veil_cloak_region (face, &cx, &cy, &ax, &ay);
  return (x - cx) * (x - cx) / (ax * ax) + (y - cy) * (y - cy) / (ay * ay) < 1.0;
}

double
_veil_cloak_feather (const VeilFace *face,
                     double          margin,
                     double          x,
                     double          y)
{
  double cx, cy, ax, ay, r, t;

  _veil_cloak_region (face, &cx, &cy, &ax, &ay);
  ax -= margin;
  ay -= margin;
  if (ax <= 1 || ay <= 1)
    return 0;
  r = sqrt ((x - cx) * (x - cx) / (ax * ax) + (y - cy) * (y - cy) / (ay * ay));
  if (r >= 1.0)
    return 0;
  if (r <= FEATHER_INNER)
    return 1;
  /* smoothstep from 1 at the inner edge to 0 at the outer: no seam */
  t = (1.0 - r) / (1.0 - FEATHER_INNER);
  return t * t * (3 - 2 * t);
}

/* The colour basis: a step of (Y, Cb, Cr) on the grid in BGR. Y alone adds
 * the same value to the three channels (grey stays grey); Cb and Cr are
 * the chroma directions of JPEG's YCbCr. */
void
_veil_ycc_to_bgr (const float ycc[3], float bgr[3])
{
  bgr[0] = ycc[0] + 1.772f * ycc[1];
  bgr[1] = ycc[0] - 0.344136f * ycc[1] - 0.714136f * ycc[2];
  bgr[2] = ycc[0] + 1.402f * ycc[2];
}

void
_veil_bgr_grad_to_ycc (const float g[3], float out[3])
{
  out[0] = g[0] + g[1] + g[2];
  out[1] = 1.772f * g[0] - 0.344136f * g[1];
  out[2] = -0.714136f * g[1] + 1.402f * g[2];
}
