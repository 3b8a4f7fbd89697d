/* veil-xmp.h: findings from an XMP packet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* xml is the XMP packet (not NUL-terminated). Never fails: a packet that
 * does not parse is still reported as a whole. */
void _veil_xmp_findings (const char *xml,
                         gsize       len,
                         VeilReport *report);

G_END_DECLS
