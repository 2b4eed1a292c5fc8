/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-database.h"
#include "rz-outbox.h"

G_BEGIN_DECLS

#define RZ_TYPE_BACKGROUND (rz_background_get_type ())
G_DECLARE_FINAL_TYPE (RzBackground, rz_background, RZ, BACKGROUND, GObject)

/* Keeps @application running without a window while scheduled posts wait:
 * it holds the application, sends them with its own outbox and lets go
 * after the last one went out. It asks the background portal for leave;
 * where there is no portal nothing stops the app, and where the portal
 * says no it lets go and tells the user when the next post is due. */
RzBackground *rz_background_new               (GApplication         *application,
                                               RzDatabase           *database,
                                               GNetworkMonitor      *monitor);
void          rz_background_set_provider_func (RzBackground         *self,
                                               RzOutboxProviderFunc  func,
                                               gpointer              user_data,
                                               GDestroyNotify        destroy);

/* The last window closed: stay if scheduled posts wait. */
void          rz_background_enter             (RzBackground         *self);
/* A window is back (or the app quits): stop sending here and let go. */
void          rz_background_leave             (RzBackground         *self);

/* Whether the application is held (the "held" property). */
gboolean      rz_background_get_held          (RzBackground         *self);

G_END_DECLS
