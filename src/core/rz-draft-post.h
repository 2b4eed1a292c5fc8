/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where one entry of the outbox stands. queued → sending → posted, or
 * → failed, and from failed back to queued on a retry. */
typedef enum {
  RZ_DRAFT_POST_QUEUED = 0,
  RZ_DRAFT_POST_SENDING,
  RZ_DRAFT_POST_POSTED,
  RZ_DRAFT_POST_FAILED,
} RzDraftPostState;

/* One variant of a draft, sent (or to be sent) to one account: an entry
 * of the outbox and, once posted, of the history. The text is what was
 * queued, so the history shows what went out even after the draft changed
 * or was deleted. */
typedef struct _RzDraftPost
{
  gint64            id;
  /* 0 once the draft is deleted: the history stays. */
  gint64            draft_id;
  char             *channel;
  /* 0 for a post the user made by hand ("Mark as Posted"). */
  gint64            account_id;
  char             *text;
  RzDraftPostState  state;
  char             *idempotency_key;
  char             *remote_id;
  char             *remote_url;
  /* Translated reason of the last failure, or NULL. */
  char             *error;
  /* Unix seconds; 0: as soon as possible. */
  gint64            scheduled_at;
  gint64            posted_at;
  gint64            created_at;
  gint64            updated_at;
} RzDraftPost;

#define RZ_TYPE_DRAFT_POST (rz_draft_post_get_type ())
GType             rz_draft_post_get_type       (void) G_GNUC_CONST;
RzDraftPost      *rz_draft_post_new            (void);
RzDraftPost      *rz_draft_post_copy           (const RzDraftPost *self);
void              rz_draft_post_free           (RzDraftPost       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzDraftPost, rz_draft_post_free)

/* "queued", "sending", "posted", "failed", as stored. */
const char       *rz_draft_post_state_to_id    (RzDraftPostState   state);
gboolean          rz_draft_post_state_from_id  (const char        *id,
                                                RzDraftPostState  *state);
/* "Scheduled", "Sending…", "Posted", "Failed": translated. */
const char       *rz_draft_post_state_get_label (RzDraftPostState  state);

G_END_DECLS
