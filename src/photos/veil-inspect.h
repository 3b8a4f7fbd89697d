/* veil-inspect.h: what does this file give away?
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* Reads a photo or video and lists every finding. Errors name the file:
 * G_FILE_ERROR for I/O, VEIL_METADATA_ERROR for unsupported or broken files. */
VeilReport *veil_inspect_file (const char    *path,
                               GError       **error);
VeilReport *veil_inspect_data (const guint8  *data,
                               gsize          len,
                               const char    *name,
                               GError       **error);

/* Whether Veil can clean files of this format. */
gboolean    veil_format_is_supported (VeilFormat format);

G_END_DECLS
