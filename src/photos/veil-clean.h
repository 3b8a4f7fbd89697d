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

/* A batch of cleans that become visible together.
 *
 * Each add() writes a temporary file for its destination (unnamed where the
 * file system allows, see veil-temp-file.h) and checks it by re-inspection;
 * commit() flushes them to disk (one syncfs for the batch rather than an
 * fsync per file, which is what makes a large batch fast) and only then gives
 * each its destination name. A crash or an error can leave no half-written
 * file under a destination name. */
typedef struct _VeilCleaner VeilCleaner;

VeilCleaner *veil_cleaner_new     (const VeilCleanOptions *options);
/* dest_path may equal src_path only when overwrite_original is TRUE. On
 * success, *out_report (if given) holds what the original gave away.
 * add() may be called from several threads at once; commit() and abort()
 * only when no add() is running. */
gboolean     veil_cleaner_add     (VeilCleaner            *cleaner,
                                   const char             *src_path,
                                   const char             *dest_path,
                                   gboolean                overwrite_original,
                                   VeilReport            **out_report,
                                   GError                **error);
guint        veil_cleaner_pending (VeilCleaner            *cleaner);
gboolean     veil_cleaner_commit  (VeilCleaner            *cleaner,
                                   GError                **error);
/* Deletes every temporary file not yet committed. */
void         veil_cleaner_abort   (VeilCleaner            *cleaner);
void         veil_cleaner_free    (VeilCleaner            *cleaner);

/* One file, committed at once. */
gboolean     veil_clean_file      (const char             *src_path,
                                   const char             *dest_path,
                                   gboolean                overwrite_original,
                                   const VeilCleanOptions *options,
                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilCleaner, veil_cleaner_free)

G_END_DECLS
