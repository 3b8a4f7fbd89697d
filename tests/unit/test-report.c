/* test-report.c: findings and their sanitising.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"

static void
test_add_and_count (void)
{
  g_autoptr(VeilReport) report = veil_report_new ("a.jpg", VEIL_FORMAT_JPEG);
  VeilFinding *f;

  f = veil_report_add (report, VEIL_CATEGORY_LOCATION, "EXIF:GPSPosition", "1 N, 2 E",
                       "Shows where: near %s.", "1 N, 2 E");
  g_assert_cmpstr (f->explanation, ==, "Shows where: near 1 N, 2 E.");
  veil_report_add_kept (report, VEIL_CATEGORY_OTHER, "EXIF:Orientation", "Upright", "kept");
  g_assert_cmpuint (report->findings->len, ==, 2);
  g_assert_cmpuint (veil_report_count_removable (report), ==, 1);
  g_assert_true (veil_report_has_key_prefix (report, "EXIF:GPS"));
  g_assert_false (veil_report_has_key_prefix (report, "XMP"));
}

/* Metadata is written by strangers: control characters (terminal escapes)
 * and invalid UTF-8 never reach the screen. */
static void
test_sanitize (void)
{
  g_autoptr(VeilReport) report = veil_report_new (NULL, VEIL_FORMAT_JPEG);
  g_autofree char *long_value = g_strnfill (5000, 'x');
  VeilFinding *f;

  f = veil_report_add (report, VEIL_CATEGORY_HIDDEN, "K\x1b[2J", "a\x1b]0;evil\x07 b\xff\xfe\nc", "e");
  g_assert_null (strchr (f->key, '\x1b'));
  g_assert_null (strchr (f->value, '\x1b'));
  g_assert_null (strchr (f->value, '\x07'));
  g_assert_null (strchr (f->value, '\n'));
  g_assert_true (g_utf8_validate (f->value, -1, NULL));

  f = veil_report_add (report, VEIL_CATEGORY_HIDDEN, "K", long_value, "e");
  g_assert_cmpint (g_utf8_strlen (f->value, -1), <=, 301);
}

static void
test_categories (void)
{
  for (int c = 0; c < VEIL_N_CATEGORIES; c++)
    {
      g_assert_nonnull (veil_category_id (c));
      g_assert_nonnull (veil_category_title (c));
    }
  g_assert_cmpstr (veil_category_id (VEIL_CATEGORY_LOCATION), ==, "location");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/add-and-count", test_add_and_count);
  g_test_add_func ("/report/sanitize", test_sanitize);
  g_test_add_func ("/report/categories", test_categories);
  return g_test_run ();
}
