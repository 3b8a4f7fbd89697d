/* veil-iptc.c: Photoshop image resources and IPTC-IIM findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-iptc"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-iptc.h"

void
_veil_irb_findings (const guint8 *data,
                    gsize         len,
                    VeilReport   *report)
{
  g_autofree char *size = g_format_size (len);

  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:IRB", size,
                   _("Photoshop data: it can hold captions, names, places and a thumbnail."));
}

void
_veil_iptc_findings (const guint8 *data,
                     gsize         len,
                     VeilReport   *report)
{
  g_autofree char *size = g_format_size (len);

  veil_report_add (report, VEIL_CATEGORY_IDENTITY, "IPTC", size,
                   _("Press metadata: it can hold the photographer's name, captions and places."));
}
