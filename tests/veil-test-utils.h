/* veil-test-utils.h: fixtures and helpers shared by the unit tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
