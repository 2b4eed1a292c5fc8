/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-plan.h"
#include "rz-profile.h"

G_BEGIN_DECLS

/* A social media guideline for the staff, as Markdown in the user's
 * language: the channels and who runs them, tone, answering, criticism
 * (answer quickly and honestly, never delete it, escalate serious cases
 * to management), what must not be posted, and the rules of regulated
 * industries. */
char *rz_guidelines_generate (RzProfile *profile,
                              RzPlan    *plan);

G_END_DECLS
