/* veil-faces-dialog.c: the "Protect Faces" window (work in progress).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include "veil-faces-dialog.h"

struct _VeilFacesDialog
{
  AdwWindow  parent_instance;
  GFile     *file;
};

G_DEFINE_FINAL_TYPE (VeilFacesDialog, veil_faces_dialog, ADW_TYPE_WINDOW)

static void
veil_faces_dialog_finalize (GObject *object)
{
  VeilFacesDialog *self = VEIL_FACES_DIALOG (object);

  g_clear_object (&self->file);
  G_OBJECT_CLASS (veil_faces_dialog_parent_class)->finalize (object);
}

static void
veil_faces_dialog_class_init (VeilFacesDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = veil_faces_dialog_finalize;
}

static void
veil_faces_dialog_init (VeilFacesDialog *self)
{
}

VeilFacesDialog *
veil_faces_dialog_new (GtkWindow *parent,
                       GFile     *file)
{
  VeilFacesDialog *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VEIL_TYPE_FACES_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->file = g_object_ref (file);
  return self;
}
