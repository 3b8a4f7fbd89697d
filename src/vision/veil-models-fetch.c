/* veil-models-fetch.c: downloading a known model, carefully: to a temp
 * file, no larger than the list says, checked against its SHA-256, then
 * flushed and renamed. Apart from veil-models.c because it is the one part
 * of the face code that needs libcurl, which the photo commands never load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-models"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-error.h"
#include "veil-models.h"

typedef struct {
  int                fd;
  GChecksum         *sha;
  gint64             received;
  gint64             limit;
  gint64             total;
  gboolean           too_large;
  gboolean           write_failed;
  VeilFetchProgress  progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
} Download;

static size_t
on_data (char *ptr, size_t size, size_t nmemb, void *user_data)
{
  Download *d = user_data;
  gsize len = size * nmemb, done = 0;

  if (d->received + (gint64) len > d->limit)
    {
      d->too_large = TRUE;
      return 0;   /* aborts the transfer */
    }
  while (done < len)
    {
      ssize_t w = write (d->fd, ptr + done, len - done);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        {
          d->write_failed = TRUE;
          return 0;
        }
      done += (gsize) w;
    }
  g_checksum_update (d->sha, (const guchar *) ptr, len);
  d->received += (gint64) len;
  return len;
}

static int
on_progress (void *user_data, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
  Download *d = user_data;

  if (g_cancellable_is_cancelled (d->cancellable))
    return 1;
  if (d->progress)
    d->progress (dlnow, d->total, d->progress_data);
  return 0;
}

gboolean
veil_models_fetch (const VeilKnownModel *model,
                   const char           *dest_dir,
                   VeilFetchProgress     progress,
                   gpointer              progress_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autofree char *dest = NULL, *tmp_path = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  Download d = { -1 };
  CURL *curl;
  CURLcode res;
  long status = 0;
  gboolean ok = FALSE;

  if (!veil_models_valid_file_name (model->file))
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID,
                   _("The model list names an unsafe file name"));
      return FALSE;
    }
  if (g_mkdir_with_parents (dest_dir, 0700) != 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot create %s: %s"), dest_dir, g_strerror (err));
      return FALSE;
    }
  dest = g_build_filename (dest_dir, model->file, NULL);
  tmp_path = g_build_filename (dest_dir, ".veil-download-XXXXXX", NULL);
  d.fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (d.fd < 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot write in %s: %s"), dest_dir, g_strerror (err));
      return FALSE;
    }
  d.sha = g_checksum_new (G_CHECKSUM_SHA256);
  d.limit = MIN (model->size, VEIL_MODEL_MAX_SIZE);
  d.total = model->size;
  d.progress = progress;
  d.progress_data = progress_data;
  d.cancellable = cancellable;

  curl = curl_easy_init ();
  if (curl == NULL)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED, _("Cannot start a download"));
      goto out;
    }
  curl_easy_setopt (curl, CURLOPT_URL, model->url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt (curl, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  /* A stalled server (under 1 byte/s for a minute) is given up on. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) d.limit);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "veil/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &d);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);

  if (d.too_large || res == CURLE_FILESIZE_EXCEEDED)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE,
                   _("%s: the server sent more than the expected %" G_GINT64_FORMAT " bytes; nothing was kept"),
                   model->url, model->size);
      goto out;
    }
  if (d.write_failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the model to %s"), dest_dir);
      goto out;
    }
  if (res == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      goto out;
    }
  if (res != CURLE_OK)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                   _("Downloading %s failed: %s"), model->url,
                   *errbuf ? errbuf : curl_easy_strerror (res));
      goto out;
    }
  if (d.received != model->size)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                   _("Downloading %s failed: got %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " bytes; nothing was kept"),
                   model->url, d.received, model->size);
      goto out;
    }
  if (g_ascii_strcasecmp (g_checksum_get_string (d.sha), model->sha256) != 0)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_HASH_MISMATCH,
                   _("%s: the file's SHA-256 does not match the list (got %s); nothing was kept"),
                   model->url, g_checksum_get_string (d.sha));
      goto out;
    }
  if (fsync (d.fd) != 0 || fchmod (d.fd, 0600) != 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot write the model to %s: %s"), dest_dir, g_strerror (err));
      goto out;
    }
  if (g_rename (tmp_path, dest) != 0)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot move the model into %s: %s"), dest_dir, g_strerror (err));
      goto out;
    }
  ok = TRUE;

out:
  if (d.fd >= 0)
    close (d.fd);
  if (!ok)
    g_unlink (tmp_path);
  g_checksum_free (d.sha);
  return ok;
}
