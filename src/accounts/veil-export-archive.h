/* veil-export-archive.h: reading the files of an export, straight from its
 * ZIP (or tar) or from a folder, one at a time and streaming: nothing is
 * extracted to disk and no file is held whole in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Over this ratio of output to compressed input, after the first
 * VEIL_EXPORT_BOMB_FLOOR bytes, an entry is treated as a decompression bomb.
 * Real JSON compresses 5–30×. */
#define VEIL_EXPORT_BOMB_RATIO 200
#define VEIL_EXPORT_BOMB_FLOOR ((guint64) 64 * 1024 * 1024)
/* No single file of a real export comes near this. */
#define VEIL_EXPORT_MAX_ENTRY  ((guint64) 16 * 1024 * 1024 * 1024)

typedef struct _VeilExportStream VeilExportStream;

typedef struct {
  const char *name;       /* path inside the export, '/' separated, never absolute or with .. */
  const char *container;  /* the archive or folder it was read from */
  gint64      size;       /* declared size, -1 when unknown */
  gint64      mtime;      /* Unix seconds, 0 when unknown */
} VeilExportEntry;

/* Reads up to len bytes; 0 at the end; -1 with error set. */
gssize   veil_export_stream_read     (VeilExportStream  *stream,
                                      guint8            *buf,
                                      gsize              len,
                                      GError           **error);
/* The whole entry, refused with VEIL_EXPORT_ERROR_TOO_LARGE over max bytes. */
GBytes  *veil_export_stream_read_all (VeilExportStream  *stream,
                                      gsize              max,
                                      GError           **error);
/* TRUE once the archive itself failed (cut short, bomb): nothing after this
 * entry can be read. */
gboolean veil_export_stream_is_broken (VeilExportStream  *stream);
/* A stream over memory, for tests and fuzzing. */
VeilExportStream *veil_export_stream_new_memory (const guint8 *data,
                                                 gsize         len);
void              veil_export_stream_free       (VeilExportStream *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilExportStream, veil_export_stream_free)

/* Called for every file; the stream is read only when it returns TRUE. */
typedef gboolean (*VeilExportWantFunc)  (const VeilExportEntry *entry,
                                         gpointer               user_data);
/* FALSE with error stops the walk. */
typedef gboolean (*VeilExportEntryFunc) (const VeilExportEntry *entry,
                                         VeilExportStream      *stream,
                                         gpointer               user_data,
                                         GError               **error);

/* Appends the name of every file in the archive or folder to names. */
gboolean veil_export_list (const char    *path,
                           GPtrArray     *names,
                           GCancellable  *cancellable,
                           GError       **error);
/* Calls want for each file, and func for each file want accepts, in
 * archive order. */
gboolean veil_export_walk (const char           *path,
                           VeilExportWantFunc    want,
                           VeilExportEntryFunc   func,
                           gpointer              user_data,
                           GCancellable         *cancellable,
                           GError              **error);
/* The same over an archive held in memory (tests, fuzzing). */
gboolean veil_export_walk_memory (const guint8         *data,
                                  gsize                 len,
                                  VeilExportWantFunc    want,
                                  VeilExportEntryFunc   func,
                                  gpointer              user_data,
                                  GError              **error);

G_END_DECLS
