/* veil-export-link.c: matching company names from exports to contacts and
 * tracker makers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "veil-error.h"
#include "veil-export-link.h"
#include "veil-export-private.h"

/* Legal forms, folded and without dots; stripped from the end of a name
 * (repeatedly: "Foo GmbH & Co. KG"). */
static const char *const legal_suffixes[] = {
  "ltd", "limited", "llc", "inc", "incorporated", "corp", "corporation", "co", "company",
  "gmbh", "mbh", "ag", "kg", "ug", "kgaa", "ohg", "ev", "sa", "sas", "sasu", "sarl", "sca", "sl",
  "slu", "bv", "nv", "plc", "pty", "srl", "spa", "ab", "as", "asa", "oy", "oyj", "kk", "se", "lp",
  "llp", "pte", "pvt", "private", "holding", "holdings", "group", "and", "haftungsbeschrankt",
  "international", "europe", "ireland", "deutschland", "uk", "us", "usa", "uc", "dac", "ulc",
  "unlimited", NULL,
};

/* First words of tracker names too generic to name a company. */
static const char *const generic_words[] = {
  "ad", "ads", "app", "apps", "mobile", "the", "smart", "open", "data", "my", "analytics", NULL,
};

struct _VeilLinker {
  GPtrArray  *contacts;  /* VeilCompanyContact * */
  GHashTable *by_name;   /* normalized name or run → contact (borrowed) */
  GHashTable *trackers;  /* normalized maker → GPtrArray of tracker names */
};

static gboolean
in_list (const char         *word,
         const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (word, list[i]))
      return TRUE;
  return FALSE;
}

char *
veil_company_normalize (const char *name)
{
  g_autofree char *nfkd = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) raw = NULL;
  gboolean last_single = FALSE;
  guint keep;

  if (name == NULL)
    return g_strdup ("");
  nfkd = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
  if (nfkd == NULL)
    return g_strdup ("");
  folded = g_utf8_casefold (nfkd, -1);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;  /* accents, after NFKD */
      if (c == '&' || c == '+')
        g_string_append (plain, " and ");
      else if (g_unichar_isalnum (c))
        g_string_append_unichar (plain, c);
      else if (c == '\'' || c == 0x2019)
        continue;  /* "McDonald's" = "McDonalds" */
      else
        g_string_append_c (plain, ' ');
    }

  /* "s a" (from "S.A.") → "sa", "b v" → "bv": join runs of single letters. */
  raw = g_strsplit (plain->str, " ", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      gboolean single;

      if (*raw[i] == '\0')
        continue;
      single = g_utf8_strlen (raw[i], -1) == 1;
      if (single && last_single && words->len > 0)
        {
          char *prev = g_ptr_array_index (words, words->len - 1);
          g_ptr_array_index (words, words->len - 1) = g_strconcat (prev, raw[i], NULL);
          g_free (prev);
          continue;
        }
      g_ptr_array_add (words, g_strdup (raw[i]));
      last_single = single;
    }

  keep = words->len;
  while (keep > 1 && in_list (g_ptr_array_index (words, keep - 1), legal_suffixes))
    keep--;
  for (guint i = 0; i < keep; i++)
    {
      const char *w = g_ptr_array_index (words, i);

      if (i == 0 && keep > 1 && g_str_equal (w, "the"))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, w);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
contact_free (VeilCompanyContact *c)
{
  g_free (c->slug);
  g_free (c->name);
  g_free (c->email);
  g_free (c->address);
  g_free (c->web);
  g_free (c->webform);
  g_strfreev (c->runs);
  g_free (c);
}

void
veil_linker_free (VeilLinker *linker)
{
  if (linker == NULL)
    return;
  g_clear_pointer (&linker->contacts, g_ptr_array_unref);
  g_clear_pointer (&linker->by_name, g_hash_table_unref);
  g_clear_pointer (&linker->trackers, g_hash_table_unref);
  g_free (linker);
}

char *
_veil_export_find_data (const char *data_dir,
                        const char *relative)
{
  const char *dirs[] = { data_dir, VEIL_SOURCE_DATADIR, VEIL_DATADIR };

  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], relative, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static char *
dup_member (JsonObject *o,
            const char *member)
{
  return g_strdup (_veil_json_string (o, member));
}

static void
index_name (VeilLinker         *linker,
            const char         *name,
            VeilCompanyContact *contact)
{
  g_autofree char *key = veil_company_normalize (name);

  /* The first record wins: Datenanfragen lists the main controller first. */
  if (*key != '\0' && !g_hash_table_contains (linker->by_name, key))
    g_hash_table_insert (linker->by_name, g_steal_pointer (&key), contact);
}

static gboolean
load_contacts (VeilLinker  *linker,
               const char  *path,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *records;

  if (!_veil_json_load_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("%s is not a list of companies"), path);
      return FALSE;
    }
  records = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *o = _veil_json_node_object (json_array_get_element (records, i));
      JsonArray *runs = _veil_json_array (o, "runs");
      VeilCompanyContact *c;

      if (o == NULL || _veil_json_string (o, "name") == NULL)
        continue;
      c = g_new0 (VeilCompanyContact, 1);
      c->slug = dup_member (o, "slug");
      c->name = dup_member (o, "name");
      c->email = dup_member (o, "email");
      c->address = dup_member (o, "address");
      c->web = dup_member (o, "web");
      c->webform = dup_member (o, "webform");
      if (runs != NULL && json_array_get_length (runs) > 0)
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          for (guint r = 0; r < json_array_get_length (runs); r++)
            if (_veil_json_node_string (json_array_get_element (runs, r)) != NULL)
              g_strv_builder_add (b, _veil_json_node_string (json_array_get_element (runs, r)));
          c->runs = g_strv_builder_end (b);
        }
      g_ptr_array_add (linker->contacts, c);
    }
  /* Names first, then what each controller runs, so that a company's own
   * record beats a parent that lists it among its services. */
  for (guint i = 0; i < linker->contacts->len; i++)
    {
      VeilCompanyContact *c = g_ptr_array_index (linker->contacts, i);
      index_name (linker, c->name, c);
    }
  for (guint i = 0; i < linker->contacts->len; i++)
    {
      VeilCompanyContact *c = g_ptr_array_index (linker->contacts, i);
      for (guint r = 0; c->runs != NULL && c->runs[r] != NULL; r++)
        index_name (linker, c->runs[r], c);
    }
  return TRUE;
}

static void
add_tracker (VeilLinker *linker,
             const char *maker,
             const char *tracker)
{
  g_autofree char *key = veil_company_normalize (maker);
  GPtrArray *list;

  if (strlen (key) < 3 || in_list (key, generic_words))
    return;
  list = g_hash_table_lookup (linker->trackers, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (linker->trackers, g_steal_pointer (&key), list);
    }
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), tracker))
      return;
  g_ptr_array_add (list, g_strdup (tracker));
}

/* "https://admob.google.com" → "google". */
static char *
site_label (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_auto(GStrv) labels = NULL;
  guint n;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;
  labels = g_strsplit (g_uri_get_host (uri), ".", -1);
  n = g_strv_length (labels);
  return n >= 2 ? g_strdup (labels[n - 2]) : NULL;
}

/* The tracker list names SDKs ("Google AdMob", "Facebook Analytics"); the
 * maker is the full name, its first word, and the site's domain name. */
static void
load_trackers (VeilLinker *linker,
               const char *signatures,
               const char *details)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  if (signatures != NULL && _veil_json_load_file (parser, signatures, NULL) &&
      (list = _veil_json_array (_veil_json_node_object (json_parser_get_root (parser)), "trackers")) != NULL)
    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        const char *name = _veil_json_string (_veil_json_node_object (json_array_get_element (list, i)), "name");
        g_auto(GStrv) words = NULL;

        if (name == NULL)
          continue;
        add_tracker (linker, name, name);
        words = g_strsplit (name, " ", 2);
        if (words[0] != NULL && words[1] != NULL)
          add_tracker (linker, words[0], name);
      }
  if (details != NULL && _veil_json_load_file (parser, details, NULL))
    {
      JsonObject *all = _veil_json_object (_veil_json_node_object (json_parser_get_root (parser)), "trackers");
      g_autoptr(GList) names = all != NULL ? json_object_get_members (all) : NULL;

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *label = site_label (_veil_json_string (_veil_json_object (all, l->data), "website"));
          if (label != NULL)
            add_tracker (linker, label, l->data);
        }
    }
}

VeilLinker *
veil_linker_new (const char  *data_dir,
                 GError     **error)
{
  g_autoptr(VeilLinker) linker = g_new0 (VeilLinker, 1);
  g_autofree char *contacts = _veil_export_find_data (data_dir, "gdpr/companies.json");
  g_autofree char *signatures = _veil_export_find_data (data_dir, "trackers/android-tracker-signatures.json");
  g_autofree char *details = _veil_export_find_data (data_dir, "trackers/tracker-details.json");

  linker->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) contact_free);
  linker->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  linker->trackers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if (contacts == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The list of data-protection contacts (gdpr/companies.json) is not installed"));
      return NULL;
    }
  if (!load_contacts (linker, contacts, error))
    return NULL;
  load_trackers (linker, signatures, details);
  return g_steal_pointer (&linker);
}

/* A web address from an export ("example.com") also tries its name. */
static char *
domain_stem (const char *company)
{
  const char *dot = strrchr (company, '.');

  if (dot == NULL || strchr (company, ' ') != NULL || dot == company || strlen (dot) > 5)
    return NULL;
  return g_strndup (company, (gsize) (dot - company));
}

const VeilCompanyContact *
veil_linker_find_contact (VeilLinker *linker,
                          const char *company)
{
  g_autofree char *key = veil_company_normalize (company);
  g_autofree char *stem = domain_stem (company);
  VeilCompanyContact *c = g_hash_table_lookup (linker->by_name, key);

  if (c == NULL && stem != NULL)
    {
      g_autofree char *stem_key = veil_company_normalize (stem);
      c = g_hash_table_lookup (linker->by_name, stem_key);
    }
  return c;
}

GPtrArray *
veil_linker_find_trackers (VeilLinker *linker,
                           const char *company)
{
  g_autofree char *key = veil_company_normalize (company);
  g_autofree char *stem = domain_stem (company);
  GPtrArray *out = g_ptr_array_new ();
  GPtrArray *list = g_hash_table_lookup (linker->trackers, key);

  if (list == NULL && stem != NULL)
    {
      g_autofree char *stem_key = veil_company_normalize (stem);
      list = g_hash_table_lookup (linker->trackers, stem_key);
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (out, g_ptr_array_index (list, i));
  return out;
}
