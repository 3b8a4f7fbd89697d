/* veil-http.c: see veil-http.h. The only file that uses libcurl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-http"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-http.h"

typedef struct {
  VeilHttpSink      sink;
  gpointer          sink_data;
  GError           *sink_error;
  gint64            max_size;
  gint64            received;
  gboolean          too_large;
  VeilHttpProgress  progress;
  gpointer          progress_data;
  GCancellable     *cancellable;
} Transfer;

static size_t
on_data (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Transfer *t = user_data;
  gsize len = size * nmemb;

  if (t->received + (gint64) len > t->max_size)
    {
      t->too_large = TRUE;
      return 0; /* stops the transfer */
    }
  if (!t->sink ((const guint8 *) ptr, len, t->sink_data, &t->sink_error))
    return 0;
  t->received += (gint64) len;
  return len;
}

static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Transfer *t = user_data;

  if (dltotal > t->max_size)
    {
      t->too_large = TRUE; /* announced too large: do not wait for it */
      return 1;
    }
  if (g_cancellable_is_cancelled (t->cancellable))
    return 1;
  if (t->progress != NULL)
    t->progress (dlnow, t->progress_data);
  return 0;
}

gboolean
veil_http_get (const char        *url,
               gint64             max_size,
               VeilHttpSink       sink,
               gpointer           sink_data,
               VeilHttpProgress   progress,
               gpointer           progress_data,
               GCancellable      *cancellable,
               GError           **error)
{
  Transfer t = { sink, sink_data, NULL, max_size, 0, FALSE, progress, progress_data, cancellable };
  char errbuf[CURL_ERROR_SIZE] = "";
  long status = 0;
  CURLcode rc;
  CURL *curl = curl_easy_init ();

  if (curl == NULL)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED, _("Cannot start a download"));
      return FALSE;
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  /* No overall time limit (a model is large, a line may be slow); a server
   * that stalls (under 1 byte/s for a minute) is given up on. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) max_size);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Veil/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);

  if (t.sink_error != NULL)
    {
      g_propagate_error (error, t.sink_error);
      return FALSE;
    }
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED)
    {
      g_autofree char *limit = g_format_size ((guint64) max_size);
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE,
                   _("%s: the server sent more than the expected %s; nothing was kept"), url, limit);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (rc != CURLE_OK)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                   _("Downloading %s failed: %s"), url, *errbuf ? errbuf : curl_easy_strerror (rc));
      return FALSE;
    }
  if (status != 0 && (status < 200 || status > 299))
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                   _("Downloading %s failed: the server answered %ld"), url, status);
      return FALSE;
    }
  return TRUE;
}
