/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-draft.h"
#include "rz-outbox.h"
#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_DRAFT_EDITOR (rz_draft_editor_get_type ())
G_DECLARE_FINAL_TYPE (RzDraftEditor, rz_draft_editor, RZ, DRAFT_EDITOR, AdwBin)

/* Edits one draft: the core text with undo, the message type with the
 * plan's channels for it, one variant per channel, images with their
 * descriptions, and posting (now, later, or by hand). Every change reaches
 * the database within half a second. Uses the page's actions
 * drafts.back and drafts.delete. */
void      rz_draft_editor_set_context    (RzDraftEditor *self,
                                          RzContext     *context,
                                          RzOutbox      *outbox);
/* A draft as rz_database_load_draft() gives it (images with bytes); NULL
 * to edit nothing. What the previous draft had unsaved is saved first. */
void      rz_draft_editor_set_draft      (RzDraftEditor *self,
                                          RzDraft       *draft);
RzDraft  *rz_draft_editor_get_draft      (RzDraftEditor *self);
/* Saves what is not saved yet, now. */
void      rz_draft_editor_save_now       (RzDraftEditor *self);
void      rz_draft_editor_set_show_back  (RzDraftEditor *self,
                                          gboolean       show_back);
void      rz_draft_editor_focus_text     (RzDraftEditor *self);
/* Reloads what the accounts, plan and outbox say. */
void      rz_draft_editor_reload         (RzDraftEditor *self);

G_END_DECLS
