/* veil-webp.h: the WebP (RIFF) chunk walker, shared by the cleaner and the
 * fuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char          fourcc[5];   /* NUL-terminated: "VP8L", "XMP " */
  gsize         offset;      /* of the chunk header */
  const guint8 *payload;
  gsize         payload_len;
} VeilWebpChunk;

typedef struct {
  GArray *chunks;    /* element-type VeilWebpChunk, top level only */
  gsize   riff_end;  /* 8 + the RIFF size: where the file should end */
  gboolean extended; /* starts with VP8X */
} VeilWebpLayout;

/* Walks the RIFF container and the frames of an animation. Errors carry no
 * file name. */
gboolean _veil_webp_parse        (const guint8   *data,
                                  gsize           len,
                                  VeilWebpLayout *layout,
                                  GError        **error);
void     _veil_webp_layout_clear (VeilWebpLayout *layout);

G_END_DECLS
