/* test-photos-tiff.c: TIFF and DNG inspection and lossless cleaning.
 *
 * The checks read the files with their own small IFD walker, independent of
 * the engine's, so a bug shared by both cannot hide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#ifdef HAVE_GDK_PIXBUF
#include <gdk-pixbuf/gdk-pixbuf.h>
#endif

#include "veil-core.h"
#include "veil-bytes.h"
#include "veil-test-utils.h"

static const char *fixtures[] = {
  "tiff/exifsamples__tiff_Arbitro.tiff",     /* XMP, LZW + predictor, alpha */
  "tiff/exifsamples__tiff_Crémieux11.tiff",  /* Artist, Software, date, ICC */
  "tiff/exifsamples__tiff_Jobagent.tiff",
  "tiff/exifsamples__tiff_Picoawards.tiff",  /* 61 strips */
  "tiff/exifsamples__tiff_Tless0.tiff",      /* ICC */
  "tiff/exiftool__t_images_ExifTool.tif",    /* IPTC, IRB, XMP, EXIF, ICC */
  "tiff/exiftool__t_images_GeoTiff.tif",     /* GeoTIFF georeferencing */
  "dng/exiftool__t_images_DNG.dng",          /* raw in SubIFD, previews, serial */
};

/* ---- An independent reader of image directories ------------------------- */

typedef struct {
  guint32 offset;      /* of the IFD */
  guint32 subfile;
  guint32 width, height;
  GBytes *data;        /* the strips or tiles, concatenated in order */
  GArray *tags;        /* guint16 */
} Image;

static void
image_free (Image *img)
{
  g_bytes_unref (img->data);
  g_array_unref (img->tags);
  g_free (img);
}

typedef struct {
  const guint8 *d;
  gsize len;
  gboolean le;
} Reader;

static guint32
r16 (const Reader *r, gsize at)
{
  g_assert_true (veil_range_ok (r->len, at, 2));
  return r->le ? veil_read_le16 (r->d + at) : veil_read_be16 (r->d + at);
}

static guint32
r32 (const Reader *r, gsize at)
{
  g_assert_true (veil_range_ok (r->len, at, 4));
  return r->le ? veil_read_le32 (r->d + at) : veil_read_be32 (r->d + at);
}

/* Value i of an entry of SHORT or LONG integers (any count). */
static guint32
entry_value (const Reader *r, gsize entry, guint32 i)
{
  guint32 type = r16 (r, entry + 2), count = r32 (r, entry + 4);
  guint size = type == 3 ? 2 : 4;
  gsize at = (gsize) count * size <= 4 ? entry + 8 : r32 (r, entry + 8);

  g_assert_cmpuint (i, <, count);
  return size == 2 ? r16 (r, at + i * 2) : r32 (r, at + (gsize) i * 4);
}

static void
walk (const Reader *r, guint32 off, gboolean chain, guint depth, GPtrArray *out)
{
  while (off != 0)
    {
      guint n = r16 (r, off);
      Image *img = g_new0 (Image, 1);
      g_autoptr(GByteArray) data = g_byte_array_new ();
      gsize offs = 0, counts = 0, subs = 0;

      g_assert_cmpuint (out->len, <, 100);
      img->offset = off;
      img->tags = g_array_new (FALSE, FALSE, sizeof (guint16));
      for (guint i = 0; i < n; i++)
        {
          gsize e = off + 2 + i * 12;
          guint16 tag = r16 (r, e);

          g_array_append_val (img->tags, tag);
          switch (tag)
            {
            case 254: img->subfile = entry_value (r, e, 0); break;
            case 256: img->width = entry_value (r, e, 0); break;
            case 257: img->height = entry_value (r, e, 0); break;
            case 273: case 324: offs = e; break;
            case 279: case 325: counts = e; break;
            case 330: subs = e; break;
            default: break;
            }
        }
      if (offs != 0)
        {
          guint32 count = r32 (r, offs + 4);
          g_assert_cmpuint (count, ==, r32 (r, counts + 4));
          for (guint32 i = 0; i < count; i++)
            {
              guint32 o = entry_value (r, offs, i), c = entry_value (r, counts, i);
              g_assert_true (veil_range_ok (r->len, o, c));
              g_byte_array_append (data, r->d + o, c);
            }
        }
      img->data = g_byte_array_free_to_bytes (g_steal_pointer (&data));
      g_ptr_array_add (out, img);
      if (subs != 0 && depth < 2)
        for (guint32 i = 0; i < r32 (r, subs + 4); i++)
          walk (r, entry_value (r, subs, i), FALSE, depth + 1, out);
      off = chain ? r32 (r, off + 2 + n * 12) : 0;
    }
}

static GPtrArray *
read_images (GBytes *bytes)
{
  Reader r;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) image_free);

  r.d = g_bytes_get_data (bytes, &r.len);
  g_assert_cmpuint (r.len, >=, 8);
  r.le = r.d[0] == 'I';
  walk (&r, r32 (&r, 4), TRUE, 0, out);
  return out;
}

static gboolean
has_tag (const Image *img, guint16 tag)
{
  for (guint i = 0; i < img->tags->len; i++)
    if (g_array_index (img->tags, guint16, i) == tag)
      return TRUE;
  return FALSE;
}

/* ---- Inspection ----------------------------------------------------------- */

static VeilReport *
inspect_fixture (const char *name)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture (NULL, name);
  g_autoptr(GError) error = NULL;
  VeilReport *report = veil_inspect_data (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), name, &error);
  g_assert_no_error (error);
  return report;
}

/* What exiftool -a -G1 -s shows in each fixture is named. */
static void
test_inspect_findings (void)
{
  static const struct { const char *file; const char *key; VeilCategory category; const char *value; } cases[] = {
    { "tiff/exiftool__t_images_ExifTool.tif", "EXIF:Make", VEIL_CATEGORY_DEVICE, "Canon" },
    { "tiff/exiftool__t_images_ExifTool.tif", "EXIF:Model", VEIL_CATEGORY_DEVICE, "Canon EOS DIGITAL REBEL" },
    { "tiff/exiftool__t_images_ExifTool.tif", "EXIF:ImageDescription", VEIL_CATEGORY_IDENTITY, "The picture caption" },
    { "tiff/exiftool__t_images_ExifTool.tif", "EXIF:Software", VEIL_CATEGORY_SOFTWARE, "GraphicConverter" },
    { "tiff/exiftool__t_images_ExifTool.tif", "EXIF:DateTime", VEIL_CATEGORY_TIME, NULL },
    { "tiff/exiftool__t_images_ExifTool.tif", "ICC:Profile", VEIL_CATEGORY_OTHER, NULL },
    { "tiff/exifsamples__tiff_Crémieux11.tiff", "EXIF:Artist", VEIL_CATEGORY_IDENTITY, "Jean Cornillon" },
    { "tiff/exifsamples__tiff_Crémieux11.tiff", "EXIF:Software", VEIL_CATEGORY_SOFTWARE, "Mac OS X 10.5.8 (9L31a)" },
    { "tiff/exiftool__t_images_GeoTiff.tif", "GeoTIFF:Georeferencing", VEIL_CATEGORY_LOCATION, NULL },
    { "dng/exiftool__t_images_DNG.dng", "DNG:CameraSerialNumber", VEIL_CATEGORY_DEVICE, "012345678" },
    { "dng/exiftool__t_images_DNG.dng", "DNG:OriginalRawFileName", VEIL_CATEGORY_IDENTITY, "Canon350D.CR2" },
    { "dng/exiftool__t_images_DNG.dng", "DNG:LocalizedCameraModel", VEIL_CATEGORY_DEVICE, "Canon EOS 350D Digital" },
    { "dng/exiftool__t_images_DNG.dng", "DNG:RawDataUniqueID", VEIL_CATEGORY_HIDDEN, NULL },
    { "dng/exiftool__t_images_DNG.dng", "DNG:PreviewImage", VEIL_CATEGORY_THUMBNAIL, NULL },
    { "dng/exiftool__t_images_DNG.dng", "EXIF:Artist", VEIL_CATEGORY_IDENTITY, "unknown" },
    { "dng/exiftool__t_images_DNG.dng", "EXIF:DateTimeOriginal", VEIL_CATEGORY_TIME, NULL },
    { "dng/exiftool__t_images_DNG.dng", "DNG:PrivateData", VEIL_CATEGORY_DEVICE, NULL }, /* holds the Canon maker notes */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VeilReport) report = inspect_fixture (cases[i].file);
      const VeilFinding *f = veil_test_find_key (report, cases[i].key);

      if (f == NULL)
        g_error ("%s: no finding %s", cases[i].file, cases[i].key);
      g_assert_cmpint (f->category, ==, cases[i].category);
      g_assert_cmpstr (f->explanation, !=, "");
      if (cases[i].value != NULL)
        g_assert_cmpstr (f->value, ==, cases[i].value);
    }
}

static void
test_inspect_blocks (void)
{
  g_autoptr(VeilReport) tool = inspect_fixture ("tiff/exiftool__t_images_ExifTool.tif");
  g_autoptr(VeilReport) arbitro = inspect_fixture ("tiff/exifsamples__tiff_Arbitro.tiff");
  g_autoptr(VeilReport) dng = inspect_fixture ("dng/exiftool__t_images_DNG.dng");
  g_autoptr(VeilReport) geo = inspect_fixture ("tiff/exiftool__t_images_GeoTiff.tif");
  const VeilFinding *f;

  g_assert_cmpint (tool->format, ==, VEIL_FORMAT_TIFF);
  g_assert_cmpint (dng->format, ==, VEIL_FORMAT_DNG);
  g_assert_true (veil_report_has_key_prefix (tool, "IPTC"));
  g_assert_true (veil_report_has_key_prefix (arbitro, "XMP"));
  g_assert_true (veil_report_has_key_prefix (dng, "XMP"));

  /* The DNG's required camera model is found (a clean neutralises it), and
   * so is the calibration measured for this one camera. */
  f = veil_test_find_key (dng, "DNG:UniqueCameraModel");
  g_assert_nonnull (f);
  g_assert_false (f->kept);
  g_assert_cmpstr (f->value, ==, "Canon EOS 350D");
  g_assert_nonnull (veil_test_find_key (dng, "DNG:CameraCalibration1"));
  g_assert_nonnull (veil_test_find_key (dng, "DNG:CameraCalibration2"));

  /* "Hough UTM zone 17N" and the tie point's easting, northing. */
  f = veil_test_find_key (geo, "GeoTIFF:Georeferencing");
  g_assert_nonnull (strstr (f->value, "UTM zone 17N"));
  g_assert_nonnull (strstr (f->explanation, "place on Earth"));
}

/* ---- Cleaning ------------------------------------------------------------- */

#ifdef HAVE_GDK_PIXBUF
static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("tiff", NULL);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;

  if (loader == NULL)
    return NULL;
  if (!gdk_pixbuf_loader_write (loader, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error) ||
      !gdk_pixbuf_loader_close (loader, &error))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf != NULL ? g_object_ref (pixbuf) : NULL;
}
#endif

/* Each kept image holds the same bytes as an image of the input, and the
 * output holds every page and main image of the input. */
static void
assert_images_kept (const char *name, GBytes *in, GBytes *out)
{
  g_autoptr(GPtrArray) a = read_images (in);
  g_autoptr(GPtrArray) b = read_images (out);
  guint expected = 0;

  for (guint i = 0; i < a->len; i++)
    {
      const Image *img = g_ptr_array_index (a, i);
      if (i == 0 || (img->subfile & ~4u) == 0)
        expected++;
    }
  g_assert_cmpuint (b->len, ==, expected);
  for (guint i = 0; i < b->len; i++)
    {
      const Image *o = g_ptr_array_index (b, i);
      gboolean found = FALSE;

      for (guint k = 0; k < a->len && !found; k++)
        {
          const Image *src = g_ptr_array_index (a, k);
          found = src->width == o->width && src->height == o->height &&
                  src->subfile == o->subfile && g_bytes_equal (src->data, o->data);
        }
      if (!found)
        g_error ("%s: image %u of the cleaned file matches no input image", name, i);
      g_assert_cmpuint (g_bytes_get_size (o->data), >, 0);
      /* Nothing but the structure is left. */
      {
        static const guint16 gone[] = { 270, 271, 272, 305, 306, 315, 33432, 34665, 34853, 700,
                                        33723, 34377, 50735, 50827, 50740, 33922, 34735 };
        for (gsize g = 0; g < G_N_ELEMENTS (gone); g++)
          g_assert_false (has_tag (o, gone[g]));
      }
    }
}

static void
test_clean_fixtures (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) in = veil_test_load_fixture (NULL, fixtures[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) out = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in),
                                               fixtures[i], NULL, &error);
      g_autoptr(VeilReport) before = NULL, after = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (out);
      before = veil_inspect_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), "in", NULL);
      after = veil_inspect_data (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "out", &error);
      g_assert_no_error (error);
      g_assert_cmpint (after->format, ==, before->format);
      /* Jobagent, Picoawards and Tless0 (a kept colour profile) carry no
       * removable metadata: they must still clean. */
      if (strstr (fixtures[i], "Jobagent") == NULL && strstr (fixtures[i], "Picoawards") == NULL &&
          strstr (fixtures[i], "Tless0") == NULL)
        g_assert_cmpuint (veil_report_count_removable (before), >, 0);
      g_assert_cmpuint (veil_report_count_removable (after), ==, 0);
      g_assert_cmpuint (g_bytes_get_size (out), <=, g_bytes_get_size (in));
      /* TIFF wants IFDs on even offsets. */
      {
        const guint8 *o = g_bytes_get_data (out, NULL);
        guint32 ifd0 = o[0] == 'I' ? veil_read_le32 (o + 4) : veil_read_be32 (o + 4);
        g_assert_cmpuint (ifd0 % 2, ==, 0);
      }
      assert_images_kept (fixtures[i], in, out);

      /* Cleaning twice changes nothing more. */
      {
        g_autoptr(GBytes) again = veil_clean_data (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                                                   "again", NULL, &error);
        g_assert_no_error (error);
        g_assert_true (g_bytes_equal (again, out));
      }

#ifdef HAVE_GDK_PIXBUF
      if (before->format == VEIL_FORMAT_TIFF)
        {
          g_autoptr(GdkPixbuf) a = decode (in);
          g_autoptr(GdkPixbuf) b = decode (out);

          if (a == NULL)
            continue; /* gdk-pixbuf cannot read this one (GeoTIFF's 8-bit grey) */
          g_assert_nonnull (b);
          g_assert_cmpint (gdk_pixbuf_get_width (a), ==, gdk_pixbuf_get_width (b));
          g_assert_cmpint (gdk_pixbuf_get_height (a), ==, gdk_pixbuf_get_height (b));
          g_assert_cmpmem (gdk_pixbuf_read_pixels (a), gdk_pixbuf_get_byte_length (a),
                           gdk_pixbuf_read_pixels (b), gdk_pixbuf_get_byte_length (b));
        }
#endif
    }
}

static void
test_clean_dng (void)
{
  g_autoptr(GBytes) in = veil_test_load_fixture (NULL, "dng/exiftool__t_images_DNG.dng");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in),
                                           "DNG.dng", NULL, &error);
  g_autoptr(GPtrArray) images = NULL;
  const Image *ifd0, *raw;

  g_assert_no_error (error);
  g_assert_cmpint (veil_format_detect (g_bytes_get_data (out, NULL), g_bytes_get_size (out)), ==,
                   VEIL_FORMAT_DNG);
  images = read_images (out);
  /* IFD0 (the thumbnail, with the shared DNG tags) and the raw SubIFD;
   * both previews are gone. */
  g_assert_cmpuint (images->len, ==, 2);
  ifd0 = g_ptr_array_index (images, 0);
  raw = g_ptr_array_index (images, 1);
  g_assert_cmpuint (ifd0->subfile, ==, 1);
  g_assert_cmpuint (raw->subfile, ==, 0);
  g_assert_cmpuint (raw->width, ==, 3516);
  for (gsize i = 0; i < 8; i++)
    {
      /* What a raw developer needs stays. */
      static const guint16 needed[] = { 50706, 50708, 50721, 50722, 50728, 50778, 274, 330 };
      g_assert_true (has_tag (ifd0, needed[i]));
    }
  g_assert_true (has_tag (raw, 50717)); /* WhiteLevel */
  g_assert_true (has_tag (raw, 50829)); /* ActiveArea */
  g_assert_true (has_tag (raw, 33422)); /* CFAPattern */
  g_assert_false (has_tag (ifd0, 50709)); /* LocalizedCameraModel */
  g_assert_false (has_tag (ifd0, 50723)); /* CameraCalibration1 */
  g_assert_false (has_tag (ifd0, 50724)); /* CameraCalibration2 */
  {
    /* The required camera model is there, with the neutral name. */
    g_autoptr(VeilReport) r = veil_inspect_data (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "DNG.dng", NULL);
    g_assert_null (veil_test_find_key (r, "DNG:UniqueCameraModel"));
    g_assert_nonnull (memmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "Camera\0", 7));
    g_assert_null (memmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "350D", 4));
  }
  g_assert_false (has_tag (ifd0, 50781)); /* RawDataUniqueID */
}

static void
test_clean_drop_icc (void)
{
  g_autoptr(GBytes) in = veil_test_load_fixture (NULL, "tiff/exiftool__t_images_ExifTool.tif");
  VeilCleanOptions options = { .drop_icc = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) kept = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), "a", NULL, &error);
  g_autoptr(GBytes) dropped = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), "a", &options, &error);
  g_autoptr(VeilReport) r1 = NULL, r2 = NULL;

  g_assert_no_error (error);
  r1 = veil_inspect_data (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "a", NULL);
  r2 = veil_inspect_data (g_bytes_get_data (dropped, NULL), g_bytes_get_size (dropped), "a", NULL);
  g_assert_true (veil_report_has_key_prefix (r1, "ICC"));
  g_assert_false (veil_report_has_key_prefix (r2, "ICC"));
  g_assert_cmpuint (g_bytes_get_size (dropped), <, g_bytes_get_size (kept));
}

/* mat2's dirty.tiff (900 KB, kept in ../shared): EXIF with an Olympus maker
 * note holding the serial number. */
static void
test_clean_shared_dirty (void)
{
  g_autofree char *path = veil_test_shared_path ("corpus/tiff/mat2__tests_data_dirty.tiff");
  g_autoptr(GBytes) in = NULL, out = NULL;
  g_autoptr(VeilReport) before = NULL, after = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  in = veil_test_load (path);
  before = veil_inspect_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (veil_test_find_key (before, "EXIF:DateTimeOriginal"));
  g_assert_nonnull (veil_test_find_key (before, "EXIF:MakerNote"));
  out = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), path, NULL, &error);
  g_assert_no_error (error);
  after = veil_inspect_data (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "out", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (after), ==, 0);
  assert_images_kept (path, in, out);
}

/* exiftool, where installed, agrees that nothing is left. */
static void
test_exiftool_residue (void)
{
  g_autofree char *exiftool = veil_test_find_exiftool ();
  g_autofree char *dir = NULL;

  if (exiftool == NULL)
    return;
  dir = veil_test_mkdtemp ();
  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) in = veil_test_load_fixture (NULL, fixtures[i]);
      g_autoptr(GBytes) out = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in),
                                               fixtures[i], NULL, NULL);
      g_autofree char *file = g_build_filename (dir, "cleaned.tif", NULL);
      g_autofree char *stdout_text = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_nonnull (out);
      g_assert_true (g_file_set_contents (file, g_bytes_get_data (out, NULL), g_bytes_get_size (out), NULL));
      stdout_text = veil_test_exiftool_read (exiftool, file);
      lines = g_strsplit (stdout_text, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          static const char *allowed[] = { "[ExifTool]", "[System]", "[File]", "[IFD", "[SubIFD",
                                           "[ICC", "[Composite]" };
          static const char *gone[] = { "Make", "Model", "Artist", "Software", "ModifyDate",
                                        "Copyright", "ImageDescription", "CameraSerialNumber",
                                        "OriginalRawFileName", "LocalizedCameraModel",
                                        "RawDataUniqueID", "PreviewImage", "JpgFromRaw" };
          g_auto(GStrv) words = g_strsplit_set (lines[l], " \t", -1);
          const char *name = NULL;
          gboolean ok = lines[l][0] == '\0';

          for (guint w = 1; words[0] != NULL && words[w] != NULL && name == NULL; w++)
            if (words[w][0] != '\0')
              name = words[w];
          for (gsize a = 0; a < G_N_ELEMENTS (allowed) && !ok; a++)
            ok = g_str_has_prefix (lines[l], allowed[a]);
          for (gsize g = 0; g < G_N_ELEMENTS (gone) && ok && name != NULL; g++)
            ok = !g_str_equal (name, gone[g]);
          if (!ok)
            g_error ("%s: exiftool still shows: %s", fixtures[i], lines[l]);
        }
    }
  veil_test_rmdir (dir);
}

/* ---- Hostile files -------------------------------------------------------- */

typedef struct {
  guint16 tag, type;
  guint32 count, value;
} Tag;

/* A little-endian TIFF: an 8-byte header, 64 bytes of "pixels" at 8, and
 * IFD0 at 72 with the given tags (values inline), next IFD `next`. */
static GBytes *
make_tiff (const Tag *tags, guint n, guint32 next, const char *magic)
{
  GByteArray *a = g_byte_array_new ();
  guint8 buf[12];

  g_byte_array_append (a, (const guint8 *) magic, 4);
  veil_write_le32 (buf, 72);
  g_byte_array_append (a, buf, 4);
  for (guint i = 0; i < 64; i++)
    {
      guint8 px = (guint8) (i * 3);
      g_byte_array_append (a, &px, 1);
    }
  veil_write_le16 (buf, (guint16) n);
  g_byte_array_append (a, buf, 2);
  for (guint i = 0; i < n; i++)
    {
      veil_write_le16 (buf, tags[i].tag);
      veil_write_le16 (buf + 2, tags[i].type);
      veil_write_le32 (buf + 4, tags[i].count);
      veil_write_le32 (buf + 8, tags[i].value);
      g_byte_array_append (a, buf, 12);
    }
  veil_write_le32 (buf, next);
  g_byte_array_append (a, buf, 4);
  return g_byte_array_free_to_bytes (a);
}

#define GREY_8x8(offsets_count, offset, bytes) \
  { 256, 3, 1, 8 }, { 257, 3, 1, 8 }, { 258, 3, 1, 8 }, { 259, 3, 1, 1 }, { 262, 3, 1, 1 }, \
  { 273, 4, offsets_count, offset }, { 277, 3, 1, 1 }, { 278, 3, 1, 8 }, { 279, 4, offsets_count, bytes }

static void
assert_refused (GBytes *bytes, const char *what, gint code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GBytes) out = veil_clean_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                           what, NULL, &error);
  g_autoptr(VeilReport) report = veil_inspect_data (g_bytes_get_data (bytes, NULL),
                                                    g_bytes_get_size (bytes), what, &error2);
  if (out != NULL)
    g_error ("%s: cleaned without error", what);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VEIL_METADATA_ERROR);
  if (code >= 0)
    g_assert_cmpint (error->code, ==, code);
  g_assert_nonnull (error2);
}

static void
test_hostile (void)
{
  /* The well-formed base case cleans, so the refusals below mean something. */
  {
    const Tag tags[] = { GREY_8x8 (1, 8, 64), { 315, 2, 4, 0x00626F42 /* "Bob" */ } };
    g_autoptr(GBytes) ok = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) out = veil_clean_data (g_bytes_get_data (ok, NULL), g_bytes_get_size (ok), "ok", NULL, &error);
    g_autoptr(VeilReport) report = veil_inspect_data (g_bytes_get_data (ok, NULL), g_bytes_get_size (ok), "ok", NULL);

    g_assert_no_error (error);
    g_assert_nonnull (veil_test_find_key (report, "EXIF:Artist"));
    g_assert_null (memmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "Bob", 3));
  }
  {
    const Tag tags[] = { GREY_8x8 (1, 8, 64) };
    g_autoptr(GBytes) loop = make_tiff (tags, G_N_ELEMENTS (tags), 72, "II*\0");
    assert_refused (loop, "IFD loop", VEIL_METADATA_ERROR_MALFORMED);
  }
  {
    const Tag tags[] = { GREY_8x8 (1, 8, 64) };
    g_autoptr(GBytes) next = make_tiff (tags, G_N_ELEMENTS (tags), 1u << 30, "II*\0");
    assert_refused (next, "next IFD past the end", VEIL_METADATA_ERROR_TRUNCATED);
  }
  {
    const Tag tags[] = { GREY_8x8 (1, 100000, 64) };
    g_autoptr(GBytes) past = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    assert_refused (past, "strip past the end", VEIL_METADATA_ERROR_TRUNCATED);
  }
  {
    const Tag tags[] = { GREY_8x8 (1, 8, 0xFFFFFFF0u) };
    g_autoptr(GBytes) huge = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    assert_refused (huge, "strip of 4 GB", VEIL_METADATA_ERROR_TRUNCATED);
  }
  {
    const Tag tags[] = { GREY_8x8 (0xFFFFFFFFu, 8, 64) };
    g_autoptr(GBytes) count = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    assert_refused (count, "count of 2^32", -1);
  }
  {
    /* Two strips, [8, 48) and [40, 72): they overlap. The arrays sit in
     * the pixel area, which is fine for a hostile file. */
    g_autoptr(GBytes) base = NULL;
    GByteArray *a;
    const Tag tags[] = { GREY_8x8 (2, 16, 24) };

    base = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    a = g_byte_array_new ();
    g_byte_array_append (a, g_bytes_get_data (base, NULL), g_bytes_get_size (base));
    veil_write_le32 (a->data + 16, 8);   /* offsets */
    veil_write_le32 (a->data + 20, 40);
    veil_write_le32 (a->data + 24, 40);  /* counts */
    veil_write_le32 (a->data + 28, 32);
    {
      g_autoptr(GBytes) overlap = g_byte_array_free_to_bytes (a);
      assert_refused (overlap, "overlapping strips", VEIL_METADATA_ERROR_MALFORMED);
    }
  }
  {
    const Tag tags[] = { GREY_8x8 (1, 8, 64) };
    g_autoptr(GBytes) big = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II+\0");
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (veil_format_detect (g_bytes_get_data (big, NULL), g_bytes_get_size (big)), ==, VEIL_FORMAT_TIFF);
    assert_refused (big, "BigTIFF", VEIL_METADATA_ERROR_UNSUPPORTED);
    g_assert_null (veil_clean_data (g_bytes_get_data (big, NULL), g_bytes_get_size (big), "big", NULL, &error));
    g_assert_nonnull (strstr (error->message, "BigTIFF"));
  }
  {
    /* Colour filter array data without DNGVersion: a NEF/ARW-like raw. */
    const Tag tags[] = { { 256, 3, 1, 8 }, { 257, 3, 1, 8 }, { 258, 3, 1, 8 }, { 259, 3, 1, 1 },
                         { 262, 3, 1, 32803 }, { 273, 4, 1, 8 }, { 277, 3, 1, 1 }, { 278, 3, 1, 8 },
                         { 279, 4, 1, 64 } };
    g_autoptr(GBytes) raw = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    assert_refused (raw, "raw", VEIL_METADATA_ERROR_UNSUPPORTED);
  }
  {
    /* A SubIFD pointing at its own parent. */
    const Tag tags[] = { GREY_8x8 (1, 8, 64), { 330, 4, 1, 72 } };
    g_autoptr(GBytes) loop = make_tiff (tags, G_N_ELEMENTS (tags), 0, "II*\0");
    assert_refused (loop, "SubIFD loop", VEIL_METADATA_ERROR_MALFORMED);
  }
}

/* A file cut anywhere inside or before one of its image directories is
 * refused, never half-cleaned. */
static void
test_truncated (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) in = veil_test_load_fixture (NULL, fixtures[i]);
      g_autoptr(GPtrArray) images = read_images (in);

      for (guint k = 0; k < images->len; k++)
        {
          const Image *img = g_ptr_array_index (images, k);
          static const guint cuts[] = { 0, 1, 2, 13, 26 };

          for (gsize c = 0; c < G_N_ELEMENTS (cuts); c++)
            {
              g_autoptr(GBytes) cut = g_bytes_new_from_bytes (in, 0, img->offset + cuts[c]);
              g_autofree char *what = g_strdup_printf ("%s cut at %u", fixtures[i], img->offset + cuts[c]);
              assert_refused (cut, what, -1);
            }
        }
    }
}

/* Several pages stay several pages, each cleaned. */
static void
test_multipage (void)
{
  GByteArray *a = g_byte_array_new ();
  g_autoptr(GBytes) in = NULL, out = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;
  const Tag page1[] = { GREY_8x8 (1, 8, 32), { 297, 3, 2, 0x00020000 }, { 315, 2, 4, 0x00626F42 } };
  const Tag page2[] = { GREY_8x8 (1, 40, 32), { 297, 3, 2, 0x00020001 }, { 305, 2, 4, 0x00584F42 } };
  g_autoptr(GBytes) first = make_tiff (page1, G_N_ELEMENTS (page1), 0, "II*\0");
  guint32 second_at;
  guint8 buf[12];

  g_byte_array_append (a, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  second_at = a->len;
  veil_write_le32 (a->data + a->len - 4, second_at);
  veil_write_le16 (buf, G_N_ELEMENTS (page2));
  g_byte_array_append (a, buf, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (page2); i++)
    {
      veil_write_le16 (buf, page2[i].tag);
      veil_write_le16 (buf + 2, page2[i].type);
      veil_write_le32 (buf + 4, page2[i].count);
      veil_write_le32 (buf + 8, page2[i].value);
      g_byte_array_append (a, buf, 12);
    }
  memset (buf, 0, 4);
  g_byte_array_append (a, buf, 4);
  in = g_byte_array_free_to_bytes (a);

  out = veil_clean_data (g_bytes_get_data (in, NULL), g_bytes_get_size (in), "pages", NULL, &error);
  g_assert_no_error (error);
  images = read_images (out);
  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpuint (g_bytes_get_size (((Image *) g_ptr_array_index (images, 0))->data), ==, 32);
  g_assert_true (has_tag (g_ptr_array_index (images, 1), 297));
  g_assert_false (has_tag (g_ptr_array_index (images, 1), 305));
  g_assert_null (memmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), "BOX", 3));
  assert_images_kept ("pages", in, out);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tiff/inspect/findings", test_inspect_findings);
  g_test_add_func ("/tiff/inspect/blocks", test_inspect_blocks);
  g_test_add_func ("/tiff/clean/fixtures", test_clean_fixtures);
  g_test_add_func ("/tiff/clean/dng", test_clean_dng);
  g_test_add_func ("/tiff/clean/drop-icc", test_clean_drop_icc);
  g_test_add_func ("/tiff/clean/multipage", test_multipage);
  g_test_add_func ("/tiff/clean/shared-dirty", test_clean_shared_dirty);
  g_test_add_func ("/tiff/clean/exiftool", test_exiftool_residue);
  g_test_add_func ("/tiff/clean/hostile", test_hostile);
  g_test_add_func ("/tiff/clean/truncated", test_truncated);
  return g_test_run ();
}
