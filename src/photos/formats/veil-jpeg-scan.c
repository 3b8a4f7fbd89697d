/* veil-jpeg-scan.c: where a JPEG's entropy-coded data ends.
 *
 * Every byte of a photo's picture data passes through here, twice per clean
 * (the original, then the cleaned copy when it is checked), so this is the
 * one loop in the cleaner where speed shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "veil-jpeg.h"

static gboolean
is_data_after_ff (guint8 byte)
{
  /* A stuffed zero, a reserved marker (damage that decoders step over) or a
   * restart marker: all part of the data. */
  return byte < 0xC0 || (byte >= 0xD0 && byte <= 0xD7);
}

/* Decides the 0xFF at `at`. Returns TRUE when the scan ends there, with
 * *after set to where: at, before a marker (fill bytes 0xFF may come
 * first), or len when the 0xFFs run to the end. Otherwise the 0xFF (and any
 * fill bytes) belongs to the data, and *after is just past the data byte
 * that follows it. */
static inline gboolean
scan_ends_at (const guint8 *data,
              gsize         at,
              gsize         len,
              gsize        *after)
{
  gsize next = at + 1;

  while (next < len && data[next] == 0xFF)
    next++;
  if (next >= len)
    *after = len;
  else if (!is_data_after_ff (data[next]))
    *after = at;
  else
    {
      *after = next + 1;
      return FALSE;
    }
  return TRUE;
}

gsize
_veil_jpeg_find_scan_end_bytewise (const guint8 *data,
                                   gsize         pos,
                                   gsize         len)
{
  while (pos < len)
    {
      const guint8 *ff = memchr (data + pos, 0xFF, len - pos);

      if (ff == NULL)
        return len;
      if (scan_ends_at (data, (gsize) (ff - data), len, &pos))
        return pos;
    }
  return len;
}

#ifdef __SSE2__
/* The bits of 16 bytes from p that are 0xFF followed by a byte >= 0xC0: the
 * only places a scan can end. In photo data a 0xFF comes every 200 bytes or
 * so and is nearly always a stuffed zero, so most blocks have none and are
 * passed over whole, where memchr() would stop at each 0xFF. */
static inline guint
marker_candidates (const guint8 *p)
{
  const __m128i all_ff = _mm_set1_epi8 ((char) 0xFF);
  const __m128i sign = _mm_set1_epi8 ((char) 0x80);
  const __m128i below_c0 = _mm_set1_epi8 ((char) (0xBF ^ 0x80));
  __m128i here = _mm_loadu_si128 ((const __m128i *) p);
  __m128i next = _mm_loadu_si128 ((const __m128i *) (p + 1));
  /* SSE2 compares signed bytes: flipping the sign bit makes it unsigned. */
  __m128i next_high = _mm_cmpgt_epi8 (_mm_xor_si128 (next, sign), below_c0);

  return (guint) _mm_movemask_epi8 (_mm_and_si128 (_mm_cmpeq_epi8 (here, all_ff), next_high));
}
#endif

/* Entropy-coded data runs until a 0xFF that is followed by neither a stuffed
 * zero nor a restart marker (fill bytes 0xFF may precede the marker). A
 * reserved marker (0x01-0xBF) cannot end a scan: it is damage inside the
 * data, which decoders step over, so it is kept as data (byte for byte).
 * Returns the offset of the ending marker's first 0xFF, or len. */
gsize
_veil_jpeg_find_scan_end (const guint8 *data,
                          gsize         pos,
                          gsize         len)
{
#ifdef __SSE2__
  /* 32 bytes at a time while 33 can be read (each byte's successor too). */
  while (len >= 33 && pos <= len - 33)
    {
      guint candidates = marker_candidates (data + pos) | (marker_candidates (data + pos + 16) << 16);
      gsize resume = pos + 32;

      for (; candidates != 0; candidates &= candidates - 1)
        {
          gsize at = pos + (gsize) __builtin_ctz (candidates);
          gsize after;

          if (scan_ends_at (data, at, len, &after))
            return after;
          /* A restart marker goes on to the next candidate; fill bytes and
           * then data go on after it (the fill bytes are candidates too). */
          if (after > at + 2)
            {
              resume = after;
              break;
            }
        }
      pos = resume;
    }
#endif
  return _veil_jpeg_find_scan_end_bytewise (data, pos, len);
}
