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
  char                   *first_failure;  /* why the first unreadable file failed */
} ImportState;

static guint test_fail_after;

void
_veil_export_set_test_failure (guint n_rows)
{
  test_fail_after = n_rows;
}

static gboolean
want_entry (const char *name,
            gpointer    user_data)
{
  ImportState *state = user_data;

  return state->reader->wants (name);
}

static gboolean
read_entry (const VeilExportEntry *entry,
            VeilExportStream      *stream,
            gpointer               user_data,
            GError               **error)
{
  ImportState *state = user_data;
  g_autoptr(GError) local = NULL;

  state->ctx.file = entry->name;
  if (state->progress != NULL)
    state->progress (entry->name, state->done, state->total, state->progress_data);
  if (state->reader->read (&state->ctx, entry, stream, &local))
    state->ctx.n_files_read++;
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
      veil_store_import_add_note (state->ctx.import, entry->name, local->message);
      if (state->first_failure == NULL)
        state->first_failure = g_strdup (local->message);
    }
  state->done++;
  if (!veil_store_import_ok (state->ctx.import))
    {
      /* commit reports the store's own error */
      g_set_error_literal (error, VEIL_STORE_ERROR, VEIL_STORE_ERROR_FAILED, "");
      return FALSE;
    }
  return TRUE;
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
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(VeilStoreImport) import = NULL;
  g_autofree char *label = NULL;
  g_autofree char *source = NULL;
  ImportState state = { 0 };
  VeilPlatform platform;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, FALSE);

  if (!list_names (paths, names, cancellable, error))
    return FALSE;
  platform = detect_names (names, error);
  if (platform == VEIL_PLATFORM_UNKNOWN)
    return FALSE;

  state.reader = reader_for (platform);
  state.total = count_wanted (state.reader, names);
  state.progress = progress;
  state.progress_data = user_data;
  label = g_path_get_basename (paths[0]);
  source = g_strjoinv ("\n", (char **) paths);
  import = veil_store_import_begin (store, veil_platform_id (platform), label, source, error);
  if (import == NULL)
    return FALSE;
  if (test_fail_after > 0)
    _veil_store_import_fail_after (import, test_fail_after);
  state.ctx.import = import;
  state.ctx.platform = platform;
  state.ctx.cancellable = cancellable;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;

      if (!veil_export_walk (paths[i], want_entry, read_entry, &state, cancellable, &local))
        {
          g_free (state.first_failure);
          if (!veil_store_import_ok (import))
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
      g_free (state.first_failure);
      return FALSE;
    }
  g_free (state.first_failure);
  if (progress != NULL)
    progress (NULL, state.total, state.total, user_data);
  if (import_id != NULL)
    *import_id = veil_store_import_get_id (import);
  return veil_store_import_commit (g_steal_pointer (&import), error);
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
  gint64 id = 0;

  if (store == NULL ||
      !veil_export_import (store, (const char * const *) t->paths, NULL, NULL, cancellable, &id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) id);
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

gint64
veil_export_import_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
