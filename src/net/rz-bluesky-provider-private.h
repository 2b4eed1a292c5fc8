/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-bluesky-json.h"
#include "rz-bluesky-provider.h"

G_BEGIN_DECLS

/* Shared by rz-bluesky-provider.c (session, XRPC, sign-in, threads),
 * rz-bluesky-inbox.c and rz-bluesky-post.c. */

#define NETWORK_NAME         "Bluesky"
/* listNotifications allows 100 a page. */
#define INBOX_PAGE_LIMIT     100
/* One sync reads at most this many pages; what is older waits in the
 * cursor for the next one, so a long absence is no endless request. */
#define MAX_INBOX_PAGES      10

struct _RzBlueskyProvider
{
  GObject           parent_instance;

  RzHttpClient     *client;
  char             *service_url;      /* https://bsky.social */
  char             *identifier;       /* handle or e-mail address */
  char             *appview;          /* atproto-proxy value */
  RzBlueskySession *session;
  RzRemoteAccount  *account;
  GPtrArray        *refresh_waiters;  /* GTask, while a refresh runs */
  guint             inbox_page_size;
  guint             inbox_max_pages;
};

typedef enum {
  RZ_BLUESKY_CALL_AUTH     = 1 << 0,   /* with the access token */
  RZ_BLUESKY_CALL_PROXY    = 1 << 1,   /* app.bsky.*: through the PDS to the AppView */
  RZ_BLUESKY_CALL_ENTRYWAY = 1 << 2,   /* to the service we sign in at, not the PDS */
} RzBlueskyCallFlags;

/* One XRPC request, as rz_bluesky_xrpc_async() sends it. */
typedef struct {
  char     *http_method;
  char     *nsid;
  GString  *query;
  JsonNode *json_body;
  GBytes   *raw_body;
  char     *content_type;
  guint     flags;
  gboolean  refreshed;
} RzBlueskyCall;

RzBlueskyCall *rz_bluesky_call_new              (const char           *http_method,
                                                 const char           *nsid,
                                                 guint                 flags);
void           rz_bluesky_call_add_param        (RzBlueskyCall        *call,
                                                 const char           *name,
                                                 const char           *value);
void           rz_bluesky_xrpc_async            (RzBlueskyProvider    *self,
                                                 RzBlueskyCall        *call,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
JsonNode      *rz_bluesky_xrpc_finish           (RzBlueskyProvider    *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

GError        *rz_bluesky_new_not_found_error   (void);
gboolean       rz_bluesky_error_is_not_found    (const GError         *error);
gboolean       rz_bluesky_provider_return_if_signed_out (RzBlueskyProvider *self,
                                                         GTask             *task);

/* RzProvider, in rz-bluesky-inbox.c */
void           rz_bluesky_provider_fetch_inbox_async   (RzProvider           *provider,
                                                        const char           *cursor,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray     *rz_bluesky_provider_fetch_inbox_finish  (RzProvider           *provider,
                                                        GAsyncResult         *result,
                                                        char                **new_cursor,
                                                        GError              **error);

/* RzProvider, in rz-bluesky-post.c */
void           rz_bluesky_provider_post_async          (RzProvider           *provider,
                                                        const char           *text,
                                                        const char * const   *media_ids,
                                                        const char           *idempotency_key,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
RzPostResult  *rz_bluesky_provider_post_finish         (RzProvider           *provider,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void           rz_bluesky_provider_reply_async         (RzProvider           *provider,
                                                        const char           *parent_remote_id,
                                                        const char           *text,
                                                        const char * const   *media_ids,
                                                        const char           *idempotency_key,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
RzPostResult  *rz_bluesky_provider_reply_finish        (RzProvider           *provider,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void           rz_bluesky_provider_upload_media_async  (RzProvider           *provider,
                                                        GBytes               *data,
                                                        const char           *content_type,
                                                        const char           *alt_text,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char          *rz_bluesky_provider_upload_media_finish (RzProvider           *provider,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* For the integration tests: small pages show how a sync splits a long
 * absence. */
void           rz_bluesky_provider_set_inbox_limits    (RzBlueskyProvider    *self,
                                                        guint                 page_size,
                                                        guint                 max_pages);

G_END_DECLS
