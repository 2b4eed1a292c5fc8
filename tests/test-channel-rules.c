/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-channel-rules.h"

static RzChannelRules
rules_for (const char *channel)
{
  RzChannelRules rules;

  rz_channel_rules_init (&rules, channel);
  return rules;
}

static gboolean
has_problem (GPtrArray            *problems,
             RzChannelProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((RzChannelProblem *) problems->pdata[i])->kind == kind)
      return TRUE;
  return FALSE;
}

static const char *
problem_message (GPtrArray            *problems,
                 RzChannelProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((RzChannelProblem *) problems->pdata[i])->kind == kind)
      return ((RzChannelProblem *) problems->pdata[i])->message;
  return NULL;
}

static char *
repeat (const char *piece,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

static void
test_limits (void)
{
  static const struct {
    const char *channel;
    guint       max_length;
    guint       min_images;
    guint       max_images;
  } cases[] = {
    { "mastodon", 500, 0, 4 },
    { "bluesky", 300, 0, 4 },
    { "x", 280, 0, 4 },
    { "instagram", 2200, 1, 10 },
    { "facebook", 63206, 0, 10 },
    { "linkedin", 3000, 0, 20 },
    { "google-business-profile", 1500, 0, 1 },
    { "threads", 500, 0, 10 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RzChannelRules rules = rules_for (cases[i].channel);

      g_test_message ("%s", cases[i].channel);
      g_assert_cmpstr (rules.channel_id, ==, cases[i].channel);
      g_assert_cmpuint (rules.max_length, ==, cases[i].max_length);
      g_assert_cmpuint (rules.min_images, ==, cases[i].min_images);
      g_assert_cmpuint (rules.max_images, ==, cases[i].max_images);
    }

  /* Bluesky counts graphemes and turns links into facets; Mastodon counts
   * every link as 23. */
  g_assert_cmpint (rules_for ("bluesky").counting, ==, RZ_TEXT_COUNTING_GRAPHEMES);
  g_assert_true (rules_for ("bluesky").link_facets);
  g_assert_cmpint (rules_for ("mastodon").counting, ==, RZ_TEXT_COUNTING_MASTODON);
  g_assert_cmpuint (rules_for ("mastodon").url_length, ==, 23);
  g_assert_true (rules_for ("youtube").needs_video);
  g_assert_nonnull (rules_for ("instagram").site_url);
  g_assert_true (g_str_has_prefix (rules_for ("instagram").site_url, "https://"));

  /* An id of the user's own is generous. */
  g_assert_cmpuint (rules_for ("vereinsblatt").max_length, ==, 0);
  g_assert_cmpstr (rules_for ("vereinsblatt").channel_id, ==, "vereinsblatt");
  g_assert_cmpuint (rules_for ("vereinsblatt").max_images, >, 0);
}

static void
test_count (void)
{
  RzChannelRules mastodon = rules_for ("mastodon");
  RzChannelRules bluesky = rules_for ("bluesky");
  RzChannelRules blog = rules_for ("blog");
  const char *text = "Neu: https://baeckerei-sonnenschein.example/sonntag/oeffnungszeiten 🥐";

  /* "Neu: " 5 + link 23 + " 🥐" 2 */
  g_assert_cmpuint (rz_channel_rules_count (&mastodon, text), ==, 30);
  g_assert_cmpuint (rz_channel_rules_count (&bluesky, text), ==, g_utf8_strlen (text, -1));
  g_assert_cmpint (rz_channel_rules_remaining (&mastodon, text), ==, 470);
  g_assert_cmpint (rz_channel_rules_remaining (&blog, text), ==, G_MAXINT);

  /* A Mastodon instance with its own limit. */
  rz_channel_rules_set_limits (&mastodon, 5000, RZ_TEXT_COUNTING_MASTODON, 23, 0);
  g_assert_cmpuint (mastodon.max_length, ==, 5000);
  g_assert_cmpuint (mastodon.max_images, ==, 4);
  rz_channel_rules_set_limits (&mastodon, 0, RZ_TEXT_COUNTING_GRAPHEMES, 0, 0);
  g_assert_cmpuint (mastodon.max_length, ==, 5000);
  g_assert_cmpint (mastodon.counting, ==, RZ_TEXT_COUNTING_MASTODON);
}

static void
test_shorten_fits_unchanged (void)
{
  RzChannelRules x = rules_for ("x");
  RzChannelRules blog = rules_for ("blog");
  g_autofree char *same = rz_channel_rules_shorten (&x, "Frische Brötchen ab 6 Uhr.");
  g_autofree char *unlimited = rz_channel_rules_shorten (&blog, "Beliebig lang");

  g_assert_cmpstr (same, ==, "Frische Brötchen ab 6 Uhr.");
  g_assert_cmpstr (unlimited, ==, "Beliebig lang");
}

static void
test_shorten_word_boundary (void)
{
  RzChannelRules rules = rules_for ("x");
  g_autofree char *filler = repeat ("Sauerteig braucht Zeit, ", 20);
  g_autofree char *text = g_strconcat (filler, "und wir nehmen sie uns.", NULL);
  g_autofree char *short_text = rz_channel_rules_shorten (&rules, text);
  gsize prefix;

  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), <=, 280);
  /* Close to the limit, not far below it. */
  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), >, 250);
  g_assert_true (g_str_has_suffix (short_text, "…"));

  /* What stays is the beginning of the text, cut after a whole word and
   * without a dangling comma. */
  prefix = strlen (short_text) - strlen ("…");
  g_assert_true (strncmp (short_text, text, prefix) == 0);
  g_assert_true (text[prefix] == ' ' || text[prefix] == ',');
  g_assert_false (short_text[prefix - 1] == ',');
  g_assert_false (short_text[prefix - 1] == ' ');
}

static void
test_shorten_keeps_hashtags_and_link (void)
{
  RzChannelRules rules = rules_for ("bluesky");
  g_autofree char *filler = repeat ("Unser Kürbiskernbrot ist wieder da. ", 12);
  g_autofree char *text = g_strconcat ("Mehr unter https://baeckerei.example/kuerbis ",
                                       filler,
                                       "Jetzt vorbestellen: https://baeckerei.example/bestellen\n"
                                       "#handwerk #brot", NULL);
  g_autofree char *short_text = rz_channel_rules_shorten (&rules, text);

  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), <=, 300);
  g_assert_true (g_str_has_prefix (short_text, "Mehr unter https://baeckerei.example/kuerbis Unser"));
  g_assert_nonnull (strstr (short_text, "…"));
  /* The link and the hashtags after the cut come along at the end. */
  g_assert_true (g_str_has_suffix (short_text,
                                   "… https://baeckerei.example/bestellen #handwerk #brot"));
}

static void
test_shorten_keeps_hashtag_block (void)
{
  RzChannelRules rules = rules_for ("x");
  g_autofree char *filler = repeat ("Die Brezeln sind frisch. ", 20);
  g_autofree char *text = g_strconcat (filler, "\n\n#backstube #handwerk", NULL);
  g_autofree char *short_text = rz_channel_rules_shorten (&rules, text);

  /* A block of hashtags on its own line stays on its own line. */
  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), <=, 280);
  g_assert_true (g_str_has_suffix (short_text, "frisch.…\n\n#backstube #handwerk") ||
                 g_str_has_suffix (short_text, "sind…\n\n#backstube #handwerk") ||
                 g_str_has_suffix (short_text, "Brezeln…\n\n#backstube #handwerk") ||
                 g_str_has_suffix (short_text, "Die…\n\n#backstube #handwerk"));
}

static void
test_shorten_drops_hashtags_last_resort (void)
{
  RzChannelRules rules = rules_for ("x");
  g_autofree char *tags = repeat ("#backstube ", 30);
  g_autofree char *text = g_strconcat ("Guten Morgen aus der Backstube! ", tags, NULL);
  g_autofree char *short_text = rz_channel_rules_shorten (&rules, text);
  g_autofree char *no_spaces = repeat ("x", 400);
  g_autofree char *cut = rz_channel_rules_shorten (&rules, no_spaces);

  /* Too many hashtags to keep them all: some go, the text stays. */
  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), <=, 280);
  g_assert_true (g_str_has_prefix (short_text, "Guten"));
  g_assert_nonnull (strstr (short_text, "#backstube"));

  /* A single word longer than the limit is cut inside the word. */
  g_assert_cmpuint (rz_channel_rules_count (&rules, cut), ==, 280);
  g_assert_true (g_str_has_suffix (cut, "…"));
}

static void
test_shorten_counts_graphemes (void)
{
  RzChannelRules rules = rules_for ("bluesky");
  g_autofree char *emoji = repeat ("👨‍👩‍👧 ", 200);
  g_autofree char *short_text = rz_channel_rules_shorten (&rules, emoji);

  /* Families of several code points each count as one. */
  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), <=, 300);
  g_assert_cmpuint (rz_channel_rules_count (&rules, short_text), >=, 298);
  g_assert_true (g_utf8_validate (short_text, -1, NULL));
}

static void
test_check (void)
{
  RzChannelRules instagram = rules_for ("instagram");
  RzChannelRules bluesky = rules_for ("bluesky");
  RzChannelRules x = rules_for ("x");
  RzChannelRules youtube = rules_for ("youtube");
  g_autofree char *long_text = repeat ("a", 292);
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) no_image = NULL;
  g_autoptr(GPtrArray) too_long = NULL;
  g_autoptr(GPtrArray) too_many = NULL;
  g_autoptr(GPtrArray) no_alt = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) link = NULL;
  g_autoptr(GPtrArray) video = NULL;

  ok = rz_channel_rules_check (&bluesky, "Bluesky", "Hallo", 1, 0);
  g_assert_cmpuint (ok->len, ==, 0);
  g_assert_false (rz_channel_problems_block (ok));

  no_image = rz_channel_rules_check (&instagram, "Instagram", "Hallo", 0, 0);
  g_assert_true (has_problem (no_image, RZ_CHANNEL_PROBLEM_NEEDS_IMAGE));
  g_assert_cmpstr (problem_message (no_image, RZ_CHANNEL_PROBLEM_NEEDS_IMAGE), ==,
                   "Instagram needs at least one image");
  g_assert_true (rz_channel_problems_block (no_image));

  too_long = rz_channel_rules_check (&x, "X", long_text, 0, 0);
  g_assert_cmpstr (problem_message (too_long, RZ_CHANNEL_PROBLEM_TOO_LONG), ==,
                   "Over the limit by 12 characters");

  too_many = rz_channel_rules_check (&bluesky, "Bluesky", "Fotos", 5, 0);
  g_assert_cmpstr (problem_message (too_many, RZ_CHANNEL_PROBLEM_TOO_MANY_IMAGES), ==,
                   "Bluesky: 4 images at most");

  no_alt = rz_channel_rules_check (&bluesky, "Bluesky", "Fotos", 2, 1);
  g_assert_true (has_problem (no_alt, RZ_CHANNEL_PROBLEM_MISSING_ALT_TEXT));
  g_assert_true (rz_channel_problems_block (no_alt));

  empty = rz_channel_rules_check (&bluesky, "Bluesky", "  \n ", 0, 0);
  g_assert_true (has_problem (empty, RZ_CHANNEL_PROBLEM_EMPTY));

  /* A hint, not a refusal. */
  link = rz_channel_rules_check (&instagram, "Instagram", "Mehr: https://example.org", 1, 0);
  g_assert_true (has_problem (link, RZ_CHANNEL_PROBLEM_LINK_NOT_CLICKABLE));
  g_assert_false (rz_channel_problems_block (link));

  video = rz_channel_rules_check (&youtube, "YouTube", "Neues Video", 0, 0);
  g_assert_true (has_problem (video, RZ_CHANNEL_PROBLEM_NEEDS_VIDEO));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/channel-rules/limits", test_limits);
  g_test_add_func ("/rz/channel-rules/count", test_count);
  g_test_add_func ("/rz/channel-rules/shorten/fits", test_shorten_fits_unchanged);
  g_test_add_func ("/rz/channel-rules/shorten/word-boundary", test_shorten_word_boundary);
  g_test_add_func ("/rz/channel-rules/shorten/keeps-hashtags-and-link", test_shorten_keeps_hashtags_and_link);
  g_test_add_func ("/rz/channel-rules/shorten/keeps-hashtag-block", test_shorten_keeps_hashtag_block);
  g_test_add_func ("/rz/channel-rules/shorten/drops-hashtags", test_shorten_drops_hashtags_last_resort);
  g_test_add_func ("/rz/channel-rules/shorten/graphemes", test_shorten_counts_graphemes);
  g_test_add_func ("/rz/channel-rules/check", test_check);

  return g_test_run ();
}
