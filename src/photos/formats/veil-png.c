/* veil-png.c: PNG inspection and lossless cleaning.
 *
 * A PNG is a signature and a list of chunks (length, type, data, CRC). The
 * cleaner copies the chunks display needs byte for byte, CRC included, and
 * drops the rest: text notes, EXIF, times, content credentials, private
 * chunks and anything after IEND. The compressed image data (IDAT, and the
 * APNG frames in fdAT) is never touched.
 *
 * Compressed text (zTXt, iTXt) and the colour profile (iCCP) are inflated
 * only to say what they hold, with a cap per chunk and a budget per file so
 * that a small hostile file cannot make Veil inflate gigabytes.
 *
 * Orientation: browsers turn a PNG by the Orientation of its eXIf chunk, so
 * as for JPEG the cleaner writes back an eXIf chunk holding only that tag,
 * where the old one was. It is the only chunk Veil creates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-png"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-png.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"
#include "veil-trailer.h"

static const guint8 PNG_SIGNATURE[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

/* A chunk may be at most 2^31 - 1 bytes (PNG spec, 5.3). */
#define MAX_CHUNK_LEN     0x7FFFFFFFu
/* More chunks than this is no picture anyone made on purpose. */
#define MAX_CHUNKS        (1u << 20)
/* Inflating, per chunk and per file. A text note or profile bigger than
 * this is reported by its compressed size only. */
#define INFLATE_CAP       (16u << 20)
#define INFLATE_BUDGET    (64u << 20)
/* What inspection reads of a text note (the report cuts values anyway). */
#define TEXT_PREVIEW      1024

static gboolean
is_critical (const char *name)
{
  return (name[0] & 0x20) == 0;
}

static gboolean
is_chunk_letter (guint8 c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

void
_veil_png_layout_clear (VeilPngLayout *layout)
{
  g_clear_pointer (&layout->chunks, g_array_unref);
}

gboolean
_veil_png_parse (const guint8   *data,
                 gsize           len,
                 VeilPngLayout  *layout,
                 GError        **error)
{
  gsize pos = sizeof PNG_SIGNATURE;
  gboolean seen_idat = FALSE;

  memset (layout, 0, sizeof *layout);
  layout->chunks = g_array_new (FALSE, FALSE, sizeof (VeilPngChunk));

  if (len < sizeof PNG_SIGNATURE || memcmp (data, PNG_SIGNATURE, sizeof PNG_SIGNATURE) != 0)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a PNG file (no PNG signature)"));
      goto fail;
    }

  for (;;)
    {
      VeilPngChunk chunk = { 0 };
      guint32 body_len, crc;

      if (pos == len)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short: it ends before the end-of-image chunk"));
          goto fail;
        }
      if (!veil_range_ok (len, pos, 8))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside a chunk header at byte %zu"),
                       pos);
          goto fail;
        }
      body_len = veil_read_be32 (data + pos);
      for (guint i = 0; i < 4; i++)
        {
          if (!is_chunk_letter (data[pos + 4 + i]))
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                           _("no valid chunk at byte %zu"), pos);
              goto fail;
            }
          chunk.name[i] = (char) data[pos + 4 + i];
        }
      if (body_len > MAX_CHUNK_LEN)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("chunk %s at byte %zu declares an impossible length"),
                       chunk.name, pos);
          goto fail;
        }
      if (!veil_range_ok (len, pos + 8, (guint64) body_len + 4))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside chunk %s (it declares %u bytes)"),
                       chunk.name, body_len);
          goto fail;
        }
      if (layout->chunks->len >= MAX_CHUNKS)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                       _("the file has more than %u chunks"), MAX_CHUNKS);
          goto fail;
        }

      chunk.offset = pos;
      chunk.body = data + pos + 8;
      chunk.body_len = body_len;
      chunk.size = (gsize) body_len + 12;
      /* The CRC covers the type and the data. */
      crc = (guint32) crc32 (0L, data + pos + 4, 4);
      for (gsize done = 0; done < body_len;)
        {
          uInt step = (uInt) MIN ((gsize) body_len - done, (gsize) 1 << 30);
          crc = (guint32) crc32 (crc, chunk.body + done, step);
          done += step;
        }
      chunk.crc_ok = crc == veil_read_be32 (chunk.body + body_len);
      pos += chunk.size;

      if (!chunk.crc_ok && is_critical (chunk.name))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the file is damaged: chunk %s at byte %zu fails its checksum"),
                       chunk.name, chunk.offset);
          goto fail;
        }
      if (layout->chunks->len == 0 && (strcmp (chunk.name, "IHDR") != 0 || body_len != 13))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the file does not start with a valid image header (IHDR)"));
          goto fail;
        }
      if (layout->chunks->len > 0 && strcmp (chunk.name, "IHDR") == 0)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the file has a second image header at byte %zu"), chunk.offset);
          goto fail;
        }
      if (strcmp (chunk.name, "IDAT") == 0)
        seen_idat = TRUE;
      g_array_append_val (layout->chunks, chunk);

      if (strcmp (chunk.name, "IEND") == 0)
        {
          layout->iend_end = pos;
          break;
        }
    }

  if (!seen_idat)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file holds no image data"));
      goto fail;
    }
  return TRUE;

fail:
  _veil_png_layout_clear (layout);
  return FALSE;
}

typedef enum {
  INFLATE_OK,
  INFLATE_TOO_LARGE,  /* over the cap or over the file's budget */
  INFLATE_BROKEN,
} InflateResult;

/* Inflates a zlib stream into at most min(cap, *budget) bytes. */
static InflateResult
inflate_capped (const guint8  *in,
                gsize          in_len,
                gsize          cap,
                gsize         *budget,
                GByteArray   **out)
{
  z_stream zs = { 0 };
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  InflateResult result = INFLATE_BROKEN;
  gsize limit = MIN (cap, *budget);
  int ret;

  *out = NULL;
  if (in_len > G_MAXUINT32 || inflateInit (&zs) != Z_OK)
    return INFLATE_BROKEN;
  zs.next_in = (Bytef *) in;
  zs.avail_in = (uInt) in_len;

  for (;;)
    {
      gsize have = buf->len;
      gsize room = MIN ((gsize) 64 * 1024, limit + 1 - have);

      if (have > limit)
        {
          result = INFLATE_TOO_LARGE;
          break;
        }
      g_byte_array_set_size (buf, have + room);
      zs.next_out = buf->data + have;
      zs.avail_out = (uInt) room;
      ret = inflate (&zs, Z_NO_FLUSH);
      g_byte_array_set_size (buf, have + (room - zs.avail_out));
      if (ret == Z_STREAM_END)
        {
          result = buf->len > limit ? INFLATE_TOO_LARGE : INFLATE_OK;
          break;
        }
      if (ret != Z_OK)
        break; /* corrupt, or cut short (Z_BUF_ERROR with no input left) */
    }
  inflateEnd (&zs);
  *budget -= MIN (*budget, buf->len);
  if (result == INFLATE_OK)
    *out = g_steal_pointer (&buf);
  return result;
}

static char *
latin1_to_utf8 (const guint8 *text, gsize len)
{
  GString *out = g_string_sized_new (len + 8);

  for (gsize i = 0; i < len; i++)
    g_string_append_unichar (out, text[i]);
  return g_string_free (out, FALSE);
}

static char *
format_size (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

/* The text of a tEXt, zTXt or iTXt chunk, split into keyword and text. */
typedef struct {
  char       *keyword;   /* UTF-8 */
  GByteArray *text;      /* raw: Latin-1 (tEXt, zTXt) or UTF-8 (iTXt); NULL if unreadable */
  gboolean    utf8;
  gboolean    too_large; /* compressed text over the cap or the budget */
} PngText;

static void
png_text_clear (PngText *t)
{
  g_clear_pointer (&t->keyword, g_free);
  g_clear_pointer (&t->text, g_byte_array_unref);
}

static void
png_text_read (const VeilPngChunk *chunk,
               gsize              *budget,
               PngText            *t)
{
  const guint8 *b = chunk->body;
  gsize n = chunk->body_len;
  const guint8 *nul = memchr (b, 0, MIN (n, 80));
  gsize klen = nul != NULL ? (gsize) (nul - b) : MIN (n, 79);
  gsize pos = klen + 1;
  gboolean compressed = FALSE;

  memset (t, 0, sizeof *t);
  t->keyword = latin1_to_utf8 (b, klen);
  if (nul == NULL)
    return;

  if (strcmp (chunk->name, "zTXt") == 0)
    {
      if (pos >= n || b[pos] != 0)
        return;
      pos++;
      compressed = TRUE;
    }
  else if (strcmp (chunk->name, "iTXt") == 0)
    {
      const guint8 *end;

      if (!veil_range_ok (n, pos, 2))
        return;
      compressed = b[pos] != 0;
      if (compressed && b[pos + 1] != 0)
        return;
      pos += 2;
      /* Language tag, then translated keyword, each NUL-terminated. */
      for (guint i = 0; i < 2; i++)
        {
          end = pos < n ? memchr (b + pos, 0, n - pos) : NULL;
          if (end == NULL)
            return;
          pos = (gsize) (end - b) + 1;
        }
      t->utf8 = TRUE;
    }

  if (compressed)
    {
      InflateResult r = inflate_capped (b + pos, n - pos, INFLATE_CAP, budget, &t->text);
      t->too_large = r == INFLATE_TOO_LARGE;
    }
  else
    {
      t->text = g_byte_array_sized_new (n - pos);
      g_byte_array_append (t->text, b + pos, n - pos);
    }
}

static char *
png_text_preview (const PngText *t)
{
  gsize n = MIN (t->text->len, TEXT_PREVIEW);

  if (t->utf8)
    return g_utf8_make_valid ((const char *) t->text->data, n);
  return latin1_to_utf8 (t->text->data, n);
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* ImageMagick and exiftool store binary profiles as text:
 * "\n<name>\n<spaces><length>\n<hex digits, wrapped>". */
static GByteArray *
decode_raw_profile (const guint8 *text, gsize len)
{
  gsize pos = 0;
  guint64 declared = 0;
  GByteArray *out;

  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && text[pos] != '\n')
    pos++;                                     /* the profile name */
  while (pos < len && g_ascii_isspace (text[pos]))
    pos++;
  while (pos < len && g_ascii_isdigit (text[pos]) && declared <= len)
    declared = declared * 10 + (text[pos++] - '0');
  if (declared == 0 || declared > len / 2)
    return NULL;

  out = g_byte_array_sized_new ((guint) declared);
  while (pos < len && out->len < declared)
    {
      int hi, lo;

      if (g_ascii_isspace (text[pos]))
        {
          pos++;
          continue;
        }
      if (pos + 1 >= len || (hi = hex_value (text[pos])) < 0 || (lo = hex_value (text[pos + 1])) < 0)
        break;
      g_byte_array_append (out, (guint8[]) { (guint8) (hi << 4 | lo) }, 1);
      pos += 2;
    }
  return out;
}

static void
report_embedded_block (const char   *profile,
                       const guint8 *block,
                       gsize         len,
                       VeilReport   *report)
{
  static const char XMP_ID[] = "http://ns.adobe.com/xap/1.0/";

  if (len >= 6 && memcmp (block, "Exif\0\0", 6) == 0)
    _veil_exif_findings (block + 6, len - 6, report);
  else if (len >= 4 && (memcmp (block, "II*\0", 4) == 0 || memcmp (block, "MM\0*", 4) == 0))
    _veil_exif_findings (block, len, report);
  else if (len >= sizeof XMP_ID && memcmp (block, XMP_ID, sizeof XMP_ID) == 0)
    _veil_xmp_findings ((const char *) block + sizeof XMP_ID, len - sizeof XMP_ID, report);
  else if (g_ascii_strcasecmp (profile, "xmp") == 0)
    _veil_xmp_findings ((const char *) block, len, report);
  else if (len >= 4 && memcmp (block, "8BIM", 4) == 0)
    _veil_irb_findings (block, len, report);
  else if (len >= 1 && block[0] == 0x1C)
    _veil_iptc_findings (block, len, report);
  else
    {
      g_autofree char *key = g_strdup_printf ("PNG:Raw profile type %s", profile);
      g_autofree char *size = format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                       _("A block of metadata stored as text by an image editor; it can hold device details, names or places."));
    }
}

typedef struct {
  const char   *keyword;
  VeilCategory  category;
  const char   *explanation;
} TextKeyword;

static const TextKeyword text_keywords[] = {
  { "Author",        VEIL_CATEGORY_IDENTITY, N_("The name of the person who made the picture.") },
  { "Copyright",     VEIL_CATEGORY_IDENTITY, N_("A copyright line; it usually names a person or a company.") },
  { "Comment",       VEIL_CATEGORY_HIDDEN,   N_("A text comment anyone can read; it can hold names, notes or the software used.") },
  { "Description",   VEIL_CATEGORY_OTHER,    N_("A description of the picture; it can name people or places.") },
  { "Title",         VEIL_CATEGORY_OTHER,    N_("A title given to the picture; it can name people or places.") },
  { "Software",      VEIL_CATEGORY_SOFTWARE, N_("The program used to make or edit the picture.") },
  { "Creation Time", VEIL_CATEGORY_TIME,     N_("When the picture was made.") },
  { "Source",        VEIL_CATEGORY_DEVICE,   N_("The device used to make the picture.") },
  { "Disclaimer",    VEIL_CATEGORY_OTHER,    N_("A legal note; it can name a person or a company.") },
  { "Warning",       VEIL_CATEGORY_OTHER,    N_("A warning about the content, written by whoever made the file.") },
};

static void
inspect_text (const VeilPngChunk *chunk,
              gsize              *budget,
              VeilReport         *report)
{
  PngText t;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  VeilCategory category = VEIL_CATEGORY_HIDDEN;
  const char *explanation = N_("A text note stored in the file; viewers do not show it, but anyone can read it.");

  png_text_read (chunk, budget, &t);

  if (t.text != NULL && strcmp (t.keyword, "XML:com.adobe.xmp") == 0)
    {
      _veil_xmp_findings ((const char *) t.text->data, t.text->len, report);
      goto out;
    }
  if (t.text != NULL && g_str_has_prefix (t.keyword, "Raw profile type "))
    {
      g_autoptr(GByteArray) block = decode_raw_profile (t.text->data, t.text->len);
      if (block != NULL && block->len > 0)
        {
          report_embedded_block (t.keyword + strlen ("Raw profile type "),
                                 block->data, block->len, report);
          goto out;
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (text_keywords); i++)
    if (g_ascii_strcasecmp (t.keyword, text_keywords[i].keyword) == 0)
      {
        category = text_keywords[i].category;
        explanation = text_keywords[i].explanation;
      }
  /* ImageMagick copies dates and EXIF tags into notes like "date:create"
   * and "exif:GPSLatitude". */
  if (g_str_has_prefix (t.keyword, "date:"))
    {
      category = VEIL_CATEGORY_TIME;
      explanation = N_("A date written by the software that saved the picture.");
    }
  else if (g_str_has_prefix (t.keyword, "exif:") && strstr (t.keyword, "GPS") != NULL)
    {
      category = VEIL_CATEGORY_LOCATION;
      explanation = N_("Location data copied from the camera into a text note.");
    }
  else if (g_str_has_prefix (t.keyword, "exif:"))
    {
      category = VEIL_CATEGORY_DEVICE;
      explanation = N_("Camera data copied into a text note; it can name the device and its settings.");
    }

  key = g_strdup_printf ("PNG:%s", t.keyword[0] != '\0' ? t.keyword : chunk->name);
  if (t.text != NULL)
    value = png_text_preview (&t);
  else if (t.too_large)
    {
      g_autofree char *size = format_size (chunk->body_len);
      value = g_strdup_printf (_("%s compressed, too large to read"), size);
    }
  else
    value = g_strdup (_("unreadable"));
  veil_report_add (report, category, key, value, "%s", _(explanation));

out:
  png_text_clear (&t);
}

static void
inspect_time (const VeilPngChunk *chunk, VeilReport *report)
{
  const guint8 *b = chunk->body;
  g_autofree char *value = NULL;

  if (chunk->body_len >= 7)
    value = g_strdup_printf ("%04u-%02u-%02u %02u:%02u:%02u UTC", veil_read_be16 (b),
                             b[2], b[3], b[4], b[5], b[6]);
  else
    value = g_strdup (_("unreadable"));
  veil_report_add (report, VEIL_CATEGORY_TIME, "PNG:ModifyDate", value, "%s",
                   _("When the picture was last changed."));
}

static const guint8 *
exif_tiff (const VeilPngChunk *chunk, gsize *len)
{
  /* eXIf holds a bare TIFF block; some writers add the JPEG "Exif\0\0". */
  if (chunk->body_len >= 6 && memcmp (chunk->body, "Exif\0\0", 6) == 0)
    {
      *len = chunk->body_len - 6;
      return chunk->body + 6;
    }
  *len = chunk->body_len;
  return chunk->body;
}

static gboolean
is_exif_chunk (const char *name)
{
  /* "exIf" and "zxIf" are the names used before eXIf was registered. */
  return strcmp (name, "eXIf") == 0 || strcmp (name, "exIf") == 0 || strcmp (name, "zxIf") == 0;
}

/* The colour profile, inflated; NULL when it does not inflate. */
static GByteArray *
read_iccp (const VeilPngChunk *chunk, gsize *budget, InflateResult *result)
{
  const guint8 *nul = memchr (chunk->body, 0, MIN (chunk->body_len, 80));
  gsize pos;
  GByteArray *profile = NULL;

  *result = INFLATE_BROKEN;
  if (nul == NULL)
    return NULL;
  pos = (gsize) (nul - chunk->body) + 1;
  if (pos >= chunk->body_len || chunk->body[pos] != 0)
    return NULL;
  pos++;
  *result = inflate_capped (chunk->body + pos, chunk->body_len - pos, INFLATE_CAP, budget, &profile);
  return profile;
}

/* What display needs; kept byte for byte. iCCP is decided separately. */
static gboolean
is_display_chunk (const char *name)
{
  static const char *const keep[] = {
    "IHDR", "PLTE", "IDAT", "IEND",
    "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "cICP", "mDCv", "cLLi", "pHYs", "bKGD",
    "acTL", "fcTL", "fdAT",   /* APNG animation */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keep); i++)
    if (strcmp (name, keep[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
inspect_other (const VeilPngChunk *chunk, VeilReport *report)
{
  g_autofree char *key = g_strdup_printf ("PNG:%s", chunk->name);
  g_autofree char *size = format_size (chunk->body_len);
  const char *name = chunk->name;

  if (strcmp (name, "caBX") == 0)
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "PNG:ContentCredentials", size, "%s",
                     _("Content credentials (C2PA): they may name the creator and list the editing history."));
  else if (strcmp (name, "dSIG") == 0)
    veil_report_add (report, VEIL_CATEGORY_IDENTITY, key, size, "%s",
                     _("A digital signature; it can identify who signed the file."));
  else if (strcmp (name, "vpAg") == 0 || strcmp (name, "oFFs") == 0)
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, key, size, "%s",
                     _("Page layout data from an image editor; not needed to show the picture."));
  else if (strcmp (name, "iDOT") == 0)
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, key, size, "%s",
                     _("Written by Apple software (a decoding hint); it shows the picture came from an Apple device."));
  else if (strcmp (name, "hIST") == 0 || strcmp (name, "sPLT") == 0)
    veil_report_add (report, VEIL_CATEGORY_OTHER, key, size, "%s",
                     _("Palette hints for old screens; not needed to show the picture."));
  else if (is_critical (name))
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                     _("A chunk Veil does not know, which viewers are told they must understand; it can hold anything."));
  else
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                     _("Private data written by a program; viewers skip it, but it can hold anything."));
}

static gboolean
png_inspect (const VeilSource  *source,
             VeilReport        *report,
             GError           **error)
{
  VeilPngLayout layout;
  gsize budget = INFLATE_BUDGET;
  gboolean seen_iccp = FALSE;

  if (!_veil_png_parse (source->data, source->len, &layout, error))
    return FALSE;

  for (guint i = 0; i < layout.chunks->len; i++)
    {
      const VeilPngChunk *chunk = &g_array_index (layout.chunks, VeilPngChunk, i);
      const char *name = chunk->name;

      if (!chunk->crc_ok)
        {
          g_autofree char *key = g_strdup_printf ("PNG:%s", name);
          g_autofree char *size = format_size (chunk->body_len);
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                           _("A damaged chunk that viewers skip; it can still hold readable data."));
        }
      else if (strcmp (name, "tEXt") == 0 || strcmp (name, "zTXt") == 0 || strcmp (name, "iTXt") == 0)
        inspect_text (chunk, &budget, report);
      else if (is_exif_chunk (name))
        {
          gsize tiff_len;
          const guint8 *tiff = exif_tiff (chunk, &tiff_len);
          _veil_exif_findings (tiff, tiff_len, report);
        }
      else if (strcmp (name, "tIME") == 0)
        inspect_time (chunk, report);
      else if (strcmp (name, "iCCP") == 0)
        {
          InflateResult r;
          g_autoptr(GByteArray) profile = seen_iccp ? NULL : read_iccp (chunk, &budget, &r);
          g_autofree char *size = format_size (chunk->body_len);

          if (profile != NULL)
            _veil_icc_findings (profile->data, profile->len, report);
          else if (seen_iccp)
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "PNG:iCCP", size, "%s",
                             _("A second colour profile, which viewers ignore; it can hold anything."));
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "PNG:iCCP", size, "%s",
                             r == INFLATE_TOO_LARGE
                             ? _("A colour profile too large to check; Veil removes it.")
                             : _("A damaged colour profile, which viewers ignore; it can hold anything."));
          seen_iccp = TRUE;
        }
      else if (!is_display_chunk (name))
        inspect_other (chunk, report);
    }

  if (layout.iend_end < source->len)
    _veil_trailer_findings (source->data + layout.iend_end, source->len - layout.iend_end, report);

  _veil_png_layout_clear (&layout);
  return TRUE;
}

static gboolean
write_chunk (VeilWriter   *out,
             const char   *name,
             const guint8 *body,
             gsize         body_len,
             GError      **error)
{
  guint8 header[8], tail[4];
  guint32 crc;

  g_assert (body_len <= MAX_CHUNK_LEN);
  veil_write_be32 (header, (guint32) body_len);
  memcpy (header + 4, name, 4);
  crc = (guint32) crc32 (0L, header + 4, 4);
  crc = (guint32) crc32 (crc, body, (uInt) body_len);
  veil_write_be32 (tail, crc);
  return veil_writer_write (out, header, sizeof header, error) &&
         veil_writer_write (out, body, body_len, error) &&
         veil_writer_write (out, tail, sizeof tail, error);
}

static gboolean
png_clean (const VeilSource        *source,
           VeilWriter              *out,
           const VeilCleanOptions  *options,
           GError                 **error)
{
  VeilPngLayout layout;
  gsize budget = INFLATE_BUDGET;
  gboolean seen_iccp = FALSE, wrote_orientation = FALSE;
  gboolean ok = FALSE;

  if (!_veil_png_parse (source->data, source->len, &layout, error))
    return FALSE;

  if (!veil_writer_write (out, PNG_SIGNATURE, sizeof PNG_SIGNATURE, error))
    goto out;

  for (guint i = 0; i < layout.chunks->len; i++)
    {
      const VeilPngChunk *chunk = &g_array_index (layout.chunks, VeilPngChunk, i);
      const char *name = chunk->name;
      gboolean keep = FALSE;

      if (!chunk->crc_ok)
        continue;
      if (is_display_chunk (name))
        keep = TRUE;
      else if (strcmp (name, "iCCP") == 0)
        {
          /* Only one profile counts, and only one that inflates: anything
           * else would be data no viewer reads. */
          if (!seen_iccp && !options->drop_icc)
            {
              InflateResult r;
              g_autoptr(GByteArray) profile = read_iccp (chunk, &budget, &r);
              keep = profile != NULL;
            }
          seen_iccp = TRUE;
        }
      else if (is_exif_chunk (name) && !wrote_orientation)
        {
          gsize tiff_len;
          const guint8 *tiff = exif_tiff (chunk, &tiff_len);
          guint16 orientation = 0;

          if (_veil_exif_orientation (tiff, tiff_len, &orientation) && orientation > 1)
            {
              g_autoptr(GBytes) minimal = _veil_exif_orientation_only (orientation);
              gsize n;
              const guint8 *d = g_bytes_get_data (minimal, &n);

              if (!write_chunk (out, "eXIf", d, n, error))
                goto out;
              wrote_orientation = TRUE;
            }
        }
      else if (is_critical (name))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                       _("the file has a chunk Veil does not know (%s) that the picture may need; "
                         "Veil did not change it"), name);
          goto out;
        }

      if (keep && !veil_writer_write (out, source->data + chunk->offset, chunk->size, error))
        goto out;
    }
  ok = TRUE;

out:
  _veil_png_layout_clear (&layout);
  return ok;
}

const VeilFormatHandler _veil_png_handler = {
  .format = VEIL_FORMAT_PNG,
  .inspect = png_inspect,
  .clean = png_clean,
};
