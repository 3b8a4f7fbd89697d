/* veil-scan-memo.h: where a JPEG's entropy-coded scans end, remembered for
 * the parses of the same bytes that follow.
 *
 * Internal to the engine. A folder clean parses each photo up to three
 * times: for the report of what it gives away, for the clean, and to check
 * the cleaned copy. Looking through the picture data for the end of each
 * scan was most of what those parses cost. The copy is built in the
 * buffer the photo was read into, with its picture data where it was
 * (veil_writer_new_in_place), so the answer found the first time holds for
 * all three, as long as the bytes it rests on are the same: a memo is used
 * for one buffer only, and after the clean it keeps only what lies in the
 * part of the buffer the copy left as it was (veil_scan_memo_keep_within).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_SCAN_MEMO_SIZE 16   /* scans remembered: a progressive JPEG has about ten */

typedef struct {
  const guint8 *start;       /* the scan's first byte */
  const guint8 *end;         /* where it ends: the marker after it, or the end of the data */
  const guint8 *decided_by;  /* just past the last byte that answer rests on */
} VeilScanEnd;

typedef struct {
  VeilScanEnd known[VEIL_SCAN_MEMO_SIZE];
  guint       n;
} VeilScanMemo;

/* _veil_jpeg_find_scan_end (data, pos, len), from memo when it holds the
 * answer for these bytes; memo may be NULL. */
gsize _veil_scan_memo_find_end   (VeilScanMemo *memo,
                                  const guint8 *data,
                                  gsize         pos,
                                  gsize         len);
/* Forgets every answer that rests on a byte outside [from, to). */
void  _veil_scan_memo_keep_within (VeilScanMemo *memo,
                                   const guint8 *from,
                                   const guint8 *to);

G_END_DECLS
