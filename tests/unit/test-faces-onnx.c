/* test-faces-onnx.c: the ONNX reader and the CNN evaluator (forward + gradients).
 *
 * A small model is built here byte by byte (our own protobuf writer), so the
 * tests need no fixture; the real face model is used when ../shared has it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "veil-cv.h"
#include "veil-net.h"
#include "veil-onnx.h"

/* ---- a tiny protobuf writer ------------------------------------------- */

static void
put_varint (GByteArray *b, guint64 v)
{
  do
    {
      guint8 c = v & 0x7f;
      v >>= 7;
      if (v)
        c |= 0x80;
      g_byte_array_append (b, &c, 1);
    }
  while (v);
}

static void
put_tag (GByteArray *b, guint field, guint wire)
{
  put_varint (b, ((guint64) field << 3) | wire);
}

static void
put_bytes (GByteArray *b, guint field, const void *data, gsize len)
{
  put_tag (b, field, 2);
  put_varint (b, len);
  g_byte_array_append (b, data, (guint) len);
}

static void
put_str (GByteArray *b, guint field, const char *s)
{
  put_bytes (b, field, s, strlen (s));
}

static void
put_msg (GByteArray *b, guint field, GByteArray *msg)
{
  put_bytes (b, field, msg->data, msg->len);
  g_byte_array_unref (msg);
}

static void
put_int (GByteArray *b, guint field, gint64 v)
{
  put_tag (b, field, 0);
  put_varint (b, (guint64) v);
}

static GByteArray *
tensor (const char *name, const gint64 *dims, guint n_dims, const float *data, gboolean raw)
{
  GByteArray *t = g_byte_array_new ();
  gsize n = 1;

  for (guint i = 0; i < n_dims; i++)
    {
      put_int (t, 1, dims[i]);
      n *= dims[i];
    }
  put_int (t, 2, 1);   /* FLOAT */
  put_str (t, 8, name);
  if (raw)
    put_bytes (t, 9, data, n * sizeof (float));   /* little-endian host */
  else
    {
      GByteArray *packed = g_byte_array_new ();
      g_byte_array_append (packed, (const guint8 *) data, (guint) (n * sizeof (float)));
      put_bytes (t, 4, packed->data, packed->len);
      g_byte_array_unref (packed);
    }
  return t;
}

static GByteArray *
attr_ints (const char *name, const gint64 *v, guint n)
{
  GByteArray *a = g_byte_array_new ();

  put_str (a, 1, name);
  put_int (a, 20, 7);
  for (guint i = 0; i < n; i++)
    put_int (a, 8, v[i]);
  return a;
}

static GByteArray *
attr_int (const char *name, gint64 v)
{
  GByteArray *a = g_byte_array_new ();

  put_str (a, 1, name);
  put_int (a, 20, 2);
  put_int (a, 3, v);
  return a;
}

static GByteArray *
attr_float (const char *name, float v)
{
  GByteArray *a = g_byte_array_new ();

  put_str (a, 1, name);
  put_int (a, 20, 1);
  put_tag (a, 2, 5);
  g_byte_array_append (a, (const guint8 *) &v, 4);
  return a;
}

static GByteArray *
node (const char *op, const char *const *inputs, const char *output, GByteArray **attrs)
{
  GByteArray *n = g_byte_array_new ();

  for (guint i = 0; inputs[i] != NULL; i++)
    put_str (n, 1, inputs[i]);
  put_str (n, 2, output);
  put_str (n, 3, output);
  put_str (n, 4, op);
  for (guint i = 0; attrs != NULL && attrs[i] != NULL; i++)
    put_msg (n, 5, attrs[i]);
  return n;
}

static GByteArray *
value_info (const char *name, const gint64 *dims, guint n_dims)
{
  GByteArray *vi = g_byte_array_new (), *type = g_byte_array_new (), *tt = g_byte_array_new ();
  GByteArray *shape = g_byte_array_new ();

  for (guint i = 0; i < n_dims; i++)
    {
      GByteArray *d = g_byte_array_new ();
      put_int (d, 1, dims[i]);
      put_msg (shape, 1, d);
    }
  put_int (tt, 1, 1);
  put_msg (tt, 2, shape);
  put_msg (type, 1, tt);
  put_str (vi, 1, name);
  put_msg (vi, 2, type);
  return vi;
}

static float
pseudo (guint i)
{
  guint32 x = i * 2654435761u + 12345u;
  x ^= x >> 13;
  x *= 0x5bd1e995u;
  x ^= x >> 15;
  return ((x % 20001) / 10000.0f - 1.0f);
}

/* input [1,2,6,6] → Conv 3×3 pad 1 (2→4) → BatchNorm → PRelu → depthwise
 * Conv 3×3 stride 2 dilation 1 (groups 4) → Clip (input form) → Mul const →
 * Add (residual of a 1×1 conv) → Relu → GlobalAveragePool → Flatten →
 * Gemm transB → [1,3]. Every supported op with a gradient. */
static GBytes *
build_model (const char *extra_op)
{
  GByteArray *graph = g_byte_array_new (), *model = g_byte_array_new (), *opset = g_byte_array_new ();
  float w1[4 * 2 * 9], b1[4], bn_s[4], bn_b[4], bn_m[4], bn_v[4], slope[4], w2[4 * 9], b2[4];
  float mulc[4], w3[4 * 4], gw[3 * 4], gb[3], lo = -0.5f, hi = 1.5f;
  gint64 d_w1[] = { 4, 2, 3, 3 }, d_4[] = { 4 }, d_slope[] = { 4, 1, 1 }, d_w2[] = { 4, 1, 3, 3 };
  gint64 d_mul[] = { 1, 4, 1, 1 }, d_w3[] = { 4, 4, 1, 1 }, d_gw[] = { 3, 4 }, d_gb[] = { 3 };
  gint64 d_in[] = { 1, 2, 6, 6 }, d_out[] = { 1, 3 };
  gint64 pads1[] = { 1, 1, 1, 1 }, strides2[] = { 2, 2 }, k3[] = { 3, 3 };
  guint k = 0;

  for (guint i = 0; i < G_N_ELEMENTS (w1); i++) w1[i] = 0.5f * pseudo (k++);
  for (guint i = 0; i < 4; i++)
    {
      b1[i] = 0.1f * pseudo (k++);
      bn_s[i] = 1.0f + 0.2f * pseudo (k++);
      bn_b[i] = 0.1f * pseudo (k++);
      bn_m[i] = 0.1f * pseudo (k++);
      bn_v[i] = 1.0f + 0.5f * fabsf (pseudo (k++));
      slope[i] = 0.25f * (1 + pseudo (k++));
      b2[i] = 0.1f * pseudo (k++);
      mulc[i] = 1.0f + 0.5f * pseudo (k++);
    }
  for (guint i = 0; i < G_N_ELEMENTS (w2); i++) w2[i] = 0.5f * pseudo (k++);
  for (guint i = 0; i < G_N_ELEMENTS (w3); i++) w3[i] = 0.5f * pseudo (k++);
  for (guint i = 0; i < G_N_ELEMENTS (gw); i++) gw[i] = pseudo (k++);
  for (guint i = 0; i < 3; i++) gb[i] = 0.1f * pseudo (k++);

  put_msg (graph, 5, tensor ("w1", d_w1, 4, w1, TRUE));
  put_msg (graph, 5, tensor ("b1", d_4, 1, b1, FALSE));
  put_msg (graph, 5, tensor ("bn_s", d_4, 1, bn_s, TRUE));
  put_msg (graph, 5, tensor ("bn_b", d_4, 1, bn_b, TRUE));
  put_msg (graph, 5, tensor ("bn_m", d_4, 1, bn_m, TRUE));
  put_msg (graph, 5, tensor ("bn_v", d_4, 1, bn_v, TRUE));
  put_msg (graph, 5, tensor ("slope", d_slope, 3, slope, FALSE));
  put_msg (graph, 5, tensor ("w2", d_w2, 4, w2, TRUE));
  put_msg (graph, 5, tensor ("b2", d_4, 1, b2, TRUE));
  put_msg (graph, 5, tensor ("lo", NULL, 0, &lo, TRUE));
  put_msg (graph, 5, tensor ("hi", NULL, 0, &hi, TRUE));
  put_msg (graph, 5, tensor ("mulc", d_mul, 4, mulc, TRUE));
  put_msg (graph, 5, tensor ("w3", d_w3, 4, w3, TRUE));
  put_msg (graph, 5, tensor ("gw", d_gw, 2, gw, TRUE));
  put_msg (graph, 5, tensor ("gb", d_gb, 1, gb, TRUE));

  {
    GByteArray *a1[] = { attr_ints ("pads", pads1, 4), attr_ints ("kernel_shape", k3, 2), NULL };
    GByteArray *a2[] = { attr_ints ("pads", pads1, 4), attr_ints ("strides", strides2, 2),
                         attr_int ("group", 4), NULL };
    GByteArray *abn[] = { attr_float ("epsilon", 1e-3f), NULL };
    GByteArray *aflat[] = { attr_int ("axis", 1), NULL };
    GByteArray *agemm[] = { attr_int ("transB", 1), attr_float ("alpha", 0.9f), NULL };
    const char *i1[] = { "input", "w1", "b1", NULL };
    const char *ibn[] = { "c1", "bn_s", "bn_b", "bn_m", "bn_v", NULL };
    const char *ipr[] = { "bn", "slope", NULL };
    const char *i2[] = { "pr", "w2", "b2", NULL };
    const char *icl[] = { "c2", "lo", "hi", NULL };
    const char *imul[] = { "cl", "mulc", NULL };
    const char *i3[] = { "mul", "w3", NULL };
    const char *iadd[] = { "mul", "c3", NULL };
    const char *irelu[] = { "add", NULL };
    const char *igap[] = { "relu", NULL };
    const char *iflat[] = { "gap", NULL };
    const char *igemm[] = { "flat", "gw", "gb", NULL };

    put_msg (graph, 1, node ("Conv", i1, "c1", a1));
    put_msg (graph, 1, node ("BatchNormalization", ibn, "bn", abn));
    put_msg (graph, 1, node ("PRelu", ipr, "pr", NULL));
    put_msg (graph, 1, node ("Conv", i2, "c2", a2));
    put_msg (graph, 1, node ("Clip", icl, "cl", NULL));
    put_msg (graph, 1, node ("Mul", imul, "mul", NULL));
    put_msg (graph, 1, node ("Conv", i3, "c3", NULL));
    put_msg (graph, 1, node ("Add", iadd, "add", NULL));
    put_msg (graph, 1, node ("Relu", irelu, "relu", NULL));
    put_msg (graph, 1, node ("GlobalAveragePool", igap, "gap", NULL));
    put_msg (graph, 1, node ("Flatten", iflat, "flat", aflat));
    put_msg (graph, 1, node ("Gemm", igemm, extra_op ? "pre" : "out", agemm));
    if (extra_op)
      {
        const char *iex[] = { "pre", NULL };
        put_msg (graph, 1, node (extra_op, iex, "out", NULL));
      }
  }
  put_msg (graph, 11, value_info ("input", d_in, 4));
  put_msg (graph, 12, value_info ("out", d_out, 2));
  put_str (graph, 2, "synthetic");

  put_int (model, 1, 7);
  put_str (model, 2, "veil-test");
  put_int (opset, 2, 12);
  put_msg (model, 8, opset);
  put_msg (model, 7, graph);
  return g_byte_array_free_to_bytes (model);
}

static VeilNet *
synthetic_net (VeilOnnxModel **model_out)
{
  g_autoptr(GBytes) bytes = build_model (NULL);
  g_autoptr(GError) error = NULL;
  VeilOnnxModel *model = veil_onnx_model_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  VeilNet *net;

  g_assert_no_error (error);
  g_assert_nonnull (model);
  net = veil_net_new (model, 2, 6, 6, &error);
  g_assert_no_error (error);
  g_assert_nonnull (net);
  *model_out = model;
  return net;
}

static void
test_parse_synthetic (void)
{
  g_autoptr(GBytes) bytes = build_model (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilOnnxModel) m = veil_onnx_model_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_autofree char *summary = NULL;
  const VeilOnnxTensor *w1;

  g_assert_no_error (error);
  g_assert_cmpint (m->ir_version, ==, 7);
  g_assert_cmpint (m->opset, ==, 12);
  g_assert_cmpuint (m->nodes->len, ==, 12);
  g_assert_cmpuint (m->initializers->len, ==, 15);
  w1 = veil_onnx_model_initializer (m, "w1");
  g_assert_nonnull (w1);
  g_assert_cmpuint (w1->n, ==, 72);
  g_assert_cmpint (w1->dims[0], ==, 4);
  g_assert_cmpfloat_with_epsilon (w1->data[0], 0.5f * pseudo (0), 1e-7);
  g_assert_cmpfloat_with_epsilon (veil_onnx_model_initializer (m, "b1")->data[0], 0.1f * pseudo (72), 1e-7);
  summary = veil_onnx_model_summary (m);
  g_assert_true (g_str_has_prefix (summary, "Conv: 3, BatchNormalization: 1"));
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) bytes = build_model (NULL);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  gsize len = g_bytes_get_size (bytes);
  const guint8 garbage[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  const guint8 group[] = { 0x0b, 0x0c };   /* wire types 3/4: rejected */

  /* every truncation fails cleanly */
  for (gsize cut = 0; cut < len; cut += 1 + cut / 16)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilOnnxModel) m = veil_onnx_model_parse (data, cut, &error);
      if (m == NULL)
        g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
    }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (veil_onnx_model_parse (garbage, sizeof garbage, &error));
    g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
  }
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (veil_onnx_model_parse (group, sizeof group, &error));
    g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
  }
  /* flipped bytes: never a crash */
  for (gsize i = 0; i < len; i += 7)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilOnnxModel) m = NULL;

      copy[i] ^= 0x5a;
      m = veil_onnx_model_parse (copy, len, &error);
      if (m != NULL)
        {
          g_autoptr(VeilNet) net = veil_net_new (m, 2, 6, 6, NULL);
          if (net != NULL)
            {
              float in[72] = { 0 };
              veil_net_forward (net, in);
            }
        }
    }
}

static void
test_unsupported_op (void)
{
  g_autoptr(GBytes) bytes = build_model ("Softmax");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilOnnxModel) m = veil_onnx_model_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_autoptr(VeilNet) net = NULL;

  g_assert_no_error (error);
  net = veil_net_new (m, 2, 6, 6, &error);
  g_assert_null (net);
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_UNSUPPORTED_OP);
  g_assert_nonnull (strstr (error->message, "Softmax"));
}

static void
test_wrong_input_size (void)
{
  g_autoptr(GBytes) bytes = build_model (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilOnnxModel) m = veil_onnx_model_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_autoptr(VeilNet) net = veil_net_new (m, 3, 6, 6, &error);

  g_assert_null (net);
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
}

/* loss = Σ c_i out_i; its gradient from backward vs central differences */
static void
check_gradient (VeilNet *net, float *input, gsize n_in, const guint *pixels, guint n_pixels,
                double eps, double tol)
{
  gsize n_out = veil_net_output_size (net);
  g_autofree float *c = g_new (float, n_out);
  g_autofree float *grad = g_new (float, n_in);

  for (gsize i = 0; i < n_out; i++)
    c[i] = pseudo ((guint) i + 999);
  veil_net_forward (net, input);
  veil_net_backward (net, c, grad);
  for (guint p = 0; p < n_pixels; p++)
    {
      gsize i = pixels[p] % n_in;
      float saved = input[i];
      double lp = 0, lm = 0, fd;
      const float *out;

      input[i] = saved + (float) eps;
      out = veil_net_forward (net, input);
      for (gsize k = 0; k < n_out; k++)
        lp += (double) c[k] * out[k];
      input[i] = saved - (float) eps;
      out = veil_net_forward (net, input);
      for (gsize k = 0; k < n_out; k++)
        lm += (double) c[k] * out[k];
      input[i] = saved;
      fd = (lp - lm) / (2 * eps);
      if (fabs (fd - grad[i]) > tol * (1 + fabs (fd)))
        g_error ("gradient at %zu: backward %g, finite difference %g", i, grad[i], fd);
    }
}

static void
test_gradient_synthetic (void)
{
  VeilOnnxModel *model = NULL;
  g_autoptr(VeilNet) net = synthetic_net (&model);
  float input[72];
  guint pixels[72];

  for (guint i = 0; i < 72; i++)
    {
      input[i] = 1.5f * pseudo (i + 500);
      pixels[i] = i;
    }
  check_gradient (net, input, 72, pixels, 72, 1e-3, 2e-2);
  g_clear_pointer (&net, veil_net_free);
  veil_onnx_model_free (model);
}

static void
test_real_model (void)
{
  g_autofree char *path = veil_test_shared_path ("models/mobilefacenet_relu6.onnx");
  g_autofree char *upstream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilNet) net = NULL;
  g_autofree float *input = NULL, *ref = NULL, *first = NULL;
  const float *out;
  gsize n_in, n_ref = 0;
  double max_diff = 0;
  const guint pixels[] = { 5000, 12345, 20000, 33333 };

  if (path == NULL)
    return;
  net = veil_net_load (path, 3, 112, 112, &error);
  g_assert_no_error (error);
  n_in = veil_net_input_size (net);
  g_assert_cmpuint (n_in, ==, 3 * 112 * 112);
  g_assert_cmpuint (veil_net_output_size (net), ==, 128);
  input = g_new (float, n_in);
  for (gsize i = 0; i < n_in; i++)
    input[i] = 0.9f * sinf ((float) i * 0.37f) * cosf ((float) i * 0.011f);
  out = veil_net_forward (net, input);
  first = g_memdup2 (out, 128 * sizeof (float));

  ref = veil_cv_dnn_forward (path, input, 3, 112, 112, &n_ref, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_ref, ==, 128);
  for (gsize i = 0; i < 128; i++)
    max_diff = MAX (max_diff, fabs (ref[i] - first[i]));
  g_test_message ("max |veil - opencv| = %g", max_diff);
  g_assert_cmpfloat (max_diff, <, 1e-4);

  check_gradient (net, input, n_in, pixels, G_N_ELEMENTS (pixels), 2e-2, 5e-2);

  /* The upstream file (Clip with min/max as inputs, opset 12) computes the
   * same function; OpenCV 4.6 cannot read it, Veil can. */
  upstream = veil_test_shared_path ("models/mobilefacenet_upstream.onnx");
  if (upstream != NULL)
    {
      g_autoptr(VeilNet) net2 = veil_net_load (upstream, 3, 112, 112, &error);
      g_assert_no_error (error);
      out = veil_net_forward (net2, input);
      for (gsize i = 0; i < 128; i++)
        g_assert_cmpfloat_with_epsilon (out[i], first[i], 1e-5);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* `test-faces-onnx --write-seed FILE` writes the synthetic model (fuzz seed). */
  if (argc == 3 && g_str_equal (argv[1], "--write-seed"))
    {
      g_autoptr(GBytes) b = build_model (NULL);
      return g_file_set_contents (argv[2], g_bytes_get_data (b, NULL), g_bytes_get_size (b), NULL) ? 0 : 1;
    }
  g_test_add_func ("/onnx/parse-synthetic", test_parse_synthetic);
  g_test_add_func ("/onnx/malformed", test_malformed);
  g_test_add_func ("/onnx/unsupported-op", test_unsupported_op);
  g_test_add_func ("/onnx/wrong-input-size", test_wrong_input_size);
  g_test_add_func ("/onnx/gradient-synthetic", test_gradient_synthetic);
  g_test_add_func ("/onnx/real-model", test_real_model);
  return g_test_run ();
}
