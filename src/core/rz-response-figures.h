/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-response-stats.h"

G_BEGIN_DECLS

/* The response-time figures as the inbox shows them, translated. */

/* "2 h 10 min", "45 min", "3 days"; rounded to the minute; "—" for a
 * negative value (nothing answered). */
char *rz_response_figures_format_duration (double                 seconds);
/* "87 %"; "—" for NAN (nothing due yet). */
char *rz_response_figures_format_share    (double                 share);
/* The header line: "Median 2 h 10 min · 90 % within 4 h · 87 % within
 * target", shorter when a figure is missing, or what there is instead
 * ("No comments in the last 7 days"). */
char *rz_response_figures_format_line     (const RzResponseStats *stats,
                                           guint                  days);
/* One sentence for a screen reader: "Mastodon: 12 comments, 10 answered,
 * median 2 h 10 min, 90 % within 4 h, 87 % within target." */
char *rz_response_figures_format_sentence (const RzResponseStats *stats,
                                           const char            *label);

/* The statistics for comments written in (now - days, now] with each
 * channel judged against its own target: @targets maps a channel id to
 * GUINT_TO_POINTER (minutes) (NULL, or a channel missing: the default
 * target). The first entry is for all channels together; its share within
 * target sums the channels' own verdicts. Then one per channel, by id. */
GPtrArray *rz_response_figures_compute    (const RzResponseSample *samples,
                                           gsize                   n_samples,
                                           gint64                  now,
                                           guint                   days,
                                           GHashTable             *targets);

G_END_DECLS
