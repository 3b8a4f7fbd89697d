/* test-accounts-request.c: company names normalised and linked to their
 * data-protection contacts and tracker SDKs; request letters carry the
 * contact and what the export showed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "test-accounts-common.h"
#include "veil-export-link.h"
#include "veil-export-request.h"

static void
test_normalize (void)
{
  static const char *const cases[][2] = {
    { "Hogan Ltd", "hogan" },
    { "Hogan Ltd.", "hogan" },
    { "Société Générale S.A.", "societe generale" },
    { "ACME GmbH & Co. KG", "acme" },
    { "Foo B.V.", "foo" },
    { "Spotify AB", "spotify" },
    { "Airbnb Ireland UC", "airbnb" },
    { "Google LLC", "google" },
    { "Crypto.com", "crypto com" },
    { "Thompson-Frazier", "thompson frazier" },
    { "White, Johnson and Johnson", "white johnson and johnson" },
    { "The Boring Company", "boring" },
    { "Inc.", "inc" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *n = veil_company_normalize (cases[i][0]);
      g_assert_cmpstr (n, ==, cases[i][1]);
    }
}

static void
test_linker (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilLinker) linker = veil_linker_new (NULL, &error);
  const VeilCompanyContact *c;
  g_autoptr(GPtrArray) google = NULL;
  g_autoptr(GPtrArray) nobody = NULL;

  g_assert_no_error (error);
  c = veil_linker_find_contact (linker, "Airbnb");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->email, ==, "dpo@airbnb.com");
  c = veil_linker_find_contact (linker, "SPOTIFY");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->name, ==, "Spotify AB");
  g_assert_null (veil_linker_find_contact (linker, "Thompson-Frazier"));

  google = veil_linker_find_trackers (linker, "Google LLC");
  g_assert_cmpuint (google->len, >, 1);
  for (guint i = 0; i < google->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (google, i), "Google") ||
                   g_str_has_prefix (g_ptr_array_index (google, i), "Firebase") ||
                   g_str_has_prefix (g_ptr_array_index (google, i), "Crashlytics") ||
                   g_str_has_prefix (g_ptr_array_index (google, i), "Fabric") ||
                   g_str_has_prefix (g_ptr_array_index (google, i), "DoubleClick"));
  nobody = veil_linker_find_trackers (linker, "Thompson-Frazier");
  g_assert_cmpuint (nobody->len, ==, 0);
}

static void
test_request_letters (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hestia-facebook-fake-2022.zip", NULL);
  g_autoptr(VeilRequest) access = NULL;
  g_autoptr(VeilRequest) erasure = NULL;
  g_autoptr(VeilRequest) objection = NULL;
  g_autoptr(VeilRequest) tracked = NULL;
  VeilRequestIdentity who = { "Ada Lovelace", "ada@example.org", NULL };
  const char *text;

  g_assert_no_error (error);
  /* Miller PLC uploaded a contact list, retargeted and matched a store visit. */
  access = veil_request_new (f->store, "miller plc", VEIL_REQUEST_ACCESS, "en", &who, &error);
  g_assert_no_error (error);
  text = veil_request_get_text (access);
  g_assert_nonnull (strstr (text, "Article 15 GDPR"));
  g_assert_nonnull (strstr (text, "- Facebook: you uploaded a customer list containing my data."));
  g_assert_nonnull (strstr (text, "- Facebook: you matched me to a visit to one of your stores."));
  g_assert_nonnull (strstr (text, "Name: Ada Lovelace\nEmail: ada@example.org"));
  g_assert_null (strstr (text, "[has_fields>"));
  g_assert_null (strstr (text, "<italic>"));
  g_assert_null (strstr (text, "{id_data}"));
  g_assert_null (veil_request_get_recipient (access));
  g_assert_null (veil_request_to_mailto (access));

  erasure = veil_request_new (f->store, "Miller PLC", VEIL_REQUEST_ERASURE, "de", &who, &error);
  g_assert_no_error (error);
  text = veil_request_get_text (erasure);
  g_assert_nonnull (strstr (text, "Art. 17 DSGVO"));
  g_assert_nonnull (strstr (text, "Sie haben eine Kundenliste mit meinen Daten hochgeladen"));

  objection = veil_request_new (f->store, "Miller PLC", VEIL_REQUEST_OBJECTION, "fr", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (veil_request_get_text (objection), "vous avez téléversé une liste de clients"));

  /* An app that reported off-Facebook activity gets the tracking template
   * (which asks what identifier they need) and the event counts. */
  tracked = veil_request_new (f->store, "Clash Royale", VEIL_REQUEST_ACCESS, "en", NULL, &error);
  g_assert_no_error (error);
  text = veil_request_get_text (tracked);
  g_assert_nonnull (strstr (text, "you reported my activity in your apps or on your websites"));
  g_assert_nonnull (strstr (text, "- Facebook: 476 recorded events between"));
  g_assert_nonnull (strstr (text, "cookie ID, device advertising ID"));

  g_assert_null (veil_request_new (f->store, "Nobody Corp", VEIL_REQUEST_ACCESS, "en", NULL, &error));
  g_assert_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM);
}

static void
test_mailto_and_save (ExportsFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStoreAccount) a = exports_import (f, &error, "exports/hestia-instagram-v2-fake-2022.zip", NULL);
  g_autoptr(VeilRequest) r = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out = g_build_filename (f->dir, "letter.txt", NULL);
  g_autofree char *saved = NULL;
  GStatBuf st;

  g_assert_no_error (error);
  r = veil_request_new (f->store, "Airbnb", VEIL_REQUEST_ERASURE, "en", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (veil_request_get_recipient (r), ==, "dpo@airbnb.com");
  g_assert_cmpstr (veil_request_get_company (r), ==, "Airbnb Ireland UC");
  g_assert_true (g_str_has_prefix (veil_request_get_text (r), "Airbnb Ireland UC\n"));
  g_assert_nonnull (strstr (veil_request_get_text (r), "- Instagram: you uploaded a customer list containing my data."));
  uri = veil_request_to_mailto (r);
  g_assert_true (g_str_has_prefix (uri, "mailto:dpo@airbnb.com?subject=Request%20for%20erasure"));
  g_assert_nonnull (strstr (uri, "&body=Airbnb%20Ireland%20UC%0D%0A"));
  g_assert_null (strchr (uri, '\n'));
  g_assert_null (strchr (uri, ' '));

  g_assert_true (veil_request_save (r, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, veil_request_get_text (r));
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exports/link/normalize", test_normalize);
  g_test_add_func ("/exports/link/linker", test_linker);
  g_test_add ("/exports/request/letters", ExportsFixture, NULL, exports_set_up, test_request_letters, exports_tear_down);
  g_test_add ("/exports/request/mailto-and-save", ExportsFixture, NULL, exports_set_up, test_mailto_and_save,
              exports_tear_down);
  return g_test_run ();
}
