/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-bluesky-facets.h"

typedef struct {
  RzBlueskyFacetKind kind;
  const char        *covered;   /* the text the facet spans */
  const char        *value;
} Expected;

/* Checks that @text has exactly the @expected facets, with byte offsets
 * found by searching the covered text as bytes. */
static void
assert_facets (const char     *text,
               const Expected *expected,
               guint           n_expected)
{
  g_autoptr(GPtrArray) facets = rz_bluesky_facets_detect (text);

  g_assert_cmpuint (facets->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      RzBlueskyFacet *facet = g_ptr_array_index (facets, i);
      const char *start = strstr (text, expected[i].covered);

      g_assert_nonnull (start);
      g_assert_cmpint (facet->kind, ==, expected[i].kind);
      g_assert_cmpuint (facet->byte_start, ==, (gsize) (start - text));
      g_assert_cmpuint (facet->byte_end, ==, (gsize) (start - text) + strlen (expected[i].covered));
      g_assert_cmpstr (facet->value, ==, expected[i].value);
    }
}

static void
test_byte_offsets (void)
{
  const char *text = "Grüße an @anna.bsky.social 🥐 – mehr: https://bäckerei.example/brötchen. #Frühstück!";
  const Expected expected[] = {
    { RZ_BLUESKY_FACET_MENTION, "@anna.bsky.social", "anna.bsky.social" },
    { RZ_BLUESKY_FACET_LINK, "https://bäckerei.example/brötchen", "https://bäckerei.example/brötchen" },
    { RZ_BLUESKY_FACET_TAG, "#Frühstück", "Frühstück" },
  };
  g_autoptr(GPtrArray) facets = rz_bluesky_facets_detect (text);
  RzBlueskyFacet *mention;

  assert_facets (text, expected, G_N_ELEMENTS (expected));

  /* Bytes, not characters: "Grüße an " is 9 characters but 11 bytes. */
  mention = g_ptr_array_index (facets, 0);
  g_assert_cmpuint (mention->byte_start, ==, 11);
  g_assert_cmpuint (g_utf8_pointer_to_offset (text, text + mention->byte_start), ==, 9);
}

static void
test_mentions (void)
{
  const Expected in_brackets[] = { { RZ_BLUESKY_FACET_MENTION, "@Cafe.Example.COM", "cafe.example.com" } };
  const Expected at_end[] = { { RZ_BLUESKY_FACET_MENTION, "@anna.test", "anna.test" } };
  const Expected two[] = {
    { RZ_BLUESKY_FACET_MENTION, "@a-b.bsky.social", "a-b.bsky.social" },
    { RZ_BLUESKY_FACET_MENTION, "@c.de", "c.de" },
  };

  assert_facets ("Danke (@Cafe.Example.COM)", in_brackets, 1);
  assert_facets ("Frag @anna.test.", at_end, 1);
  assert_facets ("@a-b.bsky.social und @c.de", two, 2);

  /* No handle: no dot, an e-mail address, a handle cut short by a letter
   * that cannot be in one, a number as the last label. */
  assert_facets ("Hallo @anna!", NULL, 0);
  assert_facets ("Schreib an info@baeckerei.de", NULL, 0);
  assert_facets ("@müller.de", NULL, 0);
  assert_facets ("@anna.test_x", NULL, 0);
  assert_facets ("Version @1.2", NULL, 0);
}

static void
test_links (void)
{
  const Expected bare[] = { { RZ_BLUESKY_FACET_LINK, "baeckerei-mueller.de/angebote", "https://baeckerei-mueller.de/angebote" } };
  const Expected quoted[] = { { RZ_BLUESKY_FACET_LINK, "https://x.de/a?b=1", "https://x.de/a?b=1" } };
  const Expected wiki[] = { { RZ_BLUESKY_FACET_LINK, "https://de.wikipedia.org/wiki/Brot_(Lebensmittel)",
                              "https://de.wikipedia.org/wiki/Brot_(Lebensmittel)" } };
  const Expected bracketed[] = { { RZ_BLUESKY_FACET_LINK, "http://x.de/a", "http://x.de/a" } };
  const Expected www[] = { { RZ_BLUESKY_FACET_LINK, "www.cafe.berlin", "https://www.cafe.berlin" } };

  assert_facets ("Besucht baeckerei-mueller.de/angebote!", bare, 1);
  assert_facets ("Link: „https://x.de/a?b=1“", quoted, 1);
  assert_facets ("https://de.wikipedia.org/wiki/Brot_(Lebensmittel)", wiki, 1);
  assert_facets ("(siehe http://x.de/a)", bracketed, 1);
  assert_facets ("Bei www.cafe.berlin.", www, 1);

  /* Abbreviations and numbers are no domains, and a link needs a host. */
  assert_facets ("z.B. heute, ca.5 Stück, 3.50 Euro", NULL, 0);
  assert_facets ("Datei brot.jpg und notiz.txt", NULL, 0);
  assert_facets ("https:// und http://", NULL, 0);
  assert_facets ("mailto:info@baeckerei.de", NULL, 0);
}

static void
test_tags (void)
{
  const Expected tags[] = {
    { RZ_BLUESKY_FACET_TAG, "#Brot", "Brot" },
    { RZ_BLUESKY_FACET_TAG, "#2024Rückblick", "2024Rückblick" },
  };
  const Expected fullwidth[] = { { RZ_BLUESKY_FACET_TAG, "＃Kaffee", "Kaffee" } };

  assert_facets ("#Brot und #2024Rückblick.", tags, 2);
  assert_facets ("＃Kaffee", fullwidth, 1);

  /* Numbers only, the keycap emoji, inside a word, too long. */
  assert_facets ("Platz #1", NULL, 0);
  assert_facets ("#️⃣ Raute", NULL, 0);
  assert_facets ("C# lernen", NULL, 0);
  assert_facets ("#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, 0);
}

static void
test_to_json (void)
{
  const char *text = "Hallo @anna.test und @bob.test, siehe https://x.de";
  g_autoptr(GPtrArray) facets = rz_bluesky_facets_detect (text);
  g_autoptr(GHashTable) dids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) none = rz_bluesky_facets_detect ("Nur Text.");
  g_autofree char *json = NULL;
  JsonArray *array;
  JsonObject *first;
  JsonObject *feature;

  /* Bob's handle does not resolve: his mention stays text. */
  g_hash_table_insert (dids, (gpointer) "anna.test", (gpointer) "did:plc:anna");
  node = rz_bluesky_facets_to_json (facets, dids);
  g_assert_nonnull (node);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  first = json_array_get_object_element (array, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "index"), "byteStart"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "index"), "byteEnd"), ==, 16);
  feature = json_array_get_object_element (json_object_get_array_member (first, "features"), 0);
  g_assert_cmpstr (json_object_get_string_member (feature, "$type"), ==, "app.bsky.richtext.facet#mention");
  g_assert_cmpstr (json_object_get_string_member (feature, "did"), ==, "did:plc:anna");

  feature = json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (array, 1), "features"), 0);
  g_assert_cmpstr (json_object_get_string_member (feature, "$type"), ==, "app.bsky.richtext.facet#link");
  g_assert_cmpstr (json_object_get_string_member (feature, "uri"), ==, "https://x.de");

  g_assert_null (rz_bluesky_facets_to_json (none, dids));
  json = json_to_string (node, FALSE);
  g_assert_null (strstr (json, "bob"));
}

static void
test_handles (void)
{
  g_assert_true (rz_bluesky_is_valid_handle ("anna.bsky.social"));
  g_assert_true (rz_bluesky_is_valid_handle ("a-b.c0.de"));
  g_assert_true (rz_bluesky_is_valid_handle ("xn--bckerei-5wa.de"));
  g_assert_false (rz_bluesky_is_valid_handle ("anna"));
  g_assert_false (rz_bluesky_is_valid_handle ("-anna.de"));
  g_assert_false (rz_bluesky_is_valid_handle ("anna-.de"));
  g_assert_false (rz_bluesky_is_valid_handle ("anna..de"));
  g_assert_false (rz_bluesky_is_valid_handle ("anna.1de"));
  g_assert_false (rz_bluesky_is_valid_handle ("anna.de."));
  g_assert_false (rz_bluesky_is_valid_handle ("bäcker.de"));
  g_assert_false (rz_bluesky_is_valid_handle (NULL));
}

static void
test_robust (void)
{
  /* Odd input never crashes and never yields offsets beyond the text. */
  const char *texts[] = {
    "", "@", "#", "@.", "@-.de", "https://", "(", "#!", "@a.b@c.d", "a.b.c.d.e.f",
    "http://x.de)))))", "#\xef\xbc\x83", "„@anna.test“", "🥐#🥐", "@anna.test\xcc\x88",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) facets = rz_bluesky_facets_detect (texts[i]);

      for (guint j = 0; j < facets->len; j++)
        {
          RzBlueskyFacet *facet = g_ptr_array_index (facets, j);

          g_assert_cmpuint (facet->byte_start, <, facet->byte_end);
          g_assert_cmpuint (facet->byte_end, <=, strlen (texts[i]));
          g_assert_true (g_utf8_validate (texts[i] + facet->byte_start, facet->byte_end - facet->byte_start, NULL));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/bluesky/facets/byte-offsets", test_byte_offsets);
  g_test_add_func ("/rz/bluesky/facets/mentions", test_mentions);
  g_test_add_func ("/rz/bluesky/facets/links", test_links);
  g_test_add_func ("/rz/bluesky/facets/tags", test_tags);
  g_test_add_func ("/rz/bluesky/facets/to-json", test_to_json);
  g_test_add_func ("/rz/bluesky/facets/handles", test_handles);
  g_test_add_func ("/rz/bluesky/facets/robust", test_robust);

  return g_test_run ();
}
