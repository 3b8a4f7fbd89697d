/* veil-cloak-check.c: the check after cloaking: the face re-detected and
 * re-embedded on what was written, and again after a JPEG re-save.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include "veil-cloak.h"

static float
iou (const VeilFace *a, const VeilFace *b)
{
  float x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  float x1 = MIN (a->x + a->width, b->x + b->width), y1 = MIN (a->y + a->height, b->y + b->height);
  float inter = MAX (0, x1 - x0) * MAX (0, y1 - y0);
  float uni = a->width * a->height + b->width * b->height - inter;

  return uni > 0 ? inter / uni : 0;
}

static gboolean
check_one (VeilEmbedder *embedder, VeilFaceDetector *detector, const VeilImage *original,
           const VeilImage *output, GArray *results, gboolean jpeg, GError **error)
{
  guint dim = veil_embedder_dim (embedder);
  g_autofree float *e0 = g_new (float, dim);
  g_autofree float *e1 = g_new (float, dim);
  g_autoptr(GArray) found = veil_face_detector_detect (detector, output, error);

  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      VeilFaceResult *r = &g_array_index (results, VeilFaceResult, i);
      const VeilFace *best = NULL;
      float best_iou = 0.3f, sim = 0;

      for (guint k = 0; k < found->len; k++)
        {
          const VeilFace *f = &g_array_index (found, VeilFace, k);
          float v = iou (f, &r->face);
          if (v > best_iou)
            {
              best_iou = v;
              best = f;
            }
        }
      if (best != NULL)
        {
          if (!veil_embedder_embed (embedder, original, r->face.landmarks, e0, error) ||
              !veil_embedder_embed (embedder, output, best->landmarks, e1, error))
            return FALSE;
          sim = veil_cosine (e0, e1, dim);
        }
      r->checked = TRUE;
      if (jpeg)
        {
          r->found_jpeg = best != NULL;
          r->similarity_jpeg = sim;
          r->would_match_jpeg = best != NULL && sim >= VEIL_MATCH_THRESHOLD;
        }
      else
        {
          r->found = best != NULL;
          r->similarity = sim;
          r->would_match = best != NULL && sim >= VEIL_MATCH_THRESHOLD;
        }
    }
  return TRUE;
}

gboolean
veil_cloak_check (VeilEmbedder     *embedder,
                  VeilFaceDetector *detector,
                  const VeilImage  *original,
                  const VeilImage  *output,
                  GArray           *results,
                  GError          **error)
{
  g_autoptr(VeilImage) resaved = NULL;

  if (!check_one (embedder, detector, original, output, results, FALSE, error))
    return FALSE;
  resaved = veil_cv_jpeg_roundtrip (output, 80, error);
  if (resaved == NULL)
    return FALSE;
  return check_one (embedder, detector, original, resaved, results, TRUE, error);
}
