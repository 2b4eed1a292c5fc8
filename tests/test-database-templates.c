/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-comment.h"
#include "rz-database-private.h"
#include "rz-response-stats.h"
#include "rz-test-async.h"

/* Saved replies, the thread around a comment, replies logged by hand, the
 * reminder's count and the response-time samples. Every test has its own
 * XDG_DATA_HOME. */

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

static void
test_templates (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzReplyTemplate) hours = rz_reply_template_new ("Hours", "Hi {name}, we open at 6:30.");
  g_autoptr(RzReplyTemplate) sorry = rz_reply_template_new ("Sorry", "We are sorry, {first_name}.");
  g_autoptr(RzReplyTemplate) blank = rz_reply_template_new ("  ", "text");
  g_autoptr(RzReplyTemplate) gone = NULL;
  g_autoptr(GPtrArray) list = NULL;
  RzReplyTemplate *first;

  list = rz_database_list_reply_templates (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (rz_database_save_reply_template (db, hours, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hours->id, >, 0);
  g_assert_true (rz_database_save_reply_template (db, sorry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sorry->id, >, hours->id);

  /* A name and a text are needed. */
  g_assert_false (rz_database_save_reply_template (db, blank, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (blank->id, ==, 0);

  /* Changed: same id, same place. */
  g_free (hours->text);
  hours->text = g_strdup ("Hi {name}, we open at 7.");
  g_assert_true (rz_database_save_reply_template (db, hours, &error));
  g_assert_no_error (error);

  list = rz_database_list_reply_templates (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  first = g_ptr_array_index (list, 0);
  g_assert_cmpint (first->id, ==, hours->id);
  g_assert_cmpstr (first->title, ==, "Hours");
  g_assert_cmpstr (first->text, ==, "Hi {name}, we open at 7.");
  g_assert_false (first->is_demo);
  g_assert_cmpstr (((RzReplyTemplate *) g_ptr_array_index (list, 1))->title, ==, "Sorry");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Deleted: gone from the list, and saving it again says so. */
  gone = rz_reply_template_copy (hours);
  g_assert_true (rz_database_delete_reply_template (db, hours->id, &error));
  g_assert_no_error (error);
  g_assert_false (rz_database_save_reply_template (db, gone, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  list = rz_database_list_reply_templates (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((RzReplyTemplate *) g_ptr_array_index (list, 0))->id, ==, sorry->id);
}

/* The same on the worker, as Preferences and the reply pane use it; a
 * refused one (no name) comes back as the error, nothing is stored. */
static void
test_templates_async (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzReplyTemplate) hours = rz_reply_template_new ("Hours", "Hi {name}, we open at 6:30.");
  g_autoptr(RzReplyTemplate) blank = rz_reply_template_new ("", "text");
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;

  rz_database_save_reply_template_async (db, hours, NULL, rz_test_store_result, &saved);
  /* Copied: a change now does not reach the stored one. */
  g_free (hours->title);
  hours->title = g_strdup ("Changed");
  g_assert_true (rz_database_change_reply_template_finish (db, rz_test_wait_for (&saved), &error));
  g_assert_no_error (error);
  list = rz_database_list_reply_templates (db, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RzReplyTemplate *) g_ptr_array_index (list, 0))->title, ==, "Hours");
  id = ((RzReplyTemplate *) g_ptr_array_index (list, 0))->id;
  g_clear_pointer (&list, g_ptr_array_unref);

  rz_database_save_reply_template_async (db, blank, NULL, rz_test_store_result, &refused);
  g_assert_false (rz_database_change_reply_template_finish (db, rz_test_wait_for (&refused), &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  rz_database_delete_reply_template_async (db, id, NULL, rz_test_store_result, &deleted);
  g_assert_true (rz_database_change_reply_template_finish (db, rz_test_wait_for (&deleted), &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM reply_templates"), ==, 0);
}

static void
test_demo_templates (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(RzReplyTemplate) own = rz_reply_template_new ("Mine", "My own words");
  RzReplyTemplate *changed;

  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_save_reply_template (db, own, &error));
  g_assert_no_error (error);

  list = rz_database_list_reply_templates (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 2);
  g_assert_true (((RzReplyTemplate *) g_ptr_array_index (list, 0))->is_demo);
  /* The user's own comes after the sample ones. */
  g_assert_cmpint (((RzReplyTemplate *) g_ptr_array_index (list, list->len - 1))->id, ==, own->id);

  /* A sample reply the user changed is the user's and stays. */
  changed = g_ptr_array_index (list, 0);
  g_free (changed->text);
  changed->text = g_strdup ("Changed by the user");
  g_assert_true (rz_database_save_reply_template (db, changed, &error));
  g_assert_no_error (error);

  g_assert_true (rz_database_remove_demo (db, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = rz_database_list_reply_templates (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((RzReplyTemplate *) g_ptr_array_index (list, 0))->text, ==, "Changed by the user");
}

static gint64
add_comment (RzDatabase *db,
             gint64      account_id,
             const char *remote_id,
             const char *parent,
             const char *author,
             gint64      created_at,
             RzSentiment sentiment)
{
  g_autoptr(RzComment) comment = rz_comment_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("Text of %s", remote_id);
  g_autofree char *url = g_strdup_printf ("https://social.example/@x/%s", remote_id);

  rz_comment_set_account_id (comment, account_id);
  rz_comment_set_channel (comment, "mastodon");
  rz_comment_set_remote_id (comment, remote_id);
  rz_comment_set_parent_remote_id (comment, parent);
  rz_comment_set_author (comment, author);
  rz_comment_set_text (comment, text);
  rz_comment_set_url (comment, url);
  rz_comment_set_created_at (comment, created_at);
  rz_comment_set_sentiment (comment, sentiment);
  g_assert_true (rz_database_add_comment (db, comment, NULL, &error));
  g_assert_no_error (error);
  return rz_comment_get_id (comment);
}

static void
sent_reply (RzDatabase *db,
            gint64      comment_id,
            const char *text,
            const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gint64 reply_id = 0;

  g_assert_true (rz_database_prepare_reply (db, comment_id, text, &reply_id, &key, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_set_reply_sent (db, reply_id, "r1", url, &error));
  g_assert_no_error (error);
}

static void
test_thread (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(GPtrArray) alone = NULL;
  gint64 account = rz_database_add_account (db, "mastodon", "Bakery", "https://social.example", "@b", &error);
  gint64 other_account = rz_database_add_account (db, "mastodon", "Other", "https://other.example", "@o", &error);
  gint64 root, earlier, current, later, stranger, loop;
  RzThreadEntry *entry;

  g_assert_no_error (error);
  /* post ← root (Ana) ← current (Ben); earlier (Cem) answers the same
   * post before; later (Dia) after; the same remote ids on another
   * account are another thread. */
  root = add_comment (db, account, "s1", "post", "Ana", 1000, RZ_SENTIMENT_NEUTRAL);
  earlier = add_comment (db, account, "s2", "s1", "Cem", 1100, RZ_SENTIMENT_NEUTRAL);
  current = add_comment (db, account, "s3", "s1", "Ben", 1200, RZ_SENTIMENT_CRITICAL);
  later = add_comment (db, account, "s4", "s1", "Dia", 1300, RZ_SENTIMENT_NEUTRAL);
  stranger = add_comment (db, other_account, "s2", "s1", "Eve", 1150, RZ_SENTIMENT_NEUTRAL);
  sent_reply (db, root, "Thanks, Ana!", "https://social.example/@b/r1");

  thread = rz_database_list_thread (db, current, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 4);

  entry = g_ptr_array_index (thread, 0);
  g_assert_cmpint (entry->kind, ==, RZ_THREAD_ENTRY_COMMENT);
  g_assert_cmpint (entry->comment_id, ==, root);
  g_assert_cmpstr (entry->author, ==, "Ana");
  g_assert_cmpstr (entry->text, ==, "Text of s1");
  g_assert_cmpstr (entry->url, ==, "https://social.example/@x/s1");
  g_assert_false (entry->is_current);

  /* Our reply to Ana: sent after her comment (now), so after the others
   * in time; it is not one to the current comment. */
  entry = g_ptr_array_index (thread, 1);
  g_assert_cmpint (entry->comment_id, ==, earlier);
  entry = g_ptr_array_index (thread, 2);
  g_assert_cmpint (entry->comment_id, ==, current);
  g_assert_true (entry->is_current);
  entry = g_ptr_array_index (thread, 3);
  g_assert_cmpint (entry->kind, ==, RZ_THREAD_ENTRY_REPLY);
  g_assert_cmpint (entry->comment_id, ==, root);
  g_assert_null (entry->author);
  g_assert_cmpstr (entry->text, ==, "Thanks, Ana!");
  g_assert_cmpstr (entry->url, ==, "https://social.example/@b/r1");
  g_assert_false (entry->is_current);
  for (guint i = 0; i < thread->len; i++)
    {
      entry = g_ptr_array_index (thread, i);
      g_assert_cmpint (entry->comment_id, !=, later);
      g_assert_cmpint (entry->comment_id, !=, stranger);
    }
  g_clear_pointer (&thread, g_ptr_array_unref);

  /* What was answered: a logged answer with its link belongs to the
   * current comment and marks it answered. */
  g_assert_cmpint (rz_database_log_reply_with_url (db, current, "Sorry, Ben.", "https://social.example/@b/r2",
                                                   &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT state FROM comments WHERE remote_id = 's3'"), ==,
                   RZ_COMMENT_STATE_ANSWERED);
  thread = rz_database_list_thread (db, current, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 5);
  entry = g_ptr_array_index (thread, 4);
  g_assert_cmpint (entry->kind, ==, RZ_THREAD_ENTRY_REPLY);
  g_assert_true (entry->is_current);
  g_assert_cmpstr (entry->url, ==, "https://social.example/@b/r2");
  g_clear_pointer (&thread, g_ptr_array_unref);

  /* A limit keeps the newest. */
  thread = rz_database_list_thread (db, current, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 2);
  g_assert_cmpint (((RzThreadEntry *) g_ptr_array_index (thread, 1))->kind, ==, RZ_THREAD_ENTRY_REPLY);
  g_clear_pointer (&thread, g_ptr_array_unref);

  /* A comment that names itself as its parent does not hang. */
  loop = add_comment (db, account, "s9", "s9", "Loop", 1400, RZ_SENTIMENT_NEUTRAL);
  alone = rz_database_list_thread (db, loop, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alone->len, ==, 1);

  g_assert_null (rz_database_list_thread (db, 99999, 0, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (rz_database_log_reply_with_url (db, 99999, "x", NULL, &error), ==, 0);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies"), ==, 2);
}

static void
test_recent_and_waiting (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = NULL;
  gint64 account = rz_database_add_account (db, "mastodon", "Bakery", NULL, NULL, &error);
  gint64 a, b, c;
  guint n_waiting = 99, n_critical = 99;

  g_assert_true (rz_database_count_waiting (db, &n_waiting, &n_critical, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 0);
  g_assert_cmpuint (n_critical, ==, 0);

  a = add_comment (db, account, "a", NULL, "A", 100, RZ_SENTIMENT_CRITICAL);
  b = add_comment (db, account, "b", NULL, "B", 200, RZ_SENTIMENT_CRITICAL);
  c = add_comment (db, account, "c", NULL, "C", 300, RZ_SENTIMENT_POSITIVE);
  add_comment (db, account, "d", NULL, "D", 400, RZ_SENTIMENT_NEUTRAL);
  g_assert_cmpint (rz_database_log_reply_with_url (db, a, "first", NULL, &error), >, 0);
  g_assert_cmpint (rz_database_log_reply_with_url (db, c, "second", "", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies WHERE remote_url IS NULL"), ==, 2);
  g_assert_true (rz_database_set_comment_state (db, b, RZ_COMMENT_STATE_IGNORED, &error));
  g_assert_no_error (error);

  g_assert_true (rz_database_count_waiting (db, &n_waiting, &n_critical, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_waiting, ==, 1);
  g_assert_cmpuint (n_critical, ==, 0);

  texts = rz_database_dup_recent_reply_texts (db, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (texts), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) texts, "first"));
  g_assert_true (g_strv_contains ((const char * const *) texts, "second"));
  g_clear_pointer (&texts, g_strfreev);
  texts = rz_database_dup_recent_reply_texts (db, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (texts), ==, 1);
}

static void
test_response_samples (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  gint64 account = rz_database_add_account (db, "mastodon", "Bakery", NULL, NULL, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 answered, done, done_answered;
  gboolean seen_answered = FALSE;

  answered = add_comment (db, account, "x1", NULL, "A", now - 3600, RZ_SENTIMENT_NEUTRAL);
  add_comment (db, account, "x2", NULL, "B", now - 7200, RZ_SENTIMENT_NEUTRAL);
  done = add_comment (db, account, "x3", NULL, "C", now - 600, RZ_SENTIMENT_NEUTRAL);
  done_answered = add_comment (db, account, "x4", NULL, "D", now - 900, RZ_SENTIMENT_NEUTRAL);
  add_comment (db, account, "old", NULL, "E", now - 40 * 86400, RZ_SENTIMENT_NEUTRAL);
  sent_reply (db, answered, "One", NULL);
  sent_reply (db, answered, "Two", NULL);
  g_assert_cmpint (rz_database_log_reply_with_url (db, done_answered, "Three", NULL, &error), >, 0);
  g_assert_true (rz_database_set_comment_state (db, done, RZ_COMMENT_STATE_DONE, &error));
  g_assert_true (rz_database_set_comment_state (db, done_answered, RZ_COMMENT_STATE_DONE, &error));
  g_assert_no_error (error);

  samples = rz_database_list_response_samples (db, now - 30 * 86400, &error);
  g_assert_no_error (error);
  /* x1, x2 and x4; x3 was done without an answer, "old" is too old. */
  g_assert_cmpuint (samples->len, ==, 3);
  for (guint i = 0; i < samples->len; i++)
    {
      RzResponseSample *sample = &g_array_index (samples, RzResponseSample, i);

      g_assert_cmpstr (sample->channel, ==, "mastodon");
      if (sample->created_at == now - 3600)
        {
          seen_answered = TRUE;
          g_assert_cmpint (sample->first_reply_at, >=, now);
        }
      else if (sample->created_at == now - 7200)
        g_assert_cmpint (sample->first_reply_at, ==, RZ_RESPONSE_STATS_NO_REPLY);
      else
        g_assert_cmpint (sample->created_at, ==, now - 900);
    }
  g_assert_true (seen_answered);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/templates/save-list-delete", test_templates);
  g_test_add_func ("/rz/storage/templates/async", test_templates_async);
  g_test_add_func ("/rz/storage/templates/demo", test_demo_templates);
  g_test_add_func ("/rz/storage/thread/list", test_thread);
  g_test_add_func ("/rz/storage/thread/recent-and-waiting", test_recent_and_waiting);
  g_test_add_func ("/rz/storage/thread/response-samples", test_response_samples);

  return g_test_run ();
}
