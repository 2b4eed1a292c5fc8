/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The plan's default target: a few business hours. A day is too late. */
#define RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES 240

typedef enum {
  RZ_WAIT_LEVEL_FINE,      /* well within the target */
  RZ_WAIT_LEVEL_SOON,      /* three quarters of the target are used up */
  RZ_WAIT_LEVEL_OVERDUE,   /* the target has passed */
} RzWaitLevel;

RzWaitLevel  rz_response_time_level       (gint64 waited_seconds,
                                           gint64 target_seconds);
/* "12 min", "3 h", "2 days": short, translated, for a list row. */
char        *rz_response_time_format_wait (gint64 waited_seconds);

G_END_DECLS
