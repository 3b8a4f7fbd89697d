/* veil-video-hide.c: irreversible hiding on the decoder's own YUV planes.
 *
 * Working on the planes rather than on an RGB copy means the pixels away
 * from faces reach the encoder exactly as decoded (no colour conversion
 * round trip), and hiding costs no conversion at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include "veil-video-hide.h"

/* Noise amplitude, as a fraction of the sample range: enough that the
 * block means cannot be averaged back over frames, not so much that the
 * hidden face turns into static. */
#define NOISE_LUMA   0.07
#define NOISE_CHROMA 0.03
#define CELL_CONTRAST 0.5

static inline guint32
xorshift (guint32 *state)
{
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static inline int
get_sample (const VeilVideoPlanes *p, int plane, int x, int y)
{
  const guint8 *row = p->data[plane] + (gsize) y * p->stride[plane];

  return p->bytes_per_sample == 2 ? ((const guint16 *) row)[x] : row[x];
}

static inline void
set_sample (VeilVideoPlanes *p, int plane, int x, int y, int v)
{
  guint8 *row = p->data[plane] + (gsize) y * p->stride[plane];

  if (p->bytes_per_sample == 2)
    ((guint16 *) row)[x] = (guint16) v;
  else
    row[x] = (guint8) v;
}

static void
hide_plane (VeilVideoPlanes *p, int plane, int x0, int y0, int x1, int y1,
            int block, gboolean smooth, double noise, guint32 *rng)
{
  int max = (1 << p->depth) - 1;
  int amp = MAX (1, (int) (noise * max));
  int gx0 = x0 / block, gy0 = y0 / block;
  int gx1 = (x1 - 1) / block, gy1 = (y1 - 1) / block;
  int gw = gx1 - gx0 + 1, gh = gy1 - gy0 + 1;
  g_autofree float *means = g_new (float, (gsize) gw * gh);

  /* The mean of each cell, over the part of it inside the region. */
  for (int gy = 0; gy < gh; gy++)
    for (int gx = 0; gx < gw; gx++)
      {
        int cx0 = MAX (x0, (gx0 + gx) * block), cx1 = MIN (x1, (gx0 + gx + 1) * block);
        int cy0 = MAX (y0, (gy0 + gy) * block), cy1 = MIN (y1, (gy0 + gy + 1) * block);
        double sum = 0;

        for (int y = cy0; y < cy1; y++)
          for (int x = cx0; x < cx1; x++)
            sum += get_sample (p, plane, x, y);
        means[gy * gw + gx] = (float) (sum / MAX (1, (cx1 - cx0) * (cy1 - cy0)));
      }
  /* Half the contrast between cells: the coarse light and dark of a face
   * (eyes, mouth) is what a detector still finds in a mosaic of it. */
  {
    double all = 0;
    for (int i = 0; i < gw * gh; i++)
      all += means[i];
    all /= gw * gh;
    for (int i = 0; i < gw * gh; i++)
      means[i] = (float) (all + (means[i] - all) * CELL_CONTRAST);
  }
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        float v;

        if (smooth)
          {
            /* Bilinear between cell centres. */
            float fx = ((float) x + 0.5f) / block - 0.5f - gx0;
            float fy = ((float) y + 0.5f) / block - 0.5f - gy0;
            int ix = CLAMP ((int) (fx < 0 ? -1 : fx), 0, gw - 1), iy = CLAMP ((int) (fy < 0 ? -1 : fy), 0, gh - 1);
            int jx = MIN (ix + 1, gw - 1), jy = MIN (iy + 1, gh - 1);
            float tx = CLAMP (fx - ix, 0.0f, 1.0f), ty = CLAMP (fy - iy, 0.0f, 1.0f);
            float top = means[iy * gw + ix] * (1 - tx) + means[iy * gw + jx] * tx;
            float bottom = means[jy * gw + ix] * (1 - tx) + means[jy * gw + jx] * tx;
            v = top * (1 - ty) + bottom * ty;
          }
        else
          v = means[(y / block - gy0) * gw + (x / block - gx0)];
        v += (float) ((int) (xorshift (rng) % (guint32) (2 * amp + 1)) - amp);
        set_sample (p, plane, x, y, CLAMP ((int) (v + 0.5f), 0, max));
      }
}

void
veil_video_hide_region (VeilVideoPlanes *planes,
                        int              x,
                        int              y,
                        int              width,
                        int              height,
                        int              block,
                        gboolean         smooth,
                        guint32          seed)
{
  int x0 = CLAMP (x, 0, planes->width), y0 = CLAMP (y, 0, planes->height);
  int x1 = CLAMP (x + width, 0, planes->width), y1 = CLAMP (y + height, 0, planes->height);
  guint32 rng = seed != 0 ? seed : 0x9E3779B9u;

  if (x1 - x0 < 1 || y1 - y0 < 1)
    return;
  block = MAX (block, 2);
  for (int plane = 0; plane < planes->n_planes; plane++)
    {
      int sx = plane > 0 ? planes->shift_x : 0, sy = plane > 0 ? planes->shift_y : 0;
      /* Chroma cells cover the same picture area as luma cells. */
      int pb = MAX (1, block >> sx);
      int px0 = x0 >> sx, py0 = y0 >> sy;
      int px1 = (x1 + (1 << sx) - 1) >> sx, py1 = (y1 + (1 << sy) - 1) >> sy;

      hide_plane (planes, plane, px0, py0, px1, py1, pb, smooth,
                  plane == 0 ? NOISE_LUMA : NOISE_CHROMA, &rng);
    }
}
