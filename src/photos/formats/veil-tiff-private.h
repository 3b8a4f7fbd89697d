/* veil-tiff-private.h: what veil-tiff.c (walking, cleaning) and
 * veil-tiff-inspect.c (findings) share: the parsed directories.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-bytes.h"
#include "veil-handler.h"
#include "veil-tiff.h"

G_BEGIN_DECLS

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

#define T_CAMERA_CALIB1      50723
#define T_CAMERA_CALIB2      50724
#define T_CAMERA_CALIB_SIG   50931
#define T_CAMERA_CALIB3      52530

/* What a cleaned DNG's required UniqueCameraModel says. */
#define VEIL_TIFF_NEUTRAL_MODEL "Camera"

#define PHOTOMETRIC_CFA        32803
#define PHOTOMETRIC_LINEAR_RAW 34892
#define COMPRESSION_OJPEG      6

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

static inline guint
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

static inline Ifd *
ifd_at (const Tiff *t, guint i)
{
  return g_ptr_array_index (t->ifds, i);
}

static inline const Entry *
ifd_find (const Ifd *ifd, guint16 tag)
{
  for (guint i = 0; i < ifd->n_entries; i++)
    if (ifd->entries[i].tag == tag)
      return &ifd->entries[i];
  return NULL;
}

/* Element i of an integer-valued entry (BYTE, SHORT, LONG, IFD). */
static inline gboolean
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

static inline guint32
ifd_uint (const Tiff *t, const Ifd *ifd, guint16 tag, guint32 fallback)
{
  guint32 v;
  return entry_uint (t, ifd_find (ifd, tag), 0, &v) ? v : fallback;
}

static inline gboolean
is_image_kind (IfdKind kind)
{
  return kind == KIND_PAGE || kind == KIND_SUB;
}

static inline gboolean
has_image_data (const Ifd *ifd)
{
  return ifd_find (ifd, T_STRIP_OFFSETS) != NULL || ifd_find (ifd, T_TILE_OFFSETS) != NULL;
}

/* The tag, type and count of a 12-byte IFD entry. */
static inline void
block_put_entry (const Tiff *t, guint8 *p, guint16 tag, guint16 type, guint32 count)
{
  wr16 (t, p, tag);
  wr16 (t, p + 2, type);
  wr32 (t, p + 4, count);
}

static inline int
entry_tag_cmp (gconstpointer a, gconstpointer b)
{
  const Entry *ea = *(const Entry *const *) a, *eb = *(const Entry *const *) b;
  return (int) ea->tag - (int) eb->tag;
}

/* Whether a clean keeps this tag in an image directory (veil-tiff.c). */
gboolean _veil_tiff_tag_is_kept (const VeilTiff *t,
                                 guint16         tag);
/* The handlers' inspect (veil-tiff-inspect.c). */
gboolean _veil_tiff_inspect     (const VeilSource  *source,
                                 VeilReport        *report,
                                 GError           **error);

G_END_DECLS
