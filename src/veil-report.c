/* veil-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-report.h"

void
veil_finding_free (VeilFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->key);
  g_free (finding->value);
  g_free (finding->explanation);
  g_free (finding);
}

VeilReport *
veil_report_new (const char *path,
                 VeilFormat  format)
{
  VeilReport *report = g_new0 (VeilReport, 1);

  report->path = g_strdup (path);
  report->format = format;
  report->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_finding_free);
  return report;
}

void
veil_report_free (VeilReport *report)
{
  if (report == NULL)
    return;
  g_free (report->path);
  g_ptr_array_unref (report->findings);
  g_free (report);
}

/* Metadata is written by strangers: keep only valid UTF-8 without control
 * characters, so a hostile tag cannot mess up a terminal or a label. */
static char *
sanitize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t' || c == '\r')
        g_string_append_c (out, ' ');
      else if (!g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
    }
  /* Long values (embedded documents) are cut: the finding is what matters. */
  if (g_utf8_strlen (out->str, -1) > 300)
    {
      char *end = g_utf8_offset_to_pointer (out->str, 300);
      g_string_truncate (out, end - out->str);
      g_string_append (out, "…");
    }
  g_strstrip (out->str);
  return g_string_free (out, FALSE);
}

static VeilFinding *
add_finding (VeilReport   *report,
             VeilCategory  category,
             const char   *key,
             const char   *value,
             char         *explanation,
             gboolean      kept)
{
  VeilFinding *finding = g_new0 (VeilFinding, 1);

  finding->category = category;
  finding->key = sanitize (key);
  finding->value = sanitize (value);
  finding->explanation = explanation;
  finding->kept = kept;
  g_ptr_array_add (report->findings, finding);
  return finding;
}

VeilFinding *
veil_report_add (VeilReport   *report,
                 VeilCategory  category,
                 const char   *key,
                 const char   *value,
                 const char   *explanation_format,
                 ...)
{
  va_list args;
  char *explanation;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (category < VEIL_N_CATEGORIES, NULL);

  va_start (args, explanation_format);
  explanation = g_strdup_vprintf (explanation_format, args);
  va_end (args);
  return add_finding (report, category, key, value, explanation, FALSE);
}

VeilFinding *
veil_report_add_kept (VeilReport   *report,
                      VeilCategory  category,
                      const char   *key,
                      const char   *value,
                      const char   *explanation)
{
  g_return_val_if_fail (report != NULL, NULL);
  return add_finding (report, category, key, value, g_strdup (explanation), TRUE);
}

guint
veil_report_count_removable (const VeilReport *report)
{
  guint n = 0;

  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *finding = g_ptr_array_index (report->findings, i);
      if (!finding->kept)
        n++;
    }
  return n;
}

gboolean
veil_report_has_key_prefix (const VeilReport *report,
                            const char       *prefix)
{
  for (guint i = 0; i < report->findings->len; i++)
    {
      const VeilFinding *finding = g_ptr_array_index (report->findings, i);
      if (g_str_has_prefix (finding->key, prefix))
        return TRUE;
    }
  return FALSE;
}

const char *
veil_category_id (VeilCategory category)
{
  static const char *ids[] = {
    "location", "time", "device", "identity", "software", "thumbnail", "hidden", "other",
  };
  g_return_val_if_fail (category < VEIL_N_CATEGORIES, "other");
  return ids[category];
}

const char *
veil_category_title (VeilCategory category)
{
  switch (category)
    {
    case VEIL_CATEGORY_LOCATION:  return _("Location");
    case VEIL_CATEGORY_TIME:      return _("Time");
    case VEIL_CATEGORY_DEVICE:    return _("Device");
    case VEIL_CATEGORY_IDENTITY:  return _("Identity and owner");
    case VEIL_CATEGORY_SOFTWARE:  return _("Software and editing history");
    case VEIL_CATEGORY_THUMBNAIL: return _("Embedded thumbnails");
    case VEIL_CATEGORY_HIDDEN:    return _("Hidden data");
    case VEIL_CATEGORY_OTHER:
    case VEIL_N_CATEGORIES:
    default:                      return _("Other");
    }
}
