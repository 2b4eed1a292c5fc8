/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

#define RZ_TYPE_WORDPRESS_PROVIDER (rz_wordpress_provider_get_type ())
G_DECLARE_FINAL_TYPE (RzWordpressProvider, rz_wordpress_provider, RZ, WORDPRESS_PROVIDER, GObject)

/* RzProvider for the comments on one WordPress site (5.6 or newer), as one
 * of its users. The secret is an application password (Users → Profile →
 * Application Passwords), sent with HTTP Basic authentication, over https
 * only (plain http just to this computer). The user must be allowed to
 * moderate comments: the inbox includes comments held for moderation,
 * which can be approved or marked as spam here. Nothing is ever deleted. */
RzProvider            *rz_wordpress_provider_new             (RzHttpClient         *client,
                                                              const char           *site_url,
                                                              const char           *user);
const char            *rz_wordpress_provider_get_site_url    (RzWordpressProvider  *self);
const char            *rz_wordpress_provider_get_user        (RzWordpressProvider  *self);
const char            *rz_wordpress_provider_get_api_root    (RzWordpressProvider  *self);
const RzRemoteAccount *rz_wordpress_provider_get_account     (RzWordpressProvider  *self);

void                   rz_wordpress_provider_approve_async   (RzWordpressProvider  *self,
                                                              const char           *remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean               rz_wordpress_provider_approve_finish  (RzWordpressProvider  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void                   rz_wordpress_provider_mark_spam_async (RzWordpressProvider  *self,
                                                              const char           *remote_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean               rz_wordpress_provider_mark_spam_finish (RzWordpressProvider *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

char                  *rz_wordpress_normalize_site           (const char           *address,
                                                              GError              **error);

G_END_DECLS
