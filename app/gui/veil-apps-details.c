/* veil-apps-details.c: what one app carries, in words a person
 * understands: trackers grouped by what they do, the permissions that
 * matter, what its privacy manifests declare, and where its store label
 * disagrees with what is inside.
 *
 * Every string that comes from the package (names, paths, domains) is
 * escaped: rows are markup, and a package must never inject any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-details"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "veil-apps-details.h"
#include "veil-apps-views.h"

struct _VeilAppsDetails
{
  GtkWidget          parent_instance;

  VeilAppsItem      *item;
  gulong             state_handler;
  gulong             label_handler;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *summary_label;
  GtkLabel          *path_label;
  GtkBox            *groups_box;
  GtkLabel          *footer_label;
};

G_DEFINE_FINAL_TYPE (VeilAppsDetails, veil_apps_details, GTK_TYPE_WIDGET)

/* Rows --------------------------------------------------------------------- */

static GtkWidget *
new_group (VeilAppsDetails *self,
           const char      *title,
           const char      *description)
{
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *escaped = description != NULL ? g_markup_escape_text (description, -1) : NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (escaped != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), escaped);
  gtk_box_append (self->groups_box, group);
  return group;
}

/* title and subtitle are plain text; note (optional) is shown small and
 * dim under the subtitle, for the raw name experts look for. */
static GtkWidget *
new_row (const char *title,
         const char *subtitle,
         const char *note)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *t = g_markup_escape_text (title != NULL ? title : "", -1);
  g_autoptr(GString) s = g_string_new (NULL);

  if (subtitle != NULL && subtitle[0] != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);
      g_string_append (s, escaped);
    }
  if (note != NULL && note[0] != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (note, -1);
      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append_printf (s, "<span size=\"small\" alpha=\"65%%\">%s</span>", escaped);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
new_badge (const char *text,
           const char *style)
{
  GtkWidget *badge = gtk_label_new (text);

  gtk_widget_add_css_class (badge, "badge");
  if (style != NULL)
    gtk_widget_add_css_class (badge, style);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

static void
clear_groups (VeilAppsDetails *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

/* Store label -------------------------------------------------------------- */

static void
add_label_group (VeilAppsDetails     *self,
                 const VeilAppReport *report)
{
  const char *label = veil_apps_item_get_label (self->item);
  GPtrArray *mismatches = veil_apps_item_get_mismatches (self->item);
  g_autofree char *description = NULL;
  GtkWidget *group, *buttons, *button;

  if (label == NULL)
    description = g_strdup (_("A store label is the developer’s own claim. Compare it with what Veil found "
                              "inside the app."));
  else
    /* Translators: the first %s says which label, for example "Compared
     * with its App Store privacy label: label.json". */
    description = g_strdup_printf ("%s. %s", label,
                                   mismatches != NULL && mismatches->len > 0
                                     ? _("A label is the developer’s claim; these are differences worth asking "
                                         "the developer about.")
                                     : _("A label is the developer’s claim."));
  group = new_group (self, _("Store label"), description);

  if (veil_apps_item_get_label_warning (self->item) != NULL)
    {
      GtkWidget *row = new_row (veil_apps_item_get_label_warning (self->item), NULL, NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "platform-warning-row");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  if (label != NULL && (mismatches == NULL || mismatches->len == 0))
    {
      GtkWidget *row = new_row (report->n_found == 0
                                  ? _("No tracker found, and nothing contradicts the label.")
                                  : _("The label covers what the trackers found are known to collect."),
                                NULL, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  for (guint i = 0; mismatches != NULL && i < mismatches->len; i++)
    {
      GtkWidget *row = new_row (mismatches->pdata[i], NULL, NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "mismatch-row");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_START);
  if (label != NULL)
    gtk_widget_set_margin_top (buttons, 12);
  button = gtk_button_new_with_mnemonic (_("_Compare with Store Label…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "apps.import-label");
  gtk_widget_set_tooltip_text (button, _("Open an App Store privacy label or a Google Play data-safety "
                                         "record saved as JSON"));
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (_("_Fill In Label…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "apps.fill-label");
  gtk_widget_set_tooltip_text (button, _("Copy what the store page says, by hand"));
  gtk_box_append (GTK_BOX (buttons), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
}

/* Trackers ----------------------------------------------------------------- */

static const char *
category_of (const VeilAppTracker *t)
{
  return t->info->categories != NULL && t->info->categories[0] != NULL ? t->info->categories[0] : NULL;
}

/* What a category of tracker does, in one sentence. */
static const char *
category_description (const char *category)
{
  static const struct { const char *id; const char *text; } texts[] = {
    { "Advertisement", N_("Shows ads, and tells advertisers about you and what you do in the app.") },
    { "Analytics", N_("Records how you use the app and sends it to the developer or a third party.") },
    { "Crash reporting", N_("Sends reports when the app fails, usually with details about your device.") },
    { "Identification", N_("Signs you in or recognises you across apps and devices.") },
    { "Location", N_("Finds out where you are.") },
    { "Profiling", N_("Builds a profile of your interests and habits.") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (category, texts[i].id) == 0)
      return _(texts[i].text);
  return NULL;
}

static char *
evidence_text (const VeilAppTracker *t)
{
  g_autofree char *example = g_strdup (t->example != NULL ? t->example : "");

  switch (t->evidence)
    {
    case VEIL_TRACKER_EVIDENCE_CODE:
      /* Class names read better the way developers write them. */
      g_strdelimit (example, "/", '.');
      /* Translators: %s is a class name, for example com.appsflyer.AppsFlyerLib. */
      return g_strdup_printf (_("Found in the code: %s"), example);
    case VEIL_TRACKER_EVIDENCE_FRAMEWORK:
      /* Translators: %s is the name of an iOS framework inside the app. */
      return g_strdup_printf (_("Embedded framework: %s"), example);
    case VEIL_TRACKER_EVIDENCE_NETWORK:
    default:
      if (t->example != NULL)
        /* Translators: %s is the text it was found in, for example a URL. */
        return g_strdup_printf (_("Only its server name was found, in this text: %s"), t->example);
      return g_strdup (_("Only its server name was found in the app’s text, not its code."));
    }
}

static GtkWidget *
new_tracker_row (const VeilAppTracker *t)
{
  g_autofree char *evidence = evidence_text (t);
  g_autofree char *host = veil_tracker_website_host (t->info->website);
  GtkWidget *row = new_row (t->info->name,
                            t->possible ? _("Possible: its code was not found, only a server name")
                            : t->info->verified ? _("Verified by εxodus")
                                                : _("Possible: listed by ETIP, not yet verified by εxodus"),
                            evidence);

  gtk_widget_add_css_class (row, "tracker-row");
  /* Only the uncertain ones get a badge: a "Verified" badge could read as
   * "checked and safe". */
  if (t->possible || !t->info->verified)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_badge (_("Possible"), NULL));
  if (host != NULL)
    {
      /* Opening the page is the user's choice; Veil itself fetches
       * nothing. */
      GtkWidget *link = gtk_link_button_new_with_label (t->info->website, host);
      g_autofree char *tooltip = g_strdup_printf (_("Open %s in your web browser"), t->info->website);

      gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (link, tooltip);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
    }
  return row;
}

static void
add_tracker_groups (VeilAppsDetails     *self,
                    const VeilAppReport *report)
{
  const char *last = "\1";
  GtkWidget *group = NULL, *possible_group = NULL;

  /* The engine sorts the trackers by category, then by name. */
  for (guint i = 0; i < report->trackers->len; i++)
    {
      const VeilAppTracker *t = report->trackers->pdata[i];
      const char *category = category_of (t);

      /* The engine lists the possible ones last: one group of their own,
       * apart from (and not counted with) those found in the code. */
      if (t->possible)
        {
          if (possible_group == NULL)
            {
              possible_group = new_group (self, _("Possible Trackers"),
                                          _("Not counted: only their server names are in the app’s text, not "
                                            "their code. An address alone does not mean the library is inside."));
              gtk_widget_add_css_class (possible_group, "tracker-group");
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (possible_group), new_tracker_row (t));
          continue;
        }
      if (group == NULL || g_strcmp0 (category, last) != 0)
        {
          /* The iOS list gives no categories. */
          group = new_group (self, category != NULL ? veil_tracker_category_title (category) : _("Other trackers"),
                             category != NULL ? category_description (category)
                                              : _("The tracker list does not say what these do."));
          gtk_widget_add_css_class (group, "tracker-group");
          last = category;
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_tracker_row (t));
    }
}

/* Permissions -------------------------------------------------------------- */

static void
add_permissions (VeilAppsDetails     *self,
                 const VeilAppReport *report)
{
  guint n = report->permissions->len, sensitive = 0;
  g_autofree char *description = NULL;
  GtkWidget *group, *others = NULL;

  if (report->platform != VEIL_APP_PLATFORM_ANDROID)
    return;
  for (guint i = 0; i < n; i++)
    if (((VeilAppPermission *) report->permissions->pdata[i])->explanation != NULL)
      sensitive++;
  if (n == 0)
    description = g_strdup (_("Asks for no permissions."));
  else
    {
      g_autofree char *asks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Asks for %u permission",
                                                            "Asks for %u permissions", n), n);
      /* Translators: follows "Asks for N permissions". */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u of them sensitive.",
                                                  "%s, %u of them sensitive.", sensitive), asks, sensitive);
    }
  group = new_group (self, _("Permissions"), description);

  for (guint i = 0; i < n; i++)
    {
      const VeilAppPermission *p = report->permissions->pdata[i];
      GtkWidget *row;

      if (p->explanation == NULL)
        continue;
      row = new_row (p->explanation, NULL, veil_permission_short_name (p->name));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("security-medium-symbolic"));
      gtk_widget_add_css_class (row, "permission-row");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  for (guint i = 0; i < n; i++)
    {
      const VeilAppPermission *p = report->permissions->pdata[i];

      if (p->explanation != NULL)
        continue;
      if (others == NULL)
        {
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u other permission",
                                                                 "%u other permissions", n - sensitive),
                                                    n - sensitive);
          others = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (others), title);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (others),
                                         _("Not sensitive on their own, such as internet access"));
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), others);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (others), new_row (veil_permission_short_name (p->name),
                                                                    NULL, NULL));
    }
}

/* iOS ------------------------------------------------------------------------ */

/* "Payload/App.app/Frameworks/Ads.framework/PrivacyInfo.xcprivacy" →
 * "Ads.framework". */
static char *
bundle_of (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  return g_path_get_basename (dir);
}

static char *
join_mapped (char       **values,
             const char *(*map) (const char *))
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, map != NULL ? map (values[i]) : values[i]);
    }
  return g_strdup (s->str);
}

static void
add_privacy_manifest (VeilAppsDetails           *self,
                      const VeilPrivacyManifest *m)
{
  g_autofree char *bundle = bundle_of (m->path);
  /* The app's own manifest sits at the top of its bundle. */
  gboolean own = g_str_equal (bundle, ".") || g_str_has_suffix (bundle, ".app");
  /* Translators: %s is a part of an iPhone app, for example "AdSDK.framework". */
  g_autofree char *title = own ? g_strdup (_("The app’s own privacy manifest"))
                               : g_strdup_printf (_("Privacy manifest of %s"), bundle);
  GtkWidget *group = new_group (self, title, NULL);
  GtkWidget *row;

  gtk_widget_add_css_class (group, "privacy-group");
  row = new_row (m->tracking == 1 ? _("Declares that it tracks you")
                   : m->tracking == 0 ? _("Declares no tracking")
                   : _("Does not say whether it tracks you"),
                 m->tracking == 1 ? _("Apple defines tracking as linking data about you with data from other "
                                      "companies’ apps and websites, for ads or data brokers.")
                                  : NULL,
                 "NSPrivacyTracking");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  if (m->tracking_domains != NULL && m->tracking_domains[0] != NULL)
    {
      g_autofree char *domains = join_mapped (m->tracking_domains, NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 new_row (_("Sends tracking data to these servers"), domains,
                                          "NSPrivacyTrackingDomains"));
    }
  for (guint i = 0; i < m->collected->len; i++)
    {
      const VeilPrivacyCollected *c = m->collected->pdata[i];
      g_autofree char *purposes = join_mapped (c->purposes, veil_privacy_purpose_title);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *collects = g_strdup_printf (_("Collects: %s"), veil_privacy_data_type_title (c->type));

      g_string_append (subtitle, c->linked ? _("Linked to you") : _("Not linked to you"));
      if (c->tracking)
        g_string_append_printf (subtitle, " · %s", _("used to track you"));
      if (purposes[0] != '\0')
        /* Translators: followed by a list such as "Analytics, App functionality". */
        g_string_append_printf (subtitle, " · %s %s", _("for:"), purposes);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (collects, subtitle->str, c->type));
    }
  for (guint i = 0; i < m->accessed_apis->len; i++)
    {
      const VeilPrivacyApi *a = m->accessed_apis->pdata[i];
      g_autofree char *reasons = join_mapped (a->reasons, NULL);
      g_autofree char *uses = g_strdup_printf (_("Reads: %s"), veil_privacy_api_title (a->type));
      g_autofree char *subtitle = g_strdup_printf (_("Apple asks for a reason because this can help tell your "
                                                     "device apart from others. Reasons given: %s"),
                                                   reasons[0] != '\0' ? reasons : _("none"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (uses, subtitle, a->type));
    }
}

static void
add_ios (VeilAppsDetails     *self,
         const VeilAppReport *report)
{
  for (guint i = 0; i < report->privacy->len; i++)
    add_privacy_manifest (self, report->privacy->pdata[i]);

  if (report->frameworks->len > 0)
    {
      GtkWidget *group = new_group (self, _("Embedded frameworks"),
                                    _("Code from other makers built into the app."));
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u framework", "%u frameworks",
                                                             report->frameworks->len),
                                                report->frameworks->len);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      for (guint i = 0; i < report->frameworks->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), new_row (report->frameworks->pdata[i], NULL, NULL));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
}

static void
add_notes (VeilAppsDetails     *self,
           const VeilAppReport *report)
{
  GtkWidget *group;

  if (report->notes->len == 0)
    return;
  group = new_group (self, _("What Veil could not read"),
                     _("Trackers hidden in these parts would not be in the list above."));
  for (guint i = 0; i < report->notes->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (report->notes->pdata[i], NULL, NULL));
}

/* The whole view -------------------------------------------------------- */

static char *
summary_for (VeilAppsItem        *item,
             const VeilAppReport *report)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n;

  switch (veil_apps_item_get_state (item))
    {
    case VEIL_APPS_STATE_WAITING:
    case VEIL_APPS_STATE_SCANNING:
      return g_strdup (_("Looking inside this app…"));
    case VEIL_APPS_STATE_ERROR:
      return g_strdup (veil_apps_item_get_message (item));
    case VEIL_APPS_STATE_DONE:
    default:
      break;
    }

  n = report->n_found;
  if (n == 0)
    g_string_append (s, _("Veil found no known tracker in this app."));
  else
    g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "Veil found %u tracking library in this app.",
                                            "Veil found %u tracking libraries in this app.", n), n);
  g_string_append_c (s, ' ');
  g_string_append_printf (s, _("The median app has %u tracking libraries."), VEIL_APPS_MEDIAN_TRACKERS);
  if (report->encrypted)
    {
      g_string_append_c (s, ' ');
      g_string_append (s, _("This copy comes from the App Store and its code is encrypted, so Veil could "
                            "check only its frameworks and privacy manifests."));
    }
  return g_strdup (s->str);
}

static void
update (VeilAppsDetails *self)
{
  VeilAppsItem *item = self->item;
  const VeilAppReport *report = veil_apps_item_get_report (item);
  g_autofree char *summary = summary_for (item, report);
  g_autoptr(GString) path = g_string_new (NULL);

  gtk_label_set_label (self->title_label, veil_apps_item_get_title (item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), veil_apps_item_get_title (item));
  gtk_label_set_label (self->summary_label, summary);

  if (report != NULL)
    {
      g_string_append (path, report->platform == VEIL_APP_PLATFORM_IOS ? _("iPhone app") : _("Android app"));
      if (report->package != NULL && g_strcmp0 (report->package, veil_apps_item_get_title (item)) != 0)
        g_string_append_printf (path, " · %s", report->package);
      if (report->version_name != NULL)
        g_string_append_printf (path, _(" · version %s"), report->version_name);
      g_string_append_c (path, '\n');
    }
  g_string_append (path, veil_apps_item_get_path (item));
  if (veil_apps_item_get_detail (item) != NULL)
    /* After an error, the engine's own words, small and dim. */
    g_string_append_printf (path, "\n%s", veil_apps_item_get_detail (item));
  gtk_label_set_label (self->path_label, path->str);

  clear_groups (self);
  gtk_label_set_label (self->footer_label, "");
  if (report == NULL)
    return;

  add_label_group (self, report);
  add_tracker_groups (self, report);
  add_permissions (self, report);
  add_ios (self, report);
  add_notes (self, report);

  {
    g_autofree char *size = g_format_size (report->code_bytes);
    /* Translators: the last %s is a size, for example "2.1 MB". */
    g_autofree char *footer = g_strdup_printf (_("Read %u code files, %u class names and %s of code, on this "
                                                 "computer."),
                                               report->code_files->len, report->n_classes, size);
    gtk_label_set_label (self->footer_label, footer);
  }
}

static void
veil_apps_details_dispose (GObject *object)
{
  VeilAppsDetails *self = VEIL_APPS_DETAILS (object);

  veil_apps_details_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_APPS_DETAILS);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (veil_apps_details_parent_class)->dispose (object);
}

static void
veil_apps_details_class_init (VeilAppsDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_apps_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-apps-details.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, scroller);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, path_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, groups_box);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsDetails, footer_label);
}

static void
veil_apps_details_init (VeilAppsDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
veil_apps_details_new (void)
{
  return g_object_new (VEIL_TYPE_APPS_DETAILS, NULL);
}

VeilAppsItem *
veil_apps_details_get_item (VeilAppsDetails *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_DETAILS (self), NULL);
  return self->item;
}

void
veil_apps_details_set_item (VeilAppsDetails *self,
                            VeilAppsItem    *item)
{
  g_return_if_fail (VEIL_IS_APPS_DETAILS (self));
  g_return_if_fail (item == NULL || VEIL_IS_APPS_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->item);
      g_clear_signal_handler (&self->label_handler, self->item);
      g_clear_object (&self->item);
    }
  if (item == NULL)
    {
      if (self->stack != NULL)
        {
          clear_groups (self);
          gtk_stack_set_visible_child_name (self->stack, "none");
        }
      return;
    }
  self->item = g_object_ref (item);
  self->state_handler = g_signal_connect_swapped (item, "notify::state", G_CALLBACK (update), self);
  self->label_handler = g_signal_connect_swapped (item, "notify::label", G_CALLBACK (update), self);
  update (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "item");
}
