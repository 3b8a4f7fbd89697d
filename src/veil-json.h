/* veil-json.h: JSON that comes from outside Veil, read safely.
 *
 * json-glib's parser recurses once per level of nesting, so a small file
 * nested 100,000 deep exhausts the stack and kills the program. Everything
 * Veil parses from outside (tracker lists, privacy labels, model lists,
 * platform exports) goes through here, where the depth is counted first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Far deeper than any real tracker list, label or export (they stay under
 * 20), far shallower than what the stack allows (tens of thousands). */
#define VEIL_JSON_MAX_DEPTH 512

/* The deepest nesting of [ and { outside strings, counted without
 * recursion; stops counting once max is passed (returns max + 1). */
guint     veil_json_depth      (const char *data,
                                gsize       len,
                                guint       max);

/* Parses data; source names it in messages ("the tracker list", a path).
 * Refuses empty input and nesting deeper than VEIL_JSON_MAX_DEPTH with
 * JSON_PARSER_ERROR_INVALID_DATA before json-glib sees it; syntax errors
 * come from json-glib. Returns the root node (never NULL on success). */
JsonNode *veil_json_parse_data (const char *data,
                                gsize       len,
                                const char *source,
                                GError    **error);
/* The same for a file, named by its path. */
JsonNode *veil_json_parse_file (const char *path,
                                GError    **error);

G_END_DECLS
