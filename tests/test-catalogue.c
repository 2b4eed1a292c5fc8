/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>

#include "rz-catalogue-private.h"
#include "rz-core.h"
#include "rz-profile.h"

static const char * const required_ids[] = {
  "facebook", "instagram", "linkedin", "xing", "youtube", "tiktok", "x",
  "mastodon", "bluesky", "threads", "pinterest", "whatsapp",
  "google-business-profile", "blog", "newsletter", NULL,
};

static JsonNode *
load_raw_catalogue (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data;

  bytes = rz_core_lookup_data ("/channels.json", &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static RzCatalogue *
catalogue_from_node (JsonNode  *root,
                     GError   **error)
{
  g_autofree char *data = json_to_string (root, FALSE);

  return rz_catalogue_new_from_data (data, -1, error);
}

static JsonObject *
raw_channel (JsonNode   *root,
             const char *id)
{
  JsonArray *channels = json_object_get_array_member (json_node_get_object (root), "channels");

  for (guint i = 0; i < json_array_get_length (channels); i++)
    {
      JsonObject *channel = json_array_get_object_element (channels, i);

      if (g_str_equal (json_object_get_string_member (channel, "id"), id))
        return channel;
    }
  g_assert_not_reached ();
}

static void
test_catalogue_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (&error);
  g_autofree char *ids = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  g_assert_cmpuint (rz_catalogue_get_n_channels (catalogue), >=, g_strv_length ((char **) required_ids));

  for (guint i = 0; required_ids[i] != NULL; i++)
    {
      RzChannelInfo *info = rz_catalogue_lookup (catalogue, required_ids[i]);

      g_assert_nonnull (info);
      g_assert_cmpstr (rz_channel_info_get_id (info), ==, required_ids[i]);
    }
  g_assert_null (rz_catalogue_lookup (catalogue, "myspace"));

  ids = rz_catalogue_dup_ids_string (catalogue);
  g_assert_true (g_str_has_prefix (ids, "facebook, instagram, "));
}

/* Every channel complete, every figure sourced or a marked estimate,
 * every value in range. */
static void
test_catalogue_complete (void)
{
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (NULL);
  g_autoptr(JsonNode) root = load_raw_catalogue ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *channels = json_object_get_array_member (json_node_get_object (root), "channels");

  /* Ids unique in the file itself, not only after loading. */
  for (guint i = 0; i < json_array_get_length (channels); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (channels, i), "id");

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, rz_catalogue_get_n_channels (catalogue));

  for (guint i = 0; i < rz_catalogue_get_n_channels (catalogue); i++)
    {
      RzChannelInfo *info = rz_catalogue_get_channel (catalogue, i);
      const char *id = rz_channel_info_get_id (info);
      JsonObject *raw = raw_channel (root, id);
      guint n_goals_served = 0;

      g_test_message ("channel %s", id);
      g_assert_cmpstr (rz_channel_info_get_name (info), !=, "");
      g_assert_cmpint (rz_channel_info_get_kind (info), <, RZ_CHANNEL_KIND_OFFLINE);

      for (RzAgeBand band = 0; band < RZ_N_AGE_BANDS; band++)
        {
          const RzReachFigure *figure = rz_channel_info_get_reach (info, band);
          JsonObject *cell = json_object_get_object_member (json_object_get_object_member (raw, "reach"),
                                                            rz_age_band_to_id (band));

          g_assert_cmpfloat (figure->percent, >=, 0.0);
          g_assert_cmpfloat (figure->percent, <=, 100.0);
          if (figure->estimate)
            {
              g_assert_true (json_object_get_boolean_member (cell, "estimate"));
              g_assert_nonnull (figure->basis);
              g_assert_cmpuint (strlen (figure->basis), >, 20);
            }
          else
            {
              g_assert_false (json_object_has_member (cell, "estimate"));
              g_assert_nonnull (figure->source);
              g_assert_cmpuint (figure->year, >=, 2019);
              g_assert_cmpuint (figure->year, <=, 2026);
            }
          if (figure->source != NULL)
            g_assert_cmpuint (figure->year, >=, 2019);
        }

      for (RzMarket market = 0; market < RZ_N_MARKETS; market++)
        {
          g_assert_cmpfloat (rz_channel_info_get_market_fit (info, market), >=, 0.0);
          g_assert_cmpfloat (rz_channel_info_get_market_fit (info, market), <=, 1.0);
        }
      for (RzGoal goal = 0; goal < RZ_N_GOALS; goal++)
        {
          double fit = rz_channel_info_get_goal_fit (info, goal);

          g_assert_cmpfloat (fit, >=, 0.0);
          g_assert_cmpfloat (fit, <=, 1.0);
          if (fit >= 0.6)
            n_goals_served++;
        }
      /* A channel good for nothing has no place in the catalogue. */
      g_assert_cmpuint (n_goals_served, >=, 1);
      for (RzRegion region = 0; region < RZ_N_REGIONS; region++)
        g_assert_cmpfloat (rz_channel_info_get_region_fit (info, region), <=, 1.0);

      g_assert_cmpuint (rz_channel_info_get_formats (info), !=, RZ_FORMAT_NONE);
      g_assert_cmpuint (rz_channel_info_get_formats (info) & ~RZ_FORMAT_ALL, ==, 0);
      g_assert_cmpfloat (rz_channel_info_get_hours_per_week (info), >=, 0.5);
      g_assert_cmpfloat (rz_channel_info_get_hours_per_week (info), <=, 10.0);
      g_assert_cmpuint (rz_channel_info_get_response_minutes (info), >=, 30);
      g_assert_cmpuint (rz_channel_info_get_response_minutes (info), <=, 24 * 60);
      g_assert_cmpuint (rz_channel_info_get_n_risks (info), >=, 1);

      for (guint r = 0; r < rz_channel_info_get_n_risks (info); r++)
        {
          const char * const *industries;
          const char *kind;

          g_assert_cmpstr (rz_channel_info_get_risk (info, r, &kind, &industries), !=, "");
          for (guint k = 0; industries != NULL && industries[k] != NULL; k++)
            {
              RzIndustry industry;

              g_assert_true (rz_industry_from_id (industries[k], &industry));
            }
        }

      if (json_object_has_member (raw, "industries"))
        {
          g_autoptr(GList) members = json_object_get_members (json_object_get_object_member (raw, "industries"));

          for (const GList *l = members; l != NULL; l = l->next)
            {
              RzIndustry industry;

              g_assert_true (rz_industry_from_id (l->data, &industry));
              g_assert_cmpfloat (rz_channel_info_get_industry_bonus (info, l->data), >, 0.0);
            }
        }
    }
}

/* The product issue says which channels Resonanz can connect to. */
static void
test_catalogue_connect (void)
{
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (NULL);
  const char * const yes[] = { "mastodon", "bluesky", "blog", NULL };
  const char * const planned[] = { "facebook", "instagram", "youtube", "linkedin", NULL };

  for (guint i = 0; i < rz_catalogue_get_n_channels (catalogue); i++)
    {
      RzChannelInfo *info = rz_catalogue_get_channel (catalogue, i);
      const char *id = rz_channel_info_get_id (info);
      RzConnectSupport expected = RZ_CONNECT_MANUAL;

      if (g_strv_contains (yes, id))
        expected = RZ_CONNECT_YES;
      else if (g_strv_contains (planned, id))
        expected = RZ_CONNECT_PLANNED;
      g_assert_cmpint (rz_channel_info_get_connect (info), ==, expected);
    }
}

/* Spot checks against shared/reference/audience-de.md, so a typo in a
 * sourced figure does not go unnoticed. */
static void
test_catalogue_figures (void)
{
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (NULL);
  const struct {
    const char *id;
    RzAgeBand   band;
    double      percent;
    guint       year;
  } figures[] = {
    { "instagram", RZ_AGE_BAND_14_29, 80, 2024 },
    { "instagram", RZ_AGE_BAND_30_49, 50, 2024 },
    { "facebook", RZ_AGE_BAND_14_29, 34, 2023 },
    { "facebook", RZ_AGE_BAND_30_49, 51, 2024 },
    { "facebook", RZ_AGE_BAND_50_69, 33, 2024 },
    { "tiktok", RZ_AGE_BAND_14_29, 39, 2025 },
  };
  const char * const brand_safety[] = { "tiktok", "x", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      RzChannelInfo *info = rz_catalogue_lookup (catalogue, figures[i].id);
      const RzReachFigure *figure = rz_channel_info_get_reach (info, figures[i].band);

      g_assert_false (figure->estimate);
      g_assert_cmpfloat (figure->percent, ==, figures[i].percent);
      g_assert_cmpuint (figure->year, ==, figures[i].year);
      g_assert_true (g_str_has_prefix (figure->source, "ARD/ZDF"));
    }

  /* No study gives figures for these: they must be marked estimates. */
  for (RzAgeBand band = 0; band < RZ_N_AGE_BANDS; band++)
    {
      g_assert_true (rz_channel_info_get_reach (rz_catalogue_lookup (catalogue, "bluesky"), band)->estimate);
      g_assert_true (rz_channel_info_get_reach (rz_catalogue_lookup (catalogue, "whatsapp"), band)->estimate);
      g_assert_true (rz_channel_info_get_reach (rz_catalogue_lookup (catalogue, "google-business-profile"), band)->estimate);
    }

  for (guint i = 0; brand_safety[i] != NULL; i++)
    {
      RzChannelInfo *info = rz_catalogue_lookup (catalogue, brand_safety[i]);
      gboolean found = FALSE;

      g_assert_cmpint (rz_channel_info_get_risk_level (info), ==, RZ_RISK_HIGH);
      for (guint r = 0; r < rz_channel_info_get_n_risks (info); r++)
        {
          const char *kind;

          rz_channel_info_get_risk (info, r, &kind, NULL);
          found |= g_str_equal (kind, "brand-safety");
        }
      g_assert_true (found);
    }
}

static gboolean
in_strings_table (const char *msgid)
{
  for (guint i = 0; rz_catalogue_strings[i] != NULL; i++)
    {
      if (g_str_equal (rz_catalogue_strings[i], msgid))
        return TRUE;
    }
  return FALSE;
}

/* Every user-visible string of the JSON is in rz-catalogue-strings.c, so
 * xgettext extracts it, and the table holds nothing stale. */
static void
test_catalogue_strings (void)
{
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (NULL);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *source_path = NULL;
  g_autofree char *source = NULL;

  for (guint i = 0; i < rz_catalogue_get_n_channels (catalogue); i++)
    {
      RzChannelInfo *info = rz_catalogue_get_channel (catalogue, i);
      const char *name = rz_channel_info_get_name_msgid (info);

      if (!in_strings_table (name))
        g_error ("channel name “%s” is missing in rz-catalogue-strings.c", name);
      g_hash_table_add (used, (gpointer) name);

      for (guint r = 0; r < rz_channel_info_get_n_risks (info); r++)
        {
          const char *note = rz_channel_info_get_risk_msgid (info, r);

          if (!in_strings_table (note))
            g_error ("risk note “%s” is missing in rz-catalogue-strings.c", note);
          g_hash_table_add (used, (gpointer) note);
        }
    }

  for (guint i = 0; rz_catalogue_strings[i] != NULL; i++)
    {
      if (!g_hash_table_contains (used, rz_catalogue_strings[i]))
        g_error ("“%s” in rz-catalogue-strings.c is not used in channels.json", rz_catalogue_strings[i]);
    }

  /* And the table is really marked for xgettext in the source. */
  source_path = g_test_build_filename (G_TEST_DIST, "..", "src", "core", "rz-catalogue-strings.c", NULL);
  g_assert_true (g_file_get_contents (source_path, &source, NULL, NULL));
  for (guint i = 0; rz_catalogue_strings[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), rz_catalogue_strings[i]);
      g_autofree char *quoted = json_to_string (node, FALSE);
      g_autofree char *marked = g_strdup_printf ("N_(%s)", quoted);

      g_assert_nonnull (strstr (source, marked));
    }
}

static void
expect_invalid (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzCatalogue) catalogue = catalogue_from_node (root, &error);

  g_assert_error (error, RZ_CATALOGUE_ERROR, RZ_CATALOGUE_ERROR_INVALID);
  g_assert_null (catalogue);
}

/* The loader itself refuses what the checks above look for. */
static void
test_catalogue_rejects (void)
{
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();
    JsonObject *cell = json_object_get_object_member (json_object_get_object_member (raw_channel (root, "facebook"), "reach"), "30-49");

    json_object_remove_member (cell, "source");
    expect_invalid (root);
  }
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();
    JsonObject *cell = json_object_get_object_member (json_object_get_object_member (raw_channel (root, "bluesky"), "reach"), "14-29");

    json_object_remove_member (cell, "basis");
    expect_invalid (root);
  }
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();
    JsonObject *cell = json_object_get_object_member (json_object_get_object_member (raw_channel (root, "x"), "reach"), "70+");

    json_object_set_double_member (cell, "percent", 120);
    expect_invalid (root);
  }
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();

    json_object_set_string_member (raw_channel (root, "threads"), "id", "instagram");
    expect_invalid (root);
  }
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();

    json_object_remove_member (json_object_get_object_member (raw_channel (root, "tiktok"), "goals"), "press");
    expect_invalid (root);
  }
  {
    g_autoptr(JsonNode) root = load_raw_catalogue ();

    json_object_set_string_member (raw_channel (root, "blog"), "connect", "maybe");
    expect_invalid (root);
  }
}

static void
test_catalogue_reach_for_ages (void)
{
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (NULL);
  RzChannelInfo *facebook = rz_catalogue_lookup (catalogue, "facebook");
  double weights[RZ_N_AGE_BANDS] = { 0, };

  /* Inside one band: that band's figure. */
  g_assert_cmpfloat_with_epsilon (rz_channel_info_get_reach_for_ages (facebook, 30, 49), 51.0, 1e-9);
  /* Half in 30–49, half in 50–69. */
  g_assert_cmpfloat_with_epsilon (rz_channel_info_get_reach_for_ages (facebook, 40, 59), (51.0 + 33.0) / 2, 1e-9);
  /* Children count as the youngest band. */
  g_assert_cmpfloat_with_epsilon (rz_channel_info_get_reach_for_ages (facebook, 6, 10), 34.0, 1e-9);

  rz_age_range_add_band_weights (20, 79, weights);
  g_assert_cmpfloat_with_epsilon (weights[0] + weights[1] + weights[2] + weights[3], 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (weights[1], 20.0 / 60.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/catalogue/loads", test_catalogue_loads);
  g_test_add_func ("/rz/core/catalogue/complete", test_catalogue_complete);
  g_test_add_func ("/rz/core/catalogue/connect", test_catalogue_connect);
  g_test_add_func ("/rz/core/catalogue/figures", test_catalogue_figures);
  g_test_add_func ("/rz/core/catalogue/strings", test_catalogue_strings);
  g_test_add_func ("/rz/core/catalogue/rejects", test_catalogue_rejects);
  g_test_add_func ("/rz/core/catalogue/reach-for-ages", test_catalogue_reach_for_ages);

  return g_test_run ();
}
