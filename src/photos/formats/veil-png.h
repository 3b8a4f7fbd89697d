/* veil-png.h: the PNG chunk walker, shared by the cleaner and the fuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char          name[5];   /* the chunk type, NUL-terminated: "IDAT" */
  gsize         offset;    /* of the length field */
  gsize         size;      /* whole chunk: length, type, data and CRC */
  const guint8 *body;      /* the chunk data */
  gsize         body_len;
  gboolean      crc_ok;    /* always TRUE for critical chunks (else an error) */
} VeilPngChunk;

typedef struct {
  GArray *chunks;    /* element-type VeilPngChunk, IEND included */
  gsize   iend_end;  /* offset just after IEND's CRC */
} VeilPngLayout;

/* Walks the file from the signature to IEND and checks every CRC. A bad CRC
 * in a critical chunk is an error; in an ancillary chunk it only clears
 * crc_ok. Errors carry no file name. */
gboolean _veil_png_parse        (const guint8  *data,
                                 gsize          len,
                                 VeilPngLayout *layout,
                                 GError       **error);
void     _veil_png_layout_clear (VeilPngLayout *layout);

G_END_DECLS
