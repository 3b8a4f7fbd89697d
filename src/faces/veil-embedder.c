/* veil-embedder.c: face embeddings with Veil's own ONNX evaluator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-embedder"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-embedder.h"
#include "veil-error.h"

struct _VeilEmbedder {
  VeilNet *net;
  guint    dim;
  float   *input;
  float   *scratch;
  char    *name;
  /* net input = scale · u + shift, where u = v / 127.5 - 1 is what the
   * alignment warp writes for a pixel value v */
  float    scale, shift;
};

/* Each model's pixel normalisation, by file name; others are taken to be
 * MobileFaceNet-style, (v / 255 - 0.5) / 0.5. */
static const struct {
  const char *file;
  float       mean, std;   /* net input = (v - mean) / std */
} normalisations[] = {
  { "faceplugin_fr_feature.onnx", 127.0f, 128.0f },
};

VeilEmbedder *
veil_embedder_new (const char *model_path,
                   GError    **error)
{
  g_autoptr(VeilEmbedder) e = g_new0 (VeilEmbedder, 1);

  e->net = veil_net_load (model_path, 3, VEIL_ALIGN_SIZE, VEIL_ALIGN_SIZE, error);
  if (e->net == NULL)
    return NULL;
  e->dim = (guint) veil_net_output_size (e->net);
  if (e->dim < 16 || e->dim > 4096)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("%s: not a face-embedding model (its output has %u values)"),
                   model_path, e->dim);
      return NULL;
    }
  e->input = g_new0 (float, veil_net_input_size (e->net));
  e->scratch = g_new0 (float, veil_net_input_size (e->net));
  e->name = g_path_get_basename (model_path);
  e->scale = 1.0f;
  e->shift = 0.0f;
  for (guint i = 0; i < G_N_ELEMENTS (normalisations); i++)
    if (g_str_equal (e->name, normalisations[i].file))
      {
        /* (v - mean) / std with v = 127.5 (u + 1) */
        e->scale = 127.5f / normalisations[i].std;
        e->shift = (127.5f - normalisations[i].mean) / normalisations[i].std;
      }
  return g_steal_pointer (&e);
}

void
veil_embedder_free (VeilEmbedder *e)
{
  if (e == NULL)
    return;
  veil_net_free (e->net);
  g_free (e->input);
  g_free (e->scratch);
  g_free (e->name);
  g_free (e);
}

guint
veil_embedder_dim (const VeilEmbedder *e)
{
  return e->dim;
}

VeilNet *
veil_embedder_net (VeilEmbedder *e)
{
  return e->net;
}

const char *
veil_embedder_name (const VeilEmbedder *e)
{
  return e->name;
}

float
veil_embedder_input_scale (const VeilEmbedder *e)
{
  return e->scale;
}

void
veil_embedder_prepare (const VeilEmbedder *e,
                       float              *input)
{
  gsize n = veil_net_input_size (e->net);

  if (e->scale == 1.0f && e->shift == 0.0f)
    return;
  for (gsize i = 0; i < n; i++)
    input[i] = e->scale * input[i] + e->shift;
}

void
veil_embedder_run (VeilEmbedder *e,
                   const float  *net_input,
                   float        *embedding)
{
  const float *out;
  double norm = 0;

  memcpy (e->scratch, net_input, veil_net_input_size (e->net) * sizeof (float));
  veil_embedder_prepare (e, e->scratch);
  out = veil_net_forward (e->net, e->scratch);

  for (guint i = 0; i < e->dim; i++)
    norm += (double) out[i] * out[i];
  norm = sqrt (norm) + 1e-12;
  for (guint i = 0; i < e->dim; i++)
    embedding[i] = (float) (out[i] / norm);
}

gboolean
veil_embedder_embed (VeilEmbedder    *e,
                     const VeilImage *image,
                     const float      landmarks[10],
                     float           *embedding,
                     GError         **error)
{
  double m[6];
  int rect[4];
  g_autofree float *region = NULL;
  g_autoptr(VeilWarp) warp = NULL;

  veil_align_estimate (landmarks, m);
  if (!veil_align_region (m, VEIL_ALIGN_SIZE, image->width, image->height, 2, rect))
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                   _("The face lies outside the picture"));
      return FALSE;
    }
  region = g_new (float, (gsize) rect[2] * rect[3] * 3);
  for (int y = 0; y < rect[3]; y++)
    {
      const guint8 *row = image->data + (gsize) (rect[1] + y) * image->stride + 3 * rect[0];
      for (int x = 0; x < 3 * rect[2]; x++)
        region[(gsize) y * rect[2] * 3 + x] = row[x];
    }
  warp = veil_warp_new (m, VEIL_ALIGN_SIZE, rect[0], rect[1], rect[2], rect[3]);
  veil_warp_forward (warp, region, FALSE, FALSE, e->input);
  veil_embedder_run (e, e->input, embedding);
  return TRUE;
}

float
veil_cosine (const float *a,
             const float *b,
             guint        n)
{
  double ab = 0, aa = 0, bb = 0;

  for (guint i = 0; i < n; i++)
    {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
  return (float) (ab / (sqrt (aa * bb) + 1e-12));
}
