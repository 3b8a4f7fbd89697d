/* veil-accounts-page.c: the Accounts section: import the data exports that
 * platforms give out, see who has your data and who tracked you, write a
 * request about it.
 *
 * This file holds the page's state, its actions, loading what the store
 * holds (off the main thread) and search; getting exports in lives in
 * -import.c, forgetting in -forget.c and the content pages in
 * veil-accounts-view.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "veil-accounts-page-private.h"
#include "veil-accounts-request.h"
#include "veil-export.h"

G_DEFINE_FINAL_TYPE (VeilAccountsPage, veil_accounts_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define TOP_N 10
#define MAX_LOGIN_ROWS 500
#define MAX_POINTS 20000
#define MAX_HITS 200

gboolean
veil_accounts_page_get_busy (VeilAccountsPage *self)
{
  g_return_val_if_fail (VEIL_IS_ACCOUNTS_PAGE (self), FALSE);
  return self->progress != NULL || self->n_loading > 0 || self->forgetting;
}

void
_veil_accounts_page_notify_busy (VeilAccountsPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_veil_accounts_page_show_errors (VeilAccountsPage *self,
                                 GPtrArray        *entries)
{
  GtkWidget *row;

  g_clear_pointer (&self->import_errors, g_ptr_array_unref);
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->error_list))) != NULL)
    gtk_list_box_remove (self->error_list, row);
  if (entries == NULL || entries->len == 0)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }
  self->import_errors = g_ptr_array_ref (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      VeilErrorEntry *entry = g_ptr_array_index (entries, i);
      gtk_list_box_append (self->error_list, veil_error_row_new (entry->title, entry->sentence, entry->detail));
    }
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
dismiss_errors_cb (VeilAccountsPage *self)
{
  _veil_accounts_page_show_errors (self, NULL);
}

void
_veil_accounts_page_update_actions (VeilAccountsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  /* Actions work only while the page is on screen, so the keyboard
   * shortcuts of another section can reuse the same keys. */
  gboolean mapped = gtk_widget_get_mapped (widget);
  gboolean importing = self->progress != NULL;
  gboolean any = self->summary != NULL && self->summary->accounts->len > 0;

  gtk_widget_action_set_enabled (widget, "accounts.add", mapped && !importing);
  gtk_widget_action_set_enabled (widget, "accounts.add-folder", mapped && !importing);
  gtk_widget_action_set_enabled (widget, "accounts.cancel", importing);
  gtk_widget_action_set_enabled (widget, "accounts.search", mapped && any);
  gtk_widget_action_set_enabled (widget, "accounts.show-list", adw_leaflet_get_folded (self->leaflet));
}

/* ---- loading ------------------------------------------------------------- */

typedef struct {
  char             *store_path;
  VeilStoreSummary *summary;
  GPtrArray        *views;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->store_path);
  g_clear_pointer (&job->summary, veil_store_summary_free);
  g_clear_pointer (&job->views, g_ptr_array_unref);
  g_free (job);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing imported yet: an empty summary, without creating the store
   * just because the section was shown. */
  if (!g_file_test (job->store_path, G_FILE_TEST_EXISTS))
    {
      job->summary = g_new0 (VeilStoreSummary, 1);
      job->summary->accounts = g_ptr_array_new ();
      job->summary->top_advertisers = g_ptr_array_new ();
      job->summary->top_trackers = g_ptr_array_new ();
      job->summary->top_inferences = g_ptr_array_new ();
    }
  else if ((store = veil_store_open (job->store_path, &error)) != NULL)
    job->summary = veil_store_summary (store, TOP_N, &error);
  if (job->summary == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->views = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_account_view_free);
  for (guint i = 0; i <= job->summary->accounts->len; i++)
    {
      gint64 id = i == 0 ? 0 : ((VeilStoreAccount *) job->summary->accounts->pdata[i - 1])->id;
      VeilAccountView *view;

      if (g_task_return_error_if_cancelled (task))
        return;
      view = veil_account_view_load (job->store_path, id, MAX_LOGIN_ROWS, MAX_POINTS, &error);
      if (view == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (job->views, view);
    }
  g_task_return_boolean (task, TRUE);
}

static GtkWidget *
account_row_new (const char *title,
                 const char *subtitle,
                 guint       count,
                 gint64      import_id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  /* Initials from the name alone: "X (Twitter)" would otherwise give "X(". */
  g_autofree char *avatar_text = g_strndup (title, strcspn (title, "("));
  GtkWidget *avatar = adw_avatar_new (32, g_strstrip (avatar_text), import_id != 0);
  GtkWidget *label;

  if (import_id == 0)
    adw_avatar_set_icon_name (ADW_AVATAR (avatar), "view-grid-symbolic");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), avatar);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (labels), label);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (labels), label);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), labels);

  if (import_id != 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", count);
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u advertiser has your data",
                                                           "%u advertisers have your data", count), count);

      label = gtk_label_new (text);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (label, tip);
      gtk_widget_add_css_class (label, "badge");
      if (count > 0)
        gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "import-id", g_memdup2 (&import_id, sizeof import_id), g_free);
  return row;
}

static gint64
row_import_id (GtkListBoxRow *row)
{
  gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "import-id") : NULL;

  return id != NULL ? *id : -1;
}

VeilStoreAccount *
_veil_accounts_page_find_account (VeilAccountsPage *self,
                                  gint64            account_id,
                                  guint            *index)
{
  for (guint i = 0; self->summary != NULL && i < self->summary->accounts->len; i++)
    {
      VeilStoreAccount *a = self->summary->accounts->pdata[i];

      if (a->id == account_id)
        {
          if (index != NULL)
            *index = i;
          return a;
        }
    }
  return NULL;
}

static void
set_content (VeilAccountsPage *self,
             GtkWidget        *content,
             const char       *name)
{
  GtkWidget *child;

  /* One page at a time: each is rebuilt from the last load when shown. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack))) != NULL)
    gtk_stack_remove (self->content_stack, child);
  gtk_stack_add_named (self->content_stack, content, name);
  gtk_stack_set_visible_child (self->content_stack, content);
}

static void
show_selected (VeilAccountsPage *self)
{
  VeilStoreAccount *account;
  guint index;

  if (self->summary == NULL || self->views == NULL)
    return;
  account = _veil_accounts_page_find_account (self, self->selected_id, &index);
  if (account == NULL)
    {
      self->selected_id = 0;
      set_content (self, _veil_accounts_build_overview (self, self->summary, self->views->pdata[0]), "overview");
    }
  else
    set_content (self, _veil_accounts_build_account (self, account, self->views->pdata[index + 1]), "account");
}

static void
fill_sidebar (VeilAccountsPage *self)
{
  GtkWidget *child;
  GtkListBoxRow *select = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->account_list))) != NULL)
    gtk_list_box_remove (self->account_list, child);

  gtk_list_box_append (self->account_list,
                       account_row_new (_("Overview"), _("All accounts together"), 0, 0));
  for (guint i = 0; i < self->summary->accounts->len; i++)
    {
      VeilStoreAccount *a = self->summary->accounts->pdata[i];

      gtk_list_box_append (self->account_list,
                           account_row_new (_veil_accounts_platform_title (a->platform),
                                            a->label != NULL ? a->label : "", a->n_advertisers, a->id));
    }
  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->account_list, 0); row != NULL;
       row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (row))))
    if (row_import_id (row) == self->selected_id)
      select = row;
  gtk_list_box_select_row (self->account_list, select != NULL
                           ? select : gtk_list_box_get_row_at_index (self->account_list, 0));
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VeilAccountsPage) self = user_data;
  GTask *task = G_TASK (result);
  LoadJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean current = GPOINTER_TO_UINT (g_object_get_data (object, "serial")) == self->load_serial;

  self->n_loading--;
  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        veil_page_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      _veil_accounts_page_notify_busy (self);
      return;
    }
  if (current)
    {
      g_clear_pointer (&self->summary, veil_store_summary_free);
      g_clear_pointer (&self->views, g_ptr_array_unref);
      self->summary = g_steal_pointer (&job->summary);
      self->views = g_steal_pointer (&job->views);

      gtk_stack_set_visible_child_name (self->stack, self->summary->accounts->len > 0 ? "accounts" : "empty");
      if (self->summary->accounts->len > 0)
        {
          fill_sidebar (self);
          show_selected (self);
        }
      else if (gtk_search_bar_get_search_mode (self->search_bar))
        gtk_search_bar_set_search_mode (self->search_bar, FALSE);
    }
  _veil_accounts_page_update_actions (self);
  _veil_accounts_page_notify_busy (self);
}

void
_veil_accounts_page_reload (VeilAccountsPage *self)
{
  g_autoptr(GTask) task = NULL;
  GObject *tag = G_OBJECT (g_cancellable_new ());
  LoadJob *job = g_new0 (LoadJob, 1);

  job->store_path = g_strdup (self->store_path);
  task = g_task_new (tag, self->cancellable, load_done, g_object_ref (self));
  g_object_unref (tag);  /* the task keeps its source object */
  g_object_set_data (tag, "serial", GUINT_TO_POINTER (++self->load_serial));
  g_task_set_source_tag (task, _veil_accounts_page_reload);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  self->n_loading++;
  _veil_accounts_page_notify_busy (self);
  g_task_run_in_thread (task, load_thread);
}

static void account_selected_cb (VeilAccountsPage *self,
                                 GtkListBoxRow    *row);

void
veil_accounts_page_show_account (VeilAccountsPage *self,
                                 gint64            import_id)
{
  g_return_if_fail (VEIL_IS_ACCOUNTS_PAGE (self));

  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->account_list, 0); row != NULL;
       row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (row))))
    if (row_import_id (row) == import_id)
      {
        /* Selecting the selected row again emits nothing, but the
         * content may show search results instead of the account. */
        if (gtk_list_box_get_selected_row (self->account_list) == row)
          account_selected_cb (self, row);
        else
          gtk_list_box_select_row (self->account_list, row);
        if (adw_leaflet_get_folded (self->leaflet))
          adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
        return;
      }
}

static void
account_selected_cb (VeilAccountsPage *self,
                     GtkListBoxRow    *row)
{
  gint64 id = row_import_id (row);

  if (id < 0)
    return;
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (id == self->selected_id && gtk_stack_get_visible_child_name (self->content_stack) != NULL &&
      !g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "search"))
    return;
  self->selected_id = id;
  show_selected (self);
}

static void
account_activated_cb (VeilAccountsPage *self,
                      GtkListBoxRow    *row)
{
  account_selected_cb (self, row);
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
}

static void
folded_changed_cb (VeilAccountsPage *self)
{
  gtk_revealer_set_reveal_child (self->back_revealer, adw_leaflet_get_folded (self->leaflet));
  _veil_accounts_page_update_actions (self);
}

/* ---- search ------------------------------------------------------------------ */

typedef struct {
  char *store_path;
  char *text;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_free (job->store_path);
  g_free (job->text);
  g_free (job);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = NULL;

  store = veil_store_open (job->store_path, &error);
  if (store != NULL)
    hits = veil_store_search (store, job->text, MAX_HITS, &error);
  if (hits == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VeilAccountsPage) self = user_data;
  SearchJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = g_task_propagate_pointer (G_TASK (result), &error);

  self->n_loading--;
  if (GPOINTER_TO_UINT (g_object_get_data (object, "serial")) == self->search_serial &&
      gtk_search_bar_get_search_mode (self->search_bar))
    {
      if (hits == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        veil_page_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      else if (hits != NULL)
        {
          set_content (self, _veil_accounts_build_search (self, job->text, hits), "search");
          if (adw_leaflet_get_folded (self->leaflet))
            adw_leaflet_set_visible_child (self->leaflet, self->details_pane);
        }
    }
  _veil_accounts_page_notify_busy (self);
}

void
veil_accounts_page_search (VeilAccountsPage *self,
                           const char       *text)
{
  g_autoptr(GTask) task = NULL;
  GObject *tag;
  SearchJob *job;

  g_return_if_fail (VEIL_IS_ACCOUNTS_PAGE (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  /* The entry's own search-changed comes later and finds the same text. */
  g_free (self->last_search);
  self->last_search = g_strdup (text);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  if (text == NULL || text[strspn (text, " \t\n")] == '\0')
    {
      self->search_serial++;
      show_selected (self);
      return;
    }

  job = g_new0 (SearchJob, 1);
  job->store_path = g_strdup (self->store_path);
  job->text = g_strdup (text);
  tag = G_OBJECT (g_cancellable_new ());
  task = g_task_new (tag, self->cancellable, search_done, g_object_ref (self));
  g_object_unref (tag);
  g_object_set_data (tag, "serial", GUINT_TO_POINTER (++self->search_serial));
  g_task_set_source_tag (task, veil_accounts_page_search);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  self->n_loading++;
  _veil_accounts_page_notify_busy (self);
  g_task_run_in_thread (task, search_thread);
}

static void
search_changed_cb (VeilAccountsPage *self)
{
  if (g_strcmp0 (self->last_search, gtk_editable_get_text (GTK_EDITABLE (self->search_entry))) == 0)
    return;
  veil_accounts_page_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_mode_cb (VeilAccountsPage *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      self->search_serial++;
      g_clear_pointer (&self->last_search, g_free);
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "search") == 0)
        show_selected (self);
    }
}

/* ---- requests (forgetting is in -forget.c) ---------------------------------------------------------- */

void
_veil_accounts_page_write_request (VeilAccountsPage *self,
                                   const char       *company)
{
  GtkWidget *dialog = veil_accounts_request_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 self->store_path, company);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- actions and the widget ----------------------------------------------------------- */

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (widget);

  if (g_str_equal (action_name, "accounts.add"))
    _veil_accounts_page_open (self, FALSE);
  else if (g_str_equal (action_name, "accounts.add-folder"))
    _veil_accounts_page_open (self, TRUE);
  else if (g_str_equal (action_name, "accounts.cancel"))
    _veil_accounts_page_cancel_import (self);
  else if (g_str_equal (action_name, "accounts.search"))
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
    }
  else if (g_str_equal (action_name, "accounts.show-list"))
    adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
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
veil_accounts_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_accounts_page_parent_class)->map (widget);
  _veil_accounts_page_update_actions (VEIL_ACCOUNTS_PAGE (widget));
}

static void
veil_accounts_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (veil_accounts_page_parent_class)->unmap (widget);
  _veil_accounts_page_update_actions (VEIL_ACCOUNTS_PAGE (widget));
}

static void
veil_accounts_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, veil_accounts_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_accounts_page_dispose (GObject *object)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_ACCOUNTS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (veil_accounts_page_parent_class)->dispose (object);
}

static void
veil_accounts_page_finalize (GObject *object)
{
  VeilAccountsPage *self = VEIL_ACCOUNTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->progress);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->summary, veil_store_summary_free);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->import_errors, g_ptr_array_unref);
  g_clear_pointer (&self->last_search, g_free);

  G_OBJECT_CLASS (veil_accounts_page_parent_class)->finalize (object);
}

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL)
    return;
  gtk_css_provider_load_from_resource (provider, APP_ID_PATH "/ui/veil-accounts-page.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
veil_accounts_page_class_init (VeilAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *actions[] = {
    "accounts.add", "accounts.add-folder", "accounts.cancel", "accounts.search", "accounts.show-list",
  };

  object_class->get_property = veil_accounts_page_get_property;
  object_class->dispose = veil_accounts_page_dispose;
  object_class->finalize = veil_accounts_page_finalize;
  widget_class->map = veil_accounts_page_map;
  widget_class->unmap = veil_accounts_page_unmap;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-accounts-page.ui");
  load_css ();
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, error_list);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, account_list);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, details_pane);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilAccountsPage, drop_revealer);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_errors_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, account_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, action_cb);
}


static void
veil_accounts_page_init (VeilAccountsPage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* VEIL_DATA_DIR, when set, moves the store (tests, portable use). */
  self->store_path = veil_store_default_path ();

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* GTK's own close buttons carry no accessible name; a labelled one does. */
  veil_page_name_close_buttons (GTK_WIDGET (self->search_bar));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>o", "accounts.add");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control><Shift>o", "accounts.add-folder");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>f", "accounts.search");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  _veil_accounts_page_setup_dnd (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  _veil_accounts_page_update_actions (self);
  _veil_accounts_page_reload (self);
}

GtkWidget *
veil_accounts_page_new (void)
{
  return g_object_new (VEIL_TYPE_ACCOUNTS_PAGE, NULL);
}
