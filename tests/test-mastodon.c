/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-mastodon-json.h"
#include "rz-mastodon-provider.h"
#include "rz-mastodon-sign-in.h"
#include "rz-net-error.h"
#include "rz-test-async.h"

#define ALL_SCOPES "read:accounts read:notifications read:statuses write:statuses write:media"

typedef struct {
  MastodonContractServer *server;
  RzHttpClient           *client;
  RzMastodonProvider     *provider;
  char                   *token;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = mastodon_contract_server_new ();
  fixture->client = rz_http_client_new ();
  rz_http_client_set_retry_policy (fixture->client, 3, 10);
  fixture->token = mastodon_contract_server_create_token (fixture->server, ALL_SCOPES);
  fixture->provider = rz_mastodon_provider_new (fixture->client, mastodon_contract_server_get_url (fixture->server));
  rz_mastodon_provider_set_credentials (fixture->provider, fixture->token, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->client);
  mastodon_contract_server_free (fixture->server);
  g_free (fixture->token);
}

static RzRemoteAccount *
who_am_i (RzProvider  *provider,
          GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_who_am_i_async (provider, NULL, rz_test_store_result, &result);
  return rz_provider_who_am_i_finish (provider, rz_test_wait_for (&result), error);
}

static GPtrArray *
fetch_inbox (RzProvider  *provider,
             const char  *cursor,
             char       **new_cursor,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_fetch_inbox_async (provider, cursor, NULL, rz_test_store_result, &result);
  return rz_provider_fetch_inbox_finish (provider, rz_test_wait_for (&result), new_cursor, error);
}

static RzPostResult *
reply (RzProvider  *provider,
       const char  *parent,
       const char  *text,
       const char  *key,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_reply_async (provider, parent, text, NULL, key, NULL, rz_test_store_result, &result);
  return rz_provider_reply_finish (provider, rz_test_wait_for (&result), error);
}

static JsonObject *
posted (Fixture    *fixture,
        guint       index,
        JsonParser *parser)
{
  g_autofree char *json = mastodon_contract_server_dup_posted (fixture->server, index);

  g_assert_nonnull (json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* --- JSON ---------------------------------------------------------------- */

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_json_notifications (void)
{
  /* The sample of docs.joinmastodon.org/methods/notifications, filled in. */
  g_autoptr(JsonNode) node = parse (
    "[{\"id\":\"34975861\",\"type\":\"mention\",\"created_at\":\"2019-11-23T07:49:02.064Z\","
    "  \"account\":{\"id\":\"971724\",\"username\":\"zsc\",\"acct\":\"zsc\"},"
    "  \"status\":{\"id\":\"103186126728896492\",\"created_at\":\"2019-11-23T07:49:01.940Z\","
    "    \"in_reply_to_id\":\"103186038209478945\",\"in_reply_to_account_id\":\"14715\","
    "    \"spoiler_text\":\"\",\"visibility\":\"public\",\"url\":\"https://mastodon.social/@zsc/103186126728896492\","
    "    \"content\":\"<p><span class=\\\"h-card\\\"><a href=\\\"https://mastodon.social/@trwnh\\\" class=\\\"u-url mention\\\">@<span>trwnh</span></a></span> sup!</p>\","
    "    \"account\":{\"id\":\"971724\",\"username\":\"zsc\",\"acct\":\"zsc\",\"display_name\":\"\"}}},"
    " {\"id\":\"34975535\",\"type\":\"favourite\",\"created_at\":\"2019-11-23T07:29:18.903Z\","
    "  \"account\":{\"id\":\"297420\",\"username\":\"haskal\",\"acct\":\"haskal@cybre.space\"},"
    "  \"status\":{\"id\":\"103186046267791694\",\"content\":\"<p>x</p>\",\"account\":{\"id\":\"14715\",\"acct\":\"trwnh\"}}},"
    " {\"id\":\"34975500\",\"type\":\"mention\",\"created_at\":\"2019-11-23T07:00:00.000Z\","
    "  \"account\":{\"id\":\"5\",\"username\":\"anna\",\"acct\":\"anna@remote.example\"},"
    "  \"status\":{\"id\":\"103186000000000000\",\"created_at\":\"2019-11-23T07:00:00.000Z\",\"in_reply_to_id\":null,"
    "    \"spoiler_text\":\"Kritik\",\"url\":null,\"uri\":\"https://remote.example/users/anna/statuses/1\","
    "    \"content\":\"<p>Zu teuer &amp; zu kalt.</p>\","
    "    \"account\":{\"id\":\"5\",\"username\":\"anna\",\"acct\":\"anna@remote.example\",\"display_name\":\"Anna K.\"}}},"
    " {\"id\":\"34975400\",\"type\":\"mention\",\"created_at\":\"2019-11-23T06:00:00.000Z\","
    "  \"account\":{\"id\":\"6\",\"acct\":\"gone\"},\"status\":null}]");
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *newest = NULL;
  g_autoptr(GError) error = NULL;
  RzComment *first;
  RzComment *second;

  comments = rz_mastodon_json_parse_notifications (node, "mastodon.social", &newest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newest, ==, "34975861");
  g_assert_cmpuint (comments->len, ==, 2);

  /* Oldest first. */
  first = g_ptr_array_index (comments, 0);
  second = g_ptr_array_index (comments, 1);
  g_assert_cmpstr (rz_comment_get_remote_id (first), ==, "103186000000000000");
  g_assert_cmpstr (rz_comment_get_author (first), ==, "Anna K.");
  g_assert_cmpstr (rz_comment_get_author_handle (first), ==, "@anna@remote.example");
  g_assert_cmpstr (rz_comment_get_text (first), ==, "Zu teuer & zu kalt.");
  g_assert_cmpstr (rz_comment_get_context (first), ==, "Kritik");
  g_assert_cmpstr (rz_comment_get_url (first), ==, "https://remote.example/users/anna/statuses/1");
  g_assert_null (rz_comment_get_parent_remote_id (first));

  g_assert_cmpstr (rz_comment_get_channel (second), ==, "mastodon");
  g_assert_cmpstr (rz_comment_get_author (second), ==, "zsc");
  g_assert_cmpstr (rz_comment_get_author_handle (second), ==, "@zsc@mastodon.social");
  g_assert_cmpstr (rz_comment_get_text (second), ==, "@trwnh sup!");
  g_assert_cmpstr (rz_comment_get_parent_remote_id (second), ==, "103186038209478945");
  g_assert_cmpint (rz_comment_get_created_at (second), ==, 1574495341);
  g_assert_null (rz_comment_get_context (second));
}

static void
test_json_invalid (void)
{
  static const char * const documents[] = {
    "{\"error\":\"x\"}",
    "[1, 2]",
    "[{\"type\":\"mention\"}]",
    "[{\"id\":\"1\",\"type\":\"mention\",\"status\":{\"id\":\"2\",\"content\":\"x\"}}]",
    "[{\"id\":\"1\",\"type\":\"mention\",\"status\":{\"id\":2,\"account\":{\"acct\":\"a\"}}}]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) node = parse (documents[i]);
      g_autoptr(GPtrArray) comments = NULL;
      g_autofree char *newest = NULL;
      g_autoptr(GError) error = NULL;

      comments = rz_mastodon_json_parse_notifications (node, "x.example", &newest, &error);
      g_assert_null (comments);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
    }
}

static void
test_json_ids (void)
{
  g_assert_cmpint (rz_mastodon_compare_ids ("9", "10"), <, 0);
  g_assert_cmpint (rz_mastodon_compare_ids ("110000000000000001", "99999999999999999"), >, 0);
  g_assert_cmpint (rz_mastodon_compare_ids ("42", "42"), ==, 0);
  g_assert_cmpint (rz_mastodon_compare_ids ("007", "7"), ==, 0);
  g_assert_cmpint (rz_mastodon_compare_ids ("1", NULL), >, 0);
  g_assert_cmpint (rz_mastodon_compare_ids (NULL, NULL), ==, 0);
}

static void
test_normalize_server (void)
{
  static const struct {
    const char *input;
    const char *server;
    int         code;
  } cases[] = {
    { "Social.Example", "https://social.example", 0 },
    { "  social.example  ", "https://social.example", 0 },
    { "https://social.example/about", "https://social.example", 0 },
    { "https://social.example:443/", "https://social.example", 0 },
    { "social.example:8443", "https://social.example:8443", 0 },
    { "@cafe@social.example", "https://social.example", 0 },
    { "cafe@social.example", "https://social.example", 0 },
    { "bücher.example", "https://xn--bcher-kva.example", 0 },
    { "http://127.0.0.1:3000", "http://127.0.0.1:3000", 0 },
    { "http://social.example", NULL, RZ_NET_ERROR_INSECURE_URL },
    { "", NULL, RZ_NET_ERROR_INVALID_URL },
    { "https://", NULL, RZ_NET_ERROR_INVALID_URL },
    { "social example", NULL, RZ_NET_ERROR_INVALID_URL },
    { "ftp://social.example", NULL, RZ_NET_ERROR_INVALID_URL },
    { "https://user:pw@social.example", NULL, RZ_NET_ERROR_INVALID_URL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *server = rz_mastodon_normalize_server (cases[i].input, &error);

      g_test_message ("input: %s", cases[i].input);
      g_assert_cmpstr (server, ==, cases[i].server);
      if (cases[i].server == NULL)
        {
          g_assert_error (error, RZ_NET_ERROR, cases[i].code);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        g_assert_no_error (error);
    }
}

static void
test_reply_text (void)
{
  static const struct {
    const char *text;
    const char *acct;
    const char *expected;
  } cases[] = {
    { "Danke!", "anna@remote.example", "@anna@remote.example Danke!" },
    { "Danke!", "bo", "@bo Danke!" },
    { "Hallo @anna@remote.example, danke!", "anna@remote.example", "Hallo @anna@remote.example, danke!" },
    { "@Anna@Remote.Example danke", "anna@remote.example", "@Anna@Remote.Example danke" },
    /* "@anna" alone could be another Anna on our server. */
    { "@anna danke", "anna@remote.example", "@anna@remote.example @anna danke" },
    { "@bob danke", "bo", "@bo @bob danke" },
    { "mail@bo danke", "bo", "@bo mail@bo danke" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rz_mastodon_build_reply_text (cases[i].text, cases[i].acct);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* --- provider against the contract server -------------------------------- */

static void
test_who_am_i (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = who_am_i (RZ_PROVIDER (fixture->provider), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->id, ==, "1");
  g_assert_cmpstr (account->handle, ==, "@laden@127.0.0.1");
  g_assert_cmpstr (account->display_name, ==, "Café Laden");
  g_assert_cmpstr (rz_provider_get_channel (RZ_PROVIDER (fixture->provider)), ==, "mastodon");
  g_assert_cmpstr (rz_provider_get_network_name (RZ_PROVIDER (fixture->provider)), ==, "Mastodon");
}

static void
test_capabilities (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(RzProviderCapabilities) capabilities = NULL;
  g_autoptr(RzProviderCapabilities) cached = NULL;
  g_autoptr(GError) error = NULL;

  mastodon_contract_server_set_max_characters (fixture->server, 1000);
  rz_provider_get_capabilities_async (RZ_PROVIDER (fixture->provider), NULL, rz_test_store_result, &result);
  capabilities = rz_provider_get_capabilities_finish (RZ_PROVIDER (fixture->provider), rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (capabilities->max_length, ==, 1000);
  g_assert_cmpuint (capabilities->url_length, ==, 23);
  g_assert_cmpint (capabilities->counting, ==, RZ_TEXT_COUNTING_MASTODON);
  g_assert_cmpuint (capabilities->max_media, ==, 4);
  g_assert_true (capabilities->features & RZ_PROVIDER_FEATURE_REPLY);
  g_assert_true (capabilities->features & RZ_PROVIDER_FEATURE_VISIBILITY);
  g_assert_false (capabilities->features & RZ_PROVIDER_FEATURE_HIDE);

  /* Asked once per provider. */
  rz_provider_get_capabilities_async (RZ_PROVIDER (fixture->provider), NULL, rz_test_store_result, &again);
  cached = rz_provider_get_capabilities_finish (RZ_PROVIDER (fixture->provider), rz_test_wait_for (&again), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->max_length, ==, 1000);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v2/instance"), ==, 1);
}

static void
assert_ascending (GPtrArray *comments)
{
  for (guint i = 1; i < comments->len; i++)
    g_assert_cmpint (rz_mastodon_compare_ids (rz_comment_get_remote_id (g_ptr_array_index (comments, i - 1)),
                                              rz_comment_get_remote_id (g_ptr_array_index (comments, i))), <, 0);
}

static void
test_inbox (Fixture       *fixture,
            gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  g_autofree char *post = mastodon_contract_server_add_own_status (fixture->server, "Neue Öffnungszeiten!", "public");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autofree char *cursor3 = NULL;
  g_autoptr(GError) error = NULL;
  RzComment *comment;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *html = g_strdup_printf ("<p><span class=\"h-card\"><a href=\"%s/@laden\" class=\"u-url mention\">@<span>laden</span></a></span> Frage %u &amp; Antwort?</p>",
                                               mastodon_contract_server_get_url (fixture->server), i);
      g_autofree char *id = mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna K.",
                                                                 html, post, "public");
      g_autofree char *favourite = mastodon_contract_server_add_notification (fixture->server, "favourite",
                                                                              "bo@other.example", post);
    }

  first = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 5);
  assert_ascending (first);
  comment = g_ptr_array_index (first, 0);
  g_assert_cmpstr (rz_comment_get_text (comment), ==, "@laden Frage 0 & Antwort?");
  g_assert_cmpstr (rz_comment_get_author (comment), ==, "Anna K.");
  g_assert_cmpstr (rz_comment_get_author_handle (comment), ==, "@anna@remote.example");
  g_assert_cmpstr (rz_comment_get_parent_remote_id (comment), ==, post);
  g_assert_true (g_str_has_prefix (rz_comment_get_url (comment), "https://remote.example/@anna/"));
  g_assert_cmpint (rz_comment_get_created_at (comment), >, 1700000000);
  g_assert_nonnull (cursor);

  /* Only what came since. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = mastodon_contract_server_add_status (fixture->server, "bo", "Bo", "<p>Später</p>",
                                                                 NULL, "public");
    }
  second = fetch_inbox (provider, cursor, &cursor2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 3);
  g_assert_cmpstr (rz_comment_get_author_handle (g_ptr_array_index (second, 0)), ==, "@bo@127.0.0.1");
  g_assert_cmpint (rz_mastodon_compare_ids (cursor2, cursor), >, 0);

  empty = fetch_inbox (provider, cursor2, &cursor3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpstr (cursor3, ==, cursor2);
}

static void
test_inbox_pages (Fixture       *fixture,
                  gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  g_autofree char *start = mastodon_contract_server_add_status (fixture->server, "bo", "Bo", "<p>Start</p>", NULL, "public");
  g_autoptr(GPtrArray) initial = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) bounded = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autofree char *cursor3 = NULL;
  g_autofree char *cursor4 = NULL;
  g_autoptr(GError) error = NULL;
  guint requests;

  initial = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (initial->len, ==, 1);

  /* 200 new ones: three pages of at most 80, following rel="prev". */
  for (guint i = 0; i < 200; i++)
    g_free (mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna", "<p>Hallo</p>", NULL, "public"));
  requests = mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications");
  pages = fetch_inbox (provider, cursor, &cursor2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, 200);
  assert_ascending (pages);
  g_assert_cmpint (rz_mastodon_compare_ids (rz_comment_get_remote_id (g_ptr_array_index (pages, 0)), start), >, 0);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications") - requests, ==, 3);

  /* A long absence: one sync reads at most ten pages, the next the rest. */
  for (guint i = 0; i < 900; i++)
    g_free (mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna", "<p>Viel</p>", NULL, "public"));
  bounded = fetch_inbox (provider, cursor2, &cursor3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bounded->len, ==, 800);
  rest = fetch_inbox (provider, cursor3, &cursor4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, ==, 100);
  assert_ascending (rest);
  g_assert_cmpint (rz_mastodon_compare_ids (rz_comment_get_remote_id (g_ptr_array_index (rest, 0)),
                                            rz_comment_get_remote_id (g_ptr_array_index (bounded, 799))), >, 0);
}

static void
test_thread (Fixture       *fixture,
             gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  g_autofree char *post = mastodon_contract_server_add_own_status (fixture->server, "Kuchen des Tages: Apfel", "public");
  g_autofree char *question = mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna",
                                                                   "<p>Mit Sahne?</p>", post, "public");
  g_autofree char *answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RzPostResult) posted_reply = reply (provider, question, "Klar, mit Sahne!", NULL, &error);

    g_assert_no_error (error);
    answer = g_strdup (posted_reply->remote_id);
  }

  rz_provider_fetch_thread_async (provider, question, NULL, rz_test_store_result, &result);
  thread = rz_provider_fetch_thread_finish (provider, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 2);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 0)), ==, post);
  g_assert_cmpstr (rz_comment_get_text (g_ptr_array_index (thread, 0)), ==, "Kuchen des Tages: Apfel");
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 1)), ==, answer);

  rz_provider_fetch_thread_async (provider, "../../oauth/token", NULL, rz_test_store_result, &missing_result);
  missing = rz_provider_fetch_thread_finish (provider, rz_test_wait_for (&missing_result), &error);
  g_assert_null (missing);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
}

static void
test_reply_visibility (Fixture       *fixture,
                       gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  g_autofree char *direct = mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna",
                                                                 "<p>@laden geht das auch privat?</p>", NULL, "direct");
  g_autofree char *open = mastodon_contract_server_add_status (fixture->server, "bo", "Bo",
                                                               "<p>@laden wann offen?</p>", NULL, "unlisted");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RzPostResult) first = NULL;
  g_autoptr(RzPostResult) second = NULL;
  g_autoptr(RzPostResult) missing = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *status;

  first = reply (provider, direct, "Ja, gerne per Nachricht.", "key-direct", &error);
  g_assert_no_error (error);
  g_assert_nonnull (first->remote_id);
  g_assert_true (g_str_has_prefix (first->url, mastodon_contract_server_get_url (fixture->server)));

  status = posted (fixture, 0, parser);
  g_assert_cmpstr (json_object_get_string_member (status, "visibility"), ==, "direct");
  g_assert_cmpstr (json_object_get_string_member (status, "in_reply_to_id"), ==, direct);
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "@anna@remote.example Ja, gerne per Nachricht.");
  g_assert_cmpstr (json_object_get_string_member (status, "idempotency_key"), ==, "key-direct");

  second = reply (provider, open, "Ab 8 Uhr.", "key-open", &error);
  g_assert_no_error (error);
  status = posted (fixture, 1, parser);
  g_assert_cmpstr (json_object_get_string_member (status, "visibility"), ==, "unlisted");
  g_assert_cmpstr (json_object_get_string_member (status, "status"), ==, "@bo Ab 8 Uhr.");

  missing = reply (provider, "999999999", "Hallo?", "key-missing", &error);
  g_assert_null (missing);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 2);
}

/* The reply reaches the server, but its answer comes too late: the retry
 * with the same Idempotency-Key gets the same status, not a second one. */
static void
test_reply_once_after_timeout (Fixture       *fixture,
                               gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  g_autofree char *question = mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna",
                                                                   "<p>@laden Habt ihr Hafermilch?</p>", NULL, "public");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RzPostResult) result = NULL;
  g_autoptr(RzPostResult) again = NULL;
  g_autoptr(GError) error = NULL;

  rz_http_client_set_timeout (fixture->client, 1);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses", CONTRACT_FAULT_SLOW, 1, 2500);

  result = reply (provider, question, "Ja, immer!", key, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/statuses"), ==, 2);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (posted (fixture, 0, parser), "id"), ==, result->remote_id);

  /* After a crash the outbox sends it again with the stored key. */
  again = reply (provider, question, "Ja, immer!", key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, result->remote_id);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
}

static void
test_media (Fixture       *fixture,
            gconstpointer  data)
{
  RzProvider *provider = RZ_PROVIDER (fixture->provider);
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };
  g_autoptr(GBytes) image = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) text = g_bytes_new_static ("hallo", 5);
  g_autoptr(GAsyncResult) upload = NULL;
  g_autoptr(GAsyncResult) bad_upload = NULL;
  g_autoptr(GAsyncResult) post_result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RzPostResult) post = NULL;
  g_autofree char *media_id = NULL;
  g_autofree char *bad_id = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  const char *media_ids[2] = { NULL, NULL };
  JsonArray *ids;

  rz_provider_upload_media_async (provider, image, "image/png", "Ein Stück Apfelkuchen", NULL, rz_test_store_result, &upload);
  media_id = rz_provider_upload_media_finish (provider, rz_test_wait_for (&upload), &error);
  g_assert_no_error (error);
  g_assert_nonnull (media_id);

  media_ids[0] = media_id;
  rz_provider_post_async (provider, "Heute frisch!", media_ids, key, NULL, rz_test_store_result, &post_result);
  post = rz_provider_post_finish (provider, rz_test_wait_for (&post_result), &error);
  g_assert_no_error (error);
  ids = json_object_get_array_member (posted (fixture, 0, parser), "media_ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, media_id);

  rz_provider_upload_media_async (provider, text, "text/plain", NULL, NULL, rz_test_store_result, &bad_upload);
  bad_id = rz_provider_upload_media_finish (provider, rz_test_wait_for (&bad_upload), &error);
  g_assert_null (bad_id);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
}

static void
test_errors_through_provider (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RzMastodonProvider) revoked = rz_mastodon_provider_new (fixture->client,
                                                                    mastodon_contract_server_get_url (fixture->server));
  g_autoptr(RzMastodonProvider) signed_out = rz_mastodon_provider_new (fixture->client,
                                                                       mastodon_contract_server_get_url (fixture->server));
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  rz_mastodon_provider_set_credentials (revoked, "revoked-token-0815", NULL, NULL);
  account = who_am_i (RZ_PROVIDER (revoked), &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_null (strstr (error->message, "revoked-token-0815"));
  g_clear_error (&error);

  comments = fetch_inbox (RZ_PROVIDER (signed_out), NULL, &cursor, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_TRUNCATED_JSON, 1, 0);
  comments = fetch_inbox (RZ_PROVIDER (fixture->provider), NULL, &cursor, &error);
  g_assert_null (comments);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
  g_assert_null (cursor);
}

static void
test_secret_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RzMastodonProvider) restored = rz_mastodon_provider_new (fixture->client,
                                                                     mastodon_contract_server_get_url (fixture->server));
  g_autoptr(RzMastodonProvider) broken = rz_mastodon_provider_new (fixture->client,
                                                                   mastodon_contract_server_get_url (fixture->server));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) broken_result = NULL;
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(RzRemoteAccount) none = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GError) error = NULL;

  rz_mastodon_provider_set_credentials (fixture->provider, fixture->token, "client-id", "client-secret");
  secret = rz_provider_dup_secret (RZ_PROVIDER (fixture->provider));
  g_assert_nonnull (strstr (secret, fixture->token));

  rz_provider_sign_in_async (RZ_PROVIDER (restored), secret, NULL, rz_test_store_result, &result);
  account = rz_provider_sign_in_finish (RZ_PROVIDER (restored), rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->handle, ==, "@laden@127.0.0.1");
  g_assert_cmpstr (rz_mastodon_provider_get_account (restored)->id, ==, "1");

  rz_provider_sign_in_async (RZ_PROVIDER (broken), "not a secret", NULL, rz_test_store_result, &broken_result);
  none = rz_provider_sign_in_finish (RZ_PROVIDER (broken), rz_test_wait_for (&broken_result), &error);
  g_assert_null (none);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_null (rz_provider_dup_secret (RZ_PROVIDER (broken)));
}

/* --- sign-in ------------------------------------------------------------- */

static RzMastodonSignIn *
begin_sign_in (Fixture  *fixture,
               GError  **error)
{
  g_autoptr(RzMastodonSignIn) sign_in = rz_mastodon_sign_in_new (fixture->client,
                                                                 mastodon_contract_server_get_url (fixture->server));
  g_autoptr(GAsyncResult) result = NULL;

  rz_mastodon_sign_in_begin_async (sign_in, NULL, rz_test_store_result, &result);
  if (!rz_mastodon_sign_in_begin_finish (sign_in, rz_test_wait_for (&result), error))
    return NULL;

  return g_steal_pointer (&sign_in);
}

/* Plays the browser: opens @uri and follows the redirects, to our loopback
 * receiver or to the page with the code. Returns the last address. */
static char *
browse (const char *uri,
        guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, rz_test_store_result, &result);
  body = soup_session_send_and_read_finish (session, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);

  *status = soup_message_get_status (message);
  return g_uri_to_string (soup_message_get_uri (message));
}

static RzMastodonProvider *
complete_sign_in (RzMastodonSignIn  *sign_in,
                  const char        *pasted_code,
                  const char        *browse_uri,
                  guint             *browser_status,
                  GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_mastodon_sign_in_complete_async (sign_in, pasted_code, NULL, rz_test_store_result, &result);
  if (browse_uri != NULL)
    g_free (browse (browse_uri, browser_status));

  return rz_mastodon_sign_in_complete_finish (sign_in, rz_test_wait_for (&result), error);
}

static void
test_sign_in_loopback (Fixture       *fixture,
                       gconstpointer  data)
{
  gboolean pkce = GPOINTER_TO_INT (data);
  g_autoptr(RzMastodonSignIn) sign_in = NULL;
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;
  const char *uri;
  guint status = 0;

  mastodon_contract_server_set_pkce (fixture->server, pkce);
  sign_in = begin_sign_in (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rz_mastodon_sign_in_get_uses_pkce (sign_in), ==, pkce);
  g_assert_cmpstr (rz_mastodon_sign_in_get_server (sign_in), ==, mastodon_contract_server_get_url (fixture->server));

  uri = rz_mastodon_sign_in_get_authorize_uri (sign_in);
  g_assert_true (g_str_has_prefix (uri, mastodon_contract_server_get_url (fixture->server)));
  g_assert_nonnull (strstr (uri, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
  g_assert_nonnull (strstr (uri, "&state="));
  g_assert_cmpint (strstr (uri, "code_challenge_method=S256") != NULL, ==, pkce);

  provider = complete_sign_in (sign_in, NULL, uri, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (rz_mastodon_provider_get_account (provider)->handle, ==, "@laden@127.0.0.1");

  secret = rz_provider_dup_secret (RZ_PROVIDER (provider));
  g_assert_nonnull (strstr (secret, "access_token"));
  comments = fetch_inbox (RZ_PROVIDER (provider), NULL, &cursor, &error);
  g_assert_no_error (error);
}

static void
test_sign_in_wrong_state (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RzMastodonSignIn) sign_in = begin_sign_in (fixture, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(GRegex) port_regex = g_regex_new ("redirect_uri=http%3A%2F%2F127\\.0\\.0\\.1%3A([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *port = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *landed = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  g_assert_nonnull (sign_in);
  g_assert_true (g_regex_match (port_regex, rz_mastodon_sign_in_get_authorize_uri (sign_in), 0, &match));
  port = g_match_info_fetch (match, 1);

  rz_mastodon_sign_in_complete_async (sign_in, NULL, NULL, rz_test_store_result, &result);

  /* Another page sends a code with a state of its own: refused. */
  forged = g_strdup_printf ("http://127.0.0.1:%s/callback?code=forged&state=not-ours", port);
  landed = browse (forged, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&landed, g_free);
  landed = browse (forged, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_null (result);

  /* The real answer still goes through. */
  g_clear_pointer (&landed, g_free);
  landed = browse (rz_mastodon_sign_in_get_authorize_uri (sign_in), &status);
  g_assert_cmpuint (status, ==, 200);
  provider = rz_mastodon_sign_in_complete_finish (sign_in, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
}

static void
test_sign_in_pasted_code (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(RzMastodonSignIn) sign_in = begin_sign_in (fixture, NULL);
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(RzMastodonProvider) again = NULL;
  g_autoptr(RzMastodonProvider) garbage = NULL;
  g_autoptr(GUri) landed_uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *landed = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  g_assert_nonnull (sign_in);
  g_assert_nonnull (strstr (rz_mastodon_sign_in_get_manual_authorize_uri (sign_in),
                            "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob"));

  /* The server shows the code on a page; the user copies it. */
  landed = browse (rz_mastodon_sign_in_get_manual_authorize_uri (sign_in), &status);
  g_assert_cmpuint (status, ==, 200);
  landed_uri = g_uri_parse (landed, G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_path (landed_uri), ==, "/oauth/authorize/native");
  query = g_uri_parse_params (g_uri_get_query (landed_uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  code = g_strdup_printf ("  %s\n", (char *) g_hash_table_lookup (query, "code"));

  garbage = complete_sign_in (sign_in, "not a code", NULL, NULL, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_clear_error (&error);

  provider = complete_sign_in (sign_in, code, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_mastodon_provider_get_account (provider)->display_name, ==, "Café Laden");

  /* A code works once. */
  again = complete_sign_in (sign_in, code, NULL, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
}

static void
test_sign_in_denied (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RzMastodonSignIn) sign_in = begin_sign_in (fixture, NULL);
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  mastodon_contract_server_set_deny_authorization (fixture->server, TRUE);
  provider = complete_sign_in (sign_in, NULL, rz_mastodon_sign_in_get_authorize_uri (sign_in), &status, &error);
  g_assert_null (provider);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_sign_in_not_mastodon (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RzMastodonSignIn) insecure = rz_mastodon_sign_in_new (fixture->client, "http://social.example");
  g_autoptr(RzMastodonSignIn) nothing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rz_mastodon_sign_in_begin_async (insecure, NULL, rz_test_store_result, &result);
  g_assert_false (rz_mastodon_sign_in_begin_finish (insecure, rz_test_wait_for (&result), &error));
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INSECURE_URL);
  g_clear_error (&error);

  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v2/instance",
                                         CONTRACT_FAULT_MALFORMED_JSON, 1, 0);
  nothing = begin_sign_in (fixture, &error);
  g_assert_null (nothing);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/apps"), ==, 0);
}

/* --- the contract server is strict --------------------------------------- */

static RzHttpResponse *
send_raw (Fixture        *fixture,
          RzHttpRequest  *request,
          GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_http_client_send_async (fixture->client, request, NULL, rz_test_store_result, &result);
  return rz_http_client_send_finish (fixture->client, rz_test_wait_for (&result), error);
}

static RzHttpRequest *
raw_request (Fixture    *fixture,
             const char *method,
             const char *path)
{
  g_autofree char *uri = g_strconcat (mastodon_contract_server_get_url (fixture->server), path, NULL);

  return rz_http_request_new (method, uri);
}

static JsonObject *
register_app (Fixture    *fixture,
              const char *redirect_uris,
              JsonNode  **out_node)
{
  g_autoptr(RzHttpRequest) request = raw_request (fixture, "POST", "/api/v1/apps");
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  rz_http_request_add_form_field (request, "client_name", "Test");
  rz_http_request_add_form_field (request, "redirect_uris", redirect_uris);
  rz_http_request_add_form_field (request, "scopes", "read write");
  response = send_raw (fixture, request, &error);
  g_assert_no_error (error);
  *out_node = rz_http_response_parse_json (response, &error);
  g_assert_no_error (error);
  return json_node_get_object (*out_node);
}

static void
test_contract_strict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RzHttpRequest) bad_app = raw_request (fixture, "POST", "/api/v1/apps");
  g_autoptr(RzHttpRequest) wrong_type = raw_request (fixture, "POST", "/api/v1/statuses");
  g_autoptr(RzHttpRequest) no_token = raw_request (fixture, "GET", "/api/v1/notifications");
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("status=Hallo", 12);
  g_autoptr(JsonNode) app_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unknown_client = NULL;
  g_autofree char *wrong_redirect = NULL;
  g_autofree char *code_uri = NULL;
  JsonObject *app;
  guint status;

  /* Apps need an absolute redirect URI. */
  rz_http_request_add_form_field (bad_app, "client_name", "Test");
  rz_http_request_add_form_field (bad_app, "redirect_uris", "not a uri");
  response = send_raw (fixture, bad_app, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Redirect URI must be an absolute URI"));
  g_clear_error (&error);

  /* A body of another content type is not read: the status is blank. */
  rz_http_request_set_bearer_token (wrong_type, fixture->token);
  rz_http_request_set_body (wrong_type, "text/plain", body);
  response = send_raw (fixture, wrong_type, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_assert_nonnull (strstr (error->message, "Text can't be blank"));
  g_clear_error (&error);

  response = send_raw (fixture, no_token, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Unknown client and wrong redirect URI are refused, not redirected. */
  app = register_app (fixture, "https://app.example/callback", &app_node);
  unknown_client = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=nope&redirect_uri=https%%3A%%2F%%2Fapp.example%%2Fcallback",
                                    mastodon_contract_server_get_url (fixture->server));
  g_free (browse (unknown_client, &status));
  g_assert_cmpuint (status, ==, 401);
  wrong_redirect = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=%s&redirect_uri=https%%3A%%2F%%2Fevil.example%%2F",
                                    mastodon_contract_server_get_url (fixture->server),
                                    json_object_get_string_member (app, "client_id"));
  g_free (browse (wrong_redirect, &status));
  g_assert_cmpuint (status, ==, 400);
}

/* A code bound to a PKCE challenge needs the matching verifier. */
static void
test_contract_pkce (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) app_node = NULL;
  JsonObject *app = register_app (fixture, "urn:ietf:wg:oauth:2.0:oob", &app_node);
  const char *verifiers[] = { "wrong-verifier-wrong-verifier-wrong-verifier", NULL,
                              "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" };

  for (gsize i = 0; i < G_N_ELEMENTS (verifiers); i++)
    {
      g_autofree char *authorize = NULL;
      g_autofree char *landed = NULL;
      g_autoptr(GUri) landed_uri = NULL;
      g_autoptr(GHashTable) query = NULL;
      g_autoptr(RzHttpRequest) token = raw_request (fixture, "POST", "/oauth/token");
      g_autoptr(RzHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;
      guint status;

      authorize = g_strdup_printf ("%s/oauth/authorize?response_type=code&client_id=%s&redirect_uri=urn%%3Aietf%%3Awg%%3Aoauth%%3A2.0%%3Aoob"
                                   "&scope=read&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
                                   mastodon_contract_server_get_url (fixture->server),
                                   json_object_get_string_member (app, "client_id"));
      landed = browse (authorize, &status);
      g_assert_cmpuint (status, ==, 200);
      landed_uri = g_uri_parse (landed, G_URI_FLAGS_NONE, NULL);
      query = g_uri_parse_params (g_uri_get_query (landed_uri), -1, "&", G_URI_PARAMS_NONE, NULL);

      rz_http_request_add_form_field (token, "grant_type", "authorization_code");
      rz_http_request_add_form_field (token, "code", g_hash_table_lookup (query, "code"));
      rz_http_request_add_form_field (token, "client_id", json_object_get_string_member (app, "client_id"));
      rz_http_request_add_form_field (token, "client_secret", json_object_get_string_member (app, "client_secret"));
      rz_http_request_add_form_field (token, "redirect_uri", "urn:ietf:wg:oauth:2.0:oob");
      if (verifiers[i] != NULL)
        rz_http_request_add_form_field (token, "code_verifier", verifiers[i]);

      response = send_raw (fixture, token, &error);
      if (i < 2)
        {
          g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
          g_assert_nonnull (strstr (error->message, "authorization grant is invalid"));
        }
      else
        g_assert_no_error (error);
    }
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

  g_test_add_func ("/rz/net/mastodon/json/notifications", test_json_notifications);
  g_test_add_func ("/rz/net/mastodon/json/invalid", test_json_invalid);
  g_test_add_func ("/rz/net/mastodon/json/ids", test_json_ids);
  g_test_add_func ("/rz/net/mastodon/normalize-server", test_normalize_server);
  g_test_add_func ("/rz/net/mastodon/reply-text", test_reply_text);

#define ADD(path, func, data) \
  g_test_add ("/rz/net/mastodon/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("who-am-i", test_who_am_i, NULL);
  ADD ("capabilities", test_capabilities, NULL);
  ADD ("inbox", test_inbox, NULL);
  ADD ("inbox-pages", test_inbox_pages, NULL);
  ADD ("thread", test_thread, NULL);
  ADD ("reply-visibility", test_reply_visibility, NULL);
  ADD ("reply-once-after-timeout", test_reply_once_after_timeout, NULL);
  ADD ("media", test_media, NULL);
  ADD ("errors", test_errors_through_provider, NULL);
  ADD ("secret-round-trip", test_secret_round_trip, NULL);
  ADD ("sign-in/loopback-pkce", test_sign_in_loopback, GINT_TO_POINTER (TRUE));
  ADD ("sign-in/loopback-without-pkce", test_sign_in_loopback, GINT_TO_POINTER (FALSE));
  ADD ("sign-in/wrong-state", test_sign_in_wrong_state, NULL);
  ADD ("sign-in/pasted-code", test_sign_in_pasted_code, NULL);
  ADD ("sign-in/denied", test_sign_in_denied, NULL);
  ADD ("sign-in/not-mastodon", test_sign_in_not_mastodon, NULL);
  ADD ("contract/strict", test_contract_strict, NULL);
  ADD ("contract/pkce", test_contract_pkce, NULL);

#undef ADD

  return g_test_run ();
}
