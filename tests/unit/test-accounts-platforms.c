/* test-accounts-platforms.c: every reader on real samples (Hestia Labs, AGPL)
 * and on the synthetic fixtures, with the expected count of each kind of
 * record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "test-accounts-common.h"

static void
test_facebook_2022 (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hestia-facebook-fake-2022.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "facebook");
  /* 70 + 55 + 63 advertisers, no name in two lists; 79 off-Facebook entries
   * under 78 names with 1,804 events, of which 22 repeat another's app,
   * type and second (one event by the store's key); 8 interests. */
  assert_counts (a, 188, 78, 1782, 8, 0, 0, 0);
  g_assert_cmpuint (a->notes->len, ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(DISTINCT event) FROM events"), ==, 11);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links WHERE relation = 'uploaded-list'"), >=, 55);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links WHERE relation = 'connected-app'"), ==, 124);
  /* Mojibake undone in values. */
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE value = 'Château'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE value = 'Épicerie'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = 'Pokémon GO'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links WHERE detail = 'Clic sur publicité'"), ==, 63);
}

static void
test_instagram_2022 (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hestia-instagram-v2-fake-2022.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "instagram");
  /* A French download: the username is under "Nom d’utilisateur". */
  g_assert_cmpstr (a->name, ==, "johndoe");
  /* 218 audiences + 506 ad authors; 511 ads seen + the emoji-titled ad
   * clicked (an ad's title, not an advertiser); 433 interests (localized
   * key) + 253 topics. */
  assert_counts (a, 724, 0, 512, 686, 0, 0, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = '🔥🔥🔥🔥'"), ==, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE detail = '🔥🔥🔥🔥'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind = 'interest'"), ==, 433);
  /* "Mar 08, 2020, 19:22 PM" */
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE ts IS NULL"), ==, 0);
}

/* One Instagram account downloaded in English, French (2022 layout) and
 * German (2024+ layout), whose labels, the username's too, are in the
 * user's language: one account, merged; another person's Spanish export is
 * an account of its own. */
static void
test_instagram_languages (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) en = exports_import (f, &error, "exports/instagram-account-en.zip", NULL);
  g_autoptr(VeilStoreAccount) fr = NULL;
  g_autoptr(VeilStoreAccount) de = NULL;
  g_autoptr(VeilStoreAccount) other = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (en->name, ==, "veil.sample");
  fr = exports_import (f, &error, "exports/instagram-account-fr.zip", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (fr->name, ==, "veil.sample");
  g_assert_cmpint (fr->id, ==, en->id);
  de = exports_import (f, &error, "exports/instagram-account-de.zip", NULL);
  g_assert_no_error (error);
  g_assert_cmpint (de->id, ==, en->id);
  g_assert_cmpuint (de->exports->len, ==, 3);
  /* acme.shoes, globex, initech, umbrella: each ad seen once though two
   * exports overlap. */
  assert_counts (de, 4, 0, 4, 0, 0, 0, 0);
  other = exports_import (f, &error, "exports/instagram-account-es-other.zip", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (other->name, ==, "someone.else");
  g_assert_cmpint (other->id, !=, en->id);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM accounts"), ==, 2);
}

static void
test_facebook_2024 (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/facebook-2024.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "facebook");
  assert_counts (a, 3, 2, 3, 3, 0, 1, 0);
  /* The cut-short file is named, the rest was read. */
  g_assert_cmpuint (a->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (a->notes, 0), "advertisers_you've_interacted_with.json"));
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = 'Société Générale S.A.'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = 'café-exemple.fr'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links l JOIN companies c ON c.id = l.company_id "
                                     "WHERE c.name = 'Acme Shoes' AND relation IN ('uploaded-list', 'store-visit')"), ==, 2);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE event = 'PURCHASE' AND ts = 1717100000"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM logins WHERE place = 'Zürich, ZH, CH'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE value = '🔥 Fire'"), ==, 1);
}

static void
test_google (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/google-takeout-fr.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "google");
  /* French folder names; 3 ads from 2 advertisers, 2 searches; 4 records +
   * 2 semantic places. */
  assert_counts (a, 2, 0, 5, 0, 6, 0, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM companies WHERE name = 'boutique-exemple.fr'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM locations WHERE name = 'Château de Chillon'"), ==, 1);
  /* timestampMs (2020) and a +02:00 offset */
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM locations WHERE ts = 1596000000"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM locations WHERE ts = 1652686200"), ==, 1);
}

static void
test_google_multipart (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/takeout-20240501T120000Z-001.zip",
                                                  "exports/takeout-20240501T120000Z-002.zip", NULL);
  const char *parts[] = { "takeout-20240501T120000Z-001.zip", "takeout-20240501T120000Z-002.zip",
                          "mydata~1700000000.zip", "facebook-2024.zip", NULL };
  g_autoptr(GPtrArray) groups = veil_export_group_paths (parts);

  g_assert_no_error (error);
  assert_counts (a, 2, 0, 5, 0, 6, 0, 0);
  g_assert_cmpuint (groups->len, ==, 3);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (groups, 0)), ==, 2);
}

static void
test_google_timeline (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) android = exports_import (f, &error, "exports/google-timeline-android/Timeline.json", NULL);
  g_autoptr(VeilStoreAccount) ios = NULL;
  g_autofree char *folder = veil_test_data_path ("exports/google-timeline-android");
  const char *folder_paths[] = { folder, NULL };
  VeilExportResult result = { 0 };

  g_assert_no_error (error);
  /* visit, activity start and end, 2 path points, 1 raw signal */
  assert_counts (android, 0, 0, 0, 0, 6, 0, 0);
  /* The folder holding the same file is the same export: nothing changes. */
  g_assert_true (veil_export_import_full (f->store, folder_paths, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.already_imported);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM imports"), ==, 1);
  /* The iOS shape, alone in the store (both have no account name, so they
   * would otherwise be one Google account). */
  g_assert_true (veil_store_forget (f->store, ((VeilStoreExport *) android->exports->pdata[0])->id, &error));
  ios = exports_import (f, &error, "exports/google-timeline-ios/Timeline.json", NULL);
  g_assert_no_error (error);
  assert_counts (ios, 0, 0, 0, 0, 4, 0, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM locations WHERE abs(lat - 48.8924) < 1e-6 "
                                     "AND abs(lon - 2.2369) < 1e-6"), ==, 2);
}

static void
test_twitter (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/twitter-archive.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "twitter");
  /* 3 targeting advertisers (one in part1) + 3 audience handles; Acme's
   * conversion; 4 impressions + 2 engagements + 1 conversion; 5 targeting
   * criteria + 8 personalization inferences; 2 IPs + 1 device. */
  assert_counts (a, 6, 1, 7, 13, 0, 3, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind = 'targeting: Locations' "
                                     "AND value = 'Switzerland'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind = 'gender' AND value = 'female'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM company_links WHERE relation = 'connected-app'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE ts = 1618516310"), ==, 1);
}

static void
test_tiktok (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) old = exports_import (f, &error, "exports/hestia-tiktok-user_data-fake-2022.zip", NULL);
  g_autoptr(VeilStoreAccount) recent = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (old->platform, ==, "tiktok");
  /* 2022 layout: empty ad lists are "", logins keep impossible IPs; 200
   * follows, 389 searches and 5,549 videos watched are activity. */
  assert_counts (old, 0, 0, 6138, 0, 0, 2289, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM events WHERE event = 'FOLLOW'"), ==, 200);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM logins WHERE ip = '606.74.653.762'"), >=, 1);
  recent = exports_import (f, &error, "exports/tiktok-2023.zip", NULL);
  g_assert_no_error (error);
  /* 3 off-TikTok events + the one video watched */
  assert_counts (recent, 3, 2, 4, 3, 0, 2, 0);
}

static void
test_linkedin (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hestia-linkedin-fake-2022.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "linkedin");
  /* 18 inference rows of which 12 LinkedIn answered "No" (not inferences),
   * + the targeting row split on ';' (a value repeated under the repeated
   * column names is one inference) */
  /* Connections.csv: the 3,000 contacts behind its notes preamble. */
  assert_counts (a, 0, 0, 0, 271, 0, 0, 3000);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM contacts WHERE name = 'Carla Smith' "
                                     "AND detail LIKE 'Producer%Morris, Maddox and Harris%'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind = 'Career inferences'"), >, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind NOT LIKE 'targeting: %'"), ==, 6);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE kind = 'targeting: Member Age' "
                                     "AND value = '18 to 24'"), ==, 1);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM inferences WHERE "
                                     "value = 'EPFL (École polytechnique fédérale de Lausanne)'"), >=, 1);
}

static void
test_snapchat (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/mydata~1700000000.zip", NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (a->platform, ==, "snapchat");
  assert_counts (a, 1, 0, 0, 6, 2, 2, 0);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM locations WHERE abs(lat - 46.52) < 1e-6"), ==, 1);
}

static void
test_html_and_unknown (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *html = veil_test_data_path ("exports/facebook-html.zip");
  g_autofree char *unknown = veil_test_data_path ("exports/unknown.zip");
  const char *html_paths[] = { html, NULL };
  const char *unknown_paths[] = { unknown, NULL };

  g_assert_null (exports_import (f, &error, "exports/facebook-html.zip", NULL));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT);
  g_assert_nonnull (strstr (error->message, "JSON"));
  g_clear_error (&error);
  g_assert_cmpint (veil_export_detect (html_paths, &error), ==, VEIL_PLATFORM_UNKNOWN);
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT);
  g_clear_error (&error);
  g_assert_cmpint (veil_export_detect (unknown_paths, &error), ==, VEIL_PLATFORM_UNKNOWN);
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM);
  g_assert_cmpint (exports_query (f, "SELECT count(*) FROM imports"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, ExportsFixture, NULL, exports_set_up, func, exports_tear_down)
  ADD ("/exports/facebook-2022", test_facebook_2022);
  ADD ("/exports/instagram-2022", test_instagram_2022);
  ADD ("/exports/instagram-languages", test_instagram_languages);
  ADD ("/exports/facebook-2024-label-values", test_facebook_2024);
  ADD ("/exports/google-takeout-fr", test_google);
  ADD ("/exports/google-multipart", test_google_multipart);
  ADD ("/exports/google-timeline", test_google_timeline);
  ADD ("/exports/twitter", test_twitter);
  ADD ("/exports/tiktok", test_tiktok);
  ADD ("/exports/linkedin", test_linkedin);
  ADD ("/exports/snapchat", test_snapchat);
  ADD ("/exports/html-and-unknown", test_html_and_unknown);
  return g_test_run ();
}
