/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_PREFERENCES_WINDOW (rz_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RzPreferencesWindow, rz_preferences_window, RZ, PREFERENCES_WINDOW, AdwPreferencesWindow)

RzPreferencesWindow *rz_preferences_window_new           (GtkWindow           *parent,
                                                          RzContext           *context);
/* Shows the Accounts page. */
void                 rz_preferences_window_show_accounts (RzPreferencesWindow *self);

G_END_DECLS
