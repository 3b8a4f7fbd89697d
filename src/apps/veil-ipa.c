/* temporary */
#define G_LOG_DOMAIN "veil-ipa"
#include "config.h"
#include <archive.h>
#include "veil-apps-private.h"
#include "veil-error.h"
gboolean _veil_ipa_entry (VeilAppScan *s, struct archive *a, const char *name, gint64 size, GError **error)
{ archive_read_data_skip (a); return TRUE; }
gboolean _veil_ipa_finish (VeilAppScan *s, const VeilAppSource *src, GError **error)
{ g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_UNSUPPORTED, "iOS not yet"); return FALSE; }
void _veil_privacy_manifest_free (VeilPrivacyManifest *m) { g_free (m); }
