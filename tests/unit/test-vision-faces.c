/* test-vision-faces.c: alignment warp, the OpenCV shim, and the cloak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "vision/veil-align.h"
#include "vision/veil-cloak.h"
#include "vision/veil-cv.h"

static float
rnd (GRand *r)
{
  return (float) g_rand_double_range (r, -1, 1);
}

/* ⟨W x, y⟩ = ⟨x, Wᵀ y⟩: the adjoint the cloak backpropagates through is
 * exactly the transpose of the sampling. */
static void
test_warp_adjoint (void)
{
  const float lm[10] = { 60, 80, 110, 78, 86, 110, 66, 140, 108, 139 };
  double m[6];
  int rect[4];
  g_autoptr(GRand) r = g_rand_new_with_seed (7);
  g_autoptr(VeilWarp) w = NULL;
  g_autofree float *x = NULL, *y = NULL, *wx = NULL, *wty = NULL;
  gsize nx, ny = 3 * 112 * 112;
  double a = 0, b = 0;

  veil_align_estimate (lm, m);
  g_assert_true (veil_align_region (m, 112, 200, 220, 4, rect));
  nx = (gsize) rect[2] * rect[3] * 3;
  x = g_new (float, nx);
  wty = g_new0 (float, nx);
  y = g_new (float, ny);
  wx = g_new (float, ny);
  for (gsize i = 0; i < nx; i++)
    x[i] = rnd (r);
  for (gsize i = 0; i < ny; i++)
    y[i] = rnd (r);
  for (int flip = 0; flip < 2; flip++)
    {
      memset (wx, 0, ny * sizeof (float));
      memset (wty, 0, nx * sizeof (float));
      w = veil_warp_new (m, 112, rect[0], rect[1], rect[2], rect[3]);
      veil_warp_forward (w, x, flip, TRUE, wx);
      veil_warp_adjoint (w, y, flip, wty);
      a = b = 0;
      for (gsize i = 0; i < ny; i++)
        a += (double) wx[i] * y[i];
      for (gsize i = 0; i < nx; i++)
        b += (double) x[i] * wty[i];
      g_assert_cmpfloat (fabs (a - b), <, 1e-4 * (1 + fabs (a)));
      g_clear_pointer (&w, veil_warp_free);
    }
}

/* Landmarks already on the template align with the identity. */
static void
test_align_identity (void)
{
  const float tpl[10] = { 38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f,
                          41.5493f, 92.3655f, 70.7299f, 92.2041f };
  float scaled[10];
  double m[6];

  veil_align_estimate (tpl, m);
  g_assert_cmpfloat (fabs (m[0] - 1), <, 1e-6);
  g_assert_cmpfloat (fabs (m[1]), <, 1e-6);
  g_assert_cmpfloat (fabs (m[2]), <, 1e-4);
  for (int i = 0; i < 10; i++)
    scaled[i] = 2 * tpl[i] + (i % 2 ? 30 : 10);
  veil_align_estimate (scaled, m);
  g_assert_cmpfloat (fabs (m[0] - 0.5), <, 1e-6);
  g_assert_cmpfloat (fabs (m[2] + 5), <, 1e-4);
  g_assert_cmpfloat (fabs (m[5] + 15), <, 1e-4);
}

static void
test_blur_self_adjoint (void)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (3);
  gsize n = 3 * 16 * 16;
  g_autofree float *x = g_new (float, n), *y = g_new (float, n);
  g_autofree float *bx = NULL, *by = NULL;
  double a = 0, b = 0;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = rnd (r);
      y[i] = rnd (r);
    }
  bx = g_memdup2 (x, n * sizeof (float));
  by = g_memdup2 (y, n * sizeof (float));
  veil_blur_planar (bx, 16, 1.2f);
  veil_blur_planar (by, 16, 1.2f);
  for (gsize i = 0; i < n; i++)
    {
      a += (double) bx[i] * y[i];
      b += (double) x[i] * by[i];
    }
  g_assert_cmpfloat (fabs (a - b), <, 1e-4);
}

static void
test_cv_exception (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (veil_cv_selftest_throw (&error));
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED);
}

static void
test_cv_bad_inputs (void)
{
  g_autofree char *bad = veil_test_data_path ("vision/truncated.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilImage) img = veil_cv_image_load (bad, &error);

  g_assert_null (img);
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (veil_cv_image_load ("/nonexistent/x.png", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_null (veil_face_detector_new ("/nonexistent/yunet.onnx", 0.7f, &error));
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL);
  g_clear_error (&error);
  /* not a detector model: OpenCV throws, the shim reports */
  g_assert_null (veil_face_detector_new (bad, 0.7f, &error));
  g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED);
}

/* PNG save/load is lossless; detection on a picture without faces finds none. */
static void
test_png_roundtrip_and_no_face (void)
{
  g_autofree char *src = veil_test_data_path ("vision/shapes.png");
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *out = g_build_filename (dir, "copy.png", NULL);
  g_autofree char *det_path = veil_cloak_default_detector_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilImage) a = veil_cv_image_load (src, &error);
  g_autoptr(VeilImage) b = NULL;
  g_autoptr(VeilFaceDetector) det = NULL;
  g_autoptr(GArray) faces = NULL;

  g_assert_no_error (error);
  g_assert_true (veil_cv_image_save (a, out, 95, &error));
  g_assert_no_error (error);
  b = veil_cv_image_load (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (a->width, ==, b->width);
  for (int y = 0; y < a->height; y++)
    g_assert_cmpmem (a->data + y * a->stride, 3 * a->width, b->data + y * b->stride, 3 * b->width);
  g_assert_cmpfloat (veil_image_dssim (a, b, 0, 0, a->width, a->height), <, 1e-9);

  g_assert_nonnull (det_path);
  det = veil_face_detector_new (det_path, 0.7f, &error);
  g_assert_no_error (error);
  faces = veil_face_detector_detect (det, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, ==, 0);
  veil_test_rmdir (dir);
}

/* End to end on a real face (../shared, research use only, never copied):
 * the cloak moves the embedding away within its DSSIM cap, the written file
 * re-detects, and blur is reported as such. */
static void
test_cloak_real_face (void)
{
  g_autofree char *face = veil_test_shared_path ("faces/penny_1.png");
  g_autofree char *model = veil_test_shared_path ("models/mobilefacenet_relu6.onnx");
  g_autofree char *det_path = veil_cloak_default_detector_path ();
  g_autofree char *dir = NULL, *out = NULL, *out_blur = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFaceDetector) det = NULL;
  g_autoptr(VeilEmbedder) emb = NULL;
  g_autoptr(GArray) res = NULL, res_blur = NULL;
  VeilCloakOptions options = { 0 };
  const VeilFaceResult *r;
  float cap, linf;
  guint steps;

  if (face == NULL || model == NULL)
    return;
  dir = veil_test_mkdtemp ();
  out = g_build_filename (dir, "penny_1.png", NULL);
  out_blur = g_build_filename (dir, "penny_1-blur.jpg", NULL);
  det = veil_face_detector_new (det_path, 0.7f, &error);
  g_assert_no_error (error);
  emb = veil_embedder_new (model, &error);
  g_assert_no_error (error);

  options.strength = VEIL_CLOAK_HIGH;
  options.steps = 20;   /* short: a test, not a benchmark */
  res = veil_cloak_file (emb, det, face, out, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->len, ==, 1);
  r = &g_array_index (res, VeilFaceResult, 0);
  veil_cloak_strength_params (VEIL_CLOAK_HIGH, &cap, &linf, &steps);
  g_assert_true (r->processed);
  g_assert_cmpfloat (r->face_dssim, <=, cap + 1e-4);
  g_assert_cmpfloat (r->face_linf, <=, linf + 1);
  g_assert_true (r->found);
  g_test_message ("similarity after cloak %.3f, after JPEG q80 %.3f, DSSIM %.4f",
                  r->similarity, r->similarity_jpeg, r->face_dssim);
  g_assert_cmpfloat (r->similarity, <, 0.5f);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  options.action = VEIL_FACE_BLUR;
  res_blur = veil_cloak_file (emb, det, face, out_blur, &options, &error);
  g_assert_no_error (error);
  g_assert_true (g_array_index (res_blur, VeilFaceResult, 0).processed);
  g_assert_cmpfloat (g_array_index (res_blur, VeilFaceResult, 0).face_dssim, >, 0.05);
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  veil_cv_init (1);
  g_test_add_func ("/vision/warp-adjoint", test_warp_adjoint);
  g_test_add_func ("/vision/align-identity", test_align_identity);
  g_test_add_func ("/vision/blur-self-adjoint", test_blur_self_adjoint);
  g_test_add_func ("/core/cv/exception-to-gerror", test_cv_exception);
  g_test_add_func ("/vision/cv-bad-inputs", test_cv_bad_inputs);
  g_test_add_func ("/vision/png-roundtrip-no-face", test_png_roundtrip_and_no_face);
  g_test_add_func ("/vision/cloak-real-face", test_cloak_real_face);
  return g_test_run ();
}
