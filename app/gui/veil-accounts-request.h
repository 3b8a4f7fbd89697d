/* veil-accounts-request.h: the Write Request window: a data-protection
 * request letter to one company, filled by the engine from what the
 * exports showed. Veil sends nothing: the letter is saved or handed to the
 * mail app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "veil-export-request.h"

G_BEGIN_DECLS

#define VEIL_TYPE_ACCOUNTS_REQUEST (veil_accounts_request_get_type ())

G_DECLARE_FINAL_TYPE (VeilAccountsRequest, veil_accounts_request, VEIL, ACCOUNTS_REQUEST, AdwWindow)

GtkWidget  *veil_accounts_request_new      (GtkWindow           *parent,
                                            const char          *store_path,
                                            const char          *company);
void        veil_accounts_request_set_kind (VeilAccountsRequest *self,
                                            VeilRequestKind      kind);
void        veil_accounts_request_set_lang (VeilAccountsRequest *self,
                                            const char          *lang);
/* The letter as shown; NULL until it is written. */
char       *veil_accounts_request_get_text (VeilAccountsRequest *self);
/* The mailto: address, or NULL without a known email address. */
const char *veil_accounts_request_get_mailto (VeilAccountsRequest *self);
/* TRUE while the letter is being written. */
gboolean    veil_accounts_request_get_busy (VeilAccountsRequest *self);

G_END_DECLS
