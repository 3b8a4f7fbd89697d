/* veil-walk.h: turning the files and folders a user names into a list of
 * files, for the command line and the app alike.
 *
 * Synchronous and GLib-only: the command line calls it directly, the app
 * from a GTask thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char     *path;      /* the file to read */
  char     *root;      /* the folder argument it was found under, or NULL */
  char     *relative;  /* path below root (or the base name) */
  gboolean  named;     /* named by the user rather than found in a folder */
  gint64    size;      /* as the walk saw it, 0 when not known: a hint */
} VeilWalkFile;

typedef enum {
  VEIL_WALK_DEFAULT          = 0,
  /* Keep symbolic links to files found in folders (links to folders are
   * never followed: they can loop). */
  VEIL_WALK_FILE_LINKS       = 1 << 0,
  /* Inside folders, keep only files whose first bytes are a format Veil
   * recognises: photo folders hold sidecars and notes too. */
  VEIL_WALK_MEDIA_ONLY       = 1 << 1,
  /* Sort names as people read them (g_utf8_collate) rather than by bytes. */
  VEIL_WALK_COLLATE          = 1 << 2,
  /* Keep named paths that do not exist, so a list can say what is wrong
   * with each, rather than reporting them. */
  VEIL_WALK_KEEP_MISSING     = 1 << 3,
} VeilWalkFlags;

typedef enum {
  VEIL_WALK_PROBLEM_MISSING,  /* a named path does not exist */
  VEIL_WALK_PROBLEM_FOLDER,   /* a folder could not be read */
} VeilWalkProblem;

typedef void     (*VeilWalkProblemFunc) (VeilWalkProblem  problem,
                                         const GError    *error,
                                         gpointer         user_data);
typedef gboolean (*VeilWalkStopFunc)    (gpointer         user_data);

typedef struct {
  VeilWalkFlags        flags;
  /* Folders with this name are not walked into (VEIL_CLEANED_DIR: Veil's
   * own output); NULL walks all. */
  const char          *skip_dir_name;
  guint                max_depth;   /* 0: 64 */
  guint                max_files;   /* 0: no limit */
  VeilWalkProblemFunc  on_problem;  /* NULL: problems are ignored */
  VeilWalkStopFunc     should_stop; /* NULL: never stops early */
  gpointer             user_data;
} VeilWalkOptions;

void       veil_walk_file_free (VeilWalkFile          *file);
/* Named files are kept as given; folders are walked recursively in name
 * order, skipping hidden entries (dot-files) and skip_dir_name. Returns a
 * GPtrArray of VeilWalkFile, in the order of the paths. */
GPtrArray *veil_walk           (const char *const     *paths,
                                const VeilWalkOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilWalkFile, veil_walk_file_free)

G_END_DECLS
