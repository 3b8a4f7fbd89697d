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

/* Makes the moving-faces test clips (tests/data/video/make-fixture.py,
 * from ../shared/faces) in G_TEST_BUILDDIR/subdir, once: later runs
 * find them there. args are the script's size arguments after the
 * folder (NULL for its defaults). Returns the folder, or NULL with the
 * reason in *why when ../shared, python3-opencv or ffmpeg is missing. */
char   *veil_test_video_fixture (const char         *subdir,
                                 const char * const *args,
                                 char              **why);

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

/* Appends the trailer a Samsung phone writes after a picture or video: a
 * capture time (Image_UTC_Data) and a mobile country code (MCC_Data, 466:
 * Taiwan) in blocks indexed by an SEFH directory, ending in "SEFT", laid
 * out as exiftool reads it. With in_box it is wrapped in a top-level
 * 'sefd' box, as in Samsung's HEIC files. */
void               veil_test_append_samsung_trailer (GByteArray *b,
                                                     gboolean    in_box);
/* Asserts, for plain (a valid HEIF or MP4 with no trailer) with Samsung's
 * trailer appended raw and in a box, that inspection reports it
 * (raw_key, box_key) and that the cleaned copy keeps none of it: the raw
 * trailer is cut, the box blanked; exiftool, if installed, reads the
 * Samsung tags before and none after. */
void               veil_test_check_samsung_trailer  (const GByteArray *plain,
                                                     const char       *name,
                                                     const char       *raw_key,
                                                     const char       *box_key);

G_END_DECLS
