/* veil-apps-page-dnd.c: getting app files into the Apps page: drag and
 * drop onto the whole page, and the Open App File dialog.
 *
 * Both end in veil_apps_page_add_files(), the path the tests use too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-page"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-apps-page-private.h"

void
_veil_apps_page_setup_dnd (VeilAppsPage *self)
{
  veil_drop_area_attach (GTK_WIDGET (self), self->drop_revealer,
                         (VeilDropFilesFunc) veil_apps_page_add_files);
}

void
_veil_apps_page_open (VeilAppsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  static const char *patterns[] = { "*.apk", "*.xapk", "*.apks", "*.ipa" };

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }

  chooser = gtk_file_chooser_native_new (_("Open App File"), GTK_WINDOW (root), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Android and iPhone apps (APK, XAPK, APKS, IPA)"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *upper = g_ascii_strup (patterns[i], -1);
      gtk_file_filter_add_pattern (filter, patterns[i]);
      gtk_file_filter_add_pattern (filter, upper);
    }
  gtk_file_filter_add_mime_type (filter, "application/vnd.android.package-archive");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  veil_page_add_all_files_filter (GTK_FILE_CHOOSER (chooser));

  veil_page_show_chooser (GTK_WIDGET (self), &self->chooser, chooser,
                          (VeilDropFilesFunc) veil_apps_page_add_files);
}
