/* veil-trash.h: moving originals to the trash, and putting them back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Moves path to the trash with g_file_trash(). On success *trashed_path is
 * where the file now lies in a trash folder (the home trash or the trash
 * at the top of path's file system), or NULL when it cannot be found there
 * to be put back. */
gboolean veil_trash_file    (const char  *path,
                             char       **trashed_path,
                             GError     **error);
/* Puts a file veil_trash_file() trashed back at path, replacing what is
 * there now, and removes its entry from the trash. */
gboolean veil_trash_restore (const char  *trashed_path,
                             const char  *path,
                             GError     **error);

G_END_DECLS
