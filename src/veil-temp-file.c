/* veil-temp-file.c: an output file that takes its name only when complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-temp-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-temp-file.h"

struct _VeilTempFile {
  char *dest_path;
  char *tmp_path;   /* a named file; NULL for an unnamed one */
  int   fd;         /* -1 once a named file's is released */
};

static gboolean
set_errno_error (GError    **error,
                 int         saved,
                 const char *format,
                 const char *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), format, path, g_strerror (saved));
  return FALSE;
}

/* Linking an unnamed file in falls back to /proc/self/fd where the kernel
 * refuses the direct way (see link_fd), so without /proc there are none. */
static gboolean
can_link_unnamed (void)
{
  static gsize checked = 0;
  static gboolean ok;

  if (g_once_init_enter (&checked))
    {
      ok = g_access ("/proc/self/fd", X_OK) == 0;
      g_once_init_leave (&checked, 1);
    }
  return ok;
}

static int
open_unnamed (const char *dir, mode_t mode)
{
#ifdef O_TMPFILE
  if (can_link_unnamed ())
    {
      int fd = open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, mode);
      /* Not every file system has them (EOPNOTSUPP); a kernel older than
       * 3.11 reads the flag as O_DIRECTORY (EISDIR). Any other error is
       * the folder's and a named file would meet it too. */
      if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    }
#endif
  errno = EOPNOTSUPP;
  return -1;
}

VeilTempFile *
veil_temp_file_new (const char  *dest_path,
                    mode_t       mode,
                    gboolean     unnamed,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *tmp_path = NULL;
  VeilTempFile *self;
  int fd = -1;

  mode &= 0777;
  if (unnamed)
    fd = open_unnamed (dir, mode);
  if (fd < 0 && (!unnamed || errno == EOPNOTSUPP))
    {
      g_autofree char *base = g_path_get_basename (dest_path);

      tmp_path = g_strdup_printf ("%s/.%s.veil-XXXXXX", dir, base);
      fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, (int) mode);
    }
  if (fd < 0)
    {
      set_errno_error (error, errno, _("cannot write to %s: %s"), dir);
      return NULL;
    }
  /* Held while the file is ours: a later run finding the file under a
   * hidden name takes it for a leftover only when it can take this lock,
   * that is when no running Veil holds it (see remove_leftovers). */
  flock (fd, LOCK_EX | LOCK_NB);
  self = g_new0 (VeilTempFile, 1);
  self->dest_path = g_strdup (dest_path);
  self->tmp_path = g_steal_pointer (&tmp_path);
  self->fd = fd;
  return self;
}

int
veil_temp_file_fd (VeilTempFile *self)
{
  return self->fd;
}

gboolean
veil_temp_file_is_unnamed (VeilTempFile *self)
{
  return self->tmp_path == NULL;
}

void
veil_temp_file_release_fd (VeilTempFile *self)
{
  if (self->tmp_path != NULL && self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

const char *
veil_temp_file_dest (VeilTempFile *self)
{
  return self->dest_path;
}

/* The file's descriptor, opening a released named file again. */
static int
borrow_fd (VeilTempFile *self, GError **error)
{
  int fd;

  if (self->fd >= 0)
    return self->fd;
  fd = g_open (self->tmp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    set_errno_error (error, errno, _("%s: the temporary file vanished: %s"), self->dest_path);
  return fd;
}

static void
return_fd (VeilTempFile *self, int fd)
{
  if (fd != self->fd)
    close (fd);
}

gboolean
veil_temp_file_get_dev (VeilTempFile  *self,
                        dev_t         *dev,
                        GError       **error)
{
  struct stat st;
  int rc;

  rc = self->fd >= 0 ? fstat (self->fd, &st) : stat (self->tmp_path, &st);
  if (rc != 0)
    return set_errno_error (error, errno, _("%s: the temporary file vanished: %s"), self->dest_path);
  *dev = st.st_dev;
  return TRUE;
}

gboolean
veil_temp_file_flush (VeilTempFile  *self,
                      gboolean       whole_fs,
                      GError       **error)
{
  int fd = borrow_fd (self, error);
  int rc, saved;

  if (fd < 0)
    return FALSE;
  rc = whole_fs ? syncfs (fd) : fsync (fd);
  if (rc != 0 && whole_fs)
    rc = fsync (fd);
  saved = errno;
  return_fd (self, fd);
  if (rc != 0)
    return set_errno_error (error, saved, _("%s: could not flush to disk: %s"), self->dest_path);
  return TRUE;
}

/* Gives the unnamed file open as fd a name. linkat(AT_EMPTY_PATH) links it
 * directly, about half the cost of the walk through /proc (which shows in a
 * batch: all links happen one after the other at commit); Linux allows it
 * to the file's opener since 6.10, and to anyone with CAP_DAC_READ_SEARCH.
 * Where it fails, /proc/self/fd is used from then on. */
static int
link_fd (int fd, const char *path)
{
  static gint empty_path_refused = -1;
  char proc_path[64];

  /* Tests take the /proc way too, which root would otherwise never use. */
  if (g_atomic_int_get (&empty_path_refused) < 0)
    g_atomic_int_set (&empty_path_refused, g_getenv ("VEIL_TEST_LINK_VIA_PROC") != NULL);
  if (!g_atomic_int_get (&empty_path_refused))
    {
      if (linkat (fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0)
        return 0;
      if (errno != ENOENT && errno != EPERM && errno != EINVAL)
        return -1;
      g_atomic_int_set (&empty_path_refused, 1);
    }
  g_snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  return linkat (AT_FDCWD, proc_path, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

/* Links an unnamed file in. linkat() never replaces: when the destination
 * exists (an original cleaned in place, a second clean into one folder)
 * the file is linked under a hidden name and renamed over it. */
static gboolean
link_unnamed (VeilTempFile *self, GError **error)
{
  g_autofree char *dir = NULL, *base = NULL, *hidden = NULL;

  if (link_fd (self->fd, self->dest_path) == 0)
    return TRUE;
  if (errno != EEXIST)
    return set_errno_error (error, errno, _("%s: cannot save: %s"), self->dest_path);

  dir = g_path_get_dirname (self->dest_path);
  base = g_path_get_basename (self->dest_path);
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_free (hidden);
      hidden = g_strdup_printf ("%s/.%s.veil-%08x", dir, base, g_random_int ());
      if (link_fd (self->fd, hidden) == 0)
        {
          if (g_rename (hidden, self->dest_path) == 0)
            return TRUE;
          set_errno_error (error, errno, _("%s: cannot save: %s"), self->dest_path);
          g_unlink (hidden);
          return FALSE;
        }
      if (errno != EEXIST)
        break;
    }
  return set_errno_error (error, errno, _("%s: cannot save: %s"), self->dest_path);
}

gboolean
veil_temp_file_commit (VeilTempFile  *self,
                       GError       **error)
{
  gboolean ok;

  if (self->tmp_path == NULL)
    ok = link_unnamed (self, error);
  else if (g_rename (self->tmp_path, self->dest_path) == 0)
    ok = TRUE;
  else
    ok = set_errno_error (error, errno, _("%s: cannot save: %s"), self->dest_path);
  if (ok)
    g_clear_pointer (&self->tmp_path, g_free);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  return ok;
}

gboolean
veil_temp_file_set_owner_mode (VeilTempFile  *self,
                               uid_t          uid,
                               gid_t          gid,
                               mode_t         mode,
                               GError       **error)
{
  int fd = borrow_fd (self, error);
  struct stat st;
  int rc = 0, saved = 0;

  if (fd < 0)
    return FALSE;
  /* The owner first: changing it clears set-user-ID bits, which the mode
   * then puts back. fchmod() sets the mode exactly, unlike open(). */
  if (fstat (fd, &st) != 0)
    rc = -1;
  else if ((st.st_uid != uid || st.st_gid != gid) && fchown (fd, uid, gid) != 0)
    rc = -1;
  else if (fchmod (fd, mode & 07777) != 0)
    rc = -1;
  saved = errno;
  return_fd (self, fd);
  if (rc != 0)
    return set_errno_error (error, saved, _("%s: cannot keep the original's owner and permissions: %s"),
                            self->dest_path);
  return TRUE;
}

/* renameat2(RENAME_NOREPLACE), or link and unlink where the file system
 * has no such rename: either way an existing file is never replaced. */
static int
rename_noreplace (const char *from, const char *to)
{
  if (renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
  if (link (from, to) != 0)
    return -1;
  g_unlink (from);
  return 0;
}

gboolean
veil_temp_file_commit_new (VeilTempFile  *self,
                           GError       **error)
{
  int rc;

  if (self->tmp_path == NULL)
    rc = link_fd (self->fd, self->dest_path);
  else
    rc = rename_noreplace (self->tmp_path, self->dest_path);
  if (rc != 0)
    {
      if (errno == EEXIST)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, _("%s: already exists"), self->dest_path);
      else
        set_errno_error (error, errno, _("%s: cannot save: %s"), self->dest_path);
      return FALSE;
    }
  g_clear_pointer (&self->tmp_path, g_free);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  return TRUE;
}

/* Whether name is one veil_temp_file_new() or link_unnamed() gives: a dot,
 * the destination's name, ".veil-" and 6 (mkstemp) or 8 (random hex)
 * letters and digits. */
static gboolean
is_temp_name (const char *name)
{
  const char *mark = g_strrstr (name, ".veil-");
  gsize tail;

  if (name[0] != '.' || mark == NULL || mark < name + 2)
    return FALSE;
  tail = strlen (mark + 6);
  if (tail != 6 && tail != 8)
    return FALSE;
  for (const char *p = mark + 6; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

void
veil_temp_file_remove_leftovers (const char *dir_path,
                                 GPtrArray  *removed)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;
      int fd;

      if (!is_temp_name (name))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
      if (fd < 0)
        continue;
      /* Only a regular file no running Veil holds (see veil_temp_file_new). */
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && flock (fd, LOCK_EX | LOCK_NB) == 0 &&
          g_unlink (path) == 0 && removed != NULL)
        g_ptr_array_add (removed, g_steal_pointer (&path));
      close (fd);
    }
}

void
veil_temp_file_free (VeilTempFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);   /* an unnamed file is gone with its last descriptor */
  if (self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->dest_path);
  g_free (self);
}
