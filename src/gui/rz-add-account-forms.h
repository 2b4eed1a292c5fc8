/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-account.h"
#include "rz-add-account-dialog.h"
#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* The sign-in forms of the networks that sign in with an app password
 * (Bluesky, WordPress), for the Add Account dialog. */
void        rz_add_account_forms_install         (RzAddAccountDialog  *dialog);

G_END_DECLS
