/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-database-private.h"

/* The moderation log: what was marked as spam or hidden, and when. */

/* Enough of the text to recognise the comment later, in characters. */
#define EXCERPT_CHARS 280

void
rz_moderation_entry_free (RzModerationEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->channel);
  g_free (entry->remote_id);
  g_free (entry->excerpt);
  g_free (entry);
}

static const char *
action_to_string (RzModerationAction action)
{
  switch (action)
    {
    case RZ_MODERATION_ACTION_SPAM:
      return "spam";
    case RZ_MODERATION_ACTION_HIDE:
      return "hide";
    default:
      g_assert_not_reached ();
    }
}

gint64
rz_database_log_moderation (RzDatabase          *self,
                            gint64               comment_id,
                            RzModerationAction   action,
                            GError             **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) read = NULL;
  g_autoptr(RzStatement) insert = NULL;
  g_autoptr(RzStatement) update = NULL;
  g_autofree char *excerpt = NULL;
  const char *text;
  gint64 row_id;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), 0);
  g_return_val_if_fail (action == RZ_MODERATION_ACTION_SPAM || action == RZ_MODERATION_ACTION_HIDE, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return 0;

  read = rz_database_prepare (self, "SELECT text FROM comments WHERE id = ?1", error);
  if (read == NULL)
    goto fail;
  sqlite3_bind_int64 (read, 1, comment_id);
  rc = sqlite3_step (read);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment no longer exists."));
      goto fail;
    }
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      goto fail;
    }
  text = (const char *) sqlite3_column_text (read, 0);
  /* Cut on a character, never inside one. */
  if (text != NULL && g_utf8_validate (text, -1, NULL))
    excerpt = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), EXCERPT_CHARS));
  else
    excerpt = g_strdup ("");
  sqlite3_reset (read);

  insert = rz_database_prepare (self,
                                "INSERT INTO moderation_log (comment_id, account_id, channel, remote_id,"
                                " action, excerpt, sentiment, created_at, is_demo)"
                                " SELECT id, account_id, channel, remote_id, ?2, ?3, sentiment, ?4, is_demo"
                                " FROM comments WHERE id = ?1",
                                error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, comment_id);
  sqlite3_bind_text (insert, 2, action_to_string (action), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, excerpt, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 4, g_get_real_time () / G_USEC_PER_SEC);
  if (!rz_database_step_done (self, insert, error))
    goto fail;
  row_id = sqlite3_last_insert_rowid (rz_database_get_handle (self));

  /* Spam needs no answer: it leaves the inbox, but the log keeps it. */
  if (action == RZ_MODERATION_ACTION_SPAM)
    {
      update = rz_database_prepare (self, "UPDATE comments SET state = ?2 WHERE id = ?1", error);
      if (update == NULL)
        goto fail;
      sqlite3_bind_int64 (update, 1, comment_id);
      sqlite3_bind_int (update, 2, RZ_COMMENT_STATE_IGNORED);
      if (!rz_database_step_done (self, update, error))
        goto fail;
    }

  if (!rz_database_commit (self, error))
    goto fail;

  return row_id;

fail:
  rz_database_rollback (self);
  return 0;
}

GPtrArray *
rz_database_list_moderation (RzDatabase  *self,
                             gint64       comment_id,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (comment_id >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT id, ifnull (comment_id, 0), ifnull (account_id, 0), channel, remote_id,"
                              " action, excerpt, sentiment, created_at, is_demo"
                              " FROM moderation_log WHERE ?1 = 0 OR comment_id = ?1"
                              " ORDER BY created_at, id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, comment_id);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_moderation_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RzModerationEntry *entry = g_new0 (RzModerationEntry, 1);
      const char *action = (const char *) sqlite3_column_text (stmt, 5);
      int sentiment = sqlite3_column_int (stmt, 7);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->comment_id = sqlite3_column_int64 (stmt, 1);
      entry->account_id = sqlite3_column_int64 (stmt, 2);
      entry->channel = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->remote_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->action = g_strcmp0 (action, "hide") == 0 ? RZ_MODERATION_ACTION_HIDE : RZ_MODERATION_ACTION_SPAM;
      entry->excerpt = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      entry->sentiment = CLAMP (sentiment, RZ_SENTIMENT_NEUTRAL, RZ_SENTIMENT_CRITICAL);
      entry->created_at = sqlite3_column_int64 (stmt, 8);
      entry->is_demo = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_steal_pointer (&entries);
}
