/* veil-apps-label-window.c: a store label typed in by hand.
 *
 * For when the label is only on the store's web page: the same categories
 * and data types as the page, one expander per category, two boxes per
 * data type. The result is the JSON an imported label has, so it goes
 * through the same comparison.
 *
 * Built in code rather than a .ui file: the rows come from the engine's
 * vocabulary tables and change with the chosen store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-label-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "veil-apps-label-window.h"

struct _VeilAppsLabelWindow
{
  AdwWindow           parent_instance;

  VeilLabelStore      store;
  GHashTable         *boxes;      /* "0:CAT/Type" → GtkCheckButton (not owned) */
  GtkCheckButton     *apple_check;
  GtkCheckButton     *google_check;
  AdwPreferencesPage *page;
  GtkWidget          *types_group;
  GtkWidget          *help_group;
};

G_DEFINE_FINAL_TYPE (VeilAppsLabelWindow, veil_apps_label_window, ADW_TYPE_WINDOW)

enum {
  SIGNAL_FILLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
new_check (VeilAppsLabelWindow *self,
           guint                column,
           const char          *item,
           const char          *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_hash_table_insert (self->boxes, g_strdup_printf ("%u:%s", column, item), check);
  return check;
}

static void
build_types (VeilAppsLabelWindow *self)
{
  guint n = 0;
  const VeilLabelCategory *cats = veil_label_categories (self->store, &n);
  gboolean apple = self->store == VEIL_LABEL_APPLE;

  if (self->types_group != NULL)
    adw_preferences_page_remove (self->page, ADW_PREFERENCES_GROUP (self->types_group));
  g_hash_table_remove_all (self->boxes);

  self->types_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->types_group), _("What the label lists"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->types_group),
    apple ? _("Tick each data type the label names. “Used to track you” is the label’s first section; "
              "“Collected” covers “Data linked to you” and “Data not linked to you”. Leave everything "
              "unticked if the label says “Data Not Collected”.")
          : _("Tick each data type the “Data safety” section says the app shares or collects. Leave "
              "everything unticked if it says “No data shared” and “No data collected”."));

  for (guint c = 0; c < n; c++)
    {
      GtkWidget *expander = adw_expander_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), veil_label_category_title (&cats[c]));
      for (guint t = 0; cats[c].types[t] != NULL; t++)
        {
          g_autofree char *item = g_strdup_printf ("%s/%s", cats[c].id, cats[c].types[t]);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *title = g_markup_escape_text (veil_label_type_title (cats[c].types[t]), -1);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     new_check (self, 0, item, apple ? _("Used to track you") : _("Shared")));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_check (self, 1, item, _("Collected")));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->types_group), expander);
    }
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (self->types_group));
}

static void
store_toggled_cb (VeilAppsLabelWindow *self)
{
  VeilLabelStore store = gtk_check_button_get_active (self->apple_check) ? VEIL_LABEL_APPLE : VEIL_LABEL_GOOGLE_PLAY;

  if (store != self->store)
    {
      self->store = store;
      build_types (self);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
ticked (VeilAppsLabelWindow *self,
        guint                column)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  g_autofree char *prefix = g_strdup_printf ("%u:", column);

  g_hash_table_iter_init (&iter, self->boxes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix) && gtk_check_button_get_active (value))
      g_ptr_array_add (items, g_strdup ((char *) key + strlen (prefix)));
  /* The same label gives the same JSON, whatever the hash order. */
  g_ptr_array_sort (items, compare_strings);
  g_ptr_array_add (items, NULL);
  return items;
}

char *
veil_apps_label_window_get_json (VeilAppsLabelWindow *self)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  g_return_val_if_fail (VEIL_IS_APPS_LABEL_WINDOW (self), NULL);
  first = ticked (self, 0);
  second = ticked (self, 1);
  return veil_label_build_json (self->store, (const char *const *) first->pdata,
                                (const char *const *) second->pdata);
}

void
veil_apps_label_window_compare (VeilAppsLabelWindow *self)
{
  g_autofree char *json = NULL;

  g_return_if_fail (VEIL_IS_APPS_LABEL_WINDOW (self));
  json = veil_apps_label_window_get_json (self);
  g_signal_emit (self, signals[SIGNAL_FILLED], 0, json);
  gtk_window_destroy (GTK_WINDOW (self));
}

VeilLabelStore
veil_apps_label_window_get_store (VeilAppsLabelWindow *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_LABEL_WINDOW (self), VEIL_LABEL_APPLE);
  return self->store;
}

void
veil_apps_label_window_set_store (VeilAppsLabelWindow *self,
                                  VeilLabelStore       store)
{
  g_return_if_fail (VEIL_IS_APPS_LABEL_WINDOW (self));
  gtk_check_button_set_active (store == VEIL_LABEL_APPLE ? self->apple_check : self->google_check, TRUE);
}

gboolean
veil_apps_label_window_set_ticked (VeilAppsLabelWindow *self,
                                   guint                column,
                                   const char          *item,
                                   gboolean             on)
{
  g_autofree char *key = g_strdup_printf ("%u:%s", column, item);
  GtkCheckButton *check;

  g_return_val_if_fail (VEIL_IS_APPS_LABEL_WINDOW (self), FALSE);
  if ((check = g_hash_table_lookup (self->boxes, key)) == NULL)
    return FALSE;
  gtk_check_button_set_active (check, on);
  return TRUE;
}

static void
veil_apps_label_window_finalize (GObject *object)
{
  VeilAppsLabelWindow *self = VEIL_APPS_LABEL_WINDOW (object);

  g_clear_pointer (&self->boxes, g_hash_table_unref);
  G_OBJECT_CLASS (veil_apps_label_window_parent_class)->finalize (object);
}

static void
veil_apps_label_window_class_init (VeilAppsLabelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = veil_apps_label_window_finalize;

  signals[SIGNAL_FILLED] = g_signal_new ("filled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                         NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
store_row (const char *title,
           const char *subtitle,
           GtkWidget  *check)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  return row;
}

static void
veil_apps_label_window_init (VeilAppsLabelWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *compare = gtk_button_new_with_mnemonic (_("C_ompare"));
  GtkWidget *group;

  self->boxes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store = VEIL_LABEL_APPLE;

  gtk_window_set_title (GTK_WINDOW (self), _("Fill In Store Label"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  gtk_widget_add_css_class (compare, "suggested-action");
  g_signal_connect_swapped (compare, "clicked", G_CALLBACK (veil_apps_label_window_compare), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), compare);
  gtk_window_set_default_widget (GTK_WINDOW (self), compare);
  gtk_box_append (GTK_BOX (box), header);

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Store"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("Open the app’s store page and copy what its privacy section says."));
  self->apple_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  self->google_check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_check_button_set_group (self->google_check, self->apple_check);
  gtk_check_button_set_active (self->apple_check, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             store_row (_("App Store"), _("The “App Privacy” section"),
                                        GTK_WIDGET (self->apple_check)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             store_row (_("Google Play"), _("The “Data safety” section"),
                                        GTK_WIDGET (self->google_check)));
  g_signal_connect_swapped (self->apple_check, "toggled", G_CALLBACK (store_toggled_cb), self);
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));

  adw_window_set_content (ADW_WINDOW (self), box);
  build_types (self);
}

GtkWidget *
veil_apps_label_window_new (GtkWindow      *parent,
                            VeilLabelStore  store,
                            const char     *app_title)
{
  VeilAppsLabelWindow *self = g_object_new (VEIL_TYPE_APPS_LABEL_WINDOW,
                                            "transient-for", parent,
                                            "modal", parent != NULL,
                                            NULL);
  g_autofree char *title = NULL;

  veil_apps_label_window_set_store (self, store);
  if (app_title != NULL)
    {
      /* Translators: %s is an app's name. */
      title = g_strdup_printf (_("Store Label of %s"), app_title);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  return GTK_WIDGET (self);
}
