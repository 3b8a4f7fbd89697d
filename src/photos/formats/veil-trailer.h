/* veil-trailer.h: what hides after a picture's or a video's end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_TRAILER_UNKNOWN,
  VEIL_TRAILER_PADDING,      /* zeros or 0xFF only */
  VEIL_TRAILER_VIDEO,        /* an MP4 (Google/Samsung motion photo) */
  VEIL_TRAILER_SAMSUNG,      /* Samsung SEFH/SEFT trailer */
  VEIL_TRAILER_JPEG,         /* another picture (MPF image, preview) */
} VeilTrailerKind;

VeilTrailerKind _veil_trailer_classify (const guint8 *data,
                                        gsize         len);
/* Reports the bytes after the end of a picture (a JPEG's end-of-image
 * marker, a HEIF's last box). */
void            _veil_trailer_findings (const guint8 *data,
                                        gsize         len,
                                        VeilReport   *report);
/* The same after a video's last box, in a video's words. */
void            _veil_video_trailer_findings (const guint8 *data,
                                              gsize         len,
                                              VeilReport   *report);

G_END_DECLS
