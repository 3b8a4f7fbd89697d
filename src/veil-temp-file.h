/* veil-temp-file.h: an output file that takes its name only when complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

/* Where it can, the file is created unnamed in the destination's folder
 * (O_TMPFILE): nothing shows in the folder while it is written, and a crash
 * or a kill at any moment leaves nothing behind, not even a hidden temporary
 * name. Such a file keeps a descriptor open until it is committed, so a
 * caller holding many at once passes unnamed = FALSE past a limit; the file
 * is then a hidden ".NAME.veil-XXXXXX" beside the destination, renamed at
 * commit. Folders whose file system has no unnamed files get the same.
 *
 * Replacing an existing file (commit() over a destination that exists)
 * needs a name for the new file for a moment: linkat() cannot replace. A
 * kill in that moment leaves the hidden name; the next run that writes
 * into the folder removes it (veil_temp_file_remove_leftovers()). */
typedef struct _VeilTempFile VeilTempFile;

VeilTempFile *veil_temp_file_new     (const char    *dest_path,
                                      mode_t         mode,
                                      gboolean       unnamed,
                                      GError       **error);
/* For writing; valid until veil_temp_file_release_fd(). */
int           veil_temp_file_fd      (VeilTempFile  *self);
gboolean      veil_temp_file_is_unnamed (VeilTempFile *self);
/* Closes a named file's descriptor once it is written (it is opened again
 * to flush it); an unnamed file keeps its own. */
void          veil_temp_file_release_fd (VeilTempFile *self);
const char   *veil_temp_file_dest    (VeilTempFile  *self);
/* The file system it is on, for one syncfs per file system. */
gboolean      veil_temp_file_get_dev (VeilTempFile  *self,
                                      dev_t         *dev,
                                      GError       **error);
/* fsync(), or syncfs() of its whole file system when whole_fs is TRUE.
 * Veil's cleaning passes FALSE: syncfs waits for every other program's
 * writes too (see veil-clean.h). */
gboolean      veil_temp_file_flush   (VeilTempFile  *self,
                                      gboolean       whole_fs,
                                      GError       **error);
/* Gives the file the original's owner, group and mode, exactly (the mode
 * is not filtered by the umask): for a file that replaces an original. */
gboolean      veil_temp_file_set_owner_mode (VeilTempFile *self,
                                             uid_t         uid,
                                             gid_t         gid,
                                             mode_t        mode,
                                             GError      **error);
/* Gives the file its destination name only if nothing has that name yet;
 * G_FILE_ERROR_EXIST otherwise, and the file stays uncommitted. */
gboolean      veil_temp_file_commit_new (VeilTempFile *self,
                                         GError      **error);
/* Gives the (flushed) file its destination name, replacing what is there. */
gboolean      veil_temp_file_commit  (VeilTempFile  *self,
                                      GError       **error);
/* Removes the hidden temporary files a killed run left in dir_path: only
 * names of the pattern above, only regular files, and only those no
 * running Veil holds. Appends the paths removed to removed (if not NULL). */
void          veil_temp_file_remove_leftovers (const char *dir_path,
                                               GPtrArray  *removed);
/* Discards the file unless committed. */
void          veil_temp_file_free    (VeilTempFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTempFile, veil_temp_file_free)

G_END_DECLS
