/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-http-client.h"
#include "rz-mastodon-provider.h"

G_BEGIN_DECLS

#define RZ_TYPE_MASTODON_SIGN_IN (rz_mastodon_sign_in_get_type ())
G_DECLARE_FINAL_TYPE (RzMastodonSignIn, rz_mastodon_sign_in, RZ, MASTODON_SIGN_IN, GObject)

/* The first sign-in to a Mastodon account, with OAuth in the browser:
 *
 *  1. rz_mastodon_sign_in_begin_async() checks the server (GET
 *     /api/v2/instance), finds out whether it supports PKCE, starts a
 *     loopback receiver on 127.0.0.1 and registers Resonanz as an app.
 *  2. The caller opens rz_mastodon_sign_in_get_authorize_uri() in the
 *     browser (e.g. with GtkUriLauncher). If the browser cannot come back
 *     to this computer, it offers the paste-the-code way instead:
 *     rz_mastodon_sign_in_get_manual_authorize_uri() shows the code on the
 *     server's page.
 *  3. rz_mastodon_sign_in_complete_async() waits for the browser to come
 *     back (pasted_code NULL) or uses the pasted code, exchanges it for a
 *     token and checks whom it belongs to. It finishes with a signed-in
 *     RzMastodonProvider: keep rz_provider_dup_secret() in RzSecretStore.
 *
 * To switch to a pasted code while the browser wait is running, cancel
 * that wait first, then complete again with the code. Cancel the
 * cancellable to give up; the loopback receiver stops with the object. */
RzMastodonSignIn   *rz_mastodon_sign_in_new                      (RzHttpClient        *client,
                                                                  const char          *address);
void                rz_mastodon_sign_in_begin_async              (RzMastodonSignIn    *self,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
gboolean            rz_mastodon_sign_in_begin_finish             (RzMastodonSignIn    *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
const char         *rz_mastodon_sign_in_get_server               (RzMastodonSignIn    *self);
const char         *rz_mastodon_sign_in_get_authorize_uri        (RzMastodonSignIn    *self);
const char         *rz_mastodon_sign_in_get_manual_authorize_uri (RzMastodonSignIn    *self);
gboolean            rz_mastodon_sign_in_get_uses_pkce            (RzMastodonSignIn    *self);
void                rz_mastodon_sign_in_complete_async           (RzMastodonSignIn    *self,
                                                                  const char          *pasted_code,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
RzMastodonProvider *rz_mastodon_sign_in_complete_finish          (RzMastodonSignIn    *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);

G_END_DECLS
