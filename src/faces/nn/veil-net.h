/* veil-net.h: evaluates a small ONNX CNN in C, forward and backward.
 *
 * The graph is compiled once for a fixed input shape (batch 1). Forward keeps
 * every activation, so backward can then give the gradient of a scalar loss
 * with respect to the input pixels (weights stay frozen). Not thread-safe: one
 * VeilNet per thread; the kernels themselves use OpenMP where available.
 *
 * Supported ops: Conv (groups, pads, strides, dilations), BatchNormalization,
 * Relu, PRelu, Clip (attribute and input forms), Add, Mul, Reshape, Flatten,
 * Gemm, MatMul, GlobalAveragePool, Identity, Dropout, and the shape ops
 * PyTorch emits around Reshape (Constant, Shape, Gather, Unsqueeze, Concat),
 * which are folded at compile time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-onnx.h"

G_BEGIN_DECLS

typedef struct _VeilNet VeilNet;

/* input_shape: C, H, W of the single input (batch 1). */
VeilNet     *veil_net_new         (const VeilOnnxModel *model,
                                   int                  channels,
                                   int                  height,
                                   int                  width,
                                   GError             **error);
VeilNet     *veil_net_load        (const char          *path,
                                   int                  channels,
                                   int                  height,
                                   int                  width,
                                   GError             **error);
void         veil_net_free        (VeilNet             *net);
/* A second network on the same weights, for another thread: it borrows
 * them, so it must be freed before `net`. */
VeilNet     *veil_net_clone       (const VeilNet       *net,
                                   GError             **error);

gsize        veil_net_input_size  (const VeilNet       *net);
gsize        veil_net_output_size (const VeilNet       *net);
/* Runs the graph; the result stays valid until the next forward. */
const float *veil_net_forward     (VeilNet             *net,
                                   const float         *input);
/* After a forward: grad_input = d loss / d input, given d loss / d output. */
void         veil_net_backward    (VeilNet             *net,
                                   const float         *grad_output,
                                   float               *grad_input);
/* Multiply-accumulates of one forward, for benchmarks. */
guint64      veil_net_macs        (const VeilNet       *net);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilNet, veil_net_free)

G_END_DECLS
