/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-account.h"
#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* The provider for a stored account's network, not signed in yet; sign it
 * in with the secret from the keyring. Channels without a connector give
 * RZ_NET_ERROR_NOT_SUPPORTED: they are answered by hand. */
RzProvider *rz_provider_new_for_account (RzHttpClient  *client,
                                         RzAccount     *account,
                                         GError       **error);

G_END_DECLS
