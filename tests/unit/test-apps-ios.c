/* test-apps-ios.c: IPA scanning, property lists and Mach-O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-test-utils.h"

static VeilAppReport *
scan (const char *name, GError **error)
{
  /* Reports point into the database: it lives as long as the test. */
  static VeilTrackerDb *db;
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  g_autofree char *rel = g_build_filename ("apps", name, NULL);
  g_autofree char *path = veil_test_data_path (rel);

  if (db == NULL)
    db = veil_tracker_db_open (bundled, NULL);
  g_assert_nonnull (db);
  return veil_app_scan_file (db, path, NULL, NULL, error);
}

static const VeilAppTracker *
find (const VeilAppReport *r, const char *name)
{
  for (guint i = 0; i < r->trackers->len; i++)
    if (g_str_equal (((VeilAppTracker *) r->trackers->pdata[i])->info->name, name))
      return r->trackers->pdata[i];
  return NULL;
}

static void
test_adhoc (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilAppReport) r = scan ("ios-adhoc.ipa", &error);
  const VeilPrivacyManifest *sdk = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (r->platform, ==, VEIL_APP_PLATFORM_IOS);
  g_assert_cmpstr (r->package, ==, "org.example.veil.ios");     /* binary Info.plist */
  g_assert_cmpstr (r->app_name, ==, "Veil Fixture");
  g_assert_cmpstr (r->version_name, ==, "2.1");
  g_assert_false (r->encrypted);
  g_assert_cmpint (find (r, "Google AdMob")->evidence, ==, VEIL_TRACKER_EVIDENCE_CODE);
  g_assert_cmpstr (find (r, "Google AdMob")->example, ==, "GADMobileAds");
  g_assert_nonnull (find (r, "MixPanel"));
  g_assert_cmpint (find (r, "Facebook")->evidence, ==, VEIL_TRACKER_EVIDENCE_FRAMEWORK);
  g_assert_cmpuint (r->frameworks->len, ==, 2);
  g_assert_cmpuint (r->privacy->len, ==, 2);
  for (guint i = 0; i < r->privacy->len; i++)
    if (strstr (((VeilPrivacyManifest *) r->privacy->pdata[i])->path, "FBSDK") != NULL)
      sdk = r->privacy->pdata[i];
  g_assert_nonnull (sdk);
  g_assert_cmpint (sdk->tracking, ==, 1);
  g_assert_cmpstr (sdk->tracking_domains[0], ==, "ads.example-sdk.test");
  g_assert_cmpuint (sdk->collected->len, ==, 1);
  g_assert_true (((VeilPrivacyCollected *) sdk->collected->pdata[0])->tracking);
  g_assert_cmpstr (((VeilPrivacyApi *) sdk->accessed_apis->pdata[0])->reasons[0], ==, "CA92.1");
}

static void
test_encrypted (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilAppReport) r = scan ("ios-encrypted.ipa", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (r->package, ==, "org.example.veil.ios");     /* XML Info.plist */
  g_assert_true (r->encrypted);
  /* The main binary's classes are unreadable: AdMob is not claimed, the
   * framework name still shows Facebook. */
  g_assert_null (find (r, "Google AdMob"));
  g_assert_nonnull (find (r, "Facebook"));
}

static void
test_bad_plist (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilAppReport) r = scan ("ios-bad-plist.ipa", &error);

  g_assert_no_error (error);
  g_assert_null (r->package);
  g_assert_cmpuint (r->notes->len, >=, 1);
  g_assert_nonnull (strstr (r->notes->pdata[0], "Info.plist"));
}

static void
test_plist_hostile (void)
{
  const char *files[] = { "apps/plist-cycle.bplist", "apps/plist-bad-offset.bplist" };

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = veil_test_data_path (files[i]);
      g_autoptr(GBytes) bytes = veil_test_load (path);
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      GVariant *v = _veil_plist_parse (data, len, &error);

      g_assert_null (v);
      g_assert_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED);
      g_test_message ("%s: %s", files[i], error->message);
    }
}

/* A "billion laughs" DAG: each array refers twice to the next one. */
static void
test_plist_dag (void)
{
  GByteArray *b = g_byte_array_new ();
  guint n = 40, table;
  g_autoptr(GError) error = NULL;
  GVariant *v;

  g_byte_array_append (b, (const guint8 *) "bplist00", 8);
  for (guint i = 0; i < n; i++)
    {
      guint8 obj[3] = { 0xa2, (guint8) (i + 1 < n ? i + 1 : i), (guint8) (i + 1 < n ? i + 1 : i) };
      if (i + 1 == n)
        {
          obj[0] = 0x09;  /* true */
          g_byte_array_append (b, obj, 1);
        }
      else
        g_byte_array_append (b, obj, 3);
    }
  table = b->len;
  for (guint i = 0; i < n; i++)
    {
      guint8 off = (guint8) (8 + 3 * i);
      g_byte_array_append (b, &off, 1);
    }
  {
    guint8 trailer[32] = { 0 };
    trailer[6] = 1;
    trailer[7] = 1;
    trailer[15] = (guint8) n;
    trailer[31] = (guint8) table;
    g_byte_array_append (b, trailer, 32);
  }
  v = _veil_plist_parse (b->data, b->len, &error);
  g_assert_null (v);
  g_assert_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE);
  g_byte_array_unref (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apps/ios/adhoc", test_adhoc);
  g_test_add_func ("/apps/ios/encrypted", test_encrypted);
  g_test_add_func ("/apps/ios/bad-plist", test_bad_plist);
  g_test_add_func ("/apps/ios/plist-hostile", test_plist_hostile);
  g_test_add_func ("/apps/ios/plist-dag", test_plist_dag);
  return g_test_run ();
}
