/* veil-writer.h: where a cleaner writes its output.
 *
 * A buffered sequential writer over a file descriptor or a memory buffer, so
 * format cleaners never deal with partial writes, EINTR or temp files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VeilWriter VeilWriter;

/* Writes all of data to fd, going on after short writes and EINTR.
 * Returns 0, or the errno that stopped it. */
int         veil_write_fully       (int          fd,
                                    const void  *data,
                                    gsize        len);

VeilWriter *veil_writer_new_memory (void);
/* A memory writer for a cleaner whose source buffer may be overwritten:
 * while the output is "some bytes, then one run of the source's own bytes
 * (the picture data, mostly), then some bytes", the run is not copied, and
 * veil_writer_finish () puts the bytes around it in place, inside source.
 * Any other output is gathered in memory as usual. Source must stay valid
 * and unused by anyone else until the output has been used. */
VeilWriter *veil_writer_new_in_place (guint8 *source,
                                      gsize   len);
/* Memory writers: the whole output, contiguous (for an in-place writer,
 * usually inside its source); valid until the writer is freed. */
const guint8 *veil_writer_finish   (VeilWriter  *writer,
                                    gsize       *len);
/* After finish: the part of an in-place writer's source that the output
 * holds where it was, its bytes untouched ([*from, *to)); empty when the
 * output is elsewhere. */
void        veil_writer_untouched  (VeilWriter    *writer,
                                    const guint8 **from,
                                    const guint8 **to);
VeilWriter *veil_writer_new_fd     (int          fd,
                                    const char  *name);
gboolean    veil_writer_write      (VeilWriter  *writer,
                                    const void  *data,
                                    gsize        len,
                                    GError     **error);
/* len zero bytes: what the box-keeping cleaners (HEIF, MP4) write over the
 * metadata they blank without moving anything. */
gboolean    veil_writer_write_zeros (VeilWriter *writer,
                                     guint64     len,
                                     GError    **error);
guint64     veil_writer_tell       (VeilWriter  *writer);
gboolean    veil_writer_flush      (VeilWriter  *writer,
                                    GError     **error);
/* Memory writers only: the bytes written so far. */
GBytes     *veil_writer_steal_bytes (VeilWriter *writer);
void        veil_writer_free       (VeilWriter  *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilWriter, veil_writer_free)

G_END_DECLS
