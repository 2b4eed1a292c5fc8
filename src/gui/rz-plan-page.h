/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_PLAN_PAGE (rz_plan_page_get_type ())
G_DECLARE_FINAL_TYPE (RzPlanPage, rz_plan_page, RZ, PLAN_PAGE, AdwBin)

/* The Plan section: every channel of the plan with its purpose, audiences,
 * message matrix, rhythm, answer time and people, all editable and saved
 * as the user goes; and the guideline for the team, editable, to
 * regenerate from the plan and to export as Markdown or PDF. Shows an
 * empty state with the wizard's button while there is no plan. Reloads on
 * the context's "data-changed". */
void rz_plan_page_set_context (RzPlanPage *self,
                               RzContext  *context);

G_END_DECLS
