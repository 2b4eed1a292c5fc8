/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rz-response-stats.h"
#include "rz-response-time.h"

#define DAY_SECONDS (24 * 3600)

typedef struct {
  RzResponseStats *stats;
  GArray          *waits;   /* double seconds of answered comments */
} Accumulator;

void
rz_response_stats_free (RzResponseStats *stats)
{
  if (stats == NULL)
    return;

  g_free (stats->channel);
  g_free (stats);
}

static void
accumulator_free (gpointer data)
{
  Accumulator *acc = data;

  rz_response_stats_free (acc->stats);
  g_array_unref (acc->waits);
  g_free (acc);
}

static Accumulator *
accumulator_new (const char *channel)
{
  Accumulator *acc = g_new0 (Accumulator, 1);

  acc->stats = g_new0 (RzResponseStats, 1);
  acc->stats->channel = g_strdup (channel);
  acc->waits = g_array_new (FALSE, FALSE, sizeof (double));
  return acc;
}

static void
accumulate (Accumulator *acc,
            gboolean     answered,
            double       wait,
            gint64       age,
            gint64       target)
{
  RzResponseStats *stats = acc->stats;

  stats->n_comments++;
  if (answered)
    {
      stats->n_answered++;
      g_array_append_val (acc->waits, wait);
      if (wait <= target)
        stats->n_within_target++;
      else
        stats->n_missed++;
    }
  else if (age > target)
    stats->n_missed++;
  else
    stats->n_pending++;
}

static gint
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* The @p quantile of sorted @values, interpolating linearly between the
 * ranks (p (n - 1)) as spreadsheets and numpy do by default. */
static double
quantile (GArray *values,
          double  p)
{
  double rank;
  guint below;
  double fraction;

  g_assert (values->len > 0);

  rank = p * (values->len - 1);
  below = (guint) floor (rank);
  fraction = rank - below;
  if (below + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, below) * (1.0 - fraction)
         + g_array_index (values, double, below + 1) * fraction;
}

static void
accumulator_finish (Accumulator *acc)
{
  RzResponseStats *stats = acc->stats;
  guint due = stats->n_within_target + stats->n_missed;

  if (acc->waits->len > 0)
    {
      g_array_sort (acc->waits, compare_doubles);
      stats->median_seconds = quantile (acc->waits, 0.5);
      stats->p90_seconds = quantile (acc->waits, 0.9);
    }
  else
    stats->median_seconds = stats->p90_seconds = -1.0;

  stats->share_within_target = due > 0 ? (double) stats->n_within_target / due : NAN;
}

static gint
compare_channels (gconstpointer a,
                  gconstpointer b)
{
  const RzResponseStats *sa = *(const RzResponseStats * const *) a;
  const RzResponseStats *sb = *(const RzResponseStats * const *) b;

  /* All channels first. */
  if (sa->channel == NULL || sb->channel == NULL)
    return (sa->channel != NULL) - (sb->channel != NULL);
  return strcmp (sa->channel, sb->channel);
}

GPtrArray *
rz_response_stats_compute (const RzResponseSample *samples,
                           gsize                   n_samples,
                           gint64                  now,
                           guint                   days,
                           guint                   target_minutes)
{
  g_autoptr(GHashTable) by_channel = NULL;
  g_autoptr(GPtrArray) accumulators = NULL;
  GPtrArray *result;
  Accumulator *all;
  gint64 from = now - (gint64) days * DAY_SECONDS;
  gint64 target;

  g_return_val_if_fail (samples != NULL || n_samples == 0, NULL);
  g_return_val_if_fail (days > 0, NULL);

  if (target_minutes == 0)
    target_minutes = RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES;
  target = (gint64) target_minutes * 60;

  accumulators = g_ptr_array_new_with_free_func (accumulator_free);
  by_channel = g_hash_table_new (g_str_hash, g_str_equal);
  all = accumulator_new (NULL);
  g_ptr_array_add (accumulators, all);

  for (gsize i = 0; i < n_samples; i++)
    {
      const RzResponseSample *sample = &samples[i];
      const char *channel = sample->channel != NULL ? sample->channel : "";
      gboolean answered;
      Accumulator *acc;
      double wait = 0.0;

      if (sample->created_at <= from || sample->created_at > now)
        continue;

      /* A reply stamped before its comment is a clock skew: instant. A
       * reply after @now has not happened yet as far as @now knows. */
      answered = sample->first_reply_at != RZ_RESPONSE_STATS_NO_REPLY
                 && sample->first_reply_at <= now;
      if (answered)
        wait = MAX (sample->first_reply_at - sample->created_at, 0);

      acc = g_hash_table_lookup (by_channel, channel);
      if (acc == NULL)
        {
          acc = accumulator_new (channel);
          g_ptr_array_add (accumulators, acc);
          g_hash_table_insert (by_channel, acc->stats->channel, acc);
        }

      accumulate (all, answered, wait, now - sample->created_at, target);
      accumulate (acc, answered, wait, now - sample->created_at, target);
    }

  result = g_ptr_array_new_full (accumulators->len, (GDestroyNotify) rz_response_stats_free);
  for (guint i = 0; i < accumulators->len; i++)
    {
      Accumulator *acc = g_ptr_array_index (accumulators, i);

      accumulator_finish (acc);
      g_ptr_array_add (result, g_steal_pointer (&acc->stats));
    }
  g_ptr_array_sort (result, compare_channels);
  return result;
}

const RzResponseStats *
rz_response_stats_find (GPtrArray  *stats,
                        const char *channel)
{
  g_return_val_if_fail (stats != NULL, NULL);

  for (guint i = 0; i < stats->len; i++)
    {
      const RzResponseStats *entry = g_ptr_array_index (stats, i);

      if (g_strcmp0 (entry->channel, channel) == 0)
        return entry;
    }
  return NULL;
}
