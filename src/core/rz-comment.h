/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_COMMENT (rz_comment_get_type ())
G_DECLARE_FINAL_TYPE (RzComment, rz_comment, RZ, COMMENT, GObject)

/* A comment, reply or mention a customer wrote to the business on one of
 * its channels. Text is always plain text, never markup. */
RzComment      *rz_comment_new                 (void);

gint64          rz_comment_get_id              (RzComment      *self);
void            rz_comment_set_id              (RzComment      *self,
                                                gint64          id);
gint64          rz_comment_get_account_id      (RzComment      *self);
void            rz_comment_set_account_id      (RzComment      *self,
                                                gint64          account_id);
const char     *rz_comment_get_channel         (RzComment      *self);
void            rz_comment_set_channel         (RzComment      *self,
                                                const char     *channel);
const char     *rz_comment_get_remote_id       (RzComment      *self);
void            rz_comment_set_remote_id       (RzComment      *self,
                                                const char     *remote_id);
const char     *rz_comment_get_parent_remote_id (RzComment     *self);
void            rz_comment_set_parent_remote_id (RzComment     *self,
                                                 const char    *parent_remote_id);
const char     *rz_comment_get_author          (RzComment      *self);
void            rz_comment_set_author          (RzComment      *self,
                                                const char     *author);
const char     *rz_comment_get_author_handle   (RzComment      *self);
void            rz_comment_set_author_handle   (RzComment      *self,
                                                const char     *author_handle);
const char     *rz_comment_get_text            (RzComment      *self);
void            rz_comment_set_text            (RzComment      *self,
                                                const char     *text);
const char     *rz_comment_get_url             (RzComment      *self);
void            rz_comment_set_url             (RzComment      *self,
                                                const char     *url);
const char     *rz_comment_get_context         (RzComment      *self);
void            rz_comment_set_context         (RzComment      *self,
                                                const char     *context);
gint64          rz_comment_get_created_at      (RzComment      *self);
void            rz_comment_set_created_at      (RzComment      *self,
                                                gint64          unix_time);
RzSentiment     rz_comment_get_sentiment       (RzComment      *self);
void            rz_comment_set_sentiment       (RzComment      *self,
                                                RzSentiment     sentiment);
RzCommentState  rz_comment_get_state           (RzComment      *self);
void            rz_comment_set_state           (RzComment      *self,
                                                RzCommentState  state);
gboolean        rz_comment_get_is_demo         (RzComment      *self);
void            rz_comment_set_is_demo         (RzComment      *self,
                                                gboolean        is_demo);

G_END_DECLS
