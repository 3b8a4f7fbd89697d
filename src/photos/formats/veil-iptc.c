/* veil-iptc.c: Photoshop image resources and IPTC-IIM findings.
 *
 * Photoshop image resources ("8BIM" blocks) are a flat list: signature, a
 * 16-bit id, a Pascal name padded to an even length, a 32-bit size and the
 * data padded to an even length. Inside sit the IPTC-IIM press metadata,
 * a thumbnail, XMP, EXIF and a colour profile, each handed to its parser.
 *
 * IPTC-IIM is a list of datasets: 0x1C, record, dataset, a 16-bit size (or,
 * with the top bit set, the count of size bytes that follow) and the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-iptc"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-bytes.h"
#include "veil-exif.h"
#include "veil-icc.h"
#include "veil-iptc.h"
#include "veil-xmp.h"

#define MAX_DATASETS   10000
#define MAX_RESOURCES  10000
#define MAX_VALUES     200      /* repeated values shown per dataset */

/* ---- IPTC-IIM ------------------------------------------------------------ */

typedef struct {
  guint8        dataset;
  const char   *key;          /* after "IPTC:", as exiftool names it */
  VeilCategory  category;
  const char   *explanation;
} DatasetInfo;

/* Record 2 (application record) datasets worth a line each. */
static const DatasetInfo datasets[] = {
  { 5, "ObjectName", VEIL_CATEGORY_IDENTITY, N_("A title for the photo; it can name people or places.") },
  { 25, "Keywords", VEIL_CATEGORY_IDENTITY, N_("Keywords; they can name people, places or events.") },
  { 26, "ContentLocationCode", VEIL_CATEGORY_LOCATION, N_("A code for the place the photo shows.") },
  { 27, "ContentLocationName", VEIL_CATEGORY_LOCATION, N_("Names the place the photo shows.") },
  { 40, "SpecialInstructions", VEIL_CATEGORY_IDENTITY, N_("Notes for editors; they can hold names or other details.") },
  { 55, "DateCreated", VEIL_CATEGORY_TIME, N_("When the photo was taken.") },
  { 62, "DigitalCreationDate", VEIL_CATEGORY_TIME, N_("When the digital file was made.") },
  { 65, "OriginatingProgram", VEIL_CATEGORY_SOFTWARE, N_("Names the software that wrote the press metadata.") },
  { 80, "By-line", VEIL_CATEGORY_IDENTITY, N_("Names who took the photo.") },
  { 85, "By-lineTitle", VEIL_CATEGORY_IDENTITY, N_("The photographer's job title.") },
  { 90, "City", VEIL_CATEGORY_LOCATION, N_("Names the city where the photo was taken.") },
  { 92, "Sub-location", VEIL_CATEGORY_LOCATION, N_("Names the exact place where the photo was taken, such as a street or a building.") },
  { 95, "Province-State", VEIL_CATEGORY_LOCATION, N_("Names the region where the photo was taken.") },
  { 100, "Country-PrimaryLocationCode", VEIL_CATEGORY_LOCATION, N_("The country where the photo was taken.") },
  { 101, "Country-PrimaryLocationName", VEIL_CATEGORY_LOCATION, N_("Names the country where the photo was taken.") },
  { 103, "OriginalTransmissionReference", VEIL_CATEGORY_IDENTITY, N_("A job reference; it can link the photo to an assignment or a client.") },
  { 105, "Headline", VEIL_CATEGORY_IDENTITY, N_("A headline for the photo; it can name people or places.") },
  { 110, "Credit", VEIL_CATEGORY_IDENTITY, N_("A credit line; it usually names the photographer or agency.") },
  { 115, "Source", VEIL_CATEGORY_IDENTITY, N_("Names who supplied the photo.") },
  { 116, "CopyrightNotice", VEIL_CATEGORY_IDENTITY, N_("A copyright line; it usually names the photographer.") },
  { 118, "Contact", VEIL_CATEGORY_IDENTITY, N_("Contact details for the photo: a name, address, phone or email.") },
  { 120, "Caption-Abstract", VEIL_CATEGORY_IDENTITY, N_("A caption; it can name people or places.") },
  { 122, "Writer-Editor", VEIL_CATEGORY_IDENTITY, N_("Names who wrote the caption.") },
  { 200, "ObjectPreviewData", VEIL_CATEGORY_THUMBNAIL, N_("A small copy of the picture; it may show the photo before it was edited.") },
};

static const DatasetInfo *
find_dataset (guint8 dataset)
{
  for (gsize i = 0; i < G_N_ELEMENTS (datasets); i++)
    if (datasets[i].dataset == dataset)
      return &datasets[i];
  return NULL;
}

/* Plain names for the datasets summed up in the "other" finding. */
static const char *
other_name (guint8 record, guint8 dataset)
{
  if (record == 1)
    return _("envelope");
  if (record != 2)
    return NULL;
  switch (dataset)
    {
    case 7: return _("edit status");
    case 10: return _("urgency");
    case 12: return _("subject codes");
    case 15: return _("category");
    case 20: return _("supplemental categories");
    case 22: return _("fixture");
    case 30: case 35: return _("release date");
    case 37: case 38: return _("expiry date");
    case 45: case 47: case 50: return _("references");
    case 75: return _("object cycle");
    case 130: return _("image type");
    case 131: return _("image orientation");
    case 135: return _("language");
    default: return NULL;
    }
}

typedef struct {
  guint8        record;
  guint8        dataset;
  const guint8 *value;
  gsize         len;
} Dataset;

/* Walks the datasets; FALSE when the block is damaged part-way (what was
 * read before stays in out). */
static gboolean
parse_iim (const guint8 *data, gsize len, GArray *out)
{
  gsize pos = 0;

  while (pos < len)
    {
      Dataset ds;
      guint64 size;

      if (data[pos] == 0x00)
        {
          /* Padding to an even size or to a block end is common. */
          pos++;
          continue;
        }
      if (data[pos] != 0x1C || !veil_range_ok (len, pos, 5) || out->len >= MAX_DATASETS)
        return FALSE;
      ds.record = data[pos + 1];
      ds.dataset = data[pos + 2];
      size = veil_read_be16 (data + pos + 3);
      pos += 5;
      if (size & 0x8000)
        {
          guint n = size & 0x7FFF;

          /* Extended size: n bytes of big-endian length; more than 4 is
           * beyond any real file. */
          if (n == 0 || n > 4 || !veil_range_ok (len, pos, n))
            return FALSE;
          size = 0;
          for (guint i = 0; i < n; i++)
            size = (size << 8) | data[pos + i];
          pos += n;
        }
      if (!veil_range_ok (len, pos, size))
        return FALSE;
      ds.value = data + pos;
      ds.len = size;
      g_array_append_val (out, ds);
      pos += size;
    }
  return TRUE;
}

static char *
decode_text (const guint8 *value, gsize len, gboolean utf8)
{
  /* Without the UTF-8 marker the standard says Latin-1, but many writers
   * store UTF-8 anyway; text that is valid UTF-8 and not plain ASCII is
   * almost never Latin-1, so it is taken as UTF-8. */
  if (utf8 || g_utf8_validate ((const char *) value, len, NULL))
    return g_utf8_make_valid ((const char *) value, len);
  return g_convert ((const char *) value, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
}

/* "20040226" -> "2004-02-26"; "021111+0100" -> "02:11:11+01:00". */
static char *
pretty_date_time (const char *date, const char *time)
{
  GString *out = g_string_new (NULL);

  if (date != NULL && strlen (date) == 8)
    g_string_append_printf (out, "%.4s-%.2s-%.2s", date, date + 4, date + 6);
  else if (date != NULL)
    g_string_append (out, date);
  if (time != NULL && strlen (time) >= 6)
    {
      g_string_append_printf (out, "%s%.2s:%.2s:%.2s", out->len ? " " : "", time, time + 2, time + 4);
      if (strlen (time) == 11)
        g_string_append_printf (out, "%.3s:%.2s", time + 6, time + 9);
    }
  else if (time != NULL)
    g_string_append_printf (out, "%s%s", out->len ? " " : "", time);
  return g_string_free (out, FALSE);
}

void
_veil_iptc_findings (const guint8 *data,
                     gsize         len,
                     VeilReport   *report)
{
  g_autoptr(GArray) sets = g_array_new (FALSE, FALSE, sizeof (Dataset));
  g_autoptr(GString) other = g_string_new (NULL);
  gboolean complete, utf8 = FALSE;
  guint n_other = 0, before = report->findings->len;
  const char *date_created = NULL, *time_created = NULL;
  const char *digital_date = NULL, *digital_time = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  complete = parse_iim (data, len, sets);

  /* 1:90 CodedCharacterSet: ESC % G means UTF-8. */
  for (guint i = 0; i < sets->len; i++)
    {
      const Dataset *ds = &g_array_index (sets, Dataset, i);
      if (ds->record == 1 && ds->dataset == 90 && ds->len >= 3 &&
          memcmp (ds->value, "\x1B%G", 3) == 0)
        utf8 = TRUE;
    }

  /* Text of every dataset, decoded once. */
  for (guint i = 0; i < sets->len; i++)
    {
      const Dataset *ds = &g_array_index (sets, Dataset, i);
      g_ptr_array_add (texts, decode_text (ds->value, ds->len, utf8));
    }

  for (guint i = 0; i < sets->len; i++)
    {
      const Dataset *ds = &g_array_index (sets, Dataset, i);
      const char *text = g_ptr_array_index (texts, i);
      if (ds->record != 2)
        continue;
      if (ds->dataset == 55) date_created = text;
      if (ds->dataset == 60) time_created = text;
      if (ds->dataset == 62) digital_date = text;
      if (ds->dataset == 63) digital_time = text;
    }

  for (guint i = 0; i < sets->len; i++)
    {
      const Dataset *ds = &g_array_index (sets, Dataset, i);
      const DatasetInfo *info = ds->record == 2 ? find_dataset (ds->dataset) : NULL;
      g_autoptr(GString) value = NULL;
      g_autofree char *key = NULL;
      guint repeats = 0;
      gboolean first = TRUE;

      if (ds->record == 1 && ds->dataset == 90)
        continue; /* the character set: not a finding */
      if (ds->record == 2 && (ds->dataset == 0 || ds->dataset == 60 || ds->dataset == 63 ||
                              ds->dataset == 70))
        continue; /* record version; times and program version go with their partner */
      if (info == NULL)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < i && !seen; j++)
            {
              const Dataset *prev = &g_array_index (sets, Dataset, j);
              seen = prev->record == ds->record && prev->dataset == ds->dataset;
            }
          if (seen)
            continue;
          if (n_other < 4)
            {
              const char *name = other_name (ds->record, ds->dataset);
              g_autofree char *number = g_strdup_printf (_("dataset %u:%u"), ds->record, ds->dataset);
              if (name == NULL || strstr (other->str, name) == NULL)
                g_string_append_printf (other, "%s%s", other->len ? ", " : "",
                                        name != NULL ? name : number);
            }
          n_other++;
          continue;
        }
      /* Repeated datasets (keywords, several by-lines) make one finding,
       * at the place of the first. */
      for (guint j = 0; j < i && first; j++)
        {
          const Dataset *prev = &g_array_index (sets, Dataset, j);
          first = !(prev->record == 2 && prev->dataset == ds->dataset);
        }
      if (!first)
        continue;

      key = g_strdup_printf ("IPTC:%s", info->key);
      if (info->category == VEIL_CATEGORY_THUMBNAIL)
        {
          g_autofree char *size = g_format_size (ds->len);
          veil_report_add (report, info->category, key, size, "%s", _(info->explanation));
          continue;
        }
      if (ds->dataset == 55 || ds->dataset == 62)
        {
          g_autofree char *when = ds->dataset == 55 ? pretty_date_time (date_created, time_created)
                                                    : pretty_date_time (digital_date, digital_time);
          veil_report_add (report, info->category, key, when, "%s", _(info->explanation));
          continue;
        }

      value = g_string_new (NULL);
      for (guint j = i; j < sets->len; j++)
        {
          const Dataset *same = &g_array_index (sets, Dataset, j);
          const char *text = g_ptr_array_index (texts, j);

          if (same->record != 2 || same->dataset != ds->dataset || text == NULL || text[0] == '\0')
            continue;
          if (repeats++ < MAX_VALUES)
            g_string_append_printf (value, "%s%s", value->len ? ", " : "", text);
        }
      if (ds->dataset == 65)
        for (guint j = 0; j < sets->len; j++)
          {
            const Dataset *v = &g_array_index (sets, Dataset, j);
            const char *text = g_ptr_array_index (texts, j);
            if (v->record == 2 && v->dataset == 70 && text != NULL && text[0] != '\0')
              {
                g_string_append_printf (value, " %s", text);
                break;
              }
          }
      if (repeats > MAX_VALUES)
        g_string_append (value, ", …");
      if (value->len == 0)
        {
          n_other++;
          continue;
        }
      veil_report_add (report, info->category, key, value->str, "%s", _(info->explanation));
    }

  if (n_other > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more field",
                                                             "%u more fields", n_other), n_other);
      veil_report_add (report, VEIL_CATEGORY_OTHER, "IPTC:Other", value,
                       _("Other press details (%s%s); removed with the rest."),
                       other->str, n_other > 4 ? ", …" : "");
    }
  if (!complete)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "IPTC", size,
                       _("Press metadata Veil cannot read in full (it is damaged); it is removed all the same."));
    }
  else if (report->findings->len == before && len > 0)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "IPTC", size,
                       _("An empty press metadata block; it is removed all the same."));
    }
}

/* ---- Photoshop image resources ------------------------------------------- */

#define IRB_CAPTION          0x03F0
#define IRB_IPTC             0x0404
#define IRB_THUMBNAIL_OLD    0x0409
#define IRB_COPYRIGHT_FLAG   0x040A
#define IRB_URL              0x040B
#define IRB_THUMBNAIL        0x040C
#define IRB_ICC              0x040F
#define IRB_SLICES           0x041A
#define IRB_VERSION_INFO     0x0421
#define IRB_EXIF1            0x0422
#define IRB_EXIF3            0x0423
#define IRB_XMP              0x0424
#define IRB_LAYER_COMPS      0x0429
#define IRB_AUTO_SAVE_PATH   0x043E

static gboolean
is_print_resource (guint16 id)
{
  switch (id)
    {
    case 0x03E9: /* Macintosh print manager info */
    case 0x03F3: /* print flags */
    case 0x03F5: /* colour halftoning */
    case 0x03F6: /* duotone halftoning */
    case 0x03F7: /* grayscale transfer */
    case 0x03F8: /* colour transfer */
    case 0x03FB: /* effective black and white */
    case 0x0426: /* print scale */
    case 0x043A: /* print information */
    case 0x043B: /* print style */
    case 0x043C: /* Macintosh NSPrintInfo */
    case 0x043D: /* Windows DEVMODE */
    case 0x2710: /* print flags information */
      return TRUE;
    default:
      return FALSE;
    }
}

/* A Photoshop "Unicode string": 32-bit count of UTF-16BE code units. */
static char *
read_unicode_string (const guint8 *data, gsize len, gsize *pos)
{
  guint32 count;
  char *text;

  if (!veil_range_ok (len, *pos, 4))
    return NULL;
  count = veil_read_be32 (data + *pos);
  if (!veil_range_ok (len, *pos + 4, (guint64) count * 2))
    return NULL;
  text = g_convert ((const char *) data + *pos + 4, (gsize) count * 2, "UTF-8", "UTF-16BE",
                    NULL, NULL, NULL);
  *pos += 4 + (gsize) count * 2;
  if (text != NULL)
    {
      /* Some writers count the terminating NUL. */
      gsize n = strlen (text);
      while (n > 0 && text[n - 1] == '\0')
        n--;
      text[n] = '\0';
    }
  return text;
}

static void
report_thumbnail (const guint8 *data, gsize len, VeilReport *report)
{
  g_autofree char *size = g_format_size (len);
  g_autofree char *value = NULL;

  /* 28-byte header: format, width, height, row bytes, sizes, depth, planes. */
  if (len >= 28 && veil_read_be32 (data + 4) > 0 && veil_read_be32 (data + 8) > 0)
    value = g_strdup_printf ("%u × %u pixels, %s", veil_read_be32 (data + 4),
                             veil_read_be32 (data + 8), size);
  else
    value = g_strdup (size);
  veil_report_add (report, VEIL_CATEGORY_THUMBNAIL, "Photoshop:Thumbnail", value,
                   _("A small copy of the picture; it may show the photo before it was cropped or edited."));
}

/* The counts of resources that are not reported one by one. */
typedef struct {
  guint n_blocks;
  guint n_print;   /* print settings */
  guint n_other;   /* other editing data */
} IrbCounts;

static gboolean
is_resource_signature (const guint8 *p)
{
  static const char *const signatures[] = { "8BIM", "MeSa", "PHUT", "AgHg", "DCSR" };

  for (gsize i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (memcmp (p, signatures[i], 4) == 0)
      return TRUE;
  return FALSE;
}

/* Reads the resource block at *pos: signature, id, padded Pascal name,
 * size, data (padded to even). FALSE when it is damaged. */
static gboolean
next_resource (const guint8  *data,
               gsize          len,
               gsize         *pos,
               guint16       *id,
               const guint8 **block,
               guint64       *size)
{
  guint64 name_len;

  if (!veil_range_ok (len, *pos, 8) || !is_resource_signature (data + *pos))
    return FALSE;
  *id = veil_read_be16 (data + *pos + 4);
  /* The Pascal name, length byte included, is padded to even. */
  name_len = (1 + (guint64) data[*pos + 6] + 1) & ~(guint64) 1;
  if (!veil_range_ok (len, *pos + 6, name_len + 4))
    return FALSE;
  *size = veil_read_be32 (data + *pos + 6 + name_len);
  *pos += 6 + name_len + 4;
  if (!veil_range_ok (len, *pos, *size))
    return FALSE;
  *block = data + *pos;
  *pos += *size + (*size & 1);
  return TRUE;
}

/* The text resources each say something in their own way; FALSE when the
 * resource holds nothing worth a finding of its own. */
static gboolean
report_caption (const guint8 *block, guint64 size, VeilReport *report)
{
  g_autofree char *text = size > 1 ? g_convert ((const char *) block + 1, MIN (block[0], size - 1),
                                                "UTF-8", "ISO-8859-1", NULL, NULL, NULL)
                                   : NULL;

  if (text != NULL && text[0] != '\0')
    veil_report_add (report, VEIL_CATEGORY_IDENTITY, "Photoshop:Caption", text,
                     _("A caption; it can name people or places."));
  return TRUE;
}

static gboolean
report_url (const guint8 *block, guint64 size, VeilReport *report)
{
  g_autofree char *url = g_utf8_make_valid ((const char *) block, size);

  if (g_strstrip (url)[0] != '\0')
    veil_report_add (report, VEIL_CATEGORY_IDENTITY, "Photoshop:URL", url,
                     _("A web address saved with the picture; it often points to the author's site."));
  return TRUE;
}

static gboolean
report_copyright_flag (const guint8 *block, guint64 size, VeilReport *report)
{
  if (size < 1 || block[0] == 0)
    return FALSE;
  veil_report_add (report, VEIL_CATEGORY_IDENTITY, "Photoshop:CopyrightFlag",
                   _("marked as copyrighted"),
                   _("The picture is marked as copyrighted, which points to an owner."));
  return TRUE;
}

static gboolean
report_slices (const guint8 *block, guint64 size, VeilReport *report)
{
  /* Version 6: version, bounds (16 bytes), then the group name, which is
   * the document's name when it was sliced. */
  gsize at = 20;
  g_autofree char *name = size >= 24 && veil_read_be32 (block) == 6
                          ? read_unicode_string (block, size, &at) : NULL;

  if (name == NULL || name[0] == '\0')
    return FALSE;
  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:SlicesGroupName", name,
                   _("The name the picture had in Photoshop; it can reveal the original file name."));
  return TRUE;
}

static gboolean
report_version_info (const guint8 *block, guint64 size, VeilReport *report)
{
  gsize at = 5;
  g_autofree char *writer = size >= 9 ? read_unicode_string (block, size, &at) : NULL;
  g_autofree char *reader = writer != NULL ? read_unicode_string (block, size, &at) : NULL;
  const char *name = reader != NULL && reader[0] != '\0' ? reader : writer;

  if (name == NULL || name[0] == '\0')
    return FALSE;
  veil_report_add (report, VEIL_CATEGORY_SOFTWARE, "Photoshop:VersionInfo", name,
                   _("Names the software version that saved the picture."));
  return TRUE;
}

static gboolean
report_auto_save_path (const guint8 *block, guint64 size, VeilReport *report)
{
  gsize at = 0;
  g_autofree char *path = read_unicode_string (block, size, &at);

  if (path == NULL || path[0] == '\0')
    return FALSE;
  veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:AutoSaveFilePath", path,
                   _("Where Photoshop kept a backup copy on the computer; the path can hold the user's name."));
  return TRUE;
}

/* One resource: a finding of its own, or a count in counts. */
static void
report_resource (guint16       id,
                 const guint8 *block,
                 guint64       size,
                 IrbCounts    *counts,
                 VeilReport   *report)
{
  gboolean reported = TRUE;

  switch (id)
    {
    case IRB_IPTC:
      _veil_iptc_findings (block, size, report);
      break;
    case IRB_THUMBNAIL:
    case IRB_THUMBNAIL_OLD:
      report_thumbnail (block, size, report);
      break;
    case IRB_XMP:
      _veil_xmp_findings ((const char *) block, size, report);
      break;
    case IRB_EXIF1:
    case IRB_EXIF3:
      _veil_exif_findings (block, size, report);
      break;
    case IRB_ICC:
      /* Dropped with the resources: a removable finding, not a kept one. */
      _veil_icc_findings_full (block, size, "Photoshop:ICC", FALSE, report);
      break;
    case IRB_CAPTION:
      reported = report_caption (block, size, report);
      break;
    case IRB_URL:
      reported = report_url (block, size, report);
      break;
    case IRB_COPYRIGHT_FLAG:
      reported = report_copyright_flag (block, size, report);
      break;
    case IRB_SLICES:
      reported = report_slices (block, size, report);
      break;
    case IRB_VERSION_INFO:
      reported = report_version_info (block, size, report);
      break;
    case IRB_LAYER_COMPS:
      {
        g_autofree char *value = g_format_size (size);
        veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:LayerComps", value,
                         _("Saved layer arrangements from editing; their names can describe earlier versions of the picture."));
      }
      break;
    case IRB_AUTO_SAVE_PATH:
      reported = report_auto_save_path (block, size, report);
      break;
    default:
      if (is_print_resource (id))
        counts->n_print++;
      else
        counts->n_other++;
      break;
    }
  if (!reported)
    counts->n_other++;
}

/* The resources counted rather than listed, and what to say when the
 * data is damaged or held nothing (no finding since the first, before). */
static void
report_summary (const IrbCounts *counts,
                gboolean         damaged,
                guint            before,
                gsize            len,
                VeilReport      *report)
{
  if (counts->n_print > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u block", "%u blocks",
                                                             counts->n_print), counts->n_print);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:PrintSettings", value,
                       _("Print settings saved by Photoshop; they can name the printer used."));
    }
  if (counts->n_other > 0)
    {
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u block", "%u blocks",
                                                             counts->n_other), counts->n_other);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:EditingData", value,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Photoshop editing data (%u block), such as guides and resolution; removed with the rest.",
                                    "Photoshop editing data (%u blocks), such as guides and resolution; removed with the rest.",
                                    counts->n_other), counts->n_other);
    }
  if (damaged)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:IRB", size,
                       _("Photoshop data Veil cannot read in full (it is damaged); it is removed all the same."));
    }
  else if (report->findings->len == before && len > 0)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "Photoshop:IRB", size,
                       _("An empty block of Photoshop data; it is removed all the same."));
    }
}

void
_veil_irb_findings (const guint8 *data,
                    gsize         len,
                    VeilReport   *report)
{
  IrbCounts counts = { 0 };
  gsize pos = 0;
  gboolean damaged = FALSE;
  guint before = report->findings->len;

  while (pos < len)
    {
      guint16 id;
      guint64 size;
      const guint8 *block;

      if (len - pos < 4 && data[pos] == 0)
        break; /* trailing padding */
      if (counts.n_blocks >= MAX_RESOURCES || !next_resource (data, len, &pos, &id, &block, &size))
        {
          damaged = TRUE;
          break;
        }
      counts.n_blocks++;
      report_resource (id, block, size, &counts, report);
    }
  report_summary (&counts, damaged, before, len, report);
}
