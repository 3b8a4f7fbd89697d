/* veil-axml.c: reads AndroidManifest.xml in Android's binary XML format.
 *
 * Only what a person needs is kept: the package name, the version, and the
 * permissions the app asks for. The chunk walker checks every size against
 * its parent chunk; strings are read lazily from the pool, by index, with
 * their lengths checked against the pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-axml"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-bytes.h"

enum {
  RES_STRING_POOL_TYPE = 0x0001,
  RES_XML_TYPE = 0x0003,
  RES_XML_START_ELEMENT_TYPE = 0x0102,
  RES_XML_RESOURCE_MAP_TYPE = 0x0180,
};

enum {
  TYPE_REFERENCE = 0x01,
  TYPE_STRING = 0x03,
  TYPE_INT_DEC = 0x10,
  TYPE_INT_HEX = 0x11,
};

#define ATTR_NAME         0x01010003
#define ATTR_VERSION_CODE 0x0101021b
#define ATTR_VERSION_NAME 0x0101021c
#define UTF8_FLAG (1u << 8)
#define MAX_PERMISSIONS 4096

typedef struct {
  const guint8 *pool;       /* start of the string pool chunk */
  gsize         pool_len;
  guint32       n_strings;
  guint32       strings_start;
  gboolean      utf8;
  const guint8 *res_map;
  guint32       n_res;
} Axml;

static gboolean
malformed (GError **error, const char *what)
{
  g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
               _("broken AndroidManifest.xml: %s"), what);
  return FALSE;
}

/* String idx of the pool as UTF-8, or NULL when absent or broken. */
static char *
pool_string (const Axml *x, guint32 idx)
{
  guint32 off;
  gsize pos;

  if (x->pool == NULL || idx >= x->n_strings)
    return NULL;
  off = veil_read_le32 (x->pool + 28 + 4 * (gsize) idx);
  pos = (gsize) x->strings_start + off;
  if (pos >= x->pool_len || off > x->pool_len)
    return NULL;

  if (x->utf8)
    {
      guint32 n;
      /* utf16 length (1–2 bytes) then utf8 length (1–2 bytes). */
      for (int k = 0; k < 2; k++)
        {
          if (pos >= x->pool_len)
            return NULL;
          n = x->pool[pos++];
          if (n & 0x80)
            {
              if (pos >= x->pool_len)
                return NULL;
              n = ((n & 0x7f) << 8) | x->pool[pos++];
            }
        }
      if (!veil_range_ok (x->pool_len, pos, n))
        return NULL;
      if (!g_utf8_validate ((const char *) x->pool + pos, n, NULL))
        return NULL;
      return g_strndup ((const char *) x->pool + pos, n);
    }
  else
    {
      guint32 n;
      g_autofree gunichar2 *units = NULL;

      if (!veil_range_ok (x->pool_len, pos, 2))
        return NULL;
      n = veil_read_le16 (x->pool + pos);
      pos += 2;
      if (n & 0x8000)
        {
          if (!veil_range_ok (x->pool_len, pos, 2))
            return NULL;
          n = ((n & 0x7fff) << 16) | veil_read_le16 (x->pool + pos);
          pos += 2;
        }
      if (!veil_range_ok (x->pool_len, pos, (guint64) n * 2))
        return NULL;
      units = g_new (gunichar2, n + 1);
      for (guint32 i = 0; i < n; i++)
        units[i] = veil_read_le16 (x->pool + pos + 2 * (gsize) i);
      return g_utf16_to_utf8 (units, n, NULL, NULL, NULL);
    }
}

static guint32
res_id (const Axml *x, guint32 name_idx)
{
  if (x->res_map == NULL || name_idx >= x->n_res)
    return 0;
  return veil_read_le32 (x->res_map + 4 * (gsize) name_idx);
}

static gboolean
read_pool (Axml *x, const guint8 *chunk, gsize size, GError **error)
{
  guint32 n, flags, start;

  if (size < 28 || veil_read_le16 (chunk + 2) < 28)
    return malformed (error, _("string pool header too short"));
  n = veil_read_le32 (chunk + 8);
  flags = veil_read_le32 (chunk + 16);
  start = veil_read_le32 (chunk + 20);
  if (!veil_range_ok (size, 28, (guint64) n * 4) || start > size)
    return malformed (error, _("string pool out of range"));
  x->pool = chunk;
  x->pool_len = size;
  x->n_strings = n;
  x->strings_start = start;
  x->utf8 = (flags & UTF8_FLAG) != 0;
  return TRUE;
}

/* The value of attribute attr as text: strings as they are, integers in
 * decimal (versionCode), anything else NULL. */
static char *
attr_value (const Axml *x, const guint8 *attr)
{
  guint32 raw = veil_read_le32 (attr + 8);
  guint8 type = attr[15];
  guint32 data = veil_read_le32 (attr + 16);

  if (type == TYPE_STRING)
    return pool_string (x, data);
  if (type == TYPE_INT_DEC || type == TYPE_INT_HEX)
    return g_strdup_printf ("%u", data);
  if (raw != 0xffffffff)
    return pool_string (x, raw);
  if (type == TYPE_REFERENCE)
    return g_strdup_printf ("@0x%08x", data);
  return NULL;
}

static gboolean
read_element (Axml *x, VeilManifest *m, const guint8 *chunk, gsize size, GError **error)
{
  guint16 header_size = veil_read_le16 (chunk + 2);
  const guint8 *ext;
  guint16 attr_start, attr_size, attr_count;
  g_autofree char *tag = NULL;

  if (header_size < 16 || !veil_range_ok (size, header_size, 20))
    return malformed (error, _("element too short"));
  ext = chunk + header_size;
  tag = pool_string (x, veil_read_le32 (ext + 4));
  attr_start = veil_read_le16 (ext + 8);
  attr_size = veil_read_le16 (ext + 10);
  attr_count = veil_read_le16 (ext + 12);
  if (attr_count > 0 &&
      (attr_size < 20 || !veil_range_ok (size - header_size, attr_start, (guint64) attr_size * attr_count)))
    return malformed (error, _("attributes out of range"));
  if (tag == NULL)
    return TRUE;

  for (guint i = 0; i < attr_count; i++)
    {
      const guint8 *attr = ext + attr_start + (gsize) i * attr_size;
      guint32 name_idx = veil_read_le32 (attr + 4);
      guint32 id = res_id (x, name_idx);
      g_autofree char *name = pool_string (x, name_idx);
      gboolean is_name = id == ATTR_NAME || (id == 0 && g_strcmp0 (name, "name") == 0);

      if (g_str_equal (tag, "manifest"))
        {
          if (id == 0 && g_strcmp0 (name, "package") == 0 && m->package == NULL)
            m->package = attr_value (x, attr);
          else if ((id == ATTR_VERSION_CODE || (id == 0 && g_strcmp0 (name, "versionCode") == 0)) &&
                   m->version_code == NULL)
            m->version_code = attr_value (x, attr);
          else if ((id == ATTR_VERSION_NAME || (id == 0 && g_strcmp0 (name, "versionName") == 0)) &&
                   m->version_name == NULL)
            m->version_name = attr_value (x, attr);
        }
      else if ((g_str_equal (tag, "uses-permission") || g_str_equal (tag, "uses-permission-sdk-23")) &&
               is_name && m->permissions->len < MAX_PERMISSIONS)
        {
          char *value = attr_value (x, attr);
          if (value != NULL)
            g_ptr_array_add (m->permissions, value);
        }
    }
  return TRUE;
}

VeilManifest *
_veil_axml_parse_manifest (const guint8 *data,
                           gsize         len,
                           GError      **error)
{
  g_autoptr(VeilManifest) m = g_new0 (VeilManifest, 1);
  Axml x = { 0 };
  gsize pos, end;

  m->permissions = g_ptr_array_new_with_free_func (g_free);
  if (len < 8 || veil_read_le16 (data) != RES_XML_TYPE)
    {
      malformed (error, _("not binary XML"));
      return NULL;
    }
  pos = veil_read_le16 (data + 2);
  end = veil_read_le32 (data + 4);
  if (pos < 8 || end > len || pos > end)
    {
      malformed (error, _("bad document header"));
      return NULL;
    }

  while (pos + 8 <= end)
    {
      const guint8 *chunk = data + pos;
      guint16 type = veil_read_le16 (chunk);
      guint32 size = veil_read_le32 (chunk + 4);

      if (size < 8 || !veil_range_ok (end, pos, size))
        {
          malformed (error, _("chunk size out of range"));
          return NULL;
        }
      switch (type)
        {
        case RES_STRING_POOL_TYPE:
          if (x.pool == NULL && !read_pool (&x, chunk, size, error))
            return NULL;
          break;
        case RES_XML_RESOURCE_MAP_TYPE:
          if (veil_read_le16 (chunk + 2) < 8)
            {
              malformed (error, _("bad resource map"));
              return NULL;
            }
          x.res_map = chunk + veil_read_le16 (chunk + 2);
          x.n_res = (size - MIN (size, veil_read_le16 (chunk + 2))) / 4;
          break;
        case RES_XML_START_ELEMENT_TYPE:
          if (!read_element (&x, m, chunk, size, error))
            return NULL;
          break;
        default:
          break;
        }
      pos += size;
    }
  if (pos != end)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED,
                   _("broken AndroidManifest.xml: it ends in the middle of a chunk"));
      return NULL;
    }
  return g_steal_pointer (&m);
}

void
_veil_manifest_free (VeilManifest *m)
{
  if (m == NULL)
    return;
  g_free (m->package);
  g_free (m->version_name);
  g_free (m->version_code);
  g_clear_pointer (&m->permissions, g_ptr_array_unref);
  g_free (m);
}

/* Permissions that let an app reach something personal, each with what it
 * means for the person using the app. */
static const struct {
  const char *suffix;
  const char *text;
} sensitive[] = {
  { "ACCESS_FINE_LOCATION", N_("Can see exactly where you are (GPS).") },
  { "ACCESS_COARSE_LOCATION", N_("Can see roughly where you are (town or neighbourhood).") },
  { "ACCESS_BACKGROUND_LOCATION", N_("Can see where you are even when you are not using the app.") },
  { "READ_CONTACTS", N_("Can read your address book.") },
  { "WRITE_CONTACTS", N_("Can change your address book.") },
  { "GET_ACCOUNTS", N_("Can list the accounts on your phone (often your e-mail addresses).") },
  { "CAMERA", N_("Can take photos and videos.") },
  { "RECORD_AUDIO", N_("Can record sound through the microphone.") },
  { "READ_PHONE_STATE", N_("Can read your phone number, network and call state.") },
  { "READ_PHONE_NUMBERS", N_("Can read your phone number.") },
  { "CALL_PHONE", N_("Can make phone calls without asking.") },
  { "READ_CALL_LOG", N_("Can read who you called and who called you.") },
  { "WRITE_CALL_LOG", N_("Can change your call history.") },
  { "PROCESS_OUTGOING_CALLS", N_("Can see the numbers you call.") },
  { "READ_SMS", N_("Can read your text messages.") },
  { "RECEIVE_SMS", N_("Can read text messages as they arrive.") },
  { "SEND_SMS", N_("Can send text messages, which may cost money.") },
  { "RECEIVE_MMS", N_("Can read picture messages as they arrive.") },
  { "READ_CALENDAR", N_("Can read your calendar.") },
  { "WRITE_CALENDAR", N_("Can change your calendar.") },
  { "BODY_SENSORS", N_("Can read body sensors such as your heart rate.") },
  { "ACTIVITY_RECOGNITION", N_("Can tell whether you walk, run, cycle or drive.") },
  { "READ_EXTERNAL_STORAGE", N_("Can read the files and photos on your shared storage.") },
  { "WRITE_EXTERNAL_STORAGE", N_("Can change the files on your shared storage.") },
  { "MANAGE_EXTERNAL_STORAGE", N_("Can read and change all your files.") },
  { "READ_MEDIA_IMAGES", N_("Can read your photos.") },
  { "READ_MEDIA_VIDEO", N_("Can read your videos.") },
  { "READ_MEDIA_AUDIO", N_("Can read your music and recordings.") },
  { "ACCESS_MEDIA_LOCATION", N_("Can read where your photos were taken.") },
  { "AD_ID", N_("Can read your advertising ID, which ad companies use to follow you across apps.") },
  { "ACCESS_ADSERVICES_AD_ID", N_("Can read your advertising ID, which ad companies use to follow you across apps.") },
  { "ACCESS_ADSERVICES_ATTRIBUTION", N_("Can take part in ad measurement across apps.") },
  { "QUERY_ALL_PACKAGES", N_("Can list every app you have installed, which says a lot about you.") },
  { "BLUETOOTH_SCAN", N_("Can scan for nearby Bluetooth devices, which can reveal where you are.") },
  { "NEARBY_WIFI_DEVICES", N_("Can find nearby Wi-Fi devices, which can reveal where you are.") },
  { "ACCESS_WIFI_STATE", N_("Can see which Wi-Fi network you are on, which can reveal where you are.") },
  { "SYSTEM_ALERT_WINDOW", N_("Can draw over other apps.") },
  { "BIND_ACCESSIBILITY_SERVICE", N_("Can read and control everything on the screen.") },
  { "PACKAGE_USAGE_STATS", N_("Can see which apps you use and for how long.") },
  { "USE_BIOMETRIC", N_("Can ask for your fingerprint or face to unlock.") },
};

const char *
_veil_permission_explain (const char *permission)
{
  const char *dot = strrchr (permission, '.');
  const char *base = dot != NULL ? dot + 1 : permission;

  /* Only platform and Google permissions; an app's own permission that
   * happens to be called CAMERA says nothing. */
  if (!g_str_has_prefix (permission, "android.permission.") &&
      !g_str_has_prefix (permission, "com.google.android.gms.permission."))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (sensitive); i++)
    if (g_str_equal (base, sensitive[i].suffix))
      return _(sensitive[i].text);
  return NULL;
}
