/* veil-application.c: the app: actions, accelerators and windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-application"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-about.h"
#include "veil-application.h"
#include "veil-preferences-window.h"
#include "veil-window.h"

struct _VeilApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (VeilApplication, veil_application, ADW_TYPE_APPLICATION)

static gint64 main_time;

void
veil_application_mark_main (void)
{
  main_time = g_get_monotonic_time ();
}

gint64
veil_application_get_main_time (void)
{
  return main_time;
}

static VeilWindow *
get_window (VeilApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (VEIL_IS_WINDOW (window))
    return VEIL_WINDOW (window);
  return veil_window_new (ADW_APPLICATION (self));
}

static void
veil_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (VEIL_APPLICATION (app))));
}

/* `veil-app PHOTO…`, and "Open With" in the file manager. */
static void
veil_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  VeilWindow *window = get_window (VEIL_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  veil_window_open_files (window, files, (guint) MAX (n_files, 0));
}

static void
quit_cb (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Close windows properly so the main window saves its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  g_application_quit (app);
}

static void
preferences_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (veil_preferences_window_new (parent)));
}

static void
about_cb (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (veil_about_window_new (parent)));
}

static void
veil_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_cb },
    { "preferences", preferences_cb },
    { "about", about_cb },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (veil_application_parent_class)->startup (app);

  /* Dark mode follows the system: AdwStyleManager's default colour scheme
   * already does, so nothing here forces light or dark. */
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
}

static void
veil_application_class_init (VeilApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = veil_application_activate;
  app_class->open = veil_application_open;
  app_class->startup = veil_application_startup;
}

static void
veil_application_init (VeilApplication *self)
{
}

VeilApplication *
veil_application_new (void)
{
  return g_object_new (VEIL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", APP_ID_PATH,
                       NULL);
}
