/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-net-error.h"
#include "rz-wordpress-json.h"
#include "rz-wordpress-provider.h"

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* --- discovery ----------------------------------------------------------- */

static void
test_api_root_from_link (void)
{
  struct {
    const char *header;
    const char *base;
    const char *expected;
  } cases[] = {
    /* As WordPress sends it. */
    { "<https://blog.example/wp-json/>; rel=\"https://api.w.org/\"", "https://blog.example/",
      "https://blog.example/wp-json/" },
    /* Among others, in any order, and a blog in a subdirectory. */
    { "<https://example.com/blog/?p=12>; rel=shortlink, <https://example.com/blog/wp-json/>; rel=\"https://api.w.org/\","
      " <https://example.com/blog/wp-json/wp/v2/posts/12>; rel=\"alternate\"; type=\"application/json\"",
      "https://example.com/blog/", "https://example.com/blog/wp-json/" },
    /* Without pretty permalinks. */
    { "<https://blog.example/?rest_route=/>; rel=\"https://api.w.org/\"", "https://blog.example/",
      "https://blog.example/?rest_route=/" },
    /* Relative to the page that answered. */
    { "</wp-json/>; rel=\"https://api.w.org/\"", "https://blog.example/some/page/",
      "https://blog.example/wp-json/" },
    /* Not announced. */
    { "<https://blog.example/feed/>; rel=\"alternate\"", "https://blog.example/", NULL },
    { "<https://blog.example/wp-json/>; rel=\"https://api.w.org\"", "https://blog.example/", NULL },
    { NULL, "https://blog.example/", NULL },
    { "", "https://blog.example/", NULL },
    { "<javascript:alert(1)>; rel=\"https://api.w.org/\"", "https://blog.example/", NULL },
    /* Found by tests/fuzz: no host, on which GLib complains (a critical). */
    { "<http:/.//y>; rel=\"https://api.w.org/\"", "https://blog.example/", NULL },
    { "<x:/..//y>; rel=\"https://api.w.org/\"", "https://blog.example/", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *root = rz_wordpress_api_root_from_link (cases[i].header, cases[i].base);

      g_assert_cmpstr (root, ==, cases[i].expected);
    }
}

static void
test_api_uri (void)
{
  g_autofree char *pretty = rz_wordpress_api_uri ("https://blog.example/wp-json/", "wp/v2/comments", "page=2&per_page=100");
  g_autofree char *pretty_bare = rz_wordpress_api_uri ("https://blog.example/wp-json/", "wp/v2/users/me", NULL);
  g_autofree char *plain = rz_wordpress_api_uri ("https://blog.example/?rest_route=/", "wp/v2/comments", "page=2");
  g_autofree char *plain_bare = rz_wordpress_api_uri ("https://blog.example/?rest_route=/", "wp/v2/comments/5", NULL);

  g_assert_cmpstr (pretty, ==, "https://blog.example/wp-json/wp/v2/comments?page=2&per_page=100");
  g_assert_cmpstr (pretty_bare, ==, "https://blog.example/wp-json/wp/v2/users/me");
  g_assert_cmpstr (plain, ==, "https://blog.example/?rest_route=/wp/v2/comments&page=2");
  g_assert_cmpstr (plain_bare, ==, "https://blog.example/?rest_route=/wp/v2/comments/5");
}

static void
test_api_index (void)
{
  g_autoptr(JsonNode) index = parse ("{\"name\": \"Café\", \"namespaces\": [\"oembed/1.0\", \"wp/v2\", \"wp-site-health/v1\"]}");
  g_autoptr(JsonNode) old = parse ("{\"name\": \"Café\", \"namespaces\": [\"oembed/1.0\"]}");
  g_autoptr(JsonNode) page = parse ("[1, 2]");

  g_assert_true (rz_wordpress_json_is_api_index (index));
  g_assert_false (rz_wordpress_json_is_api_index (old));
  g_assert_false (rz_wordpress_json_is_api_index (page));
  g_assert_false (rz_wordpress_json_is_api_index (NULL));
}

static void
test_normalize_site (void)
{
  struct {
    const char *typed;
    const char *expected;   /* NULL: an error */
  } cases[] = {
    { "blog.example", "https://blog.example" },
    { " https://Blog.Example/ ", "https://blog.example" },
    { "https://example.com/blog/", "https://example.com/blog" },
    { "https://example.com:8443/blog?p=1#top", "https://example.com:8443/blog" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "bäckerei.example", "https://xn--bckerei-5wa.example" },
    { "http://blog.example", NULL },
    { "", NULL },
    { "https://user:pw@blog.example", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *site = rz_wordpress_normalize_site (cases[i].typed, &error);

      g_assert_cmpstr (site, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_nonnull (error);
      else
        g_assert_no_error (error);
    }
}

/* --- comments ------------------------------------------------------------ */

#define COMMENTS_JSON \
  "[{\"id\": 42, \"post\": 7, \"parent\": 0, \"author\": 2, \"author_name\": \"Erika Mustermann\"," \
  "  \"author_url\": \"\", \"date\": \"2026-11-25T10:30:19\", \"date_gmt\": \"2026-11-25T09:30:19\"," \
  "  \"content\": {\"rendered\": \"<p>Super, danke &amp; bis <b>bald</b>!<br />\\nGr&uuml;&szlig;e<\\/p>\\n\"}," \
  "  \"link\": \"https://blog.example/brot/#comment-42\", \"status\": \"hold\", \"type\": \"comment\"," \
  "  \"author_avatar_urls\": {\"24\": \"https://secure.gravatar.com/avatar/x?s=24\"}, \"meta\": []}," \
  " {\"id\": 43, \"post\": 7, \"parent\": 42, \"author\": 0, \"author_name\": \"\", \"date_gmt\": \"2026-11-25T09:31:00\"," \
  "  \"content\": {\"rendered\": \"<p>Ich auch</p>\", \"raw\": \"Ich auch\"}, \"link\": \"https://blog.example/brot/#comment-43\"," \
  "  \"status\": \"approved\", \"type\": \"comment\"}]"

static void
test_comments (void)
{
  g_autoptr(JsonNode) node = parse (COMMENTS_JSON);
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(RzComment) core = NULL;
  g_autoptr(RzComment) guest = NULL;
  g_autoptr(GError) error = NULL;
  RzWordpressComment *first;

  comments = rz_wordpress_json_parse_comments (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 2);

  first = g_ptr_array_index (comments, 0);
  g_assert_cmpint (first->id, ==, 42);
  g_assert_cmpint (first->post, ==, 7);
  g_assert_cmpint (first->author, ==, 2);
  g_assert_cmpstr (first->status, ==, "hold");
  g_assert_null (first->raw);

  core = rz_wordpress_comment_to_core (first, "Frische Brötchen");
  g_assert_cmpstr (rz_comment_get_channel (core), ==, "blog");
  g_assert_cmpstr (rz_comment_get_remote_id (core), ==, "42");
  g_assert_null (rz_comment_get_parent_remote_id (core));
  /* HTML to plain text: tags gone, entities decoded, the break kept. */
  g_assert_cmpstr (rz_comment_get_text (core), ==, "Super, danke & bis bald!\nGrüße");
  g_assert_cmpstr (rz_comment_get_author (core), ==, "Erika Mustermann");
  g_assert_cmpstr (rz_comment_get_context (core), ==, "Frische Brötchen");
  g_assert_cmpstr (rz_comment_get_url (core), ==, "https://blog.example/brot/#comment-42");
  /* date_gmt is UTC; the local date is not used. */
  g_assert_cmpint (rz_comment_get_created_at (core), ==, 1795599019);
  g_assert_cmpstr (rz_wordpress_comment_get_status (core), ==, "hold");

  guest = rz_wordpress_comment_to_core (g_ptr_array_index (comments, 1), NULL);
  g_assert_cmpstr (rz_comment_get_parent_remote_id (guest), ==, "42");
  g_assert_null (rz_comment_get_author (guest));
  g_assert_null (rz_comment_get_context (guest));
  g_assert_cmpstr (rz_wordpress_comment_get_status (guest), ==, "approved");
}

static void
test_comments_invalid (void)
{
  const char *answers[] = {
    "{\"code\": \"rest_forbidden\"}",
    "[5]",
    "[{\"post\": 7, \"date_gmt\": \"2026-11-25T09:30:19\"}]",
    "[{\"id\": 1, \"post\": 7, \"date_gmt\": \"gestern\"}]",
    "[{\"id\": \"1\", \"post\": 7, \"date_gmt\": \"2026-11-25T09:30:19\"}]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(JsonNode) node = parse (answers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) comments = rz_wordpress_json_parse_comments (node, &error);

      g_assert_null (comments);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
    }
}

static void
test_titles (void)
{
  g_autoptr(JsonNode) node = parse ("[{\"id\": 7, \"title\": {\"rendered\": \"Neue &Ouml;ffnungszeiten &amp; Feiertage\"}},"
                                    " {\"id\": 8, \"title\": {}}, {\"id\": 0, \"title\": {\"rendered\": \"x\"}}]");
  g_autoptr(GHashTable) titles = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seven = 7, eight = 8;

  titles = rz_wordpress_json_parse_titles (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (titles), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (titles, &seven), ==, "Neue Öffnungszeiten & Feiertage");
  g_assert_null (g_hash_table_lookup (titles, &eight));
}

static void
test_user (void)
{
  g_autoptr(JsonNode) admin = parse ("{\"id\": 1, \"name\": \"Café Sonnenschein\", \"slug\": \"cafe\","
                                     " \"link\": \"https://blog.example/author/cafe/\","
                                     " \"capabilities\": {\"moderate_comments\": true, \"edit_posts\": true}}");
  g_autoptr(JsonNode) subscriber = parse ("{\"id\": 2, \"name\": \"Erika\", \"slug\": \"kundin\", \"capabilities\": {\"read\": true}}");
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(RzRemoteAccount) reader = NULL;
  g_autoptr(GError) error = NULL;
  gboolean can_moderate = FALSE;

  account = rz_wordpress_json_parse_user (admin, &can_moderate, &error);
  g_assert_no_error (error);
  g_assert_true (can_moderate);
  g_assert_cmpstr (account->id, ==, "1");
  g_assert_cmpstr (account->handle, ==, "cafe");
  g_assert_cmpstr (account->display_name, ==, "Café Sonnenschein");
  g_assert_cmpstr (account->url, ==, "https://blog.example/author/cafe/");

  reader = rz_wordpress_json_parse_user (subscriber, &can_moderate, &error);
  g_assert_no_error (error);
  g_assert_false (can_moderate);
}

/* --- replies ------------------------------------------------------------- */

static void
test_content (void)
{
  g_autofree char *content = rz_wordpress_text_to_content ("Preise < 3 € & mehr > nichts\r\nZeile 2 ");
  RzWordpressComment as_stored = {
    .raw = (char *) "Danke &amp; bis bald!\nZweite Zeile",
    .rendered = (char *) "<p>Danke &amp; bis bald!<br />\nZweite Zeile</p>\n",
  };
  RzWordpressComment only_rendered = {
    .rendered = (char *) "<p>Danke &amp; bis bald!<br />\nZweite Zeile</p>\n",
  };
  RzWordpressComment other = {
    .raw = (char *) "Danke!",
  };

  /* Plain text stays plain text when WordPress reads it as HTML. */
  g_assert_cmpstr (content, ==, "Preise &lt; 3 € &amp; mehr &gt; nichts\nZeile 2");

  g_assert_true (rz_wordpress_content_matches (&as_stored, "Danke & bis bald!\nZweite Zeile"));
  g_assert_true (rz_wordpress_content_matches (&only_rendered, "Danke & bis bald!\nZweite Zeile"));
  g_assert_false (rz_wordpress_content_matches (&as_stored, "Danke & bis bald!"));
  g_assert_false (rz_wordpress_content_matches (&other, "Danke & bis bald!\nZweite Zeile"));
}

static void
test_cursor (void)
{
  g_autofree char *cursor = rz_wordpress_cursor_new ("2026-11-25T09:30:19", 42);
  g_autofree char *partial = rz_wordpress_cursor_new_partial ("2026-11-25T09:30:19", 42, "2026-11-25T08:30:19Z", 3);
  RzWordpressComment same_second_later = { .id = 43, .date_gmt = (char *) "2026-11-25T09:30:19" };
  RzWordpressComment same_second_earlier = { .id = 41, .date_gmt = (char *) "2026-11-25T09:30:19" };
  RzWordpressComment later = { .id = 12, .date_gmt = (char *) "2026-11-25T09:30:20" };
  RzWordpressComment itself = { .id = 42, .date_gmt = (char *) "2026-11-25T09:30:19" };
  g_autofree char *date = NULL;
  g_autofree char *after = NULL;
  g_autofree char *partial_date = NULL;
  g_autofree char *partial_after = NULL;
  gint64 time_us = 0, id = 0;
  guint page = 99;
  const char *invalid[] = {
    "2026-11-25T09:30:19", "2026-11-25T09:30:19|", "2026-11-25T09:30:19|4x", "gestern|4",
    "2026-11-25T09:30:19|-4", "2026-11-25T09:30:19|4|2026-11-25T08:30:19Z",
    "2026-11-25T09:30:19|4|gestern|2", "2026-11-25T09:30:19|4|2026-11-25T08:30:19Z|0",
    "2026-11-25T09:30:19|4|2026-11-25T08:30:19Z|2|x",
  };

  g_assert_cmpstr (cursor, ==, "2026-11-25T09:30:19|42");
  g_assert_true (rz_wordpress_cursor_parse (cursor, &time_us, &id, &date, &after, &page));
  g_assert_cmpint (time_us, ==, 1795599019LL * G_USEC_PER_SEC);
  g_assert_cmpint (id, ==, 42);
  g_assert_cmpstr (date, ==, "2026-11-25T09:30:19");
  g_assert_null (after);
  g_assert_cmpuint (page, ==, 0);

  /* A sync that stopped within a listing says where to go on. */
  g_assert_cmpstr (partial, ==, "2026-11-25T09:30:19|42|2026-11-25T08:30:19Z|3");
  g_assert_true (rz_wordpress_cursor_parse (partial, &time_us, &id, &partial_date, &partial_after, &page));
  g_assert_cmpint (id, ==, 42);
  g_assert_cmpstr (partial_date, ==, "2026-11-25T09:30:19");
  g_assert_cmpstr (partial_after, ==, "2026-11-25T08:30:19Z");
  g_assert_cmpuint (page, ==, 3);

  g_assert_true (rz_wordpress_comment_is_after (&same_second_later, time_us, id));
  g_assert_true (rz_wordpress_comment_is_after (&later, time_us, id));
  g_assert_false (rz_wordpress_comment_is_after (&same_second_earlier, time_us, id));
  g_assert_false (rz_wordpress_comment_is_after (&itself, time_us, id));

  g_assert_false (rz_wordpress_cursor_parse (NULL, &time_us, &id, NULL, NULL, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (rz_wordpress_cursor_parse (invalid[i], &time_us, &id, NULL, NULL, NULL));
}

static gint64
utc (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);

  return g_date_time_to_unix (time);
}

static void
test_after_overlap (void)
{
  g_autoptr(JsonNode) index = parse ("{\"gmt_offset\": 1, \"timezone_string\": \"Europe/Berlin\"}");
  g_autoptr(JsonNode) fixed = parse ("{\"gmt_offset\": 1, \"timezone_string\": \"\"}");
  g_autoptr(JsonNode) silent = parse ("{\"gmt_offset\": 1}");
  g_autofree char *berlin = rz_wordpress_json_parse_timezone (index);
  g_autofree char *none = rz_wordpress_json_parse_timezone (fixed);
  g_autofree char *unknown = rz_wordpress_json_parse_timezone (silent);
  g_autoptr(JsonNode) path = parse ("{\"timezone_string\": \"/dev/stdin\"}");
  g_autoptr(JsonNode) colon_path = parse ("{\"timezone_string\": \":/etc/localtime\"}");

  g_assert_cmpstr (berlin, ==, "Europe/Berlin");
  g_assert_cmpstr (none, ==, "");
  g_assert_null (unknown);
  /* GLib would open these as zone files. */
  g_assert_null (rz_wordpress_json_parse_timezone (path));
  g_assert_null (rz_wordpress_json_parse_timezone (colon_path));

  /* Berlin's clocks go back at 01:00 UTC on 25 October 2026: the local
   * hour 02:00–03:00 comes twice. A cursor in the hour before needs the
   * hour of overlap; other times a second. */
  g_assert_cmpint (rz_wordpress_after_overlap ("Europe/Berlin", utc ("2026-10-25T00:30:00Z")), ==, 3600);
  g_assert_cmpint (rz_wordpress_after_overlap ("Europe/Berlin", utc ("2026-10-25T01:30:00Z")), ==, 1);
  g_assert_cmpint (rz_wordpress_after_overlap ("Europe/Berlin", utc ("2026-11-25T09:30:00Z")), ==, 1);
  /* Clocks going forward repeat nothing. */
  g_assert_cmpint (rz_wordpress_after_overlap ("Europe/Berlin", utc ("2026-03-29T00:30:00Z")), ==, 1);
  /* A fixed offset never changes; an unknown zone might. */
  g_assert_cmpint (rz_wordpress_after_overlap ("", utc ("2026-10-25T00:30:00Z")), ==, 1);
  g_assert_cmpint (rz_wordpress_after_overlap (NULL, utc ("2026-11-25T09:30:00Z")), ==, 3600);
  g_assert_cmpint (rz_wordpress_after_overlap ("Mars/Olympus_Mons", utc ("2026-11-25T09:30:00Z")), ==, 3600);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/wordpress/discovery/link-header", test_api_root_from_link);
  g_test_add_func ("/rz/wordpress/discovery/api-uri", test_api_uri);
  g_test_add_func ("/rz/wordpress/discovery/api-index", test_api_index);
  g_test_add_func ("/rz/wordpress/discovery/normalize-site", test_normalize_site);
  g_test_add_func ("/rz/wordpress/json/comments", test_comments);
  g_test_add_func ("/rz/wordpress/json/comments-invalid", test_comments_invalid);
  g_test_add_func ("/rz/wordpress/json/titles", test_titles);
  g_test_add_func ("/rz/wordpress/json/user", test_user);
  g_test_add_func ("/rz/wordpress/reply/content", test_content);
  g_test_add_func ("/rz/wordpress/inbox/cursor", test_cursor);
  g_test_add_func ("/rz/wordpress/inbox/after-overlap", test_after_overlap);

  return g_test_run ();
}
