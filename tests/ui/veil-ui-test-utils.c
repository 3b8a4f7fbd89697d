/* veil-ui-test-utils.c: helpers shared by the in-process UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-ui-test-utils"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "veil-application.h"
#include "veil-ui-test-utils.h"

gboolean
veil_ui_test_have_display (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* TAP: exit code 77 would count as an error, not a skip. */
      printf ("1..0 # SKIP no display\n");
      return FALSE;
    }
  return TRUE;
}

void
veil_ui_test_init_locale (void)
{
  const char *localedir = g_getenv ("VEIL_BUILD_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

GtkApplication *
veil_ui_test_init_app (int    *argc,
                       char ***argv)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = GTK_APPLICATION (veil_application_new ());
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
veil_ui_wait_for_seconds (gboolean (*done) (gpointer),
                          gpointer   data,
                          int        seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  /* A blocking iteration must wake up now and then to look at the clock. */
  guint wake = g_timeout_add (50, wake_up, NULL);
  gboolean ok;

  while (!(ok = done (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

gboolean
veil_ui_wait_for (gboolean (*done) (gpointer),
                  gpointer   data)
{
  return veil_ui_wait_for_seconds (done, data, 30);
}

void
veil_ui_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
veil_ui_settle (GtkWidget *widget)
{
  veil_ui_drain ();
  gtk_test_widget_wait_for_draw (widget);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

GPtrArray *
veil_ui_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (root, type, out);
  return out;
}

GtkWidget *
veil_ui_find_button (GtkWidget  *root,
                     const char *label)
{
  g_autoptr(GPtrArray) buttons = veil_ui_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
}

GtkWindow *
veil_ui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);
    }
  return NULL;
}

void
veil_ui_copy_file (const char *from,
                   const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}
