/* veil-iptc.h: findings from Photoshop image resources and IPTC-IIM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* Photoshop image resource blocks ("8BIM" records), as found after
 * "Photoshop 3.0\0" in JPEG APP13 and in TIFF tag 34377. IPTC inside
 * (resource 0x0404) is reported through _veil_iptc_findings. */
void _veil_irb_findings  (const guint8 *data,
                          gsize         len,
                          VeilReport   *report);
/* IPTC-IIM records (0x1C tag marker, record, dataset, size, value). */
void _veil_iptc_findings (const guint8 *data,
                          gsize         len,
                          VeilReport   *report);

G_END_DECLS
