/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_DRAFTS_PAGE (rz_drafts_page_get_type ())
G_DECLARE_FINAL_TYPE (RzDraftsPage, rz_drafts_page, RZ, DRAFTS_PAGE, AdwBin)

/* The Drafts section: the list of drafts, search over drafts and posts,
 * the history of what went out, and the editor; side by side when there
 * is room, one after the other when not. Owns the outbox while it lives.
 * Reloads on the context's ::data-changed. Actions: drafts.new,
 * drafts.search (Ctrl+F), drafts.delete, drafts.back. */
void rz_drafts_page_set_context (RzDraftsPage *self,
                                 RzContext    *context);
/* Creates an empty draft and opens it with the cursor in its text. */
void rz_drafts_page_new_draft   (RzDraftsPage *self);

G_END_DECLS
