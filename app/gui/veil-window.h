/* veil-window.h: the main window: one section per page of a view stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-photos-page.h"

G_BEGIN_DECLS

#define VEIL_TYPE_WINDOW (veil_window_get_type ())

G_DECLARE_FINAL_TYPE (VeilWindow, veil_window, VEIL, WINDOW, AdwApplicationWindow)

VeilWindow     *veil_window_new             (AdwApplication *application);
VeilPhotosPage *veil_window_get_photos_page (VeilWindow     *self);
/* Shows the Photos section and adds the files (photos or folders). */
void            veil_window_open_files      (VeilWindow     *self,
                                             GFile         **files,
                                             guint           n_files);

G_END_DECLS
