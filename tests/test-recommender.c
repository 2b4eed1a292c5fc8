/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rz-recommend-cli.h"
#include "rz-recommender.h"

static const char * const personas[] = {
  "bakery", "machine-builder", "tax-advisor", "fashion-boutique",
  "care-service", "it-consultancy", "hotel", "craft-business",
  "nonprofit", "speaker-trainer", NULL,
};

static RzCatalogue *catalogue;

static char *
persona_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);

  return g_test_build_filename (G_TEST_DIST, "data", "personas", file, NULL);
}

static RzProfile *
load_persona (const char *name)
{
  g_autofree char *path = persona_path (name);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  RzProfile *profile;

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  profile = rz_profile_new_from_json (json, -1, catalogue, &error);
  g_assert_no_error (error);
  return profile;
}

static RzProfile *
parse_profile (const char *json)
{
  g_autoptr(GError) error = NULL;
  RzProfile *profile = rz_profile_new_from_json (json, -1, catalogue, &error);

  g_assert_no_error (error);
  return profile;
}

static gboolean
recommends (RzRecommendation *recommendation,
            const char       *id)
{
  return rz_recommendation_is_recommended (recommendation, id);
}

static gboolean
has_warning (RzRecommendation *recommendation,
             const char       *needle)
{
  const char * const *warnings = rz_recommendation_get_warnings (recommendation);

  for (guint i = 0; warnings[i] != NULL; i++)
    {
      if (strstr (warnings[i], needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
print_recommendation (const char       *name,
                      RzRecommendation *recommendation)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < rz_recommendation_get_n_recommended (recommendation); i++)
    {
      RzChannelRating *rating = rz_recommendation_get_recommended (recommendation, i);

      g_string_append_printf (line, " %s (%.2f)", rz_channel_info_get_id (rz_channel_rating_get_channel (rating)),
                              rz_channel_rating_get_score (rating));
    }
  g_test_message ("%s:%s, %.1f h", name, line->str, rz_recommendation_get_hours_needed (recommendation));
}

/* What must hold for every profile. */
static void
check_invariants (RzProfile        *profile,
                  RzRecommendation *recommendation)
{
  guint n = rz_recommendation_get_n_recommended (recommendation);
  double budget = rz_profile_get_hours_per_week (profile);
  double hours = 0.0;
  double previous = 2.0;

  g_assert_cmpuint (rz_recommendation_get_n_ratings (recommendation), ==, rz_catalogue_get_n_channels (catalogue));
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, 3);
  if (budget < 3.0)
    g_assert_cmpuint (n, ==, 1);

  for (guint i = 0; i < n; i++)
    {
      RzChannelRating *rating = rz_recommendation_get_recommended (recommendation, i);
      RzChannelInfo *info = rz_channel_rating_get_channel (rating);

      g_assert_true (rz_channel_rating_get_recommended (rating));
      g_assert_false (rz_profile_is_forbidden (profile, rz_channel_info_get_id (info)));
      g_assert_null (rz_channel_rating_get_why_not (rating));
      g_assert_cmpuint (g_strv_length ((char **) rz_channel_rating_get_reasons (rating)), >=, 2);
      hours += rz_channel_info_get_hours_per_week (info);
    }
  g_assert_cmpfloat_with_epsilon (hours, rz_recommendation_get_hours_needed (recommendation), 1e-9);
  /* Never more hours than the budget, unless nothing fits at all; then
   * the user is told. */
  if (hours > budget)
    {
      g_assert_cmpuint (n, ==, 1);
      g_assert_true (has_warning (recommendation, "No channel fits into your weekly time"));
    }

  for (guint i = 0; i < rz_recommendation_get_n_ratings (recommendation); i++)
    {
      RzChannelRating *rating = rz_recommendation_get_rating (recommendation, i);
      double score = rz_channel_rating_get_score (rating);

      g_assert_cmpfloat (score, >=, 0.0);
      g_assert_cmpfloat (score, <=, 1.0);
      g_assert_cmpfloat (score, <=, previous);
      previous = score;
      if (!rz_channel_rating_get_recommended (rating))
        g_assert_cmpstr (rz_channel_rating_get_why_not (rating), !=, "");
    }
}

static RzRecommendation *
recommend_persona (const char *name,
                   RzProfile **profile_out)
{
  g_autoptr(RzProfile) profile = load_persona (name);
  RzRecommendation *recommendation = rz_recommend (catalogue, profile);

  print_recommendation (name, recommendation);
  check_invariants (profile, recommendation);
  if (profile_out != NULL)
    *profile_out = g_steal_pointer (&profile);
  return recommendation;
}

static void
test_persona_bakery (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("bakery", NULL);
  RzChannelRating *tiktok = rz_recommendation_lookup (r, "tiktok");

  g_assert_true (recommends (r, "google-business-profile"));
  g_assert_true (recommends (r, "instagram") || recommends (r, "facebook"));
  g_assert_false (recommends (r, "tiktok"));
  g_assert_false (recommends (r, "x"));
  g_assert_false (recommends (r, "linkedin"));
  /* No video in the profile: that is why not TikTok. */
  g_assert_cmpstr (rz_channel_rating_get_why_not (tiktok), ==, "Needs video, which you said you cannot produce.");
  g_assert_cmpfloat (rz_recommendation_get_hours_needed (r), <=, 4.0);
}

static void
test_persona_machine_builder (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("machine-builder", NULL);
  RzChannelRating *linkedin = rz_recommendation_lookup (r, "linkedin");
  const char * const *reasons = rz_channel_rating_get_reasons (linkedin);

  g_assert_true (recommends (r, "linkedin"));
  g_assert_cmpstr (rz_channel_info_get_id (rz_channel_rating_get_channel (rz_recommendation_get_recommended (r, 0))), ==, "linkedin");
  g_assert_false (recommends (r, "tiktok"));
  g_assert_false (recommends (r, "google-business-profile"));
  /* Xing is for the German-speaking countries, the builder sells abroad. */
  g_assert_false (recommends (r, "xing"));
  g_assert_true (g_strv_contains (reasons, "Your customers are businesses: B2B fit is high."));
  g_assert_true (g_strv_contains (reasons, "Fits your goal “Recruiting”."));
}

static void
test_persona_tax_advisor (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("tax-advisor", NULL);

  g_assert_true (has_warning (r, "Professional rules for lawyers and tax advisers"));
  g_assert_true (has_warning (r, "confidentiality"));
  g_assert_false (recommends (r, "tiktok"));
  g_assert_false (recommends (r, "x"));
  g_assert_cmpfloat (rz_recommendation_get_hours_needed (r), <=, 3.0);
}

static void
test_persona_fashion_boutique (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("fashion-boutique", NULL);
  RzChannelRating *instagram = rz_recommendation_lookup (r, "instagram");
  const char * const *reasons = rz_channel_rating_get_reasons (instagram);

  g_assert_true (recommends (r, "instagram"));
  g_assert_false (recommends (r, "linkedin"));
  g_assert_false (recommends (r, "xing"));
  /* Young adults: the sourced ARD/ZDF figure is the first reason. */
  g_assert_cmpstr (reasons[0], ==, "80% of 14–29 year olds use it weekly (ARD/ZDF-Medienstudie 2024).");
}

static void
test_persona_care_service (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("care-service", NULL);

  g_assert_true (recommends (r, "facebook") || recommends (r, "instagram"));
  g_assert_false (recommends (r, "tiktok"));
  g_assert_false (recommends (r, "x"));
}

static void
test_persona_it_consultancy (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("it-consultancy", NULL);

  g_assert_true (recommends (r, "linkedin"));
  g_assert_false (recommends (r, "google-business-profile"));
  g_assert_false (recommends (r, "xing"));
  /* Only text: nothing that needs photos or video. */
  for (guint i = 0; i < rz_recommendation_get_n_recommended (r); i++)
    {
      RzChannelInfo *info = rz_channel_rating_get_channel (rz_recommendation_get_recommended (r, i));

      g_assert_cmpuint (rz_channel_info_get_formats (info), ==, RZ_FORMAT_TEXT);
    }
  g_assert_cmpstr (rz_channel_rating_get_why_not (rz_recommendation_lookup (r, "instagram")), ==,
                   "Needs photos, which you said you cannot produce.");
}

static void
test_persona_hotel (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("hotel", NULL);

  g_assert_true (recommends (r, "instagram"));
  g_assert_true (recommends (r, "google-business-profile"));
  g_assert_false (recommends (r, "linkedin"));
  g_assert_cmpuint (rz_recommendation_get_n_recommended (r), >=, 2);
}

/* One hour a week: exactly one channel, and a warning about replies. */
static void
test_persona_craft_business (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("craft-business", NULL);

  g_assert_cmpuint (rz_recommendation_get_n_recommended (r), ==, 1);
  g_assert_true (recommends (r, "google-business-profile"));
  g_assert_cmpfloat (rz_recommendation_get_hours_needed (r), <=, 1.0);
  g_assert_true (has_warning (r, "too little to answer customers every day"));
  g_assert_false (has_warning (r, "No channel fits"));
  g_assert_cmpstr (rz_channel_rating_get_why_not (rz_recommendation_lookup (r, "facebook")), ==,
                   "Over your time budget: needs about 3 hours a week.");
}

/* Forbidden channels are never recommended and are named in a warning;
 * without the ban the same profile would get Facebook, so the test
 * shows that the ban does something. */
static void
test_persona_nonprofit (void)
{
  g_autoptr(RzProfile) profile = NULL;
  g_autoptr(RzRecommendation) r = recommend_persona ("nonprofit", &profile);
  g_autoptr(RzRecommendation) unbanned = NULL;
  RzChannelRating *facebook = rz_recommendation_lookup (r, "facebook");
  g_autofree char *json = NULL;

  g_assert_false (recommends (r, "facebook"));
  g_assert_false (recommends (r, "x"));
  g_assert_cmpfloat (rz_channel_rating_get_score (facebook), ==, 0.0);
  g_assert_cmpstr (rz_channel_rating_get_why_not (facebook), ==, "Your profile excludes this channel.");
  g_assert_true (has_warning (r, "Excluded in your profile and never recommended: Facebook, X (Twitter)."));

  json = rz_recommendation_to_json (r);
  g_assert_nonnull (strstr (json, "\"channel\": \"facebook\",\n      \"score\": 0,\n      \"why_not\": \"Your profile excludes this channel.\""));

  rz_profile_set_forbidden_channels (profile, NULL);
  unbanned = rz_recommend (catalogue, profile);
  g_assert_true (recommends (unbanned, "facebook"));
}

static void
test_persona_speaker_trainer (void)
{
  g_autoptr(RzRecommendation) r = recommend_persona ("speaker-trainer", NULL);

  g_assert_true (recommends (r, "linkedin"));
  g_assert_false (recommends (r, "tiktok"));
  g_assert_false (recommends (r, "google-business-profile"));
}

/* The same input gives byte-identical JSON, also from a fresh catalogue
 * and a freshly parsed profile. */
static void
test_recommender_deterministic (void)
{
  for (guint i = 0; personas[i] != NULL; i++)
    {
      g_autoptr(RzProfile) first_profile = load_persona (personas[i]);
      g_autoptr(RzProfile) second_profile = load_persona (personas[i]);
      g_autoptr(RzCatalogue) other_catalogue = rz_catalogue_new_default (NULL);
      g_autoptr(RzRecommendation) first = rz_recommend (catalogue, first_profile);
      g_autoptr(RzRecommendation) second = rz_recommend (other_catalogue, second_profile);
      g_autofree char *first_json = rz_recommendation_to_json (first);
      g_autofree char *second_json = rz_recommendation_to_json (second);

      g_assert_cmpstr (first_json, ==, second_json);
    }
}

/* Even the cheapest channel does not fit: one channel anyway, warned. */
static void
test_recommender_nothing_fits (void)
{
  g_autoptr(RzProfile) profile = parse_profile ("{\"name\": \"Praxis\", \"industry\": \"health\", \"market\": \"b2c\","
                                                " \"region\": \"local\", \"goals\": [\"awareness\"],"
                                                " \"audiences\": [{\"label\": \"Patients\", \"age_min\": 40, \"age_max\": 80}],"
                                                " \"hours_per_week\": 0.5, \"forbidden_channels\": [\"google-business-profile\"]}");
  g_autoptr(RzRecommendation) r = rz_recommend (catalogue, profile);

  check_invariants (profile, r);
  g_assert_cmpuint (rz_recommendation_get_n_recommended (r), ==, 1);
  g_assert_cmpfloat (rz_recommendation_get_hours_needed (r), >, 0.5);
  g_assert_true (has_warning (r, "No channel fits into your weekly time"));
  g_assert_true (has_warning (r, "too little to answer customers every day"));
  /* Health: the health advertising law. */
  g_assert_true (has_warning (r, "Heilmittelwerbegesetz"));
}

static void
test_recommender_regulated (void)
{
  g_autoptr(RzProfile) finance = parse_profile ("{\"name\": \"Finanzberatung\", \"industry\": \"finance\", \"market\": \"b2c\","
                                                " \"region\": \"local\", \"goals\": [\"expertise\"], \"hours_per_week\": 4}");
  g_autoptr(RzProfile) flagged = parse_profile ("{\"name\": \"Apotheke\", \"industry\": \"retail\", \"market\": \"b2c\","
                                                " \"region\": \"local\", \"goals\": [\"sales\"], \"hours_per_week\": 4,"
                                                " \"regulated\": true}");
  g_autoptr(RzProfile) plain = parse_profile ("{\"name\": \"Laden\", \"industry\": \"retail\", \"market\": \"b2c\","
                                              " \"region\": \"local\", \"goals\": [\"sales\"], \"hours_per_week\": 4}");
  g_autoptr(RzRecommendation) r_finance = rz_recommend (catalogue, finance);
  g_autoptr(RzRecommendation) r_flagged = rz_recommend (catalogue, flagged);
  g_autoptr(RzRecommendation) r_plain = rz_recommend (catalogue, plain);

  g_assert_true (has_warning (r_finance, "BaFin"));
  g_assert_true (has_warning (r_flagged, "You marked your business as regulated"));
  g_assert_false (has_warning (r_plain, "regulated"));
  g_assert_false (has_warning (r_plain, "BaFin"));
  /* No audiences, no goals: say so. */
  g_assert_true (has_warning (r_plain, "names no audiences"));
}

static void
test_recommender_no_goals (void)
{
  g_autoptr(RzProfile) profile = parse_profile ("{\"name\": \"A\", \"industry\": \"other\", \"market\": \"b2c\","
                                                " \"region\": \"local\", \"goals\": [], \"hours_per_week\": 10}");
  g_autoptr(RzRecommendation) r = rz_recommend (catalogue, profile);

  check_invariants (profile, r);
  g_assert_true (has_warning (r, "Strategy first"));
  /* Plenty of time, still few channels. */
  g_assert_cmpuint (rz_recommendation_get_n_recommended (r), <=, 3);
}

static void
test_recommender_all_forbidden (void)
{
  g_autoptr(RzProfile) profile = rz_profile_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(RzRecommendation) r = NULL;

  for (guint i = 0; i < rz_catalogue_get_n_channels (catalogue); i++)
    g_ptr_array_add (ids, (gpointer) rz_channel_info_get_id (rz_catalogue_get_channel (catalogue, i)));
  g_ptr_array_add (ids, NULL);
  rz_profile_set_forbidden_channels (profile, (const char * const *) ids->pdata);

  r = rz_recommend (catalogue, profile);
  g_assert_cmpuint (rz_recommendation_get_n_recommended (r), ==, 0);
  g_assert_true (has_warning (r, "excludes every channel"));
}

/* CLI: writes temporary profile files and checks exit codes and output. */

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("profile-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static int
run_cli (const char  *path,
         char       **out,
         char       **err)
{
  GString *out_string = g_string_new (NULL);
  GString *err_string = g_string_new (NULL);
  int status = rz_recommend_cli (path, out_string, err_string);

  *out = g_string_free (out_string, FALSE);
  *err = g_string_free (err_string, FALSE);
  return status;
}

static void
test_cli_ok (void)
{
  g_autofree char *path = persona_path ("bakery");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out_again = NULL;
  g_autofree char *err_again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;
  JsonArray *recommended;
  JsonArray *considered;

  g_assert_cmpint (run_cli (path, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (root);
  g_assert_cmpuint (g_list_length (members), ==, 4);
  g_assert_cmpstr (members->data, ==, "recommended");
  g_assert_cmpstr (members->next->data, ==, "considered");
  g_assert_cmpstr (members->next->next->data, ==, "warnings");
  g_assert_cmpstr (members->next->next->next->data, ==, "hours_needed");

  recommended = json_object_get_array_member (root, "recommended");
  g_assert_cmpuint (json_array_get_length (recommended), >=, 1);
  for (guint i = 0; i < json_array_get_length (recommended); i++)
    {
      JsonObject *entry = json_array_get_object_element (recommended, i);
      double score = json_object_get_double_member (entry, "score");

      g_assert_cmpuint (json_object_get_size (entry), ==, 4);
      g_assert_nonnull (json_object_get_string_member (entry, "channel"));
      g_assert_cmpfloat (score, >=, 0.0);
      g_assert_cmpfloat (score, <=, 1.0);
      g_assert_cmpfloat (json_object_get_double_member (entry, "hours_per_week"), >, 0.0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (entry, "reasons")), >=, 1);
    }

  considered = json_object_get_array_member (root, "considered");
  g_assert_cmpuint (json_array_get_length (considered), >=, 1);
  for (guint i = 0; i < json_array_get_length (considered); i++)
    {
      JsonObject *entry = json_array_get_object_element (considered, i);

      g_assert_cmpuint (json_object_get_size (entry), ==, 3);
      g_assert_nonnull (json_object_get_string_member (entry, "channel"));
      g_assert_nonnull (json_object_get_string_member (entry, "why_not"));
    }
  g_assert_nonnull (json_object_get_array_member (root, "warnings"));
  g_assert_cmpfloat (json_object_get_double_member (root, "hours_needed"), <=, 4.0);

  /* Scores have two decimals at most, not 0.72999999999999998. */
  g_assert_null (strstr (out, "99999"));
  g_assert_null (strstr (out, "00000"));

  g_assert_cmpint (run_cli (path, &out_again, &err_again), ==, 0);
  g_assert_cmpstr (out, ==, out_again);
}

static void
test_cli_bad_input (void)
{
  const struct {
    const char *contents;
    const char *needles[3];
  } cases[] = {
    { "{\n  \"name\": \"A\",\n  \"industry\": food\n}", { "line 3", "column", NULL } },
    { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [\"fame\"], \"hours_per_week\": 3}",
      { "“fame”", "awareness, customer-service, sales, recruiting, community, expertise, press", NULL } },
    { "{\"name\": \"A\", \"industry\": \"bakery\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3}",
      { "“bakery”", "crafts, retail", NULL } },
    { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"forbidden_channels\": [\"myspace\"]}",
      { "“myspace”", "facebook, instagram", NULL } },
    { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3, \"formats\": [\"audio\"]}",
      { "“audio”", "text, photo, video", NULL } },
    { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": -1}",
      { "negative", NULL } },
    { "{\"name\": \"A\", \"industry\": \"food\", \"market\": \"b2c\", \"region\": \"local\", \"goals\": [], \"hours_per_week\": 3,"
      " \"audiences\": [{\"label\": \"x\", \"age_min\": 50, \"age_max\": 20}]}", { "age_min (50)", NULL } },
    { "", { "empty", NULL } },
    { "\xff\xfe{}", { "UTF-8", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_temp (cases[i].contents);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_cli (path, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, path));
      for (guint n = 0; n < G_N_ELEMENTS (cases[i].needles) && cases[i].needles[n] != NULL; n++)
        {
          if (strstr (err, cases[i].needles[n]) == NULL)
            g_error ("“%s” is not in “%s”", cases[i].needles[n], err);
        }
      g_unlink (path);
    }
}

static void
test_cli_missing_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rz-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "nope.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (path, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, "Cannot read the profile"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("", &out, &err), ==, 2);
  g_assert_cmpstr (err, ==, "No profile file given.\n");
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  catalogue = rz_catalogue_new_default (NULL);

  g_test_add_func ("/rz/core/recommender/persona/bakery", test_persona_bakery);
  g_test_add_func ("/rz/core/recommender/persona/machine-builder", test_persona_machine_builder);
  g_test_add_func ("/rz/core/recommender/persona/tax-advisor", test_persona_tax_advisor);
  g_test_add_func ("/rz/core/recommender/persona/fashion-boutique", test_persona_fashion_boutique);
  g_test_add_func ("/rz/core/recommender/persona/care-service", test_persona_care_service);
  g_test_add_func ("/rz/core/recommender/persona/it-consultancy", test_persona_it_consultancy);
  g_test_add_func ("/rz/core/recommender/persona/hotel", test_persona_hotel);
  g_test_add_func ("/rz/core/recommender/persona/craft-business", test_persona_craft_business);
  g_test_add_func ("/rz/core/recommender/persona/nonprofit", test_persona_nonprofit);
  g_test_add_func ("/rz/core/recommender/persona/speaker-trainer", test_persona_speaker_trainer);
  g_test_add_func ("/rz/core/recommender/deterministic", test_recommender_deterministic);
  g_test_add_func ("/rz/core/recommender/nothing-fits", test_recommender_nothing_fits);
  g_test_add_func ("/rz/core/recommender/regulated", test_recommender_regulated);
  g_test_add_func ("/rz/core/recommender/no-goals", test_recommender_no_goals);
  g_test_add_func ("/rz/core/recommender/all-forbidden", test_recommender_all_forbidden);
  g_test_add_func ("/rz/core/recommender/cli/ok", test_cli_ok);
  g_test_add_func ("/rz/core/recommender/cli/bad-input", test_cli_bad_input);
  g_test_add_func ("/rz/core/recommender/cli/missing-file", test_cli_missing_file);

  status = g_test_run ();
  g_clear_object (&catalogue);
  return status;
}
