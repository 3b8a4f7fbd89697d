/* test-photos-gif.c: GIF inspection and lossless cleaning.
 *
 * Real files from the corpus (a still with a comment, XMP and a colour
 * profile; an animation with a comment), plus GIFs assembled from them with
 * the blocks writers add: unknown application and extension blocks, data
 * stuffed into the loop block, a second profile, IPTC, data after the
 * trailer, and hostile files. The blocks are read back with a walker written
 * for this test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "exiftool-residue.h"

static GByteArray *
load_array (const char *name)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("gif", name);
  GByteArray *a = g_byte_array_new ();
  g_byte_array_append (a, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return a;
}

/* --- a block walker for the test ----------------------------------------- */

typedef struct {
  guint8  label;     /* 0x2C image, else the extension label */
  gsize   offset;
  gsize   size;
  char    app[12];
} Block;

static gsize
header_size (const guint8 *d)
{
  return 13 + ((d[10] & 0x80) ? 3u << ((d[10] & 7) + 1) : 0);
}

/* Every block to the trailer, which must be the last byte. */
static GArray *
read_blocks (const guint8 *d, gsize len)
{
  GArray *blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  gsize pos;

  g_assert_cmpuint (len, >=, 14);
  g_assert_true (memcmp (d, "GIF8", 4) == 0);
  pos = header_size (d);
  for (;;)
    {
      Block b = { 0 };

      g_assert_cmpuint (pos, <, len);
      if (d[pos] == 0x3B)
        break;
      b.offset = pos;
      if (d[pos] == 0x2C)
        {
          b.label = 0x2C;
          pos += 10 + ((d[pos + 9] & 0x80) ? 3u << ((d[pos + 9] & 7) + 1) : 0) + 1;
        }
      else
        {
          g_assert_cmpuint (d[pos], ==, 0x21);
          b.label = d[pos + 1];
          if (b.label == 0xFF && d[pos + 2] == 11)
            memcpy (b.app, d + pos + 3, 11);
          pos += 2;
        }
      while (d[pos] != 0)
        {
          pos += 1 + d[pos];
          g_assert_cmpuint (pos, <, len);
        }
      pos++;
      b.size = pos - b.offset;
      g_array_append_val (blocks, b);
    }
  g_assert_cmpuint (pos + 1, ==, len);
  return blocks;
}

/* The picture: header and global colour table, every image (descriptor,
 * local colour table, compressed pixels), frame timing and plain text. */
static GByteArray *
picture_data (const guint8 *d, gsize len, gsize trailer_at)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GArray) blocks = NULL;

  /* Inputs may carry data after the trailer; compare up to it. */
  blocks = read_blocks (d, trailer_at + 1);
  g_byte_array_append (out, d, header_size (d));
  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = &g_array_index (blocks, Block, i);
      if (b->label == 0x2C || b->label == 0xF9 || b->label == 0x01)
        g_byte_array_append (out, d + b->offset, b->size);
    }
  return out;
}

static guint
count_label (GArray *blocks, guint8 label, const char *app)
{
  guint n = 0;

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = &g_array_index (blocks, Block, i);
      n += b->label == label && (app == NULL || strcmp (b->app, app) == 0);
    }
  return n;
}

/* --- clean and check ----------------------------------------------------- */

static GBytes *
check_clean (const guint8 *data, gsize len, gsize trailer_at, const char *name, gboolean drop_icc)
{
  g_autoptr(GBytes) cleaned = veil_test_clean_recheck (data, len, name, drop_icc);
  g_autoptr(GByteArray) before_pic = NULL;
  g_autoptr(GByteArray) after_pic = NULL;
  g_autoptr(GArray) blocks = NULL;
  gsize out_len;
  const guint8 *out;

  /* Nothing removable left, by Veil's own inspection. */
  out = g_bytes_get_data (cleaned, &out_len);

  /* Images, frame control, plain text, the loop block and a profile only. */
  blocks = read_blocks (out, out_len);
  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *b = &g_array_index (blocks, Block, i);

      if (b->label == 0x2C || b->label == 0xF9 || b->label == 0x01)
        continue;
      g_assert_cmpuint (b->label, ==, 0xFF);
      if (strcmp (b->app, "NETSCAPE2.0") == 0)
        g_assert_cmpuint (b->size, ==, 19);      /* the loop count, nothing more */
      else if (strcmp (b->app, "ICCRGBG1012") == 0)
        g_assert_false (drop_icc);
      else
        g_error ("application block %s left in the cleaned file", b->app);
    }
  g_assert_cmpuint (count_label (blocks, 0xFF, "ICCRGBG1012"), <=, 1);

  before_pic = picture_data (data, len, trailer_at);
  after_pic = picture_data (out, out_len, out_len - 1);
  g_assert_cmpmem (before_pic->data, before_pic->len, after_pic->data, after_pic->len);

  veil_test_assert_same_pixels ("gif", data, trailer_at + 1, out, out_len);
  return g_steal_pointer (&cleaned);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_exiftool_gif (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("gif", "exiftool__t_images_GIF.gif");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "GIF.gif", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GBytes) no_icc = NULL;
  g_autoptr(GPtrArray) before = NULL;
  const VeilFinding *comment, *icc;

  g_assert_nonnull (report);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_GIF);
  comment = veil_test_find_key (report, "GIF:Comment");
  g_assert_nonnull (comment);
  g_assert_nonnull (strstr (comment->value, "SCANNER: Canon EOS DIGITAL REBEL"));
  g_assert_false (comment->kept);
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));
  icc = veil_test_find_key (report, "ICC:Profile");
  g_assert_nonnull (icc);
  g_assert_true (icc->kept);
  g_assert_nonnull (strstr (icc->value, "Nikon Adobe RGB"));

  cleaned = check_clean (data, len, len - 1, "GIF.gif", FALSE);
  g_assert_cmpuint (g_bytes_get_size (cleaned), ==, len - 291 - 711);
  assert_no_residue (exiftool_residue (cleaned, "gif", TRUE), "GIF.gif");
  no_icc = check_clean (data, len, len - 1, "GIF.gif", TRUE);
  assert_no_residue (exiftool_residue (no_icc, "gif", FALSE), "GIF-no-icc.gif");

  before = exiftool_residue (bytes, "gif", FALSE);
  if (before != NULL)
    g_assert_cmpuint (before->len, >=, 3);
}

static void
test_mat2_dirty (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("gif", "mat2__tests_data_dirty.gif");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "dirty.gif", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) blocks = NULL;
  const VeilFinding *comment;

  g_assert_nonnull (report);
  comment = veil_test_find_key (report, "GIF:Comment");
  g_assert_nonnull (comment);
  g_assert_cmpstr (comment->value, ==, "this is a test comment");
  g_assert_cmpuint (report->findings->len, ==, 1);

  cleaned = check_clean (data, len, len - 1, "dirty.gif", FALSE);
  blocks = read_blocks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  g_assert_cmpuint (count_label (blocks, 0x2C, NULL), ==, 8);
  g_assert_cmpuint (count_label (blocks, 0xF9, NULL), ==, 8);
  g_assert_cmpuint (count_label (blocks, 0xFF, "NETSCAPE2.0"), ==, 1);
  g_assert_cmpuint (g_bytes_get_size (cleaned), ==, len - 26);
  assert_no_residue (exiftool_residue (cleaned, "gif", TRUE), "dirty.gif");
}

static void
add_sub_blocks (GByteArray *gif, const char *data, gsize len)
{
  for (gsize pos = 0; pos < len; pos += 255)
    {
      guint8 n = (guint8) MIN (255, len - pos);
      g_byte_array_append (gif, &n, 1);
      g_byte_array_append (gif, (const guint8 *) data + pos, n);
    }
  g_byte_array_append (gif, (const guint8 *) "", 1);
}

static void
add_app (GByteArray *gif, const char *id, const char *data, gsize len)
{
  g_byte_array_append (gif, (const guint8 *) "\x21\xff\x0b", 3);
  g_byte_array_append (gif, (const guint8 *) id, 11);
  add_sub_blocks (gif, data, len);
}

/* dirty.gif with, after its header, every kind of block writers add. */
static GByteArray *
build_everything (gsize *trailer_at)
{
  g_autoptr(GByteArray) base = load_array ("mat2__tests_data_dirty.gif");
  g_autoptr(GByteArray) icc_gif = load_array ("exiftool__t_images_GIF.gif");
  GByteArray *gif = g_byte_array_new ();
  gsize header = header_size (base->data);
  static const char iptc[] = "\x1c\x02\x50\x00\x08Jane Doe";   /* 2:80 By-line */
  /* A plain text block: grid, cell size, colours, then the text. */
  static const guint8 text[] = { 0x21, 0x01, 12, 0, 0, 0, 0, 50, 0, 10, 0, 5, 10, 1, 0,
                                 5, 'h', 'e', 'l', 'l', 'o', 0 };

  g_byte_array_append (gif, base->data, header);
  /* The loop block with a second sub-block stuffed in. */
  add_app (gif, "NETSCAPE2.0", "\x01\x00\x00", 3);
  gif->len -= 1;
  add_sub_blocks (gif, "stowaway data", 13);
  add_app (gif, "MYAPPxyz1.0", "private settings", 16);
  add_app (gif, "MGKIPTC0000", iptc, sizeof iptc - 1);
  g_byte_array_append (gif, (const guint8 *) "\x21\x99", 2);   /* an unknown extension */
  add_sub_blocks (gif, "unknown", 7);
  g_byte_array_append (gif, text, sizeof text);
  /* Two colour profiles: the first counts, the second is dropped. */
  for (int i = 0; i < 2; i++)
    g_byte_array_append (gif, icc_gif->data + 1783, 509);
  /* The rest of dirty.gif, without its own loop block. */
  g_byte_array_append (gif, base->data + header + 19, base->len - header - 19);
  *trailer_at = gif->len - 1;
  g_byte_array_append (gif, (const guint8 *) "after the trailer", 17);
  return gif;
}

static void
test_everything (void)
{
  gsize trailer_at;
  g_autoptr(GByteArray) gif = build_everything (&trailer_at);
  g_autoptr(VeilReport) report = veil_inspect_data (gif->data, gif->len, "all.gif", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) blocks = NULL;
  static const char *const keys[] = {
    "GIF:AnimationExtra", "GIF:Application MYAPPxyz1.0", "GIF:Extension 0x99",
    "GIF:ICCRGBG1012", "GIF:Comment", "Trailer:Data", "ICC:Profile",
  };
  const guint8 *out;
  gsize out_len;

  g_assert_nonnull (report);
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (veil_test_find_key (report, keys[i]) == NULL)
      g_error ("no finding %s", keys[i]);
  g_assert_true (veil_report_has_key_prefix (report, "IPTC"));

  cleaned = check_clean (gif->data, gif->len, trailer_at, "all.gif", FALSE);
  out = g_bytes_get_data (cleaned, &out_len);
  blocks = read_blocks (out, out_len);
  g_assert_cmpuint (count_label (blocks, 0x01, NULL), ==, 1);   /* the text is drawn: kept */
  g_assert_cmpuint (count_label (blocks, 0xFF, "NETSCAPE2.0"), ==, 1);
  g_assert_null (memmem (out, out_len, "stowaway", 8));
  g_assert_null (memmem (out, out_len, "Jane Doe", 8));
  assert_no_residue (exiftool_residue (cleaned, "gif", TRUE), "all.gif");
}

static void
assert_refused (const guint8 *data, gsize len, const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (data, len, "hostile.gif", NULL, &error);

  if (cleaned != NULL)
    g_error ("accepted: %s", why);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VEIL_METADATA_ERROR);
  g_assert_nonnull (strstr (error->message, "hostile.gif"));
  g_test_message ("%s → %s", why, error->message);
}

/* Cut before the trailer, a file is refused. */
static void
test_truncated (void)
{
  gsize trailer_at;
  g_autoptr(GByteArray) gif = build_everything (&trailer_at);
  g_autoptr(GByteArray) still = load_array ("exiftool__t_images_GIF.gif");

  for (gsize cut = 0; cut <= trailer_at; cut++)
    assert_refused (gif->data, cut, "cut");
  for (gsize cut = 0; cut < still->len; cut++)
    assert_refused (still->data, cut, "cut");
}

static void
test_hostile (void)
{
  g_autoptr(GByteArray) base = load_array ("mat2__tests_data_dirty.gif");
  g_autoptr(GByteArray) bad = g_byte_array_new ();
  gsize header = header_size (base->data);

  /* A comment whose sub-blocks never end: 255-byte blocks to the file's end. */
  g_byte_array_append (bad, base->data, header);
  g_byte_array_append (bad, (const guint8 *) "\x21\xfe", 2);
  for (int i = 0; i < 4000; i++)
    {
      static guint8 block[256] = { 255 };
      g_byte_array_append (bad, block, 256);
    }
  assert_refused (bad->data, bad->len, "endless sub-blocks");

  /* A sub-block length past the end. */
  g_byte_array_set_size (bad, header);
  g_byte_array_append (bad, (const guint8 *) "\x21\xfe\x80short", 8);
  assert_refused (bad->data, bad->len, "sub-block past the end");

  /* A global colour table larger than the file. */
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, (const guint8 *) "GIF89a\x01\x00\x01\x00\xf7\x00\x00", 13);
  g_byte_array_append (bad, (const guint8 *) "\x3b", 1);
  assert_refused (bad->data, bad->len, "colour table past the end");

  /* A local colour table past the end. */
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, base->data, header);
  g_byte_array_append (bad, (const guint8 *) "\x2c\0\0\0\0\x01\0\x01\0\x87", 10);
  assert_refused (bad->data, bad->len, "local colour table past the end");

  /* A byte that starts no block; no image at all. */
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, base->data, header);
  g_byte_array_append (bad, (const guint8 *) "\x42\x3b", 2);
  assert_refused (bad->data, bad->len, "stray byte");
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, base->data, header);
  g_byte_array_append (bad, (const guint8 *) "\x21\xfe\x02hi\x00\x3b", 7);
  assert_refused (bad->data, bad->len, "no image");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gif/exiftool", test_exiftool_gif);
  g_test_add_func ("/gif/mat2-dirty", test_mat2_dirty);
  g_test_add_func ("/gif/everything", test_everything);
  g_test_add_func ("/gif/truncated", test_truncated);
  g_test_add_func ("/gif/hostile", test_hostile);
  return g_test_run ();
}
