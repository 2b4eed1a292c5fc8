/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-placeholders.h"

static void
test_expand (void)
{
  const RzPlaceholderValues values = {
    .name = "Sabine Krämer",
    .handle = "@sabine.backt",
    .channel = "Instagram",
  };
  static const struct {
    const char *text;
    const char *expected;
  } cases[] = {
    { "Hallo {name}!", "Hallo Sabine Krämer!" },
    { "Hi {first_name}, thanks on {channel}", "Hi Sabine, thanks on Instagram" },
    { "{handle} {NAME}", "@sabine.backt Sabine Krämer" },
    { "{name}{name}", "Sabine KrämerSabine Krämer" },
    /* Unknown placeholders stay for the author to fill in. */
    { "See you on {day}.", "See you on {day}." },
    /* Braces that are no placeholder are text. */
    { "{ name } {} {:-} {na-me} {", "{ name } {} {:-} {na-me} {" },
    { "", "" },
    { "Brötchen 🥐 {channel}", "Brötchen 🥐 Instagram" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = rz_placeholders_expand (cases[i].text, &values);

      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_missing_values (void)
{
  const RzPlaceholderValues empty_name = { .name = "", .handle = NULL, .channel = "Mastodon" };
  g_autofree char *a = rz_placeholders_expand ("Hi {name} / {first_name} / {handle} on {channel}", &empty_name);
  g_autofree char *b = rz_placeholders_expand ("Hi {name}", NULL);
  const RzPlaceholderValues spaced = { .name = "  Jo Doe" };
  g_autofree char *c = rz_placeholders_expand ("{first_name}", &spaced);

  g_assert_cmpstr (a, ==, "Hi {name} / {first_name} / {handle} on Mastodon");
  g_assert_cmpstr (b, ==, "Hi {name}");
  g_assert_cmpstr (c, ==, "Jo");
}

static void
test_find_first (void)
{
  int start = -1, end = -1;

  g_assert_false (rz_placeholders_find_first ("No placeholder { here }", &start, &end));
  g_assert_cmpint (start, ==, -1);

  /* Offsets are in characters: "Grüße " is 6 characters, 8 bytes. */
  g_assert_true (rz_placeholders_find_first ("Grüße {day} und {name}", &start, &end));
  g_assert_cmpint (start, ==, 6);
  g_assert_cmpint (end, ==, 11);

  g_assert_true (rz_placeholders_find_first ("{x}", NULL, &end));
  g_assert_cmpint (end, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/placeholders/expand", test_expand);
  g_test_add_func ("/rz/placeholders/missing-values", test_missing_values);
  g_test_add_func ("/rz/placeholders/find-first", test_find_first);

  return g_test_run ();
}
