/* test-photos-heif.c: HEIF/AVIF photos: findings, lossless clean, hostile item
 * tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-bytes.h"
#include "veil-test-utils.h"

static GBytes *
load (const char *relative)
{
  g_autofree char *path = veil_test_data_path (relative);
  return veil_test_load (path);
}

static gboolean
has_key (const VeilReport *report, const char *key)
{
  for (guint i = 0; i < report->findings->len; i++)
    if (g_str_equal (((VeilFinding *) g_ptr_array_index (report->findings, i))->key, key))
      return TRUE;
  return FALSE;
}

static void
test_inspect (void)
{
  g_autoptr(GBytes) avif = load ("heif/mat2__tests_data_dirty.avif");
  g_autoptr(GBytes) heif = load ("heif/exifsamples__heic_samplefilehub.heif");
  g_autoptr(GBytes) plain = load ("heif/exiftool__t_images_QuickTime.heic");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) r1 = veil_inspect_data (g_bytes_get_data (avif, NULL), g_bytes_get_size (avif), "a.avif", &error);
  g_autoptr(VeilReport) r2 = veil_inspect_data (g_bytes_get_data (heif, NULL), g_bytes_get_size (heif), "h.heif", &error);
  g_autoptr(VeilReport) r3 = veil_inspect_data (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), "q.heic", &error);

  g_assert_no_error (error);
  /* exiftool -a -G1: [IFD0] Artist: jvoisin, [XMP-dc] Description. */
  g_assert_cmpint (r1->format, ==, VEIL_FORMAT_AVIF);
  g_assert_true (has_key (r1, "EXIF:Artist"));
  g_assert_true (veil_report_has_key_prefix (r1, "XMP"));
  /* [IFD0] Orientation, [XMP-x] XMPToolkit. */
  g_assert_cmpint (r2->format, ==, VEIL_FORMAT_HEIF);
  g_assert_true (veil_report_has_key_prefix (r2, "XMP"));
  g_assert_true (has_key (r2, "EXIF:Orientation"));
  /* No metadata at all, but a thumbnail (iref thmb), kept. */
  g_assert_cmpuint (veil_report_count_removable (r3), ==, 0);
  g_assert_true (has_key (r3, "HEIF:Thumbnail"));
}

/* Cleaning may only change bytes inside the meta box, or set removed
 * items' bytes to zero; the file keeps its size, so no offset moves. */
static void
check_clean (GBytes *original, const char *name, gboolean expect_change)
{
  gsize olen, clen;
  const guint8 *o = g_bytes_get_data (original, &olen);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (o, olen, name, NULL, &error);
  g_autoptr(VeilReport) after = NULL;
  const guint8 *c;
  guint64 meta_start = 0, meta_end = 0, pos = 0;
  gsize changed = 0;

  g_assert_no_error (error);
  c = g_bytes_get_data (cleaned, &clen);
  g_assert_cmpuint (clen, ==, olen);
  while (pos + 8 <= olen)
    {
      guint64 size = veil_read_be32 (o + pos);
      if (size == 1)
        size = veil_read_be64 (o + pos + 8);
      if (memcmp (o + pos + 4, "meta", 4) == 0)
        {
          meta_start = pos;
          meta_end = pos + size;
          break;
        }
      g_assert_cmpuint (size, >=, 8);
      pos += size;
    }
  g_assert_cmpuint (meta_end, >, meta_start);
  for (gsize i = 0; i < olen; i++)
    if (o[i] != c[i] && (i < meta_start || i >= meta_end))
      {
        g_assert_cmpuint (c[i], ==, 0);
        changed++;
      }
  if (expect_change)
    g_assert_true (memcmp (o, c, olen) != 0);
  after = veil_inspect_data (c, clen, name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (veil_report_count_removable (after), ==, 0);
  g_assert_false (veil_report_has_key_prefix (after, "EXIF:"));
  g_assert_false (veil_report_has_key_prefix (after, "XMP"));
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes zeroed outside meta", name, changed);

  /* Where libheif is installed, the picture decodes to the same pixels. */
  {
    g_autofree char *convert = g_find_program_in_path ("heif-convert");
    if (convert != NULL)
      {
        g_autofree char *dir = veil_test_mkdtemp ();
        g_autofree char *a = g_build_filename (dir, "a.heic", NULL);
        g_autofree char *b = g_build_filename (dir, "b.heic", NULL);
        g_autofree char *ay = g_build_filename (dir, "a.y4m", NULL);
        g_autofree char *by = g_build_filename (dir, "b.y4m", NULL);
        const char *argv_a[] = { convert, a, ay, NULL };
        const char *argv_b[] = { convert, b, by, NULL };
        g_autofree char *pa = NULL, *pb = NULL;
        gsize la, lb;
        int sa, sb;

        g_assert_true (g_file_set_contents (a, (const char *) o, olen, NULL));
        g_assert_true (g_file_set_contents (b, (const char *) c, clen, NULL));
        g_spawn_sync (NULL, (char **) argv_a, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &sa, NULL);
        g_spawn_sync (NULL, (char **) argv_b, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &sb, NULL);
        if (g_file_get_contents (ay, &pa, &la, NULL))
          {
            g_assert_true (g_file_get_contents (by, &pb, &lb, NULL));
            g_assert_cmpuint (la, ==, lb);
            g_assert_true (memcmp (pa, pb, la) == 0);
          }
        g_unlink (a); g_unlink (b); g_unlink (ay); g_unlink (by);
        veil_test_rmdir (dir);
      }
  }
}

static void
test_clean_fixtures (void)
{
  g_autoptr(GBytes) avif = load ("heif/mat2__tests_data_dirty.avif");
  g_autoptr(GBytes) heif = load ("heif/exifsamples__heic_samplefilehub.heif");
  g_autoptr(GBytes) plain = load ("heif/exiftool__t_images_QuickTime.heic");

  check_clean (avif, "dirty.avif", TRUE);
  check_clean (heif, "samplefilehub.heif", TRUE);
  check_clean (plain, "QuickTime.heic", FALSE);
}

/* Phone photos too big to ship: read from ../shared when it is there. */
static void
test_clean_phones (gconstpointer data)
{
  g_autofree char *path = veil_test_shared_path (data);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VeilReport) before = NULL;

  if (path == NULL)
    return;
  bytes = veil_test_load (path);
  before = veil_inspect_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path, NULL);
  g_assert_nonnull (before);
  g_assert_cmpuint (veil_report_count_removable (before), >, 0);
  check_clean (bytes, path, TRUE);
}

static void
test_exiftool (void)
{
  const char *files[] = { "heif/mat2__tests_data_dirty.avif", "heif/exifsamples__heic_samplefilehub.heif" };
  g_autofree char *exiftool = veil_test_find_exiftool ();
  g_autofree char *dir = NULL;

  if (exiftool == NULL)
    return;
  dir = veil_test_mkdtemp ();
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = veil_test_data_path (files[i]);
      g_autofree char *dest = g_build_filename (dir, "out.heic", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_assert_true (veil_clean_file (src, dest, FALSE, NULL, &error));
      out = veil_test_exiftool_read (exiftool, dest);
      g_assert_nonnull (strstr (out, "[QuickTime]")); /* exiftool did read it */
      g_assert_null (strstr (out, "GPS"));
      g_assert_null (strstr (out, "Artist"));
      g_assert_null (strstr (out, "Make"));
      g_assert_null (strstr (out, "Model"));
      g_assert_null (strstr (out, "Software"));
      g_assert_null (strstr (out, "[XMP"));
      g_assert_null (strstr (out, "[IFD0]"));
      g_assert_null (strstr (out, "Warning"));
      g_unlink (dest);
    }
  veil_test_rmdir (dir);
}

/* A synthetic HEIF: ftyp, mdat (picture, Exif), meta describing both.
 * mdat comes first so the offsets are known when meta is written. */
typedef struct {
  guint32 exif_offset_delta;  /* added to the Exif extent's offset */
  guint32 iloc_count;         /* 0: the real count */
  gboolean loop;              /* dimg references 1 -> 3 -> 1 */
  gboolean deep_size;         /* iinf claims to be larger than meta */
} Shape;

static gsize
begin (GByteArray *b, const char *type)
{
  gsize at = b->len;
  g_byte_array_append (b, (const guint8 *) "\0\0\0\0", 4);
  g_byte_array_append (b, (const guint8 *) type, 4);
  return at;
}

static void
end (GByteArray *b, gsize at)
{
  veil_write_be32 (b->data + at, (guint32) (b->len - at));
}

static void
be (GByteArray *b, guint32 v, guint n)
{
  guint8 x[4];
  veil_write_be32 (x, v);
  g_byte_array_append (b, x + 4 - n, n);
}

static GByteArray *
make_heif (const Shape *s)
{
  static const guint8 tiff[] = "MM\0*\0\0\0\x08\0\x01\x01\x0f\0\x02\0\0\0\x06\0\0\0\x1a\0\0\0\0Evil\0\0";
  GByteArray *b = g_byte_array_new ();
  gsize m, box, pic_off, exif_off;
  guint32 pic_len = 16, exif_len = 4 + sizeof tiff - 1;

  g_byte_array_append (b, (const guint8 *) "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24);
  box = begin (b, "mdat");
  pic_off = b->len;
  g_byte_array_append (b, (const guint8 *) "PICTUREPICTURE!!", pic_len);
  exif_off = b->len;
  be (b, 0, 4);
  g_byte_array_append (b, tiff, sizeof tiff - 1);
  end (b, box);

  m = begin (b, "meta");
  be (b, 0, 4);
  box = begin (b, "hdlr"); be (b, 0, 4); be (b, 0, 4); g_byte_array_append (b, (const guint8 *) "pict", 4);
  be (b, 0, 4); be (b, 0, 4); be (b, 0, 4); be (b, 0, 1); end (b, box);
  box = begin (b, "pitm"); be (b, 0, 4); be (b, 1, 2); end (b, box);
  box = begin (b, "iinf"); be (b, 0, 4); be (b, 3, 2);
  {
    const char *types[] = { "hvc1", "Exif", "hvc1" };
    for (guint i = 0; i < 3; i++)
      {
        gsize e = begin (b, "infe");
        be (b, 0x02000000, 4); be (b, i + 1, 2); be (b, 0, 2);
        g_byte_array_append (b, (const guint8 *) types[i], 4);
        be (b, 0, 1);
        end (b, e);
      }
  }
  if (s->deep_size)
    veil_write_be32 (b->data + box, 0x10000);
  else
    end (b, box);
  box = begin (b, "iloc"); be (b, 0, 4); be (b, 0x44, 1); be (b, 0, 1);
  be (b, s->iloc_count != 0 ? s->iloc_count : 3, 2);
  be (b, 1, 2); be (b, 0, 2); be (b, 1, 2); be (b, (guint32) pic_off, 4); be (b, pic_len, 4);
  be (b, 2, 2); be (b, 0, 2); be (b, 1, 2); be (b, (guint32) exif_off + s->exif_offset_delta, 4); be (b, exif_len, 4);
  be (b, 3, 2); be (b, 0, 2); be (b, 1, 2); be (b, (guint32) pic_off, 4); be (b, 8, 4);
  end (b, box);
  box = begin (b, "iref"); be (b, 0, 4);
  {
    gsize r = begin (b, "cdsc"); be (b, 2, 2); be (b, 1, 2); be (b, 1, 2); end (b, r);
    if (s->loop)
      {
        r = begin (b, "dimg"); be (b, 1, 2); be (b, 1, 2); be (b, 3, 2); end (b, r);
        r = begin (b, "dimg"); be (b, 3, 2); be (b, 1, 2); be (b, 1, 2); end (b, r);
      }
  }
  end (b, box);
  end (b, m);
  return b;
}

static void
test_synthetic (void)
{
  Shape ok = { 0 }, loop = { .loop = TRUE };
  g_autoptr(GByteArray) good = make_heif (&ok);
  g_autoptr(GByteArray) looped = make_heif (&loop);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data (good->data, good->len, "ok.heic", &error);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(VeilReport) after = NULL;
  const guint8 *c;

  g_assert_no_error (error);
  g_assert_true (has_key (report, "EXIF:Make"));
  cleaned = veil_clean_data (good->data, good->len, "ok.heic", NULL, &error);
  g_assert_no_error (error);
  c = g_bytes_get_data (cleaned, NULL);
  g_assert_cmpuint (g_bytes_get_size (cleaned), ==, good->len);
  g_assert_null (memmem (c, good->len, "Evil", 4));                 /* Exif bytes zeroed */
  g_assert_nonnull (memmem (c, good->len, "PICTUREPICTURE!!", 16)); /* picture kept */
  g_assert_nonnull (memmem (c, good->len, "free", 4));              /* meta padded */
  after = veil_inspect_data (c, good->len, "ok.heic", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->findings->len, ==, 0);

  /* A reference loop does not hang anything. */
  g_clear_pointer (&cleaned, g_bytes_unref);
  cleaned = veil_clean_data (looped->data, looped->len, "loop.heic", NULL, &error);
  g_assert_no_error (error);
}

static void
test_hostile (void)
{
  Shape out_of_range = { .exif_offset_delta = 0x100000 };
  Shape many = { .iloc_count = 65535 };
  Shape past = { .deep_size = TRUE };
  g_autoptr(GByteArray) a = make_heif (&out_of_range);
  g_autoptr(GByteArray) b = make_heif (&many);
  g_autoptr(GByteArray) c = make_heif (&past);
  g_autoptr(GByteArray) no_meta = g_byte_array_new ();
  g_autoptr(GByteArray) nested_zero = make_heif (&(Shape) { 0 });

  veil_test_expect_refused (a, "iloc extent out of range");
  veil_test_expect_refused (b, "65535 items");
  veil_test_expect_refused (c, "iinf past meta");
  g_byte_array_append (no_meta, (const guint8 *) "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic\0\0\0\x0cmdatDATA", 36);
  veil_test_expect_refused (no_meta, "no meta");
  /* The last box inside meta (iref) claims size 0, "to the end". */
  {
    guint8 *iref = memmem (nested_zero->data, nested_zero->len, "iref", 4);
    veil_write_be32 (iref - 4, 0);
    veil_test_expect_refused (nested_zero, "size 0 inside meta");
  }
}

/* A Samsung phone's HEIC: the trailer with where (the network's country)
 * and when, after the last box or in a 'sefd' box, is reported and goes. */
static void
test_samsung_trailer (void)
{
  Shape ok = { 0 };
  g_autoptr(GByteArray) plain = make_heif (&ok);

  veil_test_check_samsung_trailer (plain, "samsung.heic", "Trailer:Samsung", "Trailer:Samsung");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/heif/inspect", test_inspect);
  g_test_add_func ("/heif/clean-fixtures", test_clean_fixtures);
  g_test_add_data_func ("/heif/clean-iphone-gps", "corpus/heic/exifsamples__heic_IMG_5195.HEIC", test_clean_phones);
  g_test_add_data_func ("/heif/clean-iphone-13", "corpus/heic/exifsamples__heic_mobile_iphone_13_pro_max.HEIC", test_clean_phones);
  g_test_add_data_func ("/heif/clean-nokia", "corpus/heic/exifsamples__heic_mobile_HMD_Nokia_8.3_5G.heif", test_clean_phones);
  g_test_add_data_func ("/heif/clean-nokia-hdr", "corpus/heic/exifsamples__heic_mobile_HMD_Nokia_8.3_5G_hdr.heif", test_clean_phones);
  g_test_add_func ("/heif/exiftool", test_exiftool);
  g_test_add_func ("/heif/synthetic", test_synthetic);
  g_test_add_func ("/heif/hostile", test_hostile);
  g_test_add_func ("/heif/samsung-trailer", test_samsung_trailer);
  return g_test_run ();
}
