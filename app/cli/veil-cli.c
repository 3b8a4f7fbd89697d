/* veil-cli.c: `veil`, the command line. Links the engine only, no GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "veil-cli.h"

static const VeilCliCommand commands[] = {
  { "inspect", N_("Show what photos and videos give away"), veil_cli_inspect },
  { "clean",   N_("Remove it, without re-encoding the picture"), veil_cli_clean },
  { "faces",   N_("List the faces in pictures"), veil_cli_faces },
  { "cloak",   N_("Protect faces before upload: cloak, blur or pixelate"), veil_cli_cloak },
  { "models",  N_("Face-recognition models used by “veil cloak”"), veil_cli_models },
  { "apps",    N_("See the trackers inside Android and iOS apps"), veil_cli_apps },
  { "trackers", N_("List or update the tracker list used by “veil apps”"), veil_cli_trackers },
  { "exports", N_("Read platform data exports: who has your data, who tracked you"), veil_cli_exports },
};

gboolean
veil_cli_parse (GOptionContext *context,
                int            *argc,
                char         ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("veil: %s\n", error->message);
      g_printerr (_("Try “veil %s --help”.\n"), (*argv)[0]);
      return FALSE;
    }
  return TRUE;
}

gboolean
veil_cli_show_progress (void)
{
  static int is_terminal = -1;

  if (is_terminal < 0)
    is_terminal = isatty (STDERR_FILENO);
  return is_terminal;
}

void
veil_cli_progress (guint       done,
                   guint       total,
                   const char *name)
{
  g_autofree char *base = g_path_get_basename (name);

  if (!veil_cli_show_progress ())
    return;
  fprintf (stderr, "\r\033[K[%u/%u] %s", done, total, base);
  fflush (stderr);
}

void
veil_cli_progress_end (void)
{
  if (veil_cli_show_progress ())
    fprintf (stderr, "\r\033[K");
}

void
veil_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: veil COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n\n", _("See what your files give away and take it back, on this computer."));
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “veil COMMAND --help” for the options of a command."));
  fprintf (out, "%s\n", _("Exit status: 0 all done, 1 some files failed, 2 usage error."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return VEIL_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return VEIL_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("veil %s\n", PACKAGE_VERSION);
      return VEIL_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("veil: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return VEIL_EXIT_USAGE;
}
