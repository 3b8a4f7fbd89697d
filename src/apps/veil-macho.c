/* veil-macho.c: what can be read from an iOS binary without running it.
 *
 * Thin (32/64-bit) and fat Mach-O files. LC_ENCRYPTION_INFO(_64) tells
 * whether the App Store's FairPlay encryption is on (cryptid != 0): then the
 * code, including the Objective-C class names, is unreadable here. When it
 * is off (ad-hoc, enterprise or decrypted builds), the __objc_classname
 * section lists every Objective-C class the binary defines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-macho"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-bytes.h"

#define MH_MAGIC    0xfeedface
#define MH_MAGIC_64 0xfeedfacf
#define FAT_MAGIC   0xcafebabe
#define FAT_MAGIC_64 0xcafebabf
#define LC_SEGMENT 0x1
#define LC_SEGMENT_64 0x19
#define LC_ENCRYPTION_INFO 0x21
#define LC_ENCRYPTION_INFO_64 0x2c
#define MAX_SLICES 16
#define MAX_COMMANDS 4096
#define MAX_CLASSES 500000

static gboolean
malformed (GError **error, const char *what)
{
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED, _("broken iOS binary: %s"), what);
  return FALSE;
}

static void
read_classnames (const guint8 *data, gsize len, guint64 off, guint64 size, VeilMachoInfo *info)
{
  gsize start;

  if (!veil_range_ok (len, off, size))
    return;
  start = off;
  for (gsize p = off; p < off + size && info->class_names->len < MAX_CLASSES; p++)
    if (data[p] == '\0')
      {
        if (p > start && g_utf8_validate ((const char *) data + start, p - start, NULL))
          g_ptr_array_add (info->class_names, g_strndup ((const char *) data + start, p - start));
        start = p + 1;
      }
}

static gboolean
parse_thin (const guint8 *data, gsize len, VeilMachoInfo *info, GError **error)
{
  guint32 magic, ncmds;
  gboolean is64;
  gsize pos;
  guint64 class_off = 0, class_size = 0;
  gboolean encrypted = FALSE;

  if (len < 28)
    return malformed (error, _("too short"));
  magic = veil_read_le32 (data);
  if (magic != MH_MAGIC && magic != MH_MAGIC_64)
    return malformed (error, _("not a Mach-O file"));
  is64 = magic == MH_MAGIC_64;
  ncmds = veil_read_le32 (data + 16);
  pos = is64 ? 32 : 28;
  if (ncmds > MAX_COMMANDS)
    return malformed (error, _("too many load commands"));

  for (guint32 i = 0; i < ncmds; i++)
    {
      guint32 cmd, size;

      if (!veil_range_ok (len, pos, 8))
        return malformed (error, _("load command out of range"));
      cmd = veil_read_le32 (data + pos);
      size = veil_read_le32 (data + pos + 4);
      if (size < 8 || !veil_range_ok (len, pos, size))
        return malformed (error, _("load command out of range"));

      if ((cmd == LC_ENCRYPTION_INFO || cmd == LC_ENCRYPTION_INFO_64) && size >= 20)
        encrypted |= veil_read_le32 (data + pos + 16) != 0;
      else if (cmd == LC_SEGMENT_64 && size >= 72)
        {
          guint32 nsects = veil_read_le32 (data + pos + 64);
          if ((guint64) nsects * 80 > size - 72)
            return malformed (error, _("segment out of range"));
          for (guint32 s = 0; s < nsects; s++)
            {
              const guint8 *sec = data + pos + 72 + 80 * (gsize) s;
              if (strncmp ((const char *) sec, "__objc_classname", 16) == 0)
                {
                  class_size = veil_read_le64 (sec + 40);
                  class_off = veil_read_le32 (sec + 48);
                }
            }
        }
      else if (cmd == LC_SEGMENT && size >= 56)
        {
          guint32 nsects = veil_read_le32 (data + pos + 48);
          if ((guint64) nsects * 68 > size - 56)
            return malformed (error, _("segment out of range"));
          for (guint32 s = 0; s < nsects; s++)
            {
              const guint8 *sec = data + pos + 56 + 68 * (gsize) s;
              if (strncmp ((const char *) sec, "__objc_classname", 16) == 0)
                {
                  class_size = veil_read_le32 (sec + 36);
                  class_off = veil_read_le32 (sec + 40);
                }
            }
        }
      pos += size;
    }

  info->n_slices++;
  if (encrypted)
    info->encrypted = TRUE;
  else if (class_size > 0)
    read_classnames (data, len, class_off, class_size, info);
  return TRUE;
}

gboolean
_veil_macho_parse (const guint8  *data,
                   gsize          len,
                   VeilMachoInfo *info,
                   GError       **error)
{
  guint32 magic;

  memset (info, 0, sizeof *info);
  info->class_names = g_ptr_array_new_with_free_func (g_free);
  if (len < 8)
    return malformed (error, _("too short"));
  magic = veil_read_be32 (data);
  if (magic == FAT_MAGIC || magic == FAT_MAGIC_64)
    {
      gboolean wide = magic == FAT_MAGIC_64;
      guint32 n = veil_read_be32 (data + 4);
      gsize entry = wide ? 32 : 20;

      if (n == 0 || n > MAX_SLICES || !veil_range_ok (len, 8, (guint64) n * entry))
        return malformed (error, _("bad universal header"));
      for (guint32 i = 0; i < n; i++)
        {
          const guint8 *a = data + 8 + entry * i;
          guint64 off = wide ? veil_read_be64 (a + 8) : veil_read_be32 (a + 8);
          guint64 size = wide ? veil_read_be64 (a + 16) : veil_read_be32 (a + 12);

          if (!veil_range_ok (len, off, size))
            return malformed (error, _("slice out of range"));
          if (!parse_thin (data + off, size, info, error))
            return FALSE;
        }
      return TRUE;
    }
  return parse_thin (data, len, info, error);
}

void
_veil_macho_info_clear (VeilMachoInfo *info)
{
  g_clear_pointer (&info->class_names, g_ptr_array_unref);
}
