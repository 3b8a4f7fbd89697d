/* veil-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-error"

#include "veil-error.h"

G_DEFINE_QUARK (veil-metadata-error-quark, veil_metadata_error)
G_DEFINE_QUARK (veil-vision-error-quark, veil_vision_error)
G_DEFINE_QUARK (veil-store-error-quark, veil_store_error)
G_DEFINE_QUARK (veil-export-error-quark, veil_export_error)
G_DEFINE_QUARK (veil-network-error-quark, veil_network_error)
G_DEFINE_QUARK (veil-apps-error-quark, veil_apps_error)
