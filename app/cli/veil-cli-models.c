/* veil-cli-models.c: `veil models`: list, download and look into the
 * face-recognition models `veil cloak` uses. In veil-data (see veil-cli.c),
 * since downloading needs libcurl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>

#include <glib/gi18n.h>

#include "veil-cli.h"
#include "veil-models.h"
#include "veil-onnx.h"

static void
on_fetch_progress (gint64 received, gint64 total, gpointer user_data)
{
  if (total > 0)
    fprintf (stderr, "\r\033[K%s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " kB (%d%%)",
             (const char *) user_data, received / 1024, total / 1024, (int) (100 * received / total));
  else
    fprintf (stderr, "\r\033[K%s: %" G_GINT64_FORMAT " kB", (const char *) user_data, received / 1024);
  fflush (stderr);
}

static int
models_list (GPtrArray *list)
{
  g_autofree char *dir = veil_models_user_dir ();
  g_autofree char *shipped = veil_models_shipped_path ();

  /* TRANSLATORS: the model that comes with Veil */
  printf ("%s (%s)\n  %s\n  %s: %s\n  %s: %s\n", VEIL_SHIPPED_MODEL_FILE,
          shipped ? _("shipped with Veil") : _("shipped with Veil, but missing from this installation"),
          shipped ? shipped : "", _("License"), VEIL_SHIPPED_MODEL_LICENSE, _("Input"),
          "1x3x112x112 RGB, (x-127)/128, 5-point ArcFace alignment; 512-d embedding; match threshold 0.30");
  for (guint i = 0; i < list->len; i++)
    {
      const VeilKnownModel *m = g_ptr_array_index (list, i);
      g_autofree char *path = g_build_filename (dir, m->file, NULL);
      gboolean have = g_file_test (path, G_FILE_TEST_IS_REGULAR);

      printf ("%s (%s)\n  %s\n  %" G_GINT64_FORMAT " bytes, SHA-256 %s\n  %s: %s\n  %s: %s\n",
              m->name, have ? _("downloaded") : _("not downloaded; “veil models fetch” gets it"), m->url, m->size, m->sha256,
              _("License"), m->license, _("Input"), m->input);
    }
  return VEIL_EXIT_OK;
}

int
veil_cli_models (int argc, char **argv)
{
  g_autofree char *list_path = NULL;
  g_autofree char *dest_dir = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "list", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &list_path, NULL, NULL },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dest_dir, N_("Download into DIR instead of the user data folder"), N_("DIR") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("list | fetch [NAME] | ops FILE — face-recognition models for cloaking"));
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *cmd;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  cmd = args && args[0] ? args[0] : "list";

  if (g_str_equal (cmd, "ops"))
    {
      g_autoptr(VeilOnnxModel) m = NULL;
      g_autofree char *summary = NULL;

      if (args[1] == NULL)
        {
          g_printerr (_("veil models ops: name an ONNX file\n"));
          return VEIL_EXIT_USAGE;
        }
      m = veil_onnx_model_load (args[1], &error);
      if (m == NULL)
        {
          g_printerr ("veil: %s\n", error->message);
          return VEIL_EXIT_FAILED;
        }
      summary = veil_onnx_model_summary (m);
      printf (_("%s: ONNX IR %" PRId64 ", opset %" PRId64 ", %u nodes, %u weights\n%s\n"),
              args[1], m->ir_version, m->opset, m->nodes->len, m->initializers->len, summary);
      return VEIL_EXIT_OK;
    }

  list = veil_models_load_list (list_path, &error);
  if (list == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }
  if (g_str_equal (cmd, "list"))
    return models_list (list);
  if (g_str_equal (cmd, "fetch"))
    {
      const char *name = args[1];
      const VeilKnownModel *chosen = NULL;
      g_autofree char *dir = dest_dir ? g_strdup (dest_dir) : veil_models_user_dir ();
      g_autofree char *dest = NULL;

      for (guint i = 0; i < list->len && chosen == NULL; i++)
        {
          const VeilKnownModel *m = g_ptr_array_index (list, i);
          if (name == NULL || g_str_equal (name, m->name))
            chosen = m;
        }
      if (chosen == NULL)
        {
          g_printerr (_("veil models fetch: no model named “%s” (see “veil models list”)\n"), name);
          return VEIL_EXIT_USAGE;
        }
      fprintf (stderr, _("Downloading %s from %s\nLicense: %s\n"), chosen->name, chosen->url, chosen->license);
      if (!veil_models_fetch (chosen, dir, on_fetch_progress, chosen->name, NULL, &error))
        {
          fprintf (stderr, "\n");
          g_printerr ("veil: %s\n", error->message);
          return VEIL_EXIT_FAILED;
        }
      fprintf (stderr, "\n");
      dest = g_build_filename (dir, chosen->file, NULL);
      printf (_("%s: saved as %s (SHA-256 checked)\n"), chosen->name, dest);
      return VEIL_EXIT_OK;
    }
  g_printerr (_("veil models: unknown action “%s” (list, fetch or ops)\n"), cmd);
  return VEIL_EXIT_USAGE;
}
