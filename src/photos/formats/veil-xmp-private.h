/* veil-xmp-private.h: the XMP packet as read by veil-xmp.c, for the
 * reporting in veil-xmp-report.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* Namespaces Veil knows, matched by URI. */
typedef enum {
  NS_UNKNOWN,
  NS_DC, NS_XMP, NS_XMPMM, NS_XMPRIGHTS, NS_XMPNOTE, NS_XMPBJ, NS_PHOTOSHOP,
  NS_EXIF, NS_EXIFEX, NS_TIFF, NS_AUX, NS_CRS, NS_IPTCCORE, NS_IPTCEXT,
  NS_MWGRS, NS_MP, NS_GPANO, NS_GCAMERA, NS_GDEPTH, NS_GIMAGE, NS_GAUDIO,
  NS_CONTAINER, NS_HDRGM, NS_APPLEHDR, NS_LR, NS_DIGIKAM, NS_MSPHOTO,
  NS_PLUS, NS_PDF,
} NsId;

/* A leaf value inside a structure. */
typedef struct {
  char *name;    /* local name of the leaf property */
  char *value;
} Field;

/* One top-level property of the packet. */
typedef struct {
  NsId       ns;
  char      *prefix;     /* canonical for known namespaces, else as written */
  char      *name;
  GPtrArray *values;     /* char*: its text, or the items of its list */
  GPtrArray *fields;     /* Field*: leaves of structures below it */
  guint      n_values;   /* counted even past MAX_VALUES */
  guint      items;      /* rdf:li directly in its own list */
  guint      all_items;  /* rdf:li at any depth */
  gboolean   done;       /* reported (as part of a group) */
} Prop;

/* Adds the findings for the properties read (element-type Prop); parsed
 * is FALSE when the packet stopped parsing part-way, len is its size. */
void _veil_xmp_report (GPtrArray  *props,
                       gboolean    parsed,
                       gsize       len,
                       VeilReport *report);

G_END_DECLS
