/* test-photos-motion.c: motion photos, a JPEG with an MP4 after its end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"
#include "veil-test-utils.h"

#define FIXTURE "motion/motion-gps-jpg-plus-dirty-mp4.jpg"
#define VIDEO   "video/mat2__tests_data_dirty.mp4"

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

/* Samsung's layout: "MotionPhoto_Data", the MP4, then a SEFH..SEFT index. */
static GByteArray *
samsung_variant (void)
{
  g_autoptr(GBytes) motion = load (FIXTURE);
  g_autoptr(GBytes) video = load (VIDEO);
  GByteArray *b = g_byte_array_new ();
  gsize jpeg_len = g_bytes_get_size (motion) - g_bytes_get_size (video);

  g_byte_array_append (b, g_bytes_get_data (motion, NULL), (guint) jpeg_len);
  g_byte_array_append (b, (const guint8 *) "MotionPhoto_Data", 16);
  g_byte_array_append (b, g_bytes_get_data (video, NULL), (guint) g_bytes_get_size (video));
  g_byte_array_append (b, (const guint8 *) "SEFH\0\0\0\x6b\1\0\0\0\0\0\0\0SEFT", 20);
  return b;
}

static void
check_inspect (const guint8 *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "motion.jpg", &error);

  g_assert_no_error (error);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_JPEG);
  g_assert_true (has_key (report, "Trailer:MotionPhotoVideo"));
  g_assert_true (has_key (report, "EXIF:GPSPosition"));
  /* The video's own findings (exiftool: [ItemList] Encoder, CreateDate). */
  g_assert_true (has_key (report, "MotionPhoto:QuickTime:Encoder"));
  g_assert_true (has_key (report, "MotionPhoto:QuickTime:MediaTime:MovieCreateDate"));
}

static void
test_inspect (void)
{
  g_autoptr(GBytes) motion = load (FIXTURE);
  g_autoptr(GByteArray) samsung = samsung_variant ();

  check_inspect (g_bytes_get_data (motion, NULL), g_bytes_get_size (motion));
  check_inspect (samsung->data, samsung->len);
}

static void
test_clean_default (void)
{
  g_autoptr(GBytes) motion = load (FIXTURE);
  g_autoptr(GBytes) video = load (VIDEO);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (g_bytes_get_data (motion, NULL), g_bytes_get_size (motion),
                                               "motion.jpg", NULL, &error);
  const guint8 *c;
  gsize len;

  g_assert_no_error (error);
  c = g_bytes_get_data (cleaned, &len);
  /* The video is gone: the file ends at the picture's end marker. */
  g_assert_cmpuint (len, <, g_bytes_get_size (motion) - g_bytes_get_size (video));
  g_assert_cmpuint (c[len - 2], ==, 0xFF);
  g_assert_cmpuint (c[len - 1], ==, 0xD9);
  g_assert_null (memmem (c, len, "ftyp", 4));
}

static void
check_keep (const guint8 *data, gsize data_len)
{
  g_autoptr(GBytes) video = load (VIDEO);
  VeilCleanOptions options = { .keep_motion_video = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (data, data_len, "motion.jpg", &options, &error);
  g_autoptr(VeilReport) after = NULL;
  gsize len, vlen;
  const guint8 *c, *v = g_bytes_get_data (video, &vlen);
  const guint8 *mp4;

  g_assert_no_error (error);
  c = g_bytes_get_data (cleaned, &len);
  /* The picture, its end marker, then the cleaned MP4 and nothing else. */
  g_assert_cmpuint (len, >, vlen);
  mp4 = c + len - vlen;
  g_assert_cmpuint (mp4[-2], ==, 0xFF);
  g_assert_cmpuint (mp4[-1], ==, 0xD9);
  g_assert_true (memcmp (mp4 + 4, "ftyp", 4) == 0);
  /* mdat of dirty.mp4 is at 160 with an 8-byte header: byte-identical. */
  g_assert_true (memcmp (mp4 + 168, v + 168, 379872) == 0);
  g_assert_null (memmem (mp4, vlen, "HandBrake", 9));

  after = veil_inspect_data (c, len, "motion.jpg", &error);
  g_assert_no_error (error);
  g_assert_true (has_key (after, "Trailer:MotionPhotoVideo"));
  g_assert_false (veil_report_has_key_prefix (after, "MotionPhoto:"));
  g_assert_false (veil_report_has_key_prefix (after, "EXIF:GPS"));
}

static void
test_clean_keep_video (void)
{
  g_autoptr(GBytes) motion = load (FIXTURE);
  g_autoptr(GByteArray) samsung = samsung_variant ();

  check_keep (g_bytes_get_data (motion, NULL), g_bytes_get_size (motion));
  check_keep (samsung->data, samsung->len);
}

/* A broken video after the picture: inspect still works; keeping the
 * video is refused rather than writing a half-cleaned one. */
static void
test_broken_video (void)
{
  g_autoptr(GBytes) motion = load (FIXTURE);
  g_autoptr(GBytes) video = load (VIDEO);
  gsize jpeg_len = g_bytes_get_size (motion) - g_bytes_get_size (video);
  g_autoptr(GByteArray) b = g_byte_array_new ();
  VeilCleanOptions options = { .keep_motion_video = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GBytes) cleaned = NULL;

  g_byte_array_append (b, g_bytes_get_data (motion, NULL), (guint) jpeg_len);
  /* ftyp, then a moov claiming more bytes than there are. */
  g_byte_array_append (b, (const guint8 *) "\0\0\0\x14" "ftypisom\0\0\0\0isom\0\0\x10\0moov\0\0\0\x08udta", 36);
  report = veil_inspect_data (b->data, b->len, "broken.jpg", &error);
  g_assert_no_error (error);
  g_assert_true (has_key (report, "Trailer:MotionPhotoVideo"));
  cleaned = veil_clean_data (b->data, b->len, "broken.jpg", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&cleaned, g_bytes_unref);
  cleaned = veil_clean_data (b->data, b->len, "broken.jpg", &options, &error);
  g_assert_null (cleaned);
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/motion/inspect", test_inspect);
  g_test_add_func ("/motion/clean-default", test_clean_default);
  g_test_add_func ("/motion/clean-keep-video", test_clean_keep_video);
  g_test_add_func ("/motion/broken-video", test_broken_video);
  return g_test_run ();
}
