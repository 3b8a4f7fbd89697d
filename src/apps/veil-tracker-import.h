/* veil-tracker-import.h: builds tracker database files from JSON lists.
 *
 * Used by the build (veil-trackers-gen, from the bundled lists) and by
 * `veil trackers update` (from the εxodus API).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _VeilTrackerBuilder VeilTrackerBuilder;

/* Opens a fresh database at a temporary name beside dest_path. */
VeilTrackerBuilder *_veil_tracker_builder_new      (const char          *dest_path,
                                                    GError             **error);
void                _veil_tracker_builder_free     (VeilTrackerBuilder  *b);

gboolean _veil_tracker_builder_add (VeilTrackerBuilder *b,
                                    const char         *platform,  /* "android" / "ios" */
                                    const char         *name,
                                    const char         *website,
                                    const char * const *categories,
                                    const char         *code_signature,
                                    const char         *network_signature,
                                    gboolean            verified,
                                    const char         *exposure,
                                    GError            **error);
gboolean _veil_tracker_builder_set_meta (VeilTrackerBuilder *b,
                                         const char         *key,
                                         const char         *value,
                                         GError            **error);
gboolean _veil_tracker_builder_has (VeilTrackerBuilder *b,
                                    const char         *platform,
                                    const char         *name);
guint    _veil_tracker_builder_count (VeilTrackerBuilder *b);

/* Bundled inputs. details may be NULL. */
gboolean _veil_tracker_builder_add_android_json (VeilTrackerBuilder *b,
                                                 JsonNode           *signatures,
                                                 JsonNode           *details,
                                                 GError            **error);
gboolean _veil_tracker_builder_add_ios_json     (VeilTrackerBuilder *b,
                                                 JsonNode           *signatures,
                                                 GError            **error);
/* The εxodus API shape: {"trackers": {"<id>": {…}}}. Strict: every record
 * must have a name and string signatures, or the whole list is refused. */
gboolean _veil_tracker_builder_add_exodus_json  (VeilTrackerBuilder *b,
                                                 JsonNode           *root,
                                                 GError            **error);

/* Commits, fsyncs, sets the mode and renames over dest_path. */
gboolean _veil_tracker_builder_finish (VeilTrackerBuilder *b,
                                       int                 mode,
                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilTrackerBuilder, _veil_tracker_builder_free)

G_END_DECLS
