/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mastodon-contract-server.h"
#include "rz-account.h"
#include "rz-context.h"
#include "rz-draft.h"
#include "rz-database-private.h"
#include "rz-mastodon-provider.h"
#include "rz-net-error.h"
#include "rz-secret-store.h"
#include "rz-sync.h"
#include "rz-test-async.h"

/* The sync as the app runs it: RzContext as the host (database jobs, the
 * providers of the accounts) and RzSync fetching from Mastodon contract
 * servers on 127.0.0.1. Without a keyring the tests hand the context
 * signed-in providers; the /rz/sync/keyring/ tests need
 * tests/run-with-keyring.sh, the /rz/sync/no-keyring/ ones its
 * --no-keyring mode. */

typedef struct {
  MastodonContractServer *server;
  char                   *db_path;
  RzContext              *context;
  RzAccount              *account;
  guint                   data_changed;
} Fixture;

/* A fresh database path for each test: the keyring runs keep one set of
 * directories for the whole program. */
static char *
new_db_path (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("sync-%u-%d.db", ++n, (int) getpid ());

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static gint64
save_account (const char *db_path,
              const char *server_url,
              const char *handle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = rz_database_open (db_path, &error);
  g_autoptr(RzAccount) account = rz_account_new ();

  g_assert_no_error (error);
  rz_account_set_channel (account, "mastodon");
  rz_account_set_display_name (account, "Café Laden");
  rz_account_set_base_url (account, server_url);
  rz_account_set_handle (account, handle);
  g_assert_true (rz_database_save_account (db, account, &error));
  g_assert_no_error (error);
  return rz_account_get_id (account);
}

static RzContext *
open_context (const char *db_path)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  RzContext *context = rz_context_new (db_path);

  rz_http_client_set_retry_policy (rz_context_get_http_client (context), 2, 10);
  rz_http_client_set_timeout (rz_context_get_http_client (context), 5);
  rz_context_open_async (context, NULL, rz_test_store_result, &opened);
  g_assert_true (rz_context_open_finish (context, rz_test_wait_for (&opened), &error));
  g_assert_no_error (error);
  return context;
}

/* A provider signed in as @laden with a token of its server. */
static RzProvider *
new_provider (RzContext              *context,
              MastodonContractServer *server,
              const char             *token)
{
  g_autofree char *own_token = NULL;
  RzMastodonProvider *provider;

  if (token == NULL)
    token = own_token = mastodon_contract_server_create_token (server, "read write");

  provider = rz_mastodon_provider_new (rz_context_get_http_client (context),
                                       mastodon_contract_server_get_url (server));
  rz_mastodon_provider_set_credentials (provider, token, NULL, NULL);
  return RZ_PROVIDER (provider);
}

static RzAccount *
find_account (RzContext *context,
              gint64     id)
{
  RzAccount *account = rz_context_lookup_account (context, id);

  g_assert_nonnull (account);
  return account;
}

static void
count_data_changed (Fixture *fixture)
{
  fixture->data_changed++;
}

static void
record_progress (GString *progress,
                 guint    n_done,
                 guint    n_total)
{
  g_string_append_printf (progress, "%u/%u ", n_done, n_total);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RzProvider) provider = NULL;
  gint64 id;

  fixture->server = mastodon_contract_server_new ();
  fixture->db_path = new_db_path ();
  id = save_account (fixture->db_path, mastodon_contract_server_get_url (fixture->server), "@laden@127.0.0.1");
  fixture->context = open_context (fixture->db_path);
  fixture->account = g_object_ref (find_account (fixture->context, id));
  provider = new_provider (fixture->context, fixture->server, NULL);
  rz_context_set_provider_for_account (fixture->context, fixture->account, provider);
  g_signal_connect_swapped (fixture->context, "data-changed", G_CALLBACK (count_data_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->server, mastodon_contract_server_free);
  g_clear_pointer (&fixture->db_path, g_free);
}

static RzSyncReport *
run_sync (RzContext *context)
{
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;
  RzSyncReport *report;

  rz_context_sync_async (context, NULL, rz_test_store_result, &synced);
  report = rz_context_sync_finish (context, rz_test_wait_for (&synced), &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (rz_context_get_syncing (context));
  return report;
}

/* The first column of @sql's one row; ?1, if @sql has it, is @arg. */
static gint64
query_int64_with (RzContext  *context,
                  const char *sql,
                  gint64      arg)
{
  RzDatabase *db = rz_context_get_database (context);
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (db));
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gint64
query_int64 (RzContext  *context,
             const char *sql)
{
  return query_int64_with (context, sql, 0);
}

static gint64
count_comments_of (RzContext *context,
                   gint64     account_id)
{
  return query_int64_with (context, "SELECT count(*) FROM comments WHERE account_id = ?1", account_id);
}

static char *
stored_cursor (RzContext *context,
               gint64     account_id)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = rz_database_list_accounts (rz_context_get_database (context), FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < accounts->len; i++)
    if (rz_account_get_id (g_ptr_array_index (accounts, i)) == account_id)
      return g_strdup (rz_account_get_cursor (g_ptr_array_index (accounts, i)));
  g_assert_not_reached ();
}

static void
add_mentions (MastodonContractServer *server,
              guint                   n)
{
  g_autofree char *post = mastodon_contract_server_add_own_status (server, "Frische Brezeln ab 7 Uhr!", "public");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *html = g_strdup_printf ("<p>@laden Frage Nummer %u?</p>", i);

      g_free (mastodon_contract_server_add_status (server, "anna@remote.example", "Anna", html, post, "public"));
    }
}

static void
test_first_then_nothing_new (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RzSyncReport) first = NULL;
  g_autoptr(RzSyncReport) second = NULL;
  g_autoptr(RzSyncReport) third = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_after = NULL;

  add_mentions (fixture->server, 3);

  first = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_accounts (first), ==, 1);
  g_assert_cmpuint (rz_sync_report_get_n_new (first), ==, 3);
  g_assert_cmpuint (rz_sync_report_get_n_failed (first), ==, 0);
  g_assert_null (rz_sync_report_get_error (first, 0));
  summary = rz_sync_report_dup_summary (first);
  g_assert_cmpstr (summary, ==, "3 new comments from 1 account.");
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM comments"), ==, 3);
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM comments WHERE channel = 'mastodon'"
                                                  " AND text LIKE '%Frage Nummer%' AND state = 0"), ==, 3);
  g_assert_cmpuint (fixture->data_changed, ==, 1);

  /* The cursor went to the database and to the account. */
  cursor = stored_cursor (fixture->context, rz_account_get_id (fixture->account));
  g_assert_nonnull (cursor);
  g_assert_cmpstr (rz_account_get_cursor (fixture->account), ==, cursor);
  g_assert_cmpint (rz_account_get_status (fixture->account), ==, RZ_ACCOUNT_STATUS_CONNECTED);
  g_assert_cmpint (rz_account_get_synced_at (fixture->account), >, 0);

  /* Nothing new: nothing stored, and the views are left alone. */
  second = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_new (second), ==, 0);
  g_clear_pointer (&summary, g_free);
  summary = rz_sync_report_dup_summary (second);
  g_assert_cmpstr (summary, ==, "No new comments from 1 account.");
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM comments"), ==, 3);
  g_assert_cmpuint (fixture->data_changed, ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, 2);

  /* One more mention: exactly one more comment. */
  add_mentions (fixture->server, 1);
  third = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_new (third), ==, 1);
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM comments"), ==, 4);
  cursor_after = stored_cursor (fixture->context, rz_account_get_id (fixture->account));
  g_assert_cmpstr (cursor_after, !=, cursor);
}

static void
test_server_error_keeps_cursor (Fixture       *fixture,
                                gconstpointer  data)
{
  MastodonContractServer *other = mastodon_contract_server_new ();
  g_autoptr(RzProvider) other_provider = NULL;
  g_autoptr(RzSyncReport) first = NULL;
  g_autoptr(RzSyncReport) broken = NULL;
  g_autoptr(RzSyncReport) resumed = NULL;
  g_autoptr(RzContext) context = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(RzAccount) other_account = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_after = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GString) progress = g_string_new (NULL);
  const GError *error;
  gint64 other_id;
  guint first_index;

  /* Two accounts on two servers, this time. */
  other_id = save_account (fixture->db_path, mastodon_contract_server_get_url (other), "@laden@other");
  g_clear_object (&fixture->context);
  context = open_context (fixture->db_path);
  account = g_object_ref (find_account (context, rz_account_get_id (fixture->account)));
  other_account = g_object_ref (find_account (context, other_id));
  {
    g_autoptr(RzProvider) provider = new_provider (context, fixture->server, NULL);

    rz_context_set_provider_for_account (context, account, provider);
  }
  other_provider = new_provider (context, other, NULL);
  rz_context_set_provider_for_account (context, other_account, other_provider);

  add_mentions (fixture->server, 2);
  g_signal_connect_swapped (context, "sync-progress", G_CALLBACK (record_progress), progress);
  first = run_sync (context);
  g_assert_cmpuint (rz_sync_report_get_n_new (first), ==, 2);
  g_assert_cmpstr (progress->str, ==, "0/2 1/2 2/2 ");
  cursor = stored_cursor (context, rz_account_get_id (account));

  /* 100 news: two pages of 80 and 20. The second page fails on every
   * attempt, while the other server works. */
  add_mentions (fixture->server, 100);
  add_mentions (other, 1);
  mastodon_contract_server_inject_fault_after (fixture->server, "GET", "/api/v1/notifications",
                                               CONTRACT_FAULT_SERVER_ERROR, 1, 2, 0);
  broken = run_sync (context);
  g_assert_cmpuint (rz_sync_report_get_n_accounts (broken), ==, 2);
  g_assert_cmpuint (rz_sync_report_get_n_failed (broken), ==, 1);
  g_assert_cmpuint (rz_sync_report_get_n_new (broken), ==, 1);
  first_index = rz_sync_report_get_account (broken, 0) == account ? 0 : 1;
  error = rz_sync_report_get_error (broken, first_index);
  g_assert_error ((GError *) error, RZ_NET_ERROR, RZ_NET_ERROR_SERVER_ERROR);
  g_assert_null (rz_sync_report_get_error (broken, 1 - first_index));
  g_assert_cmpint (rz_account_get_status (account), ==, RZ_ACCOUNT_STATUS_UNREACHABLE);
  g_assert_cmpint (rz_account_get_status (other_account), ==, RZ_ACCOUNT_STATUS_CONNECTED);
  summary = rz_sync_report_dup_summary (broken);
  g_assert_true (g_str_has_prefix (summary, "1 new comment from 1 account.\n@laden@127.0.0.1: Mastodon has a problem"));

  /* Nothing of the failed account was stored, and its cursor stayed. */
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM comments WHERE account_id = 1"), ==, 2);
  cursor_after = stored_cursor (context, rz_account_get_id (account));
  g_assert_cmpstr (cursor_after, ==, cursor);
  g_assert_cmpstr (rz_account_get_cursor (account), ==, cursor);

  /* The next sync resumes there: all 100, none twice. */
  resumed = run_sync (context);
  g_assert_cmpuint (rz_sync_report_get_n_failed (resumed), ==, 0);
  g_assert_cmpuint (rz_sync_report_get_n_new (resumed), ==, 100);
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM comments"), ==, 103);
  g_assert_cmpint (query_int64 (context, "SELECT count(DISTINCT account_id || '/' || remote_id) FROM comments"), ==, 103);
  g_assert_cmpint (rz_account_get_status (account), ==, RZ_ACCOUNT_STATUS_CONNECTED);

  g_clear_object (&context);
  mastodon_contract_server_free (other);
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RzSyncReport) report = NULL;
  g_autofree char *summary = NULL;
  gint64 now = g_get_real_time ();
  gint64 wait_until;

  add_mentions (fixture->server, 2);
  rz_http_client_set_max_wait (rz_context_get_http_client (fixture->context), 1);
  mastodon_contract_server_inject_fault (fixture->server, "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_TOO_MANY_REQUESTS, 1, 600);

  report = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_failed (report), ==, 1);
  g_assert_error ((GError *) rz_sync_report_get_error (report, 0), RZ_NET_ERROR, RZ_NET_ERROR_RATE_LIMITED);

  /* Reported as a time to wait until, not as a failure to fix. */
  g_assert_cmpint (rz_account_get_status (fixture->account), ==, RZ_ACCOUNT_STATUS_RATE_LIMITED);
  wait_until = rz_account_get_wait_until (fixture->account);
  g_assert_cmpint (wait_until, >=, now + 590 * G_USEC_PER_SEC);
  g_assert_cmpint (wait_until, <=, g_get_real_time () + 610 * G_USEC_PER_SEC);
  summary = rz_sync_report_dup_summary (report);
  g_assert_nonnull (strstr (summary, "Waiting for Mastodon until "));
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM comments"), ==, 0);
  g_assert_null (stored_cursor (fixture->context, rz_account_get_id (fixture->account)));
}

static void
test_needs_sign_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RzProvider) revoked = new_provider (fixture->context, fixture->server, "revoked-token");
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(RzSyncReport) again = NULL;
  g_autoptr(RzContext) restarted = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autofree char *summary = NULL;
  guint requests;

  add_mentions (fixture->server, 1);
  rz_context_set_provider_for_account (fixture->context, fixture->account, revoked);

  report = run_sync (fixture->context);
  g_assert_error ((GError *) rz_sync_report_get_error (report, 0), RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_cmpint (rz_account_get_status (fixture->account), ==, RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN);
  summary = rz_sync_report_dup_summary (report);
  g_assert_cmpstr (summary, ==, "1 account needs to be signed in again: @laden@127.0.0.1");

  /* Not asked again with a refused sign-in. */
  requests = mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications");
  again = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_failed (again), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "GET", "/api/v1/notifications"), ==, requests);

  /* And the next start still knows, once the state is written. */
  while (query_int64 (fixture->context, "SELECT count(*) FROM accounts WHERE state = 'needs-sign-in'") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&fixture->account);
  g_clear_object (&fixture->context);
  restarted = open_context (fixture->db_path);
  account = g_list_model_get_item (rz_context_get_accounts (restarted), 0);
  g_assert_cmpint (rz_account_get_status (account), ==, RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN);
}

static void
test_no_accounts (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(RzContext) context = open_context (path);
  g_autoptr(RzSyncReport) report = run_sync (context);
  g_autofree char *summary = rz_sync_report_dup_summary (report);

  g_assert_cmpuint (rz_sync_report_get_n_accounts (report), ==, 0);
  g_assert_cmpstr (summary, ==, "No accounts are connected yet.");
}

/* Accounts are fetched side by side: while one server takes its time,
 * the others' comments come in and are stored. Fetched one after the
 * other, the third account's comments could only be stored after the
 * first's, as the database stores in the order it is given. */
static void
test_accounts_at_once (void)
{
  g_autofree char *path = new_db_path ();
  g_autoptr(RzContext) context = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  MastodonContractServer *servers[3];
  gint64 ids[3];

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      servers[i] = mastodon_contract_server_new ();
      ids[i] = save_account (path, mastodon_contract_server_get_url (servers[i]), "@laden@127.0.0.1");
      add_mentions (servers[i], 3);
    }
  /* Within the client's 5 s timeout, so it is answered, not retried. */
  mastodon_contract_server_inject_fault (servers[0], "GET", "/api/v1/notifications",
                                         CONTRACT_FAULT_SLOW, 1, 4000);

  context = open_context (path);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(RzProvider) provider = new_provider (context, servers[i], NULL);

      rz_context_set_provider_for_account (context, find_account (context, ids[i]), provider);
    }

  rz_context_sync_async (context, NULL, rz_test_store_result, &synced);
  while (count_comments_of (context, ids[2]) < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (count_comments_of (context, ids[0]), ==, 0);
  g_assert_null (synced);
  g_assert_true (rz_context_get_syncing (context));

  /* The slow one still arrives, and the report keeps the accounts' order. */
  report = rz_context_sync_finish (context, rz_test_wait_for (&synced), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_sync_report_get_n_accounts (report), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_assert_cmpint (rz_account_get_id (rz_sync_report_get_account (report, i)), ==, ids[i]);
      g_assert_cmpuint (rz_sync_report_get_n_new_for (report, i), ==, 3);
      g_assert_null (rz_sync_report_get_error (report, i));
    }
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM comments"), ==, 9);

  g_clear_object (&context);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    mastodon_contract_server_free (servers[i]);
}

/* The reply pane's way of sending, step by step: the reply and its key
 * are stored first; an attempt whose answer is lost (timeout) fails; the
 * retry finds the same key, and the server posts the answer once. */
static void
test_reply_retry_posts_once (Fixture       *fixture,
                             gconstpointer  data)
{
  RzDatabase *db = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(GAsyncResult) provided = NULL;
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(RzPostResult) post = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *retry_key = NULL;
  g_autofree char *posted = NULL;
  RzComment *comment;
  gint64 reply_id = 0;
  gint64 retry_id = 0;

  add_mentions (fixture->server, 1);
  report = run_sync (fixture->context);
  g_assert_cmpuint (rz_sync_report_get_n_new (report), ==, 1);
  db = rz_context_get_database (fixture->context);
  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  comment = g_ptr_array_index (comments, 0);

  rz_context_get_provider_for_account_async (fixture->context, fixture->account, NULL, rz_test_store_result, &provided);
  provider = rz_context_get_provider_for_account_finish (fixture->context, rz_test_wait_for (&provided), &error);
  g_assert_no_error (error);

  /* The server takes the post but answers too late. */
  rz_http_client_set_retry_policy (rz_context_get_http_client (fixture->context), 1, 10);
  rz_http_client_set_timeout (rz_context_get_http_client (fixture->context), 1);
  mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses", CONTRACT_FAULT_SLOW, 1, 2500);
  g_assert_true (rz_database_prepare_reply (db, rz_comment_get_id (comment), "Ja, auch vegan.", &reply_id, &key, &error));
  rz_provider_reply_async (provider, rz_comment_get_remote_id (comment), "Ja, auch vegan.", NULL, key,
                           NULL, rz_test_store_result, &first);
  g_assert_null (rz_provider_reply_finish (provider, rz_test_wait_for (&first), &error));
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT);
  g_assert_true (rz_database_set_reply_failed (db, reply_id, error->message, NULL));
  g_clear_error (&error);

  /* Retry: the same reply, the same key; posted once all the same. */
  rz_http_client_set_timeout (rz_context_get_http_client (fixture->context), 5);
  g_assert_true (rz_database_prepare_reply (db, rz_comment_get_id (comment), "Ja, auch vegan.", &retry_id, &retry_key, &error));
  g_assert_cmpint (retry_id, ==, reply_id);
  g_assert_cmpstr (retry_key, ==, key);
  rz_provider_reply_async (provider, rz_comment_get_remote_id (comment), "Ja, auch vegan.", NULL, retry_key,
                           NULL, rz_test_store_result, &retried);
  post = rz_provider_reply_finish (provider, rz_test_wait_for (&retried), &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_set_reply_sent (db, reply_id, post->remote_id, post->url, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_requests (fixture->server, "POST", "/api/v1/statuses"), ==, 2);
  posted = mastodon_contract_server_dup_posted (fixture->server, 0);
  g_assert_nonnull (strstr (posted, key));
  g_assert_cmpint (query_int64 (fixture->context, "SELECT state FROM comments"), ==, RZ_COMMENT_STATE_ANSWERED);
  g_assert_cmpint (query_int64 (fixture->context, "SELECT count(*) FROM replies WHERE state = 'sent'"), ==, 1);
}

/* --- with and without a keyring ------------------------------------------ */

static RzRemoteAccount *
who_am_i (RzProvider *provider)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RzRemoteAccount *account;

  rz_provider_who_am_i_async (provider, NULL, rz_test_store_result, &result);
  account = rz_provider_who_am_i_finish (provider, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return account;
}

static RzAccount *
add_account (RzContext               *context,
             MastodonContractServer  *server,
             GError                 **error)
{
  g_autofree char *token = mastodon_contract_server_create_token (server, "read write");
  RzMastodonProvider *provider = rz_mastodon_provider_new (rz_context_get_http_client (context),
                                                           mastodon_contract_server_get_url (server));
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  RzAccount *account;

  rz_mastodon_provider_set_credentials (provider, token, "client-id", "client-secret");
  remote = who_am_i (RZ_PROVIDER (provider));
  rz_context_add_account_async (context, RZ_PROVIDER (provider), mastodon_contract_server_get_url (server),
                                remote, NULL, rz_test_store_result, &added);
  account = rz_context_add_account_finish (context, rz_test_wait_for (&added), error);
  g_object_unref (provider);
  return account;
}

static char *
lookup_secret (const char *server,
               const char *handle)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  rz_secret_store_lookup_async ("mastodon", server, handle, NULL, rz_test_store_result, &result);
  secret = rz_secret_store_lookup_finish (rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
test_keyring_round_trip (void)
{
  MastodonContractServer *server = NULL;
  MastodonContractServer *other = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RzContext) context = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(RzAccount) other_account = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GAsyncResult) provided = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "keyring") != 0)
    {
      /* Never near a real user's keyring. */
      g_test_skip ("needs tests/run-with-keyring.sh");
      return;
    }

  server = mastodon_contract_server_new ();
  other = mastodon_contract_server_new ();
  path = new_db_path ();
  context = open_context (path);

  account = add_account (context, server, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_account_get_handle (account), ==, "@laden@127.0.0.1");
  g_assert_cmpint (rz_account_get_status (account), ==, RZ_ACCOUNT_STATUS_CONNECTED);
  g_assert_cmpuint (g_list_model_get_n_items (rz_context_get_accounts (context)), ==, 1);
  secret = lookup_secret (mastodon_contract_server_get_url (server), "@laden@127.0.0.1");
  g_assert_nonnull (strstr (secret, "access_token"));
  secret_password_free (secret);

  other_account = add_account (context, other, &error);
  g_assert_no_error (error);

  /* The next start: from the keyring to a signed-in provider, and on. */
  g_clear_object (&account);
  g_clear_object (&other_account);
  g_clear_object (&context);
  add_mentions (server, 2);
  context = open_context (path);
  g_assert_cmpuint (g_list_model_get_n_items (rz_context_get_accounts (context)), ==, 2);
  account = g_list_model_get_item (rz_context_get_accounts (context), 0);
  other_account = g_list_model_get_item (rz_context_get_accounts (context), 1);

  rz_context_get_provider_for_account_async (context, account, NULL, rz_test_store_result, &provided);
  provider = rz_context_get_provider_for_account_finish (context, rz_test_wait_for (&provided), &error);
  g_assert_no_error (error);
  g_assert_true (RZ_IS_MASTODON_PROVIDER (provider));

  report = run_sync (context);
  g_assert_cmpuint (rz_sync_report_get_n_failed (report), ==, 0);
  g_assert_cmpuint (rz_sync_report_get_n_new (report), ==, 2);

  /* Signing out deletes the secret and the account, comments and all. */
  rz_context_remove_account_async (context, other_account, NULL, rz_test_store_result, &removed);
  g_assert_true (rz_context_remove_account_finish (context, rz_test_wait_for (&removed), &error));
  g_assert_no_error (error);
  g_assert_null (lookup_secret (mastodon_contract_server_get_url (other), "@laden@127.0.0.1"));
  g_assert_cmpuint (g_list_model_get_n_items (rz_context_get_accounts (context)), ==, 1);
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM accounts"), ==, 1);

  /* The first one stays in the keyring: run-with-keyring.sh checks that
   * its token is nowhere else, the database included. */
  g_clear_object (&provider);
  g_clear_object (&account);
  g_clear_object (&other_account);
  g_clear_object (&context);
  mastodon_contract_server_free (other);
  mastodon_contract_server_free (server);
}

/* A timer's `resonanz --sync` also sends what the outbox holds and is
 * due, with the sign-in from the keyring, and leaves later posts queued. */
static void
test_keyring_headless_sends_due_posts (void)
{
  MastodonContractServer *server = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RzContext) context = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(RzDraft) due = rz_draft_new ();
  g_autoptr(RzDraft) later = rz_draft_new ();
  g_autoptr(GPtrArray) queued_due = NULL;
  g_autoptr(GPtrArray) queued_later = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 account_id;

  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "keyring") != 0)
    {
      g_test_skip ("needs tests/run-with-keyring.sh");
      return;
    }

  server = mastodon_contract_server_new ();
  path = new_db_path ();
  context = open_context (path);
  account = add_account (context, server, &error);
  g_assert_no_error (error);
  account_id = rz_account_get_id (account);

  rz_draft_set_core_text (due, "Frische Zimtschnecken ab 7 Uhr");
  rz_draft_add_channel (due, "mastodon");
  g_assert_true (rz_database_save_draft (rz_context_get_database (context), due, &error));
  rz_draft_set_core_text (later, "Morgen: Stollen-Anschnitt");
  rz_draft_add_channel (later, "mastodon");
  g_assert_true (rz_database_save_draft (rz_context_get_database (context), later, &error));
  queued_due = rz_database_enqueue_posts (rz_context_get_database (context), rz_draft_get_id (due),
                                          &account_id, 1, now - 600, &error);
  g_assert_no_error (error);
  queued_later = rz_database_enqueue_posts (rz_context_get_database (context), rz_draft_get_id (later),
                                            &account_id, 1, now + 86400, &error);
  g_assert_no_error (error);
  g_clear_object (&account);
  g_clear_object (&context);

  g_assert_cmpint (rz_context_run_headless_sync (path, out, err), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_nonnull (strstr (out->str, "1 scheduled post sent, 0 failed"));
  g_assert_cmpuint (mastodon_contract_server_count_posted (server), ==, 1);

  /* A second run sends nothing again. */
  g_string_truncate (out, 0);
  g_assert_cmpint (rz_context_run_headless_sync (path, out, err), ==, 0);
  g_assert_null (strstr (out->str, "scheduled"));
  g_assert_cmpuint (mastodon_contract_server_count_posted (server), ==, 1);

  context = open_context (path);
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM posts WHERE state = 'posted'"
                                         " AND remote_url IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM posts WHERE state = 'queued'"), ==, 1);
  g_clear_object (&context);
  mastodon_contract_server_free (server);
}

static void
test_no_keyring_adds_nothing (void)
{
  MastodonContractServer *server = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RzContext) context = NULL;
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "empty") != 0)
    {
      g_test_skip ("needs tests/run-with-keyring.sh --no-keyring");
      return;
    }

  server = mastodon_contract_server_new ();
  path = new_db_path ();
  context = open_context (path);

  account = add_account (context, server, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NO_KEYRING);
  g_assert_null (account);
  g_assert_cmpuint (g_list_model_get_n_items (rz_context_get_accounts (context)), ==, 0);
  g_assert_cmpint (query_int64 (context, "SELECT count(*) FROM accounts"), ==, 0);

  g_clear_object (&context);
  mastodon_contract_server_free (server);
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is contacted. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  /* Under run-with-keyring.sh the directories are its own, which it
   * checks for leaked tokens afterwards: they must stay. */
  if (g_getenv ("RZ_TEST_SESSION_BUS") != NULL)
    g_test_init (&argc, &argv, NULL);
  else
    g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rz/sync/first-then-nothing-new", Fixture, NULL,
              fixture_set_up, test_first_then_nothing_new, fixture_tear_down);
  g_test_add ("/rz/sync/server-error-keeps-cursor", Fixture, NULL,
              fixture_set_up, test_server_error_keeps_cursor, fixture_tear_down);
  g_test_add ("/rz/sync/rate-limited", Fixture, NULL,
              fixture_set_up, test_rate_limited, fixture_tear_down);
  g_test_add ("/rz/sync/needs-sign-in", Fixture, NULL,
              fixture_set_up, test_needs_sign_in, fixture_tear_down);
  g_test_add_func ("/rz/sync/no-accounts", test_no_accounts);
  g_test_add_func ("/rz/sync/accounts-at-once", test_accounts_at_once);
  g_test_add ("/rz/sync/reply-retry-posts-once", Fixture, NULL,
              fixture_set_up, test_reply_retry_posts_once, fixture_tear_down);
  g_test_add_func ("/rz/sync/keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/rz/sync/keyring/headless-sends-due-posts", test_keyring_headless_sends_due_posts);
  g_test_add_func ("/rz/sync/no-keyring/adds-nothing", test_no_keyring_adds_nothing);

  return g_test_run ();
}
