/* veil-cli-json.h: indented JSON text, written straight into a string.
 *
 * `veil inspect --json` prints with this rather than json-glib because
 * json-glib needs GIO, and loading the two took 1.1 ms of the 2.9 ms that
 * `veil` took to start, on every clean too. What it prints is flat (a list
 * of files, each with its findings), so a writer is all it needs. The
 * commands in veil-data print nested documents and load GIO anyway: they
 * use json-glib (veil_cli_print_json).
 *
 * The layout is json-glib's pretty one, so both programs print alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GString  *text;
  guint     depth;       /* open arrays and objects */
  gboolean  first;       /* nothing written yet in the innermost one */
  gboolean  after_name;  /* a member's name was written; its value is next */
} VeilCliJson;

void  veil_cli_json_init         (VeilCliJson *json);
void  veil_cli_json_begin_array  (VeilCliJson *json);
void  veil_cli_json_end_array    (VeilCliJson *json);
void  veil_cli_json_begin_object (VeilCliJson *json);
void  veil_cli_json_end_object   (VeilCliJson *json);
/* The name of the next member of the open object. */
void  veil_cli_json_member       (VeilCliJson *json,
                                  const char  *name);
/* Any bytes: what is not UTF-8 (a file name can hold anything) becomes
 * U+FFFD, since JSON text must be UTF-8. */
void  veil_cli_json_string       (VeilCliJson *json,
                                  const char  *value);
void  veil_cli_json_boolean      (VeilCliJson *json,
                                  gboolean     value);
/* The text, with a final line break; json is empty again. */
char *veil_cli_json_finish       (VeilCliJson *json);

G_END_DECLS
