/* veil-inspect-private.h: shared by inspect and clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "veil-handler.h"

G_BEGIN_DECLS

/* Files up to this size are read into a buffer of their own (a GBytes from
 * g_malloc'd memory, so g_bytes_unref_to_data () takes it without a copy);
 * larger ones are mapped read-only. */
#define VEIL_READ_LIMIT (64 * 1024 * 1024)

/* A regular file's bytes (read, or mapped when large); refuses empty files,
 * folders, devices. */
GBytes                  *_veil_load_file         (const char        *path,
                                                  GStatBuf          *out_stat,
                                                  GError           **error);
/* The handler for this data, or an UNSUPPORTED error naming the format. */
const VeilFormatHandler *_veil_handler_for_data  (const guint8      *data,
                                                  gsize              len,
                                                  const char        *name,
                                                  GError           **error);
VeilReport              *_veil_inspect_source    (const VeilFormatHandler *handler,
                                                  const VeilSource  *source,
                                                  GError           **error);

G_END_DECLS
