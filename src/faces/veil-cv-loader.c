/* veil-cv-loader.c: veil-cv.h, implemented by loading the OpenCV module on
 * first use (see veil-cv-module.h for why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>
#include <stdio.h>

#include "veil-error.h"
#include "veil-module.h"
#include "veil-cv-module.h"
#include "veil-format.h"
#include "veil-picture-decode.h"

static const VeilCvModule *table;
static char *load_error;
static int wanted_threads = -1;

/* Where the module may be: an explicit override, the installed copy, and
 * the copy in the build tree (for tests and uninstalled runs). */
static const VeilCvModule *
load_module (void)
{
  const char *candidates[] = {
    g_getenv ("VEIL_CV_MODULE"),
    VEIL_CV_MODULE_INSTALLED,
    VEIL_CV_MODULE_BUILT,
  };

  return veil_module_open (candidates, G_N_ELEMENTS (candidates), "veil_cv_module_get",
                           VEIL_CV_MODULE_ABI, "OpenCV", &load_error);
}

static const VeilCvModule *
get_table (GError **error)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      table = load_module ();
      if (table != NULL && wanted_threads >= 0)
        table->init (wanted_threads);
      g_once_init_leave (&once, 1);
    }
  if (table == NULL)
    g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                 _("Face detection is not available: the OpenCV part of Veil could not be loaded (%s)"),
                 load_error);
  return table;
}

void
veil_cv_init (int n_threads)
{
  /* Remembered, and applied when (if ever) the module is loaded. */
  wanted_threads = n_threads;
  if (table != NULL)
    table->init (n_threads);
}

/* The first bytes of a file, enough to recognise its format. */
static VeilFormat
peek_format (const char *path)
{
  guint8 head[64];
  gssize n = -1;
  FILE *f = fopen (path, "rb");

  if (f != NULL)
    {
      n = (gssize) fread (head, 1, sizeof head, f);
      fclose (f);
    }
  return n > 0 ? veil_format_detect (head, (gsize) n) : VEIL_FORMAT_UNKNOWN;
}

VeilImage *
veil_cv_image_load (const char *path, GError **error)
{
  const VeilCvModule *t;

  if (veil_picture_needs_own_decoder (peek_format (path)))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      return veil_picture_decode_heif ((const guint8 *) contents, len, path, error);
    }
  t = get_table (error);
  return t != NULL ? t->image_load (path, error) : NULL;
}

GBytes *
veil_cv_image_encode (const VeilImage *image, const char *name, int jpeg_quality, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->image_encode (image, name, jpeg_quality, error) : NULL;
}

VeilImage *
veil_cv_jpeg_roundtrip (const VeilImage *image, int quality, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->jpeg_roundtrip (image, quality, error) : NULL;
}

VeilImage *
veil_cv_resize (const VeilImage *image, int width, int height, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->resize (image, width, height, error) : NULL;
}

gboolean
veil_cv_obscure_region (VeilImage *image, int x, int y, int width, int height,
                        gboolean pixelate, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL && t->obscure_region (image, x, y, width, height, pixelate, error);
}

VeilFaceDetector *
veil_face_detector_new (const char *model_path, float score_threshold, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->detector_new (model_path, score_threshold, error) : NULL;
}

GArray *
veil_face_detector_detect (VeilFaceDetector *detector, const VeilImage *image, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->detector_detect (detector, image, error) : NULL;
}

void
veil_face_detector_free (VeilFaceDetector *detector)
{
  /* A detector only exists if the module was loaded. */
  if (detector != NULL && table != NULL)
    table->detector_free (detector);
}

float *
veil_cv_dnn_forward (const char *model_path, const float *input, int channels,
                     int height, int width, gsize *n_out, GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL ? t->dnn_forward (model_path, input, channels, height, width, n_out, error) : NULL;
}

gboolean
veil_cv_selftest_throw (GError **error)
{
  const VeilCvModule *t = get_table (error);
  return t != NULL && t->selftest_throw (error);
}
