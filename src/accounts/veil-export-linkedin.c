/* veil-export-linkedin.c: LinkedIn's export, a ZIP of CSV files.
 * Ad_Targeting.csv is one header row and one data row with multi-values
 * joined by "; " (and duplicate column names, so columns go by position);
 * Inferences_about_you.csv and the login files are plain tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-export-private.h"

typedef enum {
  CSV_NONE,
  CSV_AD_TARGETING,
  CSV_INFERENCES,
  CSV_LOGINS,
  CSV_CONNECTIONS,
} CsvKind;

static CsvKind
kind_for (const char *name)
{
  const char *base = _veil_path_basename (name);

  if (g_ascii_strcasecmp (base, "Ad_Targeting.csv") == 0)
    return CSV_AD_TARGETING;
  if (g_ascii_strcasecmp (base, "Inferences_about_you.csv") == 0)
    return CSV_INFERENCES;
  if (g_ascii_strcasecmp (base, "Logins.csv") == 0 || g_ascii_strcasecmp (base, "Security Challenges.csv") == 0 ||
      g_ascii_strcasecmp (base, "Security_Challenges.csv") == 0)
    return CSV_LOGINS;
  if (g_ascii_strcasecmp (base, "Connections.csv") == 0)
    return CSV_CONNECTIONS;
  return CSV_NONE;
}

static gboolean
wants (const char *name)
{
  return kind_for (name) != CSV_NONE;
}

static int
detect (GPtrArray *names)
{
  static const char *const linkedin_files[] = {
    "Ad_Targeting.csv", "Inferences_about_you.csv", "Connections.csv", "Profile.csv",
    "Registration.csv", "Logins.csv", "Skills.csv", "Positions.csv", NULL,
  };
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    for (guint j = 0; linkedin_files[j] != NULL; j++)
      if (_veil_path_ends_with (g_ptr_array_index (names, i), linkedin_files[j]))
        score += 2;
  return score;
}

static void
read_ad_targeting (VeilExportContext *ctx,
                   VeilCsv           *csv)
{
  g_auto(GStrv) header = _veil_csv_next (csv);
  GStrv row;

  if (header == NULL)
    return;
  while ((row = _veil_csv_next (csv)) != NULL)
    {
      for (guint i = 0; row[i] != NULL && header[i] != NULL; i++)
        {
          g_auto(GStrv) values = g_strsplit (row[i], ";", -1);
          g_autofree char *kind = g_strconcat ("targeting: ", g_strstrip (header[i]), NULL);

          for (guint v = 0; values[v] != NULL; v++)
            {
              g_strstrip (values[v]);
              if (*values[v] != '\0')
                veil_store_import_add_inference (ctx->import, kind, values[v], NULL);
            }
        }
      g_strfreev (row);
    }
}

/* LinkedIn lists every inference it could make, answering "No" for those
 * it did not: only the others say something about you. */
static gboolean
is_no (const char *answer)
{
  static const char *const no[] = { "no", "non", "nein", "nee", "nej", "nie", "não", "false", NULL };
  g_autofree char *low = answer != NULL ? g_utf8_strdown (answer, -1) : NULL;

  return low != NULL && g_strv_contains (no, g_strstrip (low));
}

static void
read_inferences (VeilExportContext *ctx,
                 VeilCsv           *csv)
{
  g_auto(GStrv) header = _veil_csv_next (csv);
  GStrv row;

  /* Category, Type of inference, Description, Inference */
  while (header != NULL && (row = _veil_csv_next (csv)) != NULL)
    {
      if (g_strv_length (row) >= 2 && !(g_strv_length (row) >= 4 && is_no (row[3])))
        {
          g_autofree char *detail = g_strv_length (row) >= 4
                                    ? g_strdup_printf ("%s — %s", row[3], row[2]) : NULL;
          veil_store_import_add_inference (ctx->import, row[0], row[1], detail);
        }
      g_strfreev (row);
    }
}

static int
column (GStrv       header,
        const char *needle)
{
  for (int i = 0; header[i] != NULL; i++)
    {
      g_autofree char *low = g_ascii_strdown (header[i], -1);
      if (strstr (low, needle) != NULL)
        return i;
    }
  return -1;
}

static const char *
cell (GStrv row,
      int   i)
{
  return i >= 0 && (guint) i < g_strv_length (row) && *row[i] != '\0' ? row[i] : NULL;
}

/* Connections.csv: your contacts (the people, where they work). Real
 * exports open with a few lines of notes before the header. */
static void
read_connections (VeilExportContext *ctx,
                  VeilCsv           *csv)
{
  g_auto(GStrv) header = NULL;
  int first, last, company, position, email, when;
  GStrv row;

  for (guint i = 0; i < 8 && (row = _veil_csv_next (csv)) != NULL; i++)
    {
      if (column (row, "first name") >= 0)
        {
          header = row;
          break;
        }
      g_strfreev (row);
    }
  if (header == NULL)
    return;
  veil_store_import_mark (ctx->import, VEIL_HOLDS_CONTACTS);
  first = column (header, "first name");
  last = column (header, "last name");
  company = column (header, "company");
  position = column (header, "position");
  email = column (header, "email");
  when = column (header, "connected on");
  while ((row = _veil_csv_next (csv)) != NULL)
    {
      g_autofree char *name = g_strstrip (g_strjoin (" ", cell (row, first) ?: "", cell (row, last) ?: "", NULL));
      g_autofree char *detail = NULL;
      const char *at = cell (row, company);

      detail = g_strjoin (", ", cell (row, position) ?: "", at ?: "", cell (row, email) ?: "", NULL);
      veil_store_import_add_contact (ctx->import, name, g_strstrip (detail), _veil_parse_time (cell (row, when)));
      /* Where your contacts work is searchable too. */
      if (at != NULL && *at != '\0')
        veil_store_import_add_other (ctx->import, ctx->file, "Company", at);
      g_strfreev (row);
      if (!veil_store_import_ok (ctx->import))
        break;
    }
}

static void
read_logins (VeilExportContext *ctx,
             VeilCsv           *csv)
{
  g_auto(GStrv) header = _veil_csv_next (csv);
  int c_date, c_ip, c_agent, c_type;
  GStrv row;

  if (header == NULL)
    return;
  c_date = column (header, "date");
  c_ip = column (header, "ip");
  c_agent = column (header, "agent");
  c_type = column (header, "type");
  while ((row = _veil_csv_next (csv)) != NULL)
    {
      veil_store_import_add_login (ctx->import, _veil_parse_time (cell (row, c_date)),
                                   cell (row, c_type) ?: "login", cell (row, c_ip), cell (row, c_agent), NULL);
      g_strfreev (row);
    }
}

static gboolean
read_file (VeilExportContext     *ctx,
           const VeilExportEntry *entry,
           VeilExportStream      *stream,
           GError               **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VeilCsv) csv = NULL;
  gsize len = 0;
  const char *data;

  if (entry->size > (gint64) VEIL_EXPORT_MAX_SMALL_FILE)
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_TOO_LARGE,
                   _("%s says it is %s, far more than this kind of file ever holds; Veil skipped it"),
                   entry->name, g_format_size ((guint64) entry->size));
      return FALSE;
    }
  bytes = veil_export_stream_read_all (stream, VEIL_EXPORT_MAX_SMALL_FILE, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  csv = _veil_csv_new (data, len);
  switch (kind_for (entry->name))
    {
    case CSV_AD_TARGETING:
      read_ad_targeting (ctx, csv);
      break;
    case CSV_INFERENCES:
      read_inferences (ctx, csv);
      break;
    case CSV_LOGINS:
      read_logins (ctx, csv);
      break;
    case CSV_CONNECTIONS:
      read_connections (ctx, csv);
      break;
    case CSV_NONE:
      break;
    }
  return TRUE;
}

const VeilExportReader _veil_export_linkedin_reader = {
  .platform = VEIL_PLATFORM_LINKEDIN,
  .detect = detect,
  .wants = wants,
  .read = read_file,
};
