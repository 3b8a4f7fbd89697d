/* veil-faces-dialog-private.h: state shared by the files that make up the
 * Protect Faces window (-dialog.c: faces, strength, protecting, results;
 * -dialog-model.c: getting a face-recognition model).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-faces-dialog.h"
#include "veil-faces-jobs.h"
#include "veil-progress.h"

G_BEGIN_DECLS

struct _VeilFacesDialog
{
  AdwWindow           parent_instance;

  char               *path;
  GSettings          *settings;
  GCancellable       *cancellable;    /* finding faces, adding a model; cancelled on close */
  VeilFacesPhoto     *photo;
  GArray             *faces;          /* VeilFace */
  GArray             *plans;          /* VeilFacePlan, one per face */
  GArray             *last_method;    /* VeilFacePlan chosen before "Leave", per face */
  GPtrArray          *face_rows;      /* AdwComboRow, one per face */
  GPtrArray          *result_rows;
  GtkWidget          *strength_checks[3];
  VeilCloakStrength   strength;
  guint               steps;
  char               *model_path;
  GtkWidget          *hold_back_check;   /* craft with the shipped model, check with model_path */
  GPtrArray          *known_models;   /* VeilKnownModel */
  char               *origin_path;    /* the model_path model_origin was worked out for */
  VeilModelOrigin     model_origin;
  const VeilKnownModel *model_listed; /* in known_models, when downloaded */
  gboolean            model_added;    /* chosen from a file in this window */
  /* the preview (-dialog-preview.c) */
  GCancellable       *preview_cancellable;  /* while one runs */
  gboolean            preview_running;
  gboolean            preview_again;   /* run again when the running one has stopped */
  gboolean            preview_wanted;  /* asked for once: redone on changes */
  guint               preview_steps;   /* 0: the engine's */
  GtkWidget          *preview_group;
  GtkWidget          *preview_spinner;
  GtkWidget          *preview_box;
  GtkWidget          *preview_before;
  GtkWidget          *preview_after;
  GtkWidget          *preview_after_label;
  GtkWidget          *preview_status;
  VeilProgress       *progress;       /* while protecting */
  VeilProgress       *fetch_progress; /* while downloading a model */
  GBinding           *bindings[3];
  GtkNativeDialog    *chooser;
  char               *output_path;
  gboolean            finding;
  gboolean            adding_model;
  gboolean            updating_rows;

  /* template children */
  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkButton          *protect_button;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  VeilFacesView      *view;
  GtkLabel           *view_hint;
  GtkRevealer        *compare_revealer;
  GtkAdjustment      *compare_adjustment;
  GtkToggleButton    *boxes_toggle;
  AdwPreferencesGroup *result_group;
  AdwActionRow       *saved_row;
  AdwPreferencesGroup *faces_group;
  AdwPreferencesGroup *model_group;
  AdwActionRow       *model_row;
  AdwActionRow       *download_row;
  AdwActionRow       *fetch_row;
  GtkProgressBar     *fetch_bar;
  AdwActionRow       *choose_row;
  AdwActionRow       *blur_all_row;
  AdwPreferencesGroup *strength_group;
  GtkLabel           *limits_label;
  GtkRevealer        *progress_revealer;
  GtkProgressBar     *progress_bar;
};

/* veil-faces-dialog.c */
void          _veil_faces_dialog_toast          (VeilFacesDialog *self,
                                                 const char      *title);
VeilFacePlan  _veil_faces_dialog_plan_at        (VeilFacesDialog *self,
                                                 guint            index);
gboolean      _veil_faces_dialog_any_plan       (VeilFacesDialog *self,
                                                 VeilFacePlan     plan);
void          _veil_faces_dialog_set_plan       (VeilFacesDialog *self,
                                                 guint            index,
                                                 VeilFacePlan     plan);
void          _veil_faces_dialog_update_actions (VeilFacesDialog *self);

/* veil-faces-dialog-model.c */
const VeilKnownModel *_veil_faces_dialog_first_known_model (VeilFacesDialog *self);
void          _veil_faces_dialog_update_model   (VeilFacesDialog *self);
void          _veil_faces_dialog_download_model (GtkWidget       *widget,
                                                 const char      *action_name,
                                                 GVariant        *parameter);
void          _veil_faces_dialog_cancel_download (GtkWidget      *widget,
                                                 const char      *action_name,
                                                 GVariant        *parameter);
void          _veil_faces_dialog_choose_model   (GtkWidget       *widget,
                                                 const char      *action_name,
                                                 GVariant        *parameter);
void          _veil_faces_dialog_blur_all       (GtkWidget       *widget,
                                                 const char      *action_name,
                                                 GVariant        *parameter);

/* veil-faces-dialog-preview.c */
void          _veil_faces_dialog_preview_init    (VeilFacesDialog *self);
void          _veil_faces_dialog_preview         (GtkWidget       *widget,
                                                  const char      *action_name,
                                                  GVariant        *parameter);
/* The strength or the models changed: a preview shown is made again. */
void          _veil_faces_dialog_preview_refresh (VeilFacesDialog *self);
void          _veil_faces_dialog_preview_cancel  (VeilFacesDialog *self);
gboolean      _veil_faces_dialog_preview_can_run (VeilFacesDialog *self);

G_END_DECLS
