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
#include "veil-window.h"

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

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GtkDropTarget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (controller))
        {
          g_assert_null (found);
          found = GTK_DROP_TARGET (controller);  /* the widget keeps it */
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Which revealers show their child, as a string of 0s and 1s. */
static GString *
revealed (GPtrArray *revealers)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < revealers->len; i++)
    g_string_append_c (out, gtk_revealer_get_reveal_child (revealers->pdata[i]) ? '1' : '0');
  return out;
}

gboolean
veil_ui_drop_files (GtkWidget  *widget,
                    GFile     **files,
                    guint       n_files)
{
  GtkDropTarget *target = find_drop_target (widget);
  g_autoptr(GPtrArray) revealers = veil_ui_find_all (widget, GTK_TYPE_REVEALER);
  g_autoptr(GSList) list = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GString) before = revealed (revealers);
  g_autoptr(GString) during = NULL;
  g_autoptr(GString) after = NULL;
  guint overlay = G_MAXUINT;
  GdkDragAction action = 0;
  gboolean dropped = FALSE;

  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);
  g_assert_cmpuint (GDK_TYPE_FILE_LIST, ==, gdk_content_formats_get_gtypes (gtk_drop_target_get_formats (target), NULL)[0]);

  g_signal_emit_by_name (target, "enter", 10.0, 10.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  /* Exactly one revealer, hidden before, now shows: the drop overlay. */
  during = revealed (revealers);
  for (guint i = 0; i < revealers->len; i++)
    if (during->str[i] != before->str[i])
      {
        g_assert_cmpuint (overlay, ==, G_MAXUINT);
        g_assert_cmpint (during->str[i], ==, '1');
        overlay = i;
      }
  g_assert_cmpuint (overlay, !=, G_MAXUINT);

  for (guint i = n_files; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  /* The overlay is gone; the drop itself may reveal others (progress). */
  after = revealed (revealers);
  g_assert_cmpint (after->str[overlay], ==, '0');
  /* In the window, drops are routed to their section off the main thread. */
  if (VEIL_IS_WINDOW (gtk_widget_get_root (widget)))
    veil_ui_wait_routed (gtk_widget_get_root (widget));
  return dropped;
}

void
veil_ui_save_png (GtkWidget  *widget,
                  int         width,
                  int         height,
                  const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
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

static gboolean
routed (gpointer window)
{
  return !veil_window_get_routing (window);
}

void
veil_ui_wait_routed (gpointer window)
{
  g_assert_true (veil_ui_wait_for (routed, window));
}
