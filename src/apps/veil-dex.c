/* veil-dex.c: reads class names and string constants out of Android DEX.
 *
 * Only the tables needed are read: the header, string_ids (with their
 * MUTF-8 string data), type_ids and class_defs. Every offset and count comes
 * from the file, so each is checked against the buffer before use.
 *
 * Class names are produced the way εxodus gets them from `dexdump` output,
 * `re.findall(r'[A-Z]+((?:\w+\/)+\w+)', out)`, applied to each type
 * descriptor: "Lcom/facebook/ads/AdView;" gives "com/facebook/ads/AdView".
 * Veil reads every type the code refers to (type_ids), which includes the
 * types dexdump prints without -d, plus types only used inside method
 * bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-dex"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-bytes.h"

#define DEX_HEADER_SIZE 0x70
#define DEX_ENDIAN_CONSTANT 0x12345678
/* A MUTF-8 string longer than this is not a name we need. */
#define MAX_STRING_BYTES (1u << 20)

static gboolean
malformed (GError **error, const char *what)
{
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
               _("broken DEX file: %s"), what);
  return FALSE;
}

/* Decodes MUTF-8 at data[off…] up to its NUL into out (standard UTF-8).
 * FALSE on bad encoding or when the string runs off the buffer. */
static gboolean
read_mutf8 (const guint8 *data, gsize len, gsize off, GString *out)
{
  g_string_truncate (out, 0);
  while (off < len)
    {
      guint8 c = data[off];
      gunichar u;

      if (c == 0)
        return TRUE;
      if (out->len > MAX_STRING_BYTES)
        return FALSE;
      if (c < 0x80)
        {
          g_string_append_c (out, (char) c);
          off++;
          continue;
        }
      if ((c & 0xe0) == 0xc0)
        {
          if (off + 1 >= len || (data[off + 1] & 0xc0) != 0x80)
            return FALSE;
          u = ((c & 0x1f) << 6) | (data[off + 1] & 0x3f);
          off += 2;
        }
      else if ((c & 0xf0) == 0xe0)
        {
          if (off + 2 >= len || (data[off + 1] & 0xc0) != 0x80 || (data[off + 2] & 0xc0) != 0x80)
            return FALSE;
          u = ((c & 0x0f) << 12) | ((data[off + 1] & 0x3f) << 6) | (data[off + 2] & 0x3f);
          off += 3;
          /* Supplementary characters are stored as two 3-byte surrogates. */
          if (u >= 0xd800 && u <= 0xdbff && off + 2 < len && data[off] == 0xed &&
              (data[off + 1] & 0xf0) == 0xb0)
            {
              gunichar lo = ((data[off] & 0x0f) << 12) | ((data[off + 1] & 0x3f) << 6) | (data[off + 2] & 0x3f);
              u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
              off += 3;
            }
          else if (u >= 0xd800 && u <= 0xdfff)
            u = 0xfffd;  /* a lone surrogate: keep the rest readable */
        }
      else
        return FALSE;
      g_string_append_unichar (out, u);
    }
  return FALSE;
}

static inline gboolean
is_word (guint8 c)
{
  /* Python's \w on str is Unicode-aware; any non-ASCII byte counts. */
  return g_ascii_isalnum (c) || c == '_' || c >= 0x80;
}

static inline gboolean
is_upper (guint8 c)
{
  return c >= 'A' && c <= 'Z';
}

/* `re.findall(r'[A-Z]+((?:\w+\/)+\w+)', s)`, written out: at each start
 * with an upper-case letter, the greedy [A-Z]+ gives back letters only as
 * far as the group needs one word character before the first '/'. */
static void
exodus_names (const char *str, gsize len, const VeilDexVisitor *v, gpointer user_data)
{
  const guint8 *s = (const guint8 *) str;
  gsize i = 0;

  while (i < len)
    {
      gsize u, k, e, end;

      if (!is_upper (s[i]))
        {
          i++;
          continue;
        }
      for (u = i; u < len && is_upper (s[u]); u++)
        ;
      /* The first word of the group starts at u, or at u - 1 when the
       * upper-case run is the whole word. */
      for (e = u; e < len && is_word (s[e]); e++)
        ;
      if (e > u)
        k = u;
      else if (u - i >= 2)
        k = u - 1;
      else
        {
          i++;
          continue;
        }
      if (e >= len || s[e] != '/' || e + 1 >= len || !is_word (s[e + 1]))
        {
          i++;
          continue;
        }
      end = e;
      while (end < len && s[end] == '/' && end + 1 < len && is_word (s[end + 1]))
        {
          end++;
          while (end < len && is_word (s[end]))
            end++;
        }
      v->class_name (str + k, end - k, user_data);
      i = end;
    }
}

/* Unsigned LEB128, at most 5 bytes. */
static gboolean
read_uleb128 (const guint8 *data, gsize len, gsize *off, guint32 *out)
{
  guint32 v = 0;

  for (int i = 0; i < 5; i++)
    {
      if (*off >= len)
        return FALSE;
      v |= (guint32) (data[*off] & 0x7f) << (7 * i);
      if (!(data[(*off)++] & 0x80))
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
_veil_dex_parse (const guint8         *data,
                 gsize                 len,
                 const VeilDexVisitor *v,
                 gpointer              user_data,
                 VeilDexInfo          *info,
                 GError              **error)
{
  guint32 file_size, header_size, endian;
  guint32 n_strings, strings_off, n_types, types_off, n_classes, classes_off;
  g_autoptr(GString) buf = g_string_sized_new (128);
  g_autofree guint8 *is_type = NULL;

  if (len < DEX_HEADER_SIZE || memcmp (data, "dex\n0", 5) != 0 || data[7] != 0 ||
      !g_ascii_isdigit (data[5]) || !g_ascii_isdigit (data[6]))
    return malformed (error, _("no DEX header"));
  if (memcmp (data + 4, "035", 3) < 0 || memcmp (data + 4, "041", 3) > 0)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED,
                   _("DEX version %.3s is not supported"), data + 4);
      return FALSE;
    }
  file_size = veil_read_le32 (data + 32);
  header_size = veil_read_le32 (data + 36);
  endian = veil_read_le32 (data + 40);
  if (endian != DEX_ENDIAN_CONSTANT)
    return malformed (error, _("unexpected byte order"));
  if (header_size < DEX_HEADER_SIZE || header_size > len)
    return malformed (error, _("bad header size"));
  /* DEX 041 can hold several DEX files in one container; the sizes then
   * describe the first one, which is all older tools read. */
  if (file_size < header_size || file_size > len)
    return malformed (error, _("the file is shorter than its header says"));
  len = file_size;

  n_strings = veil_read_le32 (data + 56);
  strings_off = veil_read_le32 (data + 60);
  n_types = veil_read_le32 (data + 64);
  types_off = veil_read_le32 (data + 68);
  n_classes = veil_read_le32 (data + 96);
  classes_off = veil_read_le32 (data + 100);

  if (!veil_range_ok (len, strings_off, (guint64) n_strings * 4))
    return malformed (error, _("string table out of range"));
  if (!veil_range_ok (len, types_off, (guint64) n_types * 4))
    return malformed (error, _("type table out of range"));
  if (!veil_range_ok (len, classes_off, (guint64) n_classes * 32))
    return malformed (error, _("class table out of range"));

  /* Types first: their descriptor strings become class names, the other
   * strings are only searched for server names. */
  is_type = g_malloc0 (n_strings / 8 + 1);
  for (guint32 t = 0; t < n_types; t++)
    {
      guint32 sidx = veil_read_le32 (data + types_off + 4 * (gsize) t);

      if (sidx >= n_strings)
        return malformed (error, _("type name index out of range"));
      is_type[sidx / 8] |= 1u << (sidx % 8);
    }
  for (guint32 c = 0; c < n_classes; c++)
    {
      guint32 tidx = veil_read_le32 (data + classes_off + 32 * (gsize) c);

      if (tidx >= n_types)
        return malformed (error, _("class index out of range"));
    }

  for (guint32 sidx = 0; sidx < n_strings; sidx++)
    {
      guint32 off = veil_read_le32 (data + strings_off + 4 * (gsize) sidx);
      gsize pos = off;
      guint32 utf16_len;
      gboolean type = (is_type[sidx / 8] >> (sidx % 8)) & 1;

      if (off < header_size || off >= len || !read_uleb128 (data, len, &pos, &utf16_len))
        return malformed (error, _("string offset out of range"));
      if (!read_mutf8 (data, len, pos, buf))
        {
          if (type)
            return malformed (error, _("badly encoded class name"));
          continue;
        }
      if (type)
        {
          if (v->class_name != NULL)
            exodus_names (buf->str, buf->len, v, user_data);
        }
      else if (v->string != NULL)
        v->string (buf->str, buf->len, user_data);
    }

  if (info != NULL)
    {
      info->n_strings = n_strings;
      info->n_types = n_types;
      info->n_class_defs = n_classes;
    }
  return TRUE;
}
