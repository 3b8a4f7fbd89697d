/* veil-preferences-window.c: where cleaned photos go, and what cleaning
 * removes. Every control writes GSettings at once; the Photos page listens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-preferences-window.h"
#include "veil-settings.h"

struct _VeilPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GtkFileChooserNative *chooser;
  gboolean              updating;

  AdwActionRow         *folder_row;
  GtkCheckButton       *beside_check;
  GtkCheckButton       *folder_check;
  GtkCheckButton       *replace_check;
  GtkButton            *choose_button;
  GtkSwitch            *icc_switch;
  GtkSwitch            *sync_switch;
};

G_DEFINE_FINAL_TYPE (VeilPreferencesWindow, veil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void choose_folder (VeilPreferencesWindow *self);

static void
update_from_settings (VeilPreferencesWindow *self)
{
  VeilOutputMode mode = g_settings_get_enum (self->settings, "output-mode");
  g_autofree char *folder = g_settings_get_string (self->settings, "output-folder");

  self->updating = TRUE;
  gtk_check_button_set_active (self->beside_check, mode == VEIL_OUTPUT_CLEANED_FOLDER);
  gtk_check_button_set_active (self->folder_check, mode == VEIL_OUTPUT_CHOSEN_FOLDER);
  gtk_check_button_set_active (self->replace_check, mode == VEIL_OUTPUT_REPLACE);
  self->updating = FALSE;

  if (folder[0] != '\0')
    {
      g_autofree char *display = g_filename_display_name (folder);
      g_autofree char *escaped = g_markup_escape_text (display, -1);
      adw_action_row_set_subtitle (self->folder_row, escaped);
    }
  else
    adw_action_row_set_subtitle (self->folder_row, _("No folder chosen yet"));
}

static void
mode_toggled_cb (VeilPreferencesWindow *self,
                 GtkCheckButton        *button)
{
  g_autofree char *folder = NULL;

  if (self->updating || !gtk_check_button_get_active (button))
    return;
  if (button == self->folder_check)
    {
      folder = g_settings_get_string (self->settings, "output-folder");
      /* Without a folder this choice cannot work: ask for one first and
       * keep the old choice if the user cancels. */
      if (folder[0] == '\0')
        {
          update_from_settings (self);
          choose_folder (self);
          return;
        }
      g_settings_set_enum (self->settings, "output-mode", VEIL_OUTPUT_CHOSEN_FOLDER);
    }
  else if (button == self->replace_check)
    g_settings_set_enum (self->settings, "output-mode", VEIL_OUTPUT_REPLACE);
  else
    g_settings_set_enum (self->settings, "output-mode", VEIL_OUTPUT_CLEANED_FOLDER);
}

static void
chooser_response_cb (GtkNativeDialog       *chooser,
                     int                    response,
                     VeilPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_settings_set_string (self->settings, "output-folder", path);
          g_settings_set_enum (self->settings, "output-mode", VEIL_OUTPUT_CHOSEN_FOLDER);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_folder (VeilPreferencesWindow *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Folder for Cleaned Photos"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
choose_clicked_cb (VeilPreferencesWindow *self)
{
  choose_folder (self);
}

static void
veil_preferences_window_dispose (GObject *object)
{
  VeilPreferencesWindow *self = VEIL_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (veil_preferences_window_parent_class)->dispose (object);
}

static void
veil_preferences_window_class_init (VeilPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, beside_check);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, folder_check);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, replace_check);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, icc_switch);
  gtk_widget_class_bind_template_child (widget_class, VeilPreferencesWindow, sync_switch);
  gtk_widget_class_bind_template_callback (widget_class, mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
veil_preferences_window_init (VeilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = veil_settings_new ();
  g_settings_bind (self->settings, "drop-icc", self->icc_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "flush-copies", self->sync_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::output-mode",
                           G_CALLBACK (update_from_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::output-folder",
                           G_CALLBACK (update_from_settings), self, G_CONNECT_SWAPPED);
  update_from_settings (self);
}

GtkWidget *
veil_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (VEIL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
