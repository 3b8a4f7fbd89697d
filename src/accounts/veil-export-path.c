/* veil-export-path.c: matching the paths of files inside an export
 * (suffixes, components, NFD names from macOS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

gboolean
_veil_path_ends_with (const char *name,
                      const char *tail)
{
  gsize n = strlen (name), t = strlen (tail);

  if (t > n)
    return FALSE;
  if (g_ascii_strcasecmp (name + n - t, tail) != 0)
    return FALSE;
  return t == n || name[n - t - 1] == '/';
}

const char *
_veil_path_basename (const char *name)
{
  const char *slash = strrchr (name, '/');

  return slash != NULL ? slash + 1 : name;
}

/* Case- and normalisation-insensitive: macOS zips names in NFD. */
static char *
fold (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (nfc != NULL ? nfc : text, -1);
}

gboolean
_veil_path_has_component (const char         *name,
                          const char * const *components)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = fold (parts[i]);

      for (guint j = 0; components[j] != NULL; j++)
        {
          g_autofree char *want = fold (components[j]);

          if (g_str_equal (part, want))
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
_veil_names_any_suffix (GPtrArray          *names,
                        const char * const *tails)
{
  for (guint i = 0; i < names->len; i++)
    for (guint j = 0; tails[j] != NULL; j++)
      if (_veil_path_ends_with (g_ptr_array_index (names, i), tails[j]))
        return TRUE;
  return FALSE;
}
