/* veil-apps-page.c: the Apps section: open an app file, see which trackers
 * and permissions it carries, and whether its store label tells the truth.
 *
 * This file holds the list, the scans and the page's actions; getting
 * files in lives in -dnd.c, store labels in -label.c and the tracker list
 * update in -update.c.
 *
 * Scans run one at a time in a GTask thread: a package can unpack to
 * hundreds of megabytes, and several at once would only compete for the
 * same disk and memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-apps-page"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-apps-page-private.h"
#include "veil-apps-row.h"

G_DEFINE_FINAL_TYPE (VeilAppsPage, veil_apps_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void scan_next (VeilAppsPage *self);

gboolean
veil_apps_page_get_busy (VeilAppsPage *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_PAGE (self), FALSE);
  return self->scanning != NULL || self->waiting.length > 0 || self->labelling ||
         self->update_cancellable != NULL;
}

void
_veil_apps_page_notify_busy (VeilAppsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

VeilAppsItem *
_veil_apps_page_get_selected (VeilAppsPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
_veil_apps_page_update_actions (VeilAppsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  /* Actions work only while the page is on screen, so the keyboard
   * shortcuts of another section can reuse the same keys. */
  gboolean mapped = gtk_widget_get_mapped (widget);
  VeilAppsItem *selected = _veil_apps_page_get_selected (self);
  gboolean scanned = selected != NULL && veil_apps_item_get_state (selected) == VEIL_APPS_STATE_DONE;
  gboolean scanning = self->scanning != NULL;
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0;

  gtk_widget_action_set_enabled (widget, "apps.open", mapped);
  gtk_widget_action_set_enabled (widget, "apps.remove", mapped && selected != NULL);
  gtk_widget_action_set_enabled (widget, "apps.cancel", scanning);
  gtk_widget_action_set_enabled (widget, "apps.show-list", adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (widget, "apps.import-label", mapped && scanned && !self->labelling);
  gtk_widget_action_set_enabled (widget, "apps.fill-label", mapped && scanned && !self->labelling);
  gtk_widget_action_set_enabled (widget, "apps.rescan", mapped && any && !scanning);
  gtk_widget_action_set_enabled (widget, "apps.update-trackers", mapped && self->update_cancellable == NULL);
}

void
_veil_apps_page_update_db_label (VeilAppsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilTrackerDb) db = veil_tracker_db_open_default (&error);
  g_autofree char *text = NULL;

  /* Says which list is in use, so "Update" is an informed choice. */
  if (db == NULL)
    text = g_strdup_printf (_("The tracker list cannot be read: %s"), error->message);
  else
    {
      guint n = veil_tracker_db_get_trackers (db)->len;
      const char *updated = veil_tracker_db_get_meta (db, "updated");

      if (g_strcmp0 (veil_tracker_db_get_meta (db, "source"), "bundled") != 0 && updated != NULL)
        /* Translators: %u trackers; %s is when the list was downloaded. */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Using the tracker list updated on %2$s (%1$u tracker).",
                                             "Using the tracker list updated on %2$s (%1$u trackers).", n), n, updated);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Using the tracker list that came with Veil (%u tracker).",
                                             "Using the tracker list that came with Veil (%u trackers).", n), n);
    }
  gtk_label_set_label (self->db_label, text);
}

/* Scanning ---------------------------------------------------------------- */

typedef struct {
  char       *path;
  VeilAppsDb *db;     /* NULL: the thread opens the list in use */
} ScanJob;

static void
scan_job_free (ScanJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->db, veil_apps_db_unref);
  g_free (job);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanJob *job = task_data;
  g_autoptr(GError) error = NULL;
  VeilAppReport *report;

  /* Opened here (about 0.1 s), once, then kept by the page until the list
   * is updated. Scans run one at a time, so one database is never used by
   * two threads at once. */
  if (job->db == NULL)
    {
      VeilTrackerDb *db = veil_tracker_db_open_default (&error);
      if (db == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      job->db = veil_apps_db_new (db);
    }
  report = veil_app_scan_file (veil_apps_db_get (job->db), job->path, NULL, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) veil_app_report_free);
}

static gboolean
pulse_cb (gpointer data)
{
  VeilAppsPage *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
show_progress (VeilAppsPage *self)
{
  g_autofree char *text = NULL;

  if (self->scanning == NULL)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      return;
    }
  if (self->batch_total > 1)
    {
      /* Translators: progress; %s is a file name, then "2 of 5". */
      text = g_strdup_printf (_("Scanning %s (%u of %u)"), veil_apps_item_get_name (self->scanning),
                              self->batch_done + 1, self->batch_total);
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress_bar, (double) self->batch_done / self->batch_total);
    }
  else
    {
      /* The engine cannot tell how far into one package it is. */
      text = g_strdup_printf (_("Scanning %s"), veil_apps_item_get_name (self->scanning));
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (120, pulse_cb, self);
    }
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilAppsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  VeilAppReport *report = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(VeilAppsItem) item = g_steal_pointer (&self->scanning);
  ScanJob *job = g_task_get_task_data (G_TASK (result));

  g_clear_object (&self->progress);
  if (self->db == NULL && job->db != NULL)
    self->db = veil_apps_db_ref (job->db);
  if (report == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Not scanned: you cancelled."));
    }
  veil_apps_item_set_result (item, report, job->db, error);
  self->batch_done++;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;  /* the page is going away */
  scan_next (self);
}

static void
scan_next (VeilAppsPage *self)
{
  g_autoptr(GTask) task = NULL;
  ScanJob *job;

  if (self->scanning == NULL && self->waiting.length > 0)
    {
      self->scanning = g_queue_pop_head (&self->waiting);
      self->progress = veil_progress_new ();
      veil_apps_item_set_scanning (self->scanning);

      task = g_task_new (self, veil_progress_get_cancellable (self->progress), scan_done, g_object_ref (self));
      g_task_set_source_tag (task, scan_next);
      job = g_new0 (ScanJob, 1);
      job->path = g_strdup (veil_apps_item_get_path (self->scanning));
      job->db = self->db != NULL ? veil_apps_db_ref (self->db) : NULL;
      g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
      g_task_set_return_on_cancel (task, FALSE);
      g_task_run_in_thread (task, scan_thread);
    }
  if (self->scanning == NULL)
    self->batch_total = self->batch_done = 0;
  show_progress (self);
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

static void
enqueue (VeilAppsPage *self,
         VeilAppsItem *item)
{
  g_queue_push_tail (&self->waiting, g_object_ref (item));
  self->batch_total++;
}

static void
cancel_scans (VeilAppsPage *self)
{
  VeilAppsItem *item;

  while ((item = g_queue_pop_head (&self->waiting)) != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     _("Not scanned: you cancelled."));
      veil_apps_item_set_result (item, NULL, NULL, error);
      g_object_unref (item);
    }
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  _veil_apps_page_notify_busy (self);
}

void
_veil_apps_page_rescan_all (VeilAppsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VeilAppsItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);
      if (item != self->scanning && !g_queue_find (&self->waiting, item))
        enqueue (self, item);
    }
  scan_next (self);
}

/* The list ---------------------------------------------------------------- */

static void
show_list_or_empty (VeilAppsPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0;

  if (empty)
    _veil_apps_page_update_db_label (self);
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "apps");
}

void
veil_apps_page_add_files (VeilAppsPage  *self,
                          GFile        **files,
                          guint          n_files)
{
  guint first_new = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint added = 0;

  g_return_if_fail (VEIL_IS_APPS_PAGE (self));

  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(VeilAppsItem) item = veil_apps_item_new (files[i]);
      const char *path = veil_apps_item_get_path (item);

      if (g_hash_table_contains (self->paths, path))
        continue;
      g_hash_table_add (self->paths, g_strdup (path));
      g_list_store_append (self->store, item);
      enqueue (self, item);
      added++;
    }
  if (added == 0)
    return;
  /* Show the first app at once, so the details never open empty; an app
   * already shown stays (as in Photos). */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), first_new, TRUE);
  show_list_or_empty (self);
  scan_next (self);
}

GListModel *
veil_apps_page_get_model (VeilAppsPage *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_PAGE (self), NULL);
  return G_LIST_MODEL (self->store);
}

GtkSelectionModel *
veil_apps_page_get_selection (VeilAppsPage *self)
{
  g_return_val_if_fail (VEIL_IS_APPS_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

void
veil_apps_page_set_tracker_url (VeilAppsPage *self,
                                const char   *url)
{
  g_return_if_fail (VEIL_IS_APPS_PAGE (self));
  g_free (self->tracker_url);
  self->tracker_url = g_strdup (url);
}

static void
item_changed (VeilAppsPage *self)
{
  _veil_apps_page_update_actions (self);
}

static void
selection_changed (VeilAppsPage *self)
{
  VeilAppsItem *item = _veil_apps_page_get_selected (self);

  veil_apps_details_set_item (self->details, item);
  _veil_apps_page_update_actions (self);
}

static void
row_activated_cb (VeilAppsPage *self,
                  guint         position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
folded_changed_cb (VeilAppsPage *self)
{
  gtk_revealer_set_reveal_child (self->back_revealer, adw_leaflet_get_folded (self->leaflet));
  _veil_apps_page_update_actions (self);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, veil_apps_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  veil_apps_row_set_item (VEIL_APPS_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  veil_apps_row_set_item (VEIL_APPS_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
remove_selected (VeilAppsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(VeilAppsItem) item = NULL;
  GList *link;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if ((link = g_queue_find (&self->waiting, item)) != NULL)
    {
      g_object_unref (link->data);
      g_queue_delete_link (&self->waiting, link);
      self->batch_total--;
    }
  if (item == self->scanning && self->progress != NULL)
    veil_progress_cancel (self->progress);
  g_hash_table_remove (self->paths, veil_apps_item_get_path (item));
  g_list_store_remove (self->store, position);
  show_list_or_empty (self);
  show_progress (self);
  _veil_apps_page_update_actions (self);
  _veil_apps_page_notify_busy (self);
}

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VeilAppsPage *self = VEIL_APPS_PAGE (widget);

  if (g_str_equal (action_name, "apps.open"))
    _veil_apps_page_open (self);
  else if (g_str_equal (action_name, "apps.remove"))
    remove_selected (self);
  else if (g_str_equal (action_name, "apps.cancel"))
    cancel_scans (self);
  else if (g_str_equal (action_name, "apps.show-list"))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  else if (g_str_equal (action_name, "apps.import-label"))
    _veil_apps_page_import_label (self);
  else if (g_str_equal (action_name, "apps.fill-label"))
    _veil_apps_page_fill_label (self);
  else if (g_str_equal (action_name, "apps.rescan"))
    _veil_apps_page_rescan_all (self);
  else if (g_str_equal (action_name, "apps.update-trackers"))
    _veil_apps_page_update_trackers (self);
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
veil_apps_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_apps_page_parent_class)->map (widget);
  _veil_apps_page_update_actions (VEIL_APPS_PAGE (widget));
}

static void
veil_apps_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_apps_page_parent_class)->unmap (widget);
  _veil_apps_page_update_actions (VEIL_APPS_PAGE (widget));
}

static void
veil_apps_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VeilAppsPage *self = VEIL_APPS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, veil_apps_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_apps_page_dispose (GObject *object)
{
  VeilAppsPage *self = VEIL_APPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->update_cancellable != NULL)
    g_cancellable_cancel (self->update_cancellable);
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  if (self->label_window != NULL)
    gtk_window_destroy (self->label_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_APPS_PAGE);
  /* Template children that are not bound to a field are still ours. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (veil_apps_page_parent_class)->dispose (object);
}

static void
veil_apps_page_finalize (GObject *object)
{
  VeilAppsPage *self = VEIL_APPS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->update_cancellable);
  g_clear_object (&self->progress);
  g_clear_object (&self->scanning);
  g_clear_pointer (&self->db, veil_apps_db_unref);
  g_clear_pointer (&self->paths, g_hash_table_unref);
  g_clear_pointer (&self->tracker_url, g_free);

  G_OBJECT_CLASS (veil_apps_page_parent_class)->finalize (object);
}

static void
veil_apps_page_class_init (VeilAppsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "apps.open", "apps.remove", "apps.cancel", "apps.show-list",
    "apps.import-label", "apps.fill-label", "apps.rescan", "apps.update-trackers",
  };

  object_class->get_property = veil_apps_page_get_property;
  object_class->dispose = veil_apps_page_dispose;
  object_class->finalize = veil_apps_page_finalize;
  widget_class->map = veil_apps_page_map;
  widget_class->unmap = veil_apps_page_unmap;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VEIL_TYPE_APPS_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-apps-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, db_label);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, details);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilAppsPage, drop_revealer);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, action_cb);
}

static void
veil_apps_page_init (VeilAppsPage *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->waiting);
  self->store = g_list_store_new (VEIL_TYPE_APPS_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed), self);
  g_signal_connect_swapped (self->store, "items-changed", G_CALLBACK (item_changed), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>o", "apps.open");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "Delete", "apps.remove");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "KP_Delete", "apps.remove");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  _veil_apps_page_setup_dnd (self);
  show_list_or_empty (self);
  _veil_apps_page_update_actions (self);
}

GtkWidget *
veil_apps_page_new (void)
{
  return g_object_new (VEIL_TYPE_APPS_PAGE, NULL);
}
