/* veil-zip-check.c: is a package's ZIP whole, before libarchive reads it?
 *
 * libarchive falls back to reading a ZIP as a stream of local headers when
 * its end-of-central-directory record is missing, and such a stream just
 * stops where the bytes stop: an APK cut short by a failed download was
 * scanned "in full" and reported clean, or failed with "broken package:
 * (null)" or a bare zlib code (issue 14). So the structure is checked here
 * first, from the end: the end record, the central directory it points to,
 * and, for every entry, its local header and the extent of its data, which
 * must all lie inside the file. The CRC of each entry is checked as its
 * data is read (veil-app-archive.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-apps-private.h"
#include "veil-bytes.h"
#include "veil-error.h"

#define EOCD_SIZE 22
#define EOCD_MAX_COMMENT 0xffff
#define ZIP64_LOCATOR_SIZE 20
#define ZIP64_EOCD_SIZE 56
#define CDIR_HEADER_SIZE 46
#define LOCAL_HEADER_SIZE 30
/* A central directory this large would describe millions of files. */
#define MAX_CDIR_SIZE (256u * 1024 * 1024)

typedef struct {
  const VeilAppSource *src;
  int                  fd;     /* -1 for a package in memory */
  guint64              size;
} ZipFile;

/* Reads exactly len bytes at offset; FALSE (error set) when they are not
 * all there. */
static gboolean
read_at (ZipFile *z, guint64 offset, void *buf, gsize len, GError **error)
{
  if (offset > z->size || len > z->size - offset)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TRUNCATED,
                   _("the package is incomplete: it ends at byte %" PRIu64 ", before data its ZIP "
                     "directory lists (cut short while downloading or copying?)"), z->size);
      return FALSE;
    }
  if (z->fd < 0)
    {
      memcpy (buf, z->src->data + offset, len);
      return TRUE;
    }
  for (gsize done = 0; done < len;)
    {
      ssize_t n = pread (z->fd, (guint8 *) buf + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot read the package: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static gboolean
damaged (ZipFile *z, GError **error, const char *what)
{
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED, _("the package is damaged: %s"), what);
  return FALSE;
}

static gboolean
incomplete (ZipFile *z, GError **error)
{
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TRUNCATED,
               _("the package is incomplete: its end is missing (only %" PRIu64 " bytes are there; cut "
                 "short while downloading or copying?)"), z->size);
  return FALSE;
}

typedef struct {
  guint64 n_entries;
  guint64 cdir_size;
  guint64 cdir_offset;
  guint64 end;          /* where the end records begin: nothing of the directory may pass it */
} EndRecord;

/* The ZIP64 end record, when the classic one says its fields overflowed. */
static gboolean
read_zip64_end (ZipFile *z, guint64 eocd_offset, EndRecord *end, GError **error)
{
  guint8 loc[ZIP64_LOCATOR_SIZE], rec[ZIP64_EOCD_SIZE];
  guint64 rec_offset;

  if (eocd_offset < ZIP64_LOCATOR_SIZE)
    return damaged (z, error, _("its ZIP64 end record is missing"));
  if (!read_at (z, eocd_offset - ZIP64_LOCATOR_SIZE, loc, sizeof loc, error))
    return FALSE;
  if (memcmp (loc, "PK\6\7", 4) != 0)
    return damaged (z, error, _("its ZIP64 end record is missing"));
  rec_offset = veil_read_le64 (loc + 8);
  if (rec_offset > eocd_offset - ZIP64_LOCATOR_SIZE ||
      eocd_offset - ZIP64_LOCATOR_SIZE - rec_offset < ZIP64_EOCD_SIZE)
    return damaged (z, error, _("its ZIP64 end record points outside the file"));
  if (!read_at (z, rec_offset, rec, sizeof rec, error))
    return FALSE;
  if (memcmp (rec, "PK\6\6", 4) != 0)
    return damaged (z, error, _("its ZIP64 end record is missing"));
  end->n_entries = veil_read_le64 (rec + 32);
  end->cdir_size = veil_read_le64 (rec + 40);
  end->cdir_offset = veil_read_le64 (rec + 48);
  end->end = rec_offset;
  return TRUE;
}

static gboolean
find_end (ZipFile *z, EndRecord *end, GError **error)
{
  gsize tail_len = (gsize) MIN (z->size, (guint64) EOCD_SIZE + EOCD_MAX_COMMENT);
  guint64 tail_offset = z->size - tail_len;
  g_autofree guint8 *tail = g_malloc (MAX (tail_len, 1));
  guint8 head[4] = { 0 };

  if (!read_at (z, tail_offset, tail, tail_len, error))
    return FALSE;
  /* The record ends the file exactly (after its comment), as Android's
   * own tools require; searching backwards finds the real one first. */
  for (gsize i = tail_len >= EOCD_SIZE ? tail_len - EOCD_SIZE + 1 : 0; i-- > 0;)
    {
      const guint8 *p = tail + i;

      if (memcmp (p, "PK\5\6", 4) != 0 || i + EOCD_SIZE + veil_read_le16 (p + 20) != tail_len)
        continue;
      end->n_entries = veil_read_le16 (p + 10);
      end->cdir_size = veil_read_le32 (p + 12);
      end->cdir_offset = veil_read_le32 (p + 16);
      end->end = tail_offset + i;
      if (end->n_entries == 0xffff || end->cdir_size == 0xffffffff || end->cdir_offset == 0xffffffff)
        return read_zip64_end (z, tail_offset + i, end, error);
      return TRUE;
    }

  /* No end record. A file that starts like a ZIP was cut short; anything
   * else is not a package at all. */
  if (z->size >= 4 && !read_at (z, 0, head, 4, error))
    return FALSE;
  if (memcmp (head, "PK\3\4", 4) == 0)
    return incomplete (z, error);
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED,
               _("not an app package (APK, XAPK, APKS or IPA): no ZIP directory found"));
  return FALSE;
}

/* The 64-bit sizes and offset of a ZIP64 entry, in the order the fields
 * that overflowed appear in the directory entry. */
static gboolean
zip64_extra (const guint8 *extra, gsize len, guint64 *usize, guint64 *csize, guint64 *offset)
{
  while (len >= 4)
    {
      guint16 id = veil_read_le16 (extra), n = veil_read_le16 (extra + 2);
      const guint8 *p = extra + 4;
      gsize left;

      if (n > len - 4)
        return FALSE;
      left = n;
      if (id == 0x0001)
        {
          guint64 *fields[] = { usize, csize, offset };
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            if (*fields[i] == 0xffffffff)
              {
                if (left < 8)
                  return FALSE;
                *fields[i] = veil_read_le64 (p);
                p += 8;
                left -= 8;
              }
          return TRUE;
        }
      extra += 4 + n;
      len -= 4 + n;
    }
  return *usize != 0xffffffff && *csize != 0xffffffff && *offset != 0xffffffff;
}

static gboolean
check_entries (ZipFile *z, const EndRecord *end, guint max_entries, GError **error)
{
  g_autofree guint8 *cdir = NULL;
  gsize pos = 0;

  if (end->cdir_offset > end->end || end->cdir_size > end->end - end->cdir_offset)
    return end->cdir_offset + end->cdir_size > z->size ? incomplete (z, error)
                                                        : damaged (z, error, _("its ZIP directory overlaps its end record"));
  if (end->n_entries > max_entries)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE,
                   _("the package holds more than %u files; stopped"), max_entries);
      return FALSE;
    }
  if (end->cdir_size > MAX_CDIR_SIZE)
    return damaged (z, error, _("its ZIP directory is implausibly large"));
  cdir = g_malloc (MAX (end->cdir_size, 1));
  if (!read_at (z, end->cdir_offset, cdir, end->cdir_size, error))
    return FALSE;

  for (guint64 i = 0; i < end->n_entries; i++)
    {
      const guint8 *e = cdir + pos;
      guint16 name_len, extra_len, comment_len;
      guint64 csize, usize, offset, data_end;
      guint8 local[LOCAL_HEADER_SIZE];
      g_autofree char *entry = NULL;
      g_autofree char *what = NULL;

      if (end->cdir_size - pos < CDIR_HEADER_SIZE || memcmp (e, "PK\1\2", 4) != 0)
        return damaged (z, error, _("its ZIP directory lists fewer files than it announces"));
      name_len = veil_read_le16 (e + 28);
      extra_len = veil_read_le16 (e + 30);
      comment_len = veil_read_le16 (e + 32);
      if ((guint64) CDIR_HEADER_SIZE + name_len + extra_len + comment_len > end->cdir_size - pos)
        return damaged (z, error, _("an entry of its ZIP directory runs past the directory"));
      entry = g_utf8_make_valid ((const char *) e + CDIR_HEADER_SIZE, name_len);
      csize = veil_read_le32 (e + 20);
      usize = veil_read_le32 (e + 24);
      offset = veil_read_le32 (e + 42);
      if (!zip64_extra (e + CDIR_HEADER_SIZE + name_len, extra_len, &usize, &csize, &offset))
        {
          what = g_strdup_printf (_("the sizes of “%s” are unreadable"), entry);
          return damaged (z, error, what);
        }
      pos += CDIR_HEADER_SIZE + name_len + extra_len + comment_len;

      /* Every entry's data lies between the start and the directory. */
      if (offset > end->cdir_offset || end->cdir_offset - offset < LOCAL_HEADER_SIZE)
        {
          what = g_strdup_printf (_("“%s” starts outside the file’s data"), entry);
          return damaged (z, error, what);
        }
      if (!read_at (z, offset, local, sizeof local, error))
        return FALSE;
      if (memcmp (local, "PK\3\4", 4) != 0)
        {
          what = g_strdup_printf (_("the header of “%s” is missing"), entry);
          return damaged (z, error, what);
        }
      data_end = offset + LOCAL_HEADER_SIZE + veil_read_le16 (local + 26) + veil_read_le16 (local + 28);
      if (data_end > end->cdir_offset || csize > end->cdir_offset - data_end)
        {
          what = g_strdup_printf (_("the data of “%s” runs into its ZIP directory"), entry);
          return damaged (z, error, what);
        }
    }
  return TRUE;
}

gboolean
_veil_zip_check (const VeilAppSource *src,
                 guint                max_entries,
                 GError             **error)
{
  ZipFile z = { src, -1, src->len };
  EndRecord end = { 0 };
  gboolean ok;

  if (src->path != NULL)
    {
      struct stat st;

      z.fd = g_open (src->path, O_RDONLY | O_CLOEXEC, 0);
      if (z.fd < 0 || fstat (z.fd, &st) != 0)
        {
          int saved = errno;
          if (z.fd >= 0)
            close (z.fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot open the package: %s"),
                       g_strerror (saved));
          return FALSE;
        }
      z.size = st.st_size;
    }
  ok = find_end (&z, &end, error) && check_entries (&z, &end, max_entries, error);
  if (z.fd >= 0)
    close (z.fd);
  return ok;
}
