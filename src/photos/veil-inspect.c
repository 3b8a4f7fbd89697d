/* veil-inspect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-inspect"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
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

void
_veil_read_buffer_free (VeilReadBuffer *buffer)
{
  if (buffer == NULL)
    return;
  g_free (buffer->data);
  g_free (buffer);
}

#define HUGE_PAGE_SIZE (2 * 1024 * 1024)

/* Memory for a buffer of size bytes. A phone photo's worth is taken in
 * huge pages where the kernel allows them (Linux's transparent huge pages,
 * "madvise" by default): the first write into 4 kB pages costs a page fault
 * for each, which on a virtual machine took a third of the time of
 * cleaning a folder of photos (bench/clean-bench.sh: 34 ms, 23 ms with huge
 * pages); a 2 MB page costs one. */
static guint8 *
allocate_for_reading (gsize *size)
{
#ifdef MADV_HUGEPAGE
  if (*size >= HUGE_PAGE_SIZE)
    {
      void *memory = NULL;

      *size = (*size + HUGE_PAGE_SIZE - 1) / HUGE_PAGE_SIZE * HUGE_PAGE_SIZE;
      if (posix_memalign (&memory, HUGE_PAGE_SIZE, *size) != 0)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, *size);
      /* Only advice: without huge pages the memory is used as it is. */
      madvise (memory, *size, MADV_HUGEPAGE);
      return memory;  /* posix_memalign () memory is free ()d, so g_free ()d */
    }
#endif
  return g_malloc (*size);
}

/* Room for size bytes. The old contents are not kept, so the old memory is
 * freed before the new is taken. */
static void
read_buffer_reserve (VeilReadBuffer *buffer,
                     gsize           size)
{
  if (buffer->size >= size)
    return;
  /* When it must grow again, a quarter more than asked, so that a batch of
   * photos of growing sizes does not allocate anew for each. */
  if (buffer->size > 0)
    size = MIN (size + size / 4, (gsize) VEIL_READ_LIMIT);
  g_free (buffer->data);
  buffer->data = allocate_for_reading (&size);
  buffer->size = size;
}

gboolean
_veil_read_file (const char      *path,
                 GStatBuf        *out_stat,
                 VeilReadBuffer  *buffer,
                 GBytes         **mapped,
                 GError         **error)
{
  GStatBuf st;
  gboolean ok = FALSE;
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is then
   * refused as not a regular file. Reads of regular files ignore it. */
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

  *mapped = NULL;
  if (fd < 0)
    return read_error (path, errno, error);
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
      read_buffer_reserve (buffer, (gsize) st.st_size);
      buffer->len = (gsize) st.st_size;
      ok = read_whole (fd, path, buffer->data, buffer->len, error);
    }
  else
    {
      g_autoptr(GMappedFile) file = g_mapped_file_new_from_fd (fd, FALSE, error);
      if (file != NULL)
        *mapped = g_mapped_file_get_bytes (file);
      else
        g_prefix_error (error, "%s: ", path);
      ok = file != NULL;
    }
  close (fd);
  if (ok && out_stat != NULL)
    *out_stat = st;
  return ok;
}

GBytes *
_veil_load_file (const char  *path,
                 GStatBuf    *out_stat,
                 GError     **error)
{
  VeilReadBuffer buffer = { 0 };
  GBytes *mapped;

  if (!_veil_read_file (path, out_stat, &buffer, &mapped, error))
    {
      g_free (buffer.data);
      return NULL;
    }
  if (mapped != NULL)
    return mapped;
  return g_bytes_new_take (buffer.data, buffer.len);
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
