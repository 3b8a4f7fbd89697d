/* veil-ipa.c: iOS packages (.ipa).
 *
 * First pass (during the ZIP walk): Payload/NAME.app/Info.plist (XML or
 * binary), the names of embedded Frameworks/NAME.framework (matched against
 * the iOS signatures), and every PrivacyInfo.xcprivacy. Second pass: the
 * main executable and each framework binary, whose Mach-O tells whether
 * App Store encryption is on and, when it is off, lists class names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-ipa"

#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"

#define MAX_PLIST (8 * 1024 * 1024)

static void
collected_free (VeilPrivacyCollected *c)
{
  g_free (c->type);
  g_strfreev (c->purposes);
  g_free (c);
}

static void
api_free (VeilPrivacyApi *a)
{
  g_free (a->type);
  g_strfreev (a->reasons);
  g_free (a);
}

void
_veil_privacy_manifest_free (VeilPrivacyManifest *m)
{
  if (m == NULL)
    return;
  g_free (m->path);
  g_strfreev (m->tracking_domains);
  g_clear_pointer (&m->collected, g_ptr_array_unref);
  g_clear_pointer (&m->accessed_apis, g_ptr_array_unref);
  g_free (m);
}

static char *
dict_string (GVariant *dict, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_STRING);
  return v != NULL ? g_variant_dup_string (v, NULL) : NULL;
}

static int
dict_bool (GVariant *dict, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_BOOLEAN);
  return v != NULL ? g_variant_get_boolean (v) : -1;
}

/* An array of strings (av of s) as a GStrv; other items are skipped. */
static GStrv
dict_strv (GVariant *dict, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, G_VARIANT_TYPE ("av"));
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (gsize i = 0; v != NULL && i < g_variant_n_children (v); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (v, i);
      g_autoptr(GVariant) item = g_variant_get_variant (boxed);
      if (g_variant_is_of_type (item, G_VARIANT_TYPE_STRING))
        g_strv_builder_add (b, g_variant_get_string (item, NULL));
    }
  return g_strv_builder_end (b);
}

static GVariant *
read_plist (VeilAppScan *s, struct archive *a, const char *name, gint64 size, GError **error)
{
  g_autoptr(GBytes) bytes = _veil_app_archive_read (s, a, size, name, MAX_PLIST, error);
  const guint8 *data;
  gsize len;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return _veil_plist_parse (data, len, error);
}

static void
take_info_plist (VeilAppScan *s, GVariant *plist)
{
  VeilAppReport *r = s->report;

  if (!g_variant_is_of_type (plist, G_VARIANT_TYPE_VARDICT))
    {
      _veil_app_note (s, _("The app’s Info.plist is not a dictionary."));
      return;
    }
  r->package = dict_string (plist, "CFBundleIdentifier");
  r->version_name = dict_string (plist, "CFBundleShortVersionString");
  r->version_code = dict_string (plist, "CFBundleVersion");
  r->app_name = dict_string (plist, "CFBundleDisplayName");
  if (r->app_name == NULL)
    r->app_name = dict_string (plist, "CFBundleName");
  s->ipa_executable = dict_string (plist, "CFBundleExecutable");
  if (s->ipa_executable != NULL && (strchr (s->ipa_executable, '/') != NULL || s->ipa_executable[0] == '\0'))
    g_clear_pointer (&s->ipa_executable, g_free);
}

static void
take_privacy (VeilAppScan *s, const char *path, GVariant *plist)
{
  VeilPrivacyManifest *m;
  g_autoptr(GVariant) collected = NULL, apis = NULL;

  if (!g_variant_is_of_type (plist, G_VARIANT_TYPE_VARDICT))
    {
      _veil_app_note (s, _("%s is not a dictionary."), path);
      return;
    }
  m = g_new0 (VeilPrivacyManifest, 1);
  m->path = g_strdup (path);
  m->tracking = dict_bool (plist, "NSPrivacyTracking");
  m->tracking_domains = dict_strv (plist, "NSPrivacyTrackingDomains");
  m->collected = g_ptr_array_new_with_free_func ((GDestroyNotify) collected_free);
  m->accessed_apis = g_ptr_array_new_with_free_func ((GDestroyNotify) api_free);

  collected = g_variant_lookup_value (plist, "NSPrivacyCollectedDataTypes", G_VARIANT_TYPE ("av"));
  for (gsize i = 0; collected != NULL && i < g_variant_n_children (collected); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (collected, i);
      g_autoptr(GVariant) d = g_variant_get_variant (boxed);
      VeilPrivacyCollected *c;

      if (!g_variant_is_of_type (d, G_VARIANT_TYPE_VARDICT))
        continue;
      c = g_new0 (VeilPrivacyCollected, 1);
      c->type = dict_string (d, "NSPrivacyCollectedDataType");
      if (c->type == NULL)
        c->type = g_strdup ("?");
      c->linked = dict_bool (d, "NSPrivacyCollectedDataTypeLinked") == 1;
      c->tracking = dict_bool (d, "NSPrivacyCollectedDataTypeTracking") == 1;
      c->purposes = dict_strv (d, "NSPrivacyCollectedDataTypePurposes");
      g_ptr_array_add (m->collected, c);
    }
  apis = g_variant_lookup_value (plist, "NSPrivacyAccessedAPITypes", G_VARIANT_TYPE ("av"));
  for (gsize i = 0; apis != NULL && i < g_variant_n_children (apis); i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (apis, i);
      g_autoptr(GVariant) d = g_variant_get_variant (boxed);
      VeilPrivacyApi *api;

      if (!g_variant_is_of_type (d, G_VARIANT_TYPE_VARDICT))
        continue;
      api = g_new0 (VeilPrivacyApi, 1);
      api->type = dict_string (d, "NSPrivacyAccessedAPIType");
      if (api->type == NULL)
        api->type = g_strdup ("?");
      api->reasons = dict_strv (d, "NSPrivacyAccessedAPITypeReasons");
      g_ptr_array_add (m->accessed_apis, api);
    }
  g_ptr_array_add (s->report->privacy, m);
}

/* "Payload/X.app/" of a member name, or NULL. */
static char *
app_dir_of (const char *name)
{
  const char *app = strstr (name, ".app/");
  const char *slash;

  if (!g_str_has_prefix (name, "Payload/") || app == NULL)
    return NULL;
  slash = strchr (name + strlen ("Payload/"), '/');
  if (slash == NULL || slash != app + 4)
    return NULL;
  return g_strndup (name, app + 5 - name);
}

gboolean
_veil_ipa_entry (VeilAppScan    *s,
                 struct archive *a,
                 const char     *name,
                 gint64          size,
                 GError        **error)
{
  g_autofree char *dir = app_dir_of (name);
  const char *rest;

  if (dir == NULL)
    return _veil_app_archive_skip (s, a, name, error);
  if (s->ipa_app_dir == NULL)
    s->ipa_app_dir = g_strdup (dir);
  else if (!g_str_equal (s->ipa_app_dir, dir))
    return _veil_app_archive_skip (s, a, name, error);
  rest = name + strlen (dir);

  if (g_str_equal (rest, "Info.plist"))
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GVariant) plist = read_plist (s, a, name, size, &local);
      if (plist == NULL)
        {
          if (s->unpacked > s->limits.max_total_size)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          _veil_app_note (s, _("The app’s Info.plist could not be read: %s"), local->message);
        }
      else
        take_info_plist (s, plist);
      return TRUE;
    }
  if (g_str_has_suffix (rest, "PrivacyInfo.xcprivacy"))
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GVariant) plist = read_plist (s, a, name, size, &local);
      if (plist == NULL)
        _veil_app_note (s, _("%s could not be read: %s"), rest, local->message);
      else
        take_privacy (s, rest, plist);
      return TRUE;
    }
  if (g_str_has_prefix (rest, "Frameworks/") && strstr (rest, ".framework/") != NULL)
    {
      const char *fw = rest + strlen ("Frameworks/");
      const char *end = strstr (fw, ".framework/");
      g_autofree char *fw_name = g_strndup (fw, end - fw);
      g_autofree char *binary = g_strdup_printf ("Frameworks/%s.framework/%s", fw_name, fw_name);
      gboolean seen = FALSE;

      if (strchr (fw_name, '/') == NULL)
        {
          for (guint i = 0; i < s->report->frameworks->len && !seen; i++)
            seen = g_str_equal (s->report->frameworks->pdata[i], fw_name);
          if (!seen)
            {
              g_ptr_array_add (s->report->frameworks, g_strdup (fw_name));
              _veil_app_match_class (s, VEIL_APP_PLATFORM_IOS, fw_name, strlen (fw_name),
                                     VEIL_TRACKER_EVIDENCE_FRAMEWORK);
              s->report->n_classes--;  /* a framework name is not a class */
            }
          if (g_str_equal (rest, binary))
            g_ptr_array_add (s->ipa_binaries, g_strdup (name));
        }
    }
  return _veil_app_archive_skip (s, a, name, error);
}

gboolean
_veil_ipa_finish (VeilAppScan         *s,
                  const VeilAppSource *src,
                  GError             **error)
{
  g_autofree char *main_exe = NULL;
  struct archive *a;
  struct archive_entry *entry;
  gboolean main_seen = FALSE;
  int r;

  if (s->ipa_app_dir == NULL)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED, _("an IPA without an app in Payload/"));
      return FALSE;
    }
  if (s->ipa_executable != NULL)
    main_exe = g_strconcat (s->ipa_app_dir, s->ipa_executable, NULL);

  if ((a = _veil_app_archive_open (src, error)) == NULL)
    return FALSE;
  while ((r = archive_read_next_header (a, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *name = archive_entry_pathname (entry);
      gint64 size = archive_entry_size_is_set (entry) ? archive_entry_size (entry) : -1;
      gboolean is_main = main_exe != NULL && g_strcmp0 (name, main_exe) == 0;
      gboolean is_fw = FALSE;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local = NULL;
      VeilMachoInfo info;
      const guint8 *data;
      gsize len;

      for (guint i = 0; name != NULL && i < s->ipa_binaries->len && !is_fw; i++)
        is_fw = g_str_equal (name, s->ipa_binaries->pdata[i]);
      if (!is_main && !is_fw)
        continue;
      if ((bytes = _veil_app_archive_read (s, a, size, name, 0, error)) == NULL)
        {
          archive_read_free (a);
          return FALSE;
        }
      data = g_bytes_get_data (bytes, &len);
      if (!_veil_macho_parse (data, len, &info, &local))
        {
          _veil_app_note (s, "%s: %s", name + strlen (s->ipa_app_dir), local->message);
          _veil_macho_info_clear (&info);
          continue;
        }
      main_seen |= is_main;
      if (is_main && info.encrypted)
        s->report->encrypted = TRUE;
      for (guint i = 0; i < info.class_names->len; i++)
        {
          const char *cls = info.class_names->pdata[i];
          _veil_app_match_class (s, VEIL_APP_PLATFORM_IOS, cls, strlen (cls), VEIL_TRACKER_EVIDENCE_CODE);
        }
      if (!info.encrypted)
        s->report->code_bytes += len;
      g_ptr_array_add (s->report->code_files, g_strdup (name + strlen (s->ipa_app_dir)));
      _veil_macho_info_clear (&info);
    }
  if (r != ARCHIVE_EOF)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED, _("broken package: %s"),
                   archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  archive_read_free (a);
  if (!main_seen)
    _veil_app_note (s, _("The app’s main program was not found or could not be read; trackers were looked for "
                         "in framework names and privacy manifests only."));
  return TRUE;
}
