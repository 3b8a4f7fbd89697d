/* test-photos-mp4.c: MP4, QuickTime and 3GP videos: findings, lossless clean,
 * offsets, hostile boxes, refused formats.
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

/* Ranges of every mdat payload and every stco/co64 chunk offset, found by
 * an independent little walker (not the engine's). */
typedef struct {
  GArray *mdat;     /* pairs of guint64: start, end */
  GArray *chunks;   /* guint64 */
} Layout;

static void
walk (const guint8 *d, guint64 start, guint64 end, gboolean top, Layout *l)
{
  guint64 pos = start;

  while (pos + 8 <= end)
    {
      guint64 size = veil_read_be32 (d + pos), hdr = 8;
      guint32 type = veil_read_be32 (d + pos + 4);

      if (size == 1)
        size = veil_read_be64 (d + pos + 8), hdr = 16;
      else if (size == 0)
        size = end - pos;
      g_assert_cmpuint (size, >=, hdr);
      g_assert_cmpuint (pos + size, <=, end);
      if (top && type == 0x6d646174) /* mdat */
        {
          guint64 range[2] = { pos + hdr, pos + size };
          g_array_append_vals (l->mdat, range, 2);
        }
      else if (type == 0x6d6f6f76 || type == 0x7472616b || type == 0x6d646961 ||
               type == 0x6d696e66 || type == 0x7374626c) /* moov trak mdia minf stbl */
        walk (d, pos + hdr, pos + size, FALSE, l);
      else if (type == 0x7374636f || type == 0x636f3634) /* stco co64 */
        {
          guint32 n = veil_read_be32 (d + pos + hdr + 4);
          guint w = type == 0x7374636f ? 4 : 8;
          for (guint32 i = 0; i < n; i++)
            {
              const guint8 *p = d + pos + hdr + 8 + (guint64) i * w;
              guint64 off = w == 4 ? veil_read_be32 (p) : veil_read_be64 (p);
              g_array_append_val (l->chunks, off);
            }
        }
      pos += size;
    }
}

static void
check_layout (GBytes *original, GBytes *cleaned, gboolean has_chunks)
{
  gsize olen, clen;
  const guint8 *o = g_bytes_get_data (original, &olen);
  const guint8 *c = g_bytes_get_data (cleaned, &clen);
  Layout lo = { g_array_new (FALSE, FALSE, 8), g_array_new (FALSE, FALSE, 8) };
  Layout lc = { g_array_new (FALSE, FALSE, 8), g_array_new (FALSE, FALSE, 8) };

  walk (o, 0, olen, TRUE, &lo);
  walk (c, 0, clen, TRUE, &lc);
  /* Nothing moves: same size, same mdat, byte for byte; every chunk
   * offset unchanged and inside an mdat. */
  g_assert_cmpuint (olen, ==, clen);
  g_assert_cmpuint (lo.mdat->len, ==, lc.mdat->len);
  g_assert_cmpuint (lc.mdat->len, >, 0);
  for (guint i = 0; i < lc.mdat->len; i += 2)
    {
      guint64 s = g_array_index (lc.mdat, guint64, i), e = g_array_index (lc.mdat, guint64, i + 1);
      g_assert_cmpuint (s, ==, g_array_index (lo.mdat, guint64, i));
      g_assert_true (memcmp (o + s, c + s, e - s) == 0);
    }
  g_assert_cmpuint (lo.chunks->len, ==, lc.chunks->len);
  /* exiftool's QuickTime.mov sample had its media stripped: no chunks. */
  if (has_chunks)
    g_assert_cmpuint (lc.chunks->len, >, 0);
  for (guint i = 0; i < lc.chunks->len; i++)
    {
      guint64 off = g_array_index (lc.chunks, guint64, i);
      gboolean inside = FALSE;

      g_assert_cmpuint (off, ==, g_array_index (lo.chunks, guint64, i));
      for (guint m = 0; m < lc.mdat->len; m += 2)
        inside |= off >= g_array_index (lc.mdat, guint64, m) && off < g_array_index (lc.mdat, guint64, m + 1);
      g_assert_true (inside);
    }
  g_array_unref (lo.mdat); g_array_unref (lo.chunks);
  g_array_unref (lc.mdat); g_array_unref (lc.chunks);
}

static void
test_inspect_mov (void)
{
  g_autoptr(GBytes) bytes = load ("video/exiftool__t_images_QuickTime.mov");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data (g_bytes_get_data (bytes, NULL),
                                                    g_bytes_get_size (bytes), "QuickTime.mov", &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_MOV);
  /* exiftool -a -G1: CreateDate 2005:08:11 14:03:54, [UserData] Artist,
   * [Keys] Artist, XMP-dc Creator, HandlerVendorID Pentax, CoverArt. */
  g_assert_true (has_key (report, "QuickTime:MediaTime:MovieCreateDate"));
  g_assert_true (has_key (report, "QuickTime:MediaTime:TrackCreateDate"));
  g_assert_true (has_key (report, "QuickTime:Artist"));
  g_assert_true (has_key (report, "QuickTime:com.apple.quicktime.artist"));
  g_assert_true (has_key (report, "QuickTime:HandlerVendorID"));
  g_assert_true (has_key (report, "QuickTime:CoverArt"));
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));
  for (guint i = 0; i < report->findings->len; i++)
    {
      VeilFinding *f = g_ptr_array_index (report->findings, i);
      if (g_str_equal (f->key, "QuickTime:MediaTime:MovieCreateDate"))
        g_assert_cmpstr (f->value, ==, "2005-08-11 14:03:54 UTC");
      if (g_str_equal (f->key, "QuickTime:Artist"))
        g_assert_cmpstr (f->value, ==, "årtist"); /* Mac Roman in the file */
    }
}

static void
test_inspect_mp4 (void)
{
  g_autoptr(GBytes) bytes = load ("video/mat2__tests_data_dirty.mp4");
  g_autoptr(VeilReport) report = veil_inspect_data (g_bytes_get_data (bytes, NULL),
                                                    g_bytes_get_size (bytes), "dirty.mp4", NULL);

  g_assert_nonnull (report);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_MP4);
  /* exiftool: [ItemList] Encoder: HandBrake 0.9.4 2009112300 */
  g_assert_true (has_key (report, "QuickTime:Encoder"));
  g_assert_true (has_key (report, "QuickTime:MediaTime:MediaModifyDate"));
}

static void
clean_and_check (const char *relative, const VeilCleanOptions *options)
{
  g_autoptr(GBytes) bytes = load (relative);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                               relative, options, &error);
  g_autoptr(VeilReport) after = NULL;

  g_assert_no_error (error);
  check_layout (bytes, cleaned, strstr (relative, ".mp4") != NULL);
  after = veil_inspect_data (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned), relative, &error);
  g_assert_no_error (error);
  if (options != NULL && options->keep_media_times)
    g_assert_true (veil_report_has_key_prefix (after, "QuickTime:MediaTime"));
  else
    g_assert_cmpuint (veil_report_count_removable (after), ==, 0);
  g_assert_false (veil_report_has_key_prefix (after, "QuickTime:Artist"));
  g_assert_false (veil_report_has_key_prefix (after, "QuickTime:Encoder"));
  g_assert_false (veil_report_has_key_prefix (after, "XMP"));
}

static void
test_clean (void)
{
  VeilCleanOptions keep = { .keep_media_times = TRUE };

  clean_and_check ("video/exiftool__t_images_QuickTime.mov", NULL);
  clean_and_check ("video/mat2__tests_data_dirty.mp4", NULL);
  clean_and_check ("video/mat2__tests_data_dirty.mp4", &keep);
}

/* exiftool, if installed, finds nothing identifying in the cleaned files. */
static void
test_exiftool (void)
{
  const char *files[] = { "video/exiftool__t_images_QuickTime.mov", "video/mat2__tests_data_dirty.mp4" };
  g_autofree char *exiftool = veil_test_find_exiftool ();
  g_autofree char *dir = NULL;

  if (exiftool == NULL)
    return;
  dir = veil_test_mkdtemp ();
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = veil_test_data_path (files[i]);
      g_autofree char *dest = g_build_filename (dir, "out.mp4", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (veil_clean_file (src, dest, FALSE, NULL, &error));
      g_assert_no_error (error);
      out = veil_test_exiftool_read (exiftool, dest);
      lines = g_strsplit (out, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          const char *line = lines[l];
          if (g_str_has_prefix (line, "[System]"))
            continue; /* the file system's dates for the copy */
          if (strstr (line, "Date") != NULL)
            g_assert_nonnull (strstr (line, "0000:00:00 00:00:00"));
          g_assert_null (strstr (line, "GPS"));
          g_assert_null (strstr (line, "Make"));
          g_assert_null (strstr (line, "Model"));
          g_assert_null (strstr (line, "Software"));
          g_assert_null (strstr (line, "Author"));
          g_assert_null (strstr (line, "Artist"));
          g_assert_null (strstr (line, "Encoder"));
          g_assert_null (strstr (line, "Vendor"));
          g_assert_null (strstr (line, "[XMP"));
          g_assert_null (strstr (line, "[UserData]"));
          g_assert_null (strstr (line, "[ItemList]"));
          g_assert_null (strstr (line, "[Keys]"));
        }
      g_unlink (dest);
    }
  veil_test_rmdir (dir);
}

/* A minimal movie: ftyp, moov { mvhd, extra }, mdat. */
static GByteArray *
movie (const guint8 *extra, gsize extra_len)
{
  GByteArray *b = g_byte_array_new ();
  guint8 mvhd[108] = { 0, 0, 0, 108, 'm', 'v', 'h', 'd', 0, 0, 0, 0, 0xC0, 0, 0, 0 };
  guint8 hdr[8] = { 0, 0, 0, 0, 'm', 'o', 'o', 'v' };

  g_byte_array_append (b, (const guint8 *) "\0\0\0\x14" "ftypisom\0\0\0\0isom", 20);
  veil_write_be32 (hdr, (guint32) (8 + sizeof mvhd + extra_len));
  g_byte_array_append (b, hdr, 8);
  g_byte_array_append (b, mvhd, sizeof mvhd);
  g_byte_array_append (b, extra, extra_len);
  g_byte_array_append (b, (const guint8 *) "\0\0\0\x0cmdatDATA", 12);
  return b;
}

static void
test_hostile (void)
{
  g_autoptr(GByteArray) ok = movie (NULL, 0);
  g_autoptr(GByteArray) past = movie ((const guint8 *) "\0\0\x10\0udta", 8);
  g_autoptr(GByteArray) zero = movie ((const guint8 *) "\0\0\0\0udta", 8);
  g_autoptr(GByteArray) tiny = movie ((const guint8 *) "\0\0\0\x04udta", 8);
  g_autoptr(GByteArray) huge = movie ((const guint8 *) "\0\0\0\x01udta\xff\xff\xff\xff\xff\xff\xff\xff", 16);
  g_autoptr(GByteArray) big_ok = movie ((const guint8 *) "\0\0\0\x01udta\0\0\0\0\0\0\0\x1c\0\0\0\x0c\xa9mak\0\0\0\0", 28);
  g_autoptr(GByteArray) deep = g_byte_array_new ();
  g_autoptr(GByteArray) deep_movie = NULL;
  g_autoptr(GByteArray) no_moov = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GBytes) cleaned = NULL;

  report = veil_inspect_data (ok->data, ok->len, "ok.mp4", &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, veil_report_free);

  /* A 64-bit size that fits is fine, and its contents are cleaned. */
  report = veil_inspect_data (big_ok->data, big_ok->len, "big.mp4", &error);
  g_assert_no_error (error);
  g_assert_true (has_key (report, "QuickTime:Make"));
  cleaned = veil_clean_data (big_ok->data, big_ok->len, "big.mp4", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (cleaned), ==, big_ok->len);

  veil_test_expect_refused (past, "box past its parent");
  veil_test_expect_refused (zero, "size 0 inside moov");
  veil_test_expect_refused (tiny, "size smaller than a header");
  veil_test_expect_refused (huge, "64-bit size past the end");

  /* 40 nested traks. */
  for (int i = 40; i > 0; i--)
    {
      guint8 h[8] = { 0, 0, 0, 0, 't', 'r', 'a', 'k' };
      veil_write_be32 (h, (guint32) (8 * i));
      g_byte_array_append (deep, h, 8);
    }
  deep_movie = movie (deep->data, deep->len);
  veil_test_expect_refused (deep_movie, "deep nesting");

  g_byte_array_append (no_moov, (const guint8 *) "\0\0\0\x14" "ftypisom\0\0\0\0isom\0\0\0\x0cmdatDATA", 32);
  veil_test_expect_refused (no_moov, "no moov");
}

static void
test_refused_formats (void)
{
  static const char *const shared[] = {
    "corpus/video/exiftool__t_images_Matroska.mkv",
    "corpus/video/exiftool__t_images_RIFF.avi",
    "corpus/video/mat2__tests_data_dirty.wmv",
  };
  static const char avi[] = "RIFF\0\0\0\0AVI LIST";
  static const char mkv[] = "\x1a\x45\xdf\xa3\x9f\x42\x86\x81";
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data ((const guint8 *) avi, sizeof avi, "x.avi", &error);

  g_assert_null (report);
  g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "not supported yet"));
  g_clear_error (&error);
  report = veil_inspect_data ((const guint8 *) mkv, sizeof mkv, "x.mkv", &error);
  g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (shared); i++)
    {
      g_autofree char *path = veil_test_shared_path (shared[i]);
      g_autofree char *dir = NULL;
      g_autofree char *dest = NULL;

      if (path == NULL)
        return;
      dir = veil_test_mkdtemp ();
      dest = g_build_filename (dir, "out", NULL);
      g_assert_false (veil_clean_file (path, dest, FALSE, NULL, &error));
      g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
      g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
      veil_test_rmdir (dir);
    }
}

/* A Samsung phone's video: the trailer with where (the network's country)
 * and when, after the last box or in a 'sefd' box, is reported and goes. */
static void
test_samsung_trailer (void)
{
  g_autoptr(GBytes) dirty = load ("video/mat2__tests_data_dirty.mp4");
  g_autoptr(GByteArray) plain = g_byte_array_new ();

  g_byte_array_append (plain, g_bytes_get_data (dirty, NULL), (guint) g_bytes_get_size (dirty));
  veil_test_check_samsung_trailer (plain, "samsung.mp4", "Trailer:Samsung", "QuickTime:SamsungData");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mp4/inspect-mov", test_inspect_mov);
  g_test_add_func ("/mp4/inspect-mp4", test_inspect_mp4);
  g_test_add_func ("/mp4/clean", test_clean);
  g_test_add_func ("/mp4/exiftool", test_exiftool);
  g_test_add_func ("/mp4/hostile", test_hostile);
  g_test_add_func ("/mp4/refused-formats", test_refused_formats);
  g_test_add_func ("/mp4/samsung-trailer", test_samsung_trailer);
  return g_test_run ();
}
