/* veil-export-instagram.c: Instagram's data download (JSON). The files are
 * shared with Facebook; see veil-export-meta.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* Folders only Instagram exports have: 2021–22 (ads_and_businesses,
 * information_about_you, ads_and_topics) and 2024+ (instagram_ads_and_businesses,
 * your_instagram_activity, apps_and_websites_off_of_instagram). */
static const char *const markers[] = {
  "ads_and_businesses",
  "information_about_you",
  "ads_and_topics",
  "instagram_ads_and_businesses",
  "your_instagram_activity",
  "apps_and_websites_off_of_instagram",
  "followers_and_following",
  NULL,
};

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *low = g_ascii_strdown (name, -1);

      if (_veil_path_has_component (name, markers) || strstr (low, "instagram") != NULL)
        score += 2;
    }
  return score;
}

/* "Username" is the one label Instagram does not translate in this file. */
static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "personal_information.json", NULL },
  .patterns = (const char *const[]) { "profile_user[].string_map_data.Username", NULL },
  .member = "value",
};

const VeilExportReader _veil_export_instagram_reader = {
  .platform = VEIL_PLATFORM_INSTAGRAM,
  .detect = detect,
  .wants = _veil_export_meta_wants,
  .read = _veil_export_meta_read,
  .account_file = &account_file,
};
