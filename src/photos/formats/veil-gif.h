/* veil-gif.h: the GIF block walker, shared by the cleaner and the fuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint8 label;        /* 0x2C for an image; the extension label (0xF9, 0xFE, 0xFF, ...) */
  gsize  offset;       /* of the introducer byte (0x2C or 0x21) */
  gsize  size;         /* the whole block, through its terminating empty sub-block */
  gsize  data_offset;  /* of the first sub-block */
  char   app_id[12];   /* application extensions: identifier and code, "NETSCAPE2.0" */
} VeilGifBlock;

typedef struct {
  gsize   header_end;  /* header, screen descriptor and global colour table */
  GArray *blocks;      /* element-type VeilGifBlock */
  gsize   trailer_end; /* offset just after the 0x3B trailer */
} VeilGifLayout;

#define VEIL_GIF_IMAGE 0x2C

/* Walks the file from the header to the trailer. Errors carry no file name. */
gboolean _veil_gif_parse        (const guint8  *data,
                                 gsize          len,
                                 VeilGifLayout *layout,
                                 GError       **error);
void     _veil_gif_layout_clear (VeilGifLayout *layout);

G_END_DECLS
