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

/* How many files are cleaned before their lines are printed, in order:
 * what each original gave away is held until then. */
#define REPORT_BATCH 256

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

typedef struct {
  VeilCleaner       *cleaner;
  const VeilCliFile *file;
  char              *dest;
  gboolean           in_place;
  gboolean           quiet;
  VeilCleanedFile   *cleaned;      /* handed from cleaner to namer thread */
  /* Written by the worker. */
  char              *written;      /* where it went, links followed */
  VeilReport        *report;
  guint              other_links;
  GError            *error;
} CleanJob;

static void
clean_job_clear (CleanJob *job)
{
  g_clear_pointer (&job->dest, g_free);
  g_clear_pointer (&job->written, g_free);
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

/* Each file is named (an original replaced) as soon as it is checked: an
 * in-place batch needs room for the cleaned copies in flight, not one per
 * file, and a failure touches only its own file. A file that must be on
 * disk before it takes its name waits for that on a namer thread, while the
 * cleaner threads go on with the next files. */
static GThreadPool *namer_pool;

static void
finish_clean_job (CleanJob        *job,
                  VeilCleanedFile *cleaned)
{
  if (veil_cleaned_file_commit (cleaned, &job->error))
    {
      job->written = g_strdup (veil_cleaned_file_get_dest (cleaned));
      job->report = veil_cleaned_file_steal_report (cleaned);
      job->other_links = veil_cleaned_file_get_other_links (cleaned);
    }
  veil_cleaned_file_free (cleaned);
  if (veil_cli_show_progress ())
    progress_step (job->file->path);
}

static void
run_name_job (gpointer data, gpointer user_data)
{
  CleanJob *job = data;

  finish_clean_job (job, g_steal_pointer (&job->cleaned));
}

static void
run_clean_job (gpointer data, gpointer user_data)
{
  CleanJob *job = data;
  guint max_waiting = GPOINTER_TO_UINT (user_data);
  /* In quiet mode nobody reads what was removed: skip inspecting the
   * original (the cleaned file is still read back and checked). */
  VeilCleanedFile *cleaned = veil_cleaner_prepare (job->cleaner, job->file->path, job->dest,
                                                   job->in_place, !job->quiet, &job->error);

  if (cleaned == NULL)
    {
      if (veil_cli_show_progress ())
        progress_step (job->file->path);
      return;
    }
  /* Past a few files waiting, name this one here: the files in flight
   * stay few, and so does the room they take. */
  if (veil_cleaned_file_will_flush (cleaned) && g_thread_pool_unprocessed (namer_pool) < max_waiting)
    {
      job->cleaned = cleaned;
      g_thread_pool_push (namer_pool, job, NULL);
    }
  else
    finish_clean_job (job, cleaned);
}

static int
compare_job_size (const void *a, const void *b)
{
  gint64 sa = (*(CleanJob *const *) a)->file->size, sb = (*(CleanJob *const *) b)->file->size;

  return (sa < sb) - (sa > sb);
}

typedef struct {
  VeilCleaner            *cleaner;
  VeilDestinationFolders *folders;
  VeilDestinationMode     mode;
  const char             *output_dir;
  gboolean                quiet;
  guint                   n_threads;
  guint                   n_namers;
  guint                   n_cleaned, n_failed, n_findings;
} CleanRun;

/* Makes each destination's folder, saying what an interrupted run left
 * there and was removed. */
static gboolean
prepare_folder (CleanRun *run, CleanJob *job)
{
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = veil_destination_folders_prepare (run->folders, job->dest, removed, &job->error);

  for (guint i = 0; i < removed->len; i++)
    {
      veil_cli_progress_end ();
      g_printerr (_("veil: removed %s, a temporary file left by an interrupted run\n"),
                  (const char *) g_ptr_array_index (removed, i));
    }
  return ok;
}

static void
report_job (CleanRun *run, CleanJob *job)
{
  guint removed;

  if (job->error != NULL)
    {
      if (skip_silently (job->file, job->error))
        return;
      veil_cli_progress_end ();
      g_printerr ("veil: %s\n", job->error->message);
      run->n_failed++;
      return;
    }
  run->n_cleaned++;
  if (job->other_links > 0)
    {
      veil_cli_progress_end ();
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "veil: %s: %u other hard link to this file still shows the original, "
                               "with everything it gives away\n",
                               "veil: %s: %u other hard links to this file still show the original, "
                               "with everything it gives away\n", job->other_links),
                  job->written, job->other_links);
    }
  if (job->report == NULL)
    return;
  removed = veil_report_count_removable (job->report);
  run->n_findings += removed;
  if (!run->quiet)
    {
      guint kept = job->report->findings->len - removed;

      veil_cli_progress_end ();
      /* Exactly what happened: the findings inspect listed as kept
       * (orientation, colour profile) are still in the copy. */
      printf ("%s → %s: ", job->file->path, job->written);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u finding removed", "%u findings removed", removed), removed);
      if (kept > 0)
        printf (g_dngettext (GETTEXT_PACKAGE, ", %u kept", ", %u kept", kept), kept);
      printf ("\n");
    }
}

/* Cleans files[start..end) on the worker threads, then reports each file,
 * in order, as it went. */
static void
clean_batch (CleanRun  *run,
             GPtrArray *files,
             guint      start,
             guint      end)
{
  g_autofree CleanJob *jobs = g_new0 (CleanJob, end - start);
  GThreadPool *pool = g_thread_pool_new (run_clean_job, GUINT_TO_POINTER (run->n_namers),
                                         run->n_threads, TRUE, NULL);
  g_autofree CleanJob **order = g_new (CleanJob *, end - start);
  guint n_ready = 0;

  for (guint i = start; i < end; i++)
    {
      CleanJob *job = &jobs[i - start];

      job->cleaner = run->cleaner;
      job->file = g_ptr_array_index (files, i);
      job->dest = veil_destination_for (job->file->path, job->file->relative, run->mode, run->output_dir);
      job->in_place = run->mode == VEIL_DESTINATION_IN_PLACE;
      job->quiet = run->quiet;
      if (prepare_folder (run, job))
        order[n_ready++] = job;
    }
  /* Largest first: a big photo left for last would keep one core busy while
   * the others wait. Results are still reported in the files' order. */
  qsort (order, n_ready, sizeof *order, compare_job_size);
  /* Threads are started only when a file waits to be flushed. */
  namer_pool = g_thread_pool_new (run_name_job, NULL, run->n_namers, FALSE, NULL);
  for (guint i = 0; i < n_ready; i++)
    g_thread_pool_push (pool, order[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE); /* waits for every job */
  g_thread_pool_free (g_steal_pointer (&namer_pool), FALSE, TRUE);

  for (guint i = 0; i < end - start; i++)
    {
      report_job (run, &jobs[i]);
      clean_job_clear (&jobs[i]);
    }
}

int
veil_cli_clean (int argc, char **argv)
{
  g_autofree char *output_dir = NULL;
  gboolean in_place = FALSE, drop_icc = FALSE, quiet = FALSE, sync = FALSE;
  gboolean keep_motion_video = FALSE, keep_media_times = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Write cleaned copies into DIR (default: a “cleaned” folder beside each original)"), N_("DIR") },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &in_place, N_("Replace the originals with their cleaned versions"), NULL },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync,
      N_("Flush cleaned copies to disk before finishing (a replaced original always is)"), NULL },
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
  g_autoptr(VeilDestinationFolders) folders = NULL;
  g_autoptr(GPtrArray) files = NULL;
  CleanRun run = { 0 };
  guint n_missing = 0, n_processors = CLAMP (g_get_num_processors (), 1, 8);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Originals are never changed unless you pass --in-place. Each cleaned file is written unnamed, "
      "checked by reading it back and only then given its name, so no half-written file ever appears. "
      "Copies are not flushed to disk, as cp does not (--sync flushes them); a file that replaces "
      "another is always flushed first.\n\n"
      "With --in-place, each original is replaced as soon as its cleaned version is checked. It keeps "
      "its owner, group and permissions; a read-only file is replaced too and stays read-only. A "
      "symbolic link stays a link and the file it points to is cleaned; other hard links to a file "
      "keep the original, and Veil says so. Extended attributes are not kept, on purpose: they can "
      "hold the address a file was downloaded from."));
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
  options.flush_copies = sync;
  cleaner = veil_cleaner_new (&options);
  folders = veil_destination_folders_new ();
  /* "cleaned" folders hold Veil's own output: never walked into, whatever
   * the destination, so running twice does not clean copies of copies. */
  files = veil_cli_collect_files (paths, VEIL_CLEANED_DIR, &n_missing);
  progress_total = files->len;
  veil_cli_show_progress (); /* decided once, before the threads start */

  run.cleaner = cleaner;
  run.folders = folders;
  run.mode = in_place ? VEIL_DESTINATION_IN_PLACE
           : output_dir != NULL ? VEIL_DESTINATION_OUTPUT_DIR : VEIL_DESTINATION_CLEANED_FOLDER;
  run.output_dir = output_dir;
  run.quiet = quiet;
  /* A thread waiting for its file to reach the disk uses no processor:
   * with flushes, namer threads wait while every core goes on cleaning. */
  run.n_threads = n_processors;
  run.n_namers = 8;
  run.n_failed = n_missing;
  for (guint start = 0; start < files->len; start += REPORT_BATCH)
    clean_batch (&run, files, start, MIN (start + REPORT_BATCH, files->len));
  veil_cli_progress_end ();

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Cleaned %u file", "Cleaned %u files", run.n_cleaned),
           run.n_cleaned);
  if (!quiet)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, " (%u finding removed)", " (%u findings removed)",
                                  run.n_findings), run.n_findings);
  if (run.n_failed > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, ", %u failed", ", %u failed", run.n_failed), run.n_failed);
  fprintf (stderr, "\n");
  return run.n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}
