/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_ACCOUNT_BANNER (rz_account_banner_get_type ())
G_DECLARE_FINAL_TYPE (RzAccountBanner, rz_account_banner, RZ, ACCOUNT_BANNER, AdwBin)

/* A banner at the top of the window while an account has a problem, with
 * what to do about it: sign in again, wait until a time, or try again
 * (win.sync). Hidden while all is well. */
GtkWidget *rz_account_banner_new (RzContext *context);

G_END_DECLS
