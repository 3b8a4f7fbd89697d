/* veil-report.h: what a file gives away, as a list of findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-types.h"

G_BEGIN_DECLS

struct _VeilFinding {
  VeilCategory category;
  char        *key;          /* raw key for experts: "EXIF:GPSLatitude" */
  char        *value;        /* human value: "48.8584 N, 2.2945 E" */
  char        *explanation;  /* one plain sentence on what it reveals */
  /* TRUE for what the picture needs to display right (orientation, colour
   * profile): reported, but kept by a clean. */
  gboolean     kept;
};

struct _VeilReport {
  char       *path;      /* as given, for messages; may be NULL */
  VeilFormat  format;
  GPtrArray  *findings;  /* element-type VeilFinding */
};

void         veil_finding_free        (VeilFinding  *finding);

VeilReport  *veil_report_new          (const char   *path,
                                       VeilFormat    format);
void         veil_report_free         (VeilReport   *report);
VeilFinding *veil_report_add          (VeilReport   *report,
                                       VeilCategory  category,
                                       const char   *key,
                                       const char   *value,
                                       const char   *explanation_format,
                                       ...) G_GNUC_PRINTF (5, 6);
VeilFinding *veil_report_add_kept     (VeilReport   *report,
                                       VeilCategory  category,
                                       const char   *key,
                                       const char   *value,
                                       const char   *explanation);
guint        veil_report_count_removable (const VeilReport *report);
gboolean     veil_report_has_key_prefix  (const VeilReport *report,
                                          const char       *prefix);

const char  *veil_category_id         (VeilCategory  category);
const char  *veil_category_title      (VeilCategory  category);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFinding, veil_finding_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilReport, veil_report_free)

G_END_DECLS
