/* veil-cloak.h: protect faces before upload.
 *
 * A cloak is a small, smooth change to the pixels of a face, computed so a
 * face-recognition model's embedding moves away from the person's own. It
 * makes matching by today's recognition systems less likely; it is not a
 * guarantee, and newer or adapted models may still match (see the check).
 * Blur and pixelate are the certain alternative: the face is gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-cv.h"
#include "veil-embedder.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_CLOAK_LOW,
  VEIL_CLOAK_DEFAULT,
  VEIL_CLOAK_HIGH,
} VeilCloakStrength;

typedef enum {
  VEIL_FACE_CLOAK,
  VEIL_FACE_BLUR,
  VEIL_FACE_PIXELATE,
} VeilFaceAction;

/* Whether number is among the 1-based numbers chosen (faces in a photo,
 * people in a video); NULL chooses every one. */
gboolean veil_faces_is_chosen (const guint *chosen,
                               guint        n_chosen,
                               guint        number);

/* Called between optimisation steps (from the worker thread). */
typedef void (*VeilCloakProgress) (guint    face,
                                   guint    n_faces,
                                   guint    step,
                                   guint    n_steps,
                                   gpointer user_data);

/* The most models a cloak is crafted with, and checked against. */
#define VEIL_CLOAK_MAX_MODELS 4

typedef struct {
  VeilCloakStrength strength;
  /* more models to craft with, beside the one given to the call (the
   * ensemble); and one held back from crafting, checked only */
  VeilEmbedder     *const *more_models;
  guint             n_more_models;
  VeilEmbedder     *held_back;
  VeilFaceAction    action;
  const guint      *faces;        /* 1-based face numbers (largest first); NULL = all */
  guint             n_faces;
  guint             steps;        /* 0 = the strength's default */
  guint32           seed;         /* random transformations; 0 = fixed default */
  int               jpeg_quality; /* 0 = 95 */
  GCancellable     *cancellable;
  VeilCloakProgress progress;
  gpointer          progress_data;
  guint             threads;      /* 0 = up to 2 (or $VEIL_CLOAK_THREADS) */
} VeilCloakOptions;

/* The check of one face against one model: similarity of the written
 * face to the original face, with that model (1 = identical, at or above
 * VEIL_MATCH_THRESHOLD a matcher would say "same person"). */
typedef struct {
  char     model[64];
  gboolean crafted;            /* the cloak was made with this model */
  gboolean found;              /* face re-detected on the output */
  float    before;             /* the original re-saved at JPEG q80 alone */
  float    after;              /* the output as written */
  float    after_jpeg;         /* the output re-saved at JPEG q80 */
  gboolean would_match;        /* after or after_jpeg ≥ threshold */
  double   forward_ms, backward_ms;   /* per optimisation step, crafting models */
} VeilModelCheck;

/* What happened to one face, and the check on the written file. */
typedef struct {
  VeilFace face;               /* as detected in the original */
  guint    number;             /* 1-based, largest first */
  gboolean processed;          /* cloaked or obscured */
  guint    steps;
  double   seconds;
  double   forward_ms;         /* mean per optimisation step */
  double   backward_ms;
  float    face_dssim;         /* structural change on the face box */
  float    face_linf;          /* largest pixel change, 0..255 */
  float    mean_de, p95_de, chroma_de;   /* colour difference on the face */
  VeilModelCheck models[VEIL_CLOAK_MAX_MODELS];
  guint    n_models;
  /* check with the held-back model, else the first crafting model: the
   * face re-detected and re-embedded on the output (only when a
   * recognition model was given) */
  gboolean checked;
  gboolean found;
  float    similarity;         /* cosine to the original face */
  gboolean would_match;        /* ≥ VEIL_MATCH_THRESHOLD */
  /* the same after a JPEG quality 80 re-save, as photo sites do */
  gboolean found_jpeg;
  float    similarity_jpeg;
  gboolean would_match_jpeg;
} VeilFaceResult;

/* What a strength may change: the colour difference on the face (mean and
 * 95th percentile CIE76 ΔE), DSSIM as a second bound, the largest change of
 * luminance and of chroma per pixel (0..255), and the steps. */
typedef struct {
  float mean_de, p95_de;
  float dssim;
  float luma, chroma;
  guint steps;
} VeilCloakBudget;

void     veil_cloak_strength_budget (VeilCloakStrength  strength,
                                     VeilCloakBudget   *budget);
/* Whether a cloak of `face` may change photo pixel (x, y) (its centre):
 * outside this feathered region it changes nothing. */
gboolean veil_cloak_region_contains (const VeilFace *face,
                                     double          x,
                                     double          y);
gboolean veil_cloak_strength_from_string (const char        *text,
                                          VeilCloakStrength *strength);
/* What a strength costs in visibility and what it bought in Veil's own
 * measurement, in plain words (translated), for menus and --help. */
const char *veil_cloak_strength_describe (VeilCloakStrength strength);

/* Changes the chosen faces of `image` in place. `faces` is the detector's
 * list for this image; results (VeilFaceResult, one per detected face) are
 * appended to `results`. The check fields are not filled here. */
gboolean veil_cloak_image  (VeilEmbedder           *embedder,
                            VeilFaceDetector       *detector,
                            VeilImage              *image,
                            GArray                 *faces,
                            const VeilCloakOptions *options,
                            GArray                 *results,
                            GError                **error);

/* Fills the check fields of `results` by re-detecting and re-embedding
 * `output`, and again after a JPEG q80 round trip, with each model:
 * `embedder` and options->more_models (crafted with), options->held_back
 * (not). */
gboolean veil_cloak_check  (VeilEmbedder           *embedder,
                            const VeilCloakOptions *options,
                            VeilFaceDetector       *detector,
                            const VeilImage        *original,
                            const VeilImage        *output,
                            GArray                 *results,
                            GError                **error);

/* The whole job for one file: read, detect, cloak (or obscure), write
 * `dest_path` (PNG lossless or JPEG q95 by its extension) atomically with
 * no metadata, then check the written file (when `embedder` is not NULL;
 * it may be NULL only for blur and pixelate). Returns the per-face results
 * (an empty array when the picture shows no face; nothing is written then). */
GArray  *veil_cloak_file   (VeilEmbedder           *embedder,
                            VeilFaceDetector       *detector,
                            const char             *src_path,
                            const char             *dest_path,
                            const VeilCloakOptions *options,
                            GError                **error);

/* A quick look at a cloak (the app's preview): options->steps
 * optimisation steps (0: VEIL_CLOAK_PREVIEW_STEPS; never more than
 * VEIL_CLOAK_PREVIEW_MAX_STEPS) on `face` of `image`, with options'
 * strength, models, threads and cancellable, on a copy around the face:
 * `image` is not changed. On success *before and *after are the face's
 * feathered region (the only pixels a cloak changes, with a small margin)
 * as it is and as cloaked, and rect (x, y, w, h) where it lies in the
 * picture. The budget of the strength holds as in a full cloak; the
 * protection of a few steps is less. Six steps: 0.7 s of CPU time for a
 * 100 px face and 1.2 s for a 500 px one, on the 2-core machine it was
 * measured on (models loaded included). */
#define VEIL_CLOAK_PREVIEW_STEPS 6
#define VEIL_CLOAK_PREVIEW_MAX_STEPS 30
gboolean veil_cloak_preview (VeilEmbedder            *embedder,
                             const VeilImage         *image,
                             const VeilFace          *face,
                             const VeilCloakOptions  *options,
                             VeilImage              **before,
                             VeilImage              **after,
                             int                      rect[4],
                             GError                 **error);

/* The detector that ships with Veil (YuNet 2022mar), found in the build
 * tree or the installed data folder; NULL when absent. */
char    *veil_cloak_default_detector_path (void);

G_END_DECLS
