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
#define DETECT_BYTES 4096

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

/* Whether a file inside a folder looks like something Veil knows; folders
 * of photos often hold sidecar files and notes that are no business of ours. */
static gboolean
looks_like_media (GFile        *file,
                  GCancellable *cancellable)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, cancellable, NULL);
  guint8 head[DETECT_BYTES];
  gsize n = 0;

  if (stream == NULL)
    return TRUE;  /* unreadable: keep it, the row will say why */
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, cancellable, NULL))
    return TRUE;
  return veil_format_detect (head, n) != VEIL_FORMAT_UNKNOWN;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  GFileInfo *ia = *(GFileInfo **) a;
  GFileInfo *ib = *(GFileInfo **) b;

  return g_utf8_collate (g_file_info_get_display_name (ia), g_file_info_get_display_name (ib));
}

static void
walk_folder (GFile        *root,
             GFile        *folder,
             guint         depth,
             GPtrArray    *out,
             GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  if (depth > MAX_DEPTH || g_cancellable_is_cancelled (cancellable))
    return;
  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                          cancellable, NULL);
  if (enumerator == NULL)
    return;
  while ((info = g_file_enumerator_next_file (enumerator, cancellable, NULL)) != NULL)
    g_ptr_array_add (infos, info);
  g_ptr_array_sort (infos, compare_names);

  for (guint i = 0; i < infos->len && out->len < MAX_FILES; i++)
    {
      GFileInfo *child_info = g_ptr_array_index (infos, i);
      const char *name = g_file_info_get_name (child_info);
      g_autoptr(GFile) child = g_file_get_child (folder, name);

      if (g_file_info_get_is_hidden (child_info) || name[0] == '.')
        continue;
      switch (g_file_info_get_file_type (child_info))
        {
        case G_FILE_TYPE_DIRECTORY:
          if (g_strcmp0 (name, VEIL_CLEANED_DIR) != 0)
            walk_folder (root, child, depth + 1, out, cancellable);
          break;
        case G_FILE_TYPE_REGULAR:
          if (looks_like_media (child, cancellable))
            {
              g_autofree char *relative = g_file_get_relative_path (root, child);
              add_found (out, child, relative);
            }
          break;
        default:
          break;  /* links, devices, sockets */
        }
    }
}

static void
walk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GPtrArray *files = task_data;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_found_file_free);

  for (guint i = 0; i < files->len && out->len < MAX_FILES; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);

      if (type == G_FILE_TYPE_DIRECTORY)
        walk_folder (file, file, 0, out, cancellable);
      else
        {
          /* Named files are kept even when missing or not photos, so the
           * list can say what is wrong with each. */
          g_autofree char *name = g_file_get_basename (file);
          add_found (out, file, name);
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
