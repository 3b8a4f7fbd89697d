/* veil-cli-common.c: what every `veil` command shares: option parsing,
 * progress lines, JSON output, the locale. Linked into both veil and
 * veil-data (see veil-cli.c).
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

void
veil_cli_init_locale (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

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
