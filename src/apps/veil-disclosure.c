/* veil-disclosure.c: compares a store privacy label with a scan.
 *
 * A label is the developer's claim. Tracker SDK makers publish what their
 * SDK collects or shares (data/trackers/sdk-expected-disclosures.json, each
 * entry citing the maker's page). When the scan finds an SDK whose maker
 * says it shares X and the label does not declare X, that is a mismatch
 * worth showing, in plain words.
 *
 * Two label shapes are read: the App Store catalog API's privacyDetails
 * (also accepted bare) and Veil's neutral JSON for Google Play's data-safety
 * section ({"data_shared": [...], "data_collected": [...]}).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-json.h"

#define MAX_LABEL_SIZE (8 * 1024 * 1024)

struct _VeilDisclosure {
  char       *kind;            /* "apple" / "google-play" */
  gboolean    declares_nothing;
  /* Apple: "CATEGORY/Type" per section; Google: lower-cased type and
   * category names. */
  GHashTable *tracking;        /* DATA_USED_TO_TRACK_YOU */
  GHashTable *collected;       /* Apple linked + not linked; Google collected */
  GHashTable *shared;          /* Google shared */
  gboolean    has_tracking_section;
};

void
veil_disclosure_free (VeilDisclosure *d)
{
  if (d == NULL)
    return;
  g_free (d->kind);
  g_hash_table_unref (d->tracking);
  g_hash_table_unref (d->collected);
  g_hash_table_unref (d->shared);
  g_free (d);
}

const char *
veil_disclosure_kind (VeilDisclosure *d)
{
  return d->kind;
}

static JsonObject *
get_object (JsonObject *o, const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
get_array (JsonObject *o, const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;
  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static const char *
get_string (JsonObject *o, const char *member)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, member) : NULL;
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
           ? json_node_get_string (n) : NULL;
}

static JsonObject *
element_object (JsonArray *a, guint i)
{
  JsonNode *n = json_array_get_element (a, i);
  return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* Adds "CATEGORY/Type" for each data type of an Apple dataCategories list. */
static void
add_apple_categories (GHashTable *set, JsonArray *cats)
{
  for (guint i = 0; cats != NULL && i < json_array_get_length (cats); i++)
    {
      JsonObject *c = element_object (cats, i);
      const char *id = get_string (c, "identifier");
      JsonArray *types = get_array (c, "dataTypes");

      if (id == NULL)
        continue;
      g_hash_table_add (set, g_strdup (id));
      for (guint j = 0; types != NULL && j < json_array_get_length (types); j++)
        {
          JsonNode *t = json_array_get_element (types, j);
          if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
            g_hash_table_add (set, g_strdup_printf ("%s/%s", id, json_node_get_string (t)));
        }
    }
}

static gboolean
load_apple (VeilDisclosure *d, JsonArray *types, GError **error)
{
  d->kind = g_strdup ("apple");
  for (guint i = 0; i < json_array_get_length (types); i++)
    {
      JsonObject *t = element_object (types, i);
      const char *id = get_string (t, "identifier");
      JsonArray *purposes = get_array (t, "purposes");

      if (id == NULL)
        continue;
      if (g_str_equal (id, "DATA_NOT_COLLECTED"))
        d->declares_nothing = TRUE;
      else if (g_str_equal (id, "DATA_USED_TO_TRACK_YOU"))
        {
          d->has_tracking_section = TRUE;
          add_apple_categories (d->tracking, get_array (t, "dataCategories"));
        }
      else if (g_str_equal (id, "DATA_LINKED_TO_YOU") || g_str_equal (id, "DATA_NOT_LINKED_TO_YOU"))
        {
          add_apple_categories (d->collected, get_array (t, "dataCategories"));
          for (guint j = 0; purposes != NULL && j < json_array_get_length (purposes); j++)
            add_apple_categories (d->collected, get_array (element_object (purposes, j), "dataCategories"));
        }
    }
  return TRUE;
}

static void
add_google (GHashTable *set, JsonArray *items)
{
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *o = element_object (items, i);
      const char *type = get_string (o, "type"), *cat = get_string (o, "category");
      if (type != NULL)
        g_hash_table_add (set, g_utf8_casefold (type, -1));
      if (cat != NULL)
        g_hash_table_add (set, g_utf8_casefold (cat, -1));
    }
}

VeilDisclosure *
veil_disclosure_load (const char *path,
                      GError    **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  return _veil_disclosure_load_data (text, len, path, error);
}

VeilDisclosure *
_veil_disclosure_load_data (const char *text,
                            gsize       len,
                            const char *path,
                            GError    **error)
{
  g_autoptr(VeilDisclosure) d = g_new0 (VeilDisclosure, 1);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *details;
  JsonArray *types, *data;

  d->tracking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->collected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (len > MAX_LABEL_SIZE)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE, _("%s: too large for a privacy label"), path);
      return NULL;
    }
  if ((root = veil_json_parse_data (text, len, path, error)) == NULL)
    return NULL;
  o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  /* App Store API: data[0].attributes.privacyDetails.privacyTypes, or the
   * privacyDetails object, or its privacyTypes array, on their own. */
  details = NULL;
  if ((data = get_array (o, "data")) != NULL && json_array_get_length (data) > 0)
    details = get_object (get_object (element_object (data, 0), "attributes"), "privacyDetails");
  if (details == NULL)
    details = get_object (o, "privacyDetails");
  if (details == NULL && o != NULL && json_object_has_member (o, "privacyTypes"))
    details = o;
  types = get_array (details, "privacyTypes");
  if (types != NULL)
    {
      load_apple (d, types, error);
      return g_steal_pointer (&d);
    }

  if (get_array (o, "data_shared") != NULL || get_array (o, "data_collected") != NULL)
    {
      d->kind = g_strdup ("google-play");
      add_google (d->shared, get_array (o, "data_shared"));
      add_google (d->collected, get_array (o, "data_collected"));
      d->declares_nothing = g_hash_table_size (d->shared) == 0 && g_hash_table_size (d->collected) == 0;
      return g_steal_pointer (&d);
    }

  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED,
               _("%s: neither an App Store privacy label nor a Google Play data-safety record"), path);
  return NULL;
}

static char *
expectations_path (void)
{
  const char *env = g_getenv ("VEIL_DISCLOSURES");
  g_autofree char *source = g_build_filename (VEIL_SOURCE_DATADIR, "trackers", "sdk-expected-disclosures.json", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&source);
  return g_build_filename (VEIL_DATADIR, "trackers", "sdk-expected-disclosures.json", NULL);
}

/* "Approximate location (IP-derived)" → "approximate location". */
static char *
google_key (const char *item)
{
  g_autofree char *plain = g_strdup (item);
  char *paren = strchr (plain, '(');

  if (paren != NULL)
    *paren = '\0';
  g_strstrip (plain);
  return g_utf8_casefold (plain, -1);
}

/* "IDENTIFIERS/Device ID" → "Device ID". */
static const char *
apple_type (const char *item)
{
  const char *slash = strchr (item, '/');
  return slash != NULL ? slash + 1 : item;
}

static void
compare_apple (VeilDisclosure *d, const char *name, const char *says, JsonObject *apple, GPtrArray *out)
{
  JsonArray *track = get_array (apple, "DATA_USED_TO_TRACK_YOU");
  JsonArray *collect = get_array (apple, "DATA_LINKED_TO_YOU or NOT_LINKED");

  if (track != NULL && json_array_get_length (track) > 0)
    {
      if (!d->has_tracking_section)
        g_ptr_array_add (out, g_strdup_printf (_("Declares no tracking, but contains %s, whose maker says %s."),
                                               name, says));
      else
        for (guint i = 0; i < json_array_get_length (track); i++)
          {
            const char *item = json_array_get_string_element (track, i);
            if (item != NULL && !g_hash_table_contains (d->tracking, item))
              g_ptr_array_add (out, g_strdup_printf (_("Does not list “%s” as used to track you, but contains %s, "
                                                       "whose maker says %s."), apple_type (item), name, says));
          }
    }
  if (collect != NULL && json_array_get_length (collect) > 0)
    {
      if (d->declares_nothing)
        {
          g_ptr_array_add (out, g_strdup_printf (_("Declares that no data is collected, but contains %s, whose maker "
                                                   "says %s."), name, says));
          return;
        }
      for (guint i = 0; i < json_array_get_length (collect); i++)
        {
          const char *item = json_array_get_string_element (collect, i);
          if (item != NULL && !g_hash_table_contains (d->collected, item) && !g_hash_table_contains (d->tracking, item))
            g_ptr_array_add (out, g_strdup_printf (_("Does not list “%s” as collected, but contains %s, whose maker "
                                                     "says %s."), apple_type (item), name, says));
        }
    }
}

static void
compare_google (VeilDisclosure *d, const char *name, const char *says, JsonObject *google, GPtrArray *out)
{
  JsonArray *shared = get_array (google, "shared");
  JsonArray *collected = get_array (google, "collected");

  if (d->declares_nothing && (shared != NULL || collected != NULL))
    {
      g_ptr_array_add (out, g_strdup_printf (_("Declares that no data is collected or shared, but contains %s, whose "
                                               "maker says %s."), name, says));
      return;
    }
  for (guint i = 0; shared != NULL && i < json_array_get_length (shared); i++)
    {
      const char *item = json_array_get_string_element (shared, i);
      g_autofree char *key = item ? google_key (item) : NULL;
      if (key != NULL && !g_hash_table_contains (d->shared, key))
        g_ptr_array_add (out, g_strdup_printf (_("Does not declare sharing “%s”, but contains %s, whose maker says %s."),
                                               item, name, says));
    }
  for (guint i = 0; collected != NULL && i < json_array_get_length (collected); i++)
    {
      const char *item = json_array_get_string_element (collected, i);
      g_autofree char *key = item ? google_key (item) : NULL;
      if (key != NULL && !g_hash_table_contains (d->collected, key) && !g_hash_table_contains (d->shared, key))
        g_ptr_array_add (out, g_strdup_printf (_("Does not declare collecting “%s”, but contains %s, whose maker "
                                                 "says %s."), item, name, says));
    }
}

GPtrArray *
veil_disclosure_compare (VeilDisclosure      *d,
                         const VeilAppReport *report,
                         GError             **error)
{
  g_autofree char *path = expectations_path ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *expect;

  if ((root = veil_json_parse_file (path, error)) == NULL)
    {
      g_prefix_error (error, _("cannot read what SDK makers declare: "));
      return NULL;
    }
  expect = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  for (guint i = 0; i < report->trackers->len; i++)
    {
      const VeilAppTracker *t = report->trackers->pdata[i];
      JsonObject *e = get_object (expect, t->info->name);
      const char *says = get_string (e, "says");

      if (e == NULL || t->evidence == VEIL_TRACKER_EVIDENCE_NETWORK)
        continue;
      if (says == NULL)
        says = _("it collects data about you");
      if (g_str_equal (d->kind, "apple"))
        compare_apple (d, t->info->name, says, get_object (e, "apple"), out);
      else
        compare_google (d, t->info->name, says, get_object (e, "google_play"), out);
    }

  /* iOS: an SDK's own privacy manifest saying it tracks. */
  if (g_str_equal (d->kind, "apple") && !d->has_tracking_section)
    for (guint i = 0; i < report->privacy->len; i++)
      {
        const VeilPrivacyManifest *m = report->privacy->pdata[i];
        if (m->tracking == 1)
          g_ptr_array_add (out, g_strdup_printf (_("Declares no tracking, but %s inside the app declares that it tracks "
                                                   "you (NSPrivacyTracking)."), m->path));
      }
  return g_steal_pointer (&out);
}

const char *
veil_disclosure_platform_warning (VeilDisclosure      *disclosure,
                                  const VeilAppReport *report)
{
  gboolean apple;

  g_return_val_if_fail (disclosure != NULL && report != NULL, NULL);

  /* A label of the other platform's store describes another build of the
   * app, which may hold other libraries. */
  apple = g_str_equal (disclosure->kind, "apple");
  if (apple && report->platform == VEIL_APP_PLATFORM_ANDROID)
    return _("This is an App Store label, but the file is an Android app: the label describes the iPhone "
             "version, which may hold other libraries. Compare with its Google Play data-safety section instead.");
  if (!apple && report->platform == VEIL_APP_PLATFORM_IOS)
    return _("This is a Google Play data-safety section, but the file is an iPhone app: it describes the "
             "Android version, which may hold other libraries. Compare with its App Store privacy label instead.");
  return NULL;
}
