/* veil-tracker-db.c: finds, opens and indexes the tracker database.
 *
 * Lookup order: $VEIL_TRACKERS_DB, then the copy `veil trackers update`
 * put in the user's data folder, then the copy built with Veil (build
 * folder or installed data folder). A user copy that cannot be read falls
 * back to the bundled one, so a broken download never stops a scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trackers"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "veil-apps-config.h"
#include "veil-apps-private.h"
#include "veil-error.h"

struct _VeilTrackerDb {
  char           *path;
  GPtrArray      *trackers;   /* VeilTrackerInfo */
  GHashTable     *meta;
  /* [platform][network]; tracker numbers are indices into trackers. */
  VeilSigMatcher *matchers[2][2];
};

static void
tracker_info_free (VeilTrackerInfo *t)
{
  g_free (t->name);
  g_free (t->website);
  g_strfreev (t->categories);
  g_free (t->code_signature);
  g_free (t->network_signature);
  g_free (t->exposure);
  g_free (t);
}

void
veil_tracker_db_free (VeilTrackerDb *db)
{
  if (db == NULL)
    return;
  for (int p = 0; p < 2; p++)
    for (int n = 0; n < 2; n++)
      _veil_sig_matcher_free (db->matchers[p][n]);
  g_ptr_array_unref (db->trackers);
  g_hash_table_unref (db->meta);
  g_free (db->path);
  g_free (db);
}

static char *
column_dup (sqlite3_stmt *stmt, int col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);
  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

VeilTrackerDb *
veil_tracker_db_open (const char *path,
                      GError    **error)
{
  g_autoptr(VeilTrackerDb) db = g_new0 (VeilTrackerDb, 1);
  sqlite3 *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  db->path = g_strdup (path);
  db->trackers = g_ptr_array_new_with_free_func ((GDestroyNotify) tracker_info_free);
  db->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("the tracker list %s does not exist"), path);
      return NULL;
    }
  if (sqlite3_open_v2 (path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    goto fail;
  if (sqlite3_prepare_v2 (sql,
                          "SELECT id, platform, name, website, categories, code_signature,"
                          " network_signature, verified, exposure FROM trackers ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VeilTrackerInfo *t = g_new0 (VeilTrackerInfo, 1);
      const char *platform = (const char *) sqlite3_column_text (stmt, 1);
      const char *cats = (const char *) sqlite3_column_text (stmt, 4);

      t->id = sqlite3_column_int (stmt, 0);
      t->platform = g_strcmp0 (platform, "ios") == 0 ? VEIL_APP_PLATFORM_IOS : VEIL_APP_PLATFORM_ANDROID;
      t->name = column_dup (stmt, 2);
      t->website = column_dup (stmt, 3);
      t->categories = cats != NULL && *cats ? g_strsplit (cats, "|", 0) : g_new0 (char *, 1);
      t->code_signature = column_dup (stmt, 5);
      t->network_signature = column_dup (stmt, 6);
      t->verified = sqlite3_column_int (stmt, 7) != 0;
      t->exposure = column_dup (stmt, 8);
      if (t->name == NULL)
        t->name = g_strdup ("?");
      g_ptr_array_add (db->trackers, t);
    }
  if (rc != SQLITE_DONE)
    goto fail;
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (sqlite3_prepare_v2 (sql, "SELECT key, value FROM meta", -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        char *k = column_dup (stmt, 0), *v = column_dup (stmt, 1);
        if (k != NULL && v != NULL)
          g_hash_table_replace (db->meta, k, v);
        else
          {
            g_free (k);
            g_free (v);
          }
      }
  sqlite3_finalize (stmt);
  sqlite3_close (sql);

  if (db->trackers->len == 0)
    {
      g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_CORRUPT,
                   _("the tracker list %s is empty"), path);
      return NULL;
    }

  for (int p = 0; p < 2; p++)
    for (int n = 0; n < 2; n++)
      db->matchers[p][n] = _veil_sig_matcher_new ();
  for (guint i = 0; i < db->trackers->len; i++)
    {
      VeilTrackerInfo *t = db->trackers->pdata[i];
      _veil_sig_matcher_add (db->matchers[t->platform][0], i, t->code_signature);
      _veil_sig_matcher_add (db->matchers[t->platform][1], i, t->network_signature);
    }
  return g_steal_pointer (&db);

fail:
  g_set_error (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_CORRUPT,
               _("cannot read the tracker list %s: %s"), path,
               sql != NULL ? sqlite3_errmsg (sql) : "out of memory");
  sqlite3_finalize (stmt);
  sqlite3_close (sql);
  return NULL;
}

char *
veil_tracker_db_user_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "veil", "trackers.db", NULL);
}

char *
veil_tracker_db_bundled_path (void)
{
  /* In a build tree the freshly generated copy wins over an older
   * installed one. */
  if (g_file_test (VEIL_TRACKERS_BUILD_DB, G_FILE_TEST_IS_REGULAR))
    return g_strdup (VEIL_TRACKERS_BUILD_DB);
  return g_build_filename (VEIL_DATADIR, "trackers", "trackers.db", NULL);
}

VeilTrackerDb *
veil_tracker_db_open_default (GError **error)
{
  const char *env = g_getenv ("VEIL_TRACKERS_DB");
  g_autofree char *user = NULL, *bundled = NULL;

  if (env != NULL && *env != '\0')
    return veil_tracker_db_open (env, error);

  user = veil_tracker_db_user_path ();
  if (g_file_test (user, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GError) local = NULL;
      VeilTrackerDb *db = veil_tracker_db_open (user, &local);
      if (db != NULL)
        return db;
      g_warning ("ignoring the updated tracker list: %s", local->message);
    }
  bundled = veil_tracker_db_bundled_path ();
  return veil_tracker_db_open (bundled, error);
}

const char *
veil_tracker_db_get_path (VeilTrackerDb *db)
{
  return db->path;
}

GPtrArray *
veil_tracker_db_get_trackers (VeilTrackerDb *db)
{
  return db->trackers;
}

const char *
veil_tracker_db_get_meta (VeilTrackerDb *db,
                          const char    *key)
{
  return g_hash_table_lookup (db->meta, key);
}

GPtrArray *
_veil_tracker_db_matcher_index (VeilTrackerDb   *db,
                                VeilAppPlatform  platform,
                                gboolean         network,
                                VeilSigMatcher **matcher)
{
  *matcher = db->matchers[platform][network ? 1 : 0];
  return db->trackers;
}

const char *
veil_tracker_category_title (const char *category)
{
  static const struct { const char *id; const char *title; } titles[] = {
    { "Advertisement", N_("Advertising") },
    { "Analytics", N_("Analytics") },
    { "Crash reporting", N_("Crash reporting") },
    { "Identification", N_("Sign-in and identification") },
    { "Location", N_("Location") },
    { "Profiling", N_("Profiling") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_strcmp0 (category, titles[i].id) == 0)
      return _(titles[i].title);
  return category != NULL ? category : _("Not categorised");
}
