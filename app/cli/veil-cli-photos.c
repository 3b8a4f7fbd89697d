/* veil-cli-photos.c: `veil inspect` and `veil clean`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "veil-core.h"
#include "veil-cli.h"
#include "veil-cli-files.h"

/* Default home of cleaned copies: a folder beside the originals. */
#define CLEANED_DIR "cleaned"
/* How many cleaned files are flushed to disk together (see VeilCleaner). */
#define COMMIT_BATCH 64

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
add_report_json (JsonBuilder *builder, const VeilReport *report)
{
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, veil_format_name (report->format));
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *f = g_ptr_array_index (report->findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, veil_category_id (f->category));
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, f->key);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, f->value);
      json_builder_set_member_name (builder, "explanation");
      json_builder_add_string_value (builder, f->explanation);
      json_builder_set_member_name (builder, "kept");
      json_builder_add_boolean_value (builder, f->kept);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
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
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — show what photos and videos give away"));
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
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
  json_builder_begin_array (builder);

  for (guint i = 0; i < files->len; i++)
    {
      const VeilCliFile *file = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = veil_inspect_file (file->path, &error);

      if (report == NULL && skip_silently (file, error))
        continue;
      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, file->path);
          if (report != NULL)
            add_report_json (builder, report);
          else
            {
              json_builder_set_member_name (builder, "error");
              json_builder_add_string_value (builder, error->message);
            }
          json_builder_end_object (builder);
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
  json_builder_end_array (builder);
  if (json)
    print_json (builder);
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
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

int
veil_cli_clean (int argc, char **argv)
{
  g_autofree char *output_dir = NULL;
  gboolean in_place = FALSE, drop_icc = FALSE, quiet = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Write cleaned copies into DIR (default: a “cleaned” folder beside each original)"), N_("DIR") },
    { "in-place", 0, 0, G_OPTION_ARG_NONE, &in_place, N_("Replace the originals with their cleaned versions"), NULL },
    { "drop-icc", 0, 0, G_OPTION_ARG_NONE, &drop_icc, N_("Also remove the colour profile"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only errors and the summary"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — remove what photos and videos give away"));
  VeilCleanOptions options = { 0 };
  g_autoptr(VeilCleaner) cleaner = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) batch_names = g_ptr_array_new_with_free_func (g_free);
  guint n_failed = 0, n_missing = 0, n_cleaned = 0, n_findings = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Originals are never changed unless you pass --in-place. Each cleaned file is written to a "
      "temporary file, checked by reading it back, flushed to disk and only then renamed."));
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
  cleaner = veil_cleaner_new (&options);
  /* "cleaned" folders hold Veil's own output: never walked into, whatever
   * the destination, so running twice does not clean copies of copies. */
  files = veil_cli_collect_files (paths, CLEANED_DIR, &n_missing);
  n_failed += n_missing;

  for (guint i = 0; i < files->len; i++)
    {
      const VeilCliFile *file = g_ptr_array_index (files, i);
      g_autofree char *dest = destination_for (file, output_dir, in_place);
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilReport) report = NULL;

      veil_cli_progress (i + 1, files->len, file->path);
      if (!ensure_parent (dest, &error) ||
          !veil_cleaner_add (cleaner, file->path, dest, in_place, &report, &error))
        {
          if (skip_silently (file, error))
            continue;
          veil_cli_progress_end ();
          g_printerr ("veil: %s\n", error->message);
          n_failed++;
          continue;
        }
      n_findings += veil_report_count_removable (report);
      g_ptr_array_add (batch_names, g_strdup_printf ("%s → %s: %u removed", file->path, dest,
                                                     veil_report_count_removable (report)));
      if (veil_cleaner_pending (cleaner) >= COMMIT_BATCH || i + 1 == files->len)
        {
          guint pending = veil_cleaner_pending (cleaner);
          if (!veil_cleaner_commit (cleaner, &error))
            {
              veil_cli_progress_end ();
              g_printerr ("veil: %s\n", error->message);
              n_failed += pending;
            }
          else
            {
              n_cleaned += pending;
              if (!quiet)
                {
                  veil_cli_progress_end ();
                  for (guint j = 0; j < batch_names->len; j++)
                    printf ("%s\n", (char *) g_ptr_array_index (batch_names, j));
                }
            }
          g_ptr_array_set_size (batch_names, 0);
        }
    }
  /* The last file may have failed after others were added. */
  if (veil_cleaner_pending (cleaner) > 0)
    {
      g_autoptr(GError) error = NULL;
      guint pending = veil_cleaner_pending (cleaner);
      if (veil_cleaner_commit (cleaner, &error))
        {
          n_cleaned += pending;
          if (!quiet)
            for (guint j = 0; j < batch_names->len; j++)
              printf ("%s\n", (char *) g_ptr_array_index (batch_names, j));
        }
      else
        {
          g_printerr ("veil: %s\n", error->message);
          n_failed += pending;
        }
    }
  veil_cli_progress_end ();

  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Cleaned %u file", "Cleaned %u files", n_cleaned), n_cleaned);
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, " (%u finding removed)", " (%u findings removed)", n_findings), n_findings);
  if (n_failed > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, ", %u failed", ", %u failed", n_failed), n_failed);
  fprintf (stderr, "\n");
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}
