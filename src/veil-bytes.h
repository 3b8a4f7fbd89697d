/* veil-bytes.h: bounds-checked byte reading for the format parsers.
 *
 * Every parser reads untrusted files: all reads go through these helpers or
 * through an explicit length check right before them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint16 veil_read_be16 (const guint8 *p) { return (guint16) ((p[0] << 8) | p[1]); }
static inline guint16 veil_read_le16 (const guint8 *p) { return (guint16) ((p[1] << 8) | p[0]); }
static inline guint32 veil_read_be32 (const guint8 *p)
{ return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3]; }
static inline guint32 veil_read_le32 (const guint8 *p)
{ return ((guint32) p[3] << 24) | ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0]; }
static inline guint64 veil_read_be64 (const guint8 *p)
{ return ((guint64) veil_read_be32 (p) << 32) | veil_read_be32 (p + 4); }
static inline guint64 veil_read_le64 (const guint8 *p)
{ return ((guint64) veil_read_le32 (p + 4) << 32) | veil_read_le32 (p); }

static inline void veil_write_be16 (guint8 *p, guint16 v) { p[0] = v >> 8; p[1] = v & 0xff; }
static inline void veil_write_be32 (guint8 *p, guint32 v)
{ p[0] = v >> 24; p[1] = (v >> 16) & 0xff; p[2] = (v >> 8) & 0xff; p[3] = v & 0xff; }
static inline void veil_write_le16 (guint8 *p, guint16 v) { p[1] = v >> 8; p[0] = v & 0xff; }
static inline void veil_write_le32 (guint8 *p, guint32 v)
{ p[3] = v >> 24; p[2] = (v >> 16) & 0xff; p[1] = (v >> 8) & 0xff; p[0] = v & 0xff; }
static inline void veil_write_be64 (guint8 *p, guint64 v)
{ veil_write_be32 (p, (guint32) (v >> 32)); veil_write_be32 (p + 4, (guint32) v); }

/* TRUE when [offset, offset + size) lies inside a buffer of len bytes,
 * without overflowing. */
static inline gboolean
veil_range_ok (gsize len, guint64 offset, guint64 size)
{
  return offset <= len && size <= len - offset;
}

G_END_DECLS
