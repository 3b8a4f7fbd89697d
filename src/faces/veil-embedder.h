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

/* Cosine similarity at or above which the shipped MobileFaceNet (ReLU6)
 * treats two faces as the same person: same-person pairs score 0.275–0.387,
 * different people at most 0.294 on the evaluation sets (CLOAK-NOTES.md). */
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
/* Raw forward on a prepared net input; writes the unit-length embedding. */
void          veil_embedder_run      (VeilEmbedder       *embedder,
                                      const float        *net_input,
                                      float              *embedding);

float         veil_cosine            (const float        *a,
                                      const float        *b,
                                      guint               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilEmbedder, veil_embedder_free)

G_END_DECLS
