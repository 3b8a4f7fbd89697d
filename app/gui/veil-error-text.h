/* veil-error-text.h: engine errors in words a person can act on.
 *
 * Every section shows a failure the same way: a row with an error badge,
 * a sentence that says what happened and what to do, and the engine's own
 * technical text in small dim type for whoever wants it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One failure to show: what it is about, the sentence, the detail. */
typedef struct {
  char *title;
  char *sentence;
  char *detail;     /* may be NULL */
} VeilErrorEntry;

VeilErrorEntry *veil_error_entry_new  (const char     *title,
                                       const char     *sentence,
                                       const char     *detail);
void            veil_error_entry_free (VeilErrorEntry *entry);

/* A plain sentence for error, chosen by its domain and code. path (may be
 * NULL) is the file it is about, so its name is not repeated. */
char      *veil_error_sentence  (const GError *error,
                                 const char   *path);
/* The engine's message without the leading "PATH: ", first letter capital,
 * ending in a full stop: the technical detail under the sentence. */
char      *veil_error_detail    (const char   *message,
                                 const char   *path);
/* A row in the error style the three sections share: title (a file name),
 * a badge "Error", the sentence as subtitle and detail in small dim text
 * below (hidden when NULL or the same as the sentence). */
GtkWidget *veil_error_row_new   (const char   *title,
                                 const char   *sentence,
                                 const char   *detail);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilErrorEntry, veil_error_entry_free)

G_END_DECLS
