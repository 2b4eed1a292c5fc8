/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_WINDOW (rz_window_get_type ())
G_DECLARE_FINAL_TYPE (RzWindow, rz_window, RZ, WINDOW, AdwApplicationWindow)

RzWindow  *rz_window_new          (RzApplication *application,
                                   RzContext     *context);
RzContext *rz_window_get_context  (RzWindow      *self);
/* Shows a short, translated message at the bottom of the window. */
void       rz_window_show_toast   (RzWindow      *self,
                                   const char    *message);

G_END_DECLS
