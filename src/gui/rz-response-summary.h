/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_RESPONSE_SUMMARY (rz_response_summary_get_type ())
G_DECLARE_FINAL_TYPE (RzResponseSummary, rz_response_summary, RZ, RESPONSE_SUMMARY, AdwBin)

/* How fast comments get their first answer, for the inbox header: one
 * line for the last 7 days ("Median 2 h 10 min · 90 % within 4 h · 87 %
 * within target") that opens the figures per channel for 7 and 30 days,
 * with a chart. Each channel is judged against the plan's target for it.
 * Reloads when the context's data change. */
void       rz_response_summary_set_context (RzResponseSummary *self,
                                            RzContext         *context);
/* The header line as shown, for tests. */
const char *rz_response_summary_get_line   (RzResponseSummary *self);

G_END_DECLS
