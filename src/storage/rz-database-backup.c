/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rz-database-private.h"

/* Daily backups: "<name>.daily-YYYY-MM-DD.bak" next to the database, the
 * names rz-database-recovery.c restores from. SQLite's online backup copies
 * the open database page by page under a read lock, so the copy is
 * consistent (the WAL included) while Resonanz keeps running. */

#define DAILY_PREFIX ".daily-"
#define DAILY_SUFFIX ".bak"
/* Checked this often while the app runs; a backup is made once a day. */
#define CHECK_INTERVAL_SECONDS (60 * 60)

static char *
daily_name (const char *path,
            GDateTime  *day)
{
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  return g_strconcat (path, DAILY_PREFIX, date, DAILY_SUFFIX, NULL);
}

/* The date of a daily backup of @base ("resonanz.db"), or NULL. */
static const char *
daily_date (const char *base,
            const char *name)
{
  gsize base_len = strlen (base);
  const char *date;

  if (strncmp (name, base, base_len) != 0 || !g_str_has_prefix (name + base_len, DAILY_PREFIX))
    return NULL;
  date = name + base_len + strlen (DAILY_PREFIX);
  if (strlen (date) != strlen ("YYYY-MM-DD" DAILY_SUFFIX) || !g_str_has_suffix (date, DAILY_SUFFIX))
    return NULL;
  for (guint i = 0; i < strlen ("YYYY-MM-DD"); i++)
    if (i == 4 || i == 7 ? date[i] != '-' : !g_ascii_isdigit (date[i]))
      return NULL;
  return date;
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Removes all but the @keep_days newest daily backups; by date, so that a
 * week without Resonanz still leaves the last @keep_days days it ran. */
static void
rotate (const char *path,
        guint       keep_days)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (daily_date (base, name) != NULL)
      g_ptr_array_add (names, g_strdup (name));

  /* Same base, so the names sort by date. */
  g_ptr_array_sort (names, compare_names_newest_first);
  for (guint i = keep_days; i < names->len; i++)
    {
      g_autofree char *old = g_build_filename (dir_path, names->pdata[i], NULL);

      if (g_unlink (old) != 0)
        g_warning ("Could not remove the old backup %s: %s", old, g_strerror (errno));
      else
        g_debug ("Removed the old backup %s", old);
    }
}

/* Copies the open database into @target with sqlite3_backup_*() and
 * checks the copy. The copy leaves WAL mode so it is one closed file. */
static gboolean
copy_online (sqlite3     *source,
             const char  *target,
             GError     **error)
{
  sqlite3 *copy = NULL;
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  int saved_errno;
  int rc;

  rc = sqlite3_open_v2 (target, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  sqlite3_extended_result_codes (copy, 1);

  backup = sqlite3_backup_init (copy, "main", source, "main");
  if (backup == NULL)
    {
      rc = sqlite3_extended_errcode (copy);
      goto fail;
    }
  /* All pages in one step: the caller holds the connection's lock, so
   * nothing in this process writes meanwhile, and other processes wait
   * for the read lock at most as long as the copy takes. */
  rc = sqlite3_backup_step (backup, -1);
  saved_errno = errno;
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      /* The reason is on the destination connection; errno tells a full
       * disk from other write errors (see rz_storage_set_error()). */
      if (sqlite3_extended_errcode (copy) != SQLITE_OK)
        rc = sqlite3_extended_errcode (copy);
      errno = saved_errno;
      goto fail;
    }

  rc = sqlite3_exec (copy, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  rc = sqlite3_prepare_v2 (copy, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    goto fail;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      sqlite3_finalize (stmt);
      sqlite3_close (copy);
      return rz_storage_set_error (error, NULL, SQLITE_CORRUPT);
    }
  sqlite3_finalize (stmt);

  rc = sqlite3_close (copy);
  copy = NULL;
  if (rc != SQLITE_OK)
    goto fail;
  return TRUE;

fail:
  rz_storage_set_error (error, copy, rc);
  sqlite3_finalize (stmt);
  sqlite3_close (copy);
  return FALSE;
}

char *
rz_database_backup_daily (RzDatabase  *self,
                          GDateTime   *now,
                          guint        keep_days,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *target = NULL;
  g_autofree char *tmp = NULL;
  const char *path;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (keep_days > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();

  path = rz_database_get_path (self);
  target = daily_name (path, now);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      rotate (path, keep_days);
      return NULL;
    }

  tmp = g_strconcat (target, ".tmp", NULL);
  g_unlink (tmp);
  {
    g_autofree char *tmp_journal = g_strconcat (tmp, "-journal", NULL);

    g_unlink (tmp_journal);
  }

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!copy_online (rz_database_get_handle (self), tmp, error))
    {
      g_unlink (tmp);
      return NULL;
    }
  g_clear_pointer (&locker, g_rec_mutex_locker_free);

  /* Complete or not there at all. */
  if (g_rename (tmp, target) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp);
      g_set_error (error, RZ_STORAGE_ERROR,
                   saved_errno == ENOSPC ? RZ_STORAGE_ERROR_FULL : RZ_STORAGE_ERROR_IO,
                   /* Translators: %s is the system's reason. */
                   _("Could not save a copy of the database: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  g_debug ("Saved the daily backup %s", target);
  rotate (path, keep_days);
  return g_steal_pointer (&target);
}

static gpointer
backup_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  GError *local_error = NULL;
  char *made;

  made = rz_database_backup_daily (db, NULL, GPOINTER_TO_UINT (data), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  /* A non-NULL result for "nothing to do" too, so finish can tell. */
  return made != NULL ? made : g_strdup ("");
}

void
rz_database_backup_daily_async (RzDatabase          *self,
                                guint                keep_days,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RZ_IS_DATABASE (self));
  g_return_if_fail (keep_days > 0);

  rz_database_run_async (self, backup_job, GUINT_TO_POINTER (keep_days), NULL, g_free,
                         cancellable, callback, user_data);
}

char *
rz_database_backup_daily_finish (RzDatabase    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_autofree char *made = rz_database_run_finish (self, result, error);

  if (made == NULL || made[0] == '\0')
    return NULL;
  return g_steal_pointer (&made);
}

/* The schedule: a backup now, then a look every hour (a day may change
 * while Resonanz runs); stops when @cancellable is cancelled or the
 * database goes away. */
struct _RzBackupSchedule {
  GWeakRef      database;
  GCancellable *cancellable;
  guint         keep_days;
};

static void
schedule_clear (gpointer data)
{
  RzBackupSchedule *schedule = data;

  g_weak_ref_clear (&schedule->database);
  g_clear_object (&schedule->cancellable);
}

RzBackupSchedule *
rz_backup_schedule_ref (RzBackupSchedule *schedule)
{
  return g_rc_box_acquire (schedule);
}

void
rz_backup_schedule_unref (RzBackupSchedule *schedule)
{
  g_rc_box_release_full (schedule, schedule_clear);
}

/* From the next look on (within the hour); what is already deleted stays
 * deleted, and nothing is deleted at once. */
void
rz_backup_schedule_set_keep_days (RzBackupSchedule *schedule,
                                  guint             keep_days)
{
  g_return_if_fail (schedule != NULL);

  schedule->keep_days = MAX (keep_days, 1);
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  made = rz_database_backup_daily_finish (RZ_DATABASE (source), result, &error);
  /* A failed backup must not stop the user's work; the next hour tries
   * again, and the warning ends up in the journal. */
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not make the daily backup: %s", error->message);
}

static gboolean
schedule_tick (gpointer user_data)
{
  RzBackupSchedule *schedule = user_data;
  g_autoptr(RzDatabase) db = g_weak_ref_get (&schedule->database);

  if (db == NULL || g_cancellable_is_cancelled (schedule->cancellable))
    return G_SOURCE_REMOVE;

  rz_database_backup_daily_async (db, schedule->keep_days, schedule->cancellable,
                                  backup_done_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
schedule_cancelled_cb (GCancellable *cancellable,
                       GSource      *source)
{
  g_source_destroy (source);
}

RzBackupSchedule *
rz_database_schedule_daily_backups (RzDatabase   *self,
                                    guint         keep_days,
                                    GCancellable *cancellable)
{
  g_autoptr(GSource) source = NULL;
  RzBackupSchedule *schedule;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  schedule = g_rc_box_new0 (RzBackupSchedule);
  g_weak_ref_init (&schedule->database, self);
  schedule->cancellable = g_object_ref (cancellable);
  schedule->keep_days = MAX (keep_days, 1);

  if (g_cancellable_is_cancelled (cancellable))
    return schedule;

  schedule_tick (schedule);

  source = g_timeout_source_new_seconds (CHECK_INTERVAL_SECONDS);
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, schedule_tick, rz_backup_schedule_ref (schedule),
                         (GDestroyNotify) rz_backup_schedule_unref);
  g_source_set_static_name (source, "[resonanz] daily backup");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_cancellable_connect (cancellable, G_CALLBACK (schedule_cancelled_cb),
                         g_source_ref (source), (GDestroyNotify) g_source_unref);
  return schedule;
}
