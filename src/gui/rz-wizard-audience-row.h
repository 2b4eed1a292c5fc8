/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RZ_TYPE_WIZARD_AUDIENCE_ROW (rz_wizard_audience_row_get_type ())
G_DECLARE_FINAL_TYPE (RzWizardAudienceRow, rz_wizard_audience_row, RZ, WIZARD_AUDIENCE_ROW, GtkListBoxRow)

/* One group of customers in the wizard: a name and an age range, and a
 * button that asks to remove it. Emits "changed" on every edit and
 * "remove" when the user wants it gone. */
GtkWidget  *rz_wizard_audience_row_new          (const char          *label,
                                                 int                  age_min,
                                                 int                  age_max);
/* The name as typed, without surrounding spaces. */
char       *rz_wizard_audience_row_dup_label    (RzWizardAudienceRow *self);
int         rz_wizard_audience_row_get_age_min  (RzWizardAudienceRow *self);
int         rz_wizard_audience_row_get_age_max  (RzWizardAudienceRow *self);
/* Where the keyboard goes first: the name. */
void        rz_wizard_audience_row_focus        (RzWizardAudienceRow *self);

G_END_DECLS
