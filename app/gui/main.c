/* main.c: `veil-app`, the GNOME app. `veil` is the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-app"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "veil-application.h"
#include "veil-settings.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VeilApplication) app = NULL;

  veil_application_mark_main ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* The .ui templates are translated through the default domain. */
  textdomain (GETTEXT_PACKAGE);

  /* g_settings_new() aborts without its schema; say how to fix it instead. */
  if (!veil_settings_schema_found ())
    {
      g_printerr (_("veil-app: the settings schema %s is not installed. To run from the build folder, "
                    "use `meson devenv -C BUILDDIR veil-app` or set GSETTINGS_SCHEMA_DIR=BUILDDIR/data.\n"),
                  APP_ID);
      return 1;
    }

  app = veil_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
