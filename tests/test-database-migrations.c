/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rz-comment.h"
#include "rz-database-private.h"
#include "rz-migrations.h"
#include "rz-plan.h"
#include "rz-profile.h"

/* tests/data/schema-v<N>.sql holds a dump, with rows, of every schema
 * version before the newest one. Each is migrated here the way a user's
 * file would be. */

static char *
dump_path (int version)
{
  g_autofree char *name = g_strdup_printf ("schema-v%d.sql", version);

  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
load_dump (const char *db_path,
           int         version)
{
  g_autofree char *path = dump_path (version);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  g_file_get_contents (path, &sql, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (db_path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The schema as text, one "type name sql" line per object, sorted. */
static char *
dup_schema (sqlite3 *db)
{
  g_autoptr(GString) schema = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, sql FROM sqlite_schema"
                                       " ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (schema, "%s %s %s\n",
                            (const char *) sqlite3_column_text (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&schema), FALSE);
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
test_dumps_match_migrations (void)
{
  g_assert_cmpint (rz_migrations_get_latest (), >=, 2);

  for (int version = 1; version < rz_migrations_get_latest (); version++)
    {
      g_autofree char *path = g_strdup_printf ("%s/dump-v%d.db", g_get_user_data_dir (), version);
      g_autofree char *from_dump = NULL;
      g_autofree char *from_code = NULL;
      g_autoptr(GError) error = NULL;
      sqlite3 *raw = NULL;

      g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
      load_dump (path, version);
      g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
      g_assert_cmpint (query_int64 (raw, "PRAGMA user_version"), ==, version);
      from_dump = dup_schema (raw);
      sqlite3_close (raw);

      /* Migrations are never edited once released: the dump of version N
       * must have exactly the schema the code builds for version N. */
      g_assert_cmpint (sqlite3_open (":memory:", &raw), ==, SQLITE_OK);
      g_assert_true (rz_migrations_apply (raw, version, &error));
      g_assert_no_error (error);
      g_assert_cmpint (query_int64 (raw, "PRAGMA user_version"), ==, version);
      from_code = dup_schema (raw);
      sqlite3_close (raw);

      g_assert_cmpstr (from_dump, ==, from_code);
    }
}

static void
check_rows_survived (RzDatabase *db)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_json = NULL;
  g_autofree char *plan_json = NULL;
  g_autofree char *guideline = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = NULL;
  sqlite3 *raw = rz_database_get_handle (db);
  int step = -2;

  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 3);
  /* Open and critical first. */
  g_assert_cmpstr (rz_comment_get_remote_id (comments->pdata[0]), ==, "110003");
  g_assert_cmpint (rz_comment_get_sentiment (comments->pdata[0]), ==, RZ_SENTIMENT_CRITICAL);

  /* Old rows are in the full-text index that came later. */
  found = rz_database_search_comments (db, "Süßkartoffeln", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_author (found->pdata[0]), ==, "Ilse");
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM drafts_fts WHERE drafts_fts MATCH 'apfel'"), ==, 1);

  /* The strategy still reads as the core's documents. */
  profile_json = rz_database_dup_profile_json (db, NULL, &error);
  g_assert_no_error (error);
  profile = rz_profile_new_from_json (profile_json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Hofladen Grünwiese");
  g_assert_cmpfloat (rz_profile_get_hours_per_week (profile), ==, 2.5);
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 1);
  g_assert_true (rz_database_get_wizard_progress (db, &step, NULL, &error));
  g_assert_cmpint (step, ==, 4);
  plan_json = rz_database_dup_plan_json (db, &error);
  g_assert_no_error (error);
  plan = rz_plan_new_from_json (plan_json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 1);
  g_assert_cmpstr (rz_plan_entry_get_responsible (rz_plan_get_entry (plan, 0)), ==, "Ute Sommer");
  g_assert_true (rz_plan_entry_has_message (rz_plan_get_entry (plan, 0), RZ_MESSAGE_NEWS_AND_OFFERS,
                                            "Nachbarschaft"));
  guideline = rz_database_dup_guideline (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guideline, ==, "# Leitfaden\nWir siezen.");

  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM replies"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM posts WHERE idempotency_key = 'a1b2c3d4'"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM draft_variants"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* Version 3: replies written before it have no idempotency key, and no
   * account was fetched completely yet. */
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM replies WHERE idempotency_key IS NULL"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT synced_at FROM accounts WHERE id = 1"), ==, 0);

  /* Version 4: the old post keeps its key and state and now carries its
   * draft, channel and text (and is found by them); old variants count as
   * the user's own text. */
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM posts WHERE idempotency_key = 'a1b2c3d4'"
                                     " AND state = 'posted' AND draft_id = 1 AND channel = 'mastodon'"
                                     " AND text = 'Die ersten Äpfel sind reif! 🍎'"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'apfel'"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT customized FROM draft_variants WHERE id = 1"), ==, 1);

  /* Version 5: old comments are in the inbox order index, and a page of
   * the inbox comes in the default order without sorting. */
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM comments INDEXED BY comments_inbox_order"
                                     " WHERE channel IS NOT NULL"), ==, 3);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM comments INDEXED BY comments_demo"
                                     " WHERE is_demo = 1"), ==, 0);

  /* Version 6: the answered comment changed its state when its reply was
   * sent; the others have no time yet. Changing a state (to ignored, as
   * the reply pane does) stamps it; changing something else does not. */
  g_assert_cmpint (query_int64 (raw, "SELECT state_changed_at FROM comments WHERE remote_id = '110002'"), ==,
                   1700000360);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM comments WHERE remote_id = '110003'"
                                     " AND state_changed_at IS NULL"), ==, 1);
  {
    gint64 before = g_get_real_time () / G_USEC_PER_SEC;
    gint64 id = query_int64 (raw, "SELECT id FROM comments WHERE remote_id = '110004'");
    gint64 unchanged = query_int64 (raw, "SELECT ifnull (state_changed_at, -1) FROM comments WHERE id = 1 + 2");
    gint64 stamped;

    g_assert_cmpint (id, ==, 3);
    g_assert_true (rz_database_set_comment_sentiment (db, id, RZ_SENTIMENT_POSITIVE, &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int64 (raw, "SELECT ifnull (state_changed_at, -1) FROM comments WHERE id = 3"), ==,
                     unchanged);
    g_assert_true (rz_database_set_comment_state (db, id, RZ_COMMENT_STATE_IGNORED, &error));
    g_assert_no_error (error);
    stamped = query_int64 (raw, "SELECT state_changed_at FROM comments WHERE remote_id = '110004'");
    g_assert_cmpint (stamped, >=, before);
    g_assert_cmpint (stamped, <=, g_get_real_time () / G_USEC_PER_SEC + 1);
    /* Back, so that opening the file again finds it as it was. */
    g_assert_true (rz_database_set_comment_state (db, id, RZ_COMMENT_STATE_OPEN, &error));
    g_assert_true (rz_database_set_comment_sentiment (db, id, RZ_SENTIMENT_NEUTRAL, &error));
    g_assert_no_error (error);
  }
  /* Version 7: the moderation log starts empty, and a row of it keeps
   * its comment's id while the comment is there. */
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM moderation_log"), ==, 0);
  {
    g_autoptr(GPtrArray) log = NULL;

    g_assert_cmpint (sqlite3_exec (raw, "SAVEPOINT v7;"
                                        " INSERT INTO moderation_log (comment_id, account_id, channel, remote_id,"
                                        "   action, excerpt, sentiment, created_at)"
                                        "   VALUES (3, 1, 'mastodon', '110004', 'spam', 'Do you sell honey too?', 0, 1700000600);",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    log = rz_database_list_moderation (db, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (log->len, ==, 1);
    g_assert_cmpint (((RzModerationEntry *) log->pdata[0])->action, ==, RZ_MODERATION_ACTION_SPAM);
    g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO moderation_log (channel, remote_id, action)"
                                        " VALUES ('mastodon', 'x', 'delete')", NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
    g_assert_cmpint (sqlite3_exec (raw, "ROLLBACK TO v7; RELEASE v7;", NULL, NULL, NULL), ==, SQLITE_OK);
  }
  g_clear_pointer (&comments, g_ptr_array_unref);
  comments = rz_database_list_inbox (db, NULL, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_remote_id (comments->pdata[0]), ==, "110003");
}

static void
test_migrate_from_every_version (void)
{
  for (int version = 1; version < rz_migrations_get_latest (); version++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/from-v%d", g_get_user_data_dir (), version);
      g_autofree char *path = g_build_filename (dir, "resonanz.db", NULL);
      g_autofree char *backup = g_strdup_printf ("%s.v%d.bak", path, version);
      g_autofree char *latest = NULL;
      g_autoptr(GBytes) old_bytes = NULL;
      g_autoptr(GBytes) backup_bytes = NULL;
      g_autoptr(GError) error = NULL;
      RzDatabase *db;

      g_test_message ("Migrating from version %d", version);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      load_dump (path, version);
      old_bytes = read_file (path);

      db = rz_database_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rz_database_get_user_version (db), ==, rz_migrations_get_latest ());
      g_assert_cmpint (query_int64 (rz_database_get_handle (db), "PRAGMA user_version"), ==,
                       rz_migrations_get_latest ());
      check_rows_survived (db);
      g_object_unref (db);

      /* The copy taken before migrating is the old file, byte for byte,
       * and what "restore backup" would choose. */
      g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
      backup_bytes = read_file (backup);
      g_assert_true (g_bytes_equal (old_bytes, backup_bytes));
      latest = rz_database_dup_latest_backup (path);
      g_assert_cmpstr (latest, ==, backup);

      /* Opening again migrates nothing and keeps the rows. */
      db = rz_database_open (path, &error);
      g_assert_no_error (error);
      check_rows_survived (db);
      g_object_unref (db);
    }
}

static void
test_migrated_schema_matches_fresh (void)
{
  g_autofree char *fresh_path = g_build_filename (g_get_user_data_dir (), "fresh.db", NULL);
  g_autofree char *fresh = NULL;
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  db = rz_database_open (fresh_path, &error);
  g_assert_no_error (error);
  fresh = dup_schema (rz_database_get_handle (db));
  g_object_unref (db);

  for (int version = 1; version < rz_migrations_get_latest (); version++)
    {
      g_autofree char *path = g_strdup_printf ("%s/old-v%d.db", g_get_user_data_dir (), version);
      g_autofree char *migrated = NULL;

      load_dump (path, version);
      db = rz_database_open (path, &error);
      g_assert_no_error (error);
      migrated = dup_schema (rz_database_get_handle (db));
      g_object_unref (db);

      g_assert_cmpstr (migrated, ==, fresh);
    }
}

static void
test_empty_file (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *backup = g_strconcat (path, ".v0.bak", NULL);
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  /* An empty file is a database at version 0, with nothing to back up. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rz_database_get_user_version (db), ==, rz_migrations_get_latest ());
  g_object_unref (db);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
}

static void
test_hot_journal (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "hot", NULL);
  g_autofree char *path = g_build_filename (dir, "resonanz.db", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *live = g_build_filename (dir, "live.db", NULL);
  g_autofree char *live_journal = g_strconcat (live, "-journal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *raw = NULL;
  RzDatabase *db;

  /* An old file left by a crash in the middle of a write: the rollback
   * journal is "hot" and must be replayed, which a read-only look at the
   * file cannot do. The open must still check, migrate and keep the rows
   * as they were before the interrupted write. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  load_dump (live, 1);
  g_assert_cmpint (sqlite3_open (live, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA cache_size = 1; BEGIN;"
                                      " UPDATE comments SET text = 'halb geschrieben';"
                                      " WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                                      " INSERT INTO comments (account_id, channel, remote_id, text)"
                                      "   SELECT 1, 'mastodon', 'x' || i, hex (zeroblob (2500)) FROM n;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (g_file_test (live_journal, G_FILE_TEST_EXISTS));

  /* Copy the file and its journal as they are at this moment. */
  g_file_get_contents (live, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (live_journal, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (journal, contents, length, &error);
  g_assert_no_error (error);
  sqlite3_exec (raw, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (raw);

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rz_database_get_user_version (db), ==, rz_migrations_get_latest ());
  check_rows_survived (db);
  g_object_unref (db);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
test_failed_migration_rolls_back (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  /* A table in the way makes migration 2 fail half-way; the file must
   * stay at version 1 with no trace of version 2. */
  g_assert_cmpint (sqlite3_open (":memory:", &raw), ==, SQLITE_OK);
  g_assert_true (rz_migrations_apply (raw, 1, &error));
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE drafts_fts (x)", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (rz_migrations_apply (raw, rz_migrations_get_latest (), &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED);
  g_assert_cmpint (query_int64 (raw, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int64 (raw, "SELECT count(*) FROM sqlite_schema WHERE name IN ('reply_templates', 'comments_fts')"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (raw));
  sqlite3_close (raw);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/migrations/dumps-match-migrations", test_dumps_match_migrations);
  g_test_add_func ("/rz/storage/migrations/from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/rz/storage/migrations/schema-matches-fresh", test_migrated_schema_matches_fresh);
  g_test_add_func ("/rz/storage/migrations/empty-file", test_empty_file);
  g_test_add_func ("/rz/storage/migrations/hot-journal", test_hot_journal);
  g_test_add_func ("/rz/storage/migrations/failed-migration-rolls-back", test_failed_migration_rolls_back);

  return g_test_run ();
}
