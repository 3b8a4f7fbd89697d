/* veil-export-adtech.c: ad-tech intermediaries in the links of an export.
 *
 * An ad click in Google's activity often goes through a redirect host
 * (2100.xg4ken.com, ad.atdmt.com, clickserve.dartsearch.net) before the
 * business that advertised. Those hosts did not advertise: they measured
 * the click. They are named as trackers and linked to their owner through
 * the bundled tracker list (its network signatures), or through the few
 * redirect services that list does not carry; the advertiser is the
 * destination the redirect carries, when it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-apps.h"
#include "veil-apps-private.h"
#include "veil-export-private.h"

/* Click-measurement redirect domains and who runs them, for hosts the
 * tracker list has no network signature for. */
static const struct {
  const char *domain;
  const char *owner;
} redirects[] = {
  { "xg4ken.com", "Kenshoo (Skai)" },
  { "atdmt.com", "Microsoft (Atlas)" },
  { "dartsearch.net", "Google (Search Ads 360)" },
  { "doubleclick.net", "Google (DoubleClick)" },
  { "googleadservices.com", "Google Ads" },
  { "googlesyndication.com", "Google AdSense" },
  { "adnxs.com", "Xandr (Microsoft)" },
  { "criteo.com", "Criteo" },
  { "taboola.com", "Taboola" },
  { "outbrain.com", "Outbrain" },
  { "bing.com", "Microsoft Advertising" },
  { "awin1.com", "Awin" },
  { "tradedoubler.com", "Tradedoubler" },
  { "clickserve.cc-dt.com", "Google (Search Ads 360)" },
};

/* Query members redirect services carry the destination in. */
static const char *const destination_params[] = {
  "url", "ds_dest_url", "adurl", "u", "dest", "destination", "redirect", "r", "lp", NULL,
};

struct _VeilAdtech {
  VeilTrackerDb  *db;
  gboolean        tried;
};

VeilAdtech *
_veil_adtech_new (void)
{
  return g_new0 (VeilAdtech, 1);
}

void
_veil_adtech_free (VeilAdtech *adtech)
{
  if (adtech == NULL)
    return;
  g_clear_pointer (&adtech->db, veil_tracker_db_free);
  g_free (adtech);
}

static gboolean
host_in_domain (const char *host,
                const char *domain)
{
  gsize h = strlen (host), d = strlen (domain);

  return h >= d && g_ascii_strcasecmp (host + h - d, domain) == 0 && (h == d || host[h - d - 1] == '.');
}

typedef struct {
  VeilTrackerDb *db;
  GPtrArray     *trackers;
  const char    *name;
} Hit;

static void
on_hit (guint        tracker,
        const char  *s,
        gsize        len,
        gpointer     user_data)
{
  Hit *hit = user_data;

  if (hit->name == NULL && tracker < hit->trackers->len)
    hit->name = ((VeilTrackerInfo *) g_ptr_array_index (hit->trackers, tracker))->name;
}

const char *
_veil_adtech_owner (VeilAdtech *adtech,
                    const char *host)
{
  VeilSigMatcher *matcher = NULL;
  Hit hit = { 0 };

  if (host == NULL)
    return NULL;
  /* The tracker list first: it names the SDK maker Veil shows elsewhere. */
  if (!adtech->tried)
    {
      g_autoptr(GError) error = NULL;

      adtech->tried = TRUE;
      adtech->db = veil_tracker_db_open_default (&error);
      if (adtech->db == NULL)
        g_debug ("no tracker list for ad hosts: %s", error->message);
    }
  if (adtech->db != NULL)
    {
      g_autofree gboolean *done = NULL;

      hit.trackers = _veil_tracker_db_matcher_index (adtech->db, VEIL_APP_PLATFORM_ANDROID, TRUE, &matcher);
      done = g_new0 (gboolean, hit.trackers->len + 1);
      if (matcher != NULL)
        _veil_sig_matcher_scan (matcher, host, strlen (host), done, on_hit, &hit);
      if (hit.name != NULL)
        return hit.name;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (redirects); i++)
    if (host_in_domain (host, redirects[i].domain))
      return redirects[i].owner;
  return NULL;
}

char *
_veil_adtech_destination (const char *url)
{
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL) : NULL;
  g_autoptr(GHashTable) params = NULL;

  if (uri == NULL || g_uri_get_query (uri) == NULL)
    return NULL;
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&;", G_URI_PARAMS_NONE, NULL);
  for (guint i = 0; params != NULL && destination_params[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (params, destination_params[i]);

      if (value != NULL && (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://")))
        return g_strdup (value);
    }
  return NULL;
}
