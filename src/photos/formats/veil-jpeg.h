/* veil-jpeg.h: the JPEG segment walker, shared by the cleaner, the fuzzer
 * and formats that embed JPEGs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-scan-memo.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_JPEG_PART_SEGMENT,   /* a marker with its length and payload */
  VEIL_JPEG_PART_STANDALONE,/* a marker without payload (RSTn, TEM) */
  VEIL_JPEG_PART_ENTROPY,   /* entropy-coded scan data after an SOS */
} VeilJpegPartKind;

typedef struct {
  VeilJpegPartKind kind;
  guint8           marker;   /* 0xE1 for APP1; 0 for entropy data */
  gsize            offset;   /* of the 0xFF of the marker, or of the data */
  gsize            size;     /* whole part: marker, length and payload */
  const guint8    *payload;  /* after the length field */
  gsize            payload_len;
} VeilJpegPart;

typedef struct {
  GArray *parts;         /* element-type VeilJpegPart, SOI and EOI excluded */
  gsize   eoi_end;       /* offset just after the EOI marker */
  gsize   skipped_bytes; /* stray bytes between segments, ignored */
} VeilJpegLayout;

/* Walks the file from SOI to EOI. Errors (VEIL_METADATA_ERROR_TRUNCATED or
 * _MALFORMED) say what is wrong and where; they carry no file name. */
gboolean _veil_jpeg_parse       (const guint8   *data,
                                 gsize           len,
                                 VeilJpegLayout *layout,
                                 GError        **error);
/* The same, with the ends of the scans taken from, and added to, scans
 * (veil-scan-memo.h; NULL: none). */
gboolean _veil_jpeg_parse_remembering (const guint8   *data,
                                       gsize           len,
                                       VeilScanMemo   *scans,
                                       VeilJpegLayout *layout,
                                       GError        **error);
void     _veil_jpeg_layout_clear (VeilJpegLayout *layout);

/* Where the entropy-coded data that starts at pos ends: the offset of the
 * marker after it, or len (veil-jpeg-scan.c). The bytewise version is the
 * plain reference the fast one is tested against. */
gsize    _veil_jpeg_find_scan_end          (const guint8 *data,
                                            gsize         pos,
                                            gsize         len);
gsize    _veil_jpeg_find_scan_end_bytewise (const guint8 *data,
                                            gsize         pos,
                                            gsize         len);

G_END_DECLS
