/* veil-app-findings.c: what a scan finds, for the Android scanner
 * (veil-app-scan.c) and the iOS reader (veil-ipa.c) alike: names matched
 * against the tracker signatures, notes on what could not be read, and
 * the report's list of trackers made from them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"

void
_veil_app_note (VeilAppScan *s, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (s->report->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
net_hit (guint tracker, const char *str, gsize len, gpointer user_data)
{
  VeilAppScan *s = user_data;

  if (s->found_net[tracker])
    return;
  s->found_net[tracker] = TRUE;
  /* The string itself, so that a reader can judge it (a long text is cut). */
  s->net_example[tracker] = g_utf8_make_valid (str, MIN (len, 200));
}

typedef struct {
  VeilAppScan         *scan;
  VeilAppPlatform      platform;
  VeilTrackerEvidence  evidence;
} ClassCtx;

static void
class_hit (guint tracker, const char *str, gsize len, gpointer user_data)
{
  ClassCtx *c = user_data;
  VeilAppScan *s = c->scan;

  if (s->found_code[tracker])
    return;
  s->found_code[tracker] = TRUE;
  g_free (s->example[tracker]);
  s->example[tracker] = g_strndup (str, len);
  s->evidence[tracker] = c->evidence;
}

void
_veil_app_match_class (VeilAppScan        *s,
                       VeilAppPlatform     platform,
                       const char         *name,
                       gsize               len,
                       VeilTrackerEvidence evidence)
{
  VeilSigMatcher *m;
  ClassCtx c = { s, platform, evidence };

  _veil_tracker_db_matcher_index (s->db, platform, FALSE, &m);
  _veil_sig_matcher_scan (m, name, len, s->found_code, class_hit, &c);
  s->report->n_classes++;
}

void
_veil_app_match_string (VeilAppScan    *s,
                        VeilAppPlatform platform,
                        const char     *str,
                        gsize           len)
{
  VeilSigMatcher *m;

  _veil_tracker_db_matcher_index (s->db, platform, TRUE, &m);
  _veil_sig_matcher_scan (m, str, len, s->found_net, net_hit, s);
}

static int
compare_trackers (gconstpointer pa, gconstpointer pb)
{
  const VeilAppTracker *a = *(VeilAppTracker **) pa, *b = *(VeilAppTracker **) pb;
  const char *ca = a->info->categories[0] ? a->info->categories[0] : "~";
  const char *cb = b->info->categories[0] ? b->info->categories[0] : "~";
  int c = g_strcmp0 (ca, cb);

  /* The possible ones after all those found in the code. */
  if (a->possible != b->possible)
    return a->possible ? 1 : -1;
  return c != 0 ? c : g_utf8_collate (a->info->name, b->info->name);
}

void
_veil_app_collect_trackers (VeilAppScan *s)
{
  GPtrArray *infos = veil_tracker_db_get_trackers (s->db);
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);

  /* Code evidence first, then server names only for trackers not seen in
   * the code (those are "possible", and not counted in n_found); iOS lists
   * may hold several signatures under one name. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < s->n_trackers; i++)
      {
        const VeilTrackerInfo *info = infos->pdata[i];
        VeilAppTracker *t;
        gboolean hit = pass == 0 ? s->found_code[i] : s->found_net[i];

        if (!hit || g_hash_table_contains (names, info->name))
          continue;
        g_hash_table_add (names, info->name);
        t = g_new0 (VeilAppTracker, 1);
        t->info = info;
        if (pass == 0)
          {
            t->evidence = s->evidence[i];
            t->example = g_strdup (s->example[i]);
          }
        else
          {
            /* A server name among the strings is not the library: Google's
             * measurement URL is in apps without AdMob, and εxodus, which
             * matches code only, does not report such apps. */
            t->evidence = VEIL_TRACKER_EVIDENCE_NETWORK;
            t->example = g_strdup (s->net_example[i]);
            t->possible = TRUE;
          }
        if (!t->possible)
          s->report->n_found++;
        g_ptr_array_add (s->report->trackers, t);
      }
  g_hash_table_unref (names);
  g_ptr_array_sort (s->report->trackers, compare_trackers);
}
