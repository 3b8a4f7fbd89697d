/* veil-accounts-charts.c: a bar chart of events per month and a plot of
 * locations on a world outline, both GtkDrawingAreas.
 *
 * Colours come from the libadwaita palette through the style context, so
 * the pictures follow dark mode and high contrast like the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-accounts"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "veil-accounts-charts.h"
#include "veil-store-views.h"

/* gtk_widget_get_color() is GTK 4.10; the style context is what 4.8 has. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static void
palette (GtkWidget *widget,
         GdkRGBA   *fg,
         GdkRGBA   *accent)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    *accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };  /* libadwaita's blue 3 */
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
redraw_on_style_change (GtkWidget *area)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), area, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (gtk_widget_queue_draw), area, G_CONNECT_SWAPPED);
}

/* ---- timeline ------------------------------------------------------------ */

#define AXIS_H 20.0
#define TOP_PAD 18.0

static guint
max_count (GArray *months)
{
  guint max = 0;

  for (guint i = 0; i < months->len; i++)
    max = MAX (max, g_array_index (months, VeilViewMonth, i).count);
  return max;
}

static void
draw_timeline (GtkDrawingArea *area,
               cairo_t        *cr,
               int             width,
               int             height,
               gpointer        data)
{
  GArray *months = data;
  GdkRGBA fg, accent;
  double plot_h = height - AXIS_H - TOP_PAD;
  double bar_w;
  guint max = max_count (months);
  g_autofree char *max_text = NULL;
  PangoLayout *layout;

  if (months->len == 0 || max == 0)
    return;
  palette (GTK_WIDGET (area), &fg, &accent);
  bar_w = (double) width / months->len;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);

  /* Baseline and the scale's top, quiet. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, TOP_PAD + plot_h + 0.5);
  cairo_line_to (cr, width, TOP_PAD + plot_h + 0.5);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  /* Translators: the scale of a chart: at most this many events in a month. */
  max_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", max), max);
  pango_layout_set_text (layout, max_text, -1);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, layout);

  gdk_cairo_set_source_rgba (cr, &accent);
  for (guint i = 0; i < months->len; i++)
    {
      VeilViewMonth *m = &g_array_index (months, VeilViewMonth, i);
      double h = plot_h * m->count / max;
      double gap = bar_w > 4 ? 1.0 : 0.0;

      if (m->count > 0 && h < 1.5)
        h = 1.5;  /* a month with a few events is not a month with none */
      cairo_rectangle (cr, i * bar_w + gap / 2, TOP_PAD + plot_h - h, MAX (bar_w - gap, 0.5), h);
    }
  cairo_fill (cr);

  /* Years under their Januaries, skipping labels that would collide. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  {
    double next_free = 0;

    for (guint i = 0; i < months->len; i++)
      {
        VeilViewMonth *m = &g_array_index (months, VeilViewMonth, i);
        char year[16];
        int tw, th;

        if (m->month != 1 && i != 0)
          continue;
        g_snprintf (year, sizeof year, "%d", m->year);
        pango_layout_set_text (layout, year, -1);
        pango_layout_get_pixel_size (layout, &tw, &th);
        if (i * bar_w < next_free || i * bar_w + tw > width)
          continue;
        cairo_move_to (cr, i * bar_w, height - th);
        pango_cairo_show_layout (cr, layout);
        next_free = i * bar_w + tw + 8;
      }
  }
  g_object_unref (layout);
}

static gboolean
timeline_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  GArray     *months)
{
  int width = gtk_widget_get_width (widget);
  guint i;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *month = NULL;
  g_autofree char *text = NULL;
  VeilViewMonth *m;

  if (months->len == 0 || width <= 0 || x < 0)
    return FALSE;
  i = MIN ((guint) ((double) x * months->len / width), months->len - 1);
  m = &g_array_index (months, VeilViewMonth, i);
  dt = g_date_time_new_utc (m->year, m->month, 1, 0, 0, 0);
  month = dt != NULL ? g_date_time_format (dt, "%B %Y") : g_strdup ("?");
  /* Translators: "March 2021: 12 events". */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u event", "%s: %u events", m->count),
                          month, m->count);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

GtkWidget *
veil_accounts_timeline_new (GArray *months)
{
  GtkWidget *area = gtk_drawing_area_new ();
  GArray *copy = g_array_copy (months);
  g_autofree char *label = NULL;

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 140);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_timeline, copy,
                                  (GDestroyNotify) g_array_unref);
  gtk_widget_set_has_tooltip (area, TRUE);
  g_signal_connect_data (area, "query-tooltip", G_CALLBACK (timeline_tooltip),
                         g_array_ref (copy), (GClosureNotify) (void (*)(void)) g_array_unref, 0);
  if (copy->len > 0)
    {
      VeilViewMonth *first = &g_array_index (copy, VeilViewMonth, 0);
      VeilViewMonth *last = &g_array_index (copy, VeilViewMonth, copy->len - 1);
      /* Translators: accessible description of a bar chart. */
      label = g_strdup_printf (_("Chart of events per month from %d-%02d to %d-%02d, at most %u in a month"),
                               first->year, first->month, last->year, last->month, max_count (copy));
      gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  gtk_widget_add_css_class (area, "chart");
  redraw_on_style_change (area);
  return area;
}

/* ---- world map ------------------------------------------------------------ */

/* Coastlines as lon,lat pairs; lines end with NAN. Read once. */
static GArray *
coastline (void)
{
  static GArray *coords;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;

  if (coords != NULL)
    return coords;
  coords = g_array_new (FALSE, FALSE, sizeof (double));
  bytes = g_resources_lookup_data (APP_ID_PATH "/ui/veil-accounts-world.txt", 0, NULL);
  if (bytes == NULL)
    return coords;
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) pairs = NULL;
      double nan_value = NAN;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      pairs = g_strsplit (lines[i], " ", -1);
      for (guint p = 0; pairs[p] != NULL; p++)
        {
          char *end = NULL;
          double lon = g_ascii_strtod (pairs[p], &end);
          double lat = end != NULL && *end == ',' ? g_ascii_strtod (end + 1, NULL) : NAN;

          if (isnan (lat))
            continue;
          g_array_append_val (coords, lon);
          g_array_append_val (coords, lat);
        }
      g_array_append_val (coords, nan_value);
    }
  return coords;
}

/* Equirectangular, cut at 60° S: Antarctica holds few logins. */
#define LAT_TOP 84.0
#define LAT_BOTTOM -60.0

static void
project (double  lon,
         double  lat,
         double  scale,
         double  x0,
         double  y0,
         double *x,
         double *y)
{
  *x = x0 + (lon + 180.0) * scale;
  *y = y0 + (LAT_TOP - CLAMP (lat, LAT_BOTTOM - 5, LAT_TOP)) * scale;
}

static void
draw_map (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  GArray *points = data;
  GArray *coast = coastline ();
  GdkRGBA fg, accent;
  double scale = MIN (width / 360.0, height / (LAT_TOP - LAT_BOTTOM));
  double x0 = (width - 360.0 * scale) / 2;
  double y0 = (height - (LAT_TOP - LAT_BOTTOM) * scale) / 2;
  gboolean pen_down = FALSE;

  palette (GTK_WIDGET (area), &fg, &accent);
  cairo_rectangle (cr, x0, y0, 360.0 * scale, (LAT_TOP - LAT_BOTTOM) * scale);
  cairo_clip (cr);

  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < coast->len; i++)
    {
      double lon = g_array_index (coast, double, i);
      double x, y;

      if (isnan (lon))
        {
          pen_down = FALSE;
          continue;
        }
      project (lon, g_array_index (coast, double, ++i), scale, x0, y0, &x, &y);
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);

  /* Many points at one place build up to a solid dot. */
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, points->len > 200 ? 0.35 : 0.85);
  for (guint i = 0; i < points->len; i++)
    {
      VeilViewPoint *p = &g_array_index (points, VeilViewPoint, i);
      double x, y;

      project (p->lon, p->lat, scale, x0, y0, &x, &y);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

GtkWidget *
veil_accounts_map_new (GArray *points)
{
  GtkWidget *area = gtk_drawing_area_new ();
  g_autofree char *label = NULL;

  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 240);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_map, g_array_copy (points),
                                  (GDestroyNotify) g_array_unref);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "World map with %u place the export recorded",
                                        "World map with %u places the export recorded", points->len),
                           points->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_add_css_class (area, "chart");
  redraw_on_style_change (area);
  return area;
}
