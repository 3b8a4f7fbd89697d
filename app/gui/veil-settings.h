/* veil-settings.h: the app's GSettings, and where cleaned copies go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Matches the io.github.veil.Veil.OutputMode enum in the schema. */
typedef enum {
  VEIL_OUTPUT_CLEANED_FOLDER,  /* a "cleaned" folder beside each original */
  VEIL_OUTPUT_CHOSEN_FOLDER,   /* the output-folder setting */
  VEIL_OUTPUT_REPLACE,         /* overwrite the originals */
} VeilOutputMode;

GSettings *veil_settings_new             (void);
/* Whether the schema is installed (or found through GSETTINGS_SCHEMA_DIR);
 * g_settings_new() aborts without it. */
gboolean   veil_settings_schema_found    (void);
/* Where the cleaned copy of src_path goes, or NULL with an error when the
 * settings name no usable place. relative is the path below the folder the
 * photo was found in (or its base name). */
char      *veil_settings_destination_for (GSettings   *settings,
                                          const char  *src_path,
                                          const char  *relative,
                                          GError     **error);

G_END_DECLS
