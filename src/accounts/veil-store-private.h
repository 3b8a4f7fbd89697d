/* veil-store-private.h: what the store's files (open, import, query) share,
 * and hooks for the engine's own tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "veil-store.h"

G_BEGIN_DECLS

/* Relations that mean "this company has or used data about you". */
#define ADVERTISER_RELATIONS \
  "('" VEIL_REL_USES_ACTIVITY "','" VEIL_REL_UPLOADED_LIST "','" VEIL_REL_STORE_VISIT "','" \
  VEIL_REL_AUDIENCE "','" VEIL_REL_DATA_PARTNER "','" VEIL_REL_TARGETED "','" VEIL_REL_INTERACTED "')"

enum {
  STMT_COMPANY_INSERT,
  STMT_COMPANY_ID,
  STMT_LINK,
  STMT_EVENT,
  STMT_INFERENCE,
  STMT_LOCATION,
  STMT_LOGIN,
  STMT_CONTACT,
  STMT_OTHER,
  STMT_NOTE,
  STMT_UNREAD,
  STMT_HOLDER,
  STMT_SEARCH,
  N_STMTS
};

struct _VeilStore {
  sqlite3      *db;
  char         *path;
  sqlite3_stmt *stmts[N_STMTS];
  /* The row inserts for an account's first export, where a row already
   * there can only be this export's own: a plain DO NOTHING, no lookup. */
  sqlite3_stmt *first_stmts[N_STMTS];
  gboolean      in_import;
};

/* A table of rows that belong to an account, and its own key. */
typedef struct {
  const char *table;
  const char *key;
} VeilStoreRowKey;

/* NULL-terminated. */
extern const VeilStoreRowKey _veil_store_row_keys[];

/* Sets error from the connection's last failure: "The exports store failed to what: …". */
void     _veil_store_set_error (GError     **error,
                                sqlite3     *db,
                                const char  *what);
/* Runs sql outside any statement cache; FALSE with error on failure. */
gboolean _veil_store_exec      (VeilStore   *store,
                                const char  *sql,
                                const char  *what,
                                GError     **error);


/* Makes the n-th row added to this import fail, as a full disk would. */
void _veil_store_import_fail_after (VeilStoreImport *import,
                                    guint            n);

G_END_DECLS
