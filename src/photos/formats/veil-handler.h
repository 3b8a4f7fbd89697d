/* veil-handler.h: the two operations every supported format provides.
 *
 * Internal to the engine. A format parser lives in its own file
 * (veil-jpeg.c, veil-png.c, ...) and exports one VeilFormatHandler; the table
 * in veil-handlers.c maps formats to handlers. A format without a handler is
 * refused with a clear "not supported yet".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-types.h"
#include "veil-report.h"
#include "veil-writer.h"
#include "veil-scan-memo.h"

G_BEGIN_DECLS

/* The whole input file, mapped read-only. */
typedef struct {
  const guint8 *data;
  gsize         len;
  const char   *name;   /* for messages; never NULL */
  VeilScanMemo *scans;  /* JPEG scan ends found in these bytes before, or NULL */
} VeilSource;

typedef struct {
  VeilFormat format;
  /* Adds a finding per thing the file gives away. Returns FALSE with
   * VEIL_METADATA_ERROR_* when the file is broken or hostile. */
  gboolean (*inspect) (const VeilSource       *source,
                       VeilReport             *report,
                       GError                **error);
  /* Writes the cleaned file: pixel/sample data byte-identical, every
   * removable finding gone. Must not write anything it could not verify
   * structurally; the caller re-inspects the output anyway. */
  gboolean (*clean)   (const VeilSource       *source,
                       VeilWriter             *out,
                       const VeilCleanOptions *options,
                       GError                **error);
} VeilFormatHandler;

const VeilFormatHandler *_veil_format_handler (VeilFormat format);

/* One extern per format, defined in the format's own file. */
extern const VeilFormatHandler _veil_jpeg_handler;
extern const VeilFormatHandler _veil_tiff_handler, _veil_dng_handler;
extern const VeilFormatHandler _veil_png_handler;
extern const VeilFormatHandler _veil_webp_handler;
extern const VeilFormatHandler _veil_gif_handler;
extern const VeilFormatHandler _veil_heif_handler, _veil_avif_handler, _veil_mp4_handler, _veil_mov_handler, _veil_3gp_handler;

G_END_DECLS
