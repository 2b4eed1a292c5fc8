/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-database-private.h"

/* The business profile and the wizard's progress. The profile document is
 * the one RzProfile reads and writes (rz_profile_new_from_json()), so the
 * wizard's own bookkeeping is kept apart from it. */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
delete_children (RzDatabase  *self,
                 const char  *sql,
                 gint64       profile_id,
                 GError     **error)
{
  g_autoptr(RzStatement) stmt = rz_database_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  return rz_database_step_done (self, stmt, error);
}

static void
bind_optional_number (RzStatement *stmt,
                      int          index,
                      JsonObject  *object,
                      const char  *name)
{
  JsonNode *node = json_object_get_member (object, name);
  double value;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (rz_storage_json_number (object, name, &value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
write_audiences (RzDatabase  *self,
                 gint64       profile_id,
                 JsonArray   *audiences,
                 gboolean     is_demo,
                 GError     **error)
{
  if (!delete_children (self, "DELETE FROM audiences WHERE profile_id = ?1", profile_id, error))
    return FALSE;

  for (guint i = 0; audiences != NULL && i < json_array_get_length (audiences); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      JsonObject *audience = rz_storage_json_element_object (audiences, i);

      if (audience == NULL)
        continue;

      stmt = rz_database_prepare (self,
                                  "INSERT INTO audiences (profile_id, label, age_min, age_max,"
                                  " position, is_demo) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, profile_id);
      rz_statement_bind_text (stmt, 2, rz_storage_json_string (audience, "label"));
      bind_optional_number (stmt, 3, audience, "age_min");
      bind_optional_number (stmt, 4, audience, "age_max");
      sqlite3_bind_int (stmt, 5, i);
      sqlite3_bind_int (stmt, 6, is_demo);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Goals and forbidden channels: lists of ids, duplicates dropped. The
 * statements take ?1 profile, ?2 id, ?3 position, ?4 is_demo. */
static gboolean
write_id_list (RzDatabase  *self,
               const char  *delete_sql,
               const char  *insert_sql,
               gint64       profile_id,
               JsonArray   *ids,
               gboolean     is_demo,
               GError     **error)
{
  if (!delete_children (self, delete_sql, profile_id, error))
    return FALSE;

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      g_autoptr(RzStatement) stmt = NULL;
      const char *id = rz_storage_json_element_string (ids, i);

      if (id == NULL)
        continue;

      stmt = rz_database_prepare (self, insert_sql, error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, profile_id);
      rz_statement_bind_text (stmt, 2, id);
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_int (stmt, 4, is_demo);
      if (!rz_database_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_write_profile (RzDatabase  *self,
                           JsonObject  *profile,
                           gboolean     is_demo,
                           gint64      *out_profile_id,
                           GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree char *languages = rz_storage_json_dup_string_list (profile, "languages");
  g_autofree char *formats = rz_storage_json_dup_string_list (profile, "formats");
  const char *name = rz_storage_json_string (profile, "name");
  gint64 profile_id;
  int rc;

  /* The wizard's columns are not touched: its progress is saved apart. */
  stmt = rz_database_prepare (self,
                              "INSERT INTO profile (name, industry, market, region, hours_per_week,"
                              " regulated, languages, formats, updated_at, is_demo)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                              " ON CONFLICT (is_demo) DO UPDATE SET name = excluded.name,"
                              " industry = excluded.industry, market = excluded.market,"
                              " region = excluded.region, hours_per_week = excluded.hours_per_week,"
                              " regulated = excluded.regulated, languages = excluded.languages,"
                              " formats = excluded.formats, updated_at = excluded.updated_at"
                              " RETURNING id",
                              error);
  if (stmt == NULL)
    return FALSE;

  rz_statement_bind_text (stmt, 1, name != NULL ? name : "");
  rz_statement_bind_text (stmt, 2, rz_storage_json_string (profile, "industry"));
  rz_statement_bind_text (stmt, 3, rz_storage_json_string (profile, "market"));
  rz_statement_bind_text (stmt, 4, rz_storage_json_string (profile, "region"));
  bind_optional_number (stmt, 5, profile, "hours_per_week");
  sqlite3_bind_int (stmt, 6, rz_storage_json_bool (profile, "regulated"));
  rz_statement_bind_text (stmt, 7, languages);
  rz_statement_bind_text (stmt, 8, formats);
  sqlite3_bind_int64 (stmt, 9, now_seconds ());
  sqlite3_bind_int (stmt, 10, is_demo);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  profile_id = sqlite3_column_int64 (stmt, 0);
  if (!rz_database_step_done (self, stmt, error))
    return FALSE;

  if (!write_audiences (self, profile_id, rz_storage_json_array (profile, "audiences"), is_demo, error) ||
      !write_id_list (self,
                      "DELETE FROM goals WHERE profile_id = ?1",
                      "INSERT INTO goals (profile_id, goal, position, is_demo)"
                      " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (profile_id, goal) DO NOTHING",
                      profile_id, rz_storage_json_array (profile, "goals"), is_demo, error) ||
      !write_id_list (self,
                      "DELETE FROM forbidden_channels WHERE profile_id = ?1",
                      "INSERT INTO forbidden_channels (profile_id, channel, is_demo)"
                      " VALUES (?1, ?2, ?4) ON CONFLICT (profile_id, channel) DO NOTHING",
                      profile_id, rz_storage_json_array (profile, "forbidden_channels"), is_demo, error))
    return FALSE;

  if (out_profile_id != NULL)
    *out_profile_id = profile_id;
  return TRUE;
}

gboolean
rz_database_write_wizard_progress (RzDatabase  *self,
                                   gint64       profile_id,
                                   int          step,
                                   const char  *state_json,
                                   GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;

  stmt = rz_database_prepare (self,
                              "UPDATE profile SET wizard_step = ?2, wizard_state = ?3, updated_at = ?4"
                              " WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int (stmt, 2, step);
  rz_statement_bind_text (stmt, 3, state_json);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  return rz_database_step_done (self, stmt, error);
}

gboolean
rz_database_find_user_profile (RzDatabase  *self,
                               gint64      *profile_id,
                               GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self, "SELECT id FROM profile WHERE is_demo = 0", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND,
                           _("Save the business profile first."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *profile_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
rz_database_find_current_profile (RzDatabase  *self,
                                  gint64      *profile_id,
                                  GError     **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self, "SELECT id FROM profile ORDER BY is_demo LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *profile_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

gboolean
rz_database_save_profile_json (RzDatabase  *self,
                               const char  *json,
                               GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(JsonObject) profile = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  profile = rz_storage_json_parse_object (json, error);
  if (profile == NULL)
    return FALSE;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!rz_database_write_profile (self, profile, FALSE, NULL, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_save_wizard_progress (RzDatabase  *self,
                                  int          step,
                                  const char  *state_json,
                                  GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autoptr(JsonObject) state = NULL;
  gint64 profile_id = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (state_json != NULL && (state = rz_storage_json_parse_object (state_json, error)) == NULL)
    return FALSE;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  /* The first step may come before anything of the profile is known. */
  stmt = rz_database_prepare (self,
                              "INSERT INTO profile (updated_at, is_demo) VALUES (?1, 0)"
                              " ON CONFLICT (is_demo) DO NOTHING",
                              error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, now_seconds ());

  if (stmt == NULL ||
      !rz_database_step_done (self, stmt, error) ||
      !rz_database_find_user_profile (self, &profile_id, error) ||
      !rz_database_write_wizard_progress (self, profile_id, step, state_json, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

gboolean
rz_database_get_wizard_progress (RzDatabase  *self,
                                 int         *step,
                                 char       **state_json,
                                 GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT wizard_step, wizard_state FROM profile"
                              " ORDER BY is_demo LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  *step = rc == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  if (state_json != NULL)
    *state_json = rc == SQLITE_ROW ? g_strdup ((const char *) sqlite3_column_text (stmt, 1)) : NULL;
  return TRUE;
}

static gboolean
add_audiences (RzDatabase   *self,
               JsonBuilder  *builder,
               gint64        profile_id,
               GError      **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  int rc;

  stmt = rz_database_prepare (self,
                              "SELECT label, age_min, age_max FROM audiences"
                              " WHERE profile_id = ?1 ORDER BY position, id",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  json_builder_set_member_name (builder, "audiences");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      rz_storage_json_add_text_column (builder, "label", stmt, 0);
      rz_storage_json_add_number_column (builder, "age_min", stmt, 1);
      rz_storage_json_add_number_column (builder, "age_max", stmt, 2);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

static gboolean
add_id_list (RzDatabase   *self,
             JsonBuilder  *builder,
             const char   *name,
             const char   *sql,
             gint64        profile_id,
             GError      **error)
{
  g_autoptr(RzStatement) stmt = rz_database_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, profile_id);
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
  json_builder_end_array (builder);

  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

char *
rz_database_dup_profile_json (RzDatabase  *self,
                              gboolean    *is_demo,
                              GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  gint64 profile_id;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self,
                              "SELECT id, name, industry, market, region, hours_per_week,"
                              " regulated, formats, languages, is_demo"
                              " FROM profile ORDER BY is_demo LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, rz_database_get_handle (self), rc);
      return NULL;
    }

  profile_id = sqlite3_column_int64 (stmt, 0);
  if (is_demo != NULL)
    *is_demo = sqlite3_column_int (stmt, 9) != 0;

  /* Members in RzProfile's order. */
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  rz_storage_json_add_text_column (builder, "name", stmt, 1);
  rz_storage_json_add_text_column (builder, "industry", stmt, 2);
  rz_storage_json_add_text_column (builder, "market", stmt, 3);
  rz_storage_json_add_text_column (builder, "region", stmt, 4);
  if (!add_audiences (self, builder, profile_id, error) ||
      !add_id_list (self, builder, "goals",
                    "SELECT goal FROM goals WHERE profile_id = ?1 ORDER BY position, id",
                    profile_id, error))
    return NULL;
  rz_storage_json_add_number_column (builder, "hours_per_week", stmt, 5);
  json_builder_set_member_name (builder, "regulated");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 6) != 0);
  if (!add_id_list (self, builder, "forbidden_channels",
                    "SELECT channel FROM forbidden_channels WHERE profile_id = ?1 ORDER BY id",
                    profile_id, error))
    return NULL;
  rz_storage_json_add_stored (builder, "formats", (const char *) sqlite3_column_text (stmt, 7),
                              JSON_NODE_ARRAY);
  rz_storage_json_add_stored (builder, "languages", (const char *) sqlite3_column_text (stmt, 8),
                              JSON_NODE_ARRAY);
  json_builder_end_object (builder);

  return rz_storage_json_builder_to_string (builder);
}
