/* veil-window.h: the main window: one section per page of a view stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-accounts-page.h"
#include "veil-apps-page.h"
#include "veil-photos-page.h"

G_BEGIN_DECLS

#define VEIL_TYPE_WINDOW (veil_window_get_type ())

G_DECLARE_FINAL_TYPE (VeilWindow, veil_window, VEIL, WINDOW, AdwApplicationWindow)

VeilWindow     *veil_window_new             (AdwApplication *application);
VeilPhotosPage *veil_window_get_photos_page (VeilWindow     *self);
VeilAccountsPage *veil_window_get_accounts_page (VeilWindow *self);
VeilAppsPage   *veil_window_get_apps_page   (VeilWindow     *self);
/* Adds each file (or folder) to the section that handles it, decided by
 * its content off the main thread: photos and videos to Photos, app
 * packages to Apps, data exports to Accounts; files none recognises to
 * the section shown. Shows the first file's section. */
void            veil_window_open_files      (VeilWindow     *self,
                                             GFile         **files,
                                             guint           n_files);
/* TRUE while opened files are being looked at to route them. */
gboolean        veil_window_get_routing     (VeilWindow     *self);

G_END_DECLS
