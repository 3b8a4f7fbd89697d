/* test-faces-decode.c: HEIC and AVIF pictures reach the face features
 * (through libheif), the way a viewer shows them.
 *
 * The reference is the same picture converted to PNG by heif-convert
 * (libheif-examples) and read by gdk-pixbuf, which, unlike OpenCV, does not
 * apply the EXIF orientation heif-convert copies into the PNG a second
 * time: it checks our colour order and stride handling, not libheif.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "veil-cv.h"

#ifdef HAVE_GDK_PIXBUF
#include <gdk-pixbuf/gdk-pixbuf.h>
#endif

/* heif-convert SRC DEST.png, or NULL (after a skip) where it is missing. */
static VeilImage *
reference_via_png (const char *src, const char *dir)
{
  g_autofree char *tool = g_find_program_in_path ("heif-convert");
  g_autofree char *png = g_build_filename (dir, "reference.png", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, src, png, NULL };
  int status = -1;
  VeilImage *image;

  if (tool == NULL)
    {
      g_test_skip ("heif-convert (libheif-examples) is not installed");
      return NULL;
    }
  argv[0] = tool;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
#ifdef HAVE_GDK_PIXBUF
  {
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (png, &error);
    const guint8 *pixels;
    int channels, rowstride;

    g_assert_no_error (error);
    image = veil_image_new (gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf));
    pixels = gdk_pixbuf_read_pixels (pixbuf);
    channels = gdk_pixbuf_get_n_channels (pixbuf);
    rowstride = gdk_pixbuf_get_rowstride (pixbuf);
    for (int y = 0; y < image->height; y++)
      for (int x = 0; x < image->width; x++)
        for (int c = 0; c < 3; c++)   /* RGB(A) to BGR */
          image->data[y * image->stride + 3 * x + c] = pixels[y * rowstride + channels * x + 2 - c];
    return image;
  }
#else
  g_test_skip ("gdk-pixbuf is not available to read the reference");
  return NULL;
#endif
}

static void
assert_close_to_reference (const char *path)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilImage) image = NULL, reference = NULL;
  guint64 total_diff = 0;
  int max_diff = 0;

  image = veil_cv_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  reference = reference_via_png (path, dir);
  veil_test_rmdir (dir);
  if (reference == NULL)
    return;
  g_assert_cmpint (image->width, ==, reference->width);
  g_assert_cmpint (image->height, ==, reference->height);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < 3 * image->width; x++)
      {
        int d = abs ((int) image->data[y * image->stride + x] -
                     (int) reference->data[y * reference->stride + x]);
        total_diff += (guint64) d;
        max_diff = MAX (max_diff, d);
      }
  /* The same decoder on both sides: identical but for rounding. */
  g_assert_cmpint (max_diff, <=, 2);
  g_assert_cmpfloat ((double) total_diff / (3.0 * image->width * image->height), <, 0.1);
}

static void
test_heic_matches_reference (void)
{
  g_autofree char *path = veil_test_data_path ("heif/exifsamples__heic_samplefilehub.heif");
  assert_close_to_reference (path);
}

static void
test_avif_matches_reference (void)
{
  g_autofree char *path = veil_test_data_path ("heif/mat2__tests_data_dirty.avif");
  assert_close_to_reference (path);
}

/* An iPhone portrait: stored landscape with a rotation, shown portrait. */
static void
test_iphone_portrait_is_upright (void)
{
  g_autofree char *path = veil_test_shared_path ("corpus/heic/exifsamples__heic_mobile_iphone_13_pro_max.HEIC");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilImage) image = NULL;

  if (path == NULL)
    return;
  image = veil_cv_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (image->width, ==, 3024);
  g_assert_cmpint (image->height, ==, 4032);
}

/* A HEIC cut short, and one with no picture data: an error that names the
 * file, never a crash. */
static void
test_broken_heic_is_refused (void)
{
  g_autofree char *good = veil_test_data_path ("heif/exifsamples__heic_samplefilehub.heif");
  g_autofree char *empty = veil_test_data_path ("heif/exiftool__t_images_QuickTime.heic");
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *cut = g_build_filename (dir, "cut.heic", NULL);
  g_autoptr(GBytes) bytes = veil_test_load (good);
  const char *paths[] = { cut, empty };

  g_assert_true (g_file_set_contents (cut, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes) / 2, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilImage) image = veil_cv_image_load (paths[i], &error);

      g_assert_null (image);
      g_assert_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, paths[i]));
    }
  veil_test_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/faces/decode/heic", test_heic_matches_reference);
  g_test_add_func ("/faces/decode/avif", test_avif_matches_reference);
  g_test_add_func ("/faces/decode/iphone-portrait", test_iphone_portrait_is_upright);
  g_test_add_func ("/faces/decode/broken", test_broken_heic_is_refused);
  return g_test_run ();
}
