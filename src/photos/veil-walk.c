/* veil-walk.c: turning named files and folders into a list of files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-walk"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-format.h"
#include "veil-walk.h"

/* Deeper than any photo library: likely a loop or a drop of "/". */
#define DEFAULT_MAX_DEPTH 64
/* Enough of a file to recognise every format Veil knows. */
#define DETECT_BYTES 4096

typedef struct {
  const VeilWalkOptions *options;
  guint                  max_depth;
  GPtrArray             *out;
} Walk;

void
veil_walk_file_free (VeilWalkFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->root);
  g_free (file->relative);
  g_free (file);
}

static void
add_file (Walk       *walk,
          const char *path,
          const char *root,
          const char *relative,
          gboolean    named,
          gint64      size)
{
  VeilWalkFile *file = g_new0 (VeilWalkFile, 1);

  file->path = g_strdup (path);
  file->root = g_strdup (root);
  file->relative = g_strdup (relative);
  file->named = named;
  file->size = size;
  g_ptr_array_add (walk->out, file);
}

static gboolean
full (Walk *walk)
{
  return walk->options->max_files > 0 && walk->out->len >= walk->options->max_files;
}

static gboolean
stopped (Walk *walk)
{
  return walk->options->should_stop != NULL && walk->options->should_stop (walk->options->user_data);
}

static void
problem (Walk            *walk,
         VeilWalkProblem  kind,
         GError          *error)
{
  if (walk->options->on_problem != NULL)
    walk->options->on_problem (kind, error, walk->options->user_data);
  g_error_free (error);
}

/* Whether a file looks like something Veil knows. An unreadable file is
 * kept: whoever lists it will say why it cannot be read. */
static gboolean
looks_like_media (const char *path)
{
  guint8 head[DETECT_BYTES];
  gsize n = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

  if (fd < 0)
    return TRUE;
  while (n < sizeof head)
    {
      gssize got = read (fd, head + n, sizeof head - n);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      n += (gsize) got;
    }
  close (fd);
  return veil_format_detect (head, n) != VEIL_FORMAT_UNKNOWN;
}

static int
compare_bytes (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Names as people read them: display names (file names need not be UTF-8)
 * compared by the locale's rules. */
static int
compare_collated (gconstpointer a, gconstpointer b)
{
  g_autofree char *da = g_filename_display_name (*(const char *const *) a);
  g_autofree char *db = g_filename_display_name (*(const char *const *) b);

  return g_utf8_collate (da, db);
}

static void
walk_folder (Walk       *walk,
             const char *root,
             const char *dir_path,
             const char *relative_dir,
             guint       depth)
{
  const VeilWalkOptions *options = walk->options;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  const char *name;

  if (depth > walk->max_depth || stopped (walk))
    return;
  dir = g_dir_open (dir_path, 0, &error);
  if (dir == NULL)
    {
      problem (walk, VEIL_WALK_PROBLEM_FOLDER, error);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (options->flags & VEIL_WALK_COLLATE) ? compare_collated : compare_bytes);

  for (guint i = 0; i < names->len && !full (walk); i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, entry, NULL);
      g_autofree char *relative = relative_dir != NULL ? g_build_filename (relative_dir, entry, NULL)
                                                       : g_strdup (entry);
      GStatBuf st;

      /* lstat: symlinked folders are not followed, they can loop; a
       * symlinked file is resolved when it is opened. */
      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (options->skip_dir_name == NULL || !g_str_equal (entry, options->skip_dir_name))
            walk_folder (walk, root, path, relative, depth + 1);
          continue;
        }
      if (!S_ISREG (st.st_mode) && !(S_ISLNK (st.st_mode) && (options->flags & VEIL_WALK_FILE_LINKS)))
        continue;  /* devices, sockets, and links unless asked for */
      if ((options->flags & VEIL_WALK_MEDIA_ONLY) && !looks_like_media (path))
        continue;
      add_file (walk, path, root, relative, FALSE, st.st_size);
    }
}

GPtrArray *
veil_walk (const char *const     *paths,
           const VeilWalkOptions *options)
{
  static const VeilWalkOptions defaults;
  Walk walk = { options != NULL ? options : &defaults, 0, NULL };

  walk.max_depth = walk.options->max_depth > 0 ? walk.options->max_depth : DEFAULT_MAX_DEPTH;
  walk.out = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_walk_file_free);
  for (guint i = 0; paths != NULL && paths[i] != NULL && !full (&walk); i++)
    {
      const char *path = paths[i];

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk_folder (&walk, path, path, NULL, 0);
      else if ((walk.options->flags & VEIL_WALK_KEEP_MISSING) || g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *base = g_path_get_basename (path);
          add_file (&walk, path, NULL, base, TRUE, 0);
        }
      else
        {
          g_autofree char *display = g_filename_display_name (path);
          problem (&walk, VEIL_WALK_PROBLEM_MISSING,
                   g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no such file or folder"), display));
        }
    }
  return walk.out;
}
