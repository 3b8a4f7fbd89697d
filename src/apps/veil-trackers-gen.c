/* veil-trackers-gen.c: build-time tool that turns the bundled tracker lists
 * (εxodus/ETIP signatures via AppManager, GPL-3.0-or-later; TrackerControl
 * iOS signatures, AGPL-3.0; Veil's own details, CC0) into trackers.db.
 *
 * Usage: veil-trackers-gen OUT.db ANDROID.json DETAILS.json IOS.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-trackers-gen"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "veil-tracker-import.h"

static JsonNode *
load (const char *path, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTrackerBuilder) b = NULL;
  g_autoptr(JsonNode) android = NULL, details = NULL, ios = NULL;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s OUT.db ANDROID.json DETAILS.json IOS.json\n", argv[0]);
      return 2;
    }
  if ((android = load (argv[2], &error)) == NULL ||
      (details = load (argv[3], &error)) == NULL ||
      (ios = load (argv[4], &error)) == NULL ||
      (b = _veil_tracker_builder_new (argv[1], &error)) == NULL ||
      !_veil_tracker_builder_add_android_json (b, android, details, &error) ||
      !_veil_tracker_builder_add_ios_json (b, ios, &error) ||
      !_veil_tracker_builder_set_meta (b, "source", "bundled", &error) ||
      !_veil_tracker_builder_set_meta (b, "android_source",
                                       "εxodus + ETIP signatures via MuntashirAkon/AppManager trackers.xml "
                                       "(GPL-3.0-or-later)", &error) ||
      !_veil_tracker_builder_set_meta (b, "ios_source",
                                       "TrackerControl/tracker-control-ios ios_signatures_v3.json (AGPL-3.0)",
                                       &error) ||
      !_veil_tracker_builder_finish (b, 0644, &error))
    {
      fprintf (stderr, "veil-trackers-gen: %s\n", error->message);
      return 1;
    }
  return 0;
}
