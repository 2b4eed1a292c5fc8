/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

#define RZ_BLUESKY_DEFAULT_SERVICE "https://bsky.social"
/* The atproto-proxy value for Bluesky's AppView: app.bsky.* calls go to
 * the account's PDS, which forwards them there. */
#define RZ_BLUESKY_DEFAULT_APPVIEW "did:web:api.bsky.app#bsky_appview"

#define RZ_TYPE_BLUESKY_PROVIDER (rz_bluesky_provider_get_type ())
G_DECLARE_FINAL_TYPE (RzBlueskyProvider, rz_bluesky_provider, RZ, BLUESKY_PROVIDER, GObject)

/* RzProvider for one Bluesky account (or one on another AT Protocol
 * server). rz_provider_sign_in_async() takes an app password the first
 * time (createSession), and the secret from rz_provider_dup_secret() after
 * that: then the stored session is used and renewed with refreshSession
 * when its access token has run out, never by signing in again, which
 * Bluesky limits to a few times a day. Any call refreshes an expired
 * session on its own, once; connect to ::secret-changed and store the new
 * secret each time, or a later start has to ask for an app password. */
RzProvider             *rz_bluesky_provider_new             (RzHttpClient       *client,
                                                             const char         *service_url,
                                                             const char         *identifier);
const char             *rz_bluesky_provider_get_service_url (RzBlueskyProvider  *self);
const char             *rz_bluesky_provider_get_identifier  (RzBlueskyProvider  *self);
const char             *rz_bluesky_provider_get_pds_url     (RzBlueskyProvider  *self);
const char             *rz_bluesky_provider_get_appview     (RzBlueskyProvider  *self);
void                    rz_bluesky_provider_set_appview     (RzBlueskyProvider  *self,
                                                             const char         *appview);
const RzRemoteAccount  *rz_bluesky_provider_get_account     (RzBlueskyProvider  *self);
gboolean                rz_bluesky_provider_get_uses_app_password (RzBlueskyProvider *self);

gboolean                rz_bluesky_looks_like_app_password  (const char         *password);
char                   *rz_bluesky_normalize_identifier     (const char         *identifier);
char                   *rz_bluesky_normalize_service        (const char         *address,
                                                             GError            **error);

G_END_DECLS
