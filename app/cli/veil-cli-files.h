/* veil-cli-files.h: turning command-line paths into a list of files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-walk.h"

G_BEGIN_DECLS

/* The engine's walk (veil-walk.h), as every command walks: named files kept,
 * folders walked in name order, symbolic links to files followed. */
typedef VeilWalkFile VeilCliFile;

/* Skips the folders named skip_dir_name (Veil's own output). Paths that do
 * not exist are reported on stderr and counted in *n_missing; folders that
 * cannot be read are reported. */
GPtrArray *veil_cli_collect_files (char       **paths,
                                   const char  *skip_dir_name,
                                   guint       *n_missing);

G_END_DECLS
