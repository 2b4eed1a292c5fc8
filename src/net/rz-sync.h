/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-account.h"
#include "rz-http-client.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* What a sync runs in. The sync only talks to networks; the host knows
 * how to get a signed-in provider for an account (keyring) and where the
 * fetched comments go (the database), so net stays free of storage. */
#define RZ_TYPE_SYNC_HOST (rz_sync_host_get_type ())
G_DECLARE_INTERFACE (RzSyncHost, rz_sync_host, RZ, SYNC_HOST, GObject)

struct _RzSyncHostInterface
{
  GTypeInterface parent_iface;

  void        (*get_provider_async)  (RzSyncHost           *self,
                                      RzAccount            *account,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  RzProvider *(*get_provider_finish) (RzSyncHost           *self,
                                      GAsyncResult         *result,
                                      GError              **error);
  /* Must store all of @comments and @cursor (NULL: keep the old one), or
   * nothing: one transaction. */
  void        (*store_inbox_async)   (RzSyncHost           *self,
                                      RzAccount            *account,
                                      GPtrArray            *comments,
                                      const char           *cursor,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  gboolean    (*store_inbox_finish)  (RzSyncHost           *self,
                                      GAsyncResult         *result,
                                      guint                *n_new,
                                      GError              **error);
};

void        rz_sync_host_get_provider_async  (RzSyncHost           *self,
                                              RzAccount            *account,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
RzProvider *rz_sync_host_get_provider_finish (RzSyncHost           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void        rz_sync_host_store_inbox_async   (RzSyncHost           *self,
                                              RzAccount            *account,
                                              GPtrArray            *comments,
                                              const char           *cursor,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean    rz_sync_host_store_inbox_finish  (RzSyncHost           *self,
                                              GAsyncResult         *result,
                                              guint                *n_new,
                                              GError              **error);

/* How one sync went, account by account. */
typedef struct _RzSyncReport RzSyncReport;

#define RZ_TYPE_SYNC_REPORT (rz_sync_report_get_type ())
GType         rz_sync_report_get_type        (void) G_GNUC_CONST;
RzSyncReport *rz_sync_report_ref             (RzSyncReport *self);
void          rz_sync_report_unref           (RzSyncReport *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzSyncReport, rz_sync_report_unref)

guint         rz_sync_report_get_n_accounts  (RzSyncReport *self);
RzAccount    *rz_sync_report_get_account     (RzSyncReport *self,
                                              guint         index);
guint         rz_sync_report_get_n_new_for   (RzSyncReport *self,
                                              guint         index);
/* NULL when the account was fetched completely. */
const GError *rz_sync_report_get_error       (RzSyncReport *self,
                                              guint         index);
/* New comments of all accounts. */
guint         rz_sync_report_get_n_new       (RzSyncReport *self);
guint         rz_sync_report_get_n_failed    (RzSyncReport *self);
/* A translated summary, e.g. "3 new comments from 2 accounts." and then a
 * line per problem with what to do about it. */
char         *rz_sync_report_dup_summary     (RzSyncReport *self);

#define RZ_TYPE_SYNC (rz_sync_get_type ())
G_DECLARE_FINAL_TYPE (RzSync, rz_sync, RZ, SYNC, GObject)

/* Fetches the inboxes of accounts, up to three at once, each from its
 * stored cursor, and hands every fetched page with its new cursor to the
 * host to store in one go: an error or a crash before that leaves the
 * cursor where it was, so the next sync fetches the same comments again
 * and nothing is lost or counted twice. An account that fails does not
 * stop the others; its live status (RzAccount:status) says why. Accounts
 * that need to be signed in again are not asked. Emits ::progress. */
RzSync       *rz_sync_new                    (RzHttpClient         *client);
gboolean      rz_sync_get_running            (RzSync               *self);
/* @accounts: RzAccount objects. G_IO_ERROR_PENDING while one runs. */
void          rz_sync_run_async              (RzSync               *self,
                                              RzSyncHost           *host,
                                              GPtrArray            *accounts,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
RzSyncReport *rz_sync_run_finish             (RzSync               *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* The live status for an error of a fetch. */
RzAccountStatus rz_sync_status_for_error     (const GError         *error);

G_END_DECLS
