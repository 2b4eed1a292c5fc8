/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-account.h"

G_BEGIN_DECLS

#define RZ_TYPE_ACCOUNT_ROW (rz_account_row_get_type ())
G_DECLARE_FINAL_TYPE (RzAccountRow, rz_account_row, RZ, ACCOUNT_ROW, AdwActionRow)

/* One account on the Accounts page: who it is on which network, how it
 * is doing, and the buttons to sign in again or to sign out. Emits
 * ::sign-in-requested and ::remove-requested. */
GtkWidget *rz_account_row_new             (RzAccount *account);
RzAccount *rz_account_row_get_account     (RzAccountRow *self);

/* What the account's status means for the user, translated, e.g.
 * "Connected" or "Waiting for Mastodon until 14:05." */
char      *rz_account_row_describe_status (RzAccount *account);

G_END_DECLS
