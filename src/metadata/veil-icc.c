/* veil-icc.c: ICC colour profile findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-icc"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-icc.h"

void
_veil_icc_findings (const guint8 *profile,
                    gsize         len,
                    VeilReport   *report)
{
  g_autofree char *size = g_format_size (len);

  veil_report_add_kept (report, VEIL_CATEGORY_OTHER, "ICC:Profile", size,
                        _("A colour profile so colours show right; kept unless you ask to drop it."));
}
