/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-loopback-redirect.h"
#include "rz-mastodon-json.h"
#include "rz-mastodon-sign-in.h"
#include "rz-net-error.h"
#include "rz-oauth.h"

#define NETWORK_NAME  "Mastodon"
#define OOB_REDIRECT  "urn:ietf:wg:oauth:2.0:oob"
/* Only what Resonanz does: read the account, mentions and threads, post
 * answers with images. */
#define SCOPES        "read:accounts read:notifications read:statuses write:statuses write:media"

struct _RzMastodonSignIn
{
  GObject              parent_instance;

  RzHttpClient        *client;
  char                *address;
  char                *server;
  RzMastodonProvider  *provider;
  RzLoopbackRedirect  *loopback;
  char                *state;
  char                *verifier;
  char                *client_id;
  char                *client_secret;
  char                *authorize_uri;
  char                *manual_authorize_uri;
  gboolean             uses_pkce;
  gboolean             began;
};

G_DEFINE_FINAL_TYPE (RzMastodonSignIn, rz_mastodon_sign_in, G_TYPE_OBJECT)

static RzHttpRequest *
new_request (RzMastodonSignIn *self,
             const char       *method,
             const char       *path)
{
  g_autofree char *uri = g_strconcat (self->server, path, NULL);
  RzHttpRequest *request = rz_http_request_new (method, uri);

  rz_http_request_set_network_name (request, NETWORK_NAME);
  return request;
}

static JsonObject *
finish_json_object (RzMastodonSignIn  *self,
                    GAsyncResult      *result,
                    JsonNode         **out_node,
                    GError           **error)
{
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;

  response = rz_http_client_send_finish (self->client, result, error);
  if (response == NULL)
    return NULL;

  node = rz_http_response_parse_json (response, error);
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, rz_net_error_new_invalid_response (NETWORK_NAME));
      return NULL;
    }

  *out_node = g_steal_pointer (&node);
  return json_node_get_object (*out_node);
}

/* The two-letter language of the UI, so the server's authorisation page
 * speaks it too; NULL for the C locale. */
static const char *
ui_language (char buffer[3])
{
  const char *name = g_get_language_names ()[0];

  if (name == NULL || !g_ascii_isalpha (name[0]) || !g_ascii_isalpha (name[1]) ||
      g_ascii_isalpha (name[2]) || strcmp (name, "C") == 0)
    return NULL;

  buffer[0] = g_ascii_tolower (name[0]);
  buffer[1] = g_ascii_tolower (name[1]);
  buffer[2] = '\0';
  return buffer;
}

static char *
build_authorize_uri (RzMastodonSignIn *self,
                     const char       *redirect_uri)
{
  GString *uri = g_string_new (self->server);
  g_autofree char *client_id = g_uri_escape_string (self->client_id, NULL, FALSE);
  g_autofree char *redirect = g_uri_escape_string (redirect_uri, NULL, FALSE);
  g_autofree char *scope = g_uri_escape_string (SCOPES, NULL, FALSE);
  g_autofree char *state = g_uri_escape_string (self->state, NULL, FALSE);
  char language[3];

  g_string_append_printf (uri, "/oauth/authorize?response_type=code&client_id=%s", client_id);
  g_string_append_printf (uri, "&redirect_uri=%s&scope=%s&state=%s", redirect, scope, state);
  if (self->uses_pkce)
    {
      g_autofree char *challenge = rz_oauth_pkce_challenge (self->verifier);

      g_string_append_printf (uri, "&code_challenge=%s&code_challenge_method=S256", challenge);
    }
  if (ui_language (language) != NULL)
    g_string_append_printf (uri, "&lang=%s", language);

  return g_string_free (uri, FALSE);
}

/* --- begin --------------------------------------------------------------- */

static void
on_app_registered (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *app;
  const char *client_id;
  const char *client_secret;
  GError *error = NULL;

  app = finish_json_object (self, result, &node, &error);
  if (app == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  client_id = rz_mastodon_json_get_string (app, "client_id");
  client_secret = rz_mastodon_json_get_string (app, "client_secret");
  if (client_id == NULL || client_id[0] == '\0' || client_secret == NULL || client_secret[0] == '\0')
    {
      g_task_return_error (task, rz_net_error_new_invalid_response (NETWORK_NAME));
      return;
    }

  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  if (self->loopback != NULL)
    self->authorize_uri = build_authorize_uri (self, rz_loopback_redirect_get_uri (self->loopback));
  self->manual_authorize_uri = build_authorize_uri (self, OOB_REDIRECT);
  if (self->authorize_uri == NULL)
    self->authorize_uri = g_strdup (self->manual_authorize_uri);

  g_task_return_boolean (task, TRUE);
}

static void
register_app (GTask *task)
{
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(RzHttpRequest) request = new_request (self, "POST", "/api/v1/apps");
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect_uris = NULL;

  self->state = rz_oauth_random_token (32);
  self->verifier = rz_oauth_random_token (32);

  /* Both ways back are registered: the loopback receiver, and the code to
   * paste when the browser cannot reach this computer. */
  self->loopback = rz_loopback_redirect_new (self->state, &error);
  if (self->loopback == NULL)
    g_debug ("No loopback sign-in, only the pasted code: %s", error->message);

  if (self->loopback != NULL)
    redirect_uris = g_strconcat (rz_loopback_redirect_get_uri (self->loopback), "\n", OOB_REDIRECT, NULL);
  else
    redirect_uris = g_strdup (OOB_REDIRECT);

  rz_http_request_add_form_field (request, "client_name", "Resonanz");
  rz_http_request_add_form_field (request, "redirect_uris", redirect_uris);
  rz_http_request_add_form_field (request, "scopes", SCOPES);
  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_app_registered, g_object_ref (task));
}

static void
on_authorization_server (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *metadata;

  metadata = finish_json_object (self, result, &node, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Mastodon 4.3 publishes RFC 8414 metadata; older servers have none and
   * no PKCE either. */
  if (metadata != NULL && json_object_has_member (metadata, "code_challenge_methods_supported") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (metadata, "code_challenge_methods_supported")))
    {
      JsonArray *methods = json_object_get_array_member (metadata, "code_challenge_methods_supported");

      for (guint i = 0; i < json_array_get_length (methods); i++)
        {
          JsonNode *method = json_array_get_element (methods, i);

          if (JSON_NODE_HOLDS_VALUE (method) && json_node_get_value_type (method) == G_TYPE_STRING &&
              strcmp (json_node_get_string (method), "S256") == 0)
            self->uses_pkce = TRUE;
        }
    }

  g_debug ("Mastodon sign-in %s PKCE", self->uses_pkce ? "with" : "without");
  register_app (task);
}

static void
on_capabilities (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(RzProviderCapabilities) capabilities = NULL;
  g_autoptr(RzHttpRequest) request = NULL;
  GError *error = NULL;

  /* The instance answer proves this is a Mastodon server at all. */
  capabilities = rz_provider_get_capabilities_finish (RZ_PROVIDER (object), result, &error);
  if (capabilities == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  request = new_request (self, "GET", "/.well-known/oauth-authorization-server");
  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_authorization_server, g_object_ref (task));
}

void
rz_mastodon_sign_in_begin_async (RzMastodonSignIn    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (RZ_IS_MASTODON_SIGN_IN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->began);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_mastodon_sign_in_begin_async);
  self->began = TRUE;

  self->server = rz_mastodon_normalize_server (self->address, &error);
  if (self->server == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  self->provider = rz_mastodon_provider_new (self->client, self->server);
  rz_provider_get_capabilities_async (RZ_PROVIDER (self->provider), cancellable,
                                      on_capabilities, g_steal_pointer (&task));
}

gboolean
rz_mastodon_sign_in_begin_finish (RzMastodonSignIn  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- complete ------------------------------------------------------------ */

static void
on_account (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(RzRemoteAccount) account = NULL;
  GError *error = NULL;

  account = rz_provider_who_am_i_finish (RZ_PROVIDER (object), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Signed in to Mastodon as %s", account->handle);
  g_task_return_pointer (task, g_object_ref (self->provider), g_object_unref);
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *token;
  const char *access_token;
  const char *token_type;
  GError *error = NULL;

  token = finish_json_object (self, result, &node, &error);
  if (token == NULL)
    {
      /* invalid_grant and invalid_client: the code was wrong, used or
       * expired, or the PKCE check failed. */
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) ||
          g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED))
        {
          g_clear_error (&error);
          error = g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               /* Translators: %s is a network such as Mastodon */
                               _("%s did not accept the sign-in. If you pasted a code, check that it is complete; otherwise please start the sign-in again."),
                               NETWORK_NAME);
        }
      g_task_return_error (task, error);
      return;
    }

  access_token = rz_mastodon_json_get_string (token, "access_token");
  token_type = rz_mastodon_json_get_string (token, "token_type");
  if (access_token == NULL || access_token[0] == '\0' ||
      (token_type != NULL && g_ascii_strcasecmp (token_type, "Bearer") != 0))
    {
      g_task_return_error (task, rz_net_error_new_invalid_response (NETWORK_NAME));
      return;
    }

  rz_mastodon_provider_set_credentials (self->provider, access_token, self->client_id, self->client_secret);
  rz_provider_who_am_i_async (RZ_PROVIDER (self->provider), g_task_get_cancellable (task),
                              on_account, g_object_ref (task));
}

static void
exchange_code (GTask      *task,
               const char *code,
               const char *redirect_uri)
{
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autoptr(RzHttpRequest) request = new_request (self, "POST", "/oauth/token");

  /* No idempotency key: a code works once, so this is never resent. */
  rz_http_request_add_form_field (request, "grant_type", "authorization_code");
  rz_http_request_add_form_field (request, "code", code);
  rz_http_request_add_form_field (request, "client_id", self->client_id);
  rz_http_request_add_form_field (request, "client_secret", self->client_secret);
  rz_http_request_add_form_field (request, "redirect_uri", redirect_uri);
  rz_http_request_add_form_field (request, "scope", SCOPES);
  if (self->uses_pkce)
    rz_http_request_add_form_field (request, "code_verifier", self->verifier);

  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_token, g_object_ref (task));
}

static void
on_redirected (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzMastodonSignIn *self = g_task_get_source_object (task);
  g_autofree char *code = NULL;
  GError *error = NULL;

  code = rz_loopback_redirect_wait_finish (RZ_LOOPBACK_REDIRECT (object), result, &error);
  if (code == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  exchange_code (task, code, rz_loopback_redirect_get_uri (self->loopback));
  rz_oauth_clear_secret (&code);
}

void
rz_mastodon_sign_in_complete_async (RzMastodonSignIn    *self,
                                    const char          *pasted_code,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RZ_IS_MASTODON_SIGN_IN (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (self->client_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_mastodon_sign_in_complete_async);

  if (pasted_code != NULL)
    {
      g_autofree char *code = g_strstrip (g_strdup (pasted_code));

      if (code[0] == '\0' || strpbrk (code, " \t\n") != NULL)
        {
          g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                                   _("This does not look like a sign-in code. Copy the whole code from the Mastodon page and try again."));
          return;
        }
      exchange_code (task, code, OOB_REDIRECT);
      return;
    }

  if (self->loopback == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               _("Resonanz cannot receive the sign-in on this computer. Please paste the code shown by Mastodon."));
      return;
    }

  rz_loopback_redirect_wait_async (self->loopback, cancellable, on_redirected, g_steal_pointer (&task));
}

RzMastodonProvider *
rz_mastodon_sign_in_complete_finish (RzMastodonSignIn  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- accessors ----------------------------------------------------------- */

/* The normalised server address, once begin has run. */
const char *
rz_mastodon_sign_in_get_server (RzMastodonSignIn *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), NULL);

  return self->server;
}

/* The page to open in the browser; it comes back to this computer. */
const char *
rz_mastodon_sign_in_get_authorize_uri (RzMastodonSignIn *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), NULL);

  return self->authorize_uri;
}

/* The page that shows a code to paste instead. */
const char *
rz_mastodon_sign_in_get_manual_authorize_uri (RzMastodonSignIn *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), NULL);

  return self->manual_authorize_uri;
}

gboolean
rz_mastodon_sign_in_get_uses_pkce (RzMastodonSignIn *self)
{
  g_return_val_if_fail (RZ_IS_MASTODON_SIGN_IN (self), FALSE);

  return self->uses_pkce;
}

static void
rz_mastodon_sign_in_finalize (GObject *object)
{
  RzMastodonSignIn *self = RZ_MASTODON_SIGN_IN (object);

  if (self->loopback != NULL)
    rz_loopback_redirect_close (self->loopback);
  g_clear_object (&self->loopback);
  g_clear_object (&self->provider);
  g_clear_object (&self->client);
  g_free (self->address);
  g_free (self->server);
  rz_oauth_clear_secret (&self->state);
  rz_oauth_clear_secret (&self->verifier);
  rz_oauth_clear_secret (&self->client_id);
  rz_oauth_clear_secret (&self->client_secret);
  g_free (self->authorize_uri);
  g_free (self->manual_authorize_uri);

  G_OBJECT_CLASS (rz_mastodon_sign_in_parent_class)->finalize (object);
}

static void
rz_mastodon_sign_in_class_init (RzMastodonSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_mastodon_sign_in_finalize;
}

static void
rz_mastodon_sign_in_init (RzMastodonSignIn *self)
{
}

/**
 * rz_mastodon_sign_in_new:
 * @address: what the user typed, see rz_mastodon_normalize_server()
 */
RzMastodonSignIn *
rz_mastodon_sign_in_new (RzHttpClient *client,
                         const char   *address)
{
  RzMastodonSignIn *self;

  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (RZ_TYPE_MASTODON_SIGN_IN, NULL);
  self->client = g_object_ref (client);
  self->address = g_strdup (address);
  return self;
}
