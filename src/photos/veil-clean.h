/* veil-clean.h: remove what a file gives away, losslessly and safely.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-types.h"
#include "veil-report.h"

G_BEGIN_DECLS

/* Cleans a whole file held in memory and re-inspects the result. Returns the
 * cleaned file, or NULL with an error (never a half-cleaned result). */
GBytes     *veil_clean_data (const guint8           *data,
                             gsize                   len,
                             const char             *name,
                             const VeilCleanOptions *options,
                             GError                **error);

/* Cleaning files on disk.
 *
 * prepare() cleans a file into an unnamed temporary file beside its
 * destination (see veil-temp-file.h) and checks it by reading it back:
 * nothing is visible yet. commit() gives it its name. A crash or a kill at
 * any moment leaves no half-written file under any name.
 *
 * Durability: a copy to a new name is not flushed to disk (as cp does): the
 * original is untouched, so a power cut can lose only a copy that can be
 * made again; flush_copies asks for it anyway. Whatever replaces a file
 * (the original in place, an existing output) is flushed before the file
 * it replaces is gone, every time, by commit() (prepare() starts its
 * writing, so a commit on another thread finds little left to wait for).
 * Only the files Veil writes are flushed, never the whole file system, so
 * Veil's time does not depend on what else the machine is writing.
 *
 * In place, the replaced original keeps its owner, group and mode exactly;
 * a symbolic link stays and the file it names is cleaned; extended
 * attributes are not carried over (they can hold the address a file was
 * downloaded from). */
typedef struct _VeilCleaner     VeilCleaner;
typedef struct _VeilCleanedFile VeilCleanedFile;

VeilCleaner     *veil_cleaner_new      (const VeilCleanOptions *options);
void             veil_cleaner_free     (VeilCleaner            *cleaner);

/* dest_path may equal src_path only when overwrite_original is TRUE. A
 * cleaner refuses a second file for a destination it gave out. May be
 * called from several threads at once. With want_report, the cleaned file
 * holds what the original gave away. Every VeilCleanedFile is freed before
 * its cleaner. */
VeilCleanedFile *veil_cleaner_prepare  (VeilCleaner            *cleaner,
                                        const char             *src_path,
                                        const char             *dest_path,
                                        gboolean                overwrite_original,
                                        gboolean                want_report,
                                        GError                **error);
/* Where it goes: dest_path, or in place the file a symbolic link names. */
const char      *veil_cleaned_file_get_dest        (VeilCleanedFile *cleaned);
VeilReport      *veil_cleaned_file_steal_report    (VeilCleanedFile *cleaned);
/* In place: how many other hard links to the original keep its bytes. */
guint            veil_cleaned_file_get_other_links (VeilCleanedFile *cleaned);
/* Whether commit() will flush it first: it replaces a file, or copies are
 * flushed. A caller may then commit on a thread that can afford to wait. */
gboolean         veil_cleaned_file_will_flush      (VeilCleanedFile *cleaned);
/* Flushes it to disk now (commit() does when it must): for a caller that
 * moves the original away itself before committing. */
gboolean         veil_cleaned_file_flush           (VeilCleanedFile *cleaned,
                                                    GError         **error);
gboolean         veil_cleaned_file_commit          (VeilCleanedFile *cleaned,
                                                    GError         **error);
/* Deletes the temporary file unless committed. */
void             veil_cleaned_file_free            (VeilCleanedFile *cleaned);

/* One file, prepared and committed. */
gboolean     veil_clean_file      (const char             *src_path,
                                   const char             *dest_path,
                                   gboolean                overwrite_original,
                                   const VeilCleanOptions *options,
                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilCleaner, veil_cleaner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilCleanedFile, veil_cleaned_file_free)

G_END_DECLS
