/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How quickly comments get their first reply, per channel, over the last
 * days before a given moment. Pure: the caller passes the clock. */

#define RZ_RESPONSE_STATS_NO_REPLY 0   /* first_reply_at of an unanswered comment */

typedef struct {
  gint64      created_at;       /* Unix time the comment was written */
  gint64      first_reply_at;   /* Unix time of the first reply, or RZ_RESPONSE_STATS_NO_REPLY */
  const char *channel;          /* catalogue id, e.g. "mastodon"; NULL counts as "" */
} RzResponseSample;

typedef struct {
  char   *channel;              /* NULL for all channels together */
  guint   n_comments;           /* written in the period */
  guint   n_answered;           /* … with a reply, however late */
  guint   n_within_target;      /* … answered within the target */
  guint   n_missed;             /* answered late, or unanswered and older than the target */
  guint   n_pending;            /* unanswered and not yet past the target: not judged */
  /* Time to first reply over the answered comments, in seconds, with
   * linear interpolation between ranks (the median of 1, 2, 3, 10 is 2.5);
   * -1 when nothing was answered. */
  double  median_seconds;
  double  p90_seconds;
  /* n_within_target / (n_within_target + n_missed); NAN when no comment
   * is due yet. */
  double  share_within_target;
} RzResponseStats;

void       rz_response_stats_free     (RzResponseStats *stats);

/* The statistics for comments written in (now - days, now], one entry for
 * all channels first, then one per channel sorted by id. Comments written
 * after @now, and replies after @now, are ignored as not yet happened. A
 * @target_minutes of 0 uses RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES.
 * Returns a GPtrArray of RzResponseStats that frees them. */
GPtrArray *rz_response_stats_compute  (const RzResponseSample *samples,
                                       gsize                   n_samples,
                                       gint64                  now,
                                       guint                   days,
                                       guint                   target_minutes);

/* The entry for @channel (NULL: all channels) in a computed array, or NULL. */
const RzResponseStats *rz_response_stats_find (GPtrArray  *stats,
                                               const char *channel);

/* The two periods the reply window shows. */
#define RZ_RESPONSE_STATS_WEEK  7
#define RZ_RESPONSE_STATS_MONTH 30

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzResponseStats, rz_response_stats_free)

G_END_DECLS
