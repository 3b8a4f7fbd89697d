/* veil-video-detect.c: face detection on a video frame, upright and at
 * several scales.
 *
 * Why several scales: YuNet finds faces from about 10 px up to a few
 * hundred pixels at the size it is given. A bystander far away in a 1080p
 * clip is 20 px; a speaker filming herself fills half the frame. The frame
 * is searched at full size, and, every other time, at half and quarter
 * size for the large faces (they move little relative to their size), on
 * one canvas, which costs about a third as much again. Between those
 * searches of the whole frame, only the regions around the faces already
 * followed are searched (veil_video_detect_faces_near), a fraction of the
 * cost.
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
/* Around a face already followed, the search covers this many times its
 * size, scaled so that the face is about NEAR_FACE_SIZE pixels. */
#define NEAR_REGION_SCALE 2.0f
#define NEAR_FACE_SIZE    64.0f
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

VeilBox
veil_video_box_to_upright (const VeilBox *c, int rotation, int coded_width, int coded_height)
{
  VeilBox b = *c;

  if (rotation == 90)
    b = (VeilBox) { coded_height - (c->y + c->height), c->x, c->height, c->width };
  else if (rotation == 180)
    b = (VeilBox) { coded_width - (c->x + c->width), coded_height - (c->y + c->height), c->width, c->height };
  else if (rotation == 270)
    b = (VeilBox) { c->y, coded_width - (c->x + c->width), c->height, c->width };
  return b;
}

static VeilBox
face_box (const VeilFace *f)
{
  return (VeilBox) { f->x, f->y, f->width, f->height };
}

typedef struct {
  int    x, y, width, height;   /* where the copy lies on the canvas */
  double scale;                 /* its size over the size of what it copies */
  int    from_x, from_y;        /* what it copies: from here in the frame, */
  int    from_width, from_height;   /* this large */
} Tile;

static void
paste (VeilImage *canvas, const VeilImage *image, int from_x, int from_y, const Tile *tile)
{
  for (int y = 0; y < tile->height; y++)
    memcpy (canvas->data + (gsize) (tile->y + y) * canvas->stride + 3 * tile->x,
            image->data + (gsize) (from_y + y) * image->stride + 3 * from_x,
            (gsize) tile->width * 3);
}

/* A tile that is not at full size, scaled from its part of the frame. */
static VeilImage *
scaled_copy (const VeilImage *image, const Tile *tile, GError **error)
{
  g_autoptr(VeilImage) part = NULL;

  if (tile->from_width == image->width && tile->from_height == image->height)
    return veil_cv_resize (image, tile->width, tile->height, error);
  part = veil_image_crop (image, (int[4]) { tile->from_x, tile->from_y, tile->from_width, tile->from_height });
  return veil_cv_resize (part, tile->width, tile->height, error);
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
  if (n_tiles == 1 && tiles[0].width == image->width && tiles[0].height == image->height &&
      tiles[0].from_width == image->width && tiles[0].from_height == image->height && MIN (cw, ch) >= MIN_CANVAS)
    found = veil_face_detector_detect (detector, image, error);   /* no copy needed */
  else
    {
      canvas = veil_image_new (MAX (cw, MIN_CANVAS), MAX (ch, MIN_CANVAS));
      for (int i = 0; i < n_tiles; i++)
        {
          g_autoptr(VeilImage) small = NULL;

          if (tiles[i].scale == 1.0)
            paste (canvas, image, tiles[i].from_x, tiles[i].from_y, &tiles[i]);
          else if ((small = scaled_copy (image, &tiles[i], error)) != NULL)
            paste (canvas, small, 0, 0, &tiles[i]);
          else
            return FALSE;
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
      f.x = (float) ((f.x - tiles[t].x) / tiles[t].scale + tiles[t].from_x);
      f.y = (float) ((f.y - tiles[t].y) / tiles[t].scale + tiles[t].from_y);
      f.width = (float) (f.width / tiles[t].scale);
      f.height = (float) (f.height / tiles[t].scale);
      for (int k = 0; k < 10; k += 2)
        {
          f.landmarks[k] = (float) ((f.landmarks[k] - tiles[t].x) / tiles[t].scale + tiles[t].from_x);
          f.landmarks[k + 1] = (float) ((f.landmarks[k + 1] - tiles[t].y) / tiles[t].scale + tiles[t].from_y);
        }
      g_array_append_val (out, f);
    }
  return TRUE;
}

/* The same face found twice (at two scales, in two regions that overlap):
 * the surer one is kept. */
static GArray *
merge_duplicates (GArray *all)
{
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (VeilFace));

  g_array_sort (all, by_score);
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
  const Tile full = { 0, 0, w, h, 1.0, 0, 0, w, h };
  const Tile small[2] = {
    { 0, 0, MAX (1, w / 2), MAX (1, h / 2), 0.5, 0, 0, w, h },
    { MAX (1, w / 2), 0, MAX (1, w / 4), MAX (1, h / 4), 0.25, 0, 0, w, h },
  };
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (VeilFace));

  if (!detect_tiles (detector, image, &full, 1, all, error))
    return NULL;
  if (small_scales && MIN (w, h) / 2 >= MIN_SCALED_SIDE &&
      !detect_tiles (detector, image, small, 2, all, error))
    return NULL;
  return merge_duplicates (all);
}

GArray *
veil_video_detect_faces_near (VeilFaceDetector *detector, const VeilImage *image,
                              const VeilBox *faces, guint n_faces, GError **error)
{
  g_autofree Tile *tiles = g_new0 (Tile, MAX (n_faces, 1));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (VeilFace));
  int x = 0, y = 0, column_width = 0, canvas_width = 0, n = 0;

  /* Each region clipped to the frame and made smaller where the face is
   * large (the detector finds a face of NEAR_FACE_SIZE pixels as surely as
   * a larger one, for less), stacked in columns on a MIN_CANVAS-high
   * canvas. */
  for (guint i = 0; i < n_faces; i++)
    {
      float face = MAX (faces[i].width, faces[i].height), side = face * NEAR_REGION_SCALE;
      float cx = faces[i].x + faces[i].width / 2, cy = faces[i].y + faces[i].height / 2;
      int x0 = CLAMP ((int) (cx - side / 2), 0, image->width), y0 = CLAMP ((int) (cy - side / 2), 0, image->height);
      int x1 = CLAMP ((int) (cx + side / 2 + 0.5f), 0, image->width);
      int y1 = CLAMP ((int) (cy + side / 2 + 0.5f), 0, image->height);
      double scale = MIN (1.0, NEAR_FACE_SIZE / MAX (face, 1.0f));
      int tw = MAX (1, (int) ((x1 - x0) * scale)), th = MAX (1, (int) ((y1 - y0) * scale));

      if (x1 - x0 < 8 || y1 - y0 < 8)
        continue;
      if (y > 0 && y + th > MIN_CANVAS)
        {
          x += column_width;
          y = column_width = 0;
        }
      tiles[n++] = (Tile) { x, y, tw, th, (double) tw / (x1 - x0), x0, y0, x1 - x0, y1 - y0 };
      y += th;
      column_width = MAX (column_width, tw);
      canvas_width = MAX (canvas_width, x + column_width);
    }
  /* Many faces, or large ones near the camera: the whole frame costs no more. */
  if ((double) canvas_width * MIN_CANVAS > 0.5 * image->width * image->height)
    return veil_video_detect_faces (detector, image, FALSE, error);
  if (n > 0 && !detect_tiles (detector, image, tiles, n, all, error))
    return NULL;
  return merge_duplicates (all);
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
