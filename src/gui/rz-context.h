/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-account.h"
#include "rz-http-client.h"
#include "rz-outbox.h"
#include "rz-provider.h"
#include "rz-sync.h"
#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_CONTEXT (rz_context_get_type ())
G_DECLARE_FINAL_TYPE (RzContext, rz_context, RZ, CONTEXT, GObject)

/* The services a window works with: the database, the app's one HTTP
 * client, the accounts with their providers, and the sync. Widgets reach
 * them through this one object, never through globals. It works without a
 * display too (resonanz --sync). */
RzContext    *rz_context_new                (const char          *database_path);

const char   *rz_context_get_database_path  (RzContext           *self);
/* NULL until rz_context_open_async() succeeded. */
RzDatabase   *rz_context_get_database       (RzContext           *self);

/* Opens the database and reads the accounts. */
void          rz_context_open_async         (RzContext           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      rz_context_open_finish        (RzContext           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* Emitted on the main thread after data changed (demo loaded or removed,
 * comments fetched, …) so views reload what they show. */
void          rz_context_emit_data_changed  (RzContext           *self);

RzHttpClient *rz_context_get_http_client    (RzContext           *self);

/* The user's accounts (RzAccount, oldest first; not the demo's), with
 * their live status. Filled by rz_context_open_async(). */
GListModel   *rz_context_get_accounts       (RzContext           *self);
RzAccount    *rz_context_lookup_account     (RzContext           *self,
                                             gint64               account_id);

/* A signed-in provider for @account: made from the account and the secret
 * in the keyring on first use, then kept. RZ_NET_ERROR_UNAUTHORIZED when
 * the sign-in is gone or refused (the account then needs to be signed in
 * again), RZ_NET_ERROR_NOT_SUPPORTED for channels Resonanz cannot connect
 * to (answers there are logged by hand). */
void          rz_context_get_provider_for_account_async  (RzContext           *self,
                                                          RzAccount           *account,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
RzProvider   *rz_context_get_provider_for_account_finish (RzContext           *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* An RzOutboxProviderFunc (user data: the context) that hands the
 * outbox the signed-in provider of an account, as above. */
void          rz_context_lookup_outbox_provider          (gint64                 account_id,
                                                          GCancellable          *cancellable,
                                                          RzOutboxProviderReady  ready,
                                                          gpointer               ready_data,
                                                          gpointer               user_data);
/* Uses @provider, already signed in, for @account from now on. */
void          rz_context_set_provider_for_account        (RzContext           *self,
                                                          RzAccount           *account,
                                                          RzProvider          *provider);

/* Keeps a newly signed-in account: its secret goes to the keyring (with
 * RZ_NET_ERROR_NO_KEYRING or _KEYRING_LOCKED nothing is stored anywhere
 * and the account is not added), then the account to the database and the
 * list. Signing in to a known account again updates it. */
void          rz_context_add_account_async  (RzContext           *self,
                                             RzProvider          *provider,
                                             const char          *base_url,
                                             const RzRemoteAccount *remote_account,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
RzAccount    *rz_context_add_account_finish (RzContext           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* Signs out: deletes the secret from the keyring, then the account with
 * its comments. */
void          rz_context_remove_account_async  (RzContext           *self,
                                                RzAccount           *account,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      rz_context_remove_account_finish (RzContext           *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Fetches new comments for every account (see RzSync). A call while a
 * sync runs gets that sync's report. Emits ::sync-progress (accounts done
 * of all) as it goes, ::sync-finished, and ::data-changed when comments
 * came in. */
void          rz_context_sync_async         (RzContext           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
RzSyncReport *rz_context_sync_finish        (RzContext           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
gboolean      rz_context_get_syncing        (RzContext           *self);
/* Syncs now, and then every "sync-interval" minutes (GSettings; 0 turns
 * it off) for as long as the context lives. Calling it again does
 * nothing. */
void          rz_context_start_auto_sync    (RzContext           *self);

/* Marks @comment as spam on its network (only where the network has a
 * spam folder: RZ_PROVIDER_FEATURE_SPAM; nothing is ever deleted), then
 * logs it in the moderation log and sets it to ignored here, and emits
 * ::data-changed. Returns the log row's id. When the network refuses,
 * nothing is logged. Ask the user before calling it. */
void          rz_context_mark_spam_async    (RzContext           *self,
                                             RzComment           *comment,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gint64        rz_context_mark_spam_finish   (RzContext           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* resonanz --sync: syncs every account of the database at
 * @database_path (NULL: the default) with the secrets from the keyring and
 * writes a translated summary. Returns 0 when all went well, 1 when an
 * account failed, 2 when the data could not be read. */
int           rz_context_run_headless_sync  (const char          *database_path,
                                             GString             *out,
                                             GString             *err);

G_END_DECLS
