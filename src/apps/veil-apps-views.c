/* veil-apps-views.c: plain words for what the Apps views show, and store
 * labels filled in by hand.
 *
 * The label vocabulary is the one the stores show (shared/disclosures,
 * CC0): a label typed in by hand is written as the same JSON an imported
 * one has, so both go through the same comparison in veil-disclosure.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "veil-apps-views.h"

#define TYPES(...) ((const char *const[]) { __VA_ARGS__, NULL })

/* App Store privacy label categories and data types, in the store's order. */
static const VeilLabelCategory apple_categories[] = {
  { "CONTACT_INFO", N_("Contact info"),
    TYPES (N_("Name"), N_("Email Address"), N_("Phone Number"), N_("Physical Address"),
           N_("Other User Contact Info")) },
  { "HEALTH_AND_FITNESS", N_("Health and fitness"), TYPES (N_("Health"), N_("Fitness")) },
  { "FINANCIAL_INFO", N_("Financial info"),
    TYPES (N_("Payment Info"), N_("Credit Info"), N_("Other Financial Info")) },
  { "LOCATION", N_("Location"), TYPES (N_("Precise Location"), N_("Coarse Location")) },
  { "SENSITIVE_INFO", N_("Sensitive info"), TYPES (N_("Sensitive Info")) },
  { "CONTACTS", N_("Contacts"), TYPES (N_("Contacts")) },
  { "USER_CONTENT", N_("User content"),
    TYPES (N_("Emails or Text Messages"), N_("Photos or Videos"), N_("Audio Data"), N_("Gameplay Content"),
           N_("Customer Support"), N_("Other User Content")) },
  { "BROWSING_HISTORY", N_("Browsing history"), TYPES (N_("Browsing History")) },
  { "SEARCH_HISTORY", N_("Search history"), TYPES (N_("Search History")) },
  { "IDENTIFIERS", N_("Identifiers"), TYPES (N_("User ID"), N_("Device ID")) },
  { "PURCHASES", N_("Purchases"), TYPES (N_("Purchase History")) },
  { "USAGE_DATA", N_("Usage data"),
    TYPES (N_("Product Interaction"), N_("Advertising Data"), N_("Other Usage Data")) },
  { "DIAGNOSTICS", N_("Diagnostics"),
    TYPES (N_("Crash Data"), N_("Performance Data"), N_("Other Diagnostic Data")) },
  { "BODY", N_("Body"), TYPES (N_("Hands"), N_("Head")) },
  { "SURROUNDINGS", N_("Surroundings"), TYPES (N_("Environment Scanning")) },
  { "OTHER", N_("Other data"), TYPES (N_("Other Data Types")) },
};

/* Google Play data-safety categories and data types. */
static const VeilLabelCategory google_categories[] = {
  { "Location", N_("Location"), TYPES (N_("Approximate location"), N_("Precise location")) },
  { "Personal info", N_("Personal info"),
    TYPES (N_("Name"), N_("Email address"), N_("User IDs"), N_("Address"), N_("Phone number"),
           N_("Race and ethnicity"), N_("Political or religious beliefs"), N_("Sexual orientation"),
           N_("Other info")) },
  { "Financial info", N_("Financial info"),
    TYPES (N_("User payment info"), N_("Purchase history"), N_("Credit score"), N_("Other financial info")) },
  { "Health and fitness", N_("Health and fitness"), TYPES (N_("Health info"), N_("Fitness info")) },
  { "Messages", N_("Messages"), TYPES (N_("Emails"), N_("SMS or MMS"), N_("Other in-app messages")) },
  { "Photos and videos", N_("Photos and videos"), TYPES (N_("Photos"), N_("Videos")) },
  { "Audio", N_("Audio"), TYPES (N_("Voice or sound recordings"), N_("Music files"), N_("Other audio files")) },
  { "Files and docs", N_("Files and docs"), TYPES (N_("Files and docs")) },
  { "Calendar", N_("Calendar"), TYPES (N_("Calendar events")) },
  { "Contacts", N_("Contacts"), TYPES (N_("Contacts")) },
  { "App activity", N_("App activity"),
    TYPES (N_("App interactions"), N_("In-app search history"), N_("Installed apps"),
           N_("Other user-generated content"), N_("Other actions")) },
  { "Web browsing", N_("Web browsing"), TYPES (N_("Web browsing history")) },
  { "App info and performance", N_("App info and performance"),
    TYPES (N_("Crash logs"), N_("Diagnostics"), N_("Other app performance data")) },
  { "Device or other IDs", N_("Device or other IDs"), TYPES (N_("Device or other IDs")) },
};

const VeilLabelCategory *
veil_label_categories (VeilLabelStore  store,
                       guint          *n_categories)
{
  if (store == VEIL_LABEL_APPLE)
    {
      *n_categories = G_N_ELEMENTS (apple_categories);
      return apple_categories;
    }
  *n_categories = G_N_ELEMENTS (google_categories);
  return google_categories;
}

const char *
veil_label_category_title (const VeilLabelCategory *category)
{
  return _(category->title);
}

const char *
veil_label_type_title (const char *type)
{
  return _(type);
}

static void
add_apple_section (JsonBuilder        *b,
                   const char         *identifier,
                   const char         *title,
                   const char *const  *items,
                   gboolean            with_purpose)
{
  guint n = G_N_ELEMENTS (apple_categories);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "privacyType");
  json_builder_add_string_value (b, title);
  json_builder_set_member_name (b, "identifier");
  json_builder_add_string_value (b, identifier);
  /* The store puts the categories of the "linked"/"not linked" sections
   * under their purposes; one "Other purposes" entry holds them all. */
  if (with_purpose)
    {
      json_builder_set_member_name (b, "dataCategories");
      json_builder_begin_array (b);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "purposes");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "identifier");
      json_builder_add_string_value (b, "OTHER_PURPOSES");
    }
  json_builder_set_member_name (b, "dataCategories");
  json_builder_begin_array (b);
  for (guint c = 0; c < n; c++)
    {
      const VeilLabelCategory *cat = &apple_categories[c];
      gsize id_len = strlen (cat->id);
      gboolean any = FALSE;

      for (guint i = 0; items != NULL && items[i] != NULL; i++)
        {
          if (strncmp (items[i], cat->id, id_len) != 0 || items[i][id_len] != '/')
            continue;
          if (!any)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "identifier");
              json_builder_add_string_value (b, cat->id);
              json_builder_set_member_name (b, "dataTypes");
              json_builder_begin_array (b);
              any = TRUE;
            }
          json_builder_add_string_value (b, items[i] + id_len + 1);
        }
      if (any)
        {
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  if (with_purpose)
    {
      json_builder_end_object (b);
      json_builder_end_array (b);
    }
  else
    {
      json_builder_set_member_name (b, "purposes");
      json_builder_begin_array (b);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_google_items (JsonBuilder        *b,
                  const char         *member,
                  const char *const  *items)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      const char *slash = strchr (items[i], '/');
      g_autofree char *category = slash != NULL ? g_strndup (items[i], slash - items[i]) : NULL;

      json_builder_begin_object (b);
      if (category != NULL)
        {
          json_builder_set_member_name (b, "category");
          json_builder_add_string_value (b, category);
        }
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, slash != NULL ? slash + 1 : items[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
veil_label_build_json (VeilLabelStore      store,
                       const char *const  *first,
                       const char *const  *second)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_note");
  json_builder_add_string_value (b, "Filled in by hand in Veil");
  if (store == VEIL_LABEL_APPLE)
    {
      gboolean any_first = first != NULL && first[0] != NULL;
      gboolean any_second = second != NULL && second[0] != NULL;

      json_builder_set_member_name (b, "privacyDetails");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "privacyTypes");
      json_builder_begin_array (b);
      if (!any_first && !any_second)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "identifier");
          json_builder_add_string_value (b, "DATA_NOT_COLLECTED");
          json_builder_end_object (b);
        }
      if (any_first)
        add_apple_section (b, "DATA_USED_TO_TRACK_YOU", "Data Used to Track You", first, FALSE);
      if (any_second)
        add_apple_section (b, "DATA_LINKED_TO_YOU", "Data Linked to You", second, TRUE);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  else
    {
      add_google_items (b, "data_shared", first);
      add_google_items (b, "data_collected", second);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

VeilDisclosure *
veil_disclosure_load_text (const char  *json,
                           gsize        len,
                           GError     **error)
{
  g_autofree char *path = NULL;
  VeilDisclosure *d;
  int fd;

  /* veil_disclosure_load reads files; a private temporary file (0600,
   * removed at once) keeps one parser for typed and imported labels. */
  fd = g_file_open_tmp ("veil-label-XXXXXX.json", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (path, json, len, error))
    {
      g_unlink (path);
      return NULL;
    }
  d = veil_disclosure_load (path, error);
  g_unlink (path);
  return d;
}

const char *
veil_permission_short_name (const char *name)
{
  if (name != NULL && g_str_has_prefix (name, "android.permission."))
    return name + strlen ("android.permission.");
  return name;
}

/* Letters and digits only, lower case: "Photos or Videos" and
 * "PhotosorVideos" meet as "photosorvideos". */
static char *
squash (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    if (g_ascii_isalnum (*s))
      g_string_append_c (out, g_ascii_tolower (*s));
  return g_string_free (out, FALSE);
}

const char *
veil_privacy_data_type_title (const char *type)
{
  const char *prefix = "NSPrivacyCollectedDataType";
  g_autofree char *key = NULL;

  if (type == NULL || !g_str_has_prefix (type, prefix))
    return type;
  key = squash (type + strlen (prefix));
  for (guint c = 0; c < G_N_ELEMENTS (apple_categories); c++)
    for (guint i = 0; apple_categories[c].types[i] != NULL; i++)
      {
        g_autofree char *candidate = squash (apple_categories[c].types[i]);
        if (g_str_equal (candidate, key))
          return _(apple_categories[c].types[i]);
      }
  return type;
}

static const char *
lookup (const char *key,
        const char *prefix,
        const char *const table[][2],
        gsize       n)
{
  if (key == NULL || !g_str_has_prefix (key, prefix))
    return key;
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (key + strlen (prefix), table[i][0]))
      return _(table[i][1]);
  return key;
}

const char *
veil_privacy_purpose_title (const char *purpose)
{
  static const char *const purposes[][2] = {
    { "ThirdPartyAdvertising", N_("Third-party advertising") },
    { "DeveloperAdvertising", N_("The developer’s advertising") },
    { "Analytics", N_("Analytics") },
    { "ProductPersonalization", N_("Personalisation") },
    { "AppFunctionality", N_("App functionality") },
    { "Other", N_("Other purposes") },
  };

  return lookup (purpose, "NSPrivacyCollectedDataTypePurpose", purposes, G_N_ELEMENTS (purposes));
}

const char *
veil_privacy_api_title (const char *api)
{
  /* Apple asks for a reason for these because each can help tell one
   * device from another (fingerprinting). */
  static const char *const apis[][2] = {
    { "FileTimestamp", N_("File dates") },
    { "SystemBootTime", N_("Time since the device started") },
    { "DiskSpace", N_("Free and total disk space") },
    { "ActiveKeyboards", N_("Keyboards in use") },
    { "UserDefaults", N_("Stored app settings (UserDefaults)") },
  };

  return lookup (api, "NSPrivacyAccessedAPICategory", apis, G_N_ELEMENTS (apis));
}

char *
veil_tracker_website_host (const char *website)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme, *host;

  if (website == NULL)
    return NULL;
  uri = g_uri_parse (website, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_strdup (host);
}
