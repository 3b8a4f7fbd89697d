/* veil-mp4.c: MP4, QuickTime (MOV) and 3GP videos.
 *
 * How a clean works: every box that gives something away (udta, meta, XMP
 * and other uuid boxes in moov, trak and at the top level) is turned into a
 * 'free' box of the same size with its payload zeroed, the creation and
 * modification times in mvhd/tkhd/mdhd are zeroed, and so are the vendor
 * codes in hdlr and sample descriptions. Nothing moves.
 *
 * Why not rebuild moov smaller: when moov comes before mdat (every
 * "fast start" file, most phone videos), a smaller moov shifts the media
 * and every stco/co64 chunk offset must be rewritten, as must any offset
 * hidden in boxes we do not parse (sidx, saio, vendor indexes). Keeping
 * every size leaves all offsets right by construction, the samples
 * byte-identical, and costs a few hundred bytes of zeros. Players skip
 * 'free' boxes wherever they are.
 *
 * Inspection and cleaning are the same walk, so what is reported is exactly
 * what is removed. The mdat is never read: the source is mapped and written
 * out in large spans.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-mp4"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-bmff.h"
#include "veil-xmp.h"
#include "veil-trailer.h"

#define FCC VEIL_FOURCC
#define MAX_KEYS 4096
/* Seconds between 1904-01-01 (QuickTime epoch) and 1970-01-01. */
#define QT_EPOCH_OFFSET G_GUINT64_CONSTANT (2082844800)

static const guint8 XMP_UUID[16] = {
  0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8,
  0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC
};

typedef struct {
  guint64       offset;
  guint64       len;
  const guint8 *bytes;   /* NULL: write zeros */
} Patch;

typedef struct {
  const guint8           *data;
  gsize                   len;
  VeilReport             *report;
  const char             *prefix;
  GArray                 *patches;   /* element-type Patch; NULL when inspecting */
  const VeilCleanOptions *options;
  GHashTable             *seen;      /* keys reported once only */
  guint32                 handler;   /* the current track's handler type */
  gboolean                has_moov;
} Walk;

static gboolean walk_boxes (Walk *w, VeilBoxIter *iter, guint depth, guint32 parent, GError **error);

static void
add_patch (Walk *w, guint64 offset, guint64 len, const guint8 *bytes)
{
  Patch p = { offset, len, bytes };

  if (w->patches != NULL && len > 0)
    g_array_append_val (w->patches, p);
}

/* The box stays as 'free' of the same size, its payload zeroed. */
static void
remove_box (Walk *w, const VeilBox *box)
{
  static const guint8 free_type[4] = { 'f', 'r', 'e', 'e' };

  guint64 size_field = box->header - (box->type == FCC ('u', 'u', 'i', 'd') ? 16 : 0);

  add_patch (w, box->offset + 4, 4, free_type);
  /* Everything after the size fields, a uuid's 16 bytes included, becomes
   * the free box's zeroed payload. */
  add_patch (w, box->offset + size_field, box->size - size_field, NULL);
}

static void
report (Walk         *w,
        VeilCategory  category,
        const char   *name,
        const char   *value,
        const char   *explanation)
{
  g_autofree char *key = g_strdup_printf ("%sQuickTime:%s", w->prefix, name);

  if (w->report == NULL)
    return;
  if (g_hash_table_contains (w->seen, key))
    return;
  veil_report_add (w->report, category, key, value, "%s", explanation);
  g_hash_table_add (w->seen, g_steal_pointer (&key));
}

static const char *
explain (VeilCategory category)
{
  switch (category)
    {
    case VEIL_CATEGORY_LOCATION: return _("Where the video was recorded.");
    case VEIL_CATEGORY_TIME:     return _("When the video was recorded or edited.");
    case VEIL_CATEGORY_DEVICE:   return _("The phone or camera that recorded the video.");
    case VEIL_CATEGORY_IDENTITY: return _("A name: who made the video or owns the device.");
    case VEIL_CATEGORY_SOFTWARE: return _("The app or software version that wrote the file.");
    case VEIL_CATEGORY_THUMBNAIL: return _("A picture stored with the video (cover art or a preview).");
    case VEIL_CATEGORY_HIDDEN:   return _("Vendor data written by the camera or app; it can hold device details, settings or a location track.");
    case VEIL_CATEGORY_OTHER:
    case VEIL_N_CATEGORIES:
    default:                     return _("A text tag anyone can read: titles, comments or notes.");
    }
}

typedef struct {
  guint32      type;
  const char  *name;
  VeilCategory category;
} TagInfo;

static const TagInfo tags[] = {
  { FCC (0xA9, 'x', 'y', 'z'), "GPSCoordinates", VEIL_CATEGORY_LOCATION },
  { FCC ('l', 'o', 'c', 'i'), "Location", VEIL_CATEGORY_LOCATION },
  { FCC (0xA9, 'd', 'a', 'y'), "ContentCreateDate", VEIL_CATEGORY_TIME },
  { FCC ('y', 'r', 'r', 'c'), "Year", VEIL_CATEGORY_TIME },
  { FCC (0xA9, 'm', 'a', 'k'), "Make", VEIL_CATEGORY_DEVICE },
  { FCC (0xA9, 'm', 'o', 'd'), "Model", VEIL_CATEGORY_DEVICE },
  { FCC (0xA9, 's', 'w', 'r'), "Software", VEIL_CATEGORY_SOFTWARE },
  { FCC (0xA9, 't', 'o', 'o'), "Encoder", VEIL_CATEGORY_SOFTWARE },
  { FCC (0xA9, 'e', 'n', 'c'), "EncodedBy", VEIL_CATEGORY_SOFTWARE },
  { FCC (0xA9, 'A', 'R', 'T'), "Artist", VEIL_CATEGORY_IDENTITY },
  { FCC ('a', 'A', 'R', 'T'), "AlbumArtist", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'a', 'u', 't'), "Author", VEIL_CATEGORY_IDENTITY },
  { FCC ('a', 'u', 't', 'h'), "Author", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'w', 'r', 't'), "Composer", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'c', 'o', 'm'), "Composer", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'c', 'p', 'y'), "Copyright", VEIL_CATEGORY_IDENTITY },
  { FCC ('c', 'p', 'r', 't'), "Copyright", VEIL_CATEGORY_IDENTITY },
  { FCC ('p', 'e', 'r', 'f'), "Performer", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'd', 'i', 'r'), "Director", VEIL_CATEGORY_IDENTITY },
  { FCC (0xA9, 'p', 'r', 'd'), "Producer", VEIL_CATEGORY_IDENTITY },
  { FCC ('c', 'o', 'v', 'r'), "CoverArt", VEIL_CATEGORY_THUMBNAIL },
  { FCC (0xA9, 'c', 'm', 't'), "Comment", VEIL_CATEGORY_OTHER },
  { FCC (0xA9, 'n', 'a', 'm'), "Title", VEIL_CATEGORY_OTHER },
  { FCC (0xA9, 'd', 'e', 's'), "Description", VEIL_CATEGORY_OTHER },
  { FCC (0xA9, 'i', 'n', 'f'), "Information", VEIL_CATEGORY_DEVICE },
  { FCC (0xA9, 'f', 'm', 't'), "Format", VEIL_CATEGORY_DEVICE },
  { FCC ('n', 'a', 'm', 'e'), "TrackName", VEIL_CATEGORY_OTHER },
};

static const TagInfo *
find_tag (guint32 type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tags); i++)
    if (tags[i].type == type)
      return &tags[i];
  return NULL;
}

static char *
text_value (const guint8 *p, gsize n)
{
  if (n > 4096)
    n = 4096;
  while (n > 0 && p[n - 1] == 0)
    n--;
  return g_strndup ((const char *) p, n);
}

/* The text of a udta tag: QuickTime "©xxx" (size, language, text), 3GPP
 * asset boxes (full box, language, text), or an iTunes-style 'data' box. */
static char *
tag_text (const Walk *w, const VeilBox *box)
{
  const guint8 *p = w->data + veil_box_payload (box);
  guint64 n = veil_box_payload_len (box);

  if (n >= 16 && veil_read_be32 (p + 4) == FCC ('d', 'a', 't', 'a') &&
      veil_read_be32 (p) <= n && veil_read_be32 (p) >= 16)
    {
      guint32 dsize = veil_read_be32 (p);
      if ((veil_read_be32 (p + 8) & 0xFFFFFF) == 1)
        return text_value (p + 16, dsize - 16);
      return g_format_size (dsize - 16);
    }
  if ((box->type >> 24) == 0xA9 && n >= 4 && veil_read_be16 (p) <= n - 4)
    {
      /* Language codes below 0x400 are old Mac ones, with Mac Roman text. */
      if (veil_read_be16 (p + 2) < 0x400)
        {
          g_autofree char *utf8 = g_convert ((const char *) p + 4, veil_read_be16 (p),
                                             "UTF-8", "MACINTOSH", NULL, NULL, NULL);
          if (utf8 != NULL)
            return g_steal_pointer (&utf8);
        }
      return text_value (p + 4, veil_read_be16 (p));
    }
  if (box->type == FCC ('n', 'a', 'm', 'e'))
    return text_value (p, n);
  if (n >= 6 && (box->type >> 24) != 0xA9)
    {
      /* 3GPP: a UTF-16 string starts with a byte order mark. */
      if (n >= 8 && p[6] == 0xFE && p[7] == 0xFF)
        {
          g_autofree char *utf8 = g_convert ((const char *) p + 8, (gssize) ((n - 8) & ~1ULL),
                                             "UTF-8", "UTF-16BE", NULL, NULL, NULL);
          return utf8 != NULL ? g_steal_pointer (&utf8) : g_format_size (n);
        }
      return text_value (p + 6, n - 6);
    }
  return g_format_size (n);
}

/* loci: full box, language, name, role, then longitude, latitude and
 * altitude as 16.16 fixed point. */
static char *
loci_value (const Walk *w, const VeilBox *box)
{
  const guint8 *p = w->data + veil_box_payload (box);
  guint64 n = veil_box_payload_len (box);
  const guint8 *nul;
  gsize at;

  if (n < 7)
    return g_format_size (n);
  nul = memchr (p + 6, 0, n - 6);
  if (nul == NULL)
    return g_format_size (n);
  at = (gsize) (nul - p) + 2;
  if (!veil_range_ok (n, at, 8))
    return g_format_size (n);
  {
    double lon = (gint32) veil_read_be32 (p + at) / 65536.0;
    double lat = (gint32) veil_read_be32 (p + at + 4) / 65536.0;
    return g_strdup_printf ("%.4f %s, %.4f %s", ABS (lat), lat >= 0 ? "N" : "S",
                            ABS (lon), lon >= 0 ? "E" : "W");
  }
}

static VeilCategory
category_for_key (const char *key)
{
  /* Only the last part counts: "com.apple.quicktime.make" is a make, not
   * a time. */
  const char *dot = strrchr (key, '.');
  g_autofree char *lower = g_ascii_strdown (dot != NULL ? dot + 1 : key, -1);

  if (strstr (lower, "location") || strstr (lower, "gps") || strstr (lower, "6709"))
    return VEIL_CATEGORY_LOCATION;
  if (strstr (lower, "date") || strstr (lower, "time"))
    return VEIL_CATEGORY_TIME;
  if (strstr (lower, "make") || strstr (lower, "model") || strstr (lower, "camera") ||
      strstr (lower, "lens") || strstr (lower, "serial"))
    return VEIL_CATEGORY_DEVICE;
  if (strstr (lower, "software") || strstr (lower, "encoder"))
    return VEIL_CATEGORY_SOFTWARE;
  if (strstr (lower, "author") || strstr (lower, "artist") || strstr (lower, "owner") ||
      strstr (lower, "name") || strstr (lower, "copyright") || strstr (lower, "creator"))
    return VEIL_CATEGORY_IDENTITY;
  return VEIL_CATEGORY_OTHER;
}

static void
report_tag (Walk *w, const VeilBox *box, const char *key_name)
{
  const TagInfo *info = find_tag (box->type);
  g_autofree char *value = NULL;
  g_autofree char *fcc = _veil_fourcc_str (box->type);
  VeilCategory category;
  const char *name;

  if (box->type == FCC ('l', 'o', 'c', 'i'))
    value = loci_value (w, box);
  else
    value = tag_text (w, box);

  if (key_name != NULL)
    {
      name = key_name;
      category = category_for_key (key_name);
    }
  else if (info != NULL)
    {
      name = info->name;
      category = info->category;
    }
  else if ((box->type >> 24) == 0xA9)
    {
      name = fcc;
      category = VEIL_CATEGORY_OTHER;
    }
  else
    {
      g_clear_pointer (&value, g_free);
      value = g_format_size (veil_box_payload_len (box));
      name = fcc;
      category = VEIL_CATEGORY_HIDDEN;
    }
  if (category == VEIL_CATEGORY_LOCATION && value != NULL && (value[0] == '+' || value[0] == '-'))
    {
      char *readable = _veil_iso6709_describe (value);
      g_free (value);
      value = readable;
    }
  report (w, category, name, value, explain (category));
}

/* keys (mdta): the names that ilst items point to by index. */
static GPtrArray *
read_keys (const Walk *w, const VeilBox *box)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const guint8 *p = w->data + veil_box_payload (box);
  guint64 n = veil_box_payload_len (box), at = 8;
  guint32 count;

  if (n < 8)
    return keys;
  count = veil_read_be32 (p + 4);
  for (guint32 i = 0; i < count && i < MAX_KEYS && at + 8 <= n; i++)
    {
      guint32 size = veil_read_be32 (p + at);
      if (size < 8 || size > n - at)
        break;
      g_ptr_array_add (keys, text_value (p + at + 8, size - 8));
      at += size;
    }
  return keys;
}

/* A meta box (ISO full box, or QuickTime's plain one) holding ilst, keys,
 * XMP or anything else: every item is reported. */
static gboolean
report_meta (Walk *w, const VeilBox *meta, GError **error)
{
  VeilBoxIter iter;
  VeilBox child;
  g_autoptr(GPtrArray) keys = NULL;
  guint64 skip = 4;

  /* QuickTime writes meta without version and flags: its first child's
   * type then sits at byte 4. */
  if (veil_box_payload_len (meta) >= 8 &&
      veil_read_be32 (w->data + veil_box_payload (meta) + 4) == FCC ('h', 'd', 'l', 'r'))
    skip = 0;

  for (int pass = 0; pass < 2; pass++)
    {
      _veil_box_iter_children (&iter, w->data, w->len, meta, skip);
      while (_veil_box_iter_next (&iter, &child, error))
        {
          if (pass == 0)
            {
              if (child.type == FCC ('k', 'e', 'y', 's') && keys == NULL)
                keys = read_keys (w, &child);
              continue;
            }
          if (child.type == FCC ('i', 'l', 's', 't'))
            {
              VeilBoxIter items;
              VeilBox item;

              _veil_box_iter_children (&items, w->data, w->len, &child, 0);
              while (_veil_box_iter_next (&items, &item, error))
                {
                  const char *key_name = NULL;

                  if (keys != NULL && item.type >= 1 && item.type <= keys->len)
                    key_name = g_ptr_array_index (keys, item.type - 1);
                  report_tag (w, &item, key_name);
                }
              if (error != NULL && *error != NULL)
                return FALSE;
            }
          else if (child.type == FCC ('X', 'M', 'P', '_') ||
                   child.type == FCC ('x', 'm', 'l', ' '))
            {
              guint64 off = veil_box_payload (&child) + (child.type == FCC ('x', 'm', 'l', ' ') ? 4 : 0);
              if (off <= veil_box_end (&child))
                _veil_xmp_findings ((const char *) w->data + off, veil_box_end (&child) - off, w->report);
            }
          else if (child.type != FCC ('h', 'd', 'l', 'r') && child.type != FCC ('k', 'e', 'y', 's') &&
                   child.type != FCC ('f', 'r', 'e', 'e'))
            report_tag (w, &child, NULL);
        }
      if (error != NULL && *error != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
report_udta (Walk *w, const VeilBox *udta, GError **error)
{
  VeilBoxIter iter;
  VeilBox child;

  _veil_box_iter_children (&iter, w->data, w->len, udta, 0);
  while (_veil_box_iter_next (&iter, &child, error))
    {
      if (child.type == FCC ('m', 'e', 't', 'a'))
        {
          if (!report_meta (w, &child, error))
            return FALSE;
        }
      else if (child.type == FCC ('X', 'M', 'P', '_'))
        _veil_xmp_findings ((const char *) w->data + veil_box_payload (&child),
                            veil_box_payload_len (&child), w->report);
      else if (child.type != FCC ('f', 'r', 'e', 'e'))
        report_tag (w, &child, NULL);
    }
  /* QuickTime may end udta with a 32-bit zero: not a box, not an error. */
  if (error != NULL && *error != NULL && iter.end - iter.pos == 4 &&
      veil_read_be32 (w->data + iter.pos) == 0)
    g_clear_error (error);
  return error == NULL || *error == NULL;
}

static void
report_uuid (Walk *w, const VeilBox *box)
{
  if (memcmp (box->uuid, XMP_UUID, 16) == 0)
    _veil_xmp_findings ((const char *) w->data + veil_box_payload (box),
                        veil_box_payload_len (box), w->report);
  else
    {
      g_autofree char *size = g_format_size (box->size);
      report (w, VEIL_CATEGORY_HIDDEN, "UUID", size, explain (VEIL_CATEGORY_HIDDEN));
    }
}

static char *
describe_time (guint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t >= QT_EPOCH_OFFSET && t - QT_EPOCH_OFFSET < G_GUINT64_CONSTANT (253402300799))
    dt = g_date_time_new_from_unix_utc ((gint64) (t - QT_EPOCH_OFFSET));
  if (dt == NULL)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, t);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

/* mvhd, tkhd and mdhd start with creation and modification times:
 * 32-bit in version 0, 64-bit in version 1. Zero means "not set". */
static void
media_times (Walk *w, const VeilBox *box, const char *what)
{
  const guint8 *p = w->data + veil_box_payload (box);
  guint64 n = veil_box_payload_len (box);
  guint width, version;
  guint64 times[2];

  if (n < 4)
    return;
  version = p[0];
  width = version == 1 ? 8 : 4;
  if (n < 4 + 2 * width)
    return;
  times[0] = width == 8 ? veil_read_be64 (p + 4) : veil_read_be32 (p + 4);
  times[1] = width == 8 ? veil_read_be64 (p + 4 + width) : veil_read_be32 (p + 4 + width);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (times[i] == 0)
        continue;
      name = g_strdup_printf ("MediaTime:%s%s", what, i == 0 ? "CreateDate" : "ModifyDate");
      value = describe_time (times[i]);
      report (w, VEIL_CATEGORY_TIME, name, value,
              i == 0 ? _("When the video was recorded.") : _("When the video was last changed."));
    }
  if (w->options == NULL || !w->options->keep_media_times)
    add_patch (w, veil_box_payload (box) + 4, 2 * width, NULL);
}

/* The 4-byte manufacturer code in a QuickTime hdlr ("appl", "pntx"): ISO
 * files keep it zero. */
static void
handler_vendor (Walk *w, const VeilBox *box, gboolean media)
{
  const guint8 *p = w->data + veil_box_payload (box);
  guint64 n = veil_box_payload_len (box);

  if (n < 16)
    return;
  if (media)
    w->handler = veil_read_be32 (p + 8);
  if (veil_read_be32 (p + 12) != 0)
    {
      g_autofree char *value = _veil_fourcc_str (veil_read_be32 (p + 12));
      report (w, VEIL_CATEGORY_DEVICE, "HandlerVendorID", value,
              _("A code for the maker of the camera or software that wrote the video."));
      add_patch (w, veil_box_payload (box) + 12, 4, NULL);
    }
}

/* Video and sound sample descriptions carry a vendor code at byte 12 of
 * each entry (reserved, zero, in ISO files). */
static gboolean
sample_vendor (Walk *w, const VeilBox *stsd, GError **error)
{
  VeilBoxIter iter;
  VeilBox entry;

  if (w->handler != FCC ('v', 'i', 'd', 'e') && w->handler != FCC ('s', 'o', 'u', 'n'))
    return TRUE;
  _veil_box_iter_children (&iter, w->data, w->len, stsd, 8);
  while (_veil_box_iter_next (&iter, &entry, error))
    {
      const guint8 *p = w->data + veil_box_payload (&entry);

      if (veil_box_payload_len (&entry) < 16 || veil_read_be32 (p + 12) == 0)
        continue;
      {
        g_autofree char *value = _veil_fourcc_str (veil_read_be32 (p + 12));
        report (w, VEIL_CATEGORY_DEVICE, "VendorID", value,
                _("A code for the maker of the camera or software that wrote the video."));
        add_patch (w, veil_box_payload (&entry) + 12, 4, NULL);
      }
    }
  return error == NULL || *error == NULL;
}

static gboolean
walk_children (Walk *w, const VeilBox *box, guint depth, GError **error)
{
  VeilBoxIter iter;

  _veil_box_iter_children (&iter, w->data, w->len, box, 0);
  return walk_boxes (w, &iter, depth + 1, box->type, error);
}

static gboolean
walk_boxes (Walk        *w,
            VeilBoxIter *iter,
            guint        depth,
            guint32      parent,
            GError     **error)
{
  VeilBox box;
  GError *local = NULL;

  if (depth > VEIL_BMFF_MAX_DEPTH)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the boxes are nested too deeply"));
      return FALSE;
    }
  while (_veil_box_iter_next (iter, &box, &local))
    {
      gboolean removable = parent == 0 || parent == FCC ('m', 'o', 'o', 'v') ||
                           parent == FCC ('t', 'r', 'a', 'k');

      switch (box.type)
        {
        case FCC ('m', 'o', 'o', 'v'):
          if (parent != 0)
            break;
          w->has_moov = TRUE;
          if (!walk_children (w, &box, depth, error))
            return FALSE;
          break;
        case FCC ('t', 'r', 'a', 'k'):
        case FCC ('m', 'd', 'i', 'a'):
        case FCC ('m', 'i', 'n', 'f'):
        case FCC ('s', 't', 'b', 'l'):
          if (box.type == FCC ('t', 'r', 'a', 'k'))
            w->handler = 0;
          if (!walk_children (w, &box, depth, error))
            return FALSE;
          break;
        case FCC ('m', 'v', 'h', 'd'):
          media_times (w, &box, "Movie");
          break;
        case FCC ('t', 'k', 'h', 'd'):
          media_times (w, &box, "Track");
          break;
        case FCC ('m', 'd', 'h', 'd'):
          media_times (w, &box, "Media");
          break;
        case FCC ('h', 'd', 'l', 'r'):
          handler_vendor (w, &box, parent == FCC ('m', 'd', 'i', 'a'));
          break;
        case FCC ('s', 't', 's', 'd'):
          if (!sample_vendor (w, &box, error))
            return FALSE;
          break;
        case FCC ('u', 'd', 't', 'a'):
          if (!removable)
            break;
          if (!report_udta (w, &box, error))
            return FALSE;
          remove_box (w, &box);
          break;
        case FCC ('m', 'e', 't', 'a'):
          if (!removable)
            break;
          if (!report_meta (w, &box, error))
            return FALSE;
          remove_box (w, &box);
          break;
        case FCC ('u', 'u', 'i', 'd'):
          if (!removable)
            break;
          report_uuid (w, &box);
          remove_box (w, &box);
          break;
        case FCC ('s', 'e', 'f', 'd'):
          /* Samsung's trailer data in a box of its own. */
          if (parent != 0)
            break;
          {
            g_autofree char *size = g_format_size (box.size);
            report (w, VEIL_CATEGORY_HIDDEN, "SamsungData", size,
                    _("Samsung camera data: it can hold when the video was recorded and the country of the phone's network."));
          }
          remove_box (w, &box);
          break;
        default:
          break;
        }
    }
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

static gint
patch_cmp (gconstpointer a, gconstpointer b)
{
  const Patch *pa = a, *pb = b;
  return pa->offset < pb->offset ? -1 : pa->offset > pb->offset;
}

static gboolean
mp4_walk (Walk *w, GError **error)
{
  VeilBoxIter iter;

  _veil_box_iter_init (&iter, w->data, w->len, 0, w->len, TRUE);
  if (!walk_boxes (w, &iter, 0, 0, error))
    return FALSE;
  if (!w->has_moov)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the video has no movie header (moov box)"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_veil_mp4_embedded_findings (const guint8  *data,
                             gsize          len,
                             const char    *prefix,
                             VeilReport    *report,
                             GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Walk w = { data, len, report, prefix, NULL, NULL, seen, 0, FALSE };

  return mp4_walk (&w, error);
}

gboolean
_veil_mp4_clean_embedded (const guint8            *data,
                          gsize                    len,
                          VeilWriter              *out,
                          const VeilCleanOptions  *options,
                          GError                 **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) patches = g_array_new (FALSE, FALSE, sizeof (Patch));
  g_autoptr(VeilReport) scratch = veil_report_new (NULL, VEIL_FORMAT_MP4);
  Walk w = { data, len, scratch, "", patches, options, seen, 0, FALSE };
  guint64 pos = 0;

  if (!mp4_walk (&w, error))
    return FALSE;
  g_array_sort (patches, patch_cmp);
  for (guint i = 0; i < patches->len; i++)
    {
      const Patch *p = &g_array_index (patches, Patch, i);

      /* Patches come from disjoint boxes; an overlap means a hostile file
       * whose boxes alias each other. */
      if (p->offset < pos || !veil_range_ok (len, p->offset, p->len))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the video's boxes overlap"));
          return FALSE;
        }
      if (!veil_writer_write (out, data + pos, p->offset - pos, error))
        return FALSE;
      if (p->bytes != NULL ? !veil_writer_write (out, p->bytes, p->len, error)
                           : !veil_writer_write_zeros (out, p->len, error))
        return FALSE;
      pos = p->offset + p->len;
    }
  return veil_writer_write (out, data + pos, len - pos, error);
}

gsize
_veil_mp4_embedded_length (const guint8 *data,
                           gsize         len)
{
  VeilBoxIter iter;
  VeilBox box;
  gsize end = 0;

  _veil_box_iter_init (&iter, data, len, 0, len, FALSE);
  while (_veil_box_iter_next (&iter, &box, NULL))
    {
      /* Anything but a box type is the trailer that follows the video
       * (Samsung's SEFH index). */
      if (!_veil_box_type_plausible (box.type))
        return end;
      end = veil_box_end (&box);
    }
  return end;
}

/* A video file on its own may carry vendor data after its last box
 * (Samsung's trailer): reported, and left out of the cleaned copy. */
static gboolean
mp4_inspect (const VeilSource  *source,
             VeilReport        *report,
             GError           **error)
{
  gsize end = _veil_bmff_boxes_end (source->data, source->len);

  if (!_veil_mp4_embedded_findings (source->data, end, "", report, error))
    return FALSE;
  if (end < source->len)
    _veil_video_trailer_findings (source->data + end, source->len - end, report);
  return TRUE;
}

static gboolean
mp4_clean (const VeilSource        *source,
           VeilWriter              *out,
           const VeilCleanOptions  *options,
           GError                 **error)
{
  return _veil_mp4_clean_embedded (source->data, _veil_bmff_boxes_end (source->data, source->len),
                                   out, options, error);
}

const VeilFormatHandler _veil_mp4_handler = {
  .format = VEIL_FORMAT_MP4,
  .inspect = mp4_inspect,
  .clean = mp4_clean,
};

const VeilFormatHandler _veil_mov_handler = {
  .format = VEIL_FORMAT_MOV,
  .inspect = mp4_inspect,
  .clean = mp4_clean,
};

const VeilFormatHandler _veil_3gp_handler = {
  .format = VEIL_FORMAT_3GP,
  .inspect = mp4_inspect,
  .clean = mp4_clean,
};
