/* veil-about.c: the About window.
 *
 * Veil ships other people's work: tracker lists, data-protection contacts,
 * face models. Each is credited here with its license, the same facts as
 * the SOURCES/LICENSES files beside the data (data/trackers/LICENSES.md,
 * data/gdpr/SOURCES.md, data/models/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-about"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-about.h"

#define PROMISE N_("Everything stays on this computer. Veil connects to nothing unless you ask it to.")

typedef struct {
  const char *title;
  const char *copyright;   /* translatable: what it is and where it is from */
  GtkLicense  license;
  const char *custom;      /* for GTK_LICENSE_CUSTOM */
} Credit;

static const Credit credits[] = {
  { "εxodus and ETIP tracker signatures",
    N_("Android tracker signatures by Exodus Privacy and the ETIP project, as compiled in AppManager by Muntashir Al-Islam"),
    GTK_LICENSE_GPL_3_0, NULL },
  { "AppManager tracker list",
    N_("The compiled Android tracker list of AppManager (MuntashirAkon/AppManager)"),
    GTK_LICENSE_GPL_3_0, NULL },
  { "TrackerControl iOS signatures",
    N_("iOS framework signatures from TrackerControl for iOS (Konrad Kollnig and contributors)"),
    GTK_LICENSE_AGPL_3_0, NULL },
  { "datenanfragen.de",
    N_("Data-protection contacts and request letter templates by Datenanfragen.de e. V."),
    GTK_LICENSE_CUSTOM,
    "<a href=\"https://creativecommons.org/publicdomain/zero/1.0/\">CC0 1.0 Universal</a>" },
  { "YuNet",
    N_("The YuNet face detector (face_detection_yunet_2022mar), by Shiqi Yu and contributors"),
    GTK_LICENSE_APACHE_2_0, NULL },
  { "faceplugin_fr_feature",
    N_("The face-recognition model Protect Faces checks its cloak against, from faceplugin-face-recognition-js (copyright 2021 gitguanqi)"),
    GTK_LICENSE_MIT_X11, NULL },
  { "libexif", N_("Reading EXIF metadata"), GTK_LICENSE_LGPL_2_1, NULL },
  { "GTK, GLib, libadwaita", N_("The toolkit Veil's window is made with"), GTK_LICENSE_LGPL_2_1, NULL },
};

GtkWidget *
veil_about_window_new (GtkWindow *parent)
{
  const char *developers[] = { "The Veil developers", NULL };
  g_autofree char *comments = NULL;
  GtkWidget *about;

  comments = g_strdup_printf ("%s\n\n• %s\n• %s\n• %s\n\n%s",
                              _("Veil helps you defend yourself against scraping and tracking."),
                              _("Photos: see what photos and videos give away (where, when, with which device) and save clean copies; protect the faces in them."),
                              _("Accounts: read the data exports platforms give you, see who holds your data and who tracked you, and write a request about it."),
                              _("Apps: see which trackers and permissions an Android or iPhone app carries, and whether its store label tells the truth."),
                              _(PROMISE));
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", "Veil",
                        "application-icon", APP_ID,
                        "developer-name", "The Veil developers",
                        "version", PACKAGE_VERSION,
                        "comments", comments,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  for (guint i = 0; i < G_N_ELEMENTS (credits); i++)
    adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), credits[i].title, _(credits[i].copyright),
                                        credits[i].license, credits[i].custom);
  return about;
}
