/* veil-about.h: the About window, with credits for every bundled data
 * source and model and their licenses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *veil_about_window_new (GtkWindow *parent);

G_END_DECLS
