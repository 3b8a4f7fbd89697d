/* veil-net-graph.h: the compiled graph, shared by the compiler (veil-net.c)
 * and the runner (veil-net-run.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-net.h"
#include "veil-net-private.h"

G_BEGIN_DECLS

/* A value in the graph: either computed at run time (float data + grad), a
 * weight (float data), or a small integer tensor known at compile time
 * (shapes, folded away). */
typedef enum { VAL_RUNTIME, VAL_CONST, VAL_STATIC_INT } ValKind;

typedef struct {
  ValKind kind;
  guint   n_dims;
  gint64  dims[VEIL_ONNX_MAX_DIMS];
  gsize   n;
  float  *data;   /* runtime: owned; const: borrowed from the model copy */
  float  *grad;   /* runtime only; points into the net's shared buffers */
  gint64 *ints;   /* static int */
  int     prod, last;   /* runtime: producing op (-1: the input), last consumer */
} Value;

typedef enum {
  OP_CONV, OP_AFFINE_CH, OP_RELU, OP_CLIP, OP_PRELU, OP_ADD, OP_MUL,
  OP_COPY, OP_GEMM, OP_GAP,
} OpKind;

typedef struct {
  OpKind kind;
  int    x, y, out;        /* value indices; y = second runtime input or -1 */
  /* parameters */
  VeilConvParams conv;
  float  lo, hi;           /* clip */
  const float *k;          /* per-channel scale / prelu slope / const operand */
  const float *b;          /* per-channel shift / gemm bias */
  gsize  k_n;              /* elements in k: 1, C or full */
  int    channels;         /* for per-channel ops */
  gsize  plane;
  int    gemm_m, gemm_k, gemm_n;   /* out[n] = sum_k x[k] * W(k, n) + b */
  gboolean trans_b;
  float  alpha, beta;
  float *owned;            /* precomputed parameters owned by the op */
} Op;

struct _VeilNet {
  VeilOnnxModel *model;    /* kept: const values point into it */
  GArray *values;          /* Value */
  GArray *ops;             /* Op */
  const VeilOnnxModel *weights;   /* the model the values point into */
  GPtrArray *grad_buffers;        /* shared by values whose gradients never coexist */
  int     *zero_order;            /* runtime values by last consumer, latest first */
  guint    n_zero;
  int     channels, height, width;
  int     input, output;
  guint64 macs;
};

#define VAL(net, i) (&g_array_index ((net)->values, Value, (i)))

G_END_DECLS
