/* durable-copy.c: a copy made the way Veil must write its output, for
 * bench/clean-bench.sh: the least time any cleaner can take here.
 *
 *   durable-copy [--syncfs] SOURCE_DIR DEST_DIR
 *
 * Copies the files of SOURCE_DIR into DEST_DIR doing only what a cleaner
 * cannot skip: each file read into memory (a cleaner must look at every
 * byte to find where the picture ends) and written to an unnamed temporary
 * file, on as many threads as veil clean uses, then flushed and linked
 * under its name. It parses nothing and checks nothing, so Veil's time over
 * this one's is what Veil's own work costs, and this one's over cp's is
 * what the flush costs on this machine.
 *
 * Each file is flushed on its own (fsync), as Veil must: a cleaner may
 * flush only the files it wrote, never the whole file system, whose other
 * programs' writes it would wait for (issue 14). --syncfs instead starts
 * every file's writeback, flushes the file system once and then links all
 * the files: cheaper on an idle disk, and what this floor did before that
 * rule; the bench prints it for reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  char *name;
  int   fd;  /* the unnamed copy */
} Item;

static Item *items;
static size_t n_items;
static int whole_fs;   /* --syncfs */
static atomic_size_t next_item;
static int source_dir, dest_dir;

static void
die (const char *what, const char *name)
{
  fprintf (stderr, "durable-copy: %s: ", name);
  perror (what);
  exit (1);
}

static void
list_files (const char *dir_path)
{
  DIR *dir = opendir (dir_path);
  struct dirent *entry;
  size_t cap = 0;

  if (dir == NULL)
    die ("opendir", dir_path);
  while ((entry = readdir (dir)) != NULL)
    {
      struct stat st;

      /* Some file systems do not say a file's type in the listing. */
      if (entry->d_type == DT_UNKNOWN &&
          fstatat (dirfd (dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG (st.st_mode))
        entry->d_type = DT_REG;
      if (entry->d_type != DT_REG)
        continue;
      if (n_items == cap)
        {
          cap = cap ? cap * 2 : 256;
          items = realloc (items, cap * sizeof *items);
          if (items == NULL)
            die ("realloc", dir_path);
        }
      items[n_items++].name = strdup (entry->d_name);
    }
  closedir (dir);
}

static void
link_item (Item *item)
{
  char proc_path[64];

  snprintf (proc_path, sizeof proc_path, "/proc/self/fd/%d", item->fd);
  if (linkat (AT_FDCWD, proc_path, dest_dir, item->name, AT_SYMLINK_FOLLOW) != 0)
    die ("linkat", item->name);
  close (item->fd);
}

/* Each thread reads into one buffer, grown as needed, in huge pages once
 * it holds 2 MB: what Veil does (src/photos/veil-inspect.c), so that the
 * floor pays no page faults Veil does not. */
typedef struct {
  char  *data;
  size_t size;
} Buffer;

#define HUGE_PAGE_SIZE ((size_t) 2 * 1024 * 1024)

static void
reserve (Buffer *buffer, size_t size)
{
  void *memory = NULL;

  if (buffer->size >= size)
    return;
  free (buffer->data);
  if (size >= HUGE_PAGE_SIZE)
    size = (size + HUGE_PAGE_SIZE - 1) / HUGE_PAGE_SIZE * HUGE_PAGE_SIZE;
  if (posix_memalign (&memory, size >= HUGE_PAGE_SIZE ? HUGE_PAGE_SIZE : 64, size) != 0)
    die ("posix_memalign", "buffer");
  if (size >= HUGE_PAGE_SIZE)
    madvise (memory, size, MADV_HUGEPAGE);
  buffer->data = memory;
  buffer->size = size;
}

static void
copy_one (Item *item, Buffer *buffer)
{
  int in = openat (source_dir, item->name, O_RDONLY);
  struct stat st;
  char *data;
  size_t done = 0;

  if (in < 0 || fstat (in, &st) != 0)
    die ("open", item->name);
  reserve (buffer, (size_t) st.st_size + 1);
  data = buffer->data;
  if (read (in, data, (size_t) st.st_size) != st.st_size)
    die ("read", item->name);
  close (in);

  item->fd = openat (dest_dir, ".", O_TMPFILE | O_WRONLY, 0644);
  if (item->fd < 0)
    die ("open O_TMPFILE", item->name);
  while (done < (size_t) st.st_size)
    {
      ssize_t n = write (item->fd, data + done, (size_t) st.st_size - done);
      if (n <= 0)
        die ("write", item->name);
      done += (size_t) n;
    }
  if (whole_fs)
    {
      sync_file_range (item->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
      return;
    }
  if (fsync (item->fd) != 0)
    die ("fsync", item->name);
  link_item (item);
}

static void *
copy_items (void *unused)
{
  Buffer buffer = { 0 };
  size_t i;

  (void) unused;
  while ((i = atomic_fetch_add (&next_item, 1)) < n_items)
    copy_one (&items[i], &buffer);
  free (buffer.data);
  return NULL;
}

int
main (int argc, char **argv)
{
  long n_threads = sysconf (_SC_NPROCESSORS_ONLN);
  pthread_t threads[8];

  if (argc == 4 && strcmp (argv[1], "--syncfs") == 0)
    {
      whole_fs = 1;
      argv++;
      argc--;
    }
  if (argc != 3)
    {
      fprintf (stderr, "usage: durable-copy [--syncfs] SOURCE_DIR DEST_DIR\n");
      return 2;
    }
  source_dir = open (argv[1], O_RDONLY | O_DIRECTORY);
  dest_dir = open (argv[2], O_RDONLY | O_DIRECTORY);
  if (source_dir < 0 || dest_dir < 0)
    die ("open", source_dir < 0 ? argv[1] : argv[2]);
  list_files (argv[1]);
  n_threads = n_threads < 1 ? 1 : n_threads > 8 ? 8 : n_threads;  /* as veil clean */

  for (long t = 0; t < n_threads; t++)
    pthread_create (&threads[t], NULL, copy_items, NULL);
  for (long t = 0; t < n_threads; t++)
    pthread_join (threads[t], NULL);
  if (!whole_fs)
    return 0;
  if (syncfs (dest_dir) != 0)
    die ("syncfs", argv[2]);
  for (size_t i = 0; i < n_items; i++)
    link_item (&items[i]);
  return 0;
}
