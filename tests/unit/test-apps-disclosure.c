/* test-apps-disclosure.c: store labels compared with what a scan found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-apps.h"
#include "veil-error.h"
#include "veil-test-utils.h"

static GPtrArray *
compare (const char *label, const char *apk, char **kind)
{
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTrackerDb) db = veil_tracker_db_open (bundled, &error);
  g_autofree char *label_rel = g_build_filename ("apps", "labels", label, NULL);
  g_autofree char *label_path = veil_test_data_path (label_rel);
  g_autofree char *apk_rel = g_build_filename ("apps", apk, NULL);
  g_autofree char *apk_path = veil_test_data_path (apk_rel);
  g_autoptr(VeilDisclosure) d = veil_disclosure_load (label_path, &error);
  g_autoptr(VeilAppReport) r = NULL;
  GPtrArray *out;

  g_assert_no_error (error);
  r = veil_app_scan_file (db, apk_path, NULL, NULL, &error);
  g_assert_no_error (error);
  out = veil_disclosure_compare (d, r, &error);
  g_assert_no_error (error);
  *kind = g_strdup (veil_disclosure_kind (d));
  for (guint i = 0; i < out->len; i++)
    g_test_message ("%s", (char *) out->pdata[i]);
  return out;
}

static gboolean
has (GPtrArray *lines, const char *a, const char *b)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], a) != NULL && (b == NULL || strstr (lines->pdata[i], b) != NULL))
      return TRUE;
  return FALSE;
}

/* The headline case: "Data Not Collected", but AdMob and friends inside. */
static void
test_apple_not_collected (void)
{
  g_autofree char *kind = NULL;
  g_autoptr(GPtrArray) out = compare ("apple-label-synthetic-not-collected.json", "synthetic-trackers-multidex.apk", &kind);

  g_assert_cmpstr (kind, ==, "apple");
  g_assert_true (has (out, "Declares no tracking, but contains Google AdMob, whose maker says", "advertising ID"));
  g_assert_true (has (out, "Declares no tracking, but contains Facebook Analytics", NULL));
  g_assert_true (has (out, "Declares that no data is collected, but contains Firebase Analytics", NULL));
}

/* A label that declares tracking with the AdMob items: fewer mismatches,
 * and none about AdMob's tracking items. */
static void
test_apple_tracking_label (void)
{
  g_autofree char *kind = NULL;
  g_autoptr(GPtrArray) out = compare ("apple-label-synthetic-tracking-app.json", "synthetic-trackers-multidex.apk", &kind);

  g_assert_false (has (out, "Declares no tracking", NULL));
  g_assert_false (has (out, "Google AdMob", NULL));
  g_assert_false (has (out, "Facebook Analytics", NULL));
  /* Firebase's Device ID is declared (as tracking): no complaint either. */
  g_assert_false (has (out, "Firebase Analytics", "Device ID"));
}

static void
test_apple_clean_app (void)
{
  g_autofree char *kind = NULL;
  g_autoptr(GPtrArray) out = compare ("apple-label-synthetic-not-collected.json", "synthetic-clean.apk", &kind);

  g_assert_cmpuint (out->len, ==, 0);
}

static void
test_google_play (void)
{
  g_autofree char *kind = NULL;
  g_autoptr(GPtrArray) out = compare ("google-play-data-safety-synthetic.json", "synthetic-trackers-multidex.apk", &kind);

  g_assert_cmpstr (kind, ==, "google-play");
  /* Device or other IDs is declared as shared; App interactions only as
   * collected, but AdMob, Facebook and AppsFlyer share it. */
  g_assert_false (has (out, "“Device or other IDs”", NULL));
  g_assert_true (has (out, "Does not declare sharing “App interactions”, but contains AppsFlyer", NULL));
  g_assert_true (has (out, "Google AdMob", "Diagnostics"));
}

static void
test_not_a_label (void)
{
  g_autofree char *path = veil_test_data_path ("apps/synthetic-clean.apk.expected.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilDisclosure) d = veil_disclosure_load (path, &error);

  g_assert_null (d);
  g_assert_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED);
}

static const char *
platform_warning (const char *label, const char *app)
{
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTrackerDb) db = veil_tracker_db_open (bundled, &error);
  g_autofree char *label_rel = g_build_filename ("apps", "labels", label, NULL);
  g_autofree char *label_path = veil_test_data_path (label_rel);
  g_autofree char *app_rel = g_build_filename ("apps", app, NULL);
  g_autofree char *app_path = veil_test_data_path (app_rel);
  g_autoptr(VeilDisclosure) d = veil_disclosure_load (label_path, &error);
  g_autoptr(VeilAppReport) r = NULL;

  g_assert_no_error (error);
  r = veil_app_scan_file (db, app_path, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Static strings: they outlive the disclosure and the report. */
  return veil_disclosure_platform_warning (d, r);
}

/* A label of the other platform's store is named as such. */
static void
test_platform_warning (void)
{
  const char *w = platform_warning ("apple-label-synthetic-not-collected.json", "synthetic-clean.apk");

  g_assert_nonnull (w);
  g_assert_nonnull (strstr (w, "App Store label"));
  g_assert_nonnull (strstr (w, "Android"));
  w = platform_warning ("google-play-data-safety-synthetic.json", "ios-adhoc.ipa");
  g_assert_nonnull (w);
  g_assert_nonnull (strstr (w, "iPhone app"));
  g_assert_null (platform_warning ("google-play-data-safety-synthetic.json", "synthetic-clean.apk"));
  g_assert_null (platform_warning ("apple-label-synthetic-not-collected.json", "ios-adhoc.ipa"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apps/disclosure/apple-not-collected", test_apple_not_collected);
  g_test_add_func ("/apps/disclosure/apple-tracking-label", test_apple_tracking_label);
  g_test_add_func ("/apps/disclosure/apple-clean-app", test_apple_clean_app);
  g_test_add_func ("/apps/disclosure/google-play", test_google_play);
  g_test_add_func ("/apps/disclosure/not-a-label", test_not_a_label);
  g_test_add_func ("/apps/disclosure/platform-warning", test_platform_warning);
  return g_test_run ();
}
