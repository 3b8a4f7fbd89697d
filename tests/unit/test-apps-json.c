/* test-apps-json.c: JSON from outside Veil (tracker lists, labels, model
 * lists) refuses excessive nesting before json-glib recurses into it
 * (issue 14: 100,000 levels killed `veil apps compare --label` with SIGSEGV).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "veil-apps.h"
#include "veil-error.h"
#include "veil-json.h"
#include "veil-models.h"
#include "veil-test-utils.h"

#define HOSTILE_DEPTH 100000

/* "[[[…]]]" or "{"a":{"a":…1…}}", depth levels. */
static char *
nested (guint depth, gboolean objects)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, objects ? "{\"a\":" : "[");
  g_string_append (s, "1");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, objects ? '}' : ']');
  return g_string_free (s, FALSE);
}

static char *
write_temp (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_depth_count (void)
{
  g_autofree char *deep = nested (600, FALSE);

  g_assert_cmpuint (veil_json_depth ("{}", 2, 512), ==, 1);
  g_assert_cmpuint (veil_json_depth ("[{\"a\":[1]}]", 11, 512), ==, 3);
  /* Brackets inside strings, escaped quotes included, do not count. */
  g_assert_cmpuint (veil_json_depth ("[\"[[[\\\"[[\"]", 11, 512), ==, 1);
  g_assert_cmpuint (veil_json_depth ("1", 1, 512), ==, 0);
  /* json-glib also reads 'strings' (no escapes) and comments. */
  g_assert_cmpuint (veil_json_depth ("['[\\', [1]]", 12, 512), ==, 2);
  g_assert_cmpuint (veil_json_depth ("[/* [[ */ 1]", 12, 512), ==, 1);
  g_assert_cmpuint (veil_json_depth ("[\"/*\", [1]]", 12, 512), ==, 2);
  /* It stops counting once past the limit. */
  g_assert_cmpuint (veil_json_depth (deep, strlen (deep), 512), ==, 513);
}

static void
test_limit (void)
{
  g_autofree char *ok = nested (VEIL_JSON_MAX_DEPTH, TRUE);
  g_autofree char *over = nested (VEIL_JSON_MAX_DEPTH + 1, TRUE);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = veil_json_parse_data (ok, strlen (ok), "ok.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_null (veil_json_parse_data (over, strlen (over), "over.json", &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "over.json"));
  g_assert_nonnull (strstr (error->message, "nested more than 512 levels"));
}

static void
test_empty_and_blank (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (veil_json_parse_data (NULL, 0, "the list", &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "the list is empty");
  g_clear_error (&error);
  g_assert_null (veil_json_parse_data ("  \n", 3, "the list", &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_null (veil_json_parse_data ("{\"a\":", 5, "the list", &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "the list is not valid JSON"));
}

/* A quote of the other kind must not hide the nesting that follows:
 * json-glib reads '"' as a string, so the brackets after it count. */
static void
test_quote_tricks (void)
{
  const char *prefixes[] = { "['\"', ", "[/* \" */ ", "{'a\"': " };

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *deep = nested (HOSTILE_DEPTH, FALSE);
      g_autofree char *text = g_strconcat (prefixes[i], deep, prefixes[i][0] == '{' ? "}" : "]", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_null (veil_json_parse_data (text, strlen (text), "trick.json", &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "nested more than"));
    }
}

/* `veil apps compare --label FILE` with a hostile label. */
static void
test_label (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *arrays = nested (HOSTILE_DEPTH, FALSE);
  g_autofree char *objects = nested (HOSTILE_DEPTH, TRUE);
  g_autofree char *a = write_temp (dir, "arrays.json", arrays);
  g_autofree char *o = write_temp (dir, "objects.json", objects);
  g_autoptr(GError) error = NULL;

  g_assert_null (veil_disclosure_load (a, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, a));
  g_assert_nonnull (strstr (error->message, "nested more than"));
  g_clear_error (&error);
  g_assert_null (veil_disclosure_load (o, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nested more than"));
  veil_test_rmdir (dir);
}

static void
test_tracker_list (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "trackers.db", NULL);
  g_autofree char *deep = nested (HOSTILE_DEPTH, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_false (veil_tracker_db_import_exodus_json (deep, strlen (deep), NULL, dest, NULL, &error));
  g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "the tracker list is nested more than"));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  veil_test_rmdir (dir);
}

static void
test_model_list (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *deep = nested (HOSTILE_DEPTH, FALSE);
  g_autofree char *path = write_temp (dir, "known-models.json", deep);
  g_autoptr(GError) error = NULL;

  g_assert_null (veil_models_load_list (path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "nested more than"));
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apps/json/depth-count", test_depth_count);
  g_test_add_func ("/apps/json/limit", test_limit);
  g_test_add_func ("/apps/json/empty", test_empty_and_blank);
  g_test_add_func ("/apps/json/quote-tricks", test_quote_tricks);
  g_test_add_func ("/apps/json/deep-label", test_label);
  g_test_add_func ("/apps/json/deep-tracker-list", test_tracker_list);
  g_test_add_func ("/apps/json/deep-model-list", test_model_list);
  return g_test_run ();
}
