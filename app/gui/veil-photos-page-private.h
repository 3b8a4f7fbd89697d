/* veil-photos-page-private.h: state shared by the files that make up the
 * Photos page (-dnd.c: adding files; -clean.c: cleaning them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-photo-details.h"
#include "veil-photos-page.h"
#include "veil-drop-area.h"
#include "veil-page-util.h"
#include "veil-progress.h"

G_BEGIN_DECLS

struct _VeilPhotosPage
{
  GtkWidget          parent_instance;

  GSettings         *settings;
  GListStore        *store;          /* VeilPhotoItem */
  GtkMultiSelection *selection;
  GHashTable        *paths;          /* paths in the store, to skip duplicates */
  GHashTable        *names;          /* base name -> how many photos have it */
  GCancellable      *cancellable;    /* walks and inspections; cancelled in dispose */
  VeilProgress      *progress;       /* while cleaning, else NULL */
  GPtrArray         *cleaning;       /* VeilPhotoItems being cleaned */
  GtkNativeDialog   *chooser;
  guint              n_walking;
  guint              n_checking;
  guint              update_idle;    /* coalesces per-item state changes */
  gboolean           select_first_added;

  /* template children */
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  AdwLeaflet        *leaflet;
  GtkListView       *list_view;
  GtkWidget         *list_pane;
  GtkWidget         *details_pane;
  VeilPhotoDetails  *details;
  GtkRevealer       *back_revealer;
  GtkButton         *clean_button;
  GtkRevealer       *progress_revealer;
  GtkProgressBar    *progress_bar;
  GtkRevealer       *drop_revealer;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
};

/* veil-photos-page.c */
void _veil_photos_page_update_actions (VeilPhotosPage *self);
void _veil_photos_page_notify_busy    (VeilPhotosPage *self);

/* veil-photos-page-dnd.c */
void _veil_photos_page_setup_dnd      (VeilPhotosPage *self);
void _veil_photos_page_open           (VeilPhotosPage *self,
                                       gboolean        folders);

/* veil-photos-page-clean.c */
void _veil_photos_page_clean          (VeilPhotosPage *self);
void _veil_photos_page_cancel_clean   (VeilPhotosPage *self);
void _veil_photos_page_update_clean_button (VeilPhotosPage *self);

G_END_DECLS
