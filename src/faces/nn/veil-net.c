/* veil-net.c: compiles an ONNX graph for one input shape (running it,
 * forward and backward, is in veil-net-run.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-net"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-net.h"
#include "veil-net-graph.h"

static void
value_clear (Value *v)
{
  if (v->kind == VAL_RUNTIME)
    {
      g_free (v->data);
    }
  g_free (v->ints);
}

void
veil_net_free (VeilNet *net)
{
  if (net == NULL)
    return;
  if (net->values)
    {
      for (guint i = 0; i < net->values->len; i++)
        value_clear (&g_array_index (net->values, Value, i));
      g_array_unref (net->values);
    }
  if (net->ops)
    {
      for (guint i = 0; i < net->ops->len; i++)
        g_free (g_array_index (net->ops, Op, i).owned);
      g_array_unref (net->ops);
    }
  if (net->grad_buffers)
    g_ptr_array_unref (net->grad_buffers);
  g_free (net->zero_order);
  veil_onnx_model_free (net->model);
  g_free (net);
}


typedef struct {
  VeilNet    *net;
  GHashTable *names;   /* name → index + 1 */
  GError    **error;
  const VeilOnnxNode *node;
} Compiler;

static gboolean
bad_node (Compiler *c, const char *why)
{
  g_set_error (c->error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
               _("The model's %s node “%s” cannot be used: %s"),
               c->node->op_type, c->node->name, why);
  return FALSE;
}

static int
add_value (Compiler *c, const char *name, const Value *v)
{
  g_array_append_val (c->net->values, *v);
  g_hash_table_insert (c->names, (gpointer) name, GINT_TO_POINTER (c->net->values->len));
  return (int) c->net->values->len - 1;
}

static int
add_runtime (Compiler *c, const char *name, guint n_dims, const gint64 *dims)
{
  Value v = { VAL_RUNTIME, n_dims, { 0 }, 1, NULL, NULL, NULL };

  for (guint i = 0; i < n_dims; i++)
    {
      v.dims[i] = dims[i];
      v.n *= (gsize) dims[i];
    }
  v.data = g_new0 (float, MAX (v.n, 1));
  v.prod = (int) c->net->ops->len;   /* the op being compiled, or -1 for the input */
  v.last = -2;
  return add_value (c, name, &v);
}

/* Index of input i of the current node, or -1 (with an error) if missing. */
static int
input_index (Compiler *c, guint i, gboolean required)
{
  const char *name;
  int idx;

  if (i >= c->node->inputs->len || *(name = g_ptr_array_index (c->node->inputs, i)) == '\0')
    {
      if (required)
        bad_node (c, _("an input is missing"));
      return -1;
    }
  idx = GPOINTER_TO_INT (g_hash_table_lookup (c->names, name)) - 1;
  if (idx < 0 && required)
    bad_node (c, _("an input is not computed before it is used"));
  return idx;
}

static const char *
output_name (Compiler *c)
{
  return g_ptr_array_index (c->node->outputs, 0);
}

static gboolean
add_op (Compiler *c, Op *op)
{
  g_array_append_val (c->net->ops, *op);
  return TRUE;
}

static gboolean
ints_attr (Compiler *c, const char *name, guint want, int *out, int fallback)
{
  const VeilOnnxAttr *a = veil_onnx_node_attr (c->node, name);

  for (guint i = 0; i < want; i++)
    out[i] = fallback;
  if (a == NULL)
    return TRUE;
  if (a->type != VEIL_ONNX_ATTR_INTS || a->ints->len != want)
    return bad_node (c, _("an attribute has an unexpected size"));
  for (guint i = 0; i < want; i++)
    {
      gint64 v = g_array_index (a->ints, gint64, i);
      if (v < 0 || v > 4096)
        return bad_node (c, _("an attribute is out of range"));
      out[i] = (int) v;
    }
  return TRUE;
}

static gboolean
compile_conv (Compiler *c)
{
  int x = input_index (c, 0, TRUE), wi = input_index (c, 1, TRUE), bi = input_index (c, 2, FALSE);
  Value *xv, *wv, *bv = NULL;
  Op op = { OP_CONV, x, -1, -1 };
  VeilConvParams *p = &op.conv;
  int ks[2], st[2], di[2], pads[4];
  gint64 group = veil_onnx_node_int (c->node, "group", 1);
  const VeilOnnxAttr *ap = veil_onnx_node_attr (c->node, "auto_pad");
  gint64 dims[4];

  if (x < 0 || wi < 0)
    return FALSE;
  xv = VAL (c->net, x);
  wv = VAL (c->net, wi);
  if (bi >= 0)
    bv = VAL (c->net, bi);
  if (xv->kind != VAL_RUNTIME || xv->n_dims != 4 || wv->kind != VAL_CONST || wv->n_dims != 4 ||
      (bv && (bv->kind != VAL_CONST || bv->n != (gsize) wv->dims[0])))
    return bad_node (c, _("only 2-D convolutions with fixed weights are supported"));
  if (ap != NULL && ap->s != NULL && !g_str_equal (ap->s, "NOTSET"))
    return bad_node (c, _("auto_pad is not supported"));
  if (!ints_attr (c, "strides", 2, st, 1) || !ints_attr (c, "dilations", 2, di, 1) ||
      !ints_attr (c, "pads", 4, pads, 0))
    return FALSE;
  ks[0] = (int) wv->dims[2];
  ks[1] = (int) wv->dims[3];
  if (group < 1 || xv->dims[1] % group != 0 || wv->dims[0] % group != 0 ||
      wv->dims[1] != xv->dims[1] / group || st[0] < 1 || st[1] < 1 || di[0] < 1 || di[1] < 1)
    return bad_node (c, _("the weights do not fit the input"));

  p->c_in = (int) xv->dims[1];
  p->h_in = (int) xv->dims[2];
  p->w_in = (int) xv->dims[3];
  p->c_out = (int) wv->dims[0];
  p->kh = ks[0];
  p->kw = ks[1];
  p->sh = st[0];
  p->sw = st[1];
  p->dh = di[0];
  p->dw = di[1];
  p->pad_t = pads[0];
  p->pad_l = pads[1];
  p->group = (int) group;
  p->h_out = (p->h_in + pads[0] + pads[2] - di[0] * (ks[0] - 1) - 1) / st[0] + 1;
  p->w_out = (p->w_in + pads[1] + pads[3] - di[1] * (ks[1] - 1) - 1) / st[1] + 1;
  if (p->h_out < 1 || p->w_out < 1)
    return bad_node (c, _("the output would be empty"));
  p->weight = wv->data;
  p->bias = bv ? bv->data : NULL;
  dims[0] = 1;
  dims[1] = p->c_out;
  dims[2] = p->h_out;
  dims[3] = p->w_out;
  op.out = add_runtime (c, output_name (c), 4, dims);
  c->net->macs += (guint64) p->c_out * p->h_out * p->w_out * (p->c_in / p->group) * p->kh * p->kw;
  /* im2col work space for dense k×k convolutions; past 16 M floats the
   * direct (slower, allocation-free) path is used instead. */
  if (_veil_conv_scratch_size (p) > 0 && _veil_conv_scratch_size (p) <= 16 * 1024 * 1024)
    op.owned = p->scratch = g_new (float, _veil_conv_scratch_size (p));
  return add_op (c, &op);
}

/* How a constant operand broadcasts against a runtime NCHW tensor: scalar,
 * per channel, or same size. */
static gboolean
broadcast_kind (const Value *x, const Value *k, gsize *k_n, int *channels, gsize *plane)
{
  int ch = x->n_dims >= 2 ? (int) x->dims[1] : 1;

  *channels = ch;
  *plane = ch > 0 ? x->n / ch : 1;
  if (k->n == 1 || k->n == x->n)
    {
      *k_n = k->n;
      return TRUE;
    }
  if (k->n == (gsize) ch && x->n_dims >= 2)
    {
      /* [C], [C,1,1] or [1,C,1,1] */
      *k_n = k->n;
      return TRUE;
    }
  return FALSE;
}

static gboolean
compile_unary (Compiler *c, OpKind kind)
{
  int x = input_index (c, 0, TRUE);
  Op op = { kind, x, -1, -1 };
  Value *xv;

  if (x < 0)
    return FALSE;
  xv = VAL (c->net, x);
  if (xv->kind != VAL_RUNTIME)
    return bad_node (c, _("its input is not computed"));
  op.lo = -INFINITY;
  op.hi = INFINITY;
  if (kind == OP_CLIP)
    {
      int lo = input_index (c, 1, FALSE), hi = input_index (c, 2, FALSE);

      op.lo = veil_onnx_node_float (c->node, "min", -INFINITY);
      op.hi = veil_onnx_node_float (c->node, "max", INFINITY);
      if (lo >= 0)
        {
          if (VAL (c->net, lo)->kind != VAL_CONST || VAL (c->net, lo)->n != 1)
            return bad_node (c, _("its bounds are not constants"));
          op.lo = VAL (c->net, lo)->data[0];
        }
      if (hi >= 0)
        {
          if (VAL (c->net, hi)->kind != VAL_CONST || VAL (c->net, hi)->n != 1)
            return bad_node (c, _("its bounds are not constants"));
          op.hi = VAL (c->net, hi)->data[0];
        }
    }
  else if (kind == OP_PRELU)
    {
      int s = input_index (c, 1, TRUE);
      if (s < 0)
        return FALSE;
      if (VAL (c->net, s)->kind != VAL_CONST ||
          !broadcast_kind (xv, VAL (c->net, s), &op.k_n, &op.channels, &op.plane))
        return bad_node (c, _("its slope does not fit the input"));
      op.k = VAL (c->net, s)->data;
    }
  else if (kind == OP_GAP)
    {
      gint64 dims[4] = { 1, xv->n_dims >= 2 ? xv->dims[1] : 1, 1, 1 };
      if (xv->n_dims != 4)
        return bad_node (c, _("the input is not an image tensor"));
      op.channels = (int) dims[1];
      op.plane = xv->n / op.channels;
      op.out = add_runtime (c, output_name (c), 4, dims);
      return add_op (c, &op);
    }
  op.out = add_runtime (c, output_name (c), xv->n_dims, xv->dims);
  return add_op (c, &op);
}

static gboolean
compile_batchnorm (Compiler *c)
{
  int x = input_index (c, 0, TRUE);
  int idx[4];
  Op op = { OP_AFFINE_CH, x, -1, -1 };
  Value *xv;
  float eps = veil_onnx_node_float (c->node, "epsilon", 1e-5f);

  if (x < 0)
    return FALSE;
  xv = VAL (c->net, x);
  for (int i = 0; i < 4; i++)
    if ((idx[i] = input_index (c, i + 1, TRUE)) < 0)
      return FALSE;
  if (xv->kind != VAL_RUNTIME || xv->n_dims < 2)
    return bad_node (c, _("its input is not computed"));
  op.channels = (int) xv->dims[1];
  op.plane = xv->n / op.channels;
  for (int i = 0; i < 4; i++)
    if (VAL (c->net, idx[i])->kind != VAL_CONST || VAL (c->net, idx[i])->n != (gsize) op.channels)
      return bad_node (c, _("its parameters do not fit the input"));
  /* y = scale (x - mean) / sqrt(var + eps) + bias = k x + b */
  op.owned = g_new (float, 2 * op.channels);
  for (int ch = 0; ch < op.channels; ch++)
    {
      float s = VAL (c->net, idx[0])->data[ch] / sqrtf (VAL (c->net, idx[3])->data[ch] + eps);
      op.owned[ch] = s;
      op.owned[op.channels + ch] = VAL (c->net, idx[1])->data[ch] - s * VAL (c->net, idx[2])->data[ch];
    }
  op.k = op.owned;
  op.b = op.owned + op.channels;
  op.k_n = op.channels;
  op.out = add_runtime (c, output_name (c), xv->n_dims, xv->dims);
  return add_op (c, &op);
}

static gboolean
compile_binary (Compiler *c, OpKind kind)
{
  int a = input_index (c, 0, TRUE), b = input_index (c, 1, TRUE);
  Op op = { kind, a, -1, -1 };
  Value *av, *bv;

  if (a < 0 || b < 0)
    return FALSE;
  av = VAL (c->net, a);
  bv = VAL (c->net, b);
  if (av->kind != VAL_RUNTIME && bv->kind == VAL_RUNTIME)
    {
      Value *t = av;
      av = bv;
      bv = t;
      op.x = b;
      b = a;
    }
  if (av->kind != VAL_RUNTIME)
    return bad_node (c, _("neither input is computed"));
  if (bv->kind == VAL_RUNTIME)
    {
      if (bv->n != av->n)
        return bad_node (c, _("broadcasting between computed tensors is not supported"));
      op.y = b;
    }
  else if (bv->kind == VAL_CONST)
    {
      if (!broadcast_kind (av, bv, &op.k_n, &op.channels, &op.plane))
        return bad_node (c, _("the constant does not broadcast"));
      op.k = bv->data;
    }
  else
    return bad_node (c, _("shape arithmetic is not supported"));
  op.out = add_runtime (c, output_name (c), av->n_dims, av->dims);
  return add_op (c, &op);
}

static gboolean
compile_reshape (Compiler *c, gboolean flatten)
{
  int x = input_index (c, 0, TRUE);
  Op op = { OP_COPY, x, -1, -1 };
  Value *xv;
  gint64 dims[VEIL_ONNX_MAX_DIMS];
  guint n_dims = 0;

  if (x < 0)
    return FALSE;
  xv = VAL (c->net, x);
  if (xv->kind != VAL_RUNTIME)
    return bad_node (c, _("its input is not computed"));
  if (flatten)
    {
      gint64 axis = veil_onnx_node_int (c->node, "axis", 1), lead = 1;
      if (axis < 0)
        axis += xv->n_dims;
      if (axis < 0 || axis > (gint64) xv->n_dims)
        return bad_node (c, _("the axis is out of range"));
      for (gint64 i = 0; i < axis; i++)
        lead *= xv->dims[i];
      dims[0] = lead;
      dims[1] = (gint64) xv->n / MAX (lead, 1);
      n_dims = 2;
    }
  else
    {
      int s = input_index (c, 1, TRUE);
      Value *sv;
      gint64 known = 1;
      int minus = -1;

      if (s < 0)
        return FALSE;
      sv = VAL (c->net, s);
      if (sv->ints == NULL || sv->n > VEIL_ONNX_MAX_DIMS || sv->n == 0)
        return bad_node (c, _("the new shape is not known in advance"));
      n_dims = (guint) sv->n;
      for (guint i = 0; i < n_dims; i++)
        {
          gint64 d = sv->ints[i];
          if (d == 0 && i < xv->n_dims)
            d = xv->dims[i];
          if (d == -1 && minus < 0)
            minus = (int) i;
          else if (d <= 0)
            return bad_node (c, _("the new shape is invalid"));
          else
            known *= d;
          dims[i] = d;
        }
      if (minus >= 0)
        dims[minus] = (gint64) xv->n / MAX (known, 1);
      known = 1;
      for (guint i = 0; i < n_dims; i++)
        known *= dims[i];
      if ((gsize) known != xv->n)
        return bad_node (c, _("the new shape does not hold the same number of values"));
    }
  op.out = add_runtime (c, output_name (c), n_dims, dims);
  return add_op (c, &op);
}

static gboolean
compile_gemm (Compiler *c, gboolean matmul)
{
  int x = input_index (c, 0, TRUE), w = input_index (c, 1, TRUE);
  int bias = matmul ? -1 : input_index (c, 2, FALSE);
  Op op = { OP_GEMM, x, -1, -1 };
  Value *xv, *wv;
  gint64 dims[2];

  if (x < 0 || w < 0)
    return FALSE;
  xv = VAL (c->net, x);
  wv = VAL (c->net, w);
  if (xv->kind != VAL_RUNTIME || wv->kind != VAL_CONST || wv->n_dims != 2)
    return bad_node (c, _("only a computed input times fixed weights is supported"));
  if (!matmul && veil_onnx_node_int (c->node, "transA", 0) != 0)
    return bad_node (c, _("transA is not supported"));
  op.trans_b = !matmul && veil_onnx_node_int (c->node, "transB", 0) != 0;
  op.alpha = matmul ? 1.0f : veil_onnx_node_float (c->node, "alpha", 1.0f);
  op.beta = matmul ? 1.0f : veil_onnx_node_float (c->node, "beta", 1.0f);
  op.gemm_k = (int) (op.trans_b ? wv->dims[1] : wv->dims[0]);
  op.gemm_n = (int) (op.trans_b ? wv->dims[0] : wv->dims[1]);
  if (op.gemm_k <= 0 || xv->n % op.gemm_k != 0)
    return bad_node (c, _("the weights do not fit the input"));
  op.gemm_m = (int) (xv->n / op.gemm_k);
  op.k = wv->data;
  if (bias >= 0)
    {
      Value *bv = VAL (c->net, bias);
      if (bv->kind != VAL_CONST || (bv->n != (gsize) op.gemm_n && bv->n != 1))
        return bad_node (c, _("the bias does not fit"));
      op.b = bv->data;
      op.k_n = bv->n;
    }
  dims[0] = op.gemm_m;
  dims[1] = op.gemm_n;
  c->net->macs += (guint64) op.gemm_m * op.gemm_k * op.gemm_n;
  op.out = add_runtime (c, output_name (c), 2, dims);
  return add_op (c, &op);
}

/* Shape arithmetic, folded now: the input shape is fixed. */
static gboolean
compile_static (Compiler *c, const char *type)
{
  Value v = { VAL_STATIC_INT, 1, { 0 }, 0, NULL, NULL, NULL };
  g_autofree gint64 *ints = NULL;
  gsize n = 0;

  if (g_str_equal (type, "Shape"))
    {
      int x = input_index (c, 0, TRUE);
      if (x < 0)
        return FALSE;
      n = VAL (c->net, x)->n_dims;
      ints = g_new0 (gint64, MAX (n, 1));
      memcpy (ints, VAL (c->net, x)->dims, n * sizeof (gint64));
    }
  else if (g_str_equal (type, "Gather"))
    {
      int x = input_index (c, 0, TRUE), i = input_index (c, 1, TRUE);
      Value *xv, *iv;
      if (x < 0 || i < 0)
        return FALSE;
      xv = VAL (c->net, x);
      iv = VAL (c->net, i);
      if (xv->ints == NULL || iv->ints == NULL || veil_onnx_node_int (c->node, "axis", 0) != 0 ||
          iv->n > VEIL_ONNX_MAX_DIMS)
        return bad_node (c, _("only gathering from a shape is supported"));
      n = iv->n;
      ints = g_new0 (gint64, MAX (n, 1));
      for (gsize k = 0; k < n; k++)
        {
          gint64 j = iv->ints[k] < 0 ? iv->ints[k] + (gint64) xv->n : iv->ints[k];
          if (j < 0 || j >= (gint64) xv->n)
            return bad_node (c, _("an index is out of range"));
          ints[k] = xv->ints[j];
        }
      v.n_dims = iv->n_dims;
    }
  else if (g_str_equal (type, "Unsqueeze"))
    {
      int x = input_index (c, 0, TRUE);
      if (x < 0)
        return FALSE;
      if (VAL (c->net, x)->ints == NULL)
        return bad_node (c, _("only unsqueezing a shape is supported"));
      n = VAL (c->net, x)->n;
      ints = g_memdup2 (VAL (c->net, x)->ints, MAX (n, 1) * sizeof (gint64));
    }
  else if (g_str_equal (type, "Concat"))
    {
      ints = g_new0 (gint64, VEIL_ONNX_MAX_DIMS);
      for (guint i = 0; i < c->node->inputs->len; i++)
        {
          int x = input_index (c, i, TRUE);
          if (x < 0)
            return FALSE;
          if (VAL (c->net, x)->ints == NULL)
            return bad_node (c, _("only joining shapes is supported"));
          for (gsize k = 0; k < VAL (c->net, x)->n; k++)
            {
              if (n >= VEIL_ONNX_MAX_DIMS)
                return bad_node (c, _("the shape is too long"));
              ints[n++] = VAL (c->net, x)->ints[k];
            }
        }
    }
  v.n = n;
  v.dims[0] = (gint64) n;
  if (v.n_dims == 0)
    v.n_dims = 1;
  v.ints = g_steal_pointer (&ints);
  add_value (c, output_name (c), &v);
  return TRUE;
}

static int
add_tensor (Compiler *c, const char *name, const VeilOnnxTensor *t)
{
  Value v = { t->i64 ? VAL_STATIC_INT : VAL_CONST, t->n_dims, { 0 }, t->n, t->data, NULL, NULL };

  if (t->i64)
    {
      v.ints = g_memdup2 (t->i64, MAX (t->n, 1) * sizeof (gint64));
      v.data = NULL;
      /* Small integer constants double as float constants (Clip bounds). */
      v.kind = VAL_STATIC_INT;
    }
  memcpy (v.dims, t->dims, sizeof v.dims);
  return add_value (c, name, &v);
}

static gboolean
compile_node (Compiler *c)
{
  const char *t = c->node->op_type;

  if (*c->node->domain != '\0' && !g_str_equal (c->node->domain, "ai.onnx"))
    goto unsupported;
  if (g_str_equal (t, "Conv"))
    return compile_conv (c);
  if (g_str_equal (t, "Relu"))
    return compile_unary (c, OP_RELU);
  if (g_str_equal (t, "Clip"))
    return compile_unary (c, OP_CLIP);
  if (g_str_equal (t, "PRelu"))
    return compile_unary (c, OP_PRELU);
  if (g_str_equal (t, "GlobalAveragePool"))
    return compile_unary (c, OP_GAP);
  if (g_str_equal (t, "Identity") || g_str_equal (t, "Dropout"))
    return compile_unary (c, OP_COPY);
  if (g_str_equal (t, "BatchNormalization"))
    return compile_batchnorm (c);
  if (g_str_equal (t, "Add"))
    return compile_binary (c, OP_ADD);
  if (g_str_equal (t, "Mul"))
    return compile_binary (c, OP_MUL);
  if (g_str_equal (t, "Reshape"))
    return compile_reshape (c, FALSE);
  if (g_str_equal (t, "Flatten"))
    return compile_reshape (c, TRUE);
  if (g_str_equal (t, "Gemm"))
    return compile_gemm (c, FALSE);
  if (g_str_equal (t, "MatMul"))
    return compile_gemm (c, TRUE);
  if (g_str_equal (t, "Constant"))
    {
      const VeilOnnxAttr *a = veil_onnx_node_attr (c->node, "value");
      if (a == NULL || a->t == NULL)
        return bad_node (c, _("only tensor constants are supported"));
      add_tensor (c, output_name (c), a->t);
      return TRUE;
    }
  if (g_str_equal (t, "Shape") || g_str_equal (t, "Gather") ||
      g_str_equal (t, "Unsqueeze") || g_str_equal (t, "Concat"))
    return compile_static (c, t);

unsupported:
  g_set_error (c->error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_UNSUPPORTED_OP,
               _("The model uses the operation “%s”, which Veil cannot run"), t);
  return FALSE;
}

static int
by_last_desc (gconstpointer a, gconstpointer b, gpointer data)
{
  VeilNet *net = data;
  return VAL (net, *(const int *) b)->last - VAL (net, *(const int *) a)->last;
}

/* Gradient buffers. Backward walks the ops in reverse; a value's gradient
 * is live from its last consumer's backward down to its producer's, so
 * values whose spans do not overlap share a buffer (about halves the
 * memory of a network: every thread of the cloak has one). */
static void
plan_gradients (VeilNet *net)
{
  g_autofree int *owner_prod = NULL;   /* per buffer: prod of its current occupant */
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint n = 0;

  for (guint i = 0; i < net->ops->len; i++)
    {
      const Op *op = &g_array_index (net->ops, Op, i);
      Value *x = VAL (net, op->x);
      x->last = MAX (x->last, (int) i);
      if (op->y >= 0)
        VAL (net, op->y)->last = MAX (VAL (net, op->y)->last, (int) i);
    }
  VAL (net, net->output)->last = (int) net->ops->len;
  net->zero_order = g_new (int, net->values->len);
  for (guint i = 0; i < net->values->len; i++)
    if (VAL (net, i)->kind == VAL_RUNTIME)
      {
        Value *v = VAL (net, i);
        v->last = MAX (v->last, v->prod);
        net->zero_order[n++] = (int) i;
      }
  net->n_zero = n;
  g_qsort_with_data (net->zero_order, n, sizeof (int), by_last_desc, net);

  net->grad_buffers = g_ptr_array_new_with_free_func (g_free);
  owner_prod = g_new (int, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    {
      Value *v = VAL (net, net->zero_order[k]);
      int best = -1;

      /* the smallest free buffer that fits: free when its occupant's
       * producer ran after this value's last consumer (in backward order) */
      for (guint b = 0; b < sizes->len; b++)
        if (owner_prod[b] > v->last && g_array_index (sizes, gsize, b) >= v->n &&
            (best < 0 || g_array_index (sizes, gsize, b) < g_array_index (sizes, gsize, best)))
          best = (int) b;
      if (best < 0)
        {
          gsize sz = MAX (v->n, 1);
          g_ptr_array_add (net->grad_buffers, g_new0 (float, sz));
          g_array_append_val (sizes, sz);
          best = (int) sizes->len - 1;
        }
      owner_prod[best] = v->prod;
      v->grad = g_ptr_array_index (net->grad_buffers, best);
    }
}

VeilNet *
veil_net_new (const VeilOnnxModel *model_in,
              int                  channels,
              int                  height,
              int                  width,
              GError             **error)
{
  g_autoptr(VeilNet) net = g_new0 (VeilNet, 1);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  Compiler c = { net, names, error, NULL };
  const VeilOnnxValueInfo *in_info = NULL, *out_info;
  gint64 in_dims[4] = { 1, channels, height, width };
  int out_idx;

  g_return_val_if_fail (channels > 0 && height > 0 && width > 0, NULL);
  /* The net borrows the model's weights; it owns the model it was given a
   * reference to through veil_net_load, else the caller keeps it alive. */
  net->values = g_array_new (FALSE, TRUE, sizeof (Value));
  net->ops = g_array_new (FALSE, TRUE, sizeof (Op));
  net->weights = model_in;
  net->channels = channels;
  net->height = height;
  net->width = width;

  for (guint i = 0; i < model_in->initializers->len; i++)
    {
      const VeilOnnxTensor *t = g_ptr_array_index (model_in->initializers, i);
      add_tensor (&c, t->name, t);
    }
  /* The graph input is the first input that is not also a weight. */
  for (guint i = 0; i < model_in->inputs->len && in_info == NULL; i++)
    {
      const VeilOnnxValueInfo *vi = g_ptr_array_index (model_in->inputs, i);
      if (!g_hash_table_contains (names, vi->name))
        in_info = vi;
    }
  if (in_info == NULL || model_in->outputs->len == 0)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("The model has no image input or no output"));
      return NULL;
    }
  if (in_info->n_dims != 4 || (in_info->dims[1] > 0 && in_info->dims[1] != channels) ||
      (in_info->dims[2] > 0 && in_info->dims[2] != height) ||
      (in_info->dims[3] > 0 && in_info->dims[3] != width))
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("The model expects a different input size than %d×%d×%d"),
                   channels, height, width);
      return NULL;
    }
  net->input = add_runtime (&c, in_info->name, 4, in_dims);
  VAL (net, net->input)->prod = -1;

  for (guint i = 0; i < model_in->nodes->len; i++)
    {
      c.node = g_ptr_array_index (model_in->nodes, i);
      if (!compile_node (&c))
        return NULL;
    }
  out_info = g_ptr_array_index (model_in->outputs, 0);
  out_idx = GPOINTER_TO_INT (g_hash_table_lookup (names, out_info->name)) - 1;
  if (out_idx < 0 || VAL (net, out_idx)->kind != VAL_RUNTIME)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("The model's output “%s” is never computed"), out_info->name);
      return NULL;
    }
  net->output = out_idx;
  plan_gradients (net);
  return g_steal_pointer (&net);
}

VeilNet *
veil_net_load (const char *path,
               int         channels,
               int         height,
               int         width,
               GError    **error)
{
  VeilOnnxModel *model = veil_onnx_model_load (path, error);
  VeilNet *net;

  if (model == NULL)
    return NULL;
  net = veil_net_new (model, channels, height, width, error);
  if (net == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      veil_onnx_model_free (model);
      return NULL;
    }
  net->model = model;
  return net;
}

VeilNet *
veil_net_clone (const VeilNet *net,
                GError       **error)
{
  return veil_net_new (net->weights, net->channels, net->height, net->width, error);
}

gsize
veil_net_input_size (const VeilNet *net)
{
  return VAL (net, net->input)->n;
}

gsize
veil_net_output_size (const VeilNet *net)
{
  return VAL (net, net->output)->n;
}

guint64
veil_net_macs (const VeilNet *net)
{
  return net->macs;
}
