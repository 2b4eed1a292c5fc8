/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-reminder.h"

gboolean
rz_reminder_parse_time (const char *text,
                        int        *hour,
                        int        *minute)
{
  guint64 h, m;
  const char *colon;
  g_autofree char *hours = NULL;

  if (text == NULL || (colon = strchr (text, ':')) == NULL)
    return FALSE;

  hours = g_strndup (text, colon - text);
  if (hours[0] == '\0' || strlen (hours) > 2 || strlen (colon + 1) != 2 ||
      !g_ascii_string_to_unsigned (hours, 10, 0, 23, &h, NULL) ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 59, &m, NULL))
    return FALSE;

  if (hour != NULL)
    *hour = (int) h;
  if (minute != NULL)
    *minute = (int) m;
  return TRUE;
}

/* The first moment at which @tz's wall clock shows the given local time:
 * when the clocks go back, a time comes twice and g_date_time_new() would
 * give the second one. NULL when the time does not exist (the clocks skip
 * it). */
static GDateTime *
first_occurrence (GTimeZone *tz,
                  int        year,
                  int        month,
                  int        day,
                  int        hour,
                  int        minute)
{
  g_autoptr(GDateTime) as_utc = g_date_time_new_utc (year, month, day, hour, minute, 0);
  gint64 local = g_date_time_to_unix (as_utc);
  GDateTime *first = NULL;
  static const GTimeType types[] = { G_TIME_TYPE_DAYLIGHT, G_TIME_TYPE_STANDARD };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      int interval = g_time_zone_find_interval (tz, types[i], local);
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) candidate = NULL;

      if (interval < 0)
        continue;
      utc = g_date_time_new_from_unix_utc (local - g_time_zone_get_offset (tz, interval));
      candidate = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      /* Only a real reading of the clock counts. */
      if (candidate == NULL || g_date_time_get_hour (candidate) != hour ||
          g_date_time_get_minute (candidate) != minute || g_date_time_get_day_of_month (candidate) != day)
        continue;
      if (first == NULL || g_date_time_compare (candidate, first) < 0)
        {
          g_clear_pointer (&first, g_date_time_unref);
          first = g_steal_pointer (&candidate);
        }
    }
  return first;
}

/* @hour:@minute on the calendar day @days after @now's, in @now's zone. A
 * time the clocks skip becomes the moment of the jump, as g_date_time_new()
 * moves it. */
static GDateTime *
at_day (GDateTime *now,
        int        days,
        int        hour,
        int        minute)
{
  GTimeZone *tz = g_date_time_get_timezone (now);
  GDateTime *first;
  GDate date;
  int y, m, d;

  g_date_time_get_ymd (now, &y, &m, &d);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  g_date_add_days (&date, (guint) days);

  first = first_occurrence (tz, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                            hour, minute);
  if (first != NULL)
    return first;
  return g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                          hour, minute, 0);
}

GDateTime *
rz_reminder_next (GDateTime *now,
                  int        hour,
                  int        minute)
{
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (hour >= 0 && hour < 24, NULL);
  g_return_val_if_fail (minute >= 0 && minute < 60, NULL);

  for (int days = 0; days < 3; days++)
    {
      g_autoptr(GDateTime) candidate = at_day (now, days, hour, minute);

      if (candidate != NULL && g_date_time_compare (candidate, now) > 0)
        return g_steal_pointer (&candidate);
    }

  g_return_val_if_reached (NULL);
}

char *
rz_reminder_dup_message (guint n_waiting,
                         guint n_critical)
{
  g_autofree char *waiting = NULL;

  if (n_waiting == 0)
    return NULL;

  /* Translators: the start of the daily reminder, e.g. “12 comments waiting” */
  waiting = g_strdup_printf (ngettext ("%u comment waiting", "%u comments waiting", n_waiting), n_waiting);
  if (n_critical == 0)
    return g_steal_pointer (&waiting);

  /* Translators: %1$s is e.g. “12 comments waiting”, %2$u how many of them
   * are critical: “12 comments waiting, 3 critical” */
  return g_strdup_printf (ngettext ("%1$s, %2$u critical", "%1$s, %2$u critical", n_critical),
                          waiting, n_critical);
}
