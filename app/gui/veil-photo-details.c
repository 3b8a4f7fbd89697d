/* veil-photo-details.c: what one photo gives away, grouped by what it
 * reveals about a person.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photo-details"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "veil-faces-dialog.h"
#include "veil-faces-video-dialog.h"
#include "veil-finding-row.h"
#include "veil-page-util.h"
#include "veil-photo-details.h"

/* Preview: up to 128 logical pixels, sharp on a 2× screen. */
#define PREVIEW_SIZE 256

struct _VeilPhotoDetails
{
  GtkWidget      parent_instance;

  VeilPhotoItem *item;
  gulong         state_handler;
  GCancellable  *preview_cancellable;

  GtkStack      *stack;
  AdwStatusPage *multi_page;
  GtkScrolledWindow *scroller;
  GtkPicture    *preview;
  GtkLabel      *title_label;
  GtkLabel      *summary_label;
  GtkLabel      *path_label;
  GtkButton     *show_button;
  GtkButton     *faces_button;
  GtkBox        *groups_box;
};

G_DEFINE_FINAL_TYPE (VeilPhotoDetails, veil_photo_details, GTK_TYPE_WIDGET)

static void
clear_groups (VeilPhotoDetails *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
}

static void
add_groups (VeilPhotoDetails *self,
            const VeilReport *report)
{
  /* Categories are shown in the engine's order: location first, since it
   * is what puts people in danger most often. */
  for (int c = 0; c < VEIL_N_CATEGORIES; c++)
    {
      GtkWidget *group = NULL;

      for (guint i = 0; i < report->findings->len; i++)
        {
          const VeilFinding *finding = g_ptr_array_index (report->findings, i);

          if ((int) finding->category != c)
            continue;
          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                               veil_category_title (c));
              gtk_box_append (self->groups_box, group);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), veil_finding_row_new (finding));
        }
    }
}

/* Exactly what happened, no more: the list below also shows what was kept
 * (a colour profile the picture needs), and after replacing the originals
 * there is no copy, only the file. */
static char *
cleaned_summary (VeilPhotoItem    *item,
                 const VeilReport *report)
{
  gboolean in_place = g_strcmp0 (veil_photo_item_get_cleaned_path (item), veil_photo_item_get_path (item)) == 0;
  guint removed = report != NULL ? veil_report_count_removable (report) : 0;
  guint kept = report != NULL ? report->findings->len - removed : 0;
  g_autofree char *first = NULL;

  if (removed == 0)
    return g_strdup (in_place ? _("Cleaned: the file has nothing that gives you away.")
                              : _("Cleaned: the copy has nothing that gives you away."));
  if (in_place)
    first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Cleaned in place: %u finding was removed from the file.",
                                          "Cleaned in place: %u findings were removed from the file.",
                                          removed), removed);
  else
    first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Cleaned: %u finding was removed from the copy.",
                                          "Cleaned: %u findings were removed from the copy.",
                                          removed), removed);
  if (kept == 0)
    return g_steal_pointer (&first);
  return g_strdup_printf ("%s %s", first,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The one marked Kept is still there: the picture needs it to show correctly.",
                                       "Those marked Kept are still there: the picture needs them to show correctly.",
                                       kept));
}

static char *
summary_for (VeilPhotoItem *item)
{
  const VeilReport *report = veil_photo_item_get_report (item);
  guint n = veil_photo_item_get_n_findings (item);

  switch (veil_photo_item_get_state (item))
    {
    case VEIL_PHOTO_STATE_CHECKING:
      return g_strdup (_("Checking what this photo gives away…"));
    case VEIL_PHOTO_STATE_FOUND:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u thing in this file gives something away. Clean removes it without touching the picture.",
                                           "%u things in this file give something away. Clean removes them without touching the picture.",
                                           n), n);
    case VEIL_PHOTO_STATE_CLEAN:
      return g_strdup (_("Veil found nothing in this file that gives you away."));
    case VEIL_PHOTO_STATE_CLEANED:
      return cleaned_summary (item, report);
    case VEIL_PHOTO_STATE_UNSUPPORTED:
      return g_strdup (veil_photo_item_get_message (item));
    case VEIL_PHOTO_STATE_ERROR:
    default:
      /* The sentences for inspection errors say what became of the file
       * themselves; after a failed clean, say what matters most: the file
       * is as it was. */
      if (veil_photo_item_get_detail (item) != NULL)
        return g_strdup (veil_photo_item_get_message (item));
      return g_strdup_printf ("%s\n%s", veil_photo_item_get_message (item),
                              _("Veil did not change this file."));
    }
}

/* The videos whose faces Veil can hide (veil-video.h: MP4, MOV, 3GP). */
static gboolean
item_is_video (VeilPhotoItem *item)
{
  VeilFormat format = veil_photo_item_get_format (item);

  return format == VEIL_FORMAT_MP4 || format == VEIL_FORMAT_MOV || format == VEIL_FORMAT_3GP;
}

static void
update (VeilPhotoDetails *self)
{
  VeilPhotoItem *item = self->item;
  VeilPhotoState state = veil_photo_item_get_state (item);
  const VeilReport *report = veil_photo_item_get_report (item);
  const char *cleaned = veil_photo_item_get_cleaned_path (item);
  g_autofree char *summary = summary_for (item);
  g_autofree char *path_text = NULL;

  gtk_label_set_label (self->title_label, veil_photo_item_get_name (item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), veil_photo_item_get_name (item));
  gtk_label_set_label (self->summary_label, summary);
  if (state == VEIL_PHOTO_STATE_CLEANED && cleaned != NULL)
    /* Translators: %s is where the cleaned copy of a photo was saved. */
    path_text = g_strdup_printf (_("Saved as %s"), cleaned);
  else if (state == VEIL_PHOTO_STATE_ERROR && veil_photo_item_get_detail (item) != NULL)
    /* The engine's own words, small and dim, for whoever wants them. */
    path_text = g_strdup_printf ("%s\n%s", veil_photo_item_get_path (item), veil_photo_item_get_detail (item));
  else
    path_text = g_strdup (veil_photo_item_get_path (item));
  gtk_label_set_label (self->path_label, path_text);
  gtk_widget_set_visible (GTK_WIDGET (self->show_button),
                          state == VEIL_PHOTO_STATE_CLEANED && cleaned != NULL);
  /* Only for pictures the face engine can decode and the videos it can
   * follow people through, once Veil knows the format. */
  gtk_widget_set_visible (GTK_WIDGET (self->faces_button),
                          state != VEIL_PHOTO_STATE_CHECKING && g_file_is_native (veil_photo_item_get_file (item)) &&
                          (veil_faces_can_load (veil_photo_item_get_format (item)) || item_is_video (item)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->faces_button),
                               item_is_video (item) ? _("Hide the faces in a copy of this video")
                                                    : _("Cloak or blur the faces in a copy of this photo"));

  clear_groups (self);
  if (report != NULL)
    add_groups (self, report);
}

static void
preview_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPaintable) paintable = veil_load_picture_finish (result, &error);
  VeilPhotoDetails *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* another photo was selected; self may be gone */
  self = VEIL_PHOTO_DETAILS (user_data);
  gtk_picture_set_paintable (self->preview, paintable);
  gtk_widget_set_visible (GTK_WIDGET (self->preview), paintable != NULL);
}

static void
show_clicked_cb (VeilPhotoDetails *self)
{
  const char *cleaned;
  g_autofree char *uri = NULL;

  if (self->item == NULL || (cleaned = veil_photo_item_get_cleaned_path (self->item)) == NULL ||
      (uri = veil_folder_uri_of (cleaned)) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-folder", "s", uri);
}

static void
faces_protected_cb (GtkWindow       *dialog,
                    const char      *path,
                    VeilPhotoItem   *item)
{
  veil_photo_item_set_protected (item, path);
}

static void
faces_clicked_cb (VeilPhotoDetails *self)
{
  VeilFacesDialog *dialog;

  if (self->item == NULL)
    return;
  if (item_is_video (self->item))
    {
      VeilFacesVideoDialog *video =
        veil_faces_video_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                     veil_photo_item_get_file (self->item));

      /* as for a photo: the protected copy becomes the video's cleaned copy */
      g_signal_connect_object (video, "protected", G_CALLBACK (faces_protected_cb), self->item, 0);
      gtk_window_present (GTK_WINDOW (video));
      return;
    }
  dialog = veil_faces_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                  veil_photo_item_get_file (self->item));
  /* the protected copy becomes the photo's cleaned copy */
  g_signal_connect_object (dialog, "protected", G_CALLBACK (faces_protected_cb), self->item, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
veil_photo_details_dispose (GObject *object)
{
  VeilPhotoDetails *self = VEIL_PHOTO_DETAILS (object);

  veil_photo_details_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_PHOTO_DETAILS);
  /* Template children that are not bound to a field are still ours. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (veil_photo_details_parent_class)->dispose (object);
}

static void
veil_photo_details_class_init (VeilPhotoDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_photo_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-photo-details.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, multi_page);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, scroller);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, preview);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, path_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, show_button);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, faces_button);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoDetails, groups_box);
  gtk_widget_class_bind_template_callback (widget_class, show_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, faces_clicked_cb);
}

static void
veil_photo_details_init (VeilPhotoDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
veil_photo_details_new (void)
{
  return g_object_new (VEIL_TYPE_PHOTO_DETAILS, NULL);
}

VeilPhotoItem *
veil_photo_details_get_item (VeilPhotoDetails *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_DETAILS (self), NULL);
  return self->item;
}

void
veil_photo_details_set_item (VeilPhotoDetails *self,
                             VeilPhotoItem    *item)
{
  g_return_if_fail (VEIL_IS_PHOTO_DETAILS (self));
  g_return_if_fail (item == NULL || VEIL_IS_PHOTO_ITEM (item));

  if (self->item == item)
    {
      if (item != NULL)
        gtk_stack_set_visible_child_name (self->stack, "item");
      return;
    }

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->item);
      g_clear_object (&self->item);
    }
  if (self->preview != NULL)
    gtk_picture_set_paintable (self->preview, NULL);

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
  update (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "item");

  gtk_widget_set_visible (GTK_WIDGET (self->preview), FALSE);
  if (g_file_is_native (veil_photo_item_get_file (item)))
    {
      self->preview_cancellable = g_cancellable_new ();
      veil_load_picture_async (veil_photo_item_get_path (item), PREVIEW_SIZE, FALSE,
                               self->preview_cancellable, preview_loaded, self);
    }
}

void
veil_photo_details_set_multiple (VeilPhotoDetails *self,
                                 guint             n_selected)
{
  g_autofree char *title = NULL;

  g_return_if_fail (VEIL_IS_PHOTO_DETAILS (self));

  veil_photo_details_set_item (self, NULL);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Photo Selected", "%u Photos Selected",
                                        n_selected), n_selected);
  adw_status_page_set_title (self->multi_page, title);
  gtk_stack_set_visible_child_name (self->stack, "multi");
}
