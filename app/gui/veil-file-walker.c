/* veil-file-walker.c: turn dropped or opened files and folders into a list
 * of photos, off the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-file-walker"

#include "config.h"

#include "veil-core.h"
#include "veil-file-walker.h"

/* Limits, so a drop of "/" or a link loop cannot run away. */
#define MAX_DEPTH 32
#define MAX_FILES 100000

void
veil_found_file_free (VeilFoundFile *found)
{
  g_clear_object (&found->file);
  g_free (found->relative);
  g_free (found);
}

static void
add_found (GPtrArray  *out,
           GFile      *file,
           const char *relative)
{
  VeilFoundFile *found = g_new0 (VeilFoundFile, 1);

  found->file = g_object_ref (file);
  found->relative = g_strdup (relative);
  g_ptr_array_add (out, found);
}

static gboolean
is_cancelled (gpointer cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

static void
walk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *files = task_data;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_found_file_free);
  VeilWalkOptions options = {
    /* Named files are kept even when missing or not photos, so the list
     * can say what is wrong with each. */
    .flags = VEIL_WALK_MEDIA_ONLY | VEIL_WALK_COLLATE | VEIL_WALK_KEEP_MISSING,
    .skip_dir_name = VEIL_CLEANED_DIR,
    .max_depth = MAX_DEPTH,
    .should_stop = is_cancelled,
    .user_data = cancellable,
  };

  for (guint i = 0; i < files->len && out->len < MAX_FILES; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *path = g_file_get_path (file);
      const char *paths[] = { path, NULL };
      g_autoptr(GPtrArray) found = NULL;

      if (path == NULL)
        {
          /* Not a local file: kept, so its row can say it cannot be read. */
          g_autofree char *name = g_file_get_basename (file);
          add_found (out, file, name);
          continue;
        }
      options.max_files = MAX_FILES - out->len;
      found = veil_walk (paths, &options);
      for (guint j = 0; j < found->len; j++)
        {
          VeilWalkFile *walked = g_ptr_array_index (found, j);
          g_autoptr(GFile) child = walked->named ? g_object_ref (file) : g_file_new_for_path (walked->path);

          add_found (out, child, walked->relative);
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) g_ptr_array_unref);
}

void
veil_walk_files_async (GFile               **files,
                       guint                 n_files,
                       GCancellable         *cancellable,
                       GAsyncReadyCallback   callback,
                       gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (copy, g_object_ref (files[i]));
  g_task_set_source_tag (task, veil_walk_files_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, walk_thread);
}

GPtrArray *
veil_walk_files_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
