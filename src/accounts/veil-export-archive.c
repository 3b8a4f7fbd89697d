/* veil-export-archive.c: streaming access to the files of an export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-error.h"
#include "veil-export-archive.h"

/* Folders deeper than this are not part of any real export. */
#define MAX_FOLDER_DEPTH 32

typedef enum {
  STREAM_ARCHIVE,
  STREAM_FD,
  STREAM_MEMORY,
} StreamKind;

struct _VeilExportStream {
  StreamKind      kind;
  struct archive *archive;
  int             fd;
  const guint8   *data;
  gsize           len;
  gsize           pos;
  const char     *name;
  guint64         produced;
  gint64          raw_start;
  gboolean        broken;   /* the archive itself failed; the walk must stop */
};

static gssize
read_archive (VeilExportStream  *s,
              guint8            *buf,
              gsize              len,
              GError           **error)
{
  la_ssize_t n = archive_read_data (s->archive, buf, len);

  if (n < 0)
    {
      s->broken = TRUE;
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("%s is damaged or cut short (%s); download the export again"),
                   s->name, archive_error_string (s->archive));
      return -1;
    }
  s->produced += (guint64) n;
  if (s->produced > VEIL_EXPORT_BOMB_FLOOR)
    {
      gint64 raw = archive_filter_bytes (s->archive, -1) - s->raw_start;

      if (raw <= 0 || s->produced / (guint64) raw > VEIL_EXPORT_BOMB_RATIO)
        {
          s->broken = TRUE;
          g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE,
                       _("%s unpacks to far more than it holds (a “zip bomb”); Veil stopped reading it"),
                       s->name);
          return -1;
        }
    }
  return n;
}

gssize
veil_export_stream_read (VeilExportStream  *s,
                         guint8            *buf,
                         gsize              len,
                         GError           **error)
{
  gssize n = 0;

  switch (s->kind)
    {
    case STREAM_ARCHIVE:
      n = read_archive (s, buf, len, error);
      if (n < 0)
        return -1;
      break;
    case STREAM_FD:
      do
        n = read (s->fd, buf, len);
      while (n < 0 && errno == EINTR);
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read %s: %s"), s->name, g_strerror (saved));
          return -1;
        }
      s->produced += (guint64) n;
      break;
    case STREAM_MEMORY:
      n = (gssize) MIN (len, s->len - s->pos);
      memcpy (buf, s->data + s->pos, (gsize) n);
      s->pos += (gsize) n;
      s->produced += (guint64) n;
      break;
    }
  if (s->produced > VEIL_EXPORT_MAX_ENTRY)
    {
      s->broken = TRUE;
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE,
                   _("%s is larger than any real export file; Veil stopped reading it"), s->name);
      return -1;
    }
  return n;
}

GBytes *
veil_export_stream_read_all (VeilExportStream  *stream,
                             gsize              max,
                             GError           **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];
  gssize n;

  while ((n = veil_export_stream_read (stream, chunk, sizeof chunk, error)) > 0)
    {
      if (buf->len + (gsize) n > max)
        {
          g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE,
                       _("%s is larger than Veil reads for this kind of file (%s)"),
                       stream->name, g_format_size (max));
          return NULL;
        }
      g_byte_array_append (buf, chunk, (guint) n);
    }
  if (n < 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

gboolean
veil_export_stream_is_broken (VeilExportStream *stream)
{
  return stream->broken;
}

VeilExportStream *
veil_export_stream_new_memory (const guint8 *data,
                               gsize         len)
{
  VeilExportStream *s = g_new0 (VeilExportStream, 1);

  s->kind = STREAM_MEMORY;
  s->data = data;
  s->len = len;
  s->fd = -1;
  s->name = "memory";
  return s;
}

void
veil_export_stream_free (VeilExportStream *stream)
{
  g_free (stream);
}

/* Turns an entry name into a clean relative path, or NULL when it tries to
 * leave the export (absolute, "..") — a sign of a crafted archive. */
static char *
normalize_name (const char *raw)
{
  g_autofree char *valid = g_utf8_make_valid (raw, -1);
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  g_strdelimit (valid, "\\", '/');
  if (valid[0] == '/' || (g_ascii_isalpha (valid[0]) && valid[1] == ':'))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  parts = g_strsplit (valid, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || g_str_equal (parts[i], "."))
        continue;
      if (g_str_equal (parts[i], ".."))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

static struct archive *
archive_new_reader (void)
{
  struct archive *a = archive_read_new ();

  archive_read_support_format_zip (a);
  archive_read_support_format_tar (a);
  archive_read_support_format_gnutar (a);
  archive_read_support_filter_all (a);
  return a;
}

typedef struct {
  const char          *container;
  VeilExportWantFunc   want;
  VeilExportEntryFunc  func;
  gpointer             user_data;
  GPtrArray           *names;
} Walk;

static gboolean
walk_archive (struct archive  *a,
              Walk            *walk,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autofree char *base = g_path_get_basename (walk->container);
  struct archive_entry *ae;
  guint n_entries = 0;
  int r;

  while ((r = archive_read_next_header (a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN)
    {
      const char *raw = archive_entry_pathname_utf8 (ae);
      g_autofree char *name = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n_entries++;
      if (raw == NULL)
        raw = archive_entry_pathname (ae);
      if (raw == NULL)
        continue;
      name = normalize_name (raw);
      if (name == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (raw, -1);
          g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNSAFE_PATH,
                       _("%s contains a file named “%s” that points outside the archive; "
                         "this is not a real platform export, so Veil did not read it"), base, shown);
          return FALSE;
        }
      if (archive_entry_filetype (ae) != AE_IFREG || *name == '\0')
        continue;
      if (walk->names != NULL)
        g_ptr_array_add (walk->names, g_strdup (name));
      VeilExportEntry entry = { 0 };

      entry.name = name;
      entry.container = walk->container;
      entry.size = archive_entry_size_is_set (ae) ? archive_entry_size (ae) : -1;
      entry.mtime = archive_entry_mtime_is_set (ae) ? archive_entry_mtime (ae) : 0;
      if (walk->want != NULL && walk->want (&entry, walk->user_data))
        {
          VeilExportStream s = { 0 };

          s.kind = STREAM_ARCHIVE;
          s.archive = a;
          s.fd = -1;
          s.name = name;
          s.raw_start = archive_filter_bytes (a, -1);
          if (!walk->func (&entry, &s, walk->user_data, error))
            return FALSE;
          if (s.broken)
            {
              g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                           _("%s is damaged or cut short at %s; download the export again"), base, name);
              return FALSE;
            }
        }
    }
  if (r != ARCHIVE_EOF)
    {
      if (n_entries == 0)
        g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                     _("%s is not a ZIP or tar archive Veil can read (%s)"), base, archive_error_string (a));
      else
        g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                     _("%s is damaged or cut short (%s); download the export again"),
                     base, archive_error_string (a));
      return FALSE;
    }
  return TRUE;
}

/* libarchive turns UTF-8 entry names into the current locale's charset;
 * under the "C" locale (a program that never called setlocale) every
 * accented name would be lost. This thread reads archives in C.UTF-8. */
typedef struct {
  locale_t utf8;
  locale_t previous;
} Utf8Locale;

static void
utf8_locale_enter (Utf8Locale *l)
{
  l->utf8 = (locale_t) 0;
  l->previous = (locale_t) 0;
  if (g_strcmp0 (nl_langinfo (CODESET), "UTF-8") == 0)
    return;
  l->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
  if (l->utf8 != (locale_t) 0)
    l->previous = uselocale (l->utf8);
}

static void
utf8_locale_leave (Utf8Locale *l)
{
  if (l->utf8 == (locale_t) 0)
    return;
  uselocale (l->previous);
  freelocale (l->utf8);
}

static gboolean
walk_file (Walk          *walk,
           GCancellable  *cancellable,
           GError       **error)
{
  struct archive *a = archive_new_reader ();
  Utf8Locale locale;
  gboolean ok;

  if (archive_read_open_filename (a, walk->container, 65536) != ARCHIVE_OK)
    {
      g_autofree char *base = g_path_get_basename (walk->container);
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("Cannot open %s: %s"), base, archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  utf8_locale_enter (&locale);
  ok = walk_archive (a, walk, cancellable, error);
  utf8_locale_leave (&locale);
  archive_read_free (a);
  return ok;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
walk_folder (Walk          *walk,
             const char    *dir_path,
             const char    *relative,
             guint          depth,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  const char *child;

  if (depth > MAX_FOLDER_DEPTH)
    return TRUE;
  dir = g_dir_open (dir_path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((child = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (children, g_strdup (child));
  g_ptr_array_sort (children, compare_names);

  for (guint i = 0; i < children->len; i++)
    {
      const char *base = g_ptr_array_index (children, i);
      g_autofree char *path = g_build_filename (dir_path, base, NULL);
      g_autofree char *valid = g_utf8_make_valid (base, -1);
      g_autofree char *name = relative[0] ? g_strconcat (relative, "/", valid, NULL) : g_strdup (valid);
      GStatBuf st;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* Links are not followed: an export never has them, and they could
       * lead outside it or round in a loop. */
      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (!walk_folder (walk, path, name, depth + 1, cancellable, error))
            return FALSE;
          continue;
        }
      if (!S_ISREG (st.st_mode))
        continue;
      if (walk->names != NULL)
        g_ptr_array_add (walk->names, g_strdup (name));
      VeilExportEntry entry = { 0 };

      entry.name = name;
      entry.container = walk->container;
      entry.size = st.st_size;
      entry.mtime = st.st_mtime;
      if (walk->want != NULL && walk->want (&entry, walk->user_data))
        {
          VeilExportStream s = { 0 };
          gboolean ok;

          s.kind = STREAM_FD;
          s.fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
          s.name = name;
          if (s.fd < 0)
            {
              int saved = errno;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Cannot open %s: %s"), path, g_strerror (saved));
              return FALSE;
            }
          ok = walk->func (&entry, &s, walk->user_data, error);
          close (s.fd);
          if (!ok)
            return FALSE;
        }
    }
  return TRUE;
}

/* A bare Timeline.json, user_data.json or data file: an export of one file. */
static gboolean
is_single_file (const char *path)
{
  g_autofree char *low = g_ascii_strdown (path, -1);

  return g_str_has_suffix (low, ".json") || g_str_has_suffix (low, ".js") || g_str_has_suffix (low, ".csv");
}

static gboolean
walk_single (Walk          *walk,
             GError       **error)
{
  g_autofree char *base = g_path_get_basename (walk->container);
  g_autofree char *name = g_utf8_make_valid (base, -1);
  VeilExportStream s = { 0 };
  VeilExportEntry entry = { 0 };
  GStatBuf st;
  gboolean ok;

  if (walk->names != NULL)
    g_ptr_array_add (walk->names, g_strdup (name));
  entry.name = name;
  entry.container = walk->container;
  entry.size = g_stat (walk->container, &st) == 0 ? st.st_size : -1;
  entry.mtime = entry.size >= 0 ? st.st_mtime : 0;
  if (walk->want == NULL || !walk->want (&entry, walk->user_data))
    return TRUE;
  s.kind = STREAM_FD;
  s.name = name;
  s.fd = g_open (walk->container, O_RDONLY | O_CLOEXEC, 0);
  if (s.fd < 0 || fstat (s.fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open %s: %s"), walk->container, g_strerror (saved));
      if (s.fd >= 0)
        close (s.fd);
      return FALSE;
    }
  ok = walk->func (&entry, &s, walk->user_data, error);
  close (s.fd);
  return ok;
}

static gboolean
walk_path (Walk          *walk,
           GCancellable  *cancellable,
           GError       **error)
{
  if (g_file_test (walk->container, G_FILE_TEST_IS_DIR))
    return walk_folder (walk, walk->container, "", 0, cancellable, error);
  if (g_file_test (walk->container, G_FILE_TEST_IS_REGULAR) && is_single_file (walk->container))
    return walk_single (walk, error);
  if (!g_file_test (walk->container, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("%s does not exist"), walk->container);
      return FALSE;
    }
  return walk_file (walk, cancellable, error);
}

gboolean
veil_export_list (const char    *path,
                  GPtrArray     *names,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Walk walk = { .container = path, .names = names };

  return walk_path (&walk, cancellable, error);
}

gboolean
veil_export_walk (const char           *path,
                  VeilExportWantFunc    want,
                  VeilExportEntryFunc   func,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  Walk walk = { .container = path, .want = want, .func = func, .user_data = user_data };

  return walk_path (&walk, cancellable, error);
}

gboolean
veil_export_walk_memory (const guint8         *data,
                         gsize                 len,
                         VeilExportWantFunc    want,
                         VeilExportEntryFunc   func,
                         gpointer              user_data,
                         GError              **error)
{
  Walk walk = { .container = "memory.zip", .want = want, .func = func, .user_data = user_data };
  struct archive *a = archive_new_reader ();
  Utf8Locale locale;
  gboolean ok;

  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK)
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("Not a ZIP or tar archive Veil can read (%s)"), archive_error_string (a));
      archive_read_free (a);
      return FALSE;
    }
  utf8_locale_enter (&locale);
  ok = walk_archive (a, &walk, NULL, error);
  utf8_locale_leave (&locale);
  archive_read_free (a);
  return ok;
}
