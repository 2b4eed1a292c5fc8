/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-draft-post.h"

/* Drafts, their variants and images, and the outbox (table posts). */

#define DRAFT_COLUMNS \
  "d.id, d.core_text, d.message_type, d.created_at, d.updated_at, d.is_demo"

#define POST_COLUMNS \
  "p.id, p.draft_id, p.channel, p.account_id, p.text, p.state, p.idempotency_key," \
  " p.remote_id, p.remote_url, p.error, p.scheduled_at, p.posted_at, p.created_at," \
  " p.updated_at"

/* The same, where no alias can be used (RETURNING). */
#define POST_RETURNING \
  "id, draft_id, channel, account_id, text, state, idempotency_key," \
  " remote_id, remote_url, error, scheduled_at, posted_at, created_at," \
  " updated_at"

#define COLUMN_TEXT(stmt, i) ((const char *) sqlite3_column_text ((stmt), (i)))

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static RzDraft *
draft_from_row (RzStatement *stmt)
{
  RzDraft *draft = rz_draft_new ();

  /* Variants come after the core text, so nothing is derived here. */
  rz_draft_set_id (draft, sqlite3_column_int64 (stmt, 0));
  rz_draft_set_core_text (draft, COLUMN_TEXT (stmt, 1));
  rz_draft_set_message_type (draft, COLUMN_TEXT (stmt, 2));
  rz_draft_set_created_at (draft, sqlite3_column_int64 (stmt, 3));
  rz_draft_set_updated_at (draft, sqlite3_column_int64 (stmt, 4));
  rz_draft_set_is_demo (draft, sqlite3_column_int (stmt, 5) != 0);
  return draft;
}

static RzDraftPost *
post_from_row (RzStatement *stmt)
{
  RzDraftPost *post = rz_draft_post_new ();
  RzDraftPostState state = RZ_DRAFT_POST_QUEUED;

  post->id = sqlite3_column_int64 (stmt, 0);
  post->draft_id = sqlite3_column_int64 (stmt, 1);
  post->channel = g_strdup (COLUMN_TEXT (stmt, 2));
  post->account_id = sqlite3_column_int64 (stmt, 3);
  post->text = g_strdup (COLUMN_TEXT (stmt, 4));
  /* The CHECK constraint keeps the state valid. */
  rz_draft_post_state_from_id (COLUMN_TEXT (stmt, 5), &state);
  post->state = state;
  post->idempotency_key = g_strdup (COLUMN_TEXT (stmt, 6));
  post->remote_id = g_strdup (COLUMN_TEXT (stmt, 7));
  post->remote_url = g_strdup (COLUMN_TEXT (stmt, 8));
  post->error = g_strdup (COLUMN_TEXT (stmt, 9));
  post->scheduled_at = sqlite3_column_int64 (stmt, 10);
  post->posted_at = sqlite3_column_int64 (stmt, 11);
  post->created_at = sqlite3_column_int64 (stmt, 12);
  post->updated_at = sqlite3_column_int64 (stmt, 13);
  return post;
}

static GPtrArray *
collect_posts (RzDatabase   *self,
               RzStatement  *stmt,
               GError      **error)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_draft_post_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (posts, post_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }
  return g_steal_pointer (&posts);
}

static gboolean
set_not_found (GError     **error,
               const char  *message)
{
  g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND, message);
  return FALSE;
}

/* --- Drafts -------------------------------------------------------------- */

static gboolean
add_variants (RzDatabase  *self,
              GHashTable  *drafts_by_id,
              RzDraft     *only,
              GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self,
                              "SELECT draft_id, id, channel, text, customized FROM draft_variants"
                              " WHERE ?1 = 0 OR draft_id = ?1 ORDER BY draft_id, id",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, only != NULL ? rz_draft_get_id (only) : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 draft_id = sqlite3_column_int64 (stmt, 0);
      RzDraft *draft = only != NULL ? only : g_hash_table_lookup (drafts_by_id, &draft_id);

      if (draft != NULL)
        rz_draft_add_stored_variant (draft, sqlite3_column_int64 (stmt, 1),
                                     COLUMN_TEXT (stmt, 2), COLUMN_TEXT (stmt, 3),
                                     sqlite3_column_int (stmt, 4) != 0);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

/* What a list needs of the images, and what saving a listed draft needs
 * to keep them: everything but the bytes. */
static gboolean
add_image_descriptions (RzDatabase  *self,
                        GHashTable  *drafts_by_id,
                        GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self,
                              "SELECT draft_id, id, uuid, content_type, filename, alt_text"
                              " FROM draft_images ORDER BY draft_id, position, id",
                              error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 draft_id = sqlite3_column_int64 (stmt, 0);
      RzDraft *draft = g_hash_table_lookup (drafts_by_id, &draft_id);
      RzDraftImage image = {
        .id = sqlite3_column_int64 (stmt, 1),
        .uuid = (char *) COLUMN_TEXT (stmt, 2),
        .content_type = (char *) COLUMN_TEXT (stmt, 3),
        .filename = (char *) COLUMN_TEXT (stmt, 4),
        .alt_text = (char *) COLUMN_TEXT (stmt, 5),
      };

      if (draft != NULL)
        rz_draft_add_stored_image (draft, &image);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

GPtrArray *
rz_database_list_drafts (RzDatabase  *self,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " DRAFT_COLUMNS ","
                              " count(p.id) FILTER (WHERE p.state = 'failed'),"
                              " count(p.id) FILTER (WHERE p.state IN ('queued', 'sending')),"
                              " count(p.id) FILTER (WHERE p.state = 'posted'),"
                              " min(COALESCE (p.scheduled_at, 0)) FILTER (WHERE p.state = 'queued')"
                              " FROM drafts d LEFT JOIN posts p ON p.draft_id = d.id"
                              " GROUP BY d.id"
                              " ORDER BY d.updated_at DESC, d.id DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  drafts = g_ptr_array_new_with_free_func (g_object_unref);
  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RzDraft *draft = draft_from_row (stmt);
      RzDraftStatus status = RZ_DRAFT_STATUS_DRAFT;
      gint64 *id = g_new (gint64, 1);

      if (sqlite3_column_int (stmt, 6) > 0)
        status = RZ_DRAFT_STATUS_FAILED;
      else if (sqlite3_column_int (stmt, 7) > 0)
        status = RZ_DRAFT_STATUS_SCHEDULED;
      else if (sqlite3_column_int (stmt, 8) > 0)
        status = RZ_DRAFT_STATUS_POSTED;
      rz_draft_set_status (draft, status, sqlite3_column_int64 (stmt, 9));

      *id = rz_draft_get_id (draft);
      g_ptr_array_add (drafts, draft);
      g_hash_table_insert (by_id, id, draft);
    }
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  if (!add_variants (self, by_id, NULL, error) ||
      !add_image_descriptions (self, by_id, error))
    return NULL;
  return g_steal_pointer (&drafts);
}

static RzDraftImage *
image_from_row (RzStatement *stmt)
{
  RzDraftImage *image = g_new0 (RzDraftImage, 1);
  const void *blob = sqlite3_column_blob (stmt, 2);
  int size = sqlite3_column_bytes (stmt, 2);

  image->id = sqlite3_column_int64 (stmt, 0);
  image->uuid = g_strdup (COLUMN_TEXT (stmt, 1));
  image->data = g_bytes_new (blob, size);
  image->content_type = g_strdup (COLUMN_TEXT (stmt, 3));
  image->filename = g_strdup (COLUMN_TEXT (stmt, 4));
  image->alt_text = g_strdup (COLUMN_TEXT (stmt, 5));
  return image;
}

GPtrArray *
rz_database_dup_draft_images (RzDatabase  *self,
                              gint64       draft_id,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) images = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT id, uuid, data, content_type, filename, alt_text"
                              " FROM draft_images WHERE draft_id = ?1 ORDER BY position, id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, draft_id);
  images = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_draft_image_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (images, image_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }
  return g_steal_pointer (&images);
}

RzDraft *
rz_database_load_draft (RzDatabase  *self,
                        gint64       draft_id,
                        GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(RzDraft) draft = NULL;
  g_autoptr(GPtrArray) images = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "SELECT " DRAFT_COLUMNS " FROM drafts d WHERE d.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, draft_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, _("The draft no longer exists."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }
  draft = draft_from_row (stmt);

  if (!add_variants (self, NULL, draft, error))
    return NULL;

  images = rz_database_dup_draft_images (self, draft_id, error);
  if (images == NULL)
    return NULL;
  for (guint i = 0; i < images->len; i++)
    rz_draft_add_stored_image (draft, images->pdata[i]);

  return g_steal_pointer (&draft);
}

static gboolean
write_draft_row (RzDatabase  *self,
                 RzDraft     *draft,
                 gboolean     restore,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  gint64 id = rz_draft_get_id (draft);

  if (id != 0 && !restore)
    {
      stmt = rz_database_prepare (self,
                                  "UPDATE drafts SET core_text = ?2, message_type = ?3, updated_at = ?4"
                                  " WHERE id = ?1",
                                  error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, id);
      rz_statement_bind_text (stmt, 2, rz_draft_get_core_text (draft));
      rz_statement_bind_text (stmt, 3, rz_draft_get_message_type (draft));
      sqlite3_bind_int64 (stmt, 4, now);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;
      if (sqlite3_changes (rz_database_get_handle (self)) == 0)
        return set_not_found (error, _("The draft was deleted in the meantime."));
      return TRUE;
    }

  /* A new draft, or a deleted one back under its old id. */
  stmt = rz_database_prepare (self,
                              "INSERT INTO drafts (id, core_text, message_type, created_at, updated_at, is_demo)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    return FALSE;

  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    sqlite3_bind_null (stmt, 1);
  rz_statement_bind_text (stmt, 2, rz_draft_get_core_text (draft));
  rz_statement_bind_text (stmt, 3, rz_draft_get_message_type (draft));
  sqlite3_bind_int64 (stmt, 4, rz_draft_get_created_at (draft) != 0 ? rz_draft_get_created_at (draft) : now);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_int (stmt, 6, rz_draft_get_is_demo (draft));
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  rz_draft_set_id (draft, sqlite3_last_insert_rowid (rz_database_get_handle (self)));
  if (rz_draft_get_created_at (draft) == 0)
    rz_draft_set_created_at (draft, now);
  return TRUE;
}

static gboolean
write_variants (RzDatabase  *self,
                RzDraft     *draft,
                gint64       now,
                GError     **error)
{
  g_autoptr(JsonBuilder) channels = json_builder_new ();
  g_autofree char *channels_json = NULL;
  g_autoptr(RzStatement) remove = NULL;

  json_builder_begin_array (channels);
  for (guint i = 0; i < rz_draft_get_n_variants (draft); i++)
    {
      RzDraftVariant *variant = rz_draft_get_variant (draft, i);
      g_autoptr(RzStatement) stmt = NULL;
      int rc;

      stmt = rz_database_prepare (self,
                                  "INSERT INTO draft_variants (draft_id, channel, text, customized, updated_at, is_demo)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                  " ON CONFLICT (draft_id, channel) DO UPDATE SET"
                                  "  text = excluded.text, customized = excluded.customized,"
                                  "  updated_at = excluded.updated_at"
                                  " RETURNING id",
                                  error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, rz_draft_get_id (draft));
      rz_statement_bind_text (stmt, 2, variant->channel);
      rz_statement_bind_text (stmt, 3, variant->text != NULL ? variant->text : "");
      sqlite3_bind_int (stmt, 4, variant->customized);
      sqlite3_bind_int64 (stmt, 5, now);
      /* A variant of a sample draft goes when the sample goes. */
      sqlite3_bind_int (stmt, 6, rz_draft_get_is_demo (draft));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        return rz_storage_set_error (error, rz_database_get_handle (self), rc);
      variant->id = sqlite3_column_int64 (stmt, 0);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;

      json_builder_add_string_value (channels, variant->channel);
    }
  json_builder_end_array (channels);
  channels_json = rz_storage_json_builder_to_string (channels);

  remove = rz_database_prepare (self,
                                "DELETE FROM draft_variants WHERE draft_id = ?1"
                                " AND channel NOT IN (SELECT value FROM json_each (?2))",
                                error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, rz_draft_get_id (draft));
  rz_statement_bind_text (remove, 2, channels_json);
  return rz_database_step_done (self, remove, error);
}

static gboolean
write_images (RzDatabase  *self,
              RzDraft     *draft,
              gint64       now,
              GError     **error)
{
  g_autoptr(JsonBuilder) uuids = json_builder_new ();
  g_autofree char *uuids_json = NULL;
  g_autoptr(RzStatement) remove = NULL;

  json_builder_begin_array (uuids);
  for (guint i = 0; i < rz_draft_get_n_images (draft); i++)
    {
      RzDraftImage *image = rz_draft_get_image (draft, i);
      g_autoptr(RzStatement) update = NULL;
      g_autoptr(RzStatement) insert = NULL;
      gsize size = 0;
      gconstpointer data;
      int rc;

      json_builder_add_string_value (uuids, image->uuid);

      /* The bytes are written once; later saves touch the description
       * and the order only. */
      update = rz_database_prepare (self,
                                    "UPDATE draft_images SET alt_text = ?3, position = ?4"
                                    " WHERE uuid = ?1 AND draft_id = ?2 RETURNING id",
                                    error);
      if (update == NULL)
        return FALSE;
      rz_statement_bind_text (update, 1, image->uuid);
      sqlite3_bind_int64 (update, 2, rz_draft_get_id (draft));
      rz_statement_bind_text (update, 3, image->alt_text != NULL ? image->alt_text : "");
      sqlite3_bind_int (update, 4, i);
      rc = sqlite3_step (update);
      if (rc == SQLITE_ROW)
        {
          image->id = sqlite3_column_int64 (update, 0);
          if (!rz_database_step_done (self, update, error))
            return FALSE;
          continue;
        }
      if (rc != SQLITE_DONE)
        return rz_storage_set_error (error, rz_database_get_handle (self), rc);

      if (image->data == NULL)
        {
          g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT,
                               _("An image of the draft could not be read."));
          return FALSE;
        }

      insert = rz_database_prepare (self,
                                    "INSERT INTO draft_images (draft_id, uuid, data, content_type,"
                                    " filename, alt_text, position, created_at, is_demo)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                    error);
      if (insert == NULL)
        return FALSE;
      data = g_bytes_get_data (image->data, &size);
      sqlite3_bind_int64 (insert, 1, rz_draft_get_id (draft));
      rz_statement_bind_text (insert, 2, image->uuid);
      /* The bytes outlive the statement: the draft holds them. */
      sqlite3_bind_blob64 (insert, 3, size > 0 ? data : "", size, SQLITE_STATIC);
      rz_statement_bind_text (insert, 4, image->content_type != NULL ? image->content_type : "application/octet-stream");
      rz_statement_bind_text (insert, 5, image->filename);
      rz_statement_bind_text (insert, 6, image->alt_text != NULL ? image->alt_text : "");
      sqlite3_bind_int (insert, 7, i);
      sqlite3_bind_int64 (insert, 8, now);
      sqlite3_bind_int (insert, 9, rz_draft_get_is_demo (draft));
      if (!rz_database_step_done (self, insert, error))
        return FALSE;
      image->id = sqlite3_last_insert_rowid (rz_database_get_handle (self));
    }
  json_builder_end_array (uuids);
  uuids_json = rz_storage_json_builder_to_string (uuids);

  remove = rz_database_prepare (self,
                                "DELETE FROM draft_images WHERE draft_id = ?1"
                                " AND uuid NOT IN (SELECT value FROM json_each (?2))",
                                error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, rz_draft_get_id (draft));
  rz_statement_bind_text (remove, 2, uuids_json);
  return rz_database_step_done (self, remove, error);
}

static gboolean
write_draft (RzDatabase  *self,
             RzDraft     *draft,
             gboolean     restore,
             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 now = now_seconds ();
  gint64 old_id = rz_draft_get_id (draft);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!write_draft_row (self, draft, restore, now, error) ||
      !write_variants (self, draft, now, error) ||
      !write_images (self, draft, now, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      /* Nothing was written, so the draft is still new. */
      rz_draft_set_id (draft, old_id);
      return FALSE;
    }

  rz_draft_set_updated_at (draft, now);
  return TRUE;
}

gboolean
rz_database_save_draft (RzDatabase  *self,
                        RzDraft     *draft,
                        GError     **error)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_DRAFT (draft), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_draft (self, draft, FALSE, error);
}

gboolean
rz_database_restore_draft (RzDatabase  *self,
                           RzDraft     *draft,
                           GError     **error)
{
  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_DRAFT (draft), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return write_draft (self, draft, TRUE, error);
}

gboolean
rz_database_delete_draft (RzDatabase  *self,
                          gint64       draft_id,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) unsent = NULL;
  g_autoptr(RzStatement) draft = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  unsent = rz_database_prepare (self,
                                "DELETE FROM posts WHERE draft_id = ?1 AND state IN ('queued', 'failed')",
                                error);
  if (unsent == NULL)
    goto failed;
  sqlite3_bind_int64 (unsent, 1, draft_id);
  if (!rz_database_step_done (self, unsent, error))
    goto failed;

  draft = rz_database_prepare (self, "DELETE FROM drafts WHERE id = ?1", error);
  if (draft == NULL)
    goto failed;
  sqlite3_bind_int64 (draft, 1, draft_id);
  if (!rz_database_step_done (self, draft, error))
    goto failed;
  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      set_not_found (error, _("The draft no longer exists."));
      goto failed;
    }

  return rz_database_commit (self, error);

failed:
  rz_database_rollback (self);
  return FALSE;
}

GPtrArray *
rz_database_search_drafts (RzDatabase  *self,
                           const char  *query,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *match = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  drafts = g_ptr_array_new_with_free_func (g_object_unref);
  match = rz_storage_fts_query_from_user (query);
  if (match == NULL)
    return g_steal_pointer (&drafts);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " DRAFT_COLUMNS " FROM drafts_fts"
                              " JOIN drafts d ON d.id = drafts_fts.rowid"
                              " WHERE drafts_fts MATCH ?1"
                              " ORDER BY rank LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  rz_statement_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (drafts, draft_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }
  return g_steal_pointer (&drafts);
}

/* --- The outbox ---------------------------------------------------------- */

static gboolean
check_postable_draft (RzDatabase  *self,
                      gint64       draft_id,
                      GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self, "SELECT is_demo FROM drafts WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, draft_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return set_not_found (error, _("The draft no longer exists."));
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  if (sqlite3_column_int (stmt, 0) != 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT,
                           _("Sample drafts are never posted. Write a draft of your own."));
      return FALSE;
    }
  return TRUE;
}

static RzDraftPost *
read_post (RzDatabase  *self,
           gint64       post_id,
           GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self, "SELECT " POST_COLUMNS " FROM posts p WHERE p.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, post_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return post_from_row (stmt);
  if (rc == SQLITE_DONE)
    set_not_found (error, _("The post no longer exists."));
  else
    rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return NULL;
}

static gboolean
enqueue_one (RzDatabase  *self,
             gint64       draft_id,
             gint64       account_id,
             gint64       scheduled_at,
             gint64       now,
             gint64      *post_id,
             GError     **error)
{
  g_autoptr(RzStatement) target = NULL;
  g_autoptr(RzStatement) existing = NULL;
  g_autoptr(RzStatement) write = NULL;
  g_autofree char *channel = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  gint64 variant_id;
  int rc;

  target = rz_database_prepare (self,
                                "SELECT a.channel, v.id, v.text FROM accounts a"
                                " LEFT JOIN draft_variants v ON v.draft_id = ?1 AND v.channel = a.channel"
                                " WHERE a.id = ?2",
                                error);
  if (target == NULL)
    return FALSE;
  sqlite3_bind_int64 (target, 1, draft_id);
  sqlite3_bind_int64 (target, 2, account_id);
  rc = sqlite3_step (target);
  if (rc == SQLITE_DONE)
    return set_not_found (error, _("The account was removed. Choose another one."));
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  if (sqlite3_column_type (target, 1) == SQLITE_NULL)
    return set_not_found (error, _("The draft has no text for this account’s channel."));
  channel = g_strdup (COLUMN_TEXT (target, 0));
  variant_id = sqlite3_column_int64 (target, 1);
  text = g_strdup (COLUMN_TEXT (target, 2));

  /* One entry per draft and account: a second "Post" must never post
   * twice, and a retry keeps the key of the first attempt. */
  existing = rz_database_prepare (self,
                                  "SELECT id, state FROM posts WHERE draft_id = ?1 AND account_id = ?2"
                                  " ORDER BY id DESC LIMIT 1",
                                  error);
  if (existing == NULL)
    return FALSE;
  sqlite3_bind_int64 (existing, 1, draft_id);
  sqlite3_bind_int64 (existing, 2, account_id);
  rc = sqlite3_step (existing);
  if (rc == SQLITE_ROW)
    {
      const char *state = COLUMN_TEXT (existing, 1);

      *post_id = sqlite3_column_int64 (existing, 0);
      if (g_strcmp0 (state, "queued") != 0 && g_strcmp0 (state, "failed") != 0)
        return TRUE;

      write = rz_database_prepare (self,
                                   "UPDATE posts SET state = 'queued', text = ?2, variant_id = ?3,"
                                   " scheduled_at = ?4, error = NULL, updated_at = ?5"
                                   " WHERE id = ?1",
                                   error);
      if (write == NULL)
        return FALSE;
      sqlite3_bind_int64 (write, 1, *post_id);
      rz_statement_bind_text (write, 2, text);
      sqlite3_bind_int64 (write, 3, variant_id);
      if (scheduled_at > 0)
        sqlite3_bind_int64 (write, 4, scheduled_at);
      else
        sqlite3_bind_null (write, 4);
      sqlite3_bind_int64 (write, 5, now);
      return rz_database_step_done (self, write, error);
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  key = g_uuid_string_random ();
  write = rz_database_prepare (self,
                               "INSERT INTO posts (draft_id, variant_id, channel, account_id, text,"
                               " state, idempotency_key, scheduled_at, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?8)",
                               error);
  if (write == NULL)
    return FALSE;
  sqlite3_bind_int64 (write, 1, draft_id);
  sqlite3_bind_int64 (write, 2, variant_id);
  rz_statement_bind_text (write, 3, channel);
  sqlite3_bind_int64 (write, 4, account_id);
  rz_statement_bind_text (write, 5, text);
  rz_statement_bind_text (write, 6, key);
  if (scheduled_at > 0)
    sqlite3_bind_int64 (write, 7, scheduled_at);
  else
    sqlite3_bind_null (write, 7);
  sqlite3_bind_int64 (write, 8, now);
  if (!rz_database_step_done (self, write, error))
    return FALSE;

  *post_id = sqlite3_last_insert_rowid (rz_database_get_handle (self));
  return TRUE;
}

GPtrArray *
rz_database_enqueue_posts (RzDatabase    *self,
                           gint64         draft_id,
                           const gint64  *account_ids,
                           guint          n_accounts,
                           gint64         scheduled_at,
                           GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (account_ids != NULL || n_accounts == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return NULL;

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!check_postable_draft (self, draft_id, error))
    goto failed;
  for (guint i = 0; i < n_accounts; i++)
    {
      gint64 post_id = 0;

      if (!enqueue_one (self, draft_id, account_ids[i], scheduled_at, now, &post_id, error))
        goto failed;
      g_array_append_val (ids, post_id);
    }

  posts = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_draft_post_free);
  for (guint i = 0; i < ids->len; i++)
    {
      RzDraftPost *post = read_post (self, g_array_index (ids, gint64, i), error);

      if (post == NULL)
        goto failed;
      g_ptr_array_add (posts, post);
    }

  if (!rz_database_commit (self, error))
    return NULL;
  return g_steal_pointer (&posts);

failed:
  rz_database_rollback (self);
  return NULL;
}

RzDraftPost *
rz_database_add_manual_post (RzDatabase  *self,
                             gint64       draft_id,
                             const char  *channel,
                             const char  *url,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree char *key = g_uuid_string_random ();
  RzDraftPost *post = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (channel != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return NULL;
  if (!check_postable_draft (self, draft_id, error))
    goto failed;

  stmt = rz_database_prepare (self,
                              "INSERT INTO posts (draft_id, variant_id, channel, text, state,"
                              " idempotency_key, remote_url, posted_at, created_at, updated_at)"
                              " SELECT ?1, v.id, ?2, COALESCE (v.text, d.core_text), 'posted', ?3, ?4, ?5, ?5, ?5"
                              " FROM drafts d LEFT JOIN draft_variants v ON v.draft_id = d.id AND v.channel = ?2"
                              " WHERE d.id = ?1",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, draft_id);
  rz_statement_bind_text (stmt, 2, channel);
  rz_statement_bind_text (stmt, 3, key);
  rz_statement_bind_text (stmt, 4, url != NULL && *url != '\0' ? url : NULL);
  sqlite3_bind_int64 (stmt, 5, now);
  if (!rz_database_step_done (self, stmt, error))
    goto failed;

  post = read_post (self, sqlite3_last_insert_rowid (rz_database_get_handle (self)), error);
  if (post == NULL)
    goto failed;
  if (!rz_database_commit (self, error))
    {
      rz_draft_post_free (post);
      return NULL;
    }
  return post;

failed:
  rz_database_rollback (self);
  return NULL;
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const RzDraftPost *pa = *(RzDraftPost * const *) a;
  const RzDraftPost *pb = *(RzDraftPost * const *) b;

  if (pa->scheduled_at != pb->scheduled_at)
    return pa->scheduled_at < pb->scheduled_at ? -1 : 1;
  return pa->id < pb->id ? -1 : pa->id > pb->id;
}

GPtrArray *
rz_database_claim_due_posts (RzDatabase  *self,
                             gint64       now,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  GPtrArray *posts;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "UPDATE posts SET state = 'sending', attempts = attempts + 1,"
                              " updated_at = ?1"
                              " WHERE state = 'queued' AND account_id IS NOT NULL"
                              " AND COALESCE (scheduled_at, 0) <= ?1"
                              " RETURNING " POST_RETURNING,
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
  posts = collect_posts (self, stmt, error);
  if (posts != NULL)
    g_ptr_array_sort (posts, compare_due);
  return posts;
}

static gboolean
finish_sending (RzDatabase   *self,
                RzStatement  *stmt,
                GError      **error)
{
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    return set_not_found (error, _("The post is no longer being sent."));
  return TRUE;
}

gboolean
rz_database_set_post_posted (RzDatabase  *self,
                             gint64       post_id,
                             const char  *remote_id,
                             const char  *remote_url,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gint64 now = now_seconds ();

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "UPDATE posts SET state = 'posted', remote_id = ?2, remote_url = ?3,"
                              " error = NULL, posted_at = ?4, updated_at = ?4"
                              " WHERE id = ?1 AND state = 'sending'",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, post_id);
  rz_statement_bind_text (stmt, 2, remote_id);
  rz_statement_bind_text (stmt, 3, remote_url);
  sqlite3_bind_int64 (stmt, 4, now);
  return finish_sending (self, stmt, error);
}

gboolean
rz_database_set_post_failed (RzDatabase  *self,
                             gint64       post_id,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "UPDATE posts SET state = 'failed', error = ?2, updated_at = ?3"
                              " WHERE id = ?1 AND state = 'sending'",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, post_id);
  rz_statement_bind_text (stmt, 2, reason);
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  return finish_sending (self, stmt, error);
}

gboolean
rz_database_requeue_interrupted_posts (RzDatabase  *self,
                                       guint       *n_posts,
                                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "UPDATE posts SET state = 'queued', updated_at = ?1 WHERE state = 'sending'",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_seconds ());
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;
  if (n_posts != NULL)
    *n_posts = sqlite3_changes (rz_database_get_handle (self));
  return TRUE;
}

gboolean
rz_database_retry_failed_posts (RzDatabase  *self,
                                gint64       draft_id,
                                guint       *n_posts,
                                GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  /* The text may have been fixed since (too long, say); when the first
   * attempt did arrive after all, the key makes the network answer with
   * that post instead of a second one. */
  stmt = rz_database_prepare (self,
                              "UPDATE posts SET state = 'queued', error = NULL, scheduled_at = NULL,"
                              " text = COALESCE ((SELECT v.text FROM draft_variants v WHERE v.id = posts.variant_id), text),"
                              " updated_at = ?2"
                              " WHERE state = 'failed' AND account_id IS NOT NULL"
                              " AND (?1 = 0 OR draft_id = ?1)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, draft_id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;
  if (n_posts != NULL)
    *n_posts = sqlite3_changes (rz_database_get_handle (self));
  return TRUE;
}

gboolean
rz_database_cancel_post (RzDatabase  *self,
                         gint64       post_id,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "DELETE FROM posts WHERE id = ?1 AND state IN ('queued', 'failed')",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, post_id);
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    return set_not_found (error, _("The post is already on its way and can no longer be cancelled."));
  return TRUE;
}

GPtrArray *
rz_database_list_draft_posts (RzDatabase  *self,
                              gint64       draft_id,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " POST_COLUMNS " FROM posts p WHERE p.draft_id = ?1 ORDER BY p.id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, draft_id);
  return collect_posts (self, stmt, error);
}

GPtrArray *
rz_database_list_post_history (RzDatabase  *self,
                               const char  *channel,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " POST_COLUMNS " FROM posts p"
                              " WHERE p.state = 'posted' AND (?1 IS NULL OR p.channel = ?1)"
                              " ORDER BY p.posted_at DESC, p.id DESC LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  rz_statement_bind_text (stmt, 1, channel);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  return collect_posts (self, stmt, error);
}

gboolean
rz_database_get_next_scheduled_at (RzDatabase  *self,
                                   gint64       after,
                                   gint64      *when,
                                   GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT min(scheduled_at) FROM posts"
                              " WHERE state = 'queued' AND account_id IS NOT NULL AND scheduled_at > ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, after);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  *when = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

GPtrArray *
rz_database_search_posts (RzDatabase  *self,
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
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rz_draft_post_free);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT " POST_COLUMNS " FROM posts_fts"
                              " JOIN posts p ON p.id = posts_fts.rowid"
                              " WHERE posts_fts MATCH ?1"
                              " ORDER BY rank LIMIT ?2",
                              error);
  if (stmt == NULL)
    return NULL;

  rz_statement_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);
  return collect_posts (self, stmt, error);
}
