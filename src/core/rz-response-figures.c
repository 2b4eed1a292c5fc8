/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rz-response-figures.h"

char *
rz_response_figures_format_duration (double seconds)
{
  gint64 minutes, hours, rest;

  if (seconds < 0 || isnan (seconds))
    return g_strdup ("—");

  minutes = (gint64) llround (seconds / 60.0);
  if (minutes < 1)
    /* Translators: a response time under a minute */
    return g_strdup (_("under 1 min"));
  if (minutes < 60)
    /* Translators: a response time, e.g. “45 min” */
    return g_strdup_printf (ngettext ("%d min", "%d min", (gulong) minutes), (int) minutes);

  hours = minutes / 60;
  rest = minutes % 60;
  if (hours >= 48)
    {
      gint64 days = (minutes + 12 * 60) / (24 * 60);

      /* Translators: a response time, e.g. “3 days” */
      return g_strdup_printf (ngettext ("%d day", "%d days", (gulong) days), (int) MIN (days, G_MAXINT));
    }
  if (rest == 0)
    /* Translators: a response time, e.g. “4 h” */
    return g_strdup_printf (ngettext ("%d h", "%d h", (gulong) hours), (int) hours);
  /* Translators: a response time in hours and minutes, e.g. “2 h 10 min” */
  return g_strdup_printf (_("%d h %d min"), (int) hours, (int) rest);
}

char *
rz_response_figures_format_share (double share)
{
  if (isnan (share) || share < 0)
    return g_strdup ("—");
  /* Translators: a percentage, e.g. “87 %”; keep the %% */
  return g_strdup_printf (_("%d %%"), (int) lround (CLAMP (share, 0.0, 1.0) * 100.0));
}

char *
rz_response_figures_format_line (const RzResponseStats *stats,
                                 guint                  days)
{
  g_autoptr(GString) line = NULL;
  g_autofree char *median = NULL;
  g_autofree char *p90 = NULL;

  if (stats == NULL || stats->n_comments == 0)
    /* Translators: instead of response times, when there were no comments */
    return g_strdup_printf (ngettext ("No comments in the last day", "No comments in the last %u days", days),
                            days);
  if (stats->n_answered == 0)
    return g_strdup_printf (ngettext ("No answers in the last day", "No answers in the last %u days", days),
                            days);

  median = rz_response_figures_format_duration (stats->median_seconds);
  p90 = rz_response_figures_format_duration (stats->p90_seconds);
  line = g_string_new (NULL);
  /* Translators: the median time to the first answer, e.g. “Median 2 h 10 min” */
  g_string_append_printf (line, _("Median %s"), median);
  g_string_append (line, " · ");
  /* Translators: nine in ten answers came within this time, e.g. “90 % within 4 h” */
  g_string_append_printf (line, _("90 %% within %s"), p90);
  if (!isnan (stats->share_within_target))
    {
      g_autofree char *share = rz_response_figures_format_share (stats->share_within_target);

      g_string_append (line, " · ");
      /* Translators: the share of comments answered in time, e.g. “87 % within target” */
      g_string_append_printf (line, _("%s within target"), share);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

char *
rz_response_figures_format_sentence (const RzResponseStats *stats,
                                     const char            *label)
{
  g_autofree char *comments = NULL;
  g_autofree char *median = NULL;
  g_autofree char *p90 = NULL;
  g_autofree char *share = NULL;

  g_return_val_if_fail (stats != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  /* Translators: part of a sentence for screen readers, e.g. “12 comments, 10 answered” */
  comments = g_strdup_printf (ngettext ("%u comment, %u answered", "%u comments, %u answered", stats->n_comments),
                              stats->n_comments, stats->n_answered);
  if (stats->n_answered == 0)
    /* Translators: %1$s is a channel such as Mastodon, %2$s e.g. “3 comments, 0 answered” */
    return g_strdup_printf (_("%1$s: %2$s."), label, comments);

  median = rz_response_figures_format_duration (stats->median_seconds);
  p90 = rz_response_figures_format_duration (stats->p90_seconds);
  share = rz_response_figures_format_share (stats->share_within_target);
  /* Translators: for screen readers: %1$s a channel, %2$s e.g. “12 comments,
   * 10 answered”, %3$s the median time to answer, %4$s the time nine in ten
   * answers came within, %5$s the share answered within the target */
  return g_strdup_printf (_("%1$s: %2$s, median %3$s, 90 %% within %4$s, %5$s within target."),
                          label, comments, median, p90, share);
}

static RzResponseStats *
stats_copy (const RzResponseStats *stats)
{
  RzResponseStats *copy = g_memdup2 (stats, sizeof *stats);

  copy->channel = g_strdup (stats->channel);
  return copy;
}

GPtrArray *
rz_response_figures_compute (const RzResponseSample *samples,
                             gsize                   n_samples,
                             gint64                  now,
                             guint                   days,
                             GHashTable             *targets)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GArray) subset = g_array_new (FALSE, FALSE, sizeof (RzResponseSample));
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_response_stats_free);
  RzResponseStats *total;
  guint within = 0, missed = 0, pending = 0;

  g_return_val_if_fail (samples != NULL || n_samples == 0, result);

  /* Medians and counts do not depend on the target. */
  all = rz_response_stats_compute (samples, n_samples, now, days, 0);
  total = stats_copy (g_ptr_array_index (all, 0));
  g_ptr_array_add (result, total);

  for (guint i = 1; i < all->len; i++)
    {
      const RzResponseStats *entry = g_ptr_array_index (all, i);
      const char *channel = entry->channel != NULL ? entry->channel : "";
      guint target = targets != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (targets, channel)) : 0;
      g_autoptr(GPtrArray) own = NULL;
      const RzResponseStats *judged;

      g_array_set_size (subset, 0);
      for (gsize j = 0; j < n_samples; j++)
        if (g_strcmp0 (samples[j].channel != NULL ? samples[j].channel : "", channel) == 0)
          g_array_append_val (subset, samples[j]);

      own = rz_response_stats_compute ((const RzResponseSample *) (gpointer) subset->data, subset->len,
                                       now, days, target);
      judged = rz_response_stats_find (own, entry->channel);
      if (judged == NULL)
        judged = entry;
      g_ptr_array_add (result, stats_copy (judged));
      within += judged->n_within_target;
      missed += judged->n_missed;
      pending += judged->n_pending;
    }

  total->n_within_target = within;
  total->n_missed = missed;
  total->n_pending = pending;
  total->share_within_target = within + missed > 0 ? (double) within / (within + missed) : NAN;
  return result;
}
