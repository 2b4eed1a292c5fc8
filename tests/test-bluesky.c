/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Bluesky provider against the AT Protocol reference network (PLC, PDS
 * and AppView from @atproto/dev-env) on 127.0.0.1, started by
 * tests/servers/with-servers.sh atproto. What the test does on the
 * customer's side (accounts, posts, replies) goes through the server's API
 * directly; the network's control server counts requests and simulates
 * outages. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "rz-bluesky-json.h"
#include "rz-bluesky-provider.h"
#include "rz-bluesky-provider-private.h"
#include "rz-bluesky-tid.h"
#include "rz-net-error.h"
#include "rz-test-async.h"

static const char *pds_url;
static const char *control_url;
static char *appview;
static SoupSession *raw_session;

typedef struct {
  char *did;
  char *handle;
  char *password;
  char *access;
  char *app_password;
} Account;

static void
account_free (Account *account)
{
  g_free (account->did);
  g_free (account->handle);
  g_free (account->password);
  g_free (account->access);
  g_free (account->app_password);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

/* --- the server, directly ------------------------------------------------ */

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

/* One request with libsoup's synchronous API on a session of its own. */
static JsonNode *
http (const char *method,
      const char *uri,
      const char *token,
      gboolean    proxy,
      JsonNode   *body,
      guint      *status)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  if (proxy)
    soup_message_headers_replace (soup_message_get_request_headers (message), "atproto-proxy", appview);
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      g_autoptr(GBytes) request = g_bytes_new (text, strlen (text));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (raw_session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);
  else if (soup_message_get_status (message) != 200)
    g_error ("%s %s: %u %.*s", method, uri, soup_message_get_status (message),
             (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));

  return parse_json (bytes);
}

static JsonNode *
xrpc (const char *method,
      const char *nsid,
      const char *query,
      const char *token,
      JsonNode   *body,
      guint      *status)
{
  g_autofree char *uri = g_strdup_printf ("%s/xrpc/%s%s%s", pds_url, nsid,
                                          query != NULL ? "?" : "", query != NULL ? query : "");

  return http (method, uri, token, g_str_has_prefix (nsid, "app.bsky."), body, status);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
member (JsonNode   *node,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *at = node;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_assert_true (JSON_NODE_HOLDS_OBJECT (at));
      at = json_object_get_member (json_node_get_object (at), parts[i]);
      g_assert_nonnull (at);
    }

  return json_node_get_string (at);
}

static char *
random_label (const char *prefix)
{
  GString *label = g_string_new (prefix);

  for (guint i = 0; i < 6; i++)
    g_string_append_c (label, "abcdefghijklmnopqrstuvwxyz0123456789"[g_random_int_range (0, 36)]);
  return g_string_free (label, FALSE);
}

static Account *
create_account (const char *prefix)
{
  g_autofree char *label = random_label (prefix);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) app = NULL;
  g_autoptr(JsonNode) app_request = json ("{\"name\": \"Resonanz\"}");
  Account *account = g_new0 (Account, 1);

  account->handle = g_strconcat (label, ".test", NULL);
  account->password = g_strconcat ("main-", label, "-password", NULL);

  {
    g_autofree char *email = g_strconcat (label, "@example.com", NULL);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "handle");
    json_builder_add_string_value (builder, account->handle);
    json_builder_set_member_name (builder, "email");
    json_builder_add_string_value (builder, email);
    json_builder_set_member_name (builder, "password");
    json_builder_add_string_value (builder, account->password);
    json_builder_end_object (builder);
    body = json_builder_get_root (builder);
  }

  created = xrpc ("POST", "com.atproto.server.createAccount", NULL, NULL, body, NULL);
  account->did = g_strdup (member (created, "did"));
  account->access = g_strdup (member (created, "accessJwt"));

  app = xrpc ("POST", "com.atproto.server.createAppPassword", NULL, account->access,
              app_request, NULL);
  account->app_password = g_strdup (member (app, "password"));
  g_assert_true (rz_bluesky_looks_like_app_password (account->app_password));

  return account;
}

static JsonNode *
control (const char *method,
         const char *path)
{
  g_autofree char *uri = g_strconcat (control_url, path, NULL);

  return http (method, uri, NULL, FALSE, NULL, NULL);
}

/* How many requests for @nsid the PDS has had so far. */
static gint64
count_of (const char *nsid)
{
  g_autoptr(JsonNode) counts = control ("GET", "/counts");

  return json_object_get_int_member_with_default (json_node_get_object (counts), nsid, 0);
}

/* Waits until the AppView has indexed all the PDS has, and sees @uri: a
 * reply written right after its parent can lose its notification for good
 * otherwise (the AppView indexes both at once). */
static void
wait_visible (Account    *viewer,
              const char *uri)
{
  g_autofree char *escaped = g_uri_escape_string (uri, NULL, FALSE);
  g_autofree char *query = g_strconcat ("uris=", escaped, NULL);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(JsonNode) posts = NULL;

      json_node_unref (control ("POST", "/process-all"));
      posts = xrpc ("GET", "app.bsky.feed.getPosts", query, viewer->access, NULL, NULL);
      if (json_array_get_length (json_object_get_array_member (json_node_get_object (posts), "posts")) == 1)
        return;
      g_usleep (50 * 1000);
    }

  g_error ("The AppView does not show %s", uri);
}

static void
settle (void)
{
  json_node_unref (control ("POST", "/process-all"));
}

/* Posts as @author, a reply when @parent_uri is given (a reply to a post
 * that is no reply itself: root and parent are the same). */
static char *
create_post (Account    *author,
             const char *text,
             const char *parent_uri,
             const char *parent_cid,
             JsonNode   *extra,
             char      **cid)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *created_at = rz_bluesky_format_datetime (g_get_real_time ());
  JsonObject *record = json_object_new ();
  JsonObject *object;

  json_object_set_string_member (record, "$type", "app.bsky.feed.post");
  json_object_set_string_member (record, "text", text);
  json_object_set_string_member (record, "createdAt", created_at);
  if (parent_uri != NULL)
    {
      g_autofree char *refs = g_strdup_printf ("{\"root\": {\"uri\": \"%s\", \"cid\": \"%s\"},"
                                               " \"parent\": {\"uri\": \"%s\", \"cid\": \"%s\"}}",
                                               parent_uri, parent_cid, parent_uri, parent_cid);

      json_object_set_member (record, "reply", json (refs));
    }
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (extra));
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (record, name, json_node_copy (value));
    }

  body = json_node_new (JSON_NODE_OBJECT);
  object = json_object_new ();
  json_object_set_string_member (object, "repo", author->did);
  json_object_set_string_member (object, "collection", "app.bsky.feed.post");
  json_object_set_object_member (object, "record", record);
  json_node_take_object (body, object);

  created = xrpc ("POST", "com.atproto.repo.createRecord", NULL, author->access, body, NULL);
  if (cid != NULL)
    *cid = g_strdup (member (created, "cid"));
  return g_strdup (member (created, "uri"));
}

static JsonNode *
get_record (const char *uri)
{
  g_autofree char *did = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *rkey = NULL;
  g_autofree char *query = NULL;
  guint status = 0;
  JsonNode *node;

  g_assert_true (rz_bluesky_parse_at_uri (uri, &did, &collection, &rkey));
  query = g_strdup_printf ("repo=%s&collection=%s&rkey=%s", did, collection, rkey);
  node = xrpc ("GET", "com.atproto.repo.getRecord", query, NULL, NULL, &status);
  if (status != 200)
    g_clear_pointer (&node, json_node_unref);
  return node;
}

/* How many posts in @account's repository say exactly @text. */
static guint
count_posts_with_text (Account    *account,
                       const char *text)
{
  g_autofree char *query = g_strdup_printf ("repo=%s&collection=app.bsky.feed.post&limit=100", account->did);
  g_autoptr(JsonNode) listed = xrpc ("GET", "com.atproto.repo.listRecords", query, NULL, NULL, NULL);
  JsonArray *records = json_object_get_array_member (json_node_get_object (listed), "records");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *value = json_object_get_object_member (json_array_get_object_element (records, i), "value");

      if (g_strcmp0 (json_object_get_string_member (value, "text"), text) == 0)
        n++;
    }

  return n;
}

/* --- the provider, synchronously ----------------------------------------- */

static RzProvider *
new_provider (RzHttpClient *client,
              Account      *account)
{
  RzProvider *provider = rz_bluesky_provider_new (client, pds_url, account->handle);

  rz_bluesky_provider_set_appview (RZ_BLUESKY_PROVIDER (provider), appview);
  return provider;
}

static RzRemoteAccount *
sign_in (RzProvider  *provider,
         const char  *secret,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_sign_in_async (provider, secret, NULL, rz_test_store_result, &result);
  return rz_provider_sign_in_finish (provider, rz_test_wait_for (&result), error);
}

static RzProvider *
signed_in_provider (RzHttpClient *client,
                    Account      *account)
{
  g_autoptr(RzProvider) provider = new_provider (client, account);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = sign_in (provider, account->app_password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
  return g_steal_pointer (&provider);
}

static GPtrArray *
fetch_inbox (RzProvider  *provider,
             const char  *cursor,
             char       **new_cursor,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_fetch_inbox_async (provider, cursor, NULL, rz_test_store_result, &result);
  return rz_provider_fetch_inbox_finish (provider, rz_test_wait_for (&result), new_cursor, error);
}

static RzPostResult *
post (RzProvider          *provider,
      const char          *text,
      const char * const  *media_ids,
      const char          *key,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_post_async (provider, text, media_ids, key, NULL, rz_test_store_result, &result);
  return rz_provider_post_finish (provider, rz_test_wait_for (&result), error);
}

static RzPostResult *
reply (RzProvider    *provider,
       const char    *parent,
       const char    *text,
       const char    *key,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_reply_async (provider, parent, text, NULL, key, cancellable, rz_test_store_result, &result);
  return rz_provider_reply_finish (provider, rz_test_wait_for (&result), error);
}

static void
on_secret_changed (RzBlueskyProvider *provider,
                   guint             *n_changes)
{
  (*n_changes)++;
}

static char *
secret_with_access (const char *secret,
                    const char *access_jwt)
{
  g_autoptr(JsonNode) node = json (secret);

  json_object_set_string_member (json_node_get_object (node), "accessJwt", access_jwt);
  return json_to_string (node, FALSE);
}

static char *
base64url (const char *text)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) text, strlen (text));
  GString *out = g_string_new (encoded);

  g_string_replace (out, "+", "-", 0);
  g_string_replace (out, "/", "_", 0);
  g_string_replace (out, "=", "", 0);
  return g_string_free (out, FALSE);
}

/* --- sign-in and session ------------------------------------------------- */

static void
test_sign_in (void)
{
  g_autoptr(Account) cafe = create_account ("cafe");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = new_provider (client, cafe);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *expected_handle = g_strconcat ("@", cafe->handle, NULL);
  gint64 sessions_before = count_of ("com.atproto.server.createSession");
  guint n_changes = 0;

  g_signal_connect (provider, "secret-changed", G_CALLBACK (on_secret_changed), &n_changes);
  g_assert_null (rz_provider_dup_secret (provider));

  remote = sign_in (provider, cafe->app_password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote->id, ==, cafe->did);
  g_assert_cmpstr (remote->handle, ==, expected_handle);
  g_assert_nonnull (remote->display_name);
  g_assert_cmpint (count_of ("com.atproto.server.createSession"), ==, sessions_before + 1);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_true (rz_bluesky_provider_get_uses_app_password (RZ_BLUESKY_PROVIDER (provider)));
  g_assert_cmpstr (rz_bluesky_provider_get_pds_url (RZ_BLUESKY_PROVIDER (provider)), ==, pds_url);

  /* The keyring gets the session, never the app password. */
  secret = rz_provider_dup_secret (provider);
  g_assert_nonnull (secret);
  g_assert_null (strstr (secret, cafe->app_password));
  g_assert_nonnull (strstr (secret, cafe->did));
}

static void
test_sign_in_main_password (void)
{
  g_autoptr(Account) cafe = create_account ("main");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = new_provider (client, cafe);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  /* Works, but the form warns before, and the session tells after. */
  g_assert_false (rz_bluesky_looks_like_app_password (cafe->password));
  remote = sign_in (provider, cafe->password, &error);
  g_assert_no_error (error);
  g_assert_false (rz_bluesky_provider_get_uses_app_password (RZ_BLUESKY_PROVIDER (provider)));
}

static void
test_sign_in_wrong_password (void)
{
  g_autoptr(Account) cafe = create_account ("wrong");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = new_provider (client, cafe);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = sign_in (provider, "abcd-efgh-ijkl-mnop", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_null (remote);
  g_assert_nonnull (strstr (error->message, "app password"));
  g_assert_null (strstr (error->message, "abcd-efgh"));
  g_assert_null (rz_provider_dup_secret (provider));
}

/* A stored session signs in without createSession, and with no refresh
 * while its access token is valid. */
static void
test_session_stored (void)
{
  g_autoptr(Account) cafe = create_account ("stored");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) first = signed_in_provider (client, cafe);
  g_autoptr(RzProvider) second = new_provider (client, cafe);
  g_autofree char *secret = rz_provider_dup_secret (first);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sessions = count_of ("com.atproto.server.createSession");
  gint64 refreshes = count_of ("com.atproto.server.refreshSession");

  remote = sign_in (second, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote->id, ==, cafe->did);
  g_assert_cmpint (count_of ("com.atproto.server.createSession"), ==, sessions);
  g_assert_cmpint (count_of ("com.atproto.server.refreshSession"), ==, refreshes);
}

/* An access token the server refuses: one refreshSession, the request
 * again, the new session announced; never createSession. */
static void
test_session_refused_access (void)
{
  g_autoptr(Account) cafe = create_account ("refused");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) first = signed_in_provider (client, cafe);
  g_autoptr(RzProvider) second = new_provider (client, cafe);
  g_autofree char *stored = rz_provider_dup_secret (first);
  g_autofree char *broken = secret_with_access (stored, "garbage");
  g_autofree char *renewed = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sessions = count_of ("com.atproto.server.createSession");
  gint64 refreshes = count_of ("com.atproto.server.refreshSession");
  gint64 checks = count_of ("com.atproto.server.getSession");
  guint n_changes = 0;

  g_signal_connect (second, "secret-changed", G_CALLBACK (on_secret_changed), &n_changes);
  remote = sign_in (second, broken, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote->id, ==, cafe->did);
  g_assert_cmpint (count_of ("com.atproto.server.createSession"), ==, sessions);
  g_assert_cmpint (count_of ("com.atproto.server.refreshSession"), ==, refreshes + 1);
  /* Refused once, then accepted. */
  g_assert_cmpint (count_of ("com.atproto.server.getSession"), ==, checks + 2);
  g_assert_cmpuint (n_changes, ==, 1);

  renewed = rz_provider_dup_secret (second);
  g_assert_null (strstr (renewed, "garbage"));

  /* And it keeps working, without further refreshes. */
  comments = fetch_inbox (second, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_of ("com.atproto.server.refreshSession"), ==, refreshes + 1);
}

/* An access token that has run out is renewed before it is used. */
static void
test_session_expired_access (void)
{
  g_autoptr(Account) cafe = create_account ("expired");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) first = signed_in_provider (client, cafe);
  g_autoptr(RzProvider) second = new_provider (client, cafe);
  g_autofree char *stored = rz_provider_dup_secret (first);
  g_autofree char *header = base64url ("{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}");
  g_autofree char *claims = g_strdup_printf ("{\"scope\":\"com.atproto.appPass\",\"sub\":\"%s\",\"exp\":%" G_GINT64_FORMAT "}",
                                             cafe->did, g_get_real_time () / G_USEC_PER_SEC - 600);
  g_autofree char *payload = base64url (claims);
  g_autofree char *expired = g_strconcat (header, ".", payload, ".c2lnbmF0dXJl", NULL);
  g_autofree char *secret = secret_with_access (stored, expired);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sessions = count_of ("com.atproto.server.createSession");
  gint64 refreshes = count_of ("com.atproto.server.refreshSession");
  gint64 checks = count_of ("com.atproto.server.getSession");

  g_assert_cmpint (rz_bluesky_jwt_get_expiry (expired), <, g_get_real_time () / G_USEC_PER_SEC);
  remote = sign_in (second, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_of ("com.atproto.server.createSession"), ==, sessions);
  g_assert_cmpint (count_of ("com.atproto.server.refreshSession"), ==, refreshes + 1);
  /* Never sent with the expired token. */
  g_assert_cmpint (count_of ("com.atproto.server.getSession"), ==, checks + 1);
}

/* When the refresh token is gone too, only a new sign-in helps: a clear
 * UNAUTHORIZED, and no createSession behind the user's back. */
static void
test_session_ended (void)
{
  g_autoptr(Account) cafe = create_account ("ended");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) first = signed_in_provider (client, cafe);
  g_autoptr(RzProvider) second = new_provider (client, cafe);
  g_autofree char *stored = rz_provider_dup_secret (first);
  g_autoptr(JsonNode) node = json (stored);
  g_autofree char *broken = NULL;
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sessions = count_of ("com.atproto.server.createSession");

  json_object_set_string_member (json_node_get_object (node), "accessJwt", "garbage");
  json_object_set_string_member (json_node_get_object (node), "refreshJwt", "garbage-too");
  broken = json_to_string (node, FALSE);

  remote = sign_in (second, broken, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "app password"));
  g_assert_cmpint (count_of ("com.atproto.server.createSession"), ==, sessions);
}

/* --- inbox --------------------------------------------------------------- */

static RzComment *
find_comment (GPtrArray  *comments,
              const char *remote_id)
{
  for (guint i = 0; i < comments->len; i++)
    if (g_strcmp0 (rz_comment_get_remote_id (g_ptr_array_index (comments, i)), remote_id) == 0)
      return g_ptr_array_index (comments, i);
  return NULL;
}

static void
test_inbox (void)
{
  g_autoptr(Account) cafe = create_account ("inbox");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autofree char *cursor3 = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *reply_uri = NULL;
  g_autofree char *mention_uri = NULL;
  g_autofree char *quote_uri = NULL;
  g_autofree char *late_uri = NULL;
  g_autofree char *mention_text = g_strdup_printf ("Hallo @%s, habt ihr Hafermilch?", cafe->handle);
  g_autofree char *facets = NULL;
  g_autofree char *embed = NULL;
  g_autofree char *kundin_handle = g_strconcat ("@", kundin->handle, NULL);
  g_autoptr(JsonNode) ours_record = NULL;
  RzComment *comment;

  ours = post (provider, "Frische Brötchen ab 7 Uhr!", NULL, "inbox-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  g_assert_nonnull (ours_record);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);

  /* A reply, a mention and a quote, as a customer writes them. */
  reply_uri = create_post (kundin, "Habt ihr auch Dinkel?", ours->remote_id, ours_cid, NULL, NULL);
  facets = g_strdup_printf ("{\"facets\": [{\"index\": {\"byteStart\": 6, \"byteEnd\": %zu},"
                            " \"features\": [{\"$type\": \"app.bsky.richtext.facet#mention\", \"did\": \"%s\"}]}]}",
                            6 + 1 + strlen (cafe->handle), cafe->did);
  {
    g_autoptr(JsonNode) extra = json (facets);

    mention_uri = create_post (kundin, mention_text, NULL, NULL, extra, NULL);
  }
  embed = g_strdup_printf ("{\"embed\": {\"$type\": \"app.bsky.embed.record\","
                           " \"record\": {\"uri\": \"%s\", \"cid\": \"%s\"}}}", ours->remote_id, ours_cid);
  {
    g_autoptr(JsonNode) extra = json (embed);

    quote_uri = create_post (kundin, "Beste Brötchen der Stadt!", NULL, NULL, extra, NULL);
  }
  wait_visible (cafe, quote_uri);
  settle ();

  comments = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  g_assert_cmpuint (comments->len, ==, 3);

  comment = find_comment (comments, reply_uri);
  g_assert_nonnull (comment);
  g_assert_cmpstr (rz_comment_get_text (comment), ==, "Habt ihr auch Dinkel?");
  g_assert_cmpstr (rz_comment_get_channel (comment), ==, "bluesky");
  g_assert_cmpstr (rz_comment_get_author_handle (comment), ==, kundin_handle);
  g_assert_cmpstr (rz_comment_get_parent_remote_id (comment), ==, ours->remote_id);
  g_assert_cmpstr (rz_comment_get_context (comment), ==, "Frische Brötchen ab 7 Uhr!");
  g_assert_true (g_str_has_prefix (rz_comment_get_url (comment), "https://bsky.app/profile/"));
  g_assert_cmpint (ABS (rz_comment_get_created_at (comment) - g_get_real_time () / G_USEC_PER_SEC), <, 300);

  comment = find_comment (comments, mention_uri);
  g_assert_nonnull (comment);
  g_assert_cmpstr (rz_comment_get_text (comment), ==, mention_text);
  g_assert_null (rz_comment_get_parent_remote_id (comment));

  comment = find_comment (comments, quote_uri);
  g_assert_nonnull (comment);
  g_assert_cmpstr (rz_comment_get_parent_remote_id (comment), ==, ours->remote_id);
  g_assert_cmpstr (rz_comment_get_context (comment), ==, "Frische Brötchen ab 7 Uhr!");

  /* Oldest first. */
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (comments, 0)), ==, reply_uri);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (comments, 2)), ==, quote_uri);

  /* Nothing new: nothing delivered twice, though the overlap is read. */
  again = fetch_inbox (provider, cursor, &cursor2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  late_uri = create_post (kundin, "Und Roggen?", ours->remote_id, ours_cid, NULL, NULL);
  wait_visible (cafe, late_uri);
  settle ();
  later = fetch_inbox (provider, cursor2, &cursor3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (later, 0)), ==, late_uri);
}

/* --- posting ------------------------------------------------------------- */

static JsonObject *
facet_of_type (JsonArray  *facets,
               const char *type)
{
  for (guint i = 0; i < json_array_get_length (facets); i++)
    {
      JsonObject *facet = json_array_get_object_element (facets, i);
      JsonObject *feature = json_array_get_object_element (json_object_get_array_member (facet, "features"), 0);

      if (g_strcmp0 (json_object_get_string_member (feature, "$type"), type) == 0)
        return facet;
    }
  return NULL;
}

static void
assert_facet (JsonObject *facet,
              const char *text,
              const char *covered)
{
  JsonObject *index = json_object_get_object_member (facet, "index");
  const char *start = strstr (text, covered);

  g_assert_nonnull (facet);
  g_assert_nonnull (start);
  g_assert_cmpint (json_object_get_int_member (index, "byteStart"), ==, start - text);
  g_assert_cmpint (json_object_get_int_member (index, "byteEnd"), ==, start - text + strlen (covered));
}

typedef struct {
  const char *path;
  gboolean    cancel;       /* cancel once the request is sent */
  Account    *account;      /* else: create the record first, under this key */
  const char *rkey;
  const char *text;
  const char *parent_uri;
  const char *parent_cid;
  GCancellable *cancellable;
  guint       hits;
} RequestHook;

static void
on_wrote_body (SoupMessage *message,
               RequestHook *hook)
{
  g_cancellable_cancel (hook->cancellable);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   RequestHook *hook)
{
  if (strstr (g_uri_get_path (soup_message_get_uri (message)), hook->path) == NULL || hook->hits++ > 0)
    return;

  if (hook->cancel)
    g_signal_connect (message, "wrote-body", G_CALLBACK (on_wrote_body), hook);
  else
    {
      /* Someone else (an earlier attempt, as far as the server can tell)
       * makes the record just before ours arrives. */
      g_autofree char *created_at = rz_bluesky_format_datetime (g_get_real_time ());
      g_autofree char *body = g_strdup_printf ("{\"repo\": \"%s\", \"collection\": \"app.bsky.feed.post\","
                                               " \"rkey\": \"%s\", \"record\": {\"$type\": \"app.bsky.feed.post\","
                                               " \"text\": \"%s\", \"createdAt\": \"%s\","
                                               " \"reply\": {\"root\": {\"uri\": \"%s\", \"cid\": \"%s\"},"
                                               " \"parent\": {\"uri\": \"%s\", \"cid\": \"%s\"}}}}",
                                               hook->account->did, hook->rkey, hook->text, created_at,
                                               hook->parent_uri, hook->parent_cid,
                                               hook->parent_uri, hook->parent_cid);
      g_autoptr(JsonNode) node = json (body);

      json_node_unref (xrpc ("POST", "com.atproto.repo.createRecord", NULL, hook->account->access, node, NULL));
    }
}

static void
test_reply (void)
{
  g_autoptr(Account) cafe = create_account ("reply");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(RzPostResult) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ours_record = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *question_cid = NULL;
  g_autofree char *question = NULL;
  g_autofree char *text = NULL;
  g_autofree char *mention = g_strconcat ("@", kundin->handle, NULL);
  gint64 creates;
  JsonArray *facets;
  JsonObject *facet;

  ours = post (provider, "Heute neu: Franzbrötchen.", NULL, "reply-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);
  question = create_post (kundin, "Wie lange habt ihr heute offen?", ours->remote_id, ours_cid, NULL, &question_cid);
  wait_visible (cafe, question);

  /* Umlauts and an emoji before every facet: byte offsets differ from
   * character offsets there. */
  text = g_strdup_printf ("Grüße, %s! 🥐 Bis 18 Uhr – Details: https://bäckerei.example/öffnungszeiten. #Frühstück",
                          mention);
  answer = reply (provider, question, text, "reply-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (answer->remote_id, "at://"));
  g_assert_true (g_str_has_prefix (answer->url, "https://bsky.app/profile/"));

  record = get_record (answer->remote_id);
  g_assert_nonnull (record);
  g_assert_cmpstr (member (record, "value.text"), ==, text);
  /* The question is itself a reply: the thread's root is our post. */
  g_assert_cmpstr (member (record, "value.reply.root.uri"), ==, ours->remote_id);
  g_assert_cmpstr (member (record, "value.reply.root.cid"), ==, ours_cid);
  g_assert_cmpstr (member (record, "value.reply.parent.uri"), ==, question);
  g_assert_cmpstr (member (record, "value.reply.parent.cid"), ==, question_cid);

  facets = json_object_get_array_member (json_object_get_object_member (json_node_get_object (record), "value"), "facets");
  g_assert_cmpuint (json_array_get_length (facets), ==, 3);
  facet = facet_of_type (facets, "app.bsky.richtext.facet#mention");
  assert_facet (facet, text, mention);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (facet, "features"), 0), "did"),
                   ==, kundin->did);
  facet = facet_of_type (facets, "app.bsky.richtext.facet#link");
  assert_facet (facet, text, "https://bäckerei.example/öffnungszeiten");
  facet = facet_of_type (facets, "app.bsky.richtext.facet#tag");
  assert_facet (facet, text, "#Frühstück");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (facet, "features"), 0), "tag"),
                   ==, "Frühstück");

  /* The same reply again (the outbox retrying): found, not made twice. */
  creates = count_of ("com.atproto.repo.createRecord");
  again = reply (provider, question, text, "reply-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->remote_id, ==, answer->remote_id);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);
}

static void
test_reply_cancelled_after_send (void)
{
  g_autoptr(Account) cafe = create_account ("cancel");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(RzPostResult) retried = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ours_record = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *question = NULL;
  g_autofree char *rkey = rz_bluesky_tid_for_key ("cancel-1", g_get_real_time (), 0);
  g_autofree char *expected_uri = g_strdup_printf ("at://%s/app.bsky.feed.post/%s", cafe->did, rkey);
  const char *text = "Ja, bis 18 Uhr. Bis später!";
  RequestHook hook = { .path = "com.atproto.repo.createRecord", .cancel = TRUE };
  gulong handler;
  gint64 creates;

  ours = post (provider, "Kuchen des Tages: Bienenstich.", NULL, "cancel-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);
  question = create_post (kundin, "Bis wann gibt es den?", ours->remote_id, ours_cid, NULL, NULL);
  wait_visible (cafe, question);

  /* The request reaches the server, the answer never reaches us. */
  hook.cancellable = cancellable;
  handler = g_signal_connect (rz_http_client_get_session (client), "request-queued",
                              G_CALLBACK (on_request_queued), &hook);
  answer = reply (provider, question, text, "cancel-1", cancellable, &error);
  g_signal_handler_disconnect (rz_http_client_get_session (client), handler);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (answer);
  g_clear_error (&error);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(JsonNode) made = get_record (expected_uri);

      if (made != NULL)
        break;
      g_usleep (50 * 1000);
    }
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);

  /* The outbox tries again with the same key. */
  creates = count_of ("com.atproto.repo.createRecord");
  retried = reply (provider, question, text, "cancel-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (retried->remote_id, ==, expected_uri);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);
}

/* The earlier attempt lands between our check and our create: the create
 * fails (the key is taken), and the provider finds the record. */
static void
test_reply_lost_race (void)
{
  g_autoptr(Account) cafe = create_account ("race");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ours_record = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *question = NULL;
  g_autofree char *question_cid = NULL;
  g_autofree char *rkey = rz_bluesky_tid_for_key ("race-1", g_get_real_time (), 0);
  g_autofree char *expected_uri = g_strdup_printf ("at://%s/app.bsky.feed.post/%s", cafe->did, rkey);
  const char *text = "Gern geschehen!";
  RequestHook hook = { .path = "com.atproto.repo.createRecord", .cancel = FALSE };
  gulong handler;

  ours = post (provider, "Danke für 1000 Follower!", NULL, "race-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);
  question = create_post (kundin, "Glückwunsch!", ours->remote_id, ours_cid, NULL, &question_cid);
  wait_visible (cafe, question);

  hook.account = cafe;
  hook.rkey = rkey;
  hook.text = text;
  hook.parent_uri = ours->remote_id;
  hook.parent_cid = ours_cid;
  handler = g_signal_connect (rz_http_client_get_session (client), "request-queued",
                              G_CALLBACK (on_request_queued), &hook);
  answer = reply (provider, question, text, "race-1", NULL, &error);
  g_signal_handler_disconnect (rz_http_client_get_session (client), handler);
  g_assert_no_error (error);
  g_assert_cmpuint (hook.hits, >=, 1);
  g_assert_cmpstr (answer->remote_id, ==, expected_uri);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);
}

/* The smallest PNG: one transparent pixel. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
  0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
};

static void
test_post_image (void)
{
  g_autoptr(Account) cafe = create_account ("image");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(GBytes) png = g_bytes_new_static (tiny_png, sizeof tiny_png);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RzPostResult) made = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *media_id = NULL;
  const char *media_ids[2] = { NULL, NULL };
  JsonObject *image;

  rz_provider_upload_media_async (provider, png, "image/png", "Ein Croissant auf einem Teller", NULL,
                                  rz_test_store_result, &result);
  media_id = rz_provider_upload_media_finish (provider, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (media_id);

  media_ids[0] = media_id;
  made = post (provider, "Unser Croissant 🥐", media_ids, "image-1", &error);
  g_assert_no_error (error);

  record = get_record (made->remote_id);
  g_assert_cmpstr (member (record, "value.embed.$type"), ==, "app.bsky.embed.images");
  image = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (record), "value"), "embed"), "images"), 0);
  g_assert_cmpstr (json_object_get_string_member (image, "alt"), ==, "Ein Croissant auf einem Teller");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (image, "image"), "mimeType"), ==, "image/png");
}

static void
test_post_too_long (void)
{
  g_autoptr(Account) cafe = create_account ("long");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(RzPostResult) made = NULL;
  g_autoptr(GError) error = NULL;
  gint64 creates = count_of ("com.atproto.repo.createRecord");

  /* 301 graphemes, each a family emoji of several code points. */
  for (guint i = 0; i < 301; i++)
    g_string_append (text, "👨‍👩‍👧");
  made = post (provider, text->str, NULL, "long-1", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates);
  g_clear_error (&error);

  /* 300 are too many as well: Bluesky also limits the text to 3000
   * bytes, and each of them takes 18. */
  g_string_truncate (text, 300 * strlen ("👨‍👩‍👧"));
  made = post (provider, text->str, NULL, "long-2", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates);
  g_clear_error (&error);

  /* 300 umlauts are fine, though 600 bytes. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 300; i++)
    g_string_append (text, "ü");
  made = post (provider, text->str, NULL, "long-3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates + 1);
}

static void
test_thread (void)
{
  g_autoptr(Account) cafe = create_account ("thread");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ours_record = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *question = NULL;

  ours = post (provider, "Sonntag geöffnet!", NULL, "thread-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);
  question = create_post (kundin, "Auch an Ostern?", ours->remote_id, ours_cid, NULL, NULL);
  wait_visible (cafe, question);
  answer = reply (provider, question, "Ja, 8 bis 12 Uhr.", "thread-1", NULL, &error);
  g_assert_no_error (error);
  wait_visible (cafe, answer->remote_id);

  rz_provider_fetch_thread_async (provider, question, NULL, rz_test_store_result, &result);
  thread = rz_provider_fetch_thread_finish (provider, rz_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 3);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 0)), ==, ours->remote_id);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 1)), ==, question);
  g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (thread, 2)), ==, answer->remote_id);
  g_assert_cmpstr (rz_comment_get_text (g_ptr_array_index (thread, 2)), ==, "Ja, 8 bis 12 Uhr.");
}

/* --- outage -------------------------------------------------------------- */

static gboolean
is_outage_error (const GError *error)
{
  return error != NULL && error->domain == RZ_NET_ERROR &&
         (error->code == RZ_NET_ERROR_UNREACHABLE || error->code == RZ_NET_ERROR_TIMEOUT ||
          error->code == RZ_NET_ERROR_INVALID_RESPONSE || error->code == RZ_NET_ERROR_SERVER_ERROR);
}

static void
test_inbox_outage (void)
{
  g_autoptr(Account) cafe = create_account ("outage");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) resumed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) ours_record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *failed_cursor = NULL;
  g_autofree char *resumed_cursor = NULL;
  g_autofree char *after_cursor = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *last = NULL;
  const guint n_replies = 130;

  rz_http_client_set_retry_policy (client, 2, 10);
  provider = signed_in_provider (client, cafe);
  ours = post (provider, "Wer mag Zimtschnecken?", NULL, "outage-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);

  first = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 0);

  /* More than a page of replies while we are away. */
  for (guint i = 1; i <= n_replies; i++)
    {
      g_autofree char *text = g_strdup_printf ("Ich! (%u)", i);

      g_free (last);
      last = create_post (kundin, text, ours->remote_id, ours_cid, NULL, NULL);
    }
  wait_visible (cafe, last);
  settle ();

  /* Killed in the middle of the first request, then between the pages
   * (in the middle of the second request): a clear error each time, no
   * cursor, nothing half delivered. */
  for (guint skip = 0; skip < 2; skip++)
    {
      g_autofree char *fault = g_strdup_printf ("/fault?method=app.bsky.notification.listNotifications&skip=%u", skip);

      json_node_unref (control ("POST", fault));
      failed = fetch_inbox (provider, cursor, &failed_cursor, &error);
      g_assert_true (is_outage_error (error));
      g_assert_nonnull (error->message);
      g_assert_null (failed);
      g_assert_null (failed_cursor);
      g_test_message ("Sync during the outage: %s", error->message);
      g_clear_error (&error);

      json_node_unref (control ("POST", "/pds/start"));
    }

  /* Back up: the next sync resumes from the stored cursor. */
  resumed = fetch_inbox (provider, cursor, &resumed_cursor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (resumed_cursor);
  for (guint i = 0; i < resumed->len; i++)
    g_hash_table_add (texts, g_strdup (rz_comment_get_text (g_ptr_array_index (resumed, i))));
  g_assert_cmpuint (resumed->len, ==, n_replies);
  g_assert_cmpuint (g_hash_table_size (texts), ==, n_replies);
  g_assert_true (g_hash_table_contains (texts, "Ich! (1)"));
  g_assert_true (g_hash_table_contains (texts, "Ich! (130)"));

  after = fetch_inbox (provider, resumed_cursor, &after_cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
}

/* A long absence with a small page budget: each sync reads a part, the
 * cursor keeps where to go on, and in the end everything arrived once. */
static void
test_inbox_bounded (void)
{
  g_autoptr(Account) cafe = create_account ("bounded");
  g_autoptr(Account) kundin = create_account ("kundin");
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client, cafe);
  g_autoptr(RzPostResult) ours = NULL;
  g_autoptr(JsonNode) ours_record = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *ours_cid = NULL;
  g_autofree char *last = NULL;
  g_autofree char *late = NULL;
  const guint n_replies = 23;
  guint syncs = 0;

  rz_bluesky_provider_set_inbox_limits (RZ_BLUESKY_PROVIDER (provider), 5, 2);
  ours = post (provider, "Brezeln frisch aus dem Ofen", NULL, "bounded-post-1", &error);
  g_assert_no_error (error);
  ours_record = get_record (ours->remote_id);
  ours_cid = g_strdup (member (ours_record, "cid"));
  wait_visible (kundin, ours->remote_id);

  {
    g_autoptr(GPtrArray) first = fetch_inbox (provider, NULL, &cursor, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (first->len, ==, 0);
  }

  for (guint i = 1; i <= n_replies; i++)
    {
      g_autofree char *text = g_strdup_printf ("Brezel %u", i);

      g_free (last);
      last = create_post (kundin, text, ours->remote_id, ours_cid, NULL, NULL);
    }
  wait_visible (cafe, last);
  settle ();

  while (g_hash_table_size (seen) < n_replies)
    {
      g_autoptr(GPtrArray) part = NULL;
      g_autofree char *next = NULL;

      g_assert_cmpuint (++syncs, <=, 8);
      part = fetch_inbox (provider, cursor, &next, &error);
      g_assert_no_error (error);
      g_assert_nonnull (next);
      /* At most two pages of five a sync. */
      g_assert_cmpuint (part->len, <=, 10);
      if (syncs == 1)
        g_assert_cmpuint (part->len, ==, 10);
      for (guint i = 0; i < part->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (rz_comment_get_text (g_ptr_array_index (part, i)))));

      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  g_test_message ("%u replies in %u syncs", n_replies, syncs);

  /* Settled: nothing more, and what comes next arrives. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GPtrArray) part = NULL;
      g_autofree char *next = NULL;

      part = fetch_inbox (provider, cursor, &next, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (part->len, ==, 0);
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }

  late = create_post (kundin, "Noch eine Brezel", ours->remote_id, ours_cid, NULL, NULL);
  wait_visible (cafe, late);
  settle ();
  {
    g_autofree char *next = NULL;
    g_autoptr(GPtrArray) part = fetch_inbox (provider, cursor, &next, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (part->len, ==, 1);
    g_assert_cmpstr (rz_comment_get_remote_id (g_ptr_array_index (part, 0)), ==, late);
  }
}

/* --- a first attempt that times out --------------------------------------- */

/* tests/servers/delay-proxy.py in front of the PDS: a slow stretch of
 * network that holds back one request or its answer. */
typedef struct {
  GSubprocess *process;
  char        *url;
} Proxy;

static void
proxy_free (Proxy *proxy)
{
  g_subprocess_send_signal (proxy->process, SIGTERM);
  g_subprocess_wait (proxy->process, NULL, NULL);
  g_object_unref (proxy->process);
  g_free (proxy->url);
  g_free (proxy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

static Proxy *
proxy_start (void)
{
  g_autofree char *script = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "servers", "delay-proxy.py", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);

  proxy->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                     "/usr/bin/python3", script, pds_url, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  proxy->url = g_strconcat ("http://127.0.0.1:", line + strlen ("PORT "), NULL);
  return proxy;
}

static void
proxy_delay (Proxy      *proxy,
             const char *nsid,
             const char *mode,
             guint       seconds)
{
  g_autofree char *uri = g_strdup_printf ("%s/_proxy/delay?path=/xrpc/%s&mode=%s&seconds=%u",
                                          proxy->url, nsid, mode, seconds);

  json_node_unref (http ("POST", uri, NULL, FALSE, NULL, NULL));
}

/* The requests for @nsid the proxy passed on and got an answer to, with
 * the HTTP status of that answer. */
static guint
proxy_forwarded (Proxy      *proxy,
                 const char *nsid,
                 guint       status)
{
  g_autofree char *uri = g_strconcat (proxy->url, "/_proxy/events", NULL);
  g_autofree char *path = g_strconcat ("/xrpc/", nsid, NULL);
  g_autoptr(JsonNode) events = http ("GET", uri, NULL, FALSE, NULL, NULL);
  JsonArray *array = json_node_get_array (events);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *event = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (event, "path"), path) == 0 &&
          json_object_get_int_member (event, "status") == status)
        n++;
    }
  return n;
}

/* Signs in through the proxy with a short timeout; the PDS named in the
 * account's DID document is the proxy too, so every call passes it. */
static RzProvider *
signed_in_behind (RzHttpClient *client,
                  Proxy        *proxy,
                  Account      *account)
{
  RzProvider *provider = rz_bluesky_provider_new (client, proxy->url, account->handle);
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  rz_bluesky_provider_set_appview (RZ_BLUESKY_PROVIDER (provider), appview);
  rz_http_client_set_timeout (client, 2);
  remote = sign_in (provider, account->app_password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rz_bluesky_provider_get_pds_url (RZ_BLUESKY_PROVIDER (provider)), ==, proxy->url);
  return provider;
}

/* The PDS makes the post at once, but its answer comes after the client
 * gave up: the provider finds the post under its record key and reports
 * it made, without a second create. */
static void
test_post_answer_timed_out (void)
{
  g_autoptr(Account) cafe = create_account ("slowans");
  g_autoptr(Proxy) proxy = proxy_start ();
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_behind (client, proxy, cafe);
  g_autoptr(RzPostResult) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rkey = rz_bluesky_tid_for_key ("slow-answer-1", g_get_real_time (), 0);
  g_autofree char *expected_uri = g_strdup_printf ("at://%s/app.bsky.feed.post/%s", cafe->did, rkey);
  const char *text = "Heute bis 14 Uhr: Zwetschgenkuchen vom Blech.";
  gint64 creates = count_of ("com.atproto.repo.createRecord");
  gint64 start = g_get_monotonic_time ();

  proxy_delay (proxy, "com.atproto.repo.createRecord", "response", 6);
  made = post (provider, text, NULL, "slow-answer-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  /* It did wait for the timeout, and no longer. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_assert_cmpstr (made->remote_id, ==, expected_uri);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates + 1);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);
}

/* The request itself is held up on the way and reaches the PDS only after
 * the client gave up: the attempt fails with a timeout and the post is not
 * there yet. When it has been made after all, the outbox's retry with the
 * same key finds it instead of posting it twice. */
static void
test_post_request_timed_out (void)
{
  g_autoptr(Account) cafe = create_account ("slowreq");
  g_autoptr(Proxy) proxy = proxy_start ();
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_behind (client, proxy, cafe);
  g_autoptr(RzPostResult) made = NULL;
  g_autoptr(RzPostResult) retried = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rkey = rz_bluesky_tid_for_key ("slow-request-1", g_get_real_time (), 0);
  g_autofree char *expected_uri = g_strdup_printf ("at://%s/app.bsky.feed.post/%s", cafe->did, rkey);
  const char *text = "Morgen geschlossen – Betriebsausflug!";
  gint64 creates = count_of ("com.atproto.repo.createRecord");
  guint i;

  proxy_delay (proxy, "com.atproto.repo.createRecord", "request", 4);
  made = post (provider, text, NULL, "slow-request-1", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_TIMEOUT);
  g_assert_null (made);
  g_clear_error (&error);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 0);

  /* The held request arrives and the PDS makes the post. */
  for (i = 0; i < 200 && proxy_forwarded (proxy, "com.atproto.repo.createRecord", 200) == 0; i++)
    g_usleep (50 * 1000);
  g_assert_cmpuint (i, <, 200);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates + 1);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);

  /* The retry with the same key: found, not made again. */
  retried = post (provider, text, NULL, "slow-request-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (retried->remote_id, ==, expected_uri);
  g_assert_cmpint (count_of ("com.atproto.repo.createRecord"), ==, creates + 1);
  g_assert_cmpuint (count_posts_with_text (cafe, text), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  pds_url = g_getenv ("RZ_ATPROTO_PDS_URL");
  control_url = g_getenv ("RZ_ATPROTO_CONTROL_URL");
  if (pds_url == NULL || control_url == NULL || g_getenv ("RZ_ATPROTO_APPVIEW_DID") == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh atproto\n");
      return 1;
    }
  appview = g_strconcat (g_getenv ("RZ_ATPROTO_APPVIEW_DID"), "#bsky_appview", NULL);
  raw_session = soup_session_new ();

  g_test_add_func ("/rz/bluesky/sign-in", test_sign_in);
  g_test_add_func ("/rz/bluesky/sign-in/main-password", test_sign_in_main_password);
  g_test_add_func ("/rz/bluesky/sign-in/wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/rz/bluesky/session/stored", test_session_stored);
  g_test_add_func ("/rz/bluesky/session/refused-access", test_session_refused_access);
  g_test_add_func ("/rz/bluesky/session/expired-access", test_session_expired_access);
  g_test_add_func ("/rz/bluesky/session/ended", test_session_ended);
  g_test_add_func ("/rz/bluesky/inbox", test_inbox);
  g_test_add_func ("/rz/bluesky/reply", test_reply);
  g_test_add_func ("/rz/bluesky/reply/cancelled-after-send", test_reply_cancelled_after_send);
  g_test_add_func ("/rz/bluesky/reply/lost-race", test_reply_lost_race);
  g_test_add_func ("/rz/bluesky/post/image", test_post_image);
  g_test_add_func ("/rz/bluesky/post/too-long", test_post_too_long);
  g_test_add_func ("/rz/bluesky/post/answer-timed-out", test_post_answer_timed_out);
  g_test_add_func ("/rz/bluesky/post/request-timed-out", test_post_request_timed_out);
  g_test_add_func ("/rz/bluesky/thread", test_thread);
  g_test_add_func ("/rz/bluesky/inbox/outage", test_inbox_outage);
  g_test_add_func ("/rz/bluesky/inbox/bounded", test_inbox_bounded);

  return g_test_run ();
}
