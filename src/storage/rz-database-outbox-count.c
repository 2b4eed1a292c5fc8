/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-database-private.h"

/* What keeps the app running in the background: whether the outbox still
 * has entries waiting to go out. */

gboolean
rz_database_count_pending_posts (RzDatabase  *self,
                                 gint64       after,
                                 guint       *n_posts,
                                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (n_posts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT count(*) FROM posts"
                              " WHERE state IN ('queued', 'sending') AND account_id IS NOT NULL"
                              " AND COALESCE (scheduled_at, 0) > ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, after);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  *n_posts = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}
