/* veil-cli-video.h: `veil faces` and `veil cloak` on videos.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-cli-files.h"
#include "veil-cloak.h"

G_BEGIN_DECLS

/* A video by its name, or, for a file named on the command line, by its
 * content. */
gboolean veil_cli_is_video          (const VeilCliFile *file);
/* Lists the people tracked in the video; FALSE after printing an error. */
gboolean veil_cli_video_faces       (const char        *path);
/* Writes the protected copy of a video into dest_dir (NULL: the folder
 * `protected_dir` beside it), hiding the listed people (NULL: all). */
gboolean veil_cli_video_cloak       (const char        *path,
                                     const char        *output_dir,
                                     const char        *protected_dir,
                                     VeilFaceAction     action,
                                     const guint       *people,
                                     guint              n_people);

G_END_DECLS
