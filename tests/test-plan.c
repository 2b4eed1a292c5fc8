/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-guidelines.h"
#include "rz-plan.h"
#include "rz-recommender.h"

static RzCatalogue *catalogue;

static RzProfile *
load_persona (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "personas", file, NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  RzProfile *profile;

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  profile = rz_profile_new_from_json (json, -1, catalogue, &error);
  g_assert_no_error (error);
  return profile;
}

/* The plan for a persona's recommended channels. */
static RzPlan *
plan_for_persona (const char  *name,
                  RzProfile  **profile_out)
{
  g_autoptr(RzProfile) profile = load_persona (name);
  g_autoptr(RzRecommendation) recommendation = rz_recommend (catalogue, profile);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  RzPlan *plan;

  for (guint i = 0; i < rz_recommendation_get_n_recommended (recommendation); i++)
    {
      RzChannelRating *rating = rz_recommendation_get_recommended (recommendation, i);

      g_ptr_array_add (ids, (gpointer) rz_channel_info_get_id (rz_channel_rating_get_channel (rating)));
    }
  g_ptr_array_add (ids, NULL);

  plan = rz_plan_new_for_profile (profile, catalogue, (const char * const *) ids->pdata);
  if (profile_out != NULL)
    *profile_out = g_steal_pointer (&profile);
  return plan;
}

static void
test_plan_from_profile (void)
{
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = plan_for_persona ("bakery", &profile);
  RzPlanEntry *listing = rz_plan_lookup (plan, "google-business-profile");
  RzPlanEntry *instagram = rz_plan_lookup (plan, "instagram");
  g_autofree char *rhythm = NULL;

  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plan)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (plan)) == RZ_TYPE_PLAN_ENTRY);
  g_assert_nonnull (listing);
  g_assert_nonnull (instagram);

  g_assert_cmpstr (rz_plan_entry_get_name (listing), ==, "Google Business Profile");
  g_assert_cmpint (rz_plan_entry_get_kind (listing), ==, RZ_CHANNEL_KIND_LOCAL_LISTING);
  /* The bakery's main goal is awareness, which both channels serve. */
  g_assert_true (g_str_has_prefix (rz_plan_entry_get_purpose (listing), "Make the business known to new customers"));
  g_assert_true (g_str_has_prefix (rz_plan_entry_get_purpose (instagram), "Make the business known to new customers"));

  /* Both audiences use the listing; older regulars hardly use Instagram. */
  g_assert_cmpstrv (rz_plan_entry_get_audiences (listing),
                    ((const char * const []) { "Families and regulars", "Older regulars", NULL }));
  g_assert_cmpstrv (rz_plan_entry_get_audiences (instagram),
                    ((const char * const []) { "Families and regulars", NULL }));

  /* The message matrix: type × channel × audience. */
  g_assert_true (rz_plan_entry_has_message (listing, RZ_MESSAGE_CUSTOMER_QUESTIONS, "Older regulars"));
  g_assert_true (rz_plan_entry_has_message (instagram, RZ_MESSAGE_NEWS_AND_OFFERS, "Families and regulars"));
  g_assert_true (rz_plan_entry_has_message (instagram, RZ_MESSAGE_BEHIND_THE_SCENES, NULL));
  g_assert_false (rz_plan_entry_has_message (instagram, RZ_MESSAGE_NEWS_AND_OFFERS, "Older regulars"));
  g_assert_false (rz_plan_entry_has_message (instagram, RZ_MESSAGE_JOB_OFFERS, NULL));
  g_assert_false (rz_plan_entry_has_message (listing, RZ_MESSAGE_EXPERT_TIPS, NULL));

  g_assert_cmpfloat (rz_plan_entry_get_posts_per_week (instagram), ==, 3.0);
  rhythm = rz_plan_entry_dup_rhythm (instagram);
  g_assert_cmpstr (rhythm, ==, "3 posts a week");
  /* A few business hours; a day is too late. */
  g_assert_cmpuint (rz_plan_entry_get_response_minutes (instagram), ==, RZ_PLAN_DEFAULT_RESPONSE_MINUTES);
  g_assert_cmpuint (rz_plan_entry_get_response_minutes (listing), <=, RZ_PLAN_DEFAULT_RESPONSE_MINUTES);
  g_assert_cmpstr (rz_plan_entry_get_responsible (instagram), ==, "");
  g_assert_cmpstr (rz_plan_entry_get_stand_in (instagram), ==, "");
}

static void
test_plan_recruiting (void)
{
  g_autoptr(RzPlan) plan = plan_for_persona ("machine-builder", NULL);
  RzPlanEntry *linkedin = rz_plan_lookup (plan, "linkedin");

  g_assert_nonnull (linkedin);
  g_assert_true (rz_plan_entry_has_message (linkedin, RZ_MESSAGE_JOB_OFFERS, NULL));
  g_assert_true (rz_plan_entry_has_message (linkedin, RZ_MESSAGE_EXPERT_TIPS, NULL));
  g_assert_nonnull (strstr (rz_plan_entry_get_purpose (linkedin), "Find new staff"));
}

static void
test_plan_rhythm (void)
{
  g_autoptr(RzPlanEntry) entry = rz_plan_entry_new ("newsletter", RZ_CHANNEL_KIND_OWNED_MEDIA, "Newsletter");
  g_autofree char *monthly = NULL;
  g_autofree char *replies = NULL;
  g_autofree char *weekly = NULL;

  rz_plan_entry_set_posts_per_week (entry, 0.25);
  monthly = rz_plan_entry_dup_rhythm (entry);
  g_assert_cmpstr (monthly, ==, "One post every 4 weeks");
  rz_plan_entry_set_posts_per_week (entry, 0.0);
  replies = rz_plan_entry_dup_rhythm (entry);
  g_assert_cmpstr (replies, ==, "Replies only");
  rz_plan_entry_set_posts_per_week (entry, 1.0);
  weekly = rz_plan_entry_dup_rhythm (entry);
  g_assert_cmpstr (weekly, ==, "1 post a week");
}

static void
test_plan_offline (void)
{
  g_autoptr(RzPlan) plan = rz_plan_new ();
  RzPlanEntry *phone = rz_plan_add_offline (plan, "phone", NULL);
  RzPlanEntry *fair = rz_plan_add_offline (plan, "trade-fair", "Hannover Messe");

  g_assert_cmpint (rz_plan_entry_get_kind (phone), ==, RZ_CHANNEL_KIND_OFFLINE);
  g_assert_cmpstr (rz_plan_entry_get_name (phone), ==, "Phone");
  g_assert_cmpstr (rz_plan_entry_get_name (fair), ==, "Hannover Messe");
  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 2);
  g_assert_cmpstr (rz_offline_channel_get_label ("press-release"), ==, "Press release");
  g_assert_null (rz_offline_channel_get_label ("carrier-pigeon"));

  rz_plan_remove (plan, 1);
  g_assert_cmpuint (rz_plan_get_n_entries (plan), ==, 1);
  g_assert_null (rz_plan_lookup (plan, "trade-fair"));
}

static void
test_plan_round_trip (void)
{
  g_autoptr(RzPlan) plan = plan_for_persona ("care-service", NULL);
  g_autoptr(RzPlan) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  RzPlanEntry *entry = rz_plan_get_entry (plan, 0);
  RzPlanEntry *phone;
  RzPlanEntry *loaded_entry;

  rz_plan_entry_set_responsible (entry, "Maria Schmidt");
  rz_plan_entry_set_stand_in (entry, "Jonas \"Joe\" Weber");
  rz_plan_entry_set_response_minutes (entry, 120);
  rz_plan_entry_set_message_audiences (entry, RZ_MESSAGE_EVENTS,
                                       (const char * const []) { "Relatives of people in need of care", NULL });
  phone = rz_plan_add_offline (plan, "phone", NULL);
  rz_plan_entry_set_purpose (phone, "Beratung für Angehörige");

  json = rz_plan_to_json (plan);
  loaded = rz_plan_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  json_again = rz_plan_to_json (loaded);
  g_assert_cmpstr (json, ==, json_again);

  g_assert_cmpuint (rz_plan_get_n_entries (loaded), ==, rz_plan_get_n_entries (plan));
  loaded_entry = rz_plan_get_entry (loaded, 0);
  g_assert_cmpstr (rz_plan_entry_get_channel_id (loaded_entry), ==, rz_plan_entry_get_channel_id (entry));
  g_assert_cmpstr (rz_plan_entry_get_responsible (loaded_entry), ==, "Maria Schmidt");
  g_assert_cmpstr (rz_plan_entry_get_stand_in (loaded_entry), ==, "Jonas \"Joe\" Weber");
  g_assert_cmpuint (rz_plan_entry_get_response_minutes (loaded_entry), ==, 120);
  g_assert_cmpstr (rz_plan_entry_get_purpose (loaded_entry), ==, rz_plan_entry_get_purpose (entry));
  g_assert_cmpstrv (rz_plan_entry_get_audiences (loaded_entry), rz_plan_entry_get_audiences (entry));
  for (RzMessageType t = 0; t < RZ_N_MESSAGE_TYPES; t++)
    g_assert_cmpstrv (rz_plan_entry_get_message_audiences (loaded_entry, t),
                      rz_plan_entry_get_message_audiences (entry, t));
  g_assert_cmpint (rz_plan_entry_get_kind (rz_plan_lookup (loaded, "phone")), ==, RZ_CHANNEL_KIND_OFFLINE);
  g_assert_cmpstr (rz_plan_entry_get_purpose (rz_plan_lookup (loaded, "phone")), ==, "Beratung für Angehörige");
}

static void
test_plan_damaged (void)
{
  const char * const cases[] = {
    "{",
    "[]",
    "{\"version\": 2, \"entries\": []}",
    "{\"version\": 1}",
    "{\"version\": 1, \"entries\": [{\"channel\": \"x\"}]}",
    "{\"version\": 1, \"entries\": [{\"channel\": \"x\", \"kind\": \"telepathy\", \"name\": \"X\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RzPlan) plan = rz_plan_new_from_json (cases[i], -1, &error);

      g_assert_error (error, RZ_PLAN_ERROR, RZ_PLAN_ERROR_INVALID);
      g_assert_null (plan);
    }
}

static void
test_guidelines_rules (void)
{
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = plan_for_persona ("bakery", &profile);
  g_autofree char *markdown = NULL;

  rz_plan_add_offline (plan, "front-desk", NULL);
  rz_plan_entry_set_responsible (rz_plan_get_entry (plan, 0), "Lena");
  markdown = rz_guidelines_generate (profile, plan);

  g_assert_true (g_str_has_prefix (markdown, "# Social media guideline of Bäckerei Sonnenschein\n"));
  /* The rules the product stands for. */
  g_assert_nonnull (strstr (markdown, "Never delete criticism"));
  g_assert_nonnull (strstr (markdown, "Escalate serious cases to the management"));
  g_assert_nonnull (strstr (markdown, "Answer quickly and honestly"));
  g_assert_nonnull (strstr (markdown, "A day is too late"));
  g_assert_nonnull (strstr (markdown, "## What must not be posted"));
  /* The plan: channels, people, offline channels. */
  g_assert_nonnull (strstr (markdown, "- **Google Business Profile**: Make the business known"));
  g_assert_nonnull (strstr (markdown, "  - Responsible: Lena\n"));
  g_assert_nonnull (strstr (markdown, "  - Stand-in: not named yet\n"));
  g_assert_nonnull (strstr (markdown, "name them before you start"));
  g_assert_nonnull (strstr (markdown, "## Offline and indirect channels"));
  g_assert_nonnull (strstr (markdown, "- **Front desk**"));
  /* Not regulated: no section about it. */
  g_assert_null (strstr (markdown, "## Rules of our industry"));
}

static void
test_guidelines_regulated (void)
{
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzPlan) plan = plan_for_persona ("tax-advisor", &profile);
  g_autofree char *markdown = NULL;

  markdown = rz_guidelines_generate (profile, plan);
  g_assert_nonnull (strstr (markdown, "## Rules of our industry"));
  g_assert_nonnull (strstr (markdown, "Professional rules for lawyers and tax advisers"));
  g_assert_nonnull (strstr (markdown, "Never delete criticism"));
}

/* Names are text, not Markdown. */
static void
test_guidelines_escapes (void)
{
  g_autoptr(RzProfile) profile = rz_profile_new ();
  g_autoptr(RzPlan) plan = rz_plan_new ();
  g_autofree char *markdown = NULL;
  RzPlanEntry *entry;

  rz_profile_set_name (profile, "*Best* [Shop]\n# Evil");
  entry = rz_plan_add_offline (plan, "email", NULL);
  rz_plan_entry_set_responsible (entry, "_Anna_");
  rz_plan_entry_set_stand_in (entry, "Ben");
  markdown = rz_guidelines_generate (profile, plan);

  g_assert_true (g_str_has_prefix (markdown, "# Social media guideline of \\*Best\\* \\[Shop\\] \\# Evil\n"));
  g_assert_nonnull (strstr (markdown, "Responsible: \\_Anna\\_"));
  g_assert_null (strstr (markdown, "\n# Evil"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  catalogue = rz_catalogue_new_default (NULL);

  g_test_add_func ("/rz/core/plan/from-profile", test_plan_from_profile);
  g_test_add_func ("/rz/core/plan/recruiting", test_plan_recruiting);
  g_test_add_func ("/rz/core/plan/rhythm", test_plan_rhythm);
  g_test_add_func ("/rz/core/plan/offline", test_plan_offline);
  g_test_add_func ("/rz/core/plan/round-trip", test_plan_round_trip);
  g_test_add_func ("/rz/core/plan/damaged", test_plan_damaged);
  g_test_add_func ("/rz/core/guidelines/rules", test_guidelines_rules);
  g_test_add_func ("/rz/core/guidelines/regulated", test_guidelines_regulated);
  g_test_add_func ("/rz/core/guidelines/escapes", test_guidelines_escapes);

  status = g_test_run ();
  g_clear_object (&catalogue);
  return status;
}
