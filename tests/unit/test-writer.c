/* test-writer.c: the in-place memory writer gives exactly the bytes that
 * were written, whether it could build them inside the source or not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-writer.h"

/* A source of n distinct-looking bytes. */
static guint8 *
make_source (gsize n)
{
  guint8 *s = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    s[i] = (guint8) (i * 7 + i / 251);
  return s;
}

typedef struct {
  gssize      offset;  /* into the source, or -1 for the bytes of text */
  gsize       len;
  const char *text;
} Piece;

/* Writes the pieces through an in-place writer and through a plain one;
 * both must give the same output. Returns whether the in-place writer
 * built it inside the source. */
static gboolean
write_both (const Piece *pieces, gsize n_pieces, gsize source_len)
{
  g_autofree guint8 *source = make_source (source_len);
  g_autofree guint8 *pristine = g_memdup2 (source, source_len);
  g_autoptr(VeilWriter) in_place = veil_writer_new_in_place (source, source_len);
  g_autoptr(VeilWriter) plain = veil_writer_new_memory ();
  g_autoptr(GBytes) expected = NULL;
  const guint8 *out;
  gsize len;

  for (gsize i = 0; i < n_pieces; i++)
    {
      const Piece *p = &pieces[i];
      const guint8 *data = p->offset >= 0 ? pristine + p->offset : (const guint8 *) p->text;
      const guint8 *from = p->offset >= 0 ? source + p->offset : (const guint8 *) p->text;
      gsize len_i = p->offset >= 0 ? p->len : strlen (p->text);

      g_assert_true (veil_writer_write (plain, data, len_i, NULL));
      g_assert_true (veil_writer_write (in_place, from, len_i, NULL));
    }
  expected = veil_writer_steal_bytes (plain);
  out = veil_writer_finish (in_place, &len);
  g_assert_cmpmem (out, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpuint (veil_writer_tell (in_place), ==, len);
  return out >= source && out < source + source_len;
}

static void
test_header_then_run (void)
{
  /* A JPEG's shape: new header, the tables-to-scan run, EOI as a constant
   * that matches the bytes after the run, or does not. */
  const Piece jpeg[] = {
    { -1, 0, "\xff\xd8" }, { -1, 0, "a new header" },
    { 100, 50000, NULL }, { 50100, 2, NULL },
  };
  const Piece other_end[] = {
    { -1, 0, "head" }, { 100, 50000, NULL }, { -1, 0, "different tail" },
  };
  const Piece run_in_pieces[] = {
    { -1, 0, "head" }, { 64, 5000, NULL }, { 5064, 10, NULL }, { 5074, 9000, NULL },
  };

  g_assert_true (write_both (jpeg, G_N_ELEMENTS (jpeg), 60000));
  g_assert_true (write_both (other_end, G_N_ELEMENTS (other_end), 60000));
  g_assert_true (write_both (run_in_pieces, G_N_ELEMENTS (run_in_pieces), 20000));
}

/* Bytes written after the run that match the source there only in part are
 * a tail, not a longer run. */
static void
test_partial_match_is_tail (void)
{
  g_autofree guint8 *source = make_source (20000);
  g_autofree guint8 *pristine = g_memdup2 (source, 20000);
  g_autoptr(VeilWriter) writer = veil_writer_new_in_place (source, 20000);
  guint8 almost[4];
  const guint8 *out;
  gsize len;

  memcpy (almost, pristine + 9100, sizeof almost);
  almost[3] ^= 0x55;
  g_assert_true (veil_writer_write (writer, "hd", 2, NULL));
  g_assert_true (veil_writer_write (writer, source + 100, 9000, NULL));
  g_assert_true (veil_writer_write (writer, almost, sizeof almost, NULL));
  out = veil_writer_finish (writer, &len);
  g_assert_cmpuint (len, ==, 2 + 9000 + 4);
  g_assert_cmpmem (out, 2, "hd", 2);
  g_assert_cmpmem (out + 2, 9000, pristine + 100, 9000);
  g_assert_cmpmem (out + 9002, 4, almost, 4);
}

static void
test_falls_back (void)
{
  /* The header is longer than what precedes the run. */
  const Piece long_head[] = {
    { -1, 0, "a header longer than ten bytes" }, { 10, 8000, NULL },
  };
  /* The tail would not fit after the run. */
  const Piece long_tail[] = {
    { -1, 0, "h" }, { 100, 9890, NULL }, { -1, 0, "a tail longer than ten bytes" },
  };
  /* Two runs with a gap: the second is a copy in the tail. */
  const Piece two_runs[] = {
    { -1, 0, "h" }, { 100, 5000, NULL }, { 9000, 5000, NULL }, { 200, 4096, NULL },
  };
  /* Nothing from the source, or only small pieces of it. */
  const Piece no_run[] = {
    { -1, 0, "only" }, { -1, 0, " own bytes" }, { 10, 100, NULL },
  };

  g_assert_false (write_both (long_head, G_N_ELEMENTS (long_head), 10000));
  g_assert_false (write_both (long_tail, G_N_ELEMENTS (long_tail), 10000));
  g_assert_true (write_both (two_runs, G_N_ELEMENTS (two_runs), 20000));
  g_assert_false (write_both (no_run, G_N_ELEMENTS (no_run), 10000));
}

/* More zeros than the writer's static block of them, between two bytes. */
static void
test_zeros (void)
{
  g_autoptr(VeilWriter) writer = veil_writer_new_memory ();
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  g_assert_true (veil_writer_write (writer, "a", 1, NULL));
  g_assert_true (veil_writer_write_zeros (writer, 10000, NULL));
  g_assert_true (veil_writer_write_zeros (writer, 0, NULL));
  g_assert_true (veil_writer_write (writer, "b", 1, NULL));
  g_assert_cmpuint (veil_writer_tell (writer), ==, 10002);
  bytes = veil_writer_steal_bytes (writer);
  data = g_bytes_get_data (bytes, &len);
  g_assert_cmpuint (len, ==, 10002);
  g_assert_cmpint (data[0], ==, 'a');
  g_assert_cmpint (data[10001], ==, 'b');
  for (gsize i = 1; i < 10001; i++)
    g_assert_cmpint (data[i], ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/writer/in-place/header-then-run", test_header_then_run);
  g_test_add_func ("/writer/in-place/partial-match-is-tail", test_partial_match_is_tail);
  g_test_add_func ("/writer/in-place/falls-back", test_falls_back);
  g_test_add_func ("/writer/zeros", test_zeros);
  return g_test_run ();
}
