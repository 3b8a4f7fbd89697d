/* test-faces-detect.c: alignment warp, the OpenCV shim, and the cloak.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "veil-align.h"
#include "veil-cloak.h"
#include "veil-cloak-private.h"
#include "veil-cv.h"
#include "veil-ssim.h"

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
  g_autoptr(GBytes) png = NULL;
  g_autoptr(VeilFaceDetector) det = NULL;
  g_autoptr(GArray) faces = NULL;

  g_assert_no_error (error);
  png = veil_cv_image_encode (a, out, 95, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (out, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png), &error));
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

/* A cloaked or blurred picture is written as a cleaned photo is: complete
 * under its name or not at all, with nothing the encoder adds that gives
 * anything away, and no temporary file left beside it. */
static void
test_cloak_output_written_whole (void)
{
  g_autofree char *src = veil_test_data_path ("vision/shapes.png");
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "x.png", NULL);
  const char *names[] = { "out.png", "out.jpg" };
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilImage) image = veil_cv_image_load (src, &error);
  g_auto(GStrv) listing = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = g_build_filename (dir, names[i], NULL);
      g_autoptr(VeilReport) report = NULL;
      g_autoptr(VeilImage) back = NULL;

      g_assert_true (_veil_cloak_write_output (image, out, 90, &error));
      g_assert_no_error (error);
      report = veil_inspect_file (out, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
      back = veil_cv_image_load (out, &error);
      g_assert_no_error (error);
      g_assert_cmpint (back->width, ==, image->width);
    }
  g_assert_false (_veil_cloak_write_output (image, missing, 90, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  listing = veil_test_list_dir (dir);
  g_assert_cmpstrv (listing, ((const char *[]) { "out.jpg", "out.png", NULL }));
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
  VeilCloakBudget budget;

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
  veil_cloak_strength_budget (VEIL_CLOAK_HIGH, &budget);
  cap = budget.dssim;
  linf = budget.luma + 1.772f * budget.chroma;
  g_assert_true (r->processed);
  g_assert_cmpfloat (r->mean_de, <=, budget.mean_de + 1e-3);
  g_assert_cmpfloat (r->p95_de, <=, budget.p95_de + 0.03);
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

/* A plain double-precision SSIM, written from the definition (and the
 * harness's cv2.GaussianBlur reflect-101 border), to hold veil-ssim to. */
static int
ref_reflect (int i, int n)
{
  if (n == 1)
    return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i : 2 * n - 2 - i;
  return i;
}

static double
ref_dssim (const float *a, const float *b, int w, int h)
{
  const double c1 = 6.5025, c2 = 58.5225;
  double k[11], ks = 0, total = 0;

  for (int i = 0; i < 11; i++)
    ks += k[i] = exp (-((i - 5) * (i - 5)) / 4.5);
  for (int c = 0; c < 3; c++)
    {
      double sum = 0;
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            double ma = 0, mb = 0, aa = 0, bb = 0, ab = 0;
            for (int dy = -5; dy <= 5; dy++)
              for (int dx = -5; dx <= 5; dx++)
                {
                  int yy = ref_reflect (y + dy, h), xx = ref_reflect (x + dx, w);
                  double wt = k[dy + 5] * k[dx + 5] / (ks * ks);
                  double va = a[(yy * w + xx) * 3 + c], vb = b[(yy * w + xx) * 3 + c];
                  ma += wt * va;
                  mb += wt * vb;
                  aa += wt * va * va;
                  bb += wt * vb * vb;
                  ab += wt * va * vb;
                }
            sum += ((2 * ma * mb + c1) * (2 * (ab - ma * mb) + c2)) /
                   ((ma * ma + mb * mb + c1) * (aa - ma * ma + bb - mb * mb + c2));
          }
      total += sum / (w * h);
    }
  return (1 - total / 3) / 2;
}

/* veil-ssim matches the definition, and its gradient matches finite
 * differences (the cloak steers by it). */
static void
test_ssim_value_and_gradient (void)
{
  const int w = 23, h = 17;
  const gsize n = (gsize) w * h * 3;
  g_autoptr(GRand) r = g_rand_new_with_seed (11);
  g_autofree float *a = g_new (float, n), *b = g_new (float, n), *g = g_new (float, n);
  g_autoptr(VeilSsim) s = veil_ssim_new (w, h);
  double d, want;
  const int probes[][3] = { { 11, 8, 0 }, { 3, 2, 1 }, { 20, 14, 2 }, { 7, 12, 0 } };

  for (gsize i = 0; i < n; i++)
    {
      a[i] = (float) (128 + 60 * sin (i * 0.37) + 20 * rnd (r));
      b[i] = a[i] + 6 * rnd (r);
    }
  d = veil_ssim_dssim_float (s, a, (gsize) w * 3, b, (gsize) w * 3, g, (gsize) w * 3);
  want = ref_dssim (a, b, w, h);
  g_assert_cmpfloat (fabs (d - want), <, 1e-5 + 1e-4 * want);
  g_assert_cmpfloat (d, >, 0.001);
  /* interior probes: the reflect border makes the gradient approximate
   * within five pixels of the edge */
  for (guint k = 0; k < G_N_ELEMENTS (probes); k++)
    {
      gsize i = ((gsize) probes[k][1] * w + probes[k][0]) * 3 + probes[k][2];
      float keep = b[i];
      double up, down, fd;
      gboolean interior = probes[k][0] >= 5 && probes[k][0] < w - 5 &&
                          probes[k][1] >= 5 && probes[k][1] < h - 5;

      b[i] = keep + 0.5f;
      up = ref_dssim (a, b, w, h);
      b[i] = keep - 0.5f;
      down = ref_dssim (a, b, w, h);
      b[i] = keep;
      fd = up - down;
      if (interior)
        g_assert_cmpfloat (fabs (fd - g[i]), <, 0.02 * fabs (fd) + 1e-8);
      else
        g_assert_cmpfloat (fd * g[i], >, 0);   /* at least the right direction */
    }
}

/* The cloak's promise, checked from the files alone: on a real face at the
 * default strength, no pixel moves by more than the luminance and chroma
 * bounds allow, the face stays within its ΔE budget and the face box (as
 * the harness takes it) within the DSSIM cap. */
static void
test_cloak_budget (void)
{
  g_autofree char *face = veil_test_shared_path ("faces/howard_2.png");
  g_autofree char *model = veil_test_shared_path ("models/mobilefacenet_relu6.onnx");
  g_autofree char *det_path = veil_cloak_default_detector_path ();
  g_autofree char *dir = NULL, *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFaceDetector) det = NULL;
  g_autoptr(VeilEmbedder) emb = NULL;
  g_autoptr(GArray) res = NULL, faces = NULL;
  g_autoptr(VeilImage) before = NULL, after = NULL;
  g_autofree float *fa = NULL, *fb = NULL;
  VeilCloakOptions options = { 0 };
  const VeilFace *f;
  float cap, linf;
  VeilCloakBudget budget;
  int x0, y0, x1, y1, maxdiff = 0;
  double d;

  if (face == NULL || model == NULL)
    {
      g_test_skip ("needs ../shared (face crops and the embedding model)");
      return;
    }
  dir = veil_test_mkdtemp ();
  out = g_build_filename (dir, "howard_2.png", NULL);
  det = veil_face_detector_new (det_path, 0.7f, &error);
  g_assert_no_error (error);
  emb = veil_embedder_new (model, &error);
  g_assert_no_error (error);
  options.strength = VEIL_CLOAK_DEFAULT;
  options.steps = 15;
  res = veil_cloak_file (emb, det, face, out, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (res->len, ==, 1);
  veil_cloak_strength_budget (VEIL_CLOAK_DEFAULT, &budget);
  cap = budget.dssim;
  linf = budget.luma + 1.772f * budget.chroma;
  g_test_message ("mean ΔE %.2f (budget %.2f), p95 %.2f, chroma %.2f", g_array_index (res, VeilFaceResult, 0).mean_de,
                  budget.mean_de, g_array_index (res, VeilFaceResult, 0).p95_de, g_array_index (res, VeilFaceResult, 0).chroma_de);
  g_assert_cmpfloat (g_array_index (res, VeilFaceResult, 0).mean_de, <=, budget.mean_de + 1e-3);
  g_assert_cmpfloat (g_array_index (res, VeilFaceResult, 0).mean_de, >, 0.2 * budget.mean_de);   /* it did use the budget */

  before = veil_cv_image_load (face, &error);
  g_assert_no_error (error);
  after = veil_cv_image_load (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->width, ==, after->width);
  g_assert_cmpint (before->height, ==, after->height);
  for (int y = 0; y < before->height; y++)
    for (int x = 0; x < 3 * before->width; x++)
      maxdiff = MAX (maxdiff, abs (before->data[(gsize) y * before->stride + x] -
                                   after->data[(gsize) y * after->stride + x]));
  g_assert_cmpint (maxdiff, <=, (int) linf);
  g_assert_cmpint (maxdiff, >, 0);

  faces = veil_face_detector_detect (det, before, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (faces->len, >=, 1);
  f = &g_array_index (faces, VeilFace, 0);
  x0 = MAX (0, (int) (f->x - 0.1 * f->width));
  y0 = MAX (0, (int) (f->y - 0.1 * f->height));
  x1 = MIN (before->width, (int) (f->x + 1.1 * f->width));
  y1 = MIN (before->height, (int) (f->y + 1.1 * f->height));
  fa = g_new (float, (gsize) (x1 - x0) * (y1 - y0) * 3);
  fb = g_new (float, (gsize) (x1 - x0) * (y1 - y0) * 3);
  for (int y = y0; y < y1; y++)
    for (int x = 3 * x0; x < 3 * x1; x++)
      {
        fa[(gsize) (y - y0) * (x1 - x0) * 3 + x - 3 * x0] = before->data[(gsize) y * before->stride + x];
        fb[(gsize) (y - y0) * (x1 - x0) * 3 + x - 3 * x0] = after->data[(gsize) y * after->stride + x];
      }
  d = ref_dssim (fa, fb, x1 - x0, y1 - y0);
  g_test_message ("face DSSIM %.5f (cap %.3f), largest change %d (bound %.0f)", d, cap, maxdiff, linf);
  g_assert_cmpfloat (d, <=, cap + 1e-4);
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
  g_test_add_func ("/vision/cloak-output-written-whole", test_cloak_output_written_whole);
  g_test_add_func ("/vision/cloak-real-face", test_cloak_real_face);
  g_test_add_func ("/vision/ssim-value-gradient", test_ssim_value_and_gradient);
  g_test_add_func ("/vision/cloak-budget", test_cloak_budget);
  return g_test_run ();
}
