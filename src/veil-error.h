/* veil-error.h: one GError domain per area of the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_METADATA_ERROR (veil_metadata_error_quark ())
#define VEIL_VISION_ERROR   (veil_vision_error_quark ())
#define VEIL_STORE_ERROR    (veil_store_error_quark ())
#define VEIL_EXPORT_ERROR   (veil_export_error_quark ())
#define VEIL_NETWORK_ERROR  (veil_network_error_quark ())
#define VEIL_APPS_ERROR     (veil_apps_error_quark ())

typedef enum {
  VEIL_METADATA_ERROR_UNSUPPORTED,  /* a format Veil does not clean (yet) */
  VEIL_METADATA_ERROR_MALFORMED,    /* the file breaks its own format */
  VEIL_METADATA_ERROR_TRUNCATED,    /* the file ends too early */
  VEIL_METADATA_ERROR_RESIDUE,      /* a clean left a finding behind */
  VEIL_METADATA_ERROR_TOO_LARGE,    /* over a safety limit */
} VeilMetadataError;

typedef enum {
  VEIL_VISION_ERROR_FAILED,
  VEIL_VISION_ERROR_MODEL,
  VEIL_VISION_ERROR_UNSUPPORTED_OP,
} VeilVisionError;

typedef enum {
  VEIL_STORE_ERROR_FAILED,
  VEIL_STORE_ERROR_CORRUPT,
} VeilStoreError;

typedef enum {
  VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM,
  VEIL_EXPORT_ERROR_HTML_EXPORT,
  VEIL_EXPORT_ERROR_MALFORMED,
  VEIL_EXPORT_ERROR_TOO_LARGE,
  VEIL_EXPORT_ERROR_UNSAFE_PATH,
} VeilExportError;

typedef enum {
  VEIL_NETWORK_ERROR_FAILED,
  VEIL_NETWORK_ERROR_TOO_LARGE,
  VEIL_NETWORK_ERROR_HASH_MISMATCH,
  VEIL_NETWORK_ERROR_INVALID,
} VeilNetworkError;

typedef enum {
  VEIL_APPS_ERROR_MALFORMED,
  VEIL_APPS_ERROR_TOO_LARGE,
  VEIL_APPS_ERROR_TOO_DEEP,
  VEIL_APPS_ERROR_UNSUPPORTED,
  VEIL_APPS_ERROR_TRUNCATED,        /* the package was cut short */
} VeilAppsError;

GQuark veil_metadata_error_quark (void);
GQuark veil_vision_error_quark   (void);
GQuark veil_store_error_quark    (void);
GQuark veil_export_error_quark   (void);
GQuark veil_network_error_quark  (void);
GQuark veil_apps_error_quark     (void);

G_END_DECLS
