/* veil-tracker-update.c: `veil trackers update`, the one network call of
 * the apps feature, made only when the user asks for it.
 *
 * The list is fetched with veil_http_get (TLS verified, size cap, stalls),
 * checked as JSON, converted and written under a temporary name, fsynced
 * and renamed into the user's data folder with mode 0600. Any failure
 * leaves the list in use untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trackers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-tracker-import.h"
#include "veil-http.h"
#include "veil-json.h"

#define EXODUS_TRACKERS_URL "https://reports.exodus-privacy.eu.org/api/trackers"
/* The εxodus list is about 250 KB; 16 MiB leaves room for growth. */
#define MAX_DOWNLOAD (16 * 1024 * 1024)

static gboolean
append_body (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  g_byte_array_append (user_data, data, (guint) len);
  return TRUE;
}

static GBytes *
download (const char *url, GCancellable *cancellable, GError **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  if (!veil_http_get (url, MAX_DOWNLOAD, append_body, body, NULL, NULL, cancellable, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

gboolean
veil_tracker_db_import_exodus_json (const char    *json,
                                    gsize          len,
                                    VeilTrackerDb *fallback,
                                    const char    *dest_path,
                                    guint         *n_trackers,
                                    GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(VeilTrackerBuilder) b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  guint n_android;

  if ((root = veil_json_parse_data (json, len, _("the tracker list"), error)) == NULL)
    {
      g_assert (error == NULL || *error != NULL);
      if (error != NULL)
        {
          (*error)->domain = VEIL_NETWORK_ERROR;
          (*error)->code = VEIL_NETWORK_ERROR_INVALID;
        }
      return FALSE;
    }
  if ((b = _veil_tracker_builder_new (dest_path, error)) == NULL ||
      !_veil_tracker_builder_add_exodus_json (b, root, error))
    return FALSE;
  n_android = _veil_tracker_builder_count (b);

  /* Keep what the εxodus API does not carry: ETIP-only candidates (shown
   * as "possible") and the iOS signatures. */
  if (fallback != NULL)
    {
      GPtrArray *old = veil_tracker_db_get_trackers (fallback);
      for (guint i = 0; i < old->len; i++)
        {
          const VeilTrackerInfo *t = old->pdata[i];
          const char *plat = t->platform == VEIL_APP_PLATFORM_IOS ? "ios" : "android";

          if (t->platform == VEIL_APP_PLATFORM_ANDROID && (t->verified || _veil_tracker_builder_has (b, plat, t->name)))
            continue;
          if (!_veil_tracker_builder_add (b, plat, t->name, t->website, (const char * const *) t->categories,
                                          t->code_signature, t->network_signature, t->verified, t->exposure, error))
            return FALSE;
        }
    }
  if (!_veil_tracker_builder_set_meta (b, "source", "exodus-api", error) ||
      !_veil_tracker_builder_set_meta (b, "updated", stamp, error) ||
      !_veil_tracker_builder_finish (b, 0600, error))
    return FALSE;
  if (n_trackers != NULL)
    *n_trackers = n_android;
  return TRUE;
}

gboolean
veil_tracker_db_update (const char   *url,
                        const char   *dest_path,
                        guint        *n_trackers,
                        GCancellable *cancellable,
                        GError      **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(VeilTrackerDb) fallback = NULL;
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  const char *data;
  gsize len;

  if (url == NULL)
    url = EXODUS_TRACKERS_URL;
  if ((body = download (url, cancellable, error)) == NULL)
    return FALSE;
  data = g_bytes_get_data (body, &len);
  fallback = veil_tracker_db_open (bundled, NULL);
  return veil_tracker_db_import_exodus_json (data, len, fallback, dest_path, n_trackers, error);
}
