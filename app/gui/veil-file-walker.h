/* veil-file-walker.h: turn dropped or opened files and folders into a list
 * of photos, off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  GFile *file;
  char  *relative;  /* path below the folder it was found in, or the base name */
} VeilFoundFile;

void       veil_found_file_free    (VeilFoundFile        *found);

/* The engine's walk (veil-walk.h) in a GTask thread. Files are kept as
 * given. Folders are walked recursively in name order, skipping hidden
 * entries, symbolic links and folders named VEIL_CLEANED_DIR; inside
 * folders, only files in a format Veil recognises are kept. Returns a
 * GPtrArray of VeilFoundFile. */
void       veil_walk_files_async   (GFile               **files,
                                    guint                 n_files,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GPtrArray *veil_walk_files_finish  (GAsyncResult         *result,
                                    GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFoundFile, veil_found_file_free)

G_END_DECLS
