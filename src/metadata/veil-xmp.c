/* veil-xmp.c: XMP findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-xmp"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-xmp.h"

void
_veil_xmp_findings (const char *xml,
                    gsize       len,
                    VeilReport *report)
{
  g_autofree char *size = g_format_size (len);

  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", size,
                   _("XMP metadata: it can hold the location, names, keywords and editing history."));
}
