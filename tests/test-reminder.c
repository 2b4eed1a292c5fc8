/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-reminder.h"

static void
test_parse_time (void)
{
  int hour = -1, minute = -1;

  g_assert_true (rz_reminder_parse_time ("09:00", &hour, &minute));
  g_assert_cmpint (hour, ==, 9);
  g_assert_cmpint (minute, ==, 0);
  g_assert_true (rz_reminder_parse_time ("7:05", &hour, &minute));
  g_assert_cmpint (hour, ==, 7);
  g_assert_cmpint (minute, ==, 5);
  g_assert_true (rz_reminder_parse_time ("23:59", &hour, &minute));
  g_assert_cmpint (hour, ==, 23);
  g_assert_cmpint (minute, ==, 59);

  for (const char * const *bad = (const char * const[]) { "24:00", "12:60", "12", "12:5", ":30", "ab:cd",
                                                          "-1:30", "123:00", "12:300", "", "12:3x", NULL };
       *bad != NULL; bad++)
    g_assert_false (rz_reminder_parse_time (*bad, &hour, &minute));
  g_assert_false (rz_reminder_parse_time (NULL, NULL, NULL));
}

static GDateTime *
berlin (int y, int mo, int d, int h, int mi)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");

  g_assert_nonnull (tz);
  return g_date_time_new (tz, y, mo, d, h, mi, 0);
}

static void
assert_next (GDateTime  *now,
             int         hour,
             int         minute,
             const char *expected)
{
  g_autoptr(GDateTime) next = rz_reminder_next (now, hour, minute);
  g_autofree char *text = g_date_time_format_iso8601 (next);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpint (g_date_time_compare (next, now), >, 0);
}

static void
test_next_plain (void)
{
  g_autoptr(GDateTime) morning = berlin (2026, 5, 4, 8, 30);
  g_autoptr(GDateTime) exactly = berlin (2026, 5, 4, 9, 0);
  g_autoptr(GDateTime) new_year = berlin (2026, 12, 31, 22, 0);
  g_autoptr(GDateTime) leap = berlin (2028, 2, 28, 12, 0);

  assert_next (morning, 9, 0, "2026-05-04T09:00:00+02");
  /* Not again at the very moment it fired: tomorrow. */
  assert_next (exactly, 9, 0, "2026-05-05T09:00:00+02");
  assert_next (morning, 8, 0, "2026-05-05T08:00:00+02");
  assert_next (new_year, 9, 0, "2027-01-01T09:00:00+01");
  assert_next (leap, 9, 0, "2028-02-29T09:00:00+01");
}

static void
test_next_daylight_saving (void)
{
  /* Spring forward: on 29 March 2026 Berlin's clocks jump from 02:00 to
   * 03:00. Across the change the reminder stays at 09:00 on the clock,
   * 23 hours after the one before. */
  g_autoptr(GDateTime) before_spring = berlin (2026, 3, 28, 9, 0);
  g_autoptr(GDateTime) spring_next = rz_reminder_next (before_spring, 9, 0);
  g_autoptr(GDateTime) fall = berlin (2026, 10, 24, 9, 0);
  g_autoptr(GDateTime) fall_next = rz_reminder_next (fall, 9, 0);
  g_autoptr(GDateTime) night = berlin (2026, 3, 29, 1, 0);
  g_autoptr(GDateTime) skipped = rz_reminder_next (night, 2, 30);
  g_autoptr(GDateTime) after_first = NULL;
  g_autoptr(GDateTime) repeated = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");

  g_assert_cmpint (g_date_time_difference (spring_next, before_spring) / G_TIME_SPAN_HOUR, ==, 23);
  g_assert_cmpint (g_date_time_get_hour (spring_next), ==, 9);
  g_assert_cmpint (g_date_time_difference (fall_next, fall) / G_TIME_SPAN_HOUR, ==, 25);
  g_assert_cmpint (g_date_time_get_hour (fall_next), ==, 9);

  /* 02:30 does not exist that night: the reminder comes after the jump,
   * the same day, and not a day late. */
  g_assert_cmpint (g_date_time_get_day_of_month (skipped), ==, 29);
  g_assert_cmpint (g_date_time_compare (skipped, night), >, 0);
  g_assert_cmpint (g_date_time_difference (skipped, night), <=, 3 * G_TIME_SPAN_HOUR);

  /* 25 October 2026: 02:30 comes twice (summer, then winter time). After
   * the first one the reminder waits for the next day. */
  {
    /* 00:40 UTC is 02:40 summer time, after the first 02:30. */
    g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 10, 25, 0, 40, 0);

    after_first = g_date_time_to_timezone (utc, tz);
  }
  g_assert_cmpint (g_date_time_get_hour (after_first), ==, 2);
  repeated = rz_reminder_next (after_first, 2, 30);
  g_assert_cmpint (g_date_time_get_day_of_month (repeated), ==, 26);
}

static void
test_message (void)
{
  g_autofree char *none = rz_reminder_dup_message (0, 0);
  g_autofree char *one = rz_reminder_dup_message (1, 0);
  g_autofree char *many = rz_reminder_dup_message (12, 3);
  g_autofree char *one_critical = rz_reminder_dup_message (2, 1);

  g_assert_null (none);
  g_assert_cmpstr (one, ==, "1 comment waiting");
  g_assert_cmpstr (many, ==, "12 comments waiting, 3 critical");
  g_assert_cmpstr (one_critical, ==, "2 comments waiting, 1 critical");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/reminder/parse-time", test_parse_time);
  g_test_add_func ("/rz/reminder/next", test_next_plain);
  g_test_add_func ("/rz/reminder/next-daylight-saving", test_next_daylight_saving);
  g_test_add_func ("/rz/reminder/message", test_message);

  return g_test_run ();
}
