/* veil-settings.c: the app's GSettings, and where cleaned copies go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-core.h"
#include "veil-settings.h"

GSettings *
veil_settings_new (void)
{
  return g_settings_new (APP_ID);
}

gboolean
veil_settings_schema_found (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return FALSE;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema != NULL;
}

char *
veil_settings_destination_for (GSettings   *settings,
                               const char  *src_path,
                               const char  *relative,
                               GError     **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (src_path != NULL, NULL);

  switch ((VeilOutputMode) g_settings_get_enum (settings, "output-mode"))
    {
    case VEIL_OUTPUT_REPLACE:
      return veil_destination_for (src_path, relative, VEIL_DESTINATION_IN_PLACE, NULL);

    case VEIL_OUTPUT_CHOSEN_FOLDER:
      folder = g_settings_get_string (settings, "output-folder");
      if (folder[0] == '\0' || !g_path_is_absolute (folder))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a folder for cleaned copies in Preferences first."));
          return NULL;
        }
      return veil_destination_for (src_path, relative, VEIL_DESTINATION_OUTPUT_DIR, folder);

    case VEIL_OUTPUT_CLEANED_FOLDER:
    default:
      /* Same layout as `veil clean`: DIR/cleaned/NAME. */
      return veil_destination_for (src_path, relative, VEIL_DESTINATION_CLEANED_FOLDER, NULL);
    }
}
