/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-account.h"
#include "rz-comment.h"
#include "rz-database-private.h"

/* Accounts as the Accounts page and the sync need them, the sync's store
 * step, and replies with their idempotency keys. */

#define ACCOUNT_COLUMNS \
  "id, channel, display_name, base_url, handle, remote_user_id, state," \
  " sync_cursor, synced_at, is_demo"

/* Replies that were not published (yet). */
#define PENDING_REPLY "state IN ('draft', 'queued', 'sending', 'failed')"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static RzAccount *
account_from_row (RzStatement *stmt)
{
  RzAccount *account = rz_account_new ();

#define COLUMN_TEXT(i) ((const char *) sqlite3_column_text (stmt, (i)))
  rz_account_set_id (account, sqlite3_column_int64 (stmt, 0));
  rz_account_set_channel (account, COLUMN_TEXT (1));
  rz_account_set_display_name (account, COLUMN_TEXT (2));
  rz_account_set_base_url (account, COLUMN_TEXT (3));
  rz_account_set_handle (account, COLUMN_TEXT (4));
  rz_account_set_remote_user_id (account, COLUMN_TEXT (5));
  rz_account_set_state (account, COLUMN_TEXT (6) != NULL ? COLUMN_TEXT (6) : RZ_ACCOUNT_STATE_NEW);
  rz_account_set_cursor (account, COLUMN_TEXT (7));
  rz_account_set_synced_at (account, sqlite3_column_int64 (stmt, 8));
  rz_account_set_is_demo (account, sqlite3_column_int (stmt, 9) != 0);
#undef COLUMN_TEXT

  return account;
}

GPtrArray *
rz_database_list_accounts (RzDatabase  *self,
                           gboolean     include_demo,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " ACCOUNT_COLUMNS " FROM accounts"
                              " WHERE ?1 OR is_demo = 0"
                              " ORDER BY created_at, id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, include_demo ? 1 : 0);
  accounts = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_steal_pointer (&accounts);
}

/* The user's account that @account signs in to again, or 0. */
static gboolean
find_same_account (RzDatabase  *self,
                   RzAccount   *account,
                   gint64      *account_id,
                   GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  *account_id = 0;
  stmt = rz_database_prepare (self,
                              "SELECT id FROM accounts"
                              " WHERE is_demo = 0 AND channel = ?1"
                              "  AND base_url IS ?2 AND handle IS ?3"
                              " ORDER BY id LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  rz_statement_bind_text (stmt, 1, rz_account_get_channel (account));
  rz_statement_bind_text (stmt, 2, rz_account_get_base_url (account));
  rz_statement_bind_text (stmt, 3, rz_account_get_handle (account));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *account_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  return TRUE;
}

static gboolean
write_account (RzDatabase  *self,
               RzAccount   *account,
               GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  gint64 account_id;
  int rc;

  if (!find_same_account (self, account, &account_id, error))
    return FALSE;

  if (account_id != 0)
    stmt = rz_database_prepare (self,
                                "UPDATE accounts SET display_name = ?2, remote_user_id = ?3,"
                                " state = 'connected'"
                                " WHERE id = ?1"
                                " RETURNING id, sync_cursor, synced_at",
                                error);
  else
    stmt = rz_database_prepare (self,
                                "INSERT INTO accounts (channel, display_name, base_url, handle,"
                                " remote_user_id, state, created_at)"
                                " VALUES (?4, ?2, ?5, ?6, ?3, 'connected', ?7)"
                                " RETURNING id, sync_cursor, synced_at",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (account_id != 0)
    sqlite3_bind_int64 (stmt, 1, account_id);
  rz_statement_bind_text (stmt, 2, rz_account_get_display_name (account) != NULL
                                   ? rz_account_get_display_name (account) : "");
  rz_statement_bind_text (stmt, 3, rz_account_get_remote_user_id (account));
  if (account_id == 0)
    {
      rz_statement_bind_text (stmt, 4, rz_account_get_channel (account));
      rz_statement_bind_text (stmt, 5, rz_account_get_base_url (account));
      rz_statement_bind_text (stmt, 6, rz_account_get_handle (account));
      sqlite3_bind_int64 (stmt, 7, now_seconds ());
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  rz_account_set_id (account, sqlite3_column_int64 (stmt, 0));
  rz_account_set_cursor (account, (const char *) sqlite3_column_text (stmt, 1));
  rz_account_set_synced_at (account, sqlite3_column_int64 (stmt, 2));
  rz_account_set_state (account, RZ_ACCOUNT_STATE_CONNECTED);
  rz_account_set_is_demo (account, FALSE);

  return rz_database_step_done (self, stmt, error);
}

gboolean
rz_database_save_account (RzDatabase  *self,
                          RzAccount   *account,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (rz_account_get_channel (account) != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!write_account (self, account, error) || !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* For statements that change exactly one account. */
static gboolean
update_one_account (RzDatabase   *self,
                    RzStatement  *stmt,
                    GError      **error)
{
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The account no longer exists."));
      return FALSE;
    }
  return TRUE;
}

gboolean
rz_database_remove_account (RzDatabase  *self,
                            gint64       account_id,
                            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  /* Comments and their replies go with it (ON DELETE CASCADE). */
  stmt = rz_database_prepare (self, "DELETE FROM accounts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  return update_one_account (self, stmt, error);
}

gboolean
rz_database_set_account_state (RzDatabase  *self,
                               gint64       account_id,
                               const char  *state,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "UPDATE accounts SET state = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rz_statement_bind_text (stmt, 2, state);
  return update_one_account (self, stmt, error);
}

gboolean
rz_database_set_account_cursor (RzDatabase  *self,
                                gint64       account_id,
                                const char  *cursor,
                                GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "UPDATE accounts SET sync_cursor = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rz_statement_bind_text (stmt, 2, cursor);
  return update_one_account (self, stmt, error);
}

/* Marks the account fetched up to @cursor; gives its channel, which the
 * comments are stored under. */
static gboolean
advance_account (RzDatabase  *self,
                 gint64       account_id,
                 const char  *cursor,
                 char       **channel,
                 GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  /* Keep the old cursor when a provider has none to give (nothing new). */
  stmt = rz_database_prepare (self,
                              "UPDATE accounts SET sync_cursor = coalesce (?2, sync_cursor),"
                              " synced_at = ?3, state = 'connected'"
                              " WHERE id = ?1 RETURNING channel",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  rz_statement_bind_text (stmt, 2, cursor);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The account no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *channel = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return rz_database_step_done (self, stmt, error);
}

gboolean
rz_database_store_inbox (RzDatabase  *self,
                         gint64       account_id,
                         GPtrArray   *comments,
                         const char  *cursor,
                         guint       *n_new,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *channel = NULL;
  guint added = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (comments != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!advance_account (self, account_id, cursor, &channel, error))
    goto fail;

  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);
      gboolean is_new = FALSE;

      rz_comment_set_account_id (comment, account_id);
      if (rz_comment_get_channel (comment) == NULL)
        rz_comment_set_channel (comment, channel);
      rz_comment_set_is_demo (comment, FALSE);

      if (!rz_database_add_comment (self, comment, &is_new, error))
        goto fail;
      if (is_new)
        added++;
    }

  if (!rz_database_commit (self, error))
    goto fail;

  if (n_new != NULL)
    *n_new = added;
  return TRUE;

fail:
  rz_database_rollback (self);
  return FALSE;
}

/* --- replies ------------------------------------------------------------- */

static gboolean
find_pending_reply (RzDatabase  *self,
                    gint64       comment_id,
                    gint64      *reply_id,
                    char       **key,
                    char       **text,
                    char       **last_error,
                    GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  *reply_id = 0;
  stmt = rz_database_prepare (self,
                              "SELECT id, idempotency_key, text, error FROM replies"
                              " WHERE comment_id = ?1 AND " PENDING_REPLY
                              " ORDER BY id DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, comment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *reply_id = sqlite3_column_int64 (stmt, 0);
  if (key != NULL)
    *key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (text != NULL)
    *text = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  if (last_error != NULL)
    *last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return TRUE;
}

static gboolean
write_prepared_reply (RzDatabase  *self,
                      gint64       comment_id,
                      const char  *text,
                      gint64      *reply_id,
                      char       **idempotency_key,
                      GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree char *key = NULL;
  gint64 pending_id;
  int rc;

  if (!find_pending_reply (self, comment_id, &pending_id, &key, NULL, NULL, error))
    return FALSE;

  /* A reply stored before this version has no key yet. */
  if (key == NULL)
    key = g_uuid_string_random ();

  if (pending_id != 0)
    {
      /* The same reply again: the key stays, so if an earlier attempt did
       * reach the network, it is not posted a second time. */
      stmt = rz_database_prepare (self,
                                  "UPDATE replies SET text = ?2, idempotency_key = ?3,"
                                  " state = 'sending', error = NULL"
                                  " WHERE id = ?1 RETURNING id",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, pending_id);
    }
  else
    {
      stmt = rz_database_prepare (self,
                                  "INSERT INTO replies (comment_id, text, idempotency_key, state, created_at)"
                                  " VALUES (?1, ?2, ?3, 'sending', ?4) RETURNING id",
                                  error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, comment_id);
      sqlite3_bind_int64 (stmt, 4, now_seconds ());
    }

  rz_statement_bind_text (stmt, 2, text);
  rz_statement_bind_text (stmt, 3, key);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *reply_id = sqlite3_column_int64 (stmt, 0);
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  *idempotency_key = g_steal_pointer (&key);
  return TRUE;
}

gboolean
rz_database_prepare_reply (RzDatabase  *self,
                           gint64       comment_id,
                           const char  *text,
                           gint64      *reply_id,
                           char       **idempotency_key,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *key = NULL;
  gint64 id = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (reply_id != NULL, FALSE);
  g_return_val_if_fail (idempotency_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!write_prepared_reply (self, comment_id, text, &id, &key, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  *reply_id = id;
  *idempotency_key = g_steal_pointer (&key);
  return TRUE;
}

gboolean
rz_database_dup_pending_reply (RzDatabase  *self,
                               gint64       comment_id,
                               gint64      *reply_id,
                               char       **text,
                               char       **last_error,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (reply_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  return find_pending_reply (self, comment_id, reply_id, NULL, text, last_error, error);
}

static gboolean
mark_answered (RzDatabase  *self,
               gint64       reply_id,
               GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;

  stmt = rz_database_prepare (self,
                              "UPDATE comments SET state = 1"
                              " WHERE id = (SELECT comment_id FROM replies WHERE id = ?1)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reply_id);
  return rz_database_step_done (self, stmt, error);
}

static gboolean
write_reply_sent (RzDatabase  *self,
                  gint64       reply_id,
                  const char  *remote_id,
                  const char  *remote_url,
                  GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;

  stmt = rz_database_prepare (self,
                              "UPDATE replies SET state = 'sent', remote_id = ?2, remote_url = ?3,"
                              " error = NULL, sent_at = ?4"
                              " WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reply_id);
  rz_statement_bind_text (stmt, 2, remote_id);
  rz_statement_bind_text (stmt, 3, remote_url);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The comment no longer exists."));
      return FALSE;
    }

  return mark_answered (self, reply_id, error);
}

gboolean
rz_database_set_reply_sent (RzDatabase  *self,
                            gint64       reply_id,
                            const char  *remote_id,
                            const char  *remote_url,
                            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!write_reply_sent (self, reply_id, remote_id, remote_url, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_set_reply_failed (RzDatabase  *self,
                              gint64       reply_id,
                              const char  *message,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  /* A reply that went out meanwhile stays sent. */
  stmt = rz_database_prepare (self,
                              "UPDATE replies SET state = 'failed', error = ?2"
                              " WHERE id = ?1 AND state != 'sent'",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, reply_id);
  rz_statement_bind_text (stmt, 2, message);
  return rz_database_step_done (self, stmt, error);
}

gint64
rz_database_log_reply (RzDatabase  *self,
                       gint64       comment_id,
                       const char  *text,
                       GError     **error)
{
  return rz_database_log_reply_with_url (self, comment_id, text, NULL, error);
}
