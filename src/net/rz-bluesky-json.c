/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rz-bluesky-json.h"
#include "rz-http-client.h"
#include "rz-net-error.h"
#include "rz-oauth.h"

#define NETWORK_NAME "Bluesky"
#define WEB_APP      "https://bsky.app"
#define SECRET_VERSION 1
/* A post's text is at most 300 graphemes, about 3000 bytes: a record
 * from the network is cut off far beyond that. */
#define MAX_TEXT_BYTES (64 * 1024)

static gboolean
set_invalid (GError     **error,
             const char  *what)
{
  /* @what is for the debug log only; the user sees one clear message. */
  g_debug ("Unexpected Bluesky JSON: %s", what);
  g_propagate_error (error, rz_net_error_new_invalid_response (NETWORK_NAME));
  return FALSE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A string member as json-glib has it: not always UTF-8 (see below). */
static const char *
get_raw_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* NULL also when not UTF-8: json-glib passes a lone surrogate escape
 * ("\ud83d", a name cut off in the middle of an emoji) through as bytes
 * that are not UTF-8, which labels and the database must never get. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  const char *value = get_raw_string (object, name);

  return value != NULL && g_utf8_validate (value, -1, NULL) ? value : NULL;
}

static gint64
parse_time_us (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (iso8601 == NULL)
    return 0;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* "2026-11-25T09:28:13.123Z", the form Bluesky's own app writes. */
char *
rz_bluesky_format_datetime (gint64 unix_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) ((unix_us % G_USEC_PER_SEC) / 1000));
}

/* --- sessions ------------------------------------------------------------ */

void
rz_bluesky_session_free (RzBlueskySession *session)
{
  if (session == NULL)
    return;

  g_free (session->did);
  g_free (session->handle);
  rz_oauth_clear_secret (&session->access_jwt);
  rz_oauth_clear_secret (&session->refresh_jwt);
  g_free (session->pds_url);
  g_free (session);
}

RzBlueskySession *
rz_bluesky_session_copy (const RzBlueskySession *session)
{
  RzBlueskySession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_new0 (RzBlueskySession, 1);
  copy->did = g_strdup (session->did);
  copy->handle = g_strdup (session->handle);
  copy->access_jwt = g_strdup (session->access_jwt);
  copy->refresh_jwt = g_strdup (session->refresh_jwt);
  copy->pds_url = g_strdup (session->pds_url);
  return copy;
}

static gboolean
is_did (const char *did)
{
  return did != NULL && g_str_has_prefix (did, "did:") && strlen (did) < 2048 &&
         strpbrk (did, " /?#\"\\") == NULL;
}

/* The DID document's #atproto_pds service: where the account's data
 * lives. Only addresses the HTTP client would open are taken. */
static char *
dup_pds_url (JsonObject *did_doc)
{
  JsonArray *services = get_array (did_doc, "service");
  guint n = services != NULL ? json_array_get_length (services) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (services, i);
      JsonObject *service;
      const char *id;
      const char *endpoint;
      gsize len;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      service = json_node_get_object (item);
      id = get_string (service, "id");
      endpoint = get_string (service, "serviceEndpoint");
      if (id == NULL || !g_str_has_suffix (id, "#atproto_pds") || endpoint == NULL ||
          !rz_http_check_uri (endpoint, NULL))
        continue;

      len = strlen (endpoint);
      while (len > 0 && endpoint[len - 1] == '/')
        len--;
      return g_strndup (endpoint, len);
    }

  return NULL;
}

RzBlueskySession *
rz_bluesky_json_parse_session (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(RzBlueskySession) session = NULL;
  JsonObject *object;
  const char *did;
  const char *access_jwt;
  const char *refresh_jwt;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "session is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  did = get_string (object, "did");
  access_jwt = get_string (object, "accessJwt");
  refresh_jwt = get_string (object, "refreshJwt");
  if (!is_did (did) || access_jwt == NULL || access_jwt[0] == '\0' ||
      refresh_jwt == NULL || refresh_jwt[0] == '\0')
    {
      set_invalid (error, "session without did or tokens");
      return NULL;
    }

  session = g_new0 (RzBlueskySession, 1);
  session->did = g_strdup (did);
  session->handle = g_strdup (get_string (object, "handle"));
  session->access_jwt = g_strdup (access_jwt);
  session->refresh_jwt = g_strdup (refresh_jwt);
  session->pds_url = dup_pds_url (get_object (object, "didDoc"));

  return g_steal_pointer (&session);
}

/* What the keyring keeps: the session, never the app password. */
char *
rz_bluesky_session_to_secret (const RzBlueskySession *session,
                              const char             *service_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (session != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SECRET_VERSION);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, service_url);
  if (session->pds_url != NULL)
    {
      json_builder_set_member_name (builder, "pds");
      json_builder_add_string_value (builder, session->pds_url);
    }
  json_builder_set_member_name (builder, "did");
  json_builder_add_string_value (builder, session->did);
  if (session->handle != NULL)
    {
      json_builder_set_member_name (builder, "handle");
      json_builder_add_string_value (builder, session->handle);
    }
  json_builder_set_member_name (builder, "accessJwt");
  json_builder_add_string_value (builder, session->access_jwt);
  json_builder_set_member_name (builder, "refreshJwt");
  json_builder_add_string_value (builder, session->refresh_jwt);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * rz_bluesky_session_from_secret:
 * @secret: what rz_bluesky_session_to_secret() made, or anything else
 * @service_url: (out) (optional): the service it was made for
 *
 * Returns: (nullable): the session, or NULL when @secret is none (an app
 * password, for instance).
 */
RzBlueskySession *
rz_bluesky_session_from_secret (const char  *secret,
                                char       **service_url)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(RzBlueskySession) session = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *version;
  const char *pds;

  g_return_val_if_fail (secret != NULL, NULL);

  if (secret[0] != '{')
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, secret, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  version = json_object_get_member (object, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != SECRET_VERSION)
    return NULL;

  session = g_new0 (RzBlueskySession, 1);
  session->did = g_strdup (get_string (object, "did"));
  session->handle = g_strdup (get_string (object, "handle"));
  session->access_jwt = g_strdup (get_string (object, "accessJwt"));
  session->refresh_jwt = g_strdup (get_string (object, "refreshJwt"));
  pds = get_string (object, "pds");
  if (pds != NULL && rz_http_check_uri (pds, NULL))
    session->pds_url = g_strdup (pds);

  if (!is_did (session->did) || session->refresh_jwt == NULL || session->refresh_jwt[0] == '\0')
    return NULL;

  if (service_url != NULL)
    *service_url = g_strdup (get_string (object, "service"));

  return g_steal_pointer (&session);
}

/* A JWT's claims, read without checking the signature: only to refresh
 * in time and to tell app passwords apart, never to trust them. */
static JsonObject *
dup_jwt_claims (const char *jwt)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) payload = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autofree guchar *decoded = NULL;
  gsize len = 0;
  JsonNode *root;

  if (jwt == NULL)
    return NULL;

  parts = g_strsplit (jwt, ".", 4);
  if (g_strv_length (parts) != 3 || strlen (parts[1]) > 8192)
    return NULL;

  /* base64url without padding to base64. */
  payload = g_string_new (parts[1]);
  g_string_replace (payload, "-", "+", 0);
  g_string_replace (payload, "_", "/", 0);
  while (payload->len % 4 != 0)
    g_string_append_c (payload, '=');

  decoded = g_base64_decode (payload->str, &len);
  if (decoded == NULL || len == 0)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) decoded, (gssize) len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* When a JWT expires ("exp", Unix seconds); 0 if unknown. */
gint64
rz_bluesky_jwt_get_expiry (const char *jwt)
{
  g_autoptr(JsonObject) claims = dup_jwt_claims (jwt);
  JsonNode *exp = claims != NULL ? json_object_get_member (claims, "exp") : NULL;

  if (exp == NULL || !JSON_NODE_HOLDS_VALUE (exp) || json_node_get_value_type (exp) != G_TYPE_INT64)
    return 0;

  return MAX (json_node_get_int (exp), 0);
}

/* What a session may do: "com.atproto.appPass" for an app password,
 * "com.atproto.access" for the account's main password. */
char *
rz_bluesky_jwt_dup_scope (const char *jwt)
{
  g_autoptr(JsonObject) claims = dup_jwt_claims (jwt);

  return claims != NULL ? g_strdup (get_string (claims, "scope")) : NULL;
}

/* --- addresses ----------------------------------------------------------- */

/* "at://did:plc:abc/app.bsky.feed.post/3kabc" into its parts; handles in
 * place of the DID are accepted too. */
gboolean
rz_bluesky_parse_at_uri (const char  *uri,
                         char       **did,
                         char       **collection,
                         char       **rkey)
{
  g_auto(GStrv) parts = NULL;

  if (uri == NULL || !g_str_has_prefix (uri, "at://") || strlen (uri) > 8192)
    return FALSE;

  parts = g_strsplit (uri + 5, "/", 4);
  if (g_strv_length (parts) != 3 || parts[0][0] == '\0' || parts[1][0] == '\0' || parts[2][0] == '\0')
    return FALSE;

  for (guint i = 0; i < 3; i++)
    for (const char *p = parts[i]; *p != '\0'; p++)
      if (!g_ascii_isalnum (*p) && strchr (".-_:~", *p) == NULL)
        return FALSE;

  if (did != NULL)
    *did = g_strdup (parts[0]);
  if (collection != NULL)
    *collection = g_strdup (parts[1]);
  if (rkey != NULL)
    *rkey = g_strdup (parts[2]);

  return TRUE;
}

/* The post on bsky.app, where people read it. */
char *
rz_bluesky_post_url (const char *at_uri,
                     const char *handle)
{
  g_autofree char *did = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *rkey = NULL;

  if (!rz_bluesky_parse_at_uri (at_uri, &did, &collection, &rkey) ||
      strcmp (collection, RZ_BLUESKY_POST_COLLECTION) != 0)
    return NULL;

  /* The handle reads better; the DID stays valid when the handle
   * changes. */
  if (handle == NULL || handle[0] == '\0' || strpbrk (handle, "/?#% ") != NULL)
    handle = did;

  return g_strdup_printf (WEB_APP "/profile/%s/post/%s", handle, rkey);
}

/* --- posts --------------------------------------------------------------- */

static const char *
reply_ref_uri (JsonObject *record,
               const char *which)
{
  return get_string (get_object (get_object (record, "reply"), which), "uri");
}

static char *
dup_text (JsonObject *record)
{
  g_autofree char *valid = NULL;
  const char *text = get_raw_string (record, "text");

  if (text == NULL)
    return g_strdup ("");
  /* A broken character is replaced, the rest of the post kept. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  if (strlen (text) > MAX_TEXT_BYTES)
    {
      const char *end = text + MAX_TEXT_BYTES;

      g_utf8_validate (text, MAX_TEXT_BYTES, &end);
      return g_strndup (text, end - text);
    }
  return g_strdup (text);
}

/* A post (app.bsky.feed.defs#postView or a notification, which have the
 * same uri, author and record) as a comment. */
static RzComment *
comment_from_post (JsonObject  *post,
                   const char  *parent_uri,
                   GError     **error)
{
  g_autoptr(RzComment) comment = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  JsonObject *author = get_object (post, "author");
  JsonObject *record = get_object (post, "record");
  const char *uri = get_string (post, "uri");
  const char *author_handle = get_string (author, "handle");
  const char *display_name = get_string (author, "displayName");
  gint64 created_us;

  if (!rz_bluesky_parse_at_uri (uri, NULL, NULL, NULL) || author == NULL || record == NULL)
    {
      set_invalid (error, "post without uri, author or record");
      return NULL;
    }

  if (author_handle == NULL || author_handle[0] == '\0')
    author_handle = get_string (author, "did");
  if (author_handle == NULL)
    {
      set_invalid (error, "post author without handle");
      return NULL;
    }
  handle = g_strconcat ("@", author_handle, NULL);
  if (display_name == NULL || display_name[0] == '\0')
    display_name = author_handle;

  created_us = parse_time_us (get_string (record, "createdAt"));
  /* A clock set wrong makes posts from the future; the time it was seen
   * is what the network shows then. */
  if (created_us == 0 || created_us > parse_time_us (get_string (post, "indexedAt")))
    created_us = parse_time_us (get_string (post, "indexedAt"));

  text = dup_text (record);
  url = rz_bluesky_post_url (uri, author_handle);

  comment = rz_comment_new ();
  rz_comment_set_channel (comment, RZ_BLUESKY_CHANNEL);
  rz_comment_set_remote_id (comment, uri);
  rz_comment_set_parent_remote_id (comment, parent_uri != NULL ? parent_uri : reply_ref_uri (record, "parent"));
  rz_comment_set_author (comment, display_name);
  rz_comment_set_author_handle (comment, handle);
  rz_comment_set_text (comment, text);
  rz_comment_set_url (comment, url);
  rz_comment_set_created_at (comment, created_us / G_USEC_PER_SEC);

  return g_steal_pointer (&comment);
}

/* The post a quote embeds, in the record: app.bsky.embed.record or
 * recordWithMedia. */
static const char *
quoted_uri (JsonObject *record)
{
  JsonObject *embed = get_object (record, "embed");
  JsonObject *inner = get_object (embed, "record");
  const char *uri = get_string (inner, "uri");

  if (uri == NULL)
    uri = get_string (get_object (inner, "record"), "uri");
  return uri;
}

/**
 * rz_bluesky_json_parse_notifications:
 * @node: an app.bsky.notification.listNotifications answer
 * @since_us: only notifications indexed at or after this time (µs)
 * @newest_indexed_at: (out): the newest indexedAt on the page, or NULL
 * @next_cursor: (out): the cursor to the next, older page, or NULL
 * @reached_since: (out): whether the page holds one older than @since_us
 * @indexed_us: (out) (optional) (element-type gint64): when the network
 *   saw each of the returned comments, µs
 *
 * Returns: replies, mentions and quotes, newest first, as the page has
 * them. Other reasons (likes, follows) are skipped.
 */
GPtrArray *
rz_bluesky_json_parse_notifications (JsonNode  *node,
                                     gint64     since_us,
                                     char     **newest_indexed_at,
                                     char     **next_cursor,
                                     gboolean  *reached_since,
                                     GArray   **indexed_us,
                                     GError   **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *newest = NULL;
  gint64 newest_us = 0;
  gboolean reached = FALSE;
  JsonObject *object;
  JsonArray *notifications;
  const char *cursor;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (notifications = get_array (json_node_get_object (node), "notifications")) == NULL)
    {
      set_invalid (error, "notifications without a list");
      return NULL;
    }

  object = json_node_get_object (node);
  n = json_array_get_length (notifications);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (notifications, i);
      JsonObject *notification;
      JsonObject *record;
      const char *reason;
      const char *indexed_at;
      const char *parent_uri = NULL;
      gint64 indexed_us_value;
      RzComment *comment;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_invalid (error, "notification is not an object");
          return NULL;
        }

      notification = json_node_get_object (item);
      indexed_at = get_string (notification, "indexedAt");
      indexed_us_value = parse_time_us (indexed_at);
      if (indexed_us_value == 0)
        {
          set_invalid (error, "notification without indexedAt");
          return NULL;
        }

      if (indexed_us_value > newest_us)
        {
          newest_us = indexed_us_value;
          g_free (newest);
          newest = g_strdup (indexed_at);
        }

      if (indexed_us_value < since_us)
        {
          reached = TRUE;
          continue;
        }

      reason = get_string (notification, "reason");
      record = get_object (notification, "record");
      if (g_strcmp0 (reason, "reply") == 0)
        parent_uri = reply_ref_uri (record, "parent");
      else if (g_strcmp0 (reason, "quote") == 0)
        parent_uri = quoted_uri (record) != NULL ? quoted_uri (record)
                                                 : get_string (notification, "reasonSubject");
      else if (g_strcmp0 (reason, "mention") != 0)
        continue;

      comment = comment_from_post (notification, parent_uri, error);
      if (comment == NULL)
        return NULL;
      g_ptr_array_add (comments, comment);
      g_array_append_val (times, indexed_us_value);
    }

  cursor = get_string (object, "cursor");
  if (newest_indexed_at != NULL)
    *newest_indexed_at = g_steal_pointer (&newest);
  if (next_cursor != NULL)
    *next_cursor = n > 0 && cursor != NULL && cursor[0] != '\0' ? g_strdup (cursor) : NULL;
  if (reached_since != NULL)
    *reached_since = reached;
  if (indexed_us != NULL)
    *indexed_us = g_steal_pointer (&times);

  return g_steal_pointer (&comments);
}

static gboolean
is_type (JsonObject *object,
         const char *type)
{
  return g_strcmp0 (get_string (object, "$type"), type) == 0;
}

static gboolean
append_replies (GPtrArray   *comments,
                JsonObject  *thread,
                guint        depth,
                GError     **error)
{
  JsonArray *replies = get_array (thread, "replies");
  guint n = replies != NULL ? json_array_get_length (replies) : 0;

  /* The answer is bounded by the request's depth; this guards the stack
   * against a server that ignores it. */
  if (depth > 64)
    return TRUE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (replies, i);
      JsonObject *reply;
      RzComment *comment;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      reply = json_node_get_object (item);
      if (!is_type (reply, "app.bsky.feed.defs#threadViewPost") || get_object (reply, "post") == NULL)
        continue;   /* deleted or blocked */

      comment = comment_from_post (get_object (reply, "post"), NULL, error);
      if (comment == NULL)
        return FALSE;
      g_ptr_array_add (comments, comment);

      if (!append_replies (comments, reply, depth + 1, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * rz_bluesky_json_parse_thread:
 * @node: an app.bsky.feed.getPostThread answer
 *
 * Returns: the posts above the one asked for (oldest first), that post,
 * and the replies below it, each followed by its own replies.
 */
GPtrArray *
rz_bluesky_json_parse_thread (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ancestors = g_ptr_array_new ();
  JsonObject *thread;
  RzComment *comment;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (thread = get_object (json_node_get_object (node), "thread")) == NULL)
    {
      set_invalid (error, "thread without a thread");
      return NULL;
    }

  if (!is_type (thread, "app.bsky.feed.defs#threadViewPost") || get_object (thread, "post") == NULL)
    {
      g_propagate_error (error, rz_net_error_new_for_status (404, NETWORK_NAME, NULL));
      return NULL;
    }

  for (JsonObject *parent = get_object (thread, "parent");
       parent != NULL && ancestors->len < 1000 && is_type (parent, "app.bsky.feed.defs#threadViewPost");
       parent = get_object (parent, "parent"))
    g_ptr_array_add (ancestors, parent);

  for (guint i = ancestors->len; i > 0; i--)
    {
      comment = comment_from_post (get_object (g_ptr_array_index (ancestors, i - 1), "post"), NULL, error);
      if (comment == NULL)
        return NULL;
      g_ptr_array_add (comments, comment);
    }

  comment = comment_from_post (get_object (thread, "post"), NULL, error);
  if (comment == NULL)
    return NULL;
  g_ptr_array_add (comments, comment);

  if (!append_replies (comments, thread, 0, error))
    return NULL;

  return g_steal_pointer (&comments);
}

void
rz_bluesky_post_ref_free (RzBlueskyPostRef *ref)
{
  if (ref == NULL)
    return;

  g_free (ref->uri);
  g_free (ref->cid);
  g_free (ref->root_uri);
  g_free (ref->root_cid);
  g_free (ref->text);
  g_free (ref->author_did);
  g_free (ref);
}

/**
 * rz_bluesky_json_parse_posts:
 * @node: an app.bsky.feed.getPosts answer
 *
 * Returns: (element-type RzBlueskyPostRef): what a reply to each post
 * needs, in the order of the answer (posts that are gone are missing).
 */
GPtrArray *
rz_bluesky_json_parse_posts (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_bluesky_post_ref_free);
  JsonArray *posts;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (posts = get_array (json_node_get_object (node), "posts")) == NULL)
    {
      set_invalid (error, "posts without a list");
      return NULL;
    }

  n = json_array_get_length (posts);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (posts, i);
      JsonObject *post;
      JsonObject *record;
      JsonObject *root;
      RzBlueskyPostRef *ref;
      const char *uri;
      const char *cid;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      post = json_node_get_object (item);
      record = get_object (post, "record");
      uri = get_string (post, "uri");
      cid = get_string (post, "cid");
      if (!rz_bluesky_parse_at_uri (uri, NULL, NULL, NULL) || cid == NULL || record == NULL)
        {
          set_invalid (error, "post without uri, cid or record");
          return NULL;
        }

      ref = g_new0 (RzBlueskyPostRef, 1);
      ref->uri = g_strdup (uri);
      ref->cid = g_strdup (cid);
      ref->text = dup_text (record);
      ref->author_did = g_strdup (get_string (get_object (post, "author"), "did"));

      /* A reply to a reply belongs to the thread of the first post. */
      root = get_object (get_object (record, "reply"), "root");
      if (root != NULL && rz_bluesky_parse_at_uri (get_string (root, "uri"), NULL, NULL, NULL) &&
          get_string (root, "cid") != NULL)
        {
          ref->root_uri = g_strdup (get_string (root, "uri"));
          ref->root_cid = g_strdup (get_string (root, "cid"));
        }
      else
        {
          ref->root_uri = g_strdup (uri);
          ref->root_cid = g_strdup (cid);
        }
      g_ptr_array_add (refs, ref);
    }

  return g_steal_pointer (&refs);
}

/* app.bsky.actor.getProfile (or com.atproto.server.getSession). */
RzRemoteAccount *
rz_bluesky_json_parse_profile (JsonNode  *node,
                               GError   **error)
{
  RzRemoteAccount *account;
  JsonObject *object;
  const char *did;
  const char *handle;
  const char *display_name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "profile is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  did = get_string (object, "did");
  handle = get_string (object, "handle");
  if (!is_did (did) || handle == NULL || handle[0] == '\0' || strpbrk (handle, "/?# ") != NULL)
    {
      set_invalid (error, "profile without did or handle");
      return NULL;
    }

  display_name = get_string (object, "displayName");
  account = g_new0 (RzRemoteAccount, 1);
  account->id = g_strdup (did);
  account->handle = g_strconcat ("@", handle, NULL);
  account->display_name = g_strdup (display_name != NULL && display_name[0] != '\0' ? display_name : handle);
  account->url = g_strdup_printf (WEB_APP "/profile/%s", handle);

  return account;
}

/* {uri, cid} as createRecord and getRecord answer. */
gboolean
rz_bluesky_json_parse_record_ref (JsonNode  *node,
                                  char     **uri,
                                  char     **cid,
                                  GError   **error)
{
  JsonObject *object;
  const char *uri_value;
  const char *cid_value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, "record reference is not an object");

  object = json_node_get_object (node);
  uri_value = get_string (object, "uri");
  cid_value = get_string (object, "cid");
  if (!rz_bluesky_parse_at_uri (uri_value, NULL, NULL, NULL) || cid_value == NULL || cid_value[0] == '\0')
    return set_invalid (error, "record reference without uri or cid");

  if (uri != NULL)
    *uri = g_strdup (uri_value);
  if (cid != NULL)
    *cid = g_strdup (cid_value);

  return TRUE;
}

/* com.atproto.identity.resolveHandle: {did}. */
char *
rz_bluesky_json_parse_did (JsonNode  *node,
                           GError   **error)
{
  const char *did = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    did = get_string (json_node_get_object (node), "did");
  if (!is_did (did))
    {
      set_invalid (error, "no did");
      return NULL;
    }

  return g_strdup (did);
}

/* --- media --------------------------------------------------------------- */

/* A media id carries everything the post needs later, so an image
 * uploaded before a restart can still be posted: the blob reference
 * (uploadBlob's answer) and the alt text, as compact JSON. Opaque to
 * callers. */
char *
rz_bluesky_json_media_id_from_blob (JsonNode    *node,
                                    const char  *alt_text,
                                    GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *media_id = NULL;
  JsonObject *blob;
  JsonObject *ref;
  const char *link;
  const char *mime_type;
  JsonNode *size;

  blob = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? get_object (json_node_get_object (node), "blob") : NULL;
  ref = get_object (blob, "ref");
  link = get_string (ref, "$link");
  mime_type = get_string (blob, "mimeType");
  size = blob != NULL ? json_object_get_member (blob, "size") : NULL;
  if (link == NULL || link[0] == '\0' || mime_type == NULL || size == NULL ||
      !JSON_NODE_HOLDS_VALUE (size) || json_node_get_value_type (size) != G_TYPE_INT64)
    {
      set_invalid (error, "blob without ref, mimeType or size");
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "blob");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (json_node_get_object (node), "blob")));
  json_builder_set_member_name (builder, "alt");
  json_builder_add_string_value (builder, alt_text != NULL ? alt_text : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  media_id = json_to_string (root, FALSE);
  /* A lone surrogate escape in the blob comes through json-glib as bytes
   * that are not UTF-8: the id could not be read back when posting. */
  if (!g_utf8_validate (media_id, -1, NULL))
    {
      set_invalid (error, "blob with text that is not UTF-8");
      return NULL;
    }

  return g_steal_pointer (&media_id);
}

static JsonNode *
image_from_media_id (const char  *media_id,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *root;
  JsonObject *object;
  JsonObject *blob;
  const char *alt;

  if (media_id == NULL || !json_parser_load_from_data (parser, media_id, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                           _("An image could not be attached. Please add it again."));
      return NULL;
    }

  object = json_node_get_object (root);
  blob = get_object (object, "blob");
  alt = get_string (object, "alt");
  if (blob == NULL || get_string (get_object (blob, "ref"), "$link") == NULL)
    {
      g_set_error_literal (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                           _("An image could not be attached. Please add it again."));
      return NULL;
    }

  /* The blob as uploadBlob described it, with its $type: the server
   * checks the reference against what it stored. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "alt");
  json_builder_add_string_value (builder, alt != NULL ? alt : "");
  json_builder_set_member_name (builder, "image");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (object, "blob")));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
add_strong_ref (JsonBuilder *builder,
                const char  *name,
                const char  *uri,
                const char  *cid)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "cid");
  json_builder_add_string_value (builder, cid);
  json_builder_end_object (builder);
}

/**
 * rz_bluesky_json_build_post:
 * @text: the post's text
 * @created_at: from rz_bluesky_format_datetime()
 * @facets: (nullable): from rz_bluesky_facets_to_json()
 * @parent: (nullable): the post this one answers
 * @media_ids: (nullable): from uploads, at most four
 *
 * Returns: an app.bsky.feed.post record.
 */
JsonNode *
rz_bluesky_json_build_post (const char             *text,
                            const char             *created_at,
                            JsonNode               *facets,
                            const RzBlueskyPostRef *parent,
                            const char * const     *media_ids,
                            GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_media = media_ids != NULL ? g_strv_length ((char **) media_ids) : 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);

  if (n_media > RZ_BLUESKY_MAX_IMAGES)
    {
      g_set_error_literal (error, RZ_NET_ERROR, RZ_NET_ERROR_REJECTED,
                           _("Bluesky allows at most four images in a post. Please remove some."));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "$type");
  json_builder_add_string_value (builder, RZ_BLUESKY_POST_COLLECTION);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created_at);

  if (facets != NULL)
    {
      json_builder_set_member_name (builder, "facets");
      json_builder_add_value (builder, json_node_copy (facets));
    }

  if (parent != NULL)
    {
      json_builder_set_member_name (builder, "reply");
      json_builder_begin_object (builder);
      add_strong_ref (builder, "root", parent->root_uri, parent->root_cid);
      add_strong_ref (builder, "parent", parent->uri, parent->cid);
      json_builder_end_object (builder);
    }

  if (n_media > 0)
    {
      json_builder_set_member_name (builder, "embed");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "$type");
      json_builder_add_string_value (builder, "app.bsky.embed.images");
      json_builder_set_member_name (builder, "images");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_media; i++)
        {
          JsonNode *image = image_from_media_id (media_ids[i], error);

          if (image == NULL)
            return NULL;
          json_builder_add_value (builder, image);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
