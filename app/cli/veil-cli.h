/* veil-cli.h: the `veil` command line, one file per group of commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes, the same for every command. */
enum {
  VEIL_EXIT_OK = 0,       /* everything done */
  VEIL_EXIT_FAILED = 1,   /* some files failed; each was reported */
  VEIL_EXIT_USAGE = 2,    /* bad command line */
};

typedef int (*VeilCliCommandFunc) (int argc, char **argv);

/* The commands veil-data runs, the one list both programs read: veil shows
 * them in its --help and hands them over; veil-data runs them. Each entry
 * is X (name, summary, function). */
#define VEIL_DATA_COMMANDS(X) \
  X ("faces",    N_("List the faces in pictures"), veil_cli_faces) \
  X ("cloak",    N_("Protect faces before upload: cloak, blur or pixelate"), veil_cli_cloak) \
  X ("models",   N_("Face-recognition models used by “veil cloak”"), veil_cli_models) \
  X ("apps",     N_("See the trackers inside Android and iOS apps"), veil_cli_apps) \
  X ("trackers", N_("List or update the tracker list used by “veil apps”"), veil_cli_trackers) \
  X ("exports",  N_("Read platform data exports: who has your data, who tracked you"), veil_cli_exports)

typedef struct {
  const char        *name;     /* "inspect", or "exports" for a group */
  const char        *summary;  /* one line for `veil --help` */
  VeilCliCommandFunc run;      /* argv[0] is the command name; NULL: in veil-data */
} VeilCliCommand;

/* setlocale and gettext, at the start of main. */
void     veil_cli_init_locale (void);
/* Parses options with GOptionContext; prints usage errors and returns FALSE. */
gboolean veil_cli_parse (GOptionContext *context,
                         int            *argc,
                         char         ***argv);
/* Whether progress lines should be drawn (stderr is a terminal). */
gboolean veil_cli_show_progress (void);
void     veil_cli_progress      (guint done,
                                 guint total,
                                 const char *name);
void     veil_cli_progress_end  (void);

int veil_cli_inspect (int argc, char **argv);
int veil_cli_clean   (int argc, char **argv);
int veil_cli_faces  (int argc, char **argv);
int veil_cli_cloak  (int argc, char **argv);
int veil_cli_models (int argc, char **argv);
int veil_cli_apps    (int argc, char **argv);
int veil_cli_trackers (int argc, char **argv);
int veil_cli_exports  (int argc, char **argv);

G_END_DECLS
