/* veil-store-views.h: what one imported account showed, shaped for the
 * app's Accounts pages (advertisers with their relations, off-platform
 * trackers per month, inferences, locations, logins).
 *
 * The queries read the store's file on their own read-only connection, so
 * they can run on any thread while an import writes (WAL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *name;
  GStrv   relations;  /* distinct VEIL_REL_* values, sorted */
  guint   count;      /* links, or events for trackers */
  gint64  first_ts;   /* 0 when unknown */
  gint64  last_ts;
} VeilViewCompany;

typedef struct {
  char *kind;
  char *value;
  char *detail;
} VeilViewInference;

typedef struct {
  gint64  ts;
  double  lat;
  double  lon;
} VeilViewPoint;

typedef struct {
  gint64  ts;
  char   *action;
  char   *ip;
  char   *device;
  char   *place;
} VeilViewLogin;

typedef struct {
  int    year;
  int    month;  /* 1–12 */
  guint  count;
} VeilViewMonth;

typedef struct {
  gint64     account_id;          /* 0: all accounts together */
  GPtrArray *advertisers;        /* VeilViewCompany *, most links first */
  GPtrArray *trackers;           /* VeilViewCompany *, most events first */
  GArray    *months;             /* VeilViewMonth, events of trackers, oldest first, no gaps */
  GPtrArray *inferences;         /* VeilViewInference *, by kind */
  GArray    *points;             /* VeilViewPoint, evenly thinned to at most max_points */
  guint      n_points;           /* before thinning */
  GPtrArray *places;             /* VeilStoreRanked *: named places, most visits first */
  GPtrArray *logins;             /* VeilViewLogin *, newest first, at most max_rows */
  guint      n_logins;
} VeilAccountView;

/* account_id (VeilStoreAccount.id) 0 gathers every account. max_rows bounds the longer lists
 * (logins); max_points the location points kept for a plot. */
VeilAccountView *veil_account_view_load (const char  *store_path,
                                         gint64       account_id,
                                         guint        max_rows,
                                         guint        max_points,
                                         GError     **error);
void             veil_account_view_free (VeilAccountView *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilAccountView, veil_account_view_free)

G_END_DECLS
