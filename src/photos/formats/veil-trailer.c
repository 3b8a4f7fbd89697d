/* veil-trailer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trailer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-trailer.h"

static gboolean
find (const guint8 *data, gsize len, const char *needle)
{
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

VeilTrailerKind
_veil_trailer_classify (const guint8 *data,
                        gsize         len)
{
  gboolean padding = TRUE;

  for (gsize i = 0; i < len && padding; i++)
    padding = data[i] == 0x00 || data[i] == 0xFF;
  if (padding)
    return VEIL_TRAILER_PADDING;
  /* A motion photo's MP4 starts right after the picture or after a small
   * Samsung header; look for the ftyp box near the start. */
  if (find (data, MIN (len, 4096), "ftyp"))
    return VEIL_TRAILER_VIDEO;
  if (len >= 4 && (memcmp (data + len - 4, "SEFT", 4) == 0 || find (data, MIN (len, 64), "SEFH")))
    return find (data, len, "ftyp") ? VEIL_TRAILER_VIDEO : VEIL_TRAILER_SAMSUNG;
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return VEIL_TRAILER_JPEG;
  return VEIL_TRAILER_UNKNOWN;
}

void
_veil_trailer_findings (const guint8 *data,
                        gsize         len,
                        VeilReport   *report)
{
  g_autofree char *size = g_format_size (len);

  switch (_veil_trailer_classify (data, len))
    {
    case VEIL_TRAILER_PADDING:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Padding", size,
                       _("Filler bytes after the end of the picture; harmless, but not part of the image."));
      break;
    case VEIL_TRAILER_VIDEO:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:MotionPhotoVideo", size,
                       _("A short video recorded around the moment of the photo (motion photo); it shows more than the picture and can carry its own location."));
      break;
    case VEIL_TRAILER_SAMSUNG:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Samsung", size,
                       _("Samsung camera data after the picture: it can hold editing history, a depth map or the original before edits."));
      break;
    case VEIL_TRAILER_JPEG:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Picture", size,
                       _("Another picture stored after this one (a preview or a depth or HDR image), with its own metadata."));
      break;
    case VEIL_TRAILER_UNKNOWN:
    default:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Data", size,
                       _("Data hidden after the end of the picture; viewers do not show it, but anyone can read it."));
      break;
    }
}
