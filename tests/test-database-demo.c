/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "rz-comment.h"
#include "rz-core.h"
#include "rz-database-private.h"
#include "rz-plan.h"
#include "rz-profile.h"

static RzDatabase *
open_default (void)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  return db;
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

static JsonObject *
read_demo_json (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  bytes = rz_core_lookup_data ("/demo.json", &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
load_demo (RzDatabase *db)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
}

/* Names of the tables that have an is_demo column. */
static GPtrArray *
dup_demo_tables (RzDatabase *db)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db),
                                       "SELECT m.name FROM sqlite_schema m"
                                       " JOIN pragma_table_info (m.name) c"
                                       " WHERE m.type = 'table' AND c.name = 'is_demo'"
                                       " ORDER BY m.name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return tables;
}

/* Counts rows of a table the schema named: identifiers cannot be bound,
 * so this test-only helper quotes the name the SQLite way (%w). */
static gint64
count_rows (RzDatabase *db,
            const char *table,
            gboolean    only_demo)
{
  char *sql = sqlite3_mprintf (only_demo ? "SELECT count(*) FROM \"%w\" WHERE is_demo <> 0"
                                         : "SELECT count(*) FROM \"%w\"",
                               table);
  gint64 count = query_int64 (db, sql);

  sqlite3_free (sql);
  return count;
}

static void
test_demo_load (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(JsonObject) demo = read_demo_json ();
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_json = NULL;
  g_autofree char *plan_json = NULL;
  g_autofree char *guideline = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = NULL;
  int step = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_demo_comments = json_array_get_length (json_object_get_array_member (demo, "comments"));
  guint n_critical = 0;
  guint n_open = 0;
  gboolean flag = FALSE;
  guint n = 0;
  gint64 newest = 0;

  g_assert_true (rz_database_is_empty (db, &flag, &error));
  g_assert_true (flag);
  g_assert_true (rz_database_has_demo (db, &flag, &error));
  g_assert_false (flag);

  load_demo (db);

  g_assert_true (rz_database_is_empty (db, &flag, &error));
  g_assert_false (flag);
  g_assert_true (rz_database_has_demo (db, &flag, &error));
  g_assert_true (flag);

  /* About forty comments, all of them loaded. */
  g_assert_cmpuint (n_demo_comments, >=, 35);
  g_assert_cmpuint (n_demo_comments, <=, 45);
  g_assert_true (rz_database_count_comments (db, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, n_demo_comments);

  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = comments->pdata[i];

      g_assert_true (rz_comment_get_is_demo (comment));
      g_assert_cmpint (rz_comment_get_created_at (comment), <=, now + 1);
      g_assert_cmpint (rz_comment_get_created_at (comment), >, now - 7 * 24 * 3600);
      newest = MAX (newest, rz_comment_get_created_at (comment));
      n_critical += rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL;
      n_open += rz_comment_get_state (comment) == RZ_COMMENT_STATE_OPEN;
      g_assert_true (g_str_equal (rz_comment_get_channel (comment), "instagram") ||
                     g_str_equal (rz_comment_get_channel (comment), "facebook") ||
                     g_str_equal (rz_comment_get_channel (comment), "google-business-profile"));
    }
  /* Times are relative to loading, so the inbox looks fresh. */
  g_assert_cmpint (newest, >=, now - 3600);
  g_assert_cmpuint (n_critical, >=, 6);
  g_assert_cmpuint (n_open, >=, 15);
  g_assert_cmpuint (n_open, <, comments->len);

  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM replies WHERE is_demo = 1"), >=, 5);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM drafts WHERE is_demo = 1"), ==, 4);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM drafts d WHERE NOT EXISTS"
                                    " (SELECT 1 FROM draft_variants v WHERE v.draft_id = d.id)"), ==, 0);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM accounts WHERE state = 'demo'"), ==, 3);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM reply_templates"), >, 0);

  /* The demo's strategy is valid for the core, as the wizard made it. */
  profile_json = rz_database_dup_profile_json (db, &flag, &error);
  g_assert_no_error (error);
  g_assert_true (flag);
  profile = rz_profile_new_from_json (profile_json, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Bäckerei Sonnenschein (Demo)");
  g_assert_cmpint (rz_profile_get_market (profile), ==, RZ_MARKET_B2C);
  g_assert_cmpint (rz_profile_get_region (profile), ==, RZ_REGION_LOCAL);
  g_assert_cmpfloat (rz_profile_get_hours_per_week (profile), ==, 6.0);
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 3);
  g_assert_cmpstr (rz_profile_get_audience (profile, 0)->label, ==, "Familien aus dem Ort");
  g_assert_cmpint (rz_profile_get_audience (profile, 0)->age_min, ==, 30);
  g_assert_cmpint (rz_profile_get_audience (profile, 0)->age_max, ==, 49);
  g_assert_true (rz_profile_has_goal (profile, RZ_GOAL_CUSTOMER_SERVICE));
  g_assert_true (rz_profile_has_goal (profile, RZ_GOAL_AWARENESS));
  g_assert_true (rz_profile_has_goal (profile, RZ_GOAL_RECRUITING));
  g_assert_true (rz_database_get_wizard_progress (db, &step, NULL, &error));
  g_assert_cmpint (step, ==, RZ_DATABASE_WIZARD_FINISHED);

  plan_json = rz_database_dup_plan_json (db, &error);
  g_assert_no_error (error);
  plan = rz_plan_new_from_json (plan_json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 3);
  for (guint i = 0; i < rz_plan_get_n_entries (plan); i++)
    {
      RzPlanEntry *entry = rz_plan_get_entry (plan, i);
      const char * const *audiences = rz_plan_entry_get_audiences (entry);

      g_assert_cmpuint (rz_plan_entry_get_response_minutes (entry), ==, 240);
      g_assert_cmpstr (rz_plan_entry_get_responsible (entry), ==, "Maria Becker");
      g_assert_cmpstr (rz_plan_entry_get_stand_in (entry), ==, "Jonas Weber");
      /* The plan speaks to the profile's audiences, by label. */
      g_assert_nonnull (audiences);
      for (guint a = 0; audiences[a] != NULL; a++)
        {
          gboolean known = FALSE;

          for (guint p = 0; p < rz_profile_get_n_audiences (profile); p++)
            known |= g_str_equal (rz_profile_get_audience (profile, p)->label, audiences[a]);
          g_assert_true (known);
        }
    }
  g_assert_nonnull (rz_plan_lookup (plan, "instagram"));
  g_assert_nonnull (rz_plan_lookup (plan, "facebook"));
  g_assert_nonnull (rz_plan_lookup (plan, "google-business-profile"));
  g_assert_true (rz_plan_entry_has_message (rz_plan_lookup (plan, "instagram"),
                                            RZ_MESSAGE_JOB_OFFERS, "Azubis"));

  guideline = rz_database_dup_guideline (db, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (guideline, "# "));
}

static void
test_demo_every_row_marked (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GPtrArray) demo_tables = NULL;
  sqlite3_stmt *stmt = NULL;

  load_demo (db);
  demo_tables = dup_demo_tables (db);

  /* Every table the demo wrote to can tell demo rows apart, and all of
   * the rows it wrote say so. */
  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (db),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%fts%'"
                                       " AND name NOT LIKE 'sqlite%'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);

      gint64 rows = count_rows (db, table, FALSE);

      if (rows == 0)
        continue;
      g_test_message ("demo rows in %s", table);
      g_assert_true (g_ptr_array_find_with_equal_func (demo_tables, table, g_str_equal, NULL));
      g_assert_cmpint (count_rows (db, table, TRUE), ==, rows);
    }
  sqlite3_finalize (stmt);
}

static void
test_demo_reload (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  guint first = 0;
  guint second = 0;

  load_demo (db);
  g_assert_true (rz_database_count_comments (db, &first, &error));
  load_demo (db);
  g_assert_true (rz_database_count_comments (db, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first, ==, second);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM profile"), ==, 1);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM drafts"), ==, 4);
}

static void
test_demo_remove_keeps_user_data (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzComment) comment = rz_comment_new ();
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) demo_tables = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *guideline = NULL;
  gboolean flag = TRUE;
  gint64 account;

  load_demo (db);

  /* The user connects an account, gets a comment and writes a profile. */
  account = rz_database_add_account (db, "mastodon", "Meine Bäckerei", "https://social.example", "@meine", &error);
  g_assert_no_error (error);
  rz_comment_set_account_id (comment, account);
  rz_comment_set_channel (comment, "mastodon");
  rz_comment_set_remote_id (comment, "u1");
  rz_comment_set_author (comment, "Echte Kundin");
  rz_comment_set_text (comment, "Wann gibt es wieder Zwetschgendatschi?");
  rz_comment_set_created_at (comment, 1700000000);
  g_assert_true (rz_database_add_comment (db, comment, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_save_profile_json (db, "{\"name\": \"Meine Bäckerei\"}", &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_save_guideline (db, "Wir duzen.", &error));
  g_assert_no_error (error);

  g_assert_true (rz_database_remove_demo (db, &error));
  g_assert_no_error (error);

  g_assert_true (rz_database_has_demo (db, &flag, &error));
  g_assert_false (flag);
  g_assert_true (rz_database_is_empty (db, &flag, &error));
  g_assert_false (flag);

  demo_tables = dup_demo_tables (db);
  g_assert_cmpuint (demo_tables->len, >=, 14);
  for (guint i = 0; i < demo_tables->len; i++)
    g_assert_cmpint (count_rows (db, demo_tables->pdata[i], TRUE), ==, 0);

  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpint (rz_comment_get_id (comments->pdata[0]), ==, rz_comment_get_id (comment));
  g_assert_cmpstr (rz_comment_get_text (comments->pdata[0]), ==, "Wann gibt es wieder Zwetschgendatschi?");
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM accounts"), ==, 1);

  profile = rz_database_dup_profile_json (db, &flag, &error);
  g_assert_no_error (error);
  g_assert_false (flag);
  g_assert_nonnull (strstr (profile, "\"name\":\"Meine Bäckerei\""));
  guideline = rz_database_dup_guideline (db, &error);
  g_assert_cmpstr (guideline, ==, "Wir duzen.");

  /* The search index forgot the demo too. */
  found = rz_database_search_comments (db, "Torte", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = rz_database_search_comments (db, "Zwetschgendatschi", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* And the demo comes back as it was (the window's "undo"). */
  load_demo (db);
  g_assert_true (rz_database_has_demo (db, &flag, &error));
  g_assert_true (flag);
}

static void
test_demo_remove_is_atomic (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  guint before = 0;
  guint after = 0;

  load_demo (db);
  g_assert_true (rz_database_count_comments (db, &before, &error));

  /* A trigger that fails half-way through: nothing may be gone. */
  g_assert_cmpint (sqlite3_exec (rz_database_get_handle (db),
                                 "CREATE TEMP TRIGGER refuse BEFORE DELETE ON main.profile"
                                 " BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (rz_database_remove_demo (db, &error));
  g_assert_nonnull (error);
  g_assert_true (sqlite3_get_autocommit (rz_database_get_handle (db)));
  g_assert_true (rz_database_count_comments (db, &after, NULL));
  g_assert_cmpuint (after, ==, before);
}

static void
test_demo_inbox_order (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  int last_group = 0;
  gint64 last_time = 0;

  load_demo (db);
  comments = rz_database_list_comments (db, 0, 0, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = comments->pdata[i];
      gboolean open = rz_comment_get_state (comment) == RZ_COMMENT_STATE_OPEN;
      gboolean critical = rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL;
      int group = open ? (critical ? 0 : 1) : 2;
      gint64 created = rz_comment_get_created_at (comment);

      g_assert_cmpint (group, >=, last_group);
      if (group == last_group && i > 0)
        {
          if (open)
            g_assert_cmpint (created, >=, last_time);
          else
            g_assert_cmpint (created, <=, last_time);
        }
      last_group = group;
      last_time = created;
    }
  g_assert_cmpint (last_group, ==, 2);
  g_assert_cmpint (rz_comment_get_sentiment (comments->pdata[0]), ==, RZ_SENTIMENT_CRITICAL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/demo/load", test_demo_load);
  g_test_add_func ("/rz/storage/demo/every-row-marked", test_demo_every_row_marked);
  g_test_add_func ("/rz/storage/demo/reload", test_demo_reload);
  g_test_add_func ("/rz/storage/demo/remove-keeps-user-data", test_demo_remove_keeps_user_data);
  g_test_add_func ("/rz/storage/demo/remove-is-atomic", test_demo_remove_is_atomic);
  g_test_add_func ("/rz/storage/demo/inbox-order", test_demo_inbox_order);

  return g_test_run ();
}
