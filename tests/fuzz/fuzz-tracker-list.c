/* fuzz-tracker-list.c: the εxodus tracker list as `veil trackers update`
 * receives it from the network, converted into a database file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "veil-apps.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dest;

static void
remove_dest (void)
{
  g_autofree char *dir = g_path_get_dirname (dest);

  g_unlink (dest);
  g_rmdir (dir);
  g_free (dest);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (dest == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("veil-fuzz-trackers-XXXXXX", NULL);

      g_assert_nonnull (dir);
      dest = g_build_filename (dir, "trackers.db", NULL);
      atexit (remove_dest);
    }
  /* Accepted lists are written and then opened, as the next scan would. */
  if (veil_tracker_db_import_exodus_json ((const char *) data, size, NULL, dest, NULL, NULL))
    {
      VeilTrackerDb *db = veil_tracker_db_open (dest, NULL);

      g_assert_nonnull (db);
      veil_tracker_db_free (db);
    }
  return 0;
}
