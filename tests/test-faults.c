/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include "fault-harness.h"
#include "mastodon-contract-server.h"
#include "rz-mastodon-provider.h"

/* Faults on the wire: Resonanz talks to the Mastodon contract server
 * through servers/fault-proxy.py, which adds latency, resets connections,
 * drops answers after the server did the work, truncates bodies, stalls,
 * and answers 429 and bursts of 503. Round after round the test syncs,
 * answers every comment and queues a post, the way the app does (the
 * context's sync, the outbox, replies stored with their key before they go
 * out). Every failure must reach the user as a translated RZ_NET_ERROR.
 * Then the faults stop, the app catches up from where it stood, and the
 * server must hold every post and reply exactly once, the database every
 * comment exactly once. */

#define N_ROUNDS 24
#define N_CATCH_UP_ROUNDS 6
#define REPLY_TEXT "Ja, jeden Tag!"

typedef struct {
  FaultHarness            harness;
  MastodonContractServer *server;
  char                   *own_status;
  guint                   n_mentions;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  FaultHarness *harness = &fixture->harness;
  const char * const options[] = { "--rate", "0.35", "--stall", "1.5", "--latency", "0.3", NULL };
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autofree char *token = NULL;

  fixture->server = mastodon_contract_server_new ();
  token = mastodon_contract_server_create_token (fixture->server, "read write");
  fixture->own_status = mastodon_contract_server_add_own_status (fixture->server, "Frische Brezeln ab 7 Uhr!", "public");
  fault_harness_init (harness, "rz-faults-XXXXXX");
  fault_harness_start_proxy (harness, mastodon_contract_server_get_url (fixture->server), options);
  fault_harness_open (harness, "mastodon", "@laden@127.0.0.1", 50, 1);

  provider = rz_mastodon_provider_new (rz_context_get_http_client (harness->context), harness->proxy_url);
  rz_mastodon_provider_set_credentials (provider, token, NULL, NULL);
  fault_harness_set_provider (harness, RZ_PROVIDER (g_steal_pointer (&provider)));
  fault_harness_add_outbox (harness);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fault_harness_tear_down (&fixture->harness);
  mastodon_contract_server_free (fixture->server);
  g_free (fixture->own_status);
}

static void
add_mentions (Fixture *fixture,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *html = g_strdup_printf ("<p>@laden Frage %u: gibt es Dinkelbrot?</p>", ++fixture->n_mentions);

      g_free (mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna",
                                                   html, fixture->own_status, "public"));
    }
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  FaultHarness *harness = &fixture->harness;
  guint n_server_posts = 0;
  guint n_server_replies = 0;
  guint n_left = 1;
  guint round;

  rz_outbox_start (harness->outbox);

  for (round = 0; round < N_ROUNDS; round++)
    {
      add_mentions (fixture, 2);
      fault_harness_sync (harness);
      fault_harness_answer_all (harness, NULL, REPLY_TEXT);
      fault_harness_queue_post (harness, "mastodon");
      fault_harness_send_outbox (harness);
    }

  /* The network is good again: everything left must go through now,
   * resuming from what is stored. */
  fault_harness_signal_proxy (harness, SIGUSR1);
  for (round = 0; round < N_CATCH_UP_ROUNDS && n_left > 0; round++)
    {
      fault_harness_sync (harness);
      n_left = fault_harness_answer_all (harness, NULL, REPLY_TEXT) + fault_harness_send_outbox (harness);
    }
  g_assert_cmpuint (n_left, ==, 0);
  /* Nothing new after that: the cursor stands after the newest comment. */
  {
    guint n_requests_before = mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications");
    guint n_comments = fault_harness_query_int (harness, "SELECT count(*) FROM comments");

    fault_harness_sync (harness);
    g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments"), ==, n_comments);
    g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"),
                      ==, n_requests_before + 1);
  }

  /* The server: every post and reply exactly once. */
  for (guint i = 0; i < mastodon_contract_server_count_posted (fixture->server); i++)
    {
      g_autofree char *json = mastodon_contract_server_dup_posted (fixture->server, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *status;
      const char *text;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      status = json_node_get_object (json_parser_get_root (parser));
      text = json_object_get_string_member (status, "status");
      if (g_hash_table_contains (seen, text))
        g_error ("Posted twice: %s", text);
      g_hash_table_add (seen, g_strdup (text));
      if (json_object_get_null_member (status, "in_reply_to_id"))
        n_server_posts++;
      else
        n_server_replies++;
    }
  g_assert_cmpuint (n_server_posts, ==, harness->n_posts);
  g_assert_cmpuint (n_server_replies, ==, fixture->n_mentions);

  /* The database: every comment once, every reply and post sent. */
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM comments"), ==, fixture->n_mentions);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(DISTINCT remote_id) FROM comments"), ==, fixture->n_mentions);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM replies"), ==, fixture->n_mentions);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM replies WHERE state != 'sent'"), ==, 0);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM posts WHERE state != 'posted'"), ==, 0);
  g_assert_cmpint (fault_harness_query_int (harness, "SELECT count(*) FROM posts"), ==, harness->n_posts);

  /* The proxy's account of what it did. */
  /* The proxy's account of what it did; the run really was faulty, in
   * many ways. */
  fault_harness_report (harness, "Mastodon", fixture->n_mentions, n_server_replies, n_server_posts, 20, 5);
  g_assert_cmpuint (harness->n_told, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/rz/faults/sync-replies-posts", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);
  return g_test_run ();
}
