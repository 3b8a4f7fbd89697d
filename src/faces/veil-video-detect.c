/* veil-video-detect.c: face detection on a video frame, upright and at
 * several scales.
 *
 * Why several scales: YuNet finds faces from about 10 px up to a few
 * hundred pixels at the size it is given. A bystander far away in a 1080p
 * clip is 20 px; a speaker filming herself fills half the frame. The frame
 * is searched at full size, and, every other time, at half and quarter
 * size for the large faces (they move little relative to their size), on
 * one canvas, which costs about a third as much again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include <string.h>

#include "veil-video-detect.h"

#define NMS_IOU 0.4f
/* The shim pads pictures whose shorter side is below 400 px by half their
 * size all round; a canvas this tall costs far less. */
#define MIN_CANVAS 400
/* A half-size copy smaller than this holds no face the full size misses. */
#define MIN_SCALED_SIDE 160

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

typedef struct {
  int    x, y, width, height;   /* where the copy lies on the canvas */
  double scale;
} Tile;

static void
paste (VeilImage *canvas, const VeilImage *image, const Tile *tile)
{
  for (int y = 0; y < tile->height; y++)
    memcpy (canvas->data + (gsize) (tile->y + y) * canvas->stride + 3 * tile->x,
            image->data + (gsize) y * image->stride, (gsize) tile->width * 3);
}

static gint
by_score (gconstpointer a, gconstpointer b)
{
  float sa = ((const VeilFace *) a)->score, sb = ((const VeilFace *) b)->score;

  return sa < sb ? 1 : sa > sb ? -1 : 0;
}

/* Detects on `tiles` pasted onto one canvas (at least MIN_CANVAS on its
 * shorter side, which spares the shim's own padding), faces appended to
 * out in the frame's pixels. */
static gboolean
detect_tiles (VeilFaceDetector *detector, const VeilImage *image, const Tile *tiles, int n_tiles,
              GArray *out, GError **error)
{
  int cw = 0, ch = 0;
  g_autoptr(VeilImage) canvas = NULL;
  g_autoptr(GArray) found = NULL;

  for (int i = 0; i < n_tiles; i++)
    {
      cw = MAX (cw, tiles[i].x + tiles[i].width);
      ch = MAX (ch, tiles[i].y + tiles[i].height);
    }
  if (n_tiles == 1 && tiles[0].scale == 1.0 && MIN (cw, ch) >= MIN_CANVAS)
    found = veil_face_detector_detect (detector, image, error);   /* no copy needed */
  else
    {
      canvas = veil_image_new (MAX (cw, MIN_CANVAS), MAX (ch, MIN_CANVAS));
      for (int i = 0; i < n_tiles; i++)
        {
          g_autoptr(VeilImage) small = NULL;
          if (tiles[i].scale != 1.0 &&
              (small = veil_cv_resize (image, tiles[i].width, tiles[i].height, error)) == NULL)
            return FALSE;
          paste (canvas, small != NULL ? small : image, &tiles[i]);
        }
      found = veil_face_detector_detect (detector, canvas, error);
    }
  if (found == NULL)
    return FALSE;
  /* Back to the frame's pixels, by the tile the face's centre lies in. */
  for (guint i = 0; i < found->len; i++)
    {
      VeilFace f = g_array_index (found, VeilFace, i);
      float cx = f.x + f.width / 2, cy = f.y + f.height / 2;
      int t = 0;

      while (t + 1 < n_tiles && !(cx < tiles[t].x + tiles[t].width && cy < tiles[t].y + tiles[t].height))
        t++;
      f.x = (float) ((f.x - tiles[t].x) / tiles[t].scale);
      f.y = (float) ((f.y - tiles[t].y) / tiles[t].scale);
      f.width = (float) (f.width / tiles[t].scale);
      f.height = (float) (f.height / tiles[t].scale);
      for (int k = 0; k < 10; k += 2)
        {
          f.landmarks[k] = (float) ((f.landmarks[k] - tiles[t].x) / tiles[t].scale);
          f.landmarks[k + 1] = (float) ((f.landmarks[k + 1] - tiles[t].y) / tiles[t].scale);
        }
      g_array_append_val (out, f);
    }
  return TRUE;
}

/* The frame at full size in one call; with small_scales, the half- and
 * quarter-size copies side by side in a second call:
 *
 *   +-----------+      +-----+--+
 *   |   1/1     |      | 1/2 |¼ |
 *   +-----------+      +-----+--+
 */
GArray *
veil_video_detect_faces (VeilFaceDetector *detector, const VeilImage *image,
                         gboolean small_scales, GError **error)
{
  int w = image->width, h = image->height;
  const Tile full = { 0, 0, w, h, 1.0 };
  const Tile small[2] = {
    { 0, 0, MAX (1, w / 2), MAX (1, h / 2), 0.5 },
    { MAX (1, w / 2), 0, MAX (1, w / 4), MAX (1, h / 4), 0.25 },
  };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (VeilFace));
  GArray *kept;

  if (!detect_tiles (detector, image, &full, 1, all, error))
    return NULL;
  if (small_scales && MIN (w, h) / 2 >= MIN_SCALED_SIDE &&
      !detect_tiles (detector, image, small, 2, all, error))
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
