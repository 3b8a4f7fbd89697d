/* veil-export-request.h: data-protection request letters (GDPR access,
 * erasure, objection) to a company an export named, filled with its
 * contact and with what the export showed. Veil never sends them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-store.h"

G_BEGIN_DECLS

typedef enum {
  VEIL_REQUEST_ACCESS,
  VEIL_REQUEST_ERASURE,
  VEIL_REQUEST_OBJECTION,
} VeilRequestKind;

/* What identifies the writer to the company; any field may be NULL. */
typedef struct {
  const char *name;
  const char *email;
  const char *address;
} VeilRequestIdentity;

typedef struct _VeilRequest VeilRequest;

gboolean     veil_request_kind_from_string (const char      *text,
                                            VeilRequestKind *kind);

/* company: a name as in the store (matched after normalisation); lang:
 * "en", "de" or "fr". data_dir: NULL for the installed data. */
VeilRequest *veil_request_new_full    (VeilStore                 *store,
                                       const char                *company,
                                       VeilRequestKind            kind,
                                       const char                *lang,
                                       const VeilRequestIdentity *who,
                                       const char                *data_dir,
                                       GError                   **error);
VeilRequest *veil_request_new         (VeilStore                 *store,
                                       const char                *company,
                                       VeilRequestKind            kind,
                                       const char                *lang,
                                       const VeilRequestIdentity *who,
                                       GError                   **error);
void         veil_request_free        (VeilRequest *request);

const char  *veil_request_get_text      (VeilRequest *request);
const char  *veil_request_get_subject   (VeilRequest *request);
/* NULL when no email address is known. */
const char  *veil_request_get_recipient (VeilRequest *request);
/* The company's name as Datenanfragen lists it, or as the export wrote it. */
const char  *veil_request_get_company   (VeilRequest *request);
/* NULL without a recipient. */
char        *veil_request_to_mailto     (VeilRequest *request);
/* Written to a temporary file, synced, then renamed: never half a letter. */
gboolean     veil_request_save          (VeilRequest  *request,
                                         const char   *path,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilRequest, veil_request_free)

G_END_DECLS
