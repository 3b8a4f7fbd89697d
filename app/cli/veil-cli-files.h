/* veil-cli-files.h: turning command-line paths into a list of files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *path;      /* the file to read */
  char *root;      /* the folder argument it was found under, or NULL */
  char *relative;  /* path below root (or the base name) */
  gboolean named;  /* given on the command line itself */
  gint64   size;   /* as the folder walk saw it, 0 when not known: a hint */
} VeilCliFile;

void       veil_cli_file_free     (VeilCliFile *file);
/* Walks folders recursively in name order, skipping hidden entries and the
 * folders named in skip_dir_name (Veil's own output). Paths that do not exist
 * are reported on stderr and counted in *n_missing. */
GPtrArray *veil_cli_collect_files (char       **paths,
                                   const char  *skip_dir_name,
                                   guint       *n_missing);

G_END_DECLS
