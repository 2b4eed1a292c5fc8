/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "rz-storm.h"

#define HOUR 3600
#define DAY (24 * HOUR)

/* A fixed clock: Tuesday, 14 May 2024, 15:00 UTC. */
static const gint64 now = 1715698800;

/* Adds @count times evenly spread over [from, to). */
static void
add_spread (GArray *times,
            gint64  from,
            gint64  to,
            guint   count)
{
  for (guint i = 0; i < count; i++)
    {
      gint64 t = from + (to - from) * i / count;

      g_array_append_val (times, t);
    }
}

static gboolean
check (GArray        *critical,
       GArray        *all,
       RzStormResult *result)
{
  return rz_storm_check ((const gint64 *) critical->data, critical->len,
                         all != NULL ? (const gint64 *) all->data : NULL,
                         all != NULL ? all->len : 0,
                         now, NULL, result);
}

static void
test_poisson_tail (void)
{
  /* Hand-computed: P(X >= 1 | 1) = 1 - e^-1; P(X >= 2 | 1) = 1 - 2/e. */
  g_assert_cmpfloat_with_epsilon (rz_storm_poisson_tail (0, 3.0), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (rz_storm_poisson_tail (1, 1.0), 1.0 - exp (-1.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (rz_storm_poisson_tail (2, 1.0), 1.0 - 2.0 * exp (-1.0), 1e-12);
  /* P(X >= 5 | 0.1): the first term dominates, 0.1^5 e^-0.1 / 120. */
  g_assert_cmpfloat_with_epsilon (rz_storm_poisson_tail (5, 0.1) / (pow (0.1, 5) * exp (-0.1) / 120.0),
                                  1.0, 0.03);
  /* Far in the tail it stays positive and exact, not 0 from cancellation. */
  g_assert_cmpfloat (rz_storm_poisson_tail (40, 0.1), >, 0.0);
  g_assert_cmpfloat (rz_storm_poisson_tail (40, 0.1), <, 1e-60);
  /* Large rates do not underflow into nonsense. */
  g_assert_cmpfloat_with_epsilon (rz_storm_poisson_tail (1000, 1000.0), 0.5, 0.02);
  g_assert_cmpfloat (rz_storm_poisson_tail (1200, 1000.0), <, 1e-8);
  g_assert_cmpfloat (rz_storm_poisson_tail (3, 0.0), ==, 0.0);
  /* Monotonic in k. */
  for (guint k = 1; k < 60; k++)
    g_assert_cmpfloat (rz_storm_poisson_tail (k + 1, 20.0), <=, rz_storm_poisson_tail (k, 20.0));
}

static void
test_empty_history (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  g_assert_false (check (critical, NULL, &result));
  g_assert_false (result.is_storm);
  g_assert_cmpuint (result.count_in_window, ==, 0);
  g_assert_cmpuint (result.all_in_window, ==, 0);
  g_assert_cmpint (result.since, ==, 0);
  g_assert_cmpfloat (result.usual_per_window, >, 0.0);

  g_assert_false (rz_storm_check (NULL, 0, NULL, 0, now, NULL, &result));
}

static void
test_quiet_shop_one_complaint (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;
  gint64 t = now - 20 * 60;

  /* A bakery: three comments a day for four weeks, hardly any critical. */
  add_spread (all, now - 28 * DAY, now, 84);
  add_spread (critical, now - 28 * DAY, now - 27 * DAY, 1);
  g_array_append_val (critical, t);
  g_array_append_val (all, t);

  g_assert_false (check (critical, all, &result));
  g_assert_cmpuint (result.count_in_window, ==, 1);
  g_assert_cmpint (result.since, ==, 0);
}

static void
test_sudden_storm (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* Usually one critical comment a day, then twelve in 90 minutes. */
  add_spread (critical, now - 20 * DAY, now - 3 * HOUR, 20);
  add_spread (all, now - 20 * DAY, now - 3 * HOUR, 200);
  add_spread (critical, now - 90 * 60, now, 12);
  add_spread (all, now - 90 * 60, now, 15);

  g_assert_true (check (critical, all, &result));
  g_assert_cmpuint (result.count_in_window, ==, 12);
  g_assert_cmpuint (result.all_in_window, ==, 15);
  /* One a day is 1/12 in two hours. */
  g_assert_cmpfloat_with_epsilon (result.usual_per_window, 1.0 / 12.0, 0.02);
  g_assert_cmpfloat (result.p_value, <, 1e-10);
  g_assert_cmpint (result.since, ==, now - 90 * 60);
}

static void
test_storm_needs_minimum (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* A shop without any criticism for two weeks: four in an hour is
   * unusual but not yet a storm, five are. */
  add_spread (critical, now - 15 * DAY, now - 15 * DAY + 1, 1);
  add_spread (critical, now - HOUR, now, 4);
  g_assert_false (check (critical, NULL, &result));
  g_assert_cmpuint (result.count_in_window, ==, 4);
  g_assert_cmpfloat (result.p_value, <, 0.001);

  add_spread (critical, now - 30 * 60, now, 1);
  g_assert_true (check (critical, NULL, &result));
}

static void
test_busy_account (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* A steady ten critical comments an hour for three weeks. */
  add_spread (critical, now - 21 * DAY, now, 21 * 24 * 10);
  add_spread (all, now - 21 * DAY, now, 21 * 24 * 40);

  g_assert_false (check (critical, all, &result));
  /* 20, less the one exactly at the window's open start. */
  g_assert_cmpuint (result.count_in_window, ==, 19);
  g_assert_cmpfloat_with_epsilon (result.usual_per_window, 20.0, 0.5);
  g_assert_cmpfloat (result.p_value, >, 0.1);

  /* Three times the usual rate is a storm even for a busy account. */
  add_spread (critical, now - 2 * HOUR + 1, now, 40);
  g_assert_true (check (critical, all, &result));
}

static void
test_storm_over (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* The same storm, but it ended six hours ago. */
  add_spread (critical, now - 20 * DAY, now - 10 * HOUR, 20);
  add_spread (critical, now - 6 * HOUR - 90 * 60, now - 6 * HOUR, 12);

  g_assert_false (check (critical, NULL, &result));
  g_assert_cmpuint (result.count_in_window, ==, 0);
  g_assert_cmpint (result.since, ==, 0);
}

static void
test_long_storm_since (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* One a day usually; for five hours now, eight an hour. */
  add_spread (critical, now - 20 * DAY, now - 6 * HOUR, 20);
  add_spread (critical, now - 5 * HOUR, now, 40);

  g_assert_true (check (critical, NULL, &result));
  g_assert_cmpuint (result.count_in_window, ==, 15);
  /* The warning says when it began, before the two-hour window. */
  g_assert_cmpint (result.since, ==, now - 5 * HOUR);
}

static void
test_past_storm_does_not_hide_next (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult result;

  /* A week ago 200 critical comments in a day; otherwise one a day. The
   * capped baseline still sees the new storm. */
  add_spread (critical, now - 14 * DAY, now - 3 * HOUR, 14);
  add_spread (critical, now - 7 * DAY, now - 6 * DAY, 200);
  add_spread (critical, now - HOUR, now, 10);

  g_assert_true (check (critical, NULL, &result));
  g_assert_cmpfloat (result.usual_per_window, <, 1.0);
}

static void
test_future_and_unsorted (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormResult sorted_result;
  RzStormResult shuffled_result;
  gint64 future = now + HOUR;

  add_spread (critical, now - 10 * DAY, now - 3 * HOUR, 10);
  add_spread (critical, now - HOUR, now, 8);
  check (critical, NULL, &sorted_result);

  /* Reversed, with comments from a clock that runs ahead. */
  for (guint i = 0; i < critical->len / 2; i++)
    {
      gint64 swap = g_array_index (critical, gint64, i);

      g_array_index (critical, gint64, i) = g_array_index (critical, gint64, critical->len - 1 - i);
      g_array_index (critical, gint64, critical->len - 1 - i) = swap;
    }
  for (guint i = 0; i < 30; i++)
    g_array_append_val (critical, future);
  check (critical, NULL, &shuffled_result);

  g_assert_true (sorted_result.is_storm);
  g_assert_cmpint (sorted_result.is_storm, ==, shuffled_result.is_storm);
  g_assert_cmpuint (sorted_result.count_in_window, ==, shuffled_result.count_in_window);
  g_assert_cmpuint (sorted_result.all_in_window, ==, shuffled_result.all_in_window);
  g_assert_cmpfloat (sorted_result.usual_per_window, ==, shuffled_result.usual_per_window);
  g_assert_cmpfloat (sorted_result.p_value, ==, shuffled_result.p_value);
  g_assert_cmpint (sorted_result.since, ==, shuffled_result.since);
}

static void
test_params (void)
{
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  RzStormParams params = RZ_STORM_PARAMS_DEFAULT;
  RzStormResult result;

  g_assert_cmpint (params.window_seconds, ==, 2 * HOUR);
  g_assert_cmpuint (params.baseline_days, ==, 14);
  g_assert_cmpuint (params.min_count, ==, 5);

  /* Five in the last three hours: outside a one-hour window. */
  add_spread (critical, now - 3 * HOUR + 1, now - HOUR - 1, 5);
  params.window_seconds = HOUR;
  g_assert_false (rz_storm_check ((const gint64 *) critical->data, critical->len, NULL, 0,
                                  now, &params, &result));
  params.window_seconds = 3 * HOUR;
  g_assert_true (rz_storm_check ((const gint64 *) critical->data, critical->len, NULL, 0,
                                 now, &params, &result));
}

static void
test_playbook (void)
{
  g_autofree char *text = rz_storm_dup_playbook ();

  g_assert_nonnull (strstr (text, "quickly and honestly"));
  g_assert_nonnull (strstr (text, "Admit mistakes"));
  g_assert_nonnull (strstr (text, "delete"));
  g_assert_nonnull (strstr (text, "private"));
  g_assert_nonnull (strstr (text, "management"));
  /* Plain text, no Markdown. */
  g_assert_null (strchr (text, '*'));
  g_assert_null (strchr (text, '#'));
  g_assert_false (g_str_has_prefix (text, "-"));
  g_assert_null (strstr (text, "\n-"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/storm/poisson-tail", test_poisson_tail);
  g_test_add_func ("/rz/core/storm/empty-history", test_empty_history);
  g_test_add_func ("/rz/core/storm/quiet-shop", test_quiet_shop_one_complaint);
  g_test_add_func ("/rz/core/storm/sudden", test_sudden_storm);
  g_test_add_func ("/rz/core/storm/minimum", test_storm_needs_minimum);
  g_test_add_func ("/rz/core/storm/busy-account", test_busy_account);
  g_test_add_func ("/rz/core/storm/over", test_storm_over);
  g_test_add_func ("/rz/core/storm/since", test_long_storm_since);
  g_test_add_func ("/rz/core/storm/past-storm", test_past_storm_does_not_hide_next);
  g_test_add_func ("/rz/core/storm/unsorted", test_future_and_unsorted);
  g_test_add_func ("/rz/core/storm/params", test_params);
  g_test_add_func ("/rz/core/storm/playbook", test_playbook);

  return g_test_run ();
}
