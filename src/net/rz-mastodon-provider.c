/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-mastodon-json.h"
#include "rz-mastodon-provider.h"
#include "rz-net-error.h"
#include "rz-oauth.h"

#define NETWORK_NAME        "Mastodon"
#define NOTIFICATIONS_PATH  "/api/v1/notifications"
/* The maximum the API allows; fewer requests for the same news. */
#define INBOX_PAGE_LIMIT    80
/* One sync reads at most this many pages; the cursor keeps the rest for
 * the next one, so a long absence does not mean one endless request. */
#define MAX_INBOX_PAGES     10

struct _RzMastodonProvider
{
  GObject                 parent_instance;

  RzHttpClient           *client;
  char                   *server;         /* https://social.example */
  char                   *host;           /* social.example, for handles */
  char                   *access_token;
  char                   *client_id;
  char                   *client_secret;
  RzRemoteAccount        *account;
  RzProviderCapabilities *capabilities;
};

static void rz_mastodon_provider_iface_init (RzProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RzMastodonProvider, rz_mastodon_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RZ_TYPE_PROVIDER, rz_mastodon_provider_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RzHttpRequest *
new_request (RzMastodonProvider *self,
             const char         *method,
             const char         *path)
{
  g_autofree char *uri = g_strconcat (self->server, path, NULL);
  RzHttpRequest *request = rz_http_request_new (method, uri);

  rz_http_request_set_network_name (request, NETWORK_NAME);
  if (self->access_token != NULL)
    rz_http_request_set_bearer_token (request, self->access_token);

  return request;
}

/* Finishes a send and parses the JSON body; the response too if wanted. */
static JsonNode *
send_finish_json (RzMastodonProvider  *self,
                  GAsyncResult        *result,
                  RzHttpResponse     **out_response,
                  GError             **error)
{
  g_autoptr(RzHttpResponse) response = NULL;
  JsonNode *node;

  response = rz_http_client_send_finish (self->client, result, error);
  if (response == NULL)
    return NULL;

  node = rz_http_response_parse_json (response, error);
  if (node != NULL && out_response != NULL)
    *out_response = g_steal_pointer (&response);

  return node;
}

static gboolean
return_if_signed_out (RzMastodonProvider *self,
                      GTask              *task)
{
  if (self->access_token != NULL)
    return FALSE;

  g_task_return_error (task, rz_net_error_new_for_status (SOUP_STATUS_UNAUTHORIZED, NETWORK_NAME, NULL));
  return TRUE;
}

/* Remote ids go into paths: only the characters Mastodon ids use. */
static gboolean
is_valid_id (const char *id)
{
  gsize len = 0;

  for (const char *p = id; *p != '\0'; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return len > 0 && len <= 64;
}

static gboolean
return_if_invalid_id (GTask      *task,
                      const char *id)
{
  if (is_valid_id (id))
    return FALSE;

  g_task_return_error (task, rz_net_error_new_for_status (SOUP_STATUS_NOT_FOUND, NETWORK_NAME, NULL));
  return TRUE;
}

/* --- secret ------------------------------------------------------------ */

static char *
rz_mastodon_provider_dup_secret (RzProvider *provider)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (self->access_token == NULL)
    return NULL;

  /* The client credentials are kept too: Mastodon asks to treat them as
   * passwords, and revoking the token on sign-out needs them. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, self->access_token);
  if (self->client_id != NULL && self->client_secret != NULL)
    {
      json_builder_set_member_name (builder, "client_id");
      json_builder_add_string_value (builder, self->client_id);
      json_builder_set_member_name (builder, "client_secret");
      json_builder_add_string_value (builder, self->client_secret);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
load_secret (RzMastodonProvider *self,
             const char         *secret)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *token;
  const char *client_id;
  const char *client_secret;

  if (!json_parser_load_from_data (parser, secret, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  token = rz_mastodon_json_get_string (object, "access_token");
  if (token == NULL || token[0] == '\0')
    return FALSE;

  client_id = rz_mastodon_json_get_string (object, "client_id");
  client_secret = rz_mastodon_json_get_string (object, "client_secret");
  rz_mastodon_provider_set_credentials (self, token, client_id, client_secret);
  return TRUE;
}

/* --- who am I, sign in --------------------------------------------------- */

static void
on_verified (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzRemoteAccount *account;
  GError *error = NULL;

  node = send_finish_json (self, result, NULL, &error);
  if (node == NULL || (account = rz_mastodon_json_parse_account (node, self->host, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_clear_pointer (&self->account, rz_remote_account_free);
  self->account = account;
  g_task_return_pointer (task, rz_remote_account_copy (account), (GDestroyNotify) rz_remote_account_free);
}

static void
verify_credentials (RzMastodonProvider *self,
                    GTask              *task)
{
  g_autoptr(RzHttpRequest) request = NULL;

  if (return_if_signed_out (self, task))
    return;

  request = new_request (self, "GET", "/api/v1/accounts/verify_credentials");
  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_verified, g_object_ref (task));
}

static void
rz_mastodon_provider_who_am_i_async (RzProvider          *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_mastodon_provider_who_am_i_async);
  verify_credentials (self, task);
}

static RzRemoteAccount *
rz_mastodon_provider_who_am_i_finish (RzProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rz_mastodon_provider_sign_in_async (RzProvider          *provider,
                                    const char          *secret,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_mastodon_provider_sign_in_async);

  if (!load_secret (self, secret))
    {
      g_task_return_error (task, rz_net_error_new_for_status (SOUP_STATUS_UNAUTHORIZED, NETWORK_NAME, NULL));
      return;
    }

  /* Mastodon tokens do not expire; checking the account tells whether it
   * was revoked. */
  verify_credentials (self, task);
}

static RzRemoteAccount *
rz_mastodon_provider_sign_in_finish (RzProvider    *provider,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- capabilities -------------------------------------------------------- */

static void
on_instance (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzProviderCapabilities capabilities = { 0 };
  GError *error = NULL;

  node = send_finish_json (self, result, NULL, &error);

  /* Servers before 4.0 only have the v1 answer. */
  if (node == NULL && g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND) &&
      g_task_get_task_data (task) == NULL)
    {
      g_autoptr(RzHttpRequest) request = new_request (self, "GET", "/api/v1/instance");

      g_clear_error (&error);
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
      rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                                 on_instance, g_object_ref (task));
      return;
    }

  if (node == NULL || !rz_mastodon_json_parse_instance (node, &capabilities, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  rz_mastodon_provider_set_capabilities (self, &capabilities);
  g_task_return_pointer (task, rz_provider_capabilities_copy (&capabilities),
                         (GDestroyNotify) rz_provider_capabilities_free);
}

static void
rz_mastodon_provider_get_capabilities_async (RzProvider          *provider,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;

  g_task_set_source_tag (task, rz_mastodon_provider_get_capabilities_async);

  if (self->capabilities != NULL)
    {
      g_task_return_pointer (task, rz_provider_capabilities_copy (self->capabilities),
                             (GDestroyNotify) rz_provider_capabilities_free);
      return;
    }

  request = new_request (self, "GET", "/api/v2/instance");
  rz_http_client_send_async (self->client, request, cancellable, on_instance, g_steal_pointer (&task));
}

static RzProviderCapabilities *
rz_mastodon_provider_get_capabilities_finish (RzProvider    *provider,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- inbox --------------------------------------------------------------- */

typedef struct {
  char      *cursor;
  char      *newest;
  GPtrArray *comments;
  guint      pages;
} InboxData;

static void
inbox_data_free (gpointer user_data)
{
  InboxData *data = user_data;

  g_free (data->cursor);
  g_free (data->newest);
  g_clear_pointer (&data->comments, g_ptr_array_unref);
  g_free (data);
}

/* The token is only sent to pages of our own notifications, whatever a
 * Link header says. */
static gboolean
is_own_notifications_page (RzMastodonProvider *self,
                           const char         *uri)
{
  g_autoptr(GUri) page = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) server = g_uri_parse (self->server, G_URI_FLAGS_ENCODED, NULL);

  return page != NULL && server != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (page), g_uri_get_scheme (server)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (page), g_uri_get_host (server)) == 0 &&
         g_uri_get_port (page) == g_uri_get_port (server) &&
         strcmp (g_uri_get_path (page), NOTIFICATIONS_PATH) == 0;
}

static void fetch_inbox_page (GTask      *task,
                              const char *uri);

static void
on_inbox_page (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *next = NULL;
  GError *error = NULL;
  guint n_items;

  node = send_finish_json (self, result, &response, &error);
  if (node == NULL ||
      (comments = rz_mastodon_json_parse_notifications (node, self->host, &newest, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  n_items = json_array_get_length (json_node_get_array (node));
  g_ptr_array_extend_and_steal (data->comments, g_steal_pointer (&comments));
  if (rz_mastodon_compare_ids (newest, data->newest) > 0)
    {
      g_free (data->newest);
      data->newest = g_steal_pointer (&newest);
    }
  data->pages++;

  /* With min_id each page holds the notifications right after the cursor,
   * and rel="prev" leads to the next newer page. A short page is the
   * last one. Without a cursor only the newest page is read. */
  if (data->cursor != NULL && n_items >= INBOX_PAGE_LIMIT && data->pages < MAX_INBOX_PAGES)
    next = rz_http_response_dup_link (response, "prev");

  if (next != NULL && is_own_notifications_page (self, next))
    {
      fetch_inbox_page (task, next);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->comments), (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_inbox_page (GTask      *task,
                  const char *uri)
{
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(RzHttpRequest) request = rz_http_request_new ("GET", uri);

  rz_http_request_set_network_name (request, NETWORK_NAME);
  rz_http_request_set_bearer_token (request, self->access_token);
  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_inbox_page, g_object_ref (task));
}

static void
rz_mastodon_provider_fetch_inbox_async (RzProvider          *provider,
                                        const char          *cursor,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = NULL;
  InboxData *data;

  g_task_set_source_tag (task, rz_mastodon_provider_fetch_inbox_async);
  if (return_if_signed_out (self, task))
    return;

  data = g_new0 (InboxData, 1);
  data->cursor = g_strdup (cursor != NULL && cursor[0] != '\0' ? cursor : NULL);
  data->newest = g_strdup (data->cursor);
  data->comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, inbox_data_free);

  /* Replies to our posts arrive as mentions too. */
  if (data->cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (data->cursor, NULL, FALSE);

      uri = g_strdup_printf ("%s" NOTIFICATIONS_PATH "?types%%5B%%5D=mention&limit=%d&min_id=%s",
                             self->server, INBOX_PAGE_LIMIT, escaped);
    }
  else
    uri = g_strdup_printf ("%s" NOTIFICATIONS_PATH "?types%%5B%%5D=mention&limit=%d",
                           self->server, INBOX_PAGE_LIMIT);

  fetch_inbox_page (task, uri);
}

static GPtrArray *
rz_mastodon_provider_fetch_inbox_finish (RzProvider    *provider,
                                         GAsyncResult  *result,
                                         char         **new_cursor,
                                         GError       **error)
{
  InboxData *data = g_task_get_task_data (G_TASK (result));
  GPtrArray *comments;

  comments = g_task_propagate_pointer (G_TASK (result), error);
  if (comments != NULL)
    *new_cursor = g_strdup (data->newest);

  return comments;
}

/* --- thread -------------------------------------------------------------- */

static void
on_context (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *comments;
  GError *error = NULL;

  node = send_finish_json (self, result, NULL, &error);
  if (node == NULL || (comments = rz_mastodon_json_parse_context (node, self->host, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, comments, (GDestroyNotify) g_ptr_array_unref);
}

static void
rz_mastodon_provider_fetch_thread_async (RzProvider          *provider,
                                         const char          *remote_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, rz_mastodon_provider_fetch_thread_async);
  if (return_if_signed_out (self, task) || return_if_invalid_id (task, remote_id))
    return;

  path = g_strdup_printf ("/api/v1/statuses/%s/context", remote_id);
  request = new_request (self, "GET", path);
  rz_http_client_send_async (self->client, request, cancellable, on_context, g_steal_pointer (&task));
}

static GPtrArray *
rz_mastodon_provider_fetch_thread_finish (RzProvider    *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- post and reply ------------------------------------------------------ */

typedef struct {
  char  *parent_id;
  char  *text;
  GStrv  media_ids;
  char  *idempotency_key;
} PostData;

static void
post_data_free (gpointer user_data)
{
  PostData *data = user_data;

  g_free (data->parent_id);
  g_free (data->text);
  g_strfreev (data->media_ids);
  g_free (data->idempotency_key);
  g_free (data);
}

static void
on_status_posted (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzComment) status = NULL;
  RzPostResult *post;
  GError *error = NULL;

  node = send_finish_json (self, result, NULL, &error);
  if (node == NULL || (status = rz_mastodon_json_parse_status (node, self->host, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  post = g_new0 (RzPostResult, 1);
  post->remote_id = g_strdup (rz_comment_get_remote_id (status));
  post->url = g_strdup (rz_comment_get_url (status));
  g_task_return_pointer (task, post, (GDestroyNotify) rz_post_result_free);
}

static void
send_status (GTask      *task,
             const char *text,
             const char *visibility)
{
  RzMastodonProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(RzHttpRequest) request = new_request (self, "POST", "/api/v1/statuses");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, text);
  if (data->parent_id != NULL)
    {
      json_builder_set_member_name (builder, "in_reply_to_id");
      json_builder_add_string_value (builder, data->parent_id);
    }
  if (visibility != NULL)
    {
      json_builder_set_member_name (builder, "visibility");
      json_builder_add_string_value (builder, visibility);
    }
  if (data->media_ids != NULL && data->media_ids[0] != NULL)
    {
      json_builder_set_member_name (builder, "media_ids");
      json_builder_begin_array (builder);
      for (guint i = 0; data->media_ids[i] != NULL; i++)
        json_builder_add_string_value (builder, data->media_ids[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  body = json_builder_get_root (builder);
  rz_http_request_set_json_body (request, body);
  /* Mastodon keeps the key for an hour: a resend after a timeout returns
   * the status it already made instead of posting twice. */
  if (data->idempotency_key != NULL && data->idempotency_key[0] != '\0')
    rz_http_request_set_idempotency_key (request, data->idempotency_key);

  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_status_posted, g_object_ref (task));
}

static PostData *
post_data_new (const char         *parent_id,
               const char         *text,
               const char * const *media_ids,
               const char         *idempotency_key)
{
  PostData *data = g_new0 (PostData, 1);

  data->parent_id = g_strdup (parent_id);
  data->text = g_strdup (text);
  data->media_ids = g_strdupv ((char **) media_ids);
  data->idempotency_key = g_strdup (idempotency_key);
  return data;
}

static void
rz_mastodon_provider_post_async (RzProvider          *provider,
                                 const char          *text,
                                 const char * const  *media_ids,
                                 const char          *idempotency_key,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_mastodon_provider_post_async);
  if (return_if_signed_out (self, task))
    return;

  g_task_set_task_data (task, post_data_new (NULL, text, media_ids, idempotency_key), post_data_free);
  /* No visibility: the account's default applies, as in Mastodon's own
   * composer. */
  send_status (task, text, NULL);
}

static RzPostResult *
rz_mastodon_provider_post_finish (RzProvider    *provider,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_own_acct (RzMastodonProvider *self,
             const char         *acct)
{
  g_autofree char *handle = NULL;

  if (self->account == NULL)
    return FALSE;

  handle = rz_mastodon_qualify_handle (acct, self->host);
  return g_ascii_strcasecmp (handle, self->account->handle) == 0;
}

static void
on_reply_target (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  PostData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *visibility = NULL;
  g_autofree char *acct = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  node = send_finish_json (self, result, NULL, &error);
  if (node == NULL || !rz_mastodon_json_parse_reply_target (node, &visibility, &acct, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A reply keeps the visibility of what it answers, so a direct message
   * stays direct, and mentions its author, without whom a direct reply
   * would reach nobody. */
  if (is_own_acct (self, acct))
    text = g_strdup (data->text);
  else
    text = rz_mastodon_build_reply_text (data->text, acct);

  send_status (task, text, visibility);
}

static void
rz_mastodon_provider_reply_async (RzProvider          *provider,
                                  const char          *parent_remote_id,
                                  const char          *text,
                                  const char * const  *media_ids,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, rz_mastodon_provider_reply_async);
  if (return_if_signed_out (self, task) || return_if_invalid_id (task, parent_remote_id))
    return;

  g_task_set_task_data (task, post_data_new (parent_remote_id, text, media_ids, idempotency_key),
                        post_data_free);

  path = g_strdup_printf ("/api/v1/statuses/%s", parent_remote_id);
  request = new_request (self, "GET", path);
  rz_http_client_send_async (self->client, request, cancellable, on_reply_target, g_steal_pointer (&task));
}

static RzPostResult *
rz_mastodon_provider_reply_finish (RzProvider    *provider,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- media --------------------------------------------------------------- */

static void
on_media_uploaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  const char *id = NULL;

  node = send_finish_json (self, result, NULL, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    id = rz_mastodon_json_get_string (json_node_get_object (node), "id");
  if (id == NULL || !is_valid_id (id))
    {
      g_task_return_error (task, rz_net_error_new_invalid_response (NETWORK_NAME));
      return;
    }

  g_task_return_pointer (task, g_strdup (id), g_free);
}

static const char *
file_name_for (const char *content_type)
{
  static const struct {
    const char *type;
    const char *name;
  } names[] = {
    { "image/jpeg", "image.jpg" },
    { "image/png", "image.png" },
    { "image/gif", "image.gif" },
    { "image/webp", "image.webp" },
    { "image/avif", "image.avif" },
    { "image/heic", "image.heic" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (content_type, names[i].type) == 0)
      return names[i].name;

  return "upload";
}

static void
rz_mastodon_provider_upload_media_async (RzProvider          *provider,
                                         GBytes              *bytes,
                                         const char          *content_type,
                                         const char          *alt_text,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;

  g_task_set_source_tag (task, rz_mastodon_provider_upload_media_async);
  if (return_if_signed_out (self, task))
    return;

  multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  soup_multipart_append_form_file (multipart, "file", file_name_for (content_type), content_type, bytes);
  if (alt_text != NULL && alt_text[0] != '\0')
    soup_multipart_append_form_string (multipart, "description", alt_text);

  request = new_request (self, "POST", "/api/v2/media");
  rz_http_request_set_multipart_body (request, multipart);
  rz_http_client_send_async (self->client, request, cancellable, on_media_uploaded, g_steal_pointer (&task));
}

static char *
rz_mastodon_provider_upload_media_finish (RzProvider    *provider,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the rest ------------------------------------------------------------ */

static const char *
rz_mastodon_provider_get_channel (RzProvider *provider)
{
  return RZ_MASTODON_CHANNEL;
}

static const char *
rz_mastodon_provider_get_network_name (RzProvider *provider)
{
  return NETWORK_NAME;
}

static void
rz_mastodon_provider_iface_init (RzProviderInterface *iface)
{
  iface->get_channel = rz_mastodon_provider_get_channel;
  iface->get_network_name = rz_mastodon_provider_get_network_name;
  iface->dup_secret = rz_mastodon_provider_dup_secret;
  iface->sign_in_async = rz_mastodon_provider_sign_in_async;
  iface->sign_in_finish = rz_mastodon_provider_sign_in_finish;
  iface->who_am_i_async = rz_mastodon_provider_who_am_i_async;
  iface->who_am_i_finish = rz_mastodon_provider_who_am_i_finish;
  iface->get_capabilities_async = rz_mastodon_provider_get_capabilities_async;
  iface->get_capabilities_finish = rz_mastodon_provider_get_capabilities_finish;
  iface->fetch_inbox_async = rz_mastodon_provider_fetch_inbox_async;
  iface->fetch_inbox_finish = rz_mastodon_provider_fetch_inbox_finish;
  iface->fetch_thread_async = rz_mastodon_provider_fetch_thread_async;
  iface->fetch_thread_finish = rz_mastodon_provider_fetch_thread_finish;
  iface->post_async = rz_mastodon_provider_post_async;
  iface->post_finish = rz_mastodon_provider_post_finish;
  iface->reply_async = rz_mastodon_provider_reply_async;
  iface->reply_finish = rz_mastodon_provider_reply_finish;
  iface->upload_media_async = rz_mastodon_provider_upload_media_async;
  iface->upload_media_finish = rz_mastodon_provider_upload_media_finish;
}

static void
rz_mastodon_provider_set_server (RzMastodonProvider *self,
                                 const char         *server)
{
  g_autoptr(GUri) uri = NULL;

  g_assert (self->server == NULL);

  self->server = g_strdup (server);
  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  self->host = g_strdup (uri != NULL ? g_uri_get_host (uri) : server);
}

static void
rz_mastodon_provider_finalize (GObject *object)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (object);

  g_clear_object (&self->client);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->host, g_free);
  rz_oauth_clear_secret (&self->access_token);
  rz_oauth_clear_secret (&self->client_id);
  rz_oauth_clear_secret (&self->client_secret);
  g_clear_pointer (&self->account, rz_remote_account_free);
  g_clear_pointer (&self->capabilities, rz_provider_capabilities_free);

  G_OBJECT_CLASS (rz_mastodon_provider_parent_class)->finalize (object);
}

static void
rz_mastodon_provider_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_SERVER:
      g_value_set_string (value, self->server);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_mastodon_provider_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RzMastodonProvider *self = RZ_MASTODON_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_SERVER:
      rz_mastodon_provider_set_server (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_mastodon_provider_class_init (RzMastodonProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_mastodon_provider_finalize;
  object_class->get_property = rz_mastodon_provider_get_property;
  object_class->set_property = rz_mastodon_provider_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         RZ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVER] =
    g_param_spec_string ("server", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_mastodon_provider_init (RzMastodonProvider *self)
{
}

/**
 * rz_mastodon_provider_new:
 * @server: a normalised server address, see rz_mastodon_normalize_server()
 */
RzMastodonProvider *
rz_mastodon_provider_new (RzHttpClient *client,
                          const char   *server)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (server != NULL, NULL);

  return g_object_new (RZ_TYPE_MASTODON_PROVIDER,
                       "client", client,
                       "server", server,
                       NULL);
}

const char *
rz_mastodon_provider_get_server (RzMastodonProvider *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_PROVIDER (self), NULL);

  return self->server;
}

/* The signed-in account, or NULL before sign-in or who-am-I finished. */
const RzRemoteAccount *
rz_mastodon_provider_get_account (RzMastodonProvider *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_PROVIDER (self), NULL);

  return self->account;
}

/* Used by RzMastodonSignIn after the token exchange. */
void
rz_mastodon_provider_set_credentials (RzMastodonProvider *self,
                                      const char         *access_token,
                                      const char         *client_id,
                                      const char         *client_secret)
{
  g_return_if_fail (RZ_IS_MASTODON_PROVIDER (self));

  rz_oauth_clear_secret (&self->access_token);
  rz_oauth_clear_secret (&self->client_id);
  rz_oauth_clear_secret (&self->client_secret);
  self->access_token = g_strdup (access_token);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
}

/* Caches limits already known (from sign-in), saving a request. */
void
rz_mastodon_provider_set_capabilities (RzMastodonProvider           *self,
                                       const RzProviderCapabilities *capabilities)
{
  g_return_if_fail (RZ_IS_MASTODON_PROVIDER (self));
  g_return_if_fail (capabilities != NULL);

  g_clear_pointer (&self->capabilities, rz_provider_capabilities_free);
  self->capabilities = rz_provider_capabilities_copy (capabilities);
}

/**
 * rz_mastodon_normalize_server:
 * @address: what the user typed: "social.example", "https://social.example/",
 *   "@cafe@social.example" or "cafe@social.example"
 *
 * Returns: "https://social.example" (lower case, no path), or NULL with
 * RZ_NET_ERROR_INVALID_URL or RZ_NET_ERROR_INSECURE_URL.
 */
char *
rz_mastodon_normalize_server (const char  *address,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *candidate = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  int port;

  g_return_val_if_fail (address != NULL, NULL);

  trimmed = g_strstrip (g_strdup (address));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   _("Please enter the address of your Mastodon server, for example mastodon.social."));
      return NULL;
    }

  if (strstr (trimmed, "://") != NULL)
    candidate = g_strdup (trimmed);
  else
    {
      /* A handle names its server after the last "@". */
      const char *at = strrchr (trimmed, '@');

      candidate = g_strconcat ("https://", at != NULL ? at + 1 : trimmed, NULL);
    }

  uri = g_uri_parse (candidate, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      strpbrk (g_uri_get_host (uri), " \t\n/\\@") != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   /* Translators: %s is what the user typed as server address */
                   _("“%s” is not a server address. Please check it, for example mastodon.social."),
                   trimmed);
      return NULL;
    }

  if (!rz_http_check_uri (candidate, error))
    return NULL;

  scheme = g_uri_get_scheme (uri);
  host = g_hostname_to_ascii (g_uri_get_host (uri));
  if (host == NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   /* Translators: %s is what the user typed as server address */
                   _("“%s” is not a server address. Please check it, for example mastodon.social."),
                   trimmed);
      return NULL;
    }

  {
    g_autofree char *lower = g_ascii_strdown (host, -1);
    g_autofree char *scheme_lower = g_ascii_strdown (scheme, -1);
    gboolean ipv6 = strchr (lower, ':') != NULL;

    port = g_uri_get_port (uri);
    if (port > 0 && !((port == 443 && strcmp (scheme_lower, "https") == 0) ||
                      (port == 80 && strcmp (scheme_lower, "http") == 0)))
      return g_strdup_printf ("%s://%s%s%s:%d", scheme_lower, ipv6 ? "[" : "", lower, ipv6 ? "]" : "", port);

    return g_strdup_printf ("%s://%s%s%s", scheme_lower, ipv6 ? "[" : "", lower, ipv6 ? "]" : "");
  }
}

static gboolean
mentions (const char *text,
          const char *mention)
{
  gsize len = strlen (mention);

  for (const char *p = text; (p = strchr (p, '@')) != NULL; p++)
    {
      char after;

      if (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '_'))
        continue;
      if (g_ascii_strncasecmp (p, mention, len) != 0)
        continue;
      after = p[len];
      if (!(g_ascii_isalnum (after) || after == '_' || after == '@' ||
            ((after == '.' || after == '-') && g_ascii_isalnum (p[len + 1]))))
        return TRUE;
    }

  return FALSE;
}

/* The text of a reply to @author_acct ("anna" or "anna@other.example"):
 * @text with the author's mention in front unless it has one already. */
char *
rz_mastodon_build_reply_text (const char *text,
                              const char *author_acct)
{
  g_autofree char *mention = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (author_acct != NULL, NULL);

  mention = g_strconcat ("@", author_acct[0] == '@' ? author_acct + 1 : author_acct, NULL);
  if (mentions (text, mention))
    return g_strdup (text);

  return g_strconcat (mention, " ", text, NULL);
}
