/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-bluesky-json.h"
#include "rz-bluesky-provider.h"
#include "rz-bluesky-tid.h"
#include "rz-net-error.h"

#define DAY_US ((gint64) 24 * 60 * 60 * G_USEC_PER_SEC)

static JsonNode *
parse (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* --- record keys --------------------------------------------------------- */

static void
test_tid_encoding (void)
{
  g_autofree char *zero = rz_bluesky_tid_new (0, 0);
  g_autofree char *early = NULL;
  g_autofree char *later = NULL;
  gint64 now = 1795598870LL * G_USEC_PER_SEC + 123456;

  g_assert_cmpstr (zero, ==, "2222222222222");

  early = rz_bluesky_tid_new (now, 1023);
  later = rz_bluesky_tid_new (now + 1, 0);
  g_assert_cmpuint (strlen (early), ==, RZ_BLUESKY_TID_LENGTH);
  g_assert_true (rz_bluesky_tid_is_valid (early));
  g_assert_cmpint (rz_bluesky_tid_get_timestamp (early), ==, now);
  g_assert_cmpuint (rz_bluesky_tid_get_clock_id (early), ==, 1023);
  /* They sort as text the way they sort in time. */
  g_assert_cmpint (strcmp (early, later), <, 0);
  /* Today's keys start with "3", as the network's own do. */
  g_assert_cmpint (early[0], ==, '3');

  g_assert_false (rz_bluesky_tid_is_valid (NULL));
  g_assert_false (rz_bluesky_tid_is_valid (""));
  g_assert_false (rz_bluesky_tid_is_valid ("3kabcdefghij"));
  g_assert_false (rz_bluesky_tid_is_valid ("3kabcdefghij22"));
  g_assert_false (rz_bluesky_tid_is_valid ("3kabcdefghij1"));   /* 1 is not in the alphabet */
  g_assert_false (rz_bluesky_tid_is_valid ("3KABCDEFGHIJ2"));
  g_assert_false (rz_bluesky_tid_is_valid ("kkabcdefghij2"));   /* the top bit set */
}

static void
test_tid_for_key (void)
{
  gint64 now = 1795598870LL * G_USEC_PER_SEC;
  g_autofree char *first = rz_bluesky_tid_for_key ("draft-42-bluesky", now, 0);
  g_autofree char *same = rz_bluesky_tid_for_key ("draft-42-bluesky", now, 0);
  g_autofree char *other = rz_bluesky_tid_for_key ("draft-43-bluesky", now, 0);

  g_assert_true (rz_bluesky_tid_is_valid (first));
  g_assert_cmpstr (first, ==, same);
  g_assert_cmpstr (first, !=, other);
  /* Never in the future, never more than a day back. */
  g_assert_cmpint (rz_bluesky_tid_get_timestamp (first), <=, now);
  g_assert_cmpint (rz_bluesky_tid_get_timestamp (first), >, now - DAY_US);

  /* A retry up to a day later finds the first attempt's key among the two
   * it checks. */
  for (gint64 later = now; later < now + DAY_US; later += DAY_US / 7)
    {
      g_autofree char *current = rz_bluesky_tid_for_key ("draft-42-bluesky", later, 0);
      g_autofree char *previous = rz_bluesky_tid_for_key ("draft-42-bluesky", later, 1);

      g_assert_true (g_strcmp0 (current, first) == 0 || g_strcmp0 (previous, first) == 0);
      g_assert_cmpint (rz_bluesky_tid_get_timestamp (current), <=, later);
    }
}

/* --- sign-in helpers ----------------------------------------------------- */

static void
test_app_password (void)
{
  g_assert_true (rz_bluesky_looks_like_app_password ("abcd-efgh-ijkl-mnop"));
  g_assert_true (rz_bluesky_looks_like_app_password ("2k4f-x9aa-0000-zzzz"));
  g_assert_true (rz_bluesky_looks_like_app_password ("  abcd-efgh-ijkl-mnop\n"));

  g_assert_false (rz_bluesky_looks_like_app_password (NULL));
  g_assert_false (rz_bluesky_looks_like_app_password (""));
  g_assert_false (rz_bluesky_looks_like_app_password ("Sommer2024!"));
  g_assert_false (rz_bluesky_looks_like_app_password ("abcd-efgh-ijkl"));
  g_assert_false (rz_bluesky_looks_like_app_password ("abcd-efgh-ijkl-mnopq"));
  g_assert_false (rz_bluesky_looks_like_app_password ("abcd_efgh_ijkl_mnop"));
  g_assert_false (rz_bluesky_looks_like_app_password ("abcdefghijklmnopqrs"));
  g_assert_false (rz_bluesky_looks_like_app_password ("abcd-efgh-ijkl-mnö"));
}

static void
test_identifier (void)
{
  struct {
    const char *typed;
    const char *expected;
  } cases[] = {
    { "@Cafe.BSKY.social ", "cafe.bsky.social" },
    { "cafe.bsky.social", "cafe.bsky.social" },
    { "＠cafe.bsky.social", "cafe.bsky.social" },
    { "did:plc:AbC123", "did:plc:AbC123" },
    { " Info@Cafe.de ", "Info@Cafe.de" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = rz_bluesky_normalize_identifier (cases[i].typed);

      g_assert_cmpstr (normal, ==, cases[i].expected);
    }
}

static void
test_service (void)
{
  struct {
    const char *typed;
    const char *expected;   /* NULL: an error */
  } cases[] = {
    { NULL, "https://bsky.social" },
    { "  ", "https://bsky.social" },
    { "pds.example.com/", "https://pds.example.com" },
    { "https://PDS.Example.com:443/xrpc", "https://pds.example.com" },
    { "https://pds.example.com:8443", "https://pds.example.com:8443" },
    { "http://localhost:2583", "http://localhost:2583" },
    { "http://pds.example.com", NULL },
    { "ftp://pds.example.com", NULL },
    { "https://user@pds.example.com", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = rz_bluesky_normalize_service (cases[i].typed, &error);

      g_assert_cmpstr (normal, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_nonnull (error);
      else
        g_assert_no_error (error);
    }
}

/* --- sessions ------------------------------------------------------------ */

#define SESSION_JSON \
  "{\"did\": \"did:plc:cafe\", \"handle\": \"cafe.bsky.social\"," \
  " \"accessJwt\": \"access.token.x\", \"refreshJwt\": \"refresh.token.y\"," \
  " \"didDoc\": {\"id\": \"did:plc:cafe\", \"service\": [" \
  "   {\"id\": \"#atproto_labeler\", \"type\": \"X\", \"serviceEndpoint\": \"https://labels.example\"}," \
  "   {\"id\": \"#atproto_pds\", \"type\": \"AtprotoPersonalDataServer\"," \
  "    \"serviceEndpoint\": \"https://morel.us-east.host.bsky.network/\"}]}}"

static void
test_session (void)
{
  g_autoptr(JsonNode) node = parse (SESSION_JSON);
  g_autoptr(RzBlueskySession) session = NULL;
  g_autoptr(RzBlueskySession) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *service = NULL;

  session = rz_bluesky_json_parse_session (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->did, ==, "did:plc:cafe");
  g_assert_cmpstr (session->handle, ==, "cafe.bsky.social");
  g_assert_cmpstr (session->pds_url, ==, "https://morel.us-east.host.bsky.network");

  secret = rz_bluesky_session_to_secret (session, "https://bsky.social");
  restored = rz_bluesky_session_from_secret (secret, &service);
  g_assert_nonnull (restored);
  g_assert_cmpstr (service, ==, "https://bsky.social");
  g_assert_cmpstr (restored->did, ==, session->did);
  g_assert_cmpstr (restored->access_jwt, ==, session->access_jwt);
  g_assert_cmpstr (restored->refresh_jwt, ==, session->refresh_jwt);
  g_assert_cmpstr (restored->pds_url, ==, session->pds_url);

  /* An app password is no stored session. */
  g_assert_null (rz_bluesky_session_from_secret ("abcd-efgh-ijkl-mnop", NULL));
  g_assert_null (rz_bluesky_session_from_secret ("{\"version\": 2, \"did\": \"did:plc:x\", \"refreshJwt\": \"r\"}", NULL));
  g_assert_null (rz_bluesky_session_from_secret ("{\"version\": 1, \"did\": \"nope\", \"refreshJwt\": \"r\"}", NULL));
  g_assert_null (rz_bluesky_session_from_secret ("{broken", NULL));
}

static void
test_session_invalid (void)
{
  const char *answers[] = {
    "[]",
    "{\"did\": \"did:plc:cafe\"}",
    "{\"did\": \"cafe\", \"accessJwt\": \"a\", \"refreshJwt\": \"r\"}",
    "{\"did\": \"did:plc:cafe\", \"accessJwt\": 5, \"refreshJwt\": \"r\"}",
  };
  g_autoptr(JsonNode) plain_http = parse ("{\"did\": \"did:plc:cafe\", \"accessJwt\": \"a\", \"refreshJwt\": \"r\","
                                          " \"didDoc\": {\"service\": [{\"id\": \"#atproto_pds\","
                                          " \"serviceEndpoint\": \"http://pds.attacker.example\"}]}}");
  g_autoptr(RzBlueskySession) session = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(JsonNode) node = parse (answers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(RzBlueskySession) broken = rz_bluesky_json_parse_session (node, &error);

      g_assert_null (broken);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
    }

  /* Tokens never go to a PDS over plain http. */
  session = rz_bluesky_json_parse_session (plain_http, NULL);
  g_assert_nonnull (session);
  g_assert_null (session->pds_url);
}

static char *
make_jwt (const char *claims)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) claims, strlen (claims));
  GString *payload = g_string_new (encoded);

  g_string_replace (payload, "+", "-", 0);
  g_string_replace (payload, "/", "_", 0);
  g_string_replace (payload, "=", "", 0);
  g_string_prepend (payload, "eyJhbGciOiJIUzI1NiJ9.");
  g_string_append (payload, ".c2ln");
  return g_string_free (payload, FALSE);
}

static void
test_jwt (void)
{
  g_autofree char *app = make_jwt ("{\"scope\":\"com.atproto.appPass\",\"exp\":1795606070,\"sub\":\"did:plc:ü\"}");
  g_autofree char *main_password = make_jwt ("{\"scope\":\"com.atproto.access\",\"exp\":1}");
  g_autofree char *no_exp = make_jwt ("{\"scope\":\"x\"}");
  g_autofree char *scope = rz_bluesky_jwt_dup_scope (app);
  g_autofree char *main_scope = rz_bluesky_jwt_dup_scope (main_password);

  g_assert_cmpint (rz_bluesky_jwt_get_expiry (app), ==, 1795606070);
  g_assert_cmpstr (scope, ==, "com.atproto.appPass");
  g_assert_cmpstr (main_scope, ==, "com.atproto.access");
  g_assert_cmpint (rz_bluesky_jwt_get_expiry (no_exp), ==, 0);

  g_assert_cmpint (rz_bluesky_jwt_get_expiry (NULL), ==, 0);
  g_assert_cmpint (rz_bluesky_jwt_get_expiry ("garbage"), ==, 0);
  g_assert_cmpint (rz_bluesky_jwt_get_expiry ("a.b.c"), ==, 0);
  g_assert_cmpint (rz_bluesky_jwt_get_expiry ("a.!!!.c"), ==, 0);
  g_assert_null (rz_bluesky_jwt_dup_scope ("a.b"));
}

/* --- addresses ----------------------------------------------------------- */

static void
test_at_uri (void)
{
  g_autofree char *did = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *rkey = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_did = NULL;

  g_assert_true (rz_bluesky_parse_at_uri ("at://did:plc:abc/app.bsky.feed.post/3kabc", &did, &collection, &rkey));
  g_assert_cmpstr (did, ==, "did:plc:abc");
  g_assert_cmpstr (collection, ==, "app.bsky.feed.post");
  g_assert_cmpstr (rkey, ==, "3kabc");

  g_assert_false (rz_bluesky_parse_at_uri ("https://bsky.app/profile/x/post/y", NULL, NULL, NULL));
  g_assert_false (rz_bluesky_parse_at_uri ("at://did:plc:abc/app.bsky.feed.post", NULL, NULL, NULL));
  g_assert_false (rz_bluesky_parse_at_uri ("at://did:plc:abc/app.bsky.feed.post/3k/x", NULL, NULL, NULL));
  g_assert_false (rz_bluesky_parse_at_uri ("at://did:plc:abc/app.bsky.feed.post/../x", NULL, NULL, NULL));
  g_assert_false (rz_bluesky_parse_at_uri ("at://did:plc:a?b/c/d", NULL, NULL, NULL));

  url = rz_bluesky_post_url ("at://did:plc:abc/app.bsky.feed.post/3kabc", "cafe.bsky.social");
  g_assert_cmpstr (url, ==, "https://bsky.app/profile/cafe.bsky.social/post/3kabc");
  url_did = rz_bluesky_post_url ("at://did:plc:abc/app.bsky.feed.post/3kabc", NULL);
  g_assert_cmpstr (url_did, ==, "https://bsky.app/profile/did:plc:abc/post/3kabc");
  g_assert_null (rz_bluesky_post_url ("at://did:plc:abc/app.bsky.feed.like/3kabc", NULL));
}

/* --- notifications ------------------------------------------------------- */

#define AUTHOR(handle, name) \
  "\"author\": {\"did\": \"did:plc:" handle "\", \"handle\": \"" handle ".bsky.social\", \"displayName\": \"" name "\"}"

#define NOTIFICATIONS_JSON \
  "{\"cursor\": \"2026-11-25T09:00:00.000Z::bafyold\", \"notifications\": [" \
  " {\"uri\": \"at://did:plc:erika/app.bsky.feed.post/3kq\", \"cid\": \"bafyq\", " AUTHOR ("erika", "Erika") "," \
  "  \"reason\": \"quote\", \"reasonSubject\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\"," \
  "  \"record\": {\"$type\": \"app.bsky.feed.post\", \"text\": \"Beste Brötchen!\", \"createdAt\": \"2026-11-25T10:03:00.000Z\"," \
  "   \"embed\": {\"$type\": \"app.bsky.embed.record\", \"record\": {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\", \"cid\": \"bafya\"}}}," \
  "  \"isRead\": false, \"indexedAt\": \"2026-11-25T10:03:00.500Z\"}," \
  " {\"uri\": \"at://did:plc:max/app.bsky.feed.like/3kl\", \"cid\": \"bafyl\", " AUTHOR ("max", "") "," \
  "  \"reason\": \"like\", \"record\": {}, \"isRead\": false, \"indexedAt\": \"2026-11-25T10:02:00.000Z\"}," \
  " {\"uri\": \"at://did:plc:max/app.bsky.feed.post/3km\", \"cid\": \"bafym\", " AUTHOR ("max", "") "," \
  "  \"reason\": \"mention\", \"record\": {\"text\": \"Hallo @cafe.bsky.social\", \"createdAt\": \"2026-11-25T10:01:00.000Z\"}," \
  "  \"isRead\": true, \"indexedAt\": \"2026-11-25T10:01:00.000Z\"}," \
  " {\"uri\": \"at://did:plc:erika/app.bsky.feed.post/3kr\", \"cid\": \"bafyr\", " AUTHOR ("erika", "Erika") "," \
  "  \"reason\": \"reply\", \"reasonSubject\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\"," \
  "  \"record\": {\"text\": \"Habt ihr Dinkel?\", \"createdAt\": \"2026-11-25T12:00:00.000Z\"," \
  "   \"reply\": {\"root\": {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\", \"cid\": \"bafya\"}," \
  "    \"parent\": {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3kb\", \"cid\": \"bafyb\"}}}," \
  "  \"isRead\": true, \"indexedAt\": \"2026-11-25T10:00:00.000Z\"}," \
  " {\"uri\": \"at://did:plc:erika/app.bsky.feed.post/3ko\", \"cid\": \"bafyo\", " AUTHOR ("erika", "Erika") "," \
  "  \"reason\": \"reply\", \"record\": {\"text\": \"Alt\", \"createdAt\": \"2026-11-24T10:00:00.000Z\"}," \
  "  \"isRead\": true, \"indexedAt\": \"2026-11-24T10:00:00.000Z\"}" \
  "]}"

static gint64
time_us (const char *iso8601)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso8601, NULL);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
test_notifications (void)
{
  g_autoptr(JsonNode) node = parse (NOTIFICATIONS_JSON);
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GArray) indexed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *next = NULL;
  gboolean reached = FALSE;
  RzComment *quote, *mention, *reply;

  comments = rz_bluesky_json_parse_notifications (node, time_us ("2026-11-25T00:00:00Z"),
                                                  &newest, &next, &reached, &indexed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newest, ==, "2026-11-25T10:03:00.500Z");
  g_assert_cmpstr (next, ==, "2026-11-25T09:00:00.000Z::bafyold");
  /* The last one is older than asked for: the walk can stop. */
  g_assert_true (reached);
  /* The like is no comment. */
  g_assert_cmpuint (comments->len, ==, 3);
  g_assert_cmpuint (indexed->len, ==, 3);
  g_assert_cmpint (g_array_index (indexed, gint64, 0), ==, time_us ("2026-11-25T10:03:00.500Z"));

  quote = g_ptr_array_index (comments, 0);
  g_assert_cmpstr (rz_comment_get_remote_id (quote), ==, "at://did:plc:erika/app.bsky.feed.post/3kq");
  g_assert_cmpstr (rz_comment_get_parent_remote_id (quote), ==, "at://did:plc:cafe/app.bsky.feed.post/3ka");
  g_assert_cmpstr (rz_comment_get_text (quote), ==, "Beste Brötchen!");
  g_assert_cmpstr (rz_comment_get_author (quote), ==, "Erika");
  g_assert_cmpstr (rz_comment_get_author_handle (quote), ==, "@erika.bsky.social");
  g_assert_cmpstr (rz_comment_get_url (quote), ==, "https://bsky.app/profile/erika.bsky.social/post/3kq");
  g_assert_cmpstr (rz_comment_get_channel (quote), ==, "bluesky");

  /* No display name: the handle. No parent for a plain mention. */
  mention = g_ptr_array_index (comments, 1);
  g_assert_cmpstr (rz_comment_get_author (mention), ==, "max.bsky.social");
  g_assert_null (rz_comment_get_parent_remote_id (mention));

  /* The parent, not the root; a createdAt in the future counts as the
   * time the network saw it. */
  reply = g_ptr_array_index (comments, 2);
  g_assert_cmpstr (rz_comment_get_parent_remote_id (reply), ==, "at://did:plc:cafe/app.bsky.feed.post/3kb");
  g_assert_cmpint (rz_comment_get_created_at (reply), ==, time_us ("2026-11-25T10:00:00Z") / G_USEC_PER_SEC);
}

static void
test_notifications_invalid (void)
{
  const char *answers[] = {
    "[]",
    "{\"cursor\": \"x\"}",
    "{\"notifications\": [5]}",
    "{\"notifications\": [{\"uri\": \"at://did:plc:a/app.bsky.feed.post/1\", \"reason\": \"reply\"}]}",
    "{\"notifications\": [{\"indexedAt\": \"2026-11-25T10:00:00Z\", \"reason\": \"reply\", \"uri\": \"nope\","
    " \"author\": {\"handle\": \"a.b\"}, \"record\": {}}]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(JsonNode) node = parse (answers[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) comments = rz_bluesky_json_parse_notifications (node, 0, NULL, NULL, NULL, NULL, &error);

      g_assert_null (comments);
      g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
    }
}

#define POST_VIEW(rkey, text) \
  "{\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/" rkey "\", \"cid\": \"bafy" rkey "\", " AUTHOR ("cafe", "Café") "," \
  " \"record\": {\"text\": \"" text "\", \"createdAt\": \"2026-11-25T10:00:00Z\"}, \"indexedAt\": \"2026-11-25T10:00:01Z\"}"

static void
test_thread (void)
{
  g_autoptr(JsonNode) node = parse (
    "{\"thread\": {\"$type\": \"app.bsky.feed.defs#threadViewPost\", \"post\": " POST_VIEW ("2", "Mitte") ","
    " \"parent\": {\"$type\": \"app.bsky.feed.defs#threadViewPost\", \"post\": " POST_VIEW ("1", "Anfang") ","
    "   \"parent\": {\"$type\": \"app.bsky.feed.defs#notFoundPost\", \"uri\": \"at://x/y/z\", \"notFound\": true}},"
    " \"replies\": ["
    "   {\"$type\": \"app.bsky.feed.defs#threadViewPost\", \"post\": " POST_VIEW ("3", "Antwort") ","
    "    \"replies\": [{\"$type\": \"app.bsky.feed.defs#threadViewPost\", \"post\": " POST_VIEW ("4", "Darauf") "}]},"
    "   {\"$type\": \"app.bsky.feed.defs#blockedPost\", \"uri\": \"at://x/y/z\"},"
    "   {\"$type\": \"app.bsky.feed.defs#threadViewPost\", \"post\": " POST_VIEW ("5", "Noch eine") "}]}}");
  g_autoptr(JsonNode) gone = parse ("{\"thread\": {\"$type\": \"app.bsky.feed.defs#notFoundPost\", \"uri\": \"at://x/y/z\"}}");
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GError) error = NULL;
  const char *order[] = { "Anfang", "Mitte", "Antwort", "Darauf", "Noch eine" };

  thread = rz_bluesky_json_parse_thread (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < thread->len; i++)
    g_assert_cmpstr (rz_comment_get_text (g_ptr_array_index (thread, i)), ==, order[i]);

  nothing = rz_bluesky_json_parse_thread (gone, &error);
  g_assert_null (nothing);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
}

static void
test_posts (void)
{
  g_autoptr(JsonNode) node = parse (
    "{\"posts\": ["
    " {\"uri\": \"at://did:plc:erika/app.bsky.feed.post/3kr\", \"cid\": \"bafyr\", " AUTHOR ("erika", "Erika") ","
    "  \"record\": {\"text\": \"Frage\", \"reply\": {\"root\": {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\", \"cid\": \"bafya\"},"
    "   \"parent\": {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3kb\", \"cid\": \"bafyb\"}}}},"
    " {\"uri\": \"at://did:plc:cafe/app.bsky.feed.post/3ka\", \"cid\": \"bafya\", " AUTHOR ("cafe", "Café") ","
    "  \"record\": {\"text\": \"Neu bei uns\"}}]}");
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GError) error = NULL;
  RzBlueskyPostRef *ref;

  refs = rz_bluesky_json_parse_posts (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refs->len, ==, 2);

  /* A reply's replies belong to its thread's root. */
  ref = g_ptr_array_index (refs, 0);
  g_assert_cmpstr (ref->uri, ==, "at://did:plc:erika/app.bsky.feed.post/3kr");
  g_assert_cmpstr (ref->cid, ==, "bafyr");
  g_assert_cmpstr (ref->root_uri, ==, "at://did:plc:cafe/app.bsky.feed.post/3ka");
  g_assert_cmpstr (ref->root_cid, ==, "bafya");
  g_assert_cmpstr (ref->author_did, ==, "did:plc:erika");

  /* A post that is no reply is its own root. */
  ref = g_ptr_array_index (refs, 1);
  g_assert_cmpstr (ref->root_uri, ==, ref->uri);
  g_assert_cmpstr (ref->root_cid, ==, ref->cid);
  g_assert_cmpstr (ref->text, ==, "Neu bei uns");
}

static void
test_profile (void)
{
  g_autoptr(JsonNode) node = parse ("{\"did\": \"did:plc:cafe\", \"handle\": \"cafe.bsky.social\", \"displayName\": \"Café Sonnenschein\"}");
  g_autoptr(JsonNode) no_name = parse ("{\"did\": \"did:plc:cafe\", \"handle\": \"cafe.bsky.social\", \"displayName\": \"\"}");
  g_autoptr(JsonNode) broken = parse ("{\"did\": \"did:plc:cafe\", \"handle\": \"x/../y\"}");
  g_autoptr(RzRemoteAccount) account = NULL;
  g_autoptr(RzRemoteAccount) plain = NULL;
  g_autoptr(RzRemoteAccount) none = NULL;
  g_autoptr(GError) error = NULL;

  account = rz_bluesky_json_parse_profile (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (account->id, ==, "did:plc:cafe");
  g_assert_cmpstr (account->handle, ==, "@cafe.bsky.social");
  g_assert_cmpstr (account->display_name, ==, "Café Sonnenschein");
  g_assert_cmpstr (account->url, ==, "https://bsky.app/profile/cafe.bsky.social");

  plain = rz_bluesky_json_parse_profile (no_name, NULL);
  g_assert_cmpstr (plain->display_name, ==, "cafe.bsky.social");

  none = rz_bluesky_json_parse_profile (broken, &error);
  g_assert_null (none);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
}

/* --- posting ------------------------------------------------------------- */

static void
test_media_id (void)
{
  g_autoptr(JsonNode) upload = parse ("{\"blob\": {\"$type\": \"blob\", \"ref\": {\"$link\": \"bafkreiabc\"},"
                                      " \"mimeType\": \"image/jpeg\", \"size\": 12345}}");
  g_autoptr(JsonNode) broken = parse ("{\"blob\": {\"ref\": {}}}");
  g_autoptr(GError) error = NULL;
  g_autofree char *media_id = NULL;
  g_autofree char *nothing = NULL;
  g_autoptr(JsonNode) record = NULL;
  JsonObject *image;
  const char *ids[2] = { NULL, NULL };

  media_id = rz_bluesky_json_media_id_from_blob (upload, "Ein „Croissant“", &error);
  g_assert_no_error (error);

  /* What was uploaded goes into the post as it was, with its alt text. */
  ids[0] = media_id;
  record = rz_bluesky_json_build_post ("Bild", "2026-11-25T10:00:00.000Z", NULL, NULL, ids, &error);
  g_assert_no_error (error);
  image = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (record), "embed"), "images"), 0);
  g_assert_cmpstr (json_object_get_string_member (image, "alt"), ==, "Ein „Croissant“");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (image, "image"), "$type"), ==, "blob");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (image, "image"), "size"), ==, 12345);

  nothing = rz_bluesky_json_media_id_from_blob (broken, NULL, &error);
  g_assert_null (nothing);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INVALID_RESPONSE);
}

static void
test_build_post (void)
{
  RzBlueskyPostRef parent = {
    .uri = (char *) "at://did:plc:erika/app.bsky.feed.post/3kr",
    .cid = (char *) "bafyr",
    .root_uri = (char *) "at://did:plc:cafe/app.bsky.feed.post/3ka",
    .root_cid = (char *) "bafya",
  };
  g_autoptr(JsonNode) facets = parse ("[{\"index\": {\"byteStart\": 0, \"byteEnd\": 3}, \"features\": []}]");
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) too_many = NULL;
  g_autoptr(GError) error = NULL;
  const char *five[] = { "{}", "{}", "{}", "{}", "{}", NULL };
  const char *foreign[] = { "bafkreiabc", NULL };
  JsonObject *object;
  JsonObject *reply;

  record = rz_bluesky_json_build_post ("Gern!", "2026-11-25T10:00:00.000Z", facets, &parent, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (record);
  g_assert_cmpstr (json_object_get_string_member (object, "$type"), ==, "app.bsky.feed.post");
  g_assert_cmpstr (json_object_get_string_member (object, "text"), ==, "Gern!");
  g_assert_cmpstr (json_object_get_string_member (object, "createdAt"), ==, "2026-11-25T10:00:00.000Z");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "facets")), ==, 1);
  reply = json_object_get_object_member (object, "reply");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "root"), "uri"), ==, parent.root_uri);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "root"), "cid"), ==, "bafya");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "parent"), "uri"), ==, parent.uri);
  g_assert_false (json_object_has_member (object, "embed"));

  too_many = rz_bluesky_json_build_post ("x", "2026-11-25T10:00:00.000Z", NULL, NULL, five, &error);
  g_assert_null (too_many);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_clear_error (&error);

  g_assert_null (rz_bluesky_json_build_post ("x", "2026-11-25T10:00:00.000Z", NULL, NULL, foreign, &error));
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
}

static void
test_datetime (void)
{
  g_autofree char *text = rz_bluesky_format_datetime (1795598870LL * G_USEC_PER_SEC + 123456);

  g_assert_cmpstr (text, ==, "2026-11-25T09:27:50.123Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rz/bluesky/tid/encoding", test_tid_encoding);
  g_test_add_func ("/rz/bluesky/tid/for-key", test_tid_for_key);
  g_test_add_func ("/rz/bluesky/sign-in/app-password", test_app_password);
  g_test_add_func ("/rz/bluesky/sign-in/identifier", test_identifier);
  g_test_add_func ("/rz/bluesky/sign-in/service", test_service);
  g_test_add_func ("/rz/bluesky/json/session", test_session);
  g_test_add_func ("/rz/bluesky/json/session-invalid", test_session_invalid);
  g_test_add_func ("/rz/bluesky/json/jwt", test_jwt);
  g_test_add_func ("/rz/bluesky/json/at-uri", test_at_uri);
  g_test_add_func ("/rz/bluesky/json/notifications", test_notifications);
  g_test_add_func ("/rz/bluesky/json/notifications-invalid", test_notifications_invalid);
  g_test_add_func ("/rz/bluesky/json/thread", test_thread);
  g_test_add_func ("/rz/bluesky/json/posts", test_posts);
  g_test_add_func ("/rz/bluesky/json/profile", test_profile);
  g_test_add_func ("/rz/bluesky/json/media-id", test_media_id);
  g_test_add_func ("/rz/bluesky/json/build-post", test_build_post);
  g_test_add_func ("/rz/bluesky/json/datetime", test_datetime);

  return g_test_run ();
}
