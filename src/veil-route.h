/* veil-route.h: which of Veil's sections handles a file, decided by its
 * content (never its name), so that a file opened with Veil or dropped
 * anywhere in the window lands where it can be used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  VEIL_ROUTE_UNKNOWN,   /* no section recognises it: the caller decides */
  VEIL_ROUTE_PHOTOS,    /* a photo or video, or a folder of them */
  VEIL_ROUTE_APPS,      /* an Android or iOS app package */
  VEIL_ROUTE_ACCOUNTS,  /* a platform's data export (archive or folder) */
} VeilRoute;

/* Reads the first bytes of a file (and, for an archive, the names of its
 * entries; for a folder, the names of its files). Never fails: a file that
 * cannot be read is VEIL_ROUTE_UNKNOWN, and the section it is given to
 * reports why. */
VeilRoute veil_route_for_path (const char   *path,
                               GCancellable *cancellable);

G_END_DECLS
