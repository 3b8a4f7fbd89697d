/* veil-accounts-request.c: the Write Request window.
 *
 * The letter is written in a worker thread (the engine reads the store and
 * the Datenanfragen company list there) each time a choice changes; only
 * the newest letter is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-accounts-request.h"
#include "veil-store.h"

struct _VeilAccountsRequest
{
  AdwWindow        parent_instance;

  char            *store_path;
  char            *company;
  char            *mailto;
  char            *letter;
  GCancellable    *cancellable;
  GtkNativeDialog *chooser;
  guint            serial;
  guint            pending;
  guint            typing_timeout;

  AdwWindowTitle  *title;
  AdwComboRow     *kind_row;
  AdwComboRow     *lang_row;
  AdwEntryRow     *name_row;
  AdwEntryRow     *email_row;
  GtkLabel        *recipient_label;
  GtkTextView     *text_view;
  GtkButton       *mail_button;
  GtkButton       *save_button;
};

G_DEFINE_FINAL_TYPE (VeilAccountsRequest, veil_accounts_request, ADW_TYPE_WINDOW)

static const char *const langs[] = { "en", "de", "fr" };

typedef struct {
  char            *store_path;
  char            *company;
  VeilRequestKind  kind;
  char            *lang;
  char            *name;
  char            *email;
  /* results */
  char            *text;
  char            *mailto;
  char            *recipient;
  char            *company_title;
} LetterJob;

static void
letter_job_free (LetterJob *job)
{
  g_free (job->store_path);
  g_free (job->company);
  g_free (job->lang);
  g_free (job->name);
  g_free (job->email);
  g_free (job->text);
  g_free (job->mailto);
  g_free (job->recipient);
  g_free (job->company_title);
  g_free (job);
}

static void
letter_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LetterJob *job = task_data;
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(VeilRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  VeilRequestIdentity who = { job->name, job->email, NULL };

  store = veil_store_open (job->store_path, &error);
  if (store != NULL)
    request = veil_request_new (store, job->company, job->kind, job->lang, &who, &error);
  if (request == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->text = g_strdup (veil_request_get_text (request));
  job->mailto = veil_request_to_mailto (request);
  job->recipient = g_strdup (veil_request_get_recipient (request));
  job->company_title = g_strdup (veil_request_get_company (request));
  g_task_return_boolean (task, TRUE);
}

static void
letter_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VeilAccountsRequest *self = VEIL_ACCOUNTS_REQUEST (object);
  LetterJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  g_autofree char *recipient = NULL;

  self->pending--;
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "serial")) != self->serial)
    return;
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_pointer (&self->letter, g_free);
      g_clear_pointer (&self->mailto, g_free);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), error->message, -1);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->mail_button), FALSE);
      return;
    }
  g_free (self->letter);
  self->letter = g_steal_pointer (&job->text);
  g_free (self->mailto);
  self->mailto = g_steal_pointer (&job->mailto);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), self->letter, -1);
  adw_window_title_set_subtitle (self->title, job->company_title != NULL ? job->company_title : self->company);

  if (job->recipient != NULL)
    /* Translators: %s is an email address. */
    recipient = g_strdup_printf (_("To: %s"), job->recipient);
  else
    recipient = g_strdup (_("Veil knows no email address for this company. Save the letter and send it by "
                            "post or through the company’s privacy web form."));
  gtk_label_set_text (self->recipient_label, recipient);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mail_button), self->mailto != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mail_button), self->mailto != NULL
                               ? _("Opens your mail app with the letter; you send it")
                               : _("No email address is known for this company"));
}

static void
write_letter (VeilAccountsRequest *self)
{
  g_autoptr(GTask) task = NULL;
  LetterJob *job = g_new0 (LetterJob, 1);
  guint lang = adw_combo_row_get_selected (self->lang_row);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));

  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  job->store_path = g_strdup (self->store_path);
  job->company = g_strdup (self->company);
  job->kind = (VeilRequestKind) adw_combo_row_get_selected (self->kind_row);
  job->lang = g_strdup (langs[MIN (lang, G_N_ELEMENTS (langs) - 1)]);
  job->name = *name != '\0' ? g_strdup (name) : NULL;
  job->email = *email != '\0' ? g_strdup (email) : NULL;

  task = g_task_new (self, self->cancellable, letter_done, NULL);
  g_object_set_data (G_OBJECT (task), "serial", GUINT_TO_POINTER (++self->serial));
  g_task_set_source_tag (task, write_letter);
  g_task_set_task_data (task, job, (GDestroyNotify) letter_job_free);
  self->pending++;
  g_task_run_in_thread (task, letter_thread);
}

static gboolean
typing_done (gpointer data)
{
  VeilAccountsRequest *self = data;

  self->typing_timeout = 0;
  write_letter (self);
  return G_SOURCE_REMOVE;
}

static void
identity_changed (VeilAccountsRequest *self)
{
  /* A letter per keystroke would only flicker. */
  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  self->typing_timeout = g_timeout_add (300, typing_done, self);
}

/* ---- Save As… and Open in Mail ---------------------------------------------- */

static void
save_response_cb (GtkNativeDialog     *chooser,
                  int                  response,
                  VeilAccountsRequest *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->letter != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_file_get_path (file);

      /* g_file_set_contents writes a temporary file, syncs and renames:
       * never half a letter. */
      if (path == NULL || !g_file_set_contents_full (path, self->letter, -1,
                                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Letter Was Not Saved"),
                                                      error != NULL ? error->message
                                                                    : _("Choose a folder on this computer."));
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        {
          g_autofree char *name = g_filename_display_basename (path);
          /* Translators: %s is a file name. */
          g_autofree char *text = g_strdup_printf (_("Saved as %s. Veil sent nothing."), name);

          gtk_label_set_text (self->recipient_label, text);
        }
    }
  gtk_native_dialog_destroy (chooser);
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
save_clicked (VeilAccountsRequest *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autofree char *slug = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (self->chooser);
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Save Letter"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  slug = g_strdelimit (g_strdup (self->company), "/\\:*?\"<>|", '-');
  /* Translators: a file name; %s is the company. */
  name = g_strdup_printf (_("Request to %s.txt"), slug);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

static void
mail_clicked (VeilAccountsRequest *self)
{
  if (self->mailto != NULL)
    gtk_show_uri (GTK_WINDOW (self), self->mailto, GDK_CURRENT_TIME);
}

/* ---- the window ------------------------------------------------------------- */

static GtkWidget *
combo_row (const char         *title,
           const char * const *items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  return row;
}

static guint
default_lang (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      if (g_str_has_prefix (names[i], langs[l]))
        return l;
  return 0;
}

static void
veil_accounts_request_dispose (GObject *object)
{
  VeilAccountsRequest *self = VEIL_ACCOUNTS_REQUEST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (veil_accounts_request_parent_class)->dispose (object);
}

static void
veil_accounts_request_finalize (GObject *object)
{
  VeilAccountsRequest *self = VEIL_ACCOUNTS_REQUEST (object);

  g_clear_object (&self->cancellable);
  g_free (self->store_path);
  g_free (self->company);
  g_free (self->mailto);
  g_free (self->letter);

  G_OBJECT_CLASS (veil_accounts_request_parent_class)->finalize (object);
}

static void
veil_accounts_request_class_init (VeilAccountsRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_accounts_request_dispose;
  object_class->finalize = veil_accounts_request_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
veil_accounts_request_init (VeilAccountsRequest *self)
{
  const char *kinds[] = {
    _("Access: ask what they hold about you"),
    _("Erasure: ask them to delete it"),
    _("Objection: tell them to stop using it"),
    NULL
  };
  const char *languages[] = { "English", "Deutsch", "Français", NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *bar = gtk_action_bar_new ();
  GtkWidget *note;

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Write Request"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 720);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Write Request"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  self->kind_row = ADW_COMBO_ROW (combo_row (_("Request"), kinds));
  self->lang_row = ADW_COMBO_ROW (combo_row (_("Language"), languages));
  adw_combo_row_set_selected (self->lang_row, default_lang ());
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Your name (optional)"));
  self->email_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->email_row),
                                 _("Your email address at the company (optional)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->lang_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->email_row));
  gtk_box_append (GTK_BOX (content), group);

  self->recipient_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->recipient_label, TRUE);
  gtk_label_set_xalign (self->recipient_label, 0);
  gtk_label_set_selectable (self->recipient_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->recipient_label), "heading");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->recipient_label));

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_bottom_margin (self->text_view, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The letter"), -1);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->text_view));
  gtk_box_append (GTK_BOX (content), frame);

  note = gtk_label_new (_("Veil sends nothing. Read the letter, then send it yourself. The company has one "
                          "month to answer (Art. 12(3) GDPR)."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (GTK_BOX (content), note);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Save As…")));
  self->mail_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Open in _Mail")));
  gtk_widget_add_css_class (GTK_WIDGET (self->mail_button), "suggested-action");
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mail_button), FALSE);
  gtk_action_bar_pack_start (GTK_ACTION_BAR (bar), GTK_WIDGET (self->save_button));
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), GTK_WIDGET (self->mail_button));
  gtk_box_append (GTK_BOX (box), bar);
  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked), self);
  g_signal_connect_swapped (self->mail_button, "clicked", G_CALLBACK (mail_clicked), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (write_letter), self);
  g_signal_connect_swapped (self->lang_row, "notify::selected", G_CALLBACK (write_letter), self);
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (identity_changed), self);
  g_signal_connect_swapped (self->email_row, "changed", G_CALLBACK (identity_changed), self);
}

GtkWidget *
veil_accounts_request_new (GtkWindow  *parent,
                           const char *store_path,
                           const char *company)
{
  VeilAccountsRequest *self = g_object_new (VEIL_TYPE_ACCOUNTS_REQUEST,
                                            "transient-for", parent,
                                            "modal", TRUE,
                                            NULL);

  self->store_path = g_strdup (store_path);
  self->company = g_strdup (company);
  adw_window_title_set_subtitle (self->title, company);
  write_letter (self);
  return GTK_WIDGET (self);
}

void
veil_accounts_request_set_kind (VeilAccountsRequest *self,
                                VeilRequestKind      kind)
{
  g_return_if_fail (VEIL_IS_ACCOUNTS_REQUEST (self));
  adw_combo_row_set_selected (self->kind_row, kind);
}

void
veil_accounts_request_set_lang (VeilAccountsRequest *self,
                                const char          *lang)
{
  g_return_if_fail (VEIL_IS_ACCOUNTS_REQUEST (self));
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    if (g_strcmp0 (lang, langs[l]) == 0)
      adw_combo_row_set_selected (self->lang_row, l);
}

char *
veil_accounts_request_get_text (VeilAccountsRequest *self)
{
  g_return_val_if_fail (VEIL_IS_ACCOUNTS_REQUEST (self), NULL);
  return g_strdup (self->letter);
}

const char *
veil_accounts_request_get_mailto (VeilAccountsRequest *self)
{
  g_return_val_if_fail (VEIL_IS_ACCOUNTS_REQUEST (self), NULL);
  return self->mailto;
}

gboolean
veil_accounts_request_get_busy (VeilAccountsRequest *self)
{
  g_return_val_if_fail (VEIL_IS_ACCOUNTS_REQUEST (self), FALSE);
  return self->pending > 0 || self->typing_timeout != 0;
}
