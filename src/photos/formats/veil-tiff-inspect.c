/* veil-tiff-inspect.c: what a TIFF or DNG gives away.
 *
 * Findings: IFD0-style tags, the EXIF, GPS and Interop IFDs are reported by
 * libexif (veil-exif.c) so the sentences match every other format. libexif
 * cannot be handed the TIFF file itself: it caps input at 64 KB, would read a
 * second page as an EXIF thumbnail, and would report the image-structure
 * tags (width, strip offsets) as camera settings, which a clean keeps. So for
 * each kept image IFD a small TIFF block is built holding only its removable
 * tags plus its EXIF/GPS/Interop IFDs, with values relocated. One limit: a
 * maker note whose offsets count from the file's TIFF header (Canon) reads
 * wrongly once moved, so its serial number is not named; the maker note is
 * still reported and removed. TIFF- and DNG-specific tags (GeoTIFF, DNG
 * private data, original raw file name, ...) are reported here.
 *
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-tiff"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-tiff-private.h"
#include "veil-exif.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"

/* libexif reads at most this much (an EXIF block's size in JPEG). */
#define MAX_EXIF_BLOCK 0xFFFF

static char *
entry_text (const Tiff *t, const Entry *e)
{
  g_autofree char *raw = NULL;

  if (!e->readable || type_size (e->type) != 1)
    return g_strdup ("");
  raw = g_strndup ((const char *) t->data + e->pos, MIN (e->size, 1024));
  g_strstrip (raw);
  return g_utf8_make_valid (raw, -1);
}

static double
entry_double (const Tiff *t, const Entry *e, guint32 i)
{
  guint64 bits;
  double d;

  if (!e->readable || e->type != 12 || i >= e->count)
    return 0;
  bits = t->le ? veil_read_le64 (t->data + e->pos + (guint64) i * 8)
               : veil_read_be64 (t->data + e->pos + (guint64) i * 8);
  memcpy (&d, &bits, sizeof d);
  return d;
}

static char *
pixel_size (const Tiff *t, const Ifd *ifd)
{
  if (ifd_find (ifd, T_IMAGE_WIDTH) == NULL)
    return g_strdup (_("a picture"));
  return g_strdup_printf (_("%u × %u pixels"), ifd_uint (t, ifd, T_IMAGE_WIDTH, 0),
                          ifd_uint (t, ifd, T_IMAGE_LENGTH, 0));
}

/* A GeoTIFF's georeferencing, as one finding per image. */
static void
report_geotiff (const Tiff *t, const Ifd *ifd, VeilReport *report)
{
  const Entry *tie = ifd_find (ifd, T_MODEL_TIEPOINT);
  const Entry *ascii = ifd_find (ifd, T_GEO_ASCII);
  const Entry *transform = ifd_find (ifd, T_MODEL_TRANSFORM);
  g_autoptr(GString) value = g_string_new (NULL);

  if (ascii != NULL)
    {
      g_autofree char *text = entry_text (t, ascii);
      char *bar = strchr (text, '|');
      if (bar != NULL)
        *bar = '\0';
      g_string_append (value, text);
    }
  if (tie != NULL && tie->count >= 6)
    g_string_append_printf (value, "%s%.6g, %.6g", value->len ? "; " : "",
                            entry_double (t, tie, 3), entry_double (t, tie, 4));
  else if (transform != NULL && transform->count >= 16)
    g_string_append_printf (value, "%s%.6g, %.6g", value->len ? "; " : "",
                            entry_double (t, transform, 3), entry_double (t, transform, 7));
  if (value->len == 0)
    g_string_append (value, _("map coordinates"));
  veil_report_add (report, VEIL_CATEGORY_LOCATION, "GeoTIFF:Georeferencing", value->str,
                   _("Map coordinates that tie the picture to a place on Earth: they show which area it shows or where it was made."));
}

typedef struct {
  guint16      tag;
  VeilCategory category;
  const char  *key;
  const char  *explanation;
  gboolean     show_text;
} TagFinding;

#define CALIBRATION_TEXT \
  N_("Colour corrections measured for this one camera at the factory; they can tell it apart from others of the same model.")

static const TagFinding tag_findings[] = {
  { T_DOCUMENT_NAME, VEIL_CATEGORY_IDENTITY, "TIFF:DocumentName", N_("The document's name; it can name a person, a place or the original file."), TRUE },
  { T_PAGE_NAME, VEIL_CATEGORY_IDENTITY, "TIFF:PageName", N_("The page's name; it can name a person or a place."), TRUE },
  { T_IMAGE_SOURCE_DATA, VEIL_CATEGORY_HIDDEN, "Photoshop:Layers", N_("Photoshop's layers; they can hold parts of the picture that were hidden or cropped out, and the names of the layers."), FALSE },
  { T_GDAL_METADATA, VEIL_CATEGORY_HIDDEN, "GDAL:Metadata", N_("Notes written by mapping software; they can name places, people or the software used."), TRUE },
  { T_LOCALIZED_MODEL, VEIL_CATEGORY_DEVICE, "DNG:LocalizedCameraModel", N_("Names the camera model that took the photo."), TRUE },
  { T_CAMERA_SERIAL, VEIL_CATEGORY_DEVICE, "DNG:CameraSerialNumber", N_("The camera's serial number: it links every photo from this device to each other and to you."), TRUE },
  { T_CAMERA_CALIB1, VEIL_CATEGORY_DEVICE, "DNG:CameraCalibration1", CALIBRATION_TEXT, FALSE },
  { T_CAMERA_CALIB2, VEIL_CATEGORY_DEVICE, "DNG:CameraCalibration2", CALIBRATION_TEXT, FALSE },
  { T_CAMERA_CALIB3, VEIL_CATEGORY_DEVICE, "DNG:CameraCalibration3", CALIBRATION_TEXT, FALSE },
  { T_CAMERA_CALIB_SIG, VEIL_CATEGORY_DEVICE, "DNG:CameraCalibrationSignature", N_("Names the calibration of this one camera."), TRUE },
  { T_DNG_LENS_INFO, VEIL_CATEGORY_DEVICE, "DNG:LensInfo", N_("Describes the lens used."), FALSE },
  { T_DNG_PRIVATE, VEIL_CATEGORY_DEVICE, "DNG:PrivateData", N_("Private data from the camera maker or raw converter; it often holds serial numbers and the original maker notes."), FALSE },
  { T_RAW_UNIQUE_ID, VEIL_CATEGORY_HIDDEN, "DNG:RawDataUniqueID", N_("A unique ID of the original raw photo; it links this file to the original and to its other copies."), FALSE },
  { T_ORIGINAL_NAME, VEIL_CATEGORY_IDENTITY, "DNG:OriginalRawFileName", N_("The name of the original raw file; it can hold a name, a date or the camera's picture count."), TRUE },
  { T_ORIGINAL_DATA, VEIL_CATEGORY_HIDDEN, "DNG:OriginalRawFileData", N_("A full copy of the original raw file, with all its metadata."), FALSE },
  { T_EXTRA_PROFILES, VEIL_CATEGORY_OTHER, "DNG:ExtraCameraProfiles", N_("Extra colour profiles; they can name who made them."), FALSE },
  { T_AS_SHOT_PROFILE, VEIL_CATEGORY_OTHER, "DNG:AsShotProfileName", N_("The name of the colour profile chosen when the photo was taken."), TRUE },
  { T_PROFILE_NAME, VEIL_CATEGORY_OTHER, "DNG:ProfileName", N_("The name of the colour profile; it can name who made it."), TRUE },
  { T_PROFILE_COPYRIGHT, VEIL_CATEGORY_IDENTITY, "DNG:ProfileCopyright", N_("A copyright line for the colour profile; it can name a person."), TRUE },
  { T_PREVIEW_APP_NAME, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewApplicationName", N_("Names the software that made the preview."), TRUE },
  { T_PREVIEW_APP_VER, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewApplicationVersion", N_("The version of the software that made the preview."), TRUE },
  { T_PREVIEW_SETTINGS, VEIL_CATEGORY_SOFTWARE, "DNG:PreviewSettingsName", N_("The name of the editing settings used for the preview."), TRUE },
  { T_PREVIEW_DATE, VEIL_CATEGORY_TIME, "DNG:PreviewDateTime", N_("When the preview was made."), TRUE },
  { T_TIME_CODES, VEIL_CATEGORY_TIME, "DNG:TimeCodes", N_("Time codes of the recording."), FALSE },
  { T_REEL_NAME, VEIL_CATEGORY_IDENTITY, "DNG:ReelName", N_("The name of the recording's reel; it can name a project or a person."), TRUE },
};

static const TagFinding *
find_tag_finding (guint16 tag)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tag_findings); i++)
    if (tag_findings[i].tag == tag)
      return &tag_findings[i];
  return NULL;
}

/* One IFD of the synthesized EXIF block: entries copied from the file, plus
 * pointers to the other block IFDs. */
typedef struct {
  const Entry *entries[512];
  guint        n;
  int          child_exif, child_gps, child_interop;  /* block IFD index or -1 */
  guint32      pos;
} BlockIfd;

/* Names a tag Veil removes without reading it; the list stays short. */
static void
note_dropped (GString *dropped, guint16 tag)
{
  if (g_str_has_suffix (dropped->str, "…"))
    return;
  if (dropped->len > 60)
    g_string_append (dropped, ", …");
  else
    g_string_append_printf (dropped, "%s0x%04X", dropped->len ? ", " : "", tag);
}

static guint
block_ifd_count (const BlockIfd *b)
{
  return b->n + (b->child_exif >= 0) + (b->child_gps >= 0) + (b->child_interop >= 0);
}

static guint64
block_size (const BlockIfd *b, guint nb)
{
  guint64 size = 8;

  for (guint i = 0; i < nb; i++)
    {
      size += 2 + 12 * (guint64) block_ifd_count (&b[i]) + 4;
      for (guint k = 0; k < b[i].n; k++)
        if (b[i].entries[k]->size > 4)
          size += b[i].entries[k]->size + (b[i].entries[k]->size & 1);
    }
  return size;
}

/* Builds a TIFF block (same byte order) from up to four block IFDs: 0 is
 * the image IFD's removable tags, 1 EXIF, 2 GPS, 3 Interop. */
static GByteArray *
build_exif_block (const Tiff *t, BlockIfd *b, guint nb, GString *dropped)
{
  GByteArray *out;
  guint64 size;
  guint32 pos;

  /* Over libexif's 64 KB: leave out the largest values (maker notes, most
   * likely) and name them among the other tags. */
  while ((size = block_size (b, nb)) > MAX_EXIF_BLOCK)
    {
      guint bi = 0, bk = 0;
      guint64 largest = 0;

      for (guint i = 0; i < nb; i++)
        for (guint k = 0; k < b[i].n; k++)
          if (b[i].entries[k]->size > largest)
            {
              largest = b[i].entries[k]->size;
              bi = i;
              bk = k;
            }
      if (largest <= 4)
        return NULL;
      note_dropped (dropped, b[bi].entries[bk]->tag);
      b[bi].entries[bk] = b[bi].entries[--b[bi].n];
    }

  out = g_byte_array_sized_new ((guint) size);
  g_byte_array_set_size (out, (guint) size);
  memset (out->data, 0, out->len);
  memcpy (out->data, t->le ? "II*\0" : "MM\0*", 4);
  wr32 (t, out->data + 4, 8);

  pos = 8;
  for (guint i = 0; i < nb; i++)
    {
      b[i].pos = pos;
      pos += 2 + 12 * block_ifd_count (&b[i]) + 4;
    }
  for (guint i = 0; i < nb; i++)
    {
      guint8 *p = out->data + b[i].pos;
      guint n = 0;

      qsort (b[i].entries, b[i].n, sizeof b[i].entries[0], entry_tag_cmp);
      wr16 (t, p, (guint16) block_ifd_count (&b[i]));
      p += 2;
      for (guint k = 0; k < b[i].n; k++, n++)
        {
          const Entry *e = b[i].entries[k];
          guint8 *ep = p + 12 * n;

          block_put_entry (t, ep, e->tag, e->type, e->count);
          if (e->size <= 4)
            memcpy (ep + 8, t->data + e->pos, e->size);
          else
            {
              memcpy (out->data + pos, t->data + e->pos, e->size);
              wr32 (t, ep + 8, pos);
              pos += (guint32) (e->size + (e->size & 1));
            }
        }
      if (b[i].child_exif >= 0)
        {
          block_put_entry (t, p + 12 * n, T_EXIF_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_exif].pos);
        }
      if (b[i].child_gps >= 0)
        {
          block_put_entry (t, p + 12 * n, T_GPS_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_gps].pos);
        }
      if (b[i].child_interop >= 0)
        {
          block_put_entry (t, p + 12 * n, T_INTEROP_IFD, 4, 1);
          wr32 (t, p + 12 * n++ + 8, b[b[i].child_interop].pos);
        }
    }
  return out;
}

static void
block_add (BlockIfd *b, const Entry *e, GString *dropped)
{
  if (!e->readable || b->n >= G_N_ELEMENTS (b->entries))
    {
      note_dropped (dropped, e->tag);
      return;
    }
  b->entries[b->n++] = e;
}

static int
find_child (const Tiff *t, guint parent, IfdKind kind)
{
  for (guint i = parent + 1; i < t->ifds->len; i++)
    if (ifd_at (t, i)->parent == (int) parent && ifd_at (t, i)->kind == kind)
      return (int) i;
  return -1;
}

static void
fill_meta_block (const Tiff *t, int index, BlockIfd *b, guint16 skip_tag, GString *dropped)
{
  const Ifd *ifd = ifd_at (t, index);

  for (guint k = 0; k < ifd->n_entries; k++)
    if (ifd->entries[k].tag != skip_tag)
      block_add (b, &ifd->entries[k], dropped);
}

static void
report_image_ifd (const Tiff *t, guint index, VeilReport *report)
{
  const Ifd *ifd = ifd_at (t, index);
  g_autofree BlockIfd *b = g_new0 (BlockIfd, 4);
  g_autoptr(GString) dropped = g_string_new (NULL);
  gboolean geotiff = FALSE, jpeg_thumb = FALSE;
  int exif, gps, interop = -1;

  for (guint i = 0; i < 4; i++)
    b[i].child_exif = b[i].child_gps = b[i].child_interop = -1;

  for (guint k = 0; k < ifd->n_entries; k++)
    {
      const Entry *e = &ifd->entries[k];
      const TagFinding *tf;

      if (_veil_tiff_tag_is_kept (t, e->tag))
        {
          g_autofree char *text = e->tag == T_UNIQUE_MODEL ? entry_text (t, e) : NULL;

          if (text != NULL && strcmp (text, VEIL_TIFF_NEUTRAL_MODEL) != 0)
            veil_report_add (report, VEIL_CATEGORY_DEVICE, "DNG:UniqueCameraModel", text,
                             _("Names the camera model that took the photo. DNG files must name one, so Veil writes a neutral “Camera” instead."));
          continue;
        }
      switch (e->tag)
        {
        case T_STRIP_OFFSETS:
        case T_TILE_OFFSETS:
        case T_SUB_IFDS:
        case T_EXIF_IFD:
        case T_GPS_IFD:
          continue; /* structure, or reported through the block below */
        case T_ICC:
          if (e->readable)
            _veil_icc_findings (t->data + e->pos, e->size, report);
          continue;
        case T_XMP:
          if (e->readable)
            _veil_xmp_findings ((const char *) t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", _("damaged"),
                             _("A damaged XMP packet; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_IPTC:
          if (e->readable)
            _veil_iptc_findings (t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "IPTC", _("damaged"),
                             _("A damaged IPTC block; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_IRB:
          if (e->readable)
            _veil_irb_findings (t->data + e->pos, e->size, report);
          else
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop", _("damaged"),
                             _("Damaged Photoshop data; Veil cannot read it, but it is removed all the same."));
          continue;
        case T_MODEL_PIXEL_SCALE:
        case T_MODEL_TIEPOINT:
        case T_MODEL_TRANSFORM:
        case T_GEO_KEYS:
        case T_GEO_DOUBLES:
        case T_GEO_ASCII:
          geotiff = TRUE;
          continue;
        case T_JPEG_IF_OFFSET:
        case T_JPEG_IF_LENGTH:
          jpeg_thumb = TRUE;
          continue;
        default:
          break;
        }
      tf = find_tag_finding (e->tag);
      if (tf != NULL)
        {
          g_autofree char *value = NULL;
          if (tf->show_text && e->readable && type_size (e->type) == 1)
            value = entry_text (t, e);
          else
            value = g_format_size (e->size);
          veil_report_add (report, tf->category, tf->key, value, "%s", _(tf->explanation));
          continue;
        }
      block_add (&b[0], e, dropped);
    }

  if (geotiff)
    report_geotiff (t, ifd, report);
  if (jpeg_thumb)
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "TIFF:JPEGThumbnail", _("JPEG picture"),
                     _("A small copy of the picture; it may show the photo before it was cropped or edited."));
  if (ifd->damaged)
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", _("damaged"),
                     _("A damaged EXIF block; Veil cannot read it, but it is removed all the same."));

  exif = find_child (t, index, KIND_EXIF);
  gps = find_child (t, index, KIND_GPS);
  if (exif >= 0)
    interop = find_child (t, exif, KIND_INTEROP);
  if (exif >= 0)
    {
      fill_meta_block (t, exif, &b[1], T_INTEROP_IFD, dropped);
      b[0].child_exif = 1;
    }
  if (gps >= 0)
    {
      fill_meta_block (t, gps, &b[2], 0, dropped);
      b[0].child_gps = 2;
    }
  if (interop >= 0 && exif >= 0)
    {
      fill_meta_block (t, interop, &b[3], 0, dropped);
      b[1].child_interop = 3;
    }

  if (block_ifd_count (&b[0]) > 0)
    {
      g_autoptr(GByteArray) block = build_exif_block (t, b, 4, dropped);
      if (block != NULL)
        _veil_exif_findings (block->data, block->len, report);
      else
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "EXIF", _("too large"),
                         _("An EXIF block too large for Veil to read in detail; it is removed all the same."));
    }
  if (dropped->len > 0)
    veil_report_add (report, VEIL_CATEGORY_OTHER, "TIFF:OtherTags", dropped->str,
                     _("Other tags Veil cannot read in detail (%s); they are removed all the same."),
                     dropped->str);
}

static void
report_dropped_image (const Tiff *t, const Ifd *ifd, VeilReport *report)
{
  g_autofree char *size = pixel_size (t, ifd);

  if (ifd->subfile & 8)
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, "TIFF:DepthMap", size,
                     _("A depth map of the scene, stored beside the picture."));
  else if (t->dng)
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "DNG:PreviewImage", size,
                     _("A preview of the picture stored beside the raw data; it may show the photo before it was cropped or edited."));
  else
    veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "TIFF:Thumbnail", size,
                     _("A small copy of the picture; it may show the photo before it was cropped or edited."));
}

gboolean
_veil_tiff_inspect (const VeilSource  *source,
                    VeilReport        *report,
                    GError           **error)
{
  VeilTiff *t;

  if (!_veil_tiff_load (source->data, source->len, &t, error))
    return FALSE;

  for (guint i = 0; i < t->ifds->len; i++)
    {
      const Ifd *ifd = ifd_at (t, i);

      if (!is_image_kind (ifd->kind))
        continue;
      if (ifd->keep)
        {
          if (i == 0 && t->dng && (ifd->subfile & 1) && has_image_data (ifd))
            {
              g_autofree char *size = pixel_size (t, ifd);
              veil_report_add_kept (report, VEIL_CATEGORY_THUMBNAIL, "DNG:Thumbnail", size,
                                    _("The small preview DNG readers and file browsers show; Veil keeps it, cleaned, because they expect it. It shows the same picture."));
            }
          report_image_ifd (t, i, report);
        }
      else if (ifd->kind == KIND_PAGE || ifd_at (t, ifd->parent)->keep)
        report_dropped_image (t, ifd, report);
    }

  _veil_tiff_free (t);
  return TRUE;
}
