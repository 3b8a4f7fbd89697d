/* veil-models.h: the face-embedding models Veil knows, and fetching one.
 *
 * Veil ships no face-recognition model (the one it is built for carries no
 * license). The list in data/models/known-models.json names each model's
 * public address, size and SHA-256; `veil models fetch` downloads it into
 * the user's data folder, and only a file with the listed hash is kept.
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
