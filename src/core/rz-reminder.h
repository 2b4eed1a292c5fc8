/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The daily reminder of comments waiting for an answer. Pure: the caller
 * passes the clock and the time zone with @now. */

/* Reads "HH:MM" (00:00 to 23:59, one or two digits for the hour). */
gboolean   rz_reminder_parse_time   (const char *text,
                                     int        *hour,
                                     int        *minute);

/* The next moment strictly after @now at which the wall clock of @now's
 * time zone shows @hour:@minute. Days are counted on the calendar, not in
 * 24-hour steps, so the reminder stays at its time across daylight saving
 * changes; on the day a time does not exist (the clocks skip it) it comes
 * as soon as the clocks have jumped, and on the day a time exists twice it
 * comes only once, the first time. */
GDateTime *rz_reminder_next         (GDateTime  *now,
                                     int         hour,
                                     int         minute);

/* "12 comments waiting, 3 critical"; NULL when nothing waits. */
char      *rz_reminder_dup_message  (guint       n_waiting,
                                     guint       n_critical);

G_END_DECLS
