/* veil-net-run.c: runs a compiled graph forward, and backward for the
 * gradient with respect to the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-net"

#include "config.h"

#include <math.h>
#include <string.h>

#include "veil-net-graph.h"

static inline float
bcast (const Op *op, gsize i)
{
  if (op->k_n == 1)
    return op->k[0];
  if (op->k_n == (gsize) op->channels)
    return op->k[i / op->plane];
  return op->k[i];
}

static void
run_forward (VeilNet *net, const Op *op)
{
  Value *x = VAL (net, op->x), *o = VAL (net, op->out);
  const float *xd = x->data;
  float *od = o->data;
  gsize n = o->n;

  switch (op->kind)
    {
    case OP_CONV:
      _veil_conv_forward (&op->conv, xd, od);
      break;
    case OP_AFFINE_CH:
      for (gsize i = 0; i < n; i++)
        od[i] = op->k[i / op->plane] * xd[i] + op->b[i / op->plane];
      break;
    case OP_RELU:
      for (gsize i = 0; i < n; i++)
        od[i] = xd[i] > 0.0f ? xd[i] : 0.0f;
      break;
    case OP_CLIP:
      _veil_clip_forward (xd, od, n, op->lo, op->hi);
      break;
    case OP_PRELU:
      for (gsize i = 0; i < n; i++)
        od[i] = xd[i] > 0.0f ? xd[i] : bcast (op, i) * xd[i];
      break;
    case OP_ADD:
      if (op->y >= 0)
        _veil_add_forward (xd, VAL (net, op->y)->data, od, n);
      else
        for (gsize i = 0; i < n; i++)
          od[i] = xd[i] + bcast (op, i);
      break;
    case OP_MUL:
      if (op->y >= 0)
        for (gsize i = 0; i < n; i++)
          od[i] = xd[i] * VAL (net, op->y)->data[i];
      else
        for (gsize i = 0; i < n; i++)
          od[i] = xd[i] * bcast (op, i);
      break;
    case OP_COPY:
      memcpy (od, xd, n * sizeof (float));
      break;
    case OP_GAP:
      for (int ch = 0; ch < op->channels; ch++)
        {
          double s = 0;
          for (gsize i = 0; i < op->plane; i++)
            s += xd[ch * op->plane + i];
          od[ch] = (float) (s / op->plane);
        }
      break;
    case OP_GEMM:
      for (int m = 0; m < op->gemm_m; m++)
        for (int j = 0; j < op->gemm_n; j++)
          {
            double s = 0;
            for (int k = 0; k < op->gemm_k; k++)
              s += xd[m * op->gemm_k + k] *
                   (op->trans_b ? op->k[(gsize) j * op->gemm_k + k] : op->k[(gsize) k * op->gemm_n + j]);
            s *= op->alpha;
            if (op->b)
              s += op->beta * op->b[op->k_n == 1 ? 0 : j];
            od[m * op->gemm_n + j] = (float) s;
          }
      break;
    }
}

static void
run_backward (VeilNet *net, const Op *op)
{
  Value *x = VAL (net, op->x), *o = VAL (net, op->out);
  const float *xd = x->data, *go = o->grad;
  float *gx = x->grad;
  gsize n = o->n;

  switch (op->kind)
    {
    case OP_CONV:
      _veil_conv_backward (&op->conv, go, gx);
      break;
    case OP_AFFINE_CH:
      for (gsize i = 0; i < n; i++)
        gx[i] += op->k[i / op->plane] * go[i];
      break;
    case OP_RELU:
      for (gsize i = 0; i < n; i++)
        gx[i] += xd[i] > 0.0f ? go[i] : 0.0f;
      break;
    case OP_CLIP:
      _veil_clip_backward (xd, go, gx, n, op->lo, op->hi);
      break;
    case OP_PRELU:
      for (gsize i = 0; i < n; i++)
        gx[i] += xd[i] > 0.0f ? go[i] : bcast (op, i) * go[i];
      break;
    case OP_ADD:
      _veil_accumulate (gx, go, n);
      if (op->y >= 0)
        _veil_accumulate (VAL (net, op->y)->grad, go, n);
      break;
    case OP_MUL:
      if (op->y >= 0)
        {
          Value *y = VAL (net, op->y);
          for (gsize i = 0; i < n; i++)
            {
              gx[i] += y->data[i] * go[i];
              y->grad[i] += xd[i] * go[i];
            }
        }
      else
        for (gsize i = 0; i < n; i++)
          gx[i] += bcast (op, i) * go[i];
      break;
    case OP_COPY:
      _veil_accumulate (gx, go, n);
      break;
    case OP_GAP:
      for (int ch = 0; ch < op->channels; ch++)
        for (gsize i = 0; i < op->plane; i++)
          gx[ch * op->plane + i] += go[ch] / op->plane;
      break;
    case OP_GEMM:
      for (int m = 0; m < op->gemm_m; m++)
        for (int k = 0; k < op->gemm_k; k++)
          {
            double s = 0;
            for (int j = 0; j < op->gemm_n; j++)
              s += go[m * op->gemm_n + j] *
                   (op->trans_b ? op->k[(gsize) j * op->gemm_k + k] : op->k[(gsize) k * op->gemm_n + j]);
            gx[m * op->gemm_k + k] += (float) (s * op->alpha);
          }
      break;
    }
}

const float *
veil_net_forward (VeilNet     *net,
                  const float *input)
{
  Value *in = VAL (net, net->input);

  memcpy (in->data, input, in->n * sizeof (float));
  for (guint i = 0; i < net->ops->len; i++)
    run_forward (net, &g_array_index (net->ops, Op, i));
  return VAL (net, net->output)->data;
}

void
veil_net_backward (VeilNet     *net,
                   const float *grad_output,
                   float       *grad_input)
{
  Value *out = VAL (net, net->output), *in = VAL (net, net->input);
  guint z = 0;

  /* A gradient is zeroed when it comes to life: before its last
   * consumer's backward (the output's: now). */
  while (z < net->n_zero && VAL (net, net->zero_order[z])->last >= (int) net->ops->len)
    {
      Value *v = VAL (net, net->zero_order[z++]);
      memset (v->grad, 0, v->n * sizeof (float));
    }
  for (gsize i = 0; i < out->n; i++)
    out->grad[i] += grad_output[i];
  for (guint i = net->ops->len; i-- > 0;)
    {
      while (z < net->n_zero && VAL (net, net->zero_order[z])->last >= (int) i)
        {
          Value *v = VAL (net, net->zero_order[z++]);
          memset (v->grad, 0, v->n * sizeof (float));
        }
      run_backward (net, &g_array_index (net->ops, Op, i));
    }
  memcpy (grad_input, in->grad, in->n * sizeof (float));
}
