/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-http-client.h"
#include "rz-http-parse.h"
#include "rz-net-error.h"

/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

#define DEFAULT_TIMEOUT_SECONDS    30
#define DEFAULT_MAX_ATTEMPTS       4
#define DEFAULT_BASE_DELAY_MS      500
#define MAX_DELAY_MS               30000
#define DEFAULT_MAX_WAIT_SECONDS   300
#define MAX_RATE_LIMIT_WAITS       3
#define MAX_REDIRECTS              5
#define MAX_BODY_SIZE              (8 * 1024 * 1024)
#define READ_CHUNK_SIZE            (64 * 1024)

struct _RzHttpClient
{
  GObject      parent_instance;

  SoupSession *session;
  GHashTable  *wait_until;        /* "host:port" → gint64 µs */
  guint        max_attempts;
  guint        base_delay_ms;
  guint        max_wait_seconds;
};

G_DEFINE_FINAL_TYPE (RzHttpClient, rz_http_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  RATE_LIMITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct {
  RzHttpRequest *request;
  GUri          *uri;
  char          *network_name;
  gboolean       with_token;
  guint          attempts;
  guint          redirects;
  guint          rate_limit_waits;
  SoupMessage   *message;
  GInputStream  *stream;
  GByteArray    *body;
} SendData;

static void start_attempt (GTask *task);

static void
send_data_free (gpointer user_data)
{
  SendData *data = user_data;

  g_clear_pointer (&data->request, rz_http_request_unref);
  g_clear_pointer (&data->uri, g_uri_unref);
  g_clear_pointer (&data->network_name, g_free);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static char *
origin_key (GUri *uri)
{
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static gboolean
check_guri (GUri    *uri,
            GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   _("The address has no server name. Please check it."));
      return FALSE;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (rz_http_host_is_loopback (host))
        return TRUE;

      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INSECURE_URL,
                   /* Translators: %s is a server name such as social.example */
                   _("The connection to %s would not be encrypted (http instead of https). Resonanz only connects securely; please use an https address."),
                   host);
      return FALSE;
    }

  g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
               _("Resonanz can only open web addresses (https)."));
  return FALSE;
}

/* Whether Resonanz may connect to @uri: https anywhere, plain http only to
 * this computer (127.0.0.0/8, ::1, localhost). */
gboolean
rz_http_check_uri (const char  *uri,
                   GError     **error)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                   _("This is not a valid web address. Please check it."));
      return FALSE;
    }

  return check_guri (parsed, error);
}

static guint
backoff_delay_ms (RzHttpClient *self,
                  guint         attempts)
{
  guint64 delay = self->base_delay_ms;

  for (guint i = 1; i < attempts && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);

  /* Half fixed, half random: clients that failed together do not all come
   * back at the same moment. */
  return (guint) (delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2) + 1));
}

static gboolean
on_wait_done (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  start_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Waits @delay_us on the task's main context, or until it is cancelled. */
static void
wait_then_attempt (GTask  *task,
                   gint64  delay_us)
{
  g_autoptr(GSource) source = g_cancellable_source_new (g_task_get_cancellable (task));

  g_source_set_ready_time (source, g_get_monotonic_time () + MAX (delay_us, 0));
  g_source_set_callback (source, G_SOURCE_FUNC (on_wait_done), g_object_ref (task), g_object_unref);
  g_source_set_name (source, "[resonanz] http retry wait");
  g_source_attach (source, g_task_get_context (task));
}

static void
record_wait_until (RzHttpClient *self,
                   GUri         *uri,
                   gint64        until_us)
{
  g_autofree char *key = origin_key (uri);
  gint64 *value = g_hash_table_lookup (self->wait_until, key);

  if (value == NULL)
    {
      value = g_new0 (gint64, 1);
      g_hash_table_insert (self->wait_until, g_steal_pointer (&key), value);
    }
  *value = MAX (*value, until_us);
}

static gint64
lookup_wait_until (RzHttpClient *self,
                   GUri         *uri)
{
  g_autofree char *key = origin_key (uri);
  gint64 *value = g_hash_table_lookup (self->wait_until, key);

  if (value == NULL)
    return 0;
  if (*value <= g_get_real_time ())
    {
      g_hash_table_remove (self->wait_until, key);
      return 0;
    }

  return *value;
}

static void
retry_or_fail (GTask  *task,
               GError *error,
               gint64  delay_us)
{
  RzHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  if (rz_http_request_is_retry_safe (data->request) &&
      rz_net_error_is_transient (error) &&
      data->attempts < self->max_attempts)
    {
      if (delay_us < 0)
        delay_us = (gint64) backoff_delay_ms (self, data->attempts) * 1000;
      g_debug ("Retrying %s to %s in %" G_GINT64_FORMAT " ms (attempt %u of %u)",
               rz_http_request_get_method (data->request), data->network_name,
               delay_us / 1000, data->attempts + 1, self->max_attempts);
      g_error_free (error);
      wait_then_attempt (task, delay_us);
      return;
    }

  g_task_return_error (task, error);
}

static void
handle_transport_error (GTask  *task,
                        GError *error)
{
  SendData *data = g_task_get_task_data (task);
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  /* GIO's messages name errno values and hosts, never headers or bodies. */
  g_debug ("%s to %s failed: %s", rz_http_request_get_method (data->request),
           data->network_name, error->message);
  mapped = rz_net_error_new_for_transport (error, data->network_name);
  g_error_free (error);

  retry_or_fail (task, mapped, -1);
}

/* The server's own words from an error body ({"error": …} as Mastodon and
 * OAuth send it), without the token if a server ever echoes it. */
static char *
dup_server_message (RzHttpResponse *response,
                    RzHttpRequest  *request)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *text = NULL;
  const char *token;
  GString *message;

  root = rz_http_response_parse_json (response, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  if (json_object_has_member (object, "error_description") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "error_description")))
    text = json_object_get_string_member_with_default (object, "error_description", NULL);
  if (text == NULL && json_object_has_member (object, "error") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "error")))
    text = json_object_get_string_member_with_default (object, "error", NULL);
  if (text == NULL)
    return NULL;

  message = g_string_new (text);
  token = rz_http_request_get_bearer_token (request);
  if (token != NULL && token[0] != '\0')
    g_string_replace (message, token, "…", 0);

  return g_string_free (message, FALSE);
}

static gboolean
follow_redirect (GTask          *task,
                 RzHttpResponse *response)
{
  SendData *data = g_task_get_task_data (task);
  const char *method = rz_http_request_get_method (data->request);
  const char *location = rz_http_response_get_header (response, "Location");
  g_autoptr(GUri) target = NULL;
  GError *error = NULL;

  if (location == NULL || (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0))
    return FALSE;

  if (++data->redirects > MAX_REDIRECTS)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE,
                               /* Translators: %s is a network such as Mastodon */
                               _("%s keeps sending Resonanz to other addresses. Please check the server address."),
                               data->network_name);
      return TRUE;
    }

  target = g_uri_parse_relative (data->uri, location, G_URI_FLAGS_ENCODED, NULL);
  if (target == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE,
                               /* Translators: %s is a network such as Mastodon */
                               _("%s sent Resonanz to an address that is not valid."),
                               data->network_name);
      return TRUE;
    }

  /* A redirect must not downgrade to plain http, and the token stays with
   * the server it was issued for. */
  if (!check_guri (target, &error))
    {
      g_task_return_error (task, error);
      return TRUE;
    }
  if (!same_origin (data->uri, target))
    data->with_token = FALSE;

  g_clear_pointer (&data->uri, g_uri_unref);
  data->uri = g_steal_pointer (&target);
  data->attempts = 0;
  start_attempt (task);
  return TRUE;
}

static void
handle_response (GTask *task)
{
  RzHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  RzRateLimit rate_limit;
  guint status = soup_message_get_status (data->message);
  gint64 now_us = g_get_real_time ();
  gint64 until_us = 0;

  body = g_byte_array_free_to_bytes (g_steal_pointer (&data->body));
  response = rz_http_response_new (status, data->uri,
                                   soup_message_get_response_headers (data->message),
                                   body, data->network_name);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);

  {
    g_autofree char *full = g_uri_to_string (data->uri);
    g_autofree char *shown = rz_http_redact_uri (full);

    g_debug ("%s %s -> %u", rz_http_request_get_method (data->request), shown, status);
  }

  /* An exhausted window means the next request would be refused: wait for
   * its reset before sending one. */
  if (rz_http_response_get_rate_limit (response, &rate_limit) &&
      rate_limit.remaining == 0 && rate_limit.reset_us > now_us)
    record_wait_until (self, data->uri, rate_limit.reset_us);

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED &&
      follow_redirect (task, response))
    return;

  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      /* Retry-After first, then the window reset, else our own backoff. */
      if (!rz_http_parse_retry_after (rz_http_response_get_header (response, "Retry-After"),
                                      now_us, &until_us))
        {
          if (rz_http_response_get_rate_limit (response, &rate_limit) && rate_limit.reset_us > now_us)
            until_us = rate_limit.reset_us;
          else
            until_us = now_us + (gint64) backoff_delay_ms (self, data->rate_limit_waits + 1) * 1000;
        }

      record_wait_until (self, data->uri, until_us);

      /* A refused request was not carried out, so even a write may be sent
       * again once the wait is over. */
      if (data->rate_limit_waits < MAX_RATE_LIMIT_WAITS &&
          until_us - now_us <= (gint64) self->max_wait_seconds * G_USEC_PER_SEC)
        {
          data->rate_limit_waits++;
          start_attempt (task);
        }
      else
        g_task_return_error (task, rz_net_error_new_rate_limited (data->network_name, until_us));
      return;
    }

  if (status >= 500)
    {
      gint64 delay_us = -1;

      if (rz_http_parse_retry_after (rz_http_response_get_header (response, "Retry-After"),
                                     now_us, &until_us) &&
          until_us - now_us <= (gint64) self->max_wait_seconds * G_USEC_PER_SEC)
        delay_us = until_us - now_us;

      retry_or_fail (task, rz_net_error_new_for_status (status, data->network_name, NULL), delay_us);
      return;
    }

  if (status >= 300 || status < 200)
    {
      g_autofree char *message = dup_server_message (response, data->request);

      g_task_return_error (task, rz_net_error_new_for_status (status, data->network_name, message));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) rz_http_response_unref);
}

static void
on_read_bytes (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      g_clear_object (&data->message);
      g_clear_object (&data->stream);
      handle_transport_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      handle_response (task);
      return;
    }

  if (data->body->len + g_bytes_get_size (chunk) > MAX_BODY_SIZE)
    {
      g_clear_object (&data->message);
      g_clear_object (&data->stream);
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE,
                               /* Translators: %s is a network such as Mastodon */
                               _("%s sent far more data than expected. Please try again later."),
                               data->network_name);
      return;
    }

  g_byte_array_append (data->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read_bytes,
                                   g_object_ref (task));
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      g_clear_object (&data->message);
      handle_transport_error (task, error);
      return;
    }

  /* Read the body in chunks to cap its size: a server must not be able to
   * fill the memory. */
  g_clear_pointer (&data->body, g_byte_array_unref);
  data->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_read_bytes,
                                   g_object_ref (task));
}

static void
start_attempt (GTask *task)
{
  RzHttpClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  gint64 until_us;

  if (g_task_return_error_if_cancelled (task))
    return;

  until_us = lookup_wait_until (self, data->uri);
  if (until_us > 0)
    {
      gint64 now_us = g_get_real_time ();

      if (until_us - now_us > (gint64) self->max_wait_seconds * G_USEC_PER_SEC)
        {
          g_task_return_error (task, rz_net_error_new_rate_limited (data->network_name, until_us));
          return;
        }

      g_debug ("Waiting %" G_GINT64_FORMAT " ms for the rate limit of %s",
               (until_us - now_us) / 1000, data->network_name);
      g_signal_emit (self, signals[RATE_LIMITED], 0, data->network_name,
                     g_uri_get_host (data->uri), until_us);
      wait_then_attempt (task, until_us - now_us);
      return;
    }

  data->attempts++;
  g_clear_object (&data->message);
  data->message = rz_http_request_build_message (data->request, data->uri, data->with_token);
  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, g_object_ref (task));
}

/**
 * rz_http_client_send_async:
 * @request: what to send; the client may send it several times
 *
 * Sends @request and reads the whole answer. Only a 2xx answer is a
 * success; anything else ends in an RZ_NET_ERROR (or G_IO_ERROR_CANCELLED)
 * with a message for the user.
 */
void
rz_http_client_send_async (RzHttpClient        *self,
                           RzHttpRequest       *request,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  GError *error = NULL;
  SendData *data;

  g_return_if_fail (RZ_IS_HTTP_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_http_client_send_async);

  uri = g_uri_parse (rz_http_request_get_uri (request), G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_URL,
                               _("This is not a valid web address. Please check it."));
      return;
    }
  if (!check_guri (uri, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (SendData, 1);
  data->request = rz_http_request_ref (request);
  data->uri = g_steal_pointer (&uri);
  data->with_token = TRUE;
  data->network_name = g_strdup (rz_http_request_get_network_name (request) != NULL
                                 ? rz_http_request_get_network_name (request)
                                 : g_uri_get_host (data->uri));
  g_task_set_task_data (task, data, send_data_free);

  start_attempt (task);
}

RzHttpResponse *
rz_http_client_send_finish (RzHttpClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_http_client_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

SoupSession *
rz_http_client_get_session (RzHttpClient *self)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

guint
rz_http_client_get_timeout (RzHttpClient *self)
{
  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (self), 0);

  return soup_session_get_timeout (self->session);
}

/* How long a connection may stay silent before the request fails with
 * RZ_NET_ERROR_TIMEOUT. Applies to connections opened from now on. */
void
rz_http_client_set_timeout (RzHttpClient *self,
                            guint         seconds)
{
  g_return_if_fail (RZ_IS_HTTP_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (soup_session_get_timeout (self->session) == seconds)
    return;

  soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/* @max_attempts counts the first one too; tests use short delays. */
void
rz_http_client_set_retry_policy (RzHttpClient *self,
                                 guint         max_attempts,
                                 guint         base_delay_ms)
{
  g_return_if_fail (RZ_IS_HTTP_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
}

/* The longest rate limit wait the client sits out by itself; a longer one
 * fails at once with RZ_NET_ERROR_RATE_LIMITED. */
void
rz_http_client_set_max_wait (RzHttpClient *self,
                             guint         seconds)
{
  g_return_if_fail (RZ_IS_HTTP_CLIENT (self));

  self->max_wait_seconds = seconds;
}

/* Until when (µs of Unix time) requests to the server of @uri wait for a
 * rate limit, or 0. Format it with rz_net_format_wait_until(). */
gint64
rz_http_client_get_wait_until (RzHttpClient *self,
                               const char   *uri)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (self), 0);
  g_return_val_if_fail (uri != NULL, 0);

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL || g_uri_get_host (parsed) == NULL)
    return 0;

  return lookup_wait_until (self, parsed);
}

static void
rz_http_client_finalize (GObject *object)
{
  RzHttpClient *self = RZ_HTTP_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->wait_until, g_hash_table_unref);

  G_OBJECT_CLASS (rz_http_client_parent_class)->finalize (object);
}

static void
rz_http_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RzHttpClient *self = RZ_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, rz_http_client_get_timeout (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_http_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RzHttpClient *self = RZ_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      rz_http_client_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_http_client_class_init (RzHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_http_client_finalize;
  object_class->get_property = rz_http_client_get_property;
  object_class->set_property = rz_http_client_set_property;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RzHttpClient::rate-limited:
   * @network_name: the network, e.g. "Mastodon"
   * @host: the server
   * @until_us: when requests go on, in µs of Unix time
   *
   * A request waits for a rate limit to reset. The UI can say so with
   * rz_net_format_wait_until().
   */
  signals[RATE_LIMITED] =
    g_signal_new ("rate-limited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
}

static void
rz_http_client_init (RzHttpClient *self)
{
  /* No accept-certificate handler, ever: an invalid certificate fails the
   * request with G_TLS_ERROR_BAD_CERTIFICATE. */
  self->session = soup_session_new_with_options ("user-agent", "Resonanz/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "idle-timeout", 60,
                                                 "accept-language-auto", TRUE,
                                                 NULL);
  self->wait_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_wait_seconds = DEFAULT_MAX_WAIT_SECONDS;
}

RzHttpClient *
rz_http_client_new (void)
{
  return g_object_new (RZ_TYPE_HTTP_CLIENT, NULL);
}
