/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-database.h"
#include "rz-draft-post.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* How the outbox gets a signed-in provider for an account: the lookup
 * calls @ready once, on the main thread, with the provider or with an
 * error that says what to do (it becomes the entry's failure). */
typedef void (*RzOutboxProviderReady) (RzProvider    *provider,
                                       const GError  *error,
                                       gpointer       ready_data);
typedef void (*RzOutboxProviderFunc)  (gint64                 account_id,
                                       GCancellable          *cancellable,
                                       RzOutboxProviderReady  ready,
                                       gpointer               ready_data,
                                       gpointer               user_data);

#define RZ_TYPE_OUTBOX (rz_outbox_get_type ())
G_DECLARE_FINAL_TYPE (RzOutbox, rz_outbox, RZ, OUTBOX, GObject)

/* Sends what the database's outbox holds, one entry at a time, through
 * the account's provider with the entry's stored idempotency key. An entry
 * is marked as sending before it goes out and as posted or failed after,
 * so nothing is lost or sent twice across crashes. While running it waits
 * for the next scheduled entry, and for the network when @monitor says
 * there is none (NULL: always assume there is). Lives on the main thread. */
RzOutbox   *rz_outbox_new                (RzDatabase           *database,
                                          GNetworkMonitor      *monitor);
void        rz_outbox_set_provider_func  (RzOutbox             *self,
                                          RzOutboxProviderFunc  func,
                                          gpointer              user_data,
                                          GDestroyNotify        destroy);

/* Puts entries an earlier run left in "sending" back in the queue, then
 * sends what is due. Call once. */
void        rz_outbox_start              (RzOutbox             *self);
/* Sends what is due now; call after queuing. Calls while a pass runs make
 * it go round once more. */
void        rz_outbox_run                (RzOutbox             *self);
/* Cancels the current pass and the timer; what was sending is queued
 * again on the next start. */
void        rz_outbox_stop               (RzOutbox             *self);
gboolean    rz_outbox_get_busy           (RzOutbox             *self);

/* Queues the failed entries of a draft (0: of all) again and sends them. */
void        rz_outbox_retry_async        (RzOutbox             *self,
                                          gint64                draft_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    rz_outbox_retry_finish       (RzOutbox             *self,
                                          GAsyncResult         *result,
                                          guint                *n_posts,
                                          GError              **error);

/* Runs a pass and completes when the outbox is idle again, with the
 * number of entries posted and failed in the meantime. */
void        rz_outbox_flush_async        (RzOutbox             *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    rz_outbox_flush_finish       (RzOutbox             *self,
                                          GAsyncResult         *result,
                                          guint                *n_posted,
                                          guint                *n_failed,
                                          GError              **error);

G_END_DECLS
