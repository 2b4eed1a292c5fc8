/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-net-error.h"
#include "rz-oauth.h"
#include "rz-wordpress-json.h"
#include "rz-wordpress-provider.h"
#include "rz-wordpress-provider-private.h"

#define SECRET_VERSION      1
#define MAX_THREAD_PAGES    5

static void rz_wordpress_provider_iface_init (RzProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RzWordpressProvider, rz_wordpress_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RZ_TYPE_PROVIDER, rz_wordpress_provider_iface_init))

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_SITE_URL,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- errors -------------------------------------------------------------- */

static GError *
new_signed_out_error (void)
{
  return rz_net_error_new_for_status (SOUP_STATUS_UNAUTHORIZED, NETWORK_NAME, NULL);
}

GError *
rz_wordpress_new_not_found_error (void)
{
  return g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND,
                              _("WordPress could not find the comment. It may have been deleted."));
}

gboolean
rz_wordpress_provider_return_if_signed_out (RzWordpressProvider *self,
                      GTask               *task)
{
  if (self->api_root != NULL && self->password != NULL && self->user_id > 0)
    return FALSE;

  g_task_return_error (task, new_signed_out_error ());
  return TRUE;
}

gboolean
rz_wordpress_parse_remote_id (const char *remote_id,
          gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (remote_id == NULL || !g_ascii_isdigit (remote_id[0]))
    return FALSE;

  value = g_ascii_strtoll (remote_id, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;

  *id = value;
  return TRUE;
}

/* --- requests ------------------------------------------------------------ */

/* RzHttpRequest carries bearer tokens only; WordPress wants HTTP Basic.
 * libsoup's auth manager adds it to every request below the API root, and
 * only there: never to the site's pages, never to another server. It is
 * set again before each request, so two providers for one site (or a new
 * password after a typo) each send their own: the auth manager keeps one
 * set of credentials per realm, and the realm here is named after them. */
static void
use_credentials (RzWordpressProvider *self)
{
  SoupSession *session = rz_http_client_get_session (self->client);
  SoupSessionFeature *manager = soup_session_get_feature (session, SOUP_TYPE_AUTH_MANAGER);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupAuth) auth = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *challenge = NULL;

  if (manager == NULL || self->api_root == NULL)
    return;

  uri = g_uri_parse (self->api_root, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return;

  pair = g_strconcat (self->user, ":", self->password != NULL ? self->password : "", NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pair, -1);
  rz_oauth_clear_secret (&pair);
  challenge = g_strdup_printf ("Basic realm=\"Resonanz %.16s\"", self->password != NULL ? digest : "signed out");

  message = soup_message_new_from_uri ("GET", uri);
  auth = soup_auth_new (SOUP_TYPE_AUTH_BASIC, message, challenge);
  if (auth == NULL)
    return;
  /* Without a password the auth stays unauthenticated, which is how a
   * finalised provider leaves its API root: nothing is sent there. */
  if (self->password != NULL)
    soup_auth_authenticate (auth, self->user, self->password);
  soup_auth_manager_use_auth (SOUP_AUTH_MANAGER (manager), uri, auth);
}

void
rz_wordpress_api_async (RzWordpressProvider *self,
           const char          *method,
           const char          *route,
           const char          *query,
           JsonNode            *body,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autofree char *uri = rz_wordpress_api_uri (self->api_root, route, query);
  g_autoptr(RzHttpRequest) request = rz_http_request_new (method, uri);

  rz_http_request_set_network_name (request, NETWORK_NAME);
  if (body != NULL)
    rz_http_request_set_json_body (request, body);

  use_credentials (self);
  rz_http_client_send_async (self->client, request, cancellable, callback, user_data);
}

JsonNode *
rz_wordpress_api_finish (RzWordpressProvider  *self,
            GAsyncResult         *result,
            RzHttpResponse      **out_response,
            GError              **error)
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

/* --- secret -------------------------------------------------------------- */

static char *
rz_wordpress_provider_dup_secret (RzProvider *provider)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (provider);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (self->password == NULL)
    return NULL;

  /* The API root too: the next start saves finding it again. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SECRET_VERSION);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, self->password);
  if (self->api_root != NULL)
    {
      json_builder_set_member_name (builder, "api_root");
      json_builder_add_string_value (builder, self->api_root);
    }
  if (self->timezone != NULL)
    {
      json_builder_set_member_name (builder, "timezone");
      json_builder_add_string_value (builder, self->timezone);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_ENCODED, NULL);

  return ua != NULL && ub != NULL &&
         g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_uri_get_host (ua) != NULL && g_uri_get_host (ub) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         g_uri_get_port (ua) == g_uri_get_port (ub);
}

/* The secret is the application password as the user pasted it, or what
 * dup_secret() made of it. */
static void
load_secret (RzWordpressProvider *self,
             const char          *secret)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  const char *password = secret;
  const char *api_root = NULL;
  const char *zone_name = NULL;

  if (secret[0] == '{' && json_parser_load_from_data (parser, secret, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      password = json_object_get_string_member_with_default (object, "password", "");
      api_root = json_object_get_string_member_with_default (object, "api_root", NULL);
      zone_name = json_object_get_string_member_with_default (object, "timezone", NULL);
    }

  rz_oauth_clear_secret (&self->password);
  self->password = g_strdup (password);
  g_clear_pointer (&self->timezone, g_free);
  self->timezone = g_strdup (zone_name);

  g_clear_pointer (&self->api_root, g_free);
  if (api_root != NULL && same_origin (api_root, self->site_url) && rz_http_check_uri (api_root, NULL))
    self->api_root = g_strdup (api_root);
}

/* --- who am I, sign in --------------------------------------------------- */

static void
on_index (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Not knowing only makes reading new comments a little slower. */
  self->timezone = rz_wordpress_json_parse_timezone (node);
  if (self->timezone == NULL)
    g_debug ("The WordPress site does not tell its timezone");

  g_task_return_pointer (task, rz_remote_account_copy (self->account), (GDestroyNotify) rz_remote_account_free);
}

static void
on_user (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzRemoteAccount *account = NULL;
  gboolean can_moderate = FALSE;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (node != NULL)
    account = rz_wordpress_json_parse_user (node, &can_moderate, &error);

  if (account == NULL)
    {
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN))
        {
          g_clear_error (&error);
          error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                                       _("WordPress did not accept the user name or the application password. Please check both; application passwords are made in WordPress under Users → Profile."));
        }
      g_task_return_error (task, error);
      return;
    }

  if (!can_moderate)
    {
      rz_remote_account_free (account);
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN,
                               _("This WordPress user may not moderate comments, so Resonanz cannot see new comments waiting for approval. Please use an account with the role Editor or Administrator."));
      return;
    }

  g_clear_pointer (&self->account, rz_remote_account_free);
  self->account = account;
  self->user_id = g_ascii_strtoll (account->id, NULL, 10);

  if (self->timezone == NULL)
    {
      /* The site's timezone, for reading new comments exactly (see
       * rz_wordpress_after_overlap()). */
      rz_wordpress_api_async (self, "GET", "", "_fields=timezone_string,gmt_offset", NULL,
                 g_task_get_cancellable (task), on_index, g_object_ref (task));
      return;
    }

  g_task_return_pointer (task, rz_remote_account_copy (account), (GDestroyNotify) rz_remote_account_free);
}

static void
fetch_user (GTask *task)
{
  RzWordpressProvider *self = g_task_get_source_object (task);

  if (self->api_root == NULL || self->password == NULL)
    {
      g_task_return_error (task, new_signed_out_error ());
      return;
    }

  rz_wordpress_api_async (self, "GET", "wp/v2/users/me", "context=edit", NULL,
             g_task_get_cancellable (task), on_user, g_object_ref (task));
}

static void
on_rest_index (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  response = rz_http_client_send_finish (self->client, result, &error);
  if (response != NULL)
    node = rz_http_response_parse_json (response, NULL);

  if (response == NULL && !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND) &&
      !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) &&
      !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (!rz_wordpress_json_is_api_index (node))
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               /* Translators: %s is the address of a web site */
                               _("No WordPress site with comments was found at %s, or its REST API is switched off. Please check the address."),
                               self->site_url);
      return;
    }

  self->api_root = g_strconcat (self->site_url, "/?rest_route=/", NULL);
  fetch_user (task);
}

static void
on_site (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *api_root = NULL;
  g_autofree char *index_uri = NULL;
  GError *error = NULL;

  response = rz_http_client_send_finish (self->client, result, &error);
  if (response != NULL)
    {
      g_autofree char *answered = g_uri_to_string (rz_http_response_get_uri (response));

      api_root = rz_wordpress_api_root_from_link (rz_http_response_get_header (response, "Link"), answered);
      /* The password goes to the site's own server only, even if a
       * (redirected) page names an API elsewhere. */
      if (api_root != NULL && !same_origin (api_root, answered) && !same_origin (api_root, self->site_url))
        {
          g_debug ("The WordPress site names its API on another server; not using it");
          g_clear_pointer (&api_root, g_free);
        }
    }
  else if (!g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED) &&
           !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND) &&
           !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN) &&
           !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (api_root != NULL && rz_http_check_uri (api_root, NULL))
    {
      self->api_root = g_steal_pointer (&api_root);
      fetch_user (task);
      return;
    }

  /* No Link header (a cache or a plugin may drop it): every WordPress
   * answers at ?rest_route=/, with or without pretty permalinks. */
  index_uri = g_strconcat (self->site_url, "/?rest_route=/", NULL);
  request = rz_http_request_new ("GET", index_uri);
  rz_http_request_set_network_name (request, NETWORK_NAME);
  rz_http_client_send_async (self->client, request, g_task_get_cancellable (task),
                             on_rest_index, g_object_ref (task));
}

static void
rz_wordpress_provider_sign_in_async (RzProvider          *provider,
                                     const char          *secret,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RzHttpRequest) request = NULL;
  g_autofree char *front_page = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, rz_wordpress_provider_sign_in_async);

  self->user_id = 0;
  load_secret (self, secret);
  if (self->user == NULL || self->user[0] == '\0' || self->password[0] == '\0')
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                               _("Please enter your WordPress user name and an application password."));
      return;
    }

  /* Plain http would show the password to everyone on the way. */
  if (!rz_http_check_uri (self->site_url, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->api_root != NULL)
    {
      fetch_user (task);
      return;
    }

  /* Discover the API from the site's Link header; HEAD, since only the
   * headers matter (WordPress stops before the page for HEAD). The site's
   * address has no trailing slash, its front page has. */
  front_page = g_strconcat (self->site_url, "/", NULL);
  request = rz_http_request_new ("HEAD", front_page);
  rz_http_request_set_network_name (request, NETWORK_NAME);
  rz_http_client_send_async (self->client, request, cancellable, on_site, g_steal_pointer (&task));
}

static RzRemoteAccount *
rz_wordpress_provider_sign_in_finish (RzProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rz_wordpress_provider_who_am_i_async (RzProvider          *provider,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_wordpress_provider_who_am_i_async);
  fetch_user (task);
}

static RzRemoteAccount *
rz_wordpress_provider_who_am_i_finish (RzProvider    *provider,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rz_wordpress_provider_refresh_async (RzProvider          *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  /* Application passwords do not expire: nothing to renew. */
  g_task_set_source_tag (task, rz_wordpress_provider_refresh_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
rz_wordpress_provider_refresh_finish (RzProvider    *provider,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- capabilities -------------------------------------------------------- */

static void
rz_wordpress_provider_get_capabilities_async (RzProvider          *provider,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  RzProviderCapabilities capabilities = {
    .max_length = MAX_COMMENT_CHARS,
    .counting = RZ_TEXT_COUNTING_GRAPHEMES,
    .url_length = 0,
    .max_media = 0,
    .features = RZ_PROVIDER_FEATURE_REPLY | RZ_PROVIDER_FEATURE_SPAM,
  };

  g_task_set_source_tag (task, rz_wordpress_provider_get_capabilities_async);
  g_task_return_pointer (task, rz_provider_capabilities_copy (&capabilities),
                         (GDestroyNotify) rz_provider_capabilities_free);
}

static RzProviderCapabilities *
rz_wordpress_provider_get_capabilities_finish (RzProvider    *provider,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- one comment --------------------------------------------------------- */

static void
on_comment (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) node = NULL;
  RzWordpressComment *comment = NULL;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (node != NULL)
    comment = rz_wordpress_json_parse_comment (node, &error);

  if (comment == NULL)
    {
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          error = rz_wordpress_new_not_found_error ();
        }
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, comment, (GDestroyNotify) rz_wordpress_comment_free);
}

void
rz_wordpress_get_comment_async (RzWordpressProvider *self,
                   gint64               id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *route = g_strdup_printf ("wp/v2/comments/%" G_GINT64_FORMAT, id);

  g_task_set_source_tag (task, rz_wordpress_get_comment_async);
  rz_wordpress_api_async (self, "GET", route, "context=edit", NULL, cancellable, on_comment, g_steal_pointer (&task));
}

RzWordpressComment *
rz_wordpress_get_comment_finish (RzWordpressProvider  *self,
                    GAsyncResult         *result,
                    GError              **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- thread -------------------------------------------------------------- */

typedef struct {
  gint64     post;
  guint      page;
  GPtrArray *comments;   /* RzComment */
} ThreadData;

static void
thread_data_free (gpointer user_data)
{
  ThreadData *data = user_data;

  g_clear_pointer (&data->comments, g_ptr_array_unref);
  g_free (data);
}

static void fetch_thread_page (GTask *task);

static void
on_thread_page (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  ThreadData *data = g_task_get_task_data (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) page = NULL;
  const char *total_header;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, &response, &error);
  if (node == NULL || (page = rz_wordpress_json_parse_comments (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (data->comments, rz_wordpress_comment_to_core (g_ptr_array_index (page, i), NULL));

  total_header = rz_http_response_get_header (response, "X-WP-TotalPages");
  if (total_header != NULL && (gint64) data->page < g_ascii_strtoll (total_header, NULL, 10) &&
      data->page < MAX_THREAD_PAGES)
    {
      data->page++;
      fetch_thread_page (task);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&data->comments), (GDestroyNotify) g_ptr_array_unref);
}

static void
fetch_thread_page (GTask *task)
{
  RzWordpressProvider *self = g_task_get_source_object (task);
  ThreadData *data = g_task_get_task_data (task);
  g_autofree char *query = NULL;

  query = g_strdup_printf ("post=%" G_GINT64_FORMAT "&status=all&orderby=date_gmt&order=asc"
                           "&per_page=%d&page=%u&_fields=" INBOX_FIELDS,
                           data->post, PAGE_SIZE, data->page);
  rz_wordpress_api_async (self, "GET", "wp/v2/comments", query, NULL, g_task_get_cancellable (task),
             on_thread_page, g_object_ref (task));
}

static void
on_thread_comment (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ThreadData *data = g_task_get_task_data (task);
  g_autoptr(RzWordpressComment) comment = NULL;
  GError *error = NULL;

  comment = rz_wordpress_get_comment_finish (RZ_WORDPRESS_PROVIDER (object), result, &error);
  if (comment == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->post = comment->post;
  fetch_thread_page (task);
}

/* The whole discussion under the post the comment is on, oldest first. */
static void
rz_wordpress_provider_fetch_thread_async (RzProvider          *provider,
                                          const char          *remote_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ThreadData *data;
  gint64 id;

  g_task_set_source_tag (task, rz_wordpress_provider_fetch_thread_async);
  if (rz_wordpress_provider_return_if_signed_out (self, task))
    return;
  if (!rz_wordpress_parse_remote_id (remote_id, &id))
    {
      g_task_return_error (task, rz_wordpress_new_not_found_error ());
      return;
    }

  data = g_new0 (ThreadData, 1);
  data->page = 1;
  data->comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, thread_data_free);

  rz_wordpress_get_comment_async (self, id, cancellable, on_thread_comment, g_steal_pointer (&task));
}

static GPtrArray *
rz_wordpress_provider_fetch_thread_finish (RzProvider    *provider,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- moderation ---------------------------------------------------------- */

static void
on_status_set (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  const char *wanted = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzWordpressComment) comment = NULL;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (node != NULL)
    comment = rz_wordpress_json_parse_comment (node, &error);

  if (comment == NULL)
    {
      if (g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          error = rz_wordpress_new_not_found_error ();
        }
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (comment->status, wanted) != 0)
    {
      /* A plugin may veto a status change. */
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                               _("WordPress did not change the comment. Please check it in WordPress."));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Setting a status is idempotent: the client may repeat it after a
 * timeout, and the same status twice is no harm. */
static void
set_status_async (RzWordpressProvider *self,
                  const char          *remote_id,
                  const char          *status,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *route = NULL;
  gint64 id;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) status, NULL);
  if (rz_wordpress_provider_return_if_signed_out (self, task))
    return;
  if (!rz_wordpress_parse_remote_id (remote_id, &id))
    {
      g_task_return_error (task, rz_wordpress_new_not_found_error ());
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  route = g_strdup_printf ("wp/v2/comments/%" G_GINT64_FORMAT, id);
  rz_wordpress_api_async (self, "POST", route, "context=edit", body, cancellable, on_status_set, g_steal_pointer (&task));
}

/**
 * rz_wordpress_provider_approve_async:
 * @remote_id: a comment held for moderation, from the inbox
 *
 * Publishes the comment on the site.
 */
void
rz_wordpress_provider_approve_async (RzWordpressProvider *self,
                                     const char          *remote_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RZ_IS_WORDPRESS_PROVIDER (self));
  g_return_if_fail (remote_id != NULL);

  set_status_async (self, remote_id, "approved", rz_wordpress_provider_approve_async,
                    cancellable, callback, user_data);
}

gboolean
rz_wordpress_provider_approve_finish (RzWordpressProvider  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rz_wordpress_provider_mark_spam_async:
 * @remote_id: a comment from the inbox
 *
 * Moves the comment to WordPress's spam, where it can still be restored;
 * the UI asks before. Resonanz never deletes a comment for good.
 */
void
rz_wordpress_provider_mark_spam_async (RzWordpressProvider *self,
                                       const char          *remote_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (RZ_IS_WORDPRESS_PROVIDER (self));
  g_return_if_fail (remote_id != NULL);

  set_status_async (self, remote_id, "spam", rz_wordpress_provider_mark_spam_async,
                    cancellable, callback, user_data);
}

gboolean
rz_wordpress_provider_mark_spam_finish (RzWordpressProvider  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the rest ------------------------------------------------------------ */

static const char *
rz_wordpress_provider_get_channel (RzProvider *provider)
{
  return RZ_WORDPRESS_CHANNEL;
}

static const char *
rz_wordpress_provider_get_network_name (RzProvider *provider)
{
  return NETWORK_NAME;
}

static void
rz_wordpress_provider_iface_init (RzProviderInterface *iface)
{
  iface->get_channel = rz_wordpress_provider_get_channel;
  iface->get_network_name = rz_wordpress_provider_get_network_name;
  iface->dup_secret = rz_wordpress_provider_dup_secret;
  iface->sign_in_async = rz_wordpress_provider_sign_in_async;
  iface->sign_in_finish = rz_wordpress_provider_sign_in_finish;
  iface->refresh_async = rz_wordpress_provider_refresh_async;
  iface->refresh_finish = rz_wordpress_provider_refresh_finish;
  iface->who_am_i_async = rz_wordpress_provider_who_am_i_async;
  iface->who_am_i_finish = rz_wordpress_provider_who_am_i_finish;
  iface->get_capabilities_async = rz_wordpress_provider_get_capabilities_async;
  iface->get_capabilities_finish = rz_wordpress_provider_get_capabilities_finish;
  iface->fetch_inbox_async = rz_wordpress_provider_fetch_inbox_async;
  iface->fetch_inbox_finish = rz_wordpress_provider_fetch_inbox_finish;
  iface->fetch_thread_async = rz_wordpress_provider_fetch_thread_async;
  iface->fetch_thread_finish = rz_wordpress_provider_fetch_thread_finish;
  iface->post_async = rz_wordpress_provider_post_async;
  iface->post_finish = rz_wordpress_provider_post_finish;
  iface->reply_async = rz_wordpress_provider_reply_async;
  iface->reply_finish = rz_wordpress_provider_reply_finish;
  iface->upload_media_async = rz_wordpress_provider_upload_media_async;
  iface->upload_media_finish = rz_wordpress_provider_upload_media_finish;
}

static void
rz_wordpress_provider_finalize (GObject *object)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (object);

  /* Leave no password in the shared session. */
  rz_oauth_clear_secret (&self->password);
  if (self->client != NULL)
    use_credentials (self);

  g_clear_object (&self->client);
  g_clear_pointer (&self->site_url, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->api_root, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->account, rz_remote_account_free);

  G_OBJECT_CLASS (rz_wordpress_provider_parent_class)->finalize (object);
}

static void
rz_wordpress_provider_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_SITE_URL:
      g_value_set_string (value, self->site_url);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_wordpress_provider_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_SITE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url != NULL ? strlen (url) : 0;

        while (len > 0 && url[len - 1] == '/')
          len--;
        self->site_url = g_strndup (url != NULL ? url : "", len);
      }
      break;

    case PROP_USER:
      self->user = g_strstrip (g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value) : ""));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_wordpress_provider_class_init (RzWordpressProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_wordpress_provider_finalize;
  object_class->get_property = rz_wordpress_provider_get_property;
  object_class->set_property = rz_wordpress_provider_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         RZ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SITE_URL] =
    g_param_spec_string ("site-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_wordpress_provider_init (RzWordpressProvider *self)
{
  self->inbox_page_size = PAGE_SIZE;
  self->inbox_max_pages = MAX_INBOX_PAGES;
}

/* For tests: small pages show how a sync splits a long absence. */
void
rz_wordpress_provider_set_inbox_limits (RzWordpressProvider *self,
                                        guint                page_size,
                                        guint                max_pages)
{
  g_return_if_fail (RZ_IS_WORDPRESS_PROVIDER (self));
  g_return_if_fail (page_size >= 1 && page_size <= PAGE_SIZE);
  g_return_if_fail (max_pages >= 1);

  self->inbox_page_size = page_size;
  self->inbox_max_pages = max_pages;
}

/**
 * rz_wordpress_provider_new:
 * @client: the app's HTTP client
 * @site_url: the blog's address, from rz_wordpress_normalize_site()
 * @user: the WordPress user name (or e-mail address) the application
 *   password belongs to
 *
 * Returns: (transfer full): the provider, signed out.
 */
RzProvider *
rz_wordpress_provider_new (RzHttpClient *client,
                           const char   *site_url,
                           const char   *user)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);
  g_return_val_if_fail (site_url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return g_object_new (RZ_TYPE_WORDPRESS_PROVIDER,
                       "client", client,
                       "site-url", site_url,
                       "user", user,
                       NULL);
}

const char *
rz_wordpress_provider_get_site_url (RzWordpressProvider *self)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), NULL);

  return self->site_url;
}

const char *
rz_wordpress_provider_get_user (RzWordpressProvider *self)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), NULL);

  return self->user;
}

/* The REST API root found at sign-in, or NULL before. */
const char *
rz_wordpress_provider_get_api_root (RzWordpressProvider *self)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), NULL);

  return self->api_root;
}

const RzRemoteAccount *
rz_wordpress_provider_get_account (RzWordpressProvider *self)
{
  g_return_val_if_fail (RZ_IS_WORDPRESS_PROVIDER (self), NULL);

  return self->account;
}

/**
 * rz_wordpress_normalize_site:
 * @address: the blog's address as typed: "blog.example",
 *   "https://blog.example/", "https://example.com/blog"
 *
 * Returns: the address with https:// unless given otherwise, without a
 * trailing slash, or NULL with RZ_NET_ERROR_INVALID_URL or
 * RZ_NET_ERROR_INSECURE_URL.
 */
char *
rz_wordpress_normalize_site (const char  *address,
                             GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) clean = NULL;
  g_autofree char *host = NULL;
  g_autofree char *text = NULL;
  const char *path;
  gsize len;

  g_return_val_if_fail (address != NULL, NULL);

  trimmed = g_strstrip (g_strdup (address));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                           _("Please enter the address of your blog, for example blog.example.com."));
      return NULL;
    }

  candidate = strstr (trimmed, "://") != NULL ? g_strdup (trimmed) : g_strconcat ("https://", trimmed, NULL);
  uri = g_uri_parse (candidate, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      g_uri_get_userinfo (uri) != NULL || strpbrk (g_uri_get_host (uri), " \t\n/\\@") != NULL ||
      (host = g_hostname_to_ascii (g_uri_get_host (uri))) == NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   /* Translators: %s is what the user typed as the blog's address */
                   _("“%s” is not a web address. Please check it, for example blog.example.com."),
                   trimmed);
      return NULL;
    }

  if (!rz_http_check_uri (candidate, error))
    return NULL;

  /* Only scheme, host, port and path: a query or fragment is no site. */
  path = g_uri_get_path (uri);
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    len--;
  {
    g_autofree char *lower_host = g_ascii_strdown (host, -1);
    g_autofree char *lower_scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
    g_autofree char *bare_path = g_strndup (path, len);

    clean = g_uri_build (G_URI_FLAGS_ENCODED, lower_scheme, NULL, lower_host, g_uri_get_port (uri),
                         bare_path, NULL, NULL);
  }
  text = g_uri_to_string (clean);

  return g_steal_pointer (&text);
}
