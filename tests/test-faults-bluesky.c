/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fault-harness.h"
#include "rz-bluesky-json.h"
#include "rz-bluesky-provider.h"

/* Faults on the wire against the AT Protocol reference network
 * (servers/with-servers.sh atproto): servers/fault-proxy.py --rewrite sits
 * in front of the PDS (the DID document then names the proxy, so every
 * call of the signed-in provider passes it) and spoils a share of the
 * requests. A customer keeps replying to the café's post; Resonanz syncs
 * with the context's sync, answers each reply with a key and sends a post
 * through the outbox each round. Failures must reach the user as
 * translated RZ_NET_ERRORs. When the faults stop, Resonanz catches up:
 * every reply stored once, every answer and post exactly once in the
 * café's repository, which the test reads from the PDS directly. */

#define N_ROUNDS 6
#define N_PER_ROUND 3
#define N_CATCH_UP_ROUNDS 6
#define QUESTIONS "Frage % von heute?"
#define REPLY_TEXT "Danke für die Frage! Ja, jeden Tag."

static const char *pds_url;
static const char *control_url;
static char *appview;
static SoupSession *raw_session;

typedef struct {
  char *did;
  char *handle;
  char *access;
  char *app_password;
} Account;

static void
account_free (Account *account)
{
  g_free (account->did);
  g_free (account->handle);
  g_free (account->access);
  g_free (account->app_password);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

/* --- the network, directly ------------------------------------------------ */

static JsonNode *
http (const char *method,
      const char *uri,
      const char *token,
      const char *body)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  if (strstr (uri, "/xrpc/app.bsky.") != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "atproto-proxy", appview);
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
  if (g_bytes_get_size (bytes) == 0)
    return json_node_new (JSON_NODE_NULL);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), NULL));
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
xrpc (const char *method,
      const char *nsid,
      const char *query,
      const char *token,
      const char *body)
{
  g_autofree char *uri = g_strdup_printf ("%s/xrpc/%s%s%s", pds_url, nsid,
                                          query != NULL ? "?" : "", query != NULL ? query : "");

  return http (method, uri, token, body);
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static Account *
create_account (const char *prefix)
{
  g_autofree char *label = g_strdup_printf ("%s%06x", prefix, g_random_int_range (0, 0xffffff));
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) app = NULL;
  Account *account = g_new0 (Account, 1);

  account->handle = g_strconcat (label, ".test", NULL);
  body = g_strdup_printf ("{\"handle\": \"%s\", \"email\": \"%s@example.com\", \"password\": \"main-%s-password\"}",
                          account->handle, label, label);
  created = xrpc ("POST", "com.atproto.server.createAccount", NULL, NULL, body);
  account->did = g_strdup (member (created, "did"));
  account->access = g_strdup (member (created, "accessJwt"));
  app = xrpc ("POST", "com.atproto.server.createAppPassword", NULL, account->access, "{\"name\": \"Resonanz\"}");
  account->app_password = g_strdup (member (app, "password"));
  return account;
}

static void
settle (void)
{
  g_autofree char *uri = g_strconcat (control_url, "/process-all", NULL);

  json_node_unref (http ("POST", uri, NULL, NULL));
}

/* A post of @author; a reply to @parent_uri when given. */
static char *
create_post (Account    *author,
             const char *text,
             const char *parent_uri,
             const char *parent_cid,
             char      **cid)
{
  g_autofree char *created_at = rz_bluesky_format_datetime (g_get_real_time ());
  g_autofree char *reply = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) created = NULL;

  if (parent_uri != NULL)
    reply = g_strdup_printf (", \"reply\": {\"root\": {\"uri\": \"%s\", \"cid\": \"%s\"},"
                             " \"parent\": {\"uri\": \"%s\", \"cid\": \"%s\"}}",
                             parent_uri, parent_cid, parent_uri, parent_cid);
  body = g_strdup_printf ("{\"repo\": \"%s\", \"collection\": \"app.bsky.feed.post\","
                          " \"record\": {\"$type\": \"app.bsky.feed.post\", \"text\": \"%s\","
                          " \"createdAt\": \"%s\"%s}}",
                          author->did, text, created_at, reply != NULL ? reply : "");
  created = xrpc ("POST", "com.atproto.repo.createRecord", NULL, author->access, body);
  if (cid != NULL)
    *cid = g_strdup (member (created, "cid"));
  return g_strdup (member (created, "uri"));
}

/* The café's posts in its repository, by text; replies counted per
 * parent. Pages through all of them. */
static void
read_repository (Account    *account,
                 GHashTable *posts,
                 GHashTable *replies)
{
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *query = NULL;
      g_autoptr(JsonNode) listed = NULL;
      JsonArray *records;

      query = g_strdup_printf ("repo=%s&collection=app.bsky.feed.post&limit=100%s%s", account->did,
                               cursor != NULL ? "&cursor=" : "", cursor != NULL ? cursor : "");
      listed = xrpc ("GET", "com.atproto.repo.listRecords", query, NULL, NULL);
      records = json_object_get_array_member (json_node_get_object (listed), "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *value = json_object_get_object_member (json_array_get_object_element (records, i), "value");
          const char *key = json_object_get_string_member (value, "text");
          GHashTable *table = posts;

          if (json_object_has_member (value, "reply"))
            {
              key = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (value, "reply"),
                                                                                  "parent"), "uri");
              table = replies;
            }
          g_hash_table_replace (table, g_strdup (key),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) + 1));
        }
      g_free (cursor);
      cursor = json_array_get_length (records) > 0 &&
               json_object_has_member (json_node_get_object (listed), "cursor")
               ? g_strdup (json_object_get_string_member (json_node_get_object (listed), "cursor")) : NULL;
    }
  while (cursor != NULL);
}

/* --- Resonanz behind the proxy ------------------------------------------- */

typedef struct {
  FaultHarness harness;
  Account     *cafe;
  Account     *kunde;
  char        *own_uri;
  char        *own_cid;
  GPtrArray   *question_uris;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FaultHarness *harness = &fixture->harness;
  const char * const options[] = { "--rewrite", "--rate", "0.3", "--stall", "4", "--latency", "0.4", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  RzProvider *provider;

  fixture->question_uris = g_ptr_array_new_with_free_func (g_free);
  fault_harness_init (harness, "rz-faults-bsky-XXXXXX");

  fixture->cafe = create_account ("cafe");
  fixture->kunde = create_account ("kunde");
  fixture->own_uri = create_post (fixture->cafe, "Frische Brezeln ab 7 Uhr!", NULL, NULL, &fixture->own_cid);
  settle ();
  fault_harness_start_proxy (harness, pds_url, options);
  fault_harness_open (harness, "bluesky", fixture->cafe->handle, 100, 3);

  /* Signing in is not what is tested here: through the proxy, faults off.
   * The DID document names the proxy as the PDS, so the provider stays
   * behind it. */
  fault_harness_signal_proxy (harness, SIGUSR1);
  provider = rz_bluesky_provider_new (rz_context_get_http_client (harness->context), harness->proxy_url,
                                      fixture->cafe->handle);
  rz_bluesky_provider_set_appview (RZ_BLUESKY_PROVIDER (provider), appview);
  rz_provider_sign_in_async (provider, fixture->cafe->app_password, NULL, rz_test_store_result, &signed_in);
  remote = rz_provider_sign_in_finish (provider, rz_test_wait_for (&signed_in), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_bluesky_provider_get_pds_url (RZ_BLUESKY_PROVIDER (provider)), ==, harness->proxy_url);
  fault_harness_set_provider (harness, provider);
  fault_harness_signal_proxy (harness, SIGUSR2);

  fault_harness_add_outbox (harness);
  rz_outbox_start (harness->outbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fault_harness_tear_down (&fixture->harness);
  g_free (fixture->own_uri);
  g_free (fixture->own_cid);
  account_free (fixture->cafe);
  account_free (fixture->kunde);
  g_ptr_array_unref (fixture->question_uris);
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  FaultHarness *harness = &fixture->harness;
  g_autoptr(GHashTable) posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_left = 1;
  guint n_question = 0;

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      for (guint i = 0; i < N_PER_ROUND; i++)
        {
          g_autofree char *text = g_strdup_printf ("Frage %u von heute?", ++n_question);

          g_ptr_array_add (fixture->question_uris,
                           create_post (fixture->kunde, text, fixture->own_uri, fixture->own_cid, NULL));
        }
      settle ();
      fault_harness_sync (harness);
      fault_harness_answer_all (harness, QUESTIONS, REPLY_TEXT);
      fault_harness_queue_post (harness, "bluesky");
      fault_harness_send_outbox (harness);
    }

  fault_harness_signal_proxy (harness, SIGUSR1);
  for (guint round = 0; round < N_CATCH_UP_ROUNDS && n_left > 0; round++)
    {
      settle ();
      fault_harness_sync (harness);
      n_left = fault_harness_answer_all (harness, QUESTIONS, REPLY_TEXT) + fault_harness_send_outbox (harness);
      if ((guint) fault_harness_query_int (harness, "SELECT count(*) FROM comments WHERE text LIKE 'Frage % von heute?'")
          < fixture->question_uris->len)
        n_left++;
    }
  g_assert_cmpuint (n_left, ==, 0);

  /* The database: every question once, every answer and post sent. */
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments WHERE text LIKE 'Frage % von heute?'"),
                   ==, fixture->question_uris->len);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments"), ==,
                   fault_harness_query_int (harness, "SELECT count(DISTINCT remote_id) FROM comments"));
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM posts WHERE state != 'posted'"), ==, 0);

  /* The repository: each answer and each post exactly once. */
  read_repository (fixture->cafe, posts, replies);
  for (guint i = 0; i < fixture->question_uris->len; i++)
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (replies, fixture->question_uris->pdata[i]));

      if (n != 1)
        g_error ("%s has %u answers in the repository", (const char *) fixture->question_uris->pdata[i], n);
    }
  g_assert_cmpuint (g_hash_table_size (replies), ==, fixture->question_uris->len);
  for (guint i = 1; i <= harness->n_posts; i++)
    {
      g_autofree char *text = g_strdup_printf (FAULT_POST_TEXT, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (posts, text));

      if (n != 1)
        g_error ("“%s” is %u times in the repository", text, n);
    }

  fault_harness_report (harness, "Bluesky", fixture->question_uris->len, fixture->question_uris->len,
                        harness->n_posts, 10, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  pds_url = g_getenv ("RZ_ATPROTO_PDS_URL");
  control_url = g_getenv ("RZ_ATPROTO_CONTROL_URL");
  if (pds_url == NULL || control_url == NULL || g_getenv ("RZ_ATPROTO_APPVIEW_DID") == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh atproto\n");
      return 1;
    }
  appview = g_strconcat (g_getenv ("RZ_ATPROTO_APPVIEW_DID"), "#bsky_appview", NULL);
  raw_session = soup_session_new ();

  g_test_add ("/rz/faults/bluesky", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);

  {
    int status = g_test_run ();

    g_object_unref (raw_session);
    g_free (appview);
    return status;
  }
}
