/* veil-plist.c: Apple property lists (XML and bplist00) into GVariant.
 *
 * Binary plists are a table of objects that refer to each other by index,
 * so a hostile file can hold reference cycles or a small DAG that expands
 * exponentially. The reader checks the trailer and every offset, refuses
 * cycles (an object that refers back to one being built), and caps depth and
 * the total number of values produced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-plist"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-apps-private.h"
#include "veil-error.h"
#include "veil-bytes.h"

#define MAX_DEPTH 64
#define MAX_VALUES 200000
#define MAX_OBJECTS (1u << 20)

static gboolean
malformed (GError **error, const char *what)
{
  if (error != NULL && *error == NULL)
    g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED, _("broken property list: %s"), what);
  return FALSE;
}

/* ---------------------------------------------------------- binary */

typedef struct {
  const guint8 *data;
  gsize         len;
  guint8        int_size;
  guint8        ref_size;
  guint64       n_objects;
  guint64       table;
  guint8       *building;   /* 1 while an object is on the stack */
  guint         n_values;
} Bplist;

static guint64
read_be (const guint8 *p, guint n)
{
  guint64 v = 0;
  for (guint i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

static GVariant *read_object (Bplist *b, guint64 idx, guint depth, GError **error);

/* The element count after a marker: the low nibble, or an int object. */
static gboolean
read_count (Bplist *b, gsize *pos, guint8 marker, guint64 *count, GError **error)
{
  guint8 m;
  guint n;

  if ((marker & 0x0f) != 0x0f)
    {
      *count = marker & 0x0f;
      return TRUE;
    }
  if (*pos >= b->len)
    return malformed (error, _("count out of range"));
  m = b->data[(*pos)++];
  if ((m & 0xf0) != 0x10 || (m & 0x0f) > 3)
    return malformed (error, _("bad count"));
  n = 1u << (m & 0x0f);
  if (!veil_range_ok (b->len, *pos, n))
    return malformed (error, _("count out of range"));
  *count = read_be (b->data + *pos, n);
  *pos += n;
  return TRUE;
}

static gboolean
read_ref (Bplist *b, gsize pos, guint64 i, guint64 *ref, GError **error)
{
  guint64 at = pos + i * b->ref_size;

  if (!veil_range_ok (b->table, at, b->ref_size))
    return malformed (error, _("reference out of range"));
  *ref = read_be (b->data + at, b->ref_size);
  return TRUE;
}

static GVariant *
read_object (Bplist *b, guint64 idx, guint depth, GError **error)
{
  guint64 off, count;
  gsize pos;
  guint8 marker;
  GVariant *result = NULL;

  if (idx >= b->n_objects)
    return malformed (error, _("object index out of range")), NULL;
  if (depth > MAX_DEPTH || ++b->n_values > MAX_VALUES)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE, _("property list too deep or too large"));
      return NULL;
    }
  if (b->building[idx])
    return malformed (error, _("it refers to itself")), NULL;
  off = read_be (b->data + b->table + idx * b->int_size, b->int_size);
  if (off < 8 || off >= b->table)
    return malformed (error, _("object offset out of range")), NULL;
  pos = off;
  marker = b->data[pos++];

  switch (marker >> 4)
    {
    case 0x0:
      if (marker == 0x08 || marker == 0x09)
        return g_variant_new_boolean (marker == 0x09);
      return g_variant_new_string ("");
    case 0x1:
      {
        guint n = 1u << (marker & 0x0f);
        if (n > 16 || !veil_range_ok (b->table, pos, n))
          return malformed (error, _("integer out of range")), NULL;
        /* 16-byte integers keep their low 8 bytes. */
        return g_variant_new_int64 ((gint64) read_be (b->data + pos + (n > 8 ? n - 8 : 0), MIN (n, 8)));
      }
    case 0x2:
    case 0x3:
      {
        guint n = marker == 0x33 ? 8 : 1u << (marker & 0x0f);
        guint64 bits;
        if ((n != 4 && n != 8) || !veil_range_ok (b->table, pos, n))
          return malformed (error, _("number out of range")), NULL;
        bits = read_be (b->data + pos, n);
        if (n == 4)
          {
            guint32 u = (guint32) bits;
            float f;
            memcpy (&f, &u, 4);
            return g_variant_new_double (f);
          }
        {
          double d;
          memcpy (&d, &bits, 8);
          return g_variant_new_double (d);
        }
      }
    case 0x4:
      if (!read_count (b, &pos, marker, &count, error) || !veil_range_ok (b->table, pos, count))
        return malformed (error, _("data out of range")), NULL;
      return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, b->data + pos, count, 1);
    case 0x5:
      if (!read_count (b, &pos, marker, &count, error) || !veil_range_ok (b->table, pos, count))
        return malformed (error, _("string out of range")), NULL;
      {
        g_autofree char *s = g_strndup ((const char *) b->data + pos, count);
        if (!g_utf8_validate (s, -1, NULL))
          return malformed (error, _("string is not text")), NULL;
        return g_variant_new_string (s);
      }
    case 0x6:
      if (!read_count (b, &pos, marker, &count, error) || !veil_range_ok (b->table, pos, count * 2))
        return malformed (error, _("string out of range")), NULL;
      {
        g_autofree gunichar2 *u = g_new (gunichar2, count + 1);
        g_autofree char *s = NULL;
        for (guint64 i = 0; i < count; i++)
          u[i] = veil_read_be16 (b->data + pos + 2 * i);
        s = g_utf16_to_utf8 (u, count, NULL, NULL, NULL);
        if (s == NULL)
          return malformed (error, _("string is not text")), NULL;
        return g_variant_new_string (s);
      }
    case 0x8:
      return g_variant_new_int64 (0);
    case 0xa:
    case 0xd:
      {
        gboolean dict = (marker >> 4) == 0xd;
        GVariantBuilder builder;

        if (!read_count (b, &pos, marker, &count, error))
          return NULL;
        if (count > b->n_objects)
          return malformed (error, _("container larger than the file")), NULL;
        b->building[idx] = 1;
        g_variant_builder_init (&builder, dict ? G_VARIANT_TYPE_VARDICT : G_VARIANT_TYPE ("av"));
        for (guint64 i = 0; i < count; i++)
          {
            guint64 kref, vref;
            g_autoptr(GVariant) key = NULL;
            GVariant *value;

            if (!read_ref (b, pos, dict ? count + i : i, &vref, error))
              goto fail;
            if (dict)
              {
                if (!read_ref (b, pos, i, &kref, error) || (key = read_object (b, kref, depth + 1, error)) == NULL)
                  goto fail;
                g_variant_ref_sink (key);
                if (!g_variant_is_of_type (key, G_VARIANT_TYPE_STRING))
                  {
                    malformed (error, _("a key is not a string"));
                    goto fail;
                  }
              }
            if ((value = read_object (b, vref, depth + 1, error)) == NULL)
              goto fail;
            if (dict)
              g_variant_builder_add (&builder, "{sv}", g_variant_get_string (key, NULL), value);
            else
              g_variant_builder_add (&builder, "v", value);
          }
        b->building[idx] = 0;
        return g_variant_builder_end (&builder);
      fail:
        b->building[idx] = 0;
        g_variant_builder_clear (&builder);
        return NULL;
      }
    default:
      return malformed (error, _("unknown object type")), NULL;
    }
  return result;
}

static GVariant *
parse_binary (const guint8 *data, gsize len, GError **error)
{
  Bplist b = { data, len };
  const guint8 *t;
  GVariant *v;

  if (len < 8 + 32)
    return malformed (error, _("too short")), NULL;
  t = data + len - 32;
  b.int_size = t[6];
  b.ref_size = t[7];
  b.n_objects = veil_read_be64 (t + 8);
  b.table = veil_read_be64 (t + 24);
  if (b.int_size < 1 || b.int_size > 8 || b.ref_size < 1 || b.ref_size > 8)
    return malformed (error, _("bad trailer")), NULL;
  if (b.n_objects == 0 || b.n_objects > MAX_OBJECTS)
    return malformed (error, _("bad object count")), NULL;
  if (b.table < 8 || !veil_range_ok (len - 32, b.table, b.n_objects * b.int_size))
    return malformed (error, _("offset table out of range")), NULL;
  b.building = g_malloc0 (b.n_objects);
  v = read_object (&b, veil_read_be64 (t + 16), 0, error);
  g_free (b.building);
  return v != NULL ? g_variant_ref_sink (v) : NULL;
}

/* ---------------------------------------------------------- XML */

typedef struct {
  GPtrArray *builders;  /* GVariantBuilder *, one per open dict/array */
  GPtrArray *is_dict;   /* GINT_TO_POINTER */
  GPtrArray *keys;      /* char *, pending key per level */
  GString   *text;
  GVariant  *root;
  guint      n_values;
} Xml;

static void
xml_add (Xml *x, GVariant *v, GError **error)
{
  guint top = x->builders->len;

  if (++x->n_values > MAX_VALUES)
    {
      g_variant_unref (g_variant_ref_sink (v));
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE, _("property list too large"));
      return;
    }
  if (top == 0)
    {
      if (x->root == NULL)
        x->root = g_variant_ref_sink (v);
      else
        g_variant_unref (g_variant_ref_sink (v));
      return;
    }
  if (GPOINTER_TO_INT (x->is_dict->pdata[top - 1]))
    {
      char *key = x->keys->pdata[top - 1];
      if (key == NULL)
        {
          g_variant_unref (g_variant_ref_sink (v));
          malformed (error, _("a value without a key"));
          return;
        }
      g_variant_builder_add (x->builders->pdata[top - 1], "{sv}", key, v);
      g_free (key);
      x->keys->pdata[top - 1] = NULL;
    }
  else
    g_variant_builder_add (x->builders->pdata[top - 1], "v", v);
}

static void
xml_start (GMarkupParseContext *ctx, const char *name, const char **attr_names, const char **attr_values,
           gpointer user_data, GError **error)
{
  Xml *x = user_data;

  g_string_truncate (x->text, 0);
  if (g_str_equal (name, "dict") || g_str_equal (name, "array"))
    {
      gboolean dict = g_str_equal (name, "dict");
      if (x->builders->len >= MAX_DEPTH)
        {
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE, _("property list too deep"));
          return;
        }
      g_ptr_array_add (x->builders, g_variant_builder_new (dict ? G_VARIANT_TYPE_VARDICT : G_VARIANT_TYPE ("av")));
      g_ptr_array_add (x->is_dict, GINT_TO_POINTER (dict));
      g_ptr_array_add (x->keys, NULL);
    }
}

static void
xml_end (GMarkupParseContext *ctx, const char *name, gpointer user_data, GError **error)
{
  Xml *x = user_data;
  const char *text = x->text->str;

  if (g_str_equal (name, "dict") || g_str_equal (name, "array"))
    {
      guint top = x->builders->len;
      GVariantBuilder *b;
      if (top == 0)
        return;
      b = x->builders->pdata[top - 1];
      g_ptr_array_set_size (x->keys, top - 1);  /* frees the pending key */
      g_ptr_array_set_size (x->is_dict, top - 1);
      g_ptr_array_steal_index (x->builders, top - 1);
      xml_add (x, g_variant_builder_end (b), error);
      g_variant_builder_unref (b);
    }
  else if (g_str_equal (name, "key"))
    {
      guint top = x->builders->len;
      if (top > 0 && GPOINTER_TO_INT (x->is_dict->pdata[top - 1]))
        {
          g_free (x->keys->pdata[top - 1]);
          x->keys->pdata[top - 1] = g_strdup (text);
        }
    }
  else if (g_str_equal (name, "string") || g_str_equal (name, "date"))
    xml_add (x, g_variant_new_string (text), error);
  else if (g_str_equal (name, "integer"))
    xml_add (x, g_variant_new_int64 (g_ascii_strtoll (text, NULL, 10)), error);
  else if (g_str_equal (name, "real"))
    xml_add (x, g_variant_new_double (g_ascii_strtod (text, NULL)), error);
  else if (g_str_equal (name, "true") || g_str_equal (name, "false"))
    xml_add (x, g_variant_new_boolean (g_str_equal (name, "true")), error);
  else if (g_str_equal (name, "data"))
    {
      gsize n = 0;
      g_autofree guchar *bytes = g_base64_decode (text, &n);
      xml_add (x, g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes, n, 1), error);
    }
  g_string_truncate (x->text, 0);
}

static void
xml_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer user_data, GError **error)
{
  Xml *x = user_data;

  if (x->text->len + len > 1024 * 1024)
    {
      g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_TOO_LARGE, _("property list value too large"));
      return;
    }
  g_string_append_len (x->text, text, len);
}

static GVariant *
parse_xml (const guint8 *data, gsize len, GError **error)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  Xml x = { 0 };
  GMarkupParseContext *ctx;
  gboolean ok;

  x.builders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_builder_unref);
  x.is_dict = g_ptr_array_new ();
  x.keys = g_ptr_array_new_with_free_func (g_free);
  x.text = g_string_new (NULL);
  ctx = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &x, NULL);
  ok = g_markup_parse_context_parse (ctx, (const char *) data, len, error) &&
       g_markup_parse_context_end_parse (ctx, error);
  g_markup_parse_context_free (ctx);
  g_ptr_array_unref (x.builders);
  g_ptr_array_unref (x.is_dict);
  g_ptr_array_unref (x.keys);
  g_string_free (x.text, TRUE);
  if (!ok || x.root == NULL)
    {
      g_clear_pointer (&x.root, g_variant_unref);
      if (error != NULL && *error != NULL && (*error)->domain != VEIL_APPS_ERROR)
        {
          g_autofree char *msg = g_strdup ((*error)->message);
          g_clear_error (error);
          g_set_error (error, VEIL_APPS_ERROR, VEIL_APPS_ERROR_MALFORMED, _("broken property list: %s"), msg);
        }
      malformed (error, _("no value"));
      return NULL;
    }
  return x.root;
}

GVariant *
_veil_plist_parse (const guint8 *data,
                   gsize         len,
                   GError      **error)
{
  if (len >= 8 && memcmp (data, "bplist00", 8) == 0)
    return parse_binary (data, len, error);
  if (!g_utf8_validate ((const char *) data, len, NULL))
    return malformed (error, _("neither binary nor XML")), NULL;
  return parse_xml (data, len, error);
}
