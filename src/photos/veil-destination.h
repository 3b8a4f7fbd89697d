/* veil-destination.h: where a cleaned file goes, and making room for it.
 *
 * One policy for the command line and the app: a "cleaned" folder beside
 * each original (the default), a folder the user names (mirroring the
 * layout below the folder each photo was found in), or the original itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Veil's own output folder: folder walks skip it, so cleaned copies are
 * never offered for cleaning again. */
#define VEIL_CLEANED_DIR "cleaned"

typedef enum {
  VEIL_DESTINATION_CLEANED_FOLDER,  /* DIR/cleaned/NAME beside the original */
  VEIL_DESTINATION_OUTPUT_DIR,      /* OUTPUT_DIR/RELATIVE */
  VEIL_DESTINATION_IN_PLACE,        /* the original itself */
} VeilDestinationMode;

/* Where the cleaned copy of src_path goes. relative is the path below the
 * folder src_path was found in (NULL: its base name); output_dir is used
 * only by VEIL_DESTINATION_OUTPUT_DIR. In place, a symbolic link gives the
 * file it points to: the link stays, the photo it names is cleaned. */
char     *veil_destination_for       (const char          *src_path,
                                      const char          *relative,
                                      VeilDestinationMode  mode,
                                      const char          *output_dir);

/* The file path names once symbolic links are followed, or a copy of path
 * when it is not a link (or a broken one: the clean then says why). */
char     *veil_destination_resolve   (const char          *path);

/* Creates the folders destinations go into, once per folder for a batch,
 * and removes what an interrupted earlier run left in them (see
 * veil_temp_file_remove_leftovers()). A folder that cannot be created gives
 * every file bound for it the same, true, reason. */
typedef struct _VeilDestinationFolders VeilDestinationFolders;

VeilDestinationFolders *veil_destination_folders_new     (void);
/* Ready dest's folder. Paths of leftovers removed from it are appended to
 * removed (if not NULL), so the caller can say so. */
gboolean                veil_destination_folders_prepare (VeilDestinationFolders *folders,
                                                          const char             *dest,
                                                          GPtrArray              *removed,
                                                          GError                **error);
void                    veil_destination_folders_free    (VeilDestinationFolders *folders);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilDestinationFolders, veil_destination_folders_free)

/* A copy whose faces were protected (cloaked, blurred) is marked, so that a
 * later clean of the same original never writes the unprotected face over
 * it: the clean refuses that destination instead. */
void      veil_destination_mark_protected (int         fd);
/* The protected copy standing where dest would go (dest itself, or the
 * JPEG or PNG of the same name a cloak writes), or NULL. */
char     *veil_destination_find_protected (const char *dest);

G_END_DECLS
