/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-mastodon-sign-in.h"
#include "rz-net-error.h"
#include "rz-secret-store.h"
#include "rz-test-async.h"

/* The whole way of a new Mastodon account, as the Accounts page will walk
 * it: register the app, authorise in the browser (played by this test)
 * with the answer coming back to the loopback receiver, keep the token in
 * the real GNOME Keyring, sign in again from the keyring, fetch the
 * mentions and answer one, exactly once despite a timeout. Run it through
 * tests/run-with-keyring.sh, which afterwards checks that the token was
 * written nowhere but into the keyring. */

/* The browser: opens the authorisation page and follows its redirect to
 * the loopback receiver. */
static guint
browse (const char *uri)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, rz_test_store_result, &result);
  body = soup_session_send_and_read_finish (session, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_uri_get_path (soup_message_get_uri (message)), "/callback"));

  return soup_message_get_status (message);
}

static void
test_sign_in_to_reply (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  MastodonContractServer *server = mastodon_contract_server_new ();
  const char *url = mastodon_contract_server_get_url (server);
  g_autoptr(RzMastodonSignIn) sign_in = rz_mastodon_sign_in_new (client, url);
  g_autoptr(RzMastodonProvider) first = NULL;
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(GAsyncResult) begun = NULL;
  g_autoptr(GAsyncResult) completed = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) replied = NULL;
  g_autoptr(GAsyncResult) threaded = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(RzPostResult) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *post = NULL;
  g_autofree char *key = g_uuid_string_random ();
  RzComment *question;

  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "keyring") != 0)
    {
      /* Never near a real user's keyring. */
      g_test_skip ("needs tests/run-with-keyring.sh");
      mastodon_contract_server_free (server);
      return;
    }

  rz_http_client_set_retry_policy (client, 3, 50);
  rz_http_client_set_timeout (client, 2);

  /* 1. Register the app and start the loopback receiver. */
  rz_mastodon_sign_in_begin_async (sign_in, NULL, rz_test_store_result, &begun);
  g_assert_true (rz_mastodon_sign_in_begin_finish (sign_in, rz_test_wait_for (&begun), &error));
  g_assert_no_error (error);
  g_assert_true (rz_mastodon_sign_in_get_uses_pkce (sign_in));

  /* 2. The user approves in the browser, which comes back to us. */
  rz_mastodon_sign_in_complete_async (sign_in, NULL, NULL, rz_test_store_result, &completed);
  g_assert_cmpuint (browse (rz_mastodon_sign_in_get_authorize_uri (sign_in)), ==, 200);
  first = rz_mastodon_sign_in_complete_finish (sign_in, rz_test_wait_for (&completed), &error);
  g_assert_no_error (error);
  handle = g_strdup (rz_mastodon_provider_get_account (first)->handle);
  g_assert_cmpstr (handle, ==, "@laden@127.0.0.1");

  /* 3. The token goes into the keyring, and only there. */
  secret = rz_provider_dup_secret (RZ_PROVIDER (first));
  rz_secret_store_save_async ("mastodon", rz_mastodon_sign_in_get_server (sign_in), handle, secret,
                              NULL, rz_test_store_result, &saved);
  g_assert_true (rz_secret_store_save_finish (rz_test_wait_for (&saved), &error));
  g_assert_no_error (error);
  g_clear_object (&first);

  /* 4. Next start: from the keyring back to a signed-in provider. */
  rz_secret_store_lookup_async ("mastodon", rz_mastodon_sign_in_get_server (sign_in), handle,
                                NULL, rz_test_store_result, &looked_up);
  stored = rz_secret_store_lookup_finish (rz_test_wait_for (&looked_up), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, secret);

  provider = rz_mastodon_provider_new (client, rz_mastodon_sign_in_get_server (sign_in));
  rz_provider_sign_in_async (RZ_PROVIDER (provider), stored, NULL, rz_test_store_result, &signed_in);
  account = rz_provider_sign_in_finish (RZ_PROVIDER (provider), rz_test_wait_for (&signed_in), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->handle, ==, handle);

  /* 5. Customers answer a post; the inbox brings their comments. */
  post = mastodon_contract_server_add_own_status (server, "Ab Montag mit Frühstück!", "public");
  g_free (mastodon_contract_server_add_status (server, "anna@remote.example", "Anna K.",
                                               "<p>Auch vegan?</p>", post, "public"));
  g_free (mastodon_contract_server_add_status (server, "bo", "Bo",
                                               "<p>Ab wie viel Uhr?<br>Und am Sonntag?</p>", post, "direct"));

  rz_provider_fetch_inbox_async (RZ_PROVIDER (provider), NULL, NULL, rz_test_store_result, &fetched);
  comments = rz_provider_fetch_inbox_finish (RZ_PROVIDER (provider), rz_test_wait_for (&fetched), &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 2);
  question = g_ptr_array_index (comments, 1);
  g_assert_cmpstr (rz_comment_get_text (question), ==, "Ab wie viel Uhr?\nUnd am Sonntag?");
  g_assert_cmpstr (rz_comment_get_parent_remote_id (question), ==, post);

  /* 6. The answer: its first attempt times out after the server took it;
   * the retry with the same key must not post it again. */
  mastodon_contract_server_inject_fault (server, "POST", "/api/v1/statuses", CONTRACT_FAULT_SLOW, 1, 4000);
  rz_provider_reply_async (RZ_PROVIDER (provider), rz_comment_get_remote_id (question),
                           "Ab 7 Uhr, sonntags ab 9.", NULL, key, NULL, rz_test_store_result, &replied);
  reply = rz_provider_reply_finish (RZ_PROVIDER (provider), rz_test_wait_for (&replied), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mastodon_contract_server_count_posted (server), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (server, "POST", "/api/v1/statuses"), ==, 2);

  rz_provider_fetch_thread_async (RZ_PROVIDER (provider), rz_comment_get_remote_id (question),
                                  NULL, rz_test_store_result, &threaded);
  thread = rz_provider_fetch_thread_finish (RZ_PROVIDER (provider), rz_test_wait_for (&threaded), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 2);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 1)), ==, reply->remote_id);
  g_assert_cmpstr (rz_comment_get_text (g_ptr_array_index (thread, 1)), ==, "@bo Ab 7 Uhr, sonntags ab 9.");

  g_clear_object (&provider);
  g_clear_object (&sign_in);
  mastodon_contract_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is contacted; see test-mastodon.c. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* No G_TEST_OPTION_ISOLATE_DIRS: run-with-keyring.sh gives the test and
   * the keyring daemon one private set of directories, which it checks. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/net/mastodon/integration/sign-in-to-reply", test_sign_in_to_reply);

  return g_test_run ();
}
