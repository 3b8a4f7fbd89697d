/* veil-bmff.h: a bounds-checked box reader for ISO base media files
 * (HEIF, AVIF, MP4, MOV, 3GP), shared by veil-heif.c and veil-mp4.c.
 *
 * Internal to the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-types.h"
#include "veil-report.h"
#include "veil-writer.h"

G_BEGIN_DECLS

#define VEIL_FOURCC(a, b, c, d) \
  (((guint32) (guint8) (a) << 24) | ((guint32) (guint8) (b) << 16) | \
   ((guint32) (guint8) (c) << 8) | (guint32) (guint8) (d))

/* Limits against hostile files: nesting and children per container. */
#define VEIL_BMFF_MAX_DEPTH    16
#define VEIL_BMFF_MAX_CHILDREN 100000

typedef struct {
  guint32 type;
  guint8  uuid[16];   /* when type is 'uuid' */
  guint64 offset;     /* where the box starts in the buffer */
  guint64 size;       /* the whole box, header included */
  guint32 header;     /* 8, 16 with a 64-bit size, +16 for a uuid */
} VeilBox;

static inline guint64 veil_box_payload (const VeilBox *box) { return box->offset + box->header; }
static inline guint64 veil_box_end (const VeilBox *box) { return box->offset + box->size; }
static inline guint64 veil_box_payload_len (const VeilBox *box) { return box->size - box->header; }

typedef struct {
  const guint8 *data;
  gsize         len;
  guint64       pos;
  guint64       end;
  guint         count;
  gboolean      top_level;  /* size 0 ("to the end") is allowed only here */
} VeilBoxIter;

/* Iterates over the boxes in [start, end) of data. */
void     _veil_box_iter_init (VeilBoxIter   *iter,
                              const guint8  *data,
                              gsize          len,
                              guint64        start,
                              guint64        end,
                              gboolean       top_level);
/* TRUE with the next box; FALSE at the end (error unset) or on a box that
 * does not fit its parent (error set). */
gboolean _veil_box_iter_next (VeilBoxIter   *iter,
                              VeilBox       *box,
                              GError       **error);
/* The children of a container box, after skip bytes of its payload (4 for
 * a full box such as meta). */
void     _veil_box_iter_children (VeilBoxIter   *iter,
                                  const guint8  *data,
                                  gsize          len,
                                  const VeilBox *parent,
                                  guint64        skip);
/* Version and flags of a full box; FALSE when the payload is too short. */
gboolean _veil_box_full (const guint8  *data,
                         const VeilBox *box,
                         guint8        *version,
                         guint32       *flags);
/* Whether a box type is four letters, digits, spaces or "©" (every box
 * type writers use); anything else is not a box. */
gboolean _veil_box_type_plausible (guint32 type);
/* Where the top-level boxes end: the start of vendor data appended after
 * the last box (Samsung's SEFH/SEFT trailer, padding), as a JPEG can have
 * after its end; len when there is none. Unknown bytes that are not boxes
 * are left for the box reader to refuse. */
gsize    _veil_bmff_boxes_end (const guint8 *data,
                               gsize         len);
/* "moov", or "©xyz" with the copyright sign, or hex for other bytes. */
char    *_veil_fourcc_str (guint32 type);

/* The QuickTime ISO 6709 string ("+48.8584+002.2945/") made readable. */
char    *_veil_iso6709_describe (const char *text);

/* For motion photos (veil-mp4.c): the length of the MP4 that starts at
 * data (top-level boxes up to the first thing that is not a box). */
gsize    _veil_mp4_embedded_length (const guint8  *data,
                                    gsize          len);
/* Findings of an embedded MP4, each key prefixed with prefix. */
gboolean _veil_mp4_embedded_findings (const guint8  *data,
                                      gsize          len,
                                      const char    *prefix,
                                      VeilReport    *report,
                                      GError       **error);
/* Writes the embedded MP4, cleaned. */
gboolean _veil_mp4_clean_embedded (const guint8            *data,
                                   gsize                    len,
                                   VeilWriter              *out,
                                   const VeilCleanOptions  *options,
                                   GError                 **error);

/* Keys of findings about a video's creation/modification times
 * (mvhd/tkhd/mdhd) contain this, so a clean with keep_media_times can let
 * them through. */
#define VEIL_MEDIA_TIME_KEY "QuickTime:MediaTime"

G_END_DECLS
