/* veil-cloak.c: the cloak optimisation, the check, and the file pipeline.
 *
 * Per face: align with the five landmarks, then run signed-gradient descent
 * on a perturbation that lives on a grid at about the model's resolution
 * (so the change is smooth in the photo, not pixel noise), warped into the
 * aligned crop through the same bilinear sampling the alignment uses. The
 * loss is the cosine similarity between the embedding of the changed face
 * and of the clean face. Every step draws a random mild transformation
 * (mirror, shift, scale, rotation, blur and noise standing in for JPEG and
 * downscaling), so the change survives what photo sites do to uploads. The
 * budget is an L∞ bound and a cap on the face's DSSIM, enforced by scaling
 * the perturbation back, and steps are weighted towards textured areas
 * where a change is least visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-clean.h"
#include "veil-cloak.h"
#include "veil-error.h"

/* Landmarks are re-detected on the cloaked face this often, so the
 * perturbation does not rely on the exact alignment of the clean face. */
#define REDETECT_EVERY 25
/* The DSSIM cap is enforced this often during the run, and exactly at the end. */
#define PROJECT_EVERY 5

void
veil_cloak_strength_params (VeilCloakStrength strength,
                            float            *dssim_cap,
                            float            *linf,
                            guint            *steps)
{
  switch (strength)
    {
    case VEIL_CLOAK_LOW:
      *dssim_cap = 0.005f;
      *linf = 6.0f;
      *steps = 80;
      break;
    case VEIL_CLOAK_HIGH:
      *dssim_cap = 0.03f;
      *linf = 16.0f;
      *steps = 120;
      break;
    case VEIL_CLOAK_DEFAULT:
    default:
      *dssim_cap = 0.01f;
      *linf = 10.0f;
      *steps = 100;
      break;
    }
}

gboolean
veil_cloak_strength_from_string (const char        *text,
                                 VeilCloakStrength *strength)
{
  if (g_strcmp0 (text, "low") == 0)
    *strength = VEIL_CLOAK_LOW;
  else if (g_strcmp0 (text, "default") == 0 || text == NULL)
    *strength = VEIL_CLOAK_DEFAULT;
  else if (g_strcmp0 (text, "high") == 0)
    *strength = VEIL_CLOAK_HIGH;
  else
    return FALSE;
  return TRUE;
}

/* ---- SSIM, matching the evaluation harness ---------------------------- */

static void
gauss_blur_reflect (const double *src, double *dst, double *tmp, int w, int h)
{
  static double k[11];
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      double s = 0;
      for (int i = 0; i < 11; i++)
        s += k[i] = exp (-((i - 5) * (i - 5)) / (2 * 1.5 * 1.5));
      for (int i = 0; i < 11; i++)
        k[i] /= s;
      g_once_init_leave (&init, 1);
    }
  /* BORDER_REFLECT_101, as cv2.GaussianBlur */
#define REFLECT(i, n) ((n) == 1 ? 0 : (i) < 0 ? -(i) % (2 * (n) - 2) : (i) >= (n) ? 2 * (n) - 2 - (i) : (i))
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double s = 0;
        for (int i = -5; i <= 5; i++)
          {
            int xx = REFLECT (x + i, w);
            xx = CLAMP (xx, 0, w - 1);
            s += k[i + 5] * src[y * w + xx];
          }
        tmp[y * w + x] = s;
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double s = 0;
        for (int i = -5; i <= 5; i++)
          {
            int yy = REFLECT (y + i, h);
            yy = CLAMP (yy, 0, h - 1);
            s += k[i + 5] * tmp[yy * w + x];
          }
        dst[y * w + x] = s;
      }
#undef REFLECT
}

double
veil_image_dssim (const VeilImage *a,
                  const VeilImage *b,
                  int              x0,
                  int              y0,
                  int              w,
                  int              h)
{
  const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
  gsize n;
  g_autofree double *buf = NULL;
  double *pa, *pb, *ma, *mb, *saa, *sbb, *sab, *tmp, *prod;
  double total = 0;

  x0 = CLAMP (x0, 0, a->width - 1);
  y0 = CLAMP (y0, 0, a->height - 1);
  w = MIN (w, a->width - x0);
  h = MIN (h, a->height - y0);
  if (w < 1 || h < 1)
    return 0;
  n = (gsize) w * h;
  buf = g_new (double, n * 9);
  pa = buf;
  pb = pa + n;
  ma = pb + n;
  mb = ma + n;
  saa = mb + n;
  sbb = saa + n;
  sab = sbb + n;
  tmp = sab + n;
  prod = tmp + n;
  for (int c = 0; c < 3; c++)
    {
      double sum = 0;

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            pa[y * w + x] = a->data[(gsize) (y0 + y) * a->stride + 3 * (x0 + x) + c];
            pb[y * w + x] = b->data[(gsize) (y0 + y) * b->stride + 3 * (x0 + x) + c];
          }
      gauss_blur_reflect (pa, ma, tmp, w, h);
      gauss_blur_reflect (pb, mb, tmp, w, h);
      for (gsize i = 0; i < n; i++)
        prod[i] = pa[i] * pa[i];
      gauss_blur_reflect (prod, saa, tmp, w, h);
      for (gsize i = 0; i < n; i++)
        prod[i] = pb[i] * pb[i];
      gauss_blur_reflect (prod, sbb, tmp, w, h);
      for (gsize i = 0; i < n; i++)
        prod[i] = pa[i] * pb[i];
      gauss_blur_reflect (prod, sab, tmp, w, h);
      for (gsize i = 0; i < n; i++)
        {
          double va = saa[i] - ma[i] * ma[i], vb = sbb[i] - mb[i] * mb[i];
          double cov = sab[i] - ma[i] * mb[i];
          sum += ((2 * ma[i] * mb[i] + c1) * (2 * cov + c2)) /
                 ((ma[i] * ma[i] + mb[i] * mb[i] + c1) * (va + vb + c2));
        }
      total += sum / n;
    }
  return (1.0 - total / 3.0) / 2.0;
}

/* ---- one face ---------------------------------------------------------- */

typedef struct {
  /* the region of the photo the face reads from */
  int           rect[4];
  float        *clean;      /* rect w × h × 3, 0..255 */
  /* the perturbation grid: f photo pixels per grid pixel */
  double        f;
  int           pw, ph;
  float        *delta;      /* pw × ph × 3 */
  float        *weight;     /* pw × ph: where changes hide best */
  float        *grad;       /* pw × ph × 3 */
  /* face box for the DSSIM cap, in photo coordinates */
  int           box[4];
} Cloak;

static void
cloak_clear (Cloak *c)
{
  g_free (c->clean);
  g_free (c->delta);
  g_free (c->weight);
  g_free (c->grad);
}

/* The perturbation at photo resolution: bilinear upsampling of the grid. */
static void
upsample_delta (const Cloak *c, float *full)
{
  int rw = c->rect[2], rh = c->rect[3];

  for (int y = 0; y < rh; y++)
    {
      double sy = CLAMP ((y + 0.5) / c->f - 0.5, 0, c->ph - 1);
      int y0 = (int) sy, y1 = MIN (y0 + 1, c->ph - 1);
      float ay = (float) (sy - y0);

      for (int x = 0; x < rw; x++)
        {
          double sx = CLAMP ((x + 0.5) / c->f - 0.5, 0, c->pw - 1);
          int x0 = (int) sx, x1 = MIN (x0 + 1, c->pw - 1);
          float ax = (float) (sx - x0);

          for (int ch = 0; ch < 3; ch++)
            {
              float v00 = c->delta[((gsize) y0 * c->pw + x0) * 3 + ch];
              float v01 = c->delta[((gsize) y0 * c->pw + x1) * 3 + ch];
              float v10 = c->delta[((gsize) y1 * c->pw + x0) * 3 + ch];
              float v11 = c->delta[((gsize) y1 * c->pw + x1) * 3 + ch];
              full[((gsize) y * rw + x) * 3 + ch] =
                (1 - ay) * ((1 - ax) * v00 + ax * v01) + ay * ((1 - ax) * v10 + ax * v11);
            }
        }
    }
}

/* Writes clean + perturbation into `image` (rounded, clipped). */
static void
apply_delta (const Cloak *c, VeilImage *image, float *full_scratch)
{
  int rw = c->rect[2], rh = c->rect[3];

  upsample_delta (c, full_scratch);
  for (int y = 0; y < rh; y++)
    {
      guint8 *row = image->data + (gsize) (c->rect[1] + y) * image->stride + 3 * c->rect[0];
      for (int x = 0; x < 3 * rw; x++)
        {
          float v = c->clean[(gsize) y * rw * 3 + x] + full_scratch[(gsize) y * rw * 3 + x];
          row[x] = (guint8) CLAMP (lrintf (v), 0, 255);
        }
    }
}

/* Texture weight on the grid: local standard deviation of the clean face,
 * so flat skin gets smaller changes (SSIM punishes those most). */
static void
compute_weight (Cloak *c)
{
  int rw = c->rect[2];

  for (int py = 0; py < c->ph; py++)
    for (int px = 0; px < c->pw; px++)
      {
        double s = 0, ss = 0;
        int n = 0;
        int cx = (int) ((px + 0.5) * c->f), cy = (int) ((py + 0.5) * c->f);
        int r = MAX (2, (int) (1.5 * c->f));

        for (int y = MAX (0, cy - r); y < MIN (c->rect[3], cy + r + 1); y++)
          for (int x = MAX (0, cx - r); x < MIN (rw, cx + r + 1); x++)
            {
              const float *p = c->clean + ((gsize) y * rw + x) * 3;
              double g = 0.114 * p[0] + 0.587 * p[1] + 0.299 * p[2];
              s += g;
              ss += g * g;
              n++;
            }
        if (n > 0)
          {
            double sd = sqrt (MAX (0, ss / n - (s / n) * (s / n)));
            c->weight[py * c->pw + px] = (float) (0.25 + 0.75 * sd / (sd + 6.0));
          }
        else
          c->weight[py * c->pw + px] = 0.25f;
      }
}

/* 3×3 binomial smoothing of the gradient on the grid: steps stay smooth. */
static void
smooth_grad (Cloak *c, float *tmp)
{
  static const float k[3] = { 0.25f, 0.5f, 0.25f };
  int w = c->pw, h = c->ph;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int ch = 0; ch < 3; ch++)
        {
          float s = 0;
          for (int i = -1; i <= 1; i++)
            s += k[i + 1] * c->grad[((gsize) y * w + CLAMP (x + i, 0, w - 1)) * 3 + ch];
          tmp[((gsize) y * w + x) * 3 + ch] = s;
        }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int ch = 0; ch < 3; ch++)
        {
          float s = 0;
          for (int i = -1; i <= 1; i++)
            s += k[i + 1] * tmp[((gsize) CLAMP (y + i, 0, h - 1) * w + x) * 3 + ch];
          c->grad[((gsize) y * w + x) * 3 + ch] = s;
        }
}

/* The alignment after a random mild change of view: rotation, scale and
 * shift about the template centre. */
static void
jitter (const double m[6], GRand *rand, gboolean enable, double out[6])
{
  double ang = enable ? g_rand_double_range (rand, -0.05, 0.05) : 0;
  double sc = enable ? g_rand_double_range (rand, 0.95, 1.05) : 1;
  double tx = enable ? g_rand_double_range (rand, -2.0, 2.0) : 0;
  double ty = enable ? g_rand_double_range (rand, -2.0, 2.0) : 0;
  double ca = sc * cos (ang), sa = sc * sin (ang), cx = VEIL_ALIGN_SIZE / 2.0;
  /* T(q) = R (q - c) + c + t, applied after m */
  double r[6] = { ca, -sa, cx - ca * cx + sa * cx + tx, sa, ca, cx - sa * cx - ca * cx + ty };

  out[0] = r[0] * m[0] + r[1] * m[3];
  out[1] = r[0] * m[1] + r[1] * m[4];
  out[2] = r[0] * m[2] + r[1] * m[5] + r[2];
  out[3] = r[3] * m[0] + r[4] * m[3];
  out[4] = r[3] * m[1] + r[4] * m[4];
  out[5] = r[3] * m[2] + r[4] * m[5] + r[5];
}

/* d cos(e, t) / d e for a raw (unnormalised) output e and a unit target t. */
static float
cosine_grad (const float *e, const float *t, guint n, float *g)
{
  double ee = 0, et = 0, norm;

  for (guint i = 0; i < n; i++)
    {
      ee += (double) e[i] * e[i];
      et += (double) e[i] * t[i];
    }
  norm = sqrt (ee) + 1e-12;
  for (guint i = 0; i < n; i++)
    g[i] = (float) (t[i] / norm - et * e[i] / (norm * norm * norm));
  return (float) (et / norm);
}

static double
face_dssim (const Cloak *c, const VeilImage *clean, VeilImage *work, float *full)
{
  apply_delta (c, work, full);
  return veil_image_dssim (clean, work, c->box[0], c->box[1], c->box[2], c->box[3]);
}

/* Scales the perturbation down until the face's DSSIM is within the cap. */
static double
project_dssim (Cloak *c, const VeilImage *clean, VeilImage *work, float *full, float cap, guint rounds)
{
  double d = face_dssim (c, clean, work, full);

  for (guint i = 0; i < rounds && d > cap; i++)
    {
      /* DSSIM grows about quadratically with the change's size. */
      float s = (float) MIN (0.97, 0.98 * sqrt (cap / d));
      gsize n = (gsize) c->pw * c->ph * 3;
      for (gsize k = 0; k < n; k++)
        c->delta[k] *= s;
      d = face_dssim (c, clean, work, full);
    }
  return d;
}

/* Finds the face again on the work picture (around the same place) and
 * returns its landmarks: the alignment follows what a scraper would see. */
static gboolean
redetect (VeilFaceDetector *detector, const VeilImage *work, const VeilFace *face, float landmarks[10])
{
  int cx = (int) (face->x + face->width / 2), cy = (int) (face->y + face->height / 2);
  int half = (int) (MAX (face->width, face->height) * 1.2f);
  int x0 = MAX (0, cx - half), y0 = MAX (0, cy - half);
  int x1 = MIN (work->width, cx + half), y1 = MIN (work->height, cy + half);
  VeilImage crop = { x1 - x0, y1 - y0, work->stride,
                     work->data + (gsize) y0 * work->stride + 3 * x0 };
  g_autoptr(GArray) found = NULL;
  double best = G_MAXDOUBLE;
  gboolean ok = FALSE;

  if (crop.width < 8 || crop.height < 8)
    return FALSE;
  found = veil_face_detector_detect (detector, &crop, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const VeilFace *f = &g_array_index (found, VeilFace, i);
      double dx = f->x + x0 + f->width / 2 - (face->x + face->width / 2);
      double dy = f->y + y0 + f->height / 2 - (face->y + face->height / 2);
      double d = dx * dx + dy * dy;

      if (d < best && sqrt (d) < 0.3 * face->width)
        {
          best = d;
          for (int k = 0; k < 10; k++)
            landmarks[k] = f->landmarks[k] + (k % 2 == 0 ? x0 : y0);
          ok = TRUE;
        }
    }
  return ok;
}

static gboolean
cloak_face (VeilEmbedder           *embedder,
            VeilFaceDetector       *detector,
            VeilImage              *image,
            const VeilImage        *clean_image,
            VeilFaceResult         *result,
            const VeilCloakOptions *options,
            guint                   face_index,
            guint                   n_chosen,
            GError                **error)
{
  Cloak c = { 0 };
  VeilNet *net = veil_embedder_net (embedder);
  const guint dim = veil_embedder_dim (embedder);
  const gsize in_n = veil_net_input_size (net);
  float cap, eps, landmarks[10];
  guint steps;
  double m[6], k_scale;
  g_autofree float *target = g_new (float, 2 * dim);
  g_autofree float *input = g_new (float, in_n);
  g_autofree float *ginput = g_new (float, in_n);
  g_autofree float *gout = g_new (float, dim);
  g_autofree float *full = NULL, *tmp = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed ? options->seed : 0x5eed);
  g_autoptr(VeilImage) work = veil_image_copy (image);
  gint64 t_start = g_get_monotonic_time (), t_fwd = 0, t_bwd = 0;
  const VeilFace *face = &result->face;
  gboolean ok = FALSE;

  veil_cloak_strength_params (options->strength, &cap, &eps, &steps);
  if (options->steps > 0)
    steps = options->steps;
  memcpy (landmarks, face->landmarks, sizeof landmarks);
  veil_align_estimate (landmarks, m);
  /* A generous region: later alignments (jitter, re-detection) must still
   * read real pixels, never the zero border. */
  if (!veil_align_region (m, VEIL_ALIGN_SIZE, image->width, image->height,
                          (int) (0.25 * face->width) + 4, c.rect))
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                   _("Face %u lies outside the picture"), result->number);
      return FALSE;
    }
  c.box[0] = (int) (face->x - 0.1 * face->width);
  c.box[1] = (int) (face->y - 0.1 * face->height);
  c.box[2] = (int) (1.2 * face->width);
  c.box[3] = (int) (1.2 * face->height);
  c.box[2] += MIN (0, c.box[0]);
  c.box[3] += MIN (0, c.box[1]);
  c.box[0] = MAX (0, c.box[0]);
  c.box[1] = MAX (0, c.box[1]);

  k_scale = 1.0 / sqrt (m[0] * m[0] + m[3] * m[3]);   /* photo px per aligned px */
  c.f = MAX (1.0, k_scale);
  c.pw = MAX (2, (int) ceil (c.rect[2] / c.f));
  c.ph = MAX (2, (int) ceil (c.rect[3] / c.f));
  c.clean = g_new (float, (gsize) c.rect[2] * c.rect[3] * 3);
  for (int y = 0; y < c.rect[3]; y++)
    {
      const guint8 *row = image->data + (gsize) (c.rect[1] + y) * image->stride + 3 * c.rect[0];
      for (int x = 0; x < 3 * c.rect[2]; x++)
        c.clean[(gsize) y * c.rect[2] * 3 + x] = row[x];
    }
  c.delta = g_new0 (float, (gsize) c.pw * c.ph * 3);
  c.grad = g_new0 (float, (gsize) c.pw * c.ph * 3);
  c.weight = g_new0 (float, (gsize) c.pw * c.ph);
  full = g_new0 (float, (gsize) c.rect[2] * c.rect[3] * 3);
  tmp = g_new0 (float, (gsize) c.pw * c.ph * 3);
  compute_weight (&c);

  /* The clean face's embedding, as seen straight and mirrored. */
  for (int flip = 0; flip < 2; flip++)
    {
      g_autoptr(VeilWarp) w = veil_warp_new (m, VEIL_ALIGN_SIZE, c.rect[0], c.rect[1], c.rect[2], c.rect[3]);
      veil_warp_forward (w, c.clean, flip, FALSE, input);
      veil_embedder_run (embedder, input, target + flip * dim);
    }

  for (guint step = 0; step < steps; step++)
    {
      double mj[6], mp[6];
      gboolean flip = g_rand_boolean (rand);
      float sigma = (float) g_rand_double_range (rand, 0.0, 1.1);
      float noise = (float) g_rand_double_range (rand, 0.0, 3.0) / 127.5f;
      float alpha = (float) MAX (0.35, eps / 6.0 * (1.0 - (double) step / steps));
      g_autoptr(VeilWarp) wc = NULL, wp = NULL;
      const float *out;
      gint64 t0, t1, t2;
      gsize n = (gsize) c.pw * c.ph;

      if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
        goto out;
      if (options->progress)
        options->progress (face_index, n_chosen, step, steps, options->progress_data);
      if (step > 0 && step % REDETECT_EVERY == 0 && detector != NULL)
        {
          apply_delta (&c, work, full);
          if (redetect (detector, work, face, landmarks))
            veil_align_estimate (landmarks, m);
        }

      jitter (m, rand, step % 4 != 0, mj);
      /* the grid → photo map folded into the alignment */
      mp[0] = mj[0] * c.f;
      mp[1] = mj[1] * c.f;
      mp[3] = mj[3] * c.f;
      mp[4] = mj[4] * c.f;
      mp[2] = mj[0] * c.rect[0] + mj[1] * c.rect[1] + mj[2];
      mp[5] = mj[3] * c.rect[0] + mj[4] * c.rect[1] + mj[5];
      /* grid pixel centres sit at (p + 0.5) f - 0.5 in the photo */
      mp[2] += (mj[0] + mj[1]) * (0.5 * c.f - 0.5);
      mp[5] += (mj[3] + mj[4]) * (0.5 * c.f - 0.5);
      wc = veil_warp_new (mj, VEIL_ALIGN_SIZE, c.rect[0], c.rect[1], c.rect[2], c.rect[3]);
      wp = veil_warp_new (mp, VEIL_ALIGN_SIZE, 0, 0, c.pw, c.ph);
      veil_warp_forward (wc, c.clean, flip, FALSE, input);
      veil_warp_forward (wp, c.delta, flip, TRUE, input);
      veil_blur_planar (input, VEIL_ALIGN_SIZE, sigma);
      for (gsize i = 0; i < in_n; i++)
        input[i] += noise * (float) g_rand_double_range (rand, -1.0, 1.0);

      t0 = g_get_monotonic_time ();
      out = veil_net_forward (net, input);
      t1 = g_get_monotonic_time ();
      cosine_grad (out, target + (flip ? dim : 0), dim, gout);
      veil_net_backward (net, gout, ginput);
      t2 = g_get_monotonic_time ();
      t_fwd += t1 - t0;
      t_bwd += t2 - t1;

      veil_blur_planar (ginput, VEIL_ALIGN_SIZE, sigma);
      memset (c.grad, 0, n * 3 * sizeof (float));
      veil_warp_adjoint (wp, ginput, flip, c.grad);
      smooth_grad (&c, tmp);
      /* Descend on the cosine, moving away from the clean embedding. The
       * step follows the gradient's shape (normalised by its RMS) rather than
       * its sign: the change then gathers where it matters most, which buys
       * far more effect per unit of DSSIM than an even sign step. */
      {
        double ss = 0;
        float scale;

        for (gsize i = 0; i < n * 3; i++)
          ss += (double) c.grad[i] * c.grad[i];
        scale = (float) (alpha / (sqrt (ss / (n * 3)) + 1e-20));
        for (gsize i = 0; i < n; i++)
          for (int ch = 0; ch < 3; ch++)
            {
              float step_v = CLAMP (scale * c.grad[i * 3 + ch], -2 * alpha, 2 * alpha);
              float d = c.delta[i * 3 + ch] - c.weight[i] * step_v;
              c.delta[i * 3 + ch] = CLAMP (d, -eps, eps);
            }
      }
      if ((step + 1) % PROJECT_EVERY == 0)
        project_dssim (&c, clean_image, work, full, cap, 2);
    }

  result->face_dssim = (float) project_dssim (&c, clean_image, work, full, cap, 12);
  apply_delta (&c, image, full);
  result->face_linf = 0;
  for (int y = 0; y < c.rect[3]; y++)
    for (int x = 0; x < 3 * c.rect[2]; x++)
      {
        float d = fabsf (image->data[(gsize) (c.rect[1] + y) * image->stride + 3 * c.rect[0] + x] -
                         c.clean[(gsize) y * c.rect[2] * 3 + x]);
        result->face_linf = MAX (result->face_linf, d);
      }
  result->processed = TRUE;
  result->steps = steps;
  result->forward_ms = steps ? t_fwd / 1000.0 / steps : 0;
  result->backward_ms = steps ? t_bwd / 1000.0 / steps : 0;
  result->seconds = (g_get_monotonic_time () - t_start) / 1e6;
  ok = TRUE;

out:
  cloak_clear (&c);
  return ok;
}

static gboolean
face_chosen (const VeilCloakOptions *options, guint number)
{
  if (options->faces == NULL)
    return TRUE;
  for (guint i = 0; i < options->n_faces; i++)
    if (options->faces[i] == number)
      return TRUE;
  return FALSE;
}

gboolean
veil_cloak_image (VeilEmbedder           *embedder,
                  VeilFaceDetector       *detector,
                  VeilImage              *image,
                  GArray                 *faces,
                  const VeilCloakOptions *options,
                  GArray                 *results,
                  GError                **error)
{
  g_autoptr(VeilImage) clean = veil_image_copy (image);
  guint n_chosen = 0, done = 0;

  for (guint i = 0; i < faces->len; i++)
    n_chosen += face_chosen (options, i + 1);
  for (guint i = 0; i < faces->len; i++)
    {
      VeilFaceResult r = { 0 };

      r.face = g_array_index (faces, VeilFace, i);
      r.number = i + 1;
      if (face_chosen (options, r.number))
        {
          if (options->action == VEIL_FACE_CLOAK)
            {
              if (!cloak_face (embedder, detector, image, clean, &r, options, done, n_chosen, error))
                return FALSE;
            }
          else
            {
              /* The whole head, not just the inner face box. */
              float mx = 0.15f * r.face.width, my = 0.2f * r.face.height;
              if (!veil_cv_obscure_region (image, (int) (r.face.x - mx), (int) (r.face.y - my),
                                           (int) (r.face.width + 2 * mx), (int) (r.face.height + 2 * my),
                                           options->action == VEIL_FACE_PIXELATE, error))
                return FALSE;
              r.processed = TRUE;
              r.face_dssim = (float) veil_image_dssim (clean, image, (int) r.face.x, (int) r.face.y,
                                                        (int) r.face.width, (int) r.face.height);
            }
          done++;
        }
      g_array_append_val (results, r);
    }
  return TRUE;
}

static float
iou (const VeilFace *a, const VeilFace *b)
{
  float x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  float x1 = MIN (a->x + a->width, b->x + b->width), y1 = MIN (a->y + a->height, b->y + b->height);
  float inter = MAX (0, x1 - x0) * MAX (0, y1 - y0);
  float uni = a->width * a->height + b->width * b->height - inter;

  return uni > 0 ? inter / uni : 0;
}

static gboolean
check_one (VeilEmbedder *embedder, VeilFaceDetector *detector, const VeilImage *original,
           const VeilImage *output, GArray *results, gboolean jpeg, GError **error)
{
  guint dim = veil_embedder_dim (embedder);
  g_autofree float *e0 = g_new (float, dim);
  g_autofree float *e1 = g_new (float, dim);
  g_autoptr(GArray) found = veil_face_detector_detect (detector, output, error);

  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      VeilFaceResult *r = &g_array_index (results, VeilFaceResult, i);
      const VeilFace *best = NULL;
      float best_iou = 0.3f, sim = 0;

      for (guint k = 0; k < found->len; k++)
        {
          const VeilFace *f = &g_array_index (found, VeilFace, k);
          float v = iou (f, &r->face);
          if (v > best_iou)
            {
              best_iou = v;
              best = f;
            }
        }
      if (best != NULL)
        {
          if (!veil_embedder_embed (embedder, original, r->face.landmarks, e0, error) ||
              !veil_embedder_embed (embedder, output, best->landmarks, e1, error))
            return FALSE;
          sim = veil_cosine (e0, e1, dim);
        }
      r->checked = TRUE;
      if (jpeg)
        {
          r->found_jpeg = best != NULL;
          r->similarity_jpeg = sim;
          r->would_match_jpeg = best != NULL && sim >= VEIL_MATCH_THRESHOLD;
        }
      else
        {
          r->found = best != NULL;
          r->similarity = sim;
          r->would_match = best != NULL && sim >= VEIL_MATCH_THRESHOLD;
        }
    }
  return TRUE;
}

gboolean
veil_cloak_check (VeilEmbedder     *embedder,
                  VeilFaceDetector *detector,
                  const VeilImage  *original,
                  const VeilImage  *output,
                  GArray           *results,
                  GError          **error)
{
  g_autoptr(VeilImage) resaved = NULL;

  if (!check_one (embedder, detector, original, output, results, FALSE, error))
    return FALSE;
  resaved = veil_cv_jpeg_roundtrip (output, 80, error);
  if (resaved == NULL)
    return FALSE;
  return check_one (embedder, detector, original, resaved, results, TRUE, error);
}

/* Writes the picture beside its destination, strips whatever the encoder
 * put in with the metadata cleaner, and renames it into place. */
static gboolean
write_output (const VeilImage *image, const char *dest_path, int quality, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *lower = g_ascii_strdown (dest_path, -1);
  const char *ext = g_str_has_suffix (lower, ".png") ? ".png" : ".jpg";
  g_autofree char *tmpl = g_strdup_printf (".veil-cloak-XXXXXX%s", ext);
  g_autofree char *tmp_path = g_build_filename (dir, tmpl, NULL);
  g_autoptr(GError) clean_error = NULL;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("%s: cannot write in this folder: %s"), dest_path, g_strerror (err));
      return FALSE;
    }
  close (fd);
  if (!veil_cv_image_save (image, tmp_path, quality, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  if (veil_clean_file (tmp_path, dest_path, FALSE, NULL, &clean_error))
    {
      g_unlink (tmp_path);
      return TRUE;
    }
  if (!g_error_matches (clean_error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED))
    {
      g_unlink (tmp_path);
      g_propagate_error (error, g_steal_pointer (&clean_error));
      return FALSE;
    }
  /* A format the cleaner does not handle yet: the encoder wrote pixels only,
   * so flush and rename it into place. */
  fd = g_open (tmp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  if (g_rename (tmp_path, dest_path) != 0)
    {
      int err = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("%s: cannot write: %s"), dest_path, g_strerror (err));
      return FALSE;
    }
  g_chmod (dest_path, 0644);
  return TRUE;
}

GArray *
veil_cloak_file (VeilEmbedder           *embedder,
                 VeilFaceDetector       *detector,
                 const char             *src_path,
                 const char             *dest_path,
                 const VeilCloakOptions *options,
                 GError                **error)
{
  g_autoptr(VeilImage) original = NULL, image = NULL, written = NULL;
  g_autoptr(GArray) faces = NULL;
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (VeilFaceResult));

  original = veil_cv_image_load (src_path, error);
  if (original == NULL)
    return NULL;
  faces = veil_face_detector_detect (detector, original, error);
  if (faces == NULL)
    return NULL;
  if (faces->len == 0)
    return g_steal_pointer (&results);
  for (guint i = 0; options->faces != NULL && i < options->n_faces; i++)
    if (options->faces[i] < 1 || options->faces[i] > faces->len)
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                     g_dngettext (GETTEXT_PACKAGE, "%s: there is no face %u (Veil found %u face)",
                                  "%s: there is no face %u (Veil found %u faces)", faces->len),
                     src_path, options->faces[i], faces->len);
        return NULL;
      }
  if (embedder == NULL && options->action == VEIL_FACE_CLOAK)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("Cloaking needs a face-recognition model"));
      return NULL;
    }
  image = veil_image_copy (original);
  if (!veil_cloak_image (embedder, detector, image, faces, options, results, error))
    return NULL;
  if (!write_output (image, dest_path, options->jpeg_quality ? options->jpeg_quality : 95, error))
    return NULL;
  if (embedder == NULL)
    return g_steal_pointer (&results);
  /* Check what was actually written (after encoding), as an uploader would. */
  written = veil_cv_image_load (dest_path, error);
  if (written == NULL || !veil_cloak_check (embedder, detector, original, written, results, error))
    return NULL;
  return g_steal_pointer (&results);
}

char *
veil_cloak_default_detector_path (void)
{
  const char *candidates[] = { VEIL_SOURCE_DATADIR, VEIL_DATADIR };
  const char *env = g_getenv ("VEIL_DETECTOR_MODEL");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      char *path = g_build_filename (candidates[i], "models", "face_detection_yunet_2022mar_compat.onnx", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}
