/* veil-apps-row.c: an app package in the Apps list: name, package and
 * version, and a badge with the number of trackers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-row"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-apps-row.h"

struct _VeilAppsRow
{
  GtkWidget     parent_instance;

  VeilAppsItem *item;
  gulong        state_handler;

  GtkImage     *icon;
  GtkLabel     *name_label;
  GtkLabel     *detail_label;
  GtkLabel     *technical_label;
  GtkSpinner   *spinner;
  GtkLabel     *badge;
};

G_DEFINE_FINAL_TYPE (VeilAppsRow, veil_apps_row, GTK_TYPE_WIDGET)

static const char *badge_classes[] = { "accent", "success", "warning", "error", NULL };

char *
veil_apps_state_badge (VeilAppsItem  *item,
                       const char   **style_class)
{
  const VeilAppReport *report = veil_apps_item_get_report (item);
  guint n = veil_apps_item_get_n_trackers (item);
  const char *style = NULL;
  char *text;

  switch (veil_apps_item_get_state (item))
    {
    case VEIL_APPS_STATE_WAITING:
      text = g_strdup (_("Waiting"));
      break;
    case VEIL_APPS_STATE_SCANNING:
      text = g_strdup (_("Scanning"));
      break;
    case VEIL_APPS_STATE_DONE:
      if (n > 0)
        {
          /* Translators: a badge on an app in the list. */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u tracker", "%u trackers", n), n);
          style = "warning";
        }
      else if (report->encrypted)
        {
          /* "No trackers found" would overstate what an encrypted App
           * Store copy lets Veil see. */
          text = g_strdup (_("Encrypted"));
          style = "accent";
        }
      else
        {
          text = g_strdup (_("No trackers found"));
          style = "success";
        }
      break;
    case VEIL_APPS_STATE_ERROR:
    default:
      text = g_strdup (_("Error"));
      style = "error";
      break;
    }
  if (style_class != NULL)
    *style_class = style;
  return text;
}

static char *
describe (VeilAppsItem *item)
{
  const VeilAppReport *report = veil_apps_item_get_report (item);
  const char *platform;
  GString *s;

  if (veil_apps_item_get_state (item) == VEIL_APPS_STATE_ERROR)
    return g_strdup (veil_apps_item_get_message (item));
  if (report == NULL)
    return g_strdup (veil_apps_item_get_name (item));

  platform = report->platform == VEIL_APP_PLATFORM_IOS ? _("iPhone app") : _("Android app");
  s = g_string_new (NULL);
  /* The title already shows the app name or package; say what else
   * identifies it. */
  if (report->app_name != NULL && report->package != NULL)
    g_string_append (s, report->package);
  else
    g_string_append (s, platform);
  if (report->version_name != NULL)
    /* Translators: " · version 1.2.3" after a package name. */
    g_string_append_printf (s, _(" · version %s"), report->version_name);
  return g_string_free (s, FALSE);
}

static void
update (VeilAppsRow *self)
{
  VeilAppsItem *item = self->item;
  VeilAppsState state = veil_apps_item_get_state (item);
  const VeilAppReport *report = veil_apps_item_get_report (item);
  const char *style = NULL;
  g_autofree char *badge = veil_apps_state_badge (item, &style);
  g_autofree char *detail = describe (item);
  gboolean busy = state == VEIL_APPS_STATE_SCANNING;

  gtk_label_set_label (self->name_label, veil_apps_item_get_title (item));
  gtk_label_set_label (self->detail_label, detail);
  gtk_label_set_label (self->technical_label, veil_apps_item_get_detail (item) != NULL
                                              ? veil_apps_item_get_detail (item) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->technical_label),
                          state == VEIL_APPS_STATE_ERROR && veil_apps_item_get_detail (item) != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), veil_apps_item_get_path (item));
  gtk_image_set_from_icon_name (self->icon,
                                report != NULL && report->platform == VEIL_APP_PLATFORM_IOS
                                  ? "phone-symbolic" : "package-x-generic-symbolic");

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_label (self->badge, badge);
  for (guint i = 0; badge_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), badge_classes[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge), style);
}

void
veil_apps_row_set_item (VeilAppsRow  *self,
                        VeilAppsItem *item)
{
  g_return_if_fail (VEIL_IS_APPS_ROW (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->item);
      g_clear_object (&self->item);
    }
  if (item == NULL)
    return;
  self->item = g_object_ref (item);
  self->state_handler = g_signal_connect_swapped (item, "notify::state", G_CALLBACK (update), self);
  update (self);
}

VeilAppsItem *
veil_apps_row_get_item (VeilAppsRow *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ROW (self), NULL);
  return self->item;
}

const char *
veil_apps_row_get_badge (VeilAppsRow *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_ROW (self), NULL);
  return gtk_label_get_label (self->badge);
}

static void
veil_apps_row_dispose (GObject *object)
{
  VeilAppsRow *self = VEIL_APPS_ROW (object);

  veil_apps_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_APPS_ROW);
  /* Template children that are not bound to a field are still ours. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (veil_apps_row_parent_class)->dispose (object);
}

static void
veil_apps_row_class_init (VeilAppsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_apps_row_dispose;

  gtk_widget_class_set_css_name (widget_class, "veilappsrow");
  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-apps-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, icon);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, technical_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsRow, badge);
}

static void
veil_apps_row_init (VeilAppsRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The photo rows get their padding from style.css; these match it
   * without another rule there. */
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);
}

GtkWidget *
veil_apps_row_new (void)
{
  return g_object_new (VEIL_TYPE_APPS_ROW, NULL);
}
