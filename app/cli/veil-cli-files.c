/* veil-cli-files.c: turning command-line paths into a list of files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include "veil-cli-files.h"

static void
print_problem (VeilWalkProblem  problem,
               const GError    *error,
               gpointer         user_data)
{
  guint *n_missing = user_data;

  g_printerr ("veil: %s\n", error->message);
  if (problem == VEIL_WALK_PROBLEM_MISSING)
    (*n_missing)++;
}

GPtrArray *
veil_cli_collect_files (char       **paths,
                        const char  *skip_dir_name,
                        guint       *n_missing)
{
  VeilWalkOptions options = {
    .flags = VEIL_WALK_FILE_LINKS,
    .skip_dir_name = skip_dir_name,
    .on_problem = print_problem,
    .user_data = n_missing,
  };

  *n_missing = 0;
  return veil_walk ((const char *const *) paths, &options);
}
