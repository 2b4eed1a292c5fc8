/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_APPLICATION (rz_application_get_type ())
G_DECLARE_FINAL_TYPE (RzApplication, rz_application, RZ, APPLICATION, AdwApplication)

RzApplication *rz_application_new         (void);
RzContext     *rz_application_get_context (RzApplication *self);
/* TRUE once if the app was started with --demo. */
gboolean       rz_application_take_demo_request (RzApplication *self);

G_END_DECLS
