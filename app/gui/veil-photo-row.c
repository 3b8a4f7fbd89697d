/* veil-photo-row.c: a photo in the list: thumbnail, name, format and a
 * state badge.
 *
 * Rows are recycled by the GtkListView, so a row follows whichever item it
 * is bound to and asks for that item's thumbnail only then: thumbnails of
 * photos never scrolled to are never loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photo-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "veil-photo-row.h"

struct _VeilPhotoRow
{
  GtkWidget      parent_instance;

  VeilPhotoItem *item;
  gulong         state_handler;
  gulong         thumbnail_handler;
  gulong         collides_handler;

  GtkStack      *thumb_stack;
  GtkImage      *picture;
  GtkLabel      *name_label;
  GtkLabel      *extension_label;
  GtkLabel      *folder_label;
  GtkLabel      *detail_label;
  GtkLabel      *technical_label;
  GtkSpinner    *spinner;
  GtkLabel      *badge;
};

G_DEFINE_FINAL_TYPE (VeilPhotoRow, veil_photo_row, GTK_TYPE_WIDGET)

static const char *badge_classes[] = { "accent", "success", "warning", "error", NULL };

char *
veil_photo_state_badge (VeilPhotoItem *item)
{
  guint n;

  switch (veil_photo_item_get_state (item))
    {
    case VEIL_PHOTO_STATE_CHECKING:
      return g_strdup (_("Checking"));
    case VEIL_PHOTO_STATE_FOUND:
      n = veil_photo_item_get_n_findings (item);
      /* Translators: a badge on a photo in the list. */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u finding", "%u findings", n), n);
    case VEIL_PHOTO_STATE_CLEAN:
      return g_strdup (_("Clean"));
    case VEIL_PHOTO_STATE_UNSUPPORTED:
      return g_strdup (_("Not supported"));
    case VEIL_PHOTO_STATE_CLEANED:
      return g_strdup (veil_photo_item_get_protected (item) ? _("Protected") : _("Cleaned"));
    case VEIL_PHOTO_STATE_ERROR:
    default:
      return g_strdup (_("Error"));
    }
}

static char *
describe_cleaned (VeilPhotoItem *item)
{
  const char *cleaned = veil_photo_item_get_cleaned_path (item);
  g_autofree char *dir = NULL;
  g_autofree char *dir_name = NULL;

  if (g_strcmp0 (cleaned, veil_photo_item_get_path (item)) == 0)
    return g_strdup (_("Cleaned in place"));
  dir = g_path_get_dirname (cleaned);
  dir_name = g_filename_display_basename (dir);
  if (veil_photo_item_get_protected (item))
    /* Translators: %s is a folder name, for example "cleaned". */
    return g_strdup_printf (_("Faces protected, no metadata; copy in %s"), dir_name);
  /* Translators: %s is a folder name, for example "cleaned". */
  return g_strdup_printf (_("Copy in %s"), dir_name);
}

/* "IMG_20230101_long_name.jpg" shows as "IMG_20230101_lo… .jpg" in a narrow
 * list: the extension is its own label, never cut. */
static void
set_name (VeilPhotoRow *self,
          const char   *name)
{
  const char *dot = strrchr (name, '.');

  if (dot != NULL && dot != name && strlen (dot) <= 6)
    {
      g_autofree char *stem = g_strndup (name, (gsize) (dot - name));
      gtk_label_set_label (self->name_label, stem);
      gtk_label_set_label (self->extension_label, dot);
    }
  else
    {
      gtk_label_set_label (self->name_label, name);
      gtk_label_set_label (self->extension_label, "");
    }
}

static void
update (VeilPhotoRow *self)
{
  VeilPhotoItem *item = self->item;
  VeilPhotoState state = veil_photo_item_get_state (item);
  g_autofree char *badge = veil_photo_state_badge (item);
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  const char *style = NULL;
  const char *format = veil_format_name (veil_photo_item_get_format (item));
  const char *message = veil_photo_item_get_message (item);

  set_name (self, veil_photo_item_get_name (item));
  if (veil_photo_item_get_name_collides (item))
    {
      g_autofree char *folder = veil_photo_item_get_folder_display (item);
      gtk_label_set_label (self->folder_label, folder);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->folder_label), veil_photo_item_get_name_collides (item));

  switch (state)
    {
    case VEIL_PHOTO_STATE_CHECKING:
      detail = g_strdup (_("Checking what it gives away…"));
      break;
    case VEIL_PHOTO_STATE_FOUND:
      style = "accent";
      detail = g_strdup (format);
      break;
    case VEIL_PHOTO_STATE_CLEAN:
      style = "success";
      detail = g_strdup (format);
      break;
    case VEIL_PHOTO_STATE_CLEANED:
      style = "success";
      detail = describe_cleaned (item);
      break;
    case VEIL_PHOTO_STATE_UNSUPPORTED:
      style = "warning";
      detail = g_strdup (message);
      break;
    case VEIL_PHOTO_STATE_ERROR:
    default:
      style = "error";
      detail = g_strdup (message);
      break;
    }

  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_label_set_label (self->technical_label, veil_photo_item_get_detail (item) != NULL
                                              ? veil_photo_item_get_detail (item) : "");
  gtk_widget_set_visible (GTK_WIDGET (self->technical_label),
                          state == VEIL_PHOTO_STATE_ERROR && veil_photo_item_get_detail (item) != NULL);
  gtk_label_set_label (self->badge, badge);
  for (guint i = 0; badge_classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge), badge_classes[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->badge), style);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == VEIL_PHOTO_STATE_CHECKING);
  gtk_spinner_set_spinning (self->spinner, state == VEIL_PHOTO_STATE_CHECKING);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), state != VEIL_PHOTO_STATE_CHECKING);

  /* The detail line is cut short in a narrow list; the tooltip has it all. */
  if (state == VEIL_PHOTO_STATE_CLEANED)
    tooltip = g_strdup (veil_photo_item_get_cleaned_path (item));
  else if (message != NULL && veil_photo_item_get_detail (item) != NULL)
    tooltip = g_strdup_printf ("%s\n%s\n%s", veil_photo_item_get_path (item), message,
                               veil_photo_item_get_detail (item));
  else if (message != NULL)
    tooltip = g_strdup_printf ("%s\n%s", veil_photo_item_get_path (item), message);
  else
    tooltip = g_strdup (veil_photo_item_get_path (item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

static void
update_thumbnail (VeilPhotoRow *self)
{
  GdkPaintable *thumbnail = veil_photo_item_get_thumbnail (self->item);

  gtk_image_set_from_paintable (self->picture, thumbnail);
  gtk_stack_set_visible_child_name (self->thumb_stack, thumbnail != NULL ? "picture" : "icon");
}

static void
veil_photo_row_dispose (GObject *object)
{
  VeilPhotoRow *self = VEIL_PHOTO_ROW (object);

  veil_photo_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VEIL_TYPE_PHOTO_ROW);
  /* Template children that are not bound to a field are still ours. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (veil_photo_row_parent_class)->dispose (object);
}

static void
veil_photo_row_class_init (VeilPhotoRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_photo_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_ID_PATH "/ui/veil-photo-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, thumb_stack);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, picture);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, extension_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, folder_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, technical_label);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VeilPhotoRow, badge);
  gtk_widget_class_set_css_name (widget_class, "veilphotorow");
}

static void
veil_photo_row_init (VeilPhotoRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
veil_photo_row_new (void)
{
  return g_object_new (VEIL_TYPE_PHOTO_ROW, NULL);
}

VeilPhotoItem *
veil_photo_row_get_item (VeilPhotoRow *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ROW (self), NULL);
  return self->item;
}

const char *
veil_photo_row_get_badge (VeilPhotoRow *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ROW (self), NULL);
  return gtk_label_get_label (self->badge);
}

const char *
veil_photo_row_get_folder (VeilPhotoRow *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ROW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->folder_label)))
    return NULL;
  return gtk_label_get_label (self->folder_label);
}

void
veil_photo_row_set_item (VeilPhotoRow  *self,
                         VeilPhotoItem *item)
{
  g_return_if_fail (VEIL_IS_PHOTO_ROW (self));
  g_return_if_fail (item == NULL || VEIL_IS_PHOTO_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->item);
      g_clear_signal_handler (&self->thumbnail_handler, self->item);
      g_clear_signal_handler (&self->collides_handler, self->item);
      g_clear_object (&self->item);
    }
  if (item == NULL)
    {
      gtk_image_clear (self->picture);
      return;
    }

  self->item = g_object_ref (item);
  self->state_handler = g_signal_connect_swapped (item, "notify::state", G_CALLBACK (update), self);
  self->collides_handler = g_signal_connect_swapped (item, "notify::name-collides", G_CALLBACK (update), self);
  self->thumbnail_handler = g_signal_connect_swapped (item, "notify::thumbnail",
                                                      G_CALLBACK (update_thumbnail), self);
  update (self);
  update_thumbnail (self);
}
