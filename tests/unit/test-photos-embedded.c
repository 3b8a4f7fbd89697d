/* test-photos-embedded.c: the parsers for blocks many formats embed (XMP,
 * Photoshop image resources with IPTC-IIM, ICC profiles), on real files
 * from tests/data/embedded and on hostile inputs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"
#include "veil-bytes.h"
#include "veil-jpeg.h"
#include "veil-xmp.h"
#include "veil-iptc.h"
#include "veil-icc.h"
#include "veil-test-utils.h"

/* The finding exists, in that category, and its value holds the text. */
static const VeilFinding *
assert_finding (const VeilReport *report,
                const char       *key,
                VeilCategory      category,
                const char       *value_part)
{
  const VeilFinding *f = veil_test_find_key (report, key);

  if (f == NULL)
    {
      for (guint i = 0; i < report->findings->len; i++)
        {
          const VeilFinding *g = g_ptr_array_index (report->findings, i);
          g_printerr ("  have %s = %s\n", g->key, g->value);
        }
      g_error ("no finding %s", key);
    }
  g_assert_cmpstr (veil_category_id (f->category), ==, veil_category_id (category));
  if (value_part != NULL && strstr (f->value, value_part) == NULL)
    g_error ("%s = \"%s\", expected it to hold \"%s\"", key, f->value, value_part);
  g_assert_cmpstr (f->explanation, !=, "");
  return f;
}

static VeilReport *
inspect_fixture (const char *name)
{
  g_autofree char *rel = g_build_filename ("embedded", name, NULL);
  g_autofree char *path = veil_test_data_path (rel);
  g_autoptr(GError) error = NULL;
  VeilReport *report = veil_inspect_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The payload of the first JPEG segment with this marker and identifier. */
static GBytes *
jpeg_block (const char *name, guint8 marker, const char *id, gsize id_len)
{
  g_autofree char *rel = g_build_filename ("embedded", name, NULL);
  g_autofree char *path = veil_test_data_path (rel);
  g_autoptr(GBytes) file = veil_test_load (path);
  VeilJpegLayout layout;
  GBytes *block = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  for (guint i = 0; i < layout.parts->len && block == NULL; i++)
    {
      const VeilJpegPart *part = &g_array_index (layout.parts, VeilJpegPart, i);
      if (part->marker == marker && part->payload_len >= id_len &&
          memcmp (part->payload, id, id_len) == 0)
        block = g_bytes_new (part->payload + id_len, part->payload_len - id_len);
    }
  _veil_jpeg_layout_clear (&layout);
  g_assert_nonnull (block);
  return block;
}

/* ---- XMP on real files --------------------------------------------------- */

static void
test_xmp_utf16 (void)
{
  /* exiftool's XMP.jpg stores its packet as UTF-16BE. */
  g_autoptr(VeilReport) report = inspect_fixture ("exiftool__t_images_XMP.jpg");

  assert_finding (report, "XMP:dc:creator", VEIL_CATEGORY_IDENTITY, "Phil Harvey");
  assert_finding (report, "XMP:dc:subject", VEIL_CATEGORY_IDENTITY, "ExifTool, Test, XMP");
  assert_finding (report, "XMP:dc:title", VEIL_CATEGORY_IDENTITY, "Test IPTC picture");
  assert_finding (report, "XMP:photoshop:City", VEIL_CATEGORY_LOCATION, "Kingston");
  assert_finding (report, "XMP:photoshop:Country", VEIL_CATEGORY_LOCATION, "Canada");
  assert_finding (report, "XMP:photoshop:DateCreated", VEIL_CATEGORY_TIME, "2004-02-26");
  assert_finding (report, "XMP:photoshop:AuthorsPosition", VEIL_CATEGORY_IDENTITY, "My Position");
  assert_finding (report, "XMP:xmpMM:DocumentID", VEIL_CATEGORY_HIDDEN, "adobe:docid:photoshop:4cc7b857");
  assert_finding (report, "XMP:xmpRights:WebStatement", VEIL_CATEGORY_IDENTITY, "exiftool.org");
  /* xmpBJ:JobRef is a structure: its field is the value. */
  assert_finding (report, "XMP:xmpBJ:JobRef", VEIL_CATEGORY_IDENTITY, "My Job");
  assert_finding (report, "XMP:Other", VEIL_CATEGORY_OTHER, "more propert");
  g_assert_null (veil_test_find_key (report, "XMP"));
}

static void
test_xmp_mwg (void)
{
  g_autoptr(VeilReport) report = inspect_fixture ("exiftool__t_images_MWG.jpg");
  const VeilFinding *f;

  f = assert_finding (report, "XMP:dc:creator", VEIL_CATEGORY_IDENTITY, "WRONG1of2-XMP-Creator, WRONG2of2-XMP-Creator");
  g_assert_false (f->kept);
  assert_finding (report, "XMP:dc:rights", VEIL_CATEGORY_IDENTITY, "RIGHT-XMP-Copyright");
  assert_finding (report, "XMP:photoshop:City", VEIL_CATEGORY_LOCATION, "RIGHT-XMP-City");
  assert_finding (report, "XMP:xmp:ModifyDate", VEIL_CATEGORY_TIME, "2003-03-03 03:33:33.333+03:00");
  /* IPTC in the same file: date and time as one finding. */
  assert_finding (report, "IPTC:DateCreated", VEIL_CATEGORY_TIME, "1992-01-01 02:11:11+01:00");
  assert_finding (report, "IPTC:DigitalCreationDate", VEIL_CATEGORY_TIME, "2002-02-02 02:22:22+02:00");
  assert_finding (report, "IPTC:Sub-location", VEIL_CATEGORY_LOCATION, "RIGHT-IPTC-Location");
  assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "WRONG1of2-IPTC-Creator, WRONG2of2-IPTC-Creator");
}

static void
test_xmp_google (void)
{
  g_autoptr(VeilReport) report = inspect_fixture ("exiftool__t_images_Google.jpg");
  const VeilFinding *f;

  assert_finding (report, "XMP:hdrgm", VEIL_CATEGORY_HIDDEN, "1 setting");
  assert_finding (report, "XMP:xmpNote:HasExtendedXMP", VEIL_CATEGORY_HIDDEN, "22971CCA47F8A8E11D0A48E790AF56C7");
  f = assert_finding (report, "XMP:Container:Directory", VEIL_CATEGORY_HIDDEN, "2 pictures");
  g_assert_nonnull (strstr (f->explanation, "GainMap"));
}

static void
test_xmp_photoshop_ids (void)
{
  g_autoptr(VeilReport) report = inspect_fixture ("exifsamples__jpg_xmp_BlueSquare.jpg");

  assert_finding (report, "XMP:xmp:CreatorTool", VEIL_CATEGORY_SOFTWARE, "Adobe Photoshop CS2 Macintosh");
  assert_finding (report, "XMP:xmp:CreateDate", VEIL_CATEGORY_TIME, "2005-09-07 15:07:40-07:00");
  /* DocumentID, InstanceID and DerivedFrom's two IDs: one finding. */
  assert_finding (report, "XMP:xmpMM:DocumentID", VEIL_CATEGORY_HIDDEN, "uuid:9A3B7F52214211DAB6308A7391270C13 and 3 more IDs");
  /* The Photoshop resources of the same file. */
  assert_finding (report, "Photoshop:Thumbnail", VEIL_CATEGORY_THUMBNAIL, "pixels");
  assert_finding (report, "Photoshop:SlicesGroupName", VEIL_CATEGORY_HIDDEN, "BlueSquare");
  assert_finding (report, "IPTC:ObjectName", VEIL_CATEGORY_IDENTITY, "Blue Square Test File - .jpg");
  assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, "sRGB IEC61966-2.1");
}

static void
test_xmp_camera_raw (void)
{
  g_autoptr(VeilReport) report = inspect_fixture ("exifsamples__jpg_Nikon_D70.jpg");
  const VeilFinding *f;

  f = assert_finding (report, "XMP:crs", VEIL_CATEGORY_SOFTWARE, "settings");
  g_assert_nonnull (strstr (f->explanation, "DSC_1801.NEF"));
  assert_finding (report, "XMP:tiff:Model", VEIL_CATEGORY_DEVICE, "NIKON D70");
  assert_finding (report, "XMP:aux:Lens", VEIL_CATEGORY_DEVICE, "100.0 mm f/2.8");
  assert_finding (report, "XMP:exif:DateTimeOriginal", VEIL_CATEGORY_TIME, "2008-03-15 09:52:01-04:00");
}

static void
test_xmp_history (void)
{
  g_autoptr(GBytes) xmp = jpeg_block ("exifsamples__jpg_invalid_image01713.jpg", 0xE1,
                                      "http://ns.adobe.com/xap/1.0/", 29);
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;
  gsize len;
  const char *data = g_bytes_get_data (xmp, &len);

  _veil_xmp_findings (data, len, report);
  f = assert_finding (report, "XMP:xmpMM:History", VEIL_CATEGORY_SOFTWARE, "2 steps");
  g_assert_nonnull (strstr (f->explanation, "Adobe Photoshop CS4 Windows"));
  assert_finding (report, "XMP:xmp:CreatorTool", VEIL_CATEGORY_SOFTWARE, "Adobe Fireworks CS5");
  assert_finding (report, "XMP:xmpMM:DocumentID", VEIL_CATEGORY_HIDDEN, "xmp.did:B16240F97927DF118202DE43A2785CD5 and 2 more IDs");
}

/* ---- XMP: features without a small real sample --------------------------- */

/* Written for this test after the MWG regions guidelines, the Microsoft
 * People Tagging schema and Google's motion photo format; prefixes are
 * deliberately unusual, since only the namespace URI counts. */
static const char synthetic_xmp[] =
  "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
  " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
  "  <rdf:Description rdf:about=\"\"\n"
  "    xmlns:e=\"http://ns.adobe.com/exif/1.0/\"\n"
  "    xmlns:gc=\"http://ns.google.com/photos/1.0/camera/\"\n"
  "    xmlns:d=\"http://purl.org/dc/elements/1.1/\"\n"
  "    xmlns:mwg=\"http://www.metadataworkinggroup.com/schemas/regions/\"\n"
  "    xmlns:area=\"http://ns.adobe.com/xmp/sType/Area#\"\n"
  "    xmlns:mp=\"http://ns.microsoft.com/photo/1.2/\"\n"
  "    xmlns:mpri=\"http://ns.microsoft.com/photo/1.2/t/RegionInfo#\"\n"
  "    xmlns:mpreg=\"http://ns.microsoft.com/photo/1.2/t/Region#\"\n"
  "    xmlns:xap=\"http://ns.adobe.com/xap/1.0/\"\n"
  "    xmlns:img=\"http://ns.adobe.com/xap/1.0/g/img/\"\n"
  "    xmlns:core=\"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/\"\n"
  "    xmlns:zz=\"http://example.com/private/\"\n"
  "    e:GPSLatitude=\"48,51.504N\"\n"
  "    e:GPSLongitude=\"2,17.67E\"\n"
  "    e:GPSAltitude=\"3305/100\"\n"
  "    gc:MicroVideo=\"1\" gc:MicroVideoOffset=\"123456\"\n"
  "    zz:Secret=\"x\" zz:Other=\"y\">\n"
  "   <d:creator><rdf:Seq><rdf:li>Ada Example</rdf:li></rdf:Seq></d:creator>\n"
  "   <d:description><rdf:Alt><rdf:li xml:lang=\"x-default\">At home</rdf:li>"
  "<rdf:li xml:lang=\"en\">At home</rdf:li></rdf:Alt></d:description>\n"
  "   <mwg:Regions rdf:parseType=\"Resource\">\n"
  "    <mwg:RegionList><rdf:Bag>\n"
  "     <rdf:li><rdf:Description mwg:Name=\"Alice Doe\" mwg:Type=\"Face\">"
  "<mwg:Area area:x=\"0.5\" area:y=\"0.5\" area:w=\"0.1\" area:h=\"0.1\"/></rdf:Description></rdf:li>\n"
  "     <rdf:li rdf:parseType=\"Resource\"><mwg:Name>Bob Roe</mwg:Name><mwg:Type>Face</mwg:Type></rdf:li>\n"
  "     <rdf:li rdf:parseType=\"Resource\"><mwg:Type>Focus</mwg:Type></rdf:li>\n"
  "    </rdf:Bag></mwg:RegionList>\n"
  "   </mwg:Regions>\n"
  "   <mp:RegionInfo rdf:parseType=\"Resource\"><mpri:Regions><rdf:Bag>\n"
  "     <rdf:li mpreg:PersonDisplayName=\"Carol Poe\" mpreg:Rectangle=\"0.1, 0.1, 0.2, 0.2\"/>\n"
  "   </rdf:Bag></mpri:Regions></mp:RegionInfo>\n"
  "   <xap:Thumbnails><rdf:Alt><rdf:li rdf:parseType=\"Resource\">\n"
  "     <img:width>160</img:width><img:height>120</img:height><img:format>JPEG</img:format>\n"
  "     <img:image>/9j/4AAQSkZJRgABAQEASABIAAD/\n2wBDAP//////////</img:image>\n"
  "   </rdf:li></rdf:Alt></xap:Thumbnails>\n"
  "   <core:CreatorContactInfo core:CiEmailWork=\"ada@example.org\" core:CiTelWork=\"+1 555 0100\"/>\n"
  "  </rdf:Description>\n"
  " </rdf:RDF>\n"
  "</x:xmpmeta>\n"
  "<?xpacket end=\"w\"?>\n\0\0\0";

static void
test_xmp_synthetic (void)
{
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;

  _veil_xmp_findings (synthetic_xmp, sizeof synthetic_xmp - 1, report);

  f = assert_finding (report, "XMP:exif:GPSPosition", VEIL_CATEGORY_LOCATION, "48.8584 N, 2.2945 E");
  g_assert_nonnull (strstr (f->explanation, "48.8584 N, 2.2945 E"));
  g_assert_null (veil_test_find_key (report, "XMP:exif:GPSLatitude"));
  assert_finding (report, "XMP:exif:GPSAltitude", VEIL_CATEGORY_LOCATION, "33.0 m");
  assert_finding (report, "XMP:GCamera:MicroVideo", VEIL_CATEGORY_HIDDEN, NULL);
  g_assert_null (veil_test_find_key (report, "XMP:GCamera:MicroVideoOffset"));
  assert_finding (report, "XMP:dc:creator", VEIL_CATEGORY_IDENTITY, "Ada Example");
  /* Language alternatives with the same text show once. */
  f = assert_finding (report, "XMP:dc:description", VEIL_CATEGORY_IDENTITY, "At home");
  g_assert_cmpstr (f->value, ==, "At home");
  f = assert_finding (report, "XMP:mwg-rs:Regions", VEIL_CATEGORY_IDENTITY, "Alice Doe, Bob Roe");
  g_assert_nonnull (strstr (f->explanation, "2 people"));
  f = assert_finding (report, "XMP:MP:RegionInfo", VEIL_CATEGORY_IDENTITY, "Carol Poe");
  g_assert_nonnull (strstr (f->explanation, "1 person"));
  assert_finding (report, "XMP:xmp:Thumbnails", VEIL_CATEGORY_THUMBNAIL, "160 × 120 pixels, 33 bytes");
  f = assert_finding (report, "XMP:Iptc4xmpCore:CreatorContactInfo", VEIL_CATEGORY_IDENTITY, "ada@example.org");
  g_assert_nonnull (strstr (f->value, "+1 555 0100"));
  f = assert_finding (report, "XMP:Other", VEIL_CATEGORY_OTHER, "2 more properties");
  g_assert_nonnull (strstr (f->explanation, "zz:Secret"));
  g_assert_null (veil_test_find_key (report, "XMP"));
}

/* ---- XMP: hostile packets -------------------------------------------------- */

/* A packet cut inside a value. */
static const char cut_packet[] =
  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description>"
  "<dc:title xmlns:dc=\"http://purl.org/dc/elements/1.1/\">cut";

static void
test_xmp_damaged (void)
{
  static const char *packets[] = {
    "",
    "not xml at all",
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF",
    "<a><b></a></b>",
    "\xFF\xFE\x00",
    cut_packet,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (packets); i++)
    {
      g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
      _veil_xmp_findings (packets[i], strlen (packets[i]), report);
      assert_finding (report, "XMP", VEIL_CATEGORY_HIDDEN, NULL);
      g_assert_cmpuint (veil_report_count_removable (report), >=, 1);
    }
}

static void
test_xmp_deep (void)
{
  g_autoptr(GString) xml = g_string_new ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                                         "<rdf:Description><dc:x xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);

  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "<rdf:Bag><rdf:li>");
  _veil_xmp_findings (xml->str, xml->len, report);
  assert_finding (report, "XMP", VEIL_CATEGORY_HIDDEN, NULL);
}

static void
test_xmp_entities (void)
{
  /* Billion laughs: GMarkup does not read DTDs, so &lol9; is an unknown
   * entity and the parse stops; nothing is expanded. */
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                                         " <!ENTITY lol \"lol\">\n");
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  gint64 start = g_get_monotonic_time ();

  for (int i = 1; i <= 9; i++)
    g_string_append_printf (xml, " <!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;\">\n",
                            i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  g_string_append (xml, "]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                        "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                        "<dc:title>&lol9;</dc:title></rdf:Description></rdf:RDF>");
  _veil_xmp_findings (xml->str, xml->len, report);
  assert_finding (report, "XMP", VEIL_CATEGORY_HIDDEN, NULL);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *f = g_ptr_array_index (report->findings, i);
      g_assert_cmpuint (strlen (f->value), <, 1000);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_xmp_many (void)
{
  /* 200 000 distinct properties and a 100 000-item list: capped, and one
   * summary line each, not thousands. */
  g_autoptr(GString) xml = g_string_new ("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                                         "<rdf:Description xmlns:z=\"http://example.com/z/\" "
                                         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;

  for (int i = 0; i < 200000; i++)
    g_string_append_printf (xml, "<z:p%d>v</z:p%d>", i, i);
  g_string_append (xml, "<dc:subject><rdf:Bag>");
  for (int i = 0; i < 100000; i++)
    g_string_append (xml, "<rdf:li>k</rdf:li>");
  g_string_append (xml, "</rdf:Bag></dc:subject></rdf:Description></rdf:RDF>");
  _veil_xmp_findings (xml->str, xml->len, report);
  f = assert_finding (report, "XMP:Other", VEIL_CATEGORY_OTHER, "more properties");
  g_assert_nonnull (f);
  g_assert_cmpuint (report->findings->len, <, 10);
}

/* ---- Photoshop resources and IPTC ------------------------------------------ */

static void
test_iptc_file (void)
{
  g_autoptr(VeilReport) report = inspect_fixture ("exiftool__t_images_IPTC.jpg");

  assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "Phil Harvey");
  assert_finding (report, "IPTC:By-lineTitle", VEIL_CATEGORY_IDENTITY, "My Position");
  assert_finding (report, "IPTC:City", VEIL_CATEGORY_LOCATION, "Kingston");
  assert_finding (report, "IPTC:Province-State", VEIL_CATEGORY_LOCATION, "Ont");
  assert_finding (report, "IPTC:Country-PrimaryLocationName", VEIL_CATEGORY_LOCATION, "Canada");
  assert_finding (report, "IPTC:Keywords", VEIL_CATEGORY_IDENTITY, "ExifTool, Test, IPTC");
  assert_finding (report, "IPTC:DateCreated", VEIL_CATEGORY_TIME, "2004-02-26");
  assert_finding (report, "IPTC:Caption-Abstract", VEIL_CATEGORY_IDENTITY, "A witty caption");
  assert_finding (report, "IPTC:CopyrightNotice", VEIL_CATEGORY_IDENTITY, "Copyright 2004 Phil Harvey");
  assert_finding (report, "IPTC:Other", VEIL_CATEGORY_OTHER, "3 more fields");
  assert_finding (report, "Photoshop:URL", VEIL_CATEGORY_IDENTITY, "https://exiftool.org/");
  assert_finding (report, "Photoshop:SlicesGroupName", VEIL_CATEGORY_HIDDEN, "IPTC");
  assert_finding (report, "Photoshop:VersionInfo", VEIL_CATEGORY_SOFTWARE, "Adobe Photoshop 7.0");
  assert_finding (report, "Photoshop:PrintSettings", VEIL_CATEGORY_HIDDEN, "block");
  assert_finding (report, "Photoshop:EditingData", VEIL_CATEGORY_HIDDEN, "blocks");
  g_assert_null (veil_test_find_key (report, "Photoshop:IRB"));
}

static void
test_irb_psd (void)
{
  /* A PSD: header (26 bytes), colour mode data, then the resources. */
  g_autofree char *path = veil_test_data_path ("embedded/exiftool__t_images_Photoshop.psd");
  g_autoptr(GBytes) file = veil_test_load (path);
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_PSD);
  gsize len, at;
  const guint8 *data = g_bytes_get_data (file, &len);
  guint32 mode_len, res_len;

  g_assert_cmpuint (len, >, 34);
  mode_len = veil_read_be32 (data + 26);
  at = 30 + mode_len;
  res_len = veil_read_be32 (data + at);
  g_assert_cmpuint (at + 4 + res_len, <=, len);
  _veil_irb_findings (data + at + 4, res_len, report);

  assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "Phil Harvey");
  assert_finding (report, "IPTC:By-lineTitle", VEIL_CATEGORY_IDENTITY, "Supreme leader");
  assert_finding (report, "XMP:photoshop:AuthorsPosition", VEIL_CATEGORY_IDENTITY, "Supreme leader");
  assert_finding (report, "XMP:xmpBJ:JobRef", VEIL_CATEGORY_IDENTITY, "This isn't a job");
  g_assert_null (veil_test_find_key (report, "Photoshop:IRB"));
}

static GBytes *
make_irb (guint16 id, const guint8 *data, guint32 len, guint32 claimed_len)
{
  GByteArray *out = g_byte_array_new ();
  guint8 head[12] = { '8', 'B', 'I', 'M', id >> 8, id & 0xFF, 0, 0,
                      claimed_len >> 24, (claimed_len >> 16) & 0xFF, (claimed_len >> 8) & 0xFF,
                      claimed_len & 0xFF };

  g_byte_array_append (out, head, sizeof head);
  g_byte_array_append (out, data, len);
  if (len & 1)
    g_byte_array_append (out, (const guint8 *) "", 1);
  return g_byte_array_free_to_bytes (out);
}

static void
test_irb_hostile (void)
{
  static const guint8 iptc[] = { 0x1C, 2, 80, 0, 3, 'A', 'n', 'n' };
  g_autoptr(GBytes) ok = make_irb (0x0404, iptc, sizeof iptc, sizeof iptc);
  g_autoptr(GBytes) past_end = make_irb (0x0404, iptc, sizeof iptc, 0xFFFFFFF0u);
  gsize len;
  const guint8 *data = g_bytes_get_data (ok, &len);

  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_irb_findings (data, len, report);
    assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "Ann");
    g_assert_null (veil_test_find_key (report, "Photoshop:IRB"));
  }
  /* Every truncation: no crash, and a damaged block says so. */
  for (gsize cut = 1; cut < len; cut++)
    {
      g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
      _veil_irb_findings (data, cut, report);
      g_assert_cmpuint (report->findings->len, >=, 1);
    }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    data = g_bytes_get_data (past_end, &len);
    _veil_irb_findings (data, len, report);
    assert_finding (report, "Photoshop:IRB", VEIL_CATEGORY_HIDDEN, NULL);
  }
  {
    /* Not a resource block at all. */
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_irb_findings ((const guint8 *) "garbage!garbage!", 16, report);
    assert_finding (report, "Photoshop:IRB", VEIL_CATEGORY_HIDDEN, NULL);
  }
}

static void
test_irb_icc_removable (void)
{
  /* A colour profile inside the Photoshop resources goes with them, so it
   * must not be reported as kept. */
  g_autofree char *path = veil_test_data_path ("embedded/exiftool__t_images_GIF.icc");
  g_autoptr(GBytes) icc = veil_test_load (path);
  gsize icc_len, len;
  const guint8 *icc_data = g_bytes_get_data (icc, &icc_len);
  g_autoptr(GBytes) irb = make_irb (0x040F, icc_data, icc_len, icc_len);
  const guint8 *data = g_bytes_get_data (irb, &len);
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;

  _veil_irb_findings (data, len, report);
  f = assert_finding (report, "Photoshop:ICC:Profile", VEIL_CATEGORY_OTHER, "Nikon Adobe RGB");
  g_assert_false (f->kept);
  f = assert_finding (report, "Photoshop:ICC:DateTime", VEIL_CATEGORY_TIME, "1999-12-07");
  g_assert_false (f->kept);
  g_assert_false (veil_report_has_key_prefix (report, "ICC"));
}

static void
test_iptc_charset (void)
{
  /* "Zoë" in Latin-1 without a character set: converted. */
  static const guint8 latin1[] = { 0x1C, 2, 80, 0, 3, 'Z', 'o', 0xEB };
  /* The UTF-8 marker, then "Zoë" in UTF-8. */
  static const guint8 utf8[] = { 0x1C, 1, 90, 0, 3, 0x1B, '%', 'G',
                                 0x1C, 2, 80, 0, 4, 'Z', 'o', 0xC3, 0xAB };
  /* Extended length: 0x8002 = two length bytes follow. */
  static const guint8 extended[] = { 0x1C, 2, 120, 0x80, 0x02, 0x00, 0x02, 'H', 'i' };
  /* Extended length with an absurd count of length bytes, and one that
   * points past the end. */
  static const guint8 absurd[] = { 0x1C, 2, 120, 0xFF, 0xFF, 0, 0, 0, 0 };
  static const guint8 past[] = { 0x1C, 2, 120, 0x80, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 'x' };

  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_iptc_findings (latin1, sizeof latin1, report);
    assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "Zo\xC3\xAB");
  }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_iptc_findings (utf8, sizeof utf8, report);
    assert_finding (report, "IPTC:By-line", VEIL_CATEGORY_IDENTITY, "Zo\xC3\xAB");
    g_assert_null (veil_test_find_key (report, "IPTC:Other"));
  }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_iptc_findings (extended, sizeof extended, report);
    assert_finding (report, "IPTC:Caption-Abstract", VEIL_CATEGORY_IDENTITY, "Hi");
  }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_iptc_findings (absurd, sizeof absurd, report);
    assert_finding (report, "IPTC", VEIL_CATEGORY_HIDDEN, NULL);
  }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_iptc_findings (past, sizeof past, report);
    assert_finding (report, "IPTC", VEIL_CATEGORY_HIDDEN, NULL);
  }
}

/* ---- ICC -------------------------------------------------------------------- */

static GBytes *
jpeg_icc (const char *name)
{
  /* Single-segment profiles: skip the 2-byte sequence header. */
  g_autoptr(GBytes) seg = jpeg_block (name, 0xE2, "ICC_PROFILE", 12);
  return g_bytes_new_from_bytes (seg, 2, g_bytes_get_size (seg) - 2);
}

static void
test_icc_standard (void)
{
  g_autoptr(GBytes) icc = jpeg_icc ("exiftool__t_images_XMP.jpg");
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;
  gsize len;
  const guint8 *data = g_bytes_get_data (icc, &len);

  _veil_icc_findings (data, len, report);
  f = assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, "sRGB IEC61966-2.1");
  g_assert_true (f->kept);
  /* A standard profile: nothing about the person, one line only. */
  g_assert_cmpuint (report->findings->len, ==, 1);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
}

static void
test_icc_custom (void)
{
  g_autofree char *path = veil_test_data_path ("embedded/exiftool__t_images_GIF.icc");
  g_autoptr(GBytes) icc = veil_test_load (path);
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  const VeilFinding *f;
  gsize len;
  const guint8 *data = g_bytes_get_data (icc, &len);

  _veil_icc_findings (data, len, report);
  f = assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, "Nikon Adobe RGB 4.0.0.3000");
  g_assert_true (f->kept);
  f = assert_finding (report, "ICC:DateTime", VEIL_CATEGORY_TIME, "1999-12-07 18:59");
  g_assert_true (f->kept);
  g_assert_nonnull (strstr (f->explanation, "drop colour profile"));
  f = assert_finding (report, "ICC:Copyright", VEIL_CATEGORY_IDENTITY, "Nikon Inc. & Nikon Corporation 2001");
  g_assert_true (f->kept);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
  /* Header device manufacturer "none": no device line. */
  g_assert_null (veil_test_find_key (report, "ICC:Device"));
}

static void
test_icc_hostile (void)
{
  g_autofree char *path = veil_test_data_path ("embedded/exiftool__t_images_GIF.icc");
  g_autoptr(GBytes) icc = veil_test_load (path);
  gsize len;
  const guint8 *orig = g_bytes_get_data (icc, &len);
  g_autofree guint8 *data = g_memdup2 (orig, len);

  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
      _veil_icc_findings (data, cut, report);
      g_assert_cmpuint (report->findings->len, >=, 1);
      g_assert_cmpuint (veil_report_count_removable (report), ==, 0);
      if (cut < 132)
        assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, "damaged colour profile");
    }
  /* A huge tag count and tags pointing anywhere. */
  data[128] = data[129] = data[130] = data[131] = 0xFF;
  for (gsize at = 132; at + 12 <= len && at < 132 + 12 * 9; at += 12)
    {
      data[at + 4] = 0x7F;
      data[at + 8] = 0xFF;
    }
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    _veil_icc_findings (data, len, report);
    assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, NULL);
  }
  /* Not a profile. */
  {
    g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
    memset (data + 36, 'x', 4);
    _veil_icc_findings (data, len, report);
    assert_finding (report, "ICC:Profile", VEIL_CATEGORY_OTHER, "damaged colour profile");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/embedded/xmp/utf16", test_xmp_utf16);
  g_test_add_func ("/embedded/xmp/mwg", test_xmp_mwg);
  g_test_add_func ("/embedded/xmp/google", test_xmp_google);
  g_test_add_func ("/embedded/xmp/photoshop-ids", test_xmp_photoshop_ids);
  g_test_add_func ("/embedded/xmp/camera-raw", test_xmp_camera_raw);
  g_test_add_func ("/embedded/xmp/history", test_xmp_history);
  g_test_add_func ("/embedded/xmp/synthetic", test_xmp_synthetic);
  g_test_add_func ("/embedded/xmp/damaged", test_xmp_damaged);
  g_test_add_func ("/embedded/xmp/deep", test_xmp_deep);
  g_test_add_func ("/embedded/xmp/entities", test_xmp_entities);
  g_test_add_func ("/embedded/xmp/many", test_xmp_many);
  g_test_add_func ("/embedded/iptc/file", test_iptc_file);
  g_test_add_func ("/embedded/iptc/charset", test_iptc_charset);
  g_test_add_func ("/embedded/irb/psd", test_irb_psd);
  g_test_add_func ("/embedded/irb/hostile", test_irb_hostile);
  g_test_add_func ("/embedded/irb/icc-removable", test_irb_icc_removable);
  g_test_add_func ("/embedded/icc/standard", test_icc_standard);
  g_test_add_func ("/embedded/icc/custom", test_icc_custom);
  g_test_add_func ("/embedded/icc/hostile", test_icc_hostile);
  return g_test_run ();
}
