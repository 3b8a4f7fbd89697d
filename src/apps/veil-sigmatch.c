/* veil-sigmatch.c: finds many tracker signatures in many class names fast.
 *
 * εxodus signatures are Python regexes searched unanchored in slash-form
 * class names, with '|' between alternatives and an unescaped '.' matching
 * any character (so "com.facebook.ads" also matches "com/facebook/adsx").
 * Almost all of them are plain text plus '.', so each alternative becomes a
 * pattern of literal bytes and wildcards, indexed by the first four bytes of
 * its longest literal run: a name is scanned once, looking up each 4-byte
 * window in a bitmap and then a hash table, and only the few candidates
 * found are compared in full. The rare signature that uses other regex
 * syntax is compiled with GRegex (PCRE, close to Python's re) and run on
 * every name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps"

#include "config.h"

#include <string.h>

#include "veil-apps-private.h"

#define GRAM 4
#define BLOOM_BITS 16

typedef struct {
  guint   tracker;
  guint8 *bytes;
  guint8 *wild;        /* 1 where any character matches */
  guint   len;
  guint   anchor_off;  /* longest literal run */
  guint   anchor_len;
} Alt;

struct _VeilSigMatcher {
  GArray     *alts;     /* Alt */
  GHashTable *grams;    /* guint32 → GArray of guint alt index */
  guint8     *bloom;    /* 1 << BLOOM_BITS bits */
  GArray     *short_alts;  /* alt indices whose literal run is < GRAM */
  GPtrArray  *regexes;  /* GRegex, parallel to regex_trackers */
  GArray     *regex_trackers;
};

static guint
bloom_hash (guint32 key)
{
  return (key * 2654435761u) >> (32 - BLOOM_BITS);
}

static guint32
load_gram (const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, sizeof v);
  return v;
}

VeilSigMatcher *
_veil_sig_matcher_new (void)
{
  VeilSigMatcher *m = g_new0 (VeilSigMatcher, 1);

  m->alts = g_array_new (FALSE, FALSE, sizeof (Alt));
  m->grams = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_array_unref);
  m->bloom = g_malloc0 ((1u << BLOOM_BITS) / 8);
  m->short_alts = g_array_new (FALSE, FALSE, sizeof (guint));
  m->regexes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
  m->regex_trackers = g_array_new (FALSE, FALSE, sizeof (guint));
  return m;
}

void
_veil_sig_matcher_free (VeilSigMatcher *m)
{
  if (m == NULL)
    return;
  for (guint i = 0; i < m->alts->len; i++)
    {
      Alt *a = &g_array_index (m->alts, Alt, i);
      g_free (a->bytes);
      g_free (a->wild);
    }
  g_array_unref (m->alts);
  g_hash_table_unref (m->grams);
  g_free (m->bloom);
  g_array_unref (m->short_alts);
  g_ptr_array_unref (m->regexes);
  g_array_unref (m->regex_trackers);
  g_free (m);
}

/* Characters that mean something in a Python regex besides '.', '|' and
 * '\'. A signature holding any of them goes the GRegex way. */
static gboolean
is_meta (char c)
{
  return strchr ("^$*+?()[]{}", c) != NULL;
}

/* Splits a plain signature into alternatives; FALSE when it needs a real
 * regex engine. */
static gboolean
split_plain (const char *sig, GPtrArray *out_bytes, GPtrArray *out_wild)
{
  GByteArray *bytes = g_byte_array_new ();
  GByteArray *wild = g_byte_array_new ();

  for (const char *p = sig;; p++)
    {
      guint8 b, w = 0;

      if (*p == '\0' || *p == '|')
        {
          g_ptr_array_add (out_bytes, bytes);
          g_ptr_array_add (out_wild, wild);
          if (*p == '\0')
            return TRUE;
          bytes = g_byte_array_new ();
          wild = g_byte_array_new ();
          continue;
        }
      if (is_meta (*p))
        goto fail;
      if (*p == '\\')
        {
          p++;
          /* \. \- \/ \$ … are the character itself; \d \w \s … are
           * classes, which need the regex engine. */
          if (*p == '\0' || g_ascii_isalnum (*p))
            goto fail;
          b = (guint8) *p;
        }
      else if (*p == '.')
        {
          b = '.';
          w = 1;
        }
      else
        b = (guint8) *p;
      g_byte_array_append (bytes, &b, 1);
      g_byte_array_append (wild, &w, 1);
    }

fail:
  g_byte_array_unref (bytes);
  g_byte_array_unref (wild);
  return FALSE;
}

static void
add_alt (VeilSigMatcher *m, guint tracker, GByteArray *bytes, GByteArray *wild)
{
  Alt a = { tracker, NULL, NULL, bytes->len, 0, 0 };
  guint idx = m->alts->len;
  guint run = 0;

  /* One spare zero byte after each: the arrays carry no terminator. */
  a.bytes = g_malloc0 (bytes->len + 1);
  a.wild = g_malloc0 (wild->len + 1);
  memcpy (a.bytes, bytes->data, bytes->len);
  memcpy (a.wild, wild->data, wild->len);
  for (guint i = 0; i <= a.len; i++)
    {
      if (i < a.len && !a.wild[i])
        {
          run++;
          continue;
        }
      if (run > a.anchor_len)
        {
          a.anchor_len = run;
          a.anchor_off = i - run;
        }
      run = 0;
    }
  g_array_append_val (m->alts, a);

  if (a.anchor_len < GRAM)
    {
      g_array_append_val (m->short_alts, idx);
      return;
    }
  {
    guint32 key = load_gram (a.bytes + a.anchor_off);
    GArray *list = g_hash_table_lookup (m->grams, GUINT_TO_POINTER (key));
    guint h = bloom_hash (key);

    if (list == NULL)
      {
        list = g_array_new (FALSE, FALSE, sizeof (guint));
        g_hash_table_insert (m->grams, GUINT_TO_POINTER (key), list);
      }
    g_array_append_val (list, idx);
    m->bloom[h / 8] |= 1u << (h % 8);
  }
}

gboolean
_veil_sig_matcher_add (VeilSigMatcher *m,
                       guint           tracker,
                       const char     *signature)
{
  g_autoptr(GPtrArray) bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  g_autoptr(GPtrArray) wild = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);

  /* εxodus: `if len(signature) > 3` — short ones would match everything. */
  if (signature == NULL || strlen (signature) <= 3)
    return FALSE;

  if (split_plain (signature, bytes, wild))
    {
      for (guint i = 0; i < bytes->len; i++)
        add_alt (m, tracker, bytes->pdata[i], wild->pdata[i]);
      return TRUE;
    }

  {
    g_autoptr(GError) error = NULL;
    GRegex *re = g_regex_new (signature, G_REGEX_OPTIMIZE, 0, &error);

    if (re == NULL)
      {
        g_debug ("skipping signature %s: %s", signature, error->message);
        return FALSE;
      }
    g_ptr_array_add (m->regexes, re);
    g_array_append_val (m->regex_trackers, tracker);
  }
  return TRUE;
}

static gboolean
alt_matches_at (const Alt *a, const guint8 *s, gsize len, gsize start)
{
  if (start + a->len > len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!a->wild[i] && a->bytes[i] != s[start + i])
      return FALSE;
  return TRUE;
}

void
_veil_sig_matcher_scan (const VeilSigMatcher *m,
                        const char           *str,
                        gsize                 len,
                        const gboolean       *done,
                        VeilSigHitFunc        func,
                        gpointer              user_data)
{
  const guint8 *s = (const guint8 *) str;

  if (len >= GRAM)
    for (gsize p = 0; p + GRAM <= len; p++)
      {
        guint32 key = load_gram (s + p);
        guint h = bloom_hash (key);
        GArray *list;

        if (!(m->bloom[h / 8] & (1u << (h % 8))))
          continue;
        list = g_hash_table_lookup (m->grams, GUINT_TO_POINTER (key));
        if (list == NULL)
          continue;
        for (guint i = 0; i < list->len; i++)
          {
            const Alt *a = &g_array_index (m->alts, Alt, g_array_index (list, guint, i));

            if (done[a->tracker] || p < a->anchor_off)
              continue;
            if (alt_matches_at (a, s, len, p - a->anchor_off))
              func (a->tracker, str, len, user_data);
          }
      }

  for (guint i = 0; i < m->short_alts->len; i++)
    {
      const Alt *a = &g_array_index (m->alts, Alt, g_array_index (m->short_alts, guint, i));

      if (done[a->tracker])
        continue;
      /* An empty alternative matches everything, as in Python. */
      for (gsize start = 0; start + a->len <= len; start++)
        if (alt_matches_at (a, s, len, start))
          {
            func (a->tracker, str, len, user_data);
            break;
          }
    }

  for (guint i = 0; i < m->regexes->len; i++)
    {
      guint tracker = g_array_index (m->regex_trackers, guint, i);

      if (done[tracker])
        continue;
      if (g_regex_match_full (m->regexes->pdata[i], str, len, 0, 0, NULL, NULL))
        func (tracker, str, len, user_data);
    }
}
