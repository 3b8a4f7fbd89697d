/* veil-cli-data.c: veil-data, the part of `veil` that needs more than GLib
 * and libexif: `veil faces` and `cloak` (GIO, json-glib, OpenCV when a face
 * is looked for), `apps`, `trackers`, `exports` and `models` (libcurl,
 * libarchive, SQLite). veil hands these commands over to it with exec (see
 * veil-cli.c); it is installed in libexecdir, not meant to be run by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "veil-cli-data.h"

static const VeilCliCommand commands[] = {
#define RUN_HERE(name, summary, run) { name, summary, run },
  VEIL_DATA_COMMANDS (RUN_HERE)
#undef RUN_HERE
};

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

int
main (int    argc,
      char **argv)
{
  veil_cli_init_locale ();

  for (gsize i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);
  g_printerr (_("veil-data: run this through “veil”, for example “veil apps FILE”\n"));
  return VEIL_EXIT_USAGE;
}
