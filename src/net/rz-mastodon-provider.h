/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

#define RZ_TYPE_MASTODON_PROVIDER (rz_mastodon_provider_get_type ())
G_DECLARE_FINAL_TYPE (RzMastodonProvider, rz_mastodon_provider, RZ, MASTODON_PROVIDER, GObject)

/* RzProvider for one account on one Mastodon server. Sign in the first time
 * with RzMastodonSignIn; later with rz_provider_sign_in_async() and the
 * secret from the keyring. */
RzMastodonProvider *rz_mastodon_provider_new             (RzHttpClient        *client,
                                                          const char          *server);
const char         *rz_mastodon_provider_get_server      (RzMastodonProvider  *self);
const RzRemoteAccount *rz_mastodon_provider_get_account  (RzMastodonProvider  *self);
void                rz_mastodon_provider_set_credentials (RzMastodonProvider  *self,
                                                          const char          *access_token,
                                                          const char          *client_id,
                                                          const char          *client_secret);
void                rz_mastodon_provider_set_capabilities (RzMastodonProvider *self,
                                                           const RzProviderCapabilities *capabilities);

char               *rz_mastodon_normalize_server         (const char          *address,
                                                          GError             **error);
char               *rz_mastodon_build_reply_text         (const char          *text,
                                                          const char          *author_acct);

G_END_DECLS
