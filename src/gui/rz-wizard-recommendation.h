/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rz-catalogue.h"
#include "rz-profile.h"

G_BEGIN_DECLS

#define RZ_TYPE_WIZARD_RECOMMENDATION (rz_wizard_recommendation_get_type ())
G_DECLARE_FINAL_TYPE (RzWizardRecommendation, rz_wizard_recommendation, RZ, WIZARD_RECOMMENDATION, GtkBox)

/* The wizard's last step: the recommended channels with their reasons,
 * the strongest rejected ones with the reason against them, what to
 * watch, who uses which channel, and whether the chosen channels fit the
 * weekly hours. Every channel has a check button, so the user can still
 * add or drop channels; "changed" tells when they do. */
void     rz_wizard_recommendation_show              (RzWizardRecommendation *self,
                                                     RzCatalogue            *catalogue,
                                                     RzProfile              *profile,
                                                     const char * const     *existing,
                                                     const char * const     *chosen,
                                                     const char             *reserved_mnemonics);
/* The ticked channels, recommended ones first. */
GStrv    rz_wizard_recommendation_dup_chosen        (RzWizardRecommendation *self);
/* Says that creating the plan replaces the one saved before. */
void     rz_wizard_recommendation_set_replaces_plan (RzWizardRecommendation *self,
                                                     gboolean                replaces_plan);
/* Puts the keyboard on the first channel; FALSE when there is none. */
gboolean rz_wizard_recommendation_focus             (RzWizardRecommendation *self);

G_END_DECLS
