/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-database-private.h"

/* What the inbox reads besides its list: the times of comments for the
 * storm warning. */

GStrv
rz_database_dup_comment_channels (RzDatabase  *self,
                                  gint64       since,
                                  GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT DISTINCT channel FROM comments"
                              " WHERE created_at >= ?1 AND channel IS NOT NULL ORDER BY channel",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);

  return rz_database_step_strings (self, stmt, error);
}

gboolean
rz_database_list_comment_times (RzDatabase  *self,
                                const char  *channel,
                                gint64       since,
                                GArray     **critical_times,
                                GArray     **all_times,
                                GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GArray) critical = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (channel != NULL, FALSE);
  g_return_val_if_fail (critical_times != NULL && all_times != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT created_at, sentiment FROM comments"
                              " WHERE channel = ?1 AND created_at >= ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  rz_statement_bind_text (stmt, 1, channel);
  sqlite3_bind_int64 (stmt, 2, since);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 created_at = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (all, created_at);
      if (sqlite3_column_int (stmt, 1) == RZ_SENTIMENT_CRITICAL)
        g_array_append_val (critical, created_at);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *critical_times = g_steal_pointer (&critical);
  *all_times = g_steal_pointer (&all);
  return TRUE;
}
