/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-wordpress-json.h"
#include "rz-wordpress-provider.h"

G_BEGIN_DECLS

/* Shared by rz-wordpress-provider.c (requests, sign-in, threads,
 * moderation), rz-wordpress-inbox.c and rz-wordpress-reply.c. */

#define NETWORK_NAME        "WordPress"
/* per_page may be at most 100. */
#define PAGE_SIZE           100
/* One sync reads at most this many pages; the cursor keeps the rest. */
#define MAX_INBOX_PAGES     10
/* WordPress keeps a comment in at most 65525 bytes; a character takes up
 * to four. */
#define MAX_COMMENT_CHARS   16000
#define INBOX_FIELDS        "id,post,parent,author,author_name,status,type,date_gmt,link,content"

struct _RzWordpressProvider
{
  GObject          parent_instance;

  RzHttpClient    *client;
  char            *site_url;      /* https://blog.example */
  char            *user;
  char            *password;      /* the application password */
  char            *api_root;      /* https://blog.example/wp-json/ */
  RzRemoteAccount *account;
  gint64           user_id;
  char            *timezone;      /* the site's, NULL if not known */
  guint            inbox_page_size;
  guint            inbox_max_pages;
};

void                rz_wordpress_api_async           (RzWordpressProvider  *self,
                                                      const char           *method,
                                                      const char           *route,
                                                      const char           *query,
                                                      JsonNode             *body,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
JsonNode           *rz_wordpress_api_finish          (RzWordpressProvider  *self,
                                                      GAsyncResult         *result,
                                                      RzHttpResponse      **out_response,
                                                      GError              **error);
void                rz_wordpress_get_comment_async   (RzWordpressProvider  *self,
                                                      gint64                id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
RzWordpressComment *rz_wordpress_get_comment_finish  (RzWordpressProvider  *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
GError             *rz_wordpress_new_not_found_error (void);
gboolean            rz_wordpress_parse_remote_id     (const char           *remote_id,
                                                      gint64               *id);
gboolean            rz_wordpress_provider_return_if_signed_out (RzWordpressProvider *self,
                                                                GTask               *task);

/* RzProvider, in rz-wordpress-inbox.c */
void                rz_wordpress_provider_fetch_inbox_async   (RzProvider           *provider,
                                                               const char           *cursor,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
GPtrArray          *rz_wordpress_provider_fetch_inbox_finish  (RzProvider           *provider,
                                                               GAsyncResult         *result,
                                                               char                **new_cursor,
                                                               GError              **error);

/* RzProvider, in rz-wordpress-reply.c */
void                rz_wordpress_provider_post_async          (RzProvider           *provider,
                                                               const char           *text,
                                                               const char * const   *media_ids,
                                                               const char           *idempotency_key,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
RzPostResult       *rz_wordpress_provider_post_finish         (RzProvider           *provider,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                rz_wordpress_provider_reply_async         (RzProvider           *provider,
                                                               const char           *parent_remote_id,
                                                               const char           *text,
                                                               const char * const   *media_ids,
                                                               const char           *idempotency_key,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
RzPostResult       *rz_wordpress_provider_reply_finish        (RzProvider           *provider,
                                                               GAsyncResult         *result,
                                                               GError              **error);
void                rz_wordpress_provider_upload_media_async  (RzProvider           *provider,
                                                               GBytes               *data,
                                                               const char           *content_type,
                                                               const char           *alt_text,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
char               *rz_wordpress_provider_upload_media_finish (RzProvider           *provider,
                                                               GAsyncResult         *result,
                                                               GError              **error);

/* For the integration tests: small pages show how a sync splits a long
 * absence. */
void                rz_wordpress_provider_set_inbox_limits    (RzWordpressProvider  *self,
                                                               guint                 page_size,
                                                               guint                 max_pages);

G_END_DECLS
