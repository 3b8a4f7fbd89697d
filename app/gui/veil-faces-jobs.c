/* veil-faces-jobs.c: the slow parts of "Protect Faces", each a GTask run
 * in a worker thread that sees only paths, pixels and the engine. Pictures
 * for the window come back as bytes and become textures in the _finish
 * functions, on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include <glib/gi18n.h>

#include "veil-faces-jobs.h"
#include "veil-file-walker.h"   /* VEIL_CLEANED_DIR */
#include "veil-photo-item.h"
#include "veil-settings.h"

/* The detector's confidence threshold, the same as `veil faces`. */
#define DETECT_SCORE 0.7f

struct _VeilFacesPhoto
{
  VeilFaceDetector *detector;
  VeilImage        *image;
  GMutex            lock;   /* one job at a time uses the detector */
};

static void
photo_clear (gpointer data)
{
  VeilFacesPhoto *photo = data;

  g_clear_pointer (&photo->detector, veil_face_detector_free);
  g_clear_pointer (&photo->image, veil_image_free);
  g_mutex_clear (&photo->lock);
}

VeilFacesPhoto *
veil_faces_photo_ref (VeilFacesPhoto *photo)
{
  return g_atomic_rc_box_acquire (photo);
}

void
veil_faces_photo_unref (VeilFacesPhoto *photo)
{
  g_atomic_rc_box_release_full (photo, photo_clear);
}

int
veil_faces_photo_get_width (VeilFacesPhoto *photo)
{
  return photo->image->width;
}

int
veil_faces_photo_get_height (VeilFacesPhoto *photo)
{
  return photo->image->height;
}

/* A picture for the window: scaled down to VEIL_FACES_PREVIEW_SIZE. */
typedef struct {
  GBytes *bytes;
  int     width;
  int     height;
  int     stride;
} Pixels;

static gboolean
pixels_from_image (const VeilImage  *image,
                   Pixels           *out,
                   GError          **error)
{
  int longest = MAX (image->width, image->height);
  g_autoptr(VeilImage) small = NULL;
  const VeilImage *src = image;

  if (longest > VEIL_FACES_PREVIEW_SIZE)
    {
      double s = (double) VEIL_FACES_PREVIEW_SIZE / longest;
      small = veil_cv_resize (image, MAX (1, (int) (image->width * s + 0.5)),
                              MAX (1, (int) (image->height * s + 0.5)), error);
      if (small == NULL)
        return FALSE;
      src = small;
    }
  out->width = src->width;
  out->height = src->height;
  out->stride = src->stride;
  out->bytes = g_bytes_new (src->data, (gsize) src->stride * src->height);
  return TRUE;
}

static GdkTexture *
texture_from_pixels (Pixels *pixels)
{
  if (pixels->bytes == NULL)
    return NULL;
  /* OpenCV's order is BGR; GDK takes it as it is. */
  return gdk_memory_texture_new (pixels->width, pixels->height, GDK_MEMORY_B8G8R8,
                                 pixels->bytes, pixels->stride);
}

/* Returns the task with the error's message in plain words (no path). */
static void
return_plain_error (GTask        *task,
                    const GError *error,
                    const char   *path)
{
  g_autofree char *message = veil_plain_error_message (error->message, path);

  g_task_return_new_error (task, error->domain, error->code, "%s", message);
}

/* Finding faces ---------------------------------------------------------- */

typedef struct {
  char           *path;
  VeilFacesPhoto *photo;
  GArray         *faces;
  Pixels          preview;
} FindJob;

static void
find_job_free (FindJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->photo, veil_faces_photo_unref);
  g_clear_pointer (&job->faces, g_array_unref);
  g_clear_pointer (&job->preview.bytes, g_bytes_unref);
  g_free (job);
}

void
veil_faces_found_free (VeilFacesFound *found)
{
  g_clear_pointer (&found->photo, veil_faces_photo_unref);
  g_clear_pointer (&found->faces, g_array_unref);
  g_clear_object (&found->preview);
  g_free (found);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindJob *job = task_data;
  g_autofree char *detector_path = veil_cloak_default_detector_path ();
  g_autoptr(GError) error = NULL;
  VeilFacesPhoto *photo;

  if (detector_path == NULL)
    {
      g_task_return_new_error (task, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                               _("Veil’s face detector is missing from this installation."));
      return;
    }
  photo = g_atomic_rc_box_new0 (VeilFacesPhoto);
  g_mutex_init (&photo->lock);
  job->photo = photo;
  /* One OpenCV thread: the cloak's own loops use the cores. */
  veil_cv_init (1);
  if ((photo->image = veil_cv_image_load (job->path, &error)) == NULL ||
      (photo->detector = veil_face_detector_new (detector_path, DETECT_SCORE, &error)) == NULL ||
      (job->faces = veil_face_detector_detect (photo->detector, photo->image, &error)) == NULL ||
      !pixels_from_image (photo->image, &job->preview, &error))
    {
      return_plain_error (task, error, job->path);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
veil_faces_find_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FindJob *job = g_new0 (FindJob, 1);

  job->path = g_strdup (path);
  g_task_set_source_tag (task, veil_faces_find_async);
  g_task_set_task_data (task, job, (GDestroyNotify) find_job_free);
  g_task_run_in_thread (task, find_thread);
}

VeilFacesFound *
veil_faces_find_finish (GAsyncResult  *result,
                        GError       **error)
{
  FindJob *job;
  VeilFacesFound *found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  found = g_new0 (VeilFacesFound, 1);
  found->photo = g_steal_pointer (&job->photo);
  found->faces = g_steal_pointer (&job->faces);
  found->preview = texture_from_pixels (&job->preview);
  return found;
}

/* Protecting ------------------------------------------------------------ */

typedef struct {
  VeilFacesPhoto    *photo;
  GArray            *faces;
  VeilFacePlan      *plans;
  VeilCloakStrength  strength;
  guint              steps;
  char              *model_path;
  gboolean           hold_back;
  char              *dest_path;
  VeilProgress      *progress;
  guint              n_cloak;
  guint              n_other;
  /* filled by the worker */
  GArray            *results;
  Pixels             preview;
} ProtectJob;

static void
protect_job_free (ProtectJob *job)
{
  g_clear_pointer (&job->photo, veil_faces_photo_unref);
  g_clear_pointer (&job->faces, g_array_unref);
  g_free (job->plans);
  g_free (job->model_path);
  g_free (job->dest_path);
  g_clear_object (&job->progress);
  g_clear_pointer (&job->results, g_array_unref);
  g_clear_pointer (&job->preview.bytes, g_bytes_unref);
  g_free (job);
}

void
veil_faces_protected_free (VeilFacesProtected *protected)
{
  g_free (protected->dest_path);
  g_clear_pointer (&protected->results, g_array_unref);
  g_clear_object (&protected->preview);
  g_free (protected);
}

static void
on_cloak_progress (guint    face,
                   guint    n_faces,
                   guint    step,
                   guint    n_steps,
                   gpointer user_data)
{
  ProtectJob *job = user_data;
  g_autofree char *text = NULL;
  double done;

  /* Cloaking is nearly all of the time; writing and checking the rest. */
  done = n_faces > 0 && n_steps > 0 ? (face + (double) (step + 1) / n_steps) / n_faces : 0;
  if (n_faces > 1)
    /* Translators: progress while cloaking; face 2 of 3, step 40 of 100. */
    text = g_strdup_printf (_("Cloaking face %u of %u: step %u of %u"), face + 1, n_faces, step + 1, n_steps);
  else
    /* Translators: progress while cloaking one face; step 40 of 100. */
    text = g_strdup_printf (_("Cloaking the face: step %u of %u"), step + 1, n_steps);
  veil_progress_report (job->progress, 0.02 + 0.9 * done, text);
}

/* The models a cloak is made with, as the window offers them: the
 * person's model and the shipped one together (the ensemble), or, held
 * back, the shipped one alone with the person's kept for the check.
 * *first and *second own them; options point at *second. No model_path:
 * none (blur needs none). */
static gboolean
load_models (const char        *model_path,
             gboolean           hold_back,
             VeilEmbedder     **first,
             VeilEmbedder     **second,
             VeilCloakOptions  *options,
             GError           **error)
{
  g_autofree char *shipped_path = veil_models_shipped_path ();

  if (model_path == NULL)
    return TRUE;
  if ((*first = veil_embedder_new (model_path, error)) == NULL)
    return FALSE;
  if (shipped_path == NULL || g_strcmp0 (shipped_path, model_path) == 0 ||
      (*second = veil_embedder_new (shipped_path, NULL)) == NULL)
    return TRUE;
  if (hold_back)
    {
      /* swap: *second now holds the held-back model */
      VeilEmbedder *theirs = *first;
      *first = *second;
      *second = theirs;
      options->held_back = *second;
    }
  else
    {
      options->more_models = second;
      options->n_more_models = 1;
    }
  return TRUE;
}

static void
protect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProtectJob *job = task_data;
  g_autoptr(VeilEmbedder) embedder = NULL, shipped = NULL;
  g_autoptr(VeilImage) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (job->dest_path);
  VeilCloakOptions options = { 0 };

  veil_progress_report (job->progress, 0.01, job->n_cloak > 0 ? _("Loading the face-recognition model…")
                                                            : _("Protecting…"));
  if (!load_models (job->model_path, job->hold_back, &embedder, &shipped, &options, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The face-recognition model cannot be used: %s"), error->message);
      return;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Veil cannot create the folder %s: %s."), dir, g_strerror (saved));
      return;
    }
  options.strength = job->strength;
  options.steps = job->steps;
  options.cancellable = cancellable;
  options.progress = on_cloak_progress;
  options.progress_data = job;

  g_mutex_lock (&job->photo->lock);
  job->results = veil_faces_protect (embedder, job->photo->detector, job->photo->image, job->faces,
                                     job->plans, &options, job->dest_path, &written, &error);
  g_mutex_unlock (&job->photo->lock);
  if (job->results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_plain_error (task, error, job->dest_path);
      return;
    }
  veil_progress_report (job->progress, 0.98, _("Preparing the comparison…"));
  if (!pixels_from_image (written, &job->preview, &error))
    g_clear_error (&error);  /* the file is written; only the comparison is missing */
  veil_progress_report (job->progress, 1.0, NULL);
  g_task_return_boolean (task, TRUE);
}

void
veil_faces_protect_async (VeilFacesPhoto      *photo,
                          GArray              *faces,
                          const VeilFacePlan  *plans,
                          VeilCloakStrength    strength,
                          guint                steps,
                          const char          *model_path,
                          gboolean             hold_back,
                          const char          *dest_path,
                          VeilProgress        *progress,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, veil_progress_get_cancellable (progress), callback, user_data);
  ProtectJob *job = g_new0 (ProtectJob, 1);

  job->photo = veil_faces_photo_ref (photo);
  job->faces = g_array_ref (faces);
  job->plans = g_memdup2 (plans, sizeof (VeilFacePlan) * faces->len);
  job->strength = strength;
  job->steps = steps;
  job->model_path = g_strdup (model_path);
  job->hold_back = hold_back;
  job->dest_path = g_strdup (dest_path);
  job->progress = g_object_ref (progress);
  for (guint i = 0; i < faces->len; i++)
    {
      job->n_cloak += plans[i] == VEIL_FACE_PLAN_CLOAK;
      job->n_other += plans[i] != VEIL_FACE_PLAN_CLOAK && plans[i] != VEIL_FACE_PLAN_LEAVE;
    }

  g_task_set_source_tag (task, veil_faces_protect_async);
  /* The worker removes its temporary file before it returns. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) protect_job_free);
  g_task_run_in_thread (task, protect_thread);
}

VeilFacesProtected *
veil_faces_protect_finish (GAsyncResult  *result,
                           GError       **error)
{
  ProtectJob *job;
  VeilFacesProtected *protected;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  protected = g_new0 (VeilFacesProtected, 1);
  protected->dest_path = g_strdup (job->dest_path);
  protected->results = g_steal_pointer (&job->results);
  protected->preview = texture_from_pixels (&job->preview);
  protected->checked = job->model_path != NULL;
  return protected;
}

/* Models ---------------------------------------------------------------- */

typedef struct {
  VeilKnownModel *model;
  VeilProgress   *progress;
  char           *path;
} FetchJob;

static void
fetch_job_free (FetchJob *job)
{
  g_clear_pointer (&job->model, veil_known_model_free);
  g_clear_object (&job->progress);
  g_free (job->path);
  g_free (job);
}

static void
on_fetch_progress (gint64   received,
                   gint64   total,
                   gpointer user_data)
{
  FetchJob *job = user_data;
  g_autofree char *got = g_format_size (received);
  g_autofree char *all = g_format_size (total > 0 ? total : job->model->size);
  g_autofree char *text = NULL;
  gint64 size = total > 0 ? total : job->model->size;

  /* Translators: download progress, "1.2 MB of 4.0 MB". */
  text = g_strdup_printf (_("%s of %s"), got, all);
  veil_progress_report (job->progress, size > 0 ? CLAMP ((double) received / size, 0, 1) : 0, text);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchJob *job = task_data;
  g_autofree char *dir = veil_models_user_dir ();
  g_autoptr(GError) error = NULL;

  if (!veil_models_fetch (job->model, dir, on_fetch_progress, job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->path = g_build_filename (dir, job->model->file, NULL);
  g_task_return_boolean (task, TRUE);
}

static VeilKnownModel *
known_model_copy (const VeilKnownModel *m)
{
  VeilKnownModel *c = g_new0 (VeilKnownModel, 1);

  c->name = g_strdup (m->name);
  c->file = g_strdup (m->file);
  c->url = g_strdup (m->url);
  c->size = m->size;
  c->sha256 = g_strdup (m->sha256);
  c->license = g_strdup (m->license);
  c->input = g_strdup (m->input);
  return c;
}

void
veil_faces_fetch_model_async (const VeilKnownModel *model,
                              VeilProgress         *progress,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, veil_progress_get_cancellable (progress), callback, user_data);
  FetchJob *job = g_new0 (FetchJob, 1);

  job->model = known_model_copy (model);
  job->progress = g_object_ref (progress);
  g_task_set_source_tag (task, veil_faces_fetch_model_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_free);
  g_task_run_in_thread (task, fetch_thread);
}

char *
veil_faces_fetch_model_finish (GAsyncResult  *result,
                               GError       **error)
{
  FetchJob *job;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&job->path);
}

static void
add_model_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  char *path = veil_faces_add_model (task_data, cancellable, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
veil_faces_add_model_async (const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, veil_faces_add_model_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, add_model_thread);
}

char *
veil_faces_add_model_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Where the copy goes ---------------------------------------------------- */

char *
veil_faces_destination (GSettings  *settings,
                        const char *path,
                        const char *name)
{
  g_autofree char *dir = g_path_get_dirname (path);
  char *dest = NULL;

  if (settings != NULL && g_settings_get_enum (settings, "output-mode") == VEIL_OUTPUT_CHOSEN_FOLDER)
    {
      g_autofree char *folder = g_settings_get_string (settings, "output-folder");

      if (folder[0] != '\0' && g_path_is_absolute (folder))
        dest = g_build_filename (folder, name, NULL);
    }
  if (dest == NULL)
    dest = g_build_filename (dir, VEIL_CLEANED_DIR, name, NULL);
  if (g_strcmp0 (dest, path) == 0)
    {
      const char *dot = strrchr (name, '.');
      g_autofree char *stem = dot != NULL ? g_strndup (name, dot - name) : g_strdup (name);
      g_autofree char *other = g_strdup_printf ("%s-protected%s", stem, dot != NULL ? dot : "");
      g_autofree char *parent = g_path_get_dirname (dest);

      g_free (dest);
      dest = g_build_filename (parent, other, NULL);
    }
  return dest;
}

/* Preview ---------------------------------------------------------------- */

typedef struct {
  VeilFacesPhoto    *photo;
  VeilFace           face;
  VeilCloakStrength  strength;
  guint              steps;
  char              *model_path;
  gboolean           hold_back;
  /* filled by the worker */
  Pixels             before, after;
  guint              done_steps;
  double             seconds, cpu_seconds;
} PreviewJob;

static void
preview_job_free (PreviewJob *job)
{
  g_clear_pointer (&job->photo, veil_faces_photo_unref);
  g_free (job->model_path);
  g_clear_pointer (&job->before.bytes, g_bytes_unref);
  g_clear_pointer (&job->after.bytes, g_bytes_unref);
  g_free (job);
}

void
veil_faces_preview_free (VeilFacesPreview *preview)
{
  if (preview == NULL)
    return;
  g_clear_object (&preview->before);
  g_clear_object (&preview->after);
  g_free (preview);
}

static void
count_preview_step (guint face, guint n_faces, guint step, guint n_steps, gpointer user_data)
{
  PreviewJob *job = user_data;

  job->done_steps = step + 1;
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  g_autoptr(VeilEmbedder) embedder = NULL, other = NULL;
  g_autoptr(VeilImage) before = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  VeilCloakOptions options = { 0 };
  gint64 start = g_get_monotonic_time ();
  gint64 cpu;
  struct timespec ts;
  int rect[4];
  gboolean ok;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  cpu = ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
  if (!load_models (job->model_path, job->hold_back, &embedder, &other, &options, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The face-recognition model cannot be used: %s"), error->message);
      return;
    }
  /* Crafting models only, as the full cloak: the held-back one is for the check. */
  options.held_back = NULL;
  options.strength = job->strength;
  options.steps = job->steps;
  options.cancellable = cancellable;
  options.progress = count_preview_step;
  options.progress_data = job;
  g_mutex_lock (&job->photo->lock);
  ok = veil_cloak_preview (embedder, job->photo->image, &job->face, &options, &before, &after, rect, &error);
  g_mutex_unlock (&job->photo->lock);
  if (!ok || !pixels_from_image (before, &job->before, &error) || !pixels_from_image (after, &job->after, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  job->cpu_seconds = (ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000 - cpu) / 1e6;
  g_task_return_boolean (task, TRUE);
}

void
veil_faces_preview_async (VeilFacesPhoto      *photo,
                          const VeilFace      *face,
                          VeilCloakStrength    strength,
                          guint                steps,
                          const char          *model_path,
                          gboolean             hold_back,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PreviewJob *job = g_new0 (PreviewJob, 1);

  job->photo = veil_faces_photo_ref (photo);
  job->face = *face;
  job->strength = strength;
  job->steps = steps;
  job->model_path = g_strdup (model_path);
  job->hold_back = hold_back;
  g_task_set_source_tag (task, veil_faces_preview_async);
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);
}

VeilFacesPreview *
veil_faces_preview_finish (GAsyncResult  *result,
                           GError       **error)
{
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  VeilFacesPreview *preview;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  preview = g_new0 (VeilFacesPreview, 1);
  preview->before = texture_from_pixels (&job->before);
  preview->after = texture_from_pixels (&job->after);
  preview->steps = job->done_steps;
  preview->seconds = job->seconds;
  preview->cpu_seconds = job->cpu_seconds;
  return preview;
}
