/* veil-tracker-update.c: `veil trackers update`, the one network call of
 * the apps feature, made only when the user asks for it.
 *
 * The list is fetched with libcurl (TLS verified, size cap, timeouts),
 * checked as JSON, converted and written under a temporary name, fsynced
 * and renamed into the user's data folder with mode 0600. Any failure
 * leaves the list in use untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trackers"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-tracker-import.h"

#define EXODUS_TRACKERS_URL "https://reports.exodus-privacy.eu.org/api/trackers"
/* The εxodus list is about 250 KB; 16 MiB leaves room for growth. */
#define MAX_DOWNLOAD (16 * 1024 * 1024)

typedef struct {
  GByteArray   *buf;
  gboolean      too_large;
  GCancellable *cancellable;
} Download;

static size_t
on_data (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Download *d = user_data;
  gsize n = size * nmemb;

  if (d->buf->len + n > MAX_DOWNLOAD)
    {
      d->too_large = TRUE;
      return 0;  /* makes curl stop with CURLE_WRITE_ERROR */
    }
  g_byte_array_append (d->buf, (const guint8 *) ptr, n);
  return n;
}

static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Download *d = user_data;

  if (dltotal > MAX_DOWNLOAD)
    {
      d->too_large = TRUE;
      return 1;
    }
  return g_cancellable_is_cancelled (d->cancellable) ? 1 : 0;
}

static GBytes *
download (const char *url, GCancellable *cancellable, GError **error)
{
  CURL *curl = curl_easy_init ();
  Download d = { g_byte_array_new (), FALSE, cancellable };
  char errbuf[CURL_ERROR_SIZE] = "";
  long status = 0;
  CURLcode rc;

  if (curl == NULL)
    {
      g_byte_array_unref (d.buf);
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED, _("cannot start the download"));
      return NULL;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 3L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) MAX_DOWNLOAD);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Veil/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &d);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);

  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);

  if (d.too_large || rc == CURLE_FILESIZE_EXCEEDED)
    g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE,
                 _("the tracker list from %s is larger than %d MiB; refused"), url, MAX_DOWNLOAD >> 20);
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ;
  else if (rc != CURLE_OK)
    g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                 _("cannot download the tracker list from %s: %s"), url,
                 *errbuf ? errbuf : curl_easy_strerror (rc));
  else if (status != 200 && status != 0)
    g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                 _("cannot download the tracker list from %s: the server answered %ld"), url, status);
  else
    return g_byte_array_free_to_bytes (d.buf);

  g_byte_array_unref (d.buf);
  return NULL;
}

gboolean
veil_tracker_db_import_exodus_json (const char    *json,
                                    gsize          len,
                                    VeilTrackerDb *fallback,
                                    const char    *dest_path,
                                    guint         *n_trackers,
                                    GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VeilTrackerBuilder) b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  guint n_android;

  if (!json_parser_load_from_data (parser, json, len, error))
    {
      g_prefix_error (error, _("the tracker list is not valid JSON: "));
      if (*error != NULL)
        {
          (*error)->domain = VEIL_NETWORK_ERROR;
          (*error)->code = VEIL_NETWORK_ERROR_INVALID;
        }
      return FALSE;
    }
  if ((b = _veil_tracker_builder_new (dest_path, error)) == NULL ||
      !_veil_tracker_builder_add_exodus_json (b, json_parser_get_root (parser), error))
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
