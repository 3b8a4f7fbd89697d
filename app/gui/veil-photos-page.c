/* veil-photos-page.c: the Photos section: drop photos in, see what they
 * give away, save clean copies.
 *
 * This file holds the list, the selection and the page's actions; adding
 * files lives in -dnd.c and cleaning in -clean.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photos-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "veil-file-walker.h"
#include "veil-photo-item.h"
#include "veil-photo-row.h"
#include "veil-photos-page-private.h"
#include "veil-settings.h"

G_DEFINE_FINAL_TYPE (VeilPhotosPage, veil_photos_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Set on an item while it counts towards n_checking. */
static GQuark checking_quark;

gboolean
veil_photos_page_get_busy (VeilPhotosPage *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTOS_PAGE (self), FALSE);
  return self->n_walking > 0 || self->n_checking > 0 || self->progress != NULL;
}

void
_veil_photos_page_notify_busy (VeilPhotosPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_veil_photos_page_update_actions (VeilPhotosPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  /* Actions work only while the page is on screen, so the keyboard
   * shortcuts of another section can reuse the same keys. */
  gboolean mapped = gtk_widget_get_mapped (widget);
  gboolean cleaning = self->progress != NULL;
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean any_cleanable = FALSE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n && !any_cleanable; i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      any_cleanable = veil_photo_item_get_can_clean (item);
    }

  gtk_widget_action_set_enabled (widget, "photos.open-files", mapped);
  gtk_widget_action_set_enabled (widget, "photos.open-folder", mapped);
  gtk_widget_action_set_enabled (widget, "photos.clean", mapped && !cleaning && any_cleanable);
  gtk_widget_action_set_enabled (widget, "photos.cancel", cleaning);
  gtk_widget_action_set_enabled (widget, "photos.remove",
                                 mapped && !cleaning && !gtk_bitset_is_empty (selected));
  gtk_widget_action_set_enabled (widget, "photos.show-list", adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (widget, "photos.search",
                                 mapped && g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0);
  _veil_photos_page_update_clean_button (self);
}

static gboolean
update_actions_idle (gpointer data)
{
  VeilPhotosPage *self = data;

  self->update_idle = 0;
  _veil_photos_page_update_actions (self);
  return G_SOURCE_REMOVE;
}

static void
item_state_changed (VeilPhotoItem  *item,
                    GParamSpec     *pspec,
                    VeilPhotosPage *self)
{
  if (veil_photo_item_get_state (item) != VEIL_PHOTO_STATE_CHECKING &&
      g_object_get_qdata (G_OBJECT (item), checking_quark) != NULL)
    {
      g_object_set_qdata (G_OBJECT (item), checking_quark, NULL);
      g_assert (self->n_checking > 0);
      self->n_checking--;
      if (self->n_checking == 0)
        {
          /* The last one: everything is known, update at once. */
          g_clear_handle_id (&self->update_idle, g_source_remove);
          _veil_photos_page_update_actions (self);
          _veil_photos_page_notify_busy (self);
          return;
        }
    }
  /* Thousands of photos finish inspection one by one; looking over the
   * list once per main loop iteration is enough. */
  if (self->update_idle == 0)
    self->update_idle = g_idle_add (update_actions_idle, self);
}

/* Two photos called DSC_0001.JPG from two cards: each row then shows its
 * folder. Counts names as photos come and go. */
static void
count_name (VeilPhotosPage *self,
            VeilPhotoItem  *item,
            int             delta)
{
  const char *name = veil_photo_item_get_name (item);
  guint before = GPOINTER_TO_UINT (g_hash_table_lookup (self->names, name));
  guint after = (guint) ((int) before + delta);
  GListModel *model = G_LIST_MODEL (self->store);

  if (after == 0)
    g_hash_table_remove (self->names, name);
  else
    g_hash_table_insert (self->names, g_strdup (name), GUINT_TO_POINTER (after));
  veil_photo_item_set_name_collides (item, after > 1 && delta > 0);
  /* Only a change across one tells the others. */
  if ((before > 1) == (after > 1))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VeilPhotoItem) other = g_list_model_get_item (model, i);
      if (other != item && g_str_equal (veil_photo_item_get_name (other), name))
        veil_photo_item_set_name_collides (other, after > 1);
    }
}

static void
show_list_or_empty (VeilPhotosPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "photos");
}

static void
walk_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilPhotosPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = veil_walk_files_finish (result, &error);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint first_new = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  self->n_walking--;
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        veil_page_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      _veil_photos_page_notify_busy (self);
      return;
    }

  for (guint i = 0; i < found->len; i++)
    {
      VeilFoundFile *file = g_ptr_array_index (found, i);
      VeilPhotoItem *item = veil_photo_item_new (file->file, file->relative);
      const char *path = veil_photo_item_get_path (item);

      if (g_hash_table_contains (self->paths, path))
        {
          g_object_unref (item);
          continue;
        }
      g_hash_table_add (self->paths, g_strdup (path));
      g_ptr_array_add (items, item);
    }

  if (items->len == 0)
    {
      if (found->len == 0)
        veil_page_toast (GTK_WIDGET (self), adw_toast_new (_("No photos found there")));
      _veil_photos_page_notify_busy (self);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    {
      VeilPhotoItem *item = g_ptr_array_index (items, i);

      g_signal_connect_object (item, "notify::state", G_CALLBACK (item_state_changed), self, 0);
      if (veil_photo_item_get_state (item) == VEIL_PHOTO_STATE_CHECKING)
        {
          g_object_set_qdata (G_OBJECT (item), checking_quark, GINT_TO_POINTER (1));
          self->n_checking++;
        }
      veil_photo_item_inspect (item, self->cancellable);
    }
  g_list_store_splice (self->store, first_new, 0, items->pdata, items->len);
  for (guint i = 0; i < items->len; i++)
    count_name (self, g_ptr_array_index (items, i), +1);

  /* Into an empty list: the first photo's details right away, so the
   * window never opens onto an empty pane (Clean acts on all). Added to a
   * list: the new photos are selected, so the person sees what came in
   * and Clean acts on them. Either way the first one is scrolled to. */
  self->select_first_added = TRUE;
  if (first_new == 0 || items->len == 1)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), first_new, TRUE);
  else
    gtk_selection_model_select_range (GTK_SELECTION_MODEL (self->selection), first_new, items->len, TRUE);
  self->select_first_added = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", first_new);

  show_list_or_empty (self);
  _veil_photos_page_update_actions (self);
  _veil_photos_page_notify_busy (self);
}

void
veil_photos_page_add_files (VeilPhotosPage  *self,
                            GFile          **files,
                            guint            n_files)
{
  g_return_if_fail (VEIL_IS_PHOTOS_PAGE (self));

  if (n_files == 0)
    return;
  self->n_walking++;
  _veil_photos_page_notify_busy (self);
  veil_walk_files_async (files, n_files, self->cancellable, walk_done, g_object_ref (self));
}

GListModel *
veil_photos_page_get_model (VeilPhotosPage *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTOS_PAGE (self), NULL);
  return G_LIST_MODEL (self->store);
}

GtkSelectionModel *
veil_photos_page_get_selection (VeilPhotosPage *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTOS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

static void
selection_changed (VeilPhotosPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);

  if (n == 0)
    veil_photo_details_set_item (self->details, NULL);
  else if (n == 1)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (G_LIST_MODEL (self->store),
                                                             gtk_bitset_get_nth (selected, 0));
      veil_photo_details_set_item (self->details, item);
      /* On a narrow window a tap on a photo opens its details. */
      if (!self->select_first_added && adw_leaflet_get_folded (self->leaflet))
        adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
    }
  else
    veil_photo_details_set_multiple (self->details, (guint) MIN (n, G_MAXUINT));
  _veil_photos_page_update_actions (self);
}

/* Ctrl+F: selects every photo whose name or folder path holds the text and
 * scrolls to the first, so Clean then acts on the ones found. The list
 * itself stays whole: positions in it are what the selection and the
 * cleaning refer to. */
static void
search_changed_cb (VeilPhotosPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (text, -1);
  GListModel *model = G_LIST_MODEL (self->store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkBitset) found = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) all = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  if (*needle == '\0' || n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (model, i);
      g_autofree char *haystack = g_utf8_casefold (veil_photo_item_get_relative (item), -1);

      if (strstr (haystack, needle) != NULL)
        gtk_bitset_add (found, i);
    }
  if (gtk_bitset_is_empty (found))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }
  all = gtk_bitset_new_range (0, n);
  /* Finding is not opening: on a narrow window the list stays. */
  self->select_first_added = TRUE;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), found, all);
  self->select_first_added = FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              gtk_bitset_get_minimum (found));
}

static void
stop_search_cb (VeilPhotosPage *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
start_search (VeilPhotosPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    return;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
row_activated_cb (VeilPhotosPage *self,
                  guint           position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
folded_changed_cb (VeilPhotosPage *self)
{
  gtk_revealer_set_reveal_child (self->back_revealer, adw_leaflet_get_folded (self->leaflet));
  _veil_photos_page_update_actions (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, veil_photo_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  veil_photo_row_set_item (VEIL_PHOTO_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  veil_photo_row_set_item (VEIL_PHOTO_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
remove_selected (VeilPhotosPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 n = gtk_bitset_get_size (selected);
  guint first = n > 0 ? gtk_bitset_get_minimum (selected) : 0;

  /* From the end, so earlier positions stay valid. */
  for (guint64 i = n; i > 0; i--)
    {
      guint position = gtk_bitset_get_nth (selected, (guint) (i - 1));
      g_autoptr(VeilPhotoItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

      if (g_object_get_qdata (G_OBJECT (item), checking_quark) != NULL)
        {
          g_object_set_qdata (G_OBJECT (item), checking_quark, NULL);
          self->n_checking--;
        }
      g_signal_handlers_disconnect_by_data (item, self);
      g_hash_table_remove (self->paths, veil_photo_item_get_path (item));
      g_list_store_remove (self->store, position);
      count_name (self, item, -1);
    }

  /* Keep the keyboard where it was: select the photo that took the first
   * removed one's place. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), MIN (first, n - 1), TRUE);
  show_list_or_empty (self);
  _veil_photos_page_update_actions (self);
  _veil_photos_page_notify_busy (self);
}

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VeilPhotosPage *self = VEIL_PHOTOS_PAGE (widget);

  if (g_str_equal (action_name, "photos.open-files"))
    _veil_photos_page_open (self, FALSE);
  else if (g_str_equal (action_name, "photos.open-folder"))
    _veil_photos_page_open (self, TRUE);
  else if (g_str_equal (action_name, "photos.clean"))
    _veil_photos_page_clean (self);
  else if (g_str_equal (action_name, "photos.cancel"))
    _veil_photos_page_cancel_clean (self);
  else if (g_str_equal (action_name, "photos.remove"))
    remove_selected (self);
  else if (g_str_equal (action_name, "photos.show-list"))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  else if (g_str_equal (action_name, "photos.search"))
    start_search (self);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accelerator,
              const char            *action_name)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accelerator),
                                                          gtk_named_action_new (action_name)));
}

static void
veil_photos_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_photos_page_parent_class)->map (widget);
  _veil_photos_page_update_actions (VEIL_PHOTOS_PAGE (widget));
}

static void
veil_photos_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_photos_page_parent_class)->unmap (widget);
  _veil_photos_page_update_actions (VEIL_PHOTOS_PAGE (widget));
}

static void
veil_photos_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VeilPhotosPage *self = VEIL_PHOTOS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, veil_photos_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_photos_page_dispose (GObject *object)
{
  VeilPhotosPage *self = VEIL_PHOTOS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_idle, g_source_remove);
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_PHOTOS_PAGE);
  /* Template children that are not bound to a field are still ours. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (veil_photos_page_parent_class)->dispose (object);
}

static void
veil_photos_page_finalize (GObject *object)
{
  VeilPhotosPage *self = VEIL_PHOTOS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->cleaning, g_ptr_array_unref);
  g_clear_pointer (&self->paths, g_hash_table_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (veil_photos_page_parent_class)->finalize (object);
}

static void
veil_photos_page_class_init (VeilPhotosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "photos.open-files", "photos.open-folder", "photos.clean",
    "photos.cancel", "photos.remove", "photos.show-list", "photos.search",
  };

  object_class->get_property = veil_photos_page_get_property;
  object_class->dispose = veil_photos_page_dispose;
  object_class->finalize = veil_photos_page_finalize;
  widget_class->map = veil_photos_page_map;
  widget_class->unmap = veil_photos_page_unmap;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  checking_quark = g_quark_from_static_string ("veil-photos-page-checking");

  g_type_ensure (VEIL_TYPE_PHOTO_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-photos-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, details);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, clean_button);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, drop_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotosPage, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, action_cb);
}

static void
veil_photos_page_init (VeilPhotosPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = veil_settings_new ();
  self->cancellable = g_cancellable_new ();
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store = g_list_store_new (VEIL_TYPE_PHOTO_ITEM);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  g_signal_connect_swapped (self->selection, "selection-changed", G_CALLBACK (selection_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* Global scope: the keys work wherever the focus is in the window, as
   * long as the page is shown (see _veil_photos_page_update_actions). */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>o", "photos.open-files");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control><Shift>o", "photos.open-folder");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>Return", "photos.clean");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>KP_Enter", "photos.clean");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>f", "photos.search");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "Delete", "photos.remove");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "KP_Delete", "photos.remove");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_swapped (self->settings, "changed::output-mode",
                            G_CALLBACK (_veil_photos_page_update_clean_button), self);
  g_signal_connect_swapped (self->settings, "changed::output-folder",
                            G_CALLBACK (_veil_photos_page_update_clean_button), self);

  veil_page_name_close_buttons (GTK_WIDGET (self->search_bar));
  _veil_photos_page_setup_dnd (self);
  show_list_or_empty (self);
  _veil_photos_page_update_actions (self);
}

GtkWidget *
veil_photos_page_new (void)
{
  return g_object_new (VEIL_TYPE_PHOTOS_PAGE, NULL);
}
