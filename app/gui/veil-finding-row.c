/* veil-finding-row.c: one finding, in words a person understands.
 *
 * The title is what it reveals, in a plain sentence; the subtitle is the
 * value, then the raw key in small dim text for people who want to check
 * with other tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-finding-row"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-finding-row.h"

struct _VeilFindingRow
{
  AdwActionRow parent_instance;

  gboolean     kept;
};

G_DEFINE_FINAL_TYPE (VeilFindingRow, veil_finding_row, ADW_TYPE_ACTION_ROW)

static void
veil_finding_row_class_init (VeilFindingRowClass *klass)
{
}

static void
veil_finding_row_init (VeilFindingRow *self)
{
  adw_action_row_set_title_lines (ADW_ACTION_ROW (self), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 0);
  gtk_widget_add_css_class (GTK_WIDGET (self), "finding-row");
}

static gboolean
has_text (const char *s)
{
  return s != NULL && s[0] != '\0';
}

GtkWidget *
veil_finding_row_new (const VeilFinding *finding)
{
  VeilFindingRow *self;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;

  g_return_val_if_fail (finding != NULL, NULL);

  self = g_object_new (VEIL_TYPE_FINDING_ROW, NULL);
  self->kept = finding->kept;

  /* Engine strings come from the file itself (values) and must never be
   * read as markup. */
  if (has_text (finding->explanation))
    {
      title = g_markup_escape_text (finding->explanation, -1);
      if (has_text (finding->value))
        {
          g_autofree char *value = g_markup_escape_text (finding->value, -1);
          g_string_append (subtitle, value);
        }
    }
  else
    title = g_markup_escape_text (has_text (finding->value) ? finding->value : finding->key, -1);

  if (finding->kept)
    {
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, "<b>%s</b>", _("Kept: needed to display the photo right"));
    }
  if (has_text (finding->key))
    {
      g_autofree char *key = g_markup_escape_text (finding->key, -1);
      if (subtitle->len > 0)
        g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, "<span size=\"small\" alpha=\"65%%\">%s</span>", key);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  if (finding->kept)
    {
      GtkWidget *badge = gtk_label_new (_("Kept"));

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "kept");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (self), badge);
    }

  return GTK_WIDGET (self);
}

gboolean
veil_finding_row_get_kept (VeilFindingRow *self)
{
  g_return_val_if_fail (VEIL_IS_FINDING_ROW (self), FALSE);
  return self->kept;
}
