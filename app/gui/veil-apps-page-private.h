/* veil-apps-page-private.h: state shared by the files that make up the
 * Apps page (-dnd.c: getting files in; -label.c: store labels; -update.c:
 * the tracker list update).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-apps-details.h"
#include "veil-apps-item.h"
#include "veil-apps-page.h"
#include "veil-drop-area.h"
#include "veil-page-util.h"
#include "veil-progress.h"

G_BEGIN_DECLS

struct _VeilAppsPage
{
  GtkWidget           parent_instance;

  GListStore         *store;          /* VeilAppsItem */
  GtkSingleSelection *selection;
  GHashTable         *paths;          /* paths in the store, to skip duplicates */
  GCancellable       *cancellable;    /* cancelled in dispose */
  GQueue              waiting;        /* VeilAppsItem, refs held */
  VeilAppsItem       *scanning;       /* the one being scanned, or NULL */
  VeilProgress       *progress;       /* while scanning, else NULL */
  VeilAppsDb         *db;             /* the tracker list in use, once opened */
  guint               batch_total;    /* files in this run of scans */
  guint               batch_done;
  guint               pulse_id;
  GtkNativeDialog    *chooser;
  GtkWindow          *label_window;
  GCancellable       *update_cancellable;  /* while updating the tracker list */
  char               *tracker_url;    /* NULL: the εxodus API */
  gboolean            labelling;      /* a label is being read and compared */

  /* template children */
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkLabel           *db_label;
  AdwLeaflet         *leaflet;
  GtkListView        *list_view;
  GtkWidget          *list_pane;
  GtkWidget          *details_pane;
  VeilAppsDetails    *details;
  GtkRevealer        *back_revealer;
  GtkRevealer        *progress_revealer;
  GtkProgressBar     *progress_bar;
  GtkRevealer        *drop_revealer;
};

/* veil-apps-page.c */
void          _veil_apps_page_update_actions (VeilAppsPage *self);
void          _veil_apps_page_notify_busy    (VeilAppsPage *self);
VeilAppsItem *_veil_apps_page_get_selected   (VeilAppsPage *self);
void          _veil_apps_page_rescan_all     (VeilAppsPage *self);
void          _veil_apps_page_update_db_label (VeilAppsPage *self);

/* veil-apps-page-dnd.c */
void          _veil_apps_page_setup_dnd      (VeilAppsPage *self);
void          _veil_apps_page_open           (VeilAppsPage *self);

/* veil-apps-page-label.c */
void          _veil_apps_page_import_label   (VeilAppsPage *self);
void          _veil_apps_page_fill_label     (VeilAppsPage *self);

/* veil-apps-page-update.c */
void          _veil_apps_page_update_trackers (VeilAppsPage *self);

G_END_DECLS
