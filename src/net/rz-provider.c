/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-net-error.h"
#include "rz-provider.h"

G_DEFINE_INTERFACE (RzProvider, rz_provider, G_TYPE_OBJECT)

RzRemoteAccount *
rz_remote_account_copy (const RzRemoteAccount *self)
{
  RzRemoteAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RzRemoteAccount, 1);
  copy->id = g_strdup (self->id);
  copy->handle = g_strdup (self->handle);
  copy->display_name = g_strdup (self->display_name);
  copy->url = g_strdup (self->url);
  return copy;
}

void
rz_remote_account_free (RzRemoteAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->handle);
  g_free (self->display_name);
  g_free (self->url);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (RzRemoteAccount, rz_remote_account, rz_remote_account_copy, rz_remote_account_free)

RzProviderCapabilities *
rz_provider_capabilities_copy (const RzProviderCapabilities *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
rz_provider_capabilities_free (RzProviderCapabilities *self)
{
  g_free (self);
}

G_DEFINE_BOXED_TYPE (RzProviderCapabilities, rz_provider_capabilities,
                     rz_provider_capabilities_copy, rz_provider_capabilities_free)

RzPostResult *
rz_post_result_copy (const RzPostResult *self)
{
  RzPostResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (RzPostResult, 1);
  copy->remote_id = g_strdup (self->remote_id);
  copy->url = g_strdup (self->url);
  return copy;
}

void
rz_post_result_free (RzPostResult *self)
{
  if (self == NULL)
    return;

  g_free (self->remote_id);
  g_free (self->url);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (RzPostResult, rz_post_result, rz_post_result_copy, rz_post_result_free)

/* Defaults for what not every network has: tokens that never expire need
 * no refresh; replies and media are refused as not supported. */
static void
default_refresh_async (RzProvider          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_refresh_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
default_refresh_finish (RzProvider    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
return_not_supported (RzProvider          *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                           /* Translators: %s is a network such as Mastodon */
                           _("%s does not support this."),
                           rz_provider_get_network_name (self));
}

static void
default_reply_async (RzProvider          *self,
                     const char          *parent_remote_id,
                     const char          *text,
                     const char * const  *media_ids,
                     const char          *idempotency_key,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  return_not_supported (self, cancellable, callback, user_data, default_reply_async);
}

static RzPostResult *
default_reply_finish (RzProvider    *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
default_upload_media_async (RzProvider          *self,
                            GBytes              *data,
                            const char          *content_type,
                            const char          *alt_text,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  return_not_supported (self, cancellable, callback, user_data, default_upload_media_async);
}

static char *
default_upload_media_finish (RzProvider    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rz_provider_default_init (RzProviderInterface *iface)
{
  iface->refresh_async = default_refresh_async;
  iface->refresh_finish = default_refresh_finish;
  iface->reply_async = default_reply_async;
  iface->reply_finish = default_reply_finish;
  iface->upload_media_async = default_upload_media_async;
  iface->upload_media_finish = default_upload_media_finish;
}

/* The channel id as in data/channels.json, e.g. "mastodon". */
const char *
rz_provider_get_channel (RzProvider *self)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->get_channel (self);
}

/* The network's name for messages, e.g. "Mastodon"; not translated. */
const char *
rz_provider_get_network_name (RzProvider *self)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->get_network_name (self);
}

/* What to keep in the keyring for this account, or NULL when not signed
 * in. Never log it. */
char *
rz_provider_dup_secret (RzProvider *self)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->dup_secret (self);
}

/* Signs in with a secret from the keyring and checks it is still valid;
 * finishes with the account. RZ_NET_ERROR_UNAUTHORIZED means the user has
 * to sign in again. */
void
rz_provider_sign_in_async (RzProvider          *self,
                           const char          *secret,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->sign_in_async (self, secret, cancellable, callback, user_data);
}

RzRemoteAccount *
rz_provider_sign_in_finish (RzProvider    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->sign_in_finish (self, result, error);
}

/* Renews short-lived credentials; store rz_provider_dup_secret() again
 * afterwards. */
void
rz_provider_refresh_async (RzProvider          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->refresh_async (self, cancellable, callback, user_data);
}

gboolean
rz_provider_refresh_finish (RzProvider    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), FALSE);

  return RZ_PROVIDER_GET_IFACE (self)->refresh_finish (self, result, error);
}

void
rz_provider_who_am_i_async (RzProvider          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->who_am_i_async (self, cancellable, callback, user_data);
}

RzRemoteAccount *
rz_provider_who_am_i_finish (RzProvider    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->who_am_i_finish (self, result, error);
}

void
rz_provider_get_capabilities_async (RzProvider          *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->get_capabilities_async (self, cancellable, callback, user_data);
}

RzProviderCapabilities *
rz_provider_get_capabilities_finish (RzProvider    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->get_capabilities_finish (self, result, error);
}

/* Fetches what arrived since @cursor (NULL on the first sync: the newest
 * page only): comments on our posts, replies and mentions, oldest first.
 * @new_cursor is what to pass next time; store it together with the
 * comments, so nothing is skipped when storing fails. */
void
rz_provider_fetch_inbox_async (RzProvider          *self,
                               const char          *cursor,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->fetch_inbox_async (self, cursor, cancellable, callback, user_data);
}

/* Returns a GPtrArray of RzComment. */
GPtrArray *
rz_provider_fetch_inbox_finish (RzProvider    *self,
                                GAsyncResult  *result,
                                char         **new_cursor,
                                GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);
  g_return_val_if_fail (new_cursor != NULL, NULL);

  return RZ_PROVIDER_GET_IFACE (self)->fetch_inbox_finish (self, result, new_cursor, error);
}

/* The conversation around @remote_id: its ancestors, oldest first, then
 * the replies below it; @remote_id itself is not included. */
void
rz_provider_fetch_thread_async (RzProvider          *self,
                                const char          *remote_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (remote_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->fetch_thread_async (self, remote_id, cancellable, callback, user_data);
}

GPtrArray *
rz_provider_fetch_thread_finish (RzProvider    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->fetch_thread_finish (self, result, error);
}

/* Publishes @text. @idempotency_key (e.g. g_uuid_string_random(), kept
 * with the draft) makes a retry after a crash or timeout safe: the same key
 * never publishes twice. Without a key the request is sent only once. */
void
rz_provider_post_async (RzProvider          *self,
                        const char          *text,
                        const char * const  *media_ids,
                        const char          *idempotency_key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->post_async (self, text, media_ids, idempotency_key,
                                           cancellable, callback, user_data);
}

RzPostResult *
rz_provider_post_finish (RzProvider    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->post_finish (self, result, error);
}

/* Answers @parent_remote_id; see rz_provider_post_async() for the key.
 * The network's reply rules apply (Mastodon keeps the visibility of the
 * answered post and mentions its author). */
void
rz_provider_reply_async (RzProvider          *self,
                         const char          *parent_remote_id,
                         const char          *text,
                         const char * const  *media_ids,
                         const char          *idempotency_key,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (parent_remote_id != NULL);
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->reply_async (self, parent_remote_id, text, media_ids,
                                            idempotency_key, cancellable, callback, user_data);
}

RzPostResult *
rz_provider_reply_finish (RzProvider    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->reply_finish (self, result, error);
}

/* Uploads an image with its description (alt text) and finishes with the
 * media id to pass to post or reply. */
void
rz_provider_upload_media_async (RzProvider          *self,
                                GBytes              *data,
                                const char          *content_type,
                                const char          *alt_text,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RZ_IS_PROVIDER (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  RZ_PROVIDER_GET_IFACE (self)->upload_media_async (self, data, content_type, alt_text,
                                                   cancellable, callback, user_data);
}

char *
rz_provider_upload_media_finish (RzProvider    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (RZ_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (G_IS_ASYNC_RESULT (result), NULL);

  return RZ_PROVIDER_GET_IFACE (self)->upload_media_finish (self, result, error);
}
