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

typedef struct {
  gint64   import_id;         /* the new export, or the one it already was */
  gint64   account_id;
  gboolean already_imported;  /* the same export was imported before: nothing changed */
  guint    n_read;            /* files the platform's reader read */
  guint    n_skipped;         /* files it could not read (named in the unread list) */
} VeilExportResult;

/* Reads the export in paths into store, in one transaction: a new account,
 * or more of an account already there (rows it holds already are not
 * stored twice). The same export again changes nothing and says so in
 * result. Files that cannot be read are listed as unread with the reason
 * and counted; a damaged archive, a store failure or cancellation leaves
 * the store exactly as it was. */
gboolean veil_export_import_full (VeilStore              *store,
                                  const char * const     *paths,
                                  VeilExportProgressFunc  progress,
                                  gpointer                user_data,
                                  GCancellable           *cancellable,
                                  VeilExportResult       *result,
                                  GError                **error);

/* The same, giving only the export's id. */
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
gboolean veil_export_import_finish (GAsyncResult           *result,
                                    VeilExportResult       *out,
                                    GError                **error);

G_END_DECLS
