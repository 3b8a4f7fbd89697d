/* veil-models-fetch.c: downloading a known model, carefully: to a temp
 * file, no larger than the list says, checked against its SHA-256, then
 * flushed and given its name. Apart from veil-models.c because it is the one part
 * of the face code that goes to the network (libcurl), which the photo
 * commands never load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-models"

#include "config.h"

#include <inttypes.h>

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-models.h"
#include "veil-temp-file.h"
#include "veil-writer.h"
#include "veil-http.h"

typedef struct {
  int                fd;
  const char        *dest_dir;
  GChecksum         *sha;
  gint64             received;
  gint64             total;
  VeilFetchProgress  progress;
  gpointer           progress_data;
} Download;

static gboolean
on_data (const guint8 *data, gsize len, gpointer user_data, GError **error)
{
  Download *d = user_data;
  int err = veil_write_fully (d->fd, data, len);

  if (err != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err),
                   _("Cannot write the model to %s: %s"), d->dest_dir, g_strerror (err));
      return FALSE;
    }
  g_checksum_update (d->sha, data, len);
  d->received += (gint64) len;
  return TRUE;
}

static void
on_progress (gint64 received, gpointer user_data)
{
  Download *d = user_data;

  if (d->progress != NULL)
    d->progress (received, d->total, d->progress_data);
}

gboolean
veil_models_fetch (const VeilKnownModel *model,
                   const char           *dest_dir,
                   VeilFetchProgress     progress,
                   gpointer              progress_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autofree char *dest = NULL;
  g_autoptr(VeilTempFile) file = NULL;
  g_autoptr(GChecksum) sha = NULL;
  Download d = { -1 };

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
  /* Unnamed until it is whole and checked: a download cut short, refused
   * or killed leaves nothing in the models folder. */
  file = veil_temp_file_new (dest, 0600, TRUE, error);
  if (file == NULL)
    return FALSE;
  sha = g_checksum_new (G_CHECKSUM_SHA256);
  d.fd = veil_temp_file_fd (file);
  d.sha = sha;
  d.dest_dir = dest_dir;
  d.total = model->size;
  d.progress = progress;
  d.progress_data = progress_data;
  if (!veil_http_get (model->url, MIN (model->size, VEIL_MODEL_MAX_SIZE), on_data, &d,
                      on_progress, &d, cancellable, error))
    return FALSE;
  if (d.received != model->size)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED,
                   _("Downloading %s failed: got %" PRId64 " of %" PRId64 " bytes; nothing was kept"),
                   model->url, d.received, model->size);
      return FALSE;
    }
  if (g_ascii_strcasecmp (g_checksum_get_string (sha), model->sha256) != 0)
    {
      g_set_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_HASH_MISMATCH,
                   _("%s: the file's SHA-256 does not match the list (got %s); nothing was kept"),
                   model->url, g_checksum_get_string (sha));
      return FALSE;
    }
  return veil_temp_file_flush (file, FALSE, error) &&
         veil_temp_file_commit (file, error);
}
