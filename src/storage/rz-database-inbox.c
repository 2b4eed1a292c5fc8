/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-database-private.h"

/* The inbox as the list model pages through it: counts and pages of the
 * comments that pass a filter, in the default order of
 * rz_database_list_comments().
 *
 * Every query walks the index comments_inbox_order (migration 5), which
 * holds that order and the columns the filters look at. Skipping to any
 * offset is then a walk over index entries without reading a single row,
 * filters are decided on the index too, and nothing is ever sorted: a
 * page anywhere in 100,000 comments costs a few milliseconds. INDEXED BY
 * keeps it that way; the planner would otherwise sort all matches of a
 * search. The two order expressions must stay exactly those of the index,
 * or SQLite cannot use it for the ORDER BY. */

/* The order, for the comments table under the alias @t. */
#define INBOX_BUCKET(t) \
  "CASE WHEN " t ".state = 0 AND " t ".sentiment = 2 THEN 0 WHEN " t ".state = 0 THEN 1 ELSE 2 END"
#define INBOX_TIME(t) \
  "CASE WHEN " t ".state = 0 THEN " t ".created_at ELSE -" t ".created_at END"
#define INBOX_ORDER \
  " ORDER BY " INBOX_BUCKET ("c") ", " INBOX_TIME ("c") ", c.id"

/* ?1 channel or NULL, ?2 state or -1, ?3 critical only. */
#define INBOX_FILTER(t) \
  " (?1 IS NULL OR " t ".channel = ?1)" \
  " AND (?2 < 0 OR " t ".state = ?2)" \
  " AND (?3 = 0 OR " t ".sentiment = 2)"
/* ?4 the FTS5 query. */
#define INBOX_MATCH(t) \
  " AND " t ".id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?4)"

/* The same columns, in the same order, as rz-database-comments.c reads. */
#define INBOX_COLUMNS \
  "c.id, c.account_id, c.channel, c.remote_id, c.parent_remote_id, " \
  "c.author, c.author_handle, c.text, c.url, c.context, c.created_at, " \
  "c.sentiment, c.state, c.is_demo"

static RzComment *
comment_from_row (RzStatement *stmt)
{
  RzComment *comment = rz_comment_new ();
  int sentiment = sqlite3_column_int (stmt, 11);
  int state = sqlite3_column_int (stmt, 12);

#define COLUMN_TEXT(i) ((const char *) sqlite3_column_text (stmt, (i)))
  rz_comment_set_id (comment, sqlite3_column_int64 (stmt, 0));
  rz_comment_set_account_id (comment, sqlite3_column_int64 (stmt, 1));
  rz_comment_set_channel (comment, COLUMN_TEXT (2));
  rz_comment_set_remote_id (comment, COLUMN_TEXT (3));
  rz_comment_set_parent_remote_id (comment, COLUMN_TEXT (4));
  rz_comment_set_author (comment, COLUMN_TEXT (5));
  rz_comment_set_author_handle (comment, COLUMN_TEXT (6));
  rz_comment_set_text (comment, COLUMN_TEXT (7));
  rz_comment_set_url (comment, COLUMN_TEXT (8));
  rz_comment_set_context (comment, COLUMN_TEXT (9));
  rz_comment_set_created_at (comment, sqlite3_column_int64 (stmt, 10));
#undef COLUMN_TEXT

  rz_comment_set_sentiment (comment, CLAMP (sentiment, RZ_SENTIMENT_NEUTRAL, RZ_SENTIMENT_CRITICAL));
  rz_comment_set_state (comment, CLAMP (state, RZ_COMMENT_STATE_OPEN, RZ_COMMENT_STATE_IGNORED));
  rz_comment_set_is_demo (comment, sqlite3_column_int (stmt, 13) != 0);

  return comment;
}

/* Binds ?1 to ?4. Returns FALSE when the search has nothing searchable
 * in it, so nothing can match. */
static gboolean
bind_filter (RzStatement         *stmt,
             const RzInboxFilter *filter,
             gboolean             with_search)
{
  rz_statement_bind_text (stmt, 1, filter != NULL ? filter->channel : NULL);
  sqlite3_bind_int (stmt, 2, filter != NULL ? filter->state : -1);
  sqlite3_bind_int (stmt, 3, filter != NULL && filter->critical_only);

  if (with_search)
    {
      g_autofree char *match = rz_storage_fts_query_from_user (filter->search);

      if (match == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 4, g_steal_pointer (&match), -1, g_free);
    }

  return TRUE;
}

static gboolean
has_search (const RzInboxFilter *filter)
{
  return filter != NULL && filter->search != NULL && filter->search[0] != '\0';
}

static gboolean
has_column_filter (const RzInboxFilter *filter)
{
  return filter != NULL &&
         (filter->channel != NULL || filter->state >= 0 || filter->critical_only);
}

static gboolean
check_filter (const RzInboxFilter  *filter,
              GError              **error)
{
  if (filter != NULL && filter->state > RZ_COMMENT_STATE_IGNORED)
    {
      g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED,
                   "Unknown comment state %d", filter->state);
      return FALSE;
    }
  return TRUE;
}

gboolean
rz_database_count_inbox (RzDatabase           *self,
                         const RzInboxFilter  *filter,
                         guint                *n_comments,
                         GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gboolean search = has_search (filter);
  const char *sql;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (n_comments != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_filter (filter, error))
    return FALSE;

  /* Without column filters the full-text index or the smallest index
   * counts by itself, without looking at the comments. */
  if (search && !has_column_filter (filter))
    sql = "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?4"
          " AND ?1 IS NULL AND ?2 < 0 AND ?3 = 0";
  else if (search)
    sql = "SELECT count(*) FROM comments c INDEXED BY comments_inbox_order WHERE"
          INBOX_FILTER ("c") INBOX_MATCH ("c");
  else if (has_column_filter (filter))
    sql = "SELECT count(*) FROM comments c INDEXED BY comments_inbox_order WHERE"
          INBOX_FILTER ("c");
  else
    sql = "SELECT count(*) FROM comments WHERE ?1 IS NULL AND ?2 < 0 AND ?3 = 0";

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (!bind_filter (stmt, filter, search))
    {
      *n_comments = 0;
      return TRUE;
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *n_comments = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
rz_database_list_inbox (RzDatabase           *self,
                        const RzInboxFilter  *filter,
                        guint                 offset,
                        guint                 limit,
                        GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  gboolean search = has_search (filter);
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_filter (filter, error))
    return NULL;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (search)
    stmt = rz_database_prepare (self,
                                "SELECT " INBOX_COLUMNS
                                " FROM comments c INDEXED BY comments_inbox_order"
                                " WHERE" INBOX_FILTER ("c") INBOX_MATCH ("c")
                                INBOX_ORDER " LIMIT ?5 OFFSET ?6",
                                error);
  else
    stmt = rz_database_prepare (self,
                                "SELECT " INBOX_COLUMNS
                                " FROM comments c INDEXED BY comments_inbox_order"
                                " WHERE" INBOX_FILTER ("c")
                                INBOX_ORDER " LIMIT ?5 OFFSET ?6",
                                error);
  if (stmt == NULL)
    return NULL;

  comments = g_ptr_array_new_full (limit > 0 ? MIN (limit, 1000) : 64, g_object_unref);
  if (!bind_filter (stmt, filter, search))
    return g_steal_pointer (&comments);
  sqlite3_bind_int64 (stmt, 5, limit == 0 ? -1 : (gint64) limit);
  sqlite3_bind_int64 (stmt, 6, offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (comments, comment_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_steal_pointer (&comments);
}

gboolean
rz_database_find_in_inbox (RzDatabase           *self,
                           const RzInboxFilter  *filter,
                           gint64                comment_id,
                           guint                *position,
                           GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gboolean search = has_search (filter);
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *position = G_MAXUINT;
  if (!check_filter (filter, error))
    return FALSE;

  /* The comment itself must pass the filter; its position is the number
   * of comments that pass it and come first. */
#define BEFORE_IT(match) \
  "SELECT (SELECT count(*) FROM comments b INDEXED BY comments_inbox_order" \
  "  WHERE" INBOX_FILTER ("b") match \
  "  AND (" INBOX_BUCKET ("b") ", " INBOX_TIME ("b") ", b.id)" \
  "    < (" INBOX_BUCKET ("c") ", " INBOX_TIME ("c") ", c.id))" \
  " FROM comments c WHERE c.id = ?5 AND"
  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (search)
    stmt = rz_database_prepare (self,
                                BEFORE_IT (INBOX_MATCH ("b")) INBOX_FILTER ("c") INBOX_MATCH ("c"),
                                error);
  else
    stmt = rz_database_prepare (self, BEFORE_IT ("") INBOX_FILTER ("c"), error);
#undef BEFORE_IT
  if (stmt == NULL)
    return FALSE;

  if (!bind_filter (stmt, filter, search))
    return TRUE;
  sqlite3_bind_int64 (stmt, 5, comment_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *position = (guint) sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  return TRUE;
}
