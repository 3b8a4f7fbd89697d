/* veil-heif-private.h: the HEIF item table, shared by the reader
 * (veil-heif.c) and the cleaner (veil-heif-clean.c).
 *
 * Internal to the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-handler.h"
#include "veil-bmff.h"

G_BEGIN_DECLS

#define FCC VEIL_FOURCC
#define MAX_ITEMS     10000
#define MAX_EXTENTS   100000
#define MAX_META_SIZE (64 * 1024 * 1024)
#define MAX_ITEM_DATA (64 * 1024 * 1024)

typedef enum {
  ROLE_IMAGE,
  ROLE_EXIF,
  ROLE_XMP,
  ROLE_MIME,      /* another document (mime item that is not XMP) */
  ROLE_URI,
  ROLE_DEPTH,     /* depth map, portrait matte, other auxiliary layer */
} Role;

typedef struct {
  guint64 offset;  /* absolute (construction 0) or into idat (1) */
  guint64 length;
} Extent;

typedef struct {
  guint32  id;
  guint32  type;
  char    *content_type;
  guint64  infe_off, infe_len;
  gboolean located;
  guint    construction;
  guint64  iloc_off, iloc_len;
  GArray  *extents;         /* element-type Extent */
  gboolean has_ipma;
  guint    ipma_box;
  guint64  ipma_off, ipma_len;
  GArray  *props;           /* element-type guint32, 1-based ipco indices */
  Role     role;
  gboolean remove;
} Item;

typedef struct {
  guint32 type;
  guint32 from;
  GArray *to;               /* element-type guint32 */
} Ref;

typedef struct {
  const guint8 *data;
  gsize         len;        /* up to the end of the last box: no trailer */
  VeilBox       meta;
  gboolean      has_iinf, has_iloc, has_iref, has_idat, has_ipco;
  VeilBox       iinf, iloc, iref, idat, ipco;
  guint8        iinf_version, iloc_version, iref_version;
  guint8        offset_size, length_size, base_size, index_size;
  GPtrArray    *items;      /* element-type Item */
  GHashTable   *by_id;      /* id -> Item */
  GArray       *refs;       /* element-type Ref */
  GArray       *props;      /* element-type VeilBox, index i = property i + 1 */
  GArray       *ipma;       /* element-type VeilBox */
  GArray       *vendor;     /* element-type VeilBox: top-level Samsung 'sefd' boxes */
  guint32       primary;
} Heif;

/* Reads the item table of a HEIF file; _veil_heif_clear () it even on failure. */
gboolean _veil_heif_parse     (Heif          *h,
                               const guint8  *data,
                               gsize          len,
                               GError       **error);
void     _veil_heif_clear     (Heif          *h);
/* The item with this id; with create, a new one (NULL with an error past
 * the limit on items). */
Item    *_veil_heif_item_get  (Heif          *h,
                               guint32        id,
                               gboolean       create,
                               GError       **error);
/* Sets a "the item table is broken" error; returns FALSE. */
gboolean _veil_heif_malformed (GError      **error,
                               const char   *what);
gboolean _veil_heif_clean     (const VeilSource        *source,
                               VeilWriter              *out,
                               const VeilCleanOptions  *options,
                               GError                 **error);

G_END_DECLS
