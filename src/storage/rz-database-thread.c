/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-database-private.h"
#include "rz-response-stats.h"

/* What the reply pane shows around a comment, what the canned-reply check
 * compares with, the daily reminder's count and the response times. */

/* How far up a chain of answers is followed: a loop in the data (a
 * comment naming itself as its parent) must not hang the pane. */
#define MAX_ANCESTORS 20
#define DEFAULT_THREAD_LIMIT 50

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
rz_thread_entry_free (RzThreadEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->author);
  g_free (entry->text);
  g_free (entry->url);
  g_free (entry);
}

typedef struct {
  gint64  id;
  gint64  account_id;
  char   *remote_id;
  char   *parent_remote_id;
  gint64  created_at;
} Found;

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->remote_id, g_free);
  g_clear_pointer (&found->parent_remote_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Found, found_clear)

static gboolean
find_by_id (RzDatabase  *self,
            gint64       comment_id,
            Found       *found,
            GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self,
                              "SELECT id, account_id, remote_id, parent_remote_id, created_at"
                              " FROM comments WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, comment_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  found->id = sqlite3_column_int64 (stmt, 0);
  found->account_id = sqlite3_column_int64 (stmt, 1);
  found->remote_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  found->parent_remote_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  found->created_at = sqlite3_column_int64 (stmt, 4);
  return TRUE;
}

/* The stored comment of @account_id with @remote_id: its id and parent, or
 * *id 0 when it is not stored. */
static gboolean
find_by_remote_id (RzDatabase  *self,
                   gint64       account_id,
                   const char  *remote_id,
                   gint64      *id,
                   char       **parent_remote_id,
                   GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  *id = 0;
  stmt = rz_database_prepare (self,
                              "SELECT id, parent_remote_id FROM comments"
                              " WHERE account_id = ?1 AND remote_id = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  rz_statement_bind_text (stmt, 2, remote_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      *parent_remote_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

static gboolean
add_siblings (RzDatabase  *self,
              const Found *current,
              GArray      *ids,
              GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  if (current->parent_remote_id == NULL)
    return TRUE;

  stmt = rz_database_prepare (self,
                              "SELECT id FROM comments"
                              " WHERE account_id = ?1 AND parent_remote_id = ?2 AND id != ?3"
                              " AND created_at <= ?4"
                              " ORDER BY created_at DESC LIMIT ?5",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, current->account_id);
  rz_statement_bind_text (stmt, 2, current->parent_remote_id);
  sqlite3_bind_int64 (stmt, 3, current->id);
  sqlite3_bind_int64 (stmt, 4, current->created_at);
  sqlite3_bind_int (stmt, 5, DEFAULT_THREAD_LIMIT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

static gboolean
add_entries (RzDatabase  *self,
             gint64       comment_id,
             gboolean     is_current,
             GPtrArray   *entries,
             GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(RzStatement) replies = NULL;
  RzThreadEntry *entry;
  int rc;

  stmt = rz_database_prepare (self,
                              "SELECT COALESCE (NULLIF (author, ''), author_handle), text, url, created_at"
                              " FROM comments WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, comment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  entry = g_new0 (RzThreadEntry, 1);
  entry->kind = RZ_THREAD_ENTRY_COMMENT;
  entry->comment_id = comment_id;
  entry->author = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  entry->text = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->url = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->time = sqlite3_column_int64 (stmt, 3);
  entry->is_current = is_current;
  g_ptr_array_add (entries, entry);

  replies = rz_database_prepare (self,
                                 "SELECT text, remote_url, COALESCE (sent_at, created_at) FROM replies"
                                 " WHERE comment_id = ?1 AND state = 'sent'",
                                 error);
  if (replies == NULL)
    return FALSE;
  sqlite3_bind_int64 (replies, 1, comment_id);
  while ((rc = sqlite3_step (replies)) == SQLITE_ROW)
    {
      entry = g_new0 (RzThreadEntry, 1);
      entry->kind = RZ_THREAD_ENTRY_REPLY;
      entry->comment_id = comment_id;
      entry->text = g_strdup ((const char *) sqlite3_column_text (replies, 0));
      entry->url = g_strdup ((const char *) sqlite3_column_text (replies, 1));
      entry->time = sqlite3_column_int64 (replies, 2);
      entry->is_current = is_current;
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const RzThreadEntry *x = *(RzThreadEntry * const *) a;
  const RzThreadEntry *y = *(RzThreadEntry * const *) b;

  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  /* A reply logged in the same second as its comment still comes after. */
  if (x->kind != y->kind)
    return x->kind == RZ_THREAD_ENTRY_COMMENT ? -1 : 1;
  return x->comment_id < y->comment_id ? -1 : x->comment_id > y->comment_id;
}

GPtrArray *
rz_database_list_thread (RzDatabase  *self,
                         gint64       comment_id,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_thread_entry_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_auto(Found) current = { 0, };
  g_autofree char *parent = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limit == 0)
    limit = DEFAULT_THREAD_LIMIT;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!find_by_id (self, comment_id, &current, error))
    return NULL;

  g_array_append_val (ids, current.id);
  parent = g_strdup (current.parent_remote_id);
  for (guint depth = 0; parent != NULL && depth < MAX_ANCESTORS; depth++)
    {
      g_autofree char *grandparent = NULL;
      gint64 id;

      if (!find_by_remote_id (self, current.account_id, parent, &id, &grandparent, error))
        return NULL;
      if (id == 0)
        break;
      g_array_append_val (ids, id);
      g_free (parent);
      parent = g_steal_pointer (&grandparent);
    }
  if (!add_siblings (self, &current, ids, error))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *id = &g_array_index (ids, gint64, i);

      if (g_hash_table_contains (seen, id))
        continue;
      g_hash_table_add (seen, id);
      if (!add_entries (self, *id, *id == current.id, entries, error))
        return NULL;
    }

  g_ptr_array_sort (entries, compare_entries);
  if (entries->len > limit)
    g_ptr_array_remove_range (entries, 0, entries->len - limit);
  return g_steal_pointer (&entries);
}

GStrv
rz_database_dup_recent_reply_texts (RzDatabase  *self,
                                    guint        limit,
                                    GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT text FROM replies WHERE state = 'sent'"
                              " ORDER BY COALESCE (sent_at, created_at) DESC, id DESC LIMIT ?1",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  return rz_database_step_strings (self, stmt, error);
}

static gint64
write_logged_reply (RzDatabase  *self,
                    gint64       comment_id,
                    const char  *text,
                    const char  *url,
                    GError     **error)
{
  g_autoptr(RzStatement) insert = NULL;
  g_autoptr(RzStatement) update = NULL;
  gint64 reply_id;

  insert = rz_database_prepare (self,
                                "INSERT INTO replies (comment_id, text, remote_url, state, created_at, sent_at, is_demo)"
                                " SELECT id, ?2, ?3, 'sent', ?4, ?4, is_demo FROM comments WHERE id = ?1",
                                error);
  if (insert == NULL)
    return 0;
  sqlite3_bind_int64 (insert, 1, comment_id);
  rz_statement_bind_text (insert, 2, text);
  rz_statement_bind_text (insert, 3, url != NULL && url[0] != '\0' ? url : NULL);
  sqlite3_bind_int64 (insert, 4, now_seconds ());
  if (!rz_database_step_done (self, insert, error))
    return 0;
  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment no longer exists."));
      return 0;
    }
  reply_id = sqlite3_last_insert_rowid (rz_database_get_handle (self));

  update = rz_database_prepare (self, "UPDATE comments SET state = ?2 WHERE id = ?1", error);
  if (update == NULL)
    return 0;
  sqlite3_bind_int64 (update, 1, comment_id);
  sqlite3_bind_int (update, 2, RZ_COMMENT_STATE_ANSWERED);
  if (!rz_database_step_done (self, update, error))
    return 0;
  return reply_id;
}

gint64
rz_database_log_reply_with_url (RzDatabase  *self,
                                gint64       comment_id,
                                const char  *text,
                                const char  *url,
                                GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 reply_id;

  g_return_val_if_fail (RZ_IS_DATABASE (self), 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return 0;

  reply_id = write_logged_reply (self, comment_id, text, url, error);
  if (reply_id == 0 || !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return 0;
    }
  return reply_id;
}

gboolean
rz_database_count_waiting (RzDatabase  *self,
                           guint       *n_waiting,
                           guint       *n_critical,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT count(*), COALESCE (SUM (sentiment = ?2), 0) FROM comments WHERE state = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, RZ_COMMENT_STATE_OPEN);
  sqlite3_bind_int (stmt, 2, RZ_SENTIMENT_CRITICAL);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  if (n_waiting != NULL)
    *n_waiting = (guint) sqlite3_column_int64 (stmt, 0);
  if (n_critical != NULL)
    *n_critical = (guint) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

GArray *
rz_database_list_response_samples (RzDatabase  *self,
                                   gint64       since,
                                   GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (RzResponseSample));
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT c.channel, c.created_at,"
                              " (SELECT MIN (COALESCE (r.sent_at, r.created_at)) FROM replies r"
                              "   WHERE r.comment_id = c.id AND r.state = 'sent') AS first_reply"
                              " FROM comments c WHERE c.created_at >= ?1"
                              " AND NOT (c.state = ?2 AND first_reply IS NULL)",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int (stmt, 2, RZ_COMMENT_STATE_DONE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RzResponseSample sample;

      sample.channel = g_intern_string ((const char *) sqlite3_column_text (stmt, 0));
      sample.created_at = sqlite3_column_int64 (stmt, 1);
      sample.first_reply_at = sqlite3_column_type (stmt, 2) == SQLITE_NULL
                              ? RZ_RESPONSE_STATS_NO_REPLY : sqlite3_column_int64 (stmt, 2);
      g_array_append_val (samples, sample);
    }
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }
  return g_steal_pointer (&samples);
}
