/* veil-cloak-file.c: the cloak's file handling: read a picture, protect its
 * faces, write it without metadata, complete or not at all, and check it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cloak"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-clean.h"
#include "veil-cloak.h"
#include "veil-cloak-private.h"
#include "veil-error.h"
#include "veil-destination.h"
#include "veil-temp-file.h"
#include "veil-writer.h"

/* Encodes the picture in memory, strips whatever the encoder put in with
 * the metadata cleaner, and writes it as any cleaned photo is written: to
 * an unnamed file in the destination's folder, flushed, then named (see
 * veil-temp-file.h), so that a crash leaves nothing behind. */
gboolean
_veil_cloak_write_output (const VeilImage *image, const char *dest_path, int quality, GError **error)
{
  g_autoptr(GBytes) encoded = veil_cv_image_encode (image, dest_path, quality, error);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GError) clean_error = NULL;
  g_autoptr(VeilTempFile) file = NULL;
  const guint8 *data;
  gsize len;
  int err;

  if (encoded == NULL)
    return FALSE;
  data = g_bytes_get_data (encoded, &len);
  cleaned = veil_clean_data (data, len, dest_path, NULL, &clean_error);
  if (cleaned == NULL)
    {
      if (!g_error_matches (clean_error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED))
        {
          g_propagate_error (error, g_steal_pointer (&clean_error));
          return FALSE;
        }
      /* A format the cleaner does not handle yet: the encoder wrote the
       * pixels and nothing else. */
      cleaned = g_bytes_ref (encoded);
    }

  file = veil_temp_file_new (dest_path, 0666, TRUE, error);
  if (file == NULL)
    return FALSE;
  data = g_bytes_get_data (cleaned, &len);
  err = veil_write_fully (veil_temp_file_fd (file), data, len);
  if (err != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (err),
                   _("%s: cannot write: %s"), dest_path, g_strerror (err));
      return FALSE;
    }
  /* Cleaning the original again must not write its faces over this. */
  veil_destination_mark_protected (veil_temp_file_fd (file));
  return veil_temp_file_flush (file, FALSE, error) && veil_temp_file_commit (file, error);
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
  if (embedder == NULL && options->n_more_models == 0 && options->action == VEIL_FACE_CLOAK)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("Cloaking needs a face-recognition model"));
      return NULL;
    }
  image = veil_image_copy (original);
  if (!veil_cloak_image (embedder, detector, image, faces, options, results, error))
    return NULL;
  if (!_veil_cloak_write_output (image, dest_path, options->jpeg_quality ? options->jpeg_quality : 95, error))
    return NULL;
  g_clear_pointer (&image, veil_image_free);   /* the check reads the file back */
  if (embedder == NULL && options->n_more_models == 0 && options->held_back == NULL)
    return g_steal_pointer (&results);
  /* Check what was actually written (after encoding), as an uploader would. */
  written = veil_cv_image_load (dest_path, error);
  if (written == NULL || !veil_cloak_check (embedder, options, detector, original, written, results, error))
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
