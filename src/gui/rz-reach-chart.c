/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rz-reach-chart.h"

#define PLOT_HEIGHT      180.0
#define SWATCH           12.0
#define LEGEND_GAP       6.0
#define LEGEND_ITEM_GAP  18.0
#define LEGEND_SPACING   4.0
#define SECTION_SPACING  12.0
#define MAX_BAR_WIDTH    34.0
#define HATCH_STEP       5.0

struct _RzReachChart
{
  GtkWidget  parent_instance;

  GPtrArray *channels;
  gboolean   highlighted[RZ_N_AGE_BANDS];
  GtkWidget *sources_label;
};

G_DEFINE_FINAL_TYPE (RzReachChart, rz_reach_chart, GTK_TYPE_WIDGET)

/* GNOME's palette: blue, orange, green, purple, red, yellow, brown; far
 * apart in hue and readable on light and dark backgrounds. */
static const GdkRGBA palette[] = {
  { 0.208f, 0.518f, 0.894f, 1.0f },
  { 1.000f, 0.471f, 0.000f, 1.0f },
  { 0.180f, 0.761f, 0.494f, 1.0f },
  { 0.569f, 0.255f, 0.675f, 1.0f },
  { 0.878f, 0.106f, 0.141f, 1.0f },
  { 0.898f, 0.647f, 0.039f, 1.0f },
  { 0.596f, 0.416f, 0.267f, 1.0f },
};

static const GdkRGBA highlight_color = { 0.208f, 0.518f, 0.894f, 0.13f };

typedef enum {
  SWATCH_SOLID,
  SWATCH_HATCHED,
  SWATCH_HIGHLIGHT,
} SwatchKind;

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static char *
dup_band_short_label (RzAgeBand band)
{
  int age_min, age_max;

  rz_age_band_get_range (band, &age_min, &age_max);
  if (band == RZ_N_AGE_BANDS - 1)
    /* Translators: an age band on the chart axis, like "70+". */
    return g_strdup_printf (_("%d+"), age_min);
  /* Translators: an age band on the chart axis, like "14–29". */
  return g_strdup_printf (_("%d–%d"), age_min, age_max);
}

static void
draw_hatched_rect (cairo_t       *cr,
                   const GdkRGBA *color,
                   double         x,
                   double         y,
                   double         width,
                   double         height)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.28);
  cairo_fill_preserve (cr);
  cairo_clip (cr);

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  for (double d = -height; d < width + height; d += HATCH_STEP)
    {
      cairo_move_to (cr, x + d, y + height);
      cairo_line_to (cr, x + d + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x + 0.5, y + 0.5, MAX (width - 1.0, 0), MAX (height - 1.0, 0));
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_swatch (cairo_t       *cr,
             SwatchKind     kind,
             const GdkRGBA *color,
             double         x,
             double         y)
{
  switch (kind)
    {
    case SWATCH_HATCHED:
      draw_hatched_rect (cr, color, x, y, SWATCH, SWATCH);
      break;
    case SWATCH_HIGHLIGHT:
      gdk_cairo_set_source_rgba (cr, &highlight_color);
      cairo_rectangle (cr, x, y, SWATCH, SWATCH);
      cairo_fill (cr);
      break;
    case SWATCH_SOLID:
    default:
      gdk_cairo_set_source_rgba (cr, color);
      cairo_rectangle (cr, x, y, SWATCH, SWATCH);
      cairo_fill (cr);
      break;
    }
}

static gboolean
has_estimates (RzReachChart *self)
{
  for (guint i = 0; self->channels != NULL && i < self->channels->len; i++)
    for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
      if (rz_channel_info_get_reach (g_ptr_array_index (self->channels, i), band)->estimate)
        return TRUE;
  return FALSE;
}

static gboolean
has_highlight (RzReachChart *self)
{
  for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
    if (self->highlighted[band])
      return TRUE;
  return FALSE;
}

/* Lays out the legend for @width and returns its height; draws it when
 * @cr is set. */
static double
layout_legend (RzReachChart *self,
               double        width,
               cairo_t      *cr,
               const GdkRGBA *foreground)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_channels = self->channels != NULL ? self->channels->len : 0;
  double x = 0, y = 0, line_height = SWATCH;

  for (guint i = 0; i < n_channels + 2; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      SwatchKind kind;
      const GdkRGBA *color = foreground;
      const char *text;
      int text_width, text_height;
      double item_width;

      if (i < n_channels)
        {
          kind = SWATCH_SOLID;
          color = &palette[i % G_N_ELEMENTS (palette)];
          text = rz_channel_info_get_name (g_ptr_array_index (self->channels, i));
        }
      else if (i == n_channels)
        {
          if (!has_estimates (self))
            continue;
          kind = SWATCH_HATCHED;
          /* Translators: legend of the reach chart, for hatched bars. */
          text = _("Estimate");
        }
      else
        {
          if (!has_highlight (self))
            continue;
          kind = SWATCH_HIGHLIGHT;
          /* Translators: legend of the reach chart, for the shaded age bands. */
          text = _("Your audiences");
        }

      layout = gtk_widget_create_pango_layout (widget, text);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      line_height = MAX (line_height, text_height);
      item_width = SWATCH + LEGEND_GAP + text_width;

      if (x > 0 && x + item_width > width)
        {
          x = 0;
          y += line_height + LEGEND_SPACING;
        }

      if (cr != NULL)
        {
          draw_swatch (cr, kind, color, x, y + (text_height - SWATCH) / 2.0);
          gdk_cairo_set_source_rgba (cr, foreground);
          cairo_move_to (cr, x + SWATCH + LEGEND_GAP, y);
          pango_cairo_show_layout (cr, layout);
        }
      x += item_width + LEGEND_ITEM_GAP;
    }

  return y + line_height;
}

static int
text_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* Height of everything above the sources line. */
static double
chart_height (RzReachChart *self,
              double        width)
{
  int line = text_height (GTK_WIDGET (self));

  return layout_legend (self, width, NULL, NULL) + SECTION_SPACING +
         line / 2.0 + PLOT_HEIGHT + 6.0 + line + SECTION_SPACING;
}

static double
axis_width (GtkWidget *widget)
{
  /* Translators: a value on the chart's axis; keep %d and %%. */
  g_autofree char *text = g_strdup_printf (_("%d%%"), 100);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width + 8.0;
}

static void
draw_centered (cairo_t     *cr,
               PangoLayout *layout,
               double       center_x,
               double       y)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  cairo_move_to (cr, center_x - width / 2.0, y);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_chart (RzReachChart *self,
            cairo_t      *cr,
            double        width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_channels = self->channels != NULL ? self->channels->len : 0;
  PangoAttrList *bold = pango_attr_list_new ();
  PangoAttrList *small = pango_attr_list_new ();
  GdkRGBA foreground;
  double line = text_height (widget);
  double plot_left = axis_width (widget);
  double plot_top, group_width, bar_width, bars_width;

  get_foreground (widget, &foreground);
  pango_attr_list_insert (bold, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (small, pango_attr_scale_new (0.8));

  plot_top = layout_legend (self, width, cr, &foreground) + SECTION_SPACING + line / 2.0;
  group_width = (width - plot_left) / RZ_N_AGE_BANDS;
  bar_width = n_channels > 0 ? MIN (MAX_BAR_WIDTH, group_width * 0.8 / n_channels - 2.0) : 0;
  bar_width = MAX (bar_width, 2.0);
  bars_width = n_channels * (bar_width + 2.0) - 2.0;

  /* The bands of the user's audiences, behind everything else. */
  for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
    if (self->highlighted[band])
      {
        gdk_cairo_set_source_rgba (cr, &highlight_color);
        cairo_rectangle (cr, plot_left + band * group_width + 2.0, plot_top - line / 2.0,
                         group_width - 4.0, PLOT_HEIGHT + line / 2.0 + 6.0 + line);
        cairo_fill (cr);
      }

  /* Grid lines and their values. */
  for (int percent = 0; percent <= 100; percent += 25)
    {
      g_autofree char *text = g_strdup_printf (_("%d%%"), percent);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      double y = plot_top + PLOT_HEIGHT * (1.0 - percent / 100.0);
      int text_width;

      cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue,
                             percent == 0 ? 0.5 : 0.15);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, plot_left, floor (y) + 0.5);
      cairo_line_to (cr, width, floor (y) + 0.5);
      cairo_stroke (cr);

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.7);
      cairo_move_to (cr, plot_left - 8.0 - text_width, y - line / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
    {
      double group_x = plot_left + band * group_width;
      double center = group_x + group_width / 2.0;
      g_autofree char *label = dup_band_short_label (band);
      g_autoptr(PangoLayout) band_layout = gtk_widget_create_pango_layout (widget, label);

      for (guint i = 0; i < n_channels; i++)
        {
          const RzReachFigure *figure = rz_channel_info_get_reach (g_ptr_array_index (self->channels, i), band);
          const GdkRGBA *color = &palette[i % G_N_ELEMENTS (palette)];
          double percent = CLAMP (figure->percent, 0.0, 100.0);
          double height = PLOT_HEIGHT * percent / 100.0;
          double x = center - bars_width / 2.0 + i * (bar_width + 2.0);
          double y = plot_top + PLOT_HEIGHT - height;

          if (figure->estimate)
            draw_hatched_rect (cr, color, x, y, bar_width, height);
          else
            {
              gdk_cairo_set_source_rgba (cr, color);
              cairo_rectangle (cr, x, y, bar_width, height);
              cairo_fill (cr);
            }

          /* The figure above its bar, where it fits. */
          if (bar_width >= 16.0)
            {
              g_autofree char *value = g_strdup_printf ("%.0f", percent);
              g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, value);
              int value_width, value_height;

              pango_layout_set_attributes (layout, small);
              pango_layout_get_pixel_size (layout, &value_width, &value_height);
              if (value_width <= bar_width + 2.0)
                {
                  gdk_cairo_set_source_rgba (cr, &foreground);
                  draw_centered (cr, layout, x + bar_width / 2.0, y - value_height - 1.0);
                }
            }
        }

      if (self->highlighted[band])
        pango_layout_set_attributes (band_layout, bold);
      gdk_cairo_set_source_rgba (cr, &foreground);
      draw_centered (cr, band_layout, center, plot_top + PLOT_HEIGHT + 6.0);
    }

  pango_attr_list_unref (bold);
  pango_attr_list_unref (small);
}

static void
rz_reach_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  RzReachChart *self = RZ_REACH_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = chart_height (self, width);
  cairo_t *cr;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_chart (self, cr, width);
  cairo_destroy (cr);

  gtk_widget_snapshot_child (widget, self->sources_label, snapshot);
}

static GtkSizeRequestMode
rz_reach_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rz_reach_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  RzReachChart *self = RZ_REACH_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 560;
    }
  else
    {
      int width = for_size > 0 ? for_size : 560;
      int label_min, label_nat;

      gtk_widget_measure (self->sources_label, GTK_ORIENTATION_VERTICAL, width,
                          &label_min, &label_nat, NULL, NULL);
      *minimum = *natural = (int) ceil (chart_height (self, width)) + label_nat;
    }
}

static void
rz_reach_chart_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  RzReachChart *self = RZ_REACH_CHART (widget);
  int top = (int) ceil (chart_height (self, width));

  gtk_widget_size_allocate (self->sources_label,
                            &(GtkAllocation) { 0, top, width, MAX (height - top, 0) }, -1);
}

static void
rz_reach_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (rz_reach_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

char *
rz_reach_chart_dup_summary (RzReachChart *self)
{
  GString *summary;

  g_return_val_if_fail (RZ_IS_REACH_CHART (self), NULL);

  summary = g_string_new (_("People who use each channel at least once a week."));
  for (guint i = 0; self->channels != NULL && i < self->channels->len; i++)
    {
      RzChannelInfo *info = g_ptr_array_index (self->channels, i);

      g_string_append_c (summary, ' ');
      /* Translators: "Instagram: " before the figures for each age band. */
      g_string_append_printf (summary, _("%s: "), rz_channel_info_get_name (info));
      for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
        {
          const RzReachFigure *figure = rz_channel_info_get_reach (info, band);
          g_autofree char *label = dup_band_short_label (band);
          int percent = (int) round (figure->percent);

          if (band > 0)
            g_string_append (summary, ", ");
          if (figure->estimate)
            /* Translators: an estimated figure, like "70+: about 5%". */
            g_string_append_printf (summary, _("%s: about %d%%"), label, percent);
          else
            /* Translators: a measured figure, like "14–29: 80%". */
            g_string_append_printf (summary, _("%s: %d%%"), label, percent);
        }
      g_string_append_c (summary, '.');
    }

  if (has_highlight (self))
    {
      g_autoptr(GString) bands = g_string_new (NULL);

      for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
        if (self->highlighted[band])
          {
            g_autofree char *label = dup_band_short_label (band);

            if (bands->len > 0)
              g_string_append (bands, ", ");
            g_string_append (bands, label);
          }
      g_string_append_c (summary, ' ');
      /* Translators: %s lists age bands, like "30–49, 50–69". */
      g_string_append_printf (summary, _("Your audiences are in the age groups %s."), bands->str);
    }

  return g_string_free (summary, FALSE);
}

static void
update_sources (RzReachChart *self)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean own_estimates = FALSE;
  g_autofree char *summary = NULL;

  for (guint i = 0; self->channels != NULL && i < self->channels->len; i++)
    for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
      {
        const RzReachFigure *figure = rz_channel_info_get_reach (g_ptr_array_index (self->channels, i), band);
        g_autofree char *source = NULL;

        if (figure->source == NULL)
          {
            own_estimates = TRUE;
            continue;
          }
        source = figure->year > 0 ? g_strdup_printf ("%s %u", figure->source, figure->year)
                                  : g_strdup (figure->source);
        if (!g_ptr_array_find_with_equal_func (sources, source, g_str_equal, NULL))
          g_ptr_array_add (sources, g_steal_pointer (&source));
      }

  for (guint i = 0; i < sources->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (sources, i));
    }
  if (own_estimates)
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      /* Translators: in the list of sources, for figures without a study. */
      g_string_append (text, _("our own estimates"));
    }

  if (text->len > 0)
    {
      g_autofree char *line = NULL;

      if (has_estimates (self))
        /* Translators: %s lists studies, like "ARD/ZDF-Medienstudie 2024, Bitkom 2020". */
        line = g_strdup_printf (_("Sources: %s. Hatched bars are estimates based on these sources."), text->str);
      else
        line = g_strdup_printf (_("Sources: %s."), text->str);
      gtk_label_set_text (GTK_LABEL (self->sources_label), line);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->sources_label), "");
    }

  summary = rz_reach_chart_dup_summary (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
rz_reach_chart_set_channels (RzReachChart *self,
                             GPtrArray    *channels)
{
  g_return_if_fail (RZ_IS_REACH_CHART (self));

  g_clear_pointer (&self->channels, g_ptr_array_unref);
  self->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_channel_info_unref);
  for (guint i = 0; channels != NULL && i < channels->len; i++)
    g_ptr_array_add (self->channels, rz_channel_info_ref (g_ptr_array_index (channels, i)));
  update_sources (self);
}

void
rz_reach_chart_set_profile (RzReachChart *self,
                            RzProfile    *profile)
{
  double weights[RZ_N_AGE_BANDS] = { 0 };

  g_return_if_fail (RZ_IS_REACH_CHART (self));
  g_return_if_fail (profile == NULL || RZ_IS_PROFILE (profile));

  for (guint i = 0; profile != NULL && i < rz_profile_get_n_audiences (profile); i++)
    {
      const RzAudience *audience = rz_profile_get_audience (profile, i);

      rz_age_range_add_band_weights (audience->age_min, audience->age_max, weights);
    }
  for (guint band = 0; band < RZ_N_AGE_BANDS; band++)
    self->highlighted[band] = weights[band] > 0.0;
  update_sources (self);
}

static void
rz_reach_chart_dispose (GObject *object)
{
  RzReachChart *self = RZ_REACH_CHART (object);

  g_clear_pointer (&self->sources_label, gtk_widget_unparent);
  g_clear_pointer (&self->channels, g_ptr_array_unref);

  G_OBJECT_CLASS (rz_reach_chart_parent_class)->dispose (object);
}

static void
rz_reach_chart_class_init (RzReachChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_reach_chart_dispose;
  widget_class->snapshot = rz_reach_chart_snapshot;
  widget_class->get_request_mode = rz_reach_chart_get_request_mode;
  widget_class->measure = rz_reach_chart_measure;
  widget_class->size_allocate = rz_reach_chart_size_allocate;
  widget_class->css_changed = rz_reach_chart_css_changed;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "rz-reach-chart");
}

static void
rz_reach_chart_init (RzReachChart *self)
{
  self->sources_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->sources_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->sources_label), 0.0f);
  gtk_widget_add_css_class (self->sources_label, "caption");
  gtk_widget_add_css_class (self->sources_label, "dim-label");
  gtk_widget_set_parent (self->sources_label, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Weekly reach by age group"),
                                  -1);
  update_sources (self);
}

GtkWidget *
rz_reach_chart_new (void)
{
  return g_object_new (RZ_TYPE_REACH_CHART, NULL);
}
