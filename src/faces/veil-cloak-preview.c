/* veil-cloak-preview.c: a quick look at a cloak before the real one. A
 * few optimisation steps on one face, on a copy of the face and its
 * surroundings only, so a person can see at 1:1 that the change is
 * invisible at the strength they chose before waiting for the full run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "veil-cloak-private.h"
#include "veil-error.h"

/* rect grown by `margin` on every side, kept inside the picture. */
static void
grow_clamped (const VeilImage *image,
              double           x0,
              double           y0,
              double           x1,
              double           y1,
              double           margin,
              int              rect[4])
{
  int ix0 = CLAMP ((int) floor (x0 - margin), 0, image->width - 1);
  int iy0 = CLAMP ((int) floor (y0 - margin), 0, image->height - 1);
  int ix1 = CLAMP ((int) ceil (x1 + margin), ix0 + 1, image->width);
  int iy1 = CLAMP ((int) ceil (y1 + margin), iy0 + 1, image->height);

  rect[0] = ix0;
  rect[1] = iy0;
  rect[2] = ix1 - ix0;
  rect[3] = iy1 - iy0;
}

gboolean
veil_cloak_preview (VeilEmbedder            *embedder,
                    const VeilImage         *image,
                    const VeilFace          *face,
                    const VeilCloakOptions  *options,
                    VeilImage              **before,
                    VeilImage              **after,
                    int                      rect[4],
                    GError                 **error)
{
  g_autoptr(VeilImage) context = NULL;
  g_autoptr(GArray) faces = g_array_new (FALSE, FALSE, sizeof (VeilFace));
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (VeilFaceResult));
  VeilCloakOptions quick = *options;
  VeilFace local = *face;
  double cx, cy, ax, ay, size = MAX (face->width, face->height);
  int ctx[4], out[4];

  g_return_val_if_fail (image != NULL && face != NULL && options != NULL, FALSE);
  g_return_val_if_fail (before != NULL && after != NULL && rect != NULL, FALSE);

  if (face->width < 1 || face->height < 1 || face->x + face->width <= 0 || face->y + face->height <= 0 ||
      face->x >= image->width || face->y >= image->height)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED, _("The face lies outside the picture"));
      return FALSE;
    }
  /* The face with a face's width around it: more than the cloak's own
   * region reads (a quarter of the width beyond the aligned face), so the
   * result is the one the whole picture would give, at a fraction of the
   * memory of a copy of a large photo. */
  grow_clamped (image, face->x, face->y, face->x + face->width, face->y + face->height, size, ctx);
  context = veil_image_crop (image, ctx);
  local.x -= ctx[0];
  local.y -= ctx[1];
  for (int i = 0; i < 5; i++)
    {
      local.landmarks[2 * i] -= ctx[0];
      local.landmarks[2 * i + 1] -= ctx[1];
    }
  g_array_append_val (faces, local);

  quick.action = VEIL_FACE_CLOAK;
  quick.faces = NULL;
  quick.n_faces = 0;
  quick.held_back = NULL;   /* crafting only: no check here */
  quick.steps = options->steps > 0 ? MIN (options->steps, VEIL_CLOAK_PREVIEW_MAX_STEPS) : VEIL_CLOAK_PREVIEW_STEPS;
  /* No detector: re-detection every few steps does not happen in so few. */
  if (!veil_cloak_image (embedder, NULL, context, faces, &quick, results, error))
    return FALSE;

  /* What is shown: the feathered region, the only pixels a cloak changes,
   * with a little of what surrounds it. */
  _veil_cloak_region (&local, &cx, &cy, &ax, &ay);
  grow_clamped (context, cx - ax, cy - ay, cx + ax, cy + ay, 0.05 * size, out);
  {
    g_autoptr(VeilImage) clean = veil_image_crop (image, (int[4]) { ctx[0] + out[0], ctx[1] + out[1], out[2], out[3] });
    *after = veil_image_crop (context, out);
    *before = g_steal_pointer (&clean);
  }
  rect[0] = ctx[0] + out[0];
  rect[1] = ctx[1] + out[1];
  rect[2] = out[2];
  rect[3] = out[3];
  return TRUE;
}
