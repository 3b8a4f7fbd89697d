/* veil-export.h: importing platform data exports ("Download your
 * information", Takeout, …) into the local store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-store.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_PLATFORM_UNKNOWN,
  VEIL_PLATFORM_FACEBOOK,
  VEIL_PLATFORM_INSTAGRAM,
  VEIL_PLATFORM_GOOGLE,
  VEIL_PLATFORM_TWITTER,
  VEIL_PLATFORM_TIKTOK,
  VEIL_PLATFORM_LINKEDIN,
  VEIL_PLATFORM_SNAPCHAT,
  VEIL_N_PLATFORMS
} VeilPlatform;

const char  *veil_platform_id    (VeilPlatform platform);  /* "facebook" */
const char  *veil_platform_title (VeilPlatform platform);  /* translated "Facebook" */

/* Progress: the file being read and how many of the export's files are done. */
typedef void (*VeilExportProgressFunc) (const char *file,
                                        guint       done,
                                        guint       total,
                                        gpointer    user_data);

/* Which platform the export in paths (the parts of one export: ZIPs,
 * tarballs or folders) comes from. Fails with VEIL_EXPORT_ERROR_HTML_EXPORT
 * or _UNKNOWN_PLATFORM and a message saying what to request instead. */
VeilPlatform veil_export_detect (const char * const *paths,
                                 GError            **error);

/* Reads the export in paths into store as one account, in one transaction.
 * Files that cannot be read are noted in the account and skipped; a damaged
 * archive, a store failure or cancellation leaves the store as it was. */
gboolean veil_export_import (VeilStore              *store,
                             const char * const     *paths,
                             VeilExportProgressFunc  progress,
                             gpointer                user_data,
                             GCancellable           *cancellable,
                             gint64                 *import_id,
                             GError                **error);

/* Splits command-line paths into exports: the parts of a split export
 * ("…-1.zip", "…-2.zip", "mydata~…") go together. A GPtrArray of GStrv. */
GPtrArray *veil_export_group_paths (const char * const *paths);

/* The same on a worker thread, with its own connection to the store at
 * store_path (NULL: the default store). */
void     veil_export_import_async  (const char             *store_path,
                                    const char * const     *paths,
                                    GCancellable           *cancellable,
                                    GAsyncReadyCallback     callback,
                                    gpointer                user_data);
gint64   veil_export_import_finish (GAsyncResult           *result,
                                    GError                **error);

G_END_DECLS
