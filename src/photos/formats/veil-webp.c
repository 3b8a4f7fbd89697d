/* veil-webp.c: WebP inspection and lossless cleaning.
 *
 * A WebP is a RIFF container of chunks. The cleaner copies the bitstream
 * chunks (VP8, VP8L, ALPH, and the animation frames in ANMF) byte for byte,
 * keeps the colour profile unless asked not to, drops EXIF, XMP and every
 * chunk it does not know, then writes a fresh VP8X header whose flags say
 * what is left, and a RIFF size that matches.
 *
 * Orientation: as for JPEG, an EXIF Orientation other than upright is kept
 * as a minimal EXIF chunk holding only that tag, where the old one was, so
 * viewers that honour it show the picture the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-webp"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-webp.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-icc.h"
#include "veil-trailer.h"

#define MAX_CHUNKS (1u << 20)

/* VP8X flags (WebP container spec). */
#define FLAG_ANIMATION 0x02
#define FLAG_XMP       0x04
#define FLAG_EXIF      0x08
#define FLAG_ALPHA     0x10
#define FLAG_ICC       0x20

#define VP8X_LEN 10
#define ANMF_HEADER_LEN 16

static gboolean
is (const VeilWebpChunk *chunk, const char *fourcc)
{
  return memcmp (chunk->fourcc, fourcc, 4) == 0;
}

static gboolean
is_bitstream (const VeilWebpChunk *chunk)
{
  return is (chunk, "VP8 ") || is (chunk, "VP8L") || is (chunk, "ALPH");
}

/* The size a chunk takes in the file: header, payload, pad to even. */
static guint64
chunk_size (gsize payload_len)
{
  return 8 + (guint64) payload_len + (payload_len & 1);
}

static char *
printable_fourcc (const VeilWebpChunk *chunk)
{
  char name[5];

  for (guint i = 0; i < 4; i++)
    name[i] = g_ascii_isprint (chunk->fourcc[i]) ? chunk->fourcc[i] : '?';
  name[4] = '\0';
  return g_strchomp (g_strdup (name));
}

/* Reads the chunks in [start, end) of data. The pad byte after an odd-sized
 * chunk may be missing at the very end (some writers forget it). */
static gboolean
walk_chunks (const guint8  *data,
             gsize          start,
             gsize          end,
             GArray        *out,
             guint         *count,
             GError       **error)
{
  gsize pos = start;

  while (pos < end)
    {
      VeilWebpChunk chunk = { 0 };
      guint32 size;

      if (end - pos < 8)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside a chunk header at byte %zu"), pos);
          return FALSE;
        }
      if (++*count > MAX_CHUNKS)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                       _("the file has more than %u chunks"), MAX_CHUNKS);
          return FALSE;
        }
      memcpy (chunk.fourcc, data + pos, 4);
      size = veil_read_le32 (data + pos + 4);
      if (!veil_range_ok (end, pos + 8, size))
        {
          g_autofree char *name = printable_fourcc (&chunk);
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("chunk “%s” at byte %zu declares %u bytes, past the end of the file"),
                       name, pos, size);
          return FALSE;
        }
      chunk.offset = pos;
      chunk.payload = data + pos + 8;
      chunk.payload_len = size;
      g_array_append_val (out, chunk);
      pos = (gsize) MIN ((guint64) end, pos + chunk_size (size));
    }
  return TRUE;
}

void
_veil_webp_layout_clear (VeilWebpLayout *layout)
{
  g_clear_pointer (&layout->chunks, g_array_unref);
}

static gboolean
walk_frame (const guint8         *data,
            const VeilWebpChunk  *anmf,
            GArray              **subs,
            guint                *count,
            GError              **error)
{
  gsize start = (gsize) (anmf->payload - data);

  *subs = g_array_new (FALSE, FALSE, sizeof (VeilWebpChunk));
  if (anmf->payload_len < ANMF_HEADER_LEN)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("an animation frame at byte %zu is too short"), anmf->offset);
      g_clear_pointer (subs, g_array_unref);
      return FALSE;
    }
  if (!walk_chunks (data, start + ANMF_HEADER_LEN, start + anmf->payload_len, *subs, count, error))
    {
      g_clear_pointer (subs, g_array_unref);
      return FALSE;
    }
  return TRUE;
}

gboolean
_veil_webp_parse (const guint8    *data,
                  gsize            len,
                  VeilWebpLayout  *layout,
                  GError         **error)
{
  guint32 riff_size;
  guint count = 0;
  gboolean has_image = FALSE;
  const VeilWebpChunk *first;

  memset (layout, 0, sizeof *layout);
  layout->chunks = g_array_new (FALSE, FALSE, sizeof (VeilWebpChunk));

  if (len < 12 || memcmp (data, "RIFF", 4) != 0 || memcmp (data + 8, "WEBP", 4) != 0)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a WebP file (no RIFF WEBP header)"));
      goto fail;
    }
  riff_size = veil_read_le32 (data + 4);
  if (riff_size < 4 + 8)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the RIFF header declares an impossible size (%u bytes)"), riff_size);
      goto fail;
    }
  if (!veil_range_ok (len, 8, riff_size))
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                   _("the file is cut short: its header declares %" PRIu64 " bytes, "
                     "the file holds %zu"), (guint64) riff_size + 8, len);
      goto fail;
    }
  layout->riff_end = (gsize) riff_size + 8;
  if (!walk_chunks (data, 12, layout->riff_end, layout->chunks, &count, error))
    goto fail;

  first = layout->chunks->len > 0 ? &g_array_index (layout->chunks, VeilWebpChunk, 0) : NULL;
  if (first == NULL || !(is (first, "VP8X") || is (first, "VP8 ") || is (first, "VP8L")))
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file does not start with a WebP image header"));
      goto fail;
    }
  if (is (first, "VP8X"))
    {
      if (first->payload_len < VP8X_LEN)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the extended WebP header (VP8X) is too short"));
          goto fail;
        }
      layout->extended = TRUE;
    }

  for (guint i = 0; i < layout->chunks->len; i++)
    {
      const VeilWebpChunk *chunk = &g_array_index (layout->chunks, VeilWebpChunk, i);

      if (i > 0 && is (chunk, "VP8X"))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the file has a second extended header at byte %zu"),
                       chunk->offset);
          goto fail;
        }
      if (is (chunk, "VP8 ") || is (chunk, "VP8L"))
        has_image = TRUE;
      else if (is (chunk, "ANMF"))
        {
          g_autoptr(GArray) subs = NULL;

          if (!walk_frame (data, chunk, &subs, &count, error))
            goto fail;
          for (guint j = 0; j < subs->len; j++)
            {
              const VeilWebpChunk *sub = &g_array_index (subs, VeilWebpChunk, j);
              if (is (sub, "VP8 ") || is (sub, "VP8L"))
                has_image = TRUE;
            }
        }
      /* A simple file is one bitstream; nothing after it is read. */
      if (!layout->extended && has_image)
        break;
    }

  if (!has_image)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file holds no image data"));
      goto fail;
    }
  return TRUE;

fail:
  _veil_webp_layout_clear (layout);
  return FALSE;
}

static char *
format_size (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

static const guint8 *
exif_tiff (const VeilWebpChunk *chunk, gsize *len)
{
  /* The spec says a bare TIFF block; some writers add JPEG's "Exif\0\0". */
  if (chunk->payload_len >= 6 && memcmp (chunk->payload, "Exif\0\0", 6) == 0)
    {
      *len = chunk->payload_len - 6;
      return chunk->payload + 6;
    }
  *len = chunk->payload_len;
  return chunk->payload;
}

static void
report_unknown (const VeilWebpChunk *chunk,
                const char          *where,
                VeilReport          *report)
{
  g_autofree char *name = printable_fourcc (chunk);
  g_autofree char *key = g_strdup_printf ("WebP:%s%s", where, name);
  g_autofree char *size = format_size (chunk->payload_len);

  veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                   _("Private data written by a program; viewers skip it, but it can hold anything."));
}

static gboolean
webp_inspect (const VeilSource  *source,
              VeilReport        *report,
              GError           **error)
{
  VeilWebpLayout layout;
  gboolean seen_icc = FALSE;
  guint count = 0;

  if (!_veil_webp_parse (source->data, source->len, &layout, error))
    return FALSE;

  for (guint i = 0; i < layout.chunks->len; i++)
    {
      const VeilWebpChunk *chunk = &g_array_index (layout.chunks, VeilWebpChunk, i);

      if (is (chunk, "EXIF"))
        {
          gsize tiff_len;
          const guint8 *tiff = exif_tiff (chunk, &tiff_len);
          _veil_exif_findings (tiff, tiff_len, report);
        }
      else if (is (chunk, "XMP "))
        _veil_xmp_findings ((const char *) chunk->payload, chunk->payload_len, report);
      else if (!layout.extended && i > 0)
        report_unknown (chunk, "", report); /* after a simple file's bitstream: never read */
      else if (is (chunk, "VP8X") || is (chunk, "ANIM") || is_bitstream (chunk))
        continue;
      else if (is (chunk, "ICCP") && !seen_icc)
        {
          _veil_icc_findings (chunk->payload, chunk->payload_len, report);
          seen_icc = TRUE;
        }
      else if (is (chunk, "ICCP"))
        {
          g_autofree char *size = format_size (chunk->payload_len);
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, "WebP:ICCP", size, "%s",
                           _("A colour profile that viewers ignore here; it can hold anything."));
        }
      else if (is (chunk, "ANMF"))
        {
          g_autoptr(GArray) subs = NULL;

          /* Cannot fail: the parser walked it already. */
          if (walk_frame (source->data, chunk, &subs, &count, NULL))
            for (guint j = 0; j < subs->len; j++)
              {
                const VeilWebpChunk *sub = &g_array_index (subs, VeilWebpChunk, j);
                if (!is_bitstream (sub))
                  report_unknown (sub, "ANMF/", report);
              }
        }
      else
        report_unknown (chunk, "", report);
    }

  if (layout.riff_end < source->len)
    _veil_trailer_findings (source->data + layout.riff_end, source->len - layout.riff_end, report);

  _veil_webp_layout_clear (&layout);
  return TRUE;
}

/* The clean runs twice: once to add up the RIFF size, once to write. */
typedef struct {
  VeilWriter *out;     /* NULL while measuring */
  guint64     size;
} Emit;

static gboolean
emit (Emit *e, const void *data, gsize len, GError **error)
{
  e->size += len;
  return e->out == NULL || veil_writer_write (e->out, data, len, error);
}

static gboolean
emit_chunk_header (Emit *e, const char *fourcc, guint32 payload_len, GError **error)
{
  guint8 header[8];

  memcpy (header, fourcc, 4);
  veil_write_le32 (header + 4, payload_len);
  return emit (e, header, sizeof header, error);
}

/* A chunk as it was, with a zero pad byte when its size is odd. */
static gboolean
emit_copy (Emit *e, const VeilWebpChunk *chunk, GError **error)
{
  static const guint8 pad = 0;

  return emit_chunk_header (e, chunk->fourcc, (guint32) chunk->payload_len, error) &&
         emit (e, chunk->payload, chunk->payload_len, error) &&
         ((chunk->payload_len & 1) == 0 || emit (e, &pad, 1, error));
}

/* An animation frame without its unknown chunks. Frames without any are
 * copied whole. */
static gboolean
emit_frame (Emit                *e,
            const guint8        *data,
            const VeilWebpChunk *anmf,
            GError             **error)
{
  g_autoptr(GArray) subs = NULL;
  guint64 payload_len = ANMF_HEADER_LEN;
  guint count = 0;
  gboolean all_known = TRUE;

  if (!walk_frame (data, anmf, &subs, &count, error))
    return FALSE;
  for (guint j = 0; j < subs->len; j++)
    {
      const VeilWebpChunk *sub = &g_array_index (subs, VeilWebpChunk, j);
      if (is_bitstream (sub))
        payload_len += chunk_size (sub->payload_len);
      else
        all_known = FALSE;
    }
  if (all_known)
    return emit_copy (e, anmf, error);

  if (!emit_chunk_header (e, "ANMF", (guint32) payload_len, error) ||
      !emit (e, anmf->payload, ANMF_HEADER_LEN, error))
    return FALSE;
  for (guint j = 0; j < subs->len; j++)
    {
      const VeilWebpChunk *sub = &g_array_index (subs, VeilWebpChunk, j);
      if (is_bitstream (sub) && !emit_copy (e, sub, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_body (Emit                   *e,
           const VeilSource       *source,
           const VeilWebpLayout   *layout,
           const VeilCleanOptions *options,
           GError                **error)
{
  gboolean keep_icc = FALSE;
  guint16 orientation = 0;
  guint8 flags = 0;

  if (!layout->extended)
    {
      /* A simple file is its one bitstream chunk; nothing after it counts. */
      const VeilWebpChunk *chunk = &g_array_index (layout->chunks, VeilWebpChunk, 0);
      return emit_copy (e, chunk, error);
    }

  for (guint i = 0; i < layout->chunks->len; i++)
    {
      const VeilWebpChunk *chunk = &g_array_index (layout->chunks, VeilWebpChunk, i);

      if (is (chunk, "ICCP") && !options->drop_icc && !keep_icc)
        keep_icc = TRUE;
      if (is (chunk, "EXIF") && orientation == 0)
        {
          gsize tiff_len;
          const guint8 *tiff = exif_tiff (chunk, &tiff_len);
          if (!_veil_exif_orientation (tiff, tiff_len, &orientation) || orientation == 1)
            orientation = 0;
        }
    }

  {
    const VeilWebpChunk *vp8x = &g_array_index (layout->chunks, VeilWebpChunk, 0);
    guint8 payload[VP8X_LEN];

    memcpy (payload, vp8x->payload, VP8X_LEN);
    flags = vp8x->payload[0] & (FLAG_ANIMATION | FLAG_ALPHA);
    if (keep_icc)
      flags |= FLAG_ICC;
    if (orientation != 0)
      flags |= FLAG_EXIF;
    payload[0] = flags;
    /* Bytes 1-3 are reserved and must be zero. */
    payload[1] = payload[2] = payload[3] = 0;
    if (!emit_chunk_header (e, "VP8X", VP8X_LEN, error) || !emit (e, payload, VP8X_LEN, error))
      return FALSE;
  }

  for (guint i = 1; i < layout->chunks->len; i++)
    {
      const VeilWebpChunk *chunk = &g_array_index (layout->chunks, VeilWebpChunk, i);

      if (is (chunk, "ICCP"))
        {
          if (keep_icc && !emit_copy (e, chunk, error))
            return FALSE;
          keep_icc = FALSE; /* only the first profile counts */
        }
      else if (is (chunk, "EXIF"))
        {
          if (orientation != 0)
            {
              g_autoptr(GBytes) minimal = _veil_exif_orientation_only (orientation);
              VeilWebpChunk exif = { "EXIF", 0, NULL, 0 };

              exif.payload = g_bytes_get_data (minimal, &exif.payload_len);
              if (!emit_copy (e, &exif, error))
                return FALSE;
              orientation = 0;
            }
        }
      else if (is (chunk, "ANMF"))
        {
          if (!emit_frame (e, source->data, chunk, error))
            return FALSE;
        }
      else if (is_bitstream (chunk) || is (chunk, "ANIM"))
        {
          if (!emit_copy (e, chunk, error))
            return FALSE;
        }
      /* XMP and unknown chunks: dropped. */
    }
  return TRUE;
}

static gboolean
webp_clean (const VeilSource        *source,
            VeilWriter              *out,
            const VeilCleanOptions  *options,
            GError                 **error)
{
  VeilWebpLayout layout;
  Emit measure = { NULL, 0 }, write = { out, 0 };
  guint8 header[12];
  gboolean ok = FALSE;

  if (!_veil_webp_parse (source->data, source->len, &layout, error))
    return FALSE;

  if (!emit_body (&measure, source, &layout, options, error))
    goto out;
  if (measure.size + 4 > G_MAXUINT32)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the cleaned file would be too large for WebP"));
      goto out;
    }
  memcpy (header, "RIFF", 4);
  veil_write_le32 (header + 4, (guint32) (measure.size + 4));
  memcpy (header + 8, "WEBP", 4);
  if (!veil_writer_write (out, header, sizeof header, error) ||
      !emit_body (&write, source, &layout, options, error))
    goto out;
  g_assert (write.size == measure.size);
  ok = TRUE;

out:
  _veil_webp_layout_clear (&layout);
  return ok;
}

const VeilFormatHandler _veil_webp_handler = {
  .format = VEIL_FORMAT_WEBP,
  .inspect = webp_inspect,
  .clean = webp_clean,
};
