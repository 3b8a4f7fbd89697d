/* veil-faces-views.h: what the app's "Protect Faces" window needs from
 * the face engine beyond veil-cloak.h: a different method per face in one
 * picture, the protected copy's name, and finding or adding a model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "veil-types.h"
#include "veil-cloak.h"

G_BEGIN_DECLS

/* What to do with one face. */
typedef enum {
  VEIL_FACE_PLAN_LEAVE,
  VEIL_FACE_PLAN_CLOAK,
  VEIL_FACE_PLAN_BLUR,
  VEIL_FACE_PLAN_PIXELATE,
} VeilFacePlan;

/* Name of the protected copy of src_path: the same base name, PNG kept as
 * lossless PNG and every other format written as JPEG quality 95, as
 * `veil cloak` does. */
char     *veil_faces_output_name   (const char       *src_path);
/* Whether the engine decodes pictures of this format (OpenCV's readers). */
gboolean  veil_faces_can_load      (VeilFormat        format);

/* Protects `original` face by face (plans[i] for face i + 1 of `faces`, as
 * the detector listed them), writes dest_path atomically with no metadata,
 * and, when an embedder is given, checks the written file (and a JPEG q80
 * re-save of it). Blurred faces go first so that a cloak next to them is
 * computed on the pixels that are written. `options->action`, `faces` and
 * `n_faces` are ignored. The written picture, as read back, is returned in
 * out_written when not NULL. Returns one VeilFaceResult per face. */
GArray   *veil_faces_protect       (VeilEmbedder           *embedder,
                                    VeilFaceDetector       *detector,
                                    const VeilImage        *original,
                                    GArray                 *faces,
                                    const VeilFacePlan     *plans,
                                    const VeilCloakOptions *options,
                                    const char             *dest_path,
                                    VeilImage             **out_written,
                                    GError                **error);

/* The embedding model to use: the first listed model in the user's models
 * folder, else the first other .onnx file there (one the person added),
 * else the one Veil ships; NULL when there is none. */
char     *veil_faces_find_model    (void);
/* Checks that path is an embedding model Veil can run, then copies it into
 * the user's models folder (0600, atomically). Returns the new path. */
char     *veil_faces_add_model     (const char             *path,
                                    GCancellable           *cancellable,
                                    GError                **error);

G_END_DECLS
