/* veil-progress.h: how far a long job is, for a progress bar and a Cancel
 * button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VEIL_TYPE_PROGRESS (veil_progress_get_type ())

G_DECLARE_FINAL_TYPE (VeilProgress, veil_progress, VEIL, PROGRESS, GObject)

VeilProgress *veil_progress_new             (void);
double        veil_progress_get_fraction    (VeilProgress *self);
const char   *veil_progress_get_text        (VeilProgress *self);
GCancellable *veil_progress_get_cancellable (VeilProgress *self);
void          veil_progress_cancel          (VeilProgress *self);
/* Safe to call from any thread: the properties change on the main context
 * the progress was created on. */
void          veil_progress_report          (VeilProgress *self,
                                             double        fraction,
                                             const char   *text);

G_END_DECLS
