/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rz-database-private.h"
#include "rz-migrations.h"

/* How long a statement waits for another process's lock before BUSY. */
#define BUSY_TIMEOUT_MS 5000

struct _RzDatabase
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  int          user_version;
  /* Set once the file is checked and migrated; until then finalize must
   * not write to it (it may be damaged). */
  gboolean     ready;

  /* Guards db and statements: the worker and direct callers share them. */
  GRecMutex    lock;
  GHashTable  *statements;

  /* One worker runs the jobs of rz_database_run_async() in order. It holds
   * only the queue, never the database, so the last unref can happen on
   * any thread. */
  GThread     *worker;
  GAsyncQueue *jobs;
};

G_DEFINE_FINAL_TYPE (RzDatabase, rz_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (rz-storage-error-quark, rz_storage_error)

/* Pushed into the job queue to end the worker. */
static int worker_stop;

static gpointer worker_main (gpointer user_data);

static void
rz_database_finalize (GObject *object)
{
  RzDatabase *self = RZ_DATABASE (object);

  if (self->worker != NULL)
    {
      g_async_queue_push (self->jobs, &worker_stop);
      /* A job's GTask may drop the last reference on the worker itself;
       * the worker then ends after this job instead of being joined. */
      if (g_thread_self () == self->worker)
        g_thread_unref (self->worker);
      else
        g_thread_join (self->worker);
      self->worker = NULL;
    }
  g_clear_pointer (&self->jobs, g_async_queue_unref);

  /* Finalizes every cached statement, which sqlite3_close() needs. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Keeps the query planner's statistics fresh, cheaply. */
      if (self->ready)
        sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close (self->db);
      self->db = NULL;
    }

  g_rec_mutex_clear (&self->lock);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rz_database_parent_class)->finalize (object);
}

static void
rz_database_class_init (RzDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_database_finalize;
}

static void
rz_database_init (RzDatabase *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  self->jobs = g_async_queue_new ();
}

/* Errors */

gboolean
rz_storage_set_error (GError  **error,
                      sqlite3  *db,
                      int       rc)
{
  int saved_errno = errno;
  const char *detail;
  const char *message;
  RzStorageError code;

  detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* A quota or a file size limit reaches SQLite as a failed write
   * (SQLITE_IOERR_WRITE), not as SQLITE_FULL; SQLite keeps no record of
   * the reason, but errno still holds it when we are called right after
   * the failed call. To the user it is the same: no room to write. */
  if ((rc & 0xff) == SQLITE_IOERR &&
      (saved_errno == ENOSPC || saved_errno == EFBIG || saved_errno == EDQUOT))
    rc = SQLITE_FULL;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = RZ_STORAGE_ERROR_CORRUPT;
      message = _("The database file is damaged. Restore a backup or start with an empty database.");
      break;

    case SQLITE_FULL:
      code = RZ_STORAGE_ERROR_FULL;
      message = _("The disk is full. Free some space, then try again.");
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      code = RZ_STORAGE_ERROR_IO;
      message = _("The database file cannot be read or written. Check that the disk is available and that you may write to the folder.");
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = RZ_STORAGE_ERROR_BUSY;
      message = _("The database is in use by another program. Close other Resonanz windows, then try again.");
      break;

    case SQLITE_CONSTRAINT:
      code = RZ_STORAGE_ERROR_CONSTRAINT;
      message = _("The change does not fit the data already stored.");
      break;

    default:
      code = RZ_STORAGE_ERROR_FAILED;
      message = _("The database reported an error.");
      break;
    }

  g_debug ("SQLite error %d: %s", rc, detail);
  g_set_error (error, RZ_STORAGE_ERROR, code, "%s (%s)", message, detail);
  return FALSE;
}

gboolean
rz_storage_propagate_io_error (GError **error,
                               GError  *io_error)
{
  RzStorageError code = RZ_STORAGE_ERROR_IO;

  g_assert (io_error != NULL);

  if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    code = RZ_STORAGE_ERROR_FULL;
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    code = RZ_STORAGE_ERROR_NOT_FOUND;

  g_set_error_literal (error, RZ_STORAGE_ERROR, code, io_error->message);
  g_error_free (io_error);
  return FALSE;
}

gboolean
rz_storage_copy_file (const char  *from,
                      const char  *to,
                      GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autofree char *tmp_path = g_strconcat (to, ".tmp", NULL);
  g_autoptr(GFile) tmp = g_file_new_for_path (tmp_path);
  GError *io_error = NULL;

  if (!g_file_copy (source, tmp, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NOFOLLOW_SYMLINKS,
                    NULL, NULL, NULL, &io_error))
    return rz_storage_propagate_io_error (error, io_error);

  if (g_rename (tmp_path, to) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      g_set_error (error, RZ_STORAGE_ERROR,
                   saved_errno == ENOSPC ? RZ_STORAGE_ERROR_FULL : RZ_STORAGE_ERROR_IO,
                   /* Translators: %s is the system's reason. */
                   _("Could not save a copy of the database: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Statements */

sqlite3 *
rz_database_get_handle (RzDatabase *self)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);

  return self->db;
}

GRecMutex *
rz_database_get_lock (RzDatabase *self)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);

  return &self->lock;
}

RzStatement *
rz_database_prepare (RzDatabase  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_assert (RZ_IS_DATABASE (self));
  g_assert (sql != NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      rz_statement_release (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, self->db, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
rz_database_exec (RzDatabase  *self,
                  const char  *sql,
                  GError     **error)
{
  int rc;

  g_assert (RZ_IS_DATABASE (self));

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rz_storage_set_error (error, self->db, rc);
  return TRUE;
}

gboolean
rz_database_step_done (RzDatabase   *self,
                       RzStatement  *stmt,
                       GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, self->db, rc);
  return TRUE;
}

GStrv
rz_database_step_strings (RzDatabase   *self,
                          RzStatement  *stmt,
                          GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, self->db, rc);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gboolean
rz_database_begin (RzDatabase  *self,
                   GError     **error)
{
  return rz_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
rz_database_commit (RzDatabase  *self,
                    GError     **error)
{
  if (!rz_database_exec (self, "COMMIT", error))
    {
      rz_database_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
rz_database_rollback (RzDatabase *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
rz_statement_bind_text (RzStatement *stmt,
                        int          index,
                        const char  *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Opening */

int
rz_database_schema_version (void)
{
  return rz_migrations_get_latest ();
}

char *
rz_database_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "resonanz", "resonanz.db", NULL);
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
set_too_new_error (GError **error,
                   int      version)
{
  g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW,
               /* Translators: %d is a schema version number. */
               _("The database was saved by a newer version of Resonanz (format %d). Update Resonanz to open it."),
               version);
  return FALSE;
}

/* Looks at an existing file through a read-only connection, so that
 * nothing is written to a damaged or too new file: a read-write connection
 * could replay a WAL into it or switch its journal mode. Sets @checked to
 * FALSE when the file needs a writer first (a hot rollback journal to
 * replay, a WAL to recover), so the caller checks after opening it. */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *checked,
                     GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = 0;
  int rc;
  gboolean ok = FALSE;

  *checked = FALSE;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    goto out;
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  rc = query_int (db, "PRAGMA user_version", &version);
  if ((rc & 0xff) == SQLITE_READONLY)
    {
      g_debug ("%s needs a writer before it can be checked (%d)", path, rc);
      rc = SQLITE_OK;
      ok = TRUE;
      goto out;
    }
  if (rc != SQLITE_OK)
    goto out;

  if (version > rz_migrations_get_latest ())
    {
      set_too_new_error (error, version);
      rc = SQLITE_OK;
      goto out;
    }

  /* quick_check reads every page but skips the index-content comparison
   * of integrity_check; it reports "ok" or what is broken. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *result = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (result, "ok") == 0)
        {
          *checked = TRUE;
          ok = TRUE;
        }
      else
        {
          g_debug ("quick_check of %s: %s", path, result);
          rz_storage_set_error (error, NULL, SQLITE_CORRUPT);
        }
      rc = SQLITE_OK;
    }

out:
  if (rc != SQLITE_OK)
    rz_storage_set_error (error, db, rc);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok && rc == SQLITE_OK;
}

/* Copies the file to "<path>.v<version>.bak" before a migration. The WAL
 * is folded into the file first, and the write lock is held while copying
 * so that no other connection changes the file under the copy. */
static gboolean
backup_before_migration (sqlite3     *db,
                         const char  *path,
                         int          version,
                         GError     **error)
{
  g_autofree char *backup_path = NULL;
  int busy = 0;
  int rc;
  gboolean ok;

  rc = query_int (db, "PRAGMA wal_checkpoint(TRUNCATE)", &busy);
  if (rc != SQLITE_OK)
    return rz_storage_set_error (error, db, rc);
  if (busy)
    return rz_storage_set_error (error, NULL, SQLITE_BUSY);

  rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rz_storage_set_error (error, db, rc);

  backup_path = g_strdup_printf ("%s.v%d.bak", path, version);
  ok = rz_storage_copy_file (path, backup_path, error);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  if (ok)
    g_debug ("Saved %s before migrating", backup_path);
  return ok;
}

static gboolean
set_journal_mode_wal (sqlite3  *db,
                      GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, db, rc);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  /* Some file systems (network shares) cannot do WAL; SQLite then keeps
   * its rollback journal, which is slower but correct. */
  if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    g_message ("The database cannot use WAL mode here; using %s",
               (const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return TRUE;
}

RzDatabase *
rz_database_open (const char  *path,
                  GError     **error)
{
  g_autoptr(RzDatabase) self = NULL;
  g_autofree char *dir = NULL;
  gboolean existed;
  gboolean checked = FALSE;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO,
                   /* Translators: a folder path, then the system's reason. */
                   _("Could not create the folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed && !check_existing_file (path, &checked, error))
    return NULL;

  self = g_object_new (RZ_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, self->db, rc);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  rc = query_int (self->db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, self->db, rc);
      return NULL;
    }

  /* When the read-only look was not possible, SQLite has now replayed the
   * journal or recovered the WAL; check before anything else is written. */
  if (existed && !checked)
    {
      int quick_ok = 0;

      if (version > rz_migrations_get_latest ())
        {
          set_too_new_error (error, version);
          return NULL;
        }
      rc = query_int (self->db, "SELECT quick_check = 'ok' FROM pragma_quick_check", &quick_ok);
      if (rc != SQLITE_OK || !quick_ok)
        {
          rz_storage_set_error (error, rc != SQLITE_OK ? self->db : NULL,
                                rc != SQLITE_OK ? rc : SQLITE_CORRUPT);
          return NULL;
        }
    }

  if (version > 0 && version < rz_migrations_get_latest () &&
      !backup_before_migration (self->db, path, version, error))
    return NULL;

  if (!set_journal_mode_wal (self->db, error) ||
      !rz_database_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !rz_database_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!rz_migrations_apply (self->db, rz_migrations_get_latest (), error))
    return NULL;

  rc = query_int (self->db, "PRAGMA user_version", &self->user_version);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, self->db, rc);
      return NULL;
    }

  self->ready = TRUE;
  self->worker = g_thread_new ("rz-database", worker_main,
                               g_async_queue_ref (self->jobs));

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  RzDatabase *db;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  db = rz_database_open (path, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, g_object_unref);
}

void
rz_database_open_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_database_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

RzDatabase *
rz_database_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_database_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
rz_database_get_path (RzDatabase *self)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);

  return self->path;
}

int
rz_database_get_user_version (RzDatabase *self)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), 0);

  return self->user_version;
}

/* The worker */

typedef struct
{
  RzDatabaseJob  job;
  gpointer       data;
  GDestroyNotify data_destroy;
  GDestroyNotify result_destroy;
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->data_destroy != NULL && run->data != NULL)
    run->data_destroy (run->data);
  g_free (run);
}

static void
run_task (GTask *task)
{
  RzDatabase *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* The whole job is one critical section, so a job sees no interleaved
   * direct calls from other threads. */
  g_rec_mutex_lock (&self->lock);
  result = run->job (self, run->data, g_task_get_cancellable (task), &error);
  g_rec_mutex_unlock (&self->lock);

  if (error != NULL)
    {
      if (result != NULL && run->result_destroy != NULL)
        run->result_destroy (result);
      g_task_return_error (task, error);
    }
  else
    {
      g_task_return_pointer (task, result, run->result_destroy);
    }
}

static gpointer
worker_main (gpointer user_data)
{
  GAsyncQueue *jobs = user_data;

  for (;;)
    {
      gpointer item = g_async_queue_pop (jobs);

      if (item == &worker_stop)
        break;

      run_task (item);
      g_object_unref (item);
    }

  g_async_queue_unref (jobs);
  return NULL;
}

void
rz_database_run_async (RzDatabase          *self,
                       RzDatabaseJob        job,
                       gpointer             data,
                       GDestroyNotify       data_destroy,
                       GDestroyNotify       result_destroy,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  RunData *run;

  g_return_if_fail (RZ_IS_DATABASE (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_database_run_async);

  run = g_new0 (RunData, 1);
  run->job = job;
  run->data = data;
  run->data_destroy = data_destroy;
  run->result_destroy = result_destroy;
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);

  /* The queue owns the task until the worker has run it. */
  g_async_queue_push (self->jobs, task);
}

gpointer
rz_database_run_finish (RzDatabase    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_database_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
