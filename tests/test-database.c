/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <utime.h>

#include "rz-comment.h"
#include "rz-database-private.h"
#include "rz-migrations.h"
#include "rz-test-async.h"

/* Every test runs with its own temporary XDG_DATA_HOME, so the default
 * path is a fresh, empty place. */

static RzDatabase *
open_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (RZ_IS_DATABASE (db));
  return db;
}

static RzDatabase *
open_default (void)
{
  g_autofree char *path = rz_database_dup_default_path ();

  return open_database (path);
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

static void
write_file (const char   *path,
            const void   *data,
            gsize         length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static void
set_mtime (const char *path,
           time_t      mtime)
{
  struct utimbuf times = { mtime, mtime };

  g_assert_cmpint (g_utime (path, &times), ==, 0);
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
add_account (RzDatabase *db)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = rz_database_add_account (db, "mastodon", "Bäckerei", "https://social.example", "@baeckerei", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static RzComment *
make_comment (gint64          account_id,
              const char     *remote_id,
              const char     *text,
              gint64          created_at,
              RzSentiment     sentiment,
              RzCommentState  state)
{
  RzComment *comment = rz_comment_new ();

  rz_comment_set_account_id (comment, account_id);
  rz_comment_set_channel (comment, "mastodon");
  rz_comment_set_remote_id (comment, remote_id);
  rz_comment_set_author (comment, "Anna");
  rz_comment_set_text (comment, text);
  rz_comment_set_created_at (comment, created_at);
  rz_comment_set_sentiment (comment, sentiment);
  rz_comment_set_state (comment, state);
  return comment;
}

static gint64
add_comment (RzDatabase     *db,
             gint64          account_id,
             const char     *remote_id,
             const char     *text,
             gint64          created_at,
             RzSentiment     sentiment,
             RzCommentState  state)
{
  g_autoptr(RzComment) comment = make_comment (account_id, remote_id, text, created_at, sentiment, state);
  g_autoptr(GError) error = NULL;
  gboolean is_new = FALSE;

  rz_database_add_comment (db, comment, &is_new, &error);
  g_assert_no_error (error);
  g_assert_true (is_new);
  g_assert_cmpint (rz_comment_get_id (comment), >, 0);
  return rz_comment_get_id (comment);
}

static void
test_open_creates (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *v1_backup = g_strconcat (path, ".v1.bak", NULL);
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzComment) orphan = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/resonanz/resonanz.db"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  db = open_database (path);
  g_assert_cmpstr (rz_database_get_path (db), ==, path);
  g_assert_cmpint (rz_database_get_user_version (db), ==, RZ_DATABASE_SCHEMA_VERSION);
  g_assert_cmpint (RZ_DATABASE_SCHEMA_VERSION, >=, 2);

  /* The folder is private to the user. */
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, RZ_DATABASE_SCHEMA_VERSION);
  g_assert_cmpint (query_int64 (db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), ==, 1);
  g_assert_cmpint (query_int64 (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int64 (db, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'comments_fts'"), ==, 1);

  /* WAL for real: a write goes to the -wal file first. */
  add_account (db);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* Foreign keys for real: a comment of an unknown account is refused. */
  orphan = make_comment (4242, "x1", "Hallo", 1, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  g_assert_false (rz_database_add_comment (db, orphan, NULL, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);

  /* A fresh database needs no backup. */
  g_assert_false (g_file_test (v1_backup, G_FILE_TEST_EXISTS));
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *backup = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 account;

  db = open_database (path);
  account = add_account (db);
  add_comment (db, account, "r1", "Habt ihr morgen offen?", 100, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  g_clear_object (&db);

  db = open_database (path);
  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_text (comments->pdata[0]), ==, "Habt ihr morgen offen?");

  /* Opening a current database is no migration: no backup appears. */
  backup = rz_database_dup_latest_backup (path);
  g_assert_null (backup);
}

static void
test_open_after_crash (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *crashed = g_build_filename (dir, "crashed.db", NULL);
  g_autofree char *crashed_wal = g_strconcat (crashed, "-wal", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzDatabase) reopened = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account;

  /* A snapshot taken while the app runs looks like a crash: the newest
   * rows are only in the WAL, and the -shm is missing. */
  db = open_database (path);
  account = add_account (db);
  add_comment (db, account, "r1", "Nur im WAL", 100, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  g_assert_true (rz_storage_copy_file (path, crashed, &error));
  g_assert_true (rz_storage_copy_file (wal, crashed_wal, &error));
  g_assert_no_error (error);

  reopened = open_database (crashed);
  comments = rz_database_list_comments (reopened, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_text (comments->pdata[0]), ==, "Nur im WAL");
}

static void
test_error_mapping (void)
{
  static const struct {
    int rc;
    RzStorageError code;
  } cases[] = {
    { SQLITE_CORRUPT, RZ_STORAGE_ERROR_CORRUPT },
    { SQLITE_NOTADB, RZ_STORAGE_ERROR_CORRUPT },
    { SQLITE_CORRUPT_INDEX, RZ_STORAGE_ERROR_CORRUPT },
    { SQLITE_FULL, RZ_STORAGE_ERROR_FULL },
    { SQLITE_CANTOPEN, RZ_STORAGE_ERROR_IO },
    { SQLITE_IOERR_WRITE, RZ_STORAGE_ERROR_IO },
    { SQLITE_READONLY, RZ_STORAGE_ERROR_IO },
    { SQLITE_BUSY, RZ_STORAGE_ERROR_BUSY },
    { SQLITE_BUSY_SNAPSHOT, RZ_STORAGE_ERROR_BUSY },
    { SQLITE_LOCKED, RZ_STORAGE_ERROR_BUSY },
    { SQLITE_CONSTRAINT_UNIQUE, RZ_STORAGE_ERROR_CONSTRAINT },
    { SQLITE_ERROR, RZ_STORAGE_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rz_storage_set_error (&error, NULL, cases[i].rc));
      g_assert_error (error, RZ_STORAGE_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, sqlite3_errstr (cases[i].rc)));
    }
}

static void
test_corrupt_random_bytes (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 garbage[8192];
  RzDatabase *db;

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (path, garbage, sizeof garbage);
  before = read_file (path);

  db = rz_database_open (path, &error);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
  g_assert_null (db);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_corrupt_page (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint8 *page = NULL;
  RzDatabase *damaged;
  gint64 account;
  gint64 root_page;
  gint64 page_size;
  FILE *file;

  db = open_database (path);
  account = add_account (db);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("r%u", i);
      g_autofree char *text = g_strdup_printf ("Kommentar %u: %s", i,
                                               "Die Brötchen waren heute wieder wunderbar knusprig.");

      add_comment (db, account, remote_id, text, i, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
    }
  root_page = query_int64 (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'comments'");
  page_size = query_int64 (db, "PRAGMA page_size");
  g_assert_cmpint (query_int64 (db, "PRAGMA page_count"), >, root_page + 10);
  g_clear_object (&db);

  /* Garbage over the comments table's root page: the header is intact,
   * so only the quick check on open can notice. */
  page = g_malloc (page_size);
  for (gint64 i = 0; i < page_size; i++)
    page[i] = g_rand_int_range (rand, 0, 256);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (root_page - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (page, 1, page_size, file), ==, (gsize) page_size);
  g_assert_cmpint (fclose (file), ==, 0);
  before = read_file (path);

  damaged = rz_database_open (path, &error);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
  g_assert_null (damaged);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_too_new (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;
  RzDatabase *db;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_true (rz_migrations_apply (raw, rz_migrations_get_latest (), &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
  before = read_file (path);

  db = rz_database_open (path, &error);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW);
  g_assert_null (db);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_latest_backup (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *v1 = g_strconcat (path, ".v1.bak", NULL);
  g_autofree char *v2 = g_strconcat (path, ".v2.bak", NULL);
  g_autofree char *daily = g_strconcat (path, ".daily-2024-01-02.bak", NULL);
  g_autofree char *found = NULL;
  const char *ignored[] = {
    ".v2.bak.tmp", ".daily-foo.bak", ".vx.bak", ".damaged-20240101-101010", "-wal",
  };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_null (rz_database_dup_latest_backup (path));

  write_file (v1, "1", 1);
  write_file (v2, "2", 1);
  write_file (daily, "d", 1);
  set_mtime (v1, 1000);
  set_mtime (v2, 2000);
  set_mtime (daily, 3000);

  /* Newer, but not backups of this database. */
  for (guint i = 0; i < G_N_ELEMENTS (ignored); i++)
    {
      g_autofree char *other = g_strconcat (path, ignored[i], NULL);

      write_file (other, "x", 1);
      set_mtime (other, 9000);
    }
  {
    g_autofree char *other = g_build_filename (dir, "other.db.v9.bak", NULL);

    write_file (other, "x", 1);
    set_mtime (other, 9000);
  }

  found = rz_database_dup_latest_backup (path);
  g_assert_cmpstr (found, ==, daily);
  g_clear_pointer (&found, g_free);

  set_mtime (v1, 4000);
  found = rz_database_dup_latest_backup (path);
  g_assert_cmpstr (found, ==, v1);
}

static char *
find_damaged (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".damaged-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static void
test_restore_backup (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *good = g_strconcat (path, ".daily-2024-05-01.bak", NULL);
  g_autofree char *older = g_strconcat (path, ".v1.bak", NULL);
  g_autofree char *damaged = NULL;
  g_autofree char *damaged_wal = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GBytes) backup_bytes = NULL;
  g_autoptr(GBytes) restored = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gint64 account;

  /* Nothing to restore yet. */
  g_assert_false (rz_database_restore_backup (path, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  db = open_database (path);
  account = add_account (db);
  add_comment (db, account, "r1", "Gerettet", 100, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  g_clear_object (&db);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (rz_storage_copy_file (path, good, &error));
  g_assert_no_error (error);
  write_file (older, "not a database at all", 21);
  set_mtime (older, 1000);
  backup_bytes = read_file (good);

  /* The file is wrecked, with a stale WAL and -shm next to it. */
  write_file (path, "garbage garbage garbage", 23);
  write_file (wal, "old wal", 7);
  write_file (shm, "old shm", 7);

  g_assert_true (rz_database_restore_backup (path, &error));
  g_assert_no_error (error);

  restored = read_file (path);
  g_assert_true (g_bytes_equal (restored, backup_bytes));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* The damaged file is kept aside, unchanged, with its WAL. */
  damaged = find_damaged (path);
  g_assert_nonnull (damaged);
  kept = read_file (damaged);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "garbage garbage garbage", 23);
  damaged_wal = g_strconcat (damaged, "-wal", NULL);
  g_assert_true (g_file_test (damaged_wal, G_FILE_TEST_EXISTS));

  db = open_database (path);
  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_text (comments->pdata[0]), ==, "Gerettet");
}

static void
test_restore_damaged_backup (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *backup = g_strconcat (path, ".v1.bak", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (path, "broken", 6);
  write_file (backup, "also broken, and longer than a header would be", 47);
  before = read_file (path);

  /* A broken backup is refused before anything is moved. */
  g_assert_false (rz_database_restore_backup (path, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  damaged = find_damaged (path);
  g_assert_null (damaged);
}

static void
test_move_aside (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *moved_to = NULL;
  g_autofree char *moved_again = NULL;
  g_autofree char *moved_wal = NULL;
  g_autofree char *moved_shm = NULL;
  g_autofree char *prefix = g_strconcat (path, ".damaged-", NULL);
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  g_assert_false (rz_database_move_aside (path, &moved_to, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_assert_null (moved_to);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_file (path, "damaged", 7);
  write_file (wal, "wal", 3);
  write_file (shm, "shm", 3);

  g_assert_true (rz_database_move_aside (path, &moved_to, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (moved_to, prefix));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  kept = read_file (moved_to);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "damaged", 7);
  moved_wal = g_strconcat (moved_to, "-wal", NULL);
  moved_shm = g_strconcat (moved_to, "-shm", NULL);
  g_assert_true (g_file_test (moved_wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (moved_shm, G_FILE_TEST_EXISTS));

  /* The same second again never overwrites the first. */
  write_file (path, "again", 5);
  g_assert_true (rz_database_move_aside (path, &moved_again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (moved_again, !=, moved_to);
  g_assert_true (g_file_test (moved_to, G_FILE_TEST_EXISTS));

  /* Afterwards a new database can be started at the old path. */
  db = open_database (path);
  g_object_unref (db);
}

static void
test_comment_dedup (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzComment) again = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_new = TRUE;
  gint64 account = add_account (db);
  gint64 other_account = add_account (db);
  gint64 id;
  guint n = 0;

  id = add_comment (db, account, "109", "Erste Fassung", 100, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);

  /* The user handles it and corrects the sentiment... */
  g_assert_true (rz_database_set_comment_state (db, id, RZ_COMMENT_STATE_ANSWERED, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_set_comment_sentiment (db, id, RZ_SENTIMENT_POSITIVE, &error));
  g_assert_no_error (error);

  /* ...then the sync fetches it again, edited, and classified anew. */
  again = make_comment (account, "109", "Zweite Fassung", 100, RZ_SENTIMENT_CRITICAL, RZ_COMMENT_STATE_OPEN);
  g_assert_true (rz_database_add_comment (db, again, &is_new, &error));
  g_assert_no_error (error);
  g_assert_false (is_new);
  g_assert_cmpint (rz_comment_get_id (again), ==, id);
  g_assert_cmpint (rz_comment_get_state (again), ==, RZ_COMMENT_STATE_ANSWERED);
  g_assert_cmpint (rz_comment_get_sentiment (again), ==, RZ_SENTIMENT_POSITIVE);

  g_assert_true (rz_database_count_comments (db, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);

  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_comment_get_text (comments->pdata[0]), ==, "Zweite Fassung");
  g_assert_cmpint (rz_comment_get_state (comments->pdata[0]), ==, RZ_COMMENT_STATE_ANSWERED);
  g_assert_cmpint (rz_comment_get_sentiment (comments->pdata[0]), ==, RZ_SENTIMENT_POSITIVE);

  /* The same remote id on another account is another comment. */
  add_comment (db, other_account, "109", "Anderes Konto", 100, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  g_assert_true (rz_database_count_comments (db, &n, &error));
  g_assert_cmpuint (n, ==, 2);

  g_assert_false (rz_database_set_comment_state (db, 9999, RZ_COMMENT_STATE_DONE, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

static void
test_comment_order (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db);
  /* Expected order: open critical (oldest first), open (oldest first),
   * then handled (newest first). */
  struct {
    const char *remote_id;
    gint64 created_at;
    RzSentiment sentiment;
    RzCommentState state;
  } rows[] = {
    { "handled-old", 100, RZ_SENTIMENT_CRITICAL, RZ_COMMENT_STATE_ANSWERED },
    { "open-new", 900, RZ_SENTIMENT_POSITIVE, RZ_COMMENT_STATE_OPEN },
    { "critical-new", 800, RZ_SENTIMENT_CRITICAL, RZ_COMMENT_STATE_OPEN },
    { "handled-new", 1000, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_DONE },
    { "open-old", 200, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN },
    { "critical-old", 300, RZ_SENTIMENT_CRITICAL, RZ_COMMENT_STATE_OPEN },
    { "ignored-mid", 500, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_IGNORED },
  };
  const char *expected[] = {
    "critical-old", "critical-new", "open-old", "open-new",
    "handled-new", "ignored-mid", "handled-old",
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    add_comment (db, account, rows[i].remote_id, rows[i].remote_id, rows[i].created_at,
                 rows[i].sentiment, rows[i].state);

  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < comments->len; i++)
    g_assert_cmpstr (rz_comment_get_remote_id (comments->pdata[i]), ==, expected[i]);

  /* Pages are slices of the same order. */
  page = rz_database_list_comments (db, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpstr (rz_comment_get_remote_id (page->pdata[0]), ==, "open-old");
  g_assert_cmpstr (rz_comment_get_remote_id (page->pdata[2]), ==, "handled-new");
}

static guint
search_count (RzDatabase *db,
              const char *query)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = rz_database_search_comments (db, query, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results->len;
}

static void
test_search (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzComment) edited = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db);
  const char *hostile[] = {
    "\"", "\"\"", "AND (", "(", ")", "*", "-", "NEAR(", "OR", "NOT", "text:",
    "author:Anna", "^Brötchen", "Brötchen\"", "a\"b", "{text}: x", "' OR 1=1 --",
    "\xff\xfe", "", "   ",
  };

  add_comment (db, account, "1", "Wann gibt es wieder Brötchen mit Kürbiskernen?", 100,
               RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  add_comment (db, account, "2", "Die Torte war großartig, danke!", 200,
               RZ_SENTIMENT_POSITIVE, RZ_COMMENT_STATE_OPEN);
  add_comment (db, account, "3", "Are you open on Sunday? Brötchen to go?", 300,
               RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);

  g_assert_cmpuint (search_count (db, "Brötchen"), ==, 2);
  g_assert_cmpuint (search_count (db, "BRÖTCHEN"), ==, 2);
  g_assert_cmpuint (search_count (db, "brotchen"), ==, 2);
  g_assert_cmpuint (search_count (db, "Kürbis"), ==, 1);
  g_assert_cmpuint (search_count (db, "großartig"), ==, 1);
  g_assert_cmpuint (search_count (db, "Torte großartig"), ==, 1);
  g_assert_cmpuint (search_count (db, "Torte Sunday"), ==, 0);
  g_assert_cmpuint (search_count (db, "Sunday"), ==, 1);
  g_assert_cmpuint (search_count (db, "Bäckerei"), ==, 0);

  /* The best match comes first, whatever its age. */
  add_comment (db, account, "4", "Brötchen, Brötchen, Brötchen!", 50,
               RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
  results = rz_database_search_comments (db, "Brötchen", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 3);
  g_assert_cmpstr (rz_comment_get_remote_id (results->pdata[0]), ==, "4");
  g_clear_pointer (&results, g_ptr_array_unref);
  results = rz_database_search_comments (db, "Brötchen", 1, &error);
  g_assert_cmpuint (results->len, ==, 1);

  /* FTS5 syntax in the user's input is only text. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    search_count (db, hostile[i]);
  g_assert_cmpuint (search_count (db, "\"Brötchen"), ==, 3);
  g_assert_cmpuint (search_count (db, "(Torte)"), ==, 1);
  g_assert_cmpuint (search_count (db, "Torte OR Sunday"), ==, 0);
  g_assert_cmpuint (search_count (db, NULL), ==, 0);

  /* The index follows edits through the triggers. */
  edited = make_comment (account, "2", "Der Kuchen war großartig", 200,
                         RZ_SENTIMENT_POSITIVE, RZ_COMMENT_STATE_OPEN);
  g_assert_true (rz_database_add_comment (db, edited, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (db, "Torte"), ==, 0);
  g_assert_cmpuint (search_count (db, "Kuchen"), ==, 1);
}

/* run_async */

typedef struct
{
  GThread *main_thread;
  GMutex   mutex;
  GCond    cond;
  gboolean gate_open;
  gboolean gate_reached;
  GArray  *ran;        /* job indexes, in the order the worker ran them */
  GArray  *finished;   /* job indexes, in the order the callbacks came */
  guint    data_freed;
  guint    results_freed;
  GError  *last_error;
} AsyncTest;

typedef struct
{
  AsyncTest *test;
  guint      index;
  gboolean   wait_for_gate;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *job = data;

  g_atomic_int_inc (&job->test->data_freed);
  g_free (job);
}

static AsyncTest *result_owner;

static void
result_free (gpointer result)
{
  g_atomic_int_inc (&result_owner->results_freed);
  g_free (result);
}

static gpointer
ordered_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  JobData *job = data;
  guint *result;

  g_assert_true (g_thread_self () != job->test->main_thread);

  if (job->wait_for_gate)
    {
      g_mutex_lock (&job->test->mutex);
      job->test->gate_reached = TRUE;
      g_cond_broadcast (&job->test->cond);
      while (!job->test->gate_open)
        g_cond_wait (&job->test->cond, &job->test->mutex);
      g_mutex_unlock (&job->test->mutex);
    }
  else if (job->index == 0)
    {
      /* Slow first job: a second thread would overtake it. */
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
    }

  g_mutex_lock (&job->test->mutex);
  g_array_append_val (job->test->ran, job->index);
  g_mutex_unlock (&job->test->mutex);

  result = g_new (guint, 1);
  *result = job->index * 10;
  return result;
}

static void
ordered_job_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  JobData *job = user_data;
  AsyncTest *test = job->test;
  g_autoptr(GError) error = NULL;
  g_autofree guint *value = NULL;

  g_assert_true (g_thread_self () == test->main_thread);

  value = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (error != NULL)
    {
      g_assert_null (value);
      g_clear_error (&test->last_error);
      test->last_error = g_steal_pointer (&error);
    }
  else
    {
      g_assert_nonnull (value);
      g_assert_cmpuint (*value, ==, job->index * 10);
    }
  g_array_append_val (test->finished, job->index);
}

static void
async_test_init (AsyncTest *test)
{
  memset (test, 0, sizeof *test);
  test->main_thread = g_thread_self ();
  g_mutex_init (&test->mutex);
  g_cond_init (&test->cond);
  test->ran = g_array_new (FALSE, FALSE, sizeof (guint));
  test->finished = g_array_new (FALSE, FALSE, sizeof (guint));
  result_owner = test;
}

static void
async_test_clear (AsyncTest *test)
{
  g_array_unref (test->ran);
  g_array_unref (test->finished);
  g_clear_error (&test->last_error);
  g_mutex_clear (&test->mutex);
  g_cond_clear (&test->cond);
  result_owner = NULL;
}

static void
open_gate (AsyncTest *test)
{
  g_mutex_lock (&test->mutex);
  test->gate_open = TRUE;
  g_cond_broadcast (&test->cond);
  g_mutex_unlock (&test->mutex);
}

static JobData *
submit (RzDatabase   *db,
        AsyncTest    *test,
        guint         index,
        gboolean      wait_for_gate,
        GCancellable *cancellable)
{
  JobData *job = g_new0 (JobData, 1);

  job->test = test;
  job->index = index;
  job->wait_for_gate = wait_for_gate;
  rz_database_run_async (db, ordered_job, job, job_data_free, result_free,
                         cancellable, ordered_job_done, job);
  return job;
}

static void
wait_until_finished (AsyncTest *test,
                     guint      n_jobs)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (test->finished->len < n_jobs)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* The GTasks (and their data) go away once the worker let go of them. */
static void
wait_until_freed (RzDatabase **db,
                  AsyncTest   *test,
                  guint        n_data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  GWeakRef weak;

  g_weak_ref_init (&weak, *db);
  g_clear_object (db);
  for (;;)
    {
      GObject *still_alive = g_weak_ref_get (&weak);

      if (still_alive == NULL && (guint) g_atomic_int_get (&test->data_freed) == n_data)
        break;
      g_clear_object (&still_alive);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&weak);
}

static void
test_run_async_order (void)
{
  RzDatabase *db = open_default ();
  AsyncTest test;
  const guint n_jobs = 8;

  async_test_init (&test);
  for (guint i = 0; i < n_jobs; i++)
    submit (db, &test, i, FALSE, NULL);

  wait_until_finished (&test, n_jobs);
  g_assert_no_error (test.last_error);
  g_assert_cmpuint (test.ran->len, ==, n_jobs);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_assert_cmpuint (g_array_index (test.ran, guint, i), ==, i);
      g_assert_cmpuint (g_array_index (test.finished, guint, i), ==, i);
    }

  wait_until_freed (&db, &test, n_jobs);
  /* Every result was claimed by the callbacks, none freed behind them. */
  g_assert_cmpuint (test.results_freed, ==, 0);
  async_test_clear (&test);
}

static void
test_run_async_cancel (void)
{
  RzDatabase *db = open_default ();
  g_autoptr(GCancellable) before_start = g_cancellable_new ();
  g_autoptr(GCancellable) while_queued = g_cancellable_new ();
  g_autoptr(GCancellable) while_running = g_cancellable_new ();
  AsyncTest test;

  async_test_init (&test);
  g_cancellable_cancel (before_start);

  submit (db, &test, 0, TRUE, while_running);  /* blocks the worker */
  submit (db, &test, 1, FALSE, while_queued);
  submit (db, &test, 2, FALSE, before_start);
  submit (db, &test, 3, FALSE, NULL);

  /* Job 0 is running now, the others wait behind it. */
  g_mutex_lock (&test.mutex);
  while (!test.gate_reached)
    g_cond_wait (&test.cond, &test.mutex);
  g_mutex_unlock (&test.mutex);

  g_cancellable_cancel (while_queued);
  g_cancellable_cancel (while_running);
  open_gate (&test);

  wait_until_finished (&test, 4);

  /* Jobs 1 and 2 never ran; 0 ran but its result was dropped. */
  g_assert_cmpuint (test.ran->len, ==, 2);
  g_assert_cmpuint (g_array_index (test.ran, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (test.ran, guint, 1), ==, 3);
  g_assert_error (test.last_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  wait_until_freed (&db, &test, 4);
  g_assert_cmpuint (test.results_freed, ==, 1);
  async_test_clear (&test);
}

typedef struct
{
  gint64 account;
  guint  index;
} InsertData;

static gpointer
insert_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  InsertData *insert = data;
  g_autofree char *remote_id = g_strdup_printf ("worker-%u", insert->index);
  g_autoptr(RzComment) comment = make_comment (insert->account, remote_id, "vom Worker", insert->index,
                                               RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);

  if (!rz_database_add_comment (db, comment, NULL, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
insert_job_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (rz_database_run_finish (RZ_DATABASE (source), result, &error));
  g_assert_no_error (error);
  (*done)++;
}

static void
test_run_async_with_direct_calls (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  gint64 account = add_account (db);
  const guint n = 100;
  guint done = 0;
  guint count = 0;

  for (guint i = 0; i < n; i++)
    {
      InsertData *insert = g_new (InsertData, 1);

      insert->account = account;
      insert->index = i;
      rz_database_run_async (db, insert_job, insert, g_free, NULL, NULL, insert_job_done, &done);
    }

  /* Meanwhile the test thread writes and reads directly. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *remote_id = g_strdup_printf ("direct-%u", i);

      add_comment (db, account, remote_id, "direkt", i, RZ_SENTIMENT_NEUTRAL, RZ_COMMENT_STATE_OPEN);
      g_assert_true (rz_database_count_comments (db, &count, &error));
      g_assert_no_error (error);
    }

  while (done < n)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (rz_database_count_comments (db, &count, &error));
  g_assert_cmpuint (count, ==, 2 * n);
}

static void
test_open_async (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autofree char *broken = g_strconcat (path, ".broken", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  RzDatabase *none;

  rz_database_open_async (path, NULL, rz_test_store_result, &result);
  rz_test_wait_for (&result);
  db = rz_database_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (RZ_IS_DATABASE (db));
  g_assert_cmpint (rz_database_get_user_version (db), ==, RZ_DATABASE_SCHEMA_VERSION);
  g_clear_object (&result);

  write_file (broken, "this is no database, not even close to one", 42);
  rz_database_open_async (broken, NULL, rz_test_store_result, &result);
  rz_test_wait_for (&result);
  none = rz_database_open_finish (result, &error);
  g_assert_null (none);
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/database/open-creates", test_open_creates);
  g_test_add_func ("/rz/storage/database/reopen-keeps-data", test_reopen_keeps_data);
  g_test_add_func ("/rz/storage/database/open-after-crash", test_open_after_crash);
  g_test_add_func ("/rz/storage/database/error-mapping", test_error_mapping);
  g_test_add_func ("/rz/storage/database/corrupt/random-bytes", test_corrupt_random_bytes);
  g_test_add_func ("/rz/storage/database/corrupt/page", test_corrupt_page);
  g_test_add_func ("/rz/storage/database/too-new", test_too_new);
  g_test_add_func ("/rz/storage/database/recovery/latest-backup", test_latest_backup);
  g_test_add_func ("/rz/storage/database/recovery/restore", test_restore_backup);
  g_test_add_func ("/rz/storage/database/recovery/restore-damaged-backup", test_restore_damaged_backup);
  g_test_add_func ("/rz/storage/database/recovery/move-aside", test_move_aside);
  g_test_add_func ("/rz/storage/database/comments/dedup", test_comment_dedup);
  g_test_add_func ("/rz/storage/database/comments/order", test_comment_order);
  g_test_add_func ("/rz/storage/database/comments/search", test_search);
  g_test_add_func ("/rz/storage/database/run-async/order", test_run_async_order);
  g_test_add_func ("/rz/storage/database/run-async/cancel", test_run_async_cancel);
  g_test_add_func ("/rz/storage/database/run-async/direct-calls", test_run_async_with_direct_calls);
  g_test_add_func ("/rz/storage/database/open-async", test_open_async);

  return g_test_run ();
}
