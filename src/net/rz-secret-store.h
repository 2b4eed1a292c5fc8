/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* Keeps the sign-in of each account (a token, or a provider's serialized
 * secret) in the Secret Service, e.g. GNOME Keyring, under the schema
 * de.resonanz.Resonanz.Account with the attributes channel, server and
 * handle. Without a Secret Service every call fails with
 * RZ_NET_ERROR_NO_KEYRING: a secret is never written anywhere else. */
const SecretSchema *rz_secret_store_get_schema    (void);

void                rz_secret_store_save_async    (const char           *channel,
                                                   const char           *server,
                                                   const char           *handle,
                                                   const char           *secret,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            rz_secret_store_save_finish   (GAsyncResult         *result,
                                                   GError              **error);
void                rz_secret_store_lookup_async  (const char           *channel,
                                                   const char           *server,
                                                   const char           *handle,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char               *rz_secret_store_lookup_finish (GAsyncResult         *result,
                                                   GError              **error);
void                rz_secret_store_delete_async  (const char           *channel,
                                                   const char           *server,
                                                   const char           *handle,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean            rz_secret_store_delete_finish (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
