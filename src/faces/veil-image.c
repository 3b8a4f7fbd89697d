/* veil-image.c: the plain RGB image buffers shared by C and the OpenCV
 * module (compiled into both; both allocate with GLib, so either side may
 * free what the other made).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-cv.h"

VeilImage *
veil_image_new (int width,
                int height)
{
  VeilImage *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  image = g_new0 (VeilImage, 1);
  image->width = width;
  image->height = height;
  image->stride = 3 * width;
  image->data = (guint8 *) g_malloc0 ((gsize) image->stride * height);
  return image;
}

VeilImage *
veil_image_copy (const VeilImage *src)
{
  VeilImage *image = veil_image_new (src->width, src->height);

  for (int y = 0; y < src->height; y++)
    memcpy (image->data + (gsize) y * image->stride, src->data + (gsize) y * src->stride,
            3 * (gsize) src->width);
  return image;
}

VeilImage *
veil_image_crop (const VeilImage *image,
                 const int        rect[4])
{
  VeilImage *out = veil_image_new (rect[2], rect[3]);

  for (int y = 0; y < rect[3]; y++)
    memcpy (out->data + (gsize) y * out->stride,
            image->data + (gsize) (rect[1] + y) * image->stride + 3 * (gsize) rect[0], 3 * (gsize) rect[2]);
  return out;
}

void
veil_image_free (VeilImage *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image);
}
