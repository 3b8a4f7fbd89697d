/* veil-scan-memo.c: see veil-scan-memo.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "veil-jpeg.h"
#include "veil-scan-memo.h"

gsize
_veil_scan_memo_find_end (VeilScanMemo *memo,
                          const guint8 *data,
                          gsize         pos,
                          gsize         len)
{
  const guint8 *limit = data + len;
  gsize end, decided;

  for (guint i = 0; memo != NULL && i < memo->n; i++)
    {
      const VeilScanEnd *k = &memo->known[i];

      if (k->start != data + pos)
        continue;
      /* A scan that ran to the end of the data holds only for the same end;
       * one that ended at a marker, for any data that still holds it. */
      if (k->end == k->decided_by ? limit == k->decided_by : limit >= k->decided_by)
        return (gsize) (k->end - data);
    }
  end = _veil_jpeg_find_scan_end (data, pos, len);
  if (memo == NULL || memo->n == VEIL_SCAN_MEMO_SIZE)
    return end;
  /* The answer rests on the bytes up to the marker's code, past any fill
   * bytes (0xFF) before it. */
  decided = end;
  if (end < len)
    {
      decided = end + 1;
      while (decided < len && data[decided] == 0xFF)
        decided++;
      decided = MIN (decided + 1, len);
    }
  memo->known[memo->n++] = (VeilScanEnd) { data + pos, data + end, data + decided };
  return end;
}

void
_veil_scan_memo_keep_within (VeilScanMemo *memo,
                             const guint8 *from,
                             const guint8 *to)
{
  guint kept = 0;

  if (memo == NULL)
    return;
  for (guint i = 0; i < memo->n; i++)
    if (memo->known[i].start >= from && memo->known[i].decided_by <= to)
      memo->known[kept++] = memo->known[i];
  memo->n = kept;
}
