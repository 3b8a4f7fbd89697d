/* veil-test-utils.h: fixtures and helpers shared by the unit tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "veil-core.h"

G_BEGIN_DECLS

/* tests/data/<relative> (from G_TEST_SRCDIR). */
char   *veil_test_data_path   (const char *relative);
/* The whole file; aborts the test when it cannot be read. */
GBytes *veil_test_load        (const char *path);
/* A file under ../shared (VEIL_SHARED_DIR), or NULL after g_test_skip()
 * when ../shared is not there (a fresh clone). */
char   *veil_test_shared_path (const char *relative);
/* A fresh empty folder, removed again by veil_test_rmdir. */
char   *veil_test_mkdtemp     (void);
void    veil_test_rmdir       (const char *path);
/* Names of the files in a folder (hidden ones too), sorted. */
GStrv   veil_test_list_dir    (const char *path);

/* tests/data/<area>/<name> (area may be NULL), read whole. */
GBytes            *veil_test_load_fixture   (const char       *area,
                                             const char       *name);
/* The first finding with this key, or NULL. */
const VeilFinding *veil_test_find_key       (const VeilReport *report,
                                             const char       *key);
/* Cleans data (dropping the ICC profile when drop_icc), asserts that
 * cleaning worked and that Veil's own inspection of the result finds
 * nothing removable left (and no ICC finding when drop_icc). Returns the
 * cleaned bytes for the format's own checks. */
GBytes            *veil_test_clean_recheck  (const guint8     *data,
                                             gsize             len,
                                             const char       *name,
                                             gboolean          drop_icc);
/* Asserts that inspecting b fails with a VEIL_METADATA_ERROR and that
 * cleaning it fails too (with an error, and no output). */
void               veil_test_expect_refused (GByteArray       *b,
                                             const char       *what);
/* The path of exiftool, or NULL after g_test_skip() when it is not
 * installed (an independent second opinion, optional). */
char              *veil_test_find_exiftool  (void);
/* What `exiftool -a -G1 -s path` prints (stderr dropped); fails the test
 * when exiftool cannot be run. */
char              *veil_test_exiftool_read  (const char       *exiftool,
                                             const char       *path);
/* With gdk-pixbuf: asserts that a viewer decodes a and b (both of the
 * gdk-pixbuf loader type, "png" or "gif") to the same size and the same
 * pixels. Without gdk-pixbuf in the build it checks nothing. */
void               veil_test_assert_same_pixels (const char   *type,
                                                 const guint8 *a,
                                                 gsize         a_len,
                                                 const guint8 *b,
                                                 gsize         b_len);

G_END_DECLS
