/* veil-gif.c: GIF inspection and lossless cleaning.
 *
 * A GIF is a header, a screen descriptor with an optional colour table, then
 * a list of blocks, each a chain of sub-blocks ended by an empty one, and a
 * trailer byte. The cleaner copies the header and every image (descriptor,
 * colour table and compressed pixels) byte for byte, keeps what display
 * needs (frame timing and transparency, the loop count, rendered plain text,
 * the colour profile unless asked not to) and drops comments, XMP and every
 * other application block, and anything after the trailer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-gif"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-gif.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"
#include "veil-trailer.h"

#define EXTENSION     0x21
#define TRAILER       0x3B
#define LABEL_GCE     0xF9   /* graphic control: delay, transparency */
#define LABEL_COMMENT 0xFE
#define LABEL_TEXT    0x01   /* plain text, drawn on the picture */
#define LABEL_APP     0xFF

#define MAX_BLOCKS    (1u << 20)
#define TEXT_PREVIEW  1024

static const char XMP_APP[] = "XMP DataXMP";
static const char ICC_APP[] = "ICCRGBG1012";

/* Finds the end of a sub-block chain starting at pos. */
static gboolean
skip_sub_blocks (const guint8  *data,
                 gsize          len,
                 gsize          pos,
                 gsize         *end,
                 GError       **error)
{
  for (;;)
    {
      guint8 n;

      if (pos >= len)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside a block: its data never ends"));
          return FALSE;
        }
      n = data[pos++];
      if (n == 0)
        break;
      if (!veil_range_ok (len, pos, n))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short inside a block at byte %zu"), pos - 1);
          return FALSE;
        }
      pos += n;
    }
  *end = pos;
  return TRUE;
}

static gsize
colour_table_size (guint8 packed)
{
  return (packed & 0x80) ? 3u << ((packed & 0x07) + 1) : 0;
}

void
_veil_gif_layout_clear (VeilGifLayout *layout)
{
  g_clear_pointer (&layout->blocks, g_array_unref);
}

gboolean
_veil_gif_parse (const guint8   *data,
                 gsize           len,
                 VeilGifLayout  *layout,
                 GError        **error)
{
  gsize pos;
  gboolean seen_image = FALSE;

  memset (layout, 0, sizeof *layout);
  layout->blocks = g_array_new (FALSE, FALSE, sizeof (VeilGifBlock));

  if (len < 6 || (memcmp (data, "GIF87a", 6) != 0 && memcmp (data, "GIF89a", 6) != 0))
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a GIF file (no GIF header)"));
      goto fail;
    }
  if (len < 13)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                   _("the file is cut short inside its header"));
      goto fail;
    }
  pos = 13 + colour_table_size (data[10]);
  if (pos > len)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                   _("the file is cut short inside its colour table"));
      goto fail;
    }
  layout->header_end = pos;

  for (;;)
    {
      VeilGifBlock block = { 0 };
      guint8 introducer;

      if (pos >= len)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short: it ends before the trailer"));
          goto fail;
        }
      if (layout->blocks->len >= MAX_BLOCKS)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                       _("the file has more than %u blocks"), MAX_BLOCKS);
          goto fail;
        }
      introducer = data[pos];
      block.offset = pos;

      if (introducer == TRAILER)
        {
          layout->trailer_end = pos + 1;
          break;
        }
      else if (introducer == VEIL_GIF_IMAGE)
        {
          gsize at = pos + 10;

          if (!veil_range_ok (len, pos, 10))
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                           _("the file is cut short inside an image header"));
              goto fail;
            }
          at += colour_table_size (data[pos + 9]);
          /* Then the LZW code size, then the compressed pixels. */
          if (!veil_range_ok (len, at, 1))
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                           _("the file is cut short inside an image"));
              goto fail;
            }
          block.label = VEIL_GIF_IMAGE;
          block.data_offset = at + 1;
          seen_image = TRUE;
        }
      else if (introducer == EXTENSION)
        {
          if (!veil_range_ok (len, pos, 2))
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                           _("the file is cut short inside an extension block"));
              goto fail;
            }
          block.label = data[pos + 1];
          block.data_offset = pos + 2;
          if (block.label == LABEL_APP && veil_range_ok (len, pos + 2, 12) && data[pos + 2] == 11)
            for (guint i = 0; i < 11; i++)
              block.app_id[i] = g_ascii_isprint (data[pos + 3 + i]) ? (char) data[pos + 3 + i] : '?';
        }
      else
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("unexpected byte 0x%02X at byte %zu (not a GIF block)"),
                       introducer, pos);
          goto fail;
        }

      if (!skip_sub_blocks (data, len, block.data_offset, &pos, error))
        goto fail;
      block.size = pos - block.offset;
      g_array_append_val (layout->blocks, block);
    }

  if (!seen_image)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file holds no image data"));
      goto fail;
    }
  return TRUE;

fail:
  _veil_gif_layout_clear (layout);
  return FALSE;
}

/* The payload of a sub-block chain, without the length bytes, from the
 * sub-block at pos; at most limit bytes. */
static GByteArray *
join_sub_blocks (const guint8 *data, gsize pos, gsize limit)
{
  GByteArray *out = g_byte_array_new ();

  /* The parser checked the chain: every length byte and payload is inside. */
  while (data[pos] != 0 && out->len < limit)
    {
      guint8 n = data[pos];
      g_byte_array_append (out, data + pos + 1, MIN (n, limit - out->len));
      pos += 1 + n;
    }
  return out;
}

static char *
format_size (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}

static gboolean
is_app (const VeilGifBlock *block, const char *id)
{
  return block->label == LABEL_APP && strcmp (block->app_id, id) == 0;
}

static gboolean
is_loop_app (const VeilGifBlock *block)
{
  return is_app (block, "NETSCAPE2.0") || is_app (block, "ANIMEXTS1.0");
}

/* The loop count sub-block (1, count low, count high), or -1. */
static int
loop_count (const guint8 *data, const VeilGifBlock *block)
{
  gsize pos = block->data_offset + 12;

  while (data[pos] != 0)
    {
      if (data[pos] == 3 && data[pos + 1] == 1)
        return veil_read_le16 (data + pos + 2);
      pos += 1 + data[pos];
    }
  return -1;
}

/* 21 FF 0B "NETSCAPE2.0" 03 01 lo hi 00: nothing more. */
static gboolean
is_plain_loop (const guint8 *data, const VeilGifBlock *block)
{
  const guint8 *b = data + block->offset;
  return block->size == 19 && b[14] == 3 && b[15] == 1 && b[18] == 0;
}

/* XMP in GIF is stored raw, so that its bytes read as sub-blocks, and is
 * followed by a 257-byte "magic trailer" that ends the chain. */
static void
inspect_xmp (const guint8 *data, const VeilGifBlock *block, VeilReport *report)
{
  const guint8 *xml = data + block->data_offset + 12;
  gsize n = block->size - (block->data_offset + 12 - block->offset);
  const guint8 *end = memmem (xml, n, "<?xpacket end", 13);

  if (end != NULL)
    {
      const guint8 *close = memmem (end, n - (end - xml), "?>", 2);
      if (close != NULL)
        n = (gsize) (close + 2 - xml);
    }
  else
    {
      const guint8 *magic = memmem (xml, n, "\x01\xff\xfe", 3);
      if (magic != NULL)
        n = (gsize) (magic - xml);
    }
  _veil_xmp_findings ((const char *) xml, n, report);
}

static void
inspect_comment (const guint8 *data, const VeilGifBlock *block, VeilReport *report)
{
  g_autoptr(GByteArray) text = join_sub_blocks (data, block->data_offset, TEXT_PREVIEW);
  g_autofree char *value = NULL;

  if (g_utf8_validate ((const char *) text->data, text->len, NULL))
    value = g_strndup ((const char *) text->data, text->len);
  else
    {
      GString *s = g_string_sized_new (text->len + 8);
      for (guint i = 0; i < text->len; i++)
        g_string_append_unichar (s, text->data[i]);   /* read as Latin-1 */
      value = g_string_free (s, FALSE);
    }
  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "GIF:Comment", value, "%s",
                   _("A text comment anyone can read; it can hold names, notes, the camera or the software used."));
}

static void
inspect_app (const guint8 *data, const VeilGifBlock *block, gboolean first_icc, VeilReport *report)
{
  g_autofree char *size = format_size (block->size);

  if (is_app (block, XMP_APP))
    inspect_xmp (data, block, report);
  else if (is_app (block, ICC_APP) && first_icc)
    {
      g_autoptr(GByteArray) icc = join_sub_blocks (data, block->data_offset + 12, G_MAXSIZE);
      _veil_icc_findings (icc->data, icc->len, report);
    }
  else if (is_app (block, "MGK8BIM0000"))
    {
      g_autoptr(GByteArray) irb = join_sub_blocks (data, block->data_offset + 12, G_MAXSIZE);
      _veil_irb_findings (irb->data, irb->len, report);
    }
  else if (is_app (block, "MGKIPTC0000"))
    {
      g_autoptr(GByteArray) iptc = join_sub_blocks (data, block->data_offset + 12, G_MAXSIZE);
      _veil_iptc_findings (iptc->data, iptc->len, report);
    }
  else if (is_loop_app (block))
    {
      if (!is_plain_loop (data, block))
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "GIF:AnimationExtra", size, "%s",
                         _("Extra data inside the animation settings; viewers skip it, but it can hold anything."));
    }
  else if (is_app (block, ICC_APP))
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "GIF:ICCRGBG1012", size, "%s",
                     _("A second colour profile, which viewers ignore; it can hold anything."));
  else
    {
      g_autofree char *key = g_strdup_printf ("GIF:Application %s",
                                              block->app_id[0] != '\0' ? block->app_id : "?");
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                       _("Private data written by a program; viewers skip it, but it can hold anything."));
    }
}

static gboolean
gif_inspect (const VeilSource  *source,
             VeilReport        *report,
             GError           **error)
{
  VeilGifLayout layout;
  gboolean seen_icc = FALSE;

  if (!_veil_gif_parse (source->data, source->len, &layout, error))
    return FALSE;

  for (guint i = 0; i < layout.blocks->len; i++)
    {
      const VeilGifBlock *block = &g_array_index (layout.blocks, VeilGifBlock, i);

      switch (block->label)
        {
        case VEIL_GIF_IMAGE:
        case LABEL_GCE:
        case LABEL_TEXT:
          break;
        case LABEL_COMMENT:
          inspect_comment (source->data, block, report);
          break;
        case LABEL_APP:
          inspect_app (source->data, block, !seen_icc, report);
          seen_icc |= is_app (block, ICC_APP);
          break;
        default:
          {
            g_autofree char *key = g_strdup_printf ("GIF:Extension 0x%02X", block->label);
            g_autofree char *size = format_size (block->size);
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, size, "%s",
                             _("An extension block Veil does not know; viewers skip it, but it can hold anything."));
          }
          break;
        }
    }

  if (layout.trailer_end < source->len)
    _veil_trailer_findings (source->data + layout.trailer_end,
                            source->len - layout.trailer_end, report);

  _veil_gif_layout_clear (&layout);
  return TRUE;
}

static gboolean
write_loop (VeilWriter *out, const char *app_id, int count, GError **error)
{
  guint8 block[19] = { EXTENSION, LABEL_APP, 11 };

  memcpy (block + 3, app_id, 11);
  block[14] = 3;
  block[15] = 1;
  veil_write_le16 (block + 16, (guint16) count);
  block[18] = 0;
  return veil_writer_write (out, block, sizeof block, error);
}

static gboolean
gif_clean (const VeilSource        *source,
           VeilWriter              *out,
           const VeilCleanOptions  *options,
           GError                 **error)
{
  static const guint8 trailer = TRAILER;
  VeilGifLayout layout;
  gboolean seen_icc = FALSE, ok = FALSE;

  if (!_veil_gif_parse (source->data, source->len, &layout, error))
    return FALSE;

  if (!veil_writer_write (out, source->data, layout.header_end, error))
    goto out;

  for (guint i = 0; i < layout.blocks->len; i++)
    {
      const VeilGifBlock *block = &g_array_index (layout.blocks, VeilGifBlock, i);
      gboolean keep = FALSE;

      switch (block->label)
        {
        case VEIL_GIF_IMAGE:
        case LABEL_GCE:
        case LABEL_TEXT:
          keep = TRUE;
          break;
        case LABEL_APP:
          if (is_loop_app (block) && is_plain_loop (source->data, block))
            keep = TRUE;
          else if (is_loop_app (block))
            {
              /* Keep the loop count, not what was stuffed around it. */
              int count = loop_count (source->data, block);
              if (count >= 0 && !write_loop (out, block->app_id, count, error))
                goto out;
            }
          else if (is_app (block, ICC_APP))
            {
              keep = !seen_icc && !options->drop_icc;
              seen_icc = TRUE;
            }
          break;
        default:
          break;  /* comments, XMP, other extensions */
        }
      if (keep && !veil_writer_write (out, source->data + block->offset, block->size, error))
        goto out;
    }
  ok = veil_writer_write (out, &trailer, 1, error);

out:
  _veil_gif_layout_clear (&layout);
  return ok;
}

const VeilFormatHandler _veil_gif_handler = {
  .format = VEIL_FORMAT_GIF,
  .inspect = gif_inspect,
  .clean = gif_clean,
};
