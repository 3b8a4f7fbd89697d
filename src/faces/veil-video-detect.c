/* veil-video-detect.c: face detection on a video frame, upright and at
 * several scales.
 *
 * Why several scales: YuNet finds faces from about 10 px up to a few
 * hundred pixels at the size it is given. A bystander far away in a 1080p
 * clip is 20 px; a speaker filming herself fills half the frame. The frame
 * is searched at full size, then at half and quarter size for the large
 * faces; the extra passes cost about a third of the first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include <string.h>

#include "veil-video-detect.h"

/* The shim pads pictures whose smaller side is below 400 px (which would
 * cost more than the scaled-down pass saves); small scales are drawn on a
 * canvas of at least this size instead. */
#define MIN_CANVAS 400
/* Scaled passes smaller than this are not worth running. */
#define MIN_SCALED_SIDE 120
#define NMS_IOU 0.4f

VeilImage *
veil_video_upright (const VeilImage *coded, int rotation)
{
  int w = coded->width, h = coded->height;
  VeilImage *out;

  if (rotation == 0)
    return veil_image_copy (coded);
  out = (rotation == 180) ? veil_image_new (w, h) : veil_image_new (h, w);
  for (int y = 0; y < out->height; y++)
    {
      guint8 *dst = out->data + (gsize) y * out->stride;
      for (int x = 0; x < out->width; x++)
        {
          int sx, sy;

          if (rotation == 90)
            sx = y, sy = h - 1 - x;
          else if (rotation == 180)
            sx = w - 1 - x, sy = h - 1 - y;
          else
            sx = w - 1 - y, sy = x;
          memcpy (dst + 3 * x, coded->data + (gsize) sy * coded->stride + 3 * sx, 3);
        }
    }
  return out;
}

VeilBox
veil_video_box_to_coded (const VeilBox *b, int rotation, int coded_width, int coded_height)
{
  VeilBox c = *b;

  if (rotation == 90)
    c = (VeilBox) { b->y, coded_height - (b->x + b->width), b->height, b->width };
  else if (rotation == 180)
    c = (VeilBox) { coded_width - (b->x + b->width), coded_height - (b->y + b->height), b->width, b->height };
  else if (rotation == 270)
    c = (VeilBox) { coded_width - (b->y + b->height), b->x, b->height, b->width };
  return c;
}

static VeilBox
face_box (const VeilFace *f)
{
  return (VeilBox) { f->x, f->y, f->width, f->height };
}

/* One pass at `scale`, faces appended to out in image pixels. */
static gboolean
detect_scaled (VeilFaceDetector *detector, const VeilImage *image, double scale,
               GArray *out, GError **error)
{
  g_autoptr(VeilImage) small = NULL, canvas = NULL;
  g_autoptr(GArray) faces = NULL;
  const VeilImage *input = image;
  int sw = (int) (image->width * scale), sh = (int) (image->height * scale);

  if (scale != 1.0)
    {
      input = small = veil_cv_resize (image, sw, sh, error);
      if (small == NULL)
        return FALSE;
    }
  if (MIN (sw, sh) < MIN_CANVAS)
    {
      canvas = veil_image_new (MAX (sw, MIN_CANVAS), MAX (sh, MIN_CANVAS));
      for (int y = 0; y < sh; y++)
        memcpy (canvas->data + (gsize) y * canvas->stride, input->data + (gsize) y * input->stride,
                (gsize) sw * 3);
      input = canvas;
    }
  faces = veil_face_detector_detect (detector, input, error);
  if (faces == NULL)
    return FALSE;
  for (guint i = 0; i < faces->len; i++)
    {
      VeilFace f = g_array_index (faces, VeilFace, i);

      f.x /= scale;
      f.y /= scale;
      f.width /= scale;
      f.height /= scale;
      for (int k = 0; k < 10; k++)
        f.landmarks[k] /= scale;
      g_array_append_val (out, f);
    }
  return TRUE;
}

static gint
by_score (gconstpointer a, gconstpointer b)
{
  float sa = ((const VeilFace *) a)->score, sb = ((const VeilFace *) b)->score;

  return sa < sb ? 1 : sa > sb ? -1 : 0;
}

GArray *
veil_video_detect_faces (VeilFaceDetector *detector, const VeilImage *image, GError **error)
{
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (VeilFace));
  GArray *kept;

  for (double scale = 1.0; scale >= 0.25; scale /= 2)
    if ((scale == 1.0 || MIN (image->width, image->height) * scale >= MIN_SCALED_SIDE) &&
        !detect_scaled (detector, image, scale, all, error))
      return NULL;
  /* The same face found at two scales: keep the surer one. */
  g_array_sort (all, by_score);
  kept = g_array_new (FALSE, FALSE, sizeof (VeilFace));
  for (guint i = 0; i < all->len; i++)
    {
      const VeilFace *f = &g_array_index (all, VeilFace, i);
      VeilBox bf = face_box (f);
      gboolean dup = FALSE;

      for (guint k = 0; k < kept->len && !dup; k++)
        {
          VeilBox bk = face_box (&g_array_index (kept, VeilFace, k));
          dup = veil_box_iou (&bf, &bk) > NMS_IOU;
        }
      if (!dup)
        g_array_append_val (kept, *f);
    }
  return kept;
}

VeilImage *
veil_video_face_thumbnail (const VeilImage *image, const VeilBox *box, int size, GError **error)
{
  float side = MAX (box->width, box->height) * 1.5f;
  int x0 = (int) (box->x + box->width / 2 - side / 2), y0 = (int) (box->y + box->height / 2 - side / 2);
  int s = MAX (2, (int) side);
  g_autoptr(VeilImage) crop = veil_image_new (s, s);

  /* Outside the frame stays black. */
  for (int y = 0; y < s; y++)
    {
      int sy = y0 + y;
      if (sy < 0 || sy >= image->height)
        continue;
      for (int x = 0; x < s; x++)
        {
          int sx = x0 + x;
          if (sx >= 0 && sx < image->width)
            memcpy (crop->data + (gsize) y * crop->stride + 3 * x,
                    image->data + (gsize) sy * image->stride + 3 * sx, 3);
        }
    }
  return veil_cv_resize (crop, size, size, error);
}
