/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-text-length.h"

typedef struct {
  const char *text;
  gsize       length;
} Case;

static void
test_text_length_graphemes (void)
{
  static const Case cases[] = {
    { "", 0 },
    { "Hallo", 5 },
    { "Grüße", 5 },                                       /* precomposed ü */
    { "Gru\xcc\x88" "ße", 5 },                              /* u + combining diaeresis */
    { "👍", 1 },
    { "👍🏽", 1 },                                          /* skin tone modifier */
    { "👨‍👩‍👧‍👦", 1 },                                        /* ZWJ family */
    { "🧑‍💻", 1 },
    { "👩🏽‍🚀", 1 },                                         /* modifier inside a ZWJ sequence */
    { "❤️", 1 },                                          /* variation selector 16 */
    { "1️⃣", 1 },                                          /* keycap */
    { "🇩🇪", 1 },                                          /* flag: regional indicator pair */
    { "🇩🇪🇫🇷", 2 },
    { "🇩🇪🇫", 2 },                                         /* a lone indicator counts alone */
    { "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xb3\xf3\xa0\x81\xa3\xf3\xa0\x81\xb4\xf3\xa0\x81\xbf", 1 },  /* Scotland, tag sequence */
    { "\r\n", 1 },
    { "a\nb", 3 },
    { "한국어", 3 },
    { "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab", 1 },         /* 한 from conjoining jamo */
    { "a\xe2\x80\x8d" "b", 2 },                            /* ZWJ joins only emoji */
    { "Café ☕ für 2 €", 14 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("input: %s", cases[i].text);
      g_assert_cmpuint (rz_text_length_graphemes (cases[i].text), ==, cases[i].length);
    }

  g_assert_cmpuint (rz_text_length_graphemes (NULL), ==, 0);
}

static void
test_text_length_bluesky_limit (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* 300 graphemes of four code points each are still 300. */
  for (guint i = 0; i < RZ_TEXT_LENGTH_BLUESKY_MAX; i++)
    g_string_append (text, "👍🏽");
  g_assert_cmpuint (rz_text_length_graphemes (text->str), ==, RZ_TEXT_LENGTH_BLUESKY_MAX);
  g_assert_cmpuint (g_utf8_strlen (text->str, -1), ==, 2 * RZ_TEXT_LENGTH_BLUESKY_MAX);

  g_string_append (text, "🇩🇪");
  g_assert_cmpuint (rz_text_length_count (text->str, RZ_TEXT_COUNTING_GRAPHEMES, 0), ==,
                    RZ_TEXT_LENGTH_BLUESKY_MAX + 1);
}

static void
test_text_length_mastodon_urls (void)
{
  static const Case cases[] = {
    { "Hallo https://example.com/ein/sehr/langer/pfad/der/viel/laenger/ist/als/dreiundzwanzig", 6 + 23 },
    { "https://a.example/x und http://b.example/y", 23 + 5 + 23 },
    { "Siehe https://example.com.", 6 + 23 + 1 },
    { "(https://de.wikipedia.org/wiki/Kaffee_(Getränk))", 1 + 23 + 1 },
    { "Frage? https://example.com/faq?id=1#oben!", 7 + 23 + 1 },
    { "HTTPS://EXAMPLE.COM/GROSS", 23 },
    { "https://bücher.example/regal", 23 },
    { "https://example.com:8443/x", 23 },
    /* Without a scheme, or without a top-level domain, it is just text. */
    { "example.com", 11 },
    { "https://localhost/x", 19 },
    { "xhttps://example.com", 20 },
    { "👍🏽 https://x.example", 1 + 1 + 23 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("input: %s", cases[i].text);
      g_assert_cmpuint (rz_text_length_mastodon (cases[i].text, RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL), ==,
                        cases[i].length);
    }

  /* The server's characters_reserved_per_url applies. */
  g_assert_cmpuint (rz_text_length_mastodon ("https://example.com/a", 30), ==, 30);
}

static void
test_text_length_mastodon_mentions (void)
{
  static const Case cases[] = {
    { "@anna@remote.example danke!", 12 },                /* "@anna danke!" */
    { "@laden", 6 },
    { "Hi @anna@remote.example.", 3 + 5 + 1 },
    { "@first.last@social.example ok", 11 + 3 },
    { "info@cafe.example", 17 },                          /* an e-mail address, not a mention */
    { "=@anna@remote.example", 21 },
    { "@anna@x", 7 },                                     /* "@x" is too short for a domain */
    { "@@anna@remote.example", 6 },
    { "@ allein", 8 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("input: %s", cases[i].text);
      g_assert_cmpuint (rz_text_length_mastodon (cases[i].text, RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL), ==,
                        cases[i].length);
    }

  g_assert_cmpuint (rz_text_length_count ("@anna@remote.example https://example.com/lang/lang/lang",
                                          RZ_TEXT_COUNTING_MASTODON, 23), ==, 5 + 1 + 23);
}

static void
test_text_length_invalid (void)
{
  /* Invalid UTF-8 is counted as replaced, never crashes. */
  g_assert_cmpuint (rz_text_length_graphemes ("ab\xff" "c"), ==, 4);
  g_assert_cmpuint (rz_text_length_mastodon ("ab\xff" "c https://x.example", 23), ==, 5 + 23);
  g_assert_cmpuint (rz_text_length_mastodon (NULL, 23), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/text-length/graphemes", test_text_length_graphemes);
  g_test_add_func ("/rz/core/text-length/bluesky-limit", test_text_length_bluesky_limit);
  g_test_add_func ("/rz/core/text-length/mastodon-urls", test_text_length_mastodon_urls);
  g_test_add_func ("/rz/core/text-length/mastodon-mentions", test_text_length_mastodon_mentions);
  g_test_add_func ("/rz/core/text-length/invalid", test_text_length_invalid);

  return g_test_run ();
}
