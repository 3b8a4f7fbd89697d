/* veil-faces-views.c: the per-face protection the app's "Protect Faces"
 * window runs, on top of veil-cloak.c: one picture, a different method per
 * face, one output file, checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gunixoutputstream.h>

#include "veil-clean.h"
#include "veil-error.h"
#include "veil-cloak-private.h"
#include "veil-faces-views.h"
#include "veil-models.h"
#include "veil-temp-file.h"

char *
veil_faces_output_name (const char *src_path)
{
  g_autofree char *base = g_path_get_basename (src_path);
  g_autofree char *lower = g_ascii_strdown (base, -1);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strconcat (base, g_str_has_suffix (lower, ".png") ? ".png" : ".jpg", NULL);
}

gboolean
veil_faces_can_load (VeilFormat format)
{
  switch (format)
    {
    case VEIL_FORMAT_JPEG:
    case VEIL_FORMAT_PNG:
    case VEIL_FORMAT_WEBP:
    case VEIL_FORMAT_TIFF:
    case VEIL_FORMAT_BMP:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
run_pass (VeilEmbedder           *embedder,
          VeilFaceDetector       *detector,
          VeilImage              *image,
          GArray                 *faces,
          const VeilFacePlan     *plans,
          VeilFacePlan            plan,
          const VeilCloakOptions *options,
          GArray                 *merged,
          GError                **error)
{
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (VeilFaceResult));
  VeilCloakOptions pass = *options;

  for (guint i = 0; i < faces->len; i++)
    if (plans[i] == plan)
      {
        guint number = i + 1;
        g_array_append_val (chosen, number);
      }
  if (chosen->len == 0)
    return TRUE;
  pass.action = plan == VEIL_FACE_PLAN_CLOAK ? VEIL_FACE_CLOAK
              : plan == VEIL_FACE_PLAN_BLUR ? VEIL_FACE_BLUR : VEIL_FACE_PIXELATE;
  pass.faces = (const guint *) chosen->data;
  pass.n_faces = chosen->len;
  if (!veil_cloak_image (embedder, detector, image, faces, &pass, results, error))
    return FALSE;
  for (guint i = 0; i < faces->len && i < results->len; i++)
    if (plans[i] == plan)
      g_array_index (merged, VeilFaceResult, i) = g_array_index (results, VeilFaceResult, i);
  return TRUE;
}

GArray *
veil_faces_protect (VeilEmbedder           *embedder,
                    VeilFaceDetector       *detector,
                    const VeilImage        *original,
                    GArray                 *faces,
                    const VeilFacePlan     *plans,
                    const VeilCloakOptions *options,
                    const char             *dest_path,
                    VeilImage             **out_written,
                    GError                **error)
{
  g_autoptr(VeilImage) image = NULL;
  g_autoptr(VeilImage) written = NULL;
  g_autoptr(GArray) results = NULL;
  gboolean any = FALSE;
  static const VeilFacePlan order[] = { VEIL_FACE_PLAN_BLUR, VEIL_FACE_PLAN_PIXELATE, VEIL_FACE_PLAN_CLOAK };

  g_return_val_if_fail (detector != NULL && original != NULL && faces != NULL, NULL);
  g_return_val_if_fail (plans != NULL && options != NULL && dest_path != NULL, NULL);

  for (guint i = 0; i < faces->len; i++)
    {
      any |= plans[i] != VEIL_FACE_PLAN_LEAVE;
      if (plans[i] == VEIL_FACE_PLAN_CLOAK && embedder == NULL)
        {
          g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                       _("Cloaking needs a face-recognition model"));
          return NULL;
        }
    }
  if (!any)
    {
      g_set_error_literal (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                           _("No face is chosen to protect"));
      return NULL;
    }

  /* Every face gets a result; faces left alone keep processed = FALSE. */
  results = g_array_new (FALSE, TRUE, sizeof (VeilFaceResult));
  g_array_set_size (results, faces->len);
  for (guint i = 0; i < faces->len; i++)
    {
      VeilFaceResult *r = &g_array_index (results, VeilFaceResult, i);
      r->face = g_array_index (faces, VeilFace, i);
      r->number = i + 1;
    }

  image = veil_image_copy (original);
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
        return NULL;
      if (!run_pass (embedder, detector, image, faces, plans, order[k], options, results, error))
        return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
    return NULL;
  if (!_veil_cloak_write_output (image, dest_path, options->jpeg_quality ? options->jpeg_quality : 95, error))
    return NULL;

  /* Check what was written (after encoding), as an uploader would see it. */
  written = veil_cv_image_load (dest_path, error);
  if (written == NULL)
    return NULL;
  if (embedder != NULL && !veil_cloak_check (embedder, options, detector, original, written, results, error))
    return NULL;
  if (out_written != NULL)
    *out_written = g_steal_pointer (&written);
  return g_steal_pointer (&results);
}

static gboolean
is_onnx (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, ".onnx") && name[0] != '.';
}

char *
veil_faces_find_model (void)
{
  g_autoptr(GPtrArray) list = veil_models_load_list (NULL, NULL);
  g_autofree char *dir = veil_models_user_dir ();
  g_autofree char *best = NULL;
  g_autoptr(GDir) d = NULL;
  char *listed = veil_models_find_installed (list);
  const char *name;

  if (listed != NULL)
    return listed;
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return veil_models_shipped_path ();
  /* The first name in order, so the choice does not depend on the order
   * in which the folder lists its files. */
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!is_onnx (name) || (best != NULL && strcmp (name, best) >= 0))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_free (best);
          best = g_strdup (name);
        }
    }
  return best != NULL ? g_build_filename (dir, best, NULL) : veil_models_shipped_path ();
}

char *
veil_faces_add_model (const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(VeilEmbedder) embedder = NULL;
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(VeilTempFile) file = NULL;
  g_autofree char *dir = veil_models_user_dir ();
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dest = NULL;
  g_autoptr(GError) local = NULL;

  src = g_file_new_for_path (path);
  info = g_file_query_info (src, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR ||
      g_file_info_get_size (info) > VEIL_MODEL_MAX_SIZE)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("%s is not a face-recognition model Veil can use"), base);
      return NULL;
    }
  /* Load it once: a file the evaluator cannot run is refused here, not at
   * the first cloak. */
  embedder = veil_embedder_new (path, &local);
  if (embedder == NULL)
    {
      g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                   _("%s is not a face-recognition model Veil can use: %s"), base, local->message);
      return NULL;
    }
  if (!is_onnx (base))
    {
      g_autofree char *named = g_strconcat (base[0] == '.' ? base + 1 : base, ".onnx", NULL);
      g_free (base);
      base = g_steal_pointer (&named);
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Veil cannot create the folder %s: %s"), dir, g_strerror (err));
      return NULL;
    }
  dest = g_build_filename (dir, base, NULL);
  if (g_strcmp0 (dest, path) == 0)
    return g_steal_pointer (&dest);
  /* Copied to an unnamed temporary file, flushed, then named: a copy cut
   * short leaves nothing among the models. */
  file = veil_temp_file_new (dest, 0600, TRUE, error);
  if (file == NULL)
    return NULL;
  in = g_file_read (src, cancellable, error);
  if (in == NULL)
    return NULL;
  out = g_unix_output_stream_new (veil_temp_file_fd (file), FALSE);
  if (g_output_stream_splice (out, G_INPUT_STREAM (in), G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                              cancellable, error) < 0 ||
      !veil_temp_file_flush (file, FALSE, error) ||
      !veil_temp_file_commit (file, error))
    return NULL;
  return g_steal_pointer (&dest);
}
