/* veil-onnx.c: ONNX ModelProto → plain structs, with our own wire reader.
 *
 * Field numbers follow onnx/onnx.proto (IR version 3 and later). Unknown
 * fields are skipped, as protobuf requires; known fields with the wrong wire
 * type are errors, since a reader that guessed would compute garbage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-onnx"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-onnx.h"
#include "veil-protobuf.h"

typedef struct {
  GError **error;
  guint    n_items;   /* names, attributes, values: a cap on total work */
} ParseCtx;

static gboolean
fail (ParseCtx *ctx, const char *what)
{
  if (ctx->error != NULL && *ctx->error == NULL)
    g_set_error (ctx->error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                 _("The model file is damaged or not an ONNX model (%s)"), what);
  return FALSE;
}

static gboolean
count_item (ParseCtx *ctx)
{
  if (++ctx->n_items > 50u * VEIL_ONNX_MAX_ITEMS)
    return fail (ctx, _("too many entries"));
  return TRUE;
}

static char *
dup_string (ParseCtx *ctx, const VeilPbField *f)
{
  if (f->wire != VEIL_PB_BYTES)
    {
      fail (ctx, _("a name has the wrong type"));
      return NULL;
    }
  if (f->len > 4096 || memchr (f->data, 0, f->len) != NULL)
    {
      fail (ctx, _("a name is too long or holds a zero byte"));
      return NULL;
    }
  return g_strndup ((const char *) f->data, f->len);
}

/* Repeated int64, packed or not. */
static gboolean
read_ints (ParseCtx *ctx, const VeilPbField *f, GArray *out)
{
  if (f->wire == VEIL_PB_VARINT)
    {
      gint64 v = (gint64) f->u64;
      if (out->len >= VEIL_ONNX_MAX_TENSOR)
        return fail (ctx, _("too many values"));
      g_array_append_val (out, v);
      return count_item (ctx);
    }
  if (f->wire == VEIL_PB_BYTES)
    {
      VeilPbReader r;
      veil_pb_reader_init (&r, f->data, f->len);
      while (!veil_pb_at_end (&r))
        {
          guint64 u;
          gint64 v;
          if (!veil_pb_read_varint (&r, &u))
            return fail (ctx, _("bad packed integers"));
          if (out->len >= VEIL_ONNX_MAX_TENSOR)
            return fail (ctx, _("too many values"));
          v = (gint64) u;
          g_array_append_val (out, v);
        }
      return TRUE;
    }
  return fail (ctx, _("integers have the wrong type"));
}

/* Repeated float, packed or not. */
static gboolean
read_floats (ParseCtx *ctx, const VeilPbField *f, GArray *out)
{
  if (f->wire == VEIL_PB_FIXED32)
    {
      float v = veil_pb_float (f);
      if (out->len >= VEIL_ONNX_MAX_TENSOR)
        return fail (ctx, _("too many values"));
      g_array_append_val (out, v);
      return count_item (ctx);
    }
  if (f->wire == VEIL_PB_BYTES)
    {
      if (f->len % 4 != 0 || out->len + f->len / 4 > VEIL_ONNX_MAX_TENSOR)
        return fail (ctx, _("bad packed floats"));
      for (gsize i = 0; i < f->len; i += 4)
        {
          union { guint32 u; float f; } c;
          c.u = (guint32) f->data[i] | ((guint32) f->data[i + 1] << 8) |
                ((guint32) f->data[i + 2] << 16) | ((guint32) f->data[i + 3] << 24);
          g_array_append_val (out, c.f);
        }
      return TRUE;
    }
  return fail (ctx, _("floats have the wrong type"));
}

void
veil_onnx_tensor_free (VeilOnnxTensor *t)
{
  if (t == NULL)
    return;
  g_free (t->name);
  g_free (t->data);
  g_free (t->i64);
  g_free (t);
}

static VeilOnnxTensor *
parse_tensor (ParseCtx *ctx, const guint8 *data, gsize len)
{
  VeilOnnxTensor *t = g_new0 (VeilOnnxTensor, 1);
  g_autoptr(GArray) dims = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) floats = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GArray) ints = g_array_new (FALSE, FALSE, sizeof (gint64));
  const guint8 *raw = NULL;
  gsize raw_len = 0;
  gboolean has_raw = FALSE;
  VeilPbReader r;
  VeilPbField f;
  guint64 n = 1;

  t->data_type = VEIL_ONNX_FLOAT;
  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      if (!veil_pb_next (&r, &f))
        goto bad;
      switch (f.field)
        {
        case 1:  /* dims */
          if (!read_ints (ctx, &f, dims))
            goto out;
          break;
        case 2:  /* data_type */
          if (f.wire != VEIL_PB_VARINT)
            goto bad;
          t->data_type = (int) f.u64;
          break;
        case 4:  /* float_data */
          if (!read_floats (ctx, &f, floats))
            goto out;
          break;
        case 5:  /* int32_data */
        case 7:  /* int64_data */
          if (!read_ints (ctx, &f, ints))
            goto out;
          break;
        case 8:  /* name */
          g_free (t->name);
          if ((t->name = dup_string (ctx, &f)) == NULL)
            goto out;
          break;
        case 9:  /* raw_data */
          if (f.wire != VEIL_PB_BYTES)
            goto bad;
          raw = f.data;
          raw_len = f.len;
          has_raw = TRUE;
          break;
        case 14: /* data_location: 1 = EXTERNAL */
          if (f.wire == VEIL_PB_VARINT && f.u64 == 1)
            {
              fail (ctx, _("weights stored in a separate file are not supported"));
              goto out;
            }
          break;
        default:
          break;
        }
    }

  if (dims->len > VEIL_ONNX_MAX_DIMS)
    {
      fail (ctx, _("a tensor has too many dimensions"));
      goto out;
    }
  t->n_dims = dims->len;
  for (guint i = 0; i < dims->len; i++)
    {
      gint64 d = g_array_index (dims, gint64, i);
      if (d < 0 || d > VEIL_ONNX_MAX_TENSOR)
        goto bad;
      t->dims[i] = d;
      n *= (guint64) d;
      if (n > VEIL_ONNX_MAX_TENSOR)
        {
          fail (ctx, _("a tensor is too large"));
          goto out;
        }
    }
  t->n = (gsize) n;
  if (t->name == NULL)
    t->name = g_strdup ("");

  if (t->data_type != VEIL_ONNX_FLOAT && t->data_type != VEIL_ONNX_INT64 &&
      t->data_type != VEIL_ONNX_INT32 && t->data_type != VEIL_ONNX_DOUBLE)
    {
      fail (ctx, _("a tensor has a data type that is not supported"));
      goto out;
    }
  t->data = g_new0 (float, MAX (t->n, 1));
  if (t->data_type == VEIL_ONNX_INT64 || t->data_type == VEIL_ONNX_INT32)
    t->i64 = g_new0 (gint64, MAX (t->n, 1));

  if (has_raw)
    {
      gsize esize = t->data_type == VEIL_ONNX_FLOAT ? 4 : t->data_type == VEIL_ONNX_INT32 ? 4 : 8;
      if (raw_len != t->n * esize)
        {
          fail (ctx, _("a tensor's data does not match its shape"));
          goto out;
        }
      for (gsize i = 0; i < t->n; i++)
        {
          const guint8 *p = raw + i * esize;
          guint64 u = 0;
          for (int k = (int) esize - 1; k >= 0; k--)
            u = (u << 8) | p[k];
          if (t->data_type == VEIL_ONNX_FLOAT)
            {
              union { guint32 u; float f; } c = { (guint32) u };
              t->data[i] = c.f;
            }
          else if (t->data_type == VEIL_ONNX_DOUBLE)
            {
              union { guint64 u; double d; } c = { u };
              t->data[i] = (float) c.d;
            }
          else
            {
              gint64 v = t->data_type == VEIL_ONNX_INT32 ? (gint64) (gint32) (guint32) u : (gint64) u;
              t->i64[i] = v;
              t->data[i] = (float) v;
            }
        }
    }
  else if (t->data_type == VEIL_ONNX_FLOAT)
    {
      if (floats->len != t->n)
        {
          fail (ctx, _("a tensor's data does not match its shape"));
          goto out;
        }
      memcpy (t->data, floats->data, t->n * sizeof (float));
    }
  else if (t->data_type == VEIL_ONNX_INT64 || t->data_type == VEIL_ONNX_INT32)
    {
      if (ints->len != t->n)
        {
          fail (ctx, _("a tensor's data does not match its shape"));
          goto out;
        }
      for (gsize i = 0; i < t->n; i++)
        {
          t->i64[i] = g_array_index (ints, gint64, i);
          t->data[i] = (float) t->i64[i];
        }
    }
  else
    {
      fail (ctx, _("a tensor's data is missing"));
      goto out;
    }
  return t;

bad:
  fail (ctx, _("a tensor is malformed"));
out:
  veil_onnx_tensor_free (t);
  return NULL;
}

static void
attr_free (gpointer p)
{
  VeilOnnxAttr *a = p;

  g_free (a->name);
  g_free (a->s);
  if (a->floats)
    g_array_unref (a->floats);
  if (a->ints)
    g_array_unref (a->ints);
  veil_onnx_tensor_free (a->t);
  g_free (a);
}

static VeilOnnxAttr *
parse_attr (ParseCtx *ctx, const guint8 *data, gsize len)
{
  VeilOnnxAttr *a = g_new0 (VeilOnnxAttr, 1);
  VeilPbReader r;
  VeilPbField f;
  gboolean has_type = FALSE;

  a->floats = g_array_new (FALSE, FALSE, sizeof (float));
  a->ints = g_array_new (FALSE, FALSE, sizeof (gint64));
  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      if (!veil_pb_next (&r, &f))
        goto bad;
      switch (f.field)
        {
        case 1:
          g_free (a->name);
          if ((a->name = dup_string (ctx, &f)) == NULL)
            goto out;
          break;
        case 2:
          if (f.wire != VEIL_PB_FIXED32)
            goto bad;
          a->f = veil_pb_float (&f);
          break;
        case 3:
          if (f.wire != VEIL_PB_VARINT)
            goto bad;
          a->i = (gint64) f.u64;
          break;
        case 4:
          if (f.wire != VEIL_PB_BYTES)
            goto bad;
          g_free (a->s);
          a->s = g_strndup ((const char *) f.data, MIN (f.len, 4096));
          break;
        case 5:
          if (f.wire != VEIL_PB_BYTES)
            goto bad;
          veil_onnx_tensor_free (a->t);
          if ((a->t = parse_tensor (ctx, f.data, f.len)) == NULL)
            goto out;
          break;
        case 7:
          if (!read_floats (ctx, &f, a->floats))
            goto out;
          break;
        case 8:
          if (!read_ints (ctx, &f, a->ints))
            goto out;
          break;
        case 20:
          if (f.wire != VEIL_PB_VARINT)
            goto bad;
          a->type = (VeilOnnxAttrType) f.u64;
          has_type = TRUE;
          break;
        default:
          /* 6/11: subgraphs, which no supported op takes; skipped unread,
           * so nesting cannot recurse. */
          break;
        }
    }
  if (a->name == NULL)
    goto bad;
  if (!has_type)
    {
      /* IR < 3 files have no type field: infer it from what is set. */
      a->type = a->t ? VEIL_ONNX_ATTR_TENSOR : a->ints->len ? VEIL_ONNX_ATTR_INTS :
                a->floats->len ? VEIL_ONNX_ATTR_FLOATS : a->s ? VEIL_ONNX_ATTR_STRING :
                VEIL_ONNX_ATTR_INT;
    }
  return a;

bad:
  fail (ctx, _("an attribute is malformed"));
out:
  attr_free (a);
  return NULL;
}

static void
node_free (gpointer p)
{
  VeilOnnxNode *n = p;

  g_free (n->name);
  g_free (n->op_type);
  g_free (n->domain);
  g_ptr_array_unref (n->inputs);
  g_ptr_array_unref (n->outputs);
  g_ptr_array_unref (n->attrs);
  g_free (n);
}

static VeilOnnxNode *
parse_node (ParseCtx *ctx, const guint8 *data, gsize len)
{
  VeilOnnxNode *n = g_new0 (VeilOnnxNode, 1);
  VeilPbReader r;
  VeilPbField f;

  n->inputs = g_ptr_array_new_with_free_func (g_free);
  n->outputs = g_ptr_array_new_with_free_func (g_free);
  n->attrs = g_ptr_array_new_with_free_func (attr_free);
  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      char *s;
      VeilOnnxAttr *a;

      if (!veil_pb_next (&r, &f))
        goto bad;
      if (!count_item (ctx))
        goto out;
      switch (f.field)
        {
        case 1:
        case 2:
          if ((s = dup_string (ctx, &f)) == NULL)
            goto out;
          g_ptr_array_add (f.field == 1 ? n->inputs : n->outputs, s);
          break;
        case 3:
          g_free (n->name);
          if ((n->name = dup_string (ctx, &f)) == NULL)
            goto out;
          break;
        case 4:
          g_free (n->op_type);
          if ((n->op_type = dup_string (ctx, &f)) == NULL)
            goto out;
          break;
        case 5:
          if (f.wire != VEIL_PB_BYTES)
            goto bad;
          if ((a = parse_attr (ctx, f.data, f.len)) == NULL)
            goto out;
          g_ptr_array_add (n->attrs, a);
          break;
        case 7:
          g_free (n->domain);
          if ((n->domain = dup_string (ctx, &f)) == NULL)
            goto out;
          break;
        default:
          break;
        }
    }
  if (n->op_type == NULL || n->outputs->len == 0)
    goto bad;
  if (n->name == NULL)
    n->name = g_strdup ("");
  if (n->domain == NULL)
    n->domain = g_strdup ("");
  return n;

bad:
  fail (ctx, _("a node is malformed"));
out:
  node_free (n);
  return NULL;
}

static gboolean
parse_shape (ParseCtx *ctx, const guint8 *data, gsize len, VeilOnnxValueInfo *vi)
{
  VeilPbReader r;
  VeilPbField f;

  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      if (!veil_pb_next (&r, &f))
        return fail (ctx, _("a shape is malformed"));
      if (f.field == 1 && f.wire == VEIL_PB_BYTES)   /* dim */
        {
          VeilPbReader dr;
          VeilPbField df;
          gint64 d = -1;

          if (vi->n_dims >= VEIL_ONNX_MAX_DIMS)
            return fail (ctx, _("a shape has too many dimensions"));
          veil_pb_reader_init (&dr, f.data, f.len);
          while (!veil_pb_at_end (&dr))
            {
              if (!veil_pb_next (&dr, &df))
                return fail (ctx, _("a shape is malformed"));
              if (df.field == 1 && df.wire == VEIL_PB_VARINT)
                d = (gint64) df.u64;
            }
          vi->dims[vi->n_dims++] = d;
        }
    }
  return TRUE;
}

static void
value_info_free (gpointer p)
{
  VeilOnnxValueInfo *vi = p;

  g_free (vi->name);
  g_free (vi);
}

/* ValueInfoProto → name, TypeProto.tensor_type → elem_type + shape. */
static VeilOnnxValueInfo *
parse_value_info (ParseCtx *ctx, const guint8 *data, gsize len)
{
  VeilOnnxValueInfo *vi = g_new0 (VeilOnnxValueInfo, 1);
  VeilPbReader r, tr, ttr;
  VeilPbField f, tf, ttf;

  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      if (!veil_pb_next (&r, &f))
        goto bad;
      if (f.field == 1)
        {
          g_free (vi->name);
          if ((vi->name = dup_string (ctx, &f)) == NULL)
            goto out;
        }
      else if (f.field == 2 && f.wire == VEIL_PB_BYTES)
        {
          veil_pb_reader_init (&tr, f.data, f.len);
          while (!veil_pb_at_end (&tr))
            {
              if (!veil_pb_next (&tr, &tf))
                goto bad;
              if (tf.field != 1 || tf.wire != VEIL_PB_BYTES)
                continue;
              veil_pb_reader_init (&ttr, tf.data, tf.len);
              while (!veil_pb_at_end (&ttr))
                {
                  if (!veil_pb_next (&ttr, &ttf))
                    goto bad;
                  if (ttf.field == 1 && ttf.wire == VEIL_PB_VARINT)
                    vi->elem_type = (int) ttf.u64;
                  else if (ttf.field == 2 && ttf.wire == VEIL_PB_BYTES)
                    {
                      vi->n_dims = 0;
                      if (!parse_shape (ctx, ttf.data, ttf.len, vi))
                        goto out;
                    }
                }
            }
        }
    }
  if (vi->name == NULL)
    goto bad;
  return vi;

bad:
  fail (ctx, _("an input or output is malformed"));
out:
  value_info_free (vi);
  return NULL;
}

static gboolean
parse_graph (ParseCtx *ctx, const guint8 *data, gsize len, VeilOnnxModel *m)
{
  VeilPbReader r;
  VeilPbField f;

  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      gpointer item = NULL;

      if (!veil_pb_next (&r, &f))
        return fail (ctx, _("the graph is malformed"));
      if (f.field != 1 && f.field != 5 && f.field != 11 && f.field != 12)
        continue;
      if (f.wire != VEIL_PB_BYTES)
        return fail (ctx, _("the graph is malformed"));
      if (!count_item (ctx))
        return FALSE;
      switch (f.field)
        {
        case 1:
          if (m->nodes->len >= VEIL_ONNX_MAX_NODES)
            return fail (ctx, _("too many nodes"));
          if ((item = parse_node (ctx, f.data, f.len)) == NULL)
            return FALSE;
          g_ptr_array_add (m->nodes, item);
          break;
        case 5:
          if (m->initializers->len >= VEIL_ONNX_MAX_NODES)
            return fail (ctx, _("too many weights"));
          if ((item = parse_tensor (ctx, f.data, f.len)) == NULL)
            return FALSE;
          g_ptr_array_add (m->initializers, item);
          break;
        case 11:
        case 12:
          if ((item = parse_value_info (ctx, f.data, f.len)) == NULL)
            return FALSE;
          g_ptr_array_add (f.field == 11 ? m->inputs : m->outputs, item);
          break;
        }
    }
  return TRUE;
}

VeilOnnxModel *
veil_onnx_model_parse (const guint8 *data,
                       gsize         len,
                       GError      **error)
{
  g_autoptr(VeilOnnxModel) m = g_new0 (VeilOnnxModel, 1);
  ParseCtx ctx = { error, 0 };
  VeilPbReader r;
  VeilPbField f;
  gboolean has_graph = FALSE;

  m->nodes = g_ptr_array_new_with_free_func (node_free);
  m->initializers = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_onnx_tensor_free);
  m->inputs = g_ptr_array_new_with_free_func (value_info_free);
  m->outputs = g_ptr_array_new_with_free_func (value_info_free);
  m->opset = -1;

  if (len > VEIL_ONNX_MAX_FILE)
    {
      fail (&ctx, _("larger than any supported model"));
      return NULL;
    }
  veil_pb_reader_init (&r, data, len);
  while (!veil_pb_at_end (&r))
    {
      if (!veil_pb_next (&r, &f))
        {
          fail (&ctx, _("not protobuf data"));
          return NULL;
        }
      if (f.field == 1 && f.wire == VEIL_PB_VARINT)
        m->ir_version = (gint64) f.u64;
      else if (f.field == 2 && f.wire == VEIL_PB_BYTES && m->producer == NULL)
        m->producer = g_strndup ((const char *) f.data, MIN (f.len, 256));
      else if (f.field == 8 && f.wire == VEIL_PB_BYTES)
        {
          /* OperatorSetIdProto: domain (1), version (2) */
          VeilPbReader or;
          VeilPbField of;
          gboolean default_domain = TRUE;
          gint64 version = -1;

          veil_pb_reader_init (&or, f.data, f.len);
          while (!veil_pb_at_end (&or))
            {
              if (!veil_pb_next (&or, &of))
                {
                  fail (&ctx, _("the opset list is malformed"));
                  return NULL;
                }
              if (of.field == 1 && of.wire == VEIL_PB_BYTES)
                default_domain = of.len == 0 || (of.len == 7 && memcmp (of.data, "ai.onnx", 7) == 0);
              else if (of.field == 2 && of.wire == VEIL_PB_VARINT)
                version = (gint64) of.u64;
            }
          if (default_domain)
            m->opset = version;
        }
      else if (f.field == 7)
        {
          if (f.wire != VEIL_PB_BYTES || has_graph)
            {
              fail (&ctx, _("the graph is malformed"));
              return NULL;
            }
          has_graph = TRUE;
          if (!parse_graph (&ctx, f.data, f.len, m))
            return NULL;
        }
    }
  if (!has_graph || m->nodes->len == 0)
    {
      fail (&ctx, _("it has no graph"));
      return NULL;
    }
  if (m->ir_version <= 0)
    {
      fail (&ctx, _("no ONNX version"));
      return NULL;
    }
  return g_steal_pointer (&m);
}

VeilOnnxModel *
veil_onnx_model_load (const char *path,
                      GError    **error)
{
  g_autoptr(GMappedFile) file = NULL;
  VeilOnnxModel *m;

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  m = veil_onnx_model_parse ((const guint8 *) g_mapped_file_get_contents (file),
                             g_mapped_file_get_length (file), error);
  if (m == NULL)
    g_prefix_error (error, "%s: ", path);
  return m;
}

void
veil_onnx_model_free (VeilOnnxModel *m)
{
  if (m == NULL)
    return;
  g_clear_pointer (&m->nodes, g_ptr_array_unref);
  g_clear_pointer (&m->initializers, g_ptr_array_unref);
  g_clear_pointer (&m->inputs, g_ptr_array_unref);
  g_clear_pointer (&m->outputs, g_ptr_array_unref);
  g_free (m->producer);
  g_free (m);
}

const VeilOnnxAttr *
veil_onnx_node_attr (const VeilOnnxNode *node,
                     const char         *name)
{
  for (guint i = 0; i < node->attrs->len; i++)
    {
      const VeilOnnxAttr *a = g_ptr_array_index (node->attrs, i);
      if (g_str_equal (a->name, name))
        return a;
    }
  return NULL;
}

gint64
veil_onnx_node_int (const VeilOnnxNode *node,
                    const char         *name,
                    gint64              fallback)
{
  const VeilOnnxAttr *a = veil_onnx_node_attr (node, name);
  return a != NULL && a->type == VEIL_ONNX_ATTR_INT ? a->i : fallback;
}

float
veil_onnx_node_float (const VeilOnnxNode *node,
                      const char         *name,
                      float               fallback)
{
  const VeilOnnxAttr *a = veil_onnx_node_attr (node, name);
  return a != NULL && a->type == VEIL_ONNX_ATTR_FLOAT ? a->f : fallback;
}

const VeilOnnxTensor *
veil_onnx_model_initializer (const VeilOnnxModel *model,
                             const char          *name)
{
  for (guint i = 0; i < model->initializers->len; i++)
    {
      const VeilOnnxTensor *t = g_ptr_array_index (model->initializers, i);
      if (g_str_equal (t->name, name))
        return t;
    }
  return NULL;
}

char *
veil_onnx_model_summary (const VeilOnnxModel *model)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < model->nodes->len; i++)
    {
      const VeilOnnxNode *n = g_ptr_array_index (model->nodes, i);
      guint c = GPOINTER_TO_UINT (g_hash_table_lookup (counts, n->op_type));
      if (c == 0)
        g_ptr_array_add (ops, n->op_type);
      g_hash_table_insert (counts, n->op_type, GUINT_TO_POINTER (c + 1));
    }
  for (guint i = 0; i < ops->len; i++)
    g_string_append_printf (s, "%s%s: %u", i ? ", " : "", (char *) ops->pdata[i],
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, ops->pdata[i])));
  return g_string_free (s, FALSE);
}
