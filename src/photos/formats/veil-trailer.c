/* veil-trailer.c: what hides after a picture or a video ends (a JPEG's
 * end marker, the last box of an ISO-BMFF file, a PNG's IEND...).
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

/* What to say about each kind of trailer, after a picture or a video. */
typedef struct {
  const char *padding;
  const char *video;
  const char *samsung;
  const char *picture;
  const char *unknown;
} TrailerWords;

static const TrailerWords after_picture = {
  N_("Filler bytes after the end of the picture; harmless, but not part of the image."),
  N_("A short video recorded around the moment of the photo (motion photo); it shows more than the picture and can carry its own location."),
  N_("Samsung camera data after the picture: it can hold when the photo was taken and the country of the phone's network, editing history, a depth map or the original before edits."),
  N_("Another picture stored after this one (a preview or a depth or HDR image), with its own metadata."),
  N_("Data hidden after the end of the picture; viewers do not show it, but anyone can read it."),
};

static const TrailerWords after_video = {
  N_("Filler bytes after the end of the video; harmless, but not part of it."),
  N_("Another video stored after this one, with its own metadata."),
  N_("Samsung camera data after the video: it can hold when it was recorded and the country of the phone's network."),
  N_("A picture stored after the video, with its own metadata."),
  N_("Data hidden after the end of the video; players do not show it, but anyone can read it."),
};

static void
add_findings (const guint8       *data,
              gsize               len,
              const TrailerWords *words,
              VeilReport         *report)
{
  g_autofree char *size = g_format_size (len);

  switch (_veil_trailer_classify (data, len))
    {
    case VEIL_TRAILER_PADDING:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Padding", size, "%s", _(words->padding));
      break;
    case VEIL_TRAILER_VIDEO:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:MotionPhotoVideo", size, "%s", _(words->video));
      break;
    case VEIL_TRAILER_SAMSUNG:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Samsung", size, "%s", _(words->samsung));
      break;
    case VEIL_TRAILER_JPEG:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Picture", size, "%s", _(words->picture));
      break;
    case VEIL_TRAILER_UNKNOWN:
    default:
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Trailer:Data", size, "%s", _(words->unknown));
      break;
    }
}

void
_veil_trailer_findings (const guint8 *data,
                        gsize         len,
                        VeilReport   *report)
{
  add_findings (data, len, &after_picture, report);
}

void
_veil_video_trailer_findings (const guint8 *data,
                              gsize         len,
                              VeilReport   *report)
{
  add_findings (data, len, &after_video, report);
}
