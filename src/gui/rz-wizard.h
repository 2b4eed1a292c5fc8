/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_WIZARD (rz_wizard_get_type ())
G_DECLARE_FINAL_TYPE (RzWizard, rz_wizard, RZ, WIZARD, AdwBin)

/* The strategy wizard, a full page of the main window: eight steps from
 * the business to the recommended channels. Every step is saved as it is
 * answered, so the wizard resumes where the user left it. Emits
 * "finished" after the profile, the plan and the guideline were saved
 * (and the context's "data-changed"), "cancelled" when the user gives
 * up; the window then removes it. */
GtkWidget *rz_wizard_new (RzContext *context);

G_END_DECLS
