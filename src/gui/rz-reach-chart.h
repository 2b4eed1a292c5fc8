/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rz-catalogue.h"
#include "rz-profile.h"

G_BEGIN_DECLS

#define RZ_TYPE_REACH_CHART (rz_reach_chart_get_type ())
G_DECLARE_FINAL_TYPE (RzReachChart, rz_reach_chart, RZ, REACH_CHART, GtkWidget)

/* Grouped bars of the weekly reach per age band for a few channels, the
 * bands of the user's audiences highlighted, estimates hatched, with a
 * legend and the sources below. Screen readers get the figures as the
 * accessible description. */
GtkWidget *rz_reach_chart_new          (void);
/* @channels holds RzChannelInfo, in legend order; NULL clears. */
void       rz_reach_chart_set_channels (RzReachChart *self,
                                        GPtrArray    *channels);
/* Highlights the age bands the profile's audiences cover. */
void       rz_reach_chart_set_profile  (RzReachChart *self,
                                        RzProfile    *profile);
/* The summary the accessible description carries, for tests. */
char      *rz_reach_chart_dup_summary  (RzReachChart *self);

G_END_DECLS
