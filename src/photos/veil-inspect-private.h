/* veil-inspect-private.h: shared by inspect and clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "veil-handler.h"

G_BEGIN_DECLS

/* Files up to this size are read into memory; larger ones are mapped
 * read-only. */
#define VEIL_READ_LIMIT (64 * 1024 * 1024)

/* Memory that files are read into, one after another. A batch of cleans
 * keeps a few, so that each photo is read into pages already faulted in
 * (huge pages past 2 MB, see veil-inspect.c) whatever malloc's settings. */
typedef struct {
  guint8 *data;
  gsize   size;  /* allocated */
  gsize   len;   /* of the file last read into it */
} VeilReadBuffer;

void                     _veil_read_buffer_free  (VeilReadBuffer    *buffer);

/* A regular file's bytes (read, or mapped when large); refuses empty files,
 * folders, devices. */
GBytes                  *_veil_load_file         (const char        *path,
                                                  GStatBuf          *out_stat,
                                                  GError           **error);
/* The same, read into buffer (grown as needed): *mapped is set instead
 * when the file is larger than VEIL_READ_LIMIT. */
gboolean                 _veil_read_file         (const char        *path,
                                                  GStatBuf          *out_stat,
                                                  VeilReadBuffer    *buffer,
                                                  GBytes           **mapped,
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
