/* test-photos-format.c: format detection by content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"
#include "veil-test-utils.h"

static void
test_magic (void)
{
  static const struct { const char *bytes; gsize len; VeilFormat format; } cases[] = {
    { "\xff\xd8\xff\xe0\0\x10JFIF", 10, VEIL_FORMAT_JPEG },
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, VEIL_FORMAT_PNG },
    { "RIFF\0\0\0\0WEBPVP8 ", 16, VEIL_FORMAT_WEBP },
    { "RIFF\0\0\0\0AVI LIST", 16, VEIL_FORMAT_AVI },
    { "GIF89a\1\0\1\0", 10, VEIL_FORMAT_GIF },
    { "II*\0\x08\0\0\0\0\0", 10, VEIL_FORMAT_TIFF },
    { "\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24, VEIL_FORMAT_HEIF },
    { "\0\0\0\x1c" "ftypavif\0\0\0\0avifmif1miaf", 28, VEIL_FORMAT_AVIF },
    { "\0\0\0\x14" "ftypqt  \0\0\0\0qt  ", 20, VEIL_FORMAT_MOV },
    { "\0\0\0\x18" "ftypisom\0\0\0\0isomavc1", 24, VEIL_FORMAT_MP4 },
    { "\0\0\0\x14" "ftyp3gp4\0\0\0\0isom", 20, VEIL_FORMAT_3GP },
    { "8BPS\0\1\0\0\0\0", 10, VEIL_FORMAT_PSD },
    { "\xff\x0a\xfa\x7f", 4, VEIL_FORMAT_JXL },
    { "\x1a\x45\xdf\xa3\x9f", 5, VEIL_FORMAT_MKV },
    { "hello world, not a photo", 24, VEIL_FORMAT_UNKNOWN },
    { "\xff\xd8", 2, VEIL_FORMAT_UNKNOWN },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (veil_format_detect ((const guint8 *) cases[i].bytes, cases[i].len), ==,
                     cases[i].format);
  g_assert_cmpint (veil_format_detect (NULL, 0), ==, VEIL_FORMAT_UNKNOWN);
}

/* A PNG named .jpg is a PNG: the name plays no part. */
static void
test_content_not_name (void)
{
  g_autofree char *path = veil_test_data_path ("jpeg/exiftool__t_images_GPS.jpg");
  g_autoptr(GBytes) bytes = veil_test_load (path);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(GByteArray) png = g_byte_array_new ();

  g_assert_cmpint (veil_format_detect (data, len), ==, VEIL_FORMAT_JPEG);
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  g_byte_array_append (png, data, len);
  g_assert_cmpint (veil_format_detect (png->data, png->len), ==, VEIL_FORMAT_PNG);
}

static void
test_unsupported_refused (void)
{
  static const char psd[] = "8BPS\0\1\0\0\0\0\0\0\0\3";
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data ((const guint8 *) psd, sizeof psd, "x.psd", &error);
  g_autoptr(GBytes) cleaned = NULL;

  g_assert_null (report);
  g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "x.psd"));
  g_assert_nonnull (strstr (error->message, "not supported yet"));
  g_clear_error (&error);

  cleaned = veil_clean_data ((const guint8 *) psd, sizeof psd, "x.psd", NULL, &error);
  g_assert_null (cleaned);
  g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
  g_assert_false (veil_format_is_supported (VEIL_FORMAT_PSD));
  g_assert_true (veil_format_is_supported (VEIL_FORMAT_JPEG));
}

/* After an UNSUPPORTED error the caller learns the format from the engine
 * (the app names it without reading the file again). */
static void
test_unsupported_names_format (void)
{
  static const struct { const char *bytes; gsize len; VeilFormat format; gboolean supported; } cases[] = {
    { "8BPS\0\1\0\0\0\0\0\0\0\3", 14, VEIL_FORMAT_PSD, FALSE },
    { "\x1a\x45\xdf\xa3\x9f", 5, VEIL_FORMAT_MKV, FALSE },
    { "hello world, not a photo", 24, VEIL_FORMAT_UNKNOWN, FALSE },
    { "GIF89a\1\0\1\0\0\0\0;", 14, VEIL_FORMAT_GIF, TRUE },
  };
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "file", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  VeilFormat format = VEIL_FORMAT_JPEG;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = NULL;

      g_assert_true (g_file_set_contents (path, cases[i].bytes, (gssize) cases[i].len, NULL));
      format = VEIL_N_FORMATS;
      report = veil_inspect_file_full (path, &format, &error);
      g_assert_cmpint (format, ==, cases[i].format);
      if (cases[i].supported) /* read or refused as broken, not unsupported */
        continue;
      g_assert_null (report);
      g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(VeilReport) report = veil_inspect_file_full (missing, &format, &error);

    g_assert_null (report);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_cmpint (format, ==, VEIL_FORMAT_UNKNOWN);
  }
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/magic", test_magic);
  g_test_add_func ("/format/content-not-name", test_content_not_name);
  g_test_add_func ("/format/unsupported-refused", test_unsupported_refused);
  g_test_add_func ("/format/unsupported-names-format", test_unsupported_names_format);
  return g_test_run ();
}
