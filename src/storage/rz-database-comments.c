/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-database-private.h"

/* Accounts, comments and the inbox queries. */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

RzComment *
rz_database_comment_from_row (RzStatement *stmt)
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

  /* The CHECK constraints keep these in range; clamp anyway rather than
   * hand an invalid enum to the GUI. */
  rz_comment_set_sentiment (comment, CLAMP (sentiment, RZ_SENTIMENT_NEUTRAL, RZ_SENTIMENT_CRITICAL));
  rz_comment_set_state (comment, CLAMP (state, RZ_COMMENT_STATE_OPEN, RZ_COMMENT_STATE_IGNORED));
  rz_comment_set_is_demo (comment, sqlite3_column_int (stmt, 13) != 0);

  return comment;
}

/* Collects every row of @stmt as RzComment objects. */
static GPtrArray *
collect_comments (RzDatabase   *self,
                  RzStatement  *stmt,
                  GError      **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (comments, rz_database_comment_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_steal_pointer (&comments);
}

gint64
rz_database_add_account (RzDatabase  *self,
                         const char  *channel,
                         const char  *display_name,
                         const char  *base_url,
                         const char  *handle,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), 0);
  g_return_val_if_fail (channel != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "INSERT INTO accounts (channel, display_name, base_url, handle, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5)",
                              error);
  if (stmt == NULL)
    return 0;

  rz_statement_bind_text (stmt, 1, channel);
  rz_statement_bind_text (stmt, 2, display_name != NULL ? display_name : "");
  rz_statement_bind_text (stmt, 3, base_url);
  rz_statement_bind_text (stmt, 4, handle);
  sqlite3_bind_int64 (stmt, 5, now_seconds ());
  if (!rz_database_step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (rz_database_get_handle (self));
}

/* Refreshes a known comment; the user's state (and a sentiment the user
 * chose) stays as it is. */
static gboolean
update_known_comment (RzDatabase  *self,
                      RzComment   *comment,
                      GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self,
                              "UPDATE comments SET parent_remote_id = ?3, author = ?4,"
                              " author_handle = ?5, text = ?6, url = ?7, context = ?8,"
                              " sentiment = CASE WHEN sentiment_user_set THEN sentiment ELSE ?9 END"
                              " WHERE account_id = ?1 AND remote_id = ?2"
                              " RETURNING id, state, sentiment, is_demo",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rz_comment_get_account_id (comment));
  rz_statement_bind_text (stmt, 2, rz_comment_get_remote_id (comment));
  rz_statement_bind_text (stmt, 3, rz_comment_get_parent_remote_id (comment));
  rz_statement_bind_text (stmt, 4, rz_comment_get_author (comment));
  rz_statement_bind_text (stmt, 5, rz_comment_get_author_handle (comment));
  rz_statement_bind_text (stmt, 6, rz_comment_get_text (comment) != NULL ? rz_comment_get_text (comment) : "");
  rz_statement_bind_text (stmt, 7, rz_comment_get_url (comment));
  rz_statement_bind_text (stmt, 8, rz_comment_get_context (comment));
  sqlite3_bind_int (stmt, 9, rz_comment_get_sentiment (comment));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      /* Deleted between the INSERT and here; only another connection
       * can do that. */
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment was removed in the meantime."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  rz_comment_set_id (comment, sqlite3_column_int64 (stmt, 0));
  rz_comment_set_state (comment, sqlite3_column_int (stmt, 1));
  rz_comment_set_sentiment (comment, sqlite3_column_int (stmt, 2));
  rz_comment_set_is_demo (comment, sqlite3_column_int (stmt, 3) != 0);

  return rz_database_step_done (self, stmt, error);
}

gboolean
rz_database_add_comment (RzDatabase  *self,
                         RzComment   *comment,
                         gboolean    *is_new,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  const char *text;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_COMMENT (comment), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "INSERT INTO comments (account_id, channel, remote_id,"
                              " parent_remote_id, author, author_handle, text, url, context,"
                              " created_at, sentiment, state, is_demo)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                              " ON CONFLICT (account_id, remote_id) DO NOTHING"
                              " RETURNING id",
                              error);
  if (stmt == NULL)
    return FALSE;

  text = rz_comment_get_text (comment);
  sqlite3_bind_int64 (stmt, 1, rz_comment_get_account_id (comment));
  rz_statement_bind_text (stmt, 2, rz_comment_get_channel (comment));
  rz_statement_bind_text (stmt, 3, rz_comment_get_remote_id (comment));
  rz_statement_bind_text (stmt, 4, rz_comment_get_parent_remote_id (comment));
  rz_statement_bind_text (stmt, 5, rz_comment_get_author (comment));
  rz_statement_bind_text (stmt, 6, rz_comment_get_author_handle (comment));
  rz_statement_bind_text (stmt, 7, text != NULL ? text : "");
  rz_statement_bind_text (stmt, 8, rz_comment_get_url (comment));
  rz_statement_bind_text (stmt, 9, rz_comment_get_context (comment));
  sqlite3_bind_int64 (stmt, 10, rz_comment_get_created_at (comment));
  sqlite3_bind_int (stmt, 11, rz_comment_get_sentiment (comment));
  sqlite3_bind_int (stmt, 12, rz_comment_get_state (comment));
  sqlite3_bind_int (stmt, 13, rz_comment_get_is_demo (comment));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      rz_comment_set_id (comment, sqlite3_column_int64 (stmt, 0));
      if (is_new != NULL)
        *is_new = TRUE;
      return rz_database_step_done (self, stmt, error);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  /* Nothing inserted: the account already has this comment. */
  if (is_new != NULL)
    *is_new = FALSE;
  return update_known_comment (self, comment, error);
}

static gboolean
update_one_comment (RzDatabase   *self,
                    RzStatement  *stmt,
                    GError      **error)
{
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment no longer exists."));
      return FALSE;
    }
  return TRUE;
}

gboolean
rz_database_set_comment_state (RzDatabase      *self,
                               gint64           comment_id,
                               RzCommentState   state,
                               GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "UPDATE comments SET state = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, comment_id);
  sqlite3_bind_int (stmt, 2, state);
  return update_one_comment (self, stmt, error);
}

gboolean
rz_database_set_comment_sentiment (RzDatabase   *self,
                                   gint64        comment_id,
                                   RzSentiment   sentiment,
                                   GError      **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "UPDATE comments SET sentiment = ?2, sentiment_user_set = 1"
                              " WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, comment_id);
  sqlite3_bind_int (stmt, 2, sentiment);
  return update_one_comment (self, stmt, error);
}

GPtrArray *
rz_database_list_comments (RzDatabase  *self,
                           guint        offset,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  /* Open critical comments, then the other open ones, both oldest first
   * (they have waited longest); then what is handled, newest first. */
  stmt = rz_database_prepare (self,
                              "SELECT " RZ_COMMENT_COLUMNS " FROM comments c"
                              " ORDER BY"
                              "  CASE WHEN c.state = 0 AND c.sentiment = 2 THEN 0"
                              "       WHEN c.state = 0 THEN 1 ELSE 2 END,"
                              "  CASE WHEN c.state = 0 THEN c.created_at ELSE -c.created_at END,"
                              "  c.id"
                              " LIMIT ?1 OFFSET ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64) limit);
  sqlite3_bind_int64 (stmt, 2, offset);
  return collect_comments (self, stmt, error);
}

gboolean
rz_database_count_comments (RzDatabase  *self,
                            guint       *n_comments,
                            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (n_comments != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "SELECT count(*) FROM comments", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *n_comments = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static gboolean
has_alnum (const char *term)
{
  for (const char *p = term; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

char *
rz_storage_fts_query_from_user (const char *text)
{
  g_autoptr(GString) query = NULL;
  g_autofree char *valid = NULL;
  g_auto(GStrv) terms = NULL;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  terms = g_strsplit_set (valid, " \t\r\n\f\v", -1);
  query = g_string_new (NULL);

  for (guint i = 0; terms[i] != NULL; i++)
    {
      /* A term of punctuation only would be an empty phrase. */
      if (!has_alnum (terms[i]))
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');

      /* Inside an FTS5 string only '"' is special, written as '""'. */
      g_string_append_c (query, '"');
      for (const char *p = terms[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

GPtrArray *
rz_database_search_comments (RzDatabase  *self,
                             const char  *query,
                             guint        limit,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree char *match = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  match = rz_storage_fts_query_from_user (query);
  if (match == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " RZ_COMMENT_COLUMNS
                              " FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid"
                              " WHERE comments_fts MATCH ?1"
                              " ORDER BY comments_fts.rank, c.created_at DESC"
                              " LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  rz_statement_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  return collect_comments (self, stmt, error);
}
