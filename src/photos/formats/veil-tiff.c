/* veil-tiff.c: TIFF and DNG directory walking and lossless cleaning.
 *
 * A TIFF is a chain of image file directories (IFDs), each a list of tagged
 * values; the pixels sit in strips or tiles the IFDs point to. Cleaning
 * rebuilds the file: the strips and tiles are copied byte for byte, and new
 * IFDs are written that hold only the tags needed to decode and show the
 * picture (and, in a DNG, to develop the raw data). Every offset is computed
 * anew, so nothing the old IFDs pointed to (EXIF, GPS, maker notes, XMP,
 * previews, unreferenced bytes) survives.
 *
 * What is kept and why:
 *  - every page of a multi-page TIFF; pages and SubIFDs that are reduced
 *    copies (thumbnails, DNG previews, depth maps) are dropped;
 *  - in a DNG, IFD0 always stays: it carries the tags that describe the raw
 *    (DNGVersion, colour matrices) and readers look for them there. When IFD0
 *    is the usual small thumbnail its pixels stay too (cleaned of metadata):
 *    DNG readers and file browsers expect it, and it shows the same picture;
 *    The preview holds nothing the raw does not: it is rendered from the raw
 *    data, which stays whole (a DNG crop is a tag, never a cut);
 *  - UniqueCameraModel is required by the DNG specification (readers reject
 *    a DNG without it), so its value is replaced by the neutral
 *    VEIL_TIFF_NEUTRAL_MODEL rather than removed. Readers then take the
 *    colours from the matrices in the file instead of a profile for the
 *    model, which renders the same picture;
 *  - CameraCalibration1-3 and their signature go: they are measured for one
 *    camera body at the factory, so they can tell it apart from others of
 *    the same model. Without them readers use the identity, as the
 *    specification says; the colours shift by well under one percent.
 *
 * Findings are made in veil-tiff-inspect.c.
 *
 * Limits: classic TIFF only (BigTIFF is refused as not supported yet), old-
 * style JPEG compression (6) is refused, and TIFF-based camera raws other
 * than DNG (colour filter array data without DNGVersion) are refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-tiff"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-tiff-private.h"

/* Safety limits. A TIFF with more pages than this is refused, not cut. */
#define MAX_IFDS          4096
#define MAX_ENTRIES_TOTAL (1 << 18)
#define MAX_SUBIFD_DEPTH  3
#define MAX_SUBIFDS       64

/* Tags a cleaned image IFD keeps (besides the rewritten offsets, SubIFDs
 * and the ICC profile). Sorted, for bsearch. */
static const guint16 kept_tags[] = {
  254, 255,                     /* NewSubfileType, SubfileType */
  256, 257, 258, 259,           /* width, length, bits per sample, compression */
  262, 263, 264, 265, 266,      /* photometric, thresholding, cell size, fill order */
  274,                          /* Orientation: display needs it */
  277, 278, 279, 280, 281,      /* samples, rows per strip, byte counts, min/max sample */
  282, 283, 284,                /* resolution, planar configuration */
  290, 291, 292, 293, 296, 297, /* gray response, T4/T6 options, unit, page number */
  301, 317, 318, 319, 320, 321, /* transfer function, predictor, chromaticities, colour map, halftone */
  322, 323, 325,                /* tile width, length, byte counts */
  332, 333, 334, 336, 338, 339, /* inks, dot range, extra samples, sample format */
  340, 341, 342, 347,           /* sample ranges, transfer range, JPEG tables */
  529, 530, 531, 532, 559,      /* YCbCr, reference black/white, strip row counts */
  32997, 32998,                 /* SGI image and tile depth */
  33421, 33422,                 /* CFARepeatPatternDim, CFAPattern */
  50706, 50707,                 /* DNGVersion, DNGBackwardVersion */
  50710, 50711, 50712, 50713, 50714, 50715, 50716, 50717, /* CFA, linearization, black and white levels */
  50718, 50719, 50720,          /* default scale and crop */
  50721, 50722, 50725, 50726,   /* colour and reduction matrices (not the per-camera calibration) */
  50727, 50728, 50729,          /* analog balance, as-shot white */
  50730, 50731, 50732, 50733, 50734, /* baseline exposure/noise/sharpness, green split, response limit */
  50737, 50738, 50739,          /* chroma blur, anti-alias strength, shadow scale */
  50778, 50779, 50780,          /* calibration illuminants, best quality scale */
  50829, 50830,                 /* ActiveArea, MaskedAreas */
  50879,                        /* ColorimetricReference */
  50932,                        /* ProfileCalibrationSignature: whether a profile's calibration applies */
  50935, 50937, 50938, 50939, 50940, 50941, /* noise reduction applied, hue/sat map, tone curve, embed policy */
  50964, 50965,                 /* ForwardMatrix1/2 */
  50970,                        /* PreviewColorSpace */
  50972,                        /* RawImageDigest: a checksum of the raw data we keep as is */
  50974, 50975,                 /* SubTileBlockSize, RowInterleaveFactor */
  50981, 50982,                 /* profile look table */
  51008, 51009, 51022,          /* OpcodeList1-3 */
  51041,                        /* NoiseProfile */
  51089, 51090, 51091,          /* original default/best-quality sizes */
  51107, 51108, 51109, 51110, 51111, 51112, /* encodings, exposure offset, black render, new digest, preview gain */
  51125,                        /* DefaultUserCrop */
  52525, 52529, 52531, 52532, 52533, 52534, 52535, 52536, 52537, 52538, /* DNG 1.6 colour */
  52543, 52544, 52547, 52551, 52553, 52554, 52555, /* DNG 1.7 */
};


static void
ifd_free (Ifd *ifd)
{
  g_free (ifd->entries);
  g_free (ifd);
}

static void
tiff_clear (Tiff *t)
{
  g_clear_pointer (&t->ifds, g_ptr_array_unref);
  g_clear_pointer (&t->seen, g_hash_table_unref);
}

/* Reads one IFD. Image IFDs (strict) fail the whole file when broken; the
 * metadata IFDs are only marked damaged on their parent, since a clean drops
 * them anyway. Returns the new index, or -1. */
static int
read_ifd (Tiff     *t,
          guint32   offset,
          IfdKind   kind,
          guint     depth,
          int       parent,
          GError  **error)
{
  gboolean strict = is_image_kind (kind);
  Ifd *ifd;
  guint n;

  if (t->ifds->len >= MAX_IFDS)
    {
      if (strict)
        g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                     _("the file has more than %u image directories"), MAX_IFDS);
      return -1;
    }
  if (g_hash_table_contains (t->seen, GUINT_TO_POINTER (offset)))
    {
      if (strict)
        g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                     _("the image directories form a loop (at byte %u)"), offset);
      return -1;
    }
  if (offset < 8 || !veil_range_ok (t->len, offset, 2))
    {
      if (strict)
        g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                     _("an image directory lies outside the file (at byte %u)"), offset);
      return -1;
    }
  n = rd16 (t, offset);
  if (!veil_range_ok (t->len, (guint64) offset + 2, (guint64) n * 12 + 4))
    {
      if (strict)
        g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                     _("the file is cut short inside an image directory (at byte %u)"), offset);
      return -1;
    }
  if (t->total_entries + n > MAX_ENTRIES_TOTAL)
    {
      if (strict)
        g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                     _("the file has too many tags"));
      return -1;
    }
  t->total_entries += n;
  g_hash_table_add (t->seen, GUINT_TO_POINTER (offset));

  ifd = g_new0 (Ifd, 1);
  ifd->kind = kind;
  ifd->offset = offset;
  ifd->depth = depth;
  ifd->parent = parent;
  ifd->n_entries = n;
  ifd->entries = g_new0 (Entry, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      guint64 at = (guint64) offset + 2 + (guint64) i * 12;
      Entry *e = &ifd->entries[i];
      guint ts;

      e->tag = rd16 (t, at);
      e->type = rd16 (t, at + 2);
      e->count = rd32 (t, at + 4);
      ts = type_size (e->type);
      e->size = (guint64) e->count * ts;
      if (ts == 0)
        e->readable = FALSE;
      else if (e->size <= 4)
        {
          e->pos = (guint32) (at + 8);
          e->readable = TRUE;
        }
      else
        {
          e->pos = rd32 (t, at + 8);
          e->readable = veil_range_ok (t->len, e->pos, e->size);
        }
    }
  ifd->next = rd32 (t, (guint64) offset + 2 + (guint64) n * 12);
  ifd->subfile = ifd_uint (t, ifd, T_NEW_SUBFILE_TYPE, 0);
  g_ptr_array_add (t->ifds, ifd);
  return (int) t->ifds->len - 1;
}

static void
read_meta_child (Tiff *t, int parent, guint16 tag, IfdKind kind)
{
  Ifd *p = ifd_at (t, parent);
  const Entry *e = ifd_find (p, tag);
  guint32 off;

  if (e == NULL)
    return;
  if (!entry_uint (t, e, 0, &off) || read_ifd (t, off, kind, p->depth + 1, parent, NULL) < 0)
    p->damaged = TRUE;
}

/* Reads the SubIFDs, EXIF, GPS and Interop IFDs under an image IFD. */
static gboolean
read_children (Tiff *t, int index, GError **error)
{
  const Entry *subs = ifd_find (ifd_at (t, index), T_SUB_IFDS);
  guint depth = ifd_at (t, index)->depth;
  int exif_index;

  if (subs != NULL)
    {
      if (!subs->readable || (subs->type != 4 && subs->type != 13) ||
          subs->count > MAX_SUBIFDS || depth >= MAX_SUBIFD_DEPTH)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the file has a broken list of sub-images"));
          return FALSE;
        }
      for (guint32 i = 0; i < subs->count; i++)
        {
          guint32 off = rd32 (t, subs->pos + (guint64) i * 4);
          int child = read_ifd (t, off, KIND_SUB, depth + 1, index, error);

          if (child < 0 || !read_children (t, child, error))
            return FALSE;
        }
    }

  exif_index = (int) t->ifds->len;
  read_meta_child (t, index, T_EXIF_IFD, KIND_EXIF);
  if ((guint) exif_index < t->ifds->len && ifd_at (t, exif_index)->kind == KIND_EXIF)
    read_meta_child (t, exif_index, T_INTEROP_IFD, KIND_INTEROP);
  read_meta_child (t, index, T_GPS_IFD, KIND_GPS);
  return TRUE;
}

/* Strip or tile offsets and byte counts of an image IFD, checked against
 * the file. FALSE with an error when they are broken. */
static gboolean
data_blocks (const Tiff   *t,
             const Ifd    *ifd,
             const Entry **offsets,
             const Entry **counts,
             GError      **error)
{
  gboolean tiled = ifd_find (ifd, T_TILE_OFFSETS) != NULL;

  *offsets = ifd_find (ifd, tiled ? T_TILE_OFFSETS : T_STRIP_OFFSETS);
  *counts = ifd_find (ifd, tiled ? T_TILE_BYTE_COUNTS : T_STRIP_BYTE_COUNTS);
  if (*offsets == NULL)
    return TRUE;
  /* Both strips and tiles: the kept byte counts would not match. */
  if ((tiled && ifd_find (ifd, T_STRIP_OFFSETS) != NULL) || *counts == NULL || !(*offsets)->readable || !(*counts)->readable ||
      (*offsets)->count != (*counts)->count ||
      ((*offsets)->type != 3 && (*offsets)->type != 4) ||
      ((*counts)->type != 3 && (*counts)->type != 4))
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("the file has a broken list of image data blocks"));
      return FALSE;
    }
  for (guint32 i = 0; i < (*offsets)->count; i++)
    {
      guint32 off = 0, cnt = 0;

      entry_uint (t, *offsets, i, &off);
      entry_uint (t, *counts, i, &cnt);
      if (cnt > 0 && !veil_range_ok (t->len, off, cnt))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("the file is cut short: image data lies past its end"));
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct {
  guint32 off;
  guint32 cnt;
} Range;

static int
range_cmp (gconstpointer a, gconstpointer b)
{
  const Range *ra = a, *rb = b;

  if (ra->off != rb->off)
    return ra->off < rb->off ? -1 : 1;
  return ra->cnt < rb->cnt ? -1 : ra->cnt > rb->cnt;
}

/* Decides which image IFDs a clean keeps, and checks that what it keeps can
 * be copied: data inside the file, no partly overlapping blocks (blocks
 * shared whole, as some writers do for identical tiles, are fine). */
static gboolean
tiff_plan (Tiff *t, GError **error)
{
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (Range));

  for (guint i = 0; i < t->ifds->len; i++)
    {
      Ifd *ifd = ifd_at (t, i);
      guint32 photometric;

      if (!is_image_kind (ifd->kind))
        continue;
      photometric = ifd_uint (t, ifd, T_PHOTOMETRIC, 0);
      if (!t->dng && (photometric == PHOTOMETRIC_CFA || photometric == PHOTOMETRIC_LINEAR_RAW))
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                       _("this is a camera raw file other than DNG; Veil does not clean those yet"));
          return FALSE;
        }
      if (ifd->kind == KIND_PAGE && ifd->parent < 0 && i == 0)
        ifd->keep = TRUE; /* IFD0 */
      else if (ifd->kind == KIND_PAGE)
        ifd->keep = has_image_data (ifd) && (ifd->subfile & 1) == 0;
      else
        ifd->keep = ifd_at (t, ifd->parent)->keep && has_image_data (ifd) &&
                    (ifd->subfile & ~4u) == 0; /* the main image or its transparency mask */
    }

  for (guint i = 0; i < t->ifds->len; i++)
    {
      Ifd *ifd = ifd_at (t, i);
      const Entry *offsets, *counts;

      if (!ifd->keep)
        continue;
      if (i == 0 && !has_image_data (ifd) && !t->dng)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("the first image has no image data"));
          return FALSE;
        }
      if (has_image_data (ifd) && ifd_uint (t, ifd, T_COMPRESSION, 1) == COMPRESSION_OJPEG)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                       _("TIFF files with old-style JPEG compression are not supported yet"));
          return FALSE;
        }
      if (!data_blocks (t, ifd, &offsets, &counts, error))
        return FALSE;
      for (guint32 k = 0; offsets != NULL && k < offsets->count; k++)
        {
          Range r = { 0, 0 };

          entry_uint (t, offsets, k, &r.off);
          entry_uint (t, counts, k, &r.cnt);
          if (r.cnt > 0)
            g_array_append_val (ranges, r);
        }
    }

  g_array_sort (ranges, range_cmp);
  for (guint i = 1; i < ranges->len; i++)
    {
      const Range *a = &g_array_index (ranges, Range, i - 1);
      const Range *b = &g_array_index (ranges, Range, i);

      if (a->off == b->off && a->cnt == b->cnt)
        continue;
      if ((guint64) a->off + a->cnt > b->off)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("image data blocks overlap (at byte %u)"), b->off);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_veil_tiff_load (const guint8  *data,
                 gsize          len,
                 VeilTiff     **out,
                 GError       **error)
{
  Tiff *t = g_new0 (Tiff, 1);
  guint32 off;
  guint16 version;

  *out = NULL;
  t->data = data;
  t->len = len;
  t->ifds = g_ptr_array_new_with_free_func ((GDestroyNotify) ifd_free);
  t->seen = g_hash_table_new (NULL, NULL);

  if (len < 8 || !((data[0] == 'I' && data[1] == 'I') || (data[0] == 'M' && data[1] == 'M')))
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a TIFF file (no byte-order mark)"));
      goto fail;
    }
  t->le = data[0] == 'I';
  version = rd16 (t, 2);
  if (version == 43)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                   _("BigTIFF files are not supported yet; Veil did not change it"));
      goto fail;
    }
  if (version != 42)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                   _("not a TIFF file (version %u)"), version);
      goto fail;
    }

  off = rd32 (t, 4);
  do
    {
      int index = read_ifd (t, off, KIND_PAGE, 0, -1, error);

      if (index < 0 || !read_children (t, index, error))
        goto fail;
      off = ifd_at (t, index)->next;
    }
  while (off != 0);

  t->dng = ifd_find (ifd_at (t, 0), T_DNG_VERSION) != NULL;
  if (!tiff_plan (t, error))
    goto fail;
  *out = t;
  return TRUE;

fail:
  tiff_clear (t);
  g_free (t);
  return FALSE;
}

void
_veil_tiff_free (VeilTiff *t)
{
  if (t == NULL)
    return;
  tiff_clear (t);
  g_free (t);
}

gboolean
_veil_tiff_tag_is_kept (const VeilTiff *t,
                        guint16         tag)
{
  gsize lo = 0, hi = G_N_ELEMENTS (kept_tags);

  if (tag == T_UNIQUE_MODEL)
    return t->dng;
  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      if (kept_tags[mid] == tag)
        return TRUE;
      if (kept_tags[mid] < tag)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* ---- Cleaning ------------------------------------------------------------ */

typedef struct {
  guint32 src;
  guint32 dst;
  guint32 len;
} Copy;

typedef struct {
  guint         index;       /* in Tiff.ifds */
  const Entry **entries;     /* kept, sorted by tag */
  guint         n;
  guint32      *new_offsets; /* strips or tiles */
  guint32       n_offsets;
  guint16       offsets_tag;
  GArray       *children;    /* guint: output IFD numbers of kept SubIFDs */
  guint32       pos;
} OutIfd;

static void
out_ifd_clear (OutIfd *o)
{
  g_free (o->entries);
  g_free (o->new_offsets);
  g_clear_pointer (&o->children, g_array_unref);
}

static guint64
align2 (guint64 v)
{
  return v + (v & 1);
}

/* The kept image IFDs in output order: each page, then its SubIFDs. */
static void
collect_out (const Tiff *t, guint index, GArray *outs)
{
  OutIfd o = { 0 };
  guint me = outs->len;

  o.index = index;
  o.children = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (outs, o);
  for (guint i = index + 1; i < t->ifds->len; i++)
    {
      const Ifd *child = ifd_at (t, i);
      if (child->parent == (int) index && child->kind == KIND_SUB && child->keep)
        {
          guint n = outs->len;
          g_array_append_val (g_array_index (outs, OutIfd, me).children, n);
          collect_out (t, i, outs);
        }
    }
}

/* The value a kept entry is written with: its own bytes, except the DNG
 * camera model, which becomes the neutral name. */
static const guint8 *
entry_out_value (const Tiff   *t,
                 const Entry  *e,
                 guint16      *type,
                 guint32      *count,
                 guint64      *size)
{
  if (e->tag == T_UNIQUE_MODEL)
    {
      *type = 2; /* ASCII */
      *count = sizeof VEIL_TIFF_NEUTRAL_MODEL;
      *size = *count;
      return (const guint8 *) VEIL_TIFF_NEUTRAL_MODEL;
    }
  *type = e->type;
  *count = e->count;
  *size = e->size;
  return t->data + e->pos;
}

/* A clean in three passes over the kept IFDs (Plan.outs): pick each one's
 * entries and lay out its strips or tiles after the header
 * (plan_image_data), place the IFDs and their values after the data
 * (place_ifds), then fill them in (fill_ifd). write_output() writes the
 * header, the data and the IFD area in file order. */
typedef struct {
  const VeilTiff *t;
  GArray         *outs;        /* element-type OutIfd, in output order */
  GArray         *copies;      /* element-type Copy: strips and tiles */
  GHashTable     *shared;      /* (offset << 32 | count) -> new offset */
  guint64         pos;         /* the end of what is laid out so far */
  guint64         area_start;  /* where the IFDs and their values begin */
  GByteArray     *area;        /* the IFDs and their values */
} Plan;

static void
plan_clear (Plan *plan)
{
  if (plan->outs != NULL)
    for (guint o = 0; o < plan->outs->len; o++)
      out_ifd_clear (&g_array_index (plan->outs, OutIfd, o));
  g_clear_pointer (&plan->outs, g_array_unref);
  g_clear_pointer (&plan->copies, g_array_unref);
  g_clear_pointer (&plan->shared, g_hash_table_unref);
  g_clear_pointer (&plan->area, g_byte_array_unref);
}

/* The entries a cleaned IFD keeps, sorted by tag; the first of duplicate
 * tags, since readers use the first. */
static gboolean
pick_entries (const Tiff  *t,
              const Ifd   *ifd,
              OutIfd      *oi,
              gboolean     drop_icc,
              GError     **error)
{
  oi->entries = g_new0 (const Entry *, ifd->n_entries + 1);
  for (guint k = 0; k < ifd->n_entries; k++)
    {
      const Entry *e = &ifd->entries[k];
      gboolean keep = _veil_tiff_tag_is_kept (t, e->tag) || e->tag == T_STRIP_OFFSETS ||
                      e->tag == T_TILE_OFFSETS ||
                      (e->tag == T_SUB_IFDS && oi->children->len > 0) ||
                      (e->tag == T_ICC && !drop_icc);
      gboolean duplicate = FALSE;

      if (!keep)
        continue;
      for (guint j = 0; j < oi->n; j++)
        duplicate |= oi->entries[j]->tag == e->tag;
      if (duplicate)
        continue;
      if (!e->readable)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                       _("tag %u, which the picture needs, points outside the file"), e->tag);
          return FALSE;
        }
      oi->entries[oi->n++] = e;
    }
  qsort (oi->entries, oi->n, sizeof oi->entries[0], entry_tag_cmp);
  return TRUE;
}

/* Pass 1, for one IFD: gives each strip or tile its place in the output.
 * A block shared whole by several IFDs or entries is copied once. */
static gboolean
plan_image_data (Plan *plan, OutIfd *oi, GError **error)
{
  const Tiff *t = plan->t;
  const Entry *offsets = NULL, *counts = NULL;

  if (!data_blocks (t, ifd_at (t, oi->index), &offsets, &counts, error))
    return FALSE;
  if (offsets == NULL)
    return TRUE;
  oi->offsets_tag = offsets->tag;
  oi->n_offsets = offsets->count;
  oi->new_offsets = g_new0 (guint32, MAX (offsets->count, 1));
  for (guint32 k = 0; k < offsets->count; k++)
    {
      guint32 off = 0, cnt = 0;
      gint64 key;
      gpointer found;
      Copy c;

      entry_uint (t, offsets, k, &off);
      entry_uint (t, counts, k, &cnt);
      if (cnt == 0)
        continue; /* an empty strip or tile: offset 0 */
      key = ((gint64) off << 32) | cnt;
      found = g_hash_table_lookup (plan->shared, &key);
      if (found != NULL)
        {
          oi->new_offsets[k] = GPOINTER_TO_UINT (found);
          continue;
        }
      /* Strips and tiles need no alignment (only IFDs and values do),
       * so none is added: the output is no larger than needed. */
      if (plan->pos + cnt > G_MAXUINT32)
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                       _("the cleaned file would pass the 4 GB limit of TIFF"));
          return FALSE;
        }
      c = (Copy) { off, (guint32) plan->pos, cnt };
      g_array_append_val (plan->copies, c);
      oi->new_offsets[k] = (guint32) plan->pos;
      g_hash_table_insert (plan->shared, g_memdup2 (&key, sizeof key),
                           GUINT_TO_POINTER ((guint) plan->pos));
      plan->pos += cnt;
    }
  return TRUE;
}

/* Whether an entry's value is rewritten (new strip/tile or SubIFD
 * offsets) rather than copied. */
static gboolean
is_offsets_entry (const OutIfd *oi, const Entry *e)
{
  return e->tag == oi->offsets_tag || e->tag == T_SUB_IFDS;
}

/* Pass 2: places the IFDs and their values after the image data, and
 * makes the area they are written into. */
static gboolean
place_ifds (Plan *plan, gsize source_len, GError **error)
{
  guint64 pos;

  plan->area_start = pos = align2 (plan->pos);
  for (guint o = 0; o < plan->outs->len; o++)
    {
      OutIfd *oi = &g_array_index (plan->outs, OutIfd, o);

      pos = align2 (pos);
      oi->pos = (guint32) pos;
      pos += 2 + 12 * (guint64) oi->n + 4;
      for (guint k = 0; k < oi->n; k++)
        {
          const Entry *e = oi->entries[k];
          guint16 type;
          guint32 count;
          guint64 size;

          entry_out_value (plan->t, e, &type, &count, &size);
          if (is_offsets_entry (oi, e))
            size = 4 * (guint64) (e->tag == T_SUB_IFDS ? oi->children->len : oi->n_offsets);
          if (size > 4)
            pos = align2 (pos) + size;
        }
    }
  /* Values shared by many IFDs could make the output balloon: refuse what
   * no honest file needs. */
  if (pos > G_MAXUINT32 || pos - plan->area_start > (guint64) source_len + 4096)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the cleaned file would be far larger than the original"));
      return FALSE;
    }
  plan->area = g_byte_array_sized_new ((guint) (pos - plan->area_start));
  g_byte_array_set_size (plan->area, (guint) (pos - plan->area_start));
  memset (plan->area->data, 0, plan->area->len);
  return TRUE;
}

/* Where a value of size bytes goes: in the entry itself when it fits,
 * else at *vpos in the area (and the entry points there). */
static guint8 *
value_place (Plan *plan, guint8 *entry, guint64 size, guint64 *vpos)
{
  guint8 *dst;

  if (size <= 4)
    return entry + 8;
  *vpos = align2 (*vpos);
  wr32 (plan->t, entry + 8, (guint32) *vpos);
  dst = plan->area->data + (*vpos - plan->area_start);
  *vpos += size;
  return dst;
}

/* The strip/tile offsets or SubIFD offsets, as laid out by passes 1-2. */
static void
fill_offsets_entry (Plan *plan, const OutIfd *oi, const Entry *e, guint8 *entry, guint64 *vpos)
{
  gboolean subs = e->tag == T_SUB_IFDS;
  guint32 n = subs ? oi->children->len : oi->n_offsets;
  guint8 *dst;

  block_put_entry (plan->t, entry, e->tag, subs ? e->type : 4, n);
  dst = value_place (plan, entry, 4 * (guint64) n, vpos);
  for (guint32 j = 0; j < n; j++)
    {
      guint32 one = oi->new_offsets != NULL && !subs ? oi->new_offsets[j] : 0;

      if (subs)
        one = g_array_index (plan->outs, OutIfd, g_array_index (oi->children, guint, j)).pos;
      wr32 (plan->t, dst + 4 * j, one);
    }
}

/* The offset of the next page: the next output IFD that is a page. */
static guint32
next_page (const Plan *plan, guint o)
{
  const Tiff *t = plan->t;

  if (ifd_at (t, g_array_index (plan->outs, OutIfd, o).index)->kind != KIND_PAGE)
    return 0;
  for (guint j = o + 1; j < plan->outs->len; j++)
    if (ifd_at (t, g_array_index (plan->outs, OutIfd, j).index)->kind == KIND_PAGE)
      return g_array_index (plan->outs, OutIfd, j).pos;
  return 0;
}

/* Pass 3, for one IFD: writes its entries and values into the area. */
static void
fill_ifd (Plan *plan, guint o)
{
  const OutIfd *oi = &g_array_index (plan->outs, OutIfd, o);
  guint8 *p = plan->area->data + (oi->pos - plan->area_start);
  guint64 vpos = oi->pos + 2 + 12 * (guint64) oi->n + 4;

  wr16 (plan->t, p, (guint16) oi->n);
  for (guint k = 0; k < oi->n; k++)
    {
      const Entry *e = oi->entries[k];
      guint8 *entry = p + 2 + 12 * k;
      guint16 type;
      guint32 count;
      guint64 size;
      const guint8 *value;

      if (is_offsets_entry (oi, e))
        {
          fill_offsets_entry (plan, oi, e, entry, &vpos);
          continue;
        }
      value = entry_out_value (plan->t, e, &type, &count, &size);
      block_put_entry (plan->t, entry, e->tag, type, count);
      memcpy (value_place (plan, entry, size, &vpos), value, size);
    }
  wr32 (plan->t, p + 2 + 12 * oi->n, next_page (plan, o));
}

/* The header, the strips and tiles in the order pass 1 laid them out, a
 * byte of padding if the area needs it, then the area. */
static gboolean
write_output (const Plan *plan, VeilWriter *out, GError **error)
{
  const Tiff *t = plan->t;
  guint8 header[8];
  guint64 pos = 8;

  memcpy (header, t->le ? "II*\0" : "MM\0*", 4);
  wr32 (t, header + 4, g_array_index (plan->outs, OutIfd, 0).pos);
  if (!veil_writer_write (out, header, sizeof header, error))
    return FALSE;
  for (guint i = 0; i < plan->copies->len; i++)
    {
      const Copy *c = &g_array_index (plan->copies, Copy, i);
      if (!veil_writer_write (out, t->data + c->src, c->len, error))
        return FALSE;
      pos = (guint64) c->dst + c->len;
    }
  if (pos < plan->area_start)
    {
      static const guint8 pad = 0;
      if (!veil_writer_write (out, &pad, 1, error))
        return FALSE;
    }
  return veil_writer_write (out, plan->area->data, plan->area->len, error);
}

static gboolean
tiff_clean (const VeilSource        *source,
            VeilWriter              *out,
            const VeilCleanOptions  *options,
            GError                 **error)
{
  VeilTiff *t;
  Plan plan = { 0 };
  gboolean ok = TRUE;

  if (!_veil_tiff_load (source->data, source->len, &t, error))
    return FALSE;
  plan.t = t;
  plan.outs = g_array_new (FALSE, TRUE, sizeof (OutIfd));
  plan.copies = g_array_new (FALSE, FALSE, sizeof (Copy));
  plan.shared = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  plan.pos = 8;

  for (guint i = 0; i < t->ifds->len; i++)
    if (ifd_at (t, i)->kind == KIND_PAGE && ifd_at (t, i)->keep)
      collect_out (t, i, plan.outs);
  for (guint o = 0; o < plan.outs->len && ok; o++)
    {
      OutIfd *oi = &g_array_index (plan.outs, OutIfd, o);
      ok = pick_entries (t, ifd_at (t, oi->index), oi, options->drop_icc, error) &&
           plan_image_data (&plan, oi, error);
    }
  ok = ok && place_ifds (&plan, source->len, error);
  for (guint o = 0; ok && o < plan.outs->len; o++)
    fill_ifd (&plan, o);
  ok = ok && write_output (&plan, out, error);

  plan_clear (&plan);
  _veil_tiff_free (t);
  return ok;
}

const VeilFormatHandler _veil_tiff_handler = {
  .format = VEIL_FORMAT_TIFF,
  .inspect = _veil_tiff_inspect,
  .clean = tiff_clean,
};

const VeilFormatHandler _veil_dng_handler = {
  .format = VEIL_FORMAT_DNG,
  .inspect = _veil_tiff_inspect,
  .clean = tiff_clean,
};
