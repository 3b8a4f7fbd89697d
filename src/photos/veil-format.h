/* veil-format.h: recognise a file's format from its first bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-types.h"

G_BEGIN_DECLS

VeilFormat   veil_format_detect (const guint8 *data,
                                 gsize         len);
const char  *veil_format_name   (VeilFormat    format);
/* A file-name suffix for cleaned copies, without the dot ("jpg"). */
const char  *veil_format_suffix (VeilFormat    format);

G_END_DECLS
