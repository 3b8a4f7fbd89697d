/* veil-json-stream.h: pulling small items out of JSON files of any size.
 *
 * yajl reads the file chunk by chunk; only the values at the paths a reader
 * asks for are built, one at a time, as json-glib nodes. A 300 MB file with a
 * million records costs one record of memory.
 *
 * Path patterns: keys separated by '.', "[]" for the elements of an array,
 * "*" for any key. "off_facebook_activity_v2[]" gives each element of that
 * array; "[]" each element of a top-level array; "" the whole document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "veil-export-archive.h"

G_BEGIN_DECLS

/* Limits for untrusted files. */
#define VEIL_JSON_MAX_DEPTH      64
#define VEIL_JSON_MAX_ITEM_BYTES ((gsize) 32 * 1024 * 1024)

typedef struct {
  const char * const *patterns;        /* NULL-terminated */
  gboolean            fix_mojibake;    /* Meta's Latin-1-escaped UTF-8, keys too */
  gboolean            javascript;      /* X/Twitter: skip "window.YTD.x.part0 =" */
} VeilJsonStreamOptions;

/* path: the keys (and "[]") leading to the item, n_path of them. Takes no
 * ownership of node. FALSE with error stops the parse. */
typedef gboolean (*VeilJsonItemFunc) (const char * const *path,
                                      guint               n_path,
                                      JsonNode           *node,
                                      gpointer            user_data,
                                      GError            **error);

gboolean veil_json_stream_parse (VeilExportStream            *stream,
                                 const char                  *name,
                                 const VeilJsonStreamOptions *options,
                                 VeilJsonItemFunc             func,
                                 gpointer                     user_data,
                                 GCancellable                *cancellable,
                                 GError                     **error);

/* Meta writes each UTF-8 byte as its own \u00XX escape; this undoes it. The
 * result is newly allocated, or NULL when text needed no fixing. */
char *veil_json_fix_mojibake (const char *text,
                              gsize       len);

G_END_DECLS
