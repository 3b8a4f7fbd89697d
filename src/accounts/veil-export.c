/* veil-export.c: recognising an export and importing it, one transaction
 * per export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-export-private.h"
#include "veil-store-private.h"

static const VeilExportReader *const readers[] = {
  &_veil_export_instagram_reader,  /* before Facebook: 2024 Instagram shares ads_information/ */
  &_veil_export_facebook_reader,
  &_veil_export_google_reader,
  &_veil_export_twitter_reader,
  &_veil_export_tiktok_reader,
  &_veil_export_linkedin_reader,
  &_veil_export_snapchat_reader,
};

static const struct {
  const char *id;
  const char *title;
} platforms[VEIL_N_PLATFORMS] = {
  [VEIL_PLATFORM_UNKNOWN] = { "unknown", N_("Unknown") },
  [VEIL_PLATFORM_FACEBOOK] = { "facebook", N_("Facebook") },
  [VEIL_PLATFORM_INSTAGRAM] = { "instagram", N_("Instagram") },
  [VEIL_PLATFORM_GOOGLE] = { "google", N_("Google") },
  [VEIL_PLATFORM_TWITTER] = { "twitter", N_("X (Twitter)") },
  [VEIL_PLATFORM_TIKTOK] = { "tiktok", N_("TikTok") },
  [VEIL_PLATFORM_LINKEDIN] = { "linkedin", N_("LinkedIn") },
  [VEIL_PLATFORM_SNAPCHAT] = { "snapchat", N_("Snapchat") },
};

const char *
veil_platform_id (VeilPlatform platform)
{
  return platform < VEIL_N_PLATFORMS ? platforms[platform].id : "unknown";
}

const char *
veil_platform_title (VeilPlatform platform)
{
  return g_dgettext (GETTEXT_PACKAGE, platform < VEIL_N_PLATFORMS ? platforms[platform].title : N_("Unknown"));
}

static const VeilExportReader *
reader_for (VeilPlatform platform)
{
  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    if (readers[i]->platform == platform)
      return readers[i];
  return NULL;
}

static gboolean
names_contain (GPtrArray  *names,
               const char *needle)
{
  for (guint i = 0; i < names->len; i++)
    if (strstr (g_ptr_array_index (names, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static guint
count_html (GPtrArray *names)
{
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      if (g_str_has_suffix (name, ".html") || g_str_has_suffix (name, ".htm"))
        n++;
    }
  return n;
}

/* The export is in HTML, which Veil does not read: say how to get JSON. */
static void
set_html_error (GError     **error,
                VeilPlatform guess,
                GPtrArray   *names)
{
  if (guess == VEIL_PLATFORM_FACEBOOK || guess == VEIL_PLATFORM_INSTAGRAM ||
      names_contain (names, "facebook") || names_contain (names, "instagram"))
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT,
                 _("This export is in HTML. Request your information again from Meta’s "
                   "Accounts Center (“Download your information”) and choose the format JSON."));
  else if (guess == VEIL_PLATFORM_GOOGLE || names_contain (names, "Takeout"))
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT,
                 _("This Google Takeout is in HTML. Export again at takeout.google.com: under "
                   "“My Activity”, open “Multiple formats” and choose JSON."));
  else if (guess == VEIL_PLATFORM_SNAPCHAT)
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT,
                 _("This Snapchat export has only HTML files. Request “My Data” again and "
                   "tick “Export JSON files”."));
  else
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_HTML_EXPORT,
                 _("This export is in HTML. Request it again from the platform and choose JSON (or CSV)."));
}

static gboolean
list_names (const char * const *paths,
            GPtrArray          *names,
            GCancellable       *cancellable,
            GError            **error)
{
  for (guint i = 0; paths[i] != NULL; i++)
    if (!veil_export_list (paths[i], names, cancellable, error))
      return FALSE;
  return TRUE;
}

static guint
count_wanted (const VeilExportReader *reader,
              GPtrArray              *names)
{
  guint n = 0;

  for (guint i = 0; i < names->len; i++)
    if (reader->wants (g_ptr_array_index (names, i)))
      n++;
  return n;
}

static VeilPlatform
detect_names (GPtrArray  *names,
              GError    **error)
{
  const VeilExportReader *best = NULL;
  int best_score = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      int score = readers[i]->detect (names);
      if (score > best_score)
        {
          best = readers[i];
          best_score = score;
        }
    }
  if (best != NULL && count_wanted (best, names) > 0)
    return best->platform;
  if (count_html (names) > 0)
    {
      set_html_error (error, best != NULL ? best->platform : VEIL_PLATFORM_UNKNOWN, names);
      return VEIL_PLATFORM_UNKNOWN;
    }
  if (best != NULL)
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM,
                 _("This looks like a %s export, but it holds none of the files Veil reads "
                   "(ads, off-platform activity, interests, logins, locations). Request the "
                   "complete export in JSON."), veil_platform_title (best->platform));
  else
    g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM,
                 _("Veil does not recognise this export. It reads the JSON exports of Facebook, "
                   "Instagram, Google Takeout, X (Twitter), TikTok and Snapchat, and LinkedIn’s "
                   "CSV export. Request your data from the platform in one of those forms."));
  return VEIL_PLATFORM_UNKNOWN;
}

VeilPlatform
veil_export_detect (const char * const *paths,
                    GError            **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!list_names (paths, names, NULL, error))
    return VEIL_PLATFORM_UNKNOWN;
  return detect_names (names, error);
}

typedef struct {
  const VeilExportReader *reader;
  VeilExportContext       ctx;
  VeilExportProgressFunc  progress;
  gpointer                progress_data;
  guint                   done;
  guint                   total;
  gint64                  newest;         /* the newest file's time: when the export was made */
  char                   *first_failure;  /* why the first unreadable file failed */
} ImportState;

static guint test_fail_after;

void
_veil_export_set_test_failure (guint n_rows)
{
  test_fail_after = n_rows;
}

/* Every file is either read by the platform's reader, read for names by the
 * generic reader, or listed as unread with its size. */
static gboolean
want_entry (const VeilExportEntry *entry,
            gpointer               user_data)
{
  ImportState *state = user_data;

  /* ZIPs written without dates say 1980: no information. */
  if (entry->mtime > 946684800 && entry->mtime > state->newest)
    state->newest = entry->mtime;
  if (state->reader->wants (entry->name) || _veil_export_generic_wants (entry->name))
    return TRUE;
  veil_store_import_add_unread (state->ctx.import, entry->name, entry->size,
                                _("no reader for this kind of file"), FALSE);
  return FALSE;
}

static gboolean
read_entry (const VeilExportEntry *entry,
            VeilExportStream      *stream,
            gpointer               user_data,
            GError               **error)
{
  ImportState *state = user_data;
  g_autoptr(GError) local = NULL;
  gboolean platform_file = state->reader->wants (entry->name);
  guint n_names = 0;

  state->ctx.file = entry->name;
  if (state->progress != NULL)
    state->progress (entry->name, state->done, state->total, state->progress_data);
  if (platform_file ? state->reader->read (&state->ctx, entry, stream, &local)
                    : _veil_export_generic_read (&state->ctx, entry, stream, &n_names, &local))
    {
      if (platform_file)
        state->ctx.n_files_read++;
      else
        {
          g_autofree char *reason = n_names == 0
            ? g_strdup (_("no reader for this kind of file, and no names in it"))
            : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "no reader for this kind of file; %u name kept for search",
                                            "no reader for this kind of file; %u names kept for search",
                                            n_names), n_names);
          veil_store_import_add_unread (state->ctx.import, entry->name, entry->size, reason, FALSE);
        }
    }
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           veil_export_stream_is_broken (stream))
    {
      /* A damaged archive or a bomb: nothing after this can be trusted. */
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  else
    {
      /* One unreadable file does not cost the rest of the export. */
      g_debug ("%s: %s", entry->name, local->message);
      veil_store_import_add_unread (state->ctx.import, entry->name, entry->size, local->message, TRUE);
      if (state->first_failure == NULL && platform_file)
        state->first_failure = g_strdup (local->message);
    }
  if (platform_file)
    state->done++;
  if (!veil_store_import_ok (state->ctx.import))
    {
      /* commit reports the store's own error */
      g_set_error_literal (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED, "");
      return FALSE;
    }
  return TRUE;
}

static void
state_clear (ImportState *state)
{
  g_clear_pointer (&state->first_failure, g_free);
  g_clear_pointer (&state->ctx.account, g_free);
  g_clear_pointer (&state->ctx.reader_data, g_hash_table_unref);
}

gboolean
veil_export_import_full (VeilStore              *store,
                         const char * const     *paths,
                         VeilExportProgressFunc  progress,
                         gpointer                user_data,
                         GCancellable           *cancellable,
                         VeilExportResult       *result,
                         GError                **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VeilStoreImport) import = NULL;
  g_autofree char *label = NULL;
  g_autofree char *source = NULL;
  g_autofree char *digest = NULL;
  ImportState state = { 0 };
  VeilExportResult local_result = { 0 };
  VeilPlatform platform;
  gint64 same;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, FALSE);
  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  /* The same files again: a hash of them is all a re-import costs. */
  if (!_veil_export_digest (paths, cancellable, &digest, error))
    return FALSE;
  if (digest != NULL && (same = veil_store_find_export (store, digest, NULL, NULL, 0, 0)) != 0)
    {
      result->import_id = same;
      result->already_imported = TRUE;
      return TRUE;
    }

  if (!list_names (paths, names, cancellable, error))
    return FALSE;
  platform = detect_names (names, error);
  if (platform == VEIL_PLATFORM_UNKNOWN)
    return FALSE;

  state.reader = reader_for (platform);
  state.total = count_wanted (state.reader, names);
  state.progress = progress;
  state.progress_data = user_data;
  state.ctx.platform = platform;
  state.ctx.cancellable = cancellable;
  if (!_veil_export_identify (state.reader, &state.ctx, paths, names, error))
    {
      state_clear (&state);
      return FALSE;
    }
  label = g_path_get_basename (paths[0]);
  source = g_strjoinv ("\n", (char **) paths);
  import = veil_store_import_begin (store, veil_platform_id (platform), state.ctx.account, label, source,
                                    digest, error);
  if (import == NULL)
    {
      state_clear (&state);
      return FALSE;
    }
  if (test_fail_after > 0)
    _veil_store_import_fail_after (import, test_fail_after);
  state.ctx.import = import;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;

      if (!veil_export_walk (paths[i], want_entry, read_entry, &state, cancellable, &local))
        {
          gboolean store_failed = !veil_store_import_ok (import);

          state_clear (&state);
          if (store_failed)
            return veil_store_import_commit (g_steal_pointer (&import), error);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (state.ctx.n_files_read == 0)
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_MALFORMED,
                   _("None of the files in this %s export could be read (%s); nothing was imported."),
                   veil_platform_title (platform), state.first_failure ? state.first_failure : "?");
      state_clear (&state);
      return FALSE;
    }
  if (state.reader->finish != NULL)
    state.reader->finish (&state.ctx);
  /* The same export, re-packed or unpacked into a folder: the account and
   * the time the platform made it say so. Nothing of it is kept. */
  if ((same = veil_store_find_export (store, NULL, veil_platform_id (platform), state.ctx.account,
                                      state.newest, veil_store_import_get_id (import))) != 0)
    {
      result->import_id = same;
      result->already_imported = TRUE;
      state_clear (&state);
      return TRUE;
    }
  veil_store_import_set_generated (import, state.newest);
  if (progress != NULL)
    progress (NULL, state.total, state.total, user_data);
  result->import_id = veil_store_import_get_id (import);
  result->account_id = veil_store_import_get_account (import);
  result->n_read = state.ctx.n_files_read;
  result->n_skipped = veil_store_import_get_skipped (import);
  state_clear (&state);
  return veil_store_import_commit (g_steal_pointer (&import), error);
}

gboolean
veil_export_import (VeilStore              *store,
                    const char * const     *paths,
                    VeilExportProgressFunc  progress,
                    gpointer                user_data,
                    GCancellable           *cancellable,
                    gint64                 *import_id,
                    GError                **error)
{
  VeilExportResult result = { 0 };

  if (!veil_export_import_full (store, paths, progress, user_data, cancellable, &result, error))
    return FALSE;
  if (import_id != NULL)
    *import_id = result.import_id;
  return TRUE;
}

/* "takeout-20240101T000000Z-001.zip" → "takeout-20240101T000000Z";
 * "mydata~1700000000-2.zip" → "mydata". */
static char *
group_key (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot, *p;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_strdup (path);
  if (g_str_has_prefix (base, "mydata~"))
    return g_strdup ("mydata");
  while ((dot = strrchr (base, '.')) != NULL && dot != base &&
         (g_ascii_strcasecmp (dot, ".zip") == 0 || g_ascii_strcasecmp (dot, ".tgz") == 0 ||
          g_ascii_strcasecmp (dot, ".tar") == 0 || g_ascii_strcasecmp (dot, ".gz") == 0))
    *dot = '\0';
  p = base + strlen (base);
  while (p > base && g_ascii_isdigit (p[-1]) && (base + strlen (base)) - p < 3)
    p--;
  if (p < base + strlen (base) && p > base && strchr ("-_ .", p[-1]) != NULL)
    {
      p[-1] = '\0';
      if (g_str_has_suffix (base, "part"))
        base[strlen (base) - 4] = '\0';
    }
  return g_strdup (base);
}

GPtrArray *
veil_export_group_paths (const char * const *paths)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *key = group_key (paths[i]);
      guint j;

      for (j = 0; j < keys->len; j++)
        if (g_str_equal (g_ptr_array_index (keys, j), key))
          break;
      if (j == keys->len)
        {
          g_ptr_array_add (keys, g_steal_pointer (&key));
          g_ptr_array_add (members, g_ptr_array_new_with_free_func (g_free));
        }
      g_ptr_array_add (g_ptr_array_index (members, j), g_strdup (paths[i]));
    }
  for (guint j = 0; j < members->len; j++)
    {
      GPtrArray *m = g_ptr_array_index (members, j);
      g_ptr_array_add (m, NULL);
      g_ptr_array_add (groups, g_strdupv ((char **) m->pdata));
    }
  return groups;
}

/* ---- async ----------------------------------------------------------------- */

typedef struct {
  char  *store_path;
  GStrv  paths;
} ImportTask;

static void
import_task_free (ImportTask *t)
{
  g_free (t->store_path);
  g_strfreev (t->paths);
  g_free (t);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *t = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilStore) store = veil_store_open (t->store_path, &error);
  VeilExportResult *result = g_new0 (VeilExportResult, 1);

  if (store == NULL ||
      !veil_export_import_full (store, (const char * const *) t->paths, NULL, NULL, cancellable, result, &error))
    {
      g_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, g_free);
}

void
veil_export_import_async (const char             *store_path,
                          const char * const     *paths,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ImportTask *t = g_new0 (ImportTask, 1);

  t->store_path = g_strdup (store_path);
  t->paths = g_strdupv ((char **) paths);
  g_task_set_source_tag (task, veil_export_import_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, t, (GDestroyNotify) import_task_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
veil_export_import_finish (GAsyncResult      *result,
                           VeilExportResult  *out,
                           GError           **error)
{
  g_autofree VeilExportResult *r = g_task_propagate_pointer (G_TASK (result), error);

  if (r == NULL)
    return FALSE;
  if (out != NULL)
    *out = *r;
  return TRUE;
}
