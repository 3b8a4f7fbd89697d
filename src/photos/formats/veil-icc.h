/* veil-icc.h: findings from an ICC colour profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-report.h"

G_BEGIN_DECLS

/* A whole ICC profile. Adds kept findings only (colours need the profile,
 * so a default clean keeps it whole): the profile's description under key
 * "ICC:Profile", and where it says more (device maker and model, a
 * calibration date, a copyright naming a person) one kept finding each whose
 * explanation says so, so the user can choose --drop-icc. Every key starts
 * with "ICC" so that a clean with --drop-icc can check none is left. */
void _veil_icc_findings      (const guint8 *profile,
                              gsize         len,
                              VeilReport   *report);
/* The same findings under another key prefix and, with kept FALSE, as
 * removable ones: for a profile inside a block a clean drops whole, such
 * as Photoshop image resource 0x040F ("Photoshop:ICC"). */
void _veil_icc_findings_full (const guint8 *profile,
                              gsize         len,
                              const char   *key_prefix,
                              gboolean      kept,
                              VeilReport   *report);

G_END_DECLS
