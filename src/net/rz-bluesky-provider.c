/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-bluesky-json.h"
#include "rz-bluesky-provider.h"
#include "rz-bluesky-provider-private.h"
#include "rz-net-error.h"
#include "rz-oauth.h"

#define THREAD_DEPTH         10
#define THREAD_PARENT_HEIGHT 30
/* Refresh a little before the access token runs out. */
#define REFRESH_MARGIN_S     60

static void rz_bluesky_provider_iface_init (RzProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RzBlueskyProvider, rz_bluesky_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RZ_TYPE_PROVIDER, rz_bluesky_provider_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SERVICE_URL,
  PROP_IDENTIFIER,
  PROP_APPVIEW,
  N_PROPS
};

enum {
  SECRET_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* --- errors -------------------------------------------------------------- */

static GError *
new_signed_out_error (void)
{
  return rz_net_error_new_for_status (SOUP_STATUS_UNAUTHORIZED, NETWORK_NAME, NULL);
}

static GError *
new_session_ended_error (void)
{
  return g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                              _("Bluesky ended the sign-in. Please sign in to the account again with an app password."));
}

GError *
rz_bluesky_new_not_found_error (void)
{
  return rz_net_error_new_for_status (SOUP_STATUS_NOT_FOUND, NETWORK_NAME, NULL);
}

/* The access token was refused: expired (400 ExpiredToken), revoked or
 * unreadable (400 InvalidToken, 401). The HTTP client keeps the server's
 * error name in the message. */
static gboolean
is_token_error (const GError *error)
{
  if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED))
    return TRUE;

  return g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) &&
         (strstr (error->message, "ExpiredToken") != NULL ||
          strstr (error->message, "InvalidToken") != NULL);
}

/* getRecord and resolveHandle answer "not there" with 400 and a name. */
gboolean
rz_bluesky_error_is_not_found (const GError *error)
{
  return g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND) ||
         (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) && !is_token_error (error));
}

/* --- session ------------------------------------------------------------- */

static const char *
pds_url (RzBlueskyProvider *self)
{
  if (self->session != NULL && self->session->pds_url != NULL)
    return self->session->pds_url;
  return self->service_url;
}

static void
set_session (RzBlueskyProvider *self,
             RzBlueskySession  *session,
             gboolean           changed)
{
  /* A refresh may leave out the DID document: the PDS stays. */
  if (session->pds_url == NULL && self->session != NULL && self->session->pds_url != NULL)
    session->pds_url = g_strdup (self->session->pds_url);
  if (session->handle == NULL && self->session != NULL)
    session->handle = g_strdup (self->session->handle);

  g_clear_pointer (&self->session, rz_bluesky_session_free);
  self->session = session;

  if (changed)
    g_signal_emit (self, signals[SECRET_CHANGED], 0);
}

static gboolean
access_token_expiring (RzBlueskyProvider *self)
{
  gint64 expiry = rz_bluesky_jwt_get_expiry (self->session->access_jwt);

  /* Unknown: the server tells, and we refresh then. */
  return expiry != 0 && expiry - REFRESH_MARGIN_S < g_get_real_time () / G_USEC_PER_SEC;
}

static void
on_session_refreshed (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RzBlueskyProvider) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  RzBlueskySession *session = NULL;

  response = rz_http_client_send_finish (self->client, result, &error);
  if (response != NULL && (node = rz_http_response_parse_json (response, &error)) != NULL)
    session = rz_bluesky_json_parse_session (node, &error);

  if (session != NULL)
    {
      g_debug ("Refreshed the Bluesky session");
      set_session (self, session, TRUE);
    }
  else if (is_token_error (error))
    {
      /* The refresh token is gone too (expired after months, or the app
       * password was revoked): only a new sign-in helps. */
      g_clear_error (&error);
      error = new_session_ended_error ();
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

/* Trades the refresh token for a new session. Callers that ask while a
 * refresh runs wait for it: a refresh token is meant to be used once. */
static void
refresh_session_async (RzBlueskyProvider   *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *uri = NULL;

  g_task_set_source_tag (task, refresh_session_async);

  if (self->session == NULL)
    {
      g_task_return_error (task, new_signed_out_error ());
      return;
    }

  if (self->refresh_waiters != NULL)
    {
      g_ptr_array_add (self->refresh_waiters, g_steal_pointer (&task));
      return;
    }

  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->refresh_waiters, g_steal_pointer (&task));

  uri = g_strconcat (pds_url (self), "/xrpc/com.atproto.server.refreshSession", NULL);
  request = rz_http_request_new ("POST", uri);
  rz_http_request_set_network_name (request, NETWORK_NAME);
  rz_http_request_set_bearer_token (request, self->session->refresh_jwt);
  /* Not cancellable: others may wait for it, and it is short. */
  rz_http_client_send_async (self->client, request, NULL, on_session_refreshed, g_object_ref (self));
}

static gboolean
refresh_session_finish (RzBlueskyProvider  *self,
                        GAsyncResult       *result,
                        GError            **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- XRPC calls ---------------------------------------------------------- */

static void
call_free (gpointer user_data)
{
  RzBlueskyCall *call = user_data;

  g_free (call->http_method);
  g_free (call->nsid);
  g_string_free (call->query, TRUE);
  g_clear_pointer (&call->json_body, json_node_unref);
  g_clear_pointer (&call->raw_body, g_bytes_unref);
  g_free (call->content_type);
  g_free (call);
}

RzBlueskyCall *
rz_bluesky_call_new (const char *http_method,
          const char *nsid,
          guint       flags)
{
  RzBlueskyCall *call = g_new0 (RzBlueskyCall, 1);

  call->http_method = g_strdup (http_method);
  call->nsid = g_strdup (nsid);
  call->query = g_string_new (NULL);
  call->flags = flags;
  return call;
}

void
rz_bluesky_call_add_param (RzBlueskyCall       *call,
                const char *name,
                const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (call->query, "%s%s=%s", call->query->len > 0 ? "&" : "", name, escaped);
}

static void xrpc_send (GTask *task);

static void
on_call_refreshed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!refresh_session_finish (RZ_BLUESKY_PROVIDER (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  xrpc_send (task);
}

static void
on_xrpc_sent (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  RzBlueskyCall *call = g_task_get_task_data (task);
  g_autoptr(RzHttpResponse) response = NULL;
  JsonNode *node;
  GError *error = NULL;

  response = rz_http_client_send_finish (self->client, result, &error);
  if (response == NULL)
    {
      /* Once per call: a token refused right after a refresh means the
       * session itself is gone, and refreshing again would loop. */
      if ((call->flags & RZ_BLUESKY_CALL_AUTH) && !call->refreshed && is_token_error (error))
        {
          g_debug ("Bluesky refused the access token for %s; refreshing the session", call->nsid);
          g_clear_error (&error);
          call->refreshed = TRUE;
          refresh_session_async (self, g_task_get_cancellable (task), on_call_refreshed, g_object_ref (task));
          return;
        }

      if ((call->flags & RZ_BLUESKY_CALL_AUTH) && call->refreshed && is_token_error (error))
        {
          g_clear_error (&error);
          error = new_session_ended_error ();
        }

      g_task_return_error (task, error);
      return;
    }

  node = rz_http_response_parse_json (response, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
xrpc_send (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  RzBlueskyCall *call = g_task_get_task_data (task);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *uri = NULL;

  if ((call->flags & RZ_BLUESKY_CALL_AUTH) && self->session == NULL)
    {
      g_task_return_error (task, new_signed_out_error ());
      return;
    }

  uri = g_strdup_printf ("%s/xrpc/%s%s%s",
                         (call->flags & RZ_BLUESKY_CALL_ENTRYWAY) ? self->service_url : pds_url (self),
                         call->nsid, call->query->len > 0 ? "?" : "", call->query->str);
  request = rz_http_request_new (call->http_method, uri);
  rz_http_request_set_network_name (request, NETWORK_NAME);
  if (call->flags & RZ_BLUESKY_CALL_AUTH)
    rz_http_request_set_bearer_token (request, self->session->access_jwt);
  if ((call->flags & RZ_BLUESKY_CALL_PROXY) && self->appview != NULL && self->appview[0] != '\0')
    rz_http_request_add_header (request, "atproto-proxy", self->appview);
  if (call->json_body != NULL)
    rz_http_request_set_json_body (request, call->json_body);
  else if (call->raw_body != NULL)
    rz_http_request_set_body (request, call->content_type, call->raw_body);
  else if (strcmp (call->http_method, "POST") == 0)
    {
      /* XRPC procedures without input still want a content type. */
      g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

      rz_http_request_set_body (request, "application/json", empty);
    }

  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_xrpc_sent, g_object_ref (task));
}

/* Sends one XRPC request (taking @call) and parses the JSON answer. With
 * RZ_BLUESKY_CALL_AUTH an expired or refused access token is refreshed once, then
 * the request is sent again. */
void
rz_bluesky_xrpc_async (RzBlueskyProvider   *self,
            RzBlueskyCall                *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_bluesky_xrpc_async);
  g_task_set_task_data (task, call, call_free);

  if ((call->flags & RZ_BLUESKY_CALL_AUTH) && self->session == NULL)
    {
      g_task_return_error (task, new_signed_out_error ());
      return;
    }

  if ((call->flags & RZ_BLUESKY_CALL_AUTH) && access_token_expiring (self))
    {
      g_debug ("The Bluesky access token runs out; refreshing before %s", call->nsid);
      call->refreshed = TRUE;
      refresh_session_async (self, cancellable, on_call_refreshed, g_steal_pointer (&task));
      return;
    }

  xrpc_send (task);
}

JsonNode *
rz_bluesky_xrpc_finish (RzBlueskyProvider  *self,
             GAsyncResult       *result,
             GError            **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_bluesky_xrpc_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
rz_bluesky_provider_return_if_signed_out (RzBlueskyProvider *self,
                      GTask             *task)
{
  if (self->session != NULL)
    return FALSE;

  g_task_return_error (task, new_signed_out_error ());
  return TRUE;
}

/* --- secret -------------------------------------------------------------- */

static char *
rz_bluesky_provider_dup_secret (RzProvider *provider)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);

  if (self->session == NULL)
    return NULL;

  return rz_bluesky_session_to_secret (self->session, self->service_url);
}

/* --- who am I, sign in --------------------------------------------------- */

/* Task data of a sign-in: the profile is nice to have, not required. */
#define LENIENT_PROFILE GINT_TO_POINTER (1)

static RzRemoteAccount *
account_from_session (RzBlueskySession *session)
{
  RzRemoteAccount *account = g_new0 (RzRemoteAccount, 1);
  const char *handle = session->handle != NULL ? session->handle : session->did;

  account->id = g_strdup (session->did);
  account->handle = g_strconcat ("@", handle, NULL);
  account->display_name = g_strdup (handle);
  account->url = g_strdup_printf ("https://bsky.app/profile/%s", handle);
  return account;
}

static void
on_profile (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzRemoteAccount *account = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL)
    account = rz_bluesky_json_parse_profile (node, &error);

  if (account == NULL)
    {
      /* Signed in is signed in: without the AppView (it may be down, or
       * not know a new account yet) the session still names the account. */
      if (g_task_get_task_data (task) == LENIENT_PROFILE &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED) &&
          self->session != NULL)
        {
          g_debug ("No Bluesky profile after sign-in: %s", error->message);
          g_clear_error (&error);
          account = account_from_session (self->session);
        }
      else
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_clear_pointer (&self->account, rz_remote_account_free);
  self->account = account;
  g_task_return_pointer (task, rz_remote_account_copy (account), (GDestroyNotify) rz_remote_account_free);
}

static void
fetch_profile (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  RzBlueskyCall *call;

  if (rz_bluesky_provider_return_if_signed_out (self, task))
    return;

  call = rz_bluesky_call_new ("GET", "app.bsky.actor.getProfile", RZ_BLUESKY_CALL_AUTH | RZ_BLUESKY_CALL_PROXY);
  rz_bluesky_call_add_param (call, "actor", self->session->did);
  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_profile, g_object_ref (task));
}

static void
rz_bluesky_provider_who_am_i_async (RzProvider          *provider,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_bluesky_provider_who_am_i_async);
  fetch_profile (task);
}

static RzRemoteAccount *
rz_bluesky_provider_who_am_i_finish (RzProvider    *provider,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_session_created (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzBlueskySession *session = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL)
    session = rz_bluesky_json_parse_session (node, &error);

  if (session == NULL)
    {
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED))
        {
          /* Accounts with two-factor sign-in ask for an e-mailed code when
           * the main password is used; app passwords never do. */
          gboolean needs_code = strstr (error->message, "AuthFactorTokenRequired") != NULL;

          g_clear_error (&error);
          if (needs_code)
            error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                                         _("Bluesky wants a confirmation code for this password. Please create an app password in Bluesky (Settings → Privacy and security → App passwords) and use that instead."));
          else
            error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                                         _("Bluesky did not accept the handle or the app password. Please check both; an app password looks like xxxx-xxxx-xxxx-xxxx."));
        }
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Signed in to Bluesky%s", session->pds_url != NULL ? " (PDS from the DID document)" : "");
  set_session (self, session, TRUE);
  g_task_set_task_data (task, LENIENT_PROFILE, NULL);
  fetch_profile (task);
}

static void
on_own_session (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzRemoteAccount) account = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node != NULL)
    account = rz_bluesky_json_parse_profile (node, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The handle may have changed since the session was stored. */
  if (self->session != NULL && g_strcmp0 (self->session->did, account->id) == 0)
    {
      g_free (self->session->handle);
      self->session->handle = g_strdup (account->handle + 1);
    }

  g_task_set_task_data (task, LENIENT_PROFILE, NULL);
  fetch_profile (task);
}

static void
rz_bluesky_provider_sign_in_async (RzProvider          *provider,
                                   const char          *secret,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = NULL;
  RzBlueskySession *session;
  RzBlueskyCall *call;

  g_task_set_source_tag (task, rz_bluesky_provider_sign_in_async);

  /* A stored session: check it with the PDS, which also renews it when
   * the access token has run out (refreshSession). Signing in afresh is
   * limited to a few times a day, so a sync never does. */
  session = rz_bluesky_session_from_secret (secret, NULL);
  if (session != NULL)
    {
      set_session (self, session, FALSE);
      call = rz_bluesky_call_new ("GET", "com.atproto.server.getSession", RZ_BLUESKY_CALL_AUTH);
      rz_bluesky_xrpc_async (self, call, cancellable, on_own_session, g_steal_pointer (&task));
      return;
    }

  if (self->identifier == NULL || self->identifier[0] == '\0' || secret[0] == '\0')
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                               _("Please enter your Bluesky handle and an app password."));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identifier");
  json_builder_add_string_value (builder, self->identifier);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, secret);
  json_builder_end_object (builder);

  call = rz_bluesky_call_new ("POST", "com.atproto.server.createSession", RZ_BLUESKY_CALL_ENTRYWAY);
  call->json_body = json_builder_get_root (builder);
  rz_bluesky_xrpc_async (self, call, cancellable, on_session_created, g_steal_pointer (&task));
}

static RzRemoteAccount *
rz_bluesky_provider_sign_in_finish (RzProvider    *provider,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!refresh_session_finish (RZ_BLUESKY_PROVIDER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
rz_bluesky_provider_refresh_async (RzProvider          *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_bluesky_provider_refresh_async);
  refresh_session_async (self, cancellable, on_refreshed, g_steal_pointer (&task));
}

static gboolean
rz_bluesky_provider_refresh_finish (RzProvider    *provider,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- capabilities -------------------------------------------------------- */

static void
rz_bluesky_provider_get_capabilities_async (RzProvider          *provider,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  RzProviderCapabilities capabilities = {
    .max_length = RZ_TEXT_LENGTH_BLUESKY_MAX,
    .counting = RZ_TEXT_COUNTING_GRAPHEMES,
    .url_length = 0,
    .max_media = RZ_BLUESKY_MAX_IMAGES,
    .features = RZ_PROVIDER_FEATURE_REPLY | RZ_PROVIDER_FEATURE_MEDIA,
  };

  /* The same for every account: nothing to ask the server. */
  g_task_set_source_tag (task, rz_bluesky_provider_get_capabilities_async);
  g_task_return_pointer (task, rz_provider_capabilities_copy (&capabilities),
                         (GDestroyNotify) rz_provider_capabilities_free);
}

static RzProviderCapabilities *
rz_bluesky_provider_get_capabilities_finish (RzProvider    *provider,
                                             GAsyncResult  *result,
                                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- thread -------------------------------------------------------------- */

static void
on_thread (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *comments;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node == NULL || (comments = rz_bluesky_json_parse_thread (node, &error)) == NULL)
    {
      /* getPostThread answers 400 NotFound for a deleted post. */
      if (error != NULL && error->domain == RZ_NET_ERROR && error->code == RZ_NET_ERROR_REJECTED &&
          strstr (error->message, "NotFound") != NULL)
        {
          g_clear_error (&error);
          error = rz_bluesky_new_not_found_error ();
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, comments, (GDestroyNotify) g_ptr_array_unref);
}

static void
rz_bluesky_provider_fetch_thread_async (RzProvider          *provider,
                                        const char          *remote_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *depth = g_strdup_printf ("%d", THREAD_DEPTH);
  g_autofree char *height = g_strdup_printf ("%d", THREAD_PARENT_HEIGHT);
  RzBlueskyCall *call;

  g_task_set_source_tag (task, rz_bluesky_provider_fetch_thread_async);
  if (rz_bluesky_provider_return_if_signed_out (self, task))
    return;
  if (!rz_bluesky_parse_at_uri (remote_id, NULL, NULL, NULL))
    {
      g_task_return_error (task, rz_bluesky_new_not_found_error ());
      return;
    }

  call = rz_bluesky_call_new ("GET", "app.bsky.feed.getPostThread", RZ_BLUESKY_CALL_AUTH | RZ_BLUESKY_CALL_PROXY);
  rz_bluesky_call_add_param (call, "uri", remote_id);
  rz_bluesky_call_add_param (call, "depth", depth);
  rz_bluesky_call_add_param (call, "parentHeight", height);
  rz_bluesky_xrpc_async (self, call, cancellable, on_thread, g_steal_pointer (&task));
}

static GPtrArray *
rz_bluesky_provider_fetch_thread_finish (RzProvider    *provider,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- the rest ------------------------------------------------------------ */

static const char *
rz_bluesky_provider_get_channel (RzProvider *provider)
{
  return RZ_BLUESKY_CHANNEL;
}

static const char *
rz_bluesky_provider_get_network_name (RzProvider *provider)
{
  return NETWORK_NAME;
}

static void
rz_bluesky_provider_iface_init (RzProviderInterface *iface)
{
  iface->get_channel = rz_bluesky_provider_get_channel;
  iface->get_network_name = rz_bluesky_provider_get_network_name;
  iface->dup_secret = rz_bluesky_provider_dup_secret;
  iface->sign_in_async = rz_bluesky_provider_sign_in_async;
  iface->sign_in_finish = rz_bluesky_provider_sign_in_finish;
  iface->refresh_async = rz_bluesky_provider_refresh_async;
  iface->refresh_finish = rz_bluesky_provider_refresh_finish;
  iface->who_am_i_async = rz_bluesky_provider_who_am_i_async;
  iface->who_am_i_finish = rz_bluesky_provider_who_am_i_finish;
  iface->get_capabilities_async = rz_bluesky_provider_get_capabilities_async;
  iface->get_capabilities_finish = rz_bluesky_provider_get_capabilities_finish;
  iface->fetch_inbox_async = rz_bluesky_provider_fetch_inbox_async;
  iface->fetch_inbox_finish = rz_bluesky_provider_fetch_inbox_finish;
  iface->fetch_thread_async = rz_bluesky_provider_fetch_thread_async;
  iface->fetch_thread_finish = rz_bluesky_provider_fetch_thread_finish;
  iface->post_async = rz_bluesky_provider_post_async;
  iface->post_finish = rz_bluesky_provider_post_finish;
  iface->reply_async = rz_bluesky_provider_reply_async;
  iface->reply_finish = rz_bluesky_provider_reply_finish;
  iface->upload_media_async = rz_bluesky_provider_upload_media_async;
  iface->upload_media_finish = rz_bluesky_provider_upload_media_finish;
}

static void
rz_bluesky_provider_finalize (GObject *object)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (object);

  /* A running refresh holds a reference, so none can be pending here. */
  g_assert (self->refresh_waiters == NULL);

  g_clear_object (&self->client);
  g_clear_pointer (&self->service_url, g_free);
  g_clear_pointer (&self->identifier, g_free);
  g_clear_pointer (&self->appview, g_free);
  g_clear_pointer (&self->session, rz_bluesky_session_free);
  g_clear_pointer (&self->account, rz_remote_account_free);

  G_OBJECT_CLASS (rz_bluesky_provider_parent_class)->finalize (object);
}

static void
rz_bluesky_provider_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_SERVICE_URL:
      g_value_set_string (value, self->service_url);
      break;

    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;

    case PROP_APPVIEW:
      g_value_set_string (value, self->appview);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_bluesky_provider_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_SERVICE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len;

        url = url != NULL && url[0] != '\0' ? url : RZ_BLUESKY_DEFAULT_SERVICE;
        len = strlen (url);
        while (len > 0 && url[len - 1] == '/')
          len--;
        self->service_url = g_strndup (url, len);
      }
      break;

    case PROP_IDENTIFIER:
      self->identifier = rz_bluesky_normalize_identifier (g_value_get_string (value) != NULL
                                                          ? g_value_get_string (value) : "");
      break;

    case PROP_APPVIEW:
      rz_bluesky_provider_set_appview (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_bluesky_provider_class_init (RzBlueskyProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_bluesky_provider_finalize;
  object_class->get_property = rz_bluesky_provider_get_property;
  object_class->set_property = rz_bluesky_provider_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         RZ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SERVICE_URL] =
    g_param_spec_string ("service-url", NULL, NULL,
                         RZ_BLUESKY_DEFAULT_SERVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_APPVIEW] =
    g_param_spec_string ("appview", NULL, NULL,
                         RZ_BLUESKY_DEFAULT_APPVIEW,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RzBlueskyProvider::secret-changed:
   *
   * The session changed (sign-in or refresh): store
   * rz_provider_dup_secret() in the keyring again. Bluesky replaces the
   * refresh token on every refresh, so the stored one stops working soon
   * after.
   */
  signals[SECRET_CHANGED] =
    g_signal_new ("secret-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rz_bluesky_provider_init (RzBlueskyProvider *self)
{
  self->appview = g_strdup (RZ_BLUESKY_DEFAULT_APPVIEW);
  self->inbox_page_size = INBOX_PAGE_LIMIT;
  self->inbox_max_pages = MAX_INBOX_PAGES;
}

/* For tests: small pages show how a sync splits a long absence. */
void
rz_bluesky_provider_set_inbox_limits (RzBlueskyProvider *self,
                                      guint              page_size,
                                      guint              max_pages)
{
  g_return_if_fail (RZ_IS_BLUESKY_PROVIDER (self));
  g_return_if_fail (page_size >= 1 && page_size <= INBOX_PAGE_LIMIT);
  g_return_if_fail (max_pages >= 1);

  self->inbox_page_size = page_size;
  self->inbox_max_pages = max_pages;
}

/**
 * rz_bluesky_provider_new:
 * @client: the app's HTTP client
 * @service_url: (nullable): where the account signs in, from
 *   rz_bluesky_normalize_service(); NULL for Bluesky (bsky.social). After
 *   sign-in the account's own server (PDS) from its DID document is used.
 * @identifier: the handle ("cafe.bsky.social") or e-mail address
 *
 * Returns: (transfer full): the provider, signed out.
 */
RzProvider *
rz_bluesky_provider_new (RzHttpClient *client,
                         const char   *service_url,
                         const char   *identifier)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (identifier != NULL, NULL);

  return g_object_new (RZ_TYPE_BLUESKY_PROVIDER,
                       "client", client,
                       "service-url", service_url,
                       "identifier", identifier,
                       NULL);
}

const char *
rz_bluesky_provider_get_service_url (RzBlueskyProvider *self)
{
  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), NULL);

  return self->service_url;
}

const char *
rz_bluesky_provider_get_identifier (RzBlueskyProvider *self)
{
  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), NULL);

  return self->identifier;
}

/* The account's own server, once signed in; NULL before. */
const char *
rz_bluesky_provider_get_pds_url (RzBlueskyProvider *self)
{
  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), NULL);

  return self->session != NULL ? pds_url (self) : NULL;
}

const char *
rz_bluesky_provider_get_appview (RzBlueskyProvider *self)
{
  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), NULL);

  return self->appview;
}

/**
 * rz_bluesky_provider_set_appview:
 * @appview: (nullable): the AppView service for app.bsky.* calls as
 *   "DID#service-id", e.g. RZ_BLUESKY_DEFAULT_APPVIEW (the default); NULL
 *   leaves the choice to the PDS
 */
void
rz_bluesky_provider_set_appview (RzBlueskyProvider *self,
                                 const char        *appview)
{
  g_return_if_fail (RZ_IS_BLUESKY_PROVIDER (self));
  g_return_if_fail (appview == NULL || (g_str_has_prefix (appview, "did:") && strchr (appview, '#') != NULL));

  if (g_strcmp0 (self->appview, appview) == 0)
    return;

  g_free (self->appview);
  self->appview = g_strdup (appview);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPVIEW]);
}

/* The signed-in account, or NULL before sign-in or who-am-I finished. */
const RzRemoteAccount *
rz_bluesky_provider_get_account (RzBlueskyProvider *self)
{
  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), NULL);

  return self->account;
}

/* Whether the session came from an app password, as it should. FALSE
 * when signed out or signed in with the account's main password, which
 * the UI should then advise against. */
gboolean
rz_bluesky_provider_get_uses_app_password (RzBlueskyProvider *self)
{
  g_autofree char *scope = NULL;

  g_return_val_if_fail (RZ_IS_BLUESKY_PROVIDER (self), FALSE);

  if (self->session == NULL)
    return FALSE;

  scope = rz_bluesky_jwt_dup_scope (self->session->access_jwt);
  return scope != NULL && g_str_has_prefix (scope, "com.atproto.appPass");
}

/**
 * rz_bluesky_looks_like_app_password:
 * @password: what the user typed
 *
 * Whether @password has the form of a Bluesky app password,
 * xxxx-xxxx-xxxx-xxxx. For the sign-in form's warning: the account's main
 * password gives full control and should not be stored in another app.
 */
gboolean
rz_bluesky_looks_like_app_password (const char *password)
{
  g_autofree char *trimmed = NULL;

  if (password == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (password));
  if (strlen (trimmed) != 19)
    return FALSE;

  for (guint i = 0; i < 19; i++)
    {
      if (i % 5 == 4)
        {
          if (trimmed[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isalnum (trimmed[i]))
        return FALSE;
    }

  return TRUE;
}

/**
 * rz_bluesky_normalize_identifier:
 * @identifier: a handle as typed ("@Cafe.bsky.social "), a DID or an
 *   e-mail address
 *
 * Returns: the handle without "@" in lower case, or the DID or address
 * as typed without surrounding spaces.
 */
char *
rz_bluesky_normalize_identifier (const char *identifier)
{
  g_autofree char *trimmed = NULL;
  const char *start;

  g_return_val_if_fail (identifier != NULL, NULL);

  trimmed = g_strstrip (g_strdup (identifier));
  start = trimmed;
  if (start[0] == '@' || g_str_has_prefix (start, "\xef\xbc\xa0"))
    start += start[0] == '@' ? 1 : 3;

  if (g_str_has_prefix (start, "did:") || strchr (start, '@') != NULL)
    return g_strdup (start);

  return g_ascii_strdown (start, -1);
}

/**
 * rz_bluesky_normalize_service:
 * @address: (nullable): a server address as typed ("pds.example",
 *   "https://pds.example/"); NULL or empty for Bluesky
 *
 * Returns: "https://pds.example", or NULL with RZ_NET_ERROR_INVALID_URL
 * or RZ_NET_ERROR_INSECURE_URL.
 */
char *
rz_bluesky_normalize_service (const char  *address,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  const char *scheme;

  if (address == NULL)
    return g_strdup (RZ_BLUESKY_DEFAULT_SERVICE);

  trimmed = g_strstrip (g_strdup (address));
  if (trimmed[0] == '\0')
    return g_strdup (RZ_BLUESKY_DEFAULT_SERVICE);

  candidate = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (candidate, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      g_uri_get_userinfo (uri) != NULL || strpbrk (g_uri_get_host (uri), " \t\n/\\@") != NULL ||
      (host = g_hostname_to_ascii (g_uri_get_host (uri))) == NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   /* Translators: %s is what the user typed as server address */
                   _("“%s” is not a server address. Please check it, or leave it empty for Bluesky."),
                   trimmed);
      return NULL;
    }

  if (!rz_http_check_uri (candidate, error))
    return NULL;

  scheme = g_uri_get_scheme (uri);
  {
    g_autofree char *lower = g_ascii_strdown (host, -1);
    g_autofree char *scheme_lower = g_ascii_strdown (scheme, -1);
    gboolean ipv6 = strchr (lower, ':') != NULL;
    int port = g_uri_get_port (uri);

    if (port > 0 && !((port == 443 && strcmp (scheme_lower, "https") == 0) ||
                      (port == 80 && strcmp (scheme_lower, "http") == 0)))
      return g_strdup_printf ("%s://%s%s%s:%d", scheme_lower, ipv6 ? "[" : "", lower, ipv6 ? "]" : "", port);

    return g_strdup_printf ("%s://%s%s%s", scheme_lower, ipv6 ? "[" : "", lower, ipv6 ? "]" : "");
  }
}
