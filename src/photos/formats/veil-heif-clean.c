/* veil-heif-clean.c: the HEIF cleaner.
 *
 * How a clean works: the meta box is rebuilt without the removed items (in
 * iinf, iloc, iref and ipma), and followed by a 'free' box that makes up
 * the difference, so the meta box plus padding keeps its size and no other
 * byte of the file moves. Every kept item's bytes, every property and every
 * iloc offset stay exactly as they were; the removed items' bytes (in mdat
 * or idat) are overwritten with zeros. Rewriting mdat with only the kept
 * extents would save a few kilobytes but would mean recomputing every
 * offset, including those of items we do not understand; zeroing cannot
 * get an offset wrong.
 *
 * Thumbnails stay: in HEIF they are plain coded images of the same picture
 * with no metadata of their own. Rotation and mirroring (irot/imir) are
 * properties and stay; the Exif orientation is informative only in HEIF.
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

/* Which items go: everything not an image, depth maps, and then whatever
 * only served a removed item (its tiles, its thumbnail, its Exif). */
static gboolean
mark_removed (Heif *h, GError **error)
{
  gboolean changed = TRUE;
  guint rounds = 0;

  for (guint i = 0; i < h->items->len; i++)
    {
      Item *item = g_ptr_array_index (h->items, i);
      item->remove = item->role != ROLE_IMAGE;
    }
  /* Each round removes at least one item, so this ends; reference loops
   * cannot make it spin. */
  while (changed && rounds++ <= MAX_ITEMS)
    {
      changed = FALSE;
      for (guint i = 0; i < h->refs->len; i++)
        {
          const Ref *r = &g_array_index (h->refs, Ref, i);
          Item *from = _veil_heif_item_get (h, r->from, FALSE, NULL);
          gboolean all_gone = r->to->len > 0;

          if (from == NULL)
            continue;
          for (guint j = 0; j < r->to->len; j++)
            {
              Item *to = _veil_heif_item_get (h, g_array_index (r->to, guint32, j), FALSE, NULL);
              all_gone &= to == NULL || to->remove;
            }
          /* A thumbnail, auxiliary image or description of removed items. */
          if (!from->remove && all_gone && r->type != FCC ('d', 'i', 'm', 'g') &&
              r->type != FCC ('i', 'l', 'o', 'c'))
            {
              from->remove = TRUE;
              changed = TRUE;
            }
        }
      /* Tiles of a removed derived image that no kept image uses. */
      for (guint i = 0; i < h->refs->len; i++)
        {
          const Ref *r = &g_array_index (h->refs, Ref, i);
          Item *from = _veil_heif_item_get (h, r->from, FALSE, NULL);

          if (from == NULL || !from->remove || r->type != FCC ('d', 'i', 'm', 'g'))
            continue;
          for (guint j = 0; j < r->to->len; j++)
            {
              Item *to = _veil_heif_item_get (h, g_array_index (r->to, guint32, j), FALSE, NULL);
              gboolean used = FALSE;

              if (to == NULL || to->remove || to->id == h->primary)
                continue;
              for (guint k = 0; k < h->refs->len && !used; k++)
                {
                  const Ref *o = &g_array_index (h->refs, Ref, k);
                  Item *user = _veil_heif_item_get (h, o->from, FALSE, NULL);
                  if (o->type != FCC ('d', 'i', 'm', 'g') || user == NULL || user->remove)
                    continue;
                  for (guint m = 0; m < o->to->len && !used; m++)
                    used = g_array_index (o->to, guint32, m) == to->id;
                }
              if (!used)
                {
                  to->remove = TRUE;
                  changed = TRUE;
                }
            }
        }
    }
  if (_veil_heif_item_get (h, h->primary, FALSE, NULL)->remove)
    return _veil_heif_malformed (error, _("the primary item is not a picture"));
  return TRUE;
}

static gsize
box_begin (GByteArray *out, guint32 type)
{
  guint8 header[8] = { 0 };
  gsize start = out->len;

  veil_write_be32 (header + 4, type);
  g_byte_array_append (out, header, 8);
  return start;
}

static void
box_end (GByteArray *out, gsize start)
{
  veil_write_be32 (out->data + start, (guint32) (out->len - start));
}

static void
append_be (GByteArray *out, guint64 value, guint size)
{
  guint8 b[8];

  for (guint i = 0; i < size; i++)
    b[i] = (guint8) (value >> (8 * (size - 1 - i)));
  g_byte_array_append (out, b, size);
}

static gboolean
item_kept (const Heif *h, guint32 id)
{
  Item *item = g_hash_table_lookup (h->by_id, GUINT_TO_POINTER (id));
  return item == NULL || !item->remove;
}

static void
write_iinf (const Heif *h, GByteArray *out)
{
  gsize start = box_begin (out, FCC ('i', 'i', 'n', 'f'));
  guint32 kept = 0;
  GByteArray *entries = g_byte_array_new ();
  VeilBoxIter iter;
  VeilBox infe;

  /* Every child is copied in order, except the infe of a removed item. */
  _veil_box_iter_children (&iter, h->data, h->len, &h->iinf, h->iinf_version == 0 ? 6 : 8);
  while (_veil_box_iter_next (&iter, &infe, NULL))
    {
      gboolean drop = FALSE;
      for (guint i = 0; i < h->items->len && !drop; i++)
        {
          const Item *item = g_ptr_array_index (h->items, i);
          drop = item->remove && item->infe_len > 0 && item->infe_off == infe.offset;
        }
      if (drop)
        continue;
      g_byte_array_append (entries, h->data + infe.offset, (guint) infe.size);
      kept += infe.type == FCC ('i', 'n', 'f', 'e');
    }
  g_byte_array_append (out, h->data + veil_box_payload (&h->iinf), 4);
  append_be (out, kept, h->iinf_version == 0 ? 2 : 4);
  g_byte_array_append (out, entries->data, entries->len);
  g_byte_array_unref (entries);
  box_end (out, start);
}

static void
write_iloc (const Heif *h, GByteArray *out)
{
  gsize start = box_begin (out, FCC ('i', 'l', 'o', 'c'));
  guint32 kept = 0;

  for (guint i = 0; i < h->items->len; i++)
    {
      const Item *item = g_ptr_array_index (h->items, i);
      kept += item->located && !item->remove;
    }
  g_byte_array_append (out, h->data + veil_box_payload (&h->iloc), 6);
  append_be (out, kept, h->iloc_version < 2 ? 2 : 4);
  /* Entries keep their order in the file: items were created in iinf
   * order, so walk the original entries by offset. */
  for (guint64 at = 0; at < veil_box_end (&h->iloc); )
    {
      const Item *next = NULL;
      for (guint i = 0; i < h->items->len; i++)
        {
          const Item *item = g_ptr_array_index (h->items, i);
          if (item->located && item->iloc_off >= at &&
              (next == NULL || item->iloc_off < next->iloc_off))
            next = item;
        }
      if (next == NULL)
        break;
      if (!next->remove)
        g_byte_array_append (out, h->data + next->iloc_off, (guint) next->iloc_len);
      at = next->iloc_off + next->iloc_len;
    }
  box_end (out, start);
}

static void
write_iref (const Heif *h, GByteArray *out)
{
  gsize start = box_begin (out, FCC ('i', 'r', 'e', 'f'));
  guint idw = h->iref_version == 0 ? 2 : 4;

  g_byte_array_append (out, h->data + veil_box_payload (&h->iref), 4);
  for (guint i = 0; i < h->refs->len; i++)
    {
      const Ref *r = &g_array_index (h->refs, Ref, i);
      g_autoptr(GArray) to = g_array_new (FALSE, FALSE, sizeof (guint32));
      gsize rs;

      if (!item_kept (h, r->from))
        continue;
      for (guint j = 0; j < r->to->len; j++)
        if (item_kept (h, g_array_index (r->to, guint32, j)))
          g_array_append_val (to, g_array_index (r->to, guint32, j));
      if (to->len == 0)
        continue;
      rs = box_begin (out, r->type);
      append_be (out, r->from, idw);
      append_be (out, to->len, 2);
      for (guint j = 0; j < to->len; j++)
        append_be (out, g_array_index (to, guint32, j), idw);
      box_end (out, rs);
    }
  box_end (out, start);
}

/* ipco, with the colour profile (colr 'prof') turned into a zeroed free box
 * of the same size when the user asks to drop it: properties are numbered
 * by position, so none may disappear. */
static void
write_ipco (const Heif *h, const VeilBox *ipco, gboolean drop_icc, GByteArray *out)
{
  gsize start = out->len;

  g_byte_array_append (out, h->data + ipco->offset, (guint) ipco->size);
  if (!drop_icc)
    return;
  for (guint i = 0; i < h->props->len; i++)
    {
      const VeilBox *p = &g_array_index (h->props, VeilBox, i);
      guint8 *copy = out->data + start + (p->offset - ipco->offset);

      if (p->type != FCC ('c', 'o', 'l', 'r') || veil_box_payload_len (p) < 4 ||
          veil_read_be32 (h->data + veil_box_payload (p)) != FCC ('p', 'r', 'o', 'f'))
        continue;
      veil_write_be32 (copy + 4, FCC ('f', 'r', 'e', 'e'));
      memset (copy + p->header, 0, p->size - p->header);
    }
}

static void
write_iprp (const Heif *h, const VeilBox *iprp, gboolean drop_icc, GByteArray *out)
{
  gsize start = box_begin (out, FCC ('i', 'p', 'r', 'p'));
  VeilBoxIter iter;
  VeilBox child;
  guint ipma_index = 0;

  _veil_box_iter_children (&iter, h->data, h->len, iprp, 0);
  while (_veil_box_iter_next (&iter, &child, NULL))
    {
      if (child.type == FCC ('i', 'p', 'c', 'o'))
        {
          write_ipco (h, &child, drop_icc, out);
          continue;
        }
      if (child.type != FCC ('i', 'p', 'm', 'a'))
        {
          g_byte_array_append (out, h->data + child.offset, (guint) child.size);
          continue;
        }
      {
        gsize ms = box_begin (out, FCC ('i', 'p', 'm', 'a'));
        guint32 kept = 0;
        gsize count_at;

        g_byte_array_append (out, h->data + veil_box_payload (&child), 4);
        count_at = out->len;
        append_be (out, 0, 4);
        for (guint64 at = 0; ; )
          {
            const Item *next = NULL;
            for (guint i = 0; i < h->items->len; i++)
              {
                const Item *item = g_ptr_array_index (h->items, i);
                if (item->has_ipma && item->ipma_box == ipma_index && item->ipma_off >= at &&
                    (next == NULL || item->ipma_off < next->ipma_off))
                  next = item;
              }
            if (next == NULL)
              break;
            if (!next->remove)
              {
                g_byte_array_append (out, h->data + next->ipma_off, (guint) next->ipma_len);
                kept++;
              }
            at = next->ipma_off + next->ipma_len;
          }
        veil_write_be32 (out->data + count_at, kept);
        box_end (out, ms);
        ipma_index++;
      }
    }
  box_end (out, start);
}

typedef struct {
  guint64       offset;
  guint64       len;
  const guint8 *bytes;   /* NULL: zeros */
} Patch;

static gint
patch_cmp (gconstpointer a, gconstpointer b)
{
  const Patch *pa = a, *pb = b;
  return pa->offset < pb->offset ? -1 : pa->offset > pb->offset;
}

static gboolean
overlaps (guint64 a, guint64 alen, guint64 b, guint64 blen)
{
  return a < b + blen && b < a + alen;
}

/* Whether a kept item's bytes (by file offset) lie in [offset, offset + len). */
static gboolean
kept_data_overlaps (const Heif *h, guint64 offset, guint64 len)
{
  for (guint i = 0; i < h->items->len; i++)
    {
      const Item *item = g_ptr_array_index (h->items, i);
      if (item->remove || !item->located || item->construction != 0)
        continue;
      for (guint e = 0; e < item->extents->len; e++)
        {
          const Extent *ext = &g_array_index (item->extents, Extent, e);
          if (overlaps (ext->offset, ext->length, offset, len))
            return TRUE;
        }
    }
  return FALSE;
}

/* The removed items' bytes are zeroed where they lie, unless a kept item
 * shares them (then the file is built to trick us: refuse). */
static gboolean
zero_removed_data (const Heif *h, GArray *patches, GByteArray *meta, GError **error)
{
  /* The meta box is rebuilt: no kept item may point into it by file
   * offset (idat-relative data is fine). */
  if (kept_data_overlaps (h, h->meta.offset, h->meta.size))
    return _veil_heif_malformed (error, _("a picture's data lies inside the item table"));
  for (guint i = 0; i < h->items->len; i++)
    {
      const Item *item = g_ptr_array_index (h->items, i);

      if (!item->remove || !item->located || item->construction > 1)
        continue;
      for (guint e = 0; e < item->extents->len; e++)
        {
          const Extent *ext = &g_array_index (item->extents, Extent, e);
          guint64 abs = item->construction == 1 ? veil_box_payload (&h->idat) + ext->offset : ext->offset;

          for (guint k = 0; k < h->items->len; k++)
            {
              const Item *other = g_ptr_array_index (h->items, k);
              if (other->remove || !other->located)
                continue;
              for (guint f = 0; f < other->extents->len; f++)
                {
                  const Extent *o = &g_array_index (other->extents, Extent, f);
                  guint64 oabs = other->construction == 1 ? veil_box_payload (&h->idat) + o->offset : o->offset;
                  if (other->construction <= 1 && overlaps (abs, ext->length, oabs, o->length))
                    return _veil_heif_malformed (error, _("a picture shares its bytes with metadata"));
                }
            }
          if (overlaps (abs, ext->length, h->meta.offset, h->meta.size))
            {
              /* Inside meta (idat): zero it in the rebuilt copy, which
               * keeps idat at the same place relative to its start. */
              if (item->construction != 1)
                return _veil_heif_malformed (error, _("an item's data lies inside the item table"));
              continue;
            }
          {
            Patch p = { abs, ext->length, NULL };
            if (p.len > 0)
              g_array_append_val (patches, p);
          }
        }
    }
  (void) meta;
  return TRUE;
}

/* Samsung's 'sefd' boxes become 'free' boxes of the same size, zeroed, so
 * that no offset moves; refused when a kept picture's bytes lie there. */
static gboolean
blank_vendor_boxes (const Heif *h, GArray *patches, GError **error)
{
  static const guint8 free_type[4] = { 'f', 'r', 'e', 'e' };

  for (guint i = 0; i < h->vendor->len; i++)
    {
      const VeilBox *b = &g_array_index (h->vendor, VeilBox, i);
      Patch type = { b->offset + 4, 4, free_type };
      Patch payload = { veil_box_payload (b), veil_box_payload_len (b), NULL };

      if (kept_data_overlaps (h, b->offset, b->size))
        return _veil_heif_malformed (error, _("a picture's data lies inside Samsung's data"));
      g_array_append_val (patches, type);
      if (payload.len > 0)
        g_array_append_val (patches, payload);
    }
  return TRUE;
}

/* Copies idat with the removed items' bytes zeroed. */
static void
write_idat (const Heif *h, GByteArray *out)
{
  gsize start = out->len;
  guint64 payload = veil_box_payload (&h->idat);

  g_byte_array_append (out, h->data + h->idat.offset, (guint) h->idat.size);
  for (guint i = 0; i < h->items->len; i++)
    {
      const Item *item = g_ptr_array_index (h->items, i);
      if (!item->remove || item->construction != 1)
        continue;
      for (guint e = 0; e < item->extents->len; e++)
        {
          const Extent *ext = &g_array_index (item->extents, Extent, e);
          memset (out->data + start + (payload - h->idat.offset) + ext->offset, 0, ext->length);
        }
    }
}

gboolean
_veil_heif_clean (const VeilSource        *source,
            VeilWriter              *out,
            const VeilCleanOptions  *options,
            GError                 **error)
{
  Heif h;
  g_autoptr(GByteArray) meta = g_byte_array_new ();
  g_autoptr(GArray) patches = g_array_new (FALSE, FALSE, sizeof (Patch));
  VeilBoxIter iter;
  VeilBox child;
  gsize start;
  guint64 pos = 0, pad;
  gboolean ok = FALSE;

  if (!_veil_heif_parse (&h, source->data, source->len, error) || !mark_removed (&h, error))
    goto out;

  /* The new meta box, child by child in the original order. */
  start = box_begin (meta, FCC ('m', 'e', 't', 'a'));
  g_byte_array_append (meta, source->data + veil_box_payload (&h.meta), 4);
  _veil_box_iter_children (&iter, source->data, source->len, &h.meta, 4);
  while (_veil_box_iter_next (&iter, &child, NULL))
    {
      switch (child.type)
        {
        case FCC ('i', 'i', 'n', 'f'): write_iinf (&h, meta); break;
        case FCC ('i', 'l', 'o', 'c'): write_iloc (&h, meta); break;
        case FCC ('i', 'r', 'e', 'f'): write_iref (&h, meta); break;
        case FCC ('i', 'p', 'r', 'p'): write_iprp (&h, &child, options->drop_icc, meta); break;
        case FCC ('i', 'd', 'a', 't'): write_idat (&h, meta); break;
        default:
          g_byte_array_append (meta, source->data + child.offset, (guint) child.size);
          break;
        }
    }
  box_end (meta, start);

  if (meta->len > h.meta.size || (h.meta.size - meta->len > 0 && h.meta.size - meta->len < 8))
    {
      _veil_heif_malformed (error, _("cannot pad the item table"));
      goto out;
    }
  pad = h.meta.size - meta->len;
  if (pad > 0)
    {
      gsize fs = box_begin (meta, FCC ('f', 'r', 'e', 'e'));
      g_byte_array_set_size (meta, (guint) (meta->len + pad - 8));
      memset (meta->data + fs + 8, 0, pad - 8);
      box_end (meta, fs);
    }

  {
    Patch p = { h.meta.offset, h.meta.size, meta->data };
    g_array_append_val (patches, p);
  }
  if (!zero_removed_data (&h, patches, meta, error) || !blank_vendor_boxes (&h, patches, error))
    goto out;
  g_array_sort (patches, patch_cmp);
  for (guint i = 0; i < patches->len; i++)
    {
      const Patch *p = &g_array_index (patches, Patch, i);
      guint64 skip = p->offset < pos ? pos - p->offset : 0;

      /* Removed extents may overlap each other; write each byte once. */
      if (skip >= p->len)
        continue;
      if (skip > 0 && p->bytes != NULL)
        {
          _veil_heif_malformed (error, "overlap");
          goto out;
        }
      if (!veil_writer_write (out, source->data + pos, p->offset + skip - pos, error))
        goto out;
      if (p->bytes != NULL ? !veil_writer_write (out, p->bytes, p->len, error)
                           : !veil_writer_write_zeros (out, p->len - skip, error))
        goto out;
      pos = p->offset + p->len;
    }
  /* Up to the last box: a trailer after it is left out. */
  ok = veil_writer_write (out, source->data + pos, h.len - pos, error);

out:
  _veil_heif_clear (&h);
  return ok;
}
