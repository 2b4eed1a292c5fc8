/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-http-client.h"
#include "rz-net-error.h"
#include "rz-test-async.h"

/* A throwaway self-signed certificate for 127.0.0.1 tests: the client must
 * refuse it. Not used anywhere else. */
static const char test_certificate[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBmDCCAT2gAwIBAgIUDgZZWkqRuan4A7cMJ/WvmiF4CH4wCgYIKoZIzj0EAwIw\n"
  "IDEeMBwGA1UEAwwVcmVzb25hbnotdGVzdC5pbnZhbGlkMCAXDTI2MTEyNTA4NTQx\n"
  "OVoYDzIxMjYxMTAxMDg1NDE5WjAgMR4wHAYDVQQDDBVyZXNvbmFuei10ZXN0Lmlu\n"
  "dmFsaWQwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAR1igDVi4oxjTgrM/uuZVhr\n"
  "JTb1jr0ZPIG60zQLlo9fqWuV5Qrx/AuY0yyE0LqA0bCFQi+8+n6yJuFHXV1nMIMA\n"
  "o1MwUTAdBgNVHQ4EFgQUwRpVk2MNukynRHBuFIlbUSejB/EwHwYDVR0jBBgwFoAU\n"
  "wRpVk2MNukynRHBuFIlbUSejB/EwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD\n"
  "AgNJADBGAiEAtLrlJeuwPDkQ0/q9Y9ya/RplCaKitJQzIGGgjR+fn90CIQCoP1TN\n"
  "m5ICRmza6VZIzU3WwFOSh0QVG7isIHLd47RBmg==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg9L9pt8QngT62C1hg\n"
  "k4W2MrwOZB4tesIo5rg3D+W48WKhRANCAAR1igDVi4oxjTgrM/uuZVhrJTb1jr0Z\n"
  "PIG60zQLlo9fqWuV5Qrx/AuY0yyE0LqA0bCFQi+8+n6yJuFHXV1nMIMA\n"
  "-----END PRIVATE KEY-----\n";

typedef struct {
  MastodonContractServer *server;
  RzHttpClient           *client;
  char                   *token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = mastodon_contract_server_new ();
  fixture->client = rz_http_client_new ();
  rz_http_client_set_retry_policy (fixture->client, 4, 10);
  fixture->token = mastodon_contract_server_create_token (fixture->server, "read write");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  mastodon_contract_server_free (fixture->server);
  g_free (fixture->token);
}

static RzHttpResponse *
send_sync (RzHttpClient   *client,
           RzHttpRequest  *request,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_http_client_send_async (client, request, cancellable, rz_test_store_result, &result);
  rz_test_wait_for (&result);

  return rz_http_client_send_finish (client, result, error);
}

static RzHttpRequest *
new_request (Fixture    *fixture,
             const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *uri = g_strconcat (mastodon_contract_server_get_url (fixture->server), path, NULL);
  RzHttpRequest *request = rz_http_request_new (method, uri);

  rz_http_request_set_network_name (request, "Mastodon");
  if (token != NULL)
    rz_http_request_set_bearer_token (request, token);
  return request;
}

static RzHttpRequest *
new_status_request (Fixture    *fixture,
                    const char *text,
                    const char *idempotency_key)
{
  RzHttpRequest *request = new_request (fixture, "POST", "/api/v1/statuses", fixture->token);

  rz_http_request_add_form_field (request, "status", text);
  if (idempotency_key != NULL)
    rz_http_request_set_idempotency_key (request, idempotency_key);
  return request;
}

/* Every error must say something, and never the token. */
static void
assert_error_message (GError     *error,
                      const char *token)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (token != NULL)
    g_assert_null (strstr (error->message, token));
}

static void
test_user_agent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v2/instance", NULL);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *agent = NULL;
  g_autoptr(GError) error = NULL;

  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_http_response_get_status (response), ==, 200);
  node = rz_http_response_parse_json (response, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  agent = mastodon_contract_server_dup_user_agent (fixture->server);
  g_assert_cmpstr (agent, ==, "Resonanz/" PACKAGE_VERSION);
}

static void
test_insecure_refused (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const uris[] = {
    "http://social.example/api/v2/instance",
    "http://192.0.2.1/api/v2/instance",
    "http://127.0.0.1.nip.io/",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(RzHttpRequest) request = rz_http_request_new ("GET", uris[i]);
      g_autoptr(RzHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      rz_http_request_set_bearer_token (request, fixture->token);
      response = send_sync (fixture->client, request, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INSECURE_URL);
      assert_error_message (error, fixture->token);
      /* Refused before any connection is tried. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
    }
}

static void
test_tls_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) tls_server = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(RzHttpRequest) request = NULL;
  g_autoptr(RzHttpResponse) response = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

#if defined(__SANITIZE_ADDRESS__)
  /* GCC 12's LeakSanitizer crashes at exit on the dynamic TLS of the GnuTLS
   * module glib-networking loads ("Tracer caught signal 11"); the normal
   * build runs this test. */
  g_test_skip ("LeakSanitizer cannot scan glib-networking's TLS threads");
  return;
#endif

  certificate = g_tls_certificate_new_from_pem (test_certificate, -1, &error);
  g_assert_no_error (error);
  tls_server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_listen (tls_server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (tls_server);
  uri = g_strdup_printf ("https://127.0.0.1:%d/api/v2/instance", g_uri_get_port (uris->data));
  request = rz_http_request_new ("GET", uri);
  rz_http_request_set_bearer_token (request, fixture->token);

  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_TLS);
  assert_error_message (error, fixture->token);
}

typedef struct {
  const char    *name;
  const char    *method;
  const char    *path;
  const char    *token;            /* NULL: the fixture's */
  ContractFault  fault;
  guint          fault_param;
  int            code;
} ErrorCase;

static void
test_error_mapping (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *narrow_token = mastodon_contract_server_create_token (fixture->server, "read:statuses");
  const ErrorCase cases[] = {
    { "401 wrong token", "GET", "/api/v1/accounts/verify_credentials", "wrong-token-4711",
      CONTRACT_FAULT_NONE, 0, RZ_NET_ERROR_UNAUTHORIZED },
    { "403 outside scopes", "GET", "/api/v1/accounts/verify_credentials", narrow_token,
      CONTRACT_FAULT_NONE, 0, RZ_NET_ERROR_FORBIDDEN },
    { "404", "GET", "/api/v1/statuses/999999/context", NULL, CONTRACT_FAULT_NONE, 0, RZ_NET_ERROR_NOT_FOUND },
    { "422 blank status", "POST", "/api/v1/statuses", NULL, CONTRACT_FAULT_NONE, 0, RZ_NET_ERROR_REJECTED },
    { "422 token echoed", "GET", "/api/v1/notifications", NULL, CONTRACT_FAULT_ECHO_TOKEN, 0, RZ_NET_ERROR_REJECTED },
    { "429 for an hour", "GET", "/api/v1/notifications", NULL, CONTRACT_FAULT_TOO_MANY_REQUESTS, 3600,
      RZ_NET_ERROR_RATE_LIMITED },
    { "500", "GET", "/api/v1/notifications", NULL, CONTRACT_FAULT_SERVER_ERROR, 0, RZ_NET_ERROR_SERVER_ERROR },
    { "timeout", "GET", "/api/v1/notifications", NULL, CONTRACT_FAULT_SLOW, 3000, RZ_NET_ERROR_TIMEOUT },
    { "reset", "GET", "/api/v1/notifications", NULL, CONTRACT_FAULT_RESET, 0, RZ_NET_ERROR_UNREACHABLE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ErrorCase *c = &cases[i];
      const char *token = c->token != NULL ? c->token : fixture->token;
      g_autoptr(RzHttpClient) client = rz_http_client_new ();
      g_autoptr(RzHttpRequest) request = new_request (fixture, c->method, c->path, token);
      g_autoptr(RzHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case: %s", c->name);
      /* One attempt: the mapping, not the retries, is under test. */
      rz_http_client_set_retry_policy (client, 1, 10);
      rz_http_client_set_timeout (client, 1);
      if (strcmp (c->method, "POST") == 0)
        rz_http_request_add_form_field (request, "status", "");
      if (c->fault != CONTRACT_FAULT_NONE)
        mastodon_contract_server_inject_fault (fixture->server, c->method, c->path, c->fault, 1, c->fault_param);

      response = send_sync (client, request, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, RZ_NET_ERROR, c->code);
      assert_error_message (error, token);
      g_test_message ("message: %s", error->message);

      if (c->fault == CONTRACT_FAULT_ECHO_TOKEN || strcmp (c->name, "422 blank status") == 0)
        g_assert_nonnull (strstr (error->message, "Validation failed"));
      if (c->code == RZ_NET_ERROR_RATE_LIMITED)
        {
          g_assert_nonnull (strstr (error->message, "Waiting for Mastodon until"));
          g_assert_cmpint (rz_http_client_get_wait_until (client, mastodon_contract_server_get_url (fixture->server)),
                           >, g_get_real_time () + (gint64) 3000 * G_USEC_PER_SEC);
        }
    }
}

static void
test_invalid_json (Fixture       *fixture,
                   gconstpointer  data)
{
  const ContractFault faults[] = { CONTRACT_FAULT_MALFORMED_JSON, CONTRACT_FAULT_TRUNCATED_JSON };

  for (gsize i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/accounts/verify_credentials",
                                                      fixture->token);
      g_autoptr(RzHttpResponse) response = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/accounts", faults[i], 1, 0);
      response = send_sync (fixture->client, request, NULL, &error);
      g_assert_no_error (error);

      node = rz_http_response_parse_json (response, &error);
      g_assert_null (node);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
      assert_error_message (error, fixture->token);
    }
}

static void
test_get_retried (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/notifications", fixture->token);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  /* Before the first connection: the timeout is set on new ones. */
  rz_http_client_set_timeout (fixture->client, 1);
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_SERVER_ERROR, 2, 0);
  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_http_response_get_status (response), ==, 200);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, 3);

  /* A timeout and a reset are retried too. */
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_SLOW, 1, 2500);
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_RESET, 1, 0);
  g_clear_pointer (&response, rz_http_response_unref);
  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, 6);

  /* And it gives up after the last attempt. */
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_SERVER_ERROR, 10, 0);
  g_clear_pointer (&response, rz_http_response_unref);
  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_SERVER_ERROR);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, 10);
}

static void
test_post_not_retried (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RzHttpRequest) request = new_status_request (fixture, "Danke für die Frage!", NULL);
  g_autoptr(RzHttpRequest) slow_request = new_status_request (fixture, "Noch eine Antwort", NULL);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  rz_http_client_set_timeout (fixture->client, 1);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses",
                                         CONTRACT_FAULT_SERVER_ERROR, 1, 0);
  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_SERVER_ERROR);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/statuses"), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 0);

  /* After a timeout the server may have posted it: without a key, sending
   * again could post it twice, so the client does not. */
  g_clear_error (&error);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses", CONTRACT_FAULT_SLOW, 1, 2500);
  response = send_sync (fixture->client, slow_request, NULL, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/statuses"), ==, 2);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
}

static void
test_post_with_key_retried (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(RzHttpRequest) request = new_status_request (fixture, "Gerne wieder!", key);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  rz_http_client_set_timeout (fixture->client, 1);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses",
                                         CONTRACT_FAULT_SERVER_ERROR, 1, 0);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses", CONTRACT_FAULT_SLOW, 1, 2500);
  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/statuses"), ==, 3);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
}

static void
on_rate_limited (RzHttpClient *client,
                 const char   *network_name,
                 const char   *host,
                 gint64        until_us,
                 gpointer      user_data)
{
  char **text = user_data;

  g_assert_cmpstr (host, ==, "127.0.0.1");
  g_free (*text);
  *text = rz_net_format_wait_until (network_name, until_us);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/notifications", fixture->token);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *notice = NULL;
  gint64 start = g_get_monotonic_time ();

  g_signal_connect (fixture->client, "rate-limited", G_CALLBACK (on_rate_limited), &notice);
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_TOO_MANY_REQUESTS, 1, 1);

  response = send_sync (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_http_response_get_status (response), ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpuint (mastodon_contract_server_count_status (fixture->server, 429), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, 2);

  g_assert_nonnull (notice);
  g_assert_true (g_str_has_prefix (notice, "Waiting for Mastodon until "));
  g_assert_true (g_regex_match_simple ("[0-9]{2}:[0-9]{2}\\.$", notice, 0, 0));
}

/* Mastodon's X-RateLimit-Remaining: 0 means the next request would be
 * refused; the client waits for X-RateLimit-Reset instead of hitting 429. */
static void
test_rate_limit_window (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RzHttpClient) other = rz_http_client_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  mastodon_contract_server_set_rate_limit (fixture->server, 3, 2);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/notifications", fixture->token);
      g_autoptr(RzHttpResponse) response = send_sync (fixture->client, request, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (response);
    }
  g_assert_cmpuint (mastodon_contract_server_count_status (fixture->server, 429), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);

  /* A client that did not see the headers runs into the 429 and waits
   * until the reset the answer names. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/notifications", fixture->token);
      g_autoptr(RzHttpResponse) response = send_sync (other, request, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (response);
    }
  g_assert_cmpuint (mastodon_contract_server_count_status (fixture->server, 429), <=, 1);
}

static void
redirect_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  int port = GPOINTER_TO_INT (user_data);

  if (strcmp (path, "/same") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/echo");
  else if (strcmp (path, "/other-origin") == 0)
    {
      g_autofree char *target = g_strdup_printf ("http://localhost:%d/echo", port);

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, target);
    }
  else if (strcmp (path, "/downgrade") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "http://social.example/echo");
  else if (strcmp (path, "/loop") == 0)
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
  else if (strcmp (path, "/echo") == 0)
    {
      gboolean authorized = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                          "Authorization") != NULL;
      const char *body = authorized ? "{\"authorized\":true}" : "{\"authorized\":false}";

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gboolean
echo_authorized (Fixture    *fixture,
                 int         port,
                 const char *path,
                 GError    **error)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%d%s", port, path);
  g_autoptr(RzHttpRequest) request = rz_http_request_new ("GET", uri);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;

  rz_http_request_set_bearer_token (request, fixture->token);
  response = send_sync (fixture->client, request, NULL, error);
  if (response == NULL)
    return FALSE;

  node = rz_http_response_parse_json (response, error);
  g_assert_nonnull (node);
  return json_object_get_boolean_member (json_node_get_object (node), "authorized");
}

static void
test_redirects (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;
  int port;

  soup_server_listen (server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  soup_server_add_handler (server, NULL, redirect_handler, GINT_TO_POINTER (port), NULL);

  /* Within the server the token goes along; to another origin it does not. */
  g_assert_true (echo_authorized (fixture, port, "/same", &error));
  g_assert_no_error (error);
  g_assert_false (echo_authorized (fixture, port, "/other-origin", &error));
  g_assert_no_error (error);

  echo_authorized (fixture, port, "/downgrade", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INSECURE_URL);
  g_clear_error (&error);

  echo_authorized (fixture, port, "/loop", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
  assert_error_message (error, fixture->token);
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_wait (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RzHttpRequest) request = new_request (fixture, "GET", "/api/v1/notifications", fixture->token);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_TOO_MANY_REQUESTS, 1, 60);
  g_timeout_add (200, cancel_later, cancellable);

  response = send_sync (fixture->client, request, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is contacted: the machine's proxy settings must not
   * matter, and libproxy would read GNOME settings the isolated test
   * directories do not have. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/rz/net/http-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("user-agent", test_user_agent);
  ADD ("insecure-refused", test_insecure_refused);
  ADD ("tls-refused", test_tls_refused);
  ADD ("error-mapping", test_error_mapping);
  ADD ("invalid-json", test_invalid_json);
  ADD ("get-retried", test_get_retried);
  ADD ("post-not-retried", test_post_not_retried);
  ADD ("post-with-key-retried", test_post_with_key_retried);
  ADD ("retry-after", test_retry_after);
  ADD ("rate-limit-window", test_rate_limit_window);
  ADD ("redirects", test_redirects);
  ADD ("cancel-wait", test_cancel_wait);

#undef ADD

  return g_test_run ();
}
