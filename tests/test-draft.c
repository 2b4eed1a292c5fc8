/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-draft.h"
#include "rz-draft-post.h"

static void
count_changed (RzDraft *draft,
               guint   *n)
{
  (*n)++;
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
test_variants_follow_core (void)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autofree char *long_text = repeat ("Frisches Brot aus dem Holzofen. ", 15);
  RzDraftVariant *x;
  RzDraftVariant *facebook;
  guint n_changed = 0;

  g_signal_connect (draft, "changed", G_CALLBACK (count_changed), &n_changed);

  rz_draft_set_core_text (draft, "Heute: Zwiebelkuchen.");
  g_assert_cmpuint (n_changed, ==, 1);
  x = rz_draft_add_channel (draft, "x");
  facebook = rz_draft_add_channel (draft, "facebook");
  g_assert_cmpuint (n_changed, ==, 3);
  g_assert_true (rz_draft_add_channel (draft, "x") == x);
  g_assert_cmpuint (rz_draft_get_n_variants (draft), ==, 2);
  g_assert_cmpstr (x->text, ==, "Heute: Zwiebelkuchen.");
  g_assert_false (x->customized);

  /* Over X's limit: X gets a shortened text, Facebook all of it. */
  rz_draft_set_core_text (draft, long_text);
  g_assert_cmpuint (rz_channel_rules_count (rz_draft_get_channel_rules (draft, "x"), x->text), <=, 280);
  g_assert_true (g_str_has_suffix (x->text, "…"));
  g_assert_cmpstr (facebook->text, ==, long_text);

  /* The user's own text stays when the core changes. */
  rz_draft_set_variant_text (draft, "facebook", "Liebe Kundschaft, heute gibt es Zwiebelkuchen!");
  g_assert_true (facebook->customized);
  rz_draft_set_core_text (draft, "Morgen: Apfelkuchen.");
  g_assert_cmpstr (facebook->text, ==, "Liebe Kundschaft, heute gibt es Zwiebelkuchen!");
  g_assert_cmpstr (x->text, ==, "Morgen: Apfelkuchen.");

  rz_draft_reset_variant (draft, "facebook");
  g_assert_false (facebook->customized);
  g_assert_cmpstr (facebook->text, ==, "Morgen: Apfelkuchen.");

  /* Setting the same text again is no change. */
  n_changed = 0;
  rz_draft_set_core_text (draft, "Morgen: Apfelkuchen.");
  rz_draft_reset_variant (draft, "facebook");
  g_assert_cmpuint (n_changed, ==, 0);

  g_assert_true (rz_draft_remove_channel (draft, "x"));
  g_assert_false (rz_draft_remove_channel (draft, "x"));
  g_assert_null (rz_draft_lookup_variant (draft, "x"));
  g_assert_cmpuint (n_changed, ==, 1);
}

static void
test_instance_rules (void)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autofree char *text = repeat ("Mastodon ", 100);
  RzChannelRules rules;
  RzDraftVariant *variant;
  guint n_changed = 0;

  rz_draft_set_core_text (draft, text);
  variant = rz_draft_add_channel (draft, "mastodon");
  g_assert_cmpuint (rz_channel_rules_count (rz_draft_get_channel_rules (draft, "mastodon"), variant->text), <=, 500);

  /* This instance allows 5000: the variant is the whole core text again. */
  rz_channel_rules_init (&rules, "mastodon");
  rz_channel_rules_set_limits (&rules, 5000, RZ_TEXT_COUNTING_MASTODON, 23, 4);
  g_signal_connect (draft, "changed", G_CALLBACK (count_changed), &n_changed);
  rz_draft_set_channel_rules (draft, &rules);
  g_assert_cmpstr (variant->text, ==, text);
  /* The longer text is to be saved, so it counts as a change. */
  g_assert_cmpuint (n_changed, ==, 1);
  rz_draft_set_channel_rules (draft, &rules);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpuint (rz_draft_get_channel_rules (draft, "mastodon")->max_length, ==, 5000);
}

static void
test_images_and_checks (void)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n", 8);
  g_autoptr(GPtrArray) instagram = NULL;
  g_autoptr(GPtrArray) missing_alt = NULL;
  g_autoptr(GPtrArray) fine = NULL;
  RzDraftImage *image;

  rz_draft_set_core_text (draft, "Unsere neue Theke");
  rz_draft_add_channel (draft, "instagram");
  instagram = rz_draft_check_channel (draft, "instagram", "Instagram");
  g_assert_true (rz_channel_problems_block (instagram));

  image = rz_draft_add_image (draft, png, "image/png", "theke.png");
  g_assert_nonnull (image->uuid);
  g_assert_cmpuint (rz_draft_count_images_without_alt_text (draft), ==, 1);
  missing_alt = rz_draft_check_channel (draft, "instagram", "Instagram");
  g_assert_cmpuint (missing_alt->len, ==, 1);
  g_assert_cmpint (((RzChannelProblem *) missing_alt->pdata[0])->kind, ==, RZ_CHANNEL_PROBLEM_MISSING_ALT_TEXT);

  /* White space is no description. */
  rz_draft_set_image_alt_text (draft, 0, "   ");
  g_assert_cmpuint (rz_draft_count_images_without_alt_text (draft), ==, 1);
  rz_draft_set_image_alt_text (draft, 0, "Die neue Holztheke mit Brotregal");
  fine = rz_draft_check_channel (draft, "instagram", "Instagram");
  g_assert_cmpuint (fine->len, ==, 0);

  rz_draft_remove_image (draft, 0);
  g_assert_cmpuint (rz_draft_get_n_images (draft), ==, 0);
}

static void
test_copy_is_deep (void)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(RzDraft) copy = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("GIF89a", 6);
  RzChannelRules rules;

  rz_draft_set_id (draft, 7);
  rz_draft_set_core_text (draft, "Original");
  rz_draft_set_message_type (draft, "events");
  rz_draft_add_channel (draft, "mastodon");
  rz_draft_add_image (draft, data, "image/gif", NULL);
  rz_draft_set_image_alt_text (draft, 0, "Ein Bild");
  rz_channel_rules_init (&rules, "mastodon");
  rules.max_length = 1000;
  rz_draft_set_channel_rules (draft, &rules);

  copy = rz_draft_copy (draft);
  rz_draft_set_core_text (draft, "Geändert");
  rz_draft_set_image_alt_text (draft, 0, "Anders");

  g_assert_cmpint (rz_draft_get_id (copy), ==, 7);
  g_assert_cmpstr (rz_draft_get_core_text (copy), ==, "Original");
  g_assert_cmpstr (rz_draft_get_message_type (copy), ==, "events");
  g_assert_cmpstr (rz_draft_lookup_variant (copy, "mastodon")->text, ==, "Original");
  g_assert_cmpstr (rz_draft_get_image (copy, 0)->alt_text, ==, "Ein Bild");
  g_assert_true (rz_draft_get_image (copy, 0)->data == rz_draft_get_image (draft, 0)->data);
  g_assert_cmpuint (rz_draft_get_channel_rules (copy, "mastodon")->max_length, ==, 1000);
  g_assert_cmpstr (rz_draft_get_channel_rules (copy, "mastodon")->channel_id, ==, "mastodon");
}

static void
test_title (void)
{
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autofree char *long_line = repeat ("Brot ", 40);
  g_autofree char *title = NULL;
  g_autofree char *cut = NULL;

  rz_draft_set_core_text (draft, "\n  Sonntags geöffnet  \nVon 7 bis 11 Uhr.");
  title = rz_draft_dup_title (draft);
  g_assert_cmpstr (title, ==, "Sonntags geöffnet");

  rz_draft_set_core_text (draft, long_line);
  cut = rz_draft_dup_title (draft);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 80);
  g_assert_true (g_str_has_suffix (cut, "…"));
}

static void
test_suggest_channels (void)
{
  g_autoptr(RzPlan) plan = rz_plan_new ();
  g_autoptr(RzPlanEntry) instagram = rz_plan_entry_new ("instagram", RZ_CHANNEL_KIND_SOCIAL_NETWORK, "Instagram");
  g_autoptr(RzPlanEntry) linkedin = rz_plan_entry_new ("linkedin", RZ_CHANNEL_KIND_BUSINESS_NETWORK, "LinkedIn");
  const char *audiences[] = { "Nachbarschaft", NULL };
  g_auto(GStrv) jobs = NULL;
  g_auto(GStrv) news = NULL;
  g_auto(GStrv) none = NULL;
  RzPlanEntry *phone;

  rz_plan_entry_set_message_audiences (instagram, RZ_MESSAGE_NEWS_AND_OFFERS, audiences);
  rz_plan_entry_set_message_audiences (instagram, RZ_MESSAGE_JOB_OFFERS, audiences);
  rz_plan_entry_set_message_audiences (linkedin, RZ_MESSAGE_JOB_OFFERS, audiences);
  rz_plan_append (plan, instagram);
  rz_plan_append (plan, linkedin);
  phone = rz_plan_add_offline (plan, "phone", NULL);
  rz_plan_entry_set_message_audiences (phone, RZ_MESSAGE_JOB_OFFERS, audiences);

  jobs = rz_draft_suggest_channels (plan, "job-offers");
  g_assert_cmpstrv (jobs, ((const char *[]) { "instagram", "linkedin", NULL }));
  news = rz_draft_suggest_channels (plan, "news-and-offers");
  g_assert_cmpstrv (news, ((const char *[]) { "instagram", NULL }));
  none = rz_draft_suggest_channels (NULL, "news-and-offers");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_post_states (void)
{
  RzDraftPostState state;
  g_autoptr(RzDraftPost) post = rz_draft_post_new ();
  g_autoptr(RzDraftPost) copy = NULL;

  for (RzDraftPostState s = RZ_DRAFT_POST_QUEUED; s <= RZ_DRAFT_POST_FAILED; s++)
    {
      g_assert_true (rz_draft_post_state_from_id (rz_draft_post_state_to_id (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_nonnull (rz_draft_post_state_get_label (s));
    }
  g_assert_false (rz_draft_post_state_from_id ("lost", &state));

  post->channel = g_strdup ("mastodon");
  post->idempotency_key = g_strdup ("k");
  copy = rz_draft_post_copy (post);
  g_assert_cmpstr (copy->channel, ==, "mastodon");
  g_assert_true (copy->channel != post->channel);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/draft/variants-follow-core", test_variants_follow_core);
  g_test_add_func ("/rz/draft/instance-rules", test_instance_rules);
  g_test_add_func ("/rz/draft/images-and-checks", test_images_and_checks);
  g_test_add_func ("/rz/draft/copy", test_copy_is_deep);
  g_test_add_func ("/rz/draft/title", test_title);
  g_test_add_func ("/rz/draft/suggest-channels", test_suggest_channels);
  g_test_add_func ("/rz/draft/post-states", test_post_states);

  return g_test_run ();
}
