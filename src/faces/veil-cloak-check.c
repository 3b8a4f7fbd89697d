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

/* The face in `found` that overlaps `face` most (IoU over 0.3), or NULL. */
static const VeilFace *
match_face (GArray *found, const VeilFace *face)
{
  const VeilFace *best = NULL;
  float best_iou = 0.3f;

  for (guint k = 0; found != NULL && k < found->len; k++)
    {
      const VeilFace *f = &g_array_index (found, VeilFace, k);
      float v = iou (f, face);
      if (v > best_iou)
        {
          best_iou = v;
          best = f;
        }
    }
  return best;
}

/* Similarity of the face on `picture` (where `found` says it is) to the
 * original's embedding e0 with `model`; -2 when it is not found. */
static gboolean
similarity_on (VeilEmbedder *model, const VeilImage *picture, GArray *found, const VeilFace *face,
               const float *e0, float *e1, float *sim, GError **error)
{
  const VeilFace *f = match_face (found, face);

  *sim = -2;
  if (f == NULL)
    return TRUE;
  if (!veil_embedder_embed (model, picture, f->landmarks, e1, error))
    return FALSE;
  *sim = veil_cosine (e0, e1, veil_embedder_dim (model));
  return TRUE;
}

static VeilModelCheck *
check_slot (VeilFaceResult *r, const char *name)
{
  for (guint i = 0; i < r->n_models; i++)
    if (g_str_equal (r->models[i].model, name))
      return &r->models[i];
  if (r->n_models == VEIL_CLOAK_MAX_MODELS)
    return NULL;
  g_strlcpy (r->models[r->n_models].model, name, sizeof r->models[0].model);
  return &r->models[r->n_models++];
}

/* One model over every face: before (the original re-saved), after, and
 * after a re-save of the output. */
static gboolean
check_model (VeilEmbedder *model, gboolean crafted, gboolean primary, const VeilImage *original,
             const VeilImage *output, const VeilImage *resaved, const VeilImage *original_q80,
             GArray *found[3], GArray *results, GError **error)
{
  guint dim = veil_embedder_dim (model);
  g_autofree float *e0 = g_new (float, dim);
  g_autofree float *e1 = g_new (float, dim);

  for (guint i = 0; i < results->len; i++)
    {
      VeilFaceResult *r = &g_array_index (results, VeilFaceResult, i);
      VeilModelCheck *mc = check_slot (r, veil_embedder_name (model));
      float after, after_jpeg, before;

      if (!veil_embedder_embed (model, original, r->face.landmarks, e0, error) ||
          !similarity_on (model, output, found[0], &r->face, e0, e1, &after, error) ||
          !similarity_on (model, resaved, found[1], &r->face, e0, e1, &after_jpeg, error) ||
          !similarity_on (model, original_q80, found[2], &r->face, e0, e1, &before, error))
        return FALSE;
      if (mc != NULL)
        {
          mc->crafted = crafted && r->processed;
          mc->found = after > -2;
          mc->after = MAX (after, 0);
          mc->after_jpeg = MAX (after_jpeg, 0);
          mc->before = MAX (before, 0);
          mc->would_match = after >= VEIL_MATCH_THRESHOLD || after_jpeg >= VEIL_MATCH_THRESHOLD;
        }
      if (primary)
        {
          r->checked = TRUE;
          r->found = after > -2;
          r->similarity = MAX (after, 0);
          r->would_match = after >= VEIL_MATCH_THRESHOLD;
          r->found_jpeg = after_jpeg > -2;
          r->similarity_jpeg = MAX (after_jpeg, 0);
          r->would_match_jpeg = after_jpeg >= VEIL_MATCH_THRESHOLD;
        }
    }
  return TRUE;
}

gboolean
veil_cloak_check (VeilEmbedder           *embedder,
                  const VeilCloakOptions *options,
                  VeilFaceDetector       *detector,
                  const VeilImage        *original,
                  const VeilImage        *output,
                  GArray                 *results,
                  GError                **error)
{
  g_autoptr(VeilImage) resaved = NULL, original_q80 = NULL;
  GArray *found[3] = { NULL };
  gboolean ok = FALSE;
  VeilEmbedder *held_back = options ? options->held_back : NULL;

  resaved = veil_cv_jpeg_roundtrip (output, 80, error);
  original_q80 = resaved ? veil_cv_jpeg_roundtrip (original, 80, error) : NULL;
  if (original_q80 == NULL ||
      (found[0] = veil_face_detector_detect (detector, output, error)) == NULL ||
      (found[1] = veil_face_detector_detect (detector, resaved, error)) == NULL ||
      (found[2] = veil_face_detector_detect (detector, original_q80, error)) == NULL)
    goto out;
  /* the held-back model first: its result is the honest estimate */
  if (held_back != NULL &&
      !check_model (held_back, FALSE, TRUE, original, output, resaved, original_q80, found, results, error))
    goto out;
  if (embedder != NULL &&
      !check_model (embedder, TRUE, held_back == NULL, original, output, resaved, original_q80, found, results, error))
    goto out;
  for (guint i = 0; options != NULL && i < options->n_more_models; i++)
    if (!check_model (options->more_models[i], TRUE, held_back == NULL && embedder == NULL && i == 0,
                      original, output, resaved, original_q80, found, results, error))
      goto out;
  ok = TRUE;

out:
  for (int k = 0; k < 3; k++)
    if (found[k] != NULL)
      g_array_unref (found[k]);
  return ok;
}
