/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rz-http-client.h"
#include "rz-net-error.h"
#include "rz-test-async.h"

/* TLS certificate errors are never ignored. An HTTPS server on 127.0.0.1
 * presents certificates made by openssl for this run: the client must
 * refuse each bad one with RZ_NET_ERROR_TLS before the request (and its
 * token) reaches the server, and accept the one good one, which shows
 * that the refusals are about the certificate and nothing else. */

#define TOKEN "tls-test-token-6b1d0c"

typedef struct {
  char *dir;
} Certificates;

static Certificates certs;

static void
run_openssl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "openssl");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (certs.dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("openssl %s failed: %s", args[0], err);
}

static void
make_key_and_request (const char *name,
                      const char *subject)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  const char *args[] = {
    "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", key, "-out", csr, "-subj", subject, NULL,
  };

  run_openssl (args);
}

/* A leaf for @san, signed by the test CA, valid for @days (negative:
 * already expired). */
static void
make_leaf (const char *name,
           const char *san,
           const char *days)
{
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *ext = g_strconcat (name, ".ext", NULL);
  g_autofree char *ext_path = g_build_filename (certs.dir, ext, NULL);
  g_autofree char *ext_text = g_strconcat ("subjectAltName=", san, "\n", NULL);
  const char *args[] = {
    "x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "7",
    "-days", days, "-extfile", ext, "-out", pem, NULL,
  };

  make_key_and_request (name, "/CN=Resonanz TLS test");
  g_assert_true (g_file_set_contents (ext_path, ext_text, -1, NULL));
  run_openssl (args);
}

static void
make_certificates (void)
{
  const char *ca[] = {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Resonanz Test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
    NULL,
  };
  const char *self_signed[] = {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", "self.key", "-out", "self.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", NULL,
  };
  g_autoptr(GError) error = NULL;

  certs.dir = g_dir_make_tmp ("rz-tls-XXXXXX", &error);
  g_assert_no_error (error);

  run_openssl (ca);
  run_openssl (self_signed);
  make_leaf ("good", "IP:127.0.0.1", "2");
  make_leaf ("wrong-host", "DNS:other.example", "2");
  make_leaf ("expired", "IP:127.0.0.1", "-1");
}

static void
remove_certificates (void)
{
  g_autoptr(GDir) dir = g_dir_open (certs.dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (certs.dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (certs.dir);
  g_free (certs.dir);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  guint *n_requests = user_data;

  (*n_requests)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

/* Serves @name's certificate and sends one request with a token; @trust_ca
 * makes the test CA trusted, as a real CA is. */
static RzHttpResponse *
fetch (const char  *name,
       gboolean     trust_ca,
       guint       *n_requests,
       GError     **error)
{
  g_autofree char *pem = g_strconcat (name, ".pem", NULL);
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *pem_path = g_build_filename (certs.dir, pem, NULL);
  g_autofree char *key_path = g_build_filename (certs.dir, key, NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzHttpRequest) request = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;

  certificate = g_tls_certificate_new_from_files (pem_path, key_path, &local_error);
  g_assert_no_error (local_error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, handler, n_requests, NULL);
  soup_server_listen (server, address, SOUP_SERVER_LISTEN_HTTPS, &local_error);
  g_assert_no_error (local_error);

  if (trust_ca)
    {
      g_autofree char *ca_path = g_build_filename (certs.dir, "ca.pem", NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_path, &local_error);

      g_assert_no_error (local_error);
      soup_session_set_tls_database (rz_http_client_get_session (client), database);
    }
  rz_http_client_set_retry_policy (client, 1, 10);

  uris = soup_server_get_uris (server);
  uri = g_strdup_printf ("https://127.0.0.1:%d/api/v1/accounts/verify_credentials",
                         g_uri_get_port (uris->data));
  request = rz_http_request_new ("GET", uri);
  rz_http_request_set_network_name (request, "Mastodon");
  rz_http_request_set_bearer_token (request, TOKEN);

  rz_http_client_send_async (client, request, NULL, rz_test_store_result, &result);
  rz_test_wait_for (&result);
  return rz_http_client_send_finish (client, result, error);
}

static void
test_trusted (void)
{
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint n_requests = 0;

  response = fetch ("good", TRUE, &n_requests, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);
  g_assert_cmpuint (n_requests, ==, 1);
}

static void
test_refused (gconstpointer data)
{
  const char *name = data;
  gboolean trust_ca = strcmp (name, "self") != 0 && strcmp (name, "untrusted") != 0;
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  guint n_requests = 0;

  response = fetch (strcmp (name, "untrusted") == 0 ? "good" : name, trust_ca, &n_requests, &error);
  g_assert_null (response);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_TLS);
  /* Clear: it names the network and says what is wrong; never the token. */
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Mastodon"));
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_null (strstr (error->message, TOKEN));
  /* The request never reached the server. */
  g_assert_cmpuint (n_requests, ==, 0);
}

#if defined(__SANITIZE_ADDRESS__)
static void
test_skip_under_asan (void)
{
  /* As in test-http-client.c: GCC 12's LeakSanitizer crashes at exit on
   * the dynamic TLS of the GnuTLS module glib-networking loads; the normal
   * build and the valgrind run cover this test. */
  g_test_skip ("LeakSanitizer cannot scan glib-networking's TLS threads");
}
#endif

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#if defined(__SANITIZE_ADDRESS__)
  g_test_add_func ("/rz/net/tls/skipped-under-asan", test_skip_under_asan);
  status = g_test_run ();
  /* Compiled all the same, so the sanitizer build still checks them. */
  (void) make_certificates;
  (void) remove_certificates;
  (void) test_trusted;
  (void) test_refused;
#else
  make_certificates ();

  g_test_add_func ("/rz/net/tls/trusted-certificate-works", test_trusted);
  g_test_add_data_func ("/rz/net/tls/self-signed", "self", test_refused);
  g_test_add_data_func ("/rz/net/tls/unknown-authority", "untrusted", test_refused);
  g_test_add_data_func ("/rz/net/tls/wrong-host", "wrong-host", test_refused);
  g_test_add_data_func ("/rz/net/tls/expired", "expired", test_refused);

  status = g_test_run ();
  remove_certificates ();
#endif
  return status;
}
