/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-draft-post.h"

G_DEFINE_BOXED_TYPE (RzDraftPost, rz_draft_post, rz_draft_post_copy, rz_draft_post_free)

static const char * const state_ids[] = {
  [RZ_DRAFT_POST_QUEUED] = "queued",
  [RZ_DRAFT_POST_SENDING] = "sending",
  [RZ_DRAFT_POST_POSTED] = "posted",
  [RZ_DRAFT_POST_FAILED] = "failed",
};

RzDraftPost *
rz_draft_post_new (void)
{
  return g_new0 (RzDraftPost, 1);
}

RzDraftPost *
rz_draft_post_copy (const RzDraftPost *self)
{
  RzDraftPost *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->channel = g_strdup (self->channel);
  copy->text = g_strdup (self->text);
  copy->idempotency_key = g_strdup (self->idempotency_key);
  copy->remote_id = g_strdup (self->remote_id);
  copy->remote_url = g_strdup (self->remote_url);
  copy->error = g_strdup (self->error);
  return copy;
}

void
rz_draft_post_free (RzDraftPost *self)
{
  if (self == NULL)
    return;

  g_free (self->channel);
  g_free (self->text);
  g_free (self->idempotency_key);
  g_free (self->remote_id);
  g_free (self->remote_url);
  g_free (self->error);
  g_free (self);
}

const char *
rz_draft_post_state_to_id (RzDraftPostState state)
{
  g_return_val_if_fail (state <= RZ_DRAFT_POST_FAILED, NULL);
  return state_ids[state];
}

gboolean
rz_draft_post_state_from_id (const char       *id,
                             RzDraftPostState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_ids); i++)
    {
      if (g_strcmp0 (state_ids[i], id) == 0)
        {
          *state = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
rz_draft_post_state_get_label (RzDraftPostState state)
{
  switch (state)
    {
    case RZ_DRAFT_POST_QUEUED:
      /* Translators: an outbox entry waiting for its time or its turn */
      return _("Scheduled");
    case RZ_DRAFT_POST_SENDING:
      return _("Sending…");
    case RZ_DRAFT_POST_POSTED:
      return _("Posted");
    case RZ_DRAFT_POST_FAILED:
      return _("Failed");
    default:
      g_return_val_if_reached (NULL);
    }
}
