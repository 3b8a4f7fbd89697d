/* veil-faces-video-dialog.c: the "Protect Faces" window for one video.
 *
 * First the engine follows the people through the whole clip (a GTask,
 * with the time in the clip and Cancel); then each person is a card in a
 * grid: the clearest look at their face, when they are seen, and a "Hide"
 * check, ticked for everyone (a person who agreed to be shown can be
 * unticked). Protect writes the copy where the photo dialog writes its
 * copies (cleaned/ unless Preferences choose a folder), again with the
 * time in the clip and a Cancel that leaves nothing behind; the copy then
 * stands as the video's cleaned copy in the Photos list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "veil-drag-source.h"
#include "veil-error-text.h"
#include "veil-faces-jobs.h"
#include "veil-faces-video-dialog.h"
#include "veil-faces-video-jobs.h"
#include "veil-page-util.h"
#include "veil-progress.h"
#include "veil-settings.h"

enum { SIGNAL_PROTECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

struct _VeilFacesVideoDialog
{
  AdwWindow          parent_instance;

  char              *path;
  char              *name;            /* for people: the file's display name */
  GSettings         *settings;
  VeilFacesClip     *clip;            /* once the people are found */
  VeilProgress      *progress;        /* while looking for people or writing */
  gboolean           analysing;
  GBinding          *bindings[2];
  GPtrArray         *hide_checks;     /* GtkCheckButton, one per person */
  GArray            *hidden_people;   /* guint, what the last Protect asked for */
  char              *output_path;

  /* template children */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkButton         *protect_button;
  GtkStack          *stack;
  GtkProgressBar    *analyse_bar;
  AdwStatusPage     *error_page;
  GtkLabel          *error_detail;
  GtkListBox        *error_list;
  AdwPreferencesGroup *result_group;
  AdwActionRow      *saved_row;
  GtkLabel          *people_heading;
  GtkFlowBox        *people_grid;
  AdwPreferencesGroup *style_group;
  GtkCheckButton    *pixelate_check;
  GtkCheckButton    *blur_check;
  GtkRevealer       *progress_revealer;
  GtkProgressBar    *progress_bar;
};

G_DEFINE_FINAL_TYPE (VeilFacesVideoDialog, veil_faces_video_dialog, ADW_TYPE_WINDOW)

static guint
n_ticked (VeilFacesVideoDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->hide_checks->len; i++)
    n += gtk_check_button_get_active (self->hide_checks->pdata[i]);
  return n;
}

static void
update_actions (VeilFacesVideoDialog *self)
{
  gboolean busy = self->progress != NULL;
  gboolean can = self->clip != NULL && !busy && n_ticked (self) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.protect", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.show-in-files", self->output_path != NULL);
  /* Nothing to protect: no button that promises it. */
  gtk_widget_set_visible (GTK_WIDGET (self->protect_button),
                          self->clip != NULL && self->hide_checks->len > 0);
  if (self->clip != NULL && n_ticked (self) == 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->protect_button), _("Tick at least one person to hide"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->protect_button),
                                 _("Save a copy with the ticked people hidden; the original stays as it is (Ctrl+Return)"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->people_grid), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->style_group), !busy);
}

/* Progress --------------------------------------------------------------- */

static void
start_progress (VeilFacesVideoDialog *self,
                GtkProgressBar       *bar,
                const char           *text)
{
  self->progress = veil_progress_new ();
  gtk_progress_bar_set_fraction (bar, 0);
  gtk_progress_bar_set_text (bar, text);
  self->bindings[0] = g_object_bind_property (self->progress, "fraction", bar, "fraction", G_BINDING_DEFAULT);
  self->bindings[1] = g_object_bind_property (self->progress, "text", bar, "text", G_BINDING_DEFAULT);
}

static void
stop_progress (VeilFacesVideoDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  g_clear_object (&self->progress);
}

/* The jobs hold the window weakly: a strong reference would keep a closed
 * window alive past its parent (GTK then unhooks it from a freed parent). */
static gpointer
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

static gpointer
weak_ref_steal (gpointer data)
{
  GWeakRef *ref = data;
  gpointer object = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return object;
}

/* Errors: the sentence names the file; the engine's own words go below it
 * (in *detail; NULL when the sentence already is those words). */
static char *
error_sentence (VeilFacesVideoDialog *self,
                const char           *format,
                const GError         *error,
                char                **detail)
{
  g_autofree char *sentence = veil_error_sentence (error, self->path);

  *detail = veil_error_detail (error->message, self->path);
  if (g_strcmp0 (*detail, sentence) == 0)
    g_clear_pointer (detail, g_free);
  return g_strdup_printf (format, self->name, sentence);
}

/* The people --------------------------------------------------------------- */

static char *
seen_text (const VeilVideoPerson *p)
{
  g_autofree char *first = veil_faces_video_format_time (p->first_time);
  g_autofree char *last = veil_faces_video_format_time (p->last_time);

  if (g_strcmp0 (first, last) == 0)
    /* Translators: when a person shows in the clip, "Seen at 0:03". */
    return g_strdup_printf (_("Seen at %s"), first);
  /* Translators: when a person shows in the clip, "Seen 0:03–0:11". */
  return g_strdup_printf (_("Seen %s–%s"), first, last);
}

static void
hide_toggled_cb (GtkCheckButton       *check,
                 VeilFacesVideoDialog *self)
{
  update_actions (self);
}

static GtkWidget *
person_card (VeilFacesVideoDialog  *self,
             const VeilVideoPerson *p)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GdkTexture) texture = veil_faces_video_thumbnail (p);
  /* Translators: a person found in a video, numbered in the order they
   * first appear. */
  g_autofree char *title = g_strdup_printf (_("Person %u"), p->number);
  g_autofree char *seen = seen_text (p);
  /* Translators: what a screen reader says for a person's check button. */
  g_autofree char *hide_label = g_strdup_printf (_("Hide person %u"), p->number);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *label;
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("_Hide"));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_size_request (card, 148, -1);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), title);
  gtk_widget_set_size_request (picture, 112, 112);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (picture, 12);
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (card), picture);

  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (card), label);
  label = gtk_label_new (seen);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (card), label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (check, 12);
  gtk_widget_set_tooltip_text (check, _("Untick only if this person agreed to be shown"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, hide_label, -1);
  g_signal_connect (check, "toggled", G_CALLBACK (hide_toggled_cb), self);
  g_ptr_array_add (self->hide_checks, check);
  gtk_box_append (GTK_BOX (card), check);
  return card;
}

static void
show_people (VeilFacesVideoDialog *self)
{
  guint n = veil_video_analysis_n_people (veil_faces_clip_get_analysis (self->clip));
  g_autofree char *heading = NULL;

  if (n == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  /* Translators: the heading over the grid of people found in a video. */
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person found", "%u people found", n), n);
  gtk_label_set_label (self->people_heading, heading);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *card = person_card (self, veil_video_analysis_person (veil_faces_clip_get_analysis (self->clip), i));

      gtk_flow_box_insert (self->people_grid, card, -1);
      /* The check in the card takes the focus, not the grid's cell. */
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
    }
  gtk_stack_set_visible_child_name (self->stack, "people");
}

static void
analyse_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VeilFacesVideoDialog) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(VeilFacesClip) clip = veil_faces_video_analyse_finish (result, &error);

  if (self == NULL)
    return;   /* the window is gone */
  self->analysing = FALSE;
  stop_progress (self);
  if (clip == NULL)
    {
      g_autofree char *sentence = NULL;
      g_autofree char *detail = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancel while looking: there is nothing left to do here
           * (unless the window was closed, which is what cancelled). */
          if (gtk_widget_get_visible (GTK_WIDGET (self)))
            gtk_window_close (GTK_WINDOW (self));
          return;
        }
      /* Translators: %s is the video's file name, then a sentence on why. */
      sentence = error_sentence (self, _("Veil could not read %s. %s"), error, &detail);
      adw_status_page_set_description (self->error_page, sentence);
      gtk_label_set_label (self->error_detail, detail != NULL ? detail : "");
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return;
    }
  self->clip = g_steal_pointer (&clip);
  show_people (self);
  update_actions (self);
}

/* Protecting ----------------------------------------------------------- */

static void
clear_error (VeilFacesVideoDialog *self)
{
  for (GtkWidget *row; (row = gtk_widget_get_first_child (GTK_WIDGET (self->error_list))) != NULL;)
    gtk_list_box_remove (self->error_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->error_list), FALSE);
}

static void
protect_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VeilFacesVideoDialog) self = weak_ref_steal (user_data);
  g_autoptr(GError) error = NULL;
  const char *dest;

  if (self == NULL)
    return;   /* the window is gone (closing it cancelled the work) */
  dest = g_object_get_data (G_OBJECT (self), "running-dest");
  stop_progress (self);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  if (!veil_faces_video_protect_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          AdwToast *t = adw_toast_new (_("Stopped. Veil wrote nothing."));

          adw_toast_set_timeout (t, 6);
          adw_toast_overlay_add_toast (self->toast_overlay, t);
        }
      else
        {
          /* Translators: %s is the video's file name, then a sentence on why. */
          g_autofree char *detail = NULL;
          g_autofree char *sentence = error_sentence (self, _("Veil could not protect %s. %s"), error, &detail);

          clear_error (self);
          gtk_list_box_append (self->error_list, veil_error_row_new (self->name, sentence, detail));
          gtk_widget_set_visible (GTK_WIDGET (self->error_list), TRUE);
        }
    }
  else
    {
      g_autofree char *name = g_filename_display_basename (dest);
      /* Translators: %s is the file name of the protected copy. */
      g_autofree char *saved = g_strdup_printf (_("Saved as %s"), name);

      /* The row stays at the top of the dialog with its Show in Files
       * button; a toast saying the same would cover the people below. */
      g_free (self->output_path);
      self->output_path = g_strdup (dest);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->saved_row), saved);
      gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
      g_signal_emit (self, signals[SIGNAL_PROTECTED], 0, dest);
    }
  g_object_set_data (G_OBJECT (self), "running-dest", NULL);
  update_actions (self);
}

static void
protect_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (widget);
  g_autofree char *base = NULL;
  char *dest;

  if (self->progress != NULL || self->clip == NULL || n_ticked (self) == 0)
    return;
  g_array_set_size (self->hidden_people, 0);
  for (guint i = 0; i < self->hide_checks->len; i++)
    if (gtk_check_button_get_active (self->hide_checks->pdata[i]))
      {
        guint number = veil_video_analysis_person (veil_faces_clip_get_analysis (self->clip), i)->number;
        g_array_append_val (self->hidden_people, number);
      }
  /* The same name as the original: the copy goes where cleaned copies go. */
  base = g_path_get_basename (self->path);
  dest = veil_faces_destination (self->settings, self->path, base);
  g_object_set_data_full (G_OBJECT (self), "running-dest", dest, g_free);

  clear_error (self);
  start_progress (self, self->progress_bar, _("Hiding faces…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  veil_faces_video_protect_async (self->clip, dest, veil_faces_video_dialog_get_action (self),
                                  (const guint *) self->hidden_people->data, self->hidden_people->len,
                                  self->progress, protect_done, weak_ref_new (self));
  update_actions (self);
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (widget);

  if (self->progress == NULL)
    return;
  veil_progress_cancel (self->progress);
  gtk_progress_bar_set_text (self->analysing ? self->analyse_bar : self->progress_bar, _("Stopping…"));
}

static void
show_in_files_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (widget);

  if (self->output_path != NULL)
    veil_show_folder_of (GTK_WINDOW (self), self->output_path);
}

/* Window ---------------------------------------------------------------- */

static gboolean
veil_faces_video_dialog_close_request (GtkWindow *window)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (window);

  /* Work in flight stops (and removes its unnamed file) on its own. */
  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  return GTK_WINDOW_CLASS (veil_faces_video_dialog_parent_class)->close_request (window);
}

static void
veil_faces_video_dialog_dispose (GObject *object)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (object);

  if (self->progress != NULL)
    veil_progress_cancel (self->progress);
  stop_progress (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_FACES_VIDEO_DIALOG);

  G_OBJECT_CLASS (veil_faces_video_dialog_parent_class)->dispose (object);
}

static void
veil_faces_video_dialog_finalize (GObject *object)
{
  VeilFacesVideoDialog *self = VEIL_FACES_VIDEO_DIALOG (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->output_path);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->clip, veil_faces_clip_unref);
  g_clear_pointer (&self->hide_checks, g_ptr_array_unref);
  g_clear_pointer (&self->hidden_people, g_array_unref);

  G_OBJECT_CLASS (veil_faces_video_dialog_parent_class)->finalize (object);
}

static void
veil_faces_video_dialog_class_init (VeilFacesVideoDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = veil_faces_video_dialog_dispose;
  object_class->finalize = veil_faces_video_dialog_finalize;
  window_class->close_request = veil_faces_video_dialog_close_request;
  /* A protected copy was written (its path): the video's cleaned copy. */
  signals[SIGNAL_PROTECTED] = g_signal_new ("protected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-faces-video-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, protect_button);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, analyse_bar);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, error_detail);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, error_list);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, saved_row);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, people_heading);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, people_grid);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, style_group);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, pixelate_check);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, blur_check);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, VeilFacesVideoDialog, progress_bar);

  gtk_widget_class_install_action (widget_class, "video.protect", NULL, protect_cb);
  gtk_widget_class_install_action (widget_class, "video.cancel", NULL, cancel_cb);
  gtk_widget_class_install_action (widget_class, "video.show-in-files", NULL, show_in_files_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "video.protect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "video.protect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GPtrArray *
protected_files (GtkWidget *widget,
                 double     x,
                 double     y,
                 gpointer   user_data)
{
  VeilFacesVideoDialog *self = user_data;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->output_path != NULL)
    g_ptr_array_add (files, g_file_new_for_path (self->output_path));
  return files;
}

static void
veil_faces_video_dialog_init (VeilFacesVideoDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->hide_checks = g_ptr_array_new ();
  self->hidden_people = g_array_new (FALSE, FALSE, sizeof (guint));
  if (veil_settings_schema_found ())
    self->settings = veil_settings_new ();
  /* The saved row can be dragged into a browser's upload area or Files. */
  veil_drag_source_attach (GTK_WIDGET (self->saved_row), protected_files, self);
}

VeilFacesVideoDialog *
veil_faces_video_dialog_new (GtkWindow *parent,
                             GFile     *file)
{
  VeilFacesVideoDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (VEIL_TYPE_FACES_VIDEO_DIALOG,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->path = g_file_get_path (file);
  self->name = g_file_get_basename (file);
  {
    g_autofree char *shown = g_filename_display_name (self->name);
    g_free (self->name);
    self->name = g_steal_pointer (&shown);
  }
  adw_window_title_set_subtitle (self->window_title, self->name);
  if (self->path == NULL)
    {
      adw_status_page_set_description (self->error_page, _("Veil can only protect videos stored on this computer."));
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      return self;
    }
  self->analysing = TRUE;
  start_progress (self, self->analyse_bar, _("Starting…"));
  veil_faces_video_analyse_async (self->path, self->progress, analyse_done, weak_ref_new (self));
  update_actions (self);
  return self;
}

const char *
veil_faces_video_dialog_get_page (VeilFacesVideoDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
veil_faces_video_dialog_get_busy (VeilFacesVideoDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), FALSE);
  return self->progress != NULL;
}

guint
veil_faces_video_dialog_get_n_people (VeilFacesVideoDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), 0);
  return self->hide_checks->len;
}

GtkCheckButton *
veil_faces_video_dialog_get_hide_check (VeilFacesVideoDialog *self,
                                        guint                 index)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->hide_checks->len, NULL);
  return self->hide_checks->pdata[index];
}

VeilFaceAction
veil_faces_video_dialog_get_action (VeilFacesVideoDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), VEIL_FACE_PIXELATE);
  return gtk_check_button_get_active (self->blur_check) ? VEIL_FACE_BLUR : VEIL_FACE_PIXELATE;
}

void
veil_faces_video_dialog_set_action (VeilFacesVideoDialog *self,
                                    VeilFaceAction        action)
{
  g_return_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self));
  g_return_if_fail (action == VEIL_FACE_BLUR || action == VEIL_FACE_PIXELATE);
  gtk_check_button_set_active (action == VEIL_FACE_BLUR ? self->blur_check : self->pixelate_check, TRUE);
}

const char *
veil_faces_video_dialog_get_output (VeilFacesVideoDialog *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), NULL);
  return self->output_path;
}

const guint *
veil_faces_video_dialog_get_hidden_people (VeilFacesVideoDialog *self,
                                           guint                *n_people)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIDEO_DIALOG (self), NULL);
  if (n_people != NULL)
    *n_people = self->hidden_people->len;
  return self->hidden_people->len > 0 ? (const guint *) self->hidden_people->data : NULL;
}
