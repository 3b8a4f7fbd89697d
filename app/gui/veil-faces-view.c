/* veil-faces-view.c: a photo with its faces as selectable boxes, and a
 * before/after split once a protected copy exists.
 *
 * Each face box is a real GtkToggleButton laid over the picture, so the
 * mouse, Tab and Space, and screen readers all work the way they do for any
 * other toggle; the picture itself is drawn in snapshot(), which is what
 * lets the comparison show the original on one side of a line and the
 * protected copy on the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-faces"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-faces-view.h"

struct _VeilFacesView
{
  GtkWidget     parent_instance;

  GdkTexture   *texture;
  GdkTexture   *protected_texture;
  int           width;       /* full-size picture */
  int           height;
  GArray       *boxes;       /* VeilFacesViewBox */
  GPtrArray    *buttons;     /* GtkToggleButton, one per box */
  double        split;
  gboolean      show_boxes;
  gboolean      setting;     /* toggles made by the program, not the person */
};

G_DEFINE_FINAL_TYPE (VeilFacesView, veil_faces_view, GTK_TYPE_WIDGET)

enum {
  FACE_TOGGLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where the picture lands inside the widget: scaled to fit, centred. */
static gboolean
picture_rect (VeilFacesView   *self,
              graphene_rect_t *rect,
              double          *scale)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));
  double s;

  if (self->texture == NULL || self->width <= 0 || self->height <= 0 || w <= 0 || h <= 0)
    return FALSE;
  s = MIN ((double) w / self->width, (double) h / self->height);
  graphene_rect_init (rect, (float) ((w - self->width * s) / 2), (float) ((h - self->height * s) / 2),
                      (float) (self->width * s), (float) (self->height * s));
  if (scale != NULL)
    *scale = s;
  return TRUE;
}

static void
veil_faces_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  VeilFacesView *self = VEIL_FACES_VIEW (widget);
  int nat = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;

  /* Small pictures are not blown up past twice their size. */
  if (self->texture != NULL)
    nat = MIN (nat, 2 * (orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height));
  *minimum = 160;
  *natural = MAX (nat, 160);
}

static void
veil_faces_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  VeilFacesView *self = VEIL_FACES_VIEW (widget);
  graphene_rect_t rect;
  double s;
  gboolean have = picture_rect (self, &rect, &s);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      const VeilFacesViewBox *b = &g_array_index (self->boxes, VeilFacesViewBox, i);
      GtkRequisition min;
      GtkAllocation a;
      int bw, bh;

      gtk_widget_get_preferred_size (button, &min, NULL);
      if (!have)
        {
          gtk_widget_size_allocate (button, &(GtkAllocation) { 0, 0, min.width, min.height }, -1);
          continue;
        }
      /* A face smaller than the number badge still gets a box that can
       * be clicked, centred on the face. */
      bw = MAX ((int) (b->width * s + 0.5), min.width);
      bh = MAX ((int) (b->height * s + 0.5), min.height);
      a.x = (int) (rect.origin.x + (b->x + b->width / 2) * s - bw / 2.0);
      a.y = (int) (rect.origin.y + (b->y + b->height / 2) * s - bh / 2.0);
      a.width = bw;
      a.height = bh;
      gtk_widget_size_allocate (button, &a, -1);
    }
}

static void
veil_faces_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  VeilFacesView *self = VEIL_FACES_VIEW (widget);
  graphene_rect_t rect;

  if (!picture_rect (self, &rect, NULL))
    return;

  if (self->protected_texture == NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &rect);
  else
    {
      float x = rect.origin.x + (float) (self->split * rect.size.width);
      GdkRGBA line;

      gtk_snapshot_append_texture (snapshot, self->protected_texture, &rect);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (rect.origin.x, rect.origin.y,
                                                             x - rect.origin.x, rect.size.height));
      gtk_snapshot_append_texture (snapshot, self->texture, &rect);
      gtk_snapshot_pop (snapshot);
      if (self->split > 0 && self->split < 1)
        {
          /* gtk_style_context_lookup_color is the 4.8 way to reach the
           * theme's named colours (deprecated only in 4.10). */
          if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_bg_color", &line))
            gdk_rgba_parse (&line, "#3584e4");
          gtk_snapshot_append_color (snapshot, &line,
                                     &GRAPHENE_RECT_INIT (x - 1, rect.origin.y, 2, rect.size.height));
        }
    }

  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_snapshot_child (widget, g_ptr_array_index (self->buttons, i), snapshot);
}

static void
button_toggled_cb (GtkToggleButton *button,
                   VeilFacesView   *self)
{
  guint index;

  if (self->setting || !g_ptr_array_find (self->buttons, button, &index))
    return;
  g_signal_emit (self, signals[FACE_TOGGLED], 0, index, gtk_toggle_button_get_active (button));
}

static void
clear_buttons (VeilFacesView *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->buttons, i));
  g_ptr_array_set_size (self->buttons, 0);
  g_array_set_size (self->boxes, 0);
}

static void
ensure_css (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "veil-faces-css") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, APP_ID_PATH "/ui/veil-faces-view.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "veil-faces-css", g_steal_pointer (&provider), g_object_unref);
}

static void
veil_faces_view_dispose (GObject *object)
{
  VeilFacesView *self = VEIL_FACES_VIEW (object);

  if (self->buttons != NULL)
    clear_buttons (self);
  g_clear_object (&self->texture);
  g_clear_object (&self->protected_texture);

  G_OBJECT_CLASS (veil_faces_view_parent_class)->dispose (object);
}

static void
veil_faces_view_finalize (GObject *object)
{
  VeilFacesView *self = VEIL_FACES_VIEW (object);

  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);

  G_OBJECT_CLASS (veil_faces_view_parent_class)->finalize (object);
}

static void
veil_faces_view_class_init (VeilFacesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = veil_faces_view_dispose;
  object_class->finalize = veil_faces_view_finalize;
  widget_class->measure = veil_faces_view_measure;
  widget_class->size_allocate = veil_faces_view_size_allocate;
  widget_class->snapshot = veil_faces_view_snapshot;

  /* ::face-toggled (index, selected): the person clicked a face box or
   * pressed Space on it. */
  signals[FACE_TOGGLED] = g_signal_new ("face-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  gtk_widget_class_set_css_name (widget_class, "veilfacesview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
veil_faces_view_init (VeilFacesView *self)
{
  self->boxes = g_array_new (FALSE, FALSE, sizeof (VeilFacesViewBox));
  self->buttons = g_ptr_array_new ();
  self->split = 0.5;
  self->show_boxes = TRUE;
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (self, "realize", G_CALLBACK (ensure_css), NULL);
}

GtkWidget *
veil_faces_view_new (void)
{
  return g_object_new (VEIL_TYPE_FACES_VIEW, NULL);
}

void
veil_faces_view_set_picture (VeilFacesView          *self,
                             GdkTexture             *texture,
                             int                     width,
                             int                     height,
                             const VeilFacesViewBox *boxes,
                             guint                   n_boxes)
{
  g_return_if_fail (VEIL_IS_FACES_VIEW (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));
  g_return_if_fail (n_boxes == 0 || boxes != NULL);

  clear_buttons (self);
  g_set_object (&self->texture, texture);
  g_clear_object (&self->protected_texture);
  self->width = width;
  self->height = height;

  for (guint i = 0; i < n_boxes; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      GtkWidget *label = gtk_label_new (number);

      gtk_widget_set_halign (label, GTK_ALIGN_START);
      gtk_widget_set_valign (label, GTK_ALIGN_START);
      gtk_widget_add_css_class (label, "face-number");
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "face-box");
      gtk_widget_set_visible (button, self->show_boxes);
      g_signal_connect (button, "toggled", G_CALLBACK (button_toggled_cb), self);
      /* In reading order of the list (largest face first), which is also
       * the order of the rows beside the picture. */
      gtk_widget_set_parent (button, GTK_WIDGET (self));
      g_array_append_val (self->boxes, boxes[i]);
      g_ptr_array_add (self->buttons, button);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
veil_faces_view_set_protected (VeilFacesView *self,
                               GdkTexture    *texture)
{
  g_return_if_fail (VEIL_IS_FACES_VIEW (self));

  if (g_set_object (&self->protected_texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
veil_faces_view_set_split (VeilFacesView *self,
                           double         split)
{
  g_return_if_fail (VEIL_IS_FACES_VIEW (self));

  self->split = CLAMP (split, 0.0, 1.0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
veil_faces_view_get_split (VeilFacesView *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIEW (self), 0);
  return self->split;
}

void
veil_faces_view_set_show_boxes (VeilFacesView *self,
                                gboolean       show)
{
  g_return_if_fail (VEIL_IS_FACES_VIEW (self));

  self->show_boxes = !!show;
  for (guint i = 0; i < self->buttons->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->buttons, i), self->show_boxes);
}

guint
veil_faces_view_get_n_faces (VeilFacesView *self)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIEW (self), 0);
  return self->buttons->len;
}

GtkWidget *
veil_faces_view_get_face_button (VeilFacesView *self,
                                 guint          index)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIEW (self), NULL);
  g_return_val_if_fail (index < self->buttons->len, NULL);
  return g_ptr_array_index (self->buttons, index);
}

gboolean
veil_faces_view_get_selected (VeilFacesView *self,
                              guint          index)
{
  g_return_val_if_fail (VEIL_IS_FACES_VIEW (self), FALSE);
  g_return_val_if_fail (index < self->buttons->len, FALSE);
  return gtk_toggle_button_get_active (g_ptr_array_index (self->buttons, index));
}

void
veil_faces_view_set_selected (VeilFacesView *self,
                              guint          index,
                              gboolean       selected)
{
  g_return_if_fail (VEIL_IS_FACES_VIEW (self));
  g_return_if_fail (index < self->buttons->len);

  self->setting = TRUE;
  gtk_toggle_button_set_active (g_ptr_array_index (self->buttons, index), selected);
  self->setting = FALSE;
}

void
veil_faces_view_set_face_label (VeilFacesView *self,
                                guint          index,
                                const char    *label)
{
  GtkWidget *button;

  g_return_if_fail (VEIL_IS_FACES_VIEW (self));
  g_return_if_fail (index < self->buttons->len);

  button = g_ptr_array_index (self->buttons, index);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
