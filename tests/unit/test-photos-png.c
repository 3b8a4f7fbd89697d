/* test-photos-png.c: PNG inspection and lossless cleaning.
 *
 * Real files from the corpus, plus PNGs assembled here from a real one's
 * image chunks and the metadata chunks writers add (compressed text, EXIF
 * with an orientation, content credentials, a colour profile, APNG frames,
 * damaged chunks, zip bombs). The chunks are read back with a walker written
 * for this test, not the engine's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <zlib.h>

#include "veil-core.h"
#include "veil-exif.h"
#include "veil-test-utils.h"
#include "exiftool-residue.h"

static const guint8 SIGNATURE[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

static VeilReport *
inspect (const GByteArray *png, const char *name)
{
  g_autoptr(GError) error = NULL;
  VeilReport *report = veil_inspect_data (png->data, png->len, name, &error);

  g_assert_no_error (error);
  return report;
}

/* --- a chunk walker for the test ------------------------------------------ */

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

typedef struct {
  char          type[5];
  const guint8 *body;
  guint32       len;
} Chunk;

/* Every chunk up to IEND; asserts the signature, every CRC (but those of
 * ancillary chunks when lenient), and that nothing follows IEND. */
static GArray *
read_chunks_full (const guint8 *data, gsize len, gboolean lenient)
{
  GArray *chunks = g_array_new (FALSE, TRUE, sizeof (Chunk));
  gsize pos = 8;

  g_assert_cmpuint (len, >=, 8);
  g_assert_cmpmem (data, 8, SIGNATURE, 8);
  for (;;)
    {
      Chunk c = { 0 };
      guint32 crc;

      g_assert_cmpuint (pos + 12, <=, len);
      c.len = be32 (data + pos);
      memcpy (c.type, data + pos + 4, 4);
      g_assert_cmpuint (pos + 12 + c.len, <=, len);
      c.body = data + pos + 8;
      crc = (guint32) crc32 (crc32 (0, data + pos + 4, 4), c.body, c.len);
      if (!lenient || (c.type[0] & 0x20) == 0)
        g_assert_cmpuint (crc, ==, be32 (c.body + c.len));
      g_array_append_val (chunks, c);
      pos += 12 + c.len;
      if (strcmp (c.type, "IEND") == 0)
        break;
    }
  g_assert_cmpuint (pos, ==, len);
  return chunks;
}

static GArray *
read_chunks (const guint8 *data, gsize len)
{
  return read_chunks_full (data, len, FALSE);
}

/* The picture: header, palette, transparency, and the compressed pixels of
 * every frame (IDAT, and APNG's fcTL/fdAT), in order. */
static GByteArray *
picture_data (const guint8 *data, gsize len, gboolean lenient)
{
  g_autoptr(GArray) chunks = read_chunks_full (data, len, lenient);
  GByteArray *out = g_byte_array_new ();
  static const char *const picture[] = { "IHDR", "PLTE", "tRNS", "IDAT", "acTL", "fcTL", "fdAT" };

  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);
      for (gsize k = 0; k < G_N_ELEMENTS (picture); k++)
        if (strcmp (c->type, picture[k]) == 0)
          {
            g_byte_array_append (out, (const guint8 *) c->type, 4);
            g_byte_array_append (out, c->body, c->len);
          }
    }
  return out;
}

/* Only chunks display needs are left. */
static void
assert_display_chunks_only (const guint8 *data, gsize len, gboolean icc_allowed)
{
  g_autoptr(GArray) chunks = read_chunks (data, len);
  static const char *const allowed[] = {
    "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "cICP",
    "mDCv", "cLLi", "pHYs", "bKGD", "acTL", "fcTL", "fdAT",
  };

  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);
      gboolean ok = FALSE;

      for (gsize k = 0; k < G_N_ELEMENTS (allowed); k++)
        ok |= strcmp (c->type, allowed[k]) == 0;
      if (strcmp (c->type, "iCCP") == 0)
        ok = icc_allowed;
      if (strcmp (c->type, "eXIf") == 0)
        ok = c->len == 26;   /* orientation only */
      if (!ok)
        g_error ("chunk %s left in the cleaned file", c->type);
    }
}

/* --- building test files --------------------------------------------------- */

static void
add_chunk (GByteArray *png, const char *type, const void *body, gsize len)
{
  guint8 header[8], tail[4];
  guint32 crc = (guint32) crc32 (crc32 (0, (const Bytef *) type, 4), body, (uInt) len);

  header[0] = len >> 24; header[1] = len >> 16; header[2] = len >> 8; header[3] = len;
  memcpy (header + 4, type, 4);
  tail[0] = crc >> 24; tail[1] = crc >> 16; tail[2] = crc >> 8; tail[3] = crc;
  g_byte_array_append (png, header, 8);
  g_byte_array_append (png, body, len);
  g_byte_array_append (png, tail, 4);
}

static GByteArray *
zcompress (const void *data, gsize len)
{
  uLongf out_len = compressBound (len);
  GByteArray *out = g_byte_array_sized_new (out_len);

  g_byte_array_set_size (out, out_len);
  g_assert_cmpint (compress2 (out->data, &out_len, data, len, 9), ==, Z_OK);
  g_byte_array_set_size (out, out_len);
  return out;
}

/* keyword \0 [prefix bytes] data */
static void
add_text_chunk (GByteArray *png, const char *type, const char *keyword,
                const void *prefix, gsize prefix_len, const void *data, gsize len)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  g_byte_array_append (body, (const guint8 *) keyword, strlen (keyword) + 1);
  g_byte_array_append (body, prefix, prefix_len);
  g_byte_array_append (body, data, len);
  add_chunk (png, type, body->data, body->len);
}

static void
add_ztxt (GByteArray *png, const char *keyword, const char *text)
{
  g_autoptr(GByteArray) z = zcompress (text, strlen (text));
  add_text_chunk (png, "zTXt", keyword, "\0", 1, z->data, z->len);
}

static void
add_itxt_compressed (GByteArray *png, const char *keyword, const char *text)
{
  g_autoptr(GByteArray) z = zcompress (text, strlen (text));
  /* compressed, method 0, language "fr", translated keyword "" */
  add_text_chunk (png, "iTXt", keyword, "\1\0fr\0\0", 6, z->data, z->len);
}

/* A big-endian TIFF block: IFD0 with Orientation and Artist "Jo". */
static const guint8 exif_tiff[] = {
  'M', 'M', 0, 42, 0, 0, 0, 8,
  0, 2,
  0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,          /* Orientation = 6 */
  0x01, 0x3B, 0, 2, 0, 0, 0, 3, 'J', 'o', 0, 0,      /* Artist = "Jo" */
  0, 0, 0, 0,
};

/* The ICC profile stored in exiftool's GIF test file (a real Nikon one). */
static GByteArray *
real_icc_profile (void)
{
  g_autofree char *path = veil_test_data_path ("gif/exiftool__t_images_GIF.gif");
  g_autoptr(GBytes) gif = veil_test_load (path);
  gsize len;
  const guint8 *d = g_bytes_get_data (gif, &len);
  const guint8 *app = memmem (d, len, "\x21\xff\x0bICCRGBG1012", 14);
  GByteArray *icc = g_byte_array_new ();
  gsize pos;

  g_assert_nonnull (app);
  pos = (app - d) + 14;
  while (pos < len && d[pos] != 0)
    {
      g_byte_array_append (icc, d + pos + 1, d[pos]);
      pos += 1 + d[pos];
    }
  return icc;
}

/* The signature and IHDR of exiftool's PNG.png, then extra, then its bKGD,
 * IDAT and IEND. */
static GByteArray *
build_png (void (*add_extra) (GByteArray *png, gpointer data), gpointer data)
{
  g_autoptr(GBytes) base = veil_test_load_fixture ("png", "exiftool__t_images_PNG.png");
  const guint8 *b = g_bytes_get_data (base, NULL);
  g_autoptr(GArray) chunks = read_chunks (b, g_bytes_get_size (base));
  GByteArray *png = g_byte_array_new ();

  g_byte_array_append (png, SIGNATURE, 8);
  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);

      if (strcmp (c->type, "IDAT") == 0 && add_extra != NULL)
        add_extra (png, data);
      if (strcmp (c->type, "tEXt") == 0 || strcmp (c->type, "iTXt") == 0)
        continue;
      add_chunk (png, c->type, c->body, c->len);
    }
  return png;
}

/* --- clean and check ----------------------------------------------------- */

static GBytes *
check_clean (const guint8 *data, gsize len, const char *name, gboolean drop_icc)
{
  g_autoptr(GBytes) cleaned = veil_test_clean_recheck (data, len, name, drop_icc);
  g_autoptr(GByteArray) before_pic = NULL;
  g_autoptr(GByteArray) after_pic = NULL;
  gsize out_len;
  const guint8 *out;

  /* Nothing removable left, by Veil's own inspection. */
  out = g_bytes_get_data (cleaned, &out_len);

  assert_display_chunks_only (out, out_len, !drop_icc);
  before_pic = picture_data (data, len, TRUE);
  after_pic = picture_data (out, out_len, FALSE);
  g_assert_cmpmem (before_pic->data, before_pic->len, after_pic->data, after_pic->len);

  veil_test_assert_same_pixels ("png", data, len, out, out_len);
  return g_steal_pointer (&cleaned);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_exiftool_png (void)
{
  g_autoptr(GBytes) bytes = veil_test_load_fixture ("png", "exiftool__t_images_PNG.png");
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autoptr(VeilReport) report = veil_inspect_data (data, len, "PNG.png", NULL);
  g_autoptr(GBytes) cleaned = NULL;
  const VeilFinding *comment;

  g_assert_nonnull (report);
  g_assert_cmpint (report->format, ==, VEIL_FORMAT_PNG);
  comment = veil_test_find_key (report, "PNG:comment");
  g_assert_nonnull (comment);
  g_assert_cmpstr (comment->value, ==, "test comment");
  g_assert_false (comment->kept);
  g_assert_true (veil_report_has_key_prefix (report, "XMP"));

  cleaned = check_clean (data, len, "PNG.png", FALSE);
  /* Only the text went: signature, IHDR, bKGD, IDAT, IEND. */
  g_assert_cmpuint (g_bytes_get_size (cleaned), ==, 8 + 25 + 14 + 26 + 12);
  assert_no_residue (exiftool_residue (cleaned, "png", TRUE), "PNG.png");

  /* The check itself sees the original's comment and XMP. */
  {
    g_autoptr(GPtrArray) before = exiftool_residue (bytes, "png", TRUE);
    if (before != NULL)
      g_assert_cmpuint (before->len, >=, 2);
  }
}

static void
test_mat2_dirty (void)
{
  g_autofree char *path = veil_test_shared_path ("corpus/png/mat2__tests_data_dirty.png");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VeilReport) report = NULL;
  g_autoptr(GBytes) cleaned = NULL;
  const VeilFinding *f;

  if (path == NULL)
    return;
  bytes = veil_test_load (path);
  report = veil_inspect_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "dirty.png", NULL);
  g_assert_nonnull (report);
  f = veil_test_find_key (report, "PNG:ModifyDate");
  g_assert_nonnull (f);
  g_assert_cmpint (f->category, ==, VEIL_CATEGORY_TIME);
  g_assert_cmpstr (f->value, ==, "2018-03-20 21:59:25 UTC");
  f = veil_test_find_key (report, "PNG:Comment");
  g_assert_nonnull (f);
  g_assert_cmpstr (f->value, ==, "This is a comment, be careful!");

  cleaned = check_clean (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "dirty.png", FALSE);
  /* The pixel density stays: it is how big the picture prints. */
  g_assert_nonnull (memmem (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned), "pHYs", 4));
  assert_no_residue (exiftool_residue (cleaned, "png", TRUE), "dirty.png");
}

static void
add_everything (GByteArray *png, gpointer data)
{
  GByteArray *icc = data;
  g_autoptr(GByteArray) zicc = zcompress (icc->data, icc->len);
  g_autoptr(GString) hex = g_string_new ("\nexif\n      ");
  static const guint8 time[7] = { 0x07, 0xE3, 5, 17, 9, 30, 12 };
  g_autoptr(GByteArray) exif = g_byte_array_new ();

  add_text_chunk (png, "iCCP", "Nikon", "\0", 1, zicc->data, zicc->len);
  add_chunk (png, "eXIf", exif_tiff, sizeof exif_tiff);
  add_ztxt (png, "Author", "Jane Doe");
  add_itxt_compressed (png, "Description", "Café à Paris");
  add_text_chunk (png, "tEXt", "Software", NULL, 0, "GIMP 2.10", 9);
  add_chunk (png, "tIME", time, sizeof time);
  add_chunk (png, "caBX", "jumbf-c2pa-manifest", 19);
  add_chunk (png, "prVt", "secret", 6);
  /* ImageMagick's hex-encoded EXIF, here with Artist "Jo". */
  g_byte_array_append (exif, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (exif, exif_tiff, sizeof exif_tiff);
  g_string_append_printf (hex, "%u\n", exif->len);
  for (guint i = 0; i < exif->len; i++)
    g_string_append_printf (hex, "%02x%s", exif->data[i], i % 36 == 35 ? "\n" : "");
  {
    g_autoptr(GByteArray) z = zcompress (hex->str, hex->len);
    add_text_chunk (png, "zTXt", "Raw profile type exif", "\0", 1, z->data, z->len);
  }
}

/* Every kind of PNG metadata is named in plain words, and goes. */
static void
test_synthetic_everything (void)
{
  g_autoptr(GByteArray) icc = real_icc_profile ();
  g_autoptr(GByteArray) png = build_png (add_everything, icc);
  g_autoptr(VeilReport) report = inspect (png, "everything.png");
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GBytes) no_icc = NULL;
  g_autoptr(GArray) chunks = NULL;
  static const struct { const char *key; const char *value; VeilCategory category; } expect[] = {
    { "PNG:Author", "Jane Doe", VEIL_CATEGORY_IDENTITY },
    { "PNG:Description", "Café à Paris", VEIL_CATEGORY_OTHER },
    { "PNG:Software", "GIMP 2.10", VEIL_CATEGORY_SOFTWARE },
    { "PNG:ModifyDate", "2019-05-17 09:30:12 UTC", VEIL_CATEGORY_TIME },
    { "PNG:ContentCredentials", NULL, VEIL_CATEGORY_HIDDEN },
    { "PNG:prVt", NULL, VEIL_CATEGORY_HIDDEN },
    { "EXIF:Artist", "Jo", VEIL_CATEGORY_IDENTITY },
  };
  guint artists = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const VeilFinding *f = veil_test_find_key (report, expect[i].key);
      if (f == NULL)
        g_error ("no finding %s", expect[i].key);
      if (expect[i].value != NULL)
        g_assert_cmpstr (f->value, ==, expect[i].value);
      g_assert_cmpint (f->category, ==, expect[i].category);
      g_assert_false (f->kept);
    }
  /* EXIF from eXIf and from the hex text note: both read. */
  for (guint i = 0; i < report->findings->len; i++)
    artists += g_str_equal (((VeilFinding *) g_ptr_array_index (report->findings, i))->key, "EXIF:Artist");
  g_assert_cmpuint (artists, ==, 2);
  g_assert_true (veil_test_find_key (report, "EXIF:Orientation")->kept);
  g_assert_true (veil_test_find_key (report, "ICC:Profile")->kept);

  cleaned = check_clean (png->data, png->len, "everything.png", FALSE);
  /* The orientation stays, alone, so the picture still shows upright. */
  chunks = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);
      if (strcmp (c->type, "eXIf") == 0)
        {
          guint16 o = 0;
          g_assert_true (_veil_exif_orientation (c->body, c->len, &o));
          g_assert_cmpuint (o, ==, 6);
        }
    }
  assert_no_residue (exiftool_residue (cleaned, "png", TRUE), "everything.png");

  no_icc = check_clean (png->data, png->len, "everything.png", TRUE);
  g_assert_null (memmem (g_bytes_get_data (no_icc, NULL), g_bytes_get_size (no_icc), "iCCP", 4));
  assert_no_residue (exiftool_residue (no_icc, "png", FALSE), "everything-no-icc.png");
}

static void
add_apng (GByteArray *png, gpointer data)
{
  static const guint8 actl[8] = { 0, 0, 0, 2, 0, 0, 0, 0 };
  guint8 fctl[26] = { 0 };

  add_chunk (png, "acTL", actl, sizeof actl);
  fctl[7] = 16; fctl[11] = 16;       /* 16 × 16 */
  fctl[21] = 1;                      /* delay 1/100 s: numerator 1 (bytes 20-21), */
  fctl[23] = 100;                    /* denominator 100 (bytes 22-23) */
  add_chunk (png, "fcTL", fctl, sizeof fctl);
  add_text_chunk (png, "tEXt", "Comment", NULL, 0, "between frames", 14);
}

/* APNG: the animation chunks stay, in order. */
static void
test_apng (void)
{
  g_autoptr(GByteArray) png = build_png (add_apng, NULL);
  g_autoptr(GByteArray) apng = g_byte_array_new ();
  g_autoptr(GArray) chunks = read_chunks (png->data, png->len);
  g_autoptr(GBytes) cleaned = NULL;
  g_autoptr(GArray) out = NULL;
  guint n_fdat = 0;

  /* A second frame after IDAT: fcTL (sequence 1) and fdAT (sequence 2). */
  g_byte_array_append (apng, SIGNATURE, 8);
  for (guint i = 0; i < chunks->len; i++)
    {
      const Chunk *c = &g_array_index (chunks, Chunk, i);

      if (strcmp (c->type, "IEND") == 0)
        {
          const Chunk *first = &g_array_index (chunks, Chunk, 3); /* IHDR, bKGD, acTL, fcTL */
          guint8 fctl[26];
          g_autoptr(GByteArray) fdat = g_byte_array_new ();
          const Chunk *idat = NULL;

          for (guint k = 0; k < chunks->len; k++)
            if (strcmp (g_array_index (chunks, Chunk, k).type, "IDAT") == 0)
              idat = &g_array_index (chunks, Chunk, k);
          g_assert_cmpstr (first->type, ==, "fcTL");
          memcpy (fctl, first->body, 26);
          fctl[3] = 1;
          add_chunk (apng, "fcTL", fctl, 26);
          g_byte_array_append (fdat, (const guint8 *) "\0\0\0\2", 4);
          g_byte_array_append (fdat, idat->body, idat->len);
          add_chunk (apng, "fdAT", fdat->data, fdat->len);
        }
      add_chunk (apng, c->type, c->body, c->len);
    }

  cleaned = check_clean (apng->data, apng->len, "anim.png", FALSE);
  out = read_chunks (g_bytes_get_data (cleaned, NULL), g_bytes_get_size (cleaned));
  for (guint i = 0; i < out->len; i++)
    n_fdat += strcmp (g_array_index (out, Chunk, i).type, "fdAT") == 0;
  g_assert_cmpuint (n_fdat, ==, 1);
  g_assert_cmpstr (g_array_index (out, Chunk, 2).type, ==, "acTL");
}

static void
add_damaged_text (GByteArray *png, gpointer data)
{
  add_text_chunk (png, "tEXt", "Author", NULL, 0, "Someone", 7);
  png->data[png->len - 1] ^= 0xFF; /* break its CRC */
}

static void
add_trailer (GByteArray *png, gpointer data)
{
}

/* A damaged ancillary chunk is reported and dropped; data after IEND too. */
static void
test_damaged_and_trailer (void)
{
  g_autoptr(GByteArray) damaged = build_png (add_damaged_text, NULL);
  g_autoptr(GByteArray) trailing = build_png (add_trailer, NULL);
  g_autoptr(VeilReport) r1 = inspect (damaged, "damaged.png");
  g_autoptr(VeilReport) r2 = NULL;
  g_autoptr(GBytes) c1 = NULL;
  g_autoptr(GBytes) c2 = NULL;

  g_assert_nonnull (veil_test_find_key (r1, "PNG:tEXt"));
  c1 = check_clean (damaged->data, damaged->len, "damaged.png", FALSE);

  g_byte_array_append (trailing, (const guint8 *) "PK\3\4 a zip file", 15);
  r2 = inspect (trailing, "trailing.png");
  g_assert_nonnull (veil_test_find_key (r2, "Trailer:Data"));
  c2 = veil_clean_data (trailing->data, trailing->len, "trailing.png", NULL, NULL);
  g_assert_nonnull (c2);
  g_assert_cmpuint (g_bytes_get_size (c2), ==, trailing->len - 15);
}

static void
add_bombs (GByteArray *png, gpointer data)
{
  gsize n = 200u << 20;  /* 200 MB of zeros, about 200 KB compressed */
  g_autofree guint8 *zeros = g_malloc0 (n);
  g_autoptr(GByteArray) z = zcompress (zeros, n);

  add_text_chunk (png, "zTXt", "Comment", "\0", 1, z->data, z->len);
  add_text_chunk (png, "iTXt", "Description", "\1\0\0\0", 4, z->data, z->len);
  add_text_chunk (png, "iCCP", "bomb", "\0", 1, z->data, z->len);
  for (int i = 0; i < 20; i++)
    add_text_chunk (png, "zTXt", "Comment", "\0", 1, z->data, z->len);
}

/* Zip bombs in text notes and in the colour profile: reported by size,
 * dropped, never inflated beyond the caps. */
static void
test_zip_bombs (void)
{
  g_autoptr(GByteArray) png = build_png (add_bombs, NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(VeilReport) report = inspect (png, "bomb.png");
  g_autoptr(GBytes) cleaned = NULL;
  const VeilFinding *f = veil_test_find_key (report, "PNG:Comment");

  g_assert_nonnull (f);
  g_assert_nonnull (strstr (f->value, "too large"));
  g_assert_nonnull (veil_test_find_key (report, "PNG:iCCP"));
  g_assert_false (veil_test_find_key (report, "PNG:iCCP")->kept);
  cleaned = check_clean (png->data, png->len, "bomb.png", FALSE);
  g_assert_cmpuint (g_bytes_get_size (cleaned), <, 200);
  /* The per-file budget keeps 23 bombs from costing 23 × 16 MB. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
assert_refused (const guint8 *data, gsize len, const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cleaned = veil_clean_data (data, len, "hostile.png", NULL, &error);

  if (cleaned != NULL)
    g_error ("accepted: %s", why);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "hostile.png"));
  g_test_message ("%s → %s", why, error->message);
}

/* Cut at every byte, the file is refused with a reason; a cut after IEND
 * is a clean file. */
static void
test_truncated (void)
{
  g_autoptr(GByteArray) icc = real_icc_profile ();
  g_autoptr(GByteArray) png = build_png (add_everything, icc);

  for (gsize cut = 0; cut < png->len; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) cleaned = veil_clean_data (png->data, cut, "cut.png", NULL, &error);

      g_assert_null (cleaned);
      g_assert_nonnull (error);
      g_assert_true (error->domain == VEIL_METADATA_ERROR);
      g_assert_nonnull (strstr (error->message, "cut.png"));
    }
}

static void
add_unknown_critical (GByteArray *png, gpointer data)
{
  add_chunk (png, "CgBI", "\x50\0\x20\x06", 4);
}

static void
test_hostile (void)
{
  g_autoptr(GByteArray) png = build_png (NULL, NULL);
  g_autoptr(GByteArray) bad = NULL;
  g_autoptr(GByteArray) critical = build_png (add_unknown_critical, NULL);
  gsize idat;

  /* A chunk length past the end, and one over 2^31. */
  bad = g_byte_array_new ();
  g_byte_array_append (bad, png->data, 33);
  add_text_chunk (bad, "tEXt", "Comment", NULL, 0, "x", 1);
  bad->data[33 + 2] = 0x10;
  g_byte_array_append (bad, png->data + 33, png->len - 33);
  assert_refused (bad->data, bad->len, "length past the end");
  bad->data[33] = 0x80;
  assert_refused (bad->data, bad->len, "length over 2^31");

  /* A damaged IDAT. */
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, png->data, png->len);
  idat = (const guint8 *) memmem (bad->data, bad->len, "IDAT", 4) - bad->data;
  bad->data[idat + 6] ^= 1;
  assert_refused (bad->data, bad->len, "bad IDAT CRC");

  /* No IHDR first; no image data; no IEND; a chunk type that is not letters. */
  assert_refused ((const guint8 *) "\x89PNG\r\n\x1a\n\0\0\0\0IEND\xae\x42\x60\x82", 20, "no IHDR");
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, png->data, 33);
  add_chunk (bad, "IEND", "", 0);
  assert_refused (bad->data, bad->len, "no IDAT");
  assert_refused (png->data, png->len - 12, "no IEND");
  g_byte_array_set_size (bad, 0);
  g_byte_array_append (bad, png->data, png->len);
  bad->data[37] = '1';
  assert_refused (bad->data, bad->len, "chunk type with a digit");

  /* A critical chunk Veil does not know: reported, but not cleaned blindly. */
  {
    g_autoptr(VeilReport) report = inspect (critical, "critical.png");
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) cleaned = NULL;

    g_assert_nonnull (veil_test_find_key (report, "PNG:CgBI"));
    cleaned = veil_clean_data (critical->data, critical->len, "critical.png", NULL, &error);
    g_assert_null (cleaned);
    g_assert_error (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "CgBI"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/png/exiftool", test_exiftool_png);
  g_test_add_func ("/png/mat2-dirty", test_mat2_dirty);
  g_test_add_func ("/png/everything", test_synthetic_everything);
  g_test_add_func ("/png/apng", test_apng);
  g_test_add_func ("/png/damaged-and-trailer", test_damaged_and_trailer);
  g_test_add_func ("/png/zip-bombs", test_zip_bombs);
  g_test_add_func ("/png/truncated", test_truncated);
  g_test_add_func ("/png/hostile", test_hostile);
  return g_test_run ();
}
