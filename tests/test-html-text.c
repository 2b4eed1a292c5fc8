/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-html-text.h"

typedef struct {
  const char *html;
  const char *text;
} Case;

static void
check_cases (const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = rz_html_text_to_plain (cases[i].html);
      /* Escaped: some inputs are not UTF-8, and TAP output must be. */
      g_autofree char *shown = g_strescape (cases[i].html, NULL);

      g_test_message ("input: %s", shown);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static void
test_html_text_mastodon (void)
{
  static const Case cases[] = {
    /* As Mastodon renders a mention (docs.joinmastodon.org/entities/Status). */
    { "<p><span class=\"h-card\"><a href=\"https://social.example/@laden\" class=\"u-url mention\">@<span>laden</span></a></span> habt ihr sonntags offen?</p>",
      "@laden habt ihr sonntags offen?" },
    { "<p>Zeile 1<br>Zeile 2<br />Zeile 3</p><p>Absatz 2</p>",
      "Zeile 1\nZeile 2\nZeile 3\n\nAbsatz 2" },
    { "<p>a</p><p></p><p>b</p>", "a\n\nb" },
    { "<p>a<br><br>b</p>", "a\n\nb" },
    { "<p>  viel   \n  Platz  </p>", "viel Platz" },
    { "", "" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_links (void)
{
  static const Case cases[] = {
    /* Mastodon shortens long links with hidden spans; the text is whole. */
    { "<p>Siehe <a href=\"https://example.com/sehr/langer/pfad\" rel=\"nofollow noopener\" target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">example.com/sehr/lan</span><span class=\"invisible\">ger/pfad</span></a></p>",
      "Siehe https://example.com/sehr/langer/pfad" },
    /* A link whose text hides its address keeps the address. */
    { "<p>Hier ist <a href=\"https://shop.example/angebot\">unser Angebot</a>!</p>",
      "Hier ist unser Angebot (https://shop.example/angebot)!" },
    { "<a href=\"https://social.example/tags/kaffee\" class=\"mention hashtag\" rel=\"tag\">#<span>kaffee</span></a> lecker",
      "#kaffee lecker" },
    { "<a href=\"https://example.com/\">example.com</a>", "example.com" },
    { "<a href=\"https://example.com/x?a=1&amp;b=2\">mehr</a>", "mehr (https://example.com/x?a=1&b=2)" },
    /* Only web addresses are kept; other schemes are dropped. */
    { "<a href=\"javascript:alert(1)\">klick</a>", "klick" },
    { "<a href=\"https://example.com/bild\"></a>", "https://example.com/bild" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_entities (void)
{
  static const Case cases[] = {
    { "&lt;b&gt;fett&lt;/b&gt; &amp; &quot;zitiert&quot; &#39;a&#39; &apos;b&apos;",
      "<b>fett</b> & \"zitiert\" 'a' 'b'" },
    { "&#x1F600; &#128512; &euro; &auml;&ouml;&uuml;&szlig; &hellip;", "😀 😀 € äöüß …" },
    { "a&nbsp;b", "a\xc2\xa0" "b" },
    { "&unknown; &amp &#; &#x; &#xZZ;", "&unknown; &amp &#; &#x; &#xZZ;" },
    { "&#0;|&#x110000;|&#xD800;|&#99999999999;", "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|&#99999999999;" },
    /* Control characters are not text. */
    { "a&#7;b\x01" "c", "abc" },
    /* Decoded markup stays text: it is never interpreted again. */
    { "<b>&lt;i&gt;</b>x&lt;/i&gt;", "<i>x</i>" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_ignored (void)
{
  static const Case cases[] = {
    { "<p>vorher</p><script>alert(\"<p>böse</p>\")</script><style>p { color: red }</style><p>nachher</p>",
      "vorher\n\nnachher" },
    { "<SCRIPT type=\"text/javascript\">x</SCRIPT >ok", "ok" },
    { "<script>nie geschlossen <p>weg</p>", "" },
    { "<!-- Kommentar <p>weg</p> -->text", "text" },
    { "<!DOCTYPE html><html><head><title>Titel</title></head><body>Inhalt</body></html>", "Inhalt" },
    { "<img src=\"x.png\" alt=\"Bild\">Text", "Text" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_nested (void)
{
  static const Case cases[] = {
    { "<blockquote><p>Zitat <b>fett <i>kursiv</i></b></p></blockquote><ul><li>eins</li><li>zwei</li></ul><ol><li>a</li><li>b</li></ol>",
      "Zitat fett kursiv\n\n• eins\n• zwei\n\n1. a\n2. b" },
    { "<p><span><span><span>tief</span></span></span> <del>alt</del> <code>x()</code></p>", "tief alt x()" },
    { "<pre>  eingerückt\n  bleibt</pre>danach", "eingerückt\n  bleibt\n\ndanach" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_malformed (void)
{
  static const Case cases[] = {
    { "<p>offen <b>fett <a href=\"https://x.example\">link", "offen fett link (https://x.example)" },
    { "a < b > c", "a < b > c" },
    { "1 <2 und 3> 2", "1 <2 und 3> 2" },
    { "<p>kaputt <a href=\"https://x.example", "kaputt" },
    { "</p></p></a>text</b>", "text" },
    { "<p unquoted=wert class=x>text</p>", "text" },
    { "<br/><br/>text<br>", "text" },
    { "<", "<" },
    { "&", "&" },
    { "ab\xff" "cd", "ab\xef\xbf\xbd" "cd" },
    /* Found by tests/fuzz: control characters in an address that is shown. */
    { "<a href=\"https://x.example/&#128;a&#27;b&#x9;c\x01\">Seite</a>", "Seite (https://x.example/abc)" },
    { "<a href=\"https://x.example/\xc2\x85&#10;\"></a>", "https://x.example/" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_html_text_null (void)
{
  g_autofree char *text = rz_html_text_to_plain (NULL);

  g_assert_cmpstr (text, ==, "");
}

/* Random bytes and random tag soup must never crash nor give invalid UTF-8. */
static void
test_html_text_random (void)
{
  static const char * const pieces[] = {
    "<", ">", "</", "<p>", "</p>", "<a href=\"", "\"", "'", "&", "&amp;", "&#x", ";",
    "<script>", "</script>", "<!--", "-->", "<br>", "ä", "😀", " ", "\n", "=", "<li>",
    "<ol>", "</ul>", "<pre>", "\xff",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) html = g_string_new (NULL);
      g_autofree char *text = NULL;
      guint n = g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < n; i++)
        g_string_append (html, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      text = rz_html_text_to_plain (html->str);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/html-text/mastodon", test_html_text_mastodon);
  g_test_add_func ("/rz/core/html-text/links", test_html_text_links);
  g_test_add_func ("/rz/core/html-text/entities", test_html_text_entities);
  g_test_add_func ("/rz/core/html-text/ignored", test_html_text_ignored);
  g_test_add_func ("/rz/core/html-text/nested", test_html_text_nested);
  g_test_add_func ("/rz/core/html-text/malformed", test_html_text_malformed);
  g_test_add_func ("/rz/core/html-text/null", test_html_text_null);
  g_test_add_func ("/rz/core/html-text/random", test_html_text_random);

  return g_test_run ();
}
