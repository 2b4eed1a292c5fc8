/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fault-harness.h"
#include "rz-wordpress-provider.h"

/* Faults on the wire against a real WordPress (servers/with-servers.sh
 * wordpress): servers/fault-proxy.py sits between Resonanz and the site and
 * spoils a share of the requests (latency, resets, answers lost after the
 * site did the work, truncated bodies, stalls, 429, bursts of 503). A
 * customer keeps writing comments; Resonanz syncs them into its database
 * with the context's sync and answers each one with a key, the way the
 * reply pane does. Failures must reach the user as translated
 * RZ_NET_ERRORs. When the faults stop, Resonanz catches up from its
 * cursor: every comment must then be stored once and answered exactly once
 * on the site, which the test asks directly, not through the proxy. */

#define N_ROUNDS 8
#define N_PER_ROUND 3
#define N_CATCH_UP_ROUNDS 6
#define QUESTIONS "Frage % von heute?"
#define REPLY_TEXT "Danke! Ja, auch am Sonntag."

static const char *site_url;
static const char *cafe_password;
static const char *kundin_password;
static gint64 cafe_id;
static gint64 open_post;
static SoupSession *raw_session;

/* Straight to the site, past the proxy: what the test itself asks. */
static JsonNode *
rest (const char *method,
      const char *user,
      const char *password,
      const char *route_and_query,
      const char *body)
{
  g_autofree char *uri = g_strconcat (site_url, "/wp-json/", route_and_query, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pair = g_strconcat (user, ":", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

  g_assert_nonnull (message);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }
  bytes = soup_session_send_and_read (raw_session, message, NULL, &error);
  g_assert_no_error (error);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_error ("%s %s: %u", method, uri, soup_message_get_status (message));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));
  return json_node_ref (json_parser_get_root (parser));
}

static gint64
customer_comment (const char *content)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *escaped = g_strescape (content, NULL);

  body = g_strdup_printf ("{\"post\": %" G_GINT64_FORMAT ", \"content\": \"%s\"}", open_post, escaped);
  created = rest ("POST", "kundin", kundin_password, "wp/v2/comments", body);
  return json_object_get_int_member (json_node_get_object (created), "id");
}

/* Our replies under @parent, in any state. */
static guint
count_replies (gint64 parent)
{
  g_autofree char *route = g_strdup_printf ("wp/v2/comments?parent=%" G_GINT64_FORMAT "&author=%" G_GINT64_FORMAT
                                            "&status=all&per_page=100", parent, cafe_id);
  g_autoptr(JsonNode) node = rest ("GET", "cafe", cafe_password, route, NULL);

  return json_array_get_length (json_node_get_array (node));
}

typedef struct {
  FaultHarness harness;
  GArray      *comment_ids;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FaultHarness *harness = &fixture->harness;
  const char * const options[] = { "--rate", "0.3", "--stall", "5", "--latency", "0.5", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  RzProvider *provider;

  fixture->comment_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  fault_harness_init (harness, "rz-faults-wp-XXXXXX");
  fault_harness_start_proxy (harness, site_url, options);
  /* The PHP server is slow, so the timeout stays above its answers, below
   * a stall. */
  fault_harness_open (harness, "wordpress", "cafe", 100, 4);

  /* Signing in is not what is tested here: through the proxy, faults off. */
  fault_harness_signal_proxy (harness, SIGUSR1);
  provider = rz_wordpress_provider_new (rz_context_get_http_client (harness->context), harness->proxy_url, "cafe");
  rz_provider_sign_in_async (provider, cafe_password, NULL, rz_test_store_result, &signed_in);
  remote = rz_provider_sign_in_finish (provider, rz_test_wait_for (&signed_in), &error);
  g_assert_no_error (error);
  fault_harness_set_provider (harness, provider);
  fault_harness_signal_proxy (harness, SIGUSR2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fault_harness_tear_down (&fixture->harness);
  g_array_unref (fixture->comment_ids);
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  FaultHarness *harness = &fixture->harness;
  guint n_left = 1;
  guint n_question = 0;

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      for (guint i = 0; i < N_PER_ROUND; i++)
        {
          g_autofree char *text = g_strdup_printf ("Frage %u von heute?", ++n_question);
          gint64 id = customer_comment (text);

          g_array_append_val (fixture->comment_ids, id);
        }
      fault_harness_sync (harness);
      fault_harness_answer_all (harness, QUESTIONS, REPLY_TEXT);
    }

  fault_harness_signal_proxy (harness, SIGUSR1);
  for (guint round = 0; round < N_CATCH_UP_ROUNDS && n_left > 0; round++)
    {
      fault_harness_sync (harness);
      n_left = fault_harness_answer_all (harness, QUESTIONS, REPLY_TEXT);
      if ((guint) fault_harness_query_int (harness, "SELECT count(*) FROM comments WHERE text LIKE 'Frage % von heute?'")
          < fixture->comment_ids->len)
        n_left++;
    }
  g_assert_cmpuint (n_left, ==, 0);

  /* Every question stored once, answered once on the site. */
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments WHERE text LIKE 'Frage % von heute?'"),
                   ==, fixture->comment_ids->len);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments"), ==,
                   fault_harness_query_int (harness, "SELECT count(DISTINCT remote_id) FROM comments"));
  for (guint i = 0; i < fixture->comment_ids->len; i++)
    {
      gint64 id = g_array_index (fixture->comment_ids, gint64, i);
      guint n = count_replies (id);

      if (n != 1)
        g_error ("Comment %" G_GINT64_FORMAT " has %u replies on the site", id, n);
    }
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM replies WHERE state = 'sent'"),
                   ==, fixture->comment_ids->len);

  fault_harness_report (harness, "WordPress", fixture->comment_ids->len, fixture->comment_ids->len, -1, 10, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  site_url = g_getenv ("RZ_WORDPRESS_URL");
  cafe_password = g_getenv ("RZ_WORDPRESS_PASSWORD");
  kundin_password = g_getenv ("RZ_WORDPRESS_CUSTOMER_PASSWORD");
  if (site_url == NULL || cafe_password == NULL || kundin_password == NULL ||
      g_getenv ("RZ_WORDPRESS_USER_ID") == NULL || g_getenv ("RZ_WORDPRESS_OPEN_POST") == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh wordpress\n");
      return 1;
    }
  cafe_id = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_USER_ID"), NULL, 10);
  open_post = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_OPEN_POST"), NULL, 10);
  raw_session = soup_session_new ();

  g_test_add ("/rz/faults/wordpress", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);

  {
    int status = g_test_run ();

    g_object_unref (raw_session);
    return status;
  }
}
