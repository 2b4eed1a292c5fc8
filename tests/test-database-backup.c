/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-test-async.h"

/* Daily backups through SQLite's online backup: one a day, the newest
 * N kept, taken while the database is open and written to; restoring
 * takes the newest backup that reads back whole and passes over damaged
 * ones. */

static char *
db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "resonanz", "resonanz.db", NULL);
}

static GDateTime *
day (int month,
     int day_of_month)
{
  return g_date_time_new_local (2026, month, day_of_month, 12, 0, 0);
}

static gint64
save_text (RzDatabase *db,
           gint64      id,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = NULL;

  if (id != 0)
    {
      draft = rz_database_load_draft (db, id, &error);
      g_assert_no_error (error);
    }
  else
    {
      draft = rz_draft_new ();
      rz_draft_add_channel (draft, "mastodon");
    }
  rz_draft_set_core_text (draft, text);
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  return rz_draft_get_id (draft);
}

/* Reads a file without writing to it: backups stay as they were made. */
static char *
text_of (const char *path,
         gint64      id)
{
  g_autofree char *uri = g_strconcat ("file:", path, "?immutable=1", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT core_text FROM drafts WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* Bytes 18 and 19 of the header: 1 for a rollback journal, 2 for WAL. */
static int
file_format_version (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  return contents[18];
}

static guint
count_daily_backups (const char *path)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_suffix (name, ".tmp"));
      if (strstr (name, ".daily-") != NULL)
        n++;
    }
  return n;
}

static void
set_mtime (const char *path,
           GDateTime  *when)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                              g_date_time_to_unix (when),
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_no_error (error);
}

static void
corrupt (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  /* Keep the header, wreck the pages after it. */
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >, 8192);
  memset (contents + 4096, 0x5a, length - 4096);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static void
test_one_a_day_and_rotation (void)
{
  g_autofree char *path = db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = rz_database_open (path, &error);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  gint64 id;

  g_assert_no_error (error);
  id = save_text (db, 0, "Montag");

  {
    g_autoptr(GDateTime) monday = day (3, 2);

    first = rz_database_backup_daily (db, monday, 3, &error);
    g_assert_no_error (error);
    g_assert_nonnull (first);
    g_assert_true (g_str_has_suffix (first, "resonanz.db.daily-2026-03-02.bak"));

    /* The same day again: nothing new, and no error. */
    save_text (db, id, "Montag, später");
    again = rz_database_backup_daily (db, monday, 3, &error);
    g_assert_no_error (error);
    g_assert_null (again);
  }

  /* The copy is the database as it was, a closed file of its own. */
  {
    g_autofree char *text = text_of (first, id);

    g_assert_cmpstr (text, ==, "Montag");
    /* Not in WAL mode, while the database is. */
    g_assert_cmpint (file_format_version (first), ==, 1);
    g_assert_cmpint (file_format_version (path), ==, 2);
  }

  /* Five more days; three are kept, the newest. */
  for (int d = 3; d <= 7; d++)
    {
      g_autoptr(GDateTime) when = day (3, d);
      g_autofree char *text = g_strdup_printf ("Tag %d", d);
      g_autofree char *made = NULL;

      save_text (db, id, text);
      made = rz_database_backup_daily (db, when, 3, &error);
      g_assert_no_error (error);
      g_assert_nonnull (made);
    }
  g_assert_cmpuint (count_daily_backups (path), ==, 3);
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
  {
    g_autofree char *newest = g_strconcat (path, ".daily-2026-03-07.bak", NULL);
    g_autofree char *oldest_kept = g_strconcat (path, ".daily-2026-03-05.bak", NULL);
    g_autofree char *dropped = g_strconcat (path, ".daily-2026-03-04.bak", NULL);
    g_autofree char *text = text_of (newest, id);

    g_assert_cmpstr (text, ==, "Tag 7");
    g_assert_true (g_file_test (oldest_kept, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (dropped, G_FILE_TEST_EXISTS));
  }
}

/* On the worker, while the main thread keeps writing. */
static void
test_async_while_writing (void)
{
  g_autofree char *path = db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = rz_database_open (path, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *made = NULL;
  g_autofree char *text = NULL;
  gint64 id;
  guint n = 0;

  g_assert_no_error (error);
  id = save_text (db, 0, "Vorher");
  rz_database_backup_daily_async (db, RZ_DATABASE_BACKUP_KEEP_DAYS, NULL, rz_test_store_result, &result);
  while (result == NULL)
    {
      g_autofree char *step = g_strdup_printf ("Schritt %u", ++n);

      save_text (db, 0, step);
      g_main_context_iteration (NULL, FALSE);
    }
  made = rz_database_backup_daily_finish (db, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  text = text_of (made, id);
  g_assert_cmpstr (text, ==, "Vorher");

  /* Once a day: the next call today makes none. */
  g_clear_object (&result);
  rz_database_backup_daily_async (db, RZ_DATABASE_BACKUP_KEEP_DAYS, NULL, rz_test_store_result, &result);
  rz_test_wait_for (&result);
  g_clear_pointer (&made, g_free);
  made = rz_database_backup_daily_finish (db, result, &error);
  g_assert_no_error (error);
  g_assert_null (made);
}

/* The database is damaged; the newest backup too. Restore takes the
 * newest one that reads back whole. */
static void
test_restore_skips_damaged (void)
{
  g_autofree char *path = db_path ();
  g_autofree char *older = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  {
    g_autoptr(RzDatabase) db = rz_database_open (path, &error);
    g_autoptr(GDateTime) tuesday = day (3, 3);
    g_autoptr(GDateTime) wednesday = day (3, 4);

    g_assert_no_error (error);
    id = save_text (db, 0, "Dienstag");
    /* Enough rows that the pages after the first hold data. */
    for (guint i = 0; i < 40; i++)
      save_text (db, 0, "Füllstoff für ein paar Seiten mehr, damit die Datei wächst.");
    older = rz_database_backup_daily (db, tuesday, 7, &error);
    g_assert_no_error (error);
    save_text (db, id, "Mittwoch");
    newer = rz_database_backup_daily (db, wednesday, 7, &error);
    g_assert_no_error (error);
    set_mtime (older, tuesday);
    set_mtime (newer, wednesday);
  }

  latest = rz_database_dup_latest_backup (path);
  g_assert_cmpstr (latest, ==, newer);

  corrupt (path);
  corrupt (newer);
  {
    g_autoptr(RzDatabase) damaged = rz_database_open (path, &error);

    g_assert_null (damaged);
    g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
    g_clear_error (&error);
  }

  g_assert_true (rz_database_restore_backup (path, &error));
  g_assert_no_error (error);
  text = text_of (path, id);
  g_assert_cmpstr (text, ==, "Dienstag");

  /* The damaged files stay: the database moved aside, the backup in place. */
  g_assert_true (g_file_test (newer, G_FILE_TEST_EXISTS));
}

static void
test_restore_all_damaged (void)
{
  g_autofree char *path = db_path ();
  g_autofree char *only = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(RzDatabase) db = rz_database_open (path, &error);
    g_autoptr(GDateTime) monday = day (3, 2);

    g_assert_no_error (error);
    for (guint i = 0; i < 40; i++)
      save_text (db, 0, "Füllstoff für ein paar Seiten mehr, damit die Datei wächst.");
    only = rz_database_backup_daily (db, monday, 7, &error);
    g_assert_no_error (error);
  }
  corrupt (path);
  corrupt (only);

  g_assert_false (rz_database_restore_backup (path, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT);
  /* Nothing was moved: the user can still start fresh. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/database/backup/one-a-day-and-rotation", test_one_a_day_and_rotation);
  g_test_add_func ("/rz/database/backup/async-while-writing", test_async_while_writing);
  g_test_add_func ("/rz/database/backup/restore-skips-damaged", test_restore_skips_damaged);
  g_test_add_func ("/rz/database/backup/restore-all-damaged", test_restore_all_damaged);

  return g_test_run ();
}
