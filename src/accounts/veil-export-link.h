/* veil-export-link.h: who a company in an export really is — its
 * data-protection contact (Datenanfragen.de, CC0) and the tracker SDKs it
 * makes (the bundled tracker list).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char  *slug;
  char  *name;
  char  *email;
  char  *address;
  char  *web;
  char  *webform;
  GStrv  runs;      /* services the controller runs; NULL when none listed */
} VeilCompanyContact;

typedef struct _VeilLinker VeilLinker;

/* "Hogan Ltd." → "hogan"; "Société Générale S.A." → "societe generale":
 * case and accents folded, punctuation dropped, legal forms stripped. */
char       *veil_company_normalize (const char *name);

/* Loads data/gdpr/companies.json and the tracker list from the installed
 * (or source) data folder; data_dir overrides that folder. */
VeilLinker *veil_linker_new        (const char  *data_dir,
                                    GError     **error);
void        veil_linker_free       (VeilLinker  *linker);

const VeilCompanyContact *veil_linker_find_contact  (VeilLinker *linker,
                                                     const char *company);
/* Names of the tracker SDKs the company makes (borrowed strings). */
GPtrArray  *veil_linker_find_trackers (VeilLinker *linker,
                                       const char *company);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilLinker, veil_linker_free)

G_END_DECLS
