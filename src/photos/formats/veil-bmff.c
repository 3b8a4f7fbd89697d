/* veil-bmff.c: the ISO base media box reader.
 *
 * Every box is checked against its parent before anyone looks inside it:
 * a size smaller than its header, past the parent's end, or 0 ("to the end
 * of the file") anywhere but at the top level is an error, never a guess.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-bmff"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-bmff.h"
#include "veil-trailer.h"

void
_veil_box_iter_init (VeilBoxIter  *iter,
                     const guint8 *data,
                     gsize         len,
                     guint64       start,
                     guint64       end,
                     gboolean      top_level)
{
  iter->data = data;
  iter->len = len;
  iter->pos = MIN (start, (guint64) len);
  iter->end = MIN (end, (guint64) len);
  if (iter->pos > iter->end)
    iter->pos = iter->end;
  iter->count = 0;
  iter->top_level = top_level;
}

void
_veil_box_iter_children (VeilBoxIter   *iter,
                         const guint8  *data,
                         gsize          len,
                         const VeilBox *parent,
                         guint64        skip)
{
  guint64 start = veil_box_payload (parent) + skip;

  _veil_box_iter_init (iter, data, len, MIN (start, veil_box_end (parent)),
                       veil_box_end (parent), FALSE);
}

gboolean
_veil_box_iter_next (VeilBoxIter  *iter,
                     VeilBox      *box,
                     GError      **error)
{
  guint64 avail = iter->end - iter->pos;
  const guint8 *p = iter->data + iter->pos;
  guint64 size;
  guint32 header = 8;

  memset (box, 0, sizeof *box);
  if (avail == 0)
    return FALSE;
  if (avail < 8)
    {
      g_autofree char *where = g_strdup_printf ("%" G_GUINT64_FORMAT, iter->pos);
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                   _("a box at byte %s is cut short"), where);
      return FALSE;
    }
  if (++iter->count > VEIL_BMFF_MAX_CHILDREN)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("too many boxes in one container"));
      return FALSE;
    }
  size = veil_read_be32 (p);
  box->type = veil_read_be32 (p + 4);
  if (size == 1)
    {
      if (avail < 16)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("a box with a 64-bit size is cut short"));
          return FALSE;
        }
      size = veil_read_be64 (p + 8);
      header = 16;
    }
  else if (size == 0)
    {
      if (!iter->top_level)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("a nested box claims to run to the end of the file"));
          return FALSE;
        }
      size = avail;
    }
  if (box->type == VEIL_FOURCC ('u', 'u', 'i', 'd'))
    {
      if (avail < (guint64) header + 16)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("a uuid box is cut short"));
          return FALSE;
        }
      memcpy (box->uuid, p + header, 16);
      header += 16;
    }
  if (size < header || size > avail)
    {
      g_autofree char *type = _veil_fourcc_str (box->type);
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("box “%s” at byte %" PRIu64 " has an impossible size"),
                   type, iter->pos);
      return FALSE;
    }
  box->offset = iter->pos;
  box->size = size;
  box->header = header;
  iter->pos += size;
  return TRUE;
}

gboolean
_veil_box_full (const guint8  *data,
                const VeilBox *box,
                guint8        *version,
                guint32       *flags)
{
  const guint8 *p = data + veil_box_payload (box);

  if (veil_box_payload_len (box) < 4)
    return FALSE;
  if (version != NULL)
    *version = p[0];
  if (flags != NULL)
    *flags = veil_read_be32 (p) & 0xFFFFFF;
  return TRUE;
}

char *
_veil_fourcc_str (guint32 type)
{
  GString *s = g_string_new (NULL);

  for (int shift = 24; shift >= 0; shift -= 8)
    {
      guint8 c = (type >> shift) & 0xFF;

      if (c == 0xA9)
        g_string_append (s, "©");
      else if (g_ascii_isprint (c))
        g_string_append_c (s, (char) c);
      else
        g_string_append_printf (s, "\\x%02x", c);
    }
  return g_string_free (s, FALSE);
}

gboolean
_veil_box_type_plausible (guint32 type)
{
  for (int shift = 0; shift < 32; shift += 8)
    {
      guint8 c = (type >> shift) & 0xFF;
      if (!g_ascii_isalnum (c) && c != ' ' && c != 0xA9)
        return FALSE;
    }
  return TRUE;
}

/* Whether the len bytes at data, which follow a top-level box, are a
 * trailer: they do not start with a box (a type no writer uses, or a size
 * that does not fit), and they read as one of the trailers Veil knows
 * after a JPEG (Samsung's, padding, an appended picture or video). Other
 * bytes stay an error, so a box cut short is refused, not cut off. */
static gboolean
is_trailer (const guint8 *data, gsize len)
{
  VeilBoxIter iter;
  VeilBox box;

  if (len < 8)
    return FALSE;
  _veil_box_iter_init (&iter, data, len, 0, len, TRUE);
  if (_veil_box_type_plausible (veil_read_be32 (data + 4)) &&
      _veil_box_iter_next (&iter, &box, NULL))
    return FALSE;
  return _veil_trailer_classify (data, len) != VEIL_TRAILER_UNKNOWN;
}

gsize
_veil_bmff_boxes_end (const guint8 *data,
                      gsize         len)
{
  VeilBoxIter iter;
  VeilBox box;

  _veil_box_iter_init (&iter, data, len, 0, len, TRUE);
  while (iter.pos < len)
    {
      if (iter.pos > 0 && is_trailer (data + iter.pos, len - (gsize) iter.pos))
        return (gsize) iter.pos;
      if (!_veil_box_iter_next (&iter, &box, NULL))
        break;
    }
  return len;
}

/* One ISO 6709 coordinate: sign, then degrees (DD, DDMM or DDMMSS) with an
 * optional fraction. Returns the end of what it read. */
static const char *
parse_6709 (const char *p, int deg_digits, double *out)
{
  double sign, value, frac = 0, scale = 1;
  const char *start;
  int digits = 0;
  guint64 whole = 0;

  if (*p != '+' && *p != '-')
    return NULL;
  sign = *p == '-' ? -1 : 1;
  start = ++p;
  while (g_ascii_isdigit (*p) && digits < 12)
    whole = whole * 10 + (guint64) (*p++ - '0'), digits++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p) && scale < 1e12)
        scale *= 10, frac += (*p++ - '0') / scale;
    }
  if (p == start)
    return NULL;
  value = (double) whole + frac;
  if (digits == deg_digits + 2)
    value = (double) (whole / 100) + ((double) (whole % 100) + frac) / 60.0;
  else if (digits == deg_digits + 4)
    value = (double) (whole / 10000) + (double) ((whole / 100) % 100) / 60.0 +
            ((double) (whole % 100) + frac) / 3600.0;
  *out = sign * value;
  return p;
}

char *
_veil_iso6709_describe (const char *text)
{
  double lat, lon;
  const char *p = parse_6709 (text, 2, &lat);

  if (p != NULL)
    p = parse_6709 (p, 3, &lon);
  if (p == NULL || lat < -90 || lat > 90 || lon < -180 || lon > 180)
    return g_strdup (text);
  return g_strdup_printf ("%.4f %s, %.4f %s", ABS (lat), lat >= 0 ? "N" : "S",
                          ABS (lon), lon >= 0 ? "E" : "W");
}
