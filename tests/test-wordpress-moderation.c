/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Marking a comment as spam the way the reply pane does it
 * (rz_context_mark_spam_async(): the network, then the moderation log),
 * against the real WordPress started by tests/servers/with-servers.sh
 * wordpress. The customer writes through the REST API as a reader. */
#include "config.h"

#include <string.h>

#include "rz-comment.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-net-error.h"
#include "rz-test-async.h"
#include "rz-wordpress-json.h"
#include "rz-wordpress-provider.h"

static const char *site_url;
static const char *cafe_password;
static const char *kundin_password;
static gint64 open_post;
static gint64 moderated_post;
static SoupSession *raw_session;

/* --- the server, directly ------------------------------------------------ */

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
  g_autofree char *pair = g_strconcat (user, ":", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *value = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;

  g_assert_nonnull (message);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", value);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", request);
    }

  bytes = soup_session_send_and_read (raw_session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &length);
  if (length == 0 || !json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static gint64
customer_comment (gint64      post,
                  const char *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "post");
  json_builder_add_int_value (builder, post);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);

  created = rest ("POST", "kundin", kundin_password, "wp/v2/comments", body, &status);
  g_assert_cmpuint (status, ==, 201);
  return json_object_get_int_member (json_node_get_object (created), "id");
}

/* The comment's status as the site's admin sees it (context=edit). */
static char *
dup_status_on_server (gint64 id)
{
  g_autofree char *route = g_strdup_printf ("wp/v2/comments/%" G_GINT64_FORMAT "?context=edit", id);
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = rest ("GET", "cafe", cafe_password, route, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "status"));
}

/* --- the app's side ------------------------------------------------------ */

typedef struct {
  RzContext  *context;
  RzDatabase *db;       /* the context's */
  gint64      account_id;
} Fixture;

/* A context on a fresh database with the café's WordPress account, its
 * signed-in provider, and the inbox stored as the sync stores it. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "resonanz.db", NULL);
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(RzProvider) provider = rz_wordpress_provider_new (client, site_url, "cafe");
  g_autoptr(RzRemoteAccount) remote = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  RzDatabase *db;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  db = rz_database_open (path, &error);
  g_assert_no_error (error);
  fixture->account_id = rz_database_add_account (db, RZ_WORDPRESS_CHANNEL, "Café", site_url, "cafe", &error);
  g_assert_no_error (error);
  g_object_unref (db);

  fixture->context = rz_context_new (path);
  rz_context_open_async (fixture->context, NULL, rz_test_store_result, &opened);
  g_assert_true (rz_context_open_finish (fixture->context, rz_test_wait_for (&opened), &error));
  g_assert_no_error (error);
  fixture->db = rz_context_get_database (fixture->context);
  g_assert_nonnull (rz_context_lookup_account (fixture->context, fixture->account_id));

  rz_provider_sign_in_async (provider, cafe_password, NULL, rz_test_store_result, &signed_in);
  remote = rz_provider_sign_in_finish (provider, rz_test_wait_for (&signed_in), &error);
  g_assert_no_error (error);
  rz_context_set_provider_for_account (fixture->context,
                                       rz_context_lookup_account (fixture->context, fixture->account_id),
                                       provider);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->context);
}

/* Fetches the inbox and stores it; returns the stored comment for @id. */
static RzComment *
fetch_and_store (Fixture *fixture,
                 gint64   id)
{
  g_autoptr(RzProvider) provider = NULL;
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  RzComment *found = NULL;

  rz_context_get_provider_for_account_async (fixture->context,
                                             rz_context_lookup_account (fixture->context, fixture->account_id),
                                             NULL, rz_test_store_result, &got);
  provider = rz_context_get_provider_for_account_finish (fixture->context, rz_test_wait_for (&got), &error);
  g_assert_no_error (error);

  rz_provider_fetch_inbox_async (provider, NULL, NULL, rz_test_store_result, &fetched);
  comments = rz_provider_fetch_inbox_finish (provider, rz_test_wait_for (&fetched), &cursor, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);

      rz_comment_set_account_id (comment, fixture->account_id);
      g_assert_true (rz_database_add_comment (fixture->db, comment, NULL, &error));
      g_assert_no_error (error);
      if (g_strcmp0 (rz_comment_get_remote_id (comment), remote_id) == 0)
        found = comment;
    }
  g_assert_nonnull (found);
  return g_object_ref (found);
}

static gint64
mark_spam (Fixture    *fixture,
           RzComment  *comment,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_context_mark_spam_async (fixture->context, comment, NULL, rz_test_store_result, &result);
  return rz_context_mark_spam_finish (fixture->context, rz_test_wait_for (&result), error);
}

static RzCommentState
stored_state (Fixture *fixture,
              gint64   comment_id)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;

  comments = rz_database_list_comments (fixture->db, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    if (rz_comment_get_id (g_ptr_array_index (comments, i)) == comment_id)
      return rz_comment_get_state (g_ptr_array_index (comments, i));
  g_assert_not_reached ();
}

static void
check_spam (Fixture    *fixture,
            gint64      id,
            const char *text)
{
  g_autoptr(RzComment) comment = fetch_and_store (fixture, id);
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  RzModerationEntry *entry;
  gint64 row;

  g_assert_cmpint (stored_state (fixture, rz_comment_get_id (comment)), ==, RZ_COMMENT_STATE_OPEN);

  row = mark_spam (fixture, comment, &error);
  g_assert_no_error (error);
  g_assert_cmpint (row, >, 0);

  /* On the site: in the spam folder, not deleted. */
  status = dup_status_on_server (id);
  g_assert_cmpstr (status, ==, "spam");

  /* Here: logged with what it said, and out of the open inbox. */
  log = rz_database_list_moderation (fixture->db, rz_comment_get_id (comment), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);
  entry = g_ptr_array_index (log, 0);
  g_assert_cmpint (entry->id, ==, row);
  g_assert_cmpint (entry->action, ==, RZ_MODERATION_ACTION_SPAM);
  g_assert_cmpint (entry->account_id, ==, fixture->account_id);
  g_assert_cmpstr (entry->channel, ==, RZ_WORDPRESS_CHANNEL);
  g_assert_cmpstr (entry->remote_id, ==, rz_comment_get_remote_id (comment));
  g_assert_cmpstr (entry->excerpt, ==, text);
  g_assert_cmpint (ABS (entry->created_at - g_get_real_time () / G_USEC_PER_SEC), <, 60);
  g_assert_cmpint (stored_state (fixture, rz_comment_get_id (comment)), ==, RZ_COMMENT_STATE_IGNORED);
}

static void
test_spam_approved (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *text = "Billige Uhren und Kredite ohne Schufa: spam.example";

  check_spam (fixture, customer_comment (open_post, text), text);
}

static void
test_spam_held (Fixture       *fixture,
                gconstpointer  data)
{
  const char *text = "Casino-Bonus 500 %, jetzt klicken";
  gint64 id = customer_comment (moderated_post, text);
  g_autofree char *before = dup_status_on_server (id);

  g_assert_cmpstr (before, ==, "hold");
  check_spam (fixture, id, text);
}

/* The site refuses (the comment is gone there): an error, and nothing
 * logged or changed here. */
static void
test_refused_logs_nothing (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *text = "Gibt es Dinkelbrot?";
  gint64 id = customer_comment (open_post, text);
  g_autoptr(RzComment) comment = fetch_and_store (fixture, id);
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;

  rz_comment_set_remote_id (comment, "987654321");
  g_assert_cmpint (mark_spam (fixture, comment, &error), ==, 0);
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND);
  g_assert_nonnull (error->message);
  g_clear_error (&error);

  log = rz_database_list_moderation (fixture->db, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpint (stored_state (fixture, rz_comment_get_id (comment)), ==, RZ_COMMENT_STATE_OPEN);
  status = dup_status_on_server (id);
  g_assert_cmpstr (status, ==, "approved");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Only 127.0.0.1; the isolated dirs have no GNOME proxy settings. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  site_url = g_getenv ("RZ_WORDPRESS_URL");
  cafe_password = g_getenv ("RZ_WORDPRESS_PASSWORD");
  kundin_password = g_getenv ("RZ_WORDPRESS_CUSTOMER_PASSWORD");
  if (site_url == NULL || cafe_password == NULL || kundin_password == NULL ||
      g_getenv ("RZ_WORDPRESS_OPEN_POST") == NULL || g_getenv ("RZ_WORDPRESS_MODERATED_POST") == NULL)
    {
      g_printerr ("Run this test with tests/servers/with-servers.sh wordpress\n");
      return 1;
    }
  open_post = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_OPEN_POST"), NULL, 10);
  moderated_post = g_ascii_strtoll (g_getenv ("RZ_WORDPRESS_MODERATED_POST"), NULL, 10);
  raw_session = soup_session_new ();

  g_test_add ("/rz/wordpress/moderation/spam-approved", Fixture, NULL,
              fixture_set_up, test_spam_approved, fixture_tear_down);
  g_test_add ("/rz/wordpress/moderation/spam-held", Fixture, NULL,
              fixture_set_up, test_spam_held, fixture_tear_down);
  g_test_add ("/rz/wordpress/moderation/refused-logs-nothing", Fixture, NULL,
              fixture_set_up, test_refused_logs_nothing, fixture_tear_down);

  status = g_test_run ();
  g_object_unref (raw_session);
  return status;
}
