/* veil-protobuf.h: a small, bounds-checked protobuf wire-format reader.
 *
 * Only what reading ONNX needs: varint, 64-bit, length-delimited and 32-bit
 * fields. Groups (wire types 3 and 4) are obsolete and rejected. Every read
 * checks the remaining length first; a reader never looks past `end`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  VEIL_PB_VARINT = 0,
  VEIL_PB_FIXED64 = 1,
  VEIL_PB_BYTES = 2,
  VEIL_PB_FIXED32 = 5,
} VeilPbWireType;

typedef struct {
  const guint8 *p;
  const guint8 *end;
} VeilPbReader;

typedef struct {
  guint32        field;
  VeilPbWireType wire;
  guint64        u64;     /* varint, fixed64 or fixed32 value */
  const guint8  *data;    /* length-delimited payload */
  gsize          len;
} VeilPbField;

static inline void
veil_pb_reader_init (VeilPbReader *r, const guint8 *data, gsize len)
{
  r->p = data;
  r->end = data + len;
}

static inline gboolean
veil_pb_at_end (const VeilPbReader *r)
{
  return r->p >= r->end;
}

/* Reads a varint of at most 10 bytes; FALSE when it runs off the end or is
 * longer than any 64-bit value needs. */
static inline gboolean
veil_pb_read_varint (VeilPbReader *r, guint64 *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 70; shift += 7)
    {
      guint8 b;

      if (r->p >= r->end)
        return FALSE;
      b = *r->p++;
      if (shift == 63 && (b & 0x7e) != 0)
        return FALSE;
      v |= (guint64) (b & 0x7f) << shift;
      if ((b & 0x80) == 0)
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

/* Reads the next field; FALSE (with nothing consumed that matters) on any
 * malformation: bad tag, bad wire type, payload past the end. */
static inline gboolean
veil_pb_next (VeilPbReader *r, VeilPbField *f)
{
  guint64 tag, len;

  if (!veil_pb_read_varint (r, &tag))
    return FALSE;
  if ((tag >> 3) == 0 || (tag >> 3) > G_MAXINT32)
    return FALSE;
  f->field = (guint32) (tag >> 3);
  f->wire = (VeilPbWireType) (tag & 7);
  f->data = NULL;
  f->len = 0;
  f->u64 = 0;
  switch ((int) f->wire)
    {
    case VEIL_PB_VARINT:
      return veil_pb_read_varint (r, &f->u64);
    case VEIL_PB_FIXED64:
      if (r->end - r->p < 8)
        return FALSE;
      for (int i = 7; i >= 0; i--)
        f->u64 = (f->u64 << 8) | r->p[i];
      r->p += 8;
      return TRUE;
    case VEIL_PB_FIXED32:
      if (r->end - r->p < 4)
        return FALSE;
      f->u64 = (guint32) r->p[0] | ((guint32) r->p[1] << 8) | ((guint32) r->p[2] << 16) | ((guint32) r->p[3] << 24);
      r->p += 4;
      return TRUE;
    case VEIL_PB_BYTES:
      if (!veil_pb_read_varint (r, &len))
        return FALSE;
      if (len > (guint64) (r->end - r->p))
        return FALSE;
      f->data = r->p;
      f->len = (gsize) len;
      r->p += len;
      return TRUE;
    default:
      return FALSE;
    }
}

static inline float
veil_pb_float (const VeilPbField *f)
{
  union { guint32 u; float f; } c = { (guint32) f->u64 };
  return c.f;
}

G_END_DECLS
