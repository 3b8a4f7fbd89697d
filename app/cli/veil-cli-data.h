/* veil-cli-data.h: what the commands run by veil-data share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "veil-cli.h"

G_BEGIN_DECLS

/* Prints the builder's document as indented JSON on stdout. */
void veil_cli_print_json (JsonBuilder *builder);

G_END_DECLS
