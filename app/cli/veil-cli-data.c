/* veil-cli-data.c: veil-data, the half of `veil` that needs libcurl,
 * libarchive and SQLite: `veil apps`, `trackers`, `exports` and `models`.
 * veil hands these commands over to it with exec (see veil-cli.c); it is
 * installed in libexecdir, not meant to be run by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-cli.h"

static const VeilCliCommand commands[] = {
#define RUN_HERE(name, summary, run) { name, summary, run },
  VEIL_DATA_COMMANDS (RUN_HERE)
#undef RUN_HERE
};

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
