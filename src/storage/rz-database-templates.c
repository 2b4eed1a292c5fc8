/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-database-private.h"

/* Saved replies: starting points the user picks in the reply pane. */

RzReplyTemplate *
rz_reply_template_new (const char *title,
                       const char *text)
{
  RzReplyTemplate *self = g_new0 (RzReplyTemplate, 1);

  self->title = g_strdup (title != NULL ? title : "");
  self->text = g_strdup (text != NULL ? text : "");
  return self;
}

RzReplyTemplate *
rz_reply_template_copy (const RzReplyTemplate *self)
{
  RzReplyTemplate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = rz_reply_template_new (self->title, self->text);
  copy->id = self->id;
  copy->is_demo = self->is_demo;
  return copy;
}

void
rz_reply_template_free (RzReplyTemplate *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_free (self->text);
  g_free (self);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

GPtrArray *
rz_database_list_reply_templates (RzDatabase  *self,
                                  GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_reply_template_free);
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT id, title, text, is_demo FROM reply_templates"
                              " ORDER BY position, id",
                              error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RzReplyTemplate *template = rz_reply_template_new ((const char *) sqlite3_column_text (stmt, 1),
                                                         (const char *) sqlite3_column_text (stmt, 2));

      template->id = sqlite3_column_int64 (stmt, 0);
      template->is_demo = sqlite3_column_int (stmt, 3) != 0;
      g_ptr_array_add (templates, template);
    }
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_steal_pointer (&templates);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
rz_database_save_reply_template (RzDatabase       *self,
                                 RzReplyTemplate  *template,
                                 GError          **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (template != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (template->title) || is_blank (template->text))
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT,
                           _("A saved reply needs a name and a text."));
      return FALSE;
    }

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (template->id == 0)
    {
      stmt = rz_database_prepare (self,
                                  "INSERT INTO reply_templates (title, text, position, created_at, updated_at)"
                                  " VALUES (?1, ?2, (SELECT COALESCE (MAX (position), -1) + 1 FROM reply_templates),"
                                  " ?3, ?3)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      rz_statement_bind_text (stmt, 1, template->title);
      rz_statement_bind_text (stmt, 2, template->text);
      sqlite3_bind_int64 (stmt, 3, now_seconds ());
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;

      template->id = sqlite3_last_insert_rowid (rz_database_get_handle (self));
      template->is_demo = FALSE;
      return TRUE;
    }

  /* Changing a sample reply makes it the user's: removing the demo keeps it. */
  stmt = rz_database_prepare (self,
                              "UPDATE reply_templates SET title = ?2, text = ?3, updated_at = ?4, is_demo = 0"
                              " WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template->id);
  rz_statement_bind_text (stmt, 2, template->title);
  rz_statement_bind_text (stmt, 3, template->text);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (rz_database_get_handle (self)) == 0)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("The saved reply no longer exists."));
      return FALSE;
    }
  template->is_demo = FALSE;
  return TRUE;
}

gboolean
rz_database_delete_reply_template (RzDatabase  *self,
                                   gint64       template_id,
                                   GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "DELETE FROM reply_templates WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, template_id);
  return rz_database_step_done (self, stmt, error);
}

/* --- on the worker ------------------------------------------------------- */

static gpointer
save_template_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return rz_database_save_reply_template (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
delete_template_job (RzDatabase    *db,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return rz_database_delete_reply_template (db, *(gint64 *) data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
rz_database_save_reply_template_async (RzDatabase            *self,
                                       const RzReplyTemplate *template,
                                       GCancellable          *cancellable,
                                       GAsyncReadyCallback    callback,
                                       gpointer               user_data)
{
  g_return_if_fail (RZ_IS_DATABASE (self));
  g_return_if_fail (template != NULL);

  rz_database_run_async (self, save_template_job, rz_reply_template_copy (template),
                         (GDestroyNotify) rz_reply_template_free, NULL,
                         cancellable, callback, user_data);
}

void
rz_database_delete_reply_template_async (RzDatabase          *self,
                                         gint64               template_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (RZ_IS_DATABASE (self));

  rz_database_run_async (self, delete_template_job, g_memdup2 (&template_id, sizeof template_id), g_free,
                         NULL, cancellable, callback, user_data);
}

gboolean
rz_database_change_reply_template_finish (RzDatabase    *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return rz_database_run_finish (self, result, error) != NULL;
}
