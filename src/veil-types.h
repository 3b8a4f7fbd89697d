/* veil-types.h: enums and forward typedefs shared by the whole engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a piece of metadata gives away, grouped the way a person thinks
 * about it. The order is the order the app shows the groups in. */
typedef enum {
  VEIL_CATEGORY_LOCATION,
  VEIL_CATEGORY_TIME,
  VEIL_CATEGORY_DEVICE,
  VEIL_CATEGORY_IDENTITY,
  VEIL_CATEGORY_SOFTWARE,
  VEIL_CATEGORY_THUMBNAIL,
  VEIL_CATEGORY_HIDDEN,
  VEIL_CATEGORY_OTHER,
  VEIL_N_CATEGORIES
} VeilCategory;

/* File formats, detected from content, never from the file name. */
typedef enum {
  VEIL_FORMAT_UNKNOWN,
  VEIL_FORMAT_JPEG,
  VEIL_FORMAT_PNG,
  VEIL_FORMAT_WEBP,
  VEIL_FORMAT_GIF,
  VEIL_FORMAT_TIFF,
  VEIL_FORMAT_DNG,
  VEIL_FORMAT_HEIF,
  VEIL_FORMAT_AVIF,
  VEIL_FORMAT_MP4,
  VEIL_FORMAT_MOV,
  VEIL_FORMAT_3GP,
  VEIL_FORMAT_PSD,
  VEIL_FORMAT_JXL,
  VEIL_FORMAT_BMP,
  VEIL_FORMAT_AVI,
  VEIL_FORMAT_MKV,
  VEIL_FORMAT_RAW,      /* camera raw other than DNG (CR2, NEF, ORF, ...) */
  VEIL_FORMAT_PDF,
  VEIL_FORMAT_SVG,
  VEIL_N_FORMATS
} VeilFormat;

typedef struct _VeilFinding VeilFinding;
typedef struct _VeilReport VeilReport;
typedef struct _VeilCleanOptions VeilCleanOptions;

/* How a clean behaves (here rather than in veil-clean.h so that the format
 * parsers, which take it, need not include their orchestrator). All-zero
 * means the defaults. */
struct _VeilCleanOptions {
  gboolean drop_icc;           /* also drop the colour profile */
  gboolean keep_motion_video;  /* keep a motion photo's video (cleaned) */
  gboolean keep_media_times;   /* keep creation times in videos */
  gboolean flush_copies;       /* flush copies to a new name too (--sync) */
};

G_END_DECLS
