/* veil-application.h: the app: actions, accelerators and windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VEIL_TYPE_APPLICATION (veil_application_get_type ())

G_DECLARE_FINAL_TYPE (VeilApplication, veil_application, VEIL, APPLICATION, AdwApplication)

VeilApplication *veil_application_new (void);

/* Startup profiling (VEIL_PROFILE_STARTUP): when main() began, in
 * g_get_monotonic_time() microseconds. */
void    veil_application_mark_main     (void);
gint64  veil_application_get_main_time (void);

G_END_DECLS
