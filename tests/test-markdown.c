/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-guidelines.h"
#include "rz-markdown.h"

static RzMarkdownBlock *
block_at (GPtrArray *blocks,
          guint      i)
{
  g_assert_cmpuint (i, <, blocks->len);
  return g_ptr_array_index (blocks, i);
}

static void
assert_block (GPtrArray           *blocks,
              guint                i,
              RzMarkdownBlockKind  kind,
              guint                level,
              const char          *text)
{
  RzMarkdownBlock *block = block_at (blocks, i);

  g_assert_cmpint (block->kind, ==, kind);
  g_assert_cmpuint (block->level, ==, level);
  g_assert_cmpstr (block->text, ==, text);
}

static void
test_blocks (void)
{
  g_autoptr(GPtrArray) blocks = NULL;

  blocks = rz_markdown_parse ("# Guideline of Bäckerei ##\n"
                              "\n"
                              "This applies\n"
                              "to everyone.\n"
                              "\n"
                              "## Our channels\n"
                              "- **Instagram**: photos\n"
                              "  - Rhythm: 3 posts a week\n"
                              "    and more\n"
                              "  - Answer within: 4 hours\n"
                              "- Google\n"
                              "\n"
                              "1. First\n"
                              "2) Second\n"
                              "\n"
                              "> Quoted\n"
                              "> on two lines\n"
                              "* * *\n"
                              "Setext\n"
                              "======\n"
                              "#no heading\n");

  g_assert_cmpuint (blocks->len, ==, 13);
  assert_block (blocks, 0, RZ_MARKDOWN_HEADING, 1, "Guideline of Bäckerei");
  assert_block (blocks, 1, RZ_MARKDOWN_PARAGRAPH, 0, "This applies to everyone.");
  assert_block (blocks, 2, RZ_MARKDOWN_HEADING, 2, "Our channels");
  assert_block (blocks, 3, RZ_MARKDOWN_LIST_ITEM, 0, "**Instagram**: photos");
  assert_block (blocks, 4, RZ_MARKDOWN_LIST_ITEM, 1, "Rhythm: 3 posts a week and more");
  assert_block (blocks, 5, RZ_MARKDOWN_LIST_ITEM, 1, "Answer within: 4 hours");
  assert_block (blocks, 6, RZ_MARKDOWN_LIST_ITEM, 0, "Google");
  g_assert_false (block_at (blocks, 6)->ordered);
  assert_block (blocks, 7, RZ_MARKDOWN_LIST_ITEM, 0, "First");
  g_assert_true (block_at (blocks, 7)->ordered);
  g_assert_cmpuint (block_at (blocks, 7)->number, ==, 1);
  assert_block (blocks, 8, RZ_MARKDOWN_LIST_ITEM, 0, "Second");
  g_assert_cmpuint (block_at (blocks, 8)->number, ==, 2);
  assert_block (blocks, 9, RZ_MARKDOWN_QUOTE, 0, "Quoted on two lines");
  assert_block (blocks, 10, RZ_MARKDOWN_RULE, 0, "");
  assert_block (blocks, 11, RZ_MARKDOWN_HEADING, 1, "Setext");
  assert_block (blocks, 12, RZ_MARKDOWN_PARAGRAPH, 0, "#no heading");
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = rz_markdown_parse (NULL);
  g_autoptr(GPtrArray) blank = rz_markdown_parse ("\n  \r\n\t\n");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
}

static void
test_crlf_and_deep_lists (void)
{
  g_autoptr(GPtrArray) blocks = NULL;

  blocks = rz_markdown_parse ("- a\r\n"
                              "  - b\r\n"
                              "    - c\r\n"
                              "  - d\r\n"
                              "e continues d\r\n"
                              "\r\n"
                              "after\r\n");
  g_assert_cmpuint (blocks->len, ==, 5);
  assert_block (blocks, 0, RZ_MARKDOWN_LIST_ITEM, 0, "a");
  assert_block (blocks, 1, RZ_MARKDOWN_LIST_ITEM, 1, "b");
  assert_block (blocks, 2, RZ_MARKDOWN_LIST_ITEM, 2, "c");
  assert_block (blocks, 3, RZ_MARKDOWN_LIST_ITEM, 1, "d e continues d");
  assert_block (blocks, 4, RZ_MARKDOWN_PARAGRAPH, 0, "after");
}

static void
test_inline_markup (void)
{
  const struct {
    const char *markdown;
    const char *markup;
    const char *plain;
  } cases[] = {
    { "**Instagram**: photos & more", "<b>Instagram</b>: photos &amp; more", "Instagram: photos & more" },
    { "an *important* <tag>", "an <i>important</i> &lt;tag&gt;", "an important <tag>" },
    { "_stress_ but snake_case_name", "<i>stress</i> but snake_case_name", "stress but snake_case_name" },
    { "*a **b** c*", "<i>a <b>b</b> c</i>", "a b c" },
    { "2 * 3 * 4", "2 * 3 * 4", "2 * 3 * 4" },
    { "**never closed", "**never closed", "**never closed" },
    { "use `**raw**`", "use <tt>**raw**</tt>", "use **raw**" },
    { "\\*not italic\\*", "*not italic*", "*not italic*" },
    { "see [the site](https://example.org)", "see the site (https://example.org)", "see the site (https://example.org)" },
    { "[https://a.de](https://a.de)", "https://a.de", "https://a.de" },
    { "[broken](link", "[broken](link", "[broken](link" },
    { "", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *markup = rz_markdown_inline_to_markup (cases[i].markdown);
      g_autofree char *plain = rz_markdown_inline_to_plain (cases[i].markdown);

      g_test_message ("%s", cases[i].markdown);
      g_assert_cmpstr (markup, ==, cases[i].markup);
      g_assert_cmpstr (plain, ==, cases[i].plain);
    }
}

/* Pango markup is GMarkup: the text must parse inside one element. */
static gboolean
is_well_formed (const char *markup)
{
  static const GMarkupParser parser = { 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autofree char *document = g_strconcat ("<markup>", markup, "</markup>", NULL);

  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  return g_markup_parse_context_parse (context, document, -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

/* Whatever the guideline generator writes must come out as headings and
 * list items, and valid markup. */
static void
test_generated_guideline (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzCatalogue) catalogue = rz_catalogue_new_default (&error);
  g_autoptr(RzProfile) profile = rz_profile_new ();
  g_autoptr(RzPlan) plan = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *markdown = NULL;
  g_autofree char *title = NULL;
  const char *ids[] = { "instagram", "google-business-profile", NULL };
  guint n_headings = 0, n_items = 0;

  g_assert_no_error (error);
  rz_profile_set_name (profile, "Bäckerei <Sonnenschein> & Co");
  rz_profile_add_audience (profile, "Families", 30, 69);
  plan = rz_plan_new_for_profile (profile, catalogue, ids);
  markdown = rz_guidelines_generate (profile, plan);
  blocks = rz_markdown_parse (markdown);

  g_assert_cmpint (block_at (blocks, 0)->kind, ==, RZ_MARKDOWN_HEADING);
  g_assert_cmpuint (block_at (blocks, 0)->level, ==, 1);
  title = rz_markdown_inline_to_plain (block_at (blocks, 0)->text);
  g_assert_nonnull (strstr (title, "Bäckerei <Sonnenschein> & Co"));

  for (guint i = 0; i < blocks->len; i++)
    {
      RzMarkdownBlock *block = block_at (blocks, i);
      g_autofree char *markup = rz_markdown_inline_to_markup (block->text);

      g_assert_true (g_utf8_validate (markup, -1, NULL));
      g_assert_null (strstr (markup, "**"));
      g_assert_true (is_well_formed (markup));
      n_headings += block->kind == RZ_MARKDOWN_HEADING;
      n_items += block->kind == RZ_MARKDOWN_LIST_ITEM;
    }
  g_assert_cmpuint (n_headings, >=, 4);
  g_assert_cmpuint (n_items, >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/markdown/blocks", test_blocks);
  g_test_add_func ("/rz/markdown/empty", test_empty);
  g_test_add_func ("/rz/markdown/crlf-and-deep-lists", test_crlf_and_deep_lists);
  g_test_add_func ("/rz/markdown/inline-markup", test_inline_markup);
  g_test_add_func ("/rz/markdown/generated-guideline", test_generated_guideline);

  return g_test_run ();
}
