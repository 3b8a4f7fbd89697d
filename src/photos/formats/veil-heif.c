/* veil-heif.c: HEIF (HEIC) and AVIF photos.
 *
 * A HEIF file is a 'meta' box listing items (images, image tiles, Exif
 * blocks, XMP packets, depth maps) and where each item's bytes are (iloc),
 * usually in an 'mdat' box after it.
 *
 * The cleaner is in veil-heif-clean.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-heif"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-bytes.h"
#include "veil-heif-private.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-icc.h"
#include "veil-trailer.h"

static void
item_free (Item *item)
{
  g_free (item->content_type);
  g_clear_pointer (&item->extents, g_array_unref);
  g_clear_pointer (&item->props, g_array_unref);
  g_free (item);
}

void
_veil_heif_clear (Heif *h)
{
  g_clear_pointer (&h->items, g_ptr_array_unref);
  g_clear_pointer (&h->by_id, g_hash_table_unref);
  if (h->refs != NULL)
    {
      for (guint i = 0; i < h->refs->len; i++)
        g_array_unref (g_array_index (h->refs, Ref, i).to);
      g_clear_pointer (&h->refs, g_array_unref);
    }
  g_clear_pointer (&h->props, g_array_unref);
  g_clear_pointer (&h->ipma, g_array_unref);
  g_clear_pointer (&h->vendor, g_array_unref);
}

gboolean
_veil_heif_malformed (GError **error, const char *what)
{
  g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
               _("the picture's item table is broken (%s)"), what);
  return FALSE;
}

/* A big-endian unsigned number of 0, 4 or 8 bytes (iloc field sizes). */
static gboolean
read_sized (const guint8 *p, guint64 end, guint64 *at, guint size, guint64 *out)
{
  if (!veil_range_ok (end, *at, size))
    return FALSE;
  switch (size)
    {
    case 0: *out = 0; break;
    case 2: *out = veil_read_be16 (p + *at); break;
    case 4: *out = veil_read_be32 (p + *at); break;
    case 8: *out = veil_read_be64 (p + *at); break;
    default: return FALSE;
    }
  *at += size;
  return TRUE;
}

Item *
_veil_heif_item_get (Heif *h, guint32 id, gboolean create, GError **error)
{
  Item *item = g_hash_table_lookup (h->by_id, GUINT_TO_POINTER (id));

  if (item != NULL || !create)
    return item;
  if (h->items->len >= MAX_ITEMS)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the picture lists too many items"));
      return NULL;
    }
  item = g_new0 (Item, 1);
  item->id = id;
  item->extents = g_array_new (FALSE, FALSE, sizeof (Extent));
  item->props = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_ptr_array_add (h->items, item);
  g_hash_table_insert (h->by_id, GUINT_TO_POINTER (id), item);
  return item;
}

static char *
read_cstring (const guint8 *p, guint64 end, guint64 *at)
{
  const guint8 *nul;

  if (*at >= end)
    return g_strdup ("");
  nul = memchr (p + *at, 0, end - *at);
  if (nul == NULL)
    {
      char *s = g_strndup ((const char *) p + *at, end - *at);
      *at = end;
      return s;
    }
  {
    char *s = g_strndup ((const char *) p + *at, nul - (p + *at));
    *at = (guint64) (nul - p) + 1;
    return s;
  }
}

static gboolean
parse_iinf (Heif *h, GError **error)
{
  const guint8 *d = h->data;
  VeilBoxIter iter;
  VeilBox infe;
  guint8 version;

  if (!_veil_box_full (d, &h->iinf, &version, NULL))
    return _veil_heif_malformed (error, "iinf");
  h->iinf_version = version;
  _veil_box_iter_children (&iter, d, h->len, &h->iinf, version == 0 ? 6 : 8);
  while (_veil_box_iter_next (&iter, &infe, error))
    {
      guint64 at = veil_box_payload (&infe), end = veil_box_end (&infe);
      guint8 v;
      guint32 id;
      Item *item;

      if (infe.type != FCC ('i', 'n', 'f', 'e'))
        continue;
      if (!_veil_box_full (d, &infe, &v, NULL))
        return _veil_heif_malformed (error, "infe");
      at += 4;
      if (v < 2 || v > 3)
        continue; /* version 0/1 items have no type: nothing to judge */
      if (!veil_range_ok (end, at, v == 3 ? 10 : 8))
        return _veil_heif_malformed (error, "infe");
      id = v == 3 ? veil_read_be32 (d + at) : veil_read_be16 (d + at);
      at += v == 3 ? 4 : 2;
      at += 2; /* protection index */
      item = _veil_heif_item_get (h, id, TRUE, error);
      if (item == NULL)
        return FALSE;
      if (item->infe_len != 0)
        return _veil_heif_malformed (error, "the same item twice");
      item->type = veil_read_be32 (d + at);
      at += 4;
      item->infe_off = infe.offset;
      item->infe_len = infe.size;
      g_free (read_cstring (d, end, &at)); /* item name */
      if (item->type == FCC ('m', 'i', 'm', 'e'))
        item->content_type = read_cstring (d, end, &at);
    }
  return error == NULL || *error == NULL;
}

static gboolean
parse_iloc (Heif *h, GError **error)
{
  const guint8 *d = h->data;
  guint64 at = veil_box_payload (&h->iloc), end = veil_box_end (&h->iloc);
  guint64 count;
  guint v;
  guint total_extents = 0;

  if (!veil_range_ok (end, at, 6))
    return _veil_heif_malformed (error, "iloc");
  v = d[at];
  h->iloc_version = v;
  if (v > 2)
    return _veil_heif_malformed (error, "iloc version");
  h->offset_size = d[at + 4] >> 4;
  h->length_size = d[at + 4] & 15;
  h->base_size = d[at + 5] >> 4;
  h->index_size = v >= 1 ? (d[at + 5] & 15) : 0;
  at += 6;
  if (!read_sized (d, end, &at, v < 2 ? 2 : 4, &count))
    return _veil_heif_malformed (error, "iloc");
  if (count > MAX_ITEMS)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the picture lists too many items"));
      return FALSE;
    }
  for (guint64 i = 0; i < count; i++)
    {
      guint64 start = at, id, method = 0, dref, base, n;
      Item *item;

      if (!read_sized (d, end, &at, v < 2 ? 2 : 4, &id))
        return _veil_heif_malformed (error, "iloc");
      if (v >= 1)
        {
          if (!read_sized (d, end, &at, 2, &method))
            return _veil_heif_malformed (error, "iloc");
          method &= 15;
        }
      if (!read_sized (d, end, &at, 2, &dref) || !read_sized (d, end, &at, h->base_size, &base) ||
          !read_sized (d, end, &at, 2, &n))
        return _veil_heif_malformed (error, "iloc");
      item = _veil_heif_item_get (h, (guint32) id, TRUE, error);
      if (item == NULL)
        return FALSE;
      if (item->located)
        return _veil_heif_malformed (error, "an item located twice");
      item->located = TRUE;
      item->construction = (guint) method;
      if (dref != 0)
        return _veil_heif_malformed (error, "data in another file");
      for (guint64 e = 0; e < n; e++)
        {
          Extent ext;
          guint64 index, off, length;

          if (++total_extents > MAX_EXTENTS)
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                           _("the picture has too many data pieces"));
              return FALSE;
            }
          if (!read_sized (d, end, &at, h->index_size, &index) ||
              !read_sized (d, end, &at, h->offset_size, &off) ||
              !read_sized (d, end, &at, h->length_size, &length))
            return _veil_heif_malformed (error, "iloc");
          if (off > G_MAXUINT64 - base)
            return _veil_heif_malformed (error, "iloc offset");
          ext.offset = base + off;
          ext.length = length;
          g_array_append_val (item->extents, ext);
        }
      item->iloc_off = start;
      item->iloc_len = at - start;
    }
  return TRUE;
}

static gboolean
parse_iref (Heif *h, GError **error)
{
  const guint8 *d = h->data;
  VeilBoxIter iter;
  VeilBox ref;
  guint8 v;
  guint idw;

  if (!_veil_box_full (d, &h->iref, &v, NULL) || v > 1)
    return _veil_heif_malformed (error, "iref");
  h->iref_version = v;
  idw = v == 0 ? 2 : 4;
  _veil_box_iter_children (&iter, d, h->len, &h->iref, 4);
  while (_veil_box_iter_next (&iter, &ref, error))
    {
      guint64 at = veil_box_payload (&ref), end = veil_box_end (&ref);
      guint64 from, n;
      Ref r;

      if (!read_sized (d, end, &at, idw, &from) || !read_sized (d, end, &at, 2, &n) ||
          !veil_range_ok (end, at, n * idw))
        return _veil_heif_malformed (error, "iref");
      r.type = ref.type;
      r.from = (guint32) from;
      r.to = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (guint64 i = 0; i < n; i++)
        {
          guint32 to = idw == 2 ? veil_read_be16 (d + at + i * 2) : veil_read_be32 (d + at + i * 4);
          g_array_append_val (r.to, to);
        }
      g_array_append_val (h->refs, r);
    }
  return error == NULL || *error == NULL;
}

static gboolean
parse_ipma (Heif *h, const VeilBox *box, guint index, GError **error)
{
  const guint8 *d = h->data;
  guint64 at = veil_box_payload (box), end = veil_box_end (box);
  guint8 v;
  guint32 flags;
  guint64 count;

  if (!_veil_box_full (d, box, &v, &flags))
    return _veil_heif_malformed (error, "ipma");
  at += 4;
  if (!read_sized (d, end, &at, 4, &count))
    return _veil_heif_malformed (error, "ipma");
  for (guint64 i = 0; i < count; i++)
    {
      guint64 start = at, id, n;
      Item *item;

      if (!read_sized (d, end, &at, v < 1 ? 2 : 4, &id) || !veil_range_ok (end, at, 1))
        return _veil_heif_malformed (error, "ipma");
      n = d[at++];
      if (!veil_range_ok (end, at, n * ((flags & 1) ? 2 : 1)))
        return _veil_heif_malformed (error, "ipma");
      item = _veil_heif_item_get (h, (guint32) id, TRUE, error);
      if (item == NULL)
        return FALSE;
      if (item->has_ipma)
        return _veil_heif_malformed (error, "an item's properties listed twice");
      for (guint64 j = 0; j < n; j++)
        {
          guint32 prop = (flags & 1) ? (veil_read_be16 (d + at) & 0x7FFF) : (d[at] & 0x7F);
          at += (flags & 1) ? 2 : 1;
          g_array_append_val (item->props, prop);
        }
      item->has_ipma = TRUE;
      item->ipma_box = index;
      item->ipma_off = start;
      item->ipma_len = at - start;
    }
  return TRUE;
}

static gboolean
parse_iprp (Heif *h, const VeilBox *iprp, GError **error)
{
  VeilBoxIter iter, props;
  VeilBox child, prop;

  _veil_box_iter_children (&iter, h->data, h->len, iprp, 0);
  while (_veil_box_iter_next (&iter, &child, error))
    {
      if (child.type == FCC ('i', 'p', 'c', 'o'))
        {
          if (h->has_ipco)
            return _veil_heif_malformed (error, "two property lists");
          h->has_ipco = TRUE;
          h->ipco = child;
          _veil_box_iter_children (&props, h->data, h->len, &child, 0);
          while (_veil_box_iter_next (&props, &prop, error))
            g_array_append_val (h->props, prop);
          if (error != NULL && *error != NULL)
            return FALSE;
        }
      else if (child.type == FCC ('i', 'p', 'm', 'a'))
        {
          g_array_append_val (h->ipma, child);
          if (!parse_ipma (h, &child, h->ipma->len - 1, error))
            return FALSE;
        }
    }
  return error == NULL || *error == NULL;
}

static const VeilBox *
item_property (const Heif *h, const Item *item, guint32 type)
{
  for (guint i = 0; i < item->props->len; i++)
    {
      guint32 index = g_array_index (item->props, guint32, i);
      if (index >= 1 && index <= h->props->len &&
          g_array_index (h->props, VeilBox, index - 1).type == type)
        return &g_array_index (h->props, VeilBox, index - 1);
    }
  return NULL;
}

/* Auxiliary images: alpha and Apple's HDR gain map are part of how the
 * picture looks; depth maps and portrait mattes are a second picture of
 * the scene (its 3D shape, the outline of each person). */
static Role
aux_role (const Heif *h, const Item *item)
{
  const VeilBox *auxc = item_property (h, item, FCC ('a', 'u', 'x', 'C'));
  g_autofree char *type = NULL;
  guint64 at;

  if (auxc == NULL)
    return ROLE_IMAGE;
  at = veil_box_payload (auxc) + 4;
  type = read_cstring (h->data, veil_box_end (auxc), &at);
  if (strstr (type, "auxid:1") != NULL || strstr (type, "alpha") != NULL ||
      strstr (type, "hdrgainmap") != NULL)
    return ROLE_IMAGE;
  return ROLE_DEPTH;
}

gboolean
_veil_heif_parse (Heif *h, const guint8 *data, gsize len, GError **error)
{
  VeilBoxIter iter;
  VeilBox box;
  gboolean has_meta = FALSE, has_pitm = FALSE;

  memset (h, 0, sizeof *h);
  /* Vendor data after the last box is the caller's to report or drop;
   * no item may point into it. */
  len = _veil_bmff_boxes_end (data, len);
  h->data = data;
  h->len = len;
  h->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  h->by_id = g_hash_table_new (g_direct_hash, g_direct_equal);
  h->refs = g_array_new (FALSE, FALSE, sizeof (Ref));
  h->props = g_array_new (FALSE, FALSE, sizeof (VeilBox));
  h->ipma = g_array_new (FALSE, FALSE, sizeof (VeilBox));
  h->vendor = g_array_new (FALSE, FALSE, sizeof (VeilBox));

  _veil_box_iter_init (&iter, data, len, 0, len, TRUE);
  while (_veil_box_iter_next (&iter, &box, error))
    if (box.type == FCC ('m', 'e', 't', 'a') && !has_meta)
      {
        h->meta = box;
        has_meta = TRUE;
      }
    else if (box.type == FCC ('s', 'e', 'f', 'd'))
      g_array_append_val (h->vendor, box);
  if (error != NULL && *error != NULL)
    return FALSE;
  if (!has_meta)
    return _veil_heif_malformed (error, _("no meta box"));
  if (h->meta.size > MAX_META_SIZE)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the picture's item table is too large"));
      return FALSE;
    }

  _veil_box_iter_children (&iter, data, len, &h->meta, 4);
  while (_veil_box_iter_next (&iter, &box, error))
    {
      switch (box.type)
        {
        case FCC ('p', 'i', 't', 'm'):
          {
            guint8 v;
            guint64 at = veil_box_payload (&box) + 4, id;
            if (!_veil_box_full (data, &box, &v, NULL) ||
                !read_sized (data, veil_box_end (&box), &at, v == 0 ? 2 : 4, &id))
              return _veil_heif_malformed (error, "pitm");
            h->primary = (guint32) id;
            has_pitm = TRUE;
          }
          break;
#define ONCE(flag, field, fn) \
          if (h->flag) return _veil_heif_malformed (error, "duplicate box"); \
          h->flag = TRUE; h->field = box; if (!fn) return FALSE; break;
        case FCC ('i', 'i', 'n', 'f'): ONCE (has_iinf, iinf, parse_iinf (h, error))
        case FCC ('i', 'l', 'o', 'c'): ONCE (has_iloc, iloc, parse_iloc (h, error))
        case FCC ('i', 'r', 'e', 'f'): ONCE (has_iref, iref, parse_iref (h, error))
        case FCC ('i', 'd', 'a', 't'): ONCE (has_idat, idat, TRUE)
#undef ONCE
        case FCC ('i', 'p', 'r', 'p'):
          if (!parse_iprp (h, &box, error))
            return FALSE;
          break;
        default:
          break;
        }
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  if (!has_pitm || !h->has_iinf || _veil_heif_item_get (h, h->primary, FALSE, NULL) == NULL)
    return _veil_heif_malformed (error, _("no primary picture"));

  for (guint i = 0; i < h->items->len; i++)
    {
      Item *item = g_ptr_array_index (h->items, i);

      if (item->type == FCC ('E', 'x', 'i', 'f'))
        item->role = ROLE_EXIF;
      else if (item->type == FCC ('m', 'i', 'm', 'e'))
        item->role = item->content_type != NULL &&
                     (strstr (item->content_type, "rdf+xml") != NULL ||
                      strstr (item->content_type, "xmp") != NULL) ? ROLE_XMP : ROLE_MIME;
      else if (item->type == FCC ('u', 'r', 'i', ' '))
        item->role = ROLE_URI;
      else
        item->role = aux_role (h, item);
      /* Every extent must lie inside the file or the idat box. */
      for (guint e = 0; e < item->extents->len; e++)
        {
          Extent *ext = &g_array_index (item->extents, Extent, e);
          guint64 limit = item->construction == 1 ? (h->has_idat ? veil_box_payload_len (&h->idat) : 0)
                                                  : len;
          if (item->construction > 1)
            continue; /* item-offset construction: data taken from another item */
          if (ext->length == 0 && ext->offset <= limit)
            ext->length = limit - ext->offset;
          if (!veil_range_ok (limit, ext->offset, ext->length))
            return _veil_heif_malformed (error, _("an item's data lies outside the file"));
        }
    }
  return TRUE;
}

/* An item's bytes, put together from its extents (NULL when it has none or
 * they are too large to judge). */
static GByteArray *
item_data (const Heif *h, const Item *item)
{
  GByteArray *out;
  const guint8 *base = item->construction == 1 ? h->data + veil_box_payload (&h->idat) : h->data;
  guint64 total = 0;

  if (!item->located || item->construction > 1 || item->extents->len == 0)
    return NULL;
  for (guint e = 0; e < item->extents->len; e++)
    total += g_array_index (item->extents, Extent, e).length;
  if (total > MAX_ITEM_DATA)
    return NULL;
  out = g_byte_array_sized_new ((guint) total);
  for (guint e = 0; e < item->extents->len; e++)
    {
      const Extent *ext = &g_array_index (item->extents, Extent, e);
      g_byte_array_append (out, base + ext->offset, (guint) ext->length);
    }
  return out;
}

static gboolean
is_referenced (const Heif *h, guint32 type, guint32 from)
{
  for (guint i = 0; i < h->refs->len; i++)
    {
      const Ref *r = &g_array_index (h->refs, Ref, i);
      if (r->type == type && r->from == from)
        return TRUE;
    }
  return FALSE;
}

static void
report_item (const Heif *h, const Item *item, VeilReport *report)
{
  g_autoptr(GByteArray) bytes = item_data (h, item);
  g_autofree char *size = g_format_size (bytes != NULL ? bytes->len : 0);

  switch (item->role)
    {
    case ROLE_EXIF:
      /* Exif items start with the offset of the TIFF header. */
      if (bytes != NULL && bytes->len >= 4)
        {
          guint32 skip = veil_read_be32 (bytes->data);
          if (veil_range_ok (bytes->len - 4, skip, 8))
            {
              _veil_exif_findings (bytes->data + 4 + skip, bytes->len - 4 - skip, report);
              break;
            }
        }
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "HEIF:Exif", size,
                       _("An Exif block that does not read back; it can hold the place, time and camera."));
      break;
    case ROLE_XMP:
      if (bytes != NULL)
        _veil_xmp_findings ((const char *) bytes->data, bytes->len, report);
      else
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", size,
                         _("XMP metadata: it can hold the location, names, keywords and editing history."));
      break;
    case ROLE_MIME:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "HEIF:Document", item->content_type,
                       _("A document stored inside the picture (%s)."), size);
      break;
    case ROLE_URI:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "HEIF:URIItem", size,
                       _("Vendor data stored inside the picture."));
      break;
    case ROLE_DEPTH:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "HEIF:DepthMap", size,
                       _("A depth map or portrait matte: a second picture of the scene's 3D shape or of each person's outline."));
      break;
    case ROLE_IMAGE:
    default:
      if (is_referenced (h, FCC ('t', 'h', 'm', 'b'), item->id))
        veil_report_add_kept (report, VEIL_CATEGORY_THUMBNAIL, "HEIF:Thumbnail", size,
                              _("A smaller copy of this same picture, made when the photo was saved; it has no metadata of its own and is kept."));
      break;
    }
}

static gboolean
heif_inspect (const VeilSource  *source,
              VeilReport        *report,
              GError           **error)
{
  Heif h;
  gboolean seen_icc = FALSE;

  if (!_veil_heif_parse (&h, source->data, source->len, error))
    {
      _veil_heif_clear (&h);
      return FALSE;
    }
  for (guint i = 0; i < h.items->len; i++)
    report_item (&h, g_ptr_array_index (h.items, i), report);
  for (guint i = 0; i < h.props->len && !seen_icc; i++)
    {
      const VeilBox *p = &g_array_index (h.props, VeilBox, i);
      const guint8 *d = source->data + veil_box_payload (p);

      if (p->type == FCC ('c', 'o', 'l', 'r') && veil_box_payload_len (p) > 4 &&
          veil_read_be32 (d) == FCC ('p', 'r', 'o', 'f'))
        {
          _veil_icc_findings (d + 4, veil_box_payload_len (p) - 4, report);
          seen_icc = TRUE;
        }
    }
  /* Samsung's data (when and in which country the photo was taken), in a
   * box of its own or after the last box. */
  for (guint i = 0; i < h.vendor->len; i++)
    {
      const VeilBox *b = &g_array_index (h.vendor, VeilBox, i);
      _veil_trailer_findings (source->data + veil_box_payload (b), veil_box_payload_len (b), report);
    }
  if (h.len < source->len)
    _veil_trailer_findings (source->data + h.len, source->len - h.len, report);
  _veil_heif_clear (&h);
  return TRUE;
}

const VeilFormatHandler _veil_heif_handler = {
  .format = VEIL_FORMAT_HEIF,
  .inspect = heif_inspect,
  .clean = _veil_heif_clean,
};

const VeilFormatHandler _veil_avif_handler = {
  .format = VEIL_FORMAT_AVIF,
  .inspect = heif_inspect,
  .clean = _veil_heif_clean,
};
