/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rz-database-private.h"

/* Recovery for the "database damaged" dialog. These functions work on a
 * closed file and never open it for writing: the damaged file is kept
 * byte for byte, only renamed. */

/* The files SQLite keeps next to a database. A WAL left next to another
 * file would be replayed into it. */
static const char * const companion_suffixes[] = { "-wal", "-journal", "-shm" };

static gboolean
set_error_from_errno (GError     **error,
                      int          saved_errno,
                      const char  *message)
{
  GError *io_error;

  io_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                          "%s (%s)", message, g_strerror (saved_errno));
  return rz_storage_propagate_io_error (error, io_error);
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* "<base>.v<N>.bak" (before a migration) or "<base>.daily-YYYY-MM-DD.bak"
 * (the daily rotation). */
static gboolean
is_backup_name (const char *base,
                const char *name)
{
  gsize base_len = strlen (base);
  const char *rest;
  gsize rest_len;

  if (strncmp (name, base, base_len) != 0 || name[base_len] != '.')
    return FALSE;

  rest = name + base_len + 1;
  if (!g_str_has_suffix (rest, ".bak"))
    return FALSE;
  rest_len = strlen (rest) - strlen (".bak");

  if (rest[0] == 'v')
    return all_digits (rest + 1, rest_len - 1);

  if (g_str_has_prefix (rest, "daily-") && rest_len == strlen ("daily-YYYY-MM-DD"))
    {
      const char *date = rest + strlen ("daily-");

      return all_digits (date, 4) && date[4] == '-' &&
             all_digits (date + 5, 2) && date[7] == '-' &&
             all_digits (date + 8, 2);
    }

  return FALSE;
}

static gboolean
move_companion (const char  *path,
                const char  *target,
                const char  *suffix,
                GError     **error)
{
  g_autofree char *from = g_strconcat (path, suffix, NULL);
  g_autofree char *to = g_strconcat (target, suffix, NULL);

  if (g_rename (from, to) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      return set_error_from_errno (error, saved_errno,
                                   _("Could not move the damaged database aside"));
    }
  return TRUE;
}

typedef struct {
  char      *path;
  GDateTime *mtime;
} Backup;

static void
backup_free (Backup *backup)
{
  g_free (backup->path);
  g_date_time_unref (backup->mtime);
  g_free (backup);
}

/* Newest first; equal times are broken by name, so the order is stable. */
static int
compare_backups (gconstpointer a,
                 gconstpointer b)
{
  const Backup *x = *(const Backup * const *) a;
  const Backup *y = *(const Backup * const *) b;
  int order = g_date_time_compare (y->mtime, x->mtime);

  return order != 0 ? order : -g_strcmp0 (x->path, y->path);
}

/* Every backup of @path (before a migration, or daily), newest first. */
static GPtrArray *
list_backups (const char *path)
{
  g_autofree char *dir_path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GDir) dir = NULL;
  GPtrArray *backups = g_ptr_array_new_with_free_func ((GDestroyNotify) backup_free);
  const char *name;

  dir_path = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return backups;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileInfo) info = NULL;
      GDateTime *mtime;
      Backup *backup;

      if (!is_backup_name (base, name))
        continue;

      candidate = g_build_filename (dir_path, name, NULL);
      file = g_file_new_for_path (candidate);
      info = g_file_query_info (file,
                                G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
      if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;

      mtime = g_file_info_get_modification_date_time (info);
      if (mtime == NULL)
        continue;

      backup = g_new0 (Backup, 1);
      backup->path = g_steal_pointer (&candidate);
      backup->mtime = mtime;
      g_ptr_array_add (backups, backup);
    }

  g_ptr_array_sort (backups, compare_backups);
  return backups;
}

char *
rz_database_dup_latest_backup (const char *path)
{
  g_autoptr(GPtrArray) backups = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  backups = list_backups (path);
  if (backups->len == 0)
    return NULL;
  return g_strdup (((Backup *) backups->pdata[0])->path);
}

/* Reads a backup without any lock, journal or -shm file: it is a closed
 * copy that nothing else writes. */
static gboolean
check_backup (const char  *path,
              GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *file_uri = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;
  gboolean ok = FALSE;

  file_uri = g_filename_to_uri (absolute, NULL, error);
  if (file_uri == NULL)
    return FALSE;
  uri = g_strconcat (file_uri, "?immutable=1", NULL);

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
      if (!ok)
        rz_storage_set_error (error, NULL, SQLITE_CORRUPT);
    }
  else
    {
      rz_storage_set_error (error, db, rc);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

gboolean
rz_database_restore_backup (const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *tmp_path = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  backups = list_backups (path);
  if (backups->len == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("There is no backup of the database to restore."));
      return FALSE;
    }

  /* The newest backup that reads back whole; a damaged one (the disk
   * failed while it was written, or later) is passed over. */
  for (guint i = 0; i < backups->len && backup == NULL; i++)
    {
      const char *candidate = ((Backup *) backups->pdata[i])->path;
      g_autoptr(GError) check_error = NULL;

      if (check_backup (candidate, &check_error))
        backup = g_strdup (candidate);
      else
        g_message ("Skipping the backup %s: %s", candidate, check_error->message);
    }
  if (backup == NULL)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT,
                           _("None of the backups of the database can be read. Start fresh instead."));
      return FALSE;
    }

  /* Copy first: if that fails, the damaged file is still where it was. */
  tmp_path = g_strconcat (path, ".restore", NULL);
  if (!rz_storage_copy_file (backup, tmp_path, error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      !rz_database_move_aside (path, NULL, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  /* Whatever is left of the damaged file's companions would be read as
   * belonging to the restored one. */
  for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
    {
      g_autofree char *stale = g_strconcat (path, companion_suffixes[i], NULL);

      if (g_unlink (stale) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          set_error_from_errno (error, saved_errno, _("Could not remove an old database file"));
          g_unlink (tmp_path);
          return FALSE;
        }
    }

  if (g_rename (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      return set_error_from_errno (error, saved_errno, _("Could not put the backup in place"));
    }

  g_debug ("Restored %s from %s", path, backup);
  return TRUE;
}

gboolean
rz_database_move_aside (const char  *path,
                        char       **moved_to,
                        GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return set_error_from_errno (error, ENOENT, _("The database file does not exist"));

  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  target = g_strdup_printf ("%s.damaged-%s", path, stamp);

  /* Twice in one second: never overwrite what an earlier call kept. */
  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.damaged-%s-%u", path, stamp, n);
    }

  /* The WAL and the journal go first: if one cannot be moved, the main
   * file stays with it. The -shm is only an index SQLite can rebuild. */
  if (!move_companion (path, target, "-wal", error) ||
      !move_companion (path, target, "-journal", error))
    return FALSE;

  if (g_rename (path, target) != 0)
    {
      int saved_errno = errno;

      return set_error_from_errno (error, saved_errno,
                                   _("Could not move the damaged database aside"));
    }

  if (!move_companion (path, target, "-shm", error))
    return FALSE;

  g_debug ("Moved the damaged database %s to %s", path, target);
  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&target);
  return TRUE;
}
