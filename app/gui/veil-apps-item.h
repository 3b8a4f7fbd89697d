/* veil-apps-item.h: one app package in the Apps list: its scan result and
 * how its store label compares.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-apps.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_APPS_STATE_WAITING,   /* queued behind another scan */
  VEIL_APPS_STATE_SCANNING,
  VEIL_APPS_STATE_DONE,
  VEIL_APPS_STATE_ERROR,
} VeilAppsState;

/* A tracker database shared by reference count: a report points into the
 * database it was made with, so the item keeps that one alive even after
 * the list was updated. Thread-safe references. */
typedef struct _VeilAppsDb VeilAppsDb;

VeilAppsDb    *veil_apps_db_new   (VeilTrackerDb *db);  /* takes db */
VeilAppsDb    *veil_apps_db_ref   (VeilAppsDb    *self);
void           veil_apps_db_unref (VeilAppsDb    *self);
VeilTrackerDb *veil_apps_db_get   (VeilAppsDb    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilAppsDb, veil_apps_db_unref)

#define VEIL_TYPE_APPS_ITEM (veil_apps_item_get_type ())

G_DECLARE_FINAL_TYPE (VeilAppsItem, veil_apps_item, VEIL, APPS_ITEM, GObject)

VeilAppsItem        *veil_apps_item_new            (GFile        *file);
GFile               *veil_apps_item_get_file       (VeilAppsItem *self);
const char          *veil_apps_item_get_path       (VeilAppsItem *self);
/* The file name, for display. */
const char          *veil_apps_item_get_name       (VeilAppsItem *self);
/* The app's name, else its package name, else the file name. */
const char          *veil_apps_item_get_title      (VeilAppsItem *self);
VeilAppsState        veil_apps_item_get_state      (VeilAppsItem *self);
/* The scan, once state is DONE. */
const VeilAppReport *veil_apps_item_get_report     (VeilAppsItem *self);
/* Why the scan failed, in plain words (state ERROR). */
const char          *veil_apps_item_get_message    (VeilAppsItem *self);
/* The engine's technical text behind an error message, or NULL. */
const char          *veil_apps_item_get_detail     (VeilAppsItem *self);
guint                veil_apps_item_get_n_trackers (VeilAppsItem *self);

void                 veil_apps_item_set_scanning   (VeilAppsItem *self);
/* Takes the report (made with db); with report NULL, error says why. */
void                 veil_apps_item_set_result     (VeilAppsItem  *self,
                                                    VeilAppReport *report,
                                                    VeilAppsDb    *db,
                                                    const GError  *error);

/* Store label comparison: the label's name ("App Store label", file name
 * or "Filled in by hand") and the mismatches (plain sentences); NULL
 * mismatches and label clear it. notify::label tells. */
void                 veil_apps_item_set_comparison (VeilAppsItem *self,
                                                    const char   *label,
                                                    GPtrArray    *mismatches);
const char          *veil_apps_item_get_label      (VeilAppsItem *self);
GPtrArray           *veil_apps_item_get_mismatches (VeilAppsItem *self);
/* After set_comparison: a warning that the label is of the other
 * platform's store (veil_disclosure_platform_warning), or NULL. */
void                 veil_apps_item_set_label_warning (VeilAppsItem *self,
                                                       const char   *warning);
const char          *veil_apps_item_get_label_warning (VeilAppsItem *self);

G_END_DECLS
