/* veil-cloak-view.c: the face as a scraper would see it while the cloak is
 * being made: a mildly changed view of it, and its landmarks found again on
 * the current result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include <math.h>
#include <string.h>

#include "veil-cloak-private.h"

/* The detector needs the face at a few hundred pixels, not at 12 MP scale
 * (its activations would then take over 100 MB). */
#define REDETECT_SIDE 640

/* The alignment after a random mild change of view: rotation, scale and
 * shift about the template centre. */
void
_veil_cloak_jitter (const double m[6], GRand *rand, gboolean enable, double out[6])
{
  double ang = enable ? g_rand_double_range (rand, -0.05, 0.05) : 0;
  double sc = enable ? g_rand_double_range (rand, 0.95, 1.05) : 1;
  double tx = enable ? g_rand_double_range (rand, -2.0, 2.0) : 0;
  double ty = enable ? g_rand_double_range (rand, -2.0, 2.0) : 0;
  double ca = sc * cos (ang), sa = sc * sin (ang), cx = VEIL_ALIGN_SIZE / 2.0;
  /* T(q) = R (q - c) + c + t, applied after m */
  double r[6] = { ca, -sa, cx - ca * cx + sa * cx + tx, sa, ca, cx - sa * cx - ca * cx + ty };

  out[0] = r[0] * m[0] + r[1] * m[3];
  out[1] = r[0] * m[1] + r[1] * m[4];
  out[2] = r[0] * m[2] + r[1] * m[5] + r[2];
  out[3] = r[3] * m[0] + r[4] * m[3];
  out[4] = r[3] * m[1] + r[4] * m[4];
  out[5] = r[3] * m[2] + r[4] * m[5] + r[5];
}

/* Finds the face again on the current result (around the same place) and
 * returns its landmarks: the alignment follows what a scraper would see. */
gboolean
_veil_cloak_redetect (VeilFaceDetector *detector, const VeilImage *image, const int rect[4],
                      const float *comp, const VeilFace *face, float landmarks[10])
{
  int cx = (int) (face->x + face->width / 2), cy = (int) (face->y + face->height / 2);
  int half = (int) (MAX (face->width, face->height) * 1.2f);
  int x0 = MAX (0, cx - half), y0 = MAX (0, cy - half);
  int x1 = MIN (image->width, cx + half), y1 = MIN (image->height, cy + half);
  g_autoptr(VeilImage) crop = NULL;
  g_autoptr(GArray) found = NULL;
  double best = G_MAXDOUBLE, scale = 1.0;
  gboolean ok = FALSE;

  if (x1 - x0 < 8 || y1 - y0 < 8)
    return FALSE;
  /* a copy of that part of the picture with the current cloak in it */
  crop = veil_image_new (x1 - x0, y1 - y0);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        int rx = x - rect[0], ry = y - rect[1];
        guint8 *dst = crop->data + (gsize) (y - y0) * crop->stride + 3 * (x - x0);

        if (rx >= 0 && ry >= 0 && rx < rect[2] && ry < rect[3])
          for (int ch = 0; ch < 3; ch++)
            dst[ch] = (guint8) CLAMP (lrintf (comp[((gsize) ry * rect[2] + rx) * 3 + ch]), 0, 255);
        else
          memcpy (dst, image->data + (gsize) y * image->stride + 3 * x, 3);
      }
  /* The detector needs the face at a few hundred pixels, not at 12 MP
   * scale (its activations would then take over 100 MB). */
  if (MAX (crop->width, crop->height) > REDETECT_SIDE)
    {
      double k = (double) REDETECT_SIDE / MAX (crop->width, crop->height);
      VeilImage *small = veil_cv_resize (crop, MAX (8, (int) (crop->width * k)),
                                         MAX (8, (int) (crop->height * k)), NULL);
      if (small == NULL)
        return FALSE;
      scale = (double) crop->width / small->width;
      veil_image_free (crop);
      crop = small;
    }
  found = veil_face_detector_detect (detector, crop, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const VeilFace *f = &g_array_index (found, VeilFace, i);
      double dx = (f->x + f->width / 2) * scale + x0 - (face->x + face->width / 2);
      double dy = (f->y + f->height / 2) * scale + y0 - (face->y + face->height / 2);
      double d = dx * dx + dy * dy;

      if (d < best && sqrt (d) < 0.3 * face->width)
        {
          best = d;
          for (int k = 0; k < 10; k++)
            landmarks[k] = (float) (f->landmarks[k] * scale + (k % 2 == 0 ? x0 : y0));
          ok = TRUE;
        }
    }
  return ok;
}