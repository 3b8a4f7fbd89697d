/* veil-apps-page.h: the Apps section: open an app file, see which
 * trackers and permissions it carries, compare with its store label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VEIL_TYPE_APPS_PAGE (veil_apps_page_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsPage, veil_apps_page, VEIL, APPS_PAGE, GtkWidget)

GtkWidget         *veil_apps_page_new              (void);
/* Adds app packages and scans them, one at a time, off the main thread:
 * the one path used by drag and drop, the open dialog and the tests. */
void               veil_apps_page_add_files        (VeilAppsPage  *self,
                                                    GFile        **files,
                                                    guint          n_files);
/* Compares the selected app with a store label file (App Store privacy
 * label or Google Play data-safety JSON): the path "Compare with Store
 * Label…" takes. */
void               veil_apps_page_compare_label    (VeilAppsPage  *self,
                                                    GFile         *label);
/* Compares the selected app with a label given as JSON text (what "Fill
 * In Label…" builds); name says where it came from. */
void               veil_apps_page_compare_label_text (VeilAppsPage *self,
                                                      const char   *json,
                                                      const char   *name);
/* The apps, as VeilAppsItems. */
GListModel        *veil_apps_page_get_model        (VeilAppsPage  *self);
GtkSelectionModel *veil_apps_page_get_selection    (VeilAppsPage  *self);
/* TRUE while apps are scanned, a label compared or the list updated. */
gboolean           veil_apps_page_get_busy         (VeilAppsPage  *self);
/* Where "Update Tracker List" downloads from; NULL: the εxodus API. For
 * tests against a server on this computer. */
void               veil_apps_page_set_tracker_url  (VeilAppsPage  *self,
                                                    const char    *url);

G_END_DECLS
