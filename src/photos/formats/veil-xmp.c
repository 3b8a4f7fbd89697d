/* veil-xmp.c: XMP findings.
 *
 * The packet is read with GMarkup into a flat list of top-level properties:
 * each keeps its own text (or the items of its rdf:Seq/Bag/Alt) and, for
 * structures, the leaf fields found anywhere below it. That is all a "what
 * does it give away" view needs; a full RDF model would only add attack
 * surface. Namespaces are matched by URI, never by prefix, because writers
 * pick their own prefixes.
 *
 * GMarkup knows no DTD: a custom entity (the "billion laughs" attack) is an
 * unknown-entity error, never expanded. Depth, property count and packet
 * size are capped so a hostile packet costs bounded time and memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-xmp"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-xmp.h"
#include "veil-xmp-private.h"

#define MAX_PACKET     (16 * 1024 * 1024)
#define MAX_DEPTH      64
#define MAX_PROPS      4096
#define MAX_VALUES     512     /* kept per property; more are only counted */
#define MAX_FIELDS     8192    /* kept per property */

#define NS_RDF_URI "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static const struct {
  NsId        id;
  const char *uri;
  const char *prefix;   /* canonical, for the expert key */
} known_ns[] = {
  { NS_DC, "http://purl.org/dc/elements/1.1/", "dc" },
  { NS_XMP, "http://ns.adobe.com/xap/1.0/", "xmp" },
  { NS_XMPMM, "http://ns.adobe.com/xap/1.0/mm/", "xmpMM" },
  { NS_XMPRIGHTS, "http://ns.adobe.com/xap/1.0/rights/", "xmpRights" },
  { NS_XMPNOTE, "http://ns.adobe.com/xmp/note/", "xmpNote" },
  { NS_XMPBJ, "http://ns.adobe.com/xap/1.0/bj/", "xmpBJ" },
  { NS_PHOTOSHOP, "http://ns.adobe.com/photoshop/1.0/", "photoshop" },
  { NS_EXIF, "http://ns.adobe.com/exif/1.0/", "exif" },
  { NS_EXIFEX, "http://cipa.jp/exif/1.0/", "exifEX" },
  { NS_TIFF, "http://ns.adobe.com/tiff/1.0/", "tiff" },
  { NS_AUX, "http://ns.adobe.com/exif/1.0/aux/", "aux" },
  { NS_CRS, "http://ns.adobe.com/camera-raw-settings/1.0/", "crs" },
  { NS_IPTCCORE, "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/", "Iptc4xmpCore" },
  { NS_IPTCEXT, "http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "Iptc4xmpExt" },
  { NS_MWGRS, "http://www.metadataworkinggroup.com/schemas/regions/", "mwg-rs" },
  { NS_MP, "http://ns.microsoft.com/photo/1.2/", "MP" },
  { NS_GPANO, "http://ns.google.com/photos/1.0/panorama/", "GPano" },
  { NS_GCAMERA, "http://ns.google.com/photos/1.0/camera/", "GCamera" },
  { NS_GDEPTH, "http://ns.google.com/photos/1.0/depthmap/", "GDepth" },
  { NS_GIMAGE, "http://ns.google.com/photos/1.0/image/", "GImage" },
  { NS_GAUDIO, "http://ns.google.com/photos/1.0/audio/", "GAudio" },
  { NS_CONTAINER, "http://ns.google.com/photos/1.0/container/", "Container" },
  { NS_HDRGM, "http://ns.adobe.com/hdr-gain-map/1.0/", "hdrgm" },
  { NS_APPLEHDR, "http://ns.apple.com/HDRGainMap/1.0/", "HDRGainMap" },
  { NS_LR, "http://ns.adobe.com/lightroom/1.0/", "lr" },
  { NS_DIGIKAM, "http://www.digikam.org/ns/1.0/", "digiKam" },
  { NS_MSPHOTO, "http://ns.microsoft.com/photo/1.0/", "MicrosoftPhoto" },
  { NS_PLUS, "http://ns.useplus.org/ldf/xmp/1.0/", "plus" },
  { NS_PDF, "http://ns.adobe.com/pdf/1.3/", "pdf" },
};

static void
field_free (Field *field)
{
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static void
prop_free (Prop *prop)
{
  g_free (prop->prefix);
  g_free (prop->name);
  g_ptr_array_unref (prop->values);
  g_ptr_array_unref (prop->fields);
  g_free (prop);
}

/* ---- Parsing ------------------------------------------------------------ */

typedef enum {
  FRAME_OTHER,
  FRAME_RDF,
  FRAME_DESC_TOP,     /* rdf:Description under rdf:RDF: holds properties */
  FRAME_PROP,         /* a property element, top-level or inside a struct */
  FRAME_CONTAINER,    /* rdf:Seq / rdf:Bag / rdf:Alt */
  FRAME_LI,
  FRAME_DESC_NESTED,  /* rdf:Description as a struct value */
} FrameKind;

typedef struct {
  FrameKind  kind;
  GPtrArray *ns_decls;   /* pairs prefix, uri declared on this element */
  Prop      *top;        /* the top-level property this element is in */
  char      *leaf;       /* name a text value here is filed under */
  GString   *text;
  gboolean   has_children;
  gboolean   is_top;     /* FRAME_PROP directly under FRAME_DESC_TOP */
  gboolean   direct;     /* container / item of the top property's own list */
} Frame;

typedef struct {
  GPtrArray  *frames;    /* Frame* */
  GPtrArray  *props;     /* Prop*, in document order */
  GHashTable *by_key;    /* "uri name" -> Prop* (borrowed) */
  gboolean    truncated; /* hit a cap */
} Parser;

static void
frame_free (Frame *frame)
{
  if (frame->ns_decls != NULL)
    g_ptr_array_unref (frame->ns_decls);
  g_free (frame->leaf);
  if (frame->text != NULL)
    g_string_free (frame->text, TRUE);
  g_free (frame);
}

static const char *
lookup_ns (Parser *parser, const char *prefix)
{
  for (guint i = parser->frames->len; i > 0; i--)
    {
      Frame *frame = g_ptr_array_index (parser->frames, i - 1);

      if (frame->ns_decls == NULL)
        continue;
      for (guint j = 0; j + 1 < frame->ns_decls->len; j += 2)
        if (g_strcmp0 (g_ptr_array_index (frame->ns_decls, j), prefix) == 0)
          return g_ptr_array_index (frame->ns_decls, j + 1);
    }
  return NULL;
}

/* Splits "prefix:local" and resolves the prefix. Unprefixed element names
 * take the default namespace; unprefixed attributes have none. */
static void
resolve (Parser      *parser,
         const char  *qname,
         gboolean     is_attribute,
         char       **prefix_out,
         const char **uri_out,
         const char **local_out)
{
  const char *colon = strchr (qname, ':');

  if (colon == NULL)
    {
      *prefix_out = g_strdup ("");
      *local_out = qname;
      *uri_out = is_attribute ? NULL : lookup_ns (parser, "");
      return;
    }
  *prefix_out = g_strndup (qname, colon - qname);
  *local_out = colon + 1;
  *uri_out = lookup_ns (parser, *prefix_out);
}

static NsId
ns_id_for (const char *uri)
{
  if (uri == NULL)
    return NS_UNKNOWN;
  for (gsize i = 0; i < G_N_ELEMENTS (known_ns); i++)
    if (strcmp (known_ns[i].uri, uri) == 0)
      return known_ns[i].id;
  return NS_UNKNOWN;
}

static const char *
ns_prefix (NsId id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_ns); i++)
    if (known_ns[i].id == id)
      return known_ns[i].prefix;
  return NULL;
}

static Prop *
find_or_add_prop (Parser     *parser,
                  const char *uri,
                  const char *prefix,
                  const char *local)
{
  g_autofree char *key = g_strdup_printf ("%s %s:%s", uri != NULL ? uri : "",
                                          uri != NULL ? "" : prefix, local);
  Prop *prop = g_hash_table_lookup (parser->by_key, key);

  if (prop != NULL)
    return prop;
  if (parser->props->len >= MAX_PROPS)
    {
      parser->truncated = TRUE;
      return NULL;
    }
  prop = g_new0 (Prop, 1);
  prop->ns = ns_id_for (uri);
  prop->prefix = g_strdup (prop->ns != NS_UNKNOWN ? ns_prefix (prop->ns)
                                                  : (prefix[0] != '\0' ? prefix : "?"));
  prop->name = g_strdup (local);
  prop->values = g_ptr_array_new_with_free_func (g_free);
  prop->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  g_ptr_array_add (parser->props, prop);
  g_hash_table_insert (parser->by_key, g_steal_pointer (&key), prop);
  return prop;
}

static void
prop_add_value (Parser *parser, Prop *prop, const char *value)
{
  prop->n_values++;
  if (prop->values->len < MAX_VALUES)
    g_ptr_array_add (prop->values, g_strdup (value));
  else
    parser->truncated = TRUE;
}

static void
prop_add_field (Parser *parser, Prop *prop, const char *name, const char *value)
{
  Field *field;

  if (prop->fields->len >= MAX_FIELDS)
    {
      parser->truncated = TRUE;
      return;
    }
  field = g_new0 (Field, 1);
  field->name = g_strdup (name);
  field->value = g_strdup (value);
  g_ptr_array_add (prop->fields, field);
}

static gboolean
is_rdf (const char *uri, const char *local, const char *name)
{
  return g_strcmp0 (uri, NS_RDF_URI) == 0 && strcmp (local, name) == 0;
}

static gboolean
is_container (const char *uri, const char *local)
{
  return is_rdf (uri, local, "Seq") || is_rdf (uri, local, "Bag") || is_rdf (uri, local, "Alt");
}

/* Attributes that are syntax, not properties. */
static gboolean
is_syntax_attribute (const char *name)
{
  return strcmp (name, "xmlns") == 0 || g_str_has_prefix (name, "xmlns:") ||
         g_str_has_prefix (name, "xml:") || g_str_has_prefix (name, "rdf:") ||
         strcmp (name, "about") == 0;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;
  Frame *parent = parser->frames->len > 0
                  ? g_ptr_array_index (parser->frames, parser->frames->len - 1) : NULL;
  Frame *frame;
  g_autofree char *prefix = NULL;
  const char *uri, *local;

  if (parser->frames->len >= MAX_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "XMP nested too deeply");
      return;
    }

  frame = g_new0 (Frame, 1);
  g_ptr_array_add (parser->frames, frame);
  if (parent != NULL)
    parent->has_children = TRUE;

  /* Namespace declarations first: they apply to this element's own name. */
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      const char *name = attribute_names[i];

      if (strcmp (name, "xmlns") != 0 && !g_str_has_prefix (name, "xmlns:"))
        continue;
      if (frame->ns_decls == NULL)
        frame->ns_decls = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (frame->ns_decls, g_strdup (name[5] == ':' ? name + 6 : ""));
      g_ptr_array_add (frame->ns_decls, g_strdup (attribute_values[i]));
    }

  resolve (parser, element_name, FALSE, &prefix, &uri, &local);

  if (is_rdf (uri, local, "RDF"))
    frame->kind = FRAME_RDF;
  else if (parent == NULL || parent->kind == FRAME_OTHER || parent->kind == FRAME_RDF)
    frame->kind = is_rdf (uri, local, "Description") ? FRAME_DESC_TOP : FRAME_OTHER;
  else if (parent->kind == FRAME_DESC_TOP)
    {
      frame->kind = FRAME_PROP;
      frame->is_top = TRUE;
      frame->top = find_or_add_prop (parser, uri, prefix, local);
      frame->leaf = g_strdup (local);
    }
  else if (parent->top == NULL)
    frame->kind = FRAME_OTHER;  /* below a property dropped by a cap */
  else
    {
      frame->top = parent->top;
      if ((parent->kind == FRAME_PROP || parent->kind == FRAME_LI) && is_container (uri, local))
        {
          frame->kind = FRAME_CONTAINER;
          frame->direct = parent->kind == FRAME_PROP && parent->is_top;
          frame->leaf = g_strdup (parent->leaf);
        }
      else if (parent->kind == FRAME_CONTAINER)
        {
          frame->kind = FRAME_LI;
          frame->direct = parent->direct;
          frame->leaf = g_strdup (parent->leaf);
          frame->top->all_items++;
          if (frame->direct)
            frame->top->items++;
        }
      else if (is_rdf (uri, local, "Description"))
        {
          frame->kind = FRAME_DESC_NESTED;
          frame->leaf = g_strdup (parent->leaf);
        }
      else
        {
          frame->kind = FRAME_PROP;
          frame->leaf = g_strdup (local);
        }
    }

  if (frame->kind == FRAME_PROP || frame->kind == FRAME_LI)
    frame->text = g_string_new (NULL);

  /* The attribute shorthand: properties (or struct fields) as attributes. */
  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      const char *name = attribute_names[i];
      g_autofree char *aprefix = NULL;
      const char *auri, *alocal;

      if (frame->kind == FRAME_PROP && strcmp (name, "rdf:resource") == 0 && frame->text != NULL)
        {
          g_string_append (frame->text, attribute_values[i]);
          continue;
        }
      if (is_syntax_attribute (name) || frame->kind == FRAME_OTHER ||
          frame->kind == FRAME_RDF || frame->kind == FRAME_CONTAINER)
        continue;
      resolve (parser, name, TRUE, &aprefix, &auri, &alocal);
      if (g_strcmp0 (auri, NS_RDF_URI) == 0)
        continue;
      if (frame->kind == FRAME_DESC_TOP)
        {
          Prop *prop = find_or_add_prop (parser, auri, aprefix, alocal);
          if (prop != NULL)
            prop_add_value (parser, prop, attribute_values[i]);
        }
      else if (frame->top != NULL)
        prop_add_field (parser, frame->top, alocal, attribute_values[i]);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;
  Frame *frame;

  if (parser->frames->len == 0)
    return;
  frame = g_ptr_array_steal_index (parser->frames, parser->frames->len - 1);
  if (frame->text != NULL && frame->top != NULL && !frame->has_children)
    {
      char *text = g_strstrip (frame->text->str);

      if (text[0] != '\0')
        {
          if ((frame->kind == FRAME_PROP && frame->is_top) ||
              (frame->kind == FRAME_LI && frame->direct))
            prop_add_value (parser, frame->top, text);
          else
            prop_add_field (parser, frame->top, frame->leaf, text);
        }
    }
  frame_free (frame);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 text_len,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;
  Frame *frame;

  if (parser->frames->len == 0)
    return;
  frame = g_ptr_array_index (parser->frames, parser->frames->len - 1);
  if (frame->text != NULL)
    g_string_append_len (frame->text, text, text_len);
}

static const GMarkupParser markup_parser = {
  start_element, end_element, text, NULL, NULL,
};

/* XMP may be UTF-16 or UTF-32 (the XMP spec allows it, and exiftool's test
 * file uses UTF-16BE). Returns valid UTF-8 without trailing padding. */
static char *
packet_to_utf8 (const char *xml, gsize len, gsize *out_len)
{
  const guint8 *b = (const guint8 *) xml;
  const char *from = NULL;
  char *utf8 = NULL;
  gsize written = 0;

  if (len >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0)
    from = "UTF-32BE";
  else if (len >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0)
    from = "UTF-32LE";
  else if (len >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0 && b[1] != 0)))
    from = "UTF-16BE";
  else if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] != 0 && b[1] == 0)))
    from = "UTF-16LE";

  if (from != NULL)
    {
      gsize unit = g_str_has_prefix (from, "UTF-32") ? 4 : 2;
      utf8 = g_convert (xml, len - len % unit, "UTF-8", from, NULL, &written, NULL);
    }
  if (utf8 == NULL)
    {
      gsize n = len;
      while (n > 0 && (xml[n - 1] == '\0' || g_ascii_isspace (xml[n - 1])))
        n--;
      utf8 = g_utf8_make_valid (xml, n);
      written = strlen (utf8);
    }
  /* A byte-order mark is not markup. */
  if (g_str_has_prefix (utf8, "\xEF\xBB\xBF"))
    {
      memmove (utf8, utf8 + 3, written - 2);
      written -= 3;
    }
  while (written > 0 && (utf8[written - 1] == '\0' || g_ascii_isspace (utf8[written - 1])))
    utf8[--written] = '\0';
  *out_len = written;
  return utf8;
}

void
_veil_xmp_findings (const char *xml,
                    gsize       len,
                    VeilReport *report)
{
  Parser parser = { 0 };
  GMarkupParseContext *context;
  g_autofree char *utf8 = NULL;
  gsize utf8_len = 0;
  gboolean parsed = FALSE;

  g_return_if_fail (report != NULL);

  if (xml == NULL || len == 0 || len > MAX_PACKET)
    {
      g_autofree char *size = g_format_size (len);
      veil_report_add (report, VEIL_CATEGORY_HIDDEN, "XMP", size,
                       _("XMP metadata Veil cannot read in full (it is damaged or unusual); it is removed all the same."));
      return;
    }

  utf8 = packet_to_utf8 (xml, len, &utf8_len);
  parser.frames = g_ptr_array_new_with_free_func ((GDestroyNotify) frame_free);
  parser.props = g_ptr_array_new_with_free_func ((GDestroyNotify) prop_free);
  parser.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  context = g_markup_parse_context_new (&markup_parser, G_MARKUP_TREAT_CDATA_AS_TEXT,
                                        &parser, NULL);
  if (utf8_len > 0 &&
      g_markup_parse_context_parse (context, utf8, (gssize) utf8_len, NULL) &&
      g_markup_parse_context_end_parse (context, NULL))
    parsed = TRUE;
  g_markup_parse_context_free (context);

  if (parser.truncated)
    g_debug ("XMP packet hit a size cap; reporting what was read");
  _veil_xmp_report (parser.props, parsed, len, report);

  g_ptr_array_unref (parser.frames);
  g_hash_table_unref (parser.by_key);
  g_ptr_array_unref (parser.props);
}
