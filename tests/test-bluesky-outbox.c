/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outbox (database and network together) posting a draft to Bluesky:
 * the PDS of the AT Protocol reference network on 127.0.0.1 (started by
 * tests/servers/with-servers.sh atproto), behind servers/delay-proxy.py,
 * which holds the first post's request back until the app has given up.
 * The entry fails with a timeout, the PDS makes the post after all, and
 * the retry of the entry finds it instead of posting it twice. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "rz-bluesky-provider.h"
#include "rz-bluesky-tid.h"
#include "rz-database.h"
#include "rz-draft.h"
#include "rz-draft-post.h"
#include "rz-net-error.h"
#include "rz-outbox.h"
#include "rz-test-async.h"

static const char *pds_url;
static SoupSession *raw_session;

/* --- the server and the proxy, directly ---------------------------------- */

static JsonNode *
http (const char *method,
      const char *uri,
      const char *token,
      const char *body)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (raw_session, message, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (message) != 200)
    g_error ("%s %s: %u %.*s", method, uri, soup_message_get_status (message),
             (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), NULL));
  return json_node_ref (json_parser_get_root (parser));
}

typedef struct {
  char *did;
  char *handle;
  char *app_password;
} Account;

static void
account_free (Account *account)
{
  g_free (account->did);
  g_free (account->handle);
  g_free (account->app_password);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

static Account *
create_account (void)
{
  g_autofree char *label = g_strdup_printf ("outbox%06x", g_random_int_range (0, 0xffffff));
  g_autofree char *uri = g_strconcat (pds_url, "/xrpc/com.atproto.server.createAccount", NULL);
  g_autofree char *body = g_strdup_printf ("{\"handle\": \"%s.test\", \"email\": \"%s@example.com\","
                                           " \"password\": \"main-%s-password\"}", label, label, label);
  g_autofree char *app_uri = g_strconcat (pds_url, "/xrpc/com.atproto.server.createAppPassword", NULL);
  g_autoptr(JsonNode) created = http ("POST", uri, NULL, body);
  JsonObject *object = json_node_get_object (created);
  g_autoptr(JsonNode) app = http ("POST", app_uri, json_object_get_string_member (object, "accessJwt"),
                                  "{\"name\": \"Resonanz\"}");
  Account *account = g_new0 (Account, 1);

  account->did = g_strdup (json_object_get_string_member (object, "did"));
  account->handle = g_strdup (json_object_get_string_member (object, "handle"));
  account->app_password = g_strdup (json_object_get_string_member (json_node_get_object (app), "password"));
  return account;
}

/* How many posts in @account's repository say exactly @text. */
static guint
count_posts_with_text (Account    *account,
                       const char *text)
{
  g_autofree char *uri = g_strdup_printf ("%s/xrpc/com.atproto.repo.listRecords?repo=%s"
                                          "&collection=app.bsky.feed.post&limit=100", pds_url, account->did);
  g_autoptr(JsonNode) listed = http ("GET", uri, NULL, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (listed), "records");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *value = json_object_get_object_member (json_array_get_object_element (records, i), "value");

      if (g_strcmp0 (json_object_get_string_member (value, "text"), text) == 0)
        n++;
    }
  return n;
}

typedef struct {
  GSubprocess *process;
  char        *url;
} Proxy;

static void
proxy_free (Proxy *proxy)
{
  g_subprocess_send_signal (proxy->process, SIGTERM);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_object_unref (proxy->process);
  g_free (proxy->url);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

static Proxy *
proxy_start (void)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "servers", "delay-proxy.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);

  proxy->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     "/usr/bin/python3", script, pds_url, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (line != NULL && g_str_has_prefix (line, "PORT "));
  proxy->url = g_strconcat ("http://127.0.0.1:", line + strlen ("PORT "), NULL);
  return proxy;
}

/* Requests for com.atproto.repo.createRecord the proxy passed on and got
 * a 200 for. */
static guint
proxy_creates (Proxy *proxy)
{
  g_autofree char *uri = g_strconcat (proxy->url, "/_proxy/events", NULL);
  g_autoptr(JsonNode) events = http ("GET", uri, NULL, NULL);
  JsonArray *array = json_node_get_array (events);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *event = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (event, "path"), "/xrpc/com.atproto.repo.createRecord") == 0 &&
          json_object_get_int_member (event, "status") == 200)
        n++;
    }
  return n;
}

/* --- the outbox ---------------------------------------------------------- */

typedef struct {
  RzProvider *provider;
  gint64      account_id;
} Lookup;

static void
lookup_provider (gint64                 account_id,
                 GCancellable          *cancellable,
                 RzOutboxProviderReady  ready,
                 gpointer               ready_data,
                 gpointer               user_data)
{
  Lookup *lookup = user_data;

  ready (account_id == lookup->account_id ? lookup->provider : NULL, NULL, ready_data);
}

static void
flush (RzOutbox *outbox,
       guint    *n_posted,
       guint    *n_failed)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rz_outbox_flush_async (outbox, NULL, rz_test_store_result, &result);
  g_assert_true (rz_outbox_flush_finish (outbox, rz_test_wait_for (&result), n_posted, n_failed, &error));
  g_assert_no_error (error);
}

static RzDraftPost *
only_post (RzDatabase *db,
           RzDraft    *draft,
           GPtrArray **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = rz_database_list_draft_posts (db, rz_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*keep)->len, ==, 1);
  return (*keep)->pdata[0];
}

static void
test_request_timed_out_then_retried (void)
{
  g_autoptr(Account) cafe = create_account ();
  g_autoptr(Proxy) proxy = proxy_start ();
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_bluesky_provider_new (client, proxy->url, cafe->handle);
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzOutbox) outbox = NULL;
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) posted = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *delay = g_strconcat (proxy->url, "/_proxy/delay?path=/xrpc/com.atproto.repo.createRecord"
                                        "&mode=request&seconds=4", NULL);
  g_autofree char *expected_prefix = g_strdup_printf ("at://%s/app.bsky.feed.post/", cafe->did);
  const char *text = "Sonntag Ruhetag, Montag wieder ab 7 Uhr für euch da.";
  Lookup lookup = { 0 };
  RzDraftPost *post;
  guint n_posted = 0, n_failed = 0, n_retried = 0, i;

  /* Two seconds are this test's patience, the app's is thirty. */
  rz_http_client_set_timeout (client, 2);
  rz_provider_sign_in_async (provider, cafe->app_password, NULL, rz_test_store_result, &signed_in);
  remote = rz_provider_sign_in_finish (provider, rz_test_wait_for (&signed_in), &error);
  g_assert_no_error (error);

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  lookup.provider = provider;
  lookup.account_id = rz_database_add_account (db, "bluesky", "Café Laden", proxy->url, remote->handle, &error);
  g_assert_no_error (error);
  outbox = rz_outbox_new (db, NULL);
  rz_outbox_set_provider_func (outbox, lookup_provider, &lookup, NULL);

  rz_draft_set_core_text (draft, text);
  rz_draft_add_channel (draft, "bluesky");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  queued = rz_database_enqueue_posts (db, rz_draft_get_id (draft), &lookup.account_id, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);

  /* The first attempt: the request is held back, the app gives up. */
  json_node_unref (http ("POST", delay, NULL, ""));
  flush (outbox, &n_posted, &n_failed);
  g_assert_cmpuint (n_posted, ==, 0);
  g_assert_cmpuint (n_failed, ==, 1);
  post = only_post (db, draft, &failed);
  g_assert_cmpint (post->state, ==, RZ_DRAFT_POST_FAILED);
  g_assert_nonnull (strstr (post->error, "did not answer in time"));

  /* The request reaches the PDS after all: the post is made. */
  for (i = 0; i < 200 && proxy_creates (proxy) == 0; i++)
    g_usleep (50 * 1000);
  g_assert_cmpuint (i, <, 200);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);

  /* Retry Failed: the same key finds the post; nothing is made again. */
  rz_outbox_retry_async (outbox, rz_draft_get_id (draft), NULL, rz_test_store_result, &retried);
  g_assert_true (rz_outbox_retry_finish (outbox, rz_test_wait_for (&retried), &n_retried, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_retried, ==, 1);
  flush (outbox, &n_posted, &n_failed);

  post = only_post (db, draft, &posted);
  g_assert_cmpint (post->state, ==, RZ_DRAFT_POST_POSTED);
  g_assert_true (g_str_has_prefix (post->remote_id, expected_prefix));
  g_assert_true (g_str_has_prefix (post->remote_url, "https://bsky.app/profile/"));
  g_assert_cmpuint (proxy_creates (proxy), ==, 1);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);

  rz_outbox_stop (outbox);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pds_url = g_getenv ("RZ_ATPROTO_PDS_URL");
  if (pds_url == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh atproto\n");
      return 1;
    }
  raw_session = soup_session_new ();

  g_test_add_func ("/rz/bluesky-outbox/request-timed-out-then-retried", test_request_timed_out_then_retried);

  ret = g_test_run ();
  g_object_unref (raw_session);
  return ret;
}
