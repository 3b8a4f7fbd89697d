/* veil-ui-test-utils.h: helpers shared by the in-process UI tests
 * (tests/ui/test-*.c): setting up GTK and the application, running the
 * main loop until something is done, and finding widgets in a tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* FALSE, after printing a TAP plan that skips everything, when there is
 * no display to open (exit code 77 would count as an error under TAP). */
gboolean        veil_ui_test_have_display (void);
/* setlocale() and the gettext domain, bound to the build's .mo files
 * when VEIL_BUILD_LOCALEDIR is set (the UI tests' meson environment). */
void            veil_ui_test_init_locale  (void);
/* gtk_test_init(), adw_init() and a registered, non-unique Veil
 * application (owned by the caller). */
GtkApplication *veil_ui_test_init_app     (int          *argc,
                                           char       ***argv);

/* Runs the main loop until done (data) or the time has passed; returns
 * the last done (data). veil_ui_wait_for() waits up to 30 s. */
gboolean        veil_ui_wait_for          (gboolean (*done) (gpointer),
                                           gpointer     data);
gboolean        veil_ui_wait_for_seconds  (gboolean (*done) (gpointer),
                                           gpointer     data,
                                           int          seconds);
/* Waits until the files given to veil_window_open_files() or dropped on
 * a section have reached their section (the window is a VeilWindow). */
void            veil_ui_wait_routed       (gpointer     window);
/* Runs what is pending in the main context without blocking. */
void            veil_ui_drain             (void);
/* Lets queued idles (state notifications, relayout) run, then waits
 * for the widget to be drawn. */
void            veil_ui_settle            (GtkWidget   *widget);

/* Every widget of a type below root (root included), in tree order. */
GPtrArray      *veil_ui_find_all          (GtkWidget   *root,
                                           GType        type);
/* The first button below root with this label, or NULL. */
GtkWidget      *veil_ui_find_button       (GtkWidget   *root,
                                           const char  *label);
/* The first toplevel window of a type, or NULL. */
GtkWindow      *veil_ui_find_toplevel     (GType        type);

/* Drives the GtkDropTarget on widget as a drag of files would: enter
 * must reveal exactly one GtkRevealer below widget (the drop overlay)
 * and the drop must hide that one again. Returns what the drop handler did. */
gboolean        veil_ui_drop_files        (GtkWidget   *widget,
                                           GFile      **files,
                                           guint        n_files);

/* Renders widget (in a realized native) at width x height and saves it
 * as a PNG at path (the screenshot scripts). */
void            veil_ui_save_png          (GtkWidget   *widget,
                                           int          width,
                                           int          height,
                                           const char  *path);

/* Copies a file; fails the test when it cannot. */
void            veil_ui_copy_file         (const char  *from,
                                           const char  *to);

G_END_DECLS
