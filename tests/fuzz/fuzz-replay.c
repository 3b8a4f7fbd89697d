/* fuzz-replay.c: runs a fuzz target over every file in a folder, so the
 * seeds (and any crash found and saved there) are regression tests even in a
 * build without libFuzzer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (int argc, char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          fprintf (stderr, "fuzz-replay: cannot open %s\n", argv[i]);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *data = NULL;
          gsize len = 0;

          if (!g_file_get_contents (path, &data, &len, NULL))
            continue;
          LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
          /* Truncations of every seed: the commonest real-world damage. */
          for (gsize cut = 1; cut < len; cut += 1 + len / 64)
            LLVMFuzzerTestOneInput ((const uint8_t *) data, cut);
          n++;
        }
    }
  printf ("replayed %u inputs\n", n);
  return n > 0 ? 0 : 1;
}
