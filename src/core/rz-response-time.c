/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-response-time.h"

RzWaitLevel
rz_response_time_level (gint64 waited_seconds,
                        gint64 target_seconds)
{
  if (target_seconds <= 0)
    target_seconds = RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES * 60;

  if (waited_seconds >= target_seconds)
    return RZ_WAIT_LEVEL_OVERDUE;
  /* Compare in integers: 4 * waited >= 3 * target is "75% used up". */
  if (waited_seconds >= 0 && 4 * waited_seconds >= 3 * target_seconds)
    return RZ_WAIT_LEVEL_SOON;
  return RZ_WAIT_LEVEL_FINE;
}

char *
rz_response_time_format_wait (gint64 waited_seconds)
{
  gint64 minutes, hours, days;

  if (waited_seconds < 60)
    return g_strdup (_("just now"));

  minutes = waited_seconds / 60;
  if (minutes < 60)
    /* Translators: a short waiting time in a list row, e.g. "12 min" */
    return g_strdup_printf (ngettext ("%d min", "%d min", (gulong) minutes), (int) minutes);

  hours = minutes / 60;
  if (hours < 48)
    /* Translators: a short waiting time in a list row, e.g. "3 h" */
    return g_strdup_printf (ngettext ("%d h", "%d h", (gulong) hours), (int) hours);

  days = hours / 24;
  return g_strdup_printf (ngettext ("%d day", "%d days", (gulong) days), (int) MIN (days, G_MAXINT));
}
