/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A storm warning: many critical comments in a short time compared with
 * what is usual for the account. The usual level is the mean number of
 * critical comments a day over the past days, with each day capped at
 * median + 3 MAD so that an earlier storm does not hide the next one.
 * The last window is a storm when it has at least @min_count critical
 * comments and a Poisson tail probability below @max_p_value at that
 * level. Pure and deterministic: the caller passes the clock. */
typedef struct {
  gint64 window_seconds;   /* the "last short window", 2 h */
  guint  baseline_days;    /* the usual level is learnt from 14 days */
  guint  min_count;        /* fewer critical comments are never a storm: 5 */
  double max_p_value;      /* 0.001 */
} RzStormParams;

#define RZ_STORM_PARAMS_DEFAULT ((RzStormParams) { 2 * 3600, 14, 5, 0.001 })

typedef struct {
  gboolean is_storm;
  guint    count_in_window;    /* critical comments in the last window */
  guint    all_in_window;      /* all comments in the last window */
  double   usual_per_window;   /* expected critical comments in a window */
  double   p_value;            /* chance of count_in_window or more at the usual level */
  gint64   since;              /* when the storm began (Unix time), 0 without a storm */
} RzStormResult;

/* @critical_times are the Unix times of the account's critical comments,
 * @all_times those of all its comments (critical ones included; may be
 * NULL); neither needs to be sorted, times after @now are ignored. The
 * account's history starts at its earliest comment, so a new account is
 * not compared with days before it existed. @params may be NULL for the
 * defaults. Returns result->is_storm. */
gboolean rz_storm_check          (const gint64        *critical_times,
                                  gsize                n_critical,
                                  const gint64        *all_times,
                                  gsize                n_all,
                                  gint64               now,
                                  const RzStormParams *params,
                                  RzStormResult       *result);

/* What to do in a storm, from the plan's guidelines: translated plain
 * text, one piece of advice a paragraph. */
char    *rz_storm_dup_playbook   (void);

/* P(X >= k) for X ~ Poisson(lambda), exact also far in the tail. */
double   rz_storm_poisson_tail   (guint   k,
                                  double  lambda);

G_END_DECLS
