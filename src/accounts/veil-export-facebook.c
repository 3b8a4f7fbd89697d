/* veil-export-facebook.c: Facebook's "Download your information" (JSON).
 * The files are shared with Instagram; see veil-export-meta.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* Folders only Facebook exports have, in all three layout generations. */
static const char *const markers[] = {
  "apps_and_websites_off_of_facebook",
  "your_facebook_activity",
  "other_logged_information",
  "security_and_login_information",
  "facebook_marketplace",
  "facebook_gaming",
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

      if (_veil_path_has_component (name, markers) || strstr (low, "off-facebook") != NULL ||
          strstr (low, "facebook") != NULL)
        score += 2;
      else if (_veil_export_meta_wants (name) && strstr (low, "instagram") == NULL)
        score += 1;
    }
  return score;
}

static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "profile_information.json", NULL },
  .patterns = (const char *const[]) { "profile_v2.name", NULL },
  .member = "full_name",
};

const VeilExportReader _veil_export_facebook_reader = {
  .platform = VEIL_PLATFORM_FACEBOOK,
  .detect = detect,
  .wants = _veil_export_meta_wants,
  .read = _veil_export_meta_read,
  .account_file = &account_file,
};
