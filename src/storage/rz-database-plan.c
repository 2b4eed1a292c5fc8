/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include "rz-database-private.h"

/* The plan and the guideline. The plan document is the one RzPlan reads
 * and writes (rz_plan_new_from_json(), version 1); here it is spread over
 * plan_channels (one row per entry) and plan_messages (the message matrix,
 * one row per message type, channel and audience). */

/* The version of RzPlan's document this file reads and writes. */
#define PLAN_DOCUMENT_VERSION 1

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
delete_plan (RzDatabase  *self,
             gint64       profile_id,
             GError     **error)
{
  static const char * const statements[] = {
    "DELETE FROM plan_messages WHERE profile_id = ?1",
    "DELETE FROM plan_channels WHERE profile_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(RzStatement) stmt = rz_database_prepare (self, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, profile_id);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_messages (RzDatabase  *self,
                gint64       profile_id,
                const char  *channel,
                JsonArray   *messages,
                gboolean     is_demo,
                guint       *position,
                GError     **error)
{
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonObject *message = rz_storage_json_element_object (messages, i);
      JsonArray *audiences;

      if (message == NULL)
        continue;

      audiences = rz_storage_json_array (message, "audiences");
      for (guint a = 0; audiences != NULL && a < json_array_get_length (audiences); a++)
        {
          g_autoptr(RzStatement) stmt = NULL;

          stmt = rz_database_prepare (self,
                                      "INSERT INTO plan_messages (profile_id, message_type, channel,"
                                      " audience, position, is_demo)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                      error);
          if (stmt == NULL)
            return FALSE;

          sqlite3_bind_int64 (stmt, 1, profile_id);
          rz_statement_bind_text (stmt, 2, rz_storage_json_string (message, "type"));
          rz_statement_bind_text (stmt, 3, channel);
          rz_statement_bind_text (stmt, 4, rz_storage_json_element_string (audiences, a));
          sqlite3_bind_int (stmt, 5, (*position)++);
          sqlite3_bind_int (stmt, 6, is_demo);
          if (!rz_database_step_done (self, stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

gboolean
rz_database_write_plan (RzDatabase  *self,
                        gint64       profile_id,
                        JsonObject  *plan,
                        gboolean     is_demo,
                        GError     **error)
{
  JsonArray *entries = rz_storage_json_array (plan, "entries");
  guint message_position = 0;

  if (!delete_plan (self, profile_id, error))
    return FALSE;

  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      g_autofree char *audiences = NULL;
      JsonObject *entry = rz_storage_json_element_object (entries, i);
      const char *channel;
      double number;

      if (entry == NULL)
        continue;

      channel = rz_storage_json_string (entry, "channel");
      audiences = rz_storage_json_dup_string_list (entry, "audiences");
      stmt = rz_database_prepare (self,
                                  "INSERT INTO plan_channels (profile_id, channel, kind, name,"
                                  " purpose, audiences, posts_per_week, target_response_minutes,"
                                  " responsible, stand_in, position, is_demo)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, profile_id);
      rz_statement_bind_text (stmt, 2, channel);
      rz_statement_bind_text (stmt, 3, rz_storage_json_string (entry, "kind"));
      rz_statement_bind_text (stmt, 4, rz_storage_json_string (entry, "name"));
      rz_statement_bind_text (stmt, 5, rz_storage_json_string (entry, "purpose"));
      rz_statement_bind_text (stmt, 6, audiences);
      if (rz_storage_json_number (entry, "posts_per_week", &number))
        sqlite3_bind_double (stmt, 7, number);
      if (rz_storage_json_number (entry, "response_minutes", &number))
        sqlite3_bind_int64 (stmt, 8, (gint64) number);
      rz_statement_bind_text (stmt, 9, rz_storage_json_string (entry, "responsible"));
      rz_statement_bind_text (stmt, 10, rz_storage_json_string (entry, "stand_in"));
      sqlite3_bind_int (stmt, 11, i);
      sqlite3_bind_int (stmt, 12, is_demo);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;

      if (!write_messages (self, profile_id, channel, rz_storage_json_array (entry, "messages"),
                           is_demo, &message_position, error))
        return FALSE;
    }

  return TRUE;
}

/* Adds "messages": [{"type", "audiences": [...]}], one object per type in
 * the order the types were first stored. */
static gboolean
add_messages (RzDatabase   *self,
              JsonBuilder  *builder,
              gint64        profile_id,
              const char   *channel,
              GError      **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) audiences = NULL;
  int rc;

  audiences = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) g_ptr_array_unref);
  stmt = rz_database_prepare (self,
                              "SELECT message_type, audience FROM plan_messages"
                              " WHERE profile_id = ?1 AND channel = ?2 ORDER BY position, id",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  rz_statement_bind_text (stmt, 2, channel);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      GPtrArray *list = g_hash_table_lookup (audiences, type);

      if (list == NULL)
        {
          char *key = g_strdup (type);

          g_ptr_array_add (types, key);
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (audiences, key, list);
        }
      g_ptr_array_add (list, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < types->len; i++)
    {
      GPtrArray *list = g_hash_table_lookup (audiences, types->pdata[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, types->pdata[i]);
      json_builder_set_member_name (builder, "audiences");
      json_builder_begin_array (builder);
      for (guint a = 0; a < list->len; a++)
        json_builder_add_string_value (builder, list->pdata[a]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

char *
rz_database_dup_plan_json (RzDatabase  *self,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gint64 profile_id = 0;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_find_current_profile (self, &profile_id, error) || profile_id == 0)
    return NULL;

  stmt = rz_database_prepare (self,
                              "SELECT channel, kind, name, purpose, audiences, posts_per_week,"
                              " target_response_minutes, responsible, stand_in"
                              " FROM plan_channels WHERE profile_id = ?1 ORDER BY position, id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLAN_DOCUMENT_VERSION);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      rz_storage_json_add_text_column (builder, "channel", stmt, 0);
      rz_storage_json_add_text_column (builder, "kind", stmt, 1);
      rz_storage_json_add_text_column (builder, "name", stmt, 2);
      rz_storage_json_add_text_column (builder, "purpose", stmt, 3);
      rz_storage_json_add_stored (builder, "audiences", (const char *) sqlite3_column_text (stmt, 4),
                                  JSON_NODE_ARRAY);
      if (!add_messages (self, builder, profile_id, (const char *) sqlite3_column_text (stmt, 0), error))
        return NULL;
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        {
          json_builder_set_member_name (builder, "posts_per_week");
          json_builder_add_double_value (builder, sqlite3_column_double (stmt, 5));
        }
      rz_storage_json_add_number_column (builder, "response_minutes", stmt, 6);
      rz_storage_json_add_text_column (builder, "responsible", stmt, 7);
      rz_storage_json_add_text_column (builder, "stand_in", stmt, 8);
      json_builder_end_object (builder);
    }
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return rz_storage_json_builder_to_string (builder);
}

gboolean
rz_database_save_plan_json (RzDatabase  *self,
                            const char  *json,
                            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(JsonObject) plan = NULL;
  gint64 profile_id = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  plan = rz_storage_json_parse_object (json, error);
  if (plan == NULL)
    return FALSE;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!rz_database_find_user_profile (self, &profile_id, error) ||
      !rz_database_write_plan (self, profile_id, plan, FALSE, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_write_guideline (RzDatabase  *self,
                             gint64       profile_id,
                             const char  *markdown,
                             gboolean     is_demo,
                             GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;

  stmt = rz_database_prepare (self,
                              "INSERT INTO guidelines (profile_id, markdown, updated_at, is_demo)"
                              " VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (profile_id) DO UPDATE SET markdown = excluded.markdown,"
                              " updated_at = excluded.updated_at",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  rz_statement_bind_text (stmt, 2, markdown != NULL ? markdown : "");
  sqlite3_bind_int64 (stmt, 3, now_seconds ());
  sqlite3_bind_int (stmt, 4, is_demo);
  return rz_database_step_done (self, stmt, error);
}

gboolean
rz_database_save_guideline (RzDatabase  *self,
                            const char  *markdown,
                            GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gint64 profile_id = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (markdown != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!rz_database_find_user_profile (self, &profile_id, error) ||
      !rz_database_write_guideline (self, profile_id, markdown, FALSE, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

char *
rz_database_dup_guideline (RzDatabase  *self,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gint64 profile_id = 0;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_find_current_profile (self, &profile_id, error) || profile_id == 0)
    return NULL;

  stmt = rz_database_prepare (self, "SELECT markdown FROM guidelines WHERE profile_id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}
