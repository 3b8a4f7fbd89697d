/* veil-cli-faces.c: `veil faces` and `veil cloak`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-cli.h"
#include "veil-cli-files.h"
#include "veil-cli-video.h"
#include "veil-cloak.h"
#include "veil-destination.h"
#include "veil-format.h"
#include "veil-models.h"
#include "veil-onnx.h"

/* Default home of protected copies: a folder beside the originals. */

static VeilFaceDetector *
open_detector (void)
{
  g_autofree char *path = veil_cloak_default_detector_path ();
  g_autoptr(GError) error = NULL;
  VeilFaceDetector *d;

  if (path == NULL)
    {
      g_printerr (_("veil: the face detector model is not installed\n"));
      return NULL;
    }
  veil_cv_init (1);
  d = veil_face_detector_new (path, 0.7f, &error);
  if (d == NULL)
    g_printerr ("veil: %s\n", error->message);
  return d;
}

/* By content, never by name: what the face features can read (OpenCV's
 * formats, and HEIC/AVIF through libheif). */
static gboolean
is_picture (const char *path)
{
  guint8 head[64];
  gssize n = -1;
  FILE *f = fopen (path, "rb");

  if (f != NULL)
    {
      n = (gssize) fread (head, 1, sizeof head, f);
      fclose (f);
    }
  switch (n > 0 ? veil_format_detect (head, (gsize) n) : VEIL_FORMAT_UNKNOWN)
    {
    case VEIL_FORMAT_JPEG: case VEIL_FORMAT_PNG: case VEIL_FORMAT_WEBP:
    case VEIL_FORMAT_TIFF: case VEIL_FORMAT_BMP:
    case VEIL_FORMAT_HEIF: case VEIL_FORMAT_AVIF:
      return TRUE;
    default:
      return FALSE;
    }
}

int
veil_cli_faces (int argc, char **argv)
{
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — list the faces in pictures, or the people in videos"));
  g_autoptr(VeilFaceDetector) detector = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil faces: name at least one picture or folder\n"));
      return VEIL_EXIT_USAGE;
    }
  files = veil_cli_collect_files (paths, VEIL_CLEANED_DIR, &n_failed);
  for (guint i = 0; i < files->len; i++)
    {
      const VeilCliFile *file = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilImage) image = NULL;
      g_autoptr(GArray) faces = NULL;

      if (veil_cli_is_video (file))
        {
          n_failed += !veil_cli_video_faces (file->path);
          continue;
        }
      if (!file->named && !is_picture (file->path))
        continue;
      /* Opened at the first picture: videos use their own (see veil-cli-video.c). */
      if (detector == NULL && (detector = open_detector ()) == NULL)
        return VEIL_EXIT_FAILED;
      image = veil_cv_image_load (file->path, &error);
      if (image != NULL)
        faces = veil_face_detector_detect (detector, image, &error);
      if (faces == NULL)
        {
          g_printerr ("veil: %s\n", error->message);
          n_failed++;
          continue;
        }
      printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d×%d): %u face\n", "%s (%d×%d): %u faces\n", faces->len),
              file->path, image->width, image->height, faces->len);
      for (guint k = 0; k < faces->len; k++)
        {
          const VeilFace *f = &g_array_index (faces, VeilFace, k);
          printf (_("  %u: at %.0f,%.0f size %.0f×%.0f, score %.2f\n"),
                  k + 1, f->x, f->y, f->width, f->height, f->score);
        }
    }
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}

static gboolean
parse_faces (const char *text, GArray *out)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || g_str_equal (text, "all"))
    return TRUE;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 v;
      guint n;
      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 10000, &v, NULL))
        return FALSE;
      n = (guint) v;
      g_array_append_val (out, n);
    }
  return out->len > 0;
}

static void
on_cloak_progress (guint face, guint n_faces, guint step, guint n_steps, gpointer user_data)
{
  const char *name = user_data;

  if (!veil_cli_show_progress ())
    return;
  fprintf (stderr, _("\r\033[K%s: face %u of %u, step %u of %u"), name, face + 1, n_faces, step + 1, n_steps);
  fflush (stderr);
}

/* Where cleaned copies go (veil-destination.h): protected copies are the
 * photo's copy for upload, so they go to the same folder and name, except
 * the suffix: PNG stays lossless PNG; everything else (HEIC, WebP, TIFF,
 * …) becomes JPEG at quality 95, which every site takes. */
static char *
cloak_destination (const VeilCliFile *file, const char *output_dir)
{
  g_autofree char *dest = veil_destination_for (file->path, file->relative,
                                                output_dir != NULL ? VEIL_DESTINATION_OUTPUT_DIR
                                                                   : VEIL_DESTINATION_CLEANED_FOLDER,
                                                output_dir);
  g_autofree char *lower = g_ascii_strdown (dest, -1);
  char *slash = strrchr (dest, '/');
  char *dot = strrchr (dest, '.');

  if (dot != NULL && (slash == NULL || dot > slash))
    *dot = '\0';
  return g_strconcat (dest, g_str_has_suffix (lower, ".png") ? ".png" : ".jpg", NULL);
}

static void
print_check (const VeilModelCheck *mc)
{
  if (!mc->found)
    {
      printf (_("    %s: no face is detected there any more\n"), mc->model);
      return;
    }
  /* TRANSLATORS: per model: the similarity of the original re-saved alone,
   * of the protected copy, and of the protected copy re-saved */
  printf (_("    %s: similarity to the original %.2f before, %.2f after, %.2f after a JPEG re-save — %s\n"),
          mc->model, mc->before, mc->after, mc->after_jpeg,
          mc->would_match ? _("a matcher at its usual threshold would STILL match it")
                          : _("a matcher at its usual threshold would not match it"));
}

static void
print_result (const VeilFaceResult *r, VeilFaceAction action)
{
  gboolean any_held = FALSE, any_crafted = FALSE;

  if (!r->processed)
    {
      printf (_("  face %u: left as it is\n"), r->number);
      return;
    }
  if (action == VEIL_FACE_CLOAK)
    {
      printf (_("  face %u: cloaked in %.1f s (%u steps); change on the face: mean ΔE %.2f "
                "(colour %.2f, 95%% of pixels under %.2f), DSSIM %.4f, at most %.0f of 255\n"),
              r->number, r->seconds, r->steps, r->mean_de, r->chroma_de, r->p95_de, r->face_dssim, r->face_linf);
      for (guint k = 0; k < r->n_models; k++)
        if (r->models[k].forward_ms > 0)
          printf (_("    %s: %.0f ms forward + %.0f ms backward per view\n"), r->models[k].model,
                  r->models[k].forward_ms, r->models[k].backward_ms);
    }
  else
    printf (action == VEIL_FACE_BLUR ? _("  face %u: blurred\n") : _("  face %u: pixelated\n"), r->number);

  if (!r->checked)
    {
      printf (_("    check: skipped (no face-recognition model)\n"));
      return;
    }
  for (guint k = 0; k < r->n_models; k++)
    {
      any_held |= !r->models[k].crafted;
      any_crafted |= r->models[k].crafted;
    }
  if (any_held)
    {
      printf ("  %s\n", _("check with a model the cloak was not made with (the honest estimate):"));
      for (guint k = 0; k < r->n_models; k++)
        if (!r->models[k].crafted)
          print_check (&r->models[k]);
    }
  if (any_crafted)
    {
      printf ("  %s\n", _("check with the models the cloak was made with (the favourable case):"));
      for (guint k = 0; k < r->n_models; k++)
        if (r->models[k].crafted)
          print_check (&r->models[k]);
    }
}

/* Opens each model; NULL (and a message) on the first that fails. */
static GPtrArray *
open_models (char **paths)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_embedder_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      VeilEmbedder *e = veil_embedder_new (paths[i], &error);
      if (e == NULL)
        {
          g_printerr ("veil: %s\n", error->message);
          return NULL;
        }
      g_ptr_array_add (models, e);
    }
  return g_steal_pointer (&models);
}

int
veil_cli_cloak (int argc, char **argv)
{
  g_auto(GStrv) paths = NULL;
  g_auto(GStrv) model_paths = NULL;
  g_autofree char *check_with = NULL;
  g_autofree char *strength_text = NULL, *faces_text = NULL, *output_dir = NULL;
  g_autofree char *description = NULL;
  gboolean blur = FALSE, pixelate = FALSE;
  int steps = 0, seed = 0;
  const GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &model_paths, N_("Face-recognition model to craft against (ONNX); repeat to add more (default: the shipped model and any you fetched)"), N_("FILE") },
    { "check-with", 0, 0, G_OPTION_ARG_FILENAME, &check_with, N_("Hold this model back: craft with the others, check with this one (an honest estimate)"), N_("FILE") },
    { "strength", 0, 0, G_OPTION_ARG_STRING, &strength_text, N_("low, default or high (see below)"), N_("LEVEL") },
    { "faces", 0, 0, G_OPTION_ARG_STRING, &faces_text, N_("Which faces: all, or numbers from “veil faces” (1,3)"), N_("LIST") },
    { "blur", 0, 0, G_OPTION_ARG_NONE, &blur, N_("Blur the faces instead: certain, and visible"), NULL },
    { "pixelate", 0, 0, G_OPTION_ARG_NONE, &pixelate, N_("Pixelate the faces instead: certain, and visible"), NULL },
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, N_("Write the protected copies here (default: the “cleaned” folder beside each picture or video, where cleaned copies go)"), N_("DIR") },
    { "steps", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &steps, NULL, NULL },
    { "seed", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &seed, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — protect faces before you upload a picture"));
  g_autoptr(VeilFaceDetector) detector = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(VeilEmbedder) held_back = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  VeilCloakOptions options = { 0 };
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  description = g_strdup_printf ("%s\n\n  low:     %s\n  default: %s\n  high:    %s",
    _("Cloaking changes a face a little, so that matching it by today's face-recognition "
      "systems becomes less likely. It is not a guarantee: newer or adapted systems may "
      "still recognise the person. Blur or pixelate when it must be certain."),
    veil_cloak_strength_describe (VEIL_CLOAK_LOW), veil_cloak_strength_describe (VEIL_CLOAK_DEFAULT),
    veil_cloak_strength_describe (VEIL_CLOAK_HIGH));
  g_option_context_set_description (context, description);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil cloak: name at least one picture or folder\n"));
      return VEIL_EXIT_USAGE;
    }
  if (!veil_cloak_strength_from_string (strength_text, &options.strength))
    {
      g_printerr (_("veil cloak: --strength must be low, default or high\n"));
      return VEIL_EXIT_USAGE;
    }
  if (!parse_faces (faces_text, chosen))
    {
      g_printerr (_("veil cloak: --faces must be “all” or face numbers such as 1,3\n"));
      return VEIL_EXIT_USAGE;
    }
  if (blur && pixelate)
    {
      g_printerr (_("veil cloak: choose --blur or --pixelate, not both\n"));
      return VEIL_EXIT_USAGE;
    }
  options.action = blur ? VEIL_FACE_BLUR : pixelate ? VEIL_FACE_PIXELATE : VEIL_FACE_CLOAK;
  options.faces = chosen->len ? (const guint *) chosen->data : NULL;
  options.n_faces = chosen->len;
  options.steps = (guint) MAX (steps, 0);
  options.seed = (guint32) seed;

  if (model_paths == NULL)
    {
      /* the shipped model and every fetched one, less the held-back one */
      g_autoptr(GPtrArray) list = veil_models_load_list (NULL, NULL);
      g_autoptr(GPtrArray) set = veil_models_default_set (list);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_autofree char *held = check_with ? g_canonicalize_filename (check_with, NULL) : NULL;

      for (guint i = 0; i < set->len; i++)
        {
          g_autofree char *p = g_canonicalize_filename (g_ptr_array_index (set, i), NULL);
          if (held == NULL || !g_str_equal (p, held))
            g_strv_builder_add (b, g_ptr_array_index (set, i));
        }
      model_paths = g_strv_builder_end (b);
    }
  if ((model_paths == NULL || model_paths[0] == NULL) && options.action == VEIL_FACE_CLOAK)
    {
      g_printerr (check_with ? _("veil cloak: no model is left to craft with once --check-with holds one back; "
                                 "add one with --model FILE.\n")
                             : _("veil cloak: no face-recognition model found (the one Veil ships is missing); "
                                 "pass --model FILE.\n"));
      return VEIL_EXIT_FAILED;
    }
  if (g_strv_length (model_paths) > VEIL_CLOAK_MAX_MODELS)
    {
      g_printerr (_("veil cloak: at most %d models\n"), VEIL_CLOAK_MAX_MODELS);
      return VEIL_EXIT_USAGE;
    }
  files = veil_cli_collect_files (paths, VEIL_CLEANED_DIR, &n_failed);
  for (guint i = 0; i < files->len; i++)
    {
      const VeilCliFile *file = g_ptr_array_index (files, i);
      g_autofree char *dest = NULL, *dir = NULL, *base = NULL;
      g_autoptr(GArray) results = NULL;
      g_autoptr(GError) file_error = NULL;

      if (veil_cli_is_video (file))
        {
          n_failed += !veil_cli_video_cloak (file->path, output_dir, VEIL_CLEANED_DIR, options.action,
                                             options.faces, options.n_faces);
          continue;
        }
      if (!file->named && !is_picture (file->path))
        continue;
      if (detector == NULL && (detector = open_detector ()) == NULL)
        return VEIL_EXIT_FAILED;
      /* Blur and pixelate work without a model; with one, they are checked
       * too. Opened for the first picture: videos never need them. */
      if (models == NULL)
        {
          if ((models = open_models (model_paths)) == NULL)
            return VEIL_EXIT_FAILED;
          if (check_with != NULL && (held_back = veil_embedder_new (check_with, &error)) == NULL)
            {
              g_printerr ("veil: %s\n", error->message);
              return VEIL_EXIT_FAILED;
            }
          options.more_models = models->len > 1 ? (VeilEmbedder *const *) models->pdata + 1 : NULL;
          options.n_more_models = models->len > 1 ? models->len - 1 : 0;
          options.held_back = held_back;
        }
      dest = cloak_destination (file, output_dir);
      dir = g_path_get_dirname (dest);
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved = errno;
          g_printerr (_("veil: cannot create the folder %s: %s\n"), dir, g_strerror (saved));
          n_failed++;
          continue;
        }
      base = g_path_get_basename (file->path);
      options.progress = on_cloak_progress;
      options.progress_data = base;
      results = veil_cloak_file (models->len ? g_ptr_array_index (models, 0) : NULL, detector, file->path, dest, &options, &file_error);
      veil_cli_progress_end ();
      if (results == NULL)
        {
          g_printerr ("veil: %s\n", file_error->message);
          n_failed++;
          continue;
        }
      if (results->len == 0)
        {
          printf (_("%s: no face found; nothing written\n"), file->path);
          continue;
        }
      printf ("%s → %s\n", file->path, dest);
      for (guint k = 0; k < results->len; k++)
        print_result (&g_array_index (results, VeilFaceResult, k), options.action);
    }
  if (options.action == VEIL_FACE_CLOAK)
    printf ("%s\n", _("Cloaking makes matching by today's recognition systems less likely; it is not a "
                      "guarantee. Use --blur or --pixelate to hide a face for certain."));
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}
