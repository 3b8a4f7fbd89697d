/* veil-cloak.c: the cloak optimisation (the check is in veil-cloak-check.c,
 * the file handling in veil-cloak-file.c).
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

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-cloak.h"
#include "veil-error.h"
#include "veil-ssim.h"

/* Landmarks are re-detected on the cloaked face this often, so the
 * perturbation does not rely on the exact alignment of the clean face. */
#define REDETECT_EVERY 25
/* and on a copy at most this big */
#define REDETECT_SIDE 640

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
      *linf = 12.0f;
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

const char *
veil_cloak_strength_describe (VeilCloakStrength strength)
{
  /* Measured with bench/cloak-bench.sh: 40 face crops (8 people), each
   * re-saved as JPEG quality 80, checked against the person's other photos
   * with the model the cloak was made against (the most favourable case;
   * other models match more often). */
  switch (strength)
    {
    case VEIL_CLOAK_LOW:
      return _("Hardest to see: each colour value moves by at most 6 of 255 and the face's structure "
               "barely changes (DSSIM at most 0.005). Weak: in Veil’s test only 4 of 40 photos were "
               "no longer matched to the person after a JPEG re-save.");
    case VEIL_CLOAK_HIGH:
      return _("Visible when you look closely: grainy, blotchy skin, more so on large, sharp photos "
               "(at most 16 of 255, DSSIM at most 0.03). In Veil’s test all 40 photos were no "
               "longer matched after a JPEG re-save.");
    case VEIL_CLOAK_DEFAULT:
    default:
      return _("Usually invisible at normal size; faint texture can show on smooth skin when you "
               "zoom in (at most 12 of 255, DSSIM at most 0.01). In Veil’s test 38 of 40 photos "
               "were no longer matched to the person after a JPEG re-save.");
    }
}

/* ---- one face ---------------------------------------------------------- */

typedef struct {
  /* the region of the photo the face reads from (origin on the 8×8 JPEG
   * block grid, so a simulated re-save has the real blocks) */
  int           rect[4];
  float        *clean;      /* rect w × h × 3, 0..255 */
  float        *comp;       /* clean + upsampled perturbation, same layout */
  float        *resid;      /* JPEG(comp) - comp, or NULL when not simulated */
  /* the perturbation grid: f photo pixels per grid pixel */
  double        f;
  int           pw, ph;
  float        *delta;      /* pw × ph × 3 */
  float        *weight;     /* pw × ph: where changes hide best */
  float        *grad;       /* pw × ph × 3 */
  float        *adam_m, *adam_v;
  float        *gssim;      /* pw × ph × 3: d DSSIM / d delta */
  /* face box for the DSSIM cap, relative to rect */
  int           box[4];
  float        *gbox;       /* box w × h × 3: d DSSIM / d photo pixel */
  VeilSsim     *ssim;
  /* On large faces the steering SSIM runs on the box shrunk `ss` times
   * (area average), rescaled by `calib` = exact / shrunk measured now and
   * then; the exact full-size value still decides at the end. */
  int           ss, lw, lh;
  float        *lclean, *lcomp, *lgrad;
  VeilSsim     *lssim;
  double        calib;
} Cloak;

static void
cloak_clear (Cloak *c)
{
  g_free (c->clean);
  g_free (c->comp);
  g_free (c->resid);
  g_free (c->delta);
  g_free (c->weight);
  g_free (c->grad);
  g_free (c->adam_m);
  g_free (c->adam_v);
  g_free (c->gssim);
  g_free (c->gbox);
  g_free (c->lclean);
  g_free (c->lcomp);
  g_free (c->lgrad);
  veil_ssim_free (c->ssim);
  veil_ssim_free (c->lssim);
}

/* Bilinear sampling of the grid at photo pixel (x, y) of the rect. */
static inline void
grid_tap (const Cloak *c, int x, int y, int *i00, int *i01, int *i10, int *i11, float wts[4])
{
  double sy = CLAMP ((y + 0.5) / c->f - 0.5, 0, c->ph - 1);
  double sx = CLAMP ((x + 0.5) / c->f - 0.5, 0, c->pw - 1);
  int y0 = (int) sy, y1 = MIN (y0 + 1, c->ph - 1);
  int x0 = (int) sx, x1 = MIN (x0 + 1, c->pw - 1);
  float ay = (float) (sy - y0), ax = (float) (sx - x0);

  *i00 = (y0 * c->pw + x0) * 3;
  *i01 = (y0 * c->pw + x1) * 3;
  *i10 = (y1 * c->pw + x0) * 3;
  *i11 = (y1 * c->pw + x1) * 3;
  wts[0] = (1 - ay) * (1 - ax);
  wts[1] = (1 - ay) * ax;
  wts[2] = ay * (1 - ax);
  wts[3] = ay * ax;
}

/* comp = clean + the perturbation upsampled to photo resolution. */
static void
compose (Cloak *c)
{
  int rw = c->rect[2], rh = c->rect[3];

  for (int y = 0; y < rh; y++)
    for (int x = 0; x < rw; x++)
      {
        int i00, i01, i10, i11;
        float wt[4];
        gsize o = ((gsize) y * rw + x) * 3;

        grid_tap (c, x, y, &i00, &i01, &i10, &i11, wt);
        for (int ch = 0; ch < 3; ch++)
          c->comp[o + ch] = c->clean[o + ch] + wt[0] * c->delta[i00 + ch] + wt[1] * c->delta[i01 + ch] +
                            wt[2] * c->delta[i10 + ch] + wt[3] * c->delta[i11 + ch];
      }
}

/* grid += Uᵀ g for a box-sized photo gradient g (the adjoint of compose). */
static void
box_to_grid (const Cloak *c, const float *g, float *grid)
{
  for (int y = 0; y < c->box[3]; y++)
    for (int x = 0; x < c->box[2]; x++)
      {
        int i00, i01, i10, i11;
        float wt[4];
        const float *gp = g + ((gsize) y * c->box[2] + x) * 3;

        grid_tap (c, x + c->box[0], y + c->box[1], &i00, &i01, &i10, &i11, wt);
        for (int ch = 0; ch < 3; ch++)
          {
            grid[i00 + ch] += wt[0] * gp[ch];
            grid[i01 + ch] += wt[1] * gp[ch];
            grid[i10 + ch] += wt[2] * gp[ch];
            grid[i11 + ch] += wt[3] * gp[ch];
          }
      }
}

/* Area-average of the box of `src` (a rect-sized image) into dst. */
static void
shrink_box (const Cloak *c, const float *src, float *dst)
{
  gsize rs = (gsize) c->rect[2] * 3;
  float inv = 1.0f / (c->ss * c->ss);

  for (int y = 0; y < c->lh; y++)
    for (int x = 0; x < c->lw; x++)
      for (int ch = 0; ch < 3; ch++)
        {
          float sum = 0;
          for (int dy = 0; dy < c->ss; dy++)
            {
              const float *row = src + (gsize) (c->box[1] + y * c->ss + dy) * rs + 3 * (c->box[0] + x * c->ss) + ch;
              for (int dx = 0; dx < c->ss; dx++)
                sum += row[3 * dx];
            }
          dst[((gsize) y * c->lw + x) * 3 + ch] = sum * inv;
        }
}

/* DSSIM of the (float) composite on the face box; with `grad`, also its
 * gradient with respect to the grid into c->gssim. */
static double
comp_dssim (Cloak *c, gboolean grad)
{
  gsize rs = (gsize) c->rect[2] * 3, off = (gsize) c->box[1] * rs + 3 * c->box[0];
  double d;

  if (c->ss > 1)
    {
      gsize bs = (gsize) c->box[2] * 3;
      float inv = 1.0f / (c->ss * c->ss);

      shrink_box (c, c->comp, c->lcomp);
      d = c->calib * veil_ssim_dssim_float (c->lssim, c->lclean, (gsize) c->lw * 3, c->lcomp,
                                            (gsize) c->lw * 3, grad ? c->lgrad : NULL, (gsize) c->lw * 3);
      if (grad)
        /* the adjoint of the area average, spread over the full box */
        for (int y = 0; y < c->box[3]; y++)
          for (int x = 0; x < c->box[2]; x++)
            {
              int ly = MIN (y / c->ss, c->lh - 1), lx = MIN (x / c->ss, c->lw - 1);
              gboolean in = y / c->ss < c->lh && x / c->ss < c->lw;
              for (int ch = 0; ch < 3; ch++)
                c->gbox[y * bs + 3 * x + ch] =
                  in ? (float) c->calib * inv * c->lgrad[((gsize) ly * c->lw + lx) * 3 + ch] : 0.0f;
            }
    }
  else
    d = veil_ssim_dssim_float (c->ssim, c->clean + off, rs, c->comp + off, rs,
                               grad ? c->gbox : NULL, (gsize) c->box[2] * 3);
  if (grad)
    {
      memset (c->gssim, 0, (gsize) c->pw * c->ph * 3 * sizeof (float));
      box_to_grid (c, c->gbox, c->gssim);
    }
  return d;
}

/* Writes the composite into `image` (rounded, clipped). */
static void
apply_comp (const Cloak *c, VeilImage *image)
{
  int rw = c->rect[2], rh = c->rect[3];

  for (int y = 0; y < rh; y++)
    {
      guint8 *row = image->data + (gsize) (c->rect[1] + y) * image->stride + 3 * c->rect[0];
      const float *src = c->comp + (gsize) y * rw * 3;
      for (int x = 0; x < 3 * rw; x++)
        row[x] = (guint8) CLAMP (lrintf (src[x]), 0, 255);
    }
}

/* The residual a JPEG re-save at `quality` adds to the composite, for the
 * straight-through simulation (the network sees it; the gradient passes
 * through as if it were not there). */
static gboolean
jpeg_residual (Cloak *c, int quality)
{
  int rw = c->rect[2], rh = c->rect[3];
  g_autoptr(VeilImage) x = veil_image_new (rw, rh);
  g_autoptr(VeilImage) j = NULL;

  for (int y = 0; y < rh; y++)
    for (int i = 0; i < 3 * rw; i++)
      x->data[(gsize) y * x->stride + i] = (guint8) CLAMP (lrintf (c->comp[(gsize) y * rw * 3 + i]), 0, 255);
  j = veil_cv_jpeg_roundtrip (x, quality, NULL);
  if (j == NULL || j->width != rw || j->height != rh)
    return FALSE;
  for (int y = 0; y < rh; y++)
    for (int i = 0; i < 3 * rw; i++)
      c->resid[(gsize) y * rw * 3 + i] = j->data[(gsize) y * j->stride + i] - c->comp[(gsize) y * rw * 3 + i];
  return TRUE;
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
            c->weight[py * c->pw + px] = (float) (0.4 + 0.6 * sd / (sd + 6.0));
          }
        else
          c->weight[py * c->pw + px] = 0.4f;
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

/* DSSIM of the rounded result, exactly as the harness measures it (the
 * box gradient buffer holds the rounded pixels meanwhile). */
static double
written_dssim (Cloak *c)
{
  gsize rs = (gsize) c->rect[2] * 3, off = (gsize) c->box[1] * rs + 3 * c->box[0];
  gsize bs = (gsize) c->box[2] * 3;

  for (int y = 0; y < c->box[3]; y++)
    for (gsize x = 0; x < bs; x++)
      c->gbox[y * bs + x] = (float) CLAMP (lrintf (c->comp[off + y * rs + x]), 0, 255);
  return veil_ssim_dssim_float (c->ssim, c->clean + off, rs, c->gbox, bs, NULL, 0);
}

static void
scale_delta (Cloak *c, float s)
{
  gsize n = (gsize) c->pw * c->ph * 3;

  for (gsize k = 0; k < n; k++)
    c->delta[k] *= s;
}

/* Scales the perturbation down until the written face's DSSIM is within the
 * cap (the guarantee; the SSIM gradient only steers towards it). */
static double
project_dssim (Cloak *c, float cap, guint rounds)
{
  double d = written_dssim (c);

  for (guint i = 0; i < rounds && d > cap; i++)
    {
      /* DSSIM grows about quadratically with the change's size. */
      scale_delta (c, (float) MIN (0.97, 0.985 * sqrt (cap / d)));
      compose (c);
      d = written_dssim (c);
    }
  return d;
}

/* Finds the face again on the current result (around the same place) and
 * returns its landmarks: the alignment follows what a scraper would see. */
static gboolean
redetect (VeilFaceDetector *detector, const VeilImage *image, const Cloak *c,
          const VeilFace *face, float landmarks[10])
{
  int cx = (int) (face->x + face->width / 2), cy = (int) (face->y + face->height / 2);
  int half = (int) (MAX (face->width, face->height) * 1.2f);
  int x0 = MAX (0, cx - half), y0 = MAX (0, cy - half);
  int x1 = MIN (image->width, cx + half), y1 = MIN (image->height, cy + half);
  g_autoptr(VeilImage) crop = NULL;
  g_autoptr(GArray) found = NULL;
  double best = G_MAXDOUBLE, scale = 1.0;
  gboolean ok = FALSE;

  if (x1 - x0 < 8 || y1 - y0 < 8)
    return FALSE;
  /* a copy of that part of the picture with the current cloak in it */
  crop = veil_image_new (x1 - x0, y1 - y0);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        int rx = x - c->rect[0], ry = y - c->rect[1];
        guint8 *dst = crop->data + (gsize) (y - y0) * crop->stride + 3 * (x - x0);

        if (rx >= 0 && ry >= 0 && rx < c->rect[2] && ry < c->rect[3])
          for (int ch = 0; ch < 3; ch++)
            dst[ch] = (guint8) CLAMP (lrintf (c->comp[((gsize) ry * c->rect[2] + rx) * 3 + ch]), 0, 255);
        else
          memcpy (dst, image->data + (gsize) y * image->stride + 3 * x, 3);
      }
  /* The detector needs the face at a few hundred pixels, not at 12 MP
   * scale (its activations would then take over 100 MB). */
  if (MAX (crop->width, crop->height) > REDETECT_SIDE)
    {
      double k = (double) REDETECT_SIDE / MAX (crop->width, crop->height);
      VeilImage *small = veil_cv_resize (crop, MAX (8, (int) (crop->width * k)),
                                         MAX (8, (int) (crop->height * k)), NULL);
      if (small == NULL)
        return FALSE;
      scale = (double) crop->width / small->width;
      veil_image_free (crop);
      crop = small;
    }
  found = veil_face_detector_detect (detector, crop, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      const VeilFace *f = &g_array_index (found, VeilFace, i);
      double dx = (f->x + f->width / 2) * scale + x0 - (face->x + face->width / 2);
      double dy = (f->y + f->height / 2) * scale + y0 - (face->y + face->height / 2);
      double d = dx * dx + dy * dy;

      if (d < best && sqrt (d) < 0.3 * face->width)
        {
          best = d;
          for (int k = 0; k < 10; k++)
            landmarks[k] = (float) (f->landmarks[k] * scale + (k % 2 == 0 ? x0 : y0));
          ok = TRUE;
        }
    }
  return ok;
}

/* ---- the expectation over transformations, on one or two threads ------- */

/* One random view of the face: forward, loss, backward, into a grid
 * gradient. Each sample has its own network, so samples run in parallel. */
typedef struct {
  const Cloak *c;
  VeilNet     *net;
  guint        dim;
  const float *target;     /* unit embedding of the clean face in this view */
  double       mj[6], mp[6];
  gboolean     flip, use_resid;
  float        sigma, noise;
  guint32      noise_seed;
  float       *input, *ginput, *gout, *grad;
  float        cos;
  gint64       t_fwd, t_bwd;
  gint         state;        /* 0 = waiting, 1 = taken by a thread */
  gboolean     finished;     /* by the worker (under the lock) */
} Sample;

static void
sample_run (Sample *s)
{
  const Cloak *c = s->c;
  const gsize in_n = (gsize) 3 * VEIL_ALIGN_SIZE * VEIL_ALIGN_SIZE;
  g_autoptr(VeilWarp) wc = veil_warp_new (s->mj, VEIL_ALIGN_SIZE, c->rect[0], c->rect[1], c->rect[2], c->rect[3]);
  g_autoptr(VeilWarp) wp = veil_warp_new (s->mp, VEIL_ALIGN_SIZE, 0, 0, c->pw, c->ph);
  g_autoptr(GRand) rand = g_rand_new_with_seed (s->noise_seed);
  const float *out;
  gint64 t0, t1, t2;

  veil_warp_forward (wc, c->clean, s->flip, FALSE, s->input);
  veil_warp_forward (wp, c->delta, s->flip, TRUE, s->input);
  if (s->use_resid)
    veil_warp_forward (wc, c->resid, s->flip, TRUE, s->input);
  veil_blur_planar (s->input, VEIL_ALIGN_SIZE, s->sigma);
  for (gsize i = 0; i < in_n; i++)
    s->input[i] += s->noise * (float) g_rand_double_range (rand, -1.0, 1.0);

  t0 = g_get_monotonic_time ();
  out = veil_net_forward (s->net, s->input);
  t1 = g_get_monotonic_time ();
  s->cos = cosine_grad (out, s->target, s->dim, s->gout);
  veil_net_backward (s->net, s->gout, s->ginput);
  t2 = g_get_monotonic_time ();
  s->t_fwd += t1 - t0;
  s->t_bwd += t2 - t1;

  veil_blur_planar (s->ginput, VEIL_ALIGN_SIZE, s->sigma);
  memset (s->grad, 0, (gsize) c->pw * c->ph * 3 * sizeof (float));
  veil_warp_adjoint (wp, s->ginput, s->flip, s->grad);
}

/* Views averaged per step. Fixed, whatever the thread count, so the
 * result does not depend on the machine. */
#define SAMPLES 2

typedef struct {
  GThreadPool *pool;
  GMutex       lock;
  GCond        done;
  Sample       s[SAMPLES];
  VeilNet     *own_net[SAMPLES];   /* clones for the samples beyond the first */
} Eot;

/* Runs a sample unless the main thread took it first (it does when the
 * worker has not started yet: on a busy machine waiting for a second core
 * would cost more than doing the work). */
static void
eot_worker (gpointer data, gpointer user_data)
{
  Eot *e = user_data;
  Sample *s = data;

  if (!g_atomic_int_compare_and_exchange (&s->state, 0, 1))
    return;
  sample_run (s);
  g_mutex_lock (&e->lock);
  s->finished = TRUE;
  g_cond_broadcast (&e->done);
  g_mutex_unlock (&e->lock);
}

static guint
cloak_threads (const VeilCloakOptions *options)
{
  const char *env = g_getenv ("VEIL_CLOAK_THREADS");
  guint n = options->threads;

  if (n == 0 && env != NULL)
    n = (guint) g_ascii_strtoull (env, NULL, 10);
  if (n == 0)
    n = MIN (2, g_get_num_processors ());
  return CLAMP (n, 1, SAMPLES);
}

static gboolean
eot_init (Eot *e, VeilNet *net, guint dim, const Cloak *c, guint threads, GError **error)
{
  const gsize in_n = veil_net_input_size (net);

  g_mutex_init (&e->lock);
  g_cond_init (&e->done);
  for (guint k = 0; k < SAMPLES; k++)
    {
      Sample *s = &e->s[k];

      s->c = c;
      s->dim = dim;
      s->state = 1;
      if (k == 0 || threads == 1)
        s->net = net;   /* one thread: the samples take turns on one network */
      else if ((s->net = e->own_net[k] = veil_net_clone (net, error)) == NULL)
        return FALSE;
      s->input = g_new (float, in_n);
      s->ginput = g_new (float, in_n);
      s->gout = g_new (float, dim);
      s->grad = g_new (float, (gsize) c->pw * c->ph * 3);
    }
  if (threads > 1)
    e->pool = g_thread_pool_new (eot_worker, e, (int) threads - 1, TRUE, NULL);
  return TRUE;
}

static void
eot_clear (Eot *e)
{
  if (e->s[0].c == NULL)
    return;   /* never initialised */
  if (e->pool)
    g_thread_pool_free (e->pool, FALSE, TRUE);
  for (guint k = 0; k < SAMPLES; k++)
    {
      g_free (e->s[k].input);
      g_free (e->s[k].ginput);
      g_free (e->s[k].gout);
      g_free (e->s[k].grad);
      veil_net_free (e->own_net[k]);
    }
  g_mutex_clear (&e->lock);
  g_cond_clear (&e->done);
}

/* Runs every sample: the first on this thread, the others on the pool or,
 * when no worker has picked them up yet, here too. The result is the same
 * either way: each sample has its own network and buffers. */
static void
eot_run (Eot *e)
{
  for (guint k = 1; e->pool != NULL && k < SAMPLES; k++)
    {
      e->s[k].finished = FALSE;
      g_atomic_int_set (&e->s[k].state, 0);
      g_thread_pool_push (e->pool, &e->s[k], NULL);
    }
  sample_run (&e->s[0]);
  for (guint k = 1; k < SAMPLES; k++)
    {
      if (e->pool == NULL || g_atomic_int_compare_and_exchange (&e->s[k].state, 0, 1))
        {
          sample_run (&e->s[k]);
          continue;
        }
      g_mutex_lock (&e->lock);
      while (!e->s[k].finished)
        g_cond_wait (&e->done, &e->lock);
      g_mutex_unlock (&e->lock);
    }
}

/* ---- the optimisation --------------------------------------------------- */

/* Sets up the region, the grid and the buffers for one face. */
static gboolean
cloak_setup (Cloak *c, const VeilImage *image, const VeilFace *face, const double m[6])
{
  int box[4];

  /* A generous region: later alignments (jitter, re-detection) must still
   * read real pixels, never the zero border. */
  if (!veil_align_region (m, VEIL_ALIGN_SIZE, image->width, image->height,
                          (int) (0.25 * face->width) + 4, c->rect))
    return FALSE;
  /* the face box as the harness takes it, inside the region */
  box[0] = MAX (0, (int) (face->x - 0.1 * face->width));
  box[1] = MAX (0, (int) (face->y - 0.1 * face->height));
  box[2] = MIN (image->width, (int) (face->x + 1.1 * face->width)) - box[0];
  box[3] = MIN (image->height, (int) (face->y + 1.1 * face->height)) - box[1];
  if (box[2] < 1 || box[3] < 1)
    return FALSE;
  {
    int x0 = MIN (c->rect[0], box[0]), y0 = MIN (c->rect[1], box[1]);
    int x1 = MAX (c->rect[0] + c->rect[2], box[0] + box[2]);
    int y1 = MAX (c->rect[1] + c->rect[3], box[1] + box[3]);
    x0 &= ~7;   /* on the JPEG block grid */
    y0 &= ~7;
    c->rect[0] = x0;
    c->rect[1] = y0;
    c->rect[2] = x1 - x0;
    c->rect[3] = y1 - y0;
  }
  c->box[0] = box[0] - c->rect[0];
  c->box[1] = box[1] - c->rect[1];
  c->box[2] = box[2];
  c->box[3] = box[3];

  c->f = MAX (1.0, 1.0 / sqrt (m[0] * m[0] + m[3] * m[3]));   /* photo px per aligned px */
  c->pw = MAX (2, (int) ceil (c->rect[2] / c->f));
  c->ph = MAX (2, (int) ceil (c->rect[3] / c->f));
  c->clean = g_new (float, (gsize) c->rect[2] * c->rect[3] * 3);
  c->comp = g_new (float, (gsize) c->rect[2] * c->rect[3] * 3);
  for (int y = 0; y < c->rect[3]; y++)
    {
      const guint8 *row = image->data + (gsize) (c->rect[1] + y) * image->stride + 3 * c->rect[0];
      for (int x = 0; x < 3 * c->rect[2]; x++)
        c->comp[(gsize) y * c->rect[2] * 3 + x] = c->clean[(gsize) y * c->rect[2] * 3 + x] = row[x];
    }
  /* A JPEG re-save matters while the face is small; on a large face its
   * 8×8 blocks are finer than the grid and vanish in the downscale. */
  if (c->f <= 2.5)
    c->resid = g_new0 (float, (gsize) c->rect[2] * c->rect[3] * 3);
  c->delta = g_new0 (float, (gsize) c->pw * c->ph * 3);
  c->grad = g_new0 (float, (gsize) c->pw * c->ph * 3);
  c->adam_m = g_new0 (float, (gsize) c->pw * c->ph * 3);
  c->adam_v = g_new0 (float, (gsize) c->pw * c->ph * 3);
  c->gssim = g_new0 (float, (gsize) c->pw * c->ph * 3);
  c->weight = g_new0 (float, (gsize) c->pw * c->ph);
  c->gbox = g_new0 (float, (gsize) c->box[2] * c->box[3] * 3);
  c->ssim = veil_ssim_new (c->box[2], c->box[3]);
  /* about 40 000 pixels for the steering SSIM, whatever the face's size */
  c->ss = MAX (1, (int) sqrt ((double) c->box[2] * c->box[3] / 40000.0));
  c->calib = 1.0;
  if (c->ss > 1)
    {
      c->lw = c->box[2] / c->ss;
      c->lh = c->box[3] / c->ss;
      c->lclean = g_new (float, (gsize) c->lw * c->lh * 3);
      c->lcomp = g_new (float, (gsize) c->lw * c->lh * 3);
      c->lgrad = g_new (float, (gsize) c->lw * c->lh * 3);
      c->lssim = veil_ssim_new (c->lw, c->lh);
      shrink_box (c, c->clean, c->lclean);
    }
  compute_weight (c);
  return TRUE;
}

static double
rms (const float *v, gsize n)
{
  double ss = 0;

  for (gsize i = 0; i < n; i++)
    ss += (double) v[i] * v[i];
  return sqrt (ss / MAX (n, 1));
}

static gboolean
cloak_face (VeilEmbedder           *embedder,
            VeilFaceDetector       *detector,
            VeilImage              *image,
            VeilFaceResult         *result,
            const VeilCloakOptions *options,
            guint                   face_index,
            guint                   n_chosen,
            GError                **error)
{
  Cloak c = { 0 };
  Eot eot = { 0 };
  VeilNet *net = veil_embedder_net (embedder);
  const guint dim = veil_embedder_dim (embedder);
  float cap, eps, landmarks[10];
  guint steps;
  double m[6], mu = 0, dssim = 0;
  g_autofree float *target = g_new (float, 2 * dim);
  g_autofree float *tmp = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed ? options->seed : 0x5eed);
  gint64 t_start = g_get_monotonic_time ();
  const VeilFace *face = &result->face;
  gboolean ok = FALSE;
  gsize n;

  veil_cloak_strength_params (options->strength, &cap, &eps, &steps);
  if (options->steps > 0)
    steps = options->steps;
  memcpy (landmarks, face->landmarks, sizeof landmarks);
  veil_align_estimate (landmarks, m);
  if (!cloak_setup (&c, image, face, m))
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                   _("Face %u lies outside the picture"), result->number);
      goto out;
    }
  n = (gsize) c.pw * c.ph * 3;
  tmp = g_new0 (float, n);
  if (!eot_init (&eot, net, dim, &c, cloak_threads (options), error))
    goto out;

  /* The clean face's embedding, as seen straight and mirrored. */
  for (int flip = 0; flip < 2; flip++)
    {
      g_autoptr(VeilWarp) w = veil_warp_new (m, VEIL_ALIGN_SIZE, c.rect[0], c.rect[1], c.rect[2], c.rect[3]);
      veil_warp_forward (w, c.clean, flip, FALSE, eot.s[0].input);
      veil_embedder_run (embedder, eot.s[0].input, target + flip * dim);
    }

  for (guint step = 0; step < steps; step++)
    {
      /* Adam, with a step that shrinks from eps / 6 to eps / 30 */
      const float b1 = 0.9f, b2 = 0.99f;
      float lr = (float) (eps / 30.0 + (eps / 6.0 - eps / 30.0) * 0.5 * (1 + cos (G_PI * step / steps)));
      float bc1 = 1 - powf (b1, step + 1), bc2 = 1 - powf (b2, step + 1);
      gboolean use_resid = c.resid != NULL && step % 2 == 1;
      double ga;

      if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
        goto out;
      if (options->progress)
        options->progress (face_index, n_chosen, step, steps, options->progress_data);
      if (step > 0 && step % REDETECT_EVERY == 0 && detector != NULL &&
          redetect (detector, image, &c, face, landmarks))
        veil_align_estimate (landmarks, m);
      if (use_resid)
        use_resid = jpeg_residual (&c, g_rand_int_range (rand, 70, 96));

      for (guint k = 0; k < SAMPLES; k++)
        {
          Sample *s = &eot.s[k];
          double *mj = s->mj, *mp = s->mp;

          s->flip = g_rand_boolean (rand);
          s->sigma = (float) g_rand_double_range (rand, 0.0, use_resid ? 0.7 : 1.1);
          s->noise = (float) g_rand_double_range (rand, 0.0, 3.0) / 127.5f;
          s->noise_seed = g_rand_int (rand);
          s->use_resid = use_resid;
          s->target = target + (s->flip ? dim : 0);
          jitter (m, rand, (step * SAMPLES + k) % 4 != 0, mj);
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
        }
      eot_run (&eot);

      memcpy (c.grad, eot.s[0].grad, n * sizeof (float));
      for (guint k = 1; k < SAMPLES; k++)
        for (gsize i = 0; i < n; i++)
          c.grad[i] += eot.s[k].grad[i];
      smooth_grad (&c, tmp);
      /* The loss: the cosine to the clean face (lower is better), plus mu
       * times the DSSIM. mu rises while the change costs more DSSIM than
       * the cap allows and falls while it is well within, so the change
       * drifts towards what SSIM barely notices (textures, edges) instead
       * of being scaled down everywhere. */
      ga = rms (c.grad, n);
      compose (&c);
      /* on large faces the steering SSIM is a shrunk copy's: calibrate it
       * against the exact one a few times */
      if (c.ss > 1 && (step == steps / 5 || step == steps / 2 || step == 4 * steps / 5))
        {
          double exact = written_dssim (&c), approx;
          c.calib = 1.0;
          approx = comp_dssim (&c, FALSE);
          if (exact > 1e-5 && approx > 1e-6)
            c.calib = CLAMP (exact / approx, 0.1, 10.0);
        }
      dssim = comp_dssim (&c, TRUE);
      if (dssim > cap)
        mu = MIN (mu * 1.3 + 0.1, 20.0);
      else if (dssim < 0.85 * cap)
        mu *= 0.7;
      /* and never outside the cap: what the model learns to rely on must
       * survive the final projection */
      if (dssim > cap)
        scale_delta (&c, (float) (0.985 * sqrt (cap / dssim)));

      {
        double gs = rms (c.gssim, n);
        float ka = (float) (1.0 / (ga + 1e-20)), ks = (float) (gs > 0 ? mu / gs : 0);

        for (gsize i = 0; i < n; i++)
          {
            float g = ka * c.grad[i] + ks * c.gssim[i];
            float w = c.weight[i / 3];
            float d;

            c.adam_m[i] = b1 * c.adam_m[i] + (1 - b1) * g;
            c.adam_v[i] = b2 * c.adam_v[i] + (1 - b2) * g * g;
            d = c.delta[i] - w * lr * (c.adam_m[i] / bc1) / (sqrtf (c.adam_v[i] / bc2) + 1e-8f);
            c.delta[i] = CLAMP (d, -eps, eps);
          }
      }
    }

  compose (&c);
  result->face_dssim = (float) project_dssim (&c, cap, 12);
  apply_comp (&c, image);
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
  for (guint k = 0; k < SAMPLES; k++)
    {
      result->forward_ms += steps ? eot.s[k].t_fwd / 1000.0 / steps / SAMPLES : 0;
      result->backward_ms += steps ? eot.s[k].t_bwd / 1000.0 / steps / SAMPLES : 0;
    }
  result->seconds = (g_get_monotonic_time () - t_start) / 1e6;
  ok = TRUE;

out:
  eot_clear (&eot);
  cloak_clear (&c);
  return ok;
}

/* Intersection over the smaller box's area. */
static float
overlap_of_smaller (const VeilFace *a, const VeilFace *b)
{
  float x0 = MAX (a->x, b->x), y0 = MAX (a->y, b->y);
  float x1 = MIN (a->x + a->width, b->x + b->width), y1 = MIN (a->y + a->height, b->y + b->height);
  float inter = MAX (0, x1 - x0) * MAX (0, y1 - y0);
  float smaller = MIN (a->width * a->height, b->width * b->height);

  return smaller > 0 ? inter / smaller : 0;
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
  g_autoptr(VeilImage) clean = NULL;
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
              /* A second detection over most of a face already cloaked
               * (the detector sometimes finds a face twice): a second
               * cloak on top would break the first and double the change. */
              gboolean twice = FALSE;
              for (guint k = 0; k < results->len && !twice; k++)
                {
                  const VeilFaceResult *p = &g_array_index (results, VeilFaceResult, k);
                  twice = p->processed && overlap_of_smaller (&p->face, &r.face) > 0.3f;
                }
              if (!twice && !cloak_face (embedder, detector, image, &r, options, done, n_chosen, error))
                return FALSE;
            }
          else
            {
              /* The whole head, not just the inner face box. A copy of
               * the picture for the DSSIM only here: the cloak keeps the
               * clean face itself, and a 12 MP copy is 36 MB. */
              float mx = 0.15f * r.face.width, my = 0.2f * r.face.height;
              if (clean == NULL)
                clean = veil_image_copy (image);
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
