/* veil-inspect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-inspect"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-error.h"
#include "veil-format.h"
#include "veil-inspect.h"
#include "veil-inspect-private.h"

static gboolean
read_error (const char *path, int saved, GError **error)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               _("%s: cannot read the file: %s"), path, g_strerror (saved));
  return FALSE;
}

/* Reads size bytes of fd into data. */
static gboolean
read_whole (int fd, const char *path, guint8 *data, gsize size, GError **error)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = read (fd, data + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0) /* shrank while we read it */
        {
          g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                       _("%s: the file changed while it was read"), path);
          return FALSE;
        }
      if (n < 0)
        return read_error (path, errno, error);
      done += (gsize) n;
    }
  return TRUE;
}

GBytes *
_veil_load_file (const char  *path,
                 GStatBuf    *out_stat,
                 GError     **error)
{
  GStatBuf st;
  GBytes *bytes = NULL;
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
   * refused as not a regular file. Reads of regular files ignore it. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

  if (fd < 0)
    {
      read_error (path, errno, error);
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    read_error (path, errno, error);
  else if (!S_ISREG (st.st_mode))
    g_set_error (error, G_FILE_ERROR, S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                 _("%s: not a regular file"), path);
  else if (st.st_size == 0)
    g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED,
                 _("%s: the file is empty"), path);
  /* Files up to VEIL_READ_LIMIT are read into memory: cheaper than mapping
   * them (no page faults, no unmap, which costs every thread a TLB flush).
   * Videos are mapped so that memory stays flat whatever their size. */
  else if (st.st_size <= VEIL_READ_LIMIT)
    {
      g_autofree guint8 *data = g_malloc ((gsize) st.st_size);
      if (read_whole (fd, path, data, (gsize) st.st_size, error))
        bytes = g_bytes_new_take (g_steal_pointer (&data), (gsize) st.st_size);
    }
  else
    {
      g_autoptr(GMappedFile) mapped = g_mapped_file_new_from_fd (fd, FALSE, error);
      if (mapped != NULL)
        bytes = g_mapped_file_get_bytes (mapped);
      else
        g_prefix_error (error, "%s: ", path);
    }
  close (fd);
  if (bytes != NULL && out_stat != NULL)
    *out_stat = st;
  return bytes;
}

/* The handler for a format, or an UNSUPPORTED error naming it. */
static const VeilFormatHandler *
handler_for_format (VeilFormat    format,
                    const char   *name,
                    GError      **error)
{
  const VeilFormatHandler *handler = _veil_format_handler (format);

  if (handler != NULL)
    return handler;
  if (format == VEIL_FORMAT_UNKNOWN)
    g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                 _("%s: not a photo or video format Veil knows"), name);
  else
    g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED,
                 _("%s: %s files are not supported yet; Veil did not change it"),
                 name, veil_format_name (format));
  return NULL;
}

const VeilFormatHandler *
_veil_handler_for_data (const guint8  *data,
                        gsize          len,
                        const char    *name,
                        GError       **error)
{
  return handler_for_format (veil_format_detect (data, len), name, error);
}

VeilReport *
_veil_inspect_source (const VeilFormatHandler  *handler,
                      const VeilSource         *source,
                      GError                  **error)
{
  g_autoptr(VeilReport) report = veil_report_new (source->name, handler->format);

  if (!handler->inspect (source, report, error))
    {
      g_prefix_error (error, "%s: ", source->name);
      return NULL;
    }
  return g_steal_pointer (&report);
}

/* Both public entry points: the format is detected once and given back
 * whatever happens next. */
static VeilReport *
inspect_data (const guint8  *data,
              gsize          len,
              const char    *name,
              VeilFormat    *out_format,
              GError       **error)
{
  const VeilFormatHandler *handler;
  VeilSource source = { data, len, name != NULL ? name : "(data)" };
  VeilFormat format = veil_format_detect (data, len);

  if (out_format != NULL)
    *out_format = format;
  handler = handler_for_format (format, source.name, error);
  if (handler == NULL)
    return NULL;
  return _veil_inspect_source (handler, &source, error);
}

VeilReport *
veil_inspect_data (const guint8  *data,
                   gsize          len,
                   const char    *name,
                   GError       **error)
{
  return inspect_data (data, len, name, NULL, error);
}

VeilReport *
veil_inspect_file_full (const char  *path,
                        VeilFormat  *out_format,
                        GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (out_format != NULL)
    *out_format = VEIL_FORMAT_UNKNOWN;
  bytes = _veil_load_file (path, NULL, error);
  if (bytes == NULL)
    return NULL;
  return inspect_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), path,
                       out_format, error);
}

VeilReport *
veil_inspect_file (const char  *path,
                   GError     **error)
{
  return veil_inspect_file_full (path, NULL, error);
}

gboolean
veil_format_is_supported (VeilFormat format)
{
  return _veil_format_handler (format) != NULL;
}
