/* veil-accounts-view.c: the Accounts section's content pages, built from
 * one load of the store: the overview across all accounts, one page per
 * account, and search results.
 *
 * Rows say what a finding means for the person; the raw relation or kind
 * stays in small dim text for experts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-accounts-charts.h"
#include "veil-accounts-page-private.h"
#include "veil-export.h"

const char *
_veil_accounts_platform_title (const char *platform_id)
{
  for (int p = VEIL_PLATFORM_UNKNOWN + 1; p < VEIL_N_PLATFORMS; p++)
    if (g_strcmp0 (veil_platform_id (p), platform_id) == 0)
      return veil_platform_title (p);
  return platform_id != NULL ? platform_id : "";
}

char *
_veil_accounts_format_day (gint64 ts)
{
  g_autoptr(GDateTime) dt = ts > 0 ? g_date_time_new_from_unix_utc (ts) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%-d %B %Y") : NULL;
}

static char *
format_range (gint64 first,
              gint64 last)
{
  g_autofree char *from = _veil_accounts_format_day (first);
  g_autofree char *to = _veil_accounts_format_day (last);

  if (from == NULL)
    return NULL;
  if (to == NULL || g_strcmp0 (from, to) == 0)
    return g_strstrip (g_strdup (from));
  /* Translators: a date range, "3 March 2020 to 5 May 2022". */
  return g_strstrip (g_strdup_printf (_("%s to %s"), g_strstrip (from), g_strstrip (to)));
}

/* What a relation means for the person. */
static const char *
relation_sentence (const char *relation)
{
  static const struct { const char *id; const char *text; } table[] = {
    { VEIL_REL_UPLOADED_LIST, N_("Uploaded a list with your contact info") },
    { VEIL_REL_USES_ACTIVITY, N_("Used your activity to show you ads") },
    { VEIL_REL_STORE_VISIT, N_("Matched you to a visit to one of its shops") },
    { VEIL_REL_AUDIENCE, N_("Put you in one of its audiences") },
    { VEIL_REL_DATA_PARTNER, N_("Sent the platform data about you") },
    { VEIL_REL_TARGETED, N_("Showed you ads aimed at you") },
    { VEIL_REL_INTERACTED, N_("You engaged with its ads") },
    { VEIL_REL_TRACKED, N_("Reported what you did outside the platform") },
    { VEIL_REL_CONNECTED_APP, N_("An app you logged into with the account") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_strcmp0 (relation, table[i].id) == 0)
      return _(table[i].text);
  return relation;
}

static void
request_clicked (GtkButton        *button,
                 VeilAccountsPage *self)
{
  _veil_accounts_page_write_request (self, g_object_get_data (G_OBJECT (button), "company"));
}

static GtkWidget *
request_button (VeilAccountsPage *self,
                const char       *company)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Write Request…"));
  g_autofree char *label = NULL;

  /* A list of blue buttons would drown the page: the buttons in the rows
   * are flat, the window they open carries the suggested action. */
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: accessible name of a button; %s is a company. */
  label = g_strdup_printf (_("Write a request to %s"), company);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "company", g_strdup (company), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (request_clicked), self);
  return button;
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Exports hold arbitrary text: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  return row;
}

static GtkWidget *
company_row (VeilAccountsPage *self,
             VeilViewCompany  *c,
             gboolean          tracker)
{
  GString *sub = g_string_new (NULL);
  g_autofree char *range = format_range (c->first_ts, c->last_ts);
  GtkWidget *row;

  if (tracker)
    g_string_append_printf (sub, g_dngettext (GETTEXT_PACKAGE, "%u event reported", "%u events reported",
                                              c->count), c->count);
  else
    for (guint i = 0; c->relations[i] != NULL; i++)
      {
        if (c->relations[i][0] == '\0')
          continue;
        if (sub->len > 0)
          g_string_append (sub, " · ");
        g_string_append (sub, relation_sentence (c->relations[i]));
      }
  if (range != NULL)
    g_string_append_printf (sub, "\n%s", range);
  row = text_row (c->name, sub->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), request_button (self, c->name));
  g_string_free (sub, TRUE);
  return row;
}

typedef GtkWidget *(*RowFunc) (VeilAccountsPage *self, gpointer item, gpointer data);

typedef struct {
  VeilAccountsPage     *self;
  AdwPreferencesGroup  *group;
  GPtrArray            *items;
  RowFunc               make_row;
  gpointer              data;
} MoreRows;

static void
more_rows_free (MoreRows *more)
{
  g_ptr_array_unref (more->items);
  g_free (more);
}

static void
show_all_clicked (GtkButton *button,
                  MoreRows  *more)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  for (guint i = VEIL_ACCOUNTS_FIRST_ROWS; i < more->items->len; i++)
    adw_preferences_group_add (more->group, more->make_row (more->self, more->items->pdata[i], more->data));
  if (row != NULL)
    adw_preferences_group_remove (more->group, row);
}

/* The first rows at once; a "Show All" row adds the rest on request, so a
 * page of 5,000 advertisers opens as fast as one of 30. */
static void
add_rows (VeilAccountsPage    *self,
          AdwPreferencesGroup *group,
          GPtrArray           *items,
          RowFunc              make_row,
          gpointer             data)
{
  for (guint i = 0; i < MIN (items->len, VEIL_ACCOUNTS_FIRST_ROWS); i++)
    adw_preferences_group_add (group, make_row (self, items->pdata[i], data));
  if (items->len > VEIL_ACCOUNTS_FIRST_ROWS)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more", "%u more",
                                                             items->len - VEIL_ACCOUNTS_FIRST_ROWS),
                                                items->len - VEIL_ACCOUNTS_FIRST_ROWS);
      GtkWidget *row = text_row (title, NULL);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Show _All"));
      MoreRows *more = g_new0 (MoreRows, 1);

      more->self = self;
      more->group = group;
      more->items = g_ptr_array_ref (items);
      more->make_row = make_row;
      more->data = data;
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_data (button, "clicked", G_CALLBACK (show_all_clicked), more,
                             (GClosureNotify) (void (*)(void)) more_rows_free, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (group, row);
    }
}

static GtkWidget *
advertiser_row (VeilAccountsPage *self, gpointer item, gpointer data)
{
  return company_row (self, item, FALSE);
}

static GtkWidget *
tracker_row (VeilAccountsPage *self, gpointer item, gpointer data)
{
  return company_row (self, item, TRUE);
}

static GtkWidget *
login_row (VeilAccountsPage *self, gpointer item, gpointer data)
{
  VeilViewLogin *l = item;
  g_autoptr(GDateTime) dt = l->ts > 0 ? g_date_time_new_from_unix_local (l->ts) : NULL;
  g_autofree char *when = dt != NULL ? g_date_time_format (dt, "%-d %B %Y, %H:%M") : NULL;
  GString *sub = g_string_new (NULL);
  const char *title = l->device != NULL ? l->device : l->ip != NULL ? l->ip : _("Unknown device");
  GtkWidget *row;

  if (when != NULL)
    g_string_append (sub, g_strstrip (when));
  if (l->action != NULL)
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", l->action);
  if (l->ip != NULL && title != l->ip)
    /* Translators: an IP address; it tells roughly where you were. */
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", l->ip);
  if (l->place != NULL)
    g_string_append_printf (sub, "%s%s", sub->len > 0 ? " · " : "", l->place);
  row = text_row (title, sub->str);
  g_string_free (sub, TRUE);
  return row;
}

/* data: 1 for advertisers, 2 for trackers, NULL for places. */
static GtkWidget *
ranked_row (VeilAccountsPage *self, gpointer item, gpointer data)
{
  VeilStoreRanked *r = item;
  int kind = GPOINTER_TO_INT (data);
  g_autofree char *sub = NULL;
  GtkWidget *row;

  /* A bare number would leave the person guessing what it counts. */
  if (kind == 1)
    sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Had or used your data in %u way",
                                        "Had or used your data in %u ways (across accounts)", r->count), r->count);
  else if (kind == 2)
    sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event reported", "%u events reported", r->count),
                           r->count);
  else
    sub = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recorded %u time", "Recorded %u times", r->count),
                           r->count);
  row = text_row (r->name, sub);
  if (kind != 0)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), request_button (self, r->name));
  return row;
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* The inferences as chips, one line of chips per kind. */
static GtkWidget *
inference_group (GPtrArray  *inferences,
                 const char *description)
{
  GtkWidget *group = new_group (_("What the platform thinks about you"), description);
  GtkWidget *flow = NULL;
  const char *kind = NULL;

  for (guint i = 0; i < inferences->len; i++)
    {
      VeilViewInference *inf = inferences->pdata[i];
      GtkWidget *chip;

      if (flow == NULL || g_strcmp0 (kind, inf->kind) != 0)
        {
          GtkWidget *label = gtk_label_new (inf->kind != NULL ? inf->kind : _("Other"));

          kind = inf->kind;
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_widget_add_css_class (label, "caption-heading");
          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_margin_top (label, flow == NULL ? 0 : 12);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
          flow = gtk_flow_box_new ();
          gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
          gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 30);
          gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
          gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
          gtk_widget_set_margin_top (flow, 6);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), flow);
        }
      chip = gtk_label_new (inf->value);
      gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (chip), 40);
      gtk_widget_set_tooltip_text (chip, inf->detail != NULL ? inf->detail : inf->value);
      gtk_widget_add_css_class (chip, "chip");
      gtk_flow_box_append (GTK_FLOW_BOX (flow), chip);
      gtk_widget_set_halign (gtk_widget_get_parent (chip), GTK_ALIGN_START);
    }
  return group;
}

static GtkWidget *
stat_card (const char *number,
           const char *caption,
           const char *name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (number);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, strlen (number) > 8 ? "title-3" : "title-1");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (caption);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "stat-card");
  gtk_widget_set_hexpand (box, TRUE);
  return box;
}

static GtkWidget *
stats_row (guint       n_advertisers,
           guint       n_trackers,
           const char *range)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *a = g_strdup_printf ("%u", n_advertisers);
  g_autofree char *t = g_strdup_printf ("%u", n_trackers);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), stat_card (a, g_dngettext (GETTEXT_PACKAGE, "advertiser has or used your data",
                                                           "advertisers have or used your data", n_advertisers),
                                           "advertisers-count"));
  gtk_box_append (GTK_BOX (box), stat_card (t, g_dngettext (GETTEXT_PACKAGE,
                                                           "app or site told the platform what you did elsewhere",
                                                           "apps and sites told the platform what you did elsewhere",
                                                           n_trackers),
                                           "trackers-count"));
  if (range != NULL)
    gtk_box_append (GTK_BOX (box), stat_card (range, _("covered by the exports"), "date-range"));
  return box;
}

static GtkWidget *
new_page (void)
{
  GtkWidget *page = adw_preferences_page_new ();

  return page;
}

static void
add_group (GtkWidget *page,
           GtkWidget *group)
{
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

static void
add_timeline (GtkWidget *group,
              GArray    *months)
{
  GtkWidget *chart;

  if (months->len == 0)
    return;
  chart = veil_accounts_timeline_new (months);
  gtk_widget_set_margin_bottom (chart, 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), chart);
}

static void
account_row_activated (AdwActionRow     *row,
                       VeilAccountsPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "import-id");

  if (id != NULL)
    veil_accounts_page_show_account (self, *id);
}

GtkWidget *
_veil_accounts_build_overview (VeilAccountsPage *self,
                               VeilStoreSummary *summary,
                               VeilAccountView  *all)
{
  GtkWidget *page = new_page ();
  GtkWidget *group;
  g_autofree char *range = format_range (summary->first_ts, summary->last_ts);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Overview"));
  group = new_group (_("Across all your accounts"), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             stats_row (summary->n_advertisers, summary->n_trackers, range));
  add_group (page, group);

  if (summary->top_advertisers->len > 0)
    {
      group = new_group (_("Who has your data most"),
                         _("Companies found in the most accounts and in the most ways."));
      add_rows (self, ADW_PREFERENCES_GROUP (group), summary->top_advertisers, ranked_row, GINT_TO_POINTER (1));
      add_group (page, group);
    }
  if (summary->top_trackers->len > 0 || all->months->len > 0)
    {
      group = new_group (_("Who tracked you most"),
                         _("Apps and sites that reported what you did outside the platform, by events per month."));
      add_timeline (group, all->months);
      add_rows (self, ADW_PREFERENCES_GROUP (group), summary->top_trackers, ranked_row, GINT_TO_POINTER (2));
      add_group (page, group);
    }

  group = new_group (_("Accounts"), NULL);
  for (guint i = 0; i < summary->accounts->len; i++)
    {
      VeilStoreAccount *a = summary->accounts->pdata[i];
      /* Translators: per account: advertisers, then off-platform trackers. */
      g_autofree char *sub = g_strdup_printf (_("%u advertisers · %u off-platform trackers · %u locations · %u logins"),
                                              a->n_advertisers, a->n_trackers, a->n_locations, a->n_logins);
      g_autofree char *title = g_strdup_printf ("%s — %s", _veil_accounts_platform_title (a->platform),
                                                a->label != NULL ? a->label : "");
      GtkWidget *row = text_row (title, sub);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "import-id", g_memdup2 (&a->id, sizeof a->id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (account_row_activated), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  add_group (page, group);

  if (all->inferences->len > 0)
    add_group (page, inference_group (all->inferences, _("Interests and categories the platforms inferred, "
                                                         "to sell ads aimed at you.")));
  return page;
}

static void
forget_clicked (GtkButton        *button,
                VeilAccountsPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "import-id");

  _veil_accounts_page_forget (self, *id);
}

static void
forget_export_clicked (GtkButton        *button,
                       VeilAccountsPage *self)
{
  gint64 *ids = g_object_get_data (G_OBJECT (button), "account-and-import");

  _veil_accounts_page_forget_export (self, ids[0], ids[1]);
}

/* When the platform made the export, when it was imported and the dates
 * its rows cover, as one line. */
static char *
export_dates (VeilStoreExport *x)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *made = _veil_accounts_format_day (x->generated_at);
  g_autofree char *imported = _veil_accounts_format_day (x->imported_at);
  g_autofree char *covers = format_range (x->first_ts, x->last_ts);

  /* Translators: %s is a day, when the platform made the export. */
  if (made != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("made %s"), g_strstrip (made)));
  /* Translators: %s is a day, when Veil read the export. */
  if (imported != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("imported %s"), g_strstrip (imported)));
  /* Translators: %s is a date range, "3 March 2020 to 5 May 2022". */
  g_ptr_array_add (parts, covers != NULL ? g_strdup_printf (_("covers %s"), covers) : g_strdup (_("no dates in it")));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Which exports the account came from, each with its dates, a way to
 * forget it alone, and every file of it that Veil did not read, with its
 * size and why: coverage is visible. */
static GtkWidget *
exports_group (VeilAccountsPage *self,
               VeilStoreAccount *account)
{
  GtkWidget *group = new_group (_("Exports"), _("The downloads this account was read from, and the files in "
                                                "them Veil did not read. Forgetting one export keeps what "
                                                "another export of this account also holds."));

  for (guint e = 0; e < account->exports->len; e++)
    {
      VeilStoreExport *x = g_ptr_array_index (account->exports, e);
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *button;
      g_autofree char *dates = export_dates (x);
      g_autofree char *subtitle = NULL;
      g_autofree char *unread = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file not read",
                                                              "%u files not read", x->unread->len), x->unread->len);
      gint64 ids[2] = { account->id, x->id };

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), x->label != NULL ? x->label : "");
      /* Translators: the export's dates, then how many of its files were not read. */
      subtitle = g_strdup_printf (_("%s · %s"), dates, unread);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      gtk_widget_set_name (row, "export-row");
      if (x->n_skipped > 0)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
        }
      button = gtk_button_new_with_mnemonic (_("Forget This _Export…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Delete what Veil read from this export alone"));
      g_object_set_data_full (G_OBJECT (button), "account-and-import", g_memdup2 (ids, sizeof ids), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (forget_export_clicked), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), button);
      for (guint u = 0; u < x->unread->len; u++)
        {
          VeilStoreUnread *f = g_ptr_array_index (x->unread, u);
          g_autofree char *size = f->size >= 0 ? g_format_size ((guint64) f->size) : g_strdup ("?");
          g_autofree char *detail = g_strdup_printf ("%s — %s", size, f->reason);
          GtkWidget *file_row = text_row (f->file, detail);

          if (f->failed)
            {
              GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

              gtk_widget_add_css_class (icon, "warning");
              adw_action_row_add_prefix (ADW_ACTION_ROW (file_row), icon);
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), file_row);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

GtkWidget *
_veil_accounts_build_account (VeilAccountsPage *self,
                              VeilStoreAccount *account,
                              VeilAccountView  *view)
{
  GtkWidget *page = new_page ();
  GtkWidget *group;
  GtkWidget *button;
  g_autofree char *range = format_range (account->first_ts, account->last_ts);
  g_autofree char *title = g_strdup_printf ("%s — %s", _veil_accounts_platform_title (account->platform),
                                            account->label != NULL ? account->label : "");
  g_autofree char *desc = NULL;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), title);
  /* Translators: %s is a date range. */
  desc = range != NULL ? g_strdup_printf (_("What this account’s exports show, from %s."), range)
                       : g_strdup (_("What this account’s exports show."));
  group = new_group (title, desc);
  button = gtk_button_new_with_mnemonic (_("_Forget This Account…"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Delete everything Veil read from this account’s exports"));
  g_object_set_data_full (G_OBJECT (button), "import-id", g_memdup2 (&account->id, sizeof account->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (forget_clicked), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             stats_row (account->n_advertisers, account->n_trackers, NULL));
  add_group (page, group);

  add_group (page, exports_group (self, account));

  if (view->advertisers->len > 0)
    {
      group = new_group (_("Advertisers"),
                         _("Companies that have your data or used it to aim ads at you. "
                           "Ask them what they hold, or to delete it."));
      add_rows (self, ADW_PREFERENCES_GROUP (group), view->advertisers, advertiser_row, NULL);
      add_group (page, group);
    }
  if (view->trackers->len > 0)
    {
      group = new_group (_("Off-platform activity"),
                         _("Apps and sites that told the platform what you did on them, events per month."));
      add_timeline (group, view->months);
      add_rows (self, ADW_PREFERENCES_GROUP (group), view->trackers, tracker_row, NULL);
      add_group (page, group);
    }
  if (view->inferences->len > 0)
    add_group (page, inference_group (view->inferences,
                                      _("Interests and categories the platform inferred, to sell ads aimed at you.")));
  if (view->n_points > 0)
    {
      g_autofree char *desc = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u place the export recorded. Together they show where you live, work and travel.",
                                                            "%u places the export recorded. Together they show where you live, work and travel.",
                                                            view->n_points), view->n_points);
      GtkWidget *map = veil_accounts_map_new (view->points);

      group = new_group (_("Locations"), desc);
      gtk_widget_add_css_class (map, "card");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), map);
      if (view->places->len > 0)
        {
          GtkWidget *places = new_group (NULL, NULL);

          gtk_widget_set_margin_top (places, 12);
          add_rows (self, ADW_PREFERENCES_GROUP (places), view->places, ranked_row, NULL);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), places);
        }
      add_group (page, group);
    }
  if (view->logins->len > 0)
    {
      g_autofree char *desc = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u login. IP addresses tell roughly where you were.",
                                                            "%u logins. IP addresses tell roughly where you were.",
                                                            view->n_logins), view->n_logins);

      group = new_group (_("Logins and devices"), desc);
      add_rows (self, ADW_PREFERENCES_GROUP (group), view->logins, login_row, NULL);
      add_group (page, group);
    }
  return page;
}

static void
hit_activated (AdwActionRow     *row,
               VeilAccountsPage *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "import-id");

  if (id != NULL)
    veil_accounts_page_show_account (self, *id);
}

static const char *
kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "company") == 0)
    return _("Company");
  if (g_strcmp0 (kind, "inference") == 0)
    return _("Inferred interest");
  if (g_strcmp0 (kind, "location") == 0)
    return _("Place");
  if (g_strcmp0 (kind, "login") == 0)
    return _("Login or device");
  if (g_strcmp0 (kind, "contact") == 0)
    return _("Contact");
  return kind;
}

GtkWidget *
_veil_accounts_build_search (VeilAccountsPage *self,
                             const char       *text,
                             GPtrArray        *hits)
{
  GtkWidget *page = new_page ();
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", hits->len),
                                            hits->len);
  GtkWidget *group = new_group (title, NULL);

  if (hits->len == 0)
    {
      GtkWidget *status = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "system-search-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Nothing Found"));
      adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                       _("No company, interest, place or device in your exports matches."));
      return status;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      VeilStoreHit *hit = hits->pdata[i];
      g_autofree char *sub = g_strdup_printf ("%s · %s", kind_title (hit->kind),
                                              _veil_accounts_platform_title (hit->platform));
      GtkWidget *row = text_row (hit->text, sub);

      if (g_strcmp0 (hit->kind, "company") == 0)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), request_button (self, hit->text));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "import-id", g_memdup2 (&hit->account_id, sizeof hit->account_id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (hit_activated), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}
