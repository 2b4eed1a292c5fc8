/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-classifier.h"
#include "rz-comment.h"
#include "rz-database-private.h"

/* What the inbox reads besides its list: the tone of comments as the sync
 * stores them and as the user corrects them. Every test has its own
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

static RzComment *
fetched_comment (const char *remote_id,
                 const char *text)
{
  RzComment *comment = rz_comment_new ();

  rz_comment_set_remote_id (comment, remote_id);
  rz_comment_set_text (comment, text);
  rz_comment_set_created_at (comment, 1700000000);
  return comment;
}

/* As the context's store job does: classify, then store the page. */
static void
sync_page (RzDatabase *db,
           gint64      account_id,
           RzComment  *comment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzClassifier) classifier = rz_classifier_new_default (&error);
  g_autoptr(RzClassification) classification = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  guint n_new = 0;

  g_assert_no_error (error);
  classification = rz_classifier_classify (classifier, rz_comment_get_text (comment), -1);
  rz_comment_set_sentiment (comment, rz_classification_get_sentiment (classification));
  g_ptr_array_add (page, comment);
  g_assert_true (rz_database_store_inbox (db, account_id, page, NULL, &n_new, &error));
  g_assert_no_error (error);
}

static RzSentiment
stored_sentiment (RzDatabase *db,
                  gint64      comment_id)
{
  sqlite3_stmt *stmt = NULL;
  RzSentiment sentiment;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db),
                                       "SELECT sentiment FROM comments WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, comment_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sentiment = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return sentiment;
}

static void
test_correction_sticks (void)
{
  const char *text = "Die Torte war eine Katastrophe, total enttäuscht. Nie wieder!";
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzComment) first = fetched_comment ("c1", text);
  g_autoptr(RzComment) again = fetched_comment ("c1", text);
  gint64 account_id;
  gint64 comment_id;

  account_id = rz_database_add_account (db, "mastodon", "Bäckerei", "https://example.social", "baeckerei", &error);
  g_assert_no_error (error);
  g_assert_cmpint (account_id, >, 0);

  /* The classifier's label on the first sync. */
  sync_page (db, account_id, first);
  comment_id = rz_comment_get_id (first);
  g_assert_cmpint (comment_id, >, 0);
  g_assert_cmpint (stored_sentiment (db, comment_id), ==, RZ_SENTIMENT_CRITICAL);

  /* The user disagrees; the next sync brings the same comment again. */
  g_assert_true (rz_database_set_comment_sentiment (db, comment_id, RZ_SENTIMENT_NEUTRAL, &error));
  g_assert_no_error (error);
  sync_page (db, account_id, again);
  g_assert_cmpint (rz_comment_get_id (again), ==, comment_id);
  g_assert_cmpint (rz_comment_get_sentiment (again), ==, RZ_SENTIMENT_NEUTRAL);
  g_assert_cmpint (stored_sentiment (db, comment_id), ==, RZ_SENTIMENT_NEUTRAL);
}

static void
test_uncorrected_follows_classifier (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzComment) first = fetched_comment ("c2", "Danke, die Torte war wunderbar!");
  g_autoptr(RzComment) edited = fetched_comment ("c2", "Die Torte war eine Katastrophe, total enttäuscht. Nie wieder!");
  gint64 account_id;

  account_id = rz_database_add_account (db, "mastodon", "Bäckerei", "https://example.social", "baeckerei", &error);
  g_assert_no_error (error);

  sync_page (db, account_id, first);
  g_assert_cmpint (stored_sentiment (db, rz_comment_get_id (first)), ==, RZ_SENTIMENT_POSITIVE);

  /* Edited on the network and never corrected: the new label counts. */
  sync_page (db, account_id, edited);
  g_assert_cmpint (stored_sentiment (db, rz_comment_get_id (first)), ==, RZ_SENTIMENT_CRITICAL);
}

static void
store_at (RzDatabase  *db,
          gint64       account_id,
          const char  *remote_id,
          gint64       created_at,
          RzSentiment  sentiment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzComment) comment = fetched_comment (remote_id, "…");
  g_autoptr(GPtrArray) page = g_ptr_array_new ();

  rz_comment_set_created_at (comment, created_at);
  rz_comment_set_sentiment (comment, sentiment);
  g_ptr_array_add (page, comment);
  g_assert_true (rz_database_store_inbox (db, account_id, page, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_storm_times (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) critical = NULL;
  g_autoptr(GArray) all = NULL;
  g_auto(GStrv) channels = NULL;
  gint64 now = 1700000000;
  gint64 since = now - 14 * 24 * 3600;
  gint64 mastodon, bluesky;

  mastodon = rz_database_add_account (db, "mastodon", "Bäckerei", "https://example.social", "baeckerei", &error);
  g_assert_no_error (error);
  bluesky = rz_database_add_account (db, "bluesky", "Bäckerei", "https://bsky.social", "baeckerei", &error);
  g_assert_no_error (error);

  store_at (db, mastodon, "m1", now - 100, RZ_SENTIMENT_CRITICAL);
  store_at (db, mastodon, "m2", now - 200, RZ_SENTIMENT_POSITIVE);
  store_at (db, mastodon, "m3", now - 300, RZ_SENTIMENT_CRITICAL);
  /* Older than the 14 days: not part of the baseline. */
  store_at (db, mastodon, "m4", since - 1, RZ_SENTIMENT_CRITICAL);
  store_at (db, bluesky, "b1", now - 50, RZ_SENTIMENT_NEUTRAL);

  channels = rz_database_dup_comment_channels (db, since, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (channels), ==, 2);
  g_assert_cmpstr (channels[0], ==, "bluesky");
  g_assert_cmpstr (channels[1], ==, "mastodon");

  g_assert_true (rz_database_list_comment_times (db, "mastodon", since, &critical, &all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (critical->len, ==, 2);
  g_assert_cmpuint (all->len, ==, 3);
  for (guint i = 0; i < critical->len; i++)
    g_assert_cmpint (g_array_index (critical, gint64, i), >=, now - 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/sentiment/correction-sticks", test_correction_sticks);
  g_test_add_func ("/rz/storage/sentiment/uncorrected-follows-classifier", test_uncorrected_follows_classifier);

  g_test_add_func ("/rz/storage/stats/storm-times", test_storm_times);

  return g_test_run ();
}
