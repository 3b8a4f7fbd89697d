/* veil-models.h: the face-embedding models Veil knows, and fetching one.
 *
 * Veil ships one face-recognition model under the MIT license
 * (faceplugin_fr_feature.onnx, see data/models/README.md), so cloaking works
 * with no download. The list in data/models/known-models.json names further
 * models that may be downloaded (public address, size, SHA-256); `veil
 * models fetch` downloads one into the user's data folder, and only a file
 * with the listed hash is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char   *name;
  char   *file;      /* file name in the models folder */
  char   *url;
  gint64  size;
  char   *sha256;    /* lower-case hex */
  char   *license;
  char   *input;     /* human-readable input spec */
} VeilKnownModel;

/* Largest model we agree to download or list. */
#define VEIL_MODEL_MAX_SIZE (200 * 1024 * 1024)

typedef void (*VeilFetchProgress) (gint64   received,
                                   gint64   total,
                                   gpointer user_data);

void       veil_known_model_free      (VeilKnownModel *model);
/* path NULL: the list shipped with Veil. */
GPtrArray *veil_models_load_list      (const char     *path,
                                       GError        **error);
char      *veil_models_default_list   (void);
/* $XDG_DATA_HOME/veil/models (VEIL_MODELS_DIR overrides it, for tests). */
char      *veil_models_user_dir       (void);
/* A plain file name: no folder, not hidden, not too long. */
gboolean   veil_models_valid_file_name (const char    *name);
/* The first listed model present in the user's folder, or NULL. */
char      *veil_models_find_installed (GPtrArray      *list);
/* The model that ships with Veil, found in the source tree or the
 * installed data folder (VEIL_SHIPPED_MODEL overrides it, for tests; set to
 * "" it hides the shipped model); NULL when absent. */
char      *veil_models_shipped_path   (void);
#define VEIL_SHIPPED_MODEL_FILE "faceplugin_fr_feature.onnx"
#define VEIL_SHIPPED_MODEL_LICENSE "MIT (copyright 2021 gitguanqi; npm faceplugin-face-recognition-js 0.0.1)"
/* Every model a cloak is crafted with when the user names none: the
 * shipped one, then each listed model present in the user's folder.
 * Paths, in that order; empty when there is none. */
GPtrArray *veil_models_default_set    (GPtrArray      *list);
/* Where a model file came from, as the person should be told. */
typedef enum {
  VEIL_MODEL_ORIGIN_SHIPPED,     /* the model that comes with Veil */
  VEIL_MODEL_ORIGIN_DOWNLOADED,  /* a listed model, byte for byte the file at its author's address */
  VEIL_MODEL_ORIGIN_ADDED,       /* any other model file the person added */
} VeilModelOrigin;
/* Decides by path (the shipped one) and content: a file in the models
 * folder counts as downloaded only when its name is listed and its
 * SHA-256 is the listed one (*listed then points into list); a file that
 * cannot be read counts as added. Reads the whole file: call it once per
 * model, not per redraw. */
VeilModelOrigin veil_models_origin (GPtrArray            *list,
                                    const char           *path,
                                    const VeilKnownModel **listed);
/* Downloads to dest_dir/model->file: temporary file (VeilTempFile), size
 * cap, SHA-256 check, flushed, then named; mode 0600. Nothing is left behind
 * on failure. */
gboolean   veil_models_fetch          (const VeilKnownModel *model,
                                       const char     *dest_dir,
                                       VeilFetchProgress progress,
                                       gpointer        progress_data,
                                       GCancellable   *cancellable,
                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilKnownModel, veil_known_model_free)

G_END_DECLS
