/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rz-account.h"
#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_ADD_ACCOUNT_DIALOG (rz_add_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RzAddAccountDialog, rz_add_account_dialog, RZ, ADD_ACCOUNT_DIALOG, AdwWindow)

/* Connects an account: choose the network, sign in (for Mastodon in the
 * browser, or with a pasted code), keep the sign-in in the keyring, add
 * the account and fetch its comments. Emits ::account-added. */
RzAddAccountDialog *rz_add_account_dialog_new          (GtkWindow          *parent,
                                                        RzContext          *context);
/* Opens the sign-in of @account's network with its server filled in. */
void                rz_add_account_dialog_sign_in_again (RzAddAccountDialog *self,
                                                         RzAccount          *account);

G_END_DECLS
