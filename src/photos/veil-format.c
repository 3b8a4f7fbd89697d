/* veil-format.c: format detection by content.
 *
 * Extensions lie (a HEIC saved as .jpg, a PNG called .jpeg), so the format is
 * always taken from the magic bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-format"

#include <string.h>

#include "veil-format.h"
#include "veil-bytes.h"

static gboolean
has_bytes_at (const guint8 *data, gsize len, gsize offset, const char *magic, gsize n)
{
  return len >= offset + n && memcmp (data + offset, magic, n) == 0;
}

/* Magic numbers contain NUL bytes: compare by the literal's size. */
#define has_at(data, len, offset, magic) \
  has_bytes_at ((data), (len), (offset), (magic), sizeof (magic) - 1)

/* ISO base media files (HEIF, AVIF, MP4, MOV, 3GP) start with an 'ftyp' box
 * whose major and compatible brands say what they are. */
static VeilFormat
detect_isobmff (const guint8 *data, gsize len)
{
  guint32 box_size;
  gsize end;
  gboolean is_heif = FALSE, is_avif = FALSE, is_qt = FALSE, is_3gp = FALSE;

  if (!has_at (data, len, 4, "ftyp"))
    {
      /* Old QuickTime files have no ftyp: look for a first moov/mdat/wide. */
      if (has_at (data, len, 4, "moov") || has_at (data, len, 4, "mdat") ||
          has_at (data, len, 4, "wide") || has_at (data, len, 4, "free") ||
          has_at (data, len, 4, "skip") || has_at (data, len, 4, "pnot"))
        return VEIL_FORMAT_MOV;
      return VEIL_FORMAT_UNKNOWN;
    }
  box_size = veil_read_be32 (data);
  end = MIN ((gsize) box_size, len);
  if (box_size < 16)
    return VEIL_FORMAT_UNKNOWN;

  for (gsize off = 8; off + 4 <= end; off += 4)
    {
      const guint8 *b = data + off;

      if (off == 12)
        continue; /* minor version */
      if (memcmp (b, "avif", 4) == 0 || memcmp (b, "avis", 4) == 0)
        is_avif = TRUE;
      else if (memcmp (b, "heic", 4) == 0 || memcmp (b, "heix", 4) == 0 ||
               memcmp (b, "mif1", 4) == 0 || memcmp (b, "msf1", 4) == 0 ||
               memcmp (b, "heim", 4) == 0 || memcmp (b, "heis", 4) == 0 ||
               memcmp (b, "hevc", 4) == 0 || memcmp (b, "hevx", 4) == 0)
        is_heif = TRUE;
      else if (memcmp (b, "qt  ", 4) == 0)
        is_qt = TRUE;
      else if (memcmp (b, "3gp", 3) == 0 || memcmp (b, "3g2", 3) == 0)
        is_3gp = TRUE;
    }

  /* The major brand decides first, then the compatible ones. */
  if (has_at (data, len, 8, "avif") || has_at (data, len, 8, "avis"))
    return VEIL_FORMAT_AVIF;
  if (has_at (data, len, 8, "qt  "))
    return VEIL_FORMAT_MOV;
  if (has_at (data, len, 8, "3g"))
    return VEIL_FORMAT_3GP;
  if (is_avif && !is_heif)
    return VEIL_FORMAT_AVIF;
  if (is_heif)
    return VEIL_FORMAT_HEIF;
  if (is_avif)
    return VEIL_FORMAT_AVIF;
  if (is_qt)
    return VEIL_FORMAT_MOV;
  if (is_3gp)
    return VEIL_FORMAT_3GP;
  return VEIL_FORMAT_MP4;
}

/* A TIFF is a DNG when its first IFD carries the DNGVersion tag; other
 * TIFF-based raws (CR2, NEF, ARW, ORF, RW2) are refused as camera raw. */
static VeilFormat
detect_tiff (const guint8 *data, gsize len)
{
  gboolean le = data[0] == 'I';
  guint32 ifd;
  guint16 count;

  if (has_at (data, len, 8, "CR"))
    return VEIL_FORMAT_RAW;
  if (data[2] == '+' || data[3] == '+')
    return VEIL_FORMAT_TIFF; /* BigTIFF: 64-bit offsets, not read here */
  ifd = le ? veil_read_le32 (data + 4) : veil_read_be32 (data + 4);
  if (ifd < 8 || (gsize) ifd + 2 > len)
    return VEIL_FORMAT_TIFF;
  count = le ? veil_read_le16 (data + ifd) : veil_read_be16 (data + ifd);
  for (guint i = 0; i < count; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint16 tag;

      if (entry + 12 > len)
        break;
      tag = le ? veil_read_le16 (data + entry) : veil_read_be16 (data + entry);
      if (tag == 0xC612) /* DNGVersion */
        return VEIL_FORMAT_DNG;
    }
  return VEIL_FORMAT_TIFF;
}

VeilFormat
veil_format_detect (const guint8 *data,
                    gsize         len)
{
  if (data == NULL || len < 4)
    return VEIL_FORMAT_UNKNOWN;

  if (data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return VEIL_FORMAT_JPEG;
  if (has_at (data, len, 0, "\x89PNG\r\n\x1a\n"))
    return VEIL_FORMAT_PNG;
  if (has_at (data, len, 0, "RIFF") && has_at (data, len, 8, "WEBP"))
    return VEIL_FORMAT_WEBP;
  if (has_at (data, len, 0, "RIFF") && has_at (data, len, 8, "AVI "))
    return VEIL_FORMAT_AVI;
  if (has_at (data, len, 0, "GIF87a") || has_at (data, len, 0, "GIF89a"))
    return VEIL_FORMAT_GIF;
  /* memcmp, not has_at: the magics hold NULs. BigTIFF is detected too, so
   * that it is refused by name rather than as an unknown format. */
  if (len >= 8 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0 ||
                   memcmp (data, "II+\0", 4) == 0 || memcmp (data, "MM\0+", 4) == 0))
    return detect_tiff (data, len);
  if (has_at (data, len, 0, "IIRO") || has_at (data, len, 0, "IIRS") ||
      has_at (data, len, 0, "II\x55\0") || has_at (data, len, 0, "FUJIFILMCCD-RAW"))
    return VEIL_FORMAT_RAW; /* Olympus, Panasonic, Fujifilm raws */
  if (has_at (data, len, 0, "8BPS"))
    return VEIL_FORMAT_PSD;
  if (has_at (data, len, 0, "\xff\x0a") ||
      has_at (data, len, 0, "\0\0\0\x0cJXL \r\n\x87\n"))
    return VEIL_FORMAT_JXL;
  if (has_at (data, len, 0, "BM") && len >= 26)
    return VEIL_FORMAT_BMP;
  if (has_at (data, len, 0, "\x1a\x45\xdf\xa3"))
    return VEIL_FORMAT_MKV;
  if (has_at (data, len, 0, "%PDF-"))
    return VEIL_FORMAT_PDF;
  if (len >= 8)
    {
      VeilFormat f = detect_isobmff (data, len);
      if (f != VEIL_FORMAT_UNKNOWN)
        return f;
    }
  {
    /* SVG is XML: look for the root element near the start. */
    gsize n = MIN (len, 1024);
    g_autofree char *head = g_strndup ((const char *) data, n);
    if (strstr (head, "<svg") != NULL)
      return VEIL_FORMAT_SVG;
  }
  return VEIL_FORMAT_UNKNOWN;
}

const char *
veil_format_name (VeilFormat format)
{
  switch (format)
    {
    case VEIL_FORMAT_JPEG: return "JPEG";
    case VEIL_FORMAT_PNG:  return "PNG";
    case VEIL_FORMAT_WEBP: return "WebP";
    case VEIL_FORMAT_GIF:  return "GIF";
    case VEIL_FORMAT_TIFF: return "TIFF";
    case VEIL_FORMAT_DNG:  return "DNG";
    case VEIL_FORMAT_HEIF: return "HEIF";
    case VEIL_FORMAT_AVIF: return "AVIF";
    case VEIL_FORMAT_MP4:  return "MP4";
    case VEIL_FORMAT_MOV:  return "QuickTime";
    case VEIL_FORMAT_3GP:  return "3GP";
    case VEIL_FORMAT_PSD:  return "Photoshop";
    case VEIL_FORMAT_JXL:  return "JPEG XL";
    case VEIL_FORMAT_BMP:  return "BMP";
    case VEIL_FORMAT_AVI:  return "AVI";
    case VEIL_FORMAT_MKV:  return "Matroska";
    case VEIL_FORMAT_RAW:  return "Camera raw";
    case VEIL_FORMAT_PDF:  return "PDF";
    case VEIL_FORMAT_SVG:  return "SVG";
    case VEIL_FORMAT_UNKNOWN:
    case VEIL_N_FORMATS:
    default:               return "unknown";
    }
}

const char *
veil_format_suffix (VeilFormat format)
{
  switch (format)
    {
    case VEIL_FORMAT_JPEG: return "jpg";
    case VEIL_FORMAT_PNG:  return "png";
    case VEIL_FORMAT_WEBP: return "webp";
    case VEIL_FORMAT_GIF:  return "gif";
    case VEIL_FORMAT_TIFF: return "tif";
    case VEIL_FORMAT_DNG:  return "dng";
    case VEIL_FORMAT_HEIF: return "heic";
    case VEIL_FORMAT_AVIF: return "avif";
    case VEIL_FORMAT_MP4:  return "mp4";
    case VEIL_FORMAT_MOV:  return "mov";
    case VEIL_FORMAT_3GP:  return "3gp";
    default:               return "bin";
    }
}
