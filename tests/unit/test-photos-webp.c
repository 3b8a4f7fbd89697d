/* test-photos-webp.c: WebP inspection and lossless cleaning.
 *
 * Real files from the corpus, plus WebPs assembled here from a real one's
 * bitstream chunks: an extended file with a colour profile, EXIF with an
 * orientation, XMP, unknown chunks and trailing data; an animation whose
 * frames carry private chunks; a simple lossy file; hostile ones. The RIFF
 * structure is read back with a walker written for this test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "veil-core.h"
#include "veil-exif.h"
#include "veil-test-utils.h"
#include "exiftool-residue.h"

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* --- a RIFF walker for the test ----------------------------------------- */

typedef struct {
  char          fourcc[5];
  const guint8 *payload;
  guint32       len;
} Chunk;

/* The chunks of [start, end), asserting every size and pad fits exactly. */
static GArray *
read_chunks_in (const guint8 *data, gsize start, gsize end)
{
  GArray *chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));
  gsize pos = start;

  while (pos < end)
    {
      Chunk c = { 0 };

      g_assert_cmpuint (pos + 8, <=, end);
      memcpy (c.fourcc, data + pos, 4);
      c.len = le32 (data + pos + 4);
      c.payload = data + pos + 8;
      g_assert_cmpuint (pos + 8 + c.len + (c.len & 1), <=, end);
      g_array_append_val (chunks, c);
      pos += 8 + c.len + (c.len & 1);
    }
  g_assert_cmpuint (pos, ==, end);
  return chunks;
}

/* A whole file: the RIFF size must match the file exactly. */
static GArray *
read_chunks (const guint8 *data, gsize len)
{
  g_assert_cmpuint (len, >=, 12);
  g_assert_true (memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0);
  g_assert_cmpuint (le32 (data + 4) + 8, ==, len);
  return read_chunks_in (data, 12, len);
}

/* The picture: every bitstream payload (ALPH, VP8, VP8L) and the frame
 * headers of an animation, in order. */
static void
append_picture (GByteArray *out, const guint8 *data, gsize start, gsize end)
{
  g_autoptr(GArray) chunks = read_chunks_in (data, start, end);

  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);

      if (strcmp (c->fourcc, "ALPH") == 0 || strcmp (c->fourcc, "VP8 ") == 0 ||
          strcmp (c->fourcc, "VP8L") == 0 || strcmp (c->fourcc, "ANIM") == 0)
        {
          g_byte_array_append (out, (const guint8 *) c->fourcc, 4);
          g_byte_array_append (out, c->payload, c->len);
        }
      else if (strcmp (c->fourcc, "ANMF") == 0)
        {
          gsize at = c->payload - data;
          g_byte_array_append (out, c->payload, 16);
          append_picture (out, data, at + 16, at + c->len);
        }
    }
}

static GByteArray *
picture_data (const guint8 *data, gsize len)
{
  GByteArray *out = g_byte_array_new ();
  append_picture (out, data, 12, 8 + le32 (data + 4));
  return out;
}

static const Chunk *
find_chunk (GArray *chunks, const char *fourcc)
{
  for (guint i = 0; i < chunks->len; i++)
    if (strcmp (g_array_index (chunks, Chunk, i).fourcc, fourcc) == 0)
      return &g_array_index (chunks, Chunk, i);
  return NULL;
}

/* --- building test files --------------------------------------------------- */

static void
add_chunk (GByteArray *webp, const char *fourcc, const void *payload, gsize len)
{
  guint8 header[8];

  memcpy (header, fourcc, 4);
  header[4] = len; header[5] = len >> 8; header[6] = len >> 16; header[7] = len >> 24;
  g_byte_array_append (webp, header, 8);
  g_byte_array_append (webp, payload, len);
  if (len & 1)
    g_byte_array_append (webp, (const guint8 *) "\xAA", 1); /* a non-zero pad byte */
}

static GByteArray *
riff_begin (void)
{
  GByteArray *webp = g_byte_array_new ();
  g_byte_array_append (webp, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  return webp;
}

static void
riff_end (GByteArray *webp)
{
  guint32 size = webp->len - 8;
  webp->data[4] = size; webp->data[5] = size >> 8; webp->data[6] = size >> 16; webp->data[7] = size >> 24;
}

static void
add_vp8x (GByteArray *webp, guint8 flags)
{
  guint8 vp8x[10] = { flags, 0, 0, 0, 0, 0, 0, 0, 0, 0 }; /* 1 × 1 canvas */
  add_chunk (webp, "VP8X", vp8x, sizeof vp8x);
}

/* The ALPH and VP8 chunks of exiftool's RIFF.webp (a 1 × 1 picture). */
static void
add_bitstream (GByteArray *webp)
{
  g_autoptr(GBytes) base = veil_test_load_fixture ("webp", "exiftool__t_images_RIFF.webp");
  const guint8 *b = g_bytes_get_data (base, NULL);
  g_autoptr(GArray) chunks = read_chunks (b, g_bytes_get_size (base));
  const Chunk *alph = find_chunk (chunks, "ALPH"), *vp8 = find_chunk (chunks, "VP8 ");

  add_chunk (webp, "ALPH", alph->payload, alph->len);
  add_chunk (webp, "VP8 ", vp8->payload, vp8->len);
}

static GByteArray *
real_icc_profile (void)
{
  g_autofree char *path = veil_test_data_path ("gif/exiftool__t_images_GIF.gif");
  g_autoptr(GBytes) gif = veil_test_load (path);
  gsize len;
  const guint8 *d = g_bytes_get_data (gif, &len);
  const guint8 *app = memmem (d, len, "\x21\xff\x0bICCRGBG1012", 14);
  GByteArray *icc = g_byte_array_new ();
  gsize pos = (app - d) + 14;

  while (pos < len && d[pos] != 0)
    {
      g_byte_array_append (icc, d + pos + 1, d[pos]);
      pos += 1 + d[pos];
    }
  return icc;
}

/* "Exif\0\0" then a TIFF block: IFD0 with Orientation 6 and Artist "Jo". */
static const guint8 exif_block[] = {
  'E', 'x', 'i', 'f', 0, 0,
  'I', 'I', 42, 0, 8, 0, 0, 0,
  2, 0,
  0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0,          /* Orientation = 6 */
  0x3B, 0x01, 2, 0, 3, 0, 0, 0, 'J', 'o', 0, 0,      /* Artist = "Jo" */
  0, 0, 0, 0,
};

static const char xmp_packet[] =
  "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
  "<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li>"
  "</rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>";

static GByteArray *
build_extended (void)
{
  g_autoptr(GByteArray) icc = real_icc_profile ();
  GByteArray *webp = riff_begin ();

  add_vp8x (webp, 0x20 | 0x10 | 0x08 | 0x04);
  add_chunk (webp, "ICCP", icc->data, icc->len);
  add_bitstream (webp);
  add_chunk (webp, "EXIF", exif_block, sizeof exif_block);
  add_chunk (webp, "XMP ", xmp_packet, strlen (xmp_packet));
  add_chunk (webp, "ABCD", "private", 7);
  riff_end (webp);
  return webp;
}

static GByteArray *
build_animation (void)
{
  GByteArray *webp = riff_begin ();
  static const guint8 anim[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0 };  /* background, loop forever */

  add_vp8x (webp, 0x10 | 0x02 | 0x04);
  add_chunk (webp, "ANIM", anim, sizeof anim);
  for (int frame = 0; frame < 2; frame++)
    {
      g_autoptr(GByteArray) anmf = g_byte_array_new ();
      guint8 header[16] = { 0 };

      header[12] = 100;                       /* 100 ms */
      g_byte_array_append (anmf, header, 16);
      add_bitstream (anmf);
      if (frame == 1)
        add_chunk (anmf, "JUNK", "frame junk", 10);
      add_chunk (webp, "ANMF", anmf->data, anmf->len);
    }
  add_chunk (webp, "XMP ", xmp_packet, strlen (xmp_packet));
  riff_end (webp);
  return webp;
}

/* --- clean and check ----------------------------------------------------- */

static GBytes *
check_clean (const guint8 *data, gsize len, const char *name, gboolean drop_icc)
{
  g_autoptr(GBytes) cleaned = veil_test_clean_recheck (data, len, name, drop_icc);
  g_autoptr(GByteArray) before_pic = NULL;
  g_autoptr(GByteArray) after_pic = NULL;
  g_autoptr(GArray) chunks = NULL;
  gsize out_len;
  const guint8 *out;
  const Chunk *vp8x;

  /* Nothing removable left, by Veil's own inspection. */
  out = g_bytes_get_data (cleaned, &out_len);

  /* Only display chunks, and VP8X flags that say exactly what is there. */
  chunks = read_chunks (out, out_len);
  vp8x = find_chunk (chunks, "VP8X");
  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);
      static const char *const allowed[] = { "VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP", "EXIF" };
      gboolean ok = FALSE;

      for (gsize k = 0; k < G_N_ELEMENTS (allowed); k++)
        ok |= strcmp (c->fourcc, allowed[k]) == 0;
      if (!ok)
        g_error ("chunk %s left in the cleaned file", c->fourcc);
      if (strcmp (c->fourcc, "EXIF") == 0)
        g_assert_cmpuint (c->len, ==, 26);       /* orientation only */
      if (strcmp (c->fourcc, "ICCP") == 0)
        g_assert_false (drop_icc);
    }
  if (vp8x != NULL)
    {
      g_assert_cmpuint (vp8x->len, ==, 10);
      g_assert_cmpint (!!(vp8x->payload[0] & 0x20), ==, find_chunk (chunks, "ICCP") != NULL);
      g_assert_cmpint (!!(vp8x->payload[0] & 0x08), ==, find_chunk (chunks, "EXIF") != NULL);
      g_assert_cmpint (vp8x->payload[0] & 0x04, ==, 0);
      g_assert_cmpint (vp8x->payload[0] & 0xC1, ==, 0);
    }

  before_pic = picture_data (data, len);
  after_pic = picture_data (out, out_len);
  g_assert_cmpmem (before_pic->data, before_pic->len, after_pic->data, after_pic->len);
  return g_steal_pointer (&cleaned);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_exiftool_riff (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("webp", "exiftool__t_images_RIFF.webp");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "RIFF.webp", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GPtrArray) before = NULL;
  const VeilFinding *artist;

  g_assert_nonnull (report);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_WEBP);
  artist = veil_test_find_key (report, "EXIF:Artist");
  g_assert_nonnull (artist);
  g_assert_cmpstr (artist->value, ==, "me");
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));

  cleaned = check_clean (data, len, "RIFF.webp", FALSE);
  chunks = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  g_assert_cmpuint (chunks->len, ==, 3);   /* VP8X, ALPH, VP8 */
  g_assert_cmpuint (find_chunk (chunks, "VP8X")->payload[0], ==, 0x10);  /* alpha only */
  assert_no_residue (exiftool_residue (cleaned, "webp", TRUE), "RIFF.webp");

  before = exiftool_residue (bytes, "webp", TRUE);
  if (before != NULL)
    g_assert_cmpuint (before->len, >=, 2);
}

static void
test_mat2_dirty (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("webp", "mat2__tests_data_dirty.webp");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "dirty.webp", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) chunks = NULL;

  g_assert_nonnull (report);
  /* Its EXIF (behind a JPEG-style "Exif" header) is read. */
  g_assert_nonnull (veil_test_find_key (report, "EXIF:Orientation"));
  g_assert_cmpuint (veil_report_count_removable (report), >, 0);

  cleaned = check_clean (data, len, "dirty.webp", FALSE);
  chunks = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  g_assert_null (find_chunk (chunks, "EXIF"));  /* upright: no tag needed */
  g_assert_cmpuint (find_chunk (chunks, "VP8X")->payload[0], ==, 0);
  assert_no_residue (exiftool_residue (cleaned, "webp", TRUE), "dirty.webp");
}

static void
test_extended (void)
{
  g_autoptr(GByteArray) webp = build_extended ();
  g_autoptr(GByteArray) trailing = NULL;
  g_autoptr(VeilReport) report = veil_inspect_data (webp->data, webp->len, "ext.webp", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GBytes) no_icc = NULL;
  g_autoptr(GArray) chunks = NULL;
  const Chunk *exif;
  guint16 orientation = 0;

  g_assert_nonnull (report);
  g_assert_cmpstr (veil_test_find_key (report, "EXIF:Artist")->value, ==, "Jo");
  g_assert_true (veil_test_find_key (report, "EXIF:Orientation")->kept);
  g_assert_true (veil_test_find_key (report, "ICC:Profile")->kept);
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));
  g_assert_nonnull (veil_test_find_key (report, "WebP:ABCD"));

  cleaned = check_clean (webp->data, webp->len, "ext.webp", FALSE);
  chunks = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  exif = find_chunk (chunks, "EXIF");
  g_assert_nonnull (exif);
  g_assert_true (_veil_exif_orientation (exif->payload, exif->len, &orientation));
  g_assert_cmpuint (orientation, ==, 6);
  g_assert_nonnull (find_chunk (chunks, "ICCP"));
  assert_no_residue (exiftool_residue (cleaned, "webp", TRUE), "ext.webp");

  no_icc = check_clean (webp->data, webp->len, "ext.webp", TRUE);
  assert_no_residue (exiftool_residue (no_icc, "webp", FALSE), "ext-no-icc.webp");

  /* Data after the RIFF container: reported, dropped. */
  trailing = g_byte_array_new ();
  g_byte_array_append (trailing, webp->data, webp->len);
  g_byte_array_append (trailing, (const guint8 *) "hidden after the end", 20);
  {
    g_autoptr(VeilReport) r = veil_inspect_data (trailing->data, trailing->len, "trail.webp", NULL);
    g_autoptr(GBytes) c = NULL;

    g_assert_nonnull (veil_test_find_key (r, "Trailer:Data"));
    c = check_clean (trailing->data, trailing->len, "trail.webp", FALSE);
    g_assert_cmpuint (g_bytes_get_size (c), ==, g_bytes_get_size (cleaned));
  }
}

static void
test_animation (void)
{
  g_autoptr(GByteArray) webp = build_animation ();
  g_autoptr(VeilReport) report = veil_inspect_data (webp->data, webp->len, "anim.webp", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GArray) in_chunks = read_chunks (webp->data, webp->len);
  const Chunk *in_first = find_chunk (in_chunks, "ANMF");
  const Chunk *out_first;
  guint frames = 0;

  g_assert_nonnull (report);
  g_assert_nonnull (veil_test_find_key (report, "WebP:ANMF/JUNK"));
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));

  cleaned = check_clean (webp->data, webp->len, "anim.webp", FALSE);
  chunks = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  for (guint i = 0; i < chunks->len; i++)
    frames += strcmp (g_array_index (chunks, Chunk, i).fourcc, "ANMF") == 0;
  g_assert_cmpuint (frames, ==, 2);
  g_assert_cmpuint (find_chunk (chunks, "VP8X")->payload[0], ==, 0x12);
  /* The frame without private data is copied whole. */
  out_first = find_chunk (chunks, "ANMF");
  g_assert_cmpmem (in_first->payload, in_first->len, out_first->payload, out_first->len);
  g_assert_null (memmem (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned), "JUNK", 4));
  assert_no_residue (exiftool_residue (cleaned, "webp", TRUE), "anim.webp");
}

/* A simple lossy WebP has nothing to remove and comes out identical; what
 * follows its bitstream is never read by a viewer and goes. */
static void
test_simple (void)
{
  g_autoptr(GBytes) base = veil_test_load_fixture ("webp", "mat2__tests_data_dirty.webp");
  g_autoptr(GArray) chunks = read_chunks (g_bytes_get_data (base, NULL), g_bytes_get_size (base));
  const Chunk *vp8 = find_chunk (chunks, "VP8 ");
  g_autoptr(GByteArray) simple = riff_begin ();
  g_autoptr(GByteArray) extra = NULL;
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GBytes) cleaned = NULL;

  add_chunk (simple, "VP8 ", vp8->payload, vp8->len);
  riff_end (simple);
  report = veil_inspect_data (simple->data, simple->len, "simple.webp", NULL);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->findings->len, ==, 0);
  cleaned = check_clean (simple->data, simple->len, "simple.webp", FALSE);
  g_assert_cmpmem (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned), simple->data, simple->len);

  extra = g_byte_array_new ();
  g_byte_array_append (extra, simple->data, simple->len);
  add_chunk (extra, "EXIF", exif_block, sizeof exif_block);
  riff_end (extra);
  {
    g_autoptr(VeilReport) r = veil_inspect_data (extra->data, extra->len, "extra.webp", NULL);
    g_autoptr(GBytes) c = check_clean (extra->data, extra->len, "extra.webp", FALSE);

    g_assert_nonnull (veil_test_find_key (r, "EXIF:Artist"));
    g_assert_cmpmem (g_bytes_get_data (c, NULL), g_bytes_get_size (c), simple->data, simple->len);
  }
}

static void
assert_refused (const guint8 *data, gsize len, const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (data, len, "hostile.webp", NULL, &error);

  if (cleaned != NULL)
    g_error ("accepted: %s", why);
  g_assert_nonnull (error);
  g_assert_true (error->domain == VEIL_METADATA_ERROR);
  g_assert_nonnull (strstr (error->message, "hostile.webp"));
  g_test_message ("%s → %s", why, error->message);
}

/* Cut anywhere, a file is refused: first because the RIFF size says it
 * is longer, then with the RIFF size made to match the cut, because the
 * chunk that was cut declares bytes that are not there. */
static void
check_cuts (const GByteArray *webp)
{
  g_autoptr(GArray) chunks = read_chunks (webp->data, webp->len);
  g_autoptr(GByteArray) cut_file = g_byte_array_new ();
  g_autoptr(GHashTable) ends = g_hash_table_new (NULL, NULL);

  /* Cuts at a chunk's end, or just before its pad byte, leave a whole file. */
  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);
      gsize end = (c->payload - webp->data) + c->len;
      g_hash_table_add (ends, GSIZE_TO_POINTER (end));
      g_hash_table_add (ends, GSIZE_TO_POINTER (end + (c->len & 1)));
    }

  for (gsize cut = 0; cut < webp->len; cut++)
    {
      assert_refused (webp->data, cut, "cut");
      if (cut < 12 || g_hash_table_contains (ends, GSIZE_TO_POINTER (cut)))
        continue;
      g_byte_array_set_size (cut_file, 0);
      g_byte_array_append (cut_file, webp->data, cut);
      riff_end (cut_file);
      assert_refused (cut_file->data, cut_file->len, "cut, RIFF size to match");
    }
}

static void
test_truncated (void)
{
  g_autoptr(GByteArray) ext = build_extended ();
  g_autoptr(GByteArray) anim = build_animation ();

  check_cuts (ext);
  check_cuts (anim);
}

static void
test_hostile (void)
{
  g_autoptr(GByteArray) ext = build_extended ();
  g_autoptr(GByteArray) bad = g_byte_array_new ();

#define RESET() (g_byte_array_set_size (bad, 0), g_byte_array_append (bad, ext->data, ext->len))

  RESET ();
  bad->data[4] += 2;                                   /* RIFF size larger than the file */
  assert_refused (bad->data, bad->len, "RIFF size too large");
  RESET ();
  bad->data[4] = 0xFF; bad->data[5] = 0xFF; bad->data[6] = 0xFF; bad->data[7] = 0xFF;
  assert_refused (bad->data, bad->len, "RIFF size 4 GB");
  RESET ();
  bad->data[4] -= 8;                                   /* RIFF size cuts the last chunk */
  assert_refused (bad->data, bad->len, "RIFF size too small");
  RESET ();
  bad->data[4] = 4; bad->data[5] = bad->data[6] = bad->data[7] = 0;
  assert_refused (bad->data, bad->len, "RIFF size 4");
  RESET ();
  bad->data[16] = 0xFF; bad->data[17] = 0xFF; bad->data[18] = 0xFF; bad->data[19] = 0x7F;
  assert_refused (bad->data, bad->len, "VP8X size past the end");
  RESET ();
  bad->data[16] = 4;                                   /* VP8X too short */
  g_byte_array_remove_range (bad, 20 + 4, 6);
  bad->data[4] -= 6;
  assert_refused (bad->data, bad->len, "VP8X too short");

  /* No bitstream at all, a second VP8X, a frame too short. */
  g_byte_array_unref (bad);
  bad = riff_begin ();
  add_vp8x (bad, 0);
  add_chunk (bad, "EXIF", exif_block, sizeof exif_block);
  riff_end (bad);
  assert_refused (bad->data, bad->len, "no image");
  add_vp8x (bad, 0);
  add_bitstream (bad);
  riff_end (bad);
  assert_refused (bad->data, bad->len, "two VP8X");
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  add_vp8x (bad, 0x02);
  add_chunk (bad, "ANMF", "short", 5);
  riff_end (bad);
  assert_refused (bad->data, bad->len, "ANMF too short");
  /* A file that starts with something other than an image header. */
  g_byte_array_set_size (bad, 12);
  add_chunk (bad, "EXIF", exif_block, sizeof exif_block);
  add_bitstream (bad);
  riff_end (bad);
  assert_refused (bad->data, bad->len, "EXIF first");
#undef RESET
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/webp/exiftool", test_exiftool_riff);
  g_test_add_func ("/webp/mat2-dirty", test_mat2_dirty);
  g_test_add_func ("/webp/extended", test_extended);
  g_test_add_func ("/webp/animation", test_animation);
  g_test_add_func ("/webp/simple", test_simple);
  g_test_add_func ("/webp/truncated", test_truncated);
  g_test_add_func ("/webp/hostile", test_hostile);
  return g_test_run ();
}
