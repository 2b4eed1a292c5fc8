/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-response-time.h"

static void
test_response_time_level (void)
{
  const gint64 target = 4 * 3600;

  g_assert_cmpint (rz_response_time_level (0, target), ==, RZ_WAIT_LEVEL_FINE);
  g_assert_cmpint (rz_response_time_level (3 * 3600 - 1, target), ==, RZ_WAIT_LEVEL_FINE);
  g_assert_cmpint (rz_response_time_level (3 * 3600, target), ==, RZ_WAIT_LEVEL_SOON);
  g_assert_cmpint (rz_response_time_level (target - 1, target), ==, RZ_WAIT_LEVEL_SOON);
  g_assert_cmpint (rz_response_time_level (target, target), ==, RZ_WAIT_LEVEL_OVERDUE);
  g_assert_cmpint (rz_response_time_level (30 * 86400, target), ==, RZ_WAIT_LEVEL_OVERDUE);
  /* No target in the plan: the default of four hours applies. */
  g_assert_cmpint (rz_response_time_level (5 * 3600, 0), ==, RZ_WAIT_LEVEL_OVERDUE);
  g_assert_cmpint (rz_response_time_level (3600, 0), ==, RZ_WAIT_LEVEL_FINE);
}

static void
test_response_time_format (void)
{
  struct {
    gint64      seconds;
    const char *expected;
  } cases[] = {
    { 0, "just now" },
    { 59, "just now" },
    { 60, "1 min" },
    { 59 * 60 + 59, "59 min" },
    { 3600, "1 h" },
    { 47 * 3600, "47 h" },
    { 48 * 3600, "2 days" },
    { 10 * 86400 + 5, "10 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rz_response_time_format_wait (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/response-time/level", test_response_time_level);
  g_test_add_func ("/rz/core/response-time/format", test_response_time_format);

  return g_test_run ();
}
