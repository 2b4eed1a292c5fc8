/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-add-account-dialog.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* For the sign-in forms of further networks (rz-add-account-forms.c). */

RzContext *rz_add_account_dialog_get_context   (RzAddAccountDialog    *self);
/* Adds a network to the choice, with @page as its sign-in form. */
void       rz_add_account_dialog_add_network   (RzAddAccountDialog    *self,
                                                const char            *channel,
                                                const char            *title,
                                                const char            *subtitle,
                                                GtkWidget             *page);
/* A form signed in: keeps the account as the Mastodon sign-in does
 * (keyring, database, first sync) and closes the dialog; errors show in
 * @error_label. */
void       rz_add_account_dialog_keep_account  (RzAddAccountDialog    *self,
                                                RzProvider            *provider,
                                                const char            *base_url,
                                                const RzRemoteAccount *remote_account,
                                                GtkLabel              *error_label);
/* Shows @error in @label, or hides it for NULL. */
void       rz_add_account_dialog_show_error    (GtkLabel              *label,
                                                const GError          *error);

G_END_DECLS
