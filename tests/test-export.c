/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rz-database-private.h"

/* "Your data": what is exported comes back exactly on another machine,
 * an import never mixes with data already there, and deleting everything
 * leaves nothing readable behind. */

static const guint8 image_bytes[] = { 0x89, 'P', 'N', 'G', 0x00, 0xff, 0x10, 0x00, 0x7f };

static RzDatabase *
open_at (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, "resonanz.db", NULL);
  g_autoptr(GError) error = NULL;
  RzDatabase *db = rz_database_open (path, &error);

  g_assert_no_error (error);
  return db;
}

static void
exec_sql (RzDatabase *db,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rz_database_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gint64
query_int64 (RzDatabase *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The demo turned into the user's own data, plus what the demo does not
 * have (an image, posts with a real number, text that looks like markup
 * or SQL): every table gets rows. */
static void
fill_user_data (RzDatabase *db)
{
  static const char * const tables[] = {
    "profile", "audiences", "goals", "forbidden_channels", "plan_channels",
    "plan_messages", "guidelines", "accounts", "drafts", "draft_variants",
    "comments", "replies", "reply_templates",
  };
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *handle = rz_database_get_handle (db);

  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strconcat ("UPDATE ", tables[i], " SET is_demo = 0", NULL);

      exec_sql (db, sql);
    }

  g_assert_cmpint (sqlite3_prepare_v2 (handle,
                                       "INSERT INTO draft_images (draft_id, uuid, data, content_type,"
                                       " filename, alt_text, position, created_at)"
                                       " VALUES ((SELECT min (id) FROM drafts), ?, ?, 'image/png',"
                                       " ?, ?, 0, 1700000000)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, "0b5c2d6e-uuid", -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, image_bytes, sizeof image_bytes, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, "Brötchen.png", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, "<b>\"Quote\"</b> & 'ü' \\ \n tab\t 🥐", -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  exec_sql (db,
            "INSERT INTO posts (draft_id, variant_id, channel, account_id, text, state,"
            " remote_id, remote_url, idempotency_key, posted_at, attempts, created_at, updated_at)"
            " SELECT v.draft_id, v.id, v.channel, (SELECT min (id) FROM accounts), v.text, 'posted',"
            " '1234', 'https://social.example/@cafe/1234', 'key-' || v.id, 1700000100, 1,"
            " 1700000000, 1700000100 FROM draft_variants v");
  exec_sql (db, "UPDATE profile SET hours_per_week = 2.75");
  exec_sql (db, "INSERT INTO forbidden_channels (profile_id, channel)"
                " VALUES ((SELECT min (id) FROM profile), 'tiktok')");
  exec_sql (db, "UPDATE comments SET text = text || ' Robert''); DROP TABLE comments;--'"
                " WHERE id = (SELECT min (id) FROM comments)");

  exec_sql (db, "INSERT INTO moderation_log (comment_id, account_id, channel, remote_id, action, excerpt,"
                " sentiment, created_at) SELECT id, account_id, channel, remote_id, 'spam', text, sentiment,"
                " 1700000200 FROM comments WHERE id = (SELECT max (id) FROM comments)");
  /* A demo row that must not be exported. */
  exec_sql (db, "INSERT INTO reply_templates (title, text, is_demo) VALUES ('demo-only', 'x', 1)");
}

/* The export without the time it was made. */
static char *
dup_tables_json (const char *export)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, export, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, RZ_DATABASE_EXPORT_FORMAT);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, RZ_DATABASE_EXPORT_VERSION);
  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, rz_database_schema_version ());
  g_assert_nonnull (json_object_get_string_member (root, "exported_at"));

  json_generator_set_root (generator, json_object_get_member (root, "tables"));
  return json_generator_to_data (generator, NULL);
}

static JsonObject *
parse_tables (const char *export,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, export, -1, &error));
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "tables");
}

static void
test_round_trip (void)
{
  g_autoptr(RzDatabase) source = open_at ("a");
  g_autoptr(RzDatabase) target = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_tables = NULL;
  g_autofree char *second_tables = NULL;
  g_autoptr(GPtrArray) found = NULL;
  JsonObject *tables;
  JsonObject *image;
  g_autofree guchar *decoded = NULL;
  gsize decoded_length = 0;
  gboolean has_demo = TRUE;

  fill_user_data (source);
  first = rz_database_export_json (source, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* Every table of the schema is there, each with rows; the demo's are not. */
  tables = parse_tables (first, parser);
  {
    g_autoptr(GList) names = json_object_get_members (tables);

    g_assert_cmpuint (g_list_length (names), ==,
                      query_int64 (source, "SELECT count (*) FROM sqlite_master WHERE type = 'table'"
                                           " AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%\\_fts%' ESCAPE '\\'"));
    for (GList *l = names; l != NULL; l = l->next)
      {
        JsonArray *rows = json_object_get_array_member (tables, l->data);

        g_test_message ("%s: %u rows", (const char *) l->data, json_array_get_length (rows));
        g_assert_cmpuint (json_array_get_length (rows), >, 0);
      }
  }
  g_assert_false (json_object_has_member (tables, "comments_fts"));
  g_assert_false (json_object_has_member (tables, "comments_fts_data"));
  g_assert_null (strstr (first, "demo-only"));
  image = json_array_get_object_element (json_object_get_array_member (tables, "draft_images"), 0);
  decoded = g_base64_decode (json_object_get_string_member (json_object_get_object_member (image, "data"), "base64"),
                             &decoded_length);
  g_assert_cmpmem (decoded, decoded_length, image_bytes, sizeof image_bytes);

  /* Another machine: a fresh database. */
  target = open_at ("b");
  g_assert_true (rz_database_import_json (target, first, -1, &error));
  g_assert_no_error (error);

  second = rz_database_export_json (target, &error);
  g_assert_no_error (error);
  first_tables = dup_tables_json (first);
  second_tables = dup_tables_json (second);
  g_assert_cmpstr (first_tables, ==, second_tables);

  /* Imported rows are the user's, and the search index knows them. */
  g_assert_true (rz_database_has_demo (target, &has_demo, &error));
  g_assert_no_error (error);
  g_assert_false (has_demo);
  found = rz_database_search_comments (target, "DROP TABLE", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (query_int64 (target, "SELECT count (*) FROM drafts_fts WHERE drafts_fts MATCH 'Brötchen OR Brot*'"),
                   ==, query_int64 (source, "SELECT count (*) FROM drafts_fts WHERE drafts_fts MATCH 'Brötchen OR Brot*'"));
  g_assert_cmpint (query_int64 (target, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_refuses_data (void)
{
  g_autoptr(RzDatabase) db = open_at ("a");
  g_autoptr(GError) error = NULL;
  g_autofree char *export = NULL;
  gint64 n_comments;

  fill_user_data (db);
  export = rz_database_export_json (db, &error);
  g_assert_no_error (error);
  n_comments = query_int64 (db, "SELECT count (*) FROM comments");

  g_assert_false (rz_database_import_json (db, export, -1, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_EMPTY);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM comments"), ==, n_comments);
}

static void
test_replaces_demo (void)
{
  g_autoptr(RzDatabase) source = open_at ("a");
  g_autoptr(RzDatabase) target = open_at ("b");
  g_autoptr(GError) error = NULL;
  g_autofree char *export = NULL;
  gboolean has_demo = FALSE;

  fill_user_data (source);
  export = rz_database_export_json (source, &error);
  g_assert_no_error (error);

  g_assert_true (rz_database_load_demo (target, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_import_json (target, export, -1, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_has_demo (target, &has_demo, &error));
  g_assert_false (has_demo);
  g_assert_cmpint (query_int64 (target, "SELECT count (*) FROM comments"),
                   ==, query_int64 (source, "SELECT count (*) FROM comments"));
}

static void
test_invalid_files (void)
{
  static const struct {
    const char *json;
    int         code;
  } cases[] = {
    { "", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": ", RZ_STORAGE_ERROR_INVALID },
    { "[]", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": \"something-else\", \"version\": 1, \"schema_version\": 1, \"tables\": {}}", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5}", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 2, \"schema_version\": 5, \"tables\": {}}", RZ_STORAGE_ERROR_TOO_NEW },
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 999, \"tables\": {}}", RZ_STORAGE_ERROR_TOO_NEW },
    /* A table or column the schema does not have is never put into SQL. */
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5,"
      " \"tables\": {\"sqlite_master\": []}}", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5,"
      " \"tables\": {\"reply_templates\": [{\"id\": 1, \"title\": \"t\", \"text\": \"x\", \"position\": 0,"
      " \"created_at\": 0, \"updated_at\": 0, \"is_demo\": 0, \"x\\\" ); DROP TABLE drafts; --\": 1}]}}",
      RZ_STORAGE_ERROR_INVALID },
    /* A missing column, a value of the wrong kind. */
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5,"
      " \"tables\": {\"reply_templates\": [{\"id\": 1, \"title\": \"t\"}]}}", RZ_STORAGE_ERROR_INVALID },
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5,"
      " \"tables\": {\"reply_templates\": [{\"id\": 1, \"title\": [1], \"text\": \"x\", \"position\": 0,"
      " \"created_at\": 0, \"updated_at\": 0, \"is_demo\": 0}]}}", RZ_STORAGE_ERROR_INVALID },
    /* A comment of an account that is not in the file: nothing is kept. */
    { "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 5,"
      " \"tables\": {\"reply_templates\": [{\"id\": 1, \"title\": \"t\", \"text\": \"x\", \"position\": 0,"
      " \"created_at\": 0, \"updated_at\": 0, \"is_demo\": 0}],"
      " \"comments\": [{\"id\": 1, \"account_id\": 7, \"channel\": \"mastodon\", \"remote_id\": \"1\","
      " \"parent_remote_id\": null, \"author\": null, \"author_handle\": null, \"text\": \"hi\","
      " \"url\": null, \"context\": null, \"created_at\": 0, \"sentiment\": 0,"
      " \"sentiment_user_set\": 0, \"state\": 0, \"is_demo\": 0}]}}", RZ_STORAGE_ERROR_CONSTRAINT },
  };
  g_autoptr(RzDatabase) db = open_at ("a");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      g_assert_false (rz_database_import_json (db, cases[i].json, -1, &error));
      g_assert_error (error, RZ_STORAGE_ERROR, cases[i].code);
      g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM reply_templates"), ==, 0);
      g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM comments"), ==, 0);
      g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM drafts"), ==, 0);
    }
}

/* An export of schema version 3 (before drafts had images and posts their
 * own text) is migrated on the way in. */
static void
test_older_schema (void)
{
  static const char export[] =
    "{\"format\": \"de.resonanz.Resonanz.export\", \"version\": 1, \"schema_version\": 3,"
    " \"tables\": {"
    "  \"accounts\": [{\"id\": 3, \"channel\": \"mastodon\", \"display_name\": \"Café\","
    "   \"base_url\": \"https://social.example\", \"handle\": \"cafe\", \"remote_user_id\": \"9\","
    "   \"state\": \"connected\", \"sync_cursor\": \"100\", \"created_at\": 1600000000,"
    "   \"is_demo\": 0, \"synced_at\": 1600000100}],"
    "  \"drafts\": [{\"id\": 5, \"core_text\": \"Neue Brötchen\", \"message_type\": null,"
    "   \"created_at\": 1, \"updated_at\": 2, \"is_demo\": 0}],"
    "  \"draft_variants\": [{\"id\": 6, \"draft_id\": 5, \"channel\": \"mastodon\","
    "   \"text\": \"Neue Brötchen!\", \"updated_at\": 2, \"is_demo\": 0}],"
    "  \"posts\": [{\"id\": 8, \"variant_id\": 6, \"account_id\": 3, \"state\": \"posted\","
    "   \"remote_id\": \"77\", \"remote_url\": \"https://social.example/77\", \"error\": null,"
    "   \"idempotency_key\": \"k\", \"scheduled_at\": null, \"posted_at\": 3, \"created_at\": 1,"
    "   \"updated_at\": 3, \"is_demo\": 0}]"
    " }}";
  g_autoptr(RzDatabase) db = open_at ("a");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  g_assert_true (rz_database_import_json (db, export, -1, &error));
  g_assert_no_error (error);
  accounts = rz_database_list_accounts (db, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT synced_at FROM accounts WHERE id = 3"), ==, 1600000100);
  /* Migration 4 gave the post its draft, channel and text. */
  g_assert_cmpint (query_int64 (db, "SELECT draft_id FROM posts WHERE id = 8"), ==, 5);
  g_assert_cmpint (query_int64 (db, "SELECT text = 'Neue Brötchen!' AND channel = 'mastodon' FROM posts"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT customized FROM draft_variants WHERE id = 6"), ==, 1);
}

static void
test_export_file (void)
{
  g_autoptr(RzDatabase) db = open_at ("a");
  g_autoptr(RzDatabase) other = open_at ("b");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = rz_database_dup_export_filename ();
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_date_time_format (now, "resonanz-export-%Y-%m-%d.json");
  GStatBuf st;

  g_assert_cmpstr (name, ==, expected);
  path = g_build_filename (g_get_user_data_dir (), name, NULL);

  fill_user_data (db);
  g_assert_true (rz_database_export_to_file (db, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* Only the user may read it. */
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_true (rz_database_import_from_file (other, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (other, "SELECT count (*) FROM comments"),
                   ==, query_int64 (db, "SELECT count (*) FROM comments"));

  g_assert_false (rz_database_export_to_file (db, "/nonexistent-dir/x.json", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rz_database_import_from_file (other, "/nonexistent-dir/x.json", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  /* The file has NUL bytes, so no str* function. */
  for (gsize i = 0; i + strlen (needle) <= length; i++)
    if (memcmp (contents + i, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

static void
test_delete_all (void)
{
  static const char * const copies[] = {
    "resonanz.db.v2.bak", "resonanz.db.daily-2026-01-01.bak", "resonanz.db.damaged-20260101-101010",
    "resonanz.db.damaged-20260101-101010-wal",
  };
  static const char * const kept[] = { "notes.txt", "resonanz.db.mine", "resonanz-export-2026-01-01.json" };
  static const char marker[] = "Unverwechselbarer-Kommentar-4711";
  g_autoptr(RzDatabase) db = open_at ("a");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *dir = g_path_get_dirname (rz_database_get_path (db));
  g_autofree char *wal = g_strconcat (rz_database_get_path (db), "-wal", NULL);
  g_autofree char *export = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_removed = 0;

  fill_user_data (db);
  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db),
                                       "UPDATE comments SET text = ? WHERE id = (SELECT max (id) FROM comments)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, marker, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  exec_sql (db, "PRAGMA wal_checkpoint(FULL)");
  g_assert_true (file_contains (rz_database_get_path (db), marker));

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = g_build_filename (dir, copies[i], NULL);

      g_assert_true (g_file_set_contents (path, marker, -1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (dir, kept[i], NULL);

      g_assert_true (g_file_set_contents (path, "x", -1, NULL));
    }

  g_assert_true (rz_database_delete_all_data (db, &n_removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_removed, ==, G_N_ELEMENTS (copies));

  /* Every table is empty, the demo's rows too. */
  export = rz_database_export_json (db, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *tables_object = parse_tables (export, parser);
    g_autoptr(GList) names = json_object_get_members (tables_object);

    for (GList *l = names; l != NULL; l = l->next)
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tables_object, l->data)), ==, 0);
  }
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM comments"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count (*) FROM profile"), ==, 0);

  /* Nothing of it is left on the disk. */
  g_assert_false (file_contains (rz_database_get_path (db), marker));
  g_assert_false (file_contains (wal, marker));
  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    {
      g_autofree char *path = g_build_filename (dir, copies[i], NULL);

      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *path = g_build_filename (dir, kept[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    }

  /* And the database still works: the same data can come back in. */
  {
    g_autoptr(RzDatabase) source = open_at ("b");
    g_autofree char *json = NULL;

    fill_user_data (source);
    json = rz_database_export_json (source, &error);
    g_assert_no_error (error);
    g_assert_true (rz_database_import_json (db, json, -1, &error));
    g_assert_no_error (error);
  }
}

/* resonanz --export FILE / --import FILE */
static void
test_command_line (void)
{
  g_autofree char *source = g_build_filename (g_get_user_data_dir (), "a", "resonanz.db", NULL);
  g_autofree char *target = g_build_filename (g_get_user_data_dir (), "b", "resonanz.db", NULL);
  g_autofree char *file = g_build_filename (g_get_user_data_dir (), "export.json", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) err = g_string_new (NULL);

  {
    g_autoptr(RzDatabase) db = open_at ("a");

    fill_user_data (db);
  }

  g_assert_cmpint (rz_database_run_export_cli (source, file, FALSE, out, err), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_nonnull (strstr (out->str, "export.json"));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  g_string_truncate (out, 0);
  g_assert_cmpint (rz_database_run_export_cli (target, file, TRUE, out, err), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
  g_assert_nonnull (strstr (out->str, "export.json"));

  /* Again: the target has data now, and nothing changes. */
  g_string_truncate (out, 0);
  g_assert_cmpint (rz_database_run_export_cli (target, file, TRUE, out, err), ==, 1);
  g_assert_cmpstr (out->str, ==, "");
  g_assert_cmpuint (err->len, >, 0);

  {
    g_autoptr(RzDatabase) a = open_at ("a");
    g_autoptr(RzDatabase) b = open_at ("b");

    g_assert_cmpint (query_int64 (b, "SELECT count (*) FROM comments"),
                     ==, query_int64 (a, "SELECT count (*) FROM comments"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/export/round-trip", test_round_trip);
  g_test_add_func ("/rz/storage/export/refuses-data", test_refuses_data);
  g_test_add_func ("/rz/storage/export/replaces-demo", test_replaces_demo);
  g_test_add_func ("/rz/storage/export/invalid-files", test_invalid_files);
  g_test_add_func ("/rz/storage/export/older-schema", test_older_schema);
  g_test_add_func ("/rz/storage/export/file", test_export_file);
  g_test_add_func ("/rz/storage/export/delete-all", test_delete_all);
  g_test_add_func ("/rz/storage/export/command-line", test_command_line);

  return g_test_run ();
}
