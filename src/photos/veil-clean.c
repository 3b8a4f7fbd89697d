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
#include "veil-destination.h"
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
               VeilScanMemo            *scans,
               const VeilCleanOptions  *options,
               GError                 **error)
{
  VeilSource source = { data, len, name, scans };
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
                      source.name, NULL, options, error))
    return NULL;
  return g_steal_pointer (&bytes);
}

struct _VeilCleaner {
  VeilCleanOptions options;
  GMutex           lock;     /* guards taken and buffers: prepare() may run on many threads */
  GHashTable      *taken;    /* destinations given out, so two files never share one */
  GPtrArray       *buffers;  /* VeilReadBuffers not in use, at most one per thread */
};

struct _VeilCleanedFile {
  VeilCleaner  *cleaner;
  VeilTempFile *file;
  char         *dest;        /* links followed, for a replaced original */
  VeilReport   *report;
  guint         other_links;
  gboolean      overwrite_original;
  gboolean      needs_flush;  /* it will replace a file, or copies are flushed */
  gboolean      flushed;
  gboolean      committed;
};

VeilCleaner *
veil_cleaner_new (const VeilCleanOptions *options)
{
  VeilCleaner *cleaner = g_new0 (VeilCleaner, 1);

  cleaner->options = options != NULL ? *options : default_options;
  g_mutex_init (&cleaner->lock);
  cleaner->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cleaner->buffers = g_ptr_array_new_with_free_func ((GDestroyNotify) _veil_read_buffer_free);
  return cleaner;
}

void
veil_cleaner_free (VeilCleaner *cleaner)
{
  if (cleaner == NULL)
    return;
  g_mutex_clear (&cleaner->lock);
  g_hash_table_unref (cleaner->taken);
  g_ptr_array_unref (cleaner->buffers);
  g_free (cleaner);
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
take_destination (VeilCleaner  *cleaner,
                  const char   *src_path,
                  const char   *dest,
                  GError      **error)
{
  gboolean added;

  g_mutex_lock (&cleaner->lock);
  added = g_hash_table_add (cleaner->taken, g_strdup (dest));
  g_mutex_unlock (&cleaner->lock);
  if (!added)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                 _("%s: another file in this batch is already cleaned to %s"), src_path, dest);
  return added;
}

static void
give_back_destination (VeilCleaner *cleaner,
                       const char  *dest)
{
  g_mutex_lock (&cleaner->lock);
  g_hash_table_remove (cleaner->taken, dest);
  g_mutex_unlock (&cleaner->lock);
}

/* A buffer to read the next photo into: one a thread of this batch used
 * before (its pages are already there), or a new one. */
static VeilReadBuffer *
take_buffer (VeilCleaner *cleaner)
{
  VeilReadBuffer *buffer = NULL;

  g_mutex_lock (&cleaner->lock);
  if (cleaner->buffers->len > 0)
    buffer = g_ptr_array_steal_index_fast (cleaner->buffers, cleaner->buffers->len - 1);
  g_mutex_unlock (&cleaner->lock);
  return buffer != NULL ? buffer : g_new0 (VeilReadBuffer, 1);
}

/* Buffers as large as a photo are kept for the batch; one that had to grow
 * for a larger file (a panorama, a RAW) gives that memory back at once. */
#define VEIL_KEPT_BUFFER_MAX (32 * 1024 * 1024)

static void
give_back_buffer (VeilCleaner    *cleaner,
                  VeilReadBuffer *buffer)
{
  if (buffer->size > VEIL_KEPT_BUFFER_MAX)
    {
      _veil_read_buffer_free (buffer);
      return;
    }
  g_mutex_lock (&cleaner->lock);
  g_ptr_array_add (cleaner->buffers, buffer);
  g_mutex_unlock (&cleaner->lock);
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
  const guint8 *data, *untouched_from, *untouched_to;
  gsize len;

  if (!handler->clean (source, writer, &cleaner->options, error))
    {
      g_prefix_error (error, "%s: ", source->name);
      return FALSE;
    }
  data = veil_writer_finish (writer, &len);
  /* The check reads the picture data again only where the copy moved it. */
  veil_writer_untouched (writer, &untouched_from, &untouched_to);
  _veil_scan_memo_keep_within (source->scans, untouched_from, untouched_to);
  return verify_output (handler, data, len, source->name, source->scans, &cleaner->options, error) &&
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
                        g_mapped_file_get_length (written), source->name, NULL,
                        &cleaner->options, error);
}

/* Writes the cleaned file to an unnamed temporary file for dest_path (see
 * veil-temp-file.h), discarded again on any error. */
static VeilTempFile *
write_temp (VeilCleaner             *cleaner,
            const VeilFormatHandler *handler,
            const VeilSource        *source,
            guint8                  *writable_source,
            const char              *dest_path,
            mode_t                   mode,
            GError                 **error)
{
  g_autoptr(VeilTempFile) file = veil_temp_file_new (dest_path, mode, TRUE, error);
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
  return g_steal_pointer (&file);
}

/* A file that will replace another is on disk before it does: a power cut
 * must never leave the old name pointing at nothing. */
gboolean
veil_cleaned_file_flush (VeilCleanedFile  *cleaned,
                         GError          **error)
{
  if (cleaned->flushed)
    return TRUE;
  if (!veil_temp_file_flush (cleaned->file, FALSE, error))
    return FALSE;
  cleaned->flushed = TRUE;
  return TRUE;
}

static gboolean
clean_read_file (VeilCleaner      *cleaner,
                 VeilCleanedFile  *cleaned,
                 const char       *src_path,
                 VeilReadBuffer   *buffer,
                 gboolean          want_report,
                 GError          **error)
{
  g_autoptr(GBytes) mapped = NULL;
  const VeilFormatHandler *handler;
  g_autoptr(VeilReport) report = NULL;
  VeilSource source = { 0 };
  VeilScanMemo scans = { 0 };
  GStatBuf st, dest_st;
  g_autofree char *protected_copy = NULL;

  if (!_veil_read_file (src_path, &st, buffer, &mapped, error))
    return FALSE;
  /* The same file under another name (a link, "./a" and "a"). */
  if (!cleaned->overwrite_original && is_same_file (&st, cleaned->dest))
    return refuse_overwrite (src_path, error);
  if (!cleaned->overwrite_original &&
      (protected_copy = veil_destination_find_protected (cleaned->dest)) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("%s: %s is its copy with the faces protected; a cleaned copy would put "
                     "the unprotected faces beside it, so none is written"), src_path, protected_copy);
      return FALSE;
    }
  /* A file that was read (not mapped) is our own copy: the clean may
   * build the cleaned file in it. */
  if (mapped != NULL)
    source.data = g_bytes_get_data (mapped, &source.len);
  else
    {
      source.data = buffer->data;
      source.len = buffer->len;
    }
  source.name = src_path;
  /* The report, the clean and the check parse the same picture data. */
  source.scans = &scans;

  handler = _veil_handler_for_data (source.data, source.len, src_path, error);
  if (handler == NULL)
    return FALSE;
  /* What the original gave away, when the caller wants to say what was
   * removed. Broken files are refused by the clean itself either way. */
  if (want_report)
    {
      report = _veil_inspect_source (handler, &source, error);
      if (report == NULL)
        return FALSE;
    }

  /* A copy gets the original's permissions less the umask, as cp gives it;
   * a replaced original keeps its owner, group and mode exactly. */
  cleaned->file = write_temp (cleaner, handler, &source, mapped == NULL ? buffer->data : NULL,
                              cleaned->dest, st.st_mode, error);
  if (cleaned->file == NULL)
    return FALSE;
  if (cleaned->overwrite_original)
    {
      if (!veil_temp_file_set_owner_mode (cleaned->file, st.st_uid, st.st_gid, st.st_mode, error))
        return FALSE;
      /* Other names of the same file keep the original bytes. */
      if (st.st_nlink > 1)
        cleaned->other_links = (guint) st.st_nlink - 1;
    }
  /* Copies to a new name are not flushed (like cp): the original is
   * untouched, so a power cut can lose only a copy that can be made again.
   * Whatever replaces a file is flushed before it does (at commit); its
   * writing starts now, so that the flush, on a worker thread, finds
   * little left to wait for while other threads clean the next files. */
  cleaned->needs_flush = cleaner->options.flush_copies || cleaned->overwrite_original ||
                         g_lstat (cleaned->dest, &dest_st) == 0;
  if (cleaned->needs_flush)
    sync_file_range (veil_temp_file_fd (cleaned->file), 0, 0, SYNC_FILE_RANGE_WRITE);
  cleaned->report = g_steal_pointer (&report);
  return TRUE;
}

static gboolean
clean_to_temp (VeilCleaner      *cleaner,
               VeilCleanedFile  *cleaned,
               const char       *src_path,
               gboolean          want_report,
               GError          **error)
{
  VeilReadBuffer *buffer = take_buffer (cleaner);
  gboolean ok = clean_read_file (cleaner, cleaned, src_path, buffer, want_report, error);

  give_back_buffer (cleaner, buffer);
  return ok;
}

VeilCleanedFile *
veil_cleaner_prepare (VeilCleaner  *cleaner,
                      const char   *src_path,
                      const char   *dest_path,
                      gboolean      overwrite_original,
                      gboolean      want_report,
                      GError      **error)
{
  VeilCleanedFile *cleaned;

  g_return_val_if_fail (cleaner != NULL, NULL);
  g_return_val_if_fail (src_path != NULL && dest_path != NULL, NULL);

  if (!overwrite_original && g_strcmp0 (src_path, dest_path) == 0)
    {
      refuse_overwrite (src_path, error);
      return NULL;
    }
  cleaned = g_new0 (VeilCleanedFile, 1);
  cleaned->cleaner = cleaner;
  cleaned->overwrite_original = overwrite_original;
  /* In place, a symbolic link is kept and the file it names is cleaned:
   * replacing the link would leave the photo, and all it gives away, as
   * it was. */
  cleaned->dest = overwrite_original ? veil_destination_resolve (dest_path) : g_strdup (dest_path);
  /* Reserve the destination first, so two threads cannot both take it. */
  if (!take_destination (cleaner, src_path, cleaned->dest, error))
    {
      g_free (cleaned->dest);
      g_free (cleaned);
      return NULL;
    }
  if (!clean_to_temp (cleaner, cleaned, src_path, want_report, error))
    {
      veil_cleaned_file_free (cleaned);
      return NULL;
    }
  return cleaned;
}

const char *
veil_cleaned_file_get_dest (VeilCleanedFile *cleaned)
{
  return cleaned->dest;
}

VeilReport *
veil_cleaned_file_steal_report (VeilCleanedFile *cleaned)
{
  return g_steal_pointer (&cleaned->report);
}

gboolean
veil_cleaned_file_will_flush (VeilCleanedFile *cleaned)
{
  return cleaned->needs_flush && !cleaned->flushed;
}

guint
veil_cleaned_file_get_other_links (VeilCleanedFile *cleaned)
{
  return cleaned->other_links;
}

gboolean
veil_cleaned_file_commit (VeilCleanedFile  *cleaned,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (!cleaned->committed, FALSE);

  /* A new name needs no more than a link; a name that is taken (the
   * original, an earlier output) is replaced, flushed first. */
  if (cleaned->needs_flush)
    cleaned->committed = veil_cleaned_file_flush (cleaned, error) &&
                         veil_temp_file_commit (cleaned->file, error);
  else if (veil_temp_file_commit_new (cleaned->file, &local_error))
    cleaned->committed = TRUE;
  else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (veil_cleaned_file_flush (cleaned, error) && veil_temp_file_commit (cleaned->file, error))
    cleaned->committed = TRUE;
  return cleaned->committed;
}

/* Discards the cleaned file unless committed; gives its destination back
 * unless it was written, so a later file cannot overwrite it. */
void
veil_cleaned_file_free (VeilCleanedFile *cleaned)
{
  if (cleaned == NULL)
    return;
  if (!cleaned->committed)
    give_back_destination (cleaned->cleaner, cleaned->dest);
  veil_temp_file_free (cleaned->file);
  g_clear_pointer (&cleaned->report, veil_report_free);
  g_free (cleaned->dest);
  g_free (cleaned);
}

gboolean
veil_clean_file (const char              *src_path,
                 const char              *dest_path,
                 gboolean                 overwrite_original,
                 const VeilCleanOptions  *options,
                 GError                 **error)
{
  g_autoptr(VeilCleaner) cleaner = veil_cleaner_new (options);
  g_autoptr(VeilCleanedFile) cleaned = veil_cleaner_prepare (cleaner, src_path, dest_path,
                                                             overwrite_original, FALSE, error);

  return cleaned != NULL && veil_cleaned_file_commit (cleaned, error);
}
