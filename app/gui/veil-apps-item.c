/* veil-apps-item.c: one app package in the Apps list.
 *
 * A plain holder: the page runs the scans (one at a time, since a package
 * can unpack to hundreds of megabytes) and hands the results in here, on
 * the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-item"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "veil-apps-item.h"
#include "veil-error-text.h"

struct _VeilAppsItem
{
  GObject        parent_instance;

  GFile         *file;
  char          *path;
  char          *name;
  VeilAppsState  state;
  VeilAppReport *report;
  VeilAppsDb    *db;        /* the report points into it */
  char          *message;
  char          *detail;      /* the engine's technical text after an error */
  char          *label;
  char          *label_warning;  /* the label is of the other platform's store */
  GPtrArray     *mismatches;
};

G_DEFINE_FINAL_TYPE (VeilAppsItem, veil_apps_item, G_TYPE_OBJECT)

struct _VeilAppsDb
{
  VeilTrackerDb *db;
};

static void
apps_db_clear (gpointer data)
{
  VeilAppsDb *self = data;
  g_clear_pointer (&self->db, veil_tracker_db_free);
}

VeilAppsDb *
veil_apps_db_new (VeilTrackerDb *db)
{
  VeilAppsDb *self = g_atomic_rc_box_new0 (VeilAppsDb);

  self->db = db;
  return self;
}

VeilAppsDb *
veil_apps_db_ref (VeilAppsDb *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
veil_apps_db_unref (VeilAppsDb *self)
{
  g_atomic_rc_box_release_full (self, apps_db_clear);
}

VeilTrackerDb *
veil_apps_db_get (VeilAppsDb *self)
{
  return self->db;
}

enum {
  PROP_0,
  PROP_STATE,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_apps_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VeilAppsItem *self = VEIL_APPS_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_apps_item_finalize (GObject *object)
{
  VeilAppsItem *self = VEIL_APPS_ITEM (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->report, veil_app_report_free);
  g_clear_pointer (&self->db, veil_apps_db_unref);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->label_warning, g_free);
  g_clear_pointer (&self->mismatches, g_ptr_array_unref);

  G_OBJECT_CLASS (veil_apps_item_parent_class)->finalize (object);
}

static void
veil_apps_item_class_init (VeilAppsItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = veil_apps_item_get_property;
  object_class->finalize = veil_apps_item_finalize;

  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, 0, VEIL_APPS_STATE_ERROR, VEIL_APPS_STATE_WAITING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_apps_item_init (VeilAppsItem *self)
{
}

VeilAppsItem *
veil_apps_item_new (GFile *file)
{
  VeilAppsItem *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VEIL_TYPE_APPS_ITEM, NULL);
  self->file = g_object_ref (file);
  self->path = g_file_get_path (file);
  if (self->path == NULL)
    self->path = g_file_get_uri (file);
  self->name = g_filename_display_basename (self->path);
  return self;
}

GFile *
veil_apps_item_get_file (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->file;
}

const char *
veil_apps_item_get_path (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->path;
}

const char *
veil_apps_item_get_name (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->name;
}

const char *
veil_apps_item_get_title (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  if (self->report != NULL && self->report->app_name != NULL && self->report->app_name[0] != '\0')
    return self->report->app_name;
  if (self->report != NULL && self->report->package != NULL && self->report->package[0] != '\0')
    return self->report->package;
  return self->name;
}

VeilAppsState
veil_apps_item_get_state (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), VEIL_APPS_STATE_ERROR);
  return self->state;
}

const VeilAppReport *
veil_apps_item_get_report (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->report;
}

const char *
veil_apps_item_get_detail (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->detail;
}

const char *
veil_apps_item_get_message (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->message;
}

guint
veil_apps_item_get_n_trackers (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), 0);
  /* The possible ones (a server name only) are not counted. */
  return self->report != NULL ? self->report->n_found : 0;
}

static void
set_state (VeilAppsItem  *self,
           VeilAppsState  state)
{
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
veil_apps_item_set_scanning (VeilAppsItem *self)
{
  g_return_if_fail (VEIL_IS_APPS_ITEM (self));
  set_state (self, VEIL_APPS_STATE_SCANNING);
}

void
veil_apps_item_set_result (VeilAppsItem  *self,
                           VeilAppReport *report,
                           VeilAppsDb    *db,
                           const GError  *error)
{
  g_return_if_fail (VEIL_IS_APPS_ITEM (self));
  g_return_if_fail (report == NULL || db != NULL);

  g_clear_pointer (&self->report, veil_app_report_free);
  g_clear_pointer (&self->db, veil_apps_db_unref);
  if (report != NULL)
    self->db = veil_apps_db_ref (db);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  /* A new scan makes an old comparison stale. */
  veil_apps_item_set_comparison (self, NULL, NULL);
  self->report = report;
  if (report == NULL && error != NULL)
    {
      /* A sentence a person can act on first; the engine's own words,
       * which name the file the list already shows, as the detail. */
      self->message = veil_error_sentence (error, self->path);
      self->detail = veil_error_detail (error->message, self->path);
    }
  else if (report == NULL)
    self->message = g_strdup (_("Veil could not read this file."));
  set_state (self, report != NULL ? VEIL_APPS_STATE_DONE : VEIL_APPS_STATE_ERROR);
}

void
veil_apps_item_set_comparison (VeilAppsItem *self,
                               const char   *label,
                               GPtrArray    *mismatches)
{
  g_return_if_fail (VEIL_IS_APPS_ITEM (self));

  if (label == NULL && self->label == NULL)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  g_clear_pointer (&self->label_warning, g_free);
  g_clear_pointer (&self->mismatches, g_ptr_array_unref);
  if (mismatches != NULL)
    self->mismatches = g_ptr_array_ref (mismatches);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
veil_apps_item_get_label (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->label;
}

void
veil_apps_item_set_label_warning (VeilAppsItem *self,
                                  const char   *warning)
{
  g_return_if_fail (VEIL_IS_APPS_ITEM (self));

  g_free (self->label_warning);
  self->label_warning = g_strdup (warning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

const char *
veil_apps_item_get_label_warning (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->label_warning;
}

GPtrArray *
veil_apps_item_get_mismatches (VeilAppsItem *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ITEM (self), NULL);
  return self->mismatches;
}
