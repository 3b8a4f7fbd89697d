/* veil-xmp-report.c: what the properties of an XMP packet reveal.
 *
 * Each property the parser read becomes a finding with a plain sentence,
 * or joins a group (camera raw settings, IDs, panorama data) summed up in
 * one finding; the rest is counted in one "other" line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-xmp"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-xmp-private.h"

static char *
prop_key (const Prop *prop)
{
  return g_strdup_printf ("XMP:%s:%s", prop->prefix, prop->name);
}

/* The values of a property, joined: list items, language alternatives
 * (duplicates dropped) or, for a structure, its fields. */
static char *
prop_text (const Prop *prop)
{
  GString *out = g_string_new (NULL);
  GPtrArray *parts = prop->values->len > 0 ? prop->values : NULL;

  if (parts != NULL)
    {
      for (guint i = 0; i < parts->len; i++)
        {
          const char *v = g_ptr_array_index (parts, i);
          gboolean seen = FALSE;

          for (guint j = 0; j < i && !seen; j++)
            seen = strcmp (g_ptr_array_index (parts, j), v) == 0;
          if (!seen)
            g_string_append_printf (out, "%s%s", out->len ? ", " : "", v);
        }
    }
  else
    {
      for (guint i = 0; i < prop->fields->len; i++)
        {
          const Field *f = g_ptr_array_index (prop->fields, i);
          g_string_append_printf (out, "%s%s", out->len ? ", " : "", f->value);
        }
    }
  return g_string_free (out, FALSE);
}

static const char *
first_value (const Prop *prop)
{
  return prop->values->len > 0 ? g_ptr_array_index (prop->values, 0) : NULL;
}

static Prop *
find_prop (GPtrArray *props, NsId ns, const char *name)
{
  for (guint i = 0; i < props->len; i++)
    {
      Prop *prop = g_ptr_array_index (props, i);
      if (prop->ns == ns && strcmp (prop->name, name) == 0)
        return prop;
    }
  return NULL;
}

/* Decoded size of base64 text, without decoding it. */
static gsize
base64_size (const char *text)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '+' || *p == '/')
      n++;
  return n / 4 * 3 + (n % 4 > 1 ? n % 4 - 1 : 0);
}

static gsize
fields_base64_size (const Prop *prop, const char *field_name)
{
  gsize total = 0;

  for (guint i = 0; i < prop->fields->len; i++)
    {
      const Field *f = g_ptr_array_index (prop->fields, i);
      if (field_name == NULL || strcmp (f->name, field_name) == 0)
        total += base64_size (f->value);
    }
  for (guint i = 0; i < prop->values->len; i++)
    total += base64_size (g_ptr_array_index (prop->values, i));
  return total;
}

static guint
count_fields (const Prop *prop, const char *name, GString *join)
{
  guint n = 0;

  for (guint i = 0; i < prop->fields->len; i++)
    {
      const Field *f = g_ptr_array_index (prop->fields, i);
      if (strcmp (f->name, name) != 0)
        continue;
      n++;
      if (join != NULL && !strstr (join->str, f->value))
        g_string_append_printf (join, "%s%s", join->len ? ", " : "", f->value);
    }
  return n;
}

/* XMP writes GPS coordinates as "DDD,MM.mmk" or "DDD,MM,SSk" (k = N, S, E
 * or W); some writers use plain decimal degrees. */
static gboolean
parse_gps (const char *text, double *out)
{
  double parts[3] = { 0, 0, 0 };
  const char *p = text;
  char *end;
  int n = 0;
  double sign = 1;

  if (text == NULL)
    return FALSE;
  while (n < 3)
    {
      parts[n++] = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      p = end;
      if (*p != ',')
        break;
      p++;
    }
  while (*p == ' ')
    p++;
  if (*p == 'S' || *p == 's' || *p == 'W' || *p == 'w')
    sign = -1;
  else if (*p != '\0' && *p != 'N' && *p != 'n' && *p != 'E' && *p != 'e')
    return FALSE;
  *out = sign * (fabs (parts[0]) + parts[1] / 60.0 + parts[2] / 3600.0);
  if (parts[0] < 0)
    *out = -*out;
  return isfinite (*out) && fabs (*out) <= 180.0;
}

static double
parse_rational (const char *text)
{
  char *end;
  double num = g_ascii_strtod (text, &end);

  if (*end == '/')
    {
      double den = g_ascii_strtod (end + 1, NULL);
      return den != 0 ? num / den : NAN;
    }
  return end != text ? num : NAN;
}

static void
report_gps (GPtrArray *props, VeilReport *report)
{
  Prop *lat = find_prop (props, NS_EXIF, "GPSLatitude");
  Prop *lon = find_prop (props, NS_EXIF, "GPSLongitude");
  Prop *alt = find_prop (props, NS_EXIF, "GPSAltitude");
  Prop *alt_ref = find_prop (props, NS_EXIF, "GPSAltitudeRef");
  double la, lo;

  if (lat != NULL && lon != NULL && parse_gps (first_value (lat), &la) &&
      parse_gps (first_value (lon), &lo) && fabs (la) <= 90.0)
    {
      g_autofree char *value = g_strdup_printf ("%.4f %c, %.4f %c", fabs (la), la < 0 ? 'S' : 'N',
                                                fabs (lo), lo < 0 ? 'W' : 'E');
      veil_report_add (report, VEIL_CATEGORY_LOCATION, "XMP:exif:GPSPosition", value,
                       _("Shows where the photo was taken: near %s."), value);
      lat->done = lon->done = TRUE;
    }
  if (alt != NULL && first_value (alt) != NULL)
    {
      double metres = parse_rational (first_value (alt));
      g_autofree char *value = NULL;

      if (alt_ref != NULL && g_strcmp0 (first_value (alt_ref), "1") == 0)
        metres = -metres;
      value = isfinite (metres) ? g_strdup_printf ("%.1f m", metres) : prop_text (alt);
      veil_report_add (report, VEIL_CATEGORY_LOCATION, "XMP:exif:GPSAltitude", value,
                       _("The altitude where the photo was taken; with the position it can tell the floor of a building."));
      alt->done = TRUE;
    }
  if (alt_ref != NULL)
    alt_ref->done = TRUE;
}

typedef struct {
  NsId          ns;
  const char   *name;
  VeilCategory  category;
  const char   *explanation;
} Rule;

/* Properties reported one by one, with what each reveals. */
static const Rule rules[] = {
  /* Location */
  { NS_PHOTOSHOP, "City", VEIL_CATEGORY_LOCATION, N_("Names the city where the photo was taken.") },
  { NS_PHOTOSHOP, "State", VEIL_CATEGORY_LOCATION, N_("Names the region where the photo was taken.") },
  { NS_PHOTOSHOP, "Country", VEIL_CATEGORY_LOCATION, N_("Names the country where the photo was taken.") },
  { NS_IPTCCORE, "Location", VEIL_CATEGORY_LOCATION, N_("Names the place where the photo was taken.") },
  { NS_IPTCCORE, "CountryCode", VEIL_CATEGORY_LOCATION, N_("The country where the photo was taken.") },
  { NS_IPTCEXT, "LocationShown", VEIL_CATEGORY_LOCATION, N_("Names the place the photo shows.") },
  { NS_IPTCEXT, "LocationCreated", VEIL_CATEGORY_LOCATION, N_("Names the place where the photo was taken.") },
  /* Time */
  { NS_XMP, "CreateDate", VEIL_CATEGORY_TIME, N_("When the photo or file was created.") },
  { NS_XMP, "ModifyDate", VEIL_CATEGORY_TIME, N_("When the file was last changed.") },
  { NS_XMP, "MetadataDate", VEIL_CATEGORY_TIME, N_("When the metadata was last edited.") },
  { NS_PHOTOSHOP, "DateCreated", VEIL_CATEGORY_TIME, N_("When the photo was taken.") },
  { NS_EXIF, "DateTimeOriginal", VEIL_CATEGORY_TIME, N_("When the photo was taken, to the second.") },
  { NS_EXIF, "DateTimeDigitized", VEIL_CATEGORY_TIME, N_("When the photo was taken or scanned.") },
  { NS_EXIF, "GPSTimeStamp", VEIL_CATEGORY_TIME, N_("The satellite time of the photo, in UTC.") },
  { NS_TIFF, "DateTime", VEIL_CATEGORY_TIME, N_("When the file was last changed.") },
  /* Device */
  { NS_TIFF, "Make", VEIL_CATEGORY_DEVICE, N_("Names the maker of the camera or phone that took the photo.") },
  { NS_TIFF, "Model", VEIL_CATEGORY_DEVICE, N_("Names the camera or phone model that took the photo.") },
  { NS_AUX, "SerialNumber", VEIL_CATEGORY_DEVICE, N_("The camera's serial number: it links every photo from this device to each other and to you.") },
  { NS_EXIFEX, "BodySerialNumber", VEIL_CATEGORY_DEVICE, N_("The camera's serial number: it links every photo from this device to each other and to you.") },
  { NS_AUX, "Lens", VEIL_CATEGORY_DEVICE, N_("Names the lens used.") },
  { NS_AUX, "LensInfo", VEIL_CATEGORY_DEVICE, N_("Describes the lens used.") },
  { NS_AUX, "LensID", VEIL_CATEGORY_DEVICE, N_("Names the lens used.") },
  { NS_EXIFEX, "LensModel", VEIL_CATEGORY_DEVICE, N_("Names the lens used.") },
  { NS_EXIFEX, "LensMake", VEIL_CATEGORY_DEVICE, N_("Names the lens maker.") },
  { NS_AUX, "LensSerialNumber", VEIL_CATEGORY_DEVICE, N_("The lens's serial number: it links photos taken with this lens.") },
  { NS_EXIFEX, "LensSerialNumber", VEIL_CATEGORY_DEVICE, N_("The lens's serial number: it links photos taken with this lens.") },
  { NS_GCAMERA, "HdrPlusMakernote", VEIL_CATEGORY_DEVICE, N_("Private data from the phone's camera app; it can hold device details.") },
  /* Identity */
  { NS_DC, "creator", VEIL_CATEGORY_IDENTITY, N_("Names who made the photo.") },
  { NS_DC, "rights", VEIL_CATEGORY_IDENTITY, N_("A copyright line; it usually names the photographer.") },
  { NS_DC, "title", VEIL_CATEGORY_IDENTITY, N_("A title for the photo; it can name people or places.") },
  { NS_DC, "description", VEIL_CATEGORY_IDENTITY, N_("A description of the photo; it can name people or places.") },
  { NS_DC, "subject", VEIL_CATEGORY_IDENTITY, N_("Keywords; they can name people, places or events.") },
  { NS_DC, "contributor", VEIL_CATEGORY_IDENTITY, N_("Names people who worked on the photo.") },
  { NS_DC, "publisher", VEIL_CATEGORY_IDENTITY, N_("Names who published the photo.") },
  { NS_LR, "hierarchicalSubject", VEIL_CATEGORY_IDENTITY, N_("Keywords from Lightroom; they can name people, places or events.") },
  { NS_DIGIKAM, "TagsList", VEIL_CATEGORY_IDENTITY, N_("Tags from digiKam; they can name people, places or events.") },
  { NS_MSPHOTO, "LastKeywordXMP", VEIL_CATEGORY_IDENTITY, N_("Tags set in Windows; they can name people, places or events.") },
  { NS_PHOTOSHOP, "AuthorsPosition", VEIL_CATEGORY_IDENTITY, N_("The photographer's job title.") },
  { NS_PHOTOSHOP, "CaptionWriter", VEIL_CATEGORY_IDENTITY, N_("Names who wrote the caption.") },
  { NS_PHOTOSHOP, "Credit", VEIL_CATEGORY_IDENTITY, N_("A credit line; it usually names the photographer or agency.") },
  { NS_PHOTOSHOP, "Source", VEIL_CATEGORY_IDENTITY, N_("Names who supplied the photo.") },
  { NS_PHOTOSHOP, "Headline", VEIL_CATEGORY_IDENTITY, N_("A headline for the photo; it can name people or places.") },
  { NS_PHOTOSHOP, "Instructions", VEIL_CATEGORY_IDENTITY, N_("Notes for editors; they can hold names or other details.") },
  { NS_PHOTOSHOP, "TransmissionReference", VEIL_CATEGORY_IDENTITY, N_("A job reference; it can link the photo to an assignment or a client.") },
  { NS_XMPBJ, "JobRef", VEIL_CATEGORY_IDENTITY, N_("A job reference; it can link the photo to an assignment or a client.") },
  { NS_XMPRIGHTS, "Owner", VEIL_CATEGORY_IDENTITY, N_("Names the owner of the photo.") },
  { NS_XMPRIGHTS, "WebStatement", VEIL_CATEGORY_IDENTITY, N_("A web address about the rights; it often points to the author's site.") },
  { NS_XMPRIGHTS, "UsageTerms", VEIL_CATEGORY_IDENTITY, N_("Terms of use; they often name the owner.") },
  { NS_IPTCCORE, "CreatorContactInfo", VEIL_CATEGORY_IDENTITY, N_("The photographer's contact details: email, phone or address.") },
  { NS_IPTCEXT, "PersonInImage", VEIL_CATEGORY_IDENTITY, N_("Names the people shown in the photo.") },
  { NS_AUX, "OwnerName", VEIL_CATEGORY_IDENTITY, N_("The camera owner's name, as set in the camera.") },
  { NS_EXIFEX, "CameraOwnerName", VEIL_CATEGORY_IDENTITY, N_("The camera owner's name, as set in the camera.") },
  { NS_TIFF, "Artist", VEIL_CATEGORY_IDENTITY, N_("Names who took the photo.") },
  { NS_TIFF, "Copyright", VEIL_CATEGORY_IDENTITY, N_("A copyright line; it usually names the photographer.") },
  { NS_TIFF, "ImageDescription", VEIL_CATEGORY_IDENTITY, N_("A description of the photo; it can name people or places.") },
  { NS_EXIF, "UserComment", VEIL_CATEGORY_IDENTITY, N_("A comment stored in the photo; it can name people or places.") },
  /* Software */
  { NS_XMP, "CreatorTool", VEIL_CATEGORY_SOFTWARE, N_("Names the software or phone that wrote the file.") },
  /* Adobe PDF schema: pictures exported from PDF tools or written by
   * exiftool carry it; CreationDate and ModDate are exiftool's names. */
  { NS_PDF, "Producer", VEIL_CATEGORY_SOFTWARE, N_("Names the software that wrote the file.") },
  { NS_PDF, "Creator", VEIL_CATEGORY_SOFTWARE, N_("Names the software that made the original document.") },
  { NS_PDF, "Author", VEIL_CATEGORY_IDENTITY, N_("Names who made the document or photo.") },
  { NS_PDF, "Title", VEIL_CATEGORY_IDENTITY, N_("A title; it can name people or places.") },
  { NS_PDF, "Keywords", VEIL_CATEGORY_IDENTITY, N_("Keywords; they can name people, places or events.") },
  { NS_PDF, "CreationDate", VEIL_CATEGORY_TIME, N_("When the document or photo was created.") },
  { NS_PDF, "ModDate", VEIL_CATEGORY_TIME, N_("When the file was last changed.") },
  { NS_TIFF, "Software", VEIL_CATEGORY_SOFTWARE, N_("Names the software or phone firmware that wrote the photo.") },
  { NS_PHOTOSHOP, "History", VEIL_CATEGORY_SOFTWARE, N_("Photoshop's log of the edits made to the picture.") },
  { NS_XMP, "Nickname", VEIL_CATEGORY_IDENTITY, N_("A short name for the file; it can name people or places.") },
  { NS_XMP, "Label", VEIL_CATEGORY_OTHER, N_("A colour label from the photo organiser.") },
};

/* Display and file-structure details: removed with the rest, not worth a
 * line each, and not "more" personal properties either. */
static gboolean
is_technical (const Prop *prop)
{
  static const char *tiff_exif[] = {
    "Orientation", "ImageWidth", "ImageLength", "XResolution", "YResolution",
    "ResolutionUnit", "BitsPerSample", "Compression", "PhotometricInterpretation",
    "SamplesPerPixel", "PlanarConfiguration", "YCbCrSubSampling", "YCbCrPositioning",
    "NativeDigest", "ColorSpace", "PixelXDimension", "PixelYDimension", "ExifVersion",
    "FlashpixVersion", "ComponentsConfiguration", "GPSVersionID", "GPSMapDatum",
    "GPSLatitudeRef", "GPSLongitudeRef",
  };

  if ((prop->ns == NS_DC && strcmp (prop->name, "format") == 0) ||
      (prop->ns == NS_PHOTOSHOP && (strcmp (prop->name, "ColorMode") == 0 ||
                                    strcmp (prop->name, "ICCProfile") == 0)))
    return TRUE;
  if (prop->ns != NS_TIFF && prop->ns != NS_EXIF)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (tiff_exif); i++)
    if (strcmp (prop->name, tiff_exif[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
pretty_date (const char *value)
{
  char *out = g_strdup (value);

  /* "2005-09-07T15:07:40-07:00" -> "2005-09-07 15:07:40-07:00" */
  if (strlen (out) > 10 && out[10] == 'T')
    out[10] = ' ';
  return out;
}

static void
report_rule (const Rule *rule, Prop *prop, VeilReport *report)
{
  g_autofree char *key = prop_key (prop);
  g_autofree char *value = prop_text (prop);

  prop->done = TRUE;
  if (g_strstrip (value)[0] == '\0')
    return;
  if (rule->category == VEIL_CATEGORY_TIME)
    {
      char *pretty = pretty_date (value);
      g_free (value);
      value = pretty;
    }
  if (rule->ns == NS_GCAMERA)
    {
      g_free (value);
      value = g_format_size (fields_base64_size (prop, NULL));
    }
  veil_report_add (report, rule->category, key, value, "%s", _(rule->explanation));
}

/* Face and person regions (MWG and Microsoft Photo): the names are the
 * finding, the rectangles only say where the faces are. */
static void
report_regions (Prop *prop, const char *name_field, VeilReport *report)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *key = prop_key (prop);
  guint n_names = count_fields (prop, name_field, names);
  guint n_regions = MAX (prop->all_items, n_names);

  prop->done = TRUE;
  if (n_names > 0)
    veil_report_add (report, VEIL_CATEGORY_IDENTITY, key, names->str,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Names %u person tagged in the photo, and where their face is.",
                                  "Names %u people tagged in the photo, and where their faces are.",
                                  n_names), n_names);
  else
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u area", "%u areas",
                                                             n_regions), n_regions);
      veil_report_add (report, VEIL_CATEGORY_IDENTITY, key, value,
                       _("Marks where faces or objects are in the photo, as found by a photo organiser."));
    }
}

static void
report_history (Prop *prop, VeilReport *report)
{
  g_autoptr(GString) agents = g_string_new (NULL);
  g_autofree char *key = prop_key (prop);
  g_autofree char *value = NULL;
  guint n = MAX (prop->items, count_fields (prop, "action", NULL));

  prop->done = TRUE;
  count_fields (prop, "softwareAgent", agents);
  if (n == 0)
    return;
  value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u step", "%u steps", n), n);
  if (agents->len > 0)
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, key, value,
                     _("A log of how the file was edited, with dates and software (%s)."), agents->str);
  else
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, key, value,
                     _("A log of how the file was edited, with dates."));
}

/* Document and instance IDs: together they link every copy and version of
 * a picture back to the original file. */
static void
report_ids (GPtrArray *props, VeilReport *report)
{
  static const char *names[] = {
    "DocumentID", "InstanceID", "OriginalDocumentID", "DerivedFrom", "Ingredients",
    "Pantry", "ManagedFrom", "Manifest",
  };
  g_autoptr(GString) first = g_string_new (NULL);
  const char *key = NULL;
  guint n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Prop *prop = find_prop (props, NS_XMPMM, names[i]);

      if (prop == NULL || prop->done)
        continue;
      prop->done = TRUE;
      n += prop->n_values + prop->fields->len;
      if (key == NULL)
        {
          g_autofree char *text = prop_text (prop);
          key = names[i];
          g_string_append (first, text);
        }
    }
  if (n == 0)
    return;
  {
    g_autofree char *full_key = g_strdup_printf ("XMP:xmpMM:%s", key);
    g_autofree char *value = n > 1 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %u more ID",
                                                                   "%s and %u more IDs", n - 1),
                                                      first->str, n - 1)
                                   : g_strdup (first->str);
    veil_report_add (report, VEIL_CATEGORY_HIDDEN, full_key, value,
                     _("IDs that link this file to its original and to its other copies and versions."));
  }
}

/* Groups of settings written by one tool, summed up in one finding. */
static guint
mark_namespace (GPtrArray *props, NsId ns, GString *names, guint max_names)
{
  guint n = 0;

  for (guint i = 0; i < props->len; i++)
    {
      Prop *prop = g_ptr_array_index (props, i);
      if (prop->ns != ns || prop->done)
        continue;
      prop->done = TRUE;
      if (names != NULL && n < max_names)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", prop->name);
      n++;
    }
  return n;
}

static void
report_camera_raw (GPtrArray *props, VeilReport *report)
{
  Prop *raw_name = find_prop (props, NS_CRS, "RawFileName");
  g_autofree char *file = raw_name != NULL ? prop_text (raw_name) : NULL;
  guint n = mark_namespace (props, NS_CRS, NULL, 0);
  g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting", "%u settings", n), n);

  if (file != NULL && file[0] != '\0')
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, "XMP:crs", value,
                     _("Editing settings from Adobe Camera Raw or Lightroom; they name the original raw file, %s."),
                     file);
  else
    veil_report_add (report, VEIL_CATEGORY_SOFTWARE, "XMP:crs", value,
                     _("Editing settings from Adobe Camera Raw or Lightroom; they show how the photo was edited."));
}

static void
report_google (Prop *prop, GPtrArray *props, VeilReport *report)
{
  g_autofree char *key = prop_key (prop);

  switch (prop->ns)
    {
    case NS_GCAMERA:
      {
        const char *v = first_value (prop);
        gboolean motion = (strcmp (prop->name, "MicroVideo") == 0 ||
                           strcmp (prop->name, "MotionPhoto") == 0);
        if (motion)
          {
            prop->done = TRUE;
            if (v == NULL || strcmp (v, "0") == 0)
              return;
            veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, _("motion photo"),
                             _("This photo carries a short video of the moments around it, with sound."));
            /* Its offset and timestamps say nothing more. */
            for (guint i = 0; i < props->len; i++)
              {
                Prop *p = g_ptr_array_index (props, i);
                if (p->ns == NS_GCAMERA && (g_str_has_prefix (p->name, "MicroVideo") ||
                                            g_str_has_prefix (p->name, "MotionPhoto")))
                  p->done = TRUE;
              }
          }
        return;
      }
    case NS_GDEPTH:
      {
        g_autofree char *size = NULL;
        gsize bytes = 0;
        for (guint i = 0; i < props->len; i++)
          {
            Prop *p = g_ptr_array_index (props, i);
            if (p->ns == NS_GDEPTH && (strcmp (p->name, "Data") == 0 ||
                                       strcmp (p->name, "Confidence") == 0))
              bytes += fields_base64_size (p, NULL);
          }
        mark_namespace (props, NS_GDEPTH, NULL, 0);
        size = bytes > 0 ? g_format_size (bytes) : g_strdup (_("depth map"));
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:GDepth", size,
                         _("A depth map: the 3D shape of the scene, which lets the background be changed or the blur undone."));
        return;
      }
    case NS_GIMAGE:
      {
        Prop *data = find_prop (props, NS_GIMAGE, "Data");
        g_autofree char *size = data != NULL ? g_format_size (fields_base64_size (data, NULL))
                                             : g_strdup (_("picture"));
        mark_namespace (props, NS_GIMAGE, NULL, 0);
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:GImage", size,
                         _("Another copy of the picture hidden in the metadata, often the original before a blur or edit."));
        return;
      }
    case NS_GAUDIO:
      {
        Prop *data = find_prop (props, NS_GAUDIO, "Data");
        g_autofree char *size = data != NULL ? g_format_size (fields_base64_size (data, NULL))
                                             : g_strdup (_("sound"));
        mark_namespace (props, NS_GAUDIO, NULL, 0);
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:GAudio", size,
                         _("A sound recording made with the photo; it can hold voices."));
        return;
      }
    case NS_GPANO:
      {
        g_autoptr(GString) names = g_string_new (NULL);
        guint n = mark_namespace (props, NS_GPANO, names, 4);
        g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting",
                                                               "%u settings", n), n);
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:GPano", value,
                         _("Panorama or photo-sphere details (%s); they can tell which way the camera faced."),
                         names->str);
        return;
      }
    case NS_CONTAINER:
      {
        g_autoptr(GString) kinds = g_string_new (NULL);
        guint n;

        count_fields (prop, "Semantic", kinds);
        n = MAX (prop->all_items, 1);
        prop->done = TRUE;
        if (n <= 1)
          return;
        {
          g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u picture",
                                                                 "%u pictures", n), n);
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, value,
                           _("An index of the extra pictures or video stored in the file (%s)."),
                           kinds->str);
        }
        return;
      }
    default:
      return;
    }
}

static void
report_thumbnails (Prop *prop, VeilReport *report)
{
  g_autofree char *key = prop_key (prop);
  gsize bytes = fields_base64_size (prop, "image");
  g_autofree char *size = g_format_size (bytes);
  g_autoptr(GString) width = g_string_new (NULL);
  g_autoptr(GString) height = g_string_new (NULL);
  g_autofree char *value = NULL;

  prop->done = TRUE;
  if (bytes == 0)
    return;
  count_fields (prop, "width", width);
  count_fields (prop, "height", height);
  if (width->len > 0 && height->len > 0 && prop->all_items <= 1)
    value = g_strdup_printf ("%s × %s pixels, %s", width->str, height->str, size);
  else
    value = g_strdup (size);
  veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, key, value,
                   _("A small copy of the picture; it may show the photo before it was cropped or edited."));
}

static void
report_prop (Prop *prop, GPtrArray *props, VeilReport *report)
{
  if (prop->done)
    return;

  if (prop->ns == NS_EXIF && g_str_has_prefix (prop->name, "GPS"))
    {
      g_autofree char *key = prop_key (prop);
      g_autofree char *value = prop_text (prop);
      prop->done = TRUE;
      if (strcmp (prop->name, "GPSTimeStamp") == 0)
        veil_report_add (report, VEIL_CATEGORY_TIME, key, value,
                         _("The satellite time of the photo, in UTC."));
      else if (strcmp (prop->name, "GPSLatitude") == 0 || strcmp (prop->name, "GPSLongitude") == 0)
        veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                         _("Part of the position where the photo was taken."));
      else if (strstr (prop->name, "Direction") != NULL || strstr (prop->name, "Track") != NULL ||
               strstr (prop->name, "Bearing") != NULL)
        veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                         _("Which way the camera pointed or moved."));
      else if (!is_technical (prop) && !g_str_has_suffix (prop->name, "Ref"))
        veil_report_add (report, VEIL_CATEGORY_LOCATION, key, value,
                         _("Satellite positioning data recorded with the photo."));
      return;
    }

  switch (prop->ns)
    {
    case NS_XMPMM:
      if (strcmp (prop->name, "History") == 0)
        report_history (prop, report);
      else
        report_ids (props, report);
      if (!prop->done && strcmp (prop->name, "PreservedFileName") == 0)
        {
          g_autofree char *value = prop_text (prop);
          prop->done = TRUE;
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:xmpMM:PreservedFileName", value,
                           _("The file's original name; it can hold a name or a date."));
        }
      return;
    case NS_CRS:
      report_camera_raw (props, report);
      return;
    case NS_HDRGM:
    case NS_APPLEHDR:
      {
        guint n = mark_namespace (props, prop->ns, NULL, 0);
        g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u setting",
                                                               "%u settings", n), n);
        g_autofree char *key = g_strdup_printf ("XMP:%s", prop->prefix);
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, key, value,
                         _("HDR gain-map settings: the file holds a second picture used to brighten it on HDR screens."));
        return;
      }
    case NS_GCAMERA:
    case NS_GDEPTH:
    case NS_GIMAGE:
    case NS_GAUDIO:
    case NS_GPANO:
    case NS_CONTAINER:
      report_google (prop, props, report);
      if (prop->done || prop->ns != NS_GCAMERA)
        return;
      break;
    case NS_MWGRS:
      if (strcmp (prop->name, "Regions") == 0)
        {
          report_regions (prop, "Name", report);
          return;
        }
      break;
    case NS_MP:
      if (strcmp (prop->name, "RegionInfo") == 0)
        {
          report_regions (prop, "PersonDisplayName", report);
          return;
        }
      break;
    case NS_XMP:
      if (strcmp (prop->name, "Thumbnails") == 0)
        {
          report_thumbnails (prop, report);
          return;
        }
      break;
    case NS_XMPNOTE:
      if (strcmp (prop->name, "HasExtendedXMP") == 0)
        {
          prop->done = TRUE;
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:xmpNote:HasExtendedXMP",
                           first_value (prop),
                           _("More XMP metadata continues in other parts of the file; it is often big: depth maps, other pictures, editing data."));
          return;
        }
      break;
    case NS_PHOTOSHOP:
      if (strcmp (prop->name, "DocumentAncestors") == 0)
        {
          g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document",
                                                                 "%u documents", prop->n_values),
                                                    prop->n_values);
          prop->done = TRUE;
          veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP:photoshop:DocumentAncestors", value,
                           _("IDs of other documents that were pasted into this picture."));
          return;
        }
      break;
    default:
      break;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rules[i].ns == prop->ns && strcmp (rules[i].name, prop->name) == 0)
      {
        report_rule (&rules[i], prop, report);
        return;
      }
}

void
_veil_xmp_report (GPtrArray  *props,
                  gboolean    parsed,
                  gsize       len,
                  VeilReport *report)
{
  g_autoptr(GString) other = g_string_new (NULL);
  guint n_other = 0;
  guint before = report->findings->len;

  report_gps (props, report);
  for (guint i = 0; i < props->len; i++)
    report_prop (g_ptr_array_index (props, i), props, report);

  for (guint i = 0; i < props->len; i++)
    {
      Prop *prop = g_ptr_array_index (props, i);

      if (prop->done || is_technical (prop))
        continue;
      if (n_other < 5)
        g_string_append_printf (other, "%s%s:%s", other->len ? ", " : "", prop->prefix, prop->name);
      n_other++;
    }
  if (n_other > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more property",
                                                             "%u more properties", n_other), n_other);
      veil_report_add (report, VEIL_CATEGORY_OTHER, "XMP:Other", value,
                       _("Other XMP details (%s%s); removed with the rest."),
                       other->str, n_other > 5 ? ", …" : "");
    }

  if (!parsed)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", size,
                       _("XMP metadata Veil cannot read in full (it is damaged or unusual); it is removed all the same."));
    }
  else if (report->findings->len == before)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", size,
                       _("An XMP metadata block with nothing personal Veil can name; it is removed all the same."));
    }
}
