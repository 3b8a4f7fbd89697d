/* veil-cli.c: `veil`, the command line. Links the engine only, no GTK.
 *
 * The photo commands (inspect, clean) run in this program, which links only
 * what they need (GLib, libexif) and so starts in under 2 ms, as fast as
 * cp. The others need more: GIO and json-glib for the faces (1.1 ms more),
 * and libcurl, libarchive and SQLite for apps, trackers, exports and models
 * (about 10 ms). They run in veil-data, a second program this one hands
 * over to with exec, so a user still types `veil COMMAND` for all. A face
 * command then takes about 12 ms longer to start, next to the hundreds of
 * milliseconds that finding faces takes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "veil-cli.h"

static const VeilCliCommand commands[] = {
  { "inspect", N_("Show what photos and videos give away"), veil_cli_inspect },
  { "clean",   N_("Remove it, without re-encoding the picture"), veil_cli_clean },
  /* In veil-data (run: NULL). */
#define HANDED_OVER(name, summary, run) { name, summary, NULL },
  VEIL_DATA_COMMANDS (HANDED_OVER)
#undef HANDED_OVER
};

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

/* Hands the whole command line over to veil-data: the copy beside this
 * program when there is one (a build tree), else the installed one. */
static int
run_in_veil_data (char **argv)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = dir != NULL ? g_build_filename (dir, "veil-data", NULL) : NULL;
  const char *path = VEIL_DATA_INSTALLED;
  int saved;

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
    path = beside;
  fflush (stdout);
  execv (path, argv);
  saved = errno;
  g_printerr (_("veil: cannot run %s: %s\n"), path, g_strerror (saved));
  return VEIL_EXIT_FAILED;
}

int
main (int    argc,
      char **argv)
{
  veil_cli_init_locale ();
#ifdef __GLIBC__
  /* `veil inspect` reads each photo into a buffer of its size (a clean
   * keeps its own buffers for the batch: VeilReadBuffer). By default glibc
   * maps buffers over 128 kB afresh and unmaps them when freed, so every
   * photo would fault in and zero new pages. Keep freed memory for the
   * next photo instead. */
  mallopt (M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif

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
      return commands[i].run != NULL ? commands[i].run (argc - 1, argv + 1)
                                     : run_in_veil_data (argv);

  g_printerr (_("veil: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return VEIL_EXIT_USAGE;
}
