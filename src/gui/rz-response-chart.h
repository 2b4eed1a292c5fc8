/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RZ_TYPE_RESPONSE_CHART (rz_response_chart_get_type ())
G_DECLARE_FINAL_TYPE (RzResponseChart, rz_response_chart, RZ, RESPONSE_CHART, GtkWidget)

/* One horizontal bar per channel: the time to the first answer, the median
 * solid, the 90th percentile lighter behind it, the channel's target as a
 * line. Screen readers get the figures as the accessible description. */
GtkWidget *rz_response_chart_new      (void);

/* @names[i] is the channel shown for @stats[i] (RzResponseStats),
 * @targets[i] its target in minutes. @description is what a screen reader
 * says instead. */
void       rz_response_chart_set_data (RzResponseChart *self,
                                       GPtrArray       *stats,
                                       const char * const *names,
                                       const guint     *targets,
                                       const char      *description);

G_END_DECLS
