/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rz-database-private.h"
#include "rz-migrations.h"

/* "Your data": export, import and delete everything.
 *
 * The tables are taken from the schema itself, not from a list here, so a
 * table a later migration adds is exported without anyone remembering to.
 * Table and column names in the SQL below therefore come from
 * sqlite_master and pragma_table_info, never from an imported file: the
 * file only supplies values, and values are always bound. */

typedef struct {
  char      *name;
  GPtrArray *columns;   /* char * */
  gboolean   has_demo;  /* an is_demo column */
} TableInfo;

static void
table_info_free (TableInfo *table)
{
  g_free (table->name);
  g_ptr_array_unref (table->columns);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TableInfo, table_info_free)

static void
append_identifier (GString    *sql,
                   const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '"');
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc = sqlite3_prepare_v2 (db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, db, rc);
      g_clear_pointer (stmt, sqlite3_finalize);
      return FALSE;
    }
  return TRUE;
}

/* The ordinary tables of the schema, in the order they were created: not
 * SQLite's own, not the full-text indexes and their shadow tables (they
 * are rebuilt by the triggers on import). */
static GPtrArray *
list_tables (sqlite3  *db,
             GError  **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_info_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *columns_stmt = NULL;
  int rc;

  if (!prepare (db,
                "SELECT m.name FROM sqlite_master m"
                " WHERE m.type = 'table'"
                " AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                " AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
                " AND NOT EXISTS (SELECT 1 FROM sqlite_master v"
                "   WHERE v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL TABLE%'"
                "   AND substr (m.name, 1, length (v.name) + 1) = v.name || '_')"
                " ORDER BY m.rowid",
                &stmt, error))
    return NULL;
  if (!prepare (db, "SELECT name FROM pragma_table_info (?) ORDER BY cid", &columns_stmt, error))
    {
      sqlite3_finalize (stmt);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TableInfo *table = g_new0 (TableInfo, 1);

      table->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      table->columns = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (tables, table);

      sqlite3_reset (columns_stmt);
      sqlite3_bind_text (columns_stmt, 1, table->name, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (columns_stmt)) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (columns_stmt, 0);

          g_ptr_array_add (table->columns, g_strdup (column));
          if (g_strcmp0 (column, "is_demo") == 0)
            table->has_demo = TRUE;
        }
      if (rc != SQLITE_DONE)
        break;
    }

  sqlite3_finalize (columns_stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rz_storage_set_error (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&tables);
}

static TableInfo *
find_table (GPtrArray  *tables,
            const char *name)
{
  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);

      if (strcmp (table->name, name) == 0)
        return table;
    }
  return NULL;
}

static gboolean
table_has_column (TableInfo  *table,
                  const char *name)
{
  for (guint i = 0; i < table->columns->len; i++)
    if (strcmp (g_ptr_array_index (table->columns, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* --- export --------------------------------------------------------------- */

static void
add_value (JsonBuilder  *builder,
           sqlite3_stmt *stmt,
           int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;

    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;

    case SQLITE_TEXT:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
      break;

    case SQLITE_BLOB:
      {
        g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, column),
                                                    sqlite3_column_bytes (stmt, column));

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "base64");
        json_builder_add_string_value (builder, encoded);
        json_builder_end_object (builder);
      }
      break;

    case SQLITE_NULL:
    default:
      json_builder_add_null_value (builder);
      break;
    }
}

static gboolean
export_table (sqlite3      *db,
              TableInfo    *table,
              JsonBuilder  *builder,
              GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *stmt = NULL;
  int rc;

  for (guint i = 0; i < table->columns->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      append_identifier (sql, g_ptr_array_index (table->columns, i));
    }
  g_string_append (sql, " FROM ");
  append_identifier (sql, table->name);
  /* The demo is sample data, not the user's. */
  if (table->has_demo)
    g_string_append (sql, " WHERE is_demo = 0");
  g_string_append (sql, " ORDER BY rowid");

  if (!prepare (db, sql->str, &stmt, error))
    return FALSE;

  json_builder_set_member_name (builder, table->name);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (guint i = 0; i < table->columns->len; i++)
        {
          json_builder_set_member_name (builder, g_ptr_array_index (table->columns, i));
          add_value (builder, stmt, (int) i);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, db, rc);
  return TRUE;
}

static gboolean
build_tables (sqlite3      *db,
              JsonBuilder  *builder,
              GError      **error)
{
  g_autoptr(GPtrArray) tables = list_tables (db, error);

  if (tables == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  for (guint i = 0; i < tables->len; i++)
    if (!export_table (db, g_ptr_array_index (tables, i), builder, error))
      return FALSE;
  json_builder_end_object (builder);
  return TRUE;
}

/* The "tables" object of @db, all in one read transaction so that the
 * export is one consistent state. */
static JsonNode *
export_tables_node (sqlite3  *db,
                    GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int rc;
  gboolean ok;

  rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, db, rc);
      return NULL;
    }
  ok = build_tables (db, builder, error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;
  return json_builder_get_root (builder);
}

char *
rz_database_export_json (RzDatabase  *self,
                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  JsonNode *tables;
  GRecMutex *lock;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lock = rz_database_get_lock (self);
  g_rec_mutex_lock (lock);
  tables = export_tables_node (rz_database_get_handle (self), error);
  g_rec_mutex_unlock (lock);
  if (tables == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, RZ_DATABASE_EXPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, RZ_DATABASE_EXPORT_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, rz_database_get_user_version (self));
  json_builder_set_member_name (builder, "app_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, stamp);
  json_builder_set_member_name (builder, "tables");
  json_builder_add_value (builder, tables);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

char *
rz_database_dup_export_filename (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "resonanz-export-%Y-%m-%d.json");
}

gboolean
rz_database_export_to_file (RzDatabase  *self,
                            const char  *path,
                            GError     **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *io_error = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = rz_database_export_json (self, error);
  if (json == NULL)
    return FALSE;

  /* Private: the export holds everything the user wrote and received.
   * GFile writes a temporary file and renames it, so a failed export
   * never leaves half a file where an older complete one was. */
  file = g_file_new_for_path (path);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           NULL, &io_error);
  if (stream == NULL ||
      !g_output_stream_write_all (G_OUTPUT_STREAM (stream), json, strlen (json), NULL, NULL, &io_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &io_error))
    return rz_storage_propagate_io_error (error, io_error);

  return TRUE;
}

/* --- import --------------------------------------------------------------- */

static gboolean
set_invalid (GError     **error,
             const char  *detail)
{
  g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_INVALID,
               /* Translators: %s says what is wrong with the file */
               _("This file is not a Resonanz export, or it is damaged (%s)."),
               detail);
  return FALSE;
}

static gboolean
bind_value (sqlite3_stmt  *stmt,
            int            index,
            JsonNode      *node,
            GError       **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *encoded = rz_storage_json_string (object, "base64");
      g_autofree guchar *bytes = NULL;
      gsize length = 0;

      if (encoded == NULL || json_object_get_size (object) != 1)
        return set_invalid (error, "value");
      bytes = g_base64_decode (encoded, &length);
      sqlite3_bind_blob64 (stmt, index, bytes != NULL ? (const void *) bytes : (const void *) "",
                           length, SQLITE_TRANSIENT);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return set_invalid (error, "value");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      return TRUE;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      return TRUE;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        if (!g_utf8_validate (text, -1, NULL))
          return set_invalid (error, "text");
        sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
        return TRUE;
      }
    default:
      return set_invalid (error, "value");
    }
}

static gboolean
import_table (sqlite3      *db,
              TableInfo    *table,
              JsonArray    *rows,
              GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("INSERT INTO ");
  sqlite3_stmt *stmt = NULL;
  guint n_rows = json_array_get_length (rows);
  gboolean ok = TRUE;

  if (n_rows == 0)
    return TRUE;

  append_identifier (sql, table->name);
  g_string_append (sql, " (");
  for (guint i = 0; i < table->columns->len; i++)
    {
      if (i > 0)
        g_string_append (sql, ", ");
      append_identifier (sql, g_ptr_array_index (table->columns, i));
    }
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < table->columns->len; i++)
    g_string_append (sql, i > 0 ? ", ?" : "?");
  g_string_append (sql, ")");

  if (!prepare (db, sql->str, &stmt, error))
    return FALSE;

  for (guint r = 0; ok && r < n_rows; r++)
    {
      JsonObject *row = rz_storage_json_element_object (rows, r);
      g_autoptr(GList) members = NULL;
      int rc;

      if (row == NULL)
        {
          ok = set_invalid (error, table->name);
          break;
        }

      /* Every member must be a column: a file that does not fit the
       * schema it names is not imported halfway. */
      members = json_object_get_members (row);
      for (GList *l = members; l != NULL; l = l->next)
        if (!table_has_column (table, l->data))
          {
            g_autofree char *detail = g_strdup_printf ("%s.%s", table->name, (const char *) l->data);

            ok = set_invalid (error, detail);
            break;
          }

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      for (guint i = 0; ok && i < table->columns->len; i++)
        {
          const char *column = g_ptr_array_index (table->columns, i);

          if (!json_object_has_member (row, column))
            {
              g_autofree char *detail = g_strdup_printf ("%s.%s", table->name, column);

              ok = set_invalid (error, detail);
              break;
            }
          ok = bind_value (stmt, (int) i + 1, json_object_get_member (row, column), error);
        }
      if (!ok)
        break;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ;
      if (rc != SQLITE_DONE)
        ok = rz_storage_set_error (error, db, rc);
    }

  sqlite3_finalize (stmt);
  return ok;
}

/* Inserts the rows of @tables into @db; the caller owns the transaction. */
static gboolean
import_tables (sqlite3     *db,
               JsonObject  *tables,
               GError     **error)
{
  g_autoptr(GPtrArray) schema = list_tables (db, error);
  g_autoptr(GList) names = NULL;

  if (schema == NULL)
    return FALSE;

  names = json_object_get_members (tables);
  for (GList *l = names; l != NULL; l = l->next)
    {
      TableInfo *table = find_table (schema, l->data);
      JsonNode *node = json_object_get_member (tables, l->data);

      if (table == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        return set_invalid (error, l->data);
    }

  for (guint i = 0; i < schema->len; i++)
    {
      TableInfo *table = g_ptr_array_index (schema, i);
      JsonArray *rows = rz_storage_json_array (tables, table->name);

      if (rows != NULL && !import_table (db, table, rows, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return rz_storage_set_error (error, db, rc);
  return TRUE;
}

/* An export of an older schema: the rows go into an in-memory database of
 * that version, the released migrations bring it up to date, and its
 * tables are read back out. */
static JsonNode *
migrate_tables (JsonObject  *tables,
                int          schema_version,
                GError     **error)
{
  sqlite3 *db = NULL;
  JsonNode *migrated = NULL;
  int rc;

  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      rz_storage_set_error (error, db, rc);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);

  if (rz_migrations_apply (db, schema_version, error) &&
      exec (db, "BEGIN", error))
    {
      if (import_tables (db, tables, error) && exec (db, "COMMIT", error) &&
          rz_migrations_apply (db, rz_migrations_get_latest (), error))
        migrated = export_tables_node (db, error);
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    }

  sqlite3_close (db);
  return migrated;
}

static gboolean
has_user_rows (sqlite3   *db,
               GPtrArray *tables,
               gboolean  *has_rows,
               GError   **error)
{
  *has_rows = FALSE;

  for (guint i = 0; i < tables->len && !*has_rows; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);
      g_autoptr(GString) sql = g_string_new ("SELECT EXISTS (SELECT 1 FROM ");
      sqlite3_stmt *stmt = NULL;
      int rc;

      append_identifier (sql, table->name);
      if (table->has_demo)
        g_string_append (sql, " WHERE is_demo = 0");
      g_string_append (sql, ")");

      if (!prepare (db, sql->str, &stmt, error))
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *has_rows = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        return rz_storage_set_error (error, db, rc);
    }
  return TRUE;
}

static gboolean
import_locked (RzDatabase  *self,
               JsonObject  *tables,
               GError     **error)
{
  sqlite3 *db = rz_database_get_handle (self);
  g_autoptr(GPtrArray) schema = NULL;
  gboolean has_rows;

  if (!rz_database_begin (self, error))
    return FALSE;

  schema = list_tables (db, error);
  if (schema == NULL || !has_user_rows (db, schema, &has_rows, error))
    goto failed;
  if (has_rows)
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_EMPTY,
                           _("Resonanz already holds data of yours. An export can only be imported "
                             "into an empty Resonanz: export what is here first, then delete all "
                             "data, then import."));
      goto failed;
    }

  /* The rows keep their ids, so the demo's must go first; the links
   * between rows are checked once, when all of them are in. */
  if (!rz_database_delete_demo_rows (self, error) ||
      !rz_database_exec (self, "PRAGMA defer_foreign_keys = ON", error) ||
      !import_tables (db, tables, error))
    goto failed;

  return rz_database_commit (self, error);

failed:
  rz_database_rollback (self);
  return FALSE;
}

gboolean
rz_database_import_json (RzDatabase  *self,
                         const char  *json,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) migrated = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *root;
  JsonObject *tables;
  const char *format;
  gint64 version = 0;
  gint64 schema_version = 0;
  GRecMutex *lock;
  gboolean ok;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, length, &parse_error))
    return set_invalid (error, parse_error->message);
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return set_invalid (error, "root");
  root = json_node_get_object (json_parser_get_root (parser));

  format = rz_storage_json_string (root, "format");
  if (g_strcmp0 (format, RZ_DATABASE_EXPORT_FORMAT) != 0)
    return set_invalid (error, "format");
  if (!rz_storage_json_int (root, "version", &version) ||
      !rz_storage_json_int (root, "schema_version", &schema_version) ||
      version < 1 || schema_version < 1)
    return set_invalid (error, "version");
  if (version > RZ_DATABASE_EXPORT_VERSION || schema_version > rz_migrations_get_latest ())
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_TOO_NEW,
                           _("This export was made by a newer version of Resonanz. Update Resonanz, then import it again."));
      return FALSE;
    }

  tables = json_object_get_member (root, "tables") != NULL &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "tables"))
           ? json_object_get_object_member (root, "tables") : NULL;
  if (tables == NULL)
    return set_invalid (error, "tables");

  if (schema_version < rz_migrations_get_latest ())
    {
      g_debug ("Migrating an export of schema version %" G_GINT64_FORMAT, schema_version);
      migrated = migrate_tables (tables, (int) schema_version, error);
      if (migrated == NULL)
        return FALSE;
      tables = json_node_get_object (migrated);
    }

  lock = rz_database_get_lock (self);
  g_rec_mutex_lock (lock);
  ok = import_locked (self, tables, error);
  g_rec_mutex_unlock (lock);
  return ok;
}

gboolean
rz_database_import_from_file (RzDatabase  *self,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *io_error = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &io_error))
    return rz_storage_propagate_io_error (error, io_error);
  return rz_database_import_json (self, contents, (gssize) length, error);
}

/* --- delete everything ---------------------------------------------------- */

/* What rz-database.c and rz-database-recovery.c leave next to the file:
 * "<name>.v<N>.bak", "<name>.daily-<date>.bak", "<name>.damaged-<stamp>"
 * with the companions SQLite kept beside it. */
static gboolean
is_copy_of_database (const char *base,
                     const char *name)
{
  gsize base_len = strlen (base);
  const char *rest;

  if (strncmp (name, base, base_len) != 0 || name[base_len] != '.')
    return FALSE;
  rest = name + base_len + 1;

  if (rest[0] == 'v' || g_str_has_prefix (rest, "daily-"))
    return g_str_has_suffix (rest, ".bak") || g_str_has_suffix (rest, ".bak-wal") ||
           g_str_has_suffix (rest, ".bak-shm") || g_str_has_suffix (rest, ".bak-journal");
  return g_str_has_prefix (rest, "damaged-");
}

static gboolean
remove_copies (const char  *path,
               guint       *n_removed,
               GError     **error)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return TRUE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = NULL;

      if (!is_copy_of_database (base, name))
        continue;

      file = g_build_filename (dir_path, name, NULL);
      if (g_remove (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO,
                       /* Translators: a file path, then the system's reason */
                       _("Could not delete the backup “%s”: %s"),
                       file, g_strerror (saved_errno));
          return FALSE;
        }
      g_debug ("Deleted the copy %s", name);
      (*n_removed)++;
    }
  return TRUE;
}

static gboolean
delete_rows_locked (RzDatabase  *self,
                    GError     **error)
{
  sqlite3 *db = rz_database_get_handle (self);
  g_autoptr(GPtrArray) tables = NULL;

  if (!rz_database_begin (self, error))
    return FALSE;
  tables = list_tables (db, error);
  if (tables == NULL ||
      !rz_database_exec (self, "PRAGMA defer_foreign_keys = ON", error))
    goto failed;

  for (guint i = 0; i < tables->len; i++)
    {
      TableInfo *table = g_ptr_array_index (tables, i);
      g_autoptr(GString) sql = g_string_new ("DELETE FROM ");

      append_identifier (sql, table->name);
      if (!exec (db, sql->str, error))
        goto failed;
    }
  if (!rz_database_commit (self, error))
    return FALSE;

  /* Deleted rows stay in free pages and in the WAL until they are
   * overwritten: rewrite the file and empty the WAL, so that what the
   * user asked to delete is really gone from the disk. */
  return rz_database_exec (self, "VACUUM", error) &&
         rz_database_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);

failed:
  rz_database_rollback (self);
  return FALSE;
}

gboolean
rz_database_delete_all_data (RzDatabase  *self,
                             guint       *n_files_removed,
                             GError     **error)
{
  GRecMutex *lock;
  guint n_removed = 0;
  gboolean ok;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lock = rz_database_get_lock (self);
  g_rec_mutex_lock (lock);
  ok = delete_rows_locked (self, error);
  g_rec_mutex_unlock (lock);

  if (ok)
    ok = remove_copies (rz_database_get_path (self), &n_removed, error);
  if (n_files_removed != NULL)
    *n_files_removed = n_removed;
  return ok;
}

/* --- command line --------------------------------------------------------- */

int
rz_database_run_export_cli (const char *database_path,
                            const char *file,
                            gboolean    import,
                            GString    *out,
                            GString    *err)
{
  g_autofree char *default_path = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (file != NULL, 1);

  display = g_filename_display_name (file);
  if (database_path == NULL || database_path[0] == '\0')
    database_path = default_path = rz_database_dup_default_path ();

  db = rz_database_open (database_path, &error);
  if (db == NULL)
    {
      /* Translators: %s says what is wrong with the data file */
      g_string_append_printf (err, _("Could not open your data: %s"), error->message);
      g_string_append_c (err, '\n');
      return 1;
    }

  if (import)
    {
      if (!rz_database_import_from_file (db, file, &error))
        {
          /* Translators: the first %s is a file name, the second says why */
          g_string_append_printf (err, _("Could not import “%s”: %s"), display, error->message);
          g_string_append_c (err, '\n');
          return 1;
        }
      /* Translators: %s is a file name */
      g_string_append_printf (out, _("Imported “%s”. Accounts need to be signed in again on this computer."),
                              display);
    }
  else
    {
      if (!rz_database_export_to_file (db, file, &error))
        {
          /* Translators: the first %s is a file name, the second says why */
          g_string_append_printf (err, _("Could not export to “%s”: %s"), display, error->message);
          g_string_append_c (err, '\n');
          return 1;
        }
      /* Translators: %s is a file name */
      g_string_append_printf (out, _("Exported all your data to “%s”. Passwords and access tokens are not in it."),
                              display);
    }
  g_string_append_c (out, '\n');
  return 0;
}
