/* veil-jpeg.c: JPEG inspection and lossless cleaning.
 *
 * The file is rewritten segment by segment. The entropy-coded data (the
 * picture itself) is copied byte for byte; every metadata segment and any
 * data after the End-Of-Image marker are dropped. What display needs stays:
 * the JFIF header (without its thumbnail), the Adobe colour-transform segment,
 * the ICC profile unless the user asks to drop it, and the orientation.
 *
 * Orientation: Veil writes a minimal EXIF block holding only the Orientation
 * tag rather than rotating the pixels. A lossless rotation (jpegtran-style)
 * is only lossless when the size is a multiple of the MCU; otherwise it must
 * trim edge pixels or re-encode the edge blocks, and it changes the scan
 * data we promise to keep byte-identical. A 34-byte tag reveals nothing
 * about the person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-jpeg"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-jpeg.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"
#include "veil-trailer.h"
#include "veil-bmff.h"

#define M_SOI  0xD8
#define M_EOI  0xD9
#define M_SOS  0xDA
#define M_APP0 0xE0
#define M_APP1 0xE1
#define M_APP2 0xE2
#define M_APP12 0xEC
#define M_APP13 0xED
#define M_APP14 0xEE
#define M_COM  0xFE

static const char EXIF_ID[] = "Exif\0\0";                             /* 6 bytes */
static const char XMP_ID[] = "http://ns.adobe.com/xap/1.0/";           /* + NUL */
static const char XMP_EXT_ID[] = "http://ns.adobe.com/xmp/extension/"; /* + NUL */
static const char ICC_ID[] = "ICC_PROFILE";                            /* + NUL */
static const char PS_ID[] = "Photoshop 3.0";                           /* + NUL */

static gboolean
payload_starts (const VeilJpegPart *part, const char *id, gsize id_len)
{
  return part->payload_len >= id_len && memcmp (part->payload, id, id_len) == 0;
}

#define HAS_ID(part, id) payload_starts ((part), (id), sizeof (id))

static gboolean
is_standalone_marker (guint8 marker)
{
  return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

void
_veil_jpeg_layout_clear (VeilJpegLayout *layout)
{
  g_clear_pointer (&layout->parts, g_array_unref);
}

gboolean
_veil_jpeg_parse (const guint8    *data,
                  gsize            len,
                  VeilJpegLayout  *layout,
                  GError         **error)
{
  return _veil_jpeg_parse_remembering (data, len, NULL, layout, error);
}

gboolean
_veil_jpeg_parse_remembering (const guint8    *data,
                              gsize            len,
                              VeilScanMemo    *scans,
                              VeilJpegLayout  *layout,
                              GError         **error)
{
  gsize pos = 2;
  gboolean seen_frame = FALSE, seen_scan = FALSE;

  memset (layout, 0, sizeof *layout);
  layout->parts = g_array_new (FALSE, FALSE, sizeof (VeilJpegPart));

  if (len < 4 || data[0] != 0xFF || data[1] != M_SOI)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a JPEG file (no start-of-image marker)"));
      goto fail;
    }

  for (;;)
    {
      VeilJpegPart part = { 0 };
      gsize start;
      guint8 marker;

      if (pos >= len)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short: it ends before the end-of-image marker"));
          goto fail;
        }
      if (data[pos] != 0xFF)
        {
          /* Stray bytes between segments: decoders skip them, so do we. */
          const guint8 *ff = memchr (data + pos, 0xFF, len - pos);
          gsize next = ff != NULL ? (gsize) (ff - data) : len;
          layout->skipped_bytes += next - pos;
          pos = next;
          continue;
        }
      start = pos;
      while (pos < len && data[pos] == 0xFF)
        pos++;
      if (pos >= len)
        continue; /* reported as truncated above */
      marker = data[pos++];

      if (marker == M_EOI)
        {
          layout->eoi_end = pos;
          break;
        }
      if (marker == M_SOI || marker == 0x00)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("unexpected marker 0x%02X at byte %zu"), marker, start);
          goto fail;
        }
      if (is_standalone_marker (marker))
        {
          part.kind = VEIL_JPEG_PART_STANDALONE;
          part.marker = marker;
          part.offset = start;
          part.size = pos - start;
          g_array_append_val (layout->parts, part);
          continue;
        }
      if (pos + 2 > len)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside a segment"));
          goto fail;
        }
      {
        gsize seglen = veil_read_be16 (data + pos);
        if (seglen < 2)
          {
            g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                         _("segment 0x%02X at byte %zu has an impossible length"),
                         marker, start);
            goto fail;
          }
        if (!veil_range_ok (len, pos, seglen))
          {
            g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                         _("the file is cut short inside segment 0x%02X"), marker);
            goto fail;
          }
        part.kind = VEIL_JPEG_PART_SEGMENT;
        part.marker = marker;
        part.offset = start;
        part.payload = data + pos + 2;
        part.payload_len = seglen - 2;
        pos += seglen;
        part.size = pos - start;
        g_array_append_val (layout->parts, part);
      }

      if ((marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC))
        seen_frame = TRUE;

      if (marker == M_SOS)
        {
          VeilJpegPart scan = { 0 };
          gsize end;

          if (!seen_frame)
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                           _("image data starts before the frame header"));
              goto fail;
            }
          seen_scan = TRUE;
          end = _veil_scan_memo_find_end (scans, data, pos, len);
          scan.kind = VEIL_JPEG_PART_ENTROPY;
          scan.offset = pos;
          scan.size = end - pos;
          scan.payload = data + pos;
          scan.payload_len = scan.size;
          g_array_append_val (layout->parts, scan);
          pos = end;
        }
    }

  if (!seen_scan)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file holds no image data"));
      goto fail;
    }
  return TRUE;

fail:
  _veil_jpeg_layout_clear (layout);
  return FALSE;
}

static char *
format_size (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

/* ICC profiles larger than 64 KB are split over several APP2 segments,
 * each with a sequence number; put them back together in order. */
static GByteArray *
collect_icc (const VeilJpegLayout *layout)
{
  GByteArray *icc = NULL;
  guint expected = 0;

  for (guint seq = 1; seq <= 255; seq++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < layout->parts->len; i++)
        {
          const VeilJpegPart *part = &g_array_index (layout->parts, VeilJpegPart, i);

          if (part->marker != M_APP2 || !HAS_ID (part, ICC_ID) || part->payload_len < 14)
            continue;
          if (part->payload[12] != seq)
            continue;
          if (icc == NULL)
            {
              icc = g_byte_array_new ();
              expected = part->payload[13];
            }
          g_byte_array_append (icc, part->payload + 14, part->payload_len - 14);
          found = TRUE;
          break;
        }
      if (!found || seq >= expected)
        break;
    }
  return icc;
}

static void
inspect_app0 (const VeilJpegPart *part, VeilReport *report)
{
  static const char JFIF_ID[] = "JFIF";
  static const char JFXX_ID[] = "JFXX";

  if (HAS_ID (part, JFIF_ID))
    {
      if (part->payload_len >= 14 && part->payload[12] > 0 && part->payload[13] > 0)
        {
          g_autofree char *value = g_strdup_printf ("%u × %u pixels",
                                                    part->payload[12], part->payload[13]);
          veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "JFIF:Thumbnail", value,
                           _("A small copy of the picture inside the JFIF header; it may show the photo before it was edited."));
        }
    }
  else if (HAS_ID (part, JFXX_ID))
    {
      g_autofree char *size = format_size (part->payload_len);
      veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "JFXX:Thumbnail", size,
                       _("A small copy of the picture; it may show the photo before it was edited."));
    }
  else
    {
      g_autofree char *size = format_size (part->payload_len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "JPEG:APP0", size,
                       _("Extra data written by the camera or software."));
    }
}

static void
inspect_app1 (const VeilJpegPart *part, VeilReport *report)
{
  if (payload_starts (part, EXIF_ID, 6))
    _veil_exif_findings (part->payload + 6, part->payload_len - 6, report);
  else if (HAS_ID (part, XMP_ID))
    _veil_xmp_findings ((const char *) part->payload + sizeof XMP_ID,
                        part->payload_len - sizeof XMP_ID, report);
  else if (HAS_ID (part, XMP_EXT_ID))
    ; /* put together with the other chunks: see extended_xmp_findings */
  else
    {
      g_autofree char *size = format_size (part->payload_len);
      g_autofree char *id = g_strndup ((const char *) part->payload, MIN (part->payload_len, 32));
      g_autofree char *key = g_strdup_printf ("JPEG:APP1 %s", id);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size,
                       _("Vendor data from the camera or software; it can hold device details."));
    }
}

/* Extended XMP (XMP specification part 3, 1.1.3.1): a packet too big for
 * one APP1 segment is cut into chunks, each after a header of the GUID of
 * the whole packet (32 hex digits), its full length and the chunk's offset
 * in it (big-endian 32-bit). The main packet names the GUID readers should
 * use (xmpNote:HasExtendedXMP), but every packet in the file is removed, so
 * all are read, whatever their GUID. Writers store chunks in any order, and
 * damaged files repeat, overlap or lose some: the chunks are put together
 * in offset order up to the first gap, so a damaged packet is still read as
 * far as it goes. */
#define EXT_HEADER        40                  /* GUID, full length, offset */
#define MAX_EXT_PACKET    (64 * 1024 * 1024)  /* bytes per packet */
#define MAX_EXT_GUIDS     16

typedef struct {
  guint32       offset;
  const guint8 *data;
  gsize         len;
} ExtChunk;

typedef struct {
  char     guid[33];
  guint32  full_len;
  GArray  *chunks;   /* ExtChunk */
  gsize    stored;   /* bytes in the file, for the finding */
} ExtPacket;

static int
ext_chunk_cmp (gconstpointer a, gconstpointer b)
{
  const ExtChunk *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The chunks in order, overlaps skipped, up to the first gap or full_len. */
static GByteArray *
ext_assemble (ExtPacket *packet, gboolean *complete)
{
  GByteArray *xml = g_byte_array_new ();
  gsize end = 0;

  g_array_sort (packet->chunks, ext_chunk_cmp);
  for (guint i = 0; i < packet->chunks->len && end < packet->full_len; i++)
    {
      const ExtChunk *c = &g_array_index (packet->chunks, ExtChunk, i);
      gsize skip, take;

      if (c->offset > end)
        break;                                  /* a chunk is missing */
      skip = end - c->offset;
      if (skip >= c->len)
        continue;                               /* already have all of it */
      take = MIN (c->len - skip, packet->full_len - end);
      g_byte_array_append (xml, c->data + skip, (guint) take);
      end += take;
    }
  *complete = end == packet->full_len;
  return xml;
}

static void
extended_xmp_findings (const VeilJpegLayout *layout, VeilReport *report)
{
  ExtPacket packets[MAX_EXT_GUIDS];
  guint n_packets = 0, dropped = 0;

  for (guint i = 0; i < layout->parts->len; i++)
    {
      const VeilJpegPart *part = &g_array_index (layout->parts, VeilJpegPart, i);
      const guint8 *h;
      ExtPacket *packet = NULL;
      ExtChunk chunk;
      guint32 full_len;

      if (part->kind != VEIL_JPEG_PART_SEGMENT || part->marker != M_APP1 || !HAS_ID (part, XMP_EXT_ID))
        continue;
      h = part->payload + sizeof XMP_EXT_ID;
      if (part->payload_len - sizeof XMP_EXT_ID < EXT_HEADER)
        {
          dropped++;
          continue;
        }
      full_len = veil_read_be32 (h + 32);
      chunk.offset = veil_read_be32 (h + 36);
      chunk.data = h + EXT_HEADER;
      chunk.len = part->payload_len - sizeof XMP_EXT_ID - EXT_HEADER;

      for (guint p = 0; p < n_packets && packet == NULL; p++)
        if (memcmp (packets[p].guid, h, 32) == 0)
          packet = &packets[p];
      if (packet == NULL)
        {
          if (n_packets == MAX_EXT_GUIDS)
            {
              dropped++;
              continue;
            }
          packet = &packets[n_packets++];
          memcpy (packet->guid, h, 32);
          packet->guid[32] = '\0';
          packet->full_len = MIN (full_len, MAX_EXT_PACKET);
          packet->chunks = g_array_new (FALSE, FALSE, sizeof (ExtChunk));
          packet->stored = 0;
        }
      packet->stored += part->payload_len;
      if (chunk.len > 0)
        g_array_append_val (packet->chunks, chunk);
    }

  for (guint p = 0; p < n_packets; p++)
    {
      g_autoptr(GByteArray) xml = NULL;
      g_autofree char *size = format_size (packets[p].stored);
      gboolean complete;

      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:Extended", size,
                       _("A continuation of the XMP metadata, big enough to hold editing history, depth maps or other pictures."));
      xml = ext_assemble (&packets[p], &complete);
      if (!complete)
        g_debug ("extended XMP %s: %u of %u bytes in one piece", packets[p].guid,
                 xml->len, packets[p].full_len);
      if (xml->len > 0)
        _veil_xmp_findings ((const char *) xml->data, xml->len, report);
      g_array_unref (packets[p].chunks);
    }
  if (dropped > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u damaged part",
                                                             "%u damaged parts", dropped), dropped);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:Extended", value,
                       _("A continuation of the XMP metadata, big enough to hold editing history, depth maps or other pictures."));
    }
}

static void
inspect_app2 (const VeilJpegPart *part, VeilReport *report)
{
  static const char MPF_ID[] = "MPF";
  static const char FPXR_ID[] = "FPXR";

  if (HAS_ID (part, ICC_ID))
    return; /* reported whole, once, by collect_icc */
  if (HAS_ID (part, MPF_ID))
    {
      guint32 count = 0;
      const guint8 *t = part->payload + 4;
      gsize tlen = part->payload_len - 4;

      /* MPF is a TIFF block; tag 0xB001 NumberOfImages in the first IFD. */
      if (tlen >= 10 && (t[0] == 'I' || t[0] == 'M'))
        {
          gboolean le = t[0] == 'I';
          guint32 ifd = le ? veil_read_le32 (t + 4) : veil_read_be32 (t + 4);
          if (veil_range_ok (tlen, ifd, 2))
            {
              guint n = le ? veil_read_le16 (t + ifd) : veil_read_be16 (t + ifd);
              for (guint i = 0; i < n && veil_range_ok (tlen, ifd + 2 + i * 12, 12); i++)
                {
                  const guint8 *e = t + ifd + 2 + i * 12;
                  if ((le ? veil_read_le16 (e) : veil_read_be16 (e)) == 0xB001)
                    count = le ? veil_read_le32 (e + 8) : veil_read_be32 (e + 8);
                }
            }
        }
      if (count > 1)
        {
          g_autofree char *value = g_strdup_printf (_("%u pictures"), count);
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, "MPF:NumberOfImages", value,
                           _("The file holds %u more pictures after this one (previews, depth or HDR data), each with its own metadata."),
                           count - 1);
        }
      else
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "MPF", _("multi-picture index"),
                         _("An index of extra pictures stored in the file."));
    }
  else if (HAS_ID (part, FPXR_ID))
    {
      g_autofree char *size = format_size (part->payload_len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "FlashPix:FPXR", size,
                       _("FlashPix data from the camera; it can hold audio notes or a preview."));
    }
  else
    {
      g_autofree char *size = format_size (part->payload_len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "JPEG:APP2", size,
                       _("Vendor data from the camera or software; it can hold device details."));
    }
}

static void
inspect_vendor_app (const VeilJpegPart *part, VeilReport *report)
{
  g_autofree char *size = format_size (part->payload_len);
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  gsize n = 0;

  /* Most vendor segments start with a short ASCII identifier. */
  while (n < part->payload_len && n < 24 && g_ascii_isprint (part->payload[n]))
    n++;
  name = n >= 3 ? g_strndup ((const char *) part->payload, n) : NULL;
  key = name != NULL ? g_strdup_printf ("JPEG:APP%u %s", part->marker - M_APP0, name)
                     : g_strdup_printf ("JPEG:APP%u", part->marker - M_APP0);

  if (part->marker == M_APP12 && name != NULL && g_str_has_prefix (name, "Ducky"))
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, key, size,
                     _("Written by Photoshop's “Save for Web”; it can hold a comment and a copyright line."));
  else if (part->marker == M_APP12)
    veil_report_add (report, VEIL_CATEGORY_DEVICE, key, size,
                     _("Camera information written by the device (model, settings, sometimes a serial number)."));
  else
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size,
                     _("Vendor data from the camera or software; it can hold device details or another picture."));
}

static void
inspect_comment (const VeilJpegPart *part, VeilReport *report)
{
  g_autofree char *text = g_strndup ((const char *) part->payload, part->payload_len);
  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "JPEG:Comment", text,
                   _("A text comment anyone can read; it can hold names, notes or the software used."));
}

/* A motion photo's video: an MP4 starting with an ftyp box soon after the
 * picture's end (at once for Google's MVIMG / MicroVideo, after a
 * "MotionPhoto_Data" tag for Samsung, whose SEFH/SEFT index follows it). */
static gboolean
find_motion_video (const guint8 *trailer,
                   gsize         len,
                   gsize        *start,
                   gsize        *mp4_len)
{
  gsize limit = MIN (len, 65536);
  const guint8 *p = trailer;

  while (limit - (gsize) (p - trailer) >= 4 &&
         (p = memmem (p, limit - (gsize) (p - trailer), "ftyp", 4)) != NULL)
    {
      gsize at = (gsize) (p - trailer);

      if (at >= 4)
        {
          *mp4_len = _veil_mp4_embedded_length (trailer + at - 4, len - at + 4);
          if (*mp4_len > 0)
            {
              *start = at - 4;
              return TRUE;
            }
        }
      p++;
    }
  return FALSE;
}

static gboolean
jpeg_inspect (const VeilSource  *source,
              VeilReport        *report,
              GError           **error)
{
  VeilJpegLayout layout;
  g_autoptr(GByteArray) icc = NULL;

  if (!_veil_jpeg_parse_remembering (source->data, source->len, source->scans, &layout, error))
    return FALSE;

  for (guint i = 0; i < layout.parts->len; i++)
    {
      const VeilJpegPart *part = &g_array_index (layout.parts, VeilJpegPart, i);

      if (part->kind != VEIL_JPEG_PART_SEGMENT)
        continue;
      switch (part->marker)
        {
        case M_APP0:  inspect_app0 (part, report); break;
        case M_APP1:  inspect_app1 (part, report); break;
        case M_APP2:  inspect_app2 (part, report); break;
        case M_APP13:
          if (HAS_ID (part, PS_ID))
            _veil_irb_findings (part->payload + sizeof PS_ID,
                                part->payload_len - sizeof PS_ID, report);
          else
            inspect_vendor_app (part, report);
          break;
        case M_APP14:
          break; /* Adobe colour transform: needed to show the colours */
        case M_COM:   inspect_comment (part, report); break;
        default:
          if (part->marker >= 0xE3 && part->marker <= 0xEF)
            inspect_vendor_app (part, report);
          break;
        }
    }

  extended_xmp_findings (&layout, report);
  icc = collect_icc (&layout);
  if (icc != NULL)
    _veil_icc_findings (icc->data, icc->len, report);

  if (layout.eoi_end < source->len)
    {
      const guint8 *trailer = source->data + layout.eoi_end;
      gsize trailer_len = source->len - layout.eoi_end, start, mp4_len;

      _veil_trailer_findings (trailer, trailer_len, report);
      /* The video has findings of its own (its location, its dates). */
      if (find_motion_video (trailer, trailer_len, &start, &mp4_len) &&
          !_veil_mp4_embedded_findings (trailer + start, mp4_len, "MotionPhoto:", report, NULL))
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "MotionPhoto:Damaged", NULL,
                         _("The motion photo's video does not read back; Veil cannot tell what it holds."));
    }

  _veil_jpeg_layout_clear (&layout);
  return TRUE;
}

static gboolean
write_segment (VeilWriter   *out,
               guint8        marker,
               const guint8 *payload,
               gsize         payload_len,
               GError      **error)
{
  guint8 header[4] = { 0xFF, marker, 0, 0 };

  g_assert (payload_len + 2 <= G_MAXUINT16);
  veil_write_be16 (header + 2, (guint16) (payload_len + 2));
  return veil_writer_write (out, header, 4, error) &&
         veil_writer_write (out, payload, payload_len, error);
}

/* The JFIF header stays (pixel density, version) but loses its thumbnail. */
static gboolean
write_jfif (VeilWriter         *out,
            const VeilSource   *source,
            const VeilJpegPart *part,
            GError            **error)
{
  guint8 jfif[14];

  if (part->payload_len < 14)
    return veil_writer_write (out, source->data + part->offset, part->size, error);
  memcpy (jfif, part->payload, 12);
  jfif[12] = 0;
  jfif[13] = 0;
  return write_segment (out, M_APP0, jfif, sizeof jfif, error);
}

static gboolean
write_orientation (VeilWriter *out, guint16 orientation, GError **error)
{
  g_autoptr(GBytes) tiff = _veil_exif_orientation_only (orientation);
  g_autoptr(GByteArray) payload = g_byte_array_new ();
  gsize tiff_len;
  const guint8 *tiff_data = g_bytes_get_data (tiff, &tiff_len);

  g_byte_array_append (payload, (const guint8 *) EXIF_ID, 6);
  g_byte_array_append (payload, tiff_data, tiff_len);
  return write_segment (out, M_APP1, payload->data, payload->len, error);
}

static gboolean
keep_segment (const VeilJpegPart *part, const VeilCleanOptions *options)
{
  guint8 m = part->marker;

  if (part->kind != VEIL_JPEG_PART_SEGMENT)
    return TRUE;          /* entropy data and restart markers */
  if (m >= 0xC0 && m <= 0xDF)
    return TRUE;          /* SOFn, DHT, DAC, SOS, DQT, DNL, DRI, DHP, EXP */
  if (m == M_APP14)
    return TRUE;          /* Adobe: colour transform */
  if (m == M_APP2 && HAS_ID (part, ICC_ID))
    return !options->drop_icc;
  return FALSE;           /* APPn, COM, JPG extensions */
}

static gboolean
jpeg_clean (const VeilSource        *source,
            VeilWriter              *out,
            const VeilCleanOptions  *options,
            GError                 **error)
{
  static const guint8 soi[] = { 0xFF, M_SOI }, eoi[] = { 0xFF, M_EOI };
  VeilJpegLayout layout;
  guint16 orientation = 0;
  gboolean ok = FALSE;
  guint first = 0;

  if (!_veil_jpeg_parse_remembering (source->data, source->len, source->scans, &layout, error))
    return FALSE;

  for (guint i = 0; i < layout.parts->len && orientation == 0; i++)
    {
      const VeilJpegPart *part = &g_array_index (layout.parts, VeilJpegPart, i);
      if (part->marker == M_APP1 && payload_starts (part, EXIF_ID, 6))
        _veil_exif_orientation (part->payload + 6, part->payload_len - 6, &orientation);
    }

  if (!veil_writer_write (out, soi, sizeof soi, error))
    goto out;
  /* JFIF must stay the first segment when there is one. */
  if (layout.parts->len > 0)
    {
      const VeilJpegPart *part = &g_array_index (layout.parts, VeilJpegPart, 0);
      if (part->marker == M_APP0 && payload_starts (part, "JFIF", 5))
        {
          if (!write_jfif (out, source, part, error))
            goto out;
          first = 1;
        }
    }
  if (orientation > 1 && !write_orientation (out, orientation, error))
    goto out;

  for (guint i = first; i < layout.parts->len; i++)
    {
      const VeilJpegPart *part = &g_array_index (layout.parts, VeilJpegPart, i);

      if (keep_segment (part, options) &&
          !veil_writer_write (out, source->data + part->offset, part->size, error))
        goto out;
    }
  ok = veil_writer_write (out, eoi, sizeof eoi, error);

  /* Everything after the picture goes, except a motion photo's video when
   * the user asked to keep it: then only the MP4 itself, cleaned, follows.
   * The XMP that told viewers where it starts is gone with the other
   * metadata, so viewers show a still photo; the video can still be
   * extracted from the file. */
  if (ok && options->keep_motion_video && layout.eoi_end < source->len)
    {
      const guint8 *trailer = source->data + layout.eoi_end;
      gsize start, mp4_len;

      if (find_motion_video (trailer, source->len - layout.eoi_end, &start, &mp4_len))
        ok = _veil_mp4_clean_embedded (trailer + start, mp4_len, out, options, error);
    }

out:
  _veil_jpeg_layout_clear (&layout);
  return ok;
}

const VeilFormatHandler _veil_jpeg_handler = {
  .format = VEIL_FORMAT_JPEG,
  .inspect = jpeg_inspect,
  .clean = jpeg_clean,
};
