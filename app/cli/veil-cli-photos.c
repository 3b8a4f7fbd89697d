/* veil-cli-photos.c: `veil inspect` and `veil clean`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-cli.h"
#include "veil-cli-files.h"
#include "veil-cli-json.h"

/* Default home of cleaned copies: a folder beside the originals. */
#define CLEANED_DIR "cleaned"
/* How many cleaned files are flushed to disk together (see VeilCleaner):
 * one flush costs about as much as copying the whole folder on a small
 * disk, so it is shared by many files; pending files cost only a name. */
#define COMMIT_BATCH 256

static void
print_report_text (const VeilReport *report)
{
  guint removable = veil_report_count_removable (report);

  if (removable == 0)
    printf (_("%s (%s): nothing found that gives you away\n"), report->path,
            veil_format_name (report->format));
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s): %u finding\n", "%s (%s): %u findings\n", removable),
            report->path, veil_format_name (report->format), removable);

  for (int c = 0; c < VEIL_N_CATEGORIES; c++)
    {
      gboolean header = FALSE;

      for (guint i = 0; i < report->findings->len; i++)
        {
          const VeilFinding *f = g_ptr_array_index (report->findings, i);

          if ((int) f->category != c)
            continue;
          if (!header)
            printf ("  %s\n", veil_category_title (c));
          header = TRUE;
          printf ("    %s: %s%s\n      %s\n", f->key, f->value,
                  f->kept ? _(" (kept)") : "", f->explanation);
        }
    }
}

static void
add_report_json (VeilCliJson *json, const VeilReport *report)
{
  veil_cli_json_member (json, "format");
  veil_cli_json_string (json, veil_format_name (report->format));
  veil_cli_json_member (json, "findings");
  veil_cli_json_begin_array (json);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *f = g_ptr_array_index (report->findings, i);

      veil_cli_json_begin_object (json);
      veil_cli_json_member (json, "category");
      veil_cli_json_string (json, veil_category_id (f->category));
      veil_cli_json_member (json, "key");
      veil_cli_json_string (json, f->key);
      veil_cli_json_member (json, "value");
      veil_cli_json_string (json, f->value);
      veil_cli_json_member (json, "explanation");
      veil_cli_json_string (json, f->explanation);
      veil_cli_json_member (json, "kept");
      veil_cli_json_boolean (json, f->kept);
      veil_cli_json_end_object (json);
    }
  veil_cli_json_end_array (json);
}

/* Files found inside folders that are not photos or videos at all are
 * skipped quietly; anything named on the command line is reported. */
static gboolean
skip_silently (const VeilCliFile *file, const GError *error)
{
  return !file->named && g_error_matches (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED) &&
         g_str_has_suffix (error->message, _("not a photo or video format Veil knows"));
}

int
veil_cli_inspect (int argc, char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — show what photos and videos give away"));
  g_autoptr(GPtrArray) files = NULL;
  VeilCliJson json_out;
  g_autofree char *json_text = NULL;
  guint n_failed = 0, n_missing = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil inspect: name at least one file or folder\n"));
      return VEIL_EXIT_USAGE;
    }

  files = veil_cli_collect_files (paths, NULL, &n_missing);
  n_failed += n_missing;
  veil_cli_json_init (&json_out);
  veil_cli_json_begin_array (&json_out);

  for (guint i = 0; i < files->len; i++)
    {
      const VeilCliFile *file = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = veil_inspect_file (file->path, &error);

      if (report == NULL && skip_silently (file, error))
        continue;
      if (json)
        {
          veil_cli_json_begin_object (&json_out);
          veil_cli_json_member (&json_out, "path");
          veil_cli_json_string (&json_out, file->path);
          if (report != NULL)
            add_report_json (&json_out, report);
          else
            {
              veil_cli_json_member (&json_out, "error");
              veil_cli_json_string (&json_out, error->message);
            }
          veil_cli_json_end_object (&json_out);
        }
      else if (report != NULL)
        print_report_text (report);
      if (report == NULL)
        {
          if (!json)
            g_printerr ("veil: %s\n", error->message);
          n_failed++;
        }
    }
  veil_cli_json_end_array (&json_out);
  json_text = veil_cli_json_finish (&json_out);
  if (json)
    fputs (json_text, stdout);
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}

static char *
destination_for (const VeilCliFile *file,
                 const char        *output_dir,
                 gboolean           in_place)
{
  if (in_place)
    return g_strdup (file->path);
  if (output_dir != NULL)
    return g_build_filename (output_dir, file->relative, NULL);
  {
    g_autofree char *dir = g_path_get_dirname (file->path);
    g_autofree char *base = g_path_get_basename (file->path);
    return g_build_filename (dir, CLEANED_DIR, base, NULL);
  }
}

/* Creates dest's folder; remembers the last one, since a batch writes many
 * files into the same folder. */
static gboolean
ensure_parent (const char *dest, GError **error)
{
  static char *last_dir = NULL;
  g_autofree char *dir = g_path_get_dirname (dest);

  if (g_strcmp0 (dir, last_dir) == 0)
    return TRUE;
  g_free (last_dir);
  last_dir = g_strdup (dir);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  VeilCleaner       *cleaner;
  const VeilCliFile *file;
  char              *dest;
  gboolean           in_place;
  gboolean           quiet;
  VeilReport        *report;
  GError            *error;
} CleanJob;

static void
clean_job_clear (CleanJob *job)
{
  g_clear_pointer (&job->dest, g_free);
  g_clear_pointer (&job->report, veil_report_free);
  g_clear_error (&job->error);
}

/* Progress across worker threads: the line is redrawn as each file ends. */
static GMutex progress_lock;
static guint progress_done, progress_total;

static void
progress_step (const char *path)
{
  g_mutex_lock (&progress_lock);
  veil_cli_progress (++progress_done, progress_total, path);
  g_mutex_unlock (&progress_lock);
}

static void
run_clean_job (gpointer data, gpointer user_data)
{
  CleanJob *job = data;

  /* In quiet mode nobody reads what was removed: skip inspecting the
   * original (the cleaned file is still read back and checked). */
  veil_cleaner_add (job->cleaner, job->file->path, job->dest, job->in_place,
                    job->quiet ? NULL : &job->report, &job->error);
  if (veil_cli_show_progress ())
    progress_step (job->file->path);
}

static int
compare_job_size (const void *a, const void *b)
{
  gint64 sa = (*(CleanJob *const *) a)->file->size, sb = (*(CleanJob *const *) b)->file->size;

  return (sa < sb) - (sa > sb);
}

/* Cleans files[start..end) on all cores, then makes the results visible
 * together (one flush to disk for the batch) and reports them in order. */
static void
clean_batch (VeilCleaner *cleaner,
             GPtrArray   *files,
             guint        start,
             guint        end,
             const char  *output_dir,
             gboolean     in_place,
             gboolean     quiet,
             guint       *n_cleaned,
             guint       *n_failed,
             guint       *n_findings)
{
  g_autofree CleanJob *jobs = g_new0 (CleanJob, end - start);
  GThreadPool *pool = g_thread_pool_new (run_clean_job, NULL,
                                         CLAMP (g_get_num_processors (), 1, 8), TRUE, NULL);
  g_autofree CleanJob **order = g_new (CleanJob *, end - start);
  g_autoptr(GError) error = NULL;
  guint ok = 0, n_ready = 0;

  for (guint i = start; i < end; i++)
    {
      CleanJob *job = &jobs[i - start];

      job->cleaner = cleaner;
      job->file = g_ptr_array_index (files, i);
      job->dest = destination_for (job->file, output_dir, in_place);
      job->in_place = in_place;
      job->quiet = quiet;
      if (ensure_parent (job->dest, &job->error))
        order[n_ready++] = job;
    }
  /* Largest first: a big photo left for last would keep one core busy while
   * the others wait. Results are still reported in the files' order. */
  qsort (order, n_ready, sizeof *order, compare_job_size);
  for (guint i = 0; i < n_ready; i++)
    g_thread_pool_push (pool, order[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE); /* waits for every job */

  for (guint i = 0; i < end - start; i++)
    {
      CleanJob *job = &jobs[i];
      if (job->error != NULL && !skip_silently (job->file, job->error))
        {
          veil_cli_progress_end ();
          g_printerr ("veil: %s\n", job->error->message);
          (*n_failed)++;
        }
      else if (job->error == NULL)
        ok++;
    }

  if (!veil_cleaner_commit (cleaner, &error))
    {
      veil_cli_progress_end ();
      g_printerr ("veil: %s\n", error->message);
      *n_failed += ok;
    }
  else
    {
      *n_cleaned += ok;
      for (guint i = 0; i < end - start; i++)
        {
          CleanJob *job = &jobs[i];
          guint removed;

          if (job->error != NULL || job->report == NULL)
            continue;
          removed = veil_report_count_removable (job->report);
          *n_findings += removed;
          if (!quiet)
            {
              veil_cli_progress_end ();
              guint kept = job->report->findings->len - removed;

              /* Exactly what happened: the findings inspect listed as kept
               * (orientation, colour profile) are still in the copy. */
              printf ("%s → %s: ", job->file->path, job->dest);
              printf (g_dngettext (GETTEXT_PACKAGE, "%u finding removed", "%u findings removed", removed), removed);
              if (kept > 0)
                printf (g_dngettext (GETTEXT_PACKAGE, ", %u kept", ", %u kept", kept), kept);
              printf ("\n");
            }
        }
    }
  for (guint i = 0; i < end - start; i++)
    clean_job_clear (&jobs[i]);
}

int
veil_cli_clean (int argc, char **argv)
{
  g_autofree char *output_dir = NULL;
  gboolean in_place = FALSE, drop_icc = FALSE, quiet = FALSE;
  gboolean keep_motion_video = FALSE, keep_media_times = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Write cleaned copies into DIR (default: a “cleaned” folder beside each original)"), N_("DIR") },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &in_place, N_("Replace the originals with their cleaned versions"), NULL },
    { "drop-icc", 0, 0, G_OPTION_ARG_NONE, &drop_icc, N_("Also remove the colour profile"), NULL },
    { "keep-motion-video", 0, 0, G_OPTION_ARG_NONE, &keep_motion_video,
      N_("Keep a motion photo's short video (cleaned too) instead of removing it"), NULL },
    { "keep-media-times", 0, 0, G_OPTION_ARG_NONE, &keep_media_times,
      N_("Keep when a video was recorded (by default these times are set to zero)"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print only errors and the number of files (faster: the originals are not itemised)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — remove what photos and videos give away"));
  VeilCleanOptions options = { 0 };
  g_autoptr(VeilCleaner) cleaner = NULL;
  g_autoptr(GPtrArray) files = NULL;
  guint n_failed = 0, n_missing = 0, n_cleaned = 0, n_findings = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Originals are never changed unless you pass --in-place. Each cleaned file is written to a "
      "temporary file, checked by reading it back, flushed to disk and only then given its name."));
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil clean: name at least one file or folder\n"));
      return VEIL_EXIT_USAGE;
    }
  if (in_place && output_dir != NULL)
    {
      g_printerr (_("veil clean: --in-place and --output-dir cannot be used together\n"));
      return VEIL_EXIT_USAGE;
    }

  options.drop_icc = drop_icc;
  options.keep_motion_video = keep_motion_video;
  options.keep_media_times = keep_media_times;
  cleaner = veil_cleaner_new (&options);
  /* "cleaned" folders hold Veil's own output: never walked into, whatever
   * the destination, so running twice does not clean copies of copies. */
  files = veil_cli_collect_files (paths, CLEANED_DIR, &n_missing);
  n_failed += n_missing;
  progress_total = files->len;
  veil_cli_show_progress (); /* decided once, before the threads start */

  for (guint start = 0; start < files->len; start += COMMIT_BATCH)
    clean_batch (cleaner, files, start, MIN (start + COMMIT_BATCH, files->len),
                 output_dir, in_place, quiet, &n_cleaned, &n_failed, &n_findings);
  veil_cli_progress_end ();

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Cleaned %u file", "Cleaned %u files", n_cleaned), n_cleaned);
  if (!quiet)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, " (%u finding removed)", " (%u findings removed)", n_findings), n_findings);
  if (n_failed > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, ", %u failed", ", %u failed", n_failed), n_failed);
  fprintf (stderr, "\n");
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}
