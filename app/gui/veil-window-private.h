/* veil-window-private.h: state shared by the files that make up the main
 * window (-open.c: routing opened and dropped files to their section).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-accounts-page.h"
#include "veil-apps-page.h"
#include "veil-window.h"

G_BEGIN_DECLS

struct _VeilWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  VeilPhotosPage       *photos_page;
  VeilAccountsPage     *accounts_page;
  VeilAppsPage         *apps_page;
  GCancellable         *cancellable;  /* routing; cancelled in dispose */
  guint                 n_routing;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *stack;
  AdwViewSwitcherBar   *switcher_bar;
};

/* veil-window-open.c */
void _veil_window_open_uris_cb (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter);

G_END_DECLS
