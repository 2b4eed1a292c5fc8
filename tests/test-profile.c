/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-profile.h"

static const char * const personas[] = {
  "bakery", "machine-builder", "tax-advisor", "fashion-boutique",
  "care-service", "it-consultancy", "hotel", "craft-business",
  "nonprofit", "speaker-trainer", NULL,
};

static RzCatalogue *catalogue;

static char *
read_persona (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "personas", file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_profile_personas_parse (void)
{
  for (guint i = 0; personas[i] != NULL; i++)
    {
      g_autofree char *json = read_persona (personas[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RzProfile) profile = rz_profile_new_from_json (json, -1, catalogue, &error);

      g_assert_no_error (error);
      g_assert_nonnull (profile);
      g_assert_cmpstr (rz_profile_get_name (profile), !=, "");
      g_assert_cmpuint (rz_profile_get_n_audiences (profile), >=, 1);
    }
}

static void
test_profile_fields (void)
{
  g_autofree char *json = read_persona ("nonprofit");
  g_autoptr(RzProfile) profile = rz_profile_new_from_json (json, -1, catalogue, NULL);
  const RzAudience *audience;
  const RzGoal *goals;
  guint n_goals;

  g_assert_cmpstr (rz_profile_get_name (profile), ==, "Tafel Mittelstadt e.V.");
  g_assert_cmpint (rz_profile_get_industry (profile), ==, RZ_INDUSTRY_NONPROFIT);
  g_assert_cmpint (rz_profile_get_market (profile), ==, RZ_MARKET_B2C);
  g_assert_cmpint (rz_profile_get_region (profile), ==, RZ_REGION_NATIONAL);
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 2);
  audience = rz_profile_get_audience (profile, 1);
  g_assert_cmpstr (audience->label, ==, "Donors");
  g_assert_cmpint (audience->age_min, ==, 50);
  g_assert_cmpint (audience->age_max, ==, 75);
  goals = rz_profile_get_goals (profile, &n_goals);
  g_assert_cmpuint (n_goals, ==, 3);
  g_assert_cmpint (goals[0], ==, RZ_GOAL_COMMUNITY);
  g_assert_true (rz_profile_has_goal (profile, RZ_GOAL_PRESS));
  g_assert_false (rz_profile_has_goal (profile, RZ_GOAL_SALES));
  g_assert_cmpfloat (rz_profile_get_hours_per_week (profile), ==, 6.0);
  g_assert_false (rz_profile_get_regulated (profile));
  g_assert_false (rz_profile_is_regulated (profile));
  g_assert_true (rz_profile_is_forbidden (profile, "facebook"));
  g_assert_true (rz_profile_is_forbidden (profile, "x"));
  g_assert_false (rz_profile_is_forbidden (profile, "instagram"));
  g_assert_cmpuint (rz_profile_get_formats (profile), ==, RZ_FORMAT_TEXT | RZ_FORMAT_PHOTO);
  g_assert_cmpstrv (rz_profile_get_languages (profile), ((const char * const []) { "de", NULL }));
}

/* Parse, write, parse again: the same profile and the same text. */
static void
test_profile_round_trip (void)
{
  for (guint i = 0; personas[i] != NULL; i++)
    {
      g_autofree char *json = read_persona (personas[i]);
      g_autoptr(RzProfile) first = rz_profile_new_from_json (json, -1, catalogue, NULL);
      g_autofree char *written = rz_profile_to_json (first);
      g_autoptr(GError) error = NULL;
      g_autoptr(RzProfile) second = rz_profile_new_from_json (written, -1, catalogue, &error);
      g_autofree char *rewritten = NULL;

      g_assert_no_error (error);
      rewritten = rz_profile_to_json (second);
      g_assert_cmpstr (written, ==, rewritten);
      g_assert_cmpstr (rz_profile_get_name (first), ==, rz_profile_get_name (second));
      g_assert_cmpfloat (rz_profile_get_hours_per_week (first), ==, rz_profile_get_hours_per_week (second));
      g_assert_cmpuint (rz_profile_get_n_audiences (first), ==, rz_profile_get_n_audiences (second));
      g_assert_cmpstrv (rz_profile_get_forbidden_channels (first), rz_profile_get_forbidden_channels (second));
    }
}

static void
test_profile_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProfile) profile = rz_profile_new_from_json ("{\"name\": \"Café Eck\", \"industry\": \"food\","
                                                           " \"market\": \"b2c\", \"region\": \"local\","
                                                           " \"goals\": [], \"hours_per_week\": 2.5}",
                                                           -1, catalogue, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rz_profile_get_n_audiences (profile), ==, 0);
  g_assert_cmpfloat (rz_profile_get_hours_per_week (profile), ==, 2.5);
  g_assert_cmpuint (rz_profile_get_formats (profile), ==, RZ_FORMAT_TEXT | RZ_FORMAT_PHOTO);
  g_assert_cmpstrv (rz_profile_get_forbidden_channels (profile), ((const char * const []) { NULL }));
  g_assert_cmpstrv (rz_profile_get_languages (profile), ((const char * const []) { "de", NULL }));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_profile_notify (void)
{
  g_autoptr(RzProfile) profile = rz_profile_new ();
  guint count = 0;

  g_signal_connect (profile, "notify::hours-per-week", G_CALLBACK (on_notify), &count);
  rz_profile_set_hours_per_week (profile, 5.0);
  rz_profile_set_hours_per_week (profile, 5.0);
  g_assert_cmpuint (count, ==, 1);

  rz_profile_set_industry (profile, RZ_INDUSTRY_HEALTH);
  g_assert_false (rz_profile_get_regulated (profile));
  g_assert_true (rz_profile_is_regulated (profile));
}

typedef struct {
  const char *json;
  int         code;
  /* Every one of these must be in the message. */
  const char *needles[4];
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* Malformed JSON names line and column. */
  { "{\n  \"name\": \"A\",\n  \"industry\": food\n}", RZ_PROFILE_ERROR_MALFORMED,
    { "line 3", "column 18", NULL } },
  { "{\n  \"name\": \"A\",\n", RZ_PROFILE_ERROR_MALFORMED, { "line ", "column ", NULL } },
  { "", RZ_PROFILE_ERROR_MALFORMED, { "empty", NULL } },
  { "[1, 2]", RZ_PROFILE_ERROR_INVALID_TYPE, { "object", NULL } },
  /* Unknown ids list the valid ones. */
  { "{\"name\": \"A\", \"industry\": \"bakery\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“bakery”", "industry", "crafts, retail, food, hospitality", "creative, other" } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2x\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“b2x”", "b2c, b2b, both", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"city\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“city”", "local, national, international", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [\"sales\", \"fame\"], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“fame”", "awareness, customer-service, sales, recruiting, community, expertise, press", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"forbidden_channels\": [\"myspace\"]}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“myspace”", "forbidden_channels", "facebook, instagram, linkedin", "blog, newsletter" } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"formats\": [\"audio\"]}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“audio”", "text, photo, video", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"languages\": [\"fr\"]}",
    RZ_PROFILE_ERROR_UNKNOWN_ID, { "“fr”", "de, en", NULL } },
  /* Wrong types and missing members. */
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": \"3\"}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“hours_per_week”", "number", NULL } },
  { "{\"name\": 7, \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“name”", "text", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": \"sales\", \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“goals”", "list", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [3], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“goals[0]”", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"regulated\": \"no\"}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“regulated”", "true or false", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"audiences\": [{\"label\": \"x\", \"age_min\": 20.5, \"age_max\": 30}]}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“audiences[0].age_min”", "whole number", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"audiences\": [{\"label\": \"x\", \"age_min\": 20}]}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“audiences[0].age_max”", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“region”", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goal\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“goal”", "goals", "hours_per_week", NULL } },
  /* Found by tests/fuzz: json-glib makes a lone surrogate escape bytes
   * that are not UTF-8; the name is no text then. */
  { "{\"name\": \"A\\ud800B\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "“name”", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"\\ud83d!\": [], \"hours_per_week\": 3}",
    RZ_PROFILE_ERROR_INVALID_TYPE, { "Unknown member “\xef\xbf\xbd", NULL } },
  /* Values out of range. */
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"audiences\": [{\"label\": \"Seniors\", \"age_min\": 80, \"age_max\": 60}]}",
    RZ_PROFILE_ERROR_INVALID_VALUE, { "“Seniors”", "age_min (80)", "age_max (60)", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"audiences\": [{\"label\": \"x\", \"age_min\": -1, \"age_max\": 60}]}",
    RZ_PROFILE_ERROR_INVALID_VALUE, { "“audiences[0].age_min”", "0", "120", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": -2}",
    RZ_PROFILE_ERROR_INVALID_VALUE, { "“hours_per_week”", "negative", NULL } },
  { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 200}",
    RZ_PROFILE_ERROR_INVALID_VALUE, { "“hours_per_week”", "168", NULL } },
};

static void
test_profile_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(RzProfile) profile = rz_profile_new_from_json (c->json, -1, catalogue, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (profile);
      g_assert_error (error, RZ_PROFILE_ERROR, c->code);
      for (guint n = 0; n < G_N_ELEMENTS (c->needles) && c->needles[n] != NULL; n++)
        {
          if (strstr (error->message, c->needles[n]) == NULL)
            g_error ("“%s” is not in “%s”", c->needles[n], error->message);
        }
    }
}

/* Without an explicit catalogue the built-in one checks channel ids. */
static void
test_profile_default_catalogue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProfile) profile = NULL;

  profile = rz_profile_new_from_json ("{\"name\": \"A\", \"industry\": \"it\", \"market\": \"b2b\","
                                      " \"region\": \"national\", \"goals\": [\"expertise\"],"
                                      " \"hours_per_week\": 3, \"forbidden_channels\": [\"tiktok\", \"tiktok\"]}",
                                      -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (rz_profile_get_forbidden_channels (profile), ((const char * const []) { "tiktok", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  catalogue = rz_catalogue_new_default (NULL);

  g_test_add_func ("/rz/core/profile/personas-parse", test_profile_personas_parse);
  g_test_add_func ("/rz/core/profile/fields", test_profile_fields);
  g_test_add_func ("/rz/core/profile/round-trip", test_profile_round_trip);
  g_test_add_func ("/rz/core/profile/defaults", test_profile_defaults);
  g_test_add_func ("/rz/core/profile/notify", test_profile_notify);
  g_test_add_func ("/rz/core/profile/errors", test_profile_errors);
  g_test_add_func ("/rz/core/profile/default-catalogue", test_profile_default_catalogue);

  status = g_test_run ();
  g_clear_object (&catalogue);
  return status;
}
