/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include "rz-database-private.h"

/* Reading the JSON documents the storage API takes. A member of the wrong
 * type counts as missing, so that the schema's NOT NULL and CHECK
 * constraints decide what is acceptable. */

const char *
rz_storage_json_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
rz_storage_json_int (JsonObject *object,
                     const char *name,
                     gint64     *value)
{
  double number;

  if (!rz_storage_json_number (object, name, &number))
    return FALSE;
  *value = (gint64) number;
  return TRUE;
}

gboolean
rz_storage_json_number (JsonObject *object,
                        const char *name,
                        double     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
rz_storage_json_bool (JsonObject *object,
                      const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

JsonArray *
rz_storage_json_array (JsonObject *object,
                       const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
rz_storage_json_element_object (JsonArray *array,
                                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
rz_storage_json_element_string (JsonArray *array,
                                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

char *
rz_storage_json_dup_string_list (JsonObject *object,
                                 const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array = rz_storage_json_array (object, name);

  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *value = rz_storage_json_element_string (array, i);

      if (value != NULL)
        json_builder_add_string_value (builder, value);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

JsonObject *
rz_storage_json_parse_object (const char  *json,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, -1, &json_error))
    {
      g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED,
                   /* Translators: %s is a technical JSON error. */
                   _("The data to save is not valid: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED,
                           _("The data to save is not valid: expected a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Writing documents from rows: NULL columns are left out, so a reader
 * can tell "not given yet" from a value. */

void
rz_storage_json_add_text_column (JsonBuilder *builder,
                                 const char  *name,
                                 RzStatement *stmt,
                                 int          column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

void
rz_storage_json_add_number_column (JsonBuilder *builder,
                                   const char  *name,
                                   RzStatement *stmt,
                                   int          column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return;
    case SQLITE_INTEGER:
      json_builder_set_member_name (builder, name);
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      return;
    default:
      json_builder_set_member_name (builder, name);
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      return;
    }
}

/* Adds stored JSON text as a member; text that does not parse (edited by
 * hand?) becomes an empty array or object rather than failing the read. */
void
rz_storage_json_add_stored (JsonBuilder  *builder,
                            const char   *name,
                            const char   *text,
                            JsonNodeType  expected)
{
  g_autoptr(JsonNode) node = NULL;

  if (text != NULL)
    node = json_from_string (text, NULL);

  if (node == NULL || json_node_get_node_type (node) != expected)
    {
      g_clear_pointer (&node, json_node_unref);
      node = json_node_new (expected);
      if (expected == JSON_NODE_ARRAY)
        json_node_take_array (node, json_array_new ());
      else
        json_node_take_object (node, json_object_new ());
    }

  json_builder_set_member_name (builder, name);
  json_builder_add_value (builder, g_steal_pointer (&node));
}

char *
rz_storage_json_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}
