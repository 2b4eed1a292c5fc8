/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-comment.h"
#include "rz-text-length.h"

G_BEGIN_DECLS

/* The account a provider is signed in as, as the network knows it. */
typedef struct {
  char *id;               /* the network's id for the account */
  char *handle;           /* fully qualified, e.g. "@cafe@social.example" */
  char *display_name;
  char *url;              /* profile page */
} RzRemoteAccount;

#define RZ_TYPE_REMOTE_ACCOUNT (rz_remote_account_get_type ())
GType            rz_remote_account_get_type (void) G_GNUC_CONST;
RzRemoteAccount *rz_remote_account_copy     (const RzRemoteAccount *self);
void             rz_remote_account_free     (RzRemoteAccount       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzRemoteAccount, rz_remote_account_free)

typedef enum {
  RZ_PROVIDER_FEATURE_NONE       = 0,
  RZ_PROVIDER_FEATURE_REPLY      = 1 << 0,
  RZ_PROVIDER_FEATURE_MEDIA      = 1 << 1,
  RZ_PROVIDER_FEATURE_HIDE       = 1 << 2,   /* hide a comment on our post */
  RZ_PROVIDER_FEATURE_SPAM       = 1 << 3,   /* mark a comment as spam */
  RZ_PROVIDER_FEATURE_VISIBILITY = 1 << 4,   /* public, unlisted, followers, direct */
} RzProviderFeatures;

/* What a network allows, for the editor (length counter) and the actions
 * it offers. */
typedef struct {
  guint              max_length;
  RzTextCounting     counting;
  guint              url_length;     /* RZ_TEXT_COUNTING_MASTODON only */
  guint              max_media;
  RzProviderFeatures features;
} RzProviderCapabilities;

#define RZ_TYPE_PROVIDER_CAPABILITIES (rz_provider_capabilities_get_type ())
GType                   rz_provider_capabilities_get_type (void) G_GNUC_CONST;
RzProviderCapabilities *rz_provider_capabilities_copy     (const RzProviderCapabilities *self);
void                    rz_provider_capabilities_free     (RzProviderCapabilities       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzProviderCapabilities, rz_provider_capabilities_free)

/* Where a post or reply was published. */
typedef struct {
  char *remote_id;
  char *url;
} RzPostResult;

#define RZ_TYPE_POST_RESULT (rz_post_result_get_type ())
GType         rz_post_result_get_type (void) G_GNUC_CONST;
RzPostResult *rz_post_result_copy     (const RzPostResult *self);
void          rz_post_result_free     (RzPostResult       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzPostResult, rz_post_result_free)

#define RZ_TYPE_PROVIDER (rz_provider_get_type ())
G_DECLARE_INTERFACE (RzProvider, rz_provider, RZ, PROVIDER, GObject)

/* The seam every network implements. All I/O is asynchronous and
 * cancellable; errors are RZ_NET_ERROR or G_IO_ERROR_CANCELLED. Providers
 * turn network data into core objects (RzComment) and cursors; storing them
 * is the caller's job.
 *
 * The secret is opaque to callers: after a first sign-in (network specific,
 * e.g. RzMastodonSignIn) or a refresh, store rz_provider_dup_secret() with
 * RzSecretStore, and hand it back to sign_in() on the next start. */
struct _RzProviderInterface
{
  GTypeInterface parent_iface;

  const char             *(*get_channel)            (RzProvider           *self);
  const char             *(*get_network_name)       (RzProvider           *self);
  char                   *(*dup_secret)             (RzProvider           *self);

  void                    (*sign_in_async)          (RzProvider           *self,
                                                     const char           *secret,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  RzRemoteAccount        *(*sign_in_finish)         (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*refresh_async)          (RzProvider           *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  gboolean                (*refresh_finish)         (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*who_am_i_async)         (RzProvider           *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  RzRemoteAccount        *(*who_am_i_finish)        (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*get_capabilities_async) (RzProvider           *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  RzProviderCapabilities *(*get_capabilities_finish) (RzProvider          *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
  void                    (*fetch_inbox_async)      (RzProvider           *self,
                                                     const char           *cursor,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  GPtrArray              *(*fetch_inbox_finish)     (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     char                **new_cursor,
                                                     GError              **error);
  void                    (*fetch_thread_async)     (RzProvider           *self,
                                                     const char           *remote_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  GPtrArray              *(*fetch_thread_finish)    (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*post_async)             (RzProvider           *self,
                                                     const char           *text,
                                                     const char * const   *media_ids,
                                                     const char           *idempotency_key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  RzPostResult           *(*post_finish)            (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*reply_async)            (RzProvider           *self,
                                                     const char           *parent_remote_id,
                                                     const char           *text,
                                                     const char * const   *media_ids,
                                                     const char           *idempotency_key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  RzPostResult           *(*reply_finish)           (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
  void                    (*upload_media_async)     (RzProvider           *self,
                                                     GBytes               *data,
                                                     const char           *content_type,
                                                     const char           *alt_text,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
  char                   *(*upload_media_finish)    (RzProvider           *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
};

const char             *rz_provider_get_channel          (RzProvider           *self);
const char             *rz_provider_get_network_name     (RzProvider           *self);
char                   *rz_provider_dup_secret           (RzProvider           *self);

void                    rz_provider_sign_in_async        (RzProvider           *self,
                                                          const char           *secret,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
RzRemoteAccount        *rz_provider_sign_in_finish       (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_refresh_async        (RzProvider           *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean                rz_provider_refresh_finish       (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_who_am_i_async       (RzProvider           *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
RzRemoteAccount        *rz_provider_who_am_i_finish      (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_get_capabilities_async  (RzProvider        *self,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
RzProviderCapabilities *rz_provider_get_capabilities_finish (RzProvider        *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);
void                    rz_provider_fetch_inbox_async    (RzProvider           *self,
                                                          const char           *cursor,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray              *rz_provider_fetch_inbox_finish   (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          char                **new_cursor,
                                                          GError              **error);
void                    rz_provider_fetch_thread_async   (RzProvider           *self,
                                                          const char           *remote_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GPtrArray              *rz_provider_fetch_thread_finish  (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_post_async           (RzProvider           *self,
                                                          const char           *text,
                                                          const char * const   *media_ids,
                                                          const char           *idempotency_key,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
RzPostResult           *rz_provider_post_finish          (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_reply_async          (RzProvider           *self,
                                                          const char           *parent_remote_id,
                                                          const char           *text,
                                                          const char * const   *media_ids,
                                                          const char           *idempotency_key,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
RzPostResult           *rz_provider_reply_finish         (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
void                    rz_provider_upload_media_async   (RzProvider           *self,
                                                          GBytes               *data,
                                                          const char           *content_type,
                                                          const char           *alt_text,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
char                   *rz_provider_upload_media_finish  (RzProvider           *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
