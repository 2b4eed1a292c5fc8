/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-response-chart.h"
#include "rz-response-stats.h"

#define ROW_HEIGHT   26.0
#define BAR_HEIGHT   12.0
#define LABEL_WIDTH  110.0
#define GAP          8.0

typedef struct {
  char   *name;
  double  median;   /* seconds, -1: none */
  double  p90;
  double  target;   /* seconds */
} Row;

struct _RzResponseChart
{
  GtkWidget  parent_instance;

  GArray    *rows;   /* Row */
};

G_DEFINE_FINAL_TYPE (RzResponseChart, rz_response_chart, GTK_TYPE_WIDGET)

/* GNOME's blue and its light tint, the target in the palette's red. */
static const GdkRGBA median_color = { 0.208f, 0.518f, 0.894f, 1.0f };
static const GdkRGBA p90_color = { 0.208f, 0.518f, 0.894f, 0.35f };
static const GdkRGBA target_color = { 0.878f, 0.106f, 0.141f, 1.0f };

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->name);
}

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

static void
rz_response_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  RzResponseChart *self = RZ_RESPONSE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (LABEL_WIDTH + 120);
      *natural = (int) (LABEL_WIDTH + 280);
    }
  else
    *minimum = *natural = (int) (ROW_HEIGHT * MAX (self->rows->len, 1));
}

static void
rz_response_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RzResponseChart *self = RZ_RESPONSE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double plot = MAX (width - LABEL_WIDTH - GAP, 10.0);
  double scale = 0;
  GdkRGBA fg;

  get_foreground (widget, &fg);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);

      scale = MAX (scale, MAX (row->p90, row->target));
    }
  if (scale <= 0)
    return;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double y = i * ROW_HEIGHT;
      double bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, row->name);
      int text_width, text_height;

      pango_layout_set_width (layout, (int) (LABEL_WIDTH - GAP) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (float) (y + (ROW_HEIGHT - text_height) / 2)));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);

      if (row->p90 > 0)
        gtk_snapshot_append_color (snapshot, &p90_color,
                                   &GRAPHENE_RECT_INIT ((float) (LABEL_WIDTH + GAP), (float) bar_y,
                                                        (float) MAX (plot * row->p90 / scale, 2.0),
                                                        (float) BAR_HEIGHT));
      if (row->median >= 0)
        gtk_snapshot_append_color (snapshot, &median_color,
                                   &GRAPHENE_RECT_INIT ((float) (LABEL_WIDTH + GAP), (float) bar_y,
                                                        (float) MAX (plot * row->median / scale, 2.0),
                                                        (float) BAR_HEIGHT));
      if (row->target > 0)
        gtk_snapshot_append_color (snapshot, &target_color,
                                   &GRAPHENE_RECT_INIT ((float) (LABEL_WIDTH + GAP + plot * row->target / scale - 1),
                                                        (float) (y + 2), 2.0f, (float) (ROW_HEIGHT - 4)));
    }
}

void
rz_response_chart_set_data (RzResponseChart    *self,
                            GPtrArray          *stats,
                            const char * const *names,
                            const guint        *targets,
                            const char         *description)
{
  g_return_if_fail (RZ_IS_RESPONSE_CHART (self));

  g_array_set_size (self->rows, 0);
  for (guint i = 0; stats != NULL && i < stats->len; i++)
    {
      const RzResponseStats *entry = g_ptr_array_index (stats, i);
      Row row;

      row.name = g_strdup (names[i]);
      row.median = entry->median_seconds;
      row.p90 = entry->p90_seconds;
      row.target = (double) targets[i] * 60;
      g_array_append_val (self->rows, row);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description != NULL ? description : "",
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
rz_response_chart_finalize (GObject *object)
{
  RzResponseChart *self = RZ_RESPONSE_CHART (object);

  g_clear_pointer (&self->rows, g_array_unref);
  G_OBJECT_CLASS (rz_response_chart_parent_class)->finalize (object);
}

static void
rz_response_chart_class_init (RzResponseChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rz_response_chart_finalize;
  widget_class->measure = rz_response_chart_measure;
  widget_class->snapshot = rz_response_chart_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rz_response_chart_init (RzResponseChart *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time to the first answer per channel"),
                                  -1);
}

GtkWidget *
rz_response_chart_new (void)
{
  return g_object_new (RZ_TYPE_RESPONSE_CHART, NULL);
}
