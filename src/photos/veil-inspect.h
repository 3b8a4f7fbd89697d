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
/* The same, and sets *out_format to the format the file's content is in,
 * also when it returns NULL: after a VEIL_METADATA_ERROR_UNSUPPORTED error
 * it names the format Veil does not clean (VEIL_FORMAT_UNKNOWN for one it
 * does not know, or a file it could not read), so a caller need not read
 * the file again to say which. */
VeilReport *veil_inspect_file_full (const char    *path,
                                    VeilFormat    *out_format,
                                    GError       **error);
VeilReport *veil_inspect_data (const guint8  *data,
                               gsize          len,
                               const char    *name,
                               GError       **error);

/* Whether Veil can clean files of this format. */
gboolean    veil_format_is_supported (VeilFormat format);

G_END_DECLS
