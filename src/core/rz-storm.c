/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rz-storm.h"

#define DAY_SECONDS (24 * 3600)
/* Even a shop without any critical comment in two weeks has a bad day now
 * and then; a floor keeps one unlucky afternoon from being a storm and
 * keeps the tail probability finite. */
#define MIN_CRITICAL_PER_DAY 0.5
/* How far back the start of an ongoing storm is searched. */
#define MAX_STORM_SECONDS (2 * DAY_SECONDS)

static gint
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 ta = *(const gint64 *) a;
  gint64 tb = *(const gint64 *) b;

  return ta < tb ? -1 : ta > tb;
}

static GArray *
dup_sorted_until (const gint64 *times,
                  gsize         n_times,
                  gint64        now)
{
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_times);

  for (gsize i = 0; i < n_times; i++)
    if (times[i] <= now)
      g_array_append_val (sorted, times[i]);
  g_array_sort (sorted, compare_times);
  return sorted;
}

/* The number of @sorted times in (from, to]. */
static guint
count_between (GArray *sorted,
               gint64  from,
               gint64  to)
{
  guint count = 0;

  /* A linear pass: histories are a few thousand comments at most, and
   * the baseline asks fourteen times. */
  for (guint i = 0; i < sorted->len; i++)
    {
      gint64 t = g_array_index (sorted, gint64, i);

      if (t > to)
        break;
      if (t > from)
        count++;
    }
  return count;
}

static double
median (double *values,
        guint   n)
{
  g_assert (n > 0);

  /* Insertion sort: n is the number of baseline days. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && values[j - 1] > values[j]; j--)
      {
        double swap = values[j];

        values[j] = values[j - 1];
        values[j - 1] = swap;
      }
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

double
rz_storm_poisson_tail (guint  k,
                       double lambda)
{
  double term;
  double sum = 0.0;

  if (k == 0)
    return 1.0;
  if (!(lambda > 0.0))
    return 0.0;

  if (k <= lambda)
    {
      /* The tail is large; sum the head downwards from k - 1, where its
       * terms are largest, in log space so that exp (-lambda) cannot
       * underflow. */
      term = exp (-lambda + (k - 1) * log (lambda) - lgamma (k));
      for (guint i = k - 1;; i--)
        {
          sum += term;
          if (i == 0 || term < sum * 1e-17)
            break;
          term *= i / lambda;
        }
      return CLAMP (1.0 - sum, 0.0, 1.0);
    }

  /* Far in the tail 1 - head would cancel to nothing; sum the tail
   * itself, whose terms shrink from k on. */
  term = exp (-lambda + k * log (lambda) - lgamma (k + 1.0));
  for (guint i = k; term > 0.0; i++)
    {
      sum += term;
      term *= lambda / (i + 1);
      if (term < sum * 1e-17)
        break;
    }
  return MIN (sum, 1.0);
}

gboolean
rz_storm_check (const gint64        *critical_times,
                gsize                n_critical,
                const gint64        *all_times,
                gsize                n_all,
                gint64               now,
                const RzStormParams *params,
                RzStormResult       *result)
{
  RzStormParams defaults = RZ_STORM_PARAMS_DEFAULT;
  g_autoptr(GArray) critical = NULL;
  g_autofree double *daily = NULL;
  gint64 history_start = now;
  gint64 window_start;
  double per_day;
  guint n_days = 0;

  g_return_val_if_fail (critical_times != NULL || n_critical == 0, FALSE);
  g_return_val_if_fail (all_times != NULL || n_all == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (params == NULL)
    params = &defaults;
  g_return_val_if_fail (params->window_seconds > 0, FALSE);
  g_return_val_if_fail (params->baseline_days > 0, FALSE);

  *result = (RzStormResult) { FALSE, 0, 0, 0.0, 1.0, 0 };

  critical = dup_sorted_until (critical_times, n_critical, now);
  window_start = now - params->window_seconds;

  if (critical->len > 0)
    history_start = g_array_index (critical, gint64, 0);
  for (gsize i = 0; i < n_all; i++)
    {
      if (all_times[i] <= now)
        history_start = MIN (history_start, all_times[i]);
      if (all_times[i] > window_start && all_times[i] <= now)
        result->all_in_window++;
    }
  result->count_in_window = count_between (critical, window_start, now);
  result->all_in_window = MAX (result->all_in_window, result->count_in_window);

  /* Critical comments a day before the window, for as many days as the
   * account has existed. */
  daily = g_new0 (double, params->baseline_days);
  for (guint d = 0; d < params->baseline_days; d++)
    {
      gint64 day_end = window_start - (gint64) d * DAY_SECONDS;

      if (day_end <= history_start)
        break;
      daily[n_days++] = count_between (critical, day_end - DAY_SECONDS, day_end);
    }

  if (n_days == 0)
    per_day = MIN_CRITICAL_PER_DAY;
  else
    {
      g_autofree double *sorted = g_memdup2 (daily, n_days * sizeof (double));
      g_autofree double *deviations = g_new (double, n_days);
      double center = median (sorted, n_days);
      double mad;
      double cap;
      double sum = 0.0;

      for (guint d = 0; d < n_days; d++)
        deviations[d] = fabs (daily[d] - center);
      /* 1.4826 scales the MAD to a standard deviation; at least one
       * comment, since the MAD of a quiet account is zero. */
      mad = MAX (1.4826 * median (deviations, n_days), 1.0);
      cap = center + 3.0 * mad;
      for (guint d = 0; d < n_days; d++)
        sum += MIN (daily[d], cap);
      per_day = MAX (sum / n_days, MIN_CRITICAL_PER_DAY);
    }

  result->usual_per_window = per_day * params->window_seconds / DAY_SECONDS;
  result->p_value = rz_storm_poisson_tail (result->count_in_window, result->usual_per_window);
  result->is_storm = result->count_in_window >= params->min_count
                     && result->p_value < params->max_p_value;

  if (result->is_storm)
    {
      guint first = critical->len - result->count_in_window;
      guint begin = first;
      guint low = first;

      /* The storm began earlier than the window when the windows ending at
       * the critical comments before it were storms too; it began with the
       * earliest comment of the earliest such window. */
      for (guint j = first; j-- > 0;)
        {
          gint64 t = g_array_index (critical, gint64, j);
          guint count;

          if (now - t > MAX_STORM_SECONDS)
            break;
          low = MIN (low, j);
          while (low > 0 && g_array_index (critical, gint64, low - 1) > t - params->window_seconds)
            low--;
          count = j + 1 - low;
          if (count < params->min_count
              || rz_storm_poisson_tail (count, result->usual_per_window) >= params->max_p_value)
            break;
          begin = low;
        }
      result->since = g_array_index (critical, gint64, begin);
    }

  return result->is_storm;
}

char *
rz_storm_dup_playbook (void)
{
  const char *advice[] = {
    /* Translators: storm playbook, shown when many critical comments come
     * in at once; plain text, one piece of advice a paragraph */
    _("Answer quickly and honestly. A short first answer within the hour is better than a perfect one tomorrow: thank people, say that you are looking into it and when you will get back."),
    /* Translators: storm playbook */
    _("Admit mistakes plainly and say what you will change. Do not argue with the crowd and do not blame customers or staff in public."),
    /* Translators: storm playbook */
    _("Do not delete or hide criticism; it makes the storm worse. Only insults, threats, spam and other people's personal data are removed, and you keep a screenshot."),
    /* Translators: storm playbook */
    _("Move details to a private channel: offer a phone call or a private message for order numbers, addresses and individual cases, and say so in public."),
    /* Translators: storm playbook */
    _("Involve the management at once when it is serious: legal threats, health or safety, accusations of a crime, data protection, journalists asking, or when the storm does not calm down."),
    /* Translators: storm playbook */
    _("Agree on one voice: one person answers, the others stay out of the discussion and pass on what they hear."),
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (advice); i++)
    {
      if (i > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, advice[i]);
    }
  return g_string_free (text, FALSE);
}
