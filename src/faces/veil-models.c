/* veil-models.c: the known-models list and the installed models (the
 * downloader is in veil-models-fetch.c, apart because it needs libcurl).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-models"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "veil-error.h"
#include "veil-json.h"
#include "veil-models.h"

void
veil_known_model_free (VeilKnownModel *m)
{
  if (m == NULL)
    return;
  g_free (m->name);
  g_free (m->file);
  g_free (m->url);
  g_free (m->sha256);
  g_free (m->license);
  g_free (m->input);
  g_free (m);
}

char *
veil_models_default_list (void)
{
  const char *dirs[] = { VEIL_SOURCE_DATADIR, VEIL_DATADIR };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      char *p = g_build_filename (dirs[i], "models", "known-models.json", NULL);
      if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
        return p;
      g_free (p);
    }
  return g_build_filename (VEIL_DATADIR, "models", "known-models.json", NULL);
}

char *
veil_models_user_dir (void)
{
  const char *env = g_getenv ("VEIL_MODELS_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "veil", "models", NULL);
}

static gboolean
valid_sha256 (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

gboolean
veil_models_valid_file_name (const char *s)
{
  return s != NULL && *s != '\0' && *s != '.' && strchr (s, '/') == NULL &&
         strchr (s, '\\') == NULL && strlen (s) < 200;
}

GPtrArray *
veil_models_load_list (const char *path,
                       GError    **error)
{
  g_autofree char *default_path = path ? NULL : veil_models_default_list ();
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_known_model_free);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *models;

  if (path == NULL)
    path = default_path;
  if ((root = veil_json_parse_file (path, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "models") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "models")))
    goto bad;
  models = json_object_get_array_member (json_node_get_object (root), "models");
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonNode *n = json_array_get_element (models, i);
      JsonObject *o;
      g_autoptr(VeilKnownModel) m = g_new0 (VeilKnownModel, 1);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        goto bad;
      o = json_node_get_object (n);
      m->name = g_strdup (json_object_get_string_member_with_default (o, "name", NULL));
      m->file = g_strdup (json_object_get_string_member_with_default (o, "file", NULL));
      m->url = g_strdup (json_object_get_string_member_with_default (o, "url", NULL));
      m->sha256 = g_strdup (json_object_get_string_member_with_default (o, "sha256", NULL));
      m->license = g_strdup (json_object_get_string_member_with_default (o, "license", ""));
      m->input = g_strdup (json_object_get_string_member_with_default (o, "input", ""));
      m->size = json_object_get_int_member_with_default (o, "size", -1);
      if (m->name == NULL || !veil_models_valid_file_name (m->file) || m->url == NULL ||
          !(g_str_has_prefix (m->url, "https://") || g_str_has_prefix (m->url, "http://")) ||
          !valid_sha256 (m->sha256) || m->size <= 0 || m->size > VEIL_MODEL_MAX_SIZE)
        goto bad;
      g_ptr_array_add (list, g_steal_pointer (&m));
    }
  return g_steal_pointer (&list);

bad:
  g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID,
               _("%s: the list of models is malformed"), path);
  return NULL;
}

char *
veil_models_find_installed (GPtrArray *list)
{
  g_autofree char *dir = veil_models_user_dir ();

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const VeilKnownModel *m = g_ptr_array_index (list, i);
      char *p = g_build_filename (dir, m->file, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
        return p;
      g_free (p);
    }
  return NULL;
}

char *
veil_models_shipped_path (void)
{
  const char *dirs[] = { VEIL_SOURCE_DATADIR, VEIL_DATADIR };
  const char *env = g_getenv ("VEIL_SHIPPED_MODEL");

  if (env != NULL)
    return *env != '\0' ? g_strdup (env) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      char *p = g_build_filename (dirs[i], "models", VEIL_SHIPPED_MODEL_FILE, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
        return p;
      g_free (p);
    }
  return NULL;
}

GPtrArray *
veil_models_default_set (GPtrArray *list)
{
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = veil_models_user_dir ();
  char *shipped = veil_models_shipped_path ();

  if (shipped != NULL)
    g_ptr_array_add (set, shipped);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const VeilKnownModel *m = g_ptr_array_index (list, i);
      char *p = g_build_filename (dir, m->file, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (set, p);
      else
        g_free (p);
    }
  return set;
}

/* The file's SHA-256 in lower-case hex, or NULL when it cannot be read. */
static char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);

  if (mapped == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

VeilModelOrigin
veil_models_origin (GPtrArray             *list,
                    const char            *path,
                    const VeilKnownModel **listed)
{
  g_autofree char *shipped = veil_models_shipped_path ();
  g_autofree char *base = NULL;
  g_autofree char *sum = NULL;

  g_return_val_if_fail (path != NULL, VEIL_MODEL_ORIGIN_ADDED);

  if (listed != NULL)
    *listed = NULL;
  if (shipped != NULL && g_strcmp0 (shipped, path) == 0)
    return VEIL_MODEL_ORIGIN_SHIPPED;
  base = g_path_get_basename (path);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const VeilKnownModel *m = g_ptr_array_index (list, i);

      if (g_strcmp0 (m->file, base) != 0)
        continue;
      /* A file that only borrows the listed name is not that model. */
      if (sum == NULL && (sum = file_sha256 (path)) == NULL)
        break;
      if (g_ascii_strcasecmp (sum, m->sha256) == 0)
        {
          if (listed != NULL)
            *listed = m;
          return VEIL_MODEL_ORIGIN_DOWNLOADED;
        }
    }
  return VEIL_MODEL_ORIGIN_ADDED;
}
