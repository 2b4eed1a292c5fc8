/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "rz-database.h"
#include "rz-plan.h"
#include "rz-profile.h"

/* The strategy the wizard saves must come back the same after a restart. */

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

static RzDatabase *
reopen (RzDatabase *db)
{
  g_object_unref (db);
  return open_default ();
}

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (json);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}


static const char profile_json[] =
  "{"
  "  \"name\": \"Fahrradladen Kette & Co\","
  "  \"industry\": \"retail\","
  "  \"market\": \"both\","
  "  \"region\": \"national\","
  "  \"audiences\": ["
  "    {\"label\": \"Pendler\", \"age_min\": 25, \"age_max\": 55},"
  "    {\"label\": \"Firmenkunden\", \"age_min\": 30, \"age_max\": 65}"
  "  ],"
  "  \"goals\": [\"sales\", \"awareness\", \"sales\"],"
  "  \"hours_per_week\": 4.5,"
  "  \"regulated\": true,"
  "  \"forbidden_channels\": [\"tiktok\"],"
  "  \"formats\": [\"photo\", \"text\", 7],"
  "  \"languages\": [\"de\", \"en\"],"
  "  \"unknown\": \"ignored\""
  "}";

static RzProfile *
dup_profile (RzDatabase *db,
             gboolean   *is_demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  RzProfile *profile;

  json = rz_database_dup_profile_json (db, is_demo, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json);
  profile = rz_profile_new_from_json (json, -1, NULL, &error);
  g_assert_no_error (error);
  return profile;
}

static void
test_profile_roundtrip (void)
{
  RzDatabase *db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autofree char *json = NULL;
  const RzGoal *goals;
  const char * const *languages;
  guint n_goals = 0;
  gboolean is_demo = TRUE;

  json = rz_database_dup_profile_json (db, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (json);

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_no_error (error);

  /* Survives a restart, and reads back as the core's profile. */
  db = reopen (db);
  profile = dup_profile (db, &is_demo);
  g_assert_false (is_demo);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Fahrradladen Kette & Co");
  g_assert_cmpint (rz_profile_get_industry (profile), ==, RZ_INDUSTRY_RETAIL);
  g_assert_cmpint (rz_profile_get_market (profile), ==, RZ_MARKET_BOTH);
  g_assert_cmpint (rz_profile_get_region (profile), ==, RZ_REGION_NATIONAL);
  g_assert_cmpfloat (rz_profile_get_hours_per_week (profile), ==, 4.5);
  g_assert_true (rz_profile_get_regulated (profile));
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 2);
  g_assert_cmpstr (rz_profile_get_audience (profile, 1)->label, ==, "Firmenkunden");
  g_assert_cmpint (rz_profile_get_audience (profile, 1)->age_min, ==, 30);
  g_assert_cmpint (rz_profile_get_audience (profile, 1)->age_max, ==, 65);

  /* Duplicates and non-strings are dropped, order is kept. */
  goals = rz_profile_get_goals (profile, &n_goals);
  g_assert_cmpuint (n_goals, ==, 2);
  g_assert_cmpint (goals[0], ==, RZ_GOAL_SALES);
  g_assert_cmpint (goals[1], ==, RZ_GOAL_AWARENESS);
  g_assert_true (rz_profile_is_forbidden (profile, "tiktok"));
  g_assert_false (rz_profile_is_forbidden (profile, "instagram"));
  g_assert_cmpint (rz_profile_get_formats (profile), ==, RZ_FORMAT_PHOTO | RZ_FORMAT_TEXT);
  languages = rz_profile_get_languages (profile);
  g_assert_cmpstr (languages[0], ==, "de");
  g_assert_cmpstr (languages[1], ==, "en");
  g_assert_null (languages[2]);

  g_object_unref (db);
}

static void
test_profile_from_core (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(RzProfile) original = rz_profile_new ();
  g_autoptr(RzProfile) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  const RzGoal goals[] = { RZ_GOAL_RECRUITING, RZ_GOAL_COMMUNITY };

  /* Whatever the core writes, the storage gives back unchanged. */
  rz_profile_set_name (original, "Pflegedienst Lindenhof");
  rz_profile_set_industry (original, RZ_INDUSTRY_CARE);
  rz_profile_set_market (original, RZ_MARKET_B2C);
  rz_profile_set_region (original, RZ_REGION_LOCAL);
  rz_profile_set_hours_per_week (original, 1.5);
  rz_profile_add_audience (original, "Angehörige", 40, 70);
  rz_profile_set_goals (original, goals, G_N_ELEMENTS (goals));
  rz_profile_set_formats (original, RZ_FORMAT_TEXT);
  expected = rz_profile_to_json (original);

  g_assert_true (rz_database_save_profile_json (db, expected, &error));
  g_assert_no_error (error);
  stored = dup_profile (db, NULL);
  json = rz_profile_to_json (stored);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_profile_replace (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) profile = NULL;
  g_autofree char *json = NULL;
  JsonArray *audiences;

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_no_error (error);

  /* A wizard step saves the profile again, with less: what was not given
   * is left out when reading, so the core can tell what is missing. */
  g_assert_true (rz_database_save_profile_json (db,
                                                "{\"name\": \"Kette & Co\","
                                                " \"audiences\": [{\"label\": \"Pendler\"}],"
                                                " \"goals\": []}",
                                                &error));
  g_assert_no_error (error);

  json = rz_database_dup_profile_json (db, NULL, &error);
  g_assert_no_error (error);
  profile = parse (json);
  g_assert_cmpstr (json_object_get_string_member (profile, "name"), ==, "Kette & Co");
  audiences = json_object_get_array_member (profile, "audiences");
  g_assert_cmpuint (json_array_get_length (audiences), ==, 1);
  g_assert_false (json_object_has_member (json_array_get_object_element (audiences, 0), "age_min"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profile, "goals")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (profile, "forbidden_channels")), ==, 0);
  g_assert_false (json_object_has_member (profile, "market"));
  g_assert_false (json_object_has_member (profile, "hours_per_week"));
  g_assert_false (json_object_get_boolean_member (profile, "regulated"));
}

static void
test_profile_invalid (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProfile) profile = NULL;

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_no_error (error);

  g_assert_false (rz_database_save_profile_json (db, "{\"name\": ", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (rz_database_save_profile_json (db, "[1, 2]", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED);
  g_clear_error (&error);

  /* Refused by the schema after the profile row itself was written: the
   * transaction must leave the saved profile as it was. */
  g_assert_false (rz_database_save_profile_json (db, "{\"name\": \"X\", \"market\": \"b2x\"}", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (rz_database_save_profile_json (db,
                                                 "{\"name\": \"X\", \"audiences\": [{\"label\": \"A\","
                                                 " \"age_min\": 60, \"age_max\": 20}]}",
                                                 &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  profile = dup_profile (db, NULL);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Fahrradladen Kette & Co");
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 2);
}

static void
test_wizard_progress (void)
{
  RzDatabase *db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) state = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autofree char *state_json = NULL;
  int step = -2;
  gboolean empty = TRUE;

  g_assert_true (rz_database_get_wizard_progress (db, &step, &state_json, &error));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, 0);
  g_assert_null (state_json);

  /* The first step, before the profile has a name. */
  g_assert_true (rz_database_save_wizard_progress (db, 1, "{\"visited\": [0]}", &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_is_empty (db, &empty, &error));
  g_assert_false (empty);

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_true (rz_database_save_wizard_progress (db, 3,
                                                   "{\"visited\": [0, 1, 2],"
                                                   " \"note\": \"'; DROP TABLE profile; --\"}",
                                                   &error));
  g_assert_no_error (error);
  g_assert_false (rz_database_save_wizard_progress (db, 4, "not json", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED);
  g_clear_error (&error);

  /* Saving the profile again keeps the progress, and both survive. */
  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  db = reopen (db);
  g_assert_true (rz_database_get_wizard_progress (db, &step, &state_json, &error));
  g_assert_no_error (error);
  g_assert_cmpint (step, ==, 3);
  state = parse (state_json);
  g_assert_cmpstr (json_object_get_string_member (state, "note"), ==, "'; DROP TABLE profile; --");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (state, "visited")), ==, 3);
  profile = dup_profile (db, NULL);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Fahrradladen Kette & Co");

  g_object_unref (db);
}

static const char plan_json[] =
  "{\"version\": 1, \"entries\": ["
  "  {\"channel\": \"mastodon\", \"kind\": \"social-network\", \"name\": \"Mastodon\","
  "   \"purpose\": \"Neuheiten\", \"audiences\": [\"Pendler\"],"
  "   \"messages\": [{\"type\": \"news-and-offers\", \"audiences\": [\"Pendler\"]},"
  "                  {\"type\": \"expert-tips\", \"audiences\": [\"Pendler\", \"Firmenkunden\"]}],"
  "   \"posts_per_week\": 2.5, \"response_minutes\": 120, \"responsible\": \"Ali\","
  "   \"stand_in\": \"Bea\"},"
  "  {\"channel\": \"phone\", \"kind\": \"offline\", \"name\": \"Telefon\","
  "   \"purpose\": \"Rückrufe\", \"audiences\": [\"Firmenkunden\"], \"messages\": [],"
  "   \"posts_per_week\": 0, \"response_minutes\": 60, \"responsible\": \"Bea\", \"stand_in\": \"\"}"
  "]}";

static void
test_plan_and_guideline (void)
{
  RzDatabase *db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzPlan) original = NULL;
  g_autoptr(RzPlan) plan = NULL;
  g_autofree char *json = NULL;
  g_autofree char *guideline = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  RzPlanEntry *entry;

  /* Without a profile there is nothing to hang a plan on. */
  json = rz_database_dup_plan_json (db, &error);
  g_assert_no_error (error);
  g_assert_null (json);
  g_assert_false (rz_database_save_plan_json (db, plan_json, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rz_database_save_guideline (db, "# Ton", &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_no_error (error);
  json = rz_database_dup_plan_json (db, &error);
  g_assert_cmpstr (json, ==, "{\"version\":1,\"entries\":[]}");
  g_clear_pointer (&json, g_free);
  guideline = rz_database_dup_guideline (db, &error);
  g_assert_no_error (error);
  g_assert_null (guideline);

  original = rz_plan_new_from_json (plan_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rz_database_save_plan_json (db, plan_json, &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_save_guideline (db, "# Ton\n\nWir *siezen*.", &error));
  g_assert_no_error (error);
  g_assert_true (rz_database_save_guideline (db, "# Ton\n\nWir **duzen**.", &error));
  g_assert_no_error (error);

  db = reopen (db);
  json = rz_database_dup_plan_json (db, &error);
  g_assert_no_error (error);
  plan = rz_plan_new_from_json (json, -1, &error);
  g_assert_no_error (error);

  /* What the core reads back is what it was given. */
  expected = rz_plan_to_json (original);
  actual = rz_plan_to_json (plan);
  g_assert_cmpstr (actual, ==, expected);

  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 2);
  entry = rz_plan_get_entry (plan, 0);
  g_assert_cmpstr (rz_plan_entry_get_channel_id (entry), ==, "mastodon");
  g_assert_cmpfloat (rz_plan_entry_get_posts_per_week (entry), ==, 2.5);
  g_assert_cmpuint (rz_plan_entry_get_response_minutes (entry), ==, 120);
  g_assert_true (rz_plan_entry_has_message (entry, RZ_MESSAGE_EXPERT_TIPS, "Firmenkunden"));
  g_assert_false (rz_plan_entry_has_message (entry, RZ_MESSAGE_NEWS_AND_OFFERS, "Firmenkunden"));
  g_assert_cmpstr (rz_plan_entry_get_channel_id (rz_plan_get_entry (plan, 1)), ==, "phone");

  guideline = rz_database_dup_guideline (db, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (guideline, ==, "# Ton\n\nWir **duzen**.");

  /* A plan entry without its channel is refused, and nothing changes. */
  g_assert_false (rz_database_save_plan_json (db, "{\"version\": 1, \"entries\": [{\"purpose\": \"x\"}]}",
                                              &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CONSTRAINT);
  g_clear_pointer (&json, g_free);
  json = rz_database_dup_plan_json (db, NULL);
  g_assert_nonnull (strstr (json, "\"Telefon\""));

  g_object_unref (db);
}

static void
test_user_profile_over_demo (void)
{
  g_autoptr(RzDatabase) db = open_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProfile) profile = NULL;
  g_autofree char *plan = NULL;
  gboolean is_demo = FALSE;
  int step = 0;

  g_assert_true (rz_database_load_demo (db, &error));
  g_assert_no_error (error);
  profile = dup_profile (db, &is_demo);
  g_assert_true (is_demo);
  g_clear_object (&profile);

  /* The demo's plan is not the user's: saving one needs their profile. */
  g_assert_false (rz_database_save_plan_json (db, plan_json, &error));
  g_assert_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (rz_database_save_profile_json (db, profile_json, &error));
  g_assert_no_error (error);
  profile = dup_profile (db, &is_demo);
  g_assert_false (is_demo);
  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Fahrradladen Kette & Co");

  /* The user's (still empty) plan and wizard are shown, not the demo's. */
  plan = rz_database_dup_plan_json (db, &error);
  g_assert_cmpstr (plan, ==, "{\"version\":1,\"entries\":[]}");
  g_assert_true (rz_database_get_wizard_progress (db, &step, NULL, &error));
  g_assert_cmpint (step, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/storage/profile/roundtrip", test_profile_roundtrip);
  g_test_add_func ("/rz/storage/profile/from-core", test_profile_from_core);
  g_test_add_func ("/rz/storage/profile/replace", test_profile_replace);
  g_test_add_func ("/rz/storage/profile/invalid", test_profile_invalid);
  g_test_add_func ("/rz/storage/profile/wizard-progress", test_wizard_progress);
  g_test_add_func ("/rz/storage/profile/plan-and-guideline", test_plan_and_guideline);
  g_test_add_func ("/rz/storage/profile/user-over-demo", test_user_profile_over_demo);

  return g_test_run ();
}
