/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_REPLY_PANE (rz_reply_pane_get_type ())
G_DECLARE_FINAL_TYPE (RzReplyPane, rz_reply_pane, RZ, REPLY_PANE, AdwBin)

/* One comment in full and the answer to it. Send (Ctrl+Enter) posts the
 * answer through the account's provider: the reply and its idempotency
 * key are stored first, so a retry, even after a crash, never posts twice;
 * a failure keeps the text and offers Retry. For accounts without a
 * connection (and the demo) the answer is only logged, with an optional
 * link to it. Above the comment stands its thread (what it answers, the
 * earlier comments on the same post), below it what was already answered.
 * Saved replies (with placeholders) are starting points; an answer that
 * is (nearly) a saved reply or one sent before gets a warning. */
void rz_reply_pane_set_context   (RzReplyPane *self,
                                  RzContext   *context);
/* @channel_name: how the comment's channel is called, or NULL. */
void rz_reply_pane_set_comment   (RzReplyPane *self,
                                  RzComment   *comment,
                                  const char  *channel_name);
RzComment *rz_reply_pane_get_comment (RzReplyPane *self);
/* Whether to show the way back to the list (a narrow window). */
void rz_reply_pane_set_show_back (RzReplyPane *self,
                                  gboolean     show_back);
void rz_reply_pane_focus_answer  (RzReplyPane *self);

G_END_DECLS
