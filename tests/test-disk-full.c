/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "rz-database-private.h"
#include "rz-draft.h"

/* Writing when the disk is full: a subprocess lowers its file size limit
 * (RLIMIT_FSIZE, with SIGXFSZ ignored, so writes fail with EFBIG just like
 * they fail with ENOSPC on a full disk), then saves a big draft. The save
 * must fail with RZ_STORAGE_ERROR_FULL and the translated "disk is full"
 * message, the draft must keep its previous text, in the same connection
 * and for the next start, and the file must check out. A daily backup
 * without room fails the same way and leaves no partial file. */

/* Not in the test's isolated data dir: the subprocess removes that one
 * when it ends. The parent makes the folder, the subprocess gets its path
 * through the environment. */
static char *
db_path (void)
{
  const char *dir = g_getenv ("RZ_TEST_DISK_FULL_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "disk-full.db", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

static gint64
save_small_draft (RzDatabase *db,
                  const char *text)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GError) error = NULL;

  rz_draft_set_core_text (draft, text);
  rz_draft_add_channel (draft, "mastodon");
  g_assert_true (rz_database_save_draft (db, draft, &error));
  g_assert_no_error (error);
  return rz_draft_get_id (draft);
}

static char *
stored_text (RzDatabase *db,
             gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = rz_database_load_draft (db, id, &error);

  g_assert_no_error (error);
  return g_strdup (rz_draft_get_core_text (draft));
}

static void
limit_file_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct rlimit limit;

  /* Room for a little, not for a megabyte. */
  limit.rlim_cur = limit.rlim_max = MAX (file_size (path), file_size (wal)) + 16 * 1024;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
}

static void
test_full_on_save (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autofree char *text = NULL;
  gint64 id;

  if (g_test_subprocess ())
    {
      g_autoptr(RzDraft) draft = NULL;
      g_autoptr(GString) big = g_string_new (NULL);
      g_autofree char *after = NULL;

      path = db_path ();

      db = rz_database_open (path, &error);
      g_assert_no_error (error);
      id = g_ascii_strtoll (g_getenv ("RZ_TEST_DISK_FULL_DRAFT"), NULL, 10);
      limit_file_size (path);

      draft = rz_database_load_draft (db, id, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < 20000; i++)
        g_string_append_printf (big, "Zeile %u mit frischen Brötchen. ", i);
      rz_draft_set_core_text (draft, big->str);
      g_assert_false (rz_database_save_draft (db, draft, &error));
      g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FULL);
      g_assert_nonnull (strstr (error->message, "The disk is full. Free some space, then try again."));
      g_printerr ("error shown: %s\n", error->message);
      g_clear_error (&error);

      /* The same connection still works and has the old text. */
      after = stored_text (db, id);
      g_assert_cmpstr (after, ==, "Vor dem vollen Laufwerk");

      /* A small write may fit again. */
      save_small_draft (db, "Klein");

      /* The daily backup, which needs room for a whole copy, fails the
       * same way and leaves nothing half-written behind. */
      {
        g_autoptr(GDateTime) today = g_date_time_new_now_local ();
        g_autofree char *made = NULL;
        g_autofree char *expected = g_strdup_printf ("%s.daily-%d-%02d-%02d.bak", path,
                                                     g_date_time_get_year (today),
                                                     g_date_time_get_month (today),
                                                     g_date_time_get_day_of_month (today));
        g_autofree char *tmp = g_strconcat (expected, ".tmp", NULL);
        struct rlimit limit = { 32 * 1024, 32 * 1024 };

        /* Less room than one copy needs. */
        g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
        made = rz_database_backup_daily (db, today, 7, &error);
        g_assert_null (made);
        g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FULL);
        g_clear_error (&error);
        g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
        g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
      }
      return;
    }

  dir = g_dir_make_tmp ("rz-disk-full-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("RZ_TEST_DISK_FULL_DIR", dir, TRUE);
  path = db_path ();

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  id = save_small_draft (db, "Vor dem vollen Laufwerk");
  g_clear_object (&db);

  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    g_setenv ("RZ_TEST_DISK_FULL_DRAFT", id_text, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_unsetenv ("RZ_TEST_DISK_FULL_DRAFT");
  }
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*error shown: The disk is full.*");

  /* The next start: intact, and the draft as it was. */
  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  text = stored_text (db, id);
  g_assert_cmpstr (text, ==, "Vor dem vollen Laufwerk");
  {
    g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (db));
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), "PRAGMA integrity_check",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
  }
  g_clear_object (&db);
  remove_tree (dir);
  g_unsetenv ("RZ_TEST_DISK_FULL_DIR");
}

/* The mapping itself: whatever way a full disk reaches SQLite, the user
 * reads the same sentence. */
static void
test_error_mapping (void)
{
  g_autoptr(GError) full = NULL;
  g_autoptr(GError) io = NULL;

  rz_storage_set_error (&full, NULL, SQLITE_FULL);
  g_assert_error (full, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FULL);
  g_assert_true (g_str_has_prefix (full->message, "The disk is full."));

  rz_storage_set_error (&io, NULL, SQLITE_IOERR_WRITE);
  g_assert_error (io, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/disk-full/save-keeps-old-state", test_full_on_save);
  g_test_add_func ("/rz/disk-full/error-mapping", test_error_mapping);

  return g_test_run ();
}
