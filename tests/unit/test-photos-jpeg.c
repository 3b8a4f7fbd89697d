/* test-photos-jpeg.c: JPEG inspection and lossless cleaning on real files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <libexif/exif-data.h>
#ifdef HAVE_GDK_PIXBUF
#include <gdk-pixbuf/gdk-pixbuf.h>
#endif

#include "veil-core.h"
#include "veil-jpeg.h"
#include "veil-scan-memo.h"
#include "veil-exif.h"
#include "veil-test-utils.h"

static const char *fixtures[] = {
  "exiftool__t_images_ExifTool.jpg",      /* a dozen vendor APPn, MPF, ICC, COM, trailer */
  "exiftool__t_images_ExtendedXMP.jpg",
  "exiftool__t_images_FLIR.jpg",
  "exiftool__t_images_GoPro.jpg",
  "exiftool__t_images_InfiRay.jpg",
  "exifsamples__jpg_Canon_40D.jpg",
  "exifsamples__jpg_Nikon_D70.jpg",
  "exiftool__t_images_AFCP.jpg",
  "exiftool__t_images_GPS.jpg",
  "exiftool__t_images_IPTC.jpg",
  "exiftool__t_images_XMP.jpg",
  "mat2__tests_data_control_chars.jpg",
  "exiftool__t_images_Apple.jpg",
  "exiftool__t_images_Google.jpg",
  "exiftool__t_images_Writer.jpg",
};

static void
test_inspect_gps (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exiftool__t_images_GPS.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  const VeilFinding *gps;

  report = veil_inspect_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "GPS.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_JPEG);
  gps = veil_test_find_key (report, "EXIF:GPSPosition");
  g_assert_nonnull (gps);
  g_assert_cmpint (gps->category, ==, VEIL_CATEGORY_LOCATION);
  g_assert_false (gps->kept);
  /* exiftool -n reads this file's position as 54.98967, -1.91417 */
  g_assert_cmpstr (gps->value, ==, "54.9897 N, 1.9142 W");
  g_assert_nonnull (strstr (gps->explanation, "where the photo was taken"));
}

static VeilReport *
inspect_shared (const char *name)
{
  const char *shared = g_getenv ("VEIL_SHARED_DIR");
  g_autofree char *path = shared != NULL ? g_build_filename (shared, "corpus", "jpeg", name, NULL) : NULL;
  g_autoptr(GError) error = NULL;
  VeilReport *report;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  report = veil_inspect_file (path, &error);
  g_assert_no_error (error);
  return report;
}

/* Altitude and speed with their units and reference; tags libexif has no
 * name for get exiftool's, never a bare number. */
static void
test_inspect_gps_units (void)
{
  g_autoptr(VeilReport) gopro = inspect_shared ("exiftool__t_images_GoPro.jpg");
  g_autoptr(VeilReport) apple = inspect_shared ("exiftool__t_images_Apple.jpg");

  if (gopro == NULL || apple == NULL)
    {
      g_test_skip ("../shared/corpus/jpeg is not here");
      return;
    }
  g_assert_cmpstr (veil_test_find_key (gopro, "EXIF:GPSAltitude")->value, ==, "4.0 m below sea level");
  g_assert_true (g_str_has_suffix (veil_test_find_key (apple, "EXIF:GPSSpeed")->value, " km/h"));
  g_assert_nonnull (veil_test_find_key (apple, "EXIF:LensModel"));
  for (guint i = 0; i < apple->findings->len; i++)
    g_assert_false (g_str_has_prefix (((VeilFinding *) apple->findings->pdata[i])->key, "EXIF:0x"));
}

/* Every kind of JPEG metadata the fixtures carry is named. */
static void
test_inspect_segments (void)
{
  static const struct { const char *file; const char *key; VeilCategory category; } cases[] = {
    { "exiftool__t_images_ExifTool.jpg", "MPF:NumberOfImages", VEIL_CATEGORY_HIDDEN },
    { "exiftool__t_images_ExifTool.jpg", "JPEG:Comment", VEIL_CATEGORY_HIDDEN },
    { "exiftool__t_images_ExifTool.jpg", "Trailer:Data", VEIL_CATEGORY_HIDDEN },
    { "exiftool__t_images_ExifTool.jpg", "ICC:Profile", VEIL_CATEGORY_OTHER },
    { "exiftool__t_images_ExtendedXMP.jpg", "XMP:Extended", VEIL_CATEGORY_HIDDEN },
    { "exifsamples__jpg_Canon_40D.jpg", "EXIF:Model", VEIL_CATEGORY_DEVICE },
    { "exifsamples__jpg_Canon_40D.jpg", "EXIF:DateTimeOriginal", VEIL_CATEGORY_TIME },
    { "exifsamples__jpg_Canon_40D.jpg", "EXIF:Thumbnail", VEIL_CATEGORY_THUMBNAIL },
    { "exifsamples__jpg_Nikon_D70.jpg", "EXIF:Software", VEIL_CATEGORY_SOFTWARE },
    { "mat2__tests_data_control_chars.jpg", "JPEG:Comment", VEIL_CATEGORY_HIDDEN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", cases[i].file);
      g_autoptr(VeilReport) report = veil_inspect_data (g_bytes_get_data (bytes, NULL),
                                                        g_bytes_get_size (bytes), cases[i].file, NULL);
      const VeilFinding *f;

      g_assert_nonnull (report);
      f = veil_test_find_key (report, cases[i].key);
      if (f == NULL)
        g_error ("%s: no finding %s", cases[i].file, cases[i].key);
      g_assert_cmpint (f->category, ==, cases[i].category);
      g_assert_cmpstr (f->explanation, !=, "");
    }
}

/* The parts of a JPEG that make the picture, in order: frame, tables,
 * scans and their entropy-coded data. */
static GByteArray *
picture_parts (const guint8 *data, gsize len, gboolean with_icc)
{
  VeilJpegLayout layout;
  GByteArray *out = g_byte_array_new ();

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  for (guint i = 0; i < layout.parts->len; i++)
    {
      const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);
      gboolean icc = p->marker == 0xE2 && p->payload_len > 12 && memcmp (p->payload, "ICC_PROFILE", 12) == 0;

      if (p->kind != VEIL_JPEG_PART_SEGMENT || (p->marker >= 0xC0 && p->marker <= 0xDF) ||
          p->marker == 0xEE || (icc && with_icc))
        g_byte_array_append (out, data + p->offset, p->size);
    }
  _veil_jpeg_layout_clear (&layout);
  return out;
}

/* libexif's own view of the cleaned file: at most the Orientation tag. */
static void
assert_exif_minimal (const guint8 *data, gsize len)
{
  ExifData *exif = exif_data_new ();
  guint n = 0;

  exif_data_unset_option (exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  exif_data_load_data (exif, data, (unsigned int) len);
  for (int ifd = 0; ifd < EXIF_IFD_COUNT; ifd++)
    for (unsigned int e = 0; e < exif->ifd[ifd]->count; e++)
      {
        g_assert_cmpint (ifd, ==, EXIF_IFD_0);
        g_assert_cmpint (exif->ifd[ifd]->entries[e]->tag, ==, EXIF_TAG_ORIENTATION);
        n++;
      }
  g_assert_cmpuint (n, <=, 1);
  g_assert_null (exif->data); /* no thumbnail */
  exif_data_unref (exif);
}

static void
assert_no_metadata_segments (const guint8 *data, gsize len, gboolean icc_allowed)
{
  VeilJpegLayout layout;

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  g_assert_cmpuint (layout.eoi_end, ==, len); /* nothing after EOI */
  for (guint i = 0; i < layout.parts->len; i++)
    {
      const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);

      if (p->kind != VEIL_JPEG_PART_SEGMENT || (p->marker >= 0xC0 && p->marker <= 0xDF) || p->marker == 0xEE)
        continue;
      g_assert_cmpint (p->marker, !=, 0xFE); /* COM */
      g_assert_cmpint (p->marker, !=, 0xED); /* APP13 IPTC */
      if (p->marker == 0xE0)
        {
          g_assert_true (memcmp (p->payload, "JFIF", 5) == 0);
          g_assert_cmpuint (p->payload[12] * p->payload[13], ==, 0); /* no thumbnail */
        }
      else if (p->marker == 0xE1)
        {
          g_assert_true (memcmp (p->payload, "Exif\0\0", 6) == 0);
          g_assert_cmpuint (p->payload_len, ==, 6 + 26); /* orientation only */
        }
      else if (p->marker == 0xE2)
        {
          g_assert_true (icc_allowed);
          g_assert_true (memcmp (p->payload, "ICC_PROFILE", 12) == 0);
        }
      else
        g_error ("segment 0x%02X left in the cleaned file", p->marker);
    }
  _veil_jpeg_layout_clear (&layout);
}

static void
check_clean (const char *name, gboolean drop_icc)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", name);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GBytes) cleaned = veil_test_clean_recheck (data, len, name, drop_icc);
  g_autoptr(GByteArray) before_parts = NULL;
  g_autoptr(GByteArray) after_parts = NULL;
  gsize out_len;
  const guint8 *out;

  /* Nothing removable left, by Veil's own inspection. */
  out = g_bytes_get_data (cleaned, &out_len);

  /* libexif agrees, and no metadata segment or trailer is left. */
  assert_exif_minimal (out, out_len);
  assert_no_metadata_segments (out, out_len, !drop_icc);

  /* The picture itself (frame, tables, scan data) is byte-identical. */
  before_parts = picture_parts (data, len, !drop_icc);
  after_parts = picture_parts (out, out_len, !drop_icc);
  g_assert_cmpmem (before_parts->data, before_parts->len, after_parts->data, after_parts->len);
  g_assert_cmpuint (out_len, <=, len + 34);
}

static void
test_clean_fixtures (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      check_clean (fixtures[i], FALSE);
      check_clean (fixtures[i], TRUE);
    }
}

static void
test_icc_kept_by_default (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exifsamples__jpg_Canon_40D.jpg");
  g_autoptr(GBytes) kept = veil_clean_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "a", NULL, NULL);
  VeilCleanOptions drop = { .drop_icc = TRUE };
  g_autoptr(GBytes) dropped = veil_clean_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "a", &drop, NULL);
  g_autoptr(VeilReport) r1 = veil_inspect_data (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "a", NULL);
  g_autoptr(VeilReport) r2 = veil_inspect_data (g_bytes_get_data (dropped, NULL), g_bytes_get_size (dropped), "a", NULL);

  g_assert_true (veil_report_has_key_prefix (r1, "ICC"));
  g_assert_false (veil_report_has_key_prefix (r2, "ICC"));
  g_assert_cmpuint (g_bytes_get_size (dropped), <, g_bytes_get_size (kept));
}

#ifdef HAVE_GDK_PIXBUF
static GdkPixbuf *
decode_upright (const guint8 *data, gsize len)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  GdkPixbuf *pixbuf;

  g_assert_true (gdk_pixbuf_loader_write (loader, data, len, NULL));
  g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}
#endif

/* All 8 EXIF orientations display the same after cleaning: the same tag,
 * and the same upright pixels as a viewer (gdk-pixbuf) shows them. */
static void
test_orientation (void)
{
  for (int o = 1; o <= 8; o++)
    {
      g_autofree char *name = g_strdup_printf ("exifsamples__jpg_orientation_landscape_%d.jpg", o);
      g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", name);
      gsize len, out_len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autoptr(GBytes) cleaned = veil_clean_data (data, len, name, NULL, NULL);
      const guint8 *out = g_bytes_get_data (cleaned, &out_len);
      VeilJpegLayout layout;
      guint16 value = 0;

      g_assert_nonnull (cleaned);
      g_assert_true (_veil_jpeg_parse (out, out_len, &layout, NULL));
      for (guint i = 0; i < layout.parts->len; i++)
        {
          const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);
          if (p->marker == 0xE1)
            g_assert_true (_veil_exif_orientation (p->payload + 6, p->payload_len - 6, &value));
        }
      _veil_jpeg_layout_clear (&layout);
      g_assert_cmpint (o == 1 ? 1 : value, ==, o);
      if (o == 1)
        g_assert_cmpint (value, ==, 0); /* upright needs no tag at all */

#ifdef HAVE_GDK_PIXBUF
      {
        g_autoptr(GdkPixbuf) a = decode_upright (data, len);
        g_autoptr(GdkPixbuf) b = decode_upright (out, out_len);
        g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
        g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));
        g_assert_cmpint (gdk_pixbuf_get_rowstride (a), ==, gdk_pixbuf_get_rowstride (b));
        g_assert_cmpmem (gdk_pixbuf_read_pixels (a), gdk_pixbuf_get_byte_length (a),
                         gdk_pixbuf_read_pixels (b), gdk_pixbuf_get_byte_length (b));
        /* The set is made so every file shows the same landscape picture
         * when its orientation is honoured (5-8 store it as portrait). */
        g_assert_cmpint (gdk_pixbuf_get_width (b), >, gdk_pixbuf_get_height (b));
      }
#endif
    }
}

/* Data after EOI (a motion-photo video, a vendor trailer) is reported and
 * removed. */
static void
test_trailer (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exiftool__t_images_GPS.jpg");
  g_autoptr(GByteArray) motion = g_byte_array_new ();
  static const guint8 mp4[] = { 0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm',
                                0, 0, 0, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '2' };
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GBytes) cleaned = NULL;

  g_byte_array_append (motion, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_byte_array_append (motion, mp4, sizeof mp4);
  report = veil_inspect_data (motion->data, motion->len, "motion.jpg", NULL);
  g_assert_nonnull (veil_test_find_key (report, "Trailer:MotionPhotoVideo"));

  cleaned = veil_clean_data (motion->data, motion->len, "motion.jpg", NULL, NULL);
  g_assert_nonnull (cleaned);
  g_assert_cmpuint (g_bytes_get_size (cleaned), <, g_bytes_get_size (bytes));
  g_assert_true (memcmp ((const guint8 *) g_bytes_get_data (cleaned, NULL) + g_bytes_get_size (cleaned) - 2,
                         "\xff\xd9", 2) == 0);
}

/* Every truncation of a real file is refused cleanly (or, when the cut
 * falls inside the trailer, cleaned), never a crash or a broken output. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exiftool__t_images_ExifTool.jpg");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  VeilJpegLayout layout;
  gsize eoi_end;

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  eoi_end = layout.eoi_end;
  _veil_jpeg_layout_clear (&layout);

  for (gsize cut = 0; cut < len; cut += (cut < 4096 ? 1 : 37))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) cleaned = veil_clean_data (data, cut, "cut.jpg", NULL, &error);

      if (cut < eoi_end)
        {
          g_assert_null (cleaned);
          g_assert_nonnull (error);
          g_assert_true (error->domain == VEIL_METADATA_ERROR);
          g_assert_nonnull (strstr (error->message, "cut.jpg"));
        }
      else
        g_assert_no_error (error);
    }
}

/* Damage inside the scan data (a reserved marker, as in the corpus's
 * corrupted.jpg) does not stop the clean: decoders step over it, and Veil
 * copies it byte for byte like the rest of the picture. */
/* The fast scan (32 bytes at a time) ends every scan where the bytewise one
 * does: on random bytes dense with 0xFF, fill runs, restarts and markers,
 * from every start offset (so every alignment and block boundary) to every
 * length, and on the picture data of every JPEG fixture. */
static void
test_scan_end_fast_matches_bytewise (void)
{
  static const guint8 after_ff[] = { 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xD0, 0xD7, 0xD9, 0xC4, 0xDA, 0x01, 0xBF, 0xC0, 0xFE };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autofree char *dir_path = veil_test_data_path ("jpeg");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint8 buf[300];

  for (guint round = 0; round < 20000; round++)
    {
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf + 1);
      gsize start = len > 0 ? (gsize) g_rand_int_range (rand, 0, (gint32) len + 1) : 0;
      /* Sparse rounds look like picture data, dense ones like hostile files. */
      gint32 one_in = round % 3 == 0 ? 2 : round % 3 == 1 ? 16 : 200;

      for (gsize i = 0; i < len; i++)
        {
          if (g_rand_int_range (rand, 0, one_in) == 0)
            {
              buf[i] = 0xFF;
              if (i + 1 < len && g_rand_boolean (rand))
                buf[++i] = after_ff[g_rand_int_range (rand, 0, G_N_ELEMENTS (after_ff))];
            }
          else
            buf[i] = (guint8) g_rand_int_range (rand, 0, 255);
        }
      g_assert_cmpuint (_veil_jpeg_find_scan_end (buf, start, len), ==,
                        _veil_jpeg_find_scan_end_bytewise (buf, start, len));
    }

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", name);
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);

      for (gsize start = 0; start < MIN (len, 64); start++)
        g_assert_cmpuint (_veil_jpeg_find_scan_end (data, start, len), ==,
                          _veil_jpeg_find_scan_end_bytewise (data, start, len));
    }
}

/* The memo of scan ends gives the answer a scan would, for the bytes it
 * was found in only. */
static void
test_scan_memo (void)
{
  guint8 buf[256];
  VeilScanMemo memo = { 0 };

  memset (buf, 0x11, sizeof buf);
  buf[100] = 0xFF;   /* fill bytes, then the end of the picture */
  buf[101] = 0xFF;
  buf[102] = 0xD9;
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 10, sizeof buf), ==, 100);
  g_assert_cmpuint (memo.n, ==, 1);
  /* Asked again, and with the data ending just after the marker: remembered. */
  buf[100] = 0x11;   /* would move the answer if the bytes were read again */
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 10, sizeof buf), ==, 100);
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 10, 103), ==, 100);
  g_assert_cmpuint (memo.n, ==, 1);
  /* Data that ends before the marker's code is looked at anew. */
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 10, 102), ==, 102);
  /* A scan that ran to the end holds for that end only. */
  memset (buf, 0x22, sizeof buf);
  memo.n = 0;
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 0, 200), ==, 200);
  buf[210] = 0xFF;
  buf[211] = 0xC4;
  g_assert_cmpuint (_veil_scan_memo_find_end (&memo, buf, 0, sizeof buf), ==, 210);
  /* Bytes outside what the copy left untouched are read again. */
  _veil_scan_memo_keep_within (&memo, buf, buf + 200);
  g_assert_cmpuint (memo.n, ==, 1);
  _veil_scan_memo_keep_within (&memo, buf + 1, buf + 200);
  g_assert_cmpuint (memo.n, ==, 0);
}

/* Cleaning a file (which remembers the scan ends between the report, the
 * clean and the check) writes the same bytes as cleaning its data. */
static void
test_clean_file_same_as_data (void)
{
  g_autofree char *dir_path = veil_test_data_path ("jpeg");
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autofree char *out_dir = veil_test_mkdtemp ();
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (dir_path, name, NULL);
      g_autofree char *dest = g_build_filename (out_dir, name, NULL);
      g_autofree char *in = NULL, *out = NULL;
      g_autoptr(GBytes) expected = NULL;
      g_autoptr(GError) error = NULL;
      gsize in_len, out_len;

      g_assert_true (g_file_get_contents (src, &in, &in_len, NULL));
      expected = veil_clean_data ((const guint8 *) in, in_len, name, NULL, &error);
      if (expected == NULL)
        continue;   /* the hostile fixtures: refused either way */
      g_assert_true (veil_clean_file (src, dest, FALSE, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (dest, &out, &out_len, NULL));
      g_assert_cmpmem (out, out_len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
      n++;
    }
  g_assert_cmpuint (n, >, 5);
  veil_test_rmdir (out_dir);
}

/* Where scan data ends, on random data that is full of 0xFF, in every
 * length up to 300 and many more: a 0xFF followed by a stuffed zero, a restart
 * marker, a reserved marker or more 0xFF fill before one of those is data;
 * the scan ends only at the final EOI (with or without fill bytes). */
static void
test_scan_end_random (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exiftool__t_images_GPS.jpg");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  VeilJpegLayout layout;
  gsize scan_start = 0;

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  for (guint i = 0; i < layout.parts->len && scan_start == 0; i++)
    {
      const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);
      if (p->kind == VEIL_JPEG_PART_ENTROPY)
        scan_start = p->offset;
    }
  _veil_jpeg_layout_clear (&layout);
  g_assert_cmpuint (scan_start, >, 0);

  for (guint round = 0; round < 3000; round++)
    {
      gsize n = round < 300 ? round : (gsize) g_rand_int_range (rand, 0, 5000);
      g_autoptr(GByteArray) file = g_byte_array_new ();
      guint8 *scan;
      gsize scan_size = 0;

      g_byte_array_append (file, data, (guint) scan_start);
      g_byte_array_set_size (file, (guint) (scan_start + n));
      scan = file->data + scan_start;
      for (gsize i = 0; i < n; i++)
        scan[i] = g_rand_int_range (rand, 0, 3) == 0 ? 0xFF : (guint8) g_rand_int_range (rand, 0, 256);
      /* Make every 0xFF (or run of them) data: what follows it becomes a
       * stuffed zero, a restart or a reserved marker. */
      for (gsize i = 0; i < n; i++)
        if (scan[i] == 0xFF)
          {
            gsize j = i + 1;
            static const guint8 data_bytes[] = { 0x00, 0x00, 0xD0, 0xD7, 0x01, 0x9F, 0xBF };
            while (j < n && scan[j] == 0xFF)
              j++;
            if (j == n)
              {
                scan[n - 1] = 0x00; /* the run reaches the end: cut it */
                break;
              }
            if (scan[j] >= 0xC0 && (scan[j] < 0xD0 || scan[j] > 0xD7))
              scan[j] = data_bytes[g_rand_int_range (rand, 0, G_N_ELEMENTS (data_bytes))];
            i = j;
          }
      if (round % 2)
        g_byte_array_append (file, (const guint8 *) "\xff\xff\xff", 3);
      g_byte_array_append (file, (const guint8 *) "\xff\xd9", 2);

      g_assert_true (_veil_jpeg_parse (file->data, file->len, &layout, NULL));
      for (guint i = 0; i < layout.parts->len; i++)
        {
          const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);
          if (p->kind == VEIL_JPEG_PART_ENTROPY)
            scan_size = p->size;
        }
      g_assert_cmpuint (layout.eoi_end, ==, file->len);
      _veil_jpeg_layout_clear (&layout);
      g_assert_cmpuint (scan_size, ==, n);
    }
}

static void
test_damaged_scan (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("jpeg", "exiftool__t_images_GPS.jpg");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GByteArray) damaged = g_byte_array_new ();
  g_autoptr(GByteArray) before = NULL;
  g_autoptr(GByteArray) after = NULL;
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GError) error = NULL;
  VeilJpegLayout layout;
  gsize scan_at = 0;

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  for (guint i = 0; i < layout.parts->len; i++)
    {
      const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);
      if (p->kind == VEIL_JPEG_PART_ENTROPY && p->size > 8)
        scan_at = p->offset + p->size / 2;
    }
  _veil_jpeg_layout_clear (&layout);
  g_assert_cmpuint (scan_at, >, 0);

  g_byte_array_append (damaged, data, scan_at);
  g_byte_array_append (damaged, (const guint8 *) "\xff\x9f", 2);
  g_byte_array_append (damaged, data + scan_at, len - scan_at);

  cleaned = veil_clean_data (damaged->data, damaged->len, "damaged.jpg", NULL, &error);
  g_assert_no_error (error);
  before = picture_parts (damaged->data, damaged->len, TRUE);
  after = picture_parts (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned), TRUE);
  g_assert_cmpmem (before->data, before->len, after->data, after->len);
}

static void
test_hostile (void)
{
  static const struct { const char *bytes; gsize len; } cases[] = {
    { "\xff\xd8\xff\xe1\x00\x00", 6 },                     /* length 0 */
    { "\xff\xd8\xff\xe1\x00\x01", 6 },                     /* length 1 */
    { "\xff\xd8\xff\xe1\xff\xff" "Exif", 10 },             /* length past the end */
    { "\xff\xd8\xff\xda\x00\x02\x00\x00\xff\xd9", 10 },    /* scan before frame */
    { "\xff\xd8\xff\xff\xff\xff\xff\xff", 8 },             /* fill bytes forever */
    { "\xff\xd8\xff\xd8\xff\xd9", 6 },                     /* SOI twice */
    { "\xff\xd8\xff\xd9", 4 },                             /* no image at all */
    { "\xff\xd8\xff\xe1\x00\x0e" "Exif\0\0II*\0\xff\xff\xff\x7f\xff\xd9", 20 }, /* IFD offset past the end */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) cleaned = veil_clean_data ((const guint8 *) cases[i].bytes, cases[i].len,
                                                   "hostile.jpg", NULL, &error);
      g_assert_null (cleaned);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "hostile.jpg"));
    }
}

/* Extended XMP: the chunks are put back together (ExtendedXMP.jpg stores
 * them out of order) and what the whole packet holds is named, once. */
static guint
count_key (const VeilReport *report, const char *key)
{
  guint n = 0;

  for (guint i = 0; i < report->findings->len; i++)
    n += g_str_equal (((const VeilFinding *) g_ptr_array_index (report->findings, i))->key, key);
  return n;
}

static VeilReport *
inspect_bytes (const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  VeilReport *report = veil_inspect_data (data, len, "x.jpg", &error);

  g_assert_no_error (error);
  return report;
}

static void
test_extended_xmp (void)
{
  g_autoptr(GBytes) ext = veil_test_load_fixture ("jpeg", "exiftool__t_images_ExtendedXMP.jpg");
  g_autoptr(GBytes) google = veil_test_load_fixture ("jpeg", "exiftool__t_images_Google.jpg");
  g_autoptr(VeilReport) r1 = inspect_bytes (g_bytes_get_data (ext, NULL), g_bytes_get_size (ext));
  g_autoptr(VeilReport) r2 = inspect_bytes (g_bytes_get_data (google, NULL), g_bytes_get_size (google));
  const VeilFinding *f;

  /* exiftool -a -G1 -s: [XMP-pdf] Author PhilToo, Producer "Just ExifTool
   * again", CreationDate 2008:10:20 19:54:15; all from the second chunk
   * (offset 425) or both. */
  f = veil_test_find_key (r1, "XMP:pdf:Author");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->value, ==, "PhilToo");
  g_assert_cmpint (f->category, ==, VEIL_CATEGORY_IDENTITY);
  f = veil_test_find_key (r1, "XMP:pdf:Producer");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->value, ==, "Just ExifTool again");
  g_assert_nonnull (veil_test_find_key (r1, "XMP:pdf:CreationDate"));
  g_assert_cmpuint (count_key (r1, "XMP:Extended"), ==, 1);

  /* exiftool: [XMP-GCamera] HdrPlusMakernote, only in the extended packet. */
  f = veil_test_find_key (r2, "XMP:GCamera:HdrPlusMakernote");
  g_assert_nonnull (f);
  g_assert_cmpint (f->category, ==, VEIL_CATEGORY_DEVICE);
  g_assert_cmpuint (count_key (r2, "XMP:Extended"), ==, 1);
}

/* A JPEG: SOI, the given APP1 extension segments, then the rest of
 * ExtendedXMP.jpg without its own extension segments. */
static GByteArray *
with_ext_segments (const guint8 *data, gsize len, GPtrArray *segments)
{
  GByteArray *out = g_byte_array_new ();
  VeilJpegLayout layout;

  g_assert_true (_veil_jpeg_parse (data, len, &layout, NULL));
  g_byte_array_append (out, data, 2);
  for (guint i = 0; i < segments->len; i++)
    {
      GByteArray *seg = g_ptr_array_index (segments, i);
      guint8 header[4] = { 0xFF, 0xE1, (seg->len + 2) >> 8, (seg->len + 2) & 0xFF };

      g_byte_array_append (out, header, 4);
      g_byte_array_append (out, seg->data, seg->len);
    }
  for (guint i = 0; i < layout.parts->len; i++)
    {
      const VeilJpegPart *p = &g_array_index (layout.parts, VeilJpegPart, i);

      if (p->kind == VEIL_JPEG_PART_SEGMENT && p->marker == 0xE1 && p->payload_len > 35 &&
          memcmp (p->payload, "http://ns.adobe.com/xmp/extension/", 35) == 0)
        continue;
      g_byte_array_append (out, data + p->offset, p->size);
    }
  g_byte_array_append (out, (const guint8 *) "\xff\xd9", 2);
  _veil_jpeg_layout_clear (&layout);
  return out;
}

static GByteArray *
ext_segment (guint32 full_len, guint32 offset, const char *chunk, gsize chunk_len)
{
  GByteArray *seg = g_byte_array_new ();
  guint8 n[8];

  g_byte_array_append (seg, (const guint8 *) "http://ns.adobe.com/xmp/extension/", 35);
  g_byte_array_append (seg, (const guint8 *) "04B9E48040A30A6308713BD1E4223B41", 32);
  n[0] = full_len >> 24; n[1] = full_len >> 16; n[2] = full_len >> 8; n[3] = full_len;
  n[4] = offset >> 24; n[5] = offset >> 16; n[6] = offset >> 8; n[7] = offset;
  g_byte_array_append (seg, n, 8);
  g_byte_array_append (seg, (const guint8 *) chunk, chunk_len);
  return seg;
}

/* Chunks that repeat, overlap, go missing, lie about the full length or
 * have no header: never a crash, and what can be read is named. */
static void
test_extended_xmp_damaged (void)
{
  static const char packet[] =
    "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    "<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>"
    "<pdf:Author>Someone</pdf:Author></rdf:Description></rdf:RDF></x:xmpmeta>";
  const gsize plen = sizeof packet - 1, half = plen / 2;
  g_autoptr(GBytes) base = veil_test_load_fixture ("jpeg", "exiftool__t_images_ExtendedXMP.jpg");
  const guint8 *data = g_bytes_get_data (base, NULL);
  gsize len = g_bytes_get_size (base);
  static const struct {
    const char *what;
    guint32     full_len;
    gboolean    readable;
  } cases[] = {
    { "second half, overlap, first half, repeat", sizeof packet - 1, TRUE },
    { "full length far too big", G_MAXUINT32, TRUE },
    { "first half missing", sizeof packet - 1, FALSE },
    { "full length too small", 10, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
      g_autoptr(GByteArray) jpeg = NULL;
      g_autoptr(VeilReport) report = NULL;
      const VeilFinding *f;

      g_test_message ("%s", cases[i].what);
      g_ptr_array_add (segs, ext_segment (cases[i].full_len, half, packet + half, plen - half));
      if (i != 2)
        {
          g_ptr_array_add (segs, ext_segment (cases[i].full_len, half - 20, packet + half - 20, 30));
          g_ptr_array_add (segs, ext_segment (cases[i].full_len, 0, packet, half));
          g_ptr_array_add (segs, ext_segment (cases[i].full_len, 0, packet, half));
        }
      jpeg = with_ext_segments (data, len, segs);
      report = inspect_bytes (jpeg->data, jpeg->len);
      f = veil_test_find_key (report, "XMP:pdf:Author");
      if (cases[i].readable)
        {
          g_assert_nonnull (f);
          g_assert_cmpstr (f->value, ==, "Someone");
        }
      else
        g_assert_null (f);
      g_assert_cmpuint (count_key (report, "XMP:Extended"), ==, 1);
    }

  /* A segment too short for its header, and one chunk with no bytes. */
  {
    g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
    g_autoptr(GByteArray) jpeg = NULL;
    g_autoptr(VeilReport) report = NULL;
    GByteArray *shortseg = g_byte_array_new ();
    const VeilFinding *f;

    g_byte_array_append (shortseg, (const guint8 *) "http://ns.adobe.com/xmp/extension/\0" "04B9", 39);
    g_ptr_array_add (segs, shortseg);
    g_ptr_array_add (segs, ext_segment (100, 0, "", 0));
    jpeg = with_ext_segments (data, len, segs);
    report = inspect_bytes (jpeg->data, jpeg->len);
    g_assert_cmpuint (count_key (report, "XMP:Extended"), ==, 2);
    f = veil_test_find_key (report, "XMP:Extended");
    g_assert_nonnull (f);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jpeg/inspect/gps", test_inspect_gps);
  g_test_add_func ("/jpeg/inspect/gps-units", test_inspect_gps_units);
  g_test_add_func ("/jpeg/inspect/segments", test_inspect_segments);
  g_test_add_func ("/jpeg/clean/fixtures", test_clean_fixtures);
  g_test_add_func ("/jpeg/clean/icc", test_icc_kept_by_default);
  g_test_add_func ("/jpeg/clean/orientation", test_orientation);
  g_test_add_func ("/jpeg/clean/trailer", test_trailer);
  g_test_add_func ("/jpeg/clean/truncated", test_truncated);
  g_test_add_func ("/jpeg/clean/damaged-scan", test_damaged_scan);
  g_test_add_func ("/jpeg/parse/scan-end-random", test_scan_end_random);
  g_test_add_func ("/jpeg/parse/scan-end-fast", test_scan_end_fast_matches_bytewise);
  g_test_add_func ("/jpeg/parse/scan-memo", test_scan_memo);
  g_test_add_func ("/jpeg/clean/file-same-as-data", test_clean_file_same_as_data);
  g_test_add_func ("/jpeg/clean/hostile", test_hostile);
  g_test_add_func ("/jpeg/inspect/extended-xmp", test_extended_xmp);
  g_test_add_func ("/jpeg/inspect/extended-xmp-damaged", test_extended_xmp_damaged);
  return g_test_run ();
}
