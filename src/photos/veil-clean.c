/* veil-clean.c: lossless cleaning with atomic, verified output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-clean"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-clean.h"
#include "veil-error.h"
#include "veil-format.h"
#include "veil-inspect-private.h"
#include "veil-temp-file.h"

static const VeilCleanOptions default_options;

/* A finding left in a cleaned file is a failure, except what the picture
 * needs (kept), unless the user asked to drop the colour profile too. */
static const VeilFinding *
first_residue (const VeilReport       *report,
               const VeilCleanOptions *options)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *finding = g_ptr_array_index (report->findings, i);

      /* What the user asked to keep: a motion photo's (cleaned) video and
       * a video's recording times. */
      if (options->keep_motion_video && g_str_equal (finding->key, "Trailer:MotionPhotoVideo"))
        continue;
      if (options->keep_media_times && strstr (finding->key, "QuickTime:MediaTime") != NULL)
        continue;
      if (!finding->kept)
        return finding;
      if (options->drop_icc && g_str_has_prefix (finding->key, "ICC"))
        return finding;
    }
  return NULL;
}

/* Re-inspects cleaned bytes with the same parser; a clean is only a success
 * when the output parses, has the same format and gives nothing away. */
static gboolean
verify_output (const VeilFormatHandler *handler,
               const guint8            *data,
               gsize                    len,
               const char              *name,
               const VeilCleanOptions  *options,
               GError                 **error)
{
  VeilSource source = { data, len, name };
  g_autoptr(VeilReport) report = NULL;
  const VeilFinding *residue;
  g_autoptr(GError) local_error = NULL;

  if (veil_format_detect (data, len) != handler->format)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_RESIDUE,
                   _("%s: the cleaned file is no longer a %s file; nothing was written"),
                   name, veil_format_name (handler->format));
      return FALSE;
    }
  report = _veil_inspect_source (handler, &source, &local_error);
  if (report == NULL)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_RESIDUE,
                   _("%s: the cleaned file does not read back (%s); nothing was written"),
                   name, local_error->message);
      return FALSE;
    }
  residue = first_residue (report, options);
  if (residue != NULL)
    {
      g_set_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_RESIDUE,
                   _("%s: cleaning left %s behind; nothing was written"),
                   name, residue->key);
      return FALSE;
    }
  return TRUE;
}

GBytes *
veil_clean_data (const guint8            *data,
                 gsize                    len,
                 const char              *name,
                 const VeilCleanOptions  *options,
                 GError                 **error)
{
  const VeilFormatHandler *handler;
  g_autoptr(VeilWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  VeilSource source = { data, len, name != NULL ? name : "(data)" };

  if (options == NULL)
    options = &default_options;
  handler = _veil_handler_for_data (data, len, source.name, error);
  if (handler == NULL)
    return NULL;

  writer = veil_writer_new_memory ();
  if (!handler->clean (&source, writer, options, error))
    {
      g_prefix_error (error, "%s: ", source.name);
      return NULL;
    }
  bytes = veil_writer_steal_bytes (writer);
  if (!verify_output (handler, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                      source.name, options, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

/* A destination taken by add(); file is NULL while it is being written. */
typedef struct {
  char         *dest_path;
  VeilTempFile *file;
} Pending;

static void
pending_free (Pending *pending)
{
  veil_temp_file_free (pending->file);
  g_free (pending->dest_path);
  g_free (pending);
}

/* Unnamed temporary files each hold a descriptor until commit; past this
 * many in one batch the rest are named ones, so a batch of thousands of
 * photos stays far below the usual limit of 1024 open files. */
#define MAX_UNNAMED 256

struct _VeilCleaner {
  VeilCleanOptions options;
  GMutex           lock;     /* guards pending: add() may run on many threads */
  GPtrArray       *pending;  /* element-type Pending */
  gint             unnamed;  /* unnamed files in pending (atomic) */
};

VeilCleaner *
veil_cleaner_new (const VeilCleanOptions *options)
{
  VeilCleaner *cleaner = g_new0 (VeilCleaner, 1);

  cleaner->options = options != NULL ? *options : default_options;
  g_mutex_init (&cleaner->lock);
  cleaner->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  return cleaner;
}

/* Whether path is the file st describes (through a link, say). */
static gboolean
is_same_file (const GStatBuf *st,
              const char     *path)
{
  GStatBuf other;

  return g_stat (path, &other) == 0 && other.st_dev == st->st_dev && other.st_ino == st->st_ino;
}

static gboolean
refuse_overwrite (const char *src_path, GError **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
               _("%s: the cleaned copy would replace the original; "
                 "choose another folder or ask to clean in place"), src_path);
  return FALSE;
}

static gboolean
is_pending_dest (VeilCleaner *cleaner,
                 const char  *dest_path)
{
  for (guint i = 0; i < cleaner->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (cleaner->pending, i);
      if (g_strcmp0 (p->dest_path, dest_path) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
write_all (int fd, const guint8 *data, gsize len, const char *name, GError **error)
{
  int saved = veil_write_fully (fd, data, len);

  if (saved != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s: cannot write the cleaned file: %s"), name, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Cleans a file read into memory. The buffer it was read into is Veil's own
 * and not needed afterwards, so the cleaned copy is built in place where
 * the format allows (a JPEG is its new header, then its original bytes from
 * the first kept table to the end): the picture data is then neither
 * copied nor read again from memory other than its own. */
static gboolean
clean_in_memory (VeilCleaner             *cleaner,
                 const VeilFormatHandler *handler,
                 const VeilSource        *source,
                 guint8                  *writable_source,
                 int                      fd,
                 GError                 **error)
{
  g_autoptr(VeilWriter) writer = veil_writer_new_in_place (writable_source, source->len);
  const guint8 *data;
  gsize len;

  if (!handler->clean (source, writer, &cleaner->options, error))
    {
      g_prefix_error (error, "%s: ", source->name);
      return FALSE;
    }
  data = veil_writer_finish (writer, &len);
  return verify_output (handler, data, len, source->name, &cleaner->options, error) &&
         write_all (fd, data, len, source->name, error);
}

static gboolean
clean_streaming (VeilCleaner             *cleaner,
                 const VeilFormatHandler *handler,
                 const VeilSource        *source,
                 int                      fd,
                 const char              *dest_path,
                 GError                 **error)
{
  g_autoptr(VeilWriter) writer = veil_writer_new_fd (fd, dest_path);
  g_autoptr(GMappedFile) written = NULL;

  if (!handler->clean (source, writer, &cleaner->options, error))
    {
      g_prefix_error (error, "%s: ", source->name);
      return FALSE;
    }
  if (!veil_writer_flush (writer, error))
    return FALSE;
  written = g_mapped_file_new_from_fd (fd, FALSE, error);
  if (written == NULL)
    return FALSE;
  return verify_output (handler, (const guint8 *) g_mapped_file_get_contents (written),
                        g_mapped_file_get_length (written), source->name,
                        &cleaner->options, error);
}

/* Writes the cleaned file to a temporary file for dest_path (see
 * veil-temp-file.h), discarded again on any error. The copy gets the
 * original's permissions (less the umask), as cp would give it. */
static VeilTempFile *
write_temp (VeilCleaner             *cleaner,
            const VeilFormatHandler *handler,
            const VeilSource        *source,
            guint8                  *writable_source,
            const char              *dest_path,
            mode_t                   mode,
            GError                 **error)
{
  gboolean unnamed = g_atomic_int_get (&cleaner->unnamed) < MAX_UNNAMED;
  g_autoptr(VeilTempFile) file = veil_temp_file_new (dest_path, mode, unnamed, error);
  gboolean ok;
  int fd;

  if (file == NULL)
    {
      g_prefix_error (error, "%s: ", source->name);
      return NULL;
    }
  fd = veil_temp_file_fd (file);
  /* A file that was read (up to VEIL_READ_LIMIT) is cleaned and checked in
   * memory, then written in one go; a larger one (a video, mapped) is
   * written as it is cleaned and checked by mapping the written file, so
   * memory stays flat. */
  if (writable_source != NULL)
    ok = clean_in_memory (cleaner, handler, source, writable_source, fd, error);
  else
    ok = clean_streaming (cleaner, handler, source, fd, dest_path, error);
  if (!ok)
    return NULL;
  /* Start writing it to disk now, while the next files are cleaned, so the
   * flush at commit has little left to wait for. */
  sync_file_range (fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  veil_temp_file_release_fd (file);
  if (veil_temp_file_is_unnamed (file))
    g_atomic_int_inc (&cleaner->unnamed);
  return g_steal_pointer (&file);
}

static VeilTempFile *clean_to_temp (VeilCleaner  *cleaner,
                                    const char   *src_path,
                                    const char   *dest_path,
                                    gboolean      overwrite_original,
                                    VeilReport  **out_report,
                                    GError      **error);

gboolean
veil_cleaner_add (VeilCleaner  *cleaner,
                  const char   *src_path,
                  const char   *dest_path,
                  gboolean      overwrite_original,
                  VeilReport  **out_report,
                  GError      **error)
{
  VeilTempFile *file;
  Pending *pending;

  g_return_val_if_fail (cleaner != NULL, FALSE);
  g_return_val_if_fail (src_path != NULL && dest_path != NULL, FALSE);

  if (!overwrite_original && g_strcmp0 (src_path, dest_path) == 0)
    return refuse_overwrite (src_path, error);
  /* Reserve the destination first, so two threads cannot both take it. */
  g_mutex_lock (&cleaner->lock);
  if (is_pending_dest (cleaner, dest_path))
    {
      g_mutex_unlock (&cleaner->lock);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("%s: another file in this batch is already cleaned to %s"),
                   src_path, dest_path);
      return FALSE;
    }
  pending = g_new0 (Pending, 1);
  pending->dest_path = g_strdup (dest_path);
  g_ptr_array_add (cleaner->pending, pending);
  g_mutex_unlock (&cleaner->lock);

  file = clean_to_temp (cleaner, src_path, dest_path, overwrite_original, out_report, error);

  g_mutex_lock (&cleaner->lock);
  if (file != NULL)
    pending->file = file;
  else
    g_ptr_array_remove (cleaner->pending, pending);
  g_mutex_unlock (&cleaner->lock);
  return file != NULL;
}

static VeilTempFile *
clean_to_temp (VeilCleaner  *cleaner,
               const char   *src_path,
               const char   *dest_path,
               gboolean      overwrite_original,
               VeilReport  **out_report,
               GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree guint8 *own = NULL;
  const VeilFormatHandler *handler;
  g_autoptr(VeilReport) report = NULL;
  VeilSource source;
  GStatBuf st;
  VeilTempFile *file;

  bytes = _veil_load_file (src_path, &st, error);
  if (bytes == NULL)
    return NULL;
  /* The same file under another name (a link, "./a" and "a"). */
  if (!overwrite_original && is_same_file (&st, dest_path))
    {
      refuse_overwrite (src_path, error);
      return NULL;
    }
  source.data = g_bytes_get_data (bytes, &source.len);
  source.name = src_path;
  /* A file that was read (not mapped) is our own copy: take it, so the
   * clean may build the cleaned file in it. */
  if (source.len <= VEIL_READ_LIMIT)
    {
      own = g_bytes_unref_to_data (g_steal_pointer (&bytes), &source.len);
      source.data = own;
    }

  handler = _veil_handler_for_data (source.data, source.len, src_path, error);
  if (handler == NULL)
    return NULL;
  /* What the original gave away, when the caller wants to say what was
   * removed. Broken files are refused by the clean itself either way. */
  if (out_report != NULL)
    {
      report = _veil_inspect_source (handler, &source, error);
      if (report == NULL)
        return NULL;
    }

  file = write_temp (cleaner, handler, &source, own, dest_path, st.st_mode, error);
  if (file != NULL && out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return file;
}

guint
veil_cleaner_pending (VeilCleaner *cleaner)
{
  return cleaner->pending->len;
}

/* Flushes the pending files to disk: one fsync each for a small batch, one
 * syncfs per file system for a large one (much cheaper than an fsync per
 * file, and what makes cleaning a whole folder as fast as copying it). */
static gboolean
sync_pending (VeilCleaner  *cleaner,
              GError      **error)
{
  g_autoptr(GArray) synced = g_array_new (FALSE, FALSE, sizeof (dev_t));
  g_autofree char *last_dir = NULL;
  gboolean per_file = cleaner->pending->len <= 4;

  for (guint i = 0; i < cleaner->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (cleaner->pending, i);
      gsize dir_len = strrchr (p->dest_path, '/') != NULL ? strrchr (p->dest_path, '/') - p->dest_path : 0;
      gboolean done = FALSE;
      dev_t dev;

      if (!per_file)
        {
          /* A batch mostly goes to one folder: its file system is flushed. */
          if (last_dir != NULL && strlen (last_dir) == dir_len &&
              strncmp (p->dest_path, last_dir, dir_len) == 0)
            continue;
          if (!veil_temp_file_get_dev (p->file, &dev, error))
            return FALSE;
          for (guint j = 0; j < synced->len; j++)
            done |= g_array_index (synced, dev_t, j) == dev;
          g_free (last_dir);
          last_dir = g_strndup (p->dest_path, dir_len);
          if (done)
            continue;
          g_array_append_val (synced, dev);
        }
      if (!veil_temp_file_flush (p->file, !per_file, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
veil_cleaner_commit (VeilCleaner  *cleaner,
                     GError      **error)
{
  gboolean ok = TRUE;

  if (!sync_pending (cleaner, error))
    {
      veil_cleaner_abort (cleaner);
      return FALSE;
    }
  for (guint i = 0; i < cleaner->pending->len; i++)
    {
      Pending *p = g_ptr_array_index (cleaner->pending, i);

      if (!veil_temp_file_commit (p->file, ok ? error : NULL))
        ok = FALSE;
    }
  veil_cleaner_abort (cleaner);
  return ok;
}

/* Discards what is not committed: pending_free() frees each temporary file,
 * which deletes it. */
void
veil_cleaner_abort (VeilCleaner *cleaner)
{
  g_ptr_array_set_size (cleaner->pending, 0);
  g_atomic_int_set (&cleaner->unnamed, 0);
}

void
veil_cleaner_free (VeilCleaner *cleaner)
{
  if (cleaner == NULL)
    return;
  veil_cleaner_abort (cleaner);
  g_mutex_clear (&cleaner->lock);
  g_ptr_array_unref (cleaner->pending);
  g_free (cleaner);
}

gboolean
veil_clean_file (const char              *src_path,
                 const char              *dest_path,
                 gboolean                 overwrite_original,
                 const VeilCleanOptions  *options,
                 GError                 **error)
{
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (options);

  if (!veil_cleaner_add (cleaner, src_path, dest_path, overwrite_original, NULL, error))
    return FALSE;
  return veil_cleaner_commit (cleaner, error);
}
