/* veil-exif.c: EXIF findings through libexif.
 *
 * libexif is used without EXIF_DATA_OPTION_FOLLOW_SPECIFICATION, which would
 * invent mandatory tags the file does not hold (DEBIAN12.md, pitfall 7).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exif"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libexif/exif-data.h>

#include "veil-bytes.h"
#include "veil-exif.h"

/* Tags not (all) named in libexif 0.6's enum. */
#define TAG_PROCESSING_SOFTWARE 0x000B
#define TAG_HOST_COMPUTER       0x013C
#define TAG_OFFSET_TIME         0x9010
#define TAG_OFFSET_TIME_ORIG    0x9011
#define TAG_OFFSET_TIME_DIGI    0x9012
#define TAG_XP_TITLE            0x9C9B
#define TAG_XP_COMMENT          0x9C9C
#define TAG_XP_AUTHOR           0x9C9D
#define TAG_XP_KEYWORDS         0x9C9E
#define TAG_XP_SUBJECT          0x9C9F
#define TAG_OWNER_NAME          0xA430
#define TAG_BODY_SERIAL         0xA431
#define TAG_LENS_SPEC           0xA432
#define TAG_LENS_MAKE           0xA433
#define TAG_LENS_MODEL          0xA434
#define TAG_LENS_SERIAL         0xA435
#define TAG_CAMERA_SERIAL       0xC62F
#define TAG_PRINT_IM            0xC4A5

typedef struct {
  guint16      tag;
  VeilCategory category;
  const char  *explanation;
} TagInfo;

/* What each personal tag reveals. Everything else is summed up as camera
 * settings in one finding, so the list stays readable. */
static const TagInfo tag_infos[] = {
  { EXIF_TAG_MAKE, VEIL_CATEGORY_DEVICE, N_("Names the maker of the camera or phone that took the photo.") },
  { EXIF_TAG_MODEL, VEIL_CATEGORY_DEVICE, N_("Names the camera or phone model that took the photo.") },
  { TAG_BODY_SERIAL, VEIL_CATEGORY_DEVICE, N_("The camera's serial number: it links every photo from this device to each other and to you.") },
  { TAG_CAMERA_SERIAL, VEIL_CATEGORY_DEVICE, N_("The camera's serial number: it links every photo from this device to each other and to you.") },
  { TAG_LENS_SERIAL, VEIL_CATEGORY_DEVICE, N_("The lens's serial number: it links photos taken with this lens.") },
  { TAG_LENS_MAKE, VEIL_CATEGORY_DEVICE, N_("Names the lens maker.") },
  { TAG_LENS_MODEL, VEIL_CATEGORY_DEVICE, N_("Names the lens used.") },
  { TAG_LENS_SPEC, VEIL_CATEGORY_DEVICE, N_("Describes the lens used.") },
  { EXIF_TAG_MAKER_NOTE, VEIL_CATEGORY_DEVICE, N_("Private data from the camera maker; it often holds serial numbers and internal settings.") },
  { TAG_PRINT_IM, VEIL_CATEGORY_DEVICE, N_("Printing settings written by the camera.") },
  { EXIF_TAG_IMAGE_UNIQUE_ID, VEIL_CATEGORY_HIDDEN, N_("A unique ID that can link copies of this photo to the original.") },
  { TAG_OWNER_NAME, VEIL_CATEGORY_IDENTITY, N_("The camera owner's name, as set in the camera.") },
  { EXIF_TAG_ARTIST, VEIL_CATEGORY_IDENTITY, N_("Names who took the photo.") },
  { EXIF_TAG_COPYRIGHT, VEIL_CATEGORY_IDENTITY, N_("A copyright line; it usually names the photographer.") },
  { EXIF_TAG_IMAGE_DESCRIPTION, VEIL_CATEGORY_IDENTITY, N_("A description of the photo; it can name people or places.") },
  { EXIF_TAG_USER_COMMENT, VEIL_CATEGORY_IDENTITY, N_("A comment stored in the photo; it can name people or places.") },
  { TAG_XP_TITLE, VEIL_CATEGORY_IDENTITY, N_("A title set in Windows; it can name people or places.") },
  { TAG_XP_COMMENT, VEIL_CATEGORY_IDENTITY, N_("A comment set in Windows; it can name people or places.") },
  { TAG_XP_AUTHOR, VEIL_CATEGORY_IDENTITY, N_("The author's name, as set in Windows.") },
  { TAG_XP_KEYWORDS, VEIL_CATEGORY_IDENTITY, N_("Keywords set in Windows; they can name people or places.") },
  { TAG_XP_SUBJECT, VEIL_CATEGORY_IDENTITY, N_("A subject set in Windows; it can name people or places.") },
  { EXIF_TAG_DATE_TIME, VEIL_CATEGORY_TIME, N_("When the file was last changed.") },
  { EXIF_TAG_DATE_TIME_ORIGINAL, VEIL_CATEGORY_TIME, N_("When the photo was taken, to the second.") },
  { EXIF_TAG_DATE_TIME_DIGITIZED, VEIL_CATEGORY_TIME, N_("When the photo was taken or scanned.") },
  { EXIF_TAG_SUB_SEC_TIME, VEIL_CATEGORY_TIME, N_("Fractions of a second of the time stamps.") },
  { EXIF_TAG_SUB_SEC_TIME_ORIGINAL, VEIL_CATEGORY_TIME, N_("Fractions of a second of the capture time.") },
  { EXIF_TAG_SUB_SEC_TIME_DIGITIZED, VEIL_CATEGORY_TIME, N_("Fractions of a second of the capture time.") },
  { TAG_OFFSET_TIME, VEIL_CATEGORY_TIME, N_("The time zone the device was set to, which hints at the region.") },
  { TAG_OFFSET_TIME_ORIG, VEIL_CATEGORY_TIME, N_("The time zone where the photo was taken, which hints at the region.") },
  { TAG_OFFSET_TIME_DIGI, VEIL_CATEGORY_TIME, N_("The time zone where the photo was taken, which hints at the region.") },
  { EXIF_TAG_SOFTWARE, VEIL_CATEGORY_SOFTWARE, N_("Names the software or phone firmware that wrote the photo.") },
  { TAG_PROCESSING_SOFTWARE, VEIL_CATEGORY_SOFTWARE, N_("Names the software that processed the photo.") },
  { TAG_HOST_COMPUTER, VEIL_CATEGORY_SOFTWARE, N_("Names the computer or phone model used.") },
};

static const TagInfo *
find_tag_info (ExifIfd ifd, guint16 tag)
{
  if (ifd == EXIF_IFD_GPS || ifd == EXIF_IFD_INTEROPERABILITY)
    return NULL; /* same numbers, other meanings */
  for (gsize i = 0; i < G_N_ELEMENTS (tag_infos); i++)
    if (tag_infos[i].tag == tag)
      return &tag_infos[i];
  return NULL;
}

static char *
entry_value (ExifEntry *entry)
{
  char buf[1024];

  buf[0] = '\0';
  exif_entry_get_value (entry, buf, sizeof buf);
  return g_strdup (buf);
}

static char gps_ref (ExifEntry *entry);

/* Names libexif 0.6 does not know, as exiftool spells them. */
static const struct { guint16 tag; const char *name; } extra_names[] = {
  { TAG_PROCESSING_SOFTWARE, "ProcessingSoftware" }, { TAG_HOST_COMPUTER, "HostComputer" },
  { TAG_OFFSET_TIME, "OffsetTime" }, { TAG_OFFSET_TIME_ORIG, "OffsetTimeOriginal" },
  { TAG_OFFSET_TIME_DIGI, "OffsetTimeDigitized" }, { TAG_XP_TITLE, "XPTitle" },
  { TAG_XP_COMMENT, "XPComment" }, { TAG_XP_AUTHOR, "XPAuthor" }, { TAG_XP_KEYWORDS, "XPKeywords" },
  { TAG_XP_SUBJECT, "XPSubject" }, { TAG_OWNER_NAME, "OwnerName" }, { TAG_BODY_SERIAL, "SerialNumber" },
  { TAG_LENS_SPEC, "LensInfo" }, { TAG_LENS_MAKE, "LensMake" }, { TAG_LENS_MODEL, "LensModel" },
  { TAG_LENS_SERIAL, "LensSerialNumber" }, { TAG_CAMERA_SERIAL, "CameraSerialNumber" },
  { TAG_PRINT_IM, "PrintIM" },
};

static char *
tag_key (ExifIfd ifd, guint16 tag)
{
  const char *name = exif_tag_get_name_in_ifd (tag, ifd);

  /* A standard tag stored in the wrong IFD keeps its name. */
  if (name == NULL && ifd != EXIF_IFD_GPS && ifd != EXIF_IFD_INTEROPERABILITY)
    name = exif_tag_get_name (tag);
  for (gsize i = 0; name == NULL && ifd != EXIF_IFD_GPS && i < G_N_ELEMENTS (extra_names); i++)
    if (extra_names[i].tag == tag)
      name = extra_names[i].name;
  if (name != NULL)
    return g_strdup_printf ("EXIF:%s", name);
  /* Never a bare number: say it is a tag without a known name. */
  return g_strdup_printf ("EXIF:UnknownTag 0x%04X", tag);
}

/* A single unsigned rational as a number; FALSE when malformed (0/0). */
static gboolean
gps_rational (ExifEntry *entry, ExifByteOrder order, double *out)
{
  ExifRational r;

  if (entry == NULL || entry->format != EXIF_FORMAT_RATIONAL || entry->size < 8 || entry->data == NULL)
    return FALSE;
  r = exif_get_rational (entry->data, order);
  if (r.denominator == 0)
    return FALSE;
  *out = (double) r.numerator / r.denominator;
  return isfinite (*out);
}

/* "634.0 m above sea level": altitude with its unit and reference. */
static char *
gps_altitude_value (ExifContent *gps, ExifEntry *entry, ExifByteOrder order)
{
  ExifEntry *ref = exif_content_get_entry (gps, EXIF_TAG_GPS_ALTITUDE_REF);
  double metres;

  if (!gps_rational (entry, order, &metres))
    return entry_value (entry);
  if (ref != NULL && ref->data != NULL && ref->size >= 1 && ref->data[0] == 1)
    /* Translators: an altitude; %.1f is metres. */
    return g_strdup_printf (_("%.1f m below sea level"), metres);
  /* Translators: an altitude; %.1f is metres. */
  return g_strdup_printf (_("%.1f m above sea level"), metres);
}

/* "12.5 km/h": speed in the unit GPSSpeedRef names (K, M or N). */
static char *
gps_speed_value (ExifContent *gps, ExifEntry *entry, ExifByteOrder order)
{
  char ref = gps_ref (exif_content_get_entry (gps, EXIF_TAG_GPS_SPEED_REF));
  double speed;

  if (!gps_rational (entry, order, &speed))
    return entry_value (entry);
  switch (ref)
    {
    case 'M':
      return g_strdup_printf (_("%.1f mph"), speed);
    case 'N':
      return g_strdup_printf (_("%.1f knots"), speed);
    case 'K':
    default:  /* K is the default the standard gives */
      return g_strdup_printf (_("%.1f km/h"), speed);
    }
}

/* Degrees from a GPS triple of rationals; FALSE when malformed. */
static gboolean
gps_degrees (ExifEntry *entry, ExifByteOrder order, double *out)
{
  double parts[3];

  if (entry == NULL || entry->format != EXIF_FORMAT_RATIONAL ||
      entry->components < 3 || entry->size < 24 || entry->data == NULL)
    return FALSE;
  for (int i = 0; i < 3; i++)
    {
      ExifRational r = exif_get_rational (entry->data + i * 8, order);
      if (r.denominator == 0)
        return FALSE;
      parts[i] = (double) r.numerator / r.denominator;
    }
  *out = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  return isfinite (*out);
}

static char
gps_ref (ExifEntry *entry)
{
  if (entry == NULL || entry->data == NULL || entry->size < 1)
    return 0;
  return (char) g_ascii_toupper (entry->data[0]);
}

static void
report_gps (ExifData *exif, ExifContent *gps, VeilReport *report)
{
  ExifByteOrder order = exif_data_get_byte_order (exif);
  ExifEntry *lat = exif_content_get_entry (gps, EXIF_TAG_GPS_LATITUDE);
  ExifEntry *lon = exif_content_get_entry (gps, EXIF_TAG_GPS_LONGITUDE);
  double la, lo;
  gboolean have_position = FALSE;

  if (gps_degrees (lat, order, &la) && gps_degrees (lon, order, &lo))
    {
      char lat_ref = gps_ref (exif_content_get_entry (gps, EXIF_TAG_GPS_LATITUDE_REF));
      char lon_ref = gps_ref (exif_content_get_entry (gps, EXIF_TAG_GPS_LONGITUDE_REF));
      g_autofree char *value = g_strdup_printf ("%.4f %c, %.4f %c", la, lat_ref == 'S' ? 'S' : 'N',
                                                lo, lon_ref == 'W' ? 'W' : 'E');
      have_position = TRUE;
      veil_report_add (report, VEIL_CATEGORY_LOCATION, "EXIF:GPSPosition", value,
                       _("Shows where the photo was taken: near %s."), value);
    }

  for (unsigned int i = 0; i < gps->count; i++)
    {
      ExifEntry *e = gps->entries[i];
      g_autofree char *key = tag_key (EXIF_IFD_GPS, e->tag);
      g_autofree char *value = NULL;

      switch ((int) e->tag)
        {
        case EXIF_TAG_GPS_LATITUDE:
        case EXIF_TAG_GPS_LONGITUDE:
        case EXIF_TAG_GPS_LATITUDE_REF:
        case EXIF_TAG_GPS_LONGITUDE_REF:
          if (have_position)
            continue;
          value = entry_value (e);
          veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                           _("Part of the position where the photo was taken."));
          break;
        case EXIF_TAG_GPS_VERSION_ID:
        case EXIF_TAG_GPS_ALTITUDE_REF:
        case EXIF_TAG_GPS_IMG_DIRECTION_REF:
        case EXIF_TAG_GPS_SPEED_REF:
        case EXIF_TAG_GPS_TRACK_REF:
        case EXIF_TAG_GPS_DEST_BEARING_REF:
        case EXIF_TAG_GPS_MAP_DATUM:
          continue; /* units and versions: shown with the value they qualify */
        case EXIF_TAG_GPS_ALTITUDE:
          value = gps_altitude_value (gps, e, order);
          veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                           _("The altitude where the photo was taken; with the position it can tell the floor of a building."));
          break;
        case EXIF_TAG_GPS_IMG_DIRECTION:
        case EXIF_TAG_GPS_TRACK:
        case EXIF_TAG_GPS_DEST_BEARING:
          value = entry_value (e);
          veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                           _("Which way the camera pointed or moved."));
          break;
        case EXIF_TAG_GPS_SPEED:
          value = gps_speed_value (gps, e, order);
          veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                           _("How fast the camera was moving."));
          break;
        case EXIF_TAG_GPS_TIME_STAMP:
        case EXIF_TAG_GPS_DATE_STAMP:
          value = entry_value (e);
          veil_report_add (report, VEIL_CATEGORY_TIME, key, value,
                           _("The satellite time of the photo, in UTC."));
          break;
        default:
          value = entry_value (e);
          veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                           _("Satellite positioning data recorded with the photo."));
          break;
        }
    }
}

/* Vendor maker notes hide serial numbers under vendor-specific names. */
static void
report_maker_note_serials (ExifData *exif, VeilReport *report)
{
  ExifMnoteData *note = exif_data_get_mnote_data (exif);
  unsigned int count;

  if (note == NULL)
    return;
  count = exif_mnote_data_count (note);
  for (unsigned int i = 0; i < count; i++)
    {
      const char *name = exif_mnote_data_get_name (note, i);
      char buf[256];

      if (name == NULL || (strstr (name, "Serial") == NULL && strstr (name, "serial") == NULL &&
                           strstr (name, "Owner") == NULL && strstr (name, "OwnerName") == NULL))
        continue;
      buf[0] = '\0';
      if (exif_mnote_data_get_value (note, i, buf, sizeof buf) == NULL || buf[0] == '\0')
        continue;
      {
        g_autofree char *key = g_strdup_printf ("MakerNote:%s", name);
        if (strstr (name, "Owner") != NULL)
          veil_report_add (report, VEIL_CATEGORY_IDENTITY, key, buf,
                           _("The camera owner's name, hidden in the maker's private data."));
        else
          veil_report_add (report, VEIL_CATEGORY_DEVICE, key, buf,
                           _("A serial number hidden in the maker's private data: it links every photo from this device."));
      }
    }
}

typedef struct {
  VeilReport *report;
  ExifData   *exif;
  GString    *other_names;
  guint       other_count;
} Walk;

static void
visit_entry (ExifEntry *entry, void *user_data)
{
  Walk *walk = user_data;
  ExifIfd ifd = exif_entry_get_ifd (entry);
  const TagInfo *info;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  if (ifd == EXIF_IFD_GPS)
    return; /* reported together by report_gps */
  if (ifd == EXIF_IFD_1)
    return; /* the thumbnail IFD: reported as one thumbnail */
  if (entry->tag == EXIF_TAG_EXIF_IFD_POINTER || entry->tag == EXIF_TAG_GPS_INFO_IFD_POINTER ||
      entry->tag == EXIF_TAG_INTEROPERABILITY_IFD_POINTER)
    return;

  key = tag_key (ifd, entry->tag);
  if (ifd == EXIF_IFD_0 && entry->tag == EXIF_TAG_ORIENTATION)
    {
      guint16 o = 0;
      if (entry->format == EXIF_FORMAT_SHORT && entry->size >= 2)
        o = exif_get_short (entry->data, exif_data_get_byte_order (walk->exif));
      veil_report_add_kept (walk->report, VEIL_CATEGORY_OTHER, key, _veil_orientation_describe (o),
                            _("How to turn the picture to show it upright; Veil keeps it so the photo does not display sideways."));
      return;
    }

  info = find_tag_info (ifd, entry->tag);
  if (info == NULL)
    {
      const char *name = exif_tag_get_title_in_ifd (entry->tag, ifd);
      if (walk->other_count < 4 && name != NULL)
        g_string_append_printf (walk->other_names, "%s%s", walk->other_names->len ? ", " : "", name);
      walk->other_count++;
      return;
    }
  if (entry->tag == EXIF_TAG_MAKER_NOTE)
    value = g_format_size (entry->size);
  else
    value = entry_value (entry);
  /* Cameras often write empty descriptions and comments: removed with the
   * rest, but not worth a line in the list. */
  if (g_strstrip (value)[0] == '\0')
    {
      walk->other_count++;
      return;
    }
  veil_report_add (walk->report, info->category, key, value, "%s", _(info->explanation));
}

static void
visit_content (ExifContent *content, void *user_data)
{
  exif_content_foreach_entry (content, visit_entry, user_data);
}

void
_veil_exif_findings (const guint8 *tiff,
                     gsize         len,
                     VeilReport   *report)
{
  g_autofree guint8 *buf = NULL;
  ExifData *exif;
  ExifContent *gps;
  Walk walk = { report, NULL, NULL, 0 };
  guint findings_before = report->findings->len;

  if (len < 8)
    {
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", _("damaged"),
                       _("A damaged EXIF block; Veil cannot read it, but it is removed all the same."));
      return;
    }
  /* libexif wants the "Exif\0\0" header in front of the TIFF data. */
  len = MIN (len, (gsize) 0xFFFF);
  buf = g_malloc (len + 6);
  memcpy (buf, "Exif\0\0", 6);
  memcpy (buf + 6, tiff, len);

  exif = exif_data_new ();
  if (exif == NULL)
    return;
  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_unset_option (exif, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
  exif_data_load_data (exif, buf, (unsigned int) (len + 6));

  walk.exif = exif;
  walk.other_names = g_string_new (NULL);
  exif_data_foreach_content (exif, visit_content, &walk);

  gps = exif->ifd[EXIF_IFD_GPS];
  if (gps != NULL && gps->count > 0)
    report_gps (exif, gps, report);

  report_maker_note_serials (exif, report);

  if (exif->data != NULL && exif->size > 0)
    {
      g_autofree char *size = g_format_size (exif->size);
      veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "EXIF:Thumbnail", size,
                       _("A small copy of the picture; it may show the photo before it was cropped or edited."));
    }

  if (walk.other_count > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u tag", "%u tags",
                                                             walk.other_count), walk.other_count);
      veil_report_add (report, VEIL_CATEGORY_OTHER, "EXIF:CameraSettings", value,
                       _("Camera settings (%s%s); together they help tell which device took the photo."),
                       walk.other_names->str, walk.other_count > 4 ? ", …" : "");
    }
  else if (report->findings->len == findings_before)
    {
      /* An EXIF block libexif could not make sense of is still data. */
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", size,
                       _("An EXIF block Veil cannot read in detail; it is removed all the same."));
    }

  g_string_free (walk.other_names, TRUE);
  exif_data_unref (exif);
}

gboolean
_veil_exif_orientation (const guint8 *tiff,
                        gsize         len,
                        guint16      *orientation)
{
  gboolean le;
  guint32 ifd;
  guint16 count;

  if (len < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M' && tiff[1] == 'M')))
    return FALSE;
  le = tiff[0] == 'I';
  ifd = le ? veil_read_le32 (tiff + 4) : veil_read_be32 (tiff + 4);
  if (!veil_range_ok (len, ifd, 2))
    return FALSE;
  count = le ? veil_read_le16 (tiff + ifd) : veil_read_be16 (tiff + ifd);
  for (guint i = 0; i < count; i++)
    {
      guint64 at = (guint64) ifd + 2 + (guint64) i * 12;
      const guint8 *e;

      if (!veil_range_ok (len, at, 12))
        return FALSE;
      e = tiff + at;
      if ((le ? veil_read_le16 (e) : veil_read_be16 (e)) == 0x0112 &&
          (le ? veil_read_le16 (e + 2) : veil_read_be16 (e + 2)) == 3 /* SHORT */)
        {
          guint16 o = le ? veil_read_le16 (e + 8) : veil_read_be16 (e + 8);
          if (o < 1 || o > 8)
            return FALSE;
          *orientation = o;
          return TRUE;
        }
    }
  return FALSE;
}

GBytes *
_veil_exif_orientation_only (guint16 orientation)
{
  guint8 tiff[26] = {
    'M', 'M', 0x00, 0x2A, 0, 0, 0, 8,   /* header, IFD0 at 8 */
    0x00, 0x01,                          /* one entry */
    0x01, 0x12, 0x00, 0x03,              /* Orientation, SHORT */
    0, 0, 0, 1,                          /* count 1 */
    0, 0, 0, 0,                          /* value */
    0, 0, 0, 0,                          /* no next IFD */
  };

  veil_write_be16 (tiff + 18, orientation);
  return g_bytes_new (tiff, sizeof tiff);
}

const char *
_veil_orientation_describe (guint16 orientation)
{
  switch (orientation)
    {
    case 1: return _("Upright");
    case 2: return _("Mirrored");
    case 3: return _("Upside down");
    case 4: return _("Mirrored, upside down");
    case 5: return _("Mirrored, rotated 90° clockwise");
    case 6: return _("Rotated 90° clockwise");
    case 7: return _("Mirrored, rotated 90° counter-clockwise");
    case 8: return _("Rotated 90° counter-clockwise");
    default: return _("Unknown");
    }
}
