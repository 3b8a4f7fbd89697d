/* veil-faces-jobs.h: the slow parts of "Protect Faces", off the main
 * thread: finding the faces, protecting them, getting a model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "veil-core.h"
#include "veil-progress.h"
#include "veil-faces-views.h"
#include "veil-models.h"

G_BEGIN_DECLS

/* The longest side of the pictures shown in the window; the work itself is
 * always done on the full-size picture. */
#define VEIL_FACES_PREVIEW_SIZE 1600

/* A photo as the engine decoded it, and the detector that found its faces.
 * Shared (reference-counted) between the window and its jobs, which use it
 * one at a time. */
typedef struct _VeilFacesPhoto VeilFacesPhoto;

VeilFacesPhoto *veil_faces_photo_ref   (VeilFacesPhoto *photo);
void            veil_faces_photo_unref (VeilFacesPhoto *photo);
int             veil_faces_photo_get_width  (VeilFacesPhoto *photo);
int             veil_faces_photo_get_height (VeilFacesPhoto *photo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFacesPhoto, veil_faces_photo_unref)

typedef struct {
  VeilFacesPhoto *photo;
  GArray         *faces;     /* VeilFace, largest first */
  GdkTexture     *preview;
} VeilFacesFound;

void            veil_faces_found_free  (VeilFacesFound *found);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFacesFound, veil_faces_found_free)

void            veil_faces_find_async  (const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
VeilFacesFound *veil_faces_find_finish (GAsyncResult        *result,
                                        GError             **error);

typedef struct {
  char       *dest_path;
  GArray     *results;      /* VeilFaceResult, one per face */
  GdkTexture *preview;      /* the written picture, as read back */
  gboolean    checked;      /* a recognition model checked it */
} VeilFacesProtected;

void                veil_faces_protected_free (VeilFacesProtected *protected);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFacesProtected, veil_faces_protected_free)

/* plans: one per face of the photo. model_path may be NULL when no face is
 * to be cloaked. steps 0: the strength's own. Progress and cancel go
 * through progress. */
void                veil_faces_protect_async  (VeilFacesPhoto      *photo,
                                               GArray              *faces,
                                               const VeilFacePlan  *plans,
                                               VeilCloakStrength    strength,
                                               guint                steps,
                                               const char          *model_path,
                                               gboolean             hold_back,
                                               const char          *dest_path,
                                               VeilProgress        *progress,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
VeilFacesProtected *veil_faces_protect_finish (GAsyncResult        *result,
                                               GError             **error);

/* A quick look at a cloak of one face (veil_cloak_preview): the face's
 * region before and after `steps` steps (0: the preview's own) at
 * `strength`, with the models Protect would craft with. Cancel it when
 * the window closes or the strength changes. */
typedef struct {
  GdkTexture *before;
  GdkTexture *after;
  guint       steps;        /* steps run */
  double      seconds;      /* wall, models loaded included */
  double      cpu_seconds;  /* CPU of the whole process meanwhile */
} VeilFacesPreview;

void              veil_faces_preview_free   (VeilFacesPreview    *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFacesPreview, veil_faces_preview_free)
void              veil_faces_preview_async  (VeilFacesPhoto      *photo,
                                             const VeilFace      *face,
                                             VeilCloakStrength    strength,
                                             guint                steps,
                                             const char          *model_path,
                                             gboolean             hold_back,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
VeilFacesPreview *veil_faces_preview_finish (GAsyncResult        *result,
                                             GError             **error);

/* Downloads a listed model into the user's models folder; returns its path. */
void   veil_faces_fetch_model_async  (const VeilKnownModel *model,
                                      VeilProgress         *progress,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char  *veil_faces_fetch_model_finish (GAsyncResult         *result,
                                      GError              **error);

/* Checks a model file the person picked and copies it into the models
 * folder; returns the new path. */
void   veil_faces_add_model_async    (const char           *path,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char  *veil_faces_add_model_finish   (GAsyncResult         *result,
                                      GError              **error);

/* Where Protect Faces writes the copy of path, named name: where cleaned
 * copies go, the folder chosen in Preferences (settings may be NULL),
 * otherwise the "cleaned" folder beside the original (also when the Photos
 * setting is "replace originals": a changed face is never written over the
 * original, so a copy that would land on it gets "-protected" added). */
char  *veil_faces_destination        (GSettings            *settings,
                                      const char           *path,
                                      const char           *name);

G_END_DECLS
