/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-account.h"
#include "rz-comment.h"
#include "rz-database-private.h"

/* Accounts, the sync's store step and replies with idempotency keys
 * (rz-database-accounts.c). Every test has its own XDG_DATA_HOME. */

static RzDatabase *
open_default (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  return db;
}

static gint64
query_int64 (RzDatabase *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (RzDatabase *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static RzAccount *
new_account (const char *server,
             const char *handle)
{
  RzAccount *account = rz_account_new ();

  rz_account_set_channel (account, "mastodon");
  rz_account_set_display_name (account, "Café Laden");
  rz_account_set_base_url (account, server);
  rz_account_set_handle (account, handle);
  rz_account_set_remote_user_id (account, "1");
  return account;
}

static RzAccount *
save_account (RzDatabase *db,
              const char *server,
              const char *handle)
{
  g_autoptr(GError) error = NULL;
  RzAccount *account = new_account (server, handle);

  g_assert_true (rz_database_save_account (db, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rz_account_get_id (account), >, 0);
  return account;
}

static RzComment *
new_comment (const char *remote_id,
             const char *text)
{
  RzComment *comment = rz_comment_new ();

  rz_comment_set_channel (comment, "mastodon");
  rz_comment_set_remote_id (comment, remote_id);
  rz_comment_set_author (comment, "Anna");
  rz_comment_set_text (comment, text);
  rz_comment_set_created_at (comment, 1714557600);
  return comment;
}

/* A page as a provider hands it over: remote ids from @first, @n long. */
static GPtrArray *
new_page (guint first,
          guint n)
{
  GPtrArray *page = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000 + i);
      g_autofree char *text = g_strdup_printf ("Frage %u", i);

      g_ptr_array_add (page, new_comment (id, text));
    }
  return page;
}

static guint
store_page (RzDatabase *db,
            RzAccount  *account,
            GPtrArray  *page,
            const char *cursor)
{
  g_autoptr(GError) error = NULL;
  guint n_new = G_MAXUINT;

  g_assert_true (rz_database_store_inbox (db, rz_account_get_id (account), page, cursor, &n_new, &error));
  g_assert_no_error (error);
  return n_new;
}

static void
test_save_and_list (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) account = NULL;
  g_autoptr(RzAccount) again = NULL;
  g_autoptr(RzAccount) other = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  RzAccount *listed;

  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);

  account = save_account (db, "https://social.example", "@laden@social.example");
  g_assert_cmpstr (rz_account_get_state (account), ==, RZ_ACCOUNT_STATE_CONNECTED);
  g_assert_true (rz_database_set_account_cursor (db, rz_account_get_id (account), "4711", &error));
  g_assert_no_error (error);

  /* The demo's accounts are not the user's. */
  accounts = rz_database_list_accounts (db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  listed = g_ptr_array_index (accounts, 0);
  g_assert_cmpint (rz_account_get_id (listed), ==, rz_account_get_id (account));
  g_assert_cmpstr (rz_account_get_channel (listed), ==, "mastodon");
  g_assert_cmpstr (rz_account_get_display_name (listed), ==, "Café Laden");
  g_assert_cmpstr (rz_account_get_base_url (listed), ==, "https://social.example");
  g_assert_cmpstr (rz_account_get_handle (listed), ==, "@laden@social.example");
  g_assert_cmpstr (rz_account_get_remote_user_id (listed), ==, "1");
  g_assert_cmpstr (rz_account_get_cursor (listed), ==, "4711");
  g_assert_false (rz_account_get_is_demo (listed));
  g_clear_pointer (&accounts, g_ptr_array_unref);

  accounts = rz_database_list_accounts (db, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 4);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  /* Signing in to the same account again keeps its row and cursor. */
  g_assert_true (rz_database_set_account_state (db, rz_account_get_id (account),
                                                RZ_ACCOUNT_STATE_NEEDS_SIGN_IN, &error));
  g_assert_no_error (error);
  again = new_account ("https://social.example", "@laden@social.example");
  rz_account_set_display_name (again, "Café Laden (neu)");
  g_assert_true (rz_database_save_account (db, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rz_account_get_id (again), ==, rz_account_get_id (account));
  g_assert_cmpstr (rz_account_get_cursor (again), ==, "4711");
  g_assert_cmpstr (rz_account_get_state (again), ==, RZ_ACCOUNT_STATE_CONNECTED);

  /* Another server is another account. */
  other = save_account (db, "https://other.example", "@laden@other.example");
  g_assert_cmpint (rz_account_get_id (other), !=, rz_account_get_id (account));

  accounts = rz_database_list_accounts (db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (rz_account_get_display_name (g_ptr_array_index (accounts, 0)), ==, "Café Laden (neu)");
  g_assert_cmpstr (rz_account_get_state (g_ptr_array_index (accounts, 0)), ==, RZ_ACCOUNT_STATE_CONNECTED);
}

static void
test_state (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) account = save_account (db, "https://social.example", "@laden@social.example");
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  RzAccount *listed;

  g_assert_true (rz_database_set_account_state (db, rz_account_get_id (account),
                                                RZ_ACCOUNT_STATE_NEEDS_SIGN_IN, &error));
  g_assert_no_error (error);

  /* The stored state is what the next start begins with. */
  accounts = rz_database_list_accounts (db, FALSE, &error);
  g_assert_no_error (error);
  listed = g_ptr_array_index (accounts, 0);
  g_assert_cmpstr (rz_account_get_state (listed), ==, RZ_ACCOUNT_STATE_NEEDS_SIGN_IN);
  g_assert_cmpint (rz_account_get_status (listed), ==, RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN);

  g_assert_false (rz_database_set_account_state (db, 999, RZ_ACCOUNT_STATE_CONNECTED, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rz_database_set_account_cursor (db, 999, "1", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

static void
test_store_inbox (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) account = save_account (db, "https://social.example", "@laden@social.example");
  g_autoptr(GPtrArray) first = new_page (0, 3);
  g_autoptr(GPtrArray) second = new_page (0, 4);
  g_autoptr(GPtrArray) empty = new_page (0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint n_comments = 0;

  g_assert_cmpuint (store_page (db, account, first, "1002"), ==, 3);
  g_assert_cmpint (rz_comment_get_account_id (g_ptr_array_index (first, 0)), ==, rz_account_get_id (account));
  g_assert_cmpint (rz_comment_get_id (g_ptr_array_index (first, 0)), >, 0);

  /* The same comments again (a page fetched twice) are not new. */
  g_assert_cmpuint (store_page (db, account, second, "1003"), ==, 1);
  g_assert_true (rz_database_count_comments (db, &n_comments, &error));
  g_assert_cmpuint (n_comments, ==, 4);
  cursor = query_text (db, "SELECT sync_cursor FROM accounts");
  g_assert_cmpstr (cursor, ==, "1003");
  g_assert_cmpint (query_int64 (db, "SELECT synced_at FROM accounts"), >, 0);

  /* Nothing new: no cursor from the provider keeps the old one. */
  g_assert_cmpuint (store_page (db, account, empty, NULL), ==, 0);
  g_clear_pointer (&cursor, g_free);
  cursor = query_text (db, "SELECT sync_cursor FROM accounts");
  g_assert_cmpstr (cursor, ==, "1003");
}

static void
test_store_inbox_is_atomic (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) account = save_account (db, "https://social.example", "@laden@social.example");
  g_autoptr(GPtrArray) first = new_page (0, 2);
  g_autoptr(GPtrArray) broken = new_page (2, 3);
  g_autoptr(GPtrArray) orphan = new_page (10, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  guint n_comments = 0;

  g_assert_cmpuint (store_page (db, account, first, "1001"), ==, 2);

  /* The last comment of the page cannot be stored: none of the page is,
   * and the cursor stays where it was, so the next sync fetches it all
   * again. */
  rz_comment_set_remote_id (g_ptr_array_index (broken, 2), NULL);
  g_assert_false (rz_database_store_inbox (db, rz_account_get_id (account), broken, "1004", NULL, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_true (rz_database_count_comments (db, &n_comments, &error));
  g_assert_cmpuint (n_comments, ==, 2);
  cursor = query_text (db, "SELECT sync_cursor FROM accounts");
  g_assert_cmpstr (cursor, ==, "1001");

  /* An account removed while its inbox was fetched. */
  g_assert_false (rz_database_store_inbox (db, 999, orphan, "1", NULL, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (rz_database_count_comments (db, &n_comments, &error));
  g_assert_cmpuint (n_comments, ==, 2);
}

static void
test_remove (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) gone = save_account (db, "https://social.example", "@laden@social.example");
  g_autoptr(RzAccount) kept = save_account (db, "https://other.example", "@laden@other.example");
  g_autoptr(GPtrArray) page = new_page (0, 2);
  g_autoptr(GPtrArray) other_page = new_page (0, 1);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 reply_id = 0;

  store_page (db, gone, page, "1");
  store_page (db, kept, other_page, "1");
  g_assert_true (rz_database_prepare_reply (db, rz_comment_get_id (g_ptr_array_index (page, 0)),
                                            "Danke!", &reply_id, &key, &error));
  g_assert_no_error (error);

  g_assert_true (rz_database_remove_account (db, rz_account_get_id (gone), &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM comments"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies"), ==, 0);
  accounts = rz_database_list_accounts (db, FALSE, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (rz_account_get_id (g_ptr_array_index (accounts, 0)), ==, rz_account_get_id (kept));

  g_assert_false (rz_database_remove_account (db, rz_account_get_id (gone), &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

static void
test_reply_keeps_its_key (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzAccount) account = save_account (db, "https://social.example", "@laden@social.example");
  g_autoptr(GPtrArray) page = new_page (0, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *retry_key = NULL;
  g_autofree char *next_key = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last_error = NULL;
  gint64 comment_id;
  gint64 reply_id = 0;
  gint64 retry_id = 0;
  gint64 next_id = 0;
  gint64 pending_id = -1;

  store_page (db, account, page, "1");
  comment_id = rz_comment_get_id (g_ptr_array_index (page, 0));

  g_assert_true (rz_database_prepare_reply (db, comment_id, "Ab 7 Uhr.", &reply_id, &key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reply_id, >, 0);
  g_assert_nonnull (key);
  g_assert_cmpuint (strlen (key), >=, 16);

  /* The attempt failed: the reply waits with its text and the reason. */
  g_assert_true (rz_database_set_reply_failed (db, reply_id, "Mastodon hat gerade ein Problem.", &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_dup_pending_reply (db, comment_id, &pending_id, &text, &last_error, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pending_id, ==, reply_id);
  g_assert_cmpstr (text, ==, "Ab 7 Uhr.");
  g_assert_cmpstr (last_error, ==, "Mastodon hat gerade ein Problem.");

  /* The retry, even with the text corrected, is the same reply. */
  g_assert_true (rz_database_prepare_reply (db, comment_id, "Ab 7 Uhr, sonntags ab 9.", &retry_id, &retry_key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (retry_id, ==, reply_id);
  g_assert_cmpstr (retry_key, ==, key);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies"), ==, 1);

  g_assert_true (rz_database_set_reply_sent (db, reply_id, "110042", "https://social.example/@laden/110042", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments"), ==, RZ_COMMENT_STATE_ANSWERED);
  g_clear_pointer (&text, g_free);
  text = query_text (db, "SELECT state || ' ' || remote_id || ' ' || remote_url || ' ' || text FROM replies");
  g_assert_cmpstr (text, ==, "sent 110042 https://social.example/@laden/110042 Ab 7 Uhr, sonntags ab 9.");

  /* A late failure report does not undo it. */
  g_assert_true (rz_database_set_reply_failed (db, reply_id, "zu spät", &error));
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies WHERE state = 'sent'"), ==, 1);

  /* Nothing pending any more; a second answer is a new reply. */
  pending_id = -1;
  g_assert_true (rz_database_dup_pending_reply (db, comment_id, &pending_id, NULL, NULL, &error));
  g_assert_cmpint (pending_id, ==, 0);
  g_assert_true (rz_database_prepare_reply (db, comment_id, "Und noch etwas.", &next_id, &next_key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next_id, !=, reply_id);
  g_assert_cmpstr (next_key, !=, key);
}

static void
test_reply_key_survives_restart (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GPtrArray) page = new_page (0, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_after = NULL;
  g_autofree char *text = NULL;
  RzDatabase *db = open_default ();
  RzAccount *account = save_account (db, "https://social.example", "@laden@social.example");
  gint64 comment_id;
  gint64 reply_id = 0;
  gint64 pending_id = 0;

  store_page (db, account, page, "1");
  comment_id = rz_comment_get_id (g_ptr_array_index (page, 0));
  g_assert_true (rz_database_prepare_reply (db, comment_id, "Gern!", &reply_id, &key, &error));
  g_assert_no_error (error);
  g_object_unref (account);

  /* The app dies while the reply is on its way. */
  g_object_unref (db);
  db = rz_database_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (rz_database_dup_pending_reply (db, comment_id, &pending_id, &text, NULL, &error));
  g_assert_cmpint (pending_id, ==, reply_id);
  g_assert_cmpstr (text, ==, "Gern!");
  g_assert_true (rz_database_prepare_reply (db, comment_id, text, &pending_id, &key_after, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (key_after, ==, key);
  g_object_unref (db);
}

static void
test_log_reply (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  RzComment *comment = NULL;
  gint64 reply_id;

  /* Answers to the demo's comments (no connection) are only logged. */
  g_assert_true (rz_database_load_demo (db, &error));
  comments = rz_database_list_comments (db, 0, 1, &error);
  g_assert_no_error (error);
  comment = g_ptr_array_index (comments, 0);
  g_assert_cmpint (rz_comment_get_state (comment), ==, RZ_COMMENT_STATE_OPEN);

  reply_id = rz_database_log_reply (db, rz_comment_get_id (comment), "Vielen Dank!", &error);
  g_assert_no_error (error);
  g_assert_cmpint (reply_id, >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM replies WHERE id = %" G_GINT64_FORMAT
                                            " AND state = 'sent' AND remote_id IS NULL AND is_demo = 1"
                                            " AND text = 'Vielen Dank!'", reply_id);
    g_assert_cmpint (query_int64 (db, sql), ==, 1);
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT state FROM comments WHERE id = %" G_GINT64_FORMAT,
                                            rz_comment_get_id (comment));
    g_assert_cmpint (query_int64 (db, sql), ==, RZ_COMMENT_STATE_ANSWERED);
  }

  /* Removing the demo takes the logged answer along. */
  g_assert_true (rz_database_remove_demo (db, &error));
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies"), ==, 0);

  g_assert_cmpint (rz_database_log_reply (db, 999, "?", &error), ==, 0);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/accounts/save-and-list", test_save_and_list);
  g_test_add_func ("/rz/storage/accounts/state", test_state);
  g_test_add_func ("/rz/storage/accounts/store-inbox", test_store_inbox);
  g_test_add_func ("/rz/storage/accounts/store-inbox-is-atomic", test_store_inbox_is_atomic);
  g_test_add_func ("/rz/storage/accounts/remove", test_remove);
  g_test_add_func ("/rz/storage/replies/keeps-its-key", test_reply_keeps_its_key);
  g_test_add_func ("/rz/storage/replies/key-survives-restart", test_reply_key_survives_restart);
  g_test_add_func ("/rz/storage/replies/log", test_log_reply);

  return g_test_run ();
}
