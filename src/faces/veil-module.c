/* veil-module.c: see veil-module.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-module"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "veil-module.h"

gconstpointer
veil_module_open (const char *const *candidates,
                  gsize              n_candidates,
                  const char        *symbol,
                  int                abi,
                  const char        *what,
                  char             **load_error)
{
  g_autoptr(GString) errors = g_string_new (NULL);

  for (gsize i = 0; i < n_candidates; i++)
    {
      GModule *module;
      gconstpointer (*get) (void) = NULL;
      gconstpointer found;

      if (candidates[i] == NULL || !g_file_test (candidates[i], G_FILE_TEST_EXISTS))
        continue;
      module = g_module_open (candidates[i], G_MODULE_BIND_LOCAL);
      if (module == NULL)
        {
          g_string_append_printf (errors, "%s%s", errors->len ? "; " : "", g_module_error ());
          continue;
        }
      if (!g_module_symbol (module, symbol, (gpointer *) &get) || get == NULL ||
          (found = get ()) == NULL || *(const int *) found != abi)
        {
          g_string_append_printf (errors, "%s%s: not a matching Veil %s module",
                                  errors->len ? "; " : "", candidates[i], what);
          g_module_close (module);
          continue;
        }
      g_module_make_resident (module);
      return found;
    }
  *load_error = errors->len ? g_strdup (errors->str) : g_strdup (_("the module is not installed"));
  return NULL;
}
