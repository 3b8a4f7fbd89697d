/* veil-icc.c: ICC colour profile findings.
 *
 * A default clean keeps the profile, because colours need it, so these
 * findings are kept ones: they tell the user what the profile says, so they
 * can choose to drop it. Standard colour spaces (sRGB, Adobe RGB, Display P3,
 * ...) say nothing about the person and get one line; a profile made for a
 * particular screen or printer can name the device and when it was
 * calibrated, and gets a line for each.
 *
 * Layout (ICC.1): a 128-byte header, a tag count, then 12-byte tag entries
 * (signature, offset, size) pointing into the profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-icc"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-bytes.h"
#include "veil-icc.h"

#define HEADER_SIZE 128
#define MAX_TAGS    200
#define MAX_TEXT    1024   /* characters kept from a text tag */

/* Start of the descriptions of common standard profiles. */
static const char *standard_profiles[] = {
  "sRGB", "Adobe RGB", "Display P3", "DCI-P3", "P3 ", "ProPhoto", "ROMM RGB",
  "Apple RGB", "ColorMatch RGB", "Generic ", "Rec. 2020", "Rec.2020", "Rec. 709",
  "Rec.709", "ITU-R", "BT.2020", "BT.709", "scRGB", "ECI RGB", "eciRGB", "Coated FOGRA",
  "Uncoated FOGRA", "ISO Coated", "ISO Uncoated", "PSO ", "U.S. Web", "U.S. Sheetfed",
  "Japan Color", "Dot Gain", "Gray Gamma", "Linear ", "c2", "Compact ",
  "Wide Gamut RGB", "Best RGB", "Beta RGB", "Don RGB", "Ekta Space",
};

static const struct {
  const char *sig;
  const char *name;
} signatures[] = {
  { "APPL", "Apple" }, { "appl", "Apple" }, { "ADBE", "Adobe" }, { "MSFT", "Microsoft" },
  { "HP  ", "Hewlett-Packard" }, { "lcms", "Little CMS" }, { "argl", "ArgyllCMS" },
  { "XRIT", "X-Rite" }, { "XRCM", "X-Rite" }, { "DCAL", "DisplayCAL" }, { "EPSO", "Epson" },
  { "CANO", "Canon" }, { "NKON", "Nikon" }, { "SONY", "Sony" }, { "SAMS", "Samsung" },
  { "GOOG", "Google" }, { "DELL", "Dell" }, { "LGE ", "LG" }, { "EIZO", "Eizo" },
  { "BenQ", "BenQ" }, { "datc", "Datacolor" }, { "KODA", "Kodak" }, { "FUJI", "Fujifilm" },
};

typedef struct {
  const guint8 *data;
  gsize         len;
  guint32       count;
} Profile;

/* A signature as text: known names spelled out, "none" and empty ones
 * dropped. */
static char *
signature_text (const guint8 *sig)
{
  char raw[5];

  if (veil_read_be32 (sig) == 0)
    return NULL;
  for (int i = 0; i < 4; i++)
    raw[i] = g_ascii_isprint (sig[i]) ? (char) sig[i] : ' ';
  raw[4] = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (memcmp (raw, signatures[i].sig, 4) == 0)
      return g_strdup (signatures[i].name);
  g_strstrip (raw);
  if (raw[0] == '\0' || g_ascii_strcasecmp (raw, "none") == 0)
    return NULL;
  return g_strdup (raw);
}

static gboolean
find_tag (const Profile *p, const char *sig, const guint8 **data, gsize *len)
{
  for (guint32 i = 0; i < p->count; i++)
    {
      const guint8 *entry = p->data + HEADER_SIZE + 4 + (gsize) i * 12;
      guint32 offset = veil_read_be32 (entry + 4);
      guint32 size = veil_read_be32 (entry + 8);

      if (memcmp (entry, sig, 4) != 0)
        continue;
      if (!veil_range_ok (p->len, offset, size) || size < 8)
        return FALSE;
      *data = p->data + offset;
      *len = size;
      return TRUE;
    }
  return FALSE;
}

static char *
clean_text (char *text)
{
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (text[0] == '\0')
    {
      g_free (text);
      return NULL;
    }
  return text;
}

/* Text from a 'desc' (textDescriptionType), 'text' or 'mluc' tag. */
static char *
tag_text (const Profile *p, const char *sig)
{
  const guint8 *tag;
  gsize len;

  if (!find_tag (p, sig, &tag, &len))
    return NULL;
  if (memcmp (tag, "desc", 4) == 0 && len >= 12)
    {
      guint32 count = veil_read_be32 (tag + 8);
      if (!veil_range_ok (len, 12, count))
        count = (guint32) (len - 12);
      return clean_text (g_utf8_make_valid ((const char *) tag + 12,
                                            strnlen ((const char *) tag + 12, MIN (count, MAX_TEXT))));
    }
  if (memcmp (tag, "text", 4) == 0)
    return clean_text (g_utf8_make_valid ((const char *) tag + 8,
                                          strnlen ((const char *) tag + 8, MIN (len - 8, MAX_TEXT))));
  if (memcmp (tag, "mluc", 4) == 0 && len >= 16)
    {
      guint32 n = veil_read_be32 (tag + 8);
      guint32 rec = veil_read_be32 (tag + 12);
      guint32 best = 0;

      if (rec < 12 || n == 0 || !veil_range_ok (len, 16, (guint64) n * rec))
        return NULL;
      /* English if there is one, else the first. */
      for (guint32 i = 0; i < n && i < MAX_TAGS; i++)
        {
          const guint8 *r = tag + 16 + (gsize) i * rec;
          if (r[0] == 'e' && r[1] == 'n')
            {
              best = i;
              break;
            }
        }
      {
        const guint8 *r = tag + 16 + (gsize) best * rec;
        guint32 size = veil_read_be32 (r + 4), offset = veil_read_be32 (r + 8);

        if (!veil_range_ok (len, offset, size))
          return NULL;
        size = MIN (size, MAX_TEXT * 2) & ~1u;
        return clean_text (g_convert ((const char *) tag + offset, size, "UTF-8", "UTF-16BE",
                                      NULL, NULL, NULL));
      }
    }
  return NULL;
}

static gboolean
is_standard (const char *description)
{
  if (description == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (standard_profiles); i++)
    if (g_str_has_prefix (description, standard_profiles[i]))
      return TRUE;
  return FALSE;
}

static void
add (VeilReport   *report,
     gboolean      kept,
     VeilCategory  category,
     const char   *prefix,
     const char   *name,
     const char   *value,
     const char   *explanation)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", prefix, name);

  if (kept)
    veil_report_add_kept (report, category, key, value, explanation);
  else
    veil_report_add (report, category, key, value, "%s", explanation);
}

void
_veil_icc_findings_full (const guint8 *profile,
                         gsize         len,
                         const char   *key_prefix,
                         gboolean      kept,
                         VeilReport   *report)
{
  Profile p = { profile, len, 0 };
  g_autofree char *description = NULL;
  g_autofree char *copyright = NULL;
  g_autofree char *device = NULL;
  g_autofree char *maker = NULL, *model = NULL, *creator = NULL;
  g_autofree char *date = NULL;
  g_autofree char *size = g_format_size (len);
  const guint8 *unused;
  gsize unused_len;
  gboolean calibrated, standard;
  const char *where = kept ? _("kept unless you ask to drop the colour profile")
                           : _("removed with the Photoshop data");

  if (len < HEADER_SIZE + 4 || memcmp (profile + 36, "acsp", 4) != 0)
    {
      add (report, kept, VEIL_CATEGORY_OTHER, key_prefix, "Profile", _("damaged colour profile"),
           kept ? _("A colour profile Veil cannot read; kept unless you ask to drop the colour profile.")
                : _("A colour profile Veil cannot read; removed with the Photoshop data."));
      return;
    }
  p.count = MIN (veil_read_be32 (profile + HEADER_SIZE), MAX_TAGS);
  p.count = MIN (p.count, (guint32) ((len - HEADER_SIZE - 4) / 12));

  description = tag_text (&p, "desc");
  copyright = tag_text (&p, "cprt");
  {
    g_autofree char *dmnd = tag_text (&p, "dmnd");
    g_autofree char *dmdd = tag_text (&p, "dmdd");
    if (dmnd != NULL || dmdd != NULL)
      device = g_strjoin (" ", dmnd != NULL ? dmnd : "", dmdd != NULL ? dmdd : "", NULL);
  }
  maker = signature_text (profile + 48);
  model = signature_text (profile + 52);
  creator = signature_text (profile + 80);
  {
    guint16 y = veil_read_be16 (profile + 24), mo = veil_read_be16 (profile + 26);
    guint16 d = veil_read_be16 (profile + 28), h = veil_read_be16 (profile + 30);
    guint16 mi = veil_read_be16 (profile + 32);
    if (y >= 1980 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60)
      date = g_strdup_printf ("%04u-%02u-%02u %02u:%02u", y, mo, d, h, mi);
  }
  /* 'vcgt' holds a video card's gamma table: only a screen calibration
   * writes one. */
  calibrated = find_tag (&p, "vcgt", &unused, &unused_len);
  standard = is_standard (description) && !calibrated;

  if (standard)
    {
      g_autofree char *text = g_strdup_printf (_("A standard colour profile so colours show right; it says nothing about you (%s)."),
                                               where);
      add (report, kept, VEIL_CATEGORY_OTHER, key_prefix, "Profile", description, text);
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("A colour profile so colours show right (%s)."), where);
    add (report, kept, VEIL_CATEGORY_OTHER, key_prefix, "Profile",
         description != NULL ? description : size, text);
  }

  if (device == NULL && (maker != NULL || model != NULL))
    device = g_strjoin (" ", maker != NULL ? maker : "", model != NULL ? model : "", NULL);
  if (device != NULL && g_strstrip (device)[0] != '\0')
    add (report, kept, VEIL_CATEGORY_DEVICE, key_prefix, "Device", device,
         kept ? _("Names the device this colour profile was made for; a profile from a calibrated screen or printer points to your equipment. Remove it with the “drop colour profile” option.")
              : _("Names the device this colour profile was made for; a profile from a calibrated screen or printer points to your equipment."));
  if (date != NULL)
    {
      const char *text;
      if (calibrated)
        text = kept ? _("When this screen was calibrated; together with the device it can link your photos. Remove it with the “drop colour profile” option.")
                    : _("When this screen was calibrated; together with the device it can link your photos.");
      else
        text = kept ? _("When this colour profile was made; a custom profile's date can link your photos. Remove it with the “drop colour profile” option.")
                    : _("When this colour profile was made; a custom profile's date can link your photos.");
      add (report, kept, VEIL_CATEGORY_TIME, key_prefix, "DateTime", date, text);
    }
  if (copyright != NULL)
    add (report, kept, VEIL_CATEGORY_IDENTITY, key_prefix, "Copyright", copyright,
         kept ? _("The colour profile's copyright line; it can name a person or company. Remove it with the “drop colour profile” option.")
              : _("The colour profile's copyright line; it can name a person or company."));
  if (creator != NULL)
    add (report, kept, VEIL_CATEGORY_SOFTWARE, key_prefix, "Creator", creator,
         kept ? _("Names the software or maker that created the colour profile. Remove it with the “drop colour profile” option.")
              : _("Names the software or maker that created the colour profile."));
}

void
_veil_icc_findings (const guint8 *profile,
                    gsize         len,
                    VeilReport   *report)
{
  _veil_icc_findings_full (profile, len, "ICC", TRUE, report);
}
