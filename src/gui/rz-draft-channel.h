/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-catalogue.h"
#include "rz-draft.h"

G_BEGIN_DECLS

#define RZ_TYPE_DRAFT_CHANNEL (rz_draft_channel_get_type ())
G_DECLARE_FINAL_TYPE (RzDraftChannel, rz_draft_channel, RZ, DRAFT_CHANNEL, AdwExpanderRow)

/* One target channel of a draft in the editor: its own text (following
 * the core text until edited), a live length counter by the network's
 * rules, what the network would reject, a plain-text preview, and either
 * the accounts to post to or "Copy and Open" for posting by hand. */
/* @connectable: Resonanz can post there once an account is connected. */
RzDraftChannel *rz_draft_channel_new            (RzDraft          *draft,
                                                 const char       *channel,
                                                 const char       *name,
                                                 gboolean          connectable);
const char     *rz_draft_channel_get_channel    (RzDraftChannel   *self);
const char     *rz_draft_channel_get_name       (RzDraftChannel   *self);
/* Re-reads the draft after a change elsewhere (core text, images). */
void            rz_draft_channel_sync           (RzDraftChannel   *self);
/* The user's accounts on this channel (RzAccount), all selected at
 * first; none: the channel is posted to by hand. */
void            rz_draft_channel_set_accounts   (RzDraftChannel   *self,
                                                 GPtrArray        *accounts);
void            rz_draft_channel_add_selected_accounts (RzDraftChannel *self,
                                                        GArray         *account_ids);
/* The first problem that stops a post to this channel, or NULL. */
const char     *rz_draft_channel_get_blocking_problem (RzDraftChannel *self);

G_END_DECLS
