/* veil-faces-dialog.h: the "Protect Faces" window for one photo: pick
 * faces, choose cloak/blur/leave and a strength, protect, compare.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VEIL_TYPE_FACES_DIALOG (veil_faces_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VeilFacesDialog, veil_faces_dialog, VEIL, FACES_DIALOG, AdwWindow)

/* A window, modal to parent, for the photo at file. */
VeilFacesDialog *veil_faces_dialog_new (GtkWindow *parent,
                                        GFile     *file);

G_END_DECLS
