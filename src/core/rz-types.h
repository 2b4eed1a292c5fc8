/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RzAccount     RzAccount;
typedef struct _RzComment     RzComment;
typedef struct _RzDatabase    RzDatabase;
typedef struct _RzPlan        RzPlan;
typedef struct _RzProfile     RzProfile;
typedef struct _RzContext     RzContext;
typedef struct _RzApplication RzApplication;
typedef struct _RzWindow      RzWindow;

/* How a comment reads, as the classifier or the user sees it. */
typedef enum {
  RZ_SENTIMENT_NEUTRAL = 0,
  RZ_SENTIMENT_POSITIVE = 1,
  RZ_SENTIMENT_CRITICAL = 2,
} RzSentiment;

/* Where a comment stands in the daily reply routine. */
typedef enum {
  RZ_COMMENT_STATE_OPEN = 0,
  RZ_COMMENT_STATE_ANSWERED = 1,
  RZ_COMMENT_STATE_DONE = 2,
  RZ_COMMENT_STATE_IGNORED = 3,
} RzCommentState;

G_END_DECLS
