/* test-faces-cloak.c: the shipped face model, and what the cloak promises
 * whatever the model: a grey picture stays grey, nothing changes outside
 * the feathered face region, the colour basis and its adjoint agree.
 *
 * Uses only files in the repository (the shipped models and
 * tests/data/vision/synthetic-faces.png, drawn faces of no real person).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "veil-cloak.h"
#include "veil-cloak-private.h"
#include "veil-models.h"

static VeilFaceDetector *
open_detector (void)
{
  g_autofree char *path = veil_cloak_default_detector_path ();
  g_autoptr(GError) error = NULL;
  VeilFaceDetector *d;

  g_assert_nonnull (path);
  d = veil_face_detector_new (path, 0.7f, &error);
  g_assert_no_error (error);
  return d;
}

static VeilEmbedder *
open_shipped (void)
{
  g_autofree char *path = veil_models_shipped_path ();
  g_autoptr(GError) error = NULL;
  VeilEmbedder *e;

  g_assert_nonnull (path);
  e = veil_embedder_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_embedder_dim (e), ==, 512);
  return e;
}

static VeilImage *
load_picture (GArray **faces, VeilFaceDetector *det)
{
  g_autofree char *src = veil_test_data_path ("vision/synthetic-faces.png");
  g_autoptr(GError) error = NULL;
  VeilImage *image = veil_cv_image_load (src, &error);

  g_assert_no_error (error);
  *faces = veil_face_detector_detect (det, image, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*faces)->len, >=, 1);
  return image;
}

/* The shipped model loads, and its embedding of the test face matches the
 * one OpenCV computed by its own route (its alignment, cv2.dnn, from the
 * same landmarks; tests/data/vision/make-faceplugin-reference.py). */
static void
test_shipped_model_reference (void)
{
  g_autoptr(VeilFaceDetector) det = open_detector ();
  g_autoptr(VeilEmbedder) emb = open_shipped ();
  g_autoptr(GArray) faces = NULL;
  g_autoptr(VeilImage) image = load_picture (&faces, det);
  g_autofree char *ref_path = veil_test_data_path ("vision/faceplugin-reference.txt");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL, values = NULL, marks = NULL;
  float landmarks[10];
  g_autoptr(GError) error = NULL;
  float e[512], ref[512];
  guint n = 0;
  float sim;

  g_assert_true (g_file_get_contents (ref_path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  values = g_strsplit (lines[1], " ", -1);
  for (; values[n] != NULL && n < 512; n++)
    ref[n] = (float) g_ascii_strtod (values[n], NULL);
  g_assert_cmpuint (n, ==, 512);
  marks = g_strsplit (lines[2], " ", -1);
  g_assert_cmpuint (g_strv_length (marks), ==, 10);
  for (guint i = 0; i < 10; i++)
    landmarks[i] = (float) g_ascii_strtod (marks[i], NULL);
  g_assert_true (veil_embedder_embed (emb, image, landmarks, e, &error));
  g_assert_no_error (error);
  sim = veil_cosine (e, ref, 512);
  g_test_message ("cosine to the OpenCV reference: %.5f", sim);
  g_assert_cmpfloat (sim, >, 0.99f);
}

/* Veil's runner against OpenCV's on the same input, forward. */
static void
test_shipped_model_matches_opencv (void)
{
  g_autofree char *path = veil_models_shipped_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilNet) net = veil_net_load (path, 3, 112, 112, &error);
  g_autofree float *input = g_new (float, 3 * 112 * 112);
  g_autofree float *ref = NULL;
  const float *out;
  gsize n_ref = 0;
  double max_diff = 0, max_abs = 0;

  g_assert_no_error (error);
  for (gsize i = 0; i < 3 * 112 * 112; i++)
    input[i] = 0.9f * sinf ((float) i * 0.37f) * cosf ((float) i * 0.011f);
  out = veil_net_forward (net, input);
  ref = veil_cv_dnn_forward (path, input, 3, 112, 112, &n_ref, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_ref, ==, 512);
  for (gsize i = 0; i < 512; i++)
    {
      max_diff = MAX (max_diff, fabs (ref[i] - out[i]));
      max_abs = MAX (max_abs, fabs (ref[i]));
    }
  g_test_message ("max |veil - opencv| = %g (largest value %g)", max_diff, max_abs);
  g_assert_cmpfloat (max_diff, <, 1e-4 * MAX (1.0, max_abs));
}

/* The input gradient of the shipped model (PRelu, residual adds) against
 * central finite differences. */
static void
test_shipped_model_gradient (void)
{
  g_autofree char *path = veil_models_shipped_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilNet) net = veil_net_load (path, 3, 112, 112, &error);
  const gsize n_in = 3 * 112 * 112;
  g_autofree float *input = g_new (float, n_in);
  g_autofree float *gin = g_new (float, n_in);
  g_autofree float *gout = g_new (float, 512);
  const guint pixels[] = { 5000, 12345, 20000, 33333 };
  const double eps = 1e-2;

  g_assert_no_error (error);
  for (gsize i = 0; i < n_in; i++)
    input[i] = 0.8f * sinf ((float) i * 0.21f) * cosf ((float) i * 0.007f);
  /* loss = Σ w_i out_i with fixed pseudo-random weights */
  for (guint i = 0; i < 512; i++)
    gout[i] = sinf (i * 1.3f);
  veil_net_forward (net, input);
  veil_net_backward (net, gout, gin);
  for (guint k = 0; k < G_N_ELEMENTS (pixels); k++)
    {
      gsize p = pixels[k];
      float keep = input[p];
      double lp = 0, lm = 0, fd;
      const float *out;

      input[p] = keep + eps;
      out = veil_net_forward (net, input);
      for (guint i = 0; i < 512; i++)
        lp += gout[i] * out[i];
      input[p] = keep - eps;
      out = veil_net_forward (net, input);
      for (guint i = 0; i < 512; i++)
        lm += gout[i] * out[i];
      input[p] = keep;
      fd = (lp - lm) / (2 * eps);
      g_test_message ("pixel %zu: analytic %.5f, finite difference %.5f", p, gin[p], fd);
      /* float32 forward: the difference quotient carries about 3e-4 of noise */
      g_assert_cmpfloat (fabs (fd - gin[p]), <, 0.1 * MAX (fabs (fd), fabs (gin[p])) + 5e-4);
    }
}

/* The colour basis and the gradient map are each other's transpose:
 * <A x, g> = <x, Aᵀ g>. */
static void
test_colour_basis_adjoint (void)
{
  for (int t = 0; t < 10; t++)
    {
      float x[3] = { sinf (t), cosf (3 * t), sinf (t * 0.7f + 1) };
      float g[3] = { cosf (t * 1.1f), sinf (t * 2.3f + 0.5f), cosf (t + 2) };
      float ax[3], atg[3];

      _veil_ycc_to_bgr (x, ax);
      _veil_bgr_grad_to_ycc (g, atg);
      g_assert_cmpfloat_with_epsilon (ax[0] * g[0] + ax[1] * g[1] + ax[2] * g[2],
                                      x[0] * atg[0] + x[1] * atg[1] + x[2] * atg[2], 1e-5);
    }
  {
    /* luminance alone is grey */
    float y[3] = { 3, 0, 0 }, bgr[3];
    _veil_ycc_to_bgr (y, bgr);
    g_assert_cmpfloat (bgr[0], ==, bgr[1]);
    g_assert_cmpfloat (bgr[1], ==, bgr[2]);
  }
}

/* Cloaks the picture (made grey when `grey`) and checks that nothing
 * changed outside the feathered region of the face, that the face did
 * change, and that a grey picture comes back grey. */
static void
cloak_and_check (gboolean grey)
{
  g_autoptr(VeilFaceDetector) det = open_detector ();
  g_autoptr(VeilEmbedder) emb = open_shipped ();
  g_autoptr(GArray) faces = NULL;
  g_autoptr(VeilImage) image = load_picture (&faces, det);
  g_autoptr(VeilImage) before = NULL;
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (VeilFaceResult));
  g_autoptr(GError) error = NULL;
  const guint one = 1;
  VeilCloakOptions options = { 0 };
  const VeilFace *f = &g_array_index (faces, VeilFace, 0);
  guint changed = 0, outside = 0, coloured = 0;

  if (grey)
    for (int y = 0; y < image->height; y++)
      for (int x = 0; x < image->width; x++)
        {
          guint8 *p = image->data + (gsize) y * image->stride + 3 * x;
          guint8 v = (guint8) ((p[0] * 114 + p[1] * 587 + p[2] * 299) / 1000);
          p[0] = p[1] = p[2] = v;
        }
  before = veil_image_copy (image);
  options.strength = VEIL_CLOAK_HIGH;
  options.steps = 6;   /* a test, not a benchmark */
  options.faces = &one;
  options.n_faces = 1;
  g_assert_true (veil_cloak_image (emb, det, image, faces, &options, results, &error));
  g_assert_no_error (error);
  g_assert_true (g_array_index (results, VeilFaceResult, 0).processed);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *a = before->data + (gsize) y * before->stride + 3 * x;
        const guint8 *b = image->data + (gsize) y * image->stride + 3 * x;
        gboolean diff = memcmp (a, b, 3) != 0;

        changed += diff;
        outside += diff && !veil_cloak_region_contains (f, x + 0.5, y + 0.5);
        coloured += b[0] != b[1] || b[1] != b[2];
      }
  g_test_message ("%u pixels changed, %u outside the region, %u coloured", changed, outside, coloured);
  g_assert_cmpuint (changed, >, 100);
  g_assert_cmpuint (outside, ==, 0);
  if (grey)
    g_assert_cmpuint (coloured, ==, 0);
}

static void
test_cloak_region_colour (void)
{
  cloak_and_check (FALSE);
}

static void
test_cloak_grey_stays_grey (void)
{
  cloak_and_check (TRUE);
}

typedef struct {
  guint         calls;
  guint         n_steps;
  GCancellable *cancel_at_first;
} StepCount;

static void
count_steps (guint face, guint n_faces, guint step, guint n_steps, gpointer user_data)
{
  StepCount *count = user_data;

  count->calls++;
  count->n_steps = n_steps;
  if (count->cancel_at_first != NULL)
    g_cancellable_cancel (count->cancel_at_first);
}

/* The app's preview: a bounded number of steps, on a copy (the picture is
 * untouched), and only the face's feathered region changes in what it
 * returns. Prints its time for the record. */
static void
test_cloak_preview (void)
{
  g_autoptr(VeilFaceDetector) det = open_detector ();
  g_autoptr(VeilEmbedder) emb = open_shipped ();
  g_autoptr(GArray) faces = NULL;
  g_autoptr(VeilImage) image = load_picture (&faces, det);
  g_autoptr(VeilImage) copy = veil_image_copy (image);
  g_autoptr(VeilImage) before = NULL, after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  VeilCloakOptions options = { 0 };
  StepCount count = { 0 };
  const VeilFace *f = &g_array_index (faces, VeilFace, 0);
  gint64 wall, cpu;
  guint changed = 0, outside = 0;
  int rect[4];

  options.strength = VEIL_CLOAK_DEFAULT;
  options.progress = count_steps;
  options.progress_data = &count;
  wall = g_get_monotonic_time ();
  cpu = (gint64) (clock () * (1e6 / CLOCKS_PER_SEC));
  g_assert_true (veil_cloak_preview (emb, image, f, &options, &before, &after, rect, &error));
  g_assert_no_error (error);
  wall = g_get_monotonic_time () - wall;
  cpu = (gint64) (clock () * (1e6 / CLOCKS_PER_SEC)) - cpu;
  g_test_message ("preview of a %.0f×%.0f face, %u steps: %.2f s wall, %.2f s CPU", f->width, f->height,
                  count.calls, wall / 1e6, cpu / 1e6);
  g_assert_cmpuint (count.calls, ==, VEIL_CLOAK_PREVIEW_STEPS);
  g_assert_cmpuint (count.n_steps, ==, VEIL_CLOAK_PREVIEW_STEPS);

  /* the picture itself is untouched */
  g_assert_cmpmem (image->data, (gsize) image->stride * image->height, copy->data, (gsize) copy->stride * copy->height);
  /* the crop holds the face, inside the picture */
  g_assert_cmpint (rect[0], <=, (int) f->x);
  g_assert_cmpint (rect[1], <=, (int) f->y);
  g_assert_cmpint (rect[0] + rect[2], >=, (int) (f->x + f->width));
  g_assert_cmpint (rect[0] + rect[2], <=, image->width);
  g_assert_cmpint (rect[1] + rect[3], <=, image->height);
  g_assert_cmpint (before->width, ==, rect[2]);
  g_assert_cmpint (after->height, ==, rect[3]);
  for (int y = 0; y < rect[3]; y++)
    for (int x = 0; x < rect[2]; x++)
      {
        const guint8 *o = image->data + (gsize) (rect[1] + y) * image->stride + 3 * (rect[0] + x);
        const guint8 *a = before->data + (gsize) y * before->stride + 3 * x;
        const guint8 *b = after->data + (gsize) y * after->stride + 3 * x;
        gboolean diff = memcmp (a, b, 3) != 0;

        g_assert_cmpmem (o, 3, a, 3);
        changed += diff;
        outside += diff && !veil_cloak_region_contains (f, rect[0] + x + 0.5, rect[1] + y + 0.5);
      }
  g_test_message ("%u pixels changed, %u outside the region", changed, outside);
  g_assert_cmpuint (changed, >, 100);
  g_assert_cmpuint (outside, ==, 0);

  /* more steps than a preview may take are cut to the most it may */
  g_clear_pointer (&before, veil_image_free);
  g_clear_pointer (&after, veil_image_free);
  count = (StepCount) { 0, 0, cancellable };
  options.steps = 1000;
  options.cancellable = cancellable;
  g_assert_false (veil_cloak_preview (emb, image, f, &options, &before, &after, rect, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count.n_steps, ==, VEIL_CLOAK_PREVIEW_MAX_STEPS);
  g_assert_cmpuint (count.calls, ==, 1);
  g_assert_null (before);
  g_assert_null (after);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  veil_cv_init (1);
  g_setenv ("VEIL_CLOAK_THREADS", "1", TRUE);
  g_test_add_func ("/faces/shipped-model/reference", test_shipped_model_reference);
  g_test_add_func ("/faces/shipped-model/opencv", test_shipped_model_matches_opencv);
  g_test_add_func ("/faces/shipped-model/gradient", test_shipped_model_gradient);
  g_test_add_func ("/faces/cloak/colour-basis-adjoint", test_colour_basis_adjoint);
  g_test_add_func ("/faces/cloak/region-colour", test_cloak_region_colour);
  g_test_add_func ("/faces/cloak/grey-stays-grey", test_cloak_grey_stays_grey);
  g_test_add_func ("/faces/cloak/preview", test_cloak_preview);
  return g_test_run ();
}
