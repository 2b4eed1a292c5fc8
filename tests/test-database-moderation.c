/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-comment.h"
#include "rz-database-private.h"

/* The moderation log: logging marks spam as ignored in the same
 * transaction, the log outlives the comment, and a failure logs nothing.
 * Every test has its own XDG_DATA_HOME. */

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

static gint64
add_comment (RzDatabase  *db,
             gint64       account_id,
             const char  *remote_id,
             const char  *text,
             RzSentiment  sentiment)
{
  g_autoptr(RzComment) comment = rz_comment_new ();
  g_autoptr(GError) error = NULL;

  rz_comment_set_account_id (comment, account_id);
  rz_comment_set_channel (comment, "wordpress");
  rz_comment_set_remote_id (comment, remote_id);
  rz_comment_set_author (comment, "Anna");
  rz_comment_set_text (comment, text);
  rz_comment_set_created_at (comment, 1700000000);
  rz_comment_set_sentiment (comment, sentiment);
  g_assert_true (rz_database_add_comment (db, comment, NULL, &error));
  g_assert_no_error (error);
  return rz_comment_get_id (comment);
}

static void
test_log_spam (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  RzModerationEntry *entry;
  gint64 account, spam, critical, other, row;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;

  account = rz_database_add_account (db, "wordpress", "Blog", "http://127.0.0.1", "admin", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)
    g_string_append (long_text, "Günstig! ");
  spam = add_comment (db, account, "11", long_text->str, RZ_SENTIMENT_NEUTRAL);
  critical = add_comment (db, account, "12", "Your shop was closed again.", RZ_SENTIMENT_CRITICAL);
  other = add_comment (db, account, "13", "Thanks!", RZ_SENTIMENT_POSITIVE);

  log = rz_database_list_moderation (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_clear_pointer (&log, g_ptr_array_unref);

  row = rz_database_log_moderation (db, spam, RZ_MODERATION_ACTION_SPAM, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row, >, 0);
  row = rz_database_log_moderation (db, critical, RZ_MODERATION_ACTION_SPAM, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row, >, 0);

  /* Spam is ignored locally; the other comment is untouched. */
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments WHERE remote_id = '11'"), ==,
                   RZ_COMMENT_STATE_IGNORED);
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments WHERE remote_id = '13'"), ==,
                   RZ_COMMENT_STATE_OPEN);

  log = rz_database_list_moderation (db, critical, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  entry = log->pdata[0];
  g_assert_cmpint (entry->comment_id, ==, critical);
  g_assert_cmpint (entry->account_id, ==, account);
  g_assert_cmpstr (entry->channel, ==, "wordpress");
  g_assert_cmpstr (entry->remote_id, ==, "12");
  g_assert_cmpint (entry->action, ==, RZ_MODERATION_ACTION_SPAM);
  g_assert_cmpstr (entry->excerpt, ==, "Your shop was closed again.");
  g_assert_cmpint (entry->sentiment, ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (entry->created_at, >=, before);
  g_assert_cmpint (entry->created_at, <=, g_get_real_time () / G_USEC_PER_SEC + 1);
  g_assert_false (entry->is_demo);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* A long text is cut to its first 280 characters, on a character. */
  log = rz_database_list_moderation (db, spam, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  entry = log->pdata[0];
  g_assert_cmpint (g_utf8_strlen (entry->excerpt, -1), ==, 280);
  g_assert_true (g_str_has_prefix (long_text->str, entry->excerpt));
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Hiding is logged but leaves the state alone. */
  row = rz_database_log_moderation (db, other, RZ_MODERATION_ACTION_HIDE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row, >, 0);
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments WHERE remote_id = '13'"), ==,
                   RZ_COMMENT_STATE_OPEN);

  log = rz_database_list_moderation (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpint (((RzModerationEntry *) log->pdata[2])->action, ==, RZ_MODERATION_ACTION_HIDE);
  g_clear_pointer (&log, g_ptr_array_unref);

  /* Removing the account removes its comments; the log stays. */
  g_assert_true (rz_database_remove_account (db, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM comments"), ==, 0);
  log = rz_database_list_moderation (db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  entry = log->pdata[1];
  g_assert_cmpint (entry->comment_id, ==, 0);
  g_assert_cmpstr (entry->remote_id, ==, "12");
  g_assert_cmpstr (entry->excerpt, ==, "Your shop was closed again.");
}

static void
test_missing_comment (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;

  /* Nothing logged, nothing left open. */
  g_assert_cmpint (rz_database_log_moderation (db, 4711, RZ_MODERATION_ACTION_SPAM, &error), ==, 0);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM moderation_log"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (rz_database_get_handle (db)));
}

static void
test_failure_rolls_back (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  gint64 account, comment;

  account = rz_database_add_account (db, "wordpress", "Blog", "http://127.0.0.1", "admin", &error);
  g_assert_no_error (error);
  comment = add_comment (db, account, "21", "Buy cheap watches", RZ_SENTIMENT_NEUTRAL);

  /* When setting the state fails, the log row goes too: both or neither. */
  g_assert_cmpint (sqlite3_exec (rz_database_get_handle (db),
                                 "CREATE TEMP TRIGGER refuse BEFORE UPDATE OF state ON comments"
                                 " BEGIN SELECT RAISE (ABORT, 'refused'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (rz_database_log_moderation (db, comment, RZ_MODERATION_ACTION_SPAM, &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM moderation_log"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments WHERE remote_id = '21'"), ==,
                   RZ_COMMENT_STATE_OPEN);
  g_assert_true (sqlite3_get_autocommit (rz_database_get_handle (db)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/moderation/log-spam", test_log_spam);
  g_test_add_func ("/rz/storage/moderation/missing-comment", test_missing_comment);
  g_test_add_func ("/rz/storage/moderation/failure-rolls-back", test_failure_rolls_back);

  return g_test_run ();
}
