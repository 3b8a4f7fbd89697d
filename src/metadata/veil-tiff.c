/* veil-tiff.c: TIFF and DNG inspection and lossless cleaning.
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
 *  - UniqueCameraModel stays (reported as kept): the DNG specification makes
 *    it mandatory, Adobe readers match camera profiles by it, and raw
 *    developers (rawspeed) fall back on it to identify the camera when Make
 *    and Model are gone. It names a model sold by the thousand, not a device;
 *    the serial number, which does link photos to one camera, is removed.
 *
 * Findings: IFD0-style tags, the EXIF, GPS and Interop IFDs are reported by
 * libexif (veil-exif.c) so the sentences match every other format. libexif
 * cannot be handed the TIFF file itself: it caps input at 64 KB, would read a
 * second page as an EXIF thumbnail, and would report the image-structure
 * tags (width, strip offsets) as camera settings, which a clean keeps. So for
 * each kept image IFD a small TIFF block is built holding only its removable
 * tags plus its EXIF/GPS/Interop IFDs, with values relocated. One limit: a
 * maker note whose offsets count from the file's TIFF header (Canon) reads
 * wrongly once moved, so its serial number is not named; the maker note is
 * still reported and removed. TIFF- and DNG-specific tags (GeoTIFF, DNG
 * private data, original raw file name, ...) are reported here.
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
#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-tiff.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"

/* Safety limits. A TIFF with more pages than this is refused, not cut. */
#define MAX_IFDS          4096
#define MAX_ENTRIES_TOTAL (1 << 18)
#define MAX_SUBIFD_DEPTH  3
#define MAX_SUBIFDS       64
#define MAX_EXIF_BLOCK    0xFFFF

/* Tags with a structural role. */
#define T_NEW_SUBFILE_TYPE   254
#define T_IMAGE_WIDTH        256
#define T_IMAGE_LENGTH       257
#define T_COMPRESSION        259
#define T_PHOTOMETRIC        262
#define T_DOCUMENT_NAME      269
#define T_STRIP_OFFSETS      273
#define T_STRIP_BYTE_COUNTS  279
#define T_PAGE_NAME          285
#define T_TILE_OFFSETS       324
#define T_TILE_BYTE_COUNTS   325
#define T_SUB_IFDS           330
#define T_JPEG_IF_OFFSET     513
#define T_JPEG_IF_LENGTH     514
#define T_XMP                700
#define T_MODEL_PIXEL_SCALE  33550
#define T_IPTC               33723
#define T_MODEL_TIEPOINT     33922
#define T_MODEL_TRANSFORM    34264
#define T_IRB                34377
#define T_EXIF_IFD           34665
#define T_ICC                34675
#define T_GEO_KEYS           34735
#define T_GEO_DOUBLES        34736
#define T_GEO_ASCII          34737
#define T_GPS_IFD            34853
#define T_IMAGE_SOURCE_DATA  37724
#define T_INTEROP_IFD        40965
#define T_GDAL_METADATA      42112
#define T_DNG_VERSION        50706
#define T_UNIQUE_MODEL       50708
#define T_LOCALIZED_MODEL    50709
#define T_CAMERA_SERIAL      50735
#define T_DNG_LENS_INFO      50736
#define T_DNG_PRIVATE        50740
#define T_RAW_UNIQUE_ID      50781
#define T_ORIGINAL_NAME      50827
#define T_ORIGINAL_DATA      50828
#define T_EXTRA_PROFILES     50933
#define T_AS_SHOT_PROFILE    50934
#define T_PROFILE_NAME       50936
#define T_PROFILE_COPYRIGHT  50942
#define T_PREVIEW_APP_NAME   50966
#define T_PREVIEW_APP_VER    50967
#define T_PREVIEW_SETTINGS   50968
#define T_PREVIEW_DATE       50971
#define T_TIME_CODES         51043
#define T_REEL_NAME          51081

#define PHOTOMETRIC_CFA        32803
#define PHOTOMETRIC_LINEAR_RAW 34892
#define COMPRESSION_OJPEG      6

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
  50721, 50722, 50723, 50724, 50725, 50726, /* colour and calibration matrices */
  50727, 50728, 50729,          /* analog balance, as-shot white */
  50730, 50731, 50732, 50733, 50734, /* baseline exposure/noise/sharpness, green split, response limit */
  50737, 50738, 50739,          /* chroma blur, anti-alias strength, shadow scale */
  50778, 50779, 50780,          /* calibration illuminants, best quality scale */
  50829, 50830,                 /* ActiveArea, MaskedAreas */
  50879,                        /* ColorimetricReference */
  50931, 50932,                 /* calibration signatures: decide whether calibration applies */
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
  52525, 52529, 52530, 52531, 52532, 52533, 52534, 52535, 52536, 52537, 52538, /* DNG 1.6 colour */
  52543, 52544, 52547, 52551, 52553, 52554, 52555, /* DNG 1.7 */
};

typedef enum {
  KIND_PAGE,     /* in the main IFD chain */
  KIND_SUB,      /* pointed to by SubIFDs */
  KIND_EXIF,
  KIND_GPS,
  KIND_INTEROP,
} IfdKind;

typedef struct {
  guint16  tag;
  guint16  type;
  guint32  count;
  guint64  size;      /* count × type size; 0 for an unknown type */
  guint32  pos;       /* file offset of the value (inline: inside the entry) */
  gboolean readable;  /* known type and the value lies inside the file */
} Entry;

typedef struct {
  IfdKind  kind;
  guint32  offset;
  guint    depth;
  int      parent;    /* index in Tiff.ifds, -1 for pages */
  Entry   *entries;
  guint    n_entries;
  guint32  next;
  guint32  subfile;   /* NewSubfileType, 0 when absent */
  gboolean keep;      /* a clean writes this IFD */
  gboolean damaged;   /* an EXIF/GPS/Interop pointer that could not be read */
} Ifd;

struct _VeilTiff {
  const guint8 *data;
  gsize         len;
  gboolean      le;
  gboolean      dng;
  GPtrArray    *ifds;   /* element-type Ifd */
  GHashTable   *seen;   /* IFD offsets already read, against loops */
  guint         total_entries;
};
typedef struct _VeilTiff Tiff;

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

static inline guint16
rd16 (const Tiff *t, guint64 pos)
{
  return t->le ? veil_read_le16 (t->data + pos) : veil_read_be16 (t->data + pos);
}

static inline guint32
rd32 (const Tiff *t, guint64 pos)
{
  return t->le ? veil_read_le32 (t->data + pos) : veil_read_be32 (t->data + pos);
}

static inline void
wr16 (const Tiff *t, guint8 *p, guint16 v)
{
  if (t->le)
    veil_write_le16 (p, v);
  else
    veil_write_be16 (p, v);
}

static inline void
wr32 (const Tiff *t, guint8 *p, guint32 v)
{
  if (t->le)
    veil_write_le32 (p, v);
  else
    veil_write_be32 (p, v);
}

static guint
type_size (guint16 type)
{
  switch (type)
    {
    case 1: case 2: case 6: case 7:     return 1;  /* BYTE ASCII SBYTE UNDEFINED */
    case 3: case 8:                     return 2;  /* SHORT SSHORT */
    case 4: case 9: case 11: case 13:   return 4;  /* LONG SLONG FLOAT IFD */
    case 5: case 10: case 12:           return 8;  /* RATIONAL SRATIONAL DOUBLE */
    default:                            return 0;
    }
}

static Ifd *
ifd_at (const Tiff *t, guint i)
{
  return g_ptr_array_index (t->ifds, i);
}

static const Entry *
ifd_find (const Ifd *ifd, guint16 tag)
{
  for (guint i = 0; i < ifd->n_entries; i++)
    if (ifd->entries[i].tag == tag)
      return &ifd->entries[i];
  return NULL;
}

/* Element i of an integer-valued entry (BYTE, SHORT, LONG, IFD). */
static gboolean
entry_uint (const Tiff *t, const Entry *e, guint32 i, guint32 *out)
{
  if (e == NULL || !e->readable || i >= e->count)
    return FALSE;
  switch (e->type)
    {
    case 1: *out = t->data[e->pos + i]; return TRUE;
    case 3: *out = rd16 (t, e->pos + (guint64) i * 2); return TRUE;
    case 4: case 13: *out = rd32 (t, e->pos + (guint64) i * 4); return TRUE;
    default: return FALSE;
    }
}

static guint32
ifd_uint (const Tiff *t, const Ifd *ifd, guint16 tag, guint32 fallback)
{
  guint32 v;
  return entry_uint (t, ifd_find (ifd, tag), 0, &v) ? v : fallback;
}

static gboolean
is_image_kind (IfdKind kind)
{
  return kind == KIND_PAGE || kind == KIND_SUB;
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

static gboolean
has_image_data (const Ifd *ifd)
{
  return ifd_find (ifd, T_STRIP_OFFSETS) != NULL || ifd_find (ifd, T_TILE_OFFSETS) != NULL;
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

static gboolean
tag_is_kept (const Tiff *t, guint16 tag)
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

/* ---- Inspection ---------------------------------------------------------- */

static char *
entry_text (const Tiff *t, const Entry *e)
{
  g_autofree char *raw = NULL;

  if (!e->readable || type_size (e->type) != 1)
    return g_strdup ("");
  raw = g_strndup ((const char *) t->data + e->pos, MIN (e->size, 1024));
  g_strstrip (raw);
  return g_utf8_make_valid (raw, -1);
}

static double
entry_double (const Tiff *t, const Entry *e, guint32 i)
{
  guint64 bits;
  double d;

  if (!e->readable || e->type != 12 || i >= e->count)
    return 0;
  bits = t->le ? veil_read_le64 (t->data + e->pos + (guint64) i * 8)
               : veil_read_be64 (t->data + e->pos + (guint64) i * 8);
  memcpy (&d, &bits, sizeof d);
  return d;
}

static char *
pixel_size (const Tiff *t, const Ifd *ifd)
{
  if (ifd_find (ifd, T_IMAGE_WIDTH) == NULL)
    return g_strdup (_("a picture"));
  return g_strdup_printf (_("%u × %u pixels"), ifd_uint (t, ifd, T_IMAGE_WIDTH, 0),
                          ifd_uint (t, ifd, T_IMAGE_LENGTH, 0));
}

/* A GeoTIFF's georeferencing, as one finding per image. */
static void
report_geotiff (const Tiff *t, const Ifd *ifd, VeilReport *report)
{
  const Entry *tie = ifd_find (ifd, T_MODEL_TIEPOINT);
  const Entry *ascii = ifd_find (ifd, T_GEO_ASCII);
  const Entry *transform = ifd_find (ifd, T_MODEL_TRANSFORM);
  g_autoptr(GString) value = g_string_new (NULL);

  if (ascii != NULL)
    {
      g_autofree char *text = entry_text (t, ascii);
      char *bar = strchr (text, '|');
      if (bar != NULL)
        *bar = '\0';
      g_string_append (value, text);
    }
  if (tie != NULL && tie->count >= 6)
    g_string_append_printf (value, "%s%.6g, %.6g", value->len ? "; " : "",
                            entry_double (t, tie, 3), entry_double (t, tie, 4));
  else if (transform != NULL && transform->count >= 16)
    g_string_append_printf (value, "%s%.6g, %.6g", value->len ? "; " : "",
                            entry_double (t, transform, 3), entry_double (t, transform, 7));
  if (value->len == 0)
    g_string_append (value, _("map coordinates"));
  veil_report_add (report, VEIL_CATEGORY_LOCATION, "GeoTIFF:Georeferencing", value->str,
                   _("Map coordinates that tie the picture to a place on Earth: they show which area it shows or where it was made."));
}

typedef struct {
  guint16      tag;
  VeilCategory category;
  const char  *key;
  const char  *explanation;
  gboolean     show_text;
} TagFinding;

static const TagFinding tag_findings[] = {
  { T_DOCUMENT_NAME, VEIL_CATEGORY_IDENTITY, "TIFF:DocumentName", N_("The document's name; it can name a person, a place or the original file."), TRUE },
  { T_PAGE_NAME, VEIL_CATEGORY_IDENTITY, "TIFF:PageName", N_("The page's name; it can name a person or a place."), TRUE },
  { T_IMAGE_SOURCE_DATA, VEIL_CATEGORY_HIDDEN, "Photoshop:Layers", N_("Photoshop's layers; they can hold parts of the picture that were hidden or cropped out, and the names of the layers."), FALSE },
  { T_GDAL_METADATA, VEIL_CATEGORY_HIDDEN, "GDAL:Metadata", N_("Notes written by mapping software; they can name places, people or the software used."), TRUE },
  { T_LOCALIZED_MODEL, VEIL_CATEGORY_DEVICE, "DNG:LocalizedCameraModel", N_("Names the camera model that took the photo."), TRUE },
  { T_CAMERA_SERIAL, VEIL_CATEGORY_DEVICE, "DNG:CameraSerialNumber", N_("The camera's serial number: it links every photo from this device to each other and to you."), TRUE },
  { T_DNG_LENS_INFO, VEIL_CATEGORY_DEVICE, "DNG:LensInfo", N_("Describes the lens used."), FALSE },
  { T_DNG_PRIVATE, VEIL_CATEGORY_DEVICE, "DNG:PrivateData", N_("Private data from the camera maker or raw converter; it often holds serial numbers and the original maker notes."), FALSE },
  { T_RAW_UNIQUE_ID, VEIL_CATEGORY_HIDDEN, "DNG:RawDataUniqueID", N_("A unique ID of the original raw photo; it links this file to the original and to its other copies."), FALSE },
  { T_ORIGINAL_NAME, VEIL_CATEGORY_IDENTITY, "DNG:OriginalRawFileName", N_("The name of the original raw file; it can hold a name, a date or the camera's picture count."), TRUE },
  { T_ORIGINAL_DATA, VEIL_CATEGORY_HIDDEN, "DNG:OriginalRawFileData", N_("A full copy of the original raw file, with all its metadata."), FALSE },
  { T_EXTRA_PROFILES, VEIL_CATEGORY_OTHER, "DNG:ExtraCameraProfiles", N_("Extra colour profiles; they can name who made them."), FALSE },
  { T_AS_SHOT_PROFILE, VEIL_CATEGORY_OTHER, "DNG:AsShotProfileName", N_("The name of the colour profile chosen when the photo was taken."), TRUE },
  { T_PROFILE_NAME, VEIL_CATEGORY_OTHER, "DNG:ProfileName", N_("The name of the colour profile; it can name who made it."), TRUE },
  { T_PROFILE_COPYRIGHT, VEIL_CATEGORY_IDENTITY, "DNG:ProfileCopyright", N_("A copyright line for the colour profile; it can name a person."), TRUE },
  { T_PREVIEW_APP_NAME, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewApplicationName", N_("Names the software that made the preview."), TRUE },
  { T_PREVIEW_APP_VER, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewApplicationVersion", N_("The version of the software that made the preview."), TRUE },
  { T_PREVIEW_SETTINGS, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewSettingsName", N_("The name of the editing settings used for the preview."), TRUE },
  { T_PREVIEW_DATE, VEIL_CATEGORY_TIME, "DNG:PreviewDateTime", N_("When the preview was made."), TRUE },
  { T_TIME_CODES, VEIL_CATEGORY_TIME, "DNG:TimeCodes", N_("Time codes of the recording."), FALSE },
  { T_REEL_NAME, VEIL_CATEGORY_IDENTITY, "DNG:ReelName", N_("The name of the recording's reel; it can name a project or a person."), TRUE },
};

static const TagFinding *
find_tag_finding (guint16 tag)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tag_findings); i++)
    if (tag_findings[i].tag == tag)
      return &tag_findings[i];
  return NULL;
}

/* One IFD of the synthesized EXIF block: entries copied from the file, plus
 * pointers to the other block IFDs. */
typedef struct {
  const Entry *entries[512];
  guint        n;
  int          child_exif, child_gps, child_interop;  /* block IFD index or -1 */
  guint32      pos;
} BlockIfd;

/* Names a tag Veil removes without reading it; the list stays short. */
static void
note_dropped (GString *dropped, guint16 tag)
{
  if (g_str_has_suffix (dropped->str, "…"))
    return;
  if (dropped->len > 60)
    g_string_append (dropped, ", …");
  else
    g_string_append_printf (dropped, "%s0x%04X", dropped->len ? ", " : "", tag);
}

static guint
block_ifd_count (const BlockIfd *b)
{
  return b->n + (b->child_exif >= 0) + (b->child_gps >= 0) + (b->child_interop >= 0);
}

static guint64
block_size (const BlockIfd *b, guint nb)
{
  guint64 size = 8;

  for (guint i = 0; i < nb; i++)
    {
      size += 2 + 12 * (guint64) block_ifd_count (&b[i]) + 4;
      for (guint k = 0; k < b[i].n; k++)
        if (b[i].entries[k]->size > 4)
          size += b[i].entries[k]->size + (b[i].entries[k]->size & 1);
    }
  return size;
}

static void
block_put_entry (const Tiff *t, guint8 *p, guint16 tag, guint16 type, guint32 count)
{
  wr16 (t, p, tag);
  wr16 (t, p + 2, type);
  wr32 (t, p + 4, count);
}

static int
entry_tag_cmp (gconstpointer a, gconstpointer b)
{
  const Entry *ea = *(const Entry *const *) a, *eb = *(const Entry *const *) b;
  return (int) ea->tag - (int) eb->tag;
}

/* Builds a TIFF block (same byte order) from up to four block IFDs: 0 is
 * the image IFD's removable tags, 1 EXIF, 2 GPS, 3 Interop. */
static GByteArray *
build_exif_block (const Tiff *t, BlockIfd *b, guint nb, GString *dropped)
{
  GByteArray *out;
  guint64 size;
  guint32 pos;

  /* Over libexif's 64 KB: leave out the largest values (maker notes, most
   * likely) and name them among the other tags. */
  while ((size = block_size (b, nb)) > MAX_EXIF_BLOCK)
    {
      guint bi = 0, bk = 0;
      guint64 largest = 0;

      for (guint i = 0; i < nb; i++)
        for (guint k = 0; k < b[i].n; k++)
          if (b[i].entries[k]->size > largest)
            {
              largest = b[i].entries[k]->size;
              bi = i;
              bk = k;
            }
      if (largest <= 4)
        return NULL;
      note_dropped (dropped, b[bi].entries[bk]->tag);
      b[bi].entries[bk] = b[bi].entries[--b[bi].n];
    }

  out = g_byte_array_sized_new ((guint) size);
  g_byte_array_set_size (out, (guint) size);
  memset (out->data, 0, out->len);
  memcpy (out->data, t->le ? "II*\0" : "MM\0*", 4);
  wr32 (t, out->data + 4, 8);

  pos = 8;
  for (guint i = 0; i < nb; i++)
    {
      b[i].pos = pos;
      pos += 2 + 12 * block_ifd_count (&b[i]) + 4;
    }
  for (guint i = 0; i < nb; i++)
    {
      guint8 *p = out->data + b[i].pos;
      guint n = 0;

      qsort (b[i].entries, b[i].n, sizeof b[i].entries[0], entry_tag_cmp);
      wr16 (t, p, (guint16) block_ifd_count (&b[i]));
      p += 2;
      for (guint k = 0; k < b[i].n; k++, n++)
        {
          const Entry *e = b[i].entries[k];
          guint8 *ep = p + 12 * n;

          block_put_entry (t, ep, e->tag, e->type, e->count);
          if (e->size <= 4)
            memcpy (ep + 8, t->data + e->pos, e->size);
          else
            {
              memcpy (out->data + pos, t->data + e->pos, e->size);
              wr32 (t, ep + 8, pos);
              pos += (guint32) (e->size + (e->size & 1));
            }
        }
      if (b[i].child_exif >= 0)
        {
          block_put_entry (t, p + 12 * n, T_EXIF_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_exif].pos);
        }
      if (b[i].child_gps >= 0)
        {
          block_put_entry (t, p + 12 * n, T_GPS_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_gps].pos);
        }
      if (b[i].child_interop >= 0)
        {
          block_put_entry (t, p + 12 * n, T_INTEROP_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_interop].pos);
        }
    }
  return out;
}

static void
block_add (BlockIfd *b, const Entry *e, GString *dropped)
{
  if (!e->readable || b->n >= G_N_ELEMENTS (b->entries))
    {
      note_dropped (dropped, e->tag);
      return;
    }
  b->entries[b->n++] = e;
}

static int
find_child (const Tiff *t, guint parent, IfdKind kind)
{
  for (guint i = parent + 1; i < t->ifds->len; i++)
    if (ifd_at (t, i)->parent == (int) parent && ifd_at (t, i)->kind == kind)
      return (int) i;
  return -1;
}

static void
fill_meta_block (const Tiff *t, int index, BlockIfd *b, guint16 skip_tag, GString *dropped)
{
  const Ifd *ifd = ifd_at (t, index);

  for (guint k = 0; k < ifd->n_entries; k++)
    if (ifd->entries[k].tag != skip_tag)
      block_add (b, &ifd->entries[k], dropped);
}

static void
report_image_ifd (const Tiff *t, guint index, VeilReport *report)
{
  const Ifd *ifd = ifd_at (t, index);
  g_autofree BlockIfd *b = g_new0 (BlockIfd, 4);
  g_autoptr(GString) dropped = g_string_new (NULL);
  gboolean geotiff = FALSE, jpeg_thumb = FALSE;
  int exif, gps, interop = -1;

  for (guint i = 0; i < 4; i++)
    b[i].child_exif = b[i].child_gps = b[i].child_interop = -1;

  for (guint k = 0; k < ifd->n_entries; k++)
    {
      const Entry *e = &ifd->entries[k];
      const TagFinding *tf;

      if (tag_is_kept (t, e->tag))
        {
          if (e->tag == T_UNIQUE_MODEL)
            {
              g_autofree char *text = entry_text (t, e);
              veil_report_add_kept (report, VEIL_CATEGORY_DEVICE, "DNG:UniqueCameraModel", text,
                                    _("Names the camera model; DNG readers need it to pick the colours, so Veil keeps it. It names a model, not your camera."));
            }
          continue;
        }
      switch (e->tag)
        {
        case T_STRIP_OFFSETS:
        case T_TILE_OFFSETS:
        case T_SUB_IFDS:
        case T_EXIF_IFD:
        case T_GPS_IFD:
          continue; /* structure, or reported through the block below */
        case T_ICC:
          if (e->readable)
            _veil_icc_findings (t->data + e->pos, e->size, report);
          continue;
        case T_XMP:
          if (e->readable)
            _veil_xmp_findings ((const char *) t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", _("damaged"),
                             _("A damaged XMP packet; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_IPTC:
          if (e->readable)
            _veil_iptc_findings (t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "IPTC", _("damaged"),
                             _("A damaged IPTC block; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_IRB:
          if (e->readable)
            _veil_irb_findings (t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop", _("damaged"),
                             _("Damaged Photoshop data; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_MODEL_PIXEL_SCALE:
        case T_MODEL_TIEPOINT:
        case T_MODEL_TRANSFORM:
        case T_GEO_KEYS:
        case T_GEO_DOUBLES:
        case T_GEO_ASCII:
          geotiff = TRUE;
          continue;
        case T_JPEG_IF_OFFSET:
        case T_JPEG_IF_LENGTH:
          jpeg_thumb = TRUE;
          continue;
        default:
          break;
        }
      tf = find_tag_finding (e->tag);
      if (tf != NULL)
        {
          g_autofree char *value = NULL;
          if (tf->show_text && e->readable && type_size (e->type) == 1)
            value = entry_text (t, e);
          else
            value = g_format_size (e->size);
          veil_report_add (report, tf->category, tf->key, value, "%s", _(tf->explanation));
          continue;
        }
      block_add (&b[0], e, dropped);
    }

  if (geotiff)
    report_geotiff (t, ifd, report);
  if (jpeg_thumb)
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "TIFF:JPEGThumbnail", _("JPEG picture"),
                     _("A small copy of the picture; it may show the photo before it was cropped or edited."));
  if (ifd->damaged)
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", _("damaged"),
                     _("A damaged EXIF block; Veil cannot read it, but it is removed all the same."));

  exif = find_child (t, index, KIND_EXIF);
  gps = find_child (t, index, KIND_GPS);
  if (exif >= 0)
    interop = find_child (t, exif, KIND_INTEROP);
  if (exif >= 0)
    {
      fill_meta_block (t, exif, &b[1], T_INTEROP_IFD, dropped);
      b[0].child_exif = 1;
    }
  if (gps >= 0)
    {
      fill_meta_block (t, gps, &b[2], 0, dropped);
      b[0].child_gps = 2;
    }
  if (interop >= 0 && exif >= 0)
    {
      fill_meta_block (t, interop, &b[3], 0, dropped);
      b[1].child_interop = 3;
    }

  if (block_ifd_count (&b[0]) > 0)
    {
      g_autoptr(GByteArray) block = build_exif_block (t, b, 4, dropped);
      if (block != NULL)
        _veil_exif_findings (block->data, block->len, report);
      else
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", _("too large"),
                         _("An EXIF block too large for Veil to read in detail; it is removed all the same."));
    }
  if (dropped->len > 0)
    veil_report_add (report, VEIL_CATEGORY_OTHER, "TIFF:OtherTags", dropped->str,
                     _("Other tags Veil cannot read in detail (%s); they are removed all the same."),
                     dropped->str);
}

static void
report_dropped_image (const Tiff *t, const Ifd *ifd, VeilReport *report)
{
  g_autofree char *size = pixel_size (t, ifd);

  if (ifd->subfile & 8)
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "TIFF:DepthMap", size,
                     _("A depth map of the scene, stored beside the picture."));
  else if (t->dng)
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "DNG:PreviewImage", size,
                     _("A preview of the picture stored beside the raw data; it may show the photo before it was cropped or edited."));
  else
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "TIFF:Thumbnail", size,
                     _("A small copy of the picture; it may show the photo before it was cropped or edited."));
}

static gboolean
tiff_inspect (const VeilSource  *source,
              VeilReport        *report,
              GError           **error)
{
  VeilTiff *t;

  if (!_veil_tiff_load (source->data, source->len, &t, error))
    return FALSE;

  for (guint i = 0; i < t->ifds->len; i++)
    {
      const Ifd *ifd = ifd_at (t, i);

      if (!is_image_kind (ifd->kind))
        continue;
      if (ifd->keep)
        {
          if (i == 0 && t->dng && (ifd->subfile & 1) && has_image_data (ifd))
            {
              g_autofree char *size = pixel_size (t, ifd);
              veil_report_add_kept (report, VEIL_CATEGORY_THUMBNAIL, "DNG:Thumbnail", size,
                                    _("The small preview DNG readers and file browsers show; Veil keeps it, cleaned, because they expect it. It shows the same picture."));
            }
          report_image_ifd (t, i, report);
        }
      else if (ifd->kind == KIND_PAGE || ifd_at (t, ifd->parent)->keep)
        report_dropped_image (t, ifd, report);
    }

  _veil_tiff_free (t);
  return TRUE;
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

static gboolean
tiff_clean (const VeilSource        *source,
            VeilWriter              *out,
            const VeilCleanOptions  *options,
            GError                 **error)
{
  VeilTiff *t;
  g_autoptr(GArray) outs = g_array_new (FALSE, TRUE, sizeof (OutIfd));
  g_autoptr(GArray) copies = g_array_new (FALSE, FALSE, sizeof (Copy));
  g_autoptr(GHashTable) shared = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GByteArray) area = NULL;
  guint64 pos = 8, area_start;
  guint8 header[8];
  gboolean ok = FALSE;

  if (!_veil_tiff_load (source->data, source->len, &t, error))
    return FALSE;

  for (guint i = 0; i < t->ifds->len; i++)
    if (ifd_at (t, i)->kind == KIND_PAGE && ifd_at (t, i)->keep)
      collect_out (t, i, outs);

  /* Pass 1: pick the kept entries and lay out the image data. */
  for (guint o = 0; o < outs->len; o++)
    {
      OutIfd *oi = &g_array_index (outs, OutIfd, o);
      const Ifd *ifd = ifd_at (t, oi->index);
      const Entry *offsets = NULL, *counts = NULL;

      oi->entries = g_new0 (const Entry *, ifd->n_entries + 1);
      for (guint k = 0; k < ifd->n_entries; k++)
        {
          const Entry *e = &ifd->entries[k];
          gboolean keep = tag_is_kept (t, e->tag) || e->tag == T_STRIP_OFFSETS ||
                          e->tag == T_TILE_OFFSETS ||
                          (e->tag == T_SUB_IFDS && oi->children->len > 0) ||
                          (e->tag == T_ICC && !options->drop_icc);
          gboolean duplicate = FALSE;

          if (!keep)
            continue;
          for (guint j = 0; j < oi->n; j++)
            duplicate |= oi->entries[j]->tag == e->tag;
          if (duplicate)
            continue; /* readers use the first */
          if (!e->readable)
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_MALFORMED,
                           _("tag %u, which the picture needs, points outside the file"), e->tag);
              goto out;
            }
          oi->entries[oi->n++] = e;
        }
      qsort (oi->entries, oi->n, sizeof oi->entries[0], entry_tag_cmp);

      if (!data_blocks (t, ifd, &offsets, &counts, error))
        goto out;
      if (offsets == NULL)
        continue;
      oi->offsets_tag = offsets->tag;
      oi->n_offsets = offsets->count;
      oi->new_offsets = g_new0 (guint32, MAX (offsets->count, 1));
      for (guint32 k = 0; k < offsets->count; k++)
        {
          guint32 off = 0, cnt = 0;
          gint64 key;
          gpointer found;

          entry_uint (t, offsets, k, &off);
          entry_uint (t, counts, k, &cnt);
          if (cnt == 0)
            continue; /* an empty strip or tile: offset 0 */
          key = ((gint64) off << 32) | cnt;
          found = g_hash_table_lookup (shared, &key);
          if (found != NULL)
            {
              oi->new_offsets[k] = GPOINTER_TO_UINT (found);
              continue;
            }
          /* Strips and tiles need no alignment (only IFDs and values do),
           * so none is added: the output is no larger than needed. */
          if (pos + cnt > G_MAXUINT32)
            {
              g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                           _("the cleaned file would pass the 4 GB limit of TIFF"));
              goto out;
            }
          {
            Copy c = { off, (guint32) pos, cnt };
            g_array_append_val (copies, c);
          }
          oi->new_offsets[k] = (guint32) pos;
          g_hash_table_insert (shared, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER ((guint) pos));
          pos += cnt;
        }
    }

  /* Pass 2: place the IFDs and their values after the data. */
  area_start = pos = align2 (pos);
  for (guint o = 0; o < outs->len; o++)
    {
      OutIfd *oi = &g_array_index (outs, OutIfd, o);

      pos = align2 (pos);
      oi->pos = (guint32) pos;
      pos += 2 + 12 * (guint64) oi->n + 4;
      for (guint k = 0; k < oi->n; k++)
        {
          guint64 size = oi->entries[k]->size;
          if (oi->entries[k]->tag == oi->offsets_tag || oi->entries[k]->tag == T_SUB_IFDS)
            size = 4 * (guint64) (oi->entries[k]->tag == T_SUB_IFDS ? oi->children->len : oi->n_offsets);
          if (size > 4)
            pos = align2 (pos) + size;
        }
    }
  /* Values shared by many IFDs could make the output balloon: refuse what
   * no honest file needs. */
  if (pos > G_MAXUINT32 || pos - area_start > (guint64) source->len + 4096)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TOO_LARGE,
                   _("the cleaned file would be far larger than the original"));
      goto out;
    }

  area = g_byte_array_sized_new ((guint) (pos - area_start));
  g_byte_array_set_size (area, (guint) (pos - area_start));
  memset (area->data, 0, area->len);
  for (guint o = 0; o < outs->len; o++)
    {
      OutIfd *oi = &g_array_index (outs, OutIfd, o);
      guint8 *p = area->data + (oi->pos - area_start);
      guint64 vpos = oi->pos + 2 + 12 * (guint64) oi->n + 4;
      guint32 next = 0;

      wr16 (t, p, (guint16) oi->n);
      for (guint k = 0; k < oi->n; k++)
        {
          const Entry *e = oi->entries[k];
          guint8 *ep = p + 2 + 12 * k;
          guint8 *dst;
          guint64 size = e->size;

          if (e->tag == oi->offsets_tag || e->tag == T_SUB_IFDS)
            {
              const guint32 *vals = oi->new_offsets;
              guint32 n = oi->n_offsets;
              guint32 one;

              if (e->tag == T_SUB_IFDS)
                n = oi->children->len;
              block_put_entry (t, ep, e->tag, e->tag == T_SUB_IFDS ? e->type : 4, n);
              size = 4 * (guint64) n;
              dst = ep + 8;
              if (size > 4)
                {
                  vpos = align2 (vpos);
                  wr32 (t, ep + 8, (guint32) vpos);
                  dst = area->data + (vpos - area_start);
                  vpos += size;
                }
              for (guint32 j = 0; j < n; j++)
                {
                  if (e->tag == T_SUB_IFDS)
                    {
                      guint child = g_array_index (oi->children, guint, j);
                      one = g_array_index (outs, OutIfd, child).pos;
                    }
                  else
                    one = vals[j];
                  wr32 (t, dst + 4 * j, one);
                }
              continue;
            }
          block_put_entry (t, ep, e->tag, e->type, e->count);
          if (size <= 4)
            memcpy (ep + 8, t->data + e->pos, size);
          else
            {
              vpos = align2 (vpos);
              wr32 (t, ep + 8, (guint32) vpos);
              memcpy (area->data + (vpos - area_start), t->data + e->pos, size);
              vpos += size;
            }
        }
      /* The next page: the next output IFD that is a page. */
      if (ifd_at (t, oi->index)->kind == KIND_PAGE)
        for (guint j = o + 1; j < outs->len; j++)
          if (ifd_at (t, g_array_index (outs, OutIfd, j).index)->kind == KIND_PAGE)
            {
              next = g_array_index (outs, OutIfd, j).pos;
              break;
            }
      wr32 (t, p + 2 + 12 * oi->n, next);
    }

  memcpy (header, t->le ? "II*\0" : "MM\0*", 4);
  wr32 (t, header + 4, g_array_index (outs, OutIfd, 0).pos);
  if (!veil_writer_write (out, header, sizeof header, error))
    goto out;
  pos = 8;
  for (guint i = 0; i < copies->len; i++)
    {
      const Copy *c = &g_array_index (copies, Copy, i);
      if (!veil_writer_write (out, t->data + c->src, c->len, error))
        goto out;
      pos = (guint64) c->dst + c->len;
    }
  if (pos < area_start)
    {
      static const guint8 pad = 0;
      if (!veil_writer_write (out, &pad, 1, error))
        goto out;
    }
  ok = veil_writer_write (out, area->data, area->len, error);

out:
  for (guint o = 0; o < outs->len; o++)
    out_ifd_clear (&g_array_index (outs, OutIfd, o));
  _veil_tiff_free (t);
  return ok;
}

const VeilFormatHandler _veil_tiff_handler = {
  .format = VEIL_FORMAT_TIFF,
  .inspect = tiff_inspect,
  .clean = tiff_clean,
};

const VeilFormatHandler _veil_dng_handler = {
  .format = VEIL_FORMAT_DNG,
  .inspect = tiff_inspect,
  .clean = tiff_clean,
};
