/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The WordPress provider against WordPress 6.1 (Debian's package, with
 * MariaDB and PHP's built-in server) on 127.0.0.1, started by
 * tests/servers/with-servers.sh wordpress. The customer's side (comments)
 * goes through the REST API directly, as the second user "kundin". */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rz-html-text.h"
#include "rz-net-error.h"
#include "rz-test-async.h"
#include "rz-wordpress-json.h"
#include "rz-wordpress-provider.h"
#include "rz-wordpress-provider-private.h"

static const char *site_url;
static const char *wp_dir;
static const char *cafe_password;
static const char *kundin_password;
static gint64 cafe_id;
static gint64 open_post;
static gint64 moderated_post;
static SoupSession *raw_session;

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

static JsonNode *
rest (const char *method,
      const char *user,
      const char *password,
      const char *route_and_query,
      const char *body,
      guint      *status)
{
  g_autofree char *uri = g_strconcat (site_url, "/wp-json/", route_and_query, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (message);
  if (user != NULL)
    {
      g_autofree char *pair = g_strconcat (user, ":", password, NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (raw_session, message, NULL, &error);
  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    g_error ("%s %s: %u %.*s", method, uri, soup_message_get_status (message),
             (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));

  return parse_json (bytes);
}

/* A comment by the customer, through the REST API as a reader would. */
static gint64
customer_comment (gint64      post,
                  gint64      parent,
                  const char *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "post");
  json_builder_add_int_value (builder, post);
  json_builder_set_member_name (builder, "parent");
  json_builder_add_int_value (builder, parent);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);

  created = rest ("POST", "kundin", kundin_password, "wp/v2/comments", body, NULL);
  return json_object_get_int_member (json_node_get_object (created), "id");
}

static JsonObject *
comment_as_admin (gint64  id,
                  guint  *status)
{
  g_autofree char *route = g_strdup_printf ("wp/v2/comments/%" G_GINT64_FORMAT "?context=edit", id);
  g_autoptr(JsonNode) node = rest ("GET", "cafe", cafe_password, route, NULL, status);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : NULL;
}

/* Our replies under @parent, in any state. */
static guint
count_replies (gint64 parent)
{
  g_autofree char *route = g_strdup_printf ("wp/v2/comments?parent=%" G_GINT64_FORMAT "&author=%" G_GINT64_FORMAT
                                            "&status=all&per_page=100", parent, cafe_id);
  g_autoptr(JsonNode) node = rest ("GET", "cafe", cafe_password, route, NULL, NULL);

  return json_array_get_length (json_node_get_array (node));
}

/* How many replies the site received so far (POSTs of new comments),
 * from the test server's request log. */
static guint
count_comment_posts (void)
{
  g_autofree char *log_path = g_build_filename (g_getenv ("RZ_WORDPRESS_STATE"), "requests.log", NULL);
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (log_path, &log, NULL, NULL))
    return 0;
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "POST /wp-json/wp/v2/comments ") ||
        g_str_has_prefix (lines[i], "POST /?rest_route=/wp/v2/comments "))
      n++;
  return n;
}

static void
touch (const char *name,
       const char *contents)
{
  g_autofree char *path = g_build_filename (wp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
untouch (const char *name)
{
  g_autofree char *path = g_build_filename (wp_dir, name, NULL);

  g_unlink (path);
}

static void
run_script (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* --- the provider, synchronously ----------------------------------------- */

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
signed_in_provider (RzHttpClient *client)
{
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = sign_in (provider, cafe_password, &error);
  g_assert_no_error (error);
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

static RzComment *
find_comment (GPtrArray *comments,
              gint64     id)
{
  g_autofree char *remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  for (guint i = 0; i < comments->len; i++)
    if (g_strcmp0 (rz_comment_get_remote_id (g_ptr_array_index (comments, i)), remote_id) == 0)
      return g_ptr_array_index (comments, i);
  return NULL;
}

/* --- sign-in ------------------------------------------------------------- */

static void
test_sign_in (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzProvider) again = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(RzRemoteAccount) remote_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *api_root = g_strconcat (site_url, "/wp-json/", NULL);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, cafe_id);

  remote = sign_in (provider, cafe_password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote->id, ==, id);
  g_assert_cmpstr (remote->handle, ==, "cafe");
  g_assert_cmpstr (rz_wordpress_provider_get_api_root (RZ_WORDPRESS_PROVIDER (provider)), ==, api_root);
  g_assert_cmpstr (rz_provider_get_channel (provider), ==, "blog");

  /* The stored secret signs in again, without discovering the API anew. */
  secret = rz_provider_dup_secret (provider);
  g_assert_nonnull (strstr (secret, "wp-json"));
  remote_again = sign_in (again, secret, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote_again->id, ==, id);
}

static void
test_sign_in_wrong_password (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = sign_in (provider, "abcd efgh ijkl mnop qrst uvwx", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED);
  g_assert_null (remote);
  g_assert_nonnull (strstr (error->message, "application password"));
  g_assert_null (strstr (error->message, "abcd"));
  g_clear_error (&error);

  /* After a typo, the right password works on the same client. */
  remote = sign_in (provider, cafe_password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);
}

static void
test_sign_in_not_moderator (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "kundin");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  remote = sign_in (provider, kundin_password, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_FORBIDDEN);
  g_assert_null (remote);
}

static void
test_sign_in_insecure (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, "http://blog.example", "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GError) error = NULL;

  /* Plain http beyond this computer: refused before anything is sent. */
  remote = sign_in (provider, cafe_password, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_INSECURE_URL);
}

/* Without the Link header, the API is found at ?rest_route=/. */
static void
test_sign_in_without_link (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *api_root = g_strconcat (site_url, "/?rest_route=/", NULL);
  gint64 id;

  touch ("rz-no-link", "");
  remote = sign_in (provider, cafe_password, &error);
  untouch ("rz-no-link");
  g_assert_no_error (error);
  g_assert_cmpstr (rz_wordpress_provider_get_api_root (RZ_WORDPRESS_PROVIDER (provider)), ==, api_root);

  id = customer_comment (open_post, 0, "Über ?rest_route= gefunden?");
  comments = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_comment (comments, id));
}

/* --- inbox and moderation ------------------------------------------------ */

static void
approve (RzProvider  *provider,
         const char  *remote_id,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_wordpress_provider_approve_async (RZ_WORDPRESS_PROVIDER (provider), remote_id, NULL, rz_test_store_result, &result);
  rz_wordpress_provider_approve_finish (RZ_WORDPRESS_PROVIDER (provider), rz_test_wait_for (&result), error);
}

static void
mark_spam (RzProvider  *provider,
           const char  *remote_id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_wordpress_provider_mark_spam_async (RZ_WORDPRESS_PROVIDER (provider), remote_id, NULL, rz_test_store_result, &result);
  rz_wordpress_provider_mark_spam_finish (RZ_WORDPRESS_PROVIDER (provider), rz_test_wait_for (&result), error);
}

static void
test_inbox (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autofree char *cursor3 = NULL;
  g_autoptr(JsonObject) held_after = NULL;
  gint64 open_id, held_id, late_id;
  RzComment *comment;

  open_id = customer_comment (open_post, 0, "Super, danke &amp; bis <b>bald</b>!");
  held_id = customer_comment (moderated_post, 0, "Habt ihr am 24. offen?");

  first = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);

  comment = find_comment (first, open_id);
  g_assert_nonnull (comment);
  g_assert_cmpstr (rz_comment_get_text (comment), ==, "Super, danke & bis bald!");
  g_assert_cmpstr (rz_comment_get_author (comment), ==, "Erika Mustermann");
  g_assert_cmpstr (rz_comment_get_context (comment), ==, "Frische Brötchen ab 7 Uhr");
  g_assert_cmpstr (rz_wordpress_comment_get_status (comment), ==, "approved");
  g_assert_null (rz_comment_get_parent_remote_id (comment));
  g_assert_true (g_str_has_prefix (rz_comment_get_url (comment), site_url));
  g_assert_cmpint (ABS (rz_comment_get_created_at (comment) - g_get_real_time () / G_USEC_PER_SEC), <, 300);

  /* Held for moderation, and still in the inbox. */
  comment = find_comment (first, held_id);
  g_assert_nonnull (comment);
  g_assert_cmpstr (rz_wordpress_comment_get_status (comment), ==, "hold");
  g_assert_cmpstr (rz_comment_get_context (comment), ==, "Neue Öffnungszeiten & Feiertage");

  approve (provider, rz_comment_get_remote_id (comment), &error);
  g_assert_no_error (error);
  held_after = comment_as_admin (held_id, NULL);
  g_assert_cmpstr (json_object_get_string_member (held_after, "status"), ==, "approved");

  /* Nothing new, nothing twice. */
  again = fetch_inbox (provider, cursor, &cursor2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_cmpstr (cursor2, ==, cursor);

  late_id = customer_comment (open_post, open_id, "Und am Sonntag?");
  later = fetch_inbox (provider, cursor2, &cursor3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 1);
  comment = find_comment (later, late_id);
  g_assert_nonnull (comment);
  {
    g_autofree char *parent = g_strdup_printf ("%" G_GINT64_FORMAT, open_id);

    g_assert_cmpstr (rz_comment_get_parent_remote_id (comment), ==, parent);
  }
}

static void
test_mark_spam (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  gint64 id;
  guint status = 0;

  id = customer_comment (open_post, 0, "Billige Uhren hier: https://spam.example");
  remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  mark_spam (provider, remote_id, &error);
  g_assert_no_error (error);

  /* In the spam folder, where it can be restored: not deleted. */
  after = comment_as_admin (id, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "spam");

  mark_spam (provider, "987654321", &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
}

/* --- replies ------------------------------------------------------------- */

typedef struct {
  GCancellable *cancellable;
  guint         hits;
} CancelHook;

static void
on_wrote_body (SoupMessage *message,
               CancelHook  *hook)
{
  g_cancellable_cancel (hook->cancellable);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   CancelHook  *hook)
{
  if (strcmp (soup_message_get_method (message), "POST") == 0 &&
      g_str_has_suffix (g_uri_get_path (soup_message_get_uri (message)), "/wp/v2/comments") &&
      hook->hits++ == 0)
    g_signal_connect (message, "wrote-body", G_CALLBACK (on_wrote_body), hook);
}

static void
test_reply (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client);
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(RzPostResult) again = NULL;
  g_autoptr(RzPostResult) missing = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *plain = NULL;
  const char *text = "Danke, Erika! 🥐\nÖffnungszeiten: 7–18 Uhr, Preise < 3 € & mehr.";
  gint64 question;
  guint posts;

  question = customer_comment (moderated_post, 0, "Wie lange habt ihr offen?");
  parent = g_strdup_printf ("%" G_GINT64_FORMAT, question);

  answer = reply (provider, parent, text, "wp-reply-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer->remote_id);
  g_assert_true (g_str_has_prefix (answer->url, site_url));

  stored = comment_as_admin (g_ascii_strtoll (answer->remote_id, NULL, 10), NULL);
  /* Threaded under the question, on the question's post. */
  g_assert_cmpint (json_object_get_int_member (stored, "post"), ==, moderated_post);
  g_assert_cmpint (json_object_get_int_member (stored, "parent"), ==, question);
  g_assert_cmpint (json_object_get_int_member (stored, "author"), ==, cafe_id);
  plain = rz_html_text_to_plain (json_object_get_string_member (json_object_get_object_member (stored, "content"), "rendered"));
  g_assert_nonnull (strstr (plain, "Preise < 3 € & mehr."));
  g_assert_nonnull (strstr (plain, "Danke, Erika! 🥐"));

  /* The outbox again with the same key: found, not posted twice (and not
   * merely refused by WordPress as a duplicate: not sent at all). */
  posts = count_comment_posts ();
  again = reply (provider, parent, text, "wp-reply-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_comment_posts (), ==, posts);
  g_assert_cmpstr (again->remote_id, ==, answer->remote_id);
  g_assert_cmpuint (count_replies (question), ==, 1);

  /* A parent that does not exist: WordPress 6.1 would take it, we not. */
  missing = reply (provider, "999999", "Hallo?", "wp-reply-2", NULL, &error);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

static void
test_reply_cancelled_after_send (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RzPostResult) answer = NULL;
  g_autoptr(RzPostResult) retried = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  CancelHook hook = { 0 };
  const char *text = "Gern, bis morgen!";
  gulong handler;
  gint64 question;
  guint posts;

  question = customer_comment (open_post, 0, "Danke für den Tipp!");
  parent = g_strdup_printf ("%" G_GINT64_FORMAT, question);

  /* The reply reaches WordPress; the answer never reaches us. */
  hook.cancellable = cancellable;
  handler = g_signal_connect (rz_http_client_get_session (client), "request-queued",
                              G_CALLBACK (on_request_queued), &hook);
  answer = reply (provider, parent, text, "wp-cancel-1", cancellable, &error);
  g_signal_handler_disconnect (rz_http_client_get_session (client), handler);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (hook.hits, ==, 1);
  g_clear_error (&error);

  /* PHP's server takes one request at a time: this waits for the first. */
  g_assert_cmpuint (count_replies (question), ==, 1);

  posts = count_comment_posts ();
  retried = reply (provider, parent, text, "wp-cancel-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_comment_posts (), ==, posts);
  g_assert_cmpuint (count_replies (question), ==, 1);
}

/* --- outage -------------------------------------------------------------- */

static void
test_inbox_outage (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(GPtrArray) start = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) resumed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *failed_cursor = NULL;
  g_autofree char *resumed_cursor = NULL;
  g_autofree char *after_cursor = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("RZ_SOURCE_ROOT") != NULL ? g_getenv ("RZ_SOURCE_ROOT") : ".",
                                              "tests", "servers", "wordpress", "add-comments.php", NULL);
  g_autofree char *post = g_strdup_printf ("%" G_GINT64_FORMAT, open_post);
  const char *add[] = { "php", script, wp_dir, site_url, post, "150", "Ausfall", NULL };
  const char *start_web[] = { g_getenv ("RZ_WORDPRESS_SCRIPT"), "start-web", g_getenv ("RZ_WORDPRESS_STATE"), NULL };
  guint n_ours = 0;

  rz_http_client_set_retry_policy (client, 2, 10);
  provider = signed_in_provider (client);
  start = fetch_inbox (provider, NULL, &cursor, &error);
  g_assert_no_error (error);

  /* A page and a half of comments, one a second, while we are away. */
  run_script (add);

  /* WordPress dies in the middle of the second page's request. */
  touch ("rz-fault-kill", "1");
  failed = fetch_inbox (provider, cursor, &failed_cursor, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == RZ_NET_ERROR);
  g_assert_true (error->code == RZ_NET_ERROR_UNREACHABLE || error->code == RZ_NET_ERROR_INVALID_RESPONSE ||
                 error->code == RZ_NET_ERROR_TIMEOUT);
  g_assert_null (failed);
  g_assert_null (failed_cursor);
  g_test_message ("Sync during the outage: %s", error->message);
  g_clear_error (&error);

  /* Back up: the next sync resumes from the stored cursor. */
  run_script (start_web);
  resumed = fetch_inbox (provider, cursor, &resumed_cursor, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < resumed->len; i++)
    {
      const char *text = rz_comment_get_text (g_ptr_array_index (resumed, i));

      if (g_str_has_prefix (text, "Ausfall "))
        {
          n_ours++;
          g_hash_table_add (texts, g_strdup (text));
        }
    }
  g_assert_cmpuint (n_ours, ==, 150);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 150);

  after = fetch_inbox (provider, resumed_cursor, &after_cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);
}

/* A long absence with a small page budget: each sync reads a part, the
 * cursor keeps where to go on, and in the end everything arrived once. */
static void
test_inbox_bounded (void)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = signed_in_provider (client);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("RZ_SOURCE_ROOT") != NULL ? g_getenv ("RZ_SOURCE_ROOT") : ".",
                                              "tests", "servers", "wordpress", "add-comments.php", NULL);
  g_autofree char *post = g_strdup_printf ("%" G_GINT64_FORMAT, moderated_post);
  const char *add[] = { "php", script, wp_dir, site_url, post, "27", "Stapel", "3", NULL };
  guint syncs = 0;
  gint64 late;

  rz_wordpress_provider_set_inbox_limits (RZ_WORDPRESS_PROVIDER (provider), 4, 3);
  {
    g_autoptr(GPtrArray) first = fetch_inbox (provider, NULL, &cursor, &error);

    g_assert_no_error (error);
  }

  /* 27 comments in the 4 seconds after the cursor, 7 a second, while a
   * sync reads 12 (and each sync but the first reads one page again). */
  g_usleep (4 * G_USEC_PER_SEC);
  run_script (add);
  while (g_hash_table_size (seen) < 27)
    {
      g_autoptr(GPtrArray) part = NULL;
      g_autofree char *next = NULL;

      g_assert_cmpuint (++syncs, <=, 8);
      part = fetch_inbox (provider, cursor, &next, &error);
      g_assert_no_error (error);
      g_assert_nonnull (next);
      g_assert_cmpuint (part->len, <=, 12);
      for (guint i = 0; i < part->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (rz_comment_get_text (g_ptr_array_index (part, i)))));
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  g_test_message ("27 comments in %u syncs", syncs);
  g_assert_cmpuint (syncs, >=, 4);

  /* Settled, and what comes next arrives once. */
  late = customer_comment (open_post, 0, "Nach dem Stapel");
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(GPtrArray) part = NULL;
      g_autofree char *next = NULL;

      part = fetch_inbox (provider, cursor, &next, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < part->len; j++)
        {
          RzComment *comment = g_ptr_array_index (part, j);

          g_assert_true (g_hash_table_add (seen, g_strdup (rz_comment_get_text (comment))));
          g_assert_cmpint (g_ascii_strtoll (rz_comment_get_remote_id (comment), NULL, 10), ==, late);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  g_assert_true (g_hash_table_contains (seen, "Nach dem Stapel"));
}

/* The test server notes every request: Resonanz never deleted anything,
 * and sent nothing but reads, replies and status changes. */
static void
test_never_deletes (void)
{
  g_autofree char *log_path = g_build_filename (g_getenv ("RZ_WORDPRESS_STATE"), "requests.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (log_path, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (log, "POST /wp-json/wp/v2/comments"));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "DELETE "));
      g_assert_null (strstr (lines[i], "force="));
      g_assert_null (strstr (lines[i], "trash"));
    }
  /* Status changes it did make. */
  g_assert_nonnull (strstr (log, "{\"status\":\"approved\"}"));
  g_assert_nonnull (strstr (log, "{\"status\":\"spam\"}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  site_url = g_getenv ("RZ_WORDPRESS_URL");
  wp_dir = g_getenv ("RZ_WORDPRESS_DIR");
  cafe_password = g_getenv ("RZ_WORDPRESS_PASSWORD");
  kundin_password = g_getenv ("RZ_WORDPRESS_CUSTOMER_PASSWORD");
  if (site_url == NULL || wp_dir == NULL || cafe_password == NULL || kundin_password == NULL ||
      g_getenv ("RZ_WORDPRESS_STATE") == NULL || g_getenv ("RZ_WORDPRESS_SCRIPT") == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh wordpress\n");
      return 1;
    }
  cafe_id = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_USER_ID"), NULL, 10);
  open_post = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_OPEN_POST"), NULL, 10);
  moderated_post = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_MODERATED_POST"), NULL, 10);
  raw_session = soup_session_new ();

  g_test_add_func ("/rz/wordpress/sign-in", test_sign_in);
  g_test_add_func ("/rz/wordpress/sign-in/wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/rz/wordpress/sign-in/not-moderator", test_sign_in_not_moderator);
  g_test_add_func ("/rz/wordpress/sign-in/insecure", test_sign_in_insecure);
  g_test_add_func ("/rz/wordpress/sign-in/without-link", test_sign_in_without_link);
  g_test_add_func ("/rz/wordpress/inbox", test_inbox);
  g_test_add_func ("/rz/wordpress/spam", test_mark_spam);
  g_test_add_func ("/rz/wordpress/reply", test_reply);
  g_test_add_func ("/rz/wordpress/reply/cancelled-after-send", test_reply_cancelled_after_send);
  /* Before the outage test, whose 150 comments come within one second. */
  g_test_add_func ("/rz/wordpress/inbox/bounded", test_inbox_bounded);
  g_test_add_func ("/rz/wordpress/inbox/outage", test_inbox_outage);
  g_test_add_func ("/rz/wordpress/audit/never-deletes", test_never_deletes);

  return g_test_run ();
}
