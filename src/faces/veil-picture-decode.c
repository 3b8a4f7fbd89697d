/* veil-picture-decode.c: pictures OpenCV cannot read, decoded for the face
 * features by their own library.
 *
 * OpenCV 4.6 (Debian 12) reads JPEG, PNG, WebP (through libwebp), TIFF and
 * GIF, but not HEIC or AVIF, which is what iPhones and many Android phones
 * save. Those go through libheif, which applies the picture's rotation and
 * mirroring (irot/imir), as a viewer shows it, and gives us 8-bit RGB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-picture-decode"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libheif/heif.h>

#include "veil-error.h"
#include "veil-picture-decode.h"

gboolean
veil_picture_needs_own_decoder (VeilFormat format)
{
  return format == VEIL_FORMAT_HEIF || format == VEIL_FORMAT_AVIF;
}

static gboolean
heif_failed (struct heif_error err, const char *path, GError **error)
{
  if (err.code == heif_error_Ok)
    return FALSE;
  g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
               _("%s: the picture cannot be decoded (%s)"), path, err.message);
  return TRUE;
}

/* libheif's types are plain structs: name them for g_autoptr. */
typedef struct heif_context      HeifContext;
typedef struct heif_image_handle HeifImageHandle;
typedef struct heif_image        HeifImage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeifContext, heif_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeifImageHandle, heif_image_handle_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeifImage, heif_image_release)

VeilImage *
veil_picture_decode_heif (const guint8 *data,
                          gsize         len,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(HeifContext) ctx = heif_context_alloc ();
  g_autoptr(HeifImageHandle) handle = NULL;
  g_autoptr(HeifImage) decoded = NULL;
  const guint8 *plane;
  VeilImage *image;
  int width, height, stride;

  if (ctx == NULL ||
      heif_failed (heif_context_read_from_memory_without_copy (ctx, data, len, NULL), path, error) ||
      heif_failed (heif_context_get_primary_image_handle (ctx, &handle), path, error))
    return NULL;

  /* Refuse before decoding: the declared size decides the allocation. */
  width = heif_image_handle_get_width (handle);
  height = heif_image_handle_get_height (handle);
  if (width <= 0 || height <= 0 || (guint64) width * height > VEIL_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                   _("%s: the picture is too large"), path);
      return NULL;
    }

  if (heif_failed (heif_decode_image (handle, &decoded, heif_colorspace_RGB,
                                      heif_chroma_interleaved_RGB, NULL), path, error))
    return NULL;
  /* After rotation the size may be swapped: take the decoded one. */
  width = heif_image_get_width (decoded, heif_channel_interleaved);
  height = heif_image_get_height (decoded, heif_channel_interleaved);
  plane = heif_image_get_plane_readonly (decoded, heif_channel_interleaved, &stride);
  if (plane == NULL || width <= 0 || height <= 0 || stride < 3 * width)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                   _("%s: the picture cannot be decoded"), path);
      return NULL;
    }

  image = veil_image_new (width, height);
  for (int y = 0; y < height; y++)
    {
      const guint8 *src = plane + (gsize) y * stride;
      guint8 *dst = image->data + (gsize) y * image->stride;

      for (int x = 0; x < width; x++, src += 3, dst += 3)
        {
          /* RGB to OpenCV's BGR. */
          dst[0] = src[2];
          dst[1] = src[1];
          dst[2] = src[0];
        }
    }
  return image;
}
