/* veil-window.c: the main window: one section per page of a view stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-window"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>

#include "veil-accounts-page.h"
#include "veil-application.h"
#include "veil-apps-page.h"
#include "veil-photos-page.h"
#include "veil-settings.h"
#include "veil-window-private.h"

G_DEFINE_FINAL_TYPE (VeilWindow, veil_window, ADW_TYPE_APPLICATION_WINDOW)

static guint
count_pages (VeilWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);

  return g_list_model_get_n_items (G_LIST_MODEL (pages));
}

/* A switcher with a single section would be a button that does nothing:
 * with one page the header shows the app name instead. */
static void
update_switcher_bar (VeilWindow *self)
{
  gboolean several = count_pages (self) > 1;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, several);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    several && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
add_page (VeilWindow *self,
          GtkWidget  *page,
          const char *name,
          const char *title,
          const char *icon_name)
{
  adw_view_stack_add_titled (self->stack, page, name, title);
  adw_view_stack_page_set_icon_name (adw_view_stack_get_page (self->stack, page), icon_name);
  update_switcher_bar (self);
}

static void
show_folder_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

/* VEIL_PROFILE_STARTUP=1: print, at the first frame the window painted,
 * the wall-clock time (for a script that noted when it started the
 * process, bench/startup.sh) and the time since main(); =quit also quits
 * there. Costs nothing when unset: no handler is connected. */
static void
first_frame_cb (GdkFrameClock *clock,
                VeilWindow    *self)
{
  const char *mode = g_getenv ("VEIL_PROFILE_STARTUP");
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  struct rusage usage;
  gint64 cpu_us = 0;

  /* CPU time, all threads: unlike wall time, barely moved by other load
   * on the machine. */
  if (getrusage (RUSAGE_SELF, &usage) == 0)
    cpu_us = (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
             usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  g_print ("veil-profile: first-frame-realtime-us=%" G_GINT64_FORMAT " since-main-us=%" G_GINT64_FORMAT
           " cpu-us=%" G_GINT64_FORMAT "\n",
           g_get_real_time (), g_get_monotonic_time () - veil_application_get_main_time (), cpu_us);
  if (g_strcmp0 (mode, "quit") == 0 && app != NULL)
    g_application_quit (app);
}

static void
veil_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_window_parent_class)->map (widget);

  if (g_getenv ("VEIL_PROFILE_STARTUP") != NULL)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

      if (clock != NULL && g_signal_handler_find (clock, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0,
                                                  NULL, first_frame_cb, widget) == 0)
        g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_cb), widget);
    }
}

static gboolean
veil_window_close_request (GtkWindow *window)
{
  VeilWindow *self = VEIL_WINDOW (window);
  int width, height;

  /* The window's size and state, never anything about the files. */
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (veil_window_parent_class)->close_request (window);
}

static void
veil_window_dispose (GObject *object)
{
  VeilWindow *self = VEIL_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_WINDOW);
  g_cancellable_cancel (self->cancellable);
  self->photos_page = NULL;
  self->accounts_page = NULL;
  self->apps_page = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (veil_window_parent_class)->dispose (object);
}

static void
veil_window_class_init (VeilWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = veil_window_dispose;
  window_class->close_request = veil_window_close_request;
  widget_class->map = veil_window_map;

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, update_switcher_bar);

  /* Used by "Show in Files" on toasts and in the details pane. */
  gtk_widget_class_install_action (widget_class, "win.show-folder", "s", show_folder_cb);
  /* Files dropped on any section go to the one that handles them. */
  gtk_widget_class_install_action (widget_class, "win.open-uris", "as", _veil_window_open_uris_cb);
}

static void
veil_window_init (VeilWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = veil_settings_new ();
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The window's sections, in order. Each is its own widget class that
   * installs its own actions and shortcuts (enabled while it is shown), so
   * adding one, for example Accounts or Apps, is one line here:
   *   add_page (self, veil_accounts_page_new (), "accounts", _("Accounts"), "system-users-symbolic");
   * Add a section only once it works end to end. */
  self->photos_page = VEIL_PHOTOS_PAGE (veil_photos_page_new ());
  add_page (self, GTK_WIDGET (self->photos_page), "photos", _("Photos"), "image-x-generic-symbolic");
  self->accounts_page = VEIL_ACCOUNTS_PAGE (veil_accounts_page_new ());
  add_page (self, GTK_WIDGET (self->accounts_page), "accounts", _("Accounts"), "system-users-symbolic");
  self->apps_page = VEIL_APPS_PAGE (veil_apps_page_new ());
  add_page (self, GTK_WIDGET (self->apps_page), "apps", _("Apps"), "package-x-generic-symbolic");
}

VeilWindow *
veil_window_new (AdwApplication *application)
{
  return g_object_new (VEIL_TYPE_WINDOW, "application", application, NULL);
}

VeilPhotosPage *
veil_window_get_photos_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);
  return self->photos_page;
}

VeilAccountsPage *
veil_window_get_accounts_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);
  return self->accounts_page;
}

VeilAppsPage *
veil_window_get_apps_page (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), NULL);
  return self->apps_page;
}
