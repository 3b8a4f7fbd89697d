/* veil-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-writer"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "veil-writer.h"

#define BUFFER_SIZE (256 * 1024)

/* Source runs shorter than this are copied like any other bytes. */
#define MIN_RUN 4096

struct _VeilWriter {
  int         fd;      /* -1 for memory */
  char       *name;
  GByteArray *buffer;  /* fd: pending bytes; memory: the output (in place: what comes before the run) */
  guint64     position;
  /* In place (veil_writer_new_in_place): the output so far is buffer,
   * then source[run_start, run_end), then tail. */
  guint8     *source;
  gsize       source_len;
  gsize       run_start;
  gsize       run_end;   /* == run_start: no run yet */
  GByteArray *tail;
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
veil_writer_new_in_place (guint8 *source,
                          gsize   len)
{
  VeilWriter *writer = veil_writer_new_memory ();

  writer->source = source;
  writer->source_len = len;
  writer->tail = g_byte_array_new ();
  return writer;
}

/* Turns an in-place writer into a plain memory writer, copying the run
 * and the tail after what it holds. */
static void
give_up_in_place (VeilWriter *writer)
{
  g_byte_array_append (writer->buffer, writer->source + writer->run_start, writer->run_end - writer->run_start);
  if (writer->tail->len > 0)
    g_byte_array_append (writer->buffer, writer->tail->data, writer->tail->len);
  g_clear_pointer (&writer->tail, g_byte_array_unref);
  writer->source = NULL;
}

/* Adds bytes to an in-place writer's output, keeping it as "bytes, one run
 * of the source, bytes" for as long as that holds. */
static void
write_in_place (VeilWriter   *writer,
                const guint8 *data,
                gsize         len)
{
  gboolean in_source = data >= writer->source && len <= writer->source_len &&
                       (gsize) (data - writer->source) <= writer->source_len - len;
  gsize offset = in_source ? (gsize) (data - writer->source) : 0;

  if (writer->run_end == writer->run_start)
    {
      if (in_source && len >= MIN_RUN)
        {
          writer->run_start = offset;
          writer->run_end = offset + len;
        }
      else
        g_byte_array_append (writer->buffer, data, len);
      return;
    }
  if (writer->tail->len == 0 &&
      ((in_source && offset == writer->run_end) ||
       /* the same bytes as follow the run (an EOI written from a constant) */
       (len <= 64 && writer->run_end + len <= writer->source_len &&
        memcmp (data, writer->source + writer->run_end, len) == 0)))
    {
      writer->run_end += len;
      return;
    }
  g_byte_array_append (writer->tail, data, len);
}

const guint8 *
veil_writer_finish (VeilWriter *writer,
                    gsize      *len)
{
  gsize head, run, tail;
  guint8 *start;

  g_return_val_if_fail (writer->fd < 0, NULL);
  if (writer->source == NULL)
    {
      *len = writer->buffer->len;
      return writer->buffer->data;
    }
  head = writer->buffer->len;
  run = writer->run_end - writer->run_start;
  tail = writer->tail->len;
  if (head > writer->run_start || tail > writer->source_len - writer->run_end)
    {
      give_up_in_place (writer);
      *len = writer->buffer->len;
      return writer->buffer->data;
    }
  /* The bytes before the run and after it are copies, so overwriting the
   * source around the run loses nothing the output needs. */
  start = writer->source + writer->run_start - head;
  if (head > 0)
    memcpy (start, writer->buffer->data, head);
  if (tail > 0) /* an empty array's data is NULL, even for 0 bytes */
    memcpy (writer->source + writer->run_end, writer->tail->data, tail);
  *len = head + run + tail;
  return start;
}

void
veil_writer_untouched (VeilWriter    *writer,
                       const guint8 **from,
                       const guint8 **to)
{
  if (writer->source == NULL)
    {
      *from = *to = NULL;
      return;
    }
  *from = writer->source + writer->run_start;
  *to = writer->source + writer->run_end;
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

int
veil_write_fully (int          fd,
                  const void  *data,
                  gsize        len)
{
  const guint8 *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      if (n == 0)
        return ENOSPC; /* nothing taken: do not spin */
      p += n;
      len -= (gsize) n;
    }
  return 0;
}

static gboolean
write_all (VeilWriter   *writer,
           const guint8 *data,
           gsize         len,
           GError      **error)
{
  int saved = veil_write_fully (writer->fd, data, len);

  if (saved != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not write %s: %s", writer->name, g_strerror (saved));
      return FALSE;
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
  if (writer->fd < 0 && writer->source != NULL)
    {
      write_in_place (writer, data, len);
      return TRUE;
    }
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

gboolean
veil_writer_write_zeros (VeilWriter  *writer,
                         guint64      len,
                         GError     **error)
{
  static const guint8 zeros[4096];

  while (len > 0)
    {
      gsize n = (gsize) MIN (len, sizeof zeros);
      if (!veil_writer_write (writer, zeros, n, error))
        return FALSE;
      len -= n;
    }
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
  if (writer->source != NULL)
    give_up_in_place (writer);
  return g_byte_array_free_to_bytes (g_steal_pointer (&writer->buffer));
}

void
veil_writer_free (VeilWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->buffer != NULL)
    g_byte_array_unref (writer->buffer);
  if (writer->tail != NULL)
    g_byte_array_unref (writer->tail);
  g_free (writer->name);
  g_free (writer);
}
