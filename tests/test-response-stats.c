/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "rz-response-stats.h"

#define MINUTE 60
#define HOUR 3600
#define DAY (24 * HOUR)
#define NONE RZ_RESPONSE_STATS_NO_REPLY

static const gint64 now = 1700000000;

/* Hand-computed below; the target is one hour. */
static const struct {
  const char *channel;
  gint64      age;     /* seconds before now */
  gint64      wait;    /* seconds to the first reply, or -1 */
} cases[] = {
  { "mastodon", 1 * DAY, 10 * MINUTE },    /* A: within */
  { "mastodon", 2 * DAY, 30 * MINUTE },    /* B: within */
  { "mastodon", 3 * DAY, 2 * HOUR },       /* C: late */
  { "mastodon", 5 * HOUR, -1 },            /* D: unanswered, past the target */
  { "mastodon", 20 * MINUTE, -1 },         /* E: unanswered, still pending */
  { "mastodon", 10 * DAY, 5 * MINUTE },    /* F: only in the 30 days */
  { "mastodon", 40 * DAY, 1 * MINUTE },    /* G: in neither period */
  { "facebook", 6 * DAY, 1 * HOUR },       /* H: exactly the target counts as within */
  { "facebook", 12 * HOUR, 4 * HOUR },     /* I: late */
  { "facebook", 2 * HOUR, 3 * HOUR },      /* J: the reply lies after now: unanswered, past */
  { NULL, 3 * HOUR, 90 },                  /* K: no channel */
  { "bluesky", -1 * HOUR, -1 },            /* L: written after now, ignored */
};

static GArray *
make_samples (void)
{
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (RzResponseSample));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RzResponseSample sample;

      sample.channel = cases[i].channel;
      sample.created_at = now - cases[i].age;
      sample.first_reply_at = cases[i].wait < 0 ? NONE : sample.created_at + cases[i].wait;
      g_array_append_val (samples, sample);
    }
  return samples;
}

static void
assert_stats (const RzResponseStats *stats,
              guint                  comments,
              guint                  answered,
              guint                  within,
              guint                  missed,
              guint                  pending,
              double                 median,
              double                 p90,
              double                 share)
{
  g_assert_nonnull (stats);
  g_assert_cmpuint (stats->n_comments, ==, comments);
  g_assert_cmpuint (stats->n_answered, ==, answered);
  g_assert_cmpuint (stats->n_within_target, ==, within);
  g_assert_cmpuint (stats->n_missed, ==, missed);
  g_assert_cmpuint (stats->n_pending, ==, pending);
  g_assert_cmpfloat_with_epsilon (stats->median_seconds, median, 1e-6);
  g_assert_cmpfloat_with_epsilon (stats->p90_seconds, p90, 1e-6);
  if (isnan (share))
    g_assert_true (isnan (stats->share_within_target));
  else
    g_assert_cmpfloat_with_epsilon (stats->share_within_target, share, 1e-9);
}

static void
test_week (void)
{
  g_autoptr(GArray) samples = make_samples ();
  g_autoptr(GPtrArray) stats = NULL;

  stats = rz_response_stats_compute ((const RzResponseSample *) samples->data, samples->len,
                                     now, RZ_RESPONSE_STATS_WEEK, 60);

  /* All channels first, then by id; NULL is the channel "". */
  g_assert_cmpuint (stats->len, ==, 4);
  g_assert_null (((RzResponseStats *) g_ptr_array_index (stats, 0))->channel);
  g_assert_cmpstr (((RzResponseStats *) g_ptr_array_index (stats, 1))->channel, ==, "");
  g_assert_cmpstr (((RzResponseStats *) g_ptr_array_index (stats, 2))->channel, ==, "facebook");
  g_assert_cmpstr (((RzResponseStats *) g_ptr_array_index (stats, 3))->channel, ==, "mastodon");

  /* mastodon: A B C D E; waits 600 1800 7200: median 1800, p90 at rank
   * 1.8 = 0.2 * 1800 + 0.8 * 7200 = 6120; within A B, missed C D, E
   * pending: 2 of 4. */
  assert_stats (rz_response_stats_find (stats, "mastodon"), 5, 3, 2, 2, 1, 1800, 6120, 0.5);
  /* facebook: H I J; waits 3600 14400: median 9000, p90 = 0.1 * 3600 +
   * 0.9 * 14400 = 13320; within H, missed I J: 1 of 3. */
  assert_stats (rz_response_stats_find (stats, "facebook"), 3, 2, 1, 2, 0, 9000, 13320, 1.0 / 3.0);
  assert_stats (rz_response_stats_find (stats, ""), 1, 1, 1, 0, 0, 90, 90, 1.0);
  /* All: waits 90 600 1800 3600 7200 14400: median at rank 2.5 = 2700,
   * p90 at rank 4.5 = 10800; within A B H K, missed C D I J. */
  assert_stats (rz_response_stats_find (stats, NULL), 9, 6, 4, 4, 1, 2700, 10800, 0.5);
  g_assert_null (rz_response_stats_find (stats, "bluesky"));
}

static void
test_month (void)
{
  g_autoptr(GArray) samples = make_samples ();
  g_autoptr(GPtrArray) stats = NULL;

  stats = rz_response_stats_compute ((const RzResponseSample *) samples->data, samples->len,
                                     now, RZ_RESPONSE_STATS_MONTH, 60);

  /* F joins mastodon: waits 300 600 1800 7200: median at rank 1.5 = 1200,
   * p90 at rank 2.7 = 0.3 * 1800 + 0.7 * 7200 = 5580; 3 of 5. */
  assert_stats (rz_response_stats_find (stats, "mastodon"), 6, 4, 3, 2, 1, 1200, 5580, 0.6);
  /* All: waits 90 300 600 1800 3600 7200 14400: median 1800, p90 at rank
   * 5.4 = 0.6 * 7200 + 0.4 * 14400 = 10080; 5 of 9. */
  assert_stats (rz_response_stats_find (stats, NULL), 10, 7, 5, 4, 1, 1800, 10080, 5.0 / 9.0);
}

static void
test_default_target (void)
{
  g_autoptr(GArray) samples = make_samples ();
  g_autoptr(GPtrArray) stats = NULL;

  /* Four hours: I (exactly four) is within, C too; D (5 h) is still
   * missed, J (2 h) pending. */
  stats = rz_response_stats_compute ((const RzResponseSample *) samples->data, samples->len,
                                     now, RZ_RESPONSE_STATS_WEEK, 0);
  assert_stats (rz_response_stats_find (stats, "facebook"), 3, 2, 2, 0, 1, 9000, 13320, 1.0);
  assert_stats (rz_response_stats_find (stats, "mastodon"), 5, 3, 3, 1, 1, 1800, 6120, 0.75);
}

static void
test_edges (void)
{
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  RzResponseSample samples[] = {
    /* Exactly seven days old: outside (now - 7 d, now]. */
    { now - 7 * DAY, now - 7 * DAY + 60, "mastodon" },
    /* Written at now: inside, pending. */
    { now, NONE, "mastodon" },
    /* A reply stamped before its comment counts as instant. */
    { now - HOUR, now - HOUR - 30, "mastodon" },
  };

  empty = rz_response_stats_compute (NULL, 0, now, 7, 60);
  g_assert_cmpuint (empty->len, ==, 1);
  assert_stats (g_ptr_array_index (empty, 0), 0, 0, 0, 0, 0, -1, -1, NAN);

  stats = rz_response_stats_compute (samples, G_N_ELEMENTS (samples), now, 7, 60);
  assert_stats (rz_response_stats_find (stats, "mastodon"), 2, 1, 1, 0, 1, 0, 0, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/response-stats/week", test_week);
  g_test_add_func ("/rz/core/response-stats/month", test_month);
  g_test_add_func ("/rz/core/response-stats/default-target", test_default_target);
  g_test_add_func ("/rz/core/response-stats/edges", test_edges);

  return g_test_run ();
}
