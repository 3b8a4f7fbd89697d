/* veil-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-writer"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "veil-writer.h"

#define BUFFER_SIZE (256 * 1024)

struct _VeilWriter {
  int         fd;      /* -1 for memory */
  char       *name;
  GByteArray *buffer;
  guint64     position;
};

VeilWriter *
veil_writer_new_memory (void)
{
  VeilWriter *writer = g_new0 (VeilWriter, 1);

  writer->fd = -1;
  writer->buffer = g_byte_array_new ();
  return writer;
}

VeilWriter *
veil_writer_new_memory_sized (gsize size_hint)
{
  VeilWriter *writer = g_new0 (VeilWriter, 1);

  writer->fd = -1;
  writer->buffer = g_byte_array_sized_new ((guint) MIN (size_hint, (gsize) G_MAXUINT));
  return writer;
}

VeilWriter *
veil_writer_new_fd (int         fd,
                    const char *name)
{
  VeilWriter *writer = g_new0 (VeilWriter, 1);

  writer->fd = fd;
  writer->name = g_strdup (name);
  writer->buffer = g_byte_array_sized_new (BUFFER_SIZE);
  return writer;
}

static gboolean
write_all (VeilWriter   *writer,
           const guint8 *data,
           gsize         len,
           GError      **error)
{
  while (len > 0)
    {
      ssize_t n = write (writer->fd, data, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Could not write %s: %s", writer->name, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
veil_writer_flush (VeilWriter  *writer,
                   GError     **error)
{
  gboolean ok;

  if (writer->fd < 0 || writer->buffer->len == 0)
    return TRUE;
  ok = write_all (writer, writer->buffer->data, writer->buffer->len, error);
  g_byte_array_set_size (writer->buffer, 0);
  return ok;
}

gboolean
veil_writer_write (VeilWriter  *writer,
                   const void  *data,
                   gsize        len,
                   GError     **error)
{
  writer->position += len;
  if (writer->fd < 0)
    {
      g_byte_array_append (writer->buffer, data, len);
      return TRUE;
    }
  /* Large spans (image data) go straight out; small ones are gathered. */
  if (writer->buffer->len + len > BUFFER_SIZE)
    {
      if (!veil_writer_flush (writer, error))
        return FALSE;
      if (len >= BUFFER_SIZE)
        return write_all (writer, data, len, error);
    }
  g_byte_array_append (writer->buffer, data, len);
  return TRUE;
}

guint64
veil_writer_tell (VeilWriter *writer)
{
  return writer->position;
}

GBytes *
veil_writer_steal_bytes (VeilWriter *writer)
{
  g_return_val_if_fail (writer->fd < 0, NULL);
  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->buffer));
}

void
veil_writer_free (VeilWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->buffer != NULL)
    g_byte_array_unref (writer->buffer);
  g_free (writer->name);
  g_free (writer);
}
