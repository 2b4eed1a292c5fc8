/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rz-response-figures.h"

static void
assert_duration (double seconds, const char *expected)
{
  g_autofree char *text = rz_response_figures_format_duration (seconds);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_duration (void)
{
  assert_duration (-1, "—");
  assert_duration (NAN, "—");
  assert_duration (0, "under 1 min");
  assert_duration (29, "under 1 min");
  assert_duration (30, "1 min");
  assert_duration (45 * 60, "45 min");
  assert_duration (59 * 60 + 29, "59 min");
  assert_duration (59 * 60 + 31, "1 h");
  assert_duration (4 * 3600, "4 h");
  assert_duration (2 * 3600 + 10 * 60, "2 h 10 min");
  assert_duration (47 * 3600 + 59 * 60, "47 h 59 min");
  assert_duration (48 * 3600, "2 days");
  assert_duration (3 * 86400 + 11 * 3600, "3 days");
  assert_duration (3 * 86400 + 13 * 3600, "4 days");
}

static void
test_share (void)
{
  g_autofree char *nan = rz_response_figures_format_share (NAN);
  g_autofree char *all = rz_response_figures_format_share (1.0);
  g_autofree char *some = rz_response_figures_format_share (0.8666);
  g_autofree char *none = rz_response_figures_format_share (0.0);

  g_assert_cmpstr (nan, ==, "—");
  g_assert_cmpstr (all, ==, "100 %");
  g_assert_cmpstr (some, ==, "87 %");
  g_assert_cmpstr (none, ==, "0 %");
}

static void
test_line (void)
{
  RzResponseStats stats = {
    .channel = NULL,
    .n_comments = 15,
    .n_answered = 13,
    .n_within_target = 13,
    .n_missed = 2,
    .median_seconds = 2 * 3600 + 10 * 60,
    .p90_seconds = 4 * 3600,
    .share_within_target = 13.0 / 15.0,
  };
  g_autofree char *line = rz_response_figures_format_line (&stats, 7);
  g_autofree char *empty = rz_response_figures_format_line (NULL, 30);
  g_autofree char *one_day = NULL;
  g_autofree char *unanswered = NULL;
  g_autofree char *not_due = NULL;
  g_autofree char *sentence = NULL;

  g_assert_cmpstr (line, ==, "Median 2 h 10 min · 90 % within 4 h · 87 % within target");
  g_assert_cmpstr (empty, ==, "No comments in the last 30 days");

  stats.n_comments = 0;
  one_day = rz_response_figures_format_line (&stats, 1);
  g_assert_cmpstr (one_day, ==, "No comments in the last day");

  stats.n_comments = 3;
  stats.n_answered = 0;
  unanswered = rz_response_figures_format_line (&stats, 7);
  g_assert_cmpstr (unanswered, ==, "No answers in the last 7 days");

  /* Nothing due yet: no share to show. */
  stats.n_answered = 1;
  stats.median_seconds = stats.p90_seconds = 600;
  stats.share_within_target = NAN;
  not_due = rz_response_figures_format_line (&stats, 7);
  g_assert_cmpstr (not_due, ==, "Median 10 min · 90 % within 10 min");

  stats.n_comments = 12;
  stats.n_answered = 10;
  stats.median_seconds = 2 * 3600 + 10 * 60;
  stats.p90_seconds = 4 * 3600;
  stats.share_within_target = 0.5;
  sentence = rz_response_figures_format_sentence (&stats, "Mastodon");
  g_assert_cmpstr (sentence, ==,
                   "Mastodon: 12 comments, 10 answered, median 2 h 10 min, 90 % within 4 h, 50 % within target.");
}

static void
test_compute_with_targets (void)
{
  const gint64 now = 1700000000;
  const RzResponseSample samples[] = {
    /* Mastodon, target 1 h: one within, one late. */
    { now - 86400, now - 86400 + 30 * 60, "mastodon" },
    { now - 2 * 86400, now - 2 * 86400 + 2 * 3600, "mastodon" },
    /* Facebook, target 8 h: 5 h is within (the default 4 h would miss). */
    { now - 3 * 86400, now - 3 * 86400 + 5 * 3600, "facebook" },
    /* Only in the 30 days. */
    { now - 20 * 86400, RZ_RESPONSE_STATS_NO_REPLY, "facebook" },
  };
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GPtrArray) month = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const RzResponseStats *total, *facebook, *mastodon;

  g_hash_table_insert (targets, (gpointer) "mastodon", GUINT_TO_POINTER (60));
  g_hash_table_insert (targets, (gpointer) "facebook", GUINT_TO_POINTER (480));

  week = rz_response_figures_compute (samples, G_N_ELEMENTS (samples), now, 7, targets);
  g_assert_cmpuint (week->len, ==, 3);
  total = g_ptr_array_index (week, 0);
  facebook = g_ptr_array_index (week, 1);
  mastodon = g_ptr_array_index (week, 2);
  g_assert_null (total->channel);
  g_assert_cmpstr (facebook->channel, ==, "facebook");
  g_assert_cmpstr (mastodon->channel, ==, "mastodon");

  g_assert_cmpuint (total->n_comments, ==, 3);
  g_assert_cmpuint (total->n_answered, ==, 3);
  g_assert_cmpfloat (total->median_seconds, ==, 2 * 3600);
  g_assert_cmpuint (mastodon->n_within_target, ==, 1);
  g_assert_cmpuint (mastodon->n_missed, ==, 1);
  g_assert_cmpuint (facebook->n_within_target, ==, 1);
  g_assert_cmpuint (facebook->n_missed, ==, 0);
  g_assert_cmpuint (total->n_within_target, ==, 2);
  g_assert_cmpuint (total->n_missed, ==, 1);
  g_assert_cmpfloat_with_epsilon (total->share_within_target, 2.0 / 3.0, 1e-9);

  /* Without targets the default applies: Facebook's 5 h is late. */
  month = rz_response_figures_compute (samples, G_N_ELEMENTS (samples), now, 30, NULL);
  total = g_ptr_array_index (month, 0);
  facebook = rz_response_stats_find (month, "facebook");
  g_assert_cmpuint (total->n_comments, ==, 4);
  g_assert_cmpuint (facebook->n_comments, ==, 2);
  g_assert_cmpuint (facebook->n_missed, ==, 2);
  g_assert_cmpuint (total->n_within_target, ==, 2);
  g_assert_cmpuint (total->n_missed, ==, 2);

  none = rz_response_figures_compute (NULL, 0, now, 7, targets);
  g_assert_cmpuint (none->len, ==, 1);
  g_assert_cmpuint (((RzResponseStats *) g_ptr_array_index (none, 0))->n_comments, ==, 0);
  g_assert_true (isnan (((RzResponseStats *) g_ptr_array_index (none, 0))->share_within_target));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/response-figures/duration", test_duration);
  g_test_add_func ("/rz/response-figures/share", test_share);
  g_test_add_func ("/rz/response-figures/line", test_line);
  g_test_add_func ("/rz/response-figures/compute-with-targets", test_compute_with_targets);

  return g_test_run ();
}
