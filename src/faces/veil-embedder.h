/* veil-embedder.h: a face-embedding model (112×112 MobileFaceNet-style
 * ONNX) run by Veil's own evaluator, with gradients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-align.h"
#include "veil-cv.h"
#include "veil-net.h"

G_BEGIN_DECLS

/* Cosine similarity at or above which a matcher treats two faces as the
 * same person, for both models Veil knows: MobileFaceNet (same-person pairs
 * 0.275–0.387, different people at most 0.294 on the evaluation sets) and
 * the shipped faceplugin model (balanced accuracy 1.00 at about 0.30 on
 * ../shared/faces, see ../shared/models/SOURCES.md). */
#define VEIL_MATCH_THRESHOLD 0.30f

typedef struct _VeilEmbedder VeilEmbedder;

VeilEmbedder *veil_embedder_new      (const char         *model_path,
                                      GError            **error);
void          veil_embedder_free     (VeilEmbedder       *embedder);
guint         veil_embedder_dim      (const VeilEmbedder *embedder);
VeilNet      *veil_embedder_net      (VeilEmbedder       *embedder);

/* Aligns the face with its landmarks and writes the unit-length embedding
 * (veil_embedder_dim floats). */
gboolean      veil_embedder_embed    (VeilEmbedder       *embedder,
                                      const VeilImage    *image,
                                      const float         landmarks[10],
                                      float              *embedding,
                                      GError            **error);
/* The model's file name, for reports. */
const char   *veil_embedder_name     (const VeilEmbedder *embedder);
/* The warp writes u = v / 127.5 - 1 for a pixel value v; each model wants
 * its own normalisation. prepare() maps u to it in place; the input
 * gradient of the network is multiplied by input_scale() to give d / du. */
void          veil_embedder_prepare  (const VeilEmbedder *embedder,
                                      float              *net_input);
float         veil_embedder_input_scale (const VeilEmbedder *embedder);
/* Forward on a warp output u (not modified); writes the unit-length
 * embedding. */
void          veil_embedder_run      (VeilEmbedder       *embedder,
                                      const float        *net_input,
                                      float              *embedding);

float         veil_cosine            (const float        *a,
                                      const float        *b,
                                      guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilEmbedder, veil_embedder_free)

G_END_DECLS
