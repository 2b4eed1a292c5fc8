/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-response"

#include <glib/gi18n.h>

#include "rz-catalogue.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-plan.h"
#include "rz-response-chart.h"
#include "rz-response-figures.h"
#include "rz-response-summary.h"
#include "rz-response-time.h"

#define DAY_SECONDS (24 * 3600)

struct _RzResponseSummary
{
  AdwBin           parent_instance;

  RzContext       *context;
  RzCatalogue     *catalogue;
  GCancellable    *cancellable;
  GPtrArray       *week;      /* RzResponseStats, all channels first */
  GPtrArray       *month;
  GHashTable      *targets;   /* channel id → GUINT_TO_POINTER (minutes) */
  char            *line;

  GtkMenuButton   *button;
  GtkPopover      *popover;
  GtkLabel        *line_label;
  GtkToggleButton *week_button;
  GtkToggleButton *month_button;
  GtkLabel        *period_label;
  GtkGrid         *table;
  RzResponseChart *chart;
};

G_DEFINE_FINAL_TYPE (RzResponseSummary, rz_response_summary, ADW_TYPE_BIN)

static const char *
channel_name (RzResponseSummary *self,
              const char        *channel_id)
{
  RzChannelInfo *channel = NULL;

  if (channel_id == NULL)
    return _("All channels");
  if (self->catalogue != NULL)
    channel = rz_catalogue_lookup (self->catalogue, channel_id);
  return channel != NULL ? rz_channel_info_get_name (channel) : channel_id;
}

static guint
target_minutes (RzResponseSummary *self,
                const char        *channel_id)
{
  guint minutes = 0;

  if (self->targets != NULL && channel_id != NULL)
    minutes = GPOINTER_TO_UINT (g_hash_table_lookup (self->targets, channel_id));
  return minutes > 0 ? minutes : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES;
}

static void
add_cell (RzResponseSummary *self,
          const char        *text,
          int                column,
          int                row,
          gboolean           heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_grid_attach (self->table, label, column, row, 1, 1);
}

static void
show_period (RzResponseSummary *self)
{
  gboolean month = gtk_toggle_button_get_active (self->month_button);
  GPtrArray *stats = month ? self->month : self->week;
  guint days = month ? RZ_RESPONSE_STATS_MONTH : RZ_RESPONSE_STATS_WEEK;
  g_autoptr(GPtrArray) channels = g_ptr_array_new ();
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree const char **names = NULL;
  g_autofree guint *targets = NULL;
  g_autofree char *line = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);

  line = rz_response_figures_format_line (stats != NULL && stats->len > 0 ? g_ptr_array_index (stats, 0) : NULL, days);
  gtk_label_set_text (self->period_label, line);
  g_string_append (description, line);

  if (stats == NULL || stats->len <= 1)
    {
      rz_response_chart_set_data (self->chart, NULL, NULL, NULL, line);
      gtk_widget_set_visible (GTK_WIDGET (self->table), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->chart), FALSE);
      return;
    }

  /* Translators: column headings of the response-time table */
  add_cell (self, _("Channel"), 0, 0, TRUE);
  add_cell (self, _("Comments"), 1, 0, TRUE);
  add_cell (self, _("Median"), 2, 0, TRUE);
  add_cell (self, _("90 % Within"), 3, 0, TRUE);
  add_cell (self, _("Within Target"), 4, 0, TRUE);

  names = g_new0 (const char *, stats->len);
  targets = g_new0 (guint, stats->len);
  for (guint i = 0; i < stats->len; i++)
    {
      const RzResponseStats *entry = g_ptr_array_index (stats, i);
      g_autofree char *n = g_strdup_printf ("%u", entry->n_comments);
      g_autofree char *median = rz_response_figures_format_duration (entry->median_seconds);
      g_autofree char *p90 = rz_response_figures_format_duration (entry->p90_seconds);
      g_autofree char *share = rz_response_figures_format_share (entry->share_within_target);
      g_autofree char *sentence = NULL;
      const char *name = channel_name (self, entry->channel);

      add_cell (self, name, 0, i + 1, FALSE);
      add_cell (self, n, 1, i + 1, FALSE);
      add_cell (self, median, 2, i + 1, FALSE);
      add_cell (self, p90, 3, i + 1, FALSE);
      add_cell (self, share, 4, i + 1, FALSE);

      if (i == 0)
        continue;
      sentence = rz_response_figures_format_sentence (entry, name);
      g_string_append_c (description, ' ');
      g_string_append (description, sentence);
      g_ptr_array_add (channels, (gpointer) entry);
      names[channels->len - 1] = name;
      targets[channels->len - 1] = target_minutes (self, entry->channel);
    }

  rz_response_chart_set_data (self->chart, channels, names, targets, description->str);
  gtk_widget_set_visible (GTK_WIDGET (self->table), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), TRUE);
}

static void
show_figures (RzResponseSummary *self)
{
  g_free (self->line);
  self->line = rz_response_figures_format_line (self->week != NULL ? g_ptr_array_index (self->week, 0) : NULL,
                                                RZ_RESPONSE_STATS_WEEK);
  gtk_label_set_text (self->line_label, self->line);
  /* Translators: what a screen reader says for the inbox header button,
   * %s is e.g. “Median 2 h 10 min · 90 % within 4 h · 87 % within target” */
  {
    g_autofree char *label = g_strdup_printf (_("Response times, last 7 days: %s"), self->line);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  show_period (self);
}

/* --- loading ------------------------------------------------------------- */

typedef struct {
  GPtrArray  *week;
  GPtrArray  *month;
  GHashTable *targets;
} Figures;

static void
figures_free (gpointer data)
{
  Figures *figures = data;

  g_clear_pointer (&figures->week, g_ptr_array_unref);
  g_clear_pointer (&figures->month, g_ptr_array_unref);
  g_clear_pointer (&figures->targets, g_hash_table_unref);
  g_free (figures);
}

static gpointer
figures_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(RzPlan) plan = NULL;
  g_autoptr(GError) plan_error = NULL;
  Figures *figures;

  samples = rz_database_list_response_samples (db, now - RZ_RESPONSE_STATS_MONTH * DAY_SECONDS, error);
  if (samples == NULL)
    return NULL;

  figures = g_new0 (Figures, 1);
  figures->targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Without a plan every channel has the default target. */
  plan = rz_database_dup_plan (db, &plan_error);
  if (plan_error != NULL)
    g_debug ("No plan for the targets: %s", plan_error->message);
  for (guint i = 0; plan != NULL && i < rz_plan_get_n_entries (plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (plan, i);

      if (rz_plan_entry_get_response_minutes (entry) > 0)
        g_hash_table_insert (figures->targets, g_strdup (rz_plan_entry_get_channel_id (entry)),
                             GUINT_TO_POINTER (rz_plan_entry_get_response_minutes (entry)));
    }

  figures->week = rz_response_figures_compute ((const RzResponseSample *) (gpointer) samples->data, samples->len,
                                               now, RZ_RESPONSE_STATS_WEEK, figures->targets);
  figures->month = rz_response_figures_compute ((const RzResponseSample *) (gpointer) samples->data, samples->len,
                                                now, RZ_RESPONSE_STATS_MONTH, figures->targets);
  return figures;
}

static void
figures_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzResponseSummary) self = user_data;
  g_autoptr(GError) error = NULL;
  Figures *figures;

  figures = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (figures == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not compute the response times: %s", error->message);
      return;
    }

  g_clear_pointer (&self->week, g_ptr_array_unref);
  g_clear_pointer (&self->month, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  self->week = g_steal_pointer (&figures->week);
  self->month = g_steal_pointer (&figures->month);
  self->targets = g_steal_pointer (&figures->targets);
  figures_free (figures);
  show_figures (self);
}

static void
reload (RzResponseSummary *self)
{
  RzDatabase *db = self->context != NULL ? rz_context_get_database (self->context) : NULL;

  if (db == NULL)
    return;
  rz_database_run_async (db, figures_job, NULL, NULL, figures_free, self->cancellable,
                         figures_cb, g_object_ref (self));
}

void
rz_response_summary_set_context (RzResponseSummary *self,
                                 RzContext         *context)
{
  g_return_if_fail (RZ_IS_RESPONSE_SUMMARY (self));
  g_return_if_fail (context == NULL || RZ_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_object (context, "data-changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      /* The database opens after the window: reload once it is there. */
      g_signal_connect_object (context, "notify::database", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  reload (self);
}

const char *
rz_response_summary_get_line (RzResponseSummary *self)
{
  g_return_val_if_fail (RZ_IS_RESPONSE_SUMMARY (self), NULL);
  return self->line;
}

/* --- lifetime ------------------------------------------------------------ */

static void
rz_response_summary_dispose (GObject *object)
{
  RzResponseSummary *self = RZ_RESPONSE_SUMMARY (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RZ_TYPE_RESPONSE_SUMMARY);
  g_clear_object (&self->context);
  g_clear_object (&self->catalogue);

  G_OBJECT_CLASS (rz_response_summary_parent_class)->dispose (object);
}

static void
rz_response_summary_finalize (GObject *object)
{
  RzResponseSummary *self = RZ_RESPONSE_SUMMARY (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->week, g_ptr_array_unref);
  g_clear_pointer (&self->month, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_hash_table_unref);
  g_clear_pointer (&self->line, g_free);

  G_OBJECT_CLASS (rz_response_summary_parent_class)->finalize (object);
}

static void
rz_response_summary_class_init (RzResponseSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_response_summary_dispose;
  object_class->finalize = rz_response_summary_finalize;

  g_type_ensure (RZ_TYPE_RESPONSE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-response-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, button);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, popover);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, line_label);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, week_button);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, month_button);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, period_label);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, table);
  gtk_widget_class_bind_template_child (widget_class, RzResponseSummary, chart);
}

static void
rz_response_summary_init (RzResponseSummary *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->catalogue = rz_catalogue_new_default (&error);
  if (self->catalogue == NULL)
    g_warning ("No channel names: %s", error->message);

  g_signal_connect_object (self->month_button, "toggled", G_CALLBACK (show_period), self, G_CONNECT_SWAPPED);
  /* Fresh figures each time the details open: times pass. */
  g_signal_connect_object (self->popover, "show", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  show_figures (self);
}
