/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mastodon-contract-server.h"

/* Written from docs.joinmastodon.org (methods/apps, methods/oauth,
 * methods/accounts, methods/instance, methods/notifications,
 * methods/statuses, methods/media, api/rate-limits) and RFC 6749, 7636 and
 * 8414, independently of the client code it tests. */

#define LOCAL_USERNAME      "laden"
#define LOCAL_DISPLAY_NAME  "Café Laden"
#define OOB_REDIRECT        "urn:ietf:wg:oauth:2.0:oob"
#define INVALID_TOKEN       "{\"error\":\"The access token is invalid\"}"
#define NOT_FOUND           "{\"error\":\"Record not found\"}"
#define OUTSIDE_SCOPES      "{\"error\":\"This action is outside the authorized scopes\"}"
#define BASE_TIME           G_GINT64_CONSTANT (1714557600)   /* 2024-05-01T10:00:00Z */

static const char * const known_scopes[] = {
  "read", "write", "follow", "push", "profile",
  "read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
  "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
  "read:statuses", "write:accounts", "write:blocks", "write:bookmarks",
  "write:conversations", "write:favourites", "write:filters", "write:follows",
  "write:lists", "write:media", "write:mutes", "write:notifications", "write:reports",
  "write:statuses",
};

typedef struct {
  char   *client_id;
  char   *client_secret;
  char   *name;
  GStrv   redirect_uris;
  GStrv   scopes;
} App;

typedef struct {
  char     *code;
  char     *client_id;
  char     *redirect_uri;
  char     *scope;
  char     *challenge;
  gboolean  used;
} Grant;

typedef struct {
  char     *token;
  GStrv     scopes;
  gboolean  has_user;
} Token;

typedef struct {
  char      *id;
  char      *acct;
  char      *display_name;
  char      *content;
  char      *spoiler;
  char      *in_reply_to_id;
  char      *visibility;
  gint64     created_at;
  GPtrArray *media_ids;
} Status;

typedef struct {
  char   *id;
  char   *type;
  char   *acct;
  char   *status_id;
  gint64  created_at;
} Notification;

typedef struct {
  char          *method;
  char          *path_prefix;
  ContractFault  fault;
  guint          skip;
  guint          count;
  guint          param;
} Fault;

typedef struct {
  GHashTable *values;       /* name without "[]" → GPtrArray of char* */
  gboolean    has_file;
  char       *file_type;
} Params;

struct _MastodonContractServer
{
  GMutex        lock;
  GCond         ready_cond;
  gboolean      ready;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;

  guint64       next_id;
  GPtrArray    *apps;
  GPtrArray    *grants;
  GPtrArray    *tokens;
  GPtrArray    *statuses;
  GHashTable   *statuses_by_id; /* id → Status in statuses */
  GPtrArray    *notifications;
  GHashTable   *media;           /* id → description */
  GHashTable   *idempotency;     /* token + key → status id */
  GPtrArray    *posted;          /* JSON of each status created through the API */
  GHashTable   *requests;        /* "METHOD path" → count */
  GHashTable   *statuses_sent;   /* HTTP status → count */
  GQueue        faults;
  char         *user_agent;

  /* Answers kept for GET requests when cache_answers is on, by
   * "GET uri token"; see mastodon_contract_server_set_cache_answers(). */
  gboolean      cache_answers;
  GHashTable   *answers;
  guint         answers_replayed;
  guint         answers_made;

  gboolean      pkce;
  gboolean      deny;
  guint         max_characters;
  guint         rate_limit;
  guint         rate_window;
  gint64        window_end_us;
  guint         window_count;
};

/* --- small helpers ------------------------------------------------------- */

static void
app_free (gpointer data)
{
  App *app = data;

  g_free (app->client_id);
  g_free (app->client_secret);
  g_free (app->name);
  g_strfreev (app->redirect_uris);
  g_strfreev (app->scopes);
  g_free (app);
}

static void
grant_free (gpointer data)
{
  Grant *grant = data;

  g_free (grant->code);
  g_free (grant->client_id);
  g_free (grant->redirect_uri);
  g_free (grant->scope);
  g_free (grant->challenge);
  g_free (grant);
}

static void
token_free (gpointer data)
{
  Token *token = data;

  g_free (token->token);
  g_strfreev (token->scopes);
  g_free (token);
}

static void
status_free (gpointer data)
{
  Status *status = data;

  g_free (status->id);
  g_free (status->acct);
  g_free (status->display_name);
  g_free (status->content);
  g_free (status->spoiler);
  g_free (status->in_reply_to_id);
  g_free (status->visibility);
  g_ptr_array_unref (status->media_ids);
  g_free (status);
}

static void
notification_free (gpointer data)
{
  Notification *notification = data;

  g_free (notification->id);
  g_free (notification->type);
  g_free (notification->acct);
  g_free (notification->status_id);
  g_free (notification);
}

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->method);
  g_free (fault->path_prefix);
  g_free (fault);
}

static char *
random_string (void)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (out, "%08x", g_random_int ());
  return g_string_free (out, FALSE);
}

static char *
next_id (MastodonContractServer *self)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->next_id);
}

static char *
iso_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.000Z");
}

static int
compare_ids (const char *a,
             const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);

  if (la != lb)
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

static gboolean
is_local (const char *acct)
{
  return strchr (acct, '@') == NULL;
}

static char *
account_url (MastodonContractServer *self,
             const char             *acct)
{
  if (is_local (acct))
    return g_strdup_printf ("%s/@%s", self->url, acct);
  else
    {
      g_auto(GStrv) parts = g_strsplit (acct, "@", 2);

      return g_strdup_printf ("https://%s/@%s", parts[1], parts[0]);
    }
}

static const char *
account_id (const char *acct)
{
  /* A stable id per account, as numbers like Mastodon's. Each server
   * answers on its own thread, and a sync asks several at once. */
  static _Thread_local char buffer[32];

  if (strcmp (acct, LOCAL_USERNAME) == 0)
    return "1";
  g_snprintf (buffer, sizeof buffer, "%u", 1000 + (g_str_hash (acct) % 100000));
  return buffer;
}

/* --- kept answers --------------------------------------------------------- */

static void count_status (MastodonContractServer *self,
                          guint                   status);

/* Only 200 answers are kept. */
typedef struct {
  GPtrArray *headers;  /* name, value, name, value, ... */
  GBytes    *body;
} Answer;

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_ptr_array_unref (answer->headers);
  g_bytes_unref (answer->body);
  g_free (answer);
}

/* Any change of the data makes every kept answer stale. */
static void
forget_answers_locked (MastodonContractServer *self)
{
  g_hash_table_remove_all (self->answers);
}

static char *
answer_key (SoupServerMessage *msg)
{
  g_autofree char *uri = g_uri_to_string (soup_server_message_get_uri (msg));
  const char *token = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  return g_strdup_printf ("GET %s %s", uri, token != NULL ? token : "");
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (name));
  g_ptr_array_add (user_data, g_strdup (value));
}

static void
keep_answer_locked (MastodonContractServer *self,
                    SoupServerMessage      *msg)
{
  Answer *answer;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_OK)
    return;

  answer = g_new0 (Answer, 1);
  answer->headers = g_ptr_array_new_with_free_func (g_free);
  soup_message_headers_foreach (soup_server_message_get_response_headers (msg), copy_header, answer->headers);
  answer->body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  g_hash_table_replace (self->answers, answer_key (msg), answer);
  self->answers_made++;
}

static gboolean
replay_answer_locked (MastodonContractServer *self,
                      SoupServerMessage      *msg)
{
  g_autofree char *key = answer_key (msg);
  Answer *answer = g_hash_table_lookup (self->answers, key);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (answer == NULL)
    return FALSE;

  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    soup_message_headers_replace (headers, answer->headers->pdata[i], answer->headers->pdata[i + 1]);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), answer->body);
  count_status (self, SOUP_STATUS_OK);
  self->answers_replayed++;
  return TRUE;
}

/* --- responses ----------------------------------------------------------- */

static void
count_status (MastodonContractServer *self,
              guint                   status)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->statuses_sent, GUINT_TO_POINTER (status)));

  g_hash_table_insert (self->statuses_sent, GUINT_TO_POINTER (status), GUINT_TO_POINTER (count + 1));
}

static void
respond (MastodonContractServer *self,
         SoupServerMessage      *msg,
         guint                   status,
         const char             *content_type,
         const char             *body)
{
  count_status (self, status);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
respond_json (MastodonContractServer *self,
              SoupServerMessage      *msg,
              guint                   status,
              const char             *json)
{
  respond (self, msg, status, "application/json; charset=utf-8", json);
}

static void
respond_node (MastodonContractServer *self,
              SoupServerMessage      *msg,
              guint                   status,
              JsonNode               *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  respond_json (self, msg, status, json);
}

static void
respond_error (MastodonContractServer *self,
               SoupServerMessage      *msg,
               guint                   status,
               const char             *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (self, msg, status, node);
}

static void
respond_oauth_error (MastodonContractServer *self,
                     SoupServerMessage      *msg,
                     guint                   status,
                     const char             *error,
                     const char             *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  respond_node (self, msg, status, node);
}

static void
respond_html (MastodonContractServer *self,
              SoupServerMessage      *msg,
              guint                   status,
              const char             *text)
{
  g_autofree char *page = g_markup_printf_escaped ("<!DOCTYPE html><html><body><p>%s</p></body></html>", text);

  respond (self, msg, status, "text/html; charset=utf-8", page);
}

static void
redirect (MastodonContractServer *self,
          SoupServerMessage      *msg,
          const char             *location)
{
  count_status (self, SOUP_STATUS_FOUND);
  soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
}

/* --- request parameters -------------------------------------------------- */

static void
params_add (Params     *params,
            const char *name,
            const char *value)
{
  g_autofree char *key = g_str_has_suffix (name, "[]") ? g_strndup (name, strlen (name) - 2) : g_strdup (name);
  GPtrArray *values = g_hash_table_lookup (params->values, key);

  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (params->values, g_strdup (key), values);
    }
  g_ptr_array_add (values, g_strdup (value));
}

static const char *
params_get (Params     *params,
            const char *name)
{
  GPtrArray *values = g_hash_table_lookup (params->values, name);

  return values != NULL && values->len > 0 ? g_ptr_array_index (values, 0) : NULL;
}

static GPtrArray *
params_get_all (Params     *params,
                const char *name)
{
  return g_hash_table_lookup (params->values, name);
}

static void
params_clear (Params *params)
{
  g_clear_pointer (&params->values, g_hash_table_unref);
  g_clear_pointer (&params->file_type, g_free);
}

static void
decode_form (Params     *params,
             const char *form,
             gsize       len)
{
  g_autofree char *copy = g_strndup (form, len);
  g_auto(GStrv) pairs = g_strsplit (copy, "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (pairs[i][0] == '\0')
        continue;
      if (eq != NULL)
        *eq = '\0';
      g_strdelimit (pairs[i], "+", ' ');
      if (eq != NULL)
        g_strdelimit (eq + 1, "+", ' ');
      name = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (eq != NULL ? eq + 1 : "", NULL);
      if (name != NULL && value != NULL)
        params_add (params, name, value);
    }
}

static void
decode_json (Params     *params,
             const char *data,
             gsize       len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (!json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          /* An empty array still names the parameter. */
          if (json_array_get_length (array) == 0)
            {
              GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

              if (!g_hash_table_contains (params->values, l->data))
                g_hash_table_insert (params->values, g_strdup (l->data), values);
              else
                g_ptr_array_unref (values);
            }
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
                params_add (params, l->data, json_node_get_string (element));
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (node))
        {
          GType type = json_node_get_value_type (node);

          if (type == G_TYPE_STRING)
            params_add (params, l->data, json_node_get_string (node));
          else if (type == G_TYPE_INT64)
            {
              g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

              params_add (params, l->data, number);
            }
          else if (type == G_TYPE_BOOLEAN)
            params_add (params, l->data, json_node_get_boolean (node) ? "true" : "false");
        }
    }
}

static void
decode_multipart (Params             *params,
                  SoupMessageHeaders *headers,
                  GBytes             *body)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new_from_message (headers, body);

  if (multipart == NULL)
    return;

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) disposition_params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (!soup_message_headers_get_content_disposition (part_headers, &disposition, &disposition_params) ||
          strcmp (disposition, "form-data") != 0)
        continue;

      name = g_hash_table_lookup (disposition_params, "name");
      if (name == NULL)
        continue;

      if (g_hash_table_contains (disposition_params, "filename"))
        {
          if (strcmp (name, "file") == 0 && g_bytes_get_size (part_body) > 0)
            {
              const char *type = soup_message_headers_get_content_type (part_headers, NULL);

              params->has_file = TRUE;
              g_free (params->file_type);
              params->file_type = g_strdup (type != NULL ? type : "application/octet-stream");
            }
        }
      else
        {
          g_autofree char *value = g_strndup (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body));

          params_add (params, name, value);
        }
    }
}

/* Rails merges the query string and the body, whose content type decides
 * how it is read; a body of any other type is not read at all. */
static void
parse_params (SoupServerMessage *msg,
              Params            *params)
{
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  const char *content_type;
  const char *data;
  gsize len;

  params->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  if (g_uri_get_query (uri) != NULL)
    decode_form (params, g_uri_get_query (uri), strlen (g_uri_get_query (uri)));

  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL || body == NULL)
    return;

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    return;

  if (g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
    decode_form (params, data, len);
  else if (g_ascii_strcasecmp (content_type, "application/json") == 0)
    decode_json (params, data, len);
  else if (g_ascii_strcasecmp (content_type, "multipart/form-data") == 0)
    decode_multipart (params, headers, bytes);
}

/* --- auth ---------------------------------------------------------------- */

static Token *
find_token (MastodonContractServer *self,
            SoupServerMessage      *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;

  for (guint i = 0; i < self->tokens->len; i++)
    {
      Token *token = g_ptr_array_index (self->tokens, i);

      if (strcmp (token->token, header + 7) == 0)
        return token;
    }

  return NULL;
}

static gboolean
token_has_scope (Token      *token,
                 const char *scope)
{
  g_autofree char *parent = g_strndup (scope, strcspn (scope, ":"));

  return g_strv_contains ((const char * const *) token->scopes, scope) ||
         g_strv_contains ((const char * const *) token->scopes, parent);
}

/* The user token a method needs, or NULL after answering 401/403/422. */
static Token *
require_user (MastodonContractServer *self,
              SoupServerMessage      *msg,
              const char             *scope)
{
  Token *token = find_token (self, msg);

  if (token == NULL)
    {
      respond_json (self, msg, SOUP_STATUS_UNAUTHORIZED, INVALID_TOKEN);
      return NULL;
    }
  if (!token->has_user)
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "This method requires an authenticated user");
      return NULL;
    }
  if (!token_has_scope (token, scope) &&
      !(strcmp (scope, "read:accounts") == 0 && token_has_scope (token, "profile")))
    {
      respond_json (self, msg, SOUP_STATUS_FORBIDDEN, OUTSIDE_SCOPES);
      return NULL;
    }

  return token;
}

static App *
find_app (MastodonContractServer *self,
          const char             *client_id)
{
  if (client_id == NULL)
    return NULL;

  for (guint i = 0; i < self->apps->len; i++)
    {
      App *app = g_ptr_array_index (self->apps, i);

      if (strcmp (app->client_id, client_id) == 0)
        return app;
    }

  return NULL;
}

static gboolean
valid_scopes (const char *scope,
              GStrv      *out)
{
  g_auto(GStrv) scopes = g_strsplit_set (scope != NULL ? scope : "read", " +", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; scopes[i] != NULL; i++)
    {
      if (scopes[i][0] == '\0')
        continue;
      if (!g_strv_contains (known_scopes, scopes[i]))
        return FALSE;
      g_strv_builder_add (builder, scopes[i]);
    }

  *out = g_strv_builder_end (builder);
  return (*out)[0] != NULL;
}

static gboolean
scopes_subset (GStrv wanted,
               GStrv allowed)
{
  for (guint i = 0; wanted[i] != NULL; i++)
    {
      g_autofree char *parent = g_strndup (wanted[i], strcspn (wanted[i], ":"));

      if (!g_strv_contains ((const char * const *) allowed, wanted[i]) &&
          !g_strv_contains ((const char * const *) allowed, parent))
        return FALSE;
    }
  return TRUE;
}

static char *
pkce_s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar digest[32];
  gsize len = sizeof digest;
  char *text;
  gsize out = 0;

  g_checksum_update (checksum, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  text = g_base64_encode (digest, len);
  for (gsize i = 0; text[i] != '\0' && text[i] != '='; i++)
    text[out++] = text[i] == '+' ? '-' : text[i] == '/' ? '_' : text[i];
  text[out] = '\0';
  return text;
}

/* --- entities ------------------------------------------------------------ */

static void
build_account (MastodonContractServer *self,
               JsonBuilder            *builder,
               const char             *acct,
               const char             *display_name,
               gboolean                with_source)
{
  g_autofree char *url = account_url (self, acct);
  g_autofree char *username = g_strndup (acct, strcspn (acct, "@"));
  g_autofree char *created = iso_time (BASE_TIME - 86400 * 365);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, account_id (acct));
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "acct");
  json_builder_add_string_value (builder, acct);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, display_name != NULL ? display_name : "");
  json_builder_set_member_name (builder, "locked");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "bot");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "avatar");
  json_builder_add_string_value (builder, "https://files.example/avatar.png");
  json_builder_set_member_name (builder, "followers_count");
  json_builder_add_int_value (builder, 12);
  json_builder_set_member_name (builder, "following_count");
  json_builder_add_int_value (builder, 3);
  json_builder_set_member_name (builder, "statuses_count");
  json_builder_add_int_value (builder, 42);
  json_builder_set_member_name (builder, "emojis");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  if (with_source)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "privacy");
      json_builder_add_string_value (builder, "public");
      json_builder_set_member_name (builder, "sensitive");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "language");
      json_builder_add_string_value (builder, "de");
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, "");
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static Status *
find_status (MastodonContractServer *self,
             const char             *id)
{
  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->statuses_by_id, id);
}

static void
build_status (MastodonContractServer *self,
              JsonBuilder            *builder,
              Status                 *status)
{
  g_autofree char *created = iso_time (status->created_at);
  g_autofree char *account = account_url (self, status->acct);
  g_autofree char *url = g_strdup_printf ("%s/%s", account, status->id);
  g_autofree char *uri = g_strdup_printf ("%s/users/%s/statuses/%s", self->url, status->acct, status->id);
  Status *parent = find_status (self, status->in_reply_to_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, status->id);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "in_reply_to_id");
  if (status->in_reply_to_id != NULL)
    json_builder_add_string_value (builder, status->in_reply_to_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "in_reply_to_account_id");
  if (parent != NULL)
    json_builder_add_string_value (builder, account_id (parent->acct));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "sensitive");
  json_builder_add_boolean_value (builder, status->spoiler != NULL && status->spoiler[0] != '\0');
  json_builder_set_member_name (builder, "spoiler_text");
  json_builder_add_string_value (builder, status->spoiler != NULL ? status->spoiler : "");
  json_builder_set_member_name (builder, "visibility");
  json_builder_add_string_value (builder, status->visibility);
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, "de");
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "replies_count");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "reblogs_count");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "favourites_count");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, status->content);
  json_builder_set_member_name (builder, "reblog");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "account");
  build_account (self, builder, status->acct,
                 is_local (status->acct) && strcmp (status->acct, LOCAL_USERNAME) == 0
                 ? LOCAL_DISPLAY_NAME : status->display_name, FALSE);
  json_builder_set_member_name (builder, "media_attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->media_ids->len; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, g_ptr_array_index (status->media_ids, i));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "image");
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, g_hash_table_lookup (self->media, g_ptr_array_index (status->media_ids, i)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "mentions");
  json_builder_begin_array (builder);
  if (parent != NULL && strcmp (parent->acct, status->acct) != 0)
    {
      g_autofree char *parent_url = account_url (self, parent->acct);
      g_autofree char *username = g_strndup (parent->acct, strcspn (parent->acct, "@"));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, account_id (parent->acct));
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, username);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, parent_url);
      json_builder_set_member_name (builder, "acct");
      json_builder_add_string_value (builder, parent->acct);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "emojis");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static JsonNode *
status_node (MastodonContractServer *self,
             Status                 *status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  build_status (self, builder, status);
  return json_builder_get_root (builder);
}

static Status *
add_status_locked (MastodonContractServer *self,
                   const char             *acct,
                   const char             *display_name,
                   const char             *html,
                   const char             *spoiler,
                   const char             *in_reply_to_id,
                   const char             *visibility)
{
  Status *status = g_new0 (Status, 1);

  status->id = next_id (self);
  status->acct = g_strdup (acct);
  status->display_name = g_strdup (display_name);
  status->content = g_strdup (html);
  status->spoiler = g_strdup (spoiler);
  status->in_reply_to_id = g_strdup (in_reply_to_id);
  status->visibility = g_strdup (visibility != NULL ? visibility : "public");
  status->created_at = BASE_TIME + (gint64) self->next_id * 60;
  status->media_ids = g_ptr_array_new_with_free_func (g_free);
  forget_answers_locked (self);
  g_ptr_array_add (self->statuses, status);
  g_hash_table_insert (self->statuses_by_id, status->id, status);

  return status;
}

static Notification *
add_notification_locked (MastodonContractServer *self,
                         const char             *type,
                         const char             *acct,
                         const char             *status_id)
{
  Notification *notification = g_new0 (Notification, 1);

  notification->id = next_id (self);
  notification->type = g_strdup (type);
  notification->acct = g_strdup (acct);
  notification->status_id = g_strdup (status_id);
  notification->created_at = BASE_TIME + (gint64) self->next_id * 60;
  forget_answers_locked (self);
  g_ptr_array_add (self->notifications, notification);

  return notification;
}

/* --- methods ------------------------------------------------------------- */

static void
handle_instance (MastodonContractServer *self,
                 SoupServerMessage      *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, "127.0.0.1");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "Contract");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, self->pkce ? "4.3.0" : "4.2.10");
  json_builder_set_member_name (builder, "configuration");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "statuses");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "max_characters");
  json_builder_add_int_value (builder, self->max_characters);
  json_builder_set_member_name (builder, "max_media_attachments");
  json_builder_add_int_value (builder, 4);
  json_builder_set_member_name (builder, "characters_reserved_per_url");
  json_builder_add_int_value (builder, 23);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "media_attachments");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "description_limit");
  json_builder_add_int_value (builder, 1500);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_authorization_server (MastodonContractServer *self,
                             SoupServerMessage      *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *authorize = g_strconcat (self->url, "/oauth/authorize", NULL);
  g_autofree char *token = g_strconcat (self->url, "/oauth/token", NULL);
  g_autofree char *apps = g_strconcat (self->url, "/api/v1/apps", NULL);

  /* Before 4.3 there is no such document and no PKCE. */
  if (!self->pkce)
    {
      respond_html (self, msg, SOUP_STATUS_NOT_FOUND, "The page you are looking for isn't here.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "authorization_endpoint");
  json_builder_add_string_value (builder, authorize);
  json_builder_set_member_name (builder, "token_endpoint");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "app_registration_endpoint");
  json_builder_add_string_value (builder, apps);
  json_builder_set_member_name (builder, "response_types_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "code");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "grant_types_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "authorization_code");
  json_builder_add_string_value (builder, "client_credentials");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "code_challenge_methods_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "S256");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "scopes_supported");
  json_builder_begin_array (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (known_scopes); i++)
    json_builder_add_string_value (builder, known_scopes[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static gboolean
is_absolute_uri (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (strcmp (uri, OOB_REDIRECT) == 0)
    return TRUE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  return parsed != NULL && g_uri_get_host (parsed) != NULL && g_uri_get_host (parsed)[0] != '\0';
}

static void
handle_apps (MastodonContractServer *self,
             SoupServerMessage      *msg,
             Params                 *params)
{
  const char *name = params_get (params, "client_name");
  GPtrArray *redirect_values = params_get_all (params, "redirect_uris");
  g_autoptr(GStrvBuilder) redirects = g_strv_builder_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *app_id = NULL;
  GStrv scopes = NULL;
  App *app;

  if (name == NULL || name[0] == '\0' || redirect_values == NULL || redirect_values->len == 0)
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                     "Validation failed: Application name can't be blank, Redirect URI can't be blank");
      return;
    }

  /* A string may hold several URIs, one a line; an array one each. */
  for (guint i = 0; i < redirect_values->len; i++)
    {
      g_auto(GStrv) lines = g_strsplit_set (g_ptr_array_index (redirect_values, i), " \t\r\n", -1);

      for (guint j = 0; lines[j] != NULL; j++)
        {
          if (lines[j][0] == '\0')
            continue;
          if (!is_absolute_uri (lines[j]))
            {
              respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                             "Validation failed: Redirect URI must be an absolute URI.");
              return;
            }
          g_strv_builder_add (redirects, lines[j]);
        }
    }

  if (!valid_scopes (params_get (params, "scopes"), &scopes))
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Validation failed: Scopes must be valid");
      g_strfreev (scopes);
      return;
    }

  app = g_new0 (App, 1);
  app->client_id = random_string ();
  app->client_secret = random_string ();
  app->name = g_strdup (name);
  app->redirect_uris = g_strv_builder_end (redirects);
  app->scopes = scopes;
  g_ptr_array_add (self->apps, app);

  joined = g_strjoinv ("\n", app->redirect_uris);
  app_id = g_strdup_printf ("%u", self->apps->len);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, app_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, app->name);
  json_builder_set_member_name (builder, "website");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  for (guint i = 0; app->scopes[i] != NULL; i++)
    json_builder_add_string_value (builder, app->scopes[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "redirect_uri");
  json_builder_add_string_value (builder, joined);
  json_builder_set_member_name (builder, "redirect_uris");
  json_builder_begin_array (builder);
  for (guint i = 0; app->redirect_uris[i] != NULL; i++)
    json_builder_add_string_value (builder, app->redirect_uris[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, app->client_id);
  json_builder_set_member_name (builder, "client_secret");
  json_builder_add_string_value (builder, app->client_secret);
  json_builder_set_member_name (builder, "client_secret_expires_at");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static char *
append_query (const char *base,
              const char *first_name,
              ...)
{
  GString *out = g_string_new (base);
  gboolean first = strchr (base, '?') == NULL;
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

          g_string_append_printf (out, "%c%s=%s", first ? '?' : '&', name, escaped);
          first = FALSE;
        }
      name = va_arg (args, const char *);
    }
  va_end (args);

  return g_string_free (out, FALSE);
}

static void
handle_authorize (MastodonContractServer *self,
                  SoupServerMessage      *msg,
                  Params                 *params)
{
  const char *client_id = params_get (params, "client_id");
  const char *redirect_uri = params_get (params, "redirect_uri");
  const char *state = params_get (params, "state");
  const char *challenge = params_get (params, "code_challenge");
  const char *method = params_get (params, "code_challenge_method");
  g_auto(GStrv) scopes = NULL;
  g_autofree char *location = NULL;
  App *app;
  Grant *grant;

  if (g_strcmp0 (params_get (params, "response_type"), "code") != 0)
    {
      respond_html (self, msg, SOUP_STATUS_BAD_REQUEST,
                    "The authorization server does not support this response type.");
      return;
    }

  /* An unknown client or redirect URI is shown, never redirected to. */
  app = find_app (self, client_id);
  if (app == NULL)
    {
      respond_html (self, msg, SOUP_STATUS_UNAUTHORIZED,
                    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
      return;
    }
  if (redirect_uri == NULL || !g_strv_contains ((const char * const *) app->redirect_uris, redirect_uri))
    {
      respond_html (self, msg, SOUP_STATUS_BAD_REQUEST,
                    "The redirect uri included is not valid.");
      return;
    }

  if (!valid_scopes (params_get (params, "scope"), &scopes) || !scopes_subset (scopes, app->scopes))
    {
      location = append_query (redirect_uri, "error", "invalid_scope", "state", state, NULL);
      redirect (self, msg, location);
      return;
    }

  if (self->pkce && challenge != NULL && g_strcmp0 (method, "S256") != 0)
    {
      location = append_query (redirect_uri, "error", "invalid_request", "state", state, NULL);
      redirect (self, msg, location);
      return;
    }

  if (self->deny)
    {
      location = append_query (redirect_uri, "error", "access_denied",
                               "error_description", "The resource owner or authorization server denied the request.",
                               "state", state, NULL);
      redirect (self, msg, location);
      return;
    }

  /* As if the user signed in and approved. */
  grant = g_new0 (Grant, 1);
  grant->code = random_string ();
  grant->client_id = g_strdup (client_id);
  grant->redirect_uri = g_strdup (redirect_uri);
  grant->scope = g_strjoinv (" ", scopes);
  grant->challenge = self->pkce ? g_strdup (challenge) : NULL;
  g_ptr_array_add (self->grants, grant);

  if (strcmp (redirect_uri, OOB_REDIRECT) == 0)
    {
      g_autofree char *native = g_strconcat (self->url, "/oauth/authorize/native", NULL);

      location = append_query (native, "code", grant->code, NULL);
    }
  else
    location = append_query (redirect_uri, "code", grant->code, "state", state, NULL);

  redirect (self, msg, location);
}

static void
handle_authorize_native (MastodonContractServer *self,
                         SoupServerMessage      *msg,
                         Params                 *params)
{
  const char *code = params_get (params, "code");
  g_autofree char *page = NULL;

  page = g_markup_printf_escaped ("<!DOCTYPE html><html><body><p>Copy this authorization code and paste it to the application.</p>"
                                  "<input class=\"oauth-code\" readonly type=\"text\" value=\"%s\"></body></html>",
                                  code != NULL ? code : "");
  respond (self, msg, SOUP_STATUS_OK, "text/html; charset=utf-8", page);
}

static void
handle_token (MastodonContractServer *self,
              SoupServerMessage      *msg,
              Params                 *params)
{
  const char *grant_type = params_get (params, "grant_type");
  const char *client_id = params_get (params, "client_id");
  const char *client_secret = params_get (params, "client_secret");
  const char *code = params_get (params, "code");
  const char *redirect_uri = params_get (params, "redirect_uri");
  const char *verifier = params_get (params, "code_verifier");
  const char *scope = params_get (params, "scope");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *challenge = NULL;
  Grant *grant = NULL;
  Token *token;
  App *app;

  if (grant_type == NULL)
    {
      respond_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "Missing required parameter: grant_type.");
      return;
    }
  if (strcmp (grant_type, "authorization_code") != 0 && strcmp (grant_type, "client_credentials") != 0)
    {
      respond_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                           "The authorization grant type is not supported by the authorization server.");
      return;
    }

  app = find_app (self, client_id);
  if (app == NULL || g_strcmp0 (app->client_secret, client_secret) != 0)
    {
      respond_oauth_error (self, msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                           "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
      return;
    }

  if (strcmp (grant_type, "authorization_code") == 0)
    {
      for (guint i = 0; i < self->grants->len && code != NULL; i++)
        {
          Grant *candidate = g_ptr_array_index (self->grants, i);

          if (strcmp (candidate->code, code) == 0)
            grant = candidate;
        }

      if (grant == NULL || grant->used || strcmp (grant->client_id, client_id) != 0 ||
          g_strcmp0 (grant->redirect_uri, redirect_uri) != 0 ||
          (grant->challenge != NULL &&
           (verifier == NULL || strcmp ((challenge = pkce_s256 (verifier)), grant->challenge) != 0)))
        {
          respond_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                               "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
          return;
        }

      if (scope != NULL)
        {
          g_auto(GStrv) wanted = NULL;
          g_autofree char *joined = NULL;

          if (!valid_scopes (scope, &wanted) || strcmp ((joined = g_strjoinv (" ", wanted)), grant->scope) != 0)
            {
              respond_oauth_error (self, msg, SOUP_STATUS_BAD_REQUEST, "invalid_scope",
                                   "The requested scope is invalid, unknown, or malformed.");
              return;
            }
        }

      grant->used = TRUE;
    }

  token = g_new0 (Token, 1);
  token->token = random_string ();
  token->has_user = grant != NULL;
  token->scopes = g_strsplit (grant != NULL ? grant->scope : "read", " ", -1);
  g_ptr_array_add (self->tokens, token);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token->token);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, grant != NULL ? grant->scope : "read");
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_verify_credentials (MastodonContractServer *self,
                           SoupServerMessage      *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  if (require_user (self, msg, "read:accounts") == NULL)
    return;

  build_account (self, builder, LOCAL_USERNAME, LOCAL_DISPLAY_NAME, TRUE);
  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static gboolean
parse_limit (const char *value,
             guint      *limit)
{
  guint64 number;

  *limit = 40;
  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &number, NULL))
    return FALSE;
  *limit = (guint) CLAMP (number, 1, 80);
  return TRUE;
}

static gboolean
type_wanted (Notification *notification,
             GPtrArray    *types,
             GPtrArray    *exclude)
{
  if (types != NULL && types->len > 0 &&
      !g_ptr_array_find_with_equal_func (types, notification->type, g_str_equal, NULL))
    return FALSE;
  if (exclude != NULL && g_ptr_array_find_with_equal_func (exclude, notification->type, g_str_equal, NULL))
    return FALSE;
  return TRUE;
}

static int
compare_notifications_desc (gconstpointer a,
                            gconstpointer b)
{
  const Notification *na = *(Notification * const *) a;
  const Notification *nb = *(Notification * const *) b;

  return compare_ids (nb->id, na->id);
}

static void
append_filters (GString   *link,
                GPtrArray *types,
                GPtrArray *exclude,
                guint      limit)
{
  g_string_append_printf (link, "&limit=%u", limit);
  for (guint i = 0; types != NULL && i < types->len; i++)
    g_string_append_printf (link, "&types%%5B%%5D=%s", (char *) g_ptr_array_index (types, i));
  for (guint i = 0; exclude != NULL && i < exclude->len; i++)
    g_string_append_printf (link, "&exclude_types%%5B%%5D=%s", (char *) g_ptr_array_index (exclude, i));
}

static void
handle_notifications (MastodonContractServer *self,
                      SoupServerMessage      *msg,
                      Params                 *params)
{
  const char *max_id = params_get (params, "max_id");
  const char *since_id = params_get (params, "since_id");
  const char *min_id = params_get (params, "min_id");
  GPtrArray *types = params_get_all (params, "types");
  GPtrArray *exclude = params_get_all (params, "exclude_types");
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(GPtrArray) page = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  guint limit;

  if (require_user (self, msg, "read:notifications") == NULL)
    return;

  if (!parse_limit (params_get (params, "limit"), &limit))
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "limit must be a number");
      return;
    }

  for (guint i = 0; i < self->notifications->len; i++)
    {
      Notification *notification = g_ptr_array_index (self->notifications, i);

      if (!type_wanted (notification, types, exclude))
        continue;
      if (max_id != NULL && compare_ids (notification->id, max_id) >= 0)
        continue;
      if (since_id != NULL && compare_ids (notification->id, since_id) <= 0)
        continue;
      if (min_id != NULL && compare_ids (notification->id, min_id) <= 0)
        continue;
      g_ptr_array_add (matching, notification);
    }

  g_ptr_array_sort (matching, compare_notifications_desc);

  /* min_id pages forward from the cursor: the oldest ones right after it,
   * shown newest first. Otherwise the newest ones. */
  if (min_id != NULL)
    {
      guint start = matching->len > limit ? matching->len - limit : 0;

      for (guint i = start; i < matching->len; i++)
        g_ptr_array_add (page, g_ptr_array_index (matching, i));
    }
  else
    {
      for (guint i = 0; i < matching->len && i < limit; i++)
        g_ptr_array_add (page, g_ptr_array_index (matching, i));
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < page->len; i++)
    {
      Notification *notification = g_ptr_array_index (page, i);
      g_autofree char *created = iso_time (notification->created_at);
      Status *status = find_status (self, notification->status_id);
      Status *author_status = status;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, notification->id);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, notification->type);
      json_builder_set_member_name (builder, "created_at");
      json_builder_add_string_value (builder, created);
      json_builder_set_member_name (builder, "account");
      build_account (self, builder, notification->acct,
                     author_status != NULL ? author_status->display_name : NULL, FALSE);
      if (status != NULL)
        {
          json_builder_set_member_name (builder, "status");
          build_status (self, builder, status);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (page->len > 0)
    {
      Notification *newest = g_ptr_array_index (page, 0);
      Notification *oldest = g_ptr_array_index (page, page->len - 1);
      g_autoptr(GString) link = g_string_new (NULL);

      g_string_append_printf (link, "<%s/api/v1/notifications?max_id=%s", self->url, oldest->id);
      append_filters (link, types, exclude, limit);
      g_string_append_printf (link, ">; rel=\"next\", <%s/api/v1/notifications?min_id=%s", self->url, newest->id);
      append_filters (link, types, exclude, limit);
      g_string_append (link, ">; rel=\"prev\"");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Link", link->str);
    }

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_get_status (MastodonContractServer *self,
                   SoupServerMessage      *msg,
                   const char             *id)
{
  g_autoptr(JsonNode) node = NULL;
  Status *status;

  if (require_user (self, msg, "read:statuses") == NULL)
    return;

  status = find_status (self, id);
  if (status == NULL)
    {
      respond_json (self, msg, SOUP_STATUS_NOT_FOUND, NOT_FOUND);
      return;
    }

  node = status_node (self, status);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static gboolean
descends_from (MastodonContractServer *self,
               Status                 *status,
               const char             *ancestor_id)
{
  for (guint depth = 0; status != NULL && status->in_reply_to_id != NULL && depth < 1000; depth++)
    {
      if (strcmp (status->in_reply_to_id, ancestor_id) == 0)
        return TRUE;
      status = find_status (self, status->in_reply_to_id);
    }

  return FALSE;
}

static void
handle_context (MastodonContractServer *self,
                SoupServerMessage      *msg,
                const char             *id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) ancestors = g_ptr_array_new ();
  Status *status;

  if (require_user (self, msg, "read:statuses") == NULL)
    return;

  status = find_status (self, id);
  if (status == NULL)
    {
      respond_json (self, msg, SOUP_STATUS_NOT_FOUND, NOT_FOUND);
      return;
    }

  for (Status *parent = find_status (self, status->in_reply_to_id);
       parent != NULL && ancestors->len < 1000;
       parent = find_status (self, parent->in_reply_to_id))
    g_ptr_array_insert (ancestors, 0, parent);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ancestors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ancestors->len; i++)
    build_status (self, builder, g_ptr_array_index (ancestors, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "descendants");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->statuses->len; i++)
    {
      Status *candidate = g_ptr_array_index (self->statuses, i);

      if (descends_from (self, candidate, status->id))
        build_status (self, builder, candidate);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

/* The length as Mastodon's StatusLengthValidator counts it, written with
 * regular expressions apart from the client's counter: links count 23,
 * mentions without their domain. Code points, not graphemes: the tests
 * keep emoji away from the limit. */
static glong
countable_length (const char *spoiler,
                  const char *text)
{
  g_autoptr(GRegex) urls = g_regex_new ("https?://[^\\s<>\"]+", G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GRegex) mentions = g_regex_new ("(?<![=/\\w])@(\\w+([.-]+\\w+)*)(@[\\w.-]+\\w)?", G_REGEX_CASELESS, 0, NULL);
  g_autofree char *without_urls = g_regex_replace_literal (urls, text, -1, 0, "xxxxxxxxxxxxxxxxxxxxxxx", 0, NULL);
  g_autofree char *countable = g_regex_replace (mentions, without_urls, -1, 0, "@\\1", 0, NULL);

  return g_utf8_strlen (countable, -1) + (spoiler != NULL ? g_utf8_strlen (spoiler, -1) : 0);
}

static char *
text_to_html (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autoptr(GString) html = g_string_new ("<p>");

  g_string_append (html, escaped);
  g_string_replace (html, "\n", "<br />", 0);
  g_string_append (html, "</p>");
  return g_string_free (g_steal_pointer (&html), FALSE);
}

static void
record_posted (MastodonContractServer *self,
               Status                 *status,
               const char             *text,
               const char             *idempotency_key)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, status->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "in_reply_to_id");
  if (status->in_reply_to_id != NULL)
    json_builder_add_string_value (builder, status->in_reply_to_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "visibility");
  json_builder_add_string_value (builder, status->visibility);
  json_builder_set_member_name (builder, "media_ids");
  json_builder_begin_array (builder);
  for (guint i = 0; i < status->media_ids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (status->media_ids, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  if (idempotency_key != NULL)
    json_builder_add_string_value (builder, idempotency_key);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  g_ptr_array_add (self->posted, json_to_string (node, FALSE));
}

static void
handle_post_status (MastodonContractServer *self,
                    SoupServerMessage      *msg,
                    Params                 *params)
{
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  const char *text = params_get (params, "status");
  const char *spoiler = params_get (params, "spoiler_text");
  const char *visibility = params_get (params, "visibility");
  const char *in_reply_to_id = params_get (params, "in_reply_to_id");
  GPtrArray *media_ids = params_get_all (params, "media_ids");
  g_autofree char *idempotency_key = NULL;
  g_autofree char *html = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *known;
  Status *status;
  Token *token;

  token = require_user (self, msg, "write:statuses");
  if (token == NULL)
    return;

  /* The same key from the same user within the hour: the status made
   * the first time, not a second one. */
  if (key != NULL)
    {
      idempotency_key = g_strconcat (token->token, "\n", key, NULL);
      known = g_hash_table_lookup (self->idempotency, idempotency_key);
      if (known != NULL && (status = find_status (self, known)) != NULL)
        {
          node = status_node (self, status);
          respond_node (self, msg, SOUP_STATUS_OK, node);
          return;
        }
    }

  if ((text == NULL || text[0] == '\0') && (media_ids == NULL || media_ids->len == 0))
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Validation failed: Text can't be blank");
      return;
    }

  if (visibility != NULL && strcmp (visibility, "public") != 0 && strcmp (visibility, "unlisted") != 0 &&
      strcmp (visibility, "private") != 0 && strcmp (visibility, "direct") != 0)
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                     "Validation failed: Visibility is not included in the list");
      return;
    }

  if (in_reply_to_id != NULL && find_status (self, in_reply_to_id) == NULL)
    {
      respond_json (self, msg, SOUP_STATUS_NOT_FOUND, NOT_FOUND);
      return;
    }

  for (guint i = 0; media_ids != NULL && i < media_ids->len; i++)
    if (!g_hash_table_contains (self->media, g_ptr_array_index (media_ids, i)))
      {
        respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                       "Validation failed: Media attachments are invalid");
        return;
      }

  if (countable_length (spoiler, text != NULL ? text : "") > (glong) self->max_characters)
    {
      g_autofree char *message = g_strdup_printf ("Validation failed: Text character limit of %u exceeded",
                                                  self->max_characters);

      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, message);
      return;
    }

  html = text_to_html (text != NULL ? text : "");
  status = add_status_locked (self, LOCAL_USERNAME, LOCAL_DISPLAY_NAME, html, spoiler,
                              in_reply_to_id, visibility);
  for (guint i = 0; media_ids != NULL && i < media_ids->len; i++)
    g_ptr_array_add (status->media_ids, g_strdup (g_ptr_array_index (media_ids, i)));
  record_posted (self, status, text != NULL ? text : "", key);

  if (idempotency_key != NULL)
    g_hash_table_insert (self->idempotency, g_steal_pointer (&idempotency_key), g_strdup (status->id));

  node = status_node (self, status);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static void
handle_media (MastodonContractServer *self,
              SoupServerMessage      *msg,
              Params                 *params)
{
  const char *description = params_get (params, "description");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *url = NULL;

  if (require_user (self, msg, "write:media") == NULL)
    return;

  if (!params->has_file || !g_str_has_prefix (params->file_type, "image/"))
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                     "Validation failed: File content type is invalid, File is invalid");
      return;
    }
  if (description != NULL && g_utf8_strlen (description, -1) > 1500)
    {
      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY,
                     "Validation failed: Description is too long (maximum is 1500 characters)");
      return;
    }

  id = next_id (self);
  url = g_strdup_printf ("%s/system/media_attachments/%s.png", self->url, id);
  g_hash_table_insert (self->media, g_strdup (id), g_strdup (description != NULL ? description : ""));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "image");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "preview_url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "description");
  if (description != NULL)
    json_builder_add_string_value (builder, description);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "blurhash");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  respond_node (self, msg, SOUP_STATUS_OK, node);
}

static void
route (MastodonContractServer *self,
       SoupServerMessage      *msg,
       const char             *method,
       const char             *path)
{
  Params params = { 0 };

  parse_params (msg, &params);

  if (strcmp (method, "GET") == 0 && strcmp (path, "/api/v2/instance") == 0)
    handle_instance (self, msg);
  else if (strcmp (method, "GET") == 0 && strcmp (path, "/.well-known/oauth-authorization-server") == 0)
    handle_authorization_server (self, msg);
  else if (strcmp (method, "POST") == 0 && strcmp (path, "/api/v1/apps") == 0)
    handle_apps (self, msg, &params);
  else if (strcmp (method, "GET") == 0 && strcmp (path, "/oauth/authorize") == 0)
    handle_authorize (self, msg, &params);
  else if (strcmp (method, "GET") == 0 && strcmp (path, "/oauth/authorize/native") == 0)
    handle_authorize_native (self, msg, &params);
  else if (strcmp (method, "POST") == 0 && strcmp (path, "/oauth/token") == 0)
    handle_token (self, msg, &params);
  else if (strcmp (method, "GET") == 0 && strcmp (path, "/api/v1/accounts/verify_credentials") == 0)
    handle_verify_credentials (self, msg);
  else if (strcmp (method, "GET") == 0 && strcmp (path, "/api/v1/notifications") == 0)
    handle_notifications (self, msg, &params);
  else if (strcmp (method, "POST") == 0 && strcmp (path, "/api/v1/statuses") == 0)
    handle_post_status (self, msg, &params);
  else if (strcmp (method, "POST") == 0 && strcmp (path, "/api/v2/media") == 0)
    handle_media (self, msg, &params);
  else if (strcmp (method, "GET") == 0 && g_str_has_prefix (path, "/api/v1/statuses/"))
    {
      g_autofree char *id = g_strdup (path + strlen ("/api/v1/statuses/"));
      char *slash = strchr (id, '/');

      if (slash == NULL)
        handle_get_status (self, msg, id);
      else if (strcmp (slash, "/context") == 0)
        {
          *slash = '\0';
          handle_context (self, msg, id);
        }
      else
        respond_json (self, msg, SOUP_STATUS_NOT_FOUND, NOT_FOUND);
    }
  else if (g_str_has_prefix (path, "/api/"))
    respond_json (self, msg, SOUP_STATUS_NOT_FOUND, NOT_FOUND);
  else
    respond_html (self, msg, SOUP_STATUS_NOT_FOUND, "The page you are looking for isn't here.");

  params_clear (&params);
}

/* --- faults and rate limits ---------------------------------------------- */

static Fault *
take_fault (MastodonContractServer *self,
            const char             *method,
            const char             *path)
{
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    {
      Fault *fault = l->data;

      if ((fault->method == NULL || strcmp (fault->method, method) == 0) &&
          (fault->path_prefix == NULL || g_str_has_prefix (path, fault->path_prefix)))
        {
          Fault *copy;

          /* Requests before the fault go through. */
          if (fault->skip > 0)
            {
              fault->skip--;
              return NULL;
            }

          copy = g_memdup2 (fault, sizeof *fault);

          copy->method = NULL;
          copy->path_prefix = NULL;
          if (--fault->count == 0)
            {
              g_queue_delete_link (&self->faults, l);
              fault_free (fault);
            }
          return copy;
        }
    }

  return NULL;
}

static void
add_rate_limit_headers (MastodonContractServer *self,
                        SoupServerMessage      *msg,
                        guint                   remaining)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GDateTime) reset = g_date_time_new_from_unix_utc (self->window_end_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) reset_ms = g_date_time_add (reset, self->window_end_us % G_USEC_PER_SEC);
  g_autofree char *reset_text = g_date_time_format (reset_ms, "%Y-%m-%dT%H:%M:%S.%fZ");
  g_autofree char *limit = g_strdup_printf ("%u", self->rate_limit);
  g_autofree char *left = g_strdup_printf ("%u", remaining);

  soup_message_headers_replace (headers, "X-RateLimit-Limit", limit);
  soup_message_headers_replace (headers, "X-RateLimit-Remaining", left);
  soup_message_headers_replace (headers, "X-RateLimit-Reset", reset_text);
}

/* Returns FALSE after answering 429. */
static gboolean
check_rate_limit (MastodonContractServer *self,
                  SoupServerMessage      *msg)
{
  gint64 now = g_get_real_time ();

  if (self->rate_limit == 0)
    return TRUE;

  if (now >= self->window_end_us)
    {
      self->window_end_us = now + (gint64) self->rate_window * G_USEC_PER_SEC;
      self->window_count = 0;
    }

  self->window_count++;
  if (self->window_count > self->rate_limit)
    {
      add_rate_limit_headers (self, msg, 0);
      respond_error (self, msg, 429, "Too many requests");
      return FALSE;
    }

  add_rate_limit_headers (self, msg, self->rate_limit - self->window_count);
  return TRUE;
}

static void
reset_connection (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  g_autoptr(GIOStream) stream = NULL;
  struct linger linger = { 1, 0 };

  /* SO_LINGER with a zero timeout turns close() into a TCP reset. */
  if (socket != NULL)
    setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);

  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

typedef struct {
  SoupServerMessage *msg;
  gboolean           gone;
} Delayed;

static void
on_delayed_disconnected (SoupServerMessage *msg,
                         gpointer           user_data)
{
  Delayed *delayed = user_data;

  delayed->gone = TRUE;
}

static gboolean
on_delay_over (gpointer user_data)
{
  Delayed *delayed = user_data;

  if (!delayed->gone)
    soup_server_message_unpause (delayed->msg);
  g_signal_handlers_disconnect_by_data (delayed->msg, delayed);
  g_object_unref (delayed->msg);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
delay_response (MastodonContractServer *self,
                SoupServerMessage      *msg,
                guint                   delay_ms)
{
  Delayed *delayed = g_new0 (Delayed, 1);
  g_autoptr(GSource) source = g_timeout_source_new (delay_ms);

  delayed->msg = g_object_ref (msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_delayed_disconnected), delayed);
  soup_server_message_pause (msg);
  g_source_set_callback (source, on_delay_over, delayed, NULL);
  g_source_attach (source, self->context);
}

static void
spoil_body (SoupServerMessage *msg,
            ContractFault      fault)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len = g_bytes_get_size (bytes);
  g_autofree char *data = g_strndup (g_bytes_get_data (bytes, NULL), len);

  soup_message_body_truncate (body);
  if (fault == CONTRACT_FAULT_TRUNCATED_JSON)
    soup_message_body_append (body, SOUP_MEMORY_COPY, data, len / 2);
  else
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "{\"id\": \"1\",, \"oops\" <html>", 26);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  MastodonContractServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *agent = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "User-Agent");
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  g_autofree Fault *fault = NULL;

  g_mutex_lock (&self->lock);

  g_hash_table_insert (self->requests, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key)) + 1));
  g_free (self->user_agent);
  self->user_agent = g_strdup (agent);

  /* Whatever is not a GET may change the data. */
  if (strcmp (method, "GET") != 0)
    forget_answers_locked (self);

  fault = take_fault (self, method, path);
  if (fault == NULL && self->cache_answers && strcmp (method, "GET") == 0 &&
      replay_answer_locked (self, msg))
    {
      /* Answered as the first time. */
    }
  else if (fault != NULL && fault->fault == CONTRACT_FAULT_SERVER_ERROR)
    respond_error (self, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal server error");
  else if (fault != NULL && fault->fault == CONTRACT_FAULT_RESET)
    reset_connection (msg);
  else if (fault != NULL && fault->fault == CONTRACT_FAULT_TOO_MANY_REQUESTS)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", fault->param);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      respond_error (self, msg, 429, "Too many requests");
    }
  else if (fault != NULL && fault->fault == CONTRACT_FAULT_ECHO_TOKEN)
    {
      const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Authorization");
      g_autofree char *message = g_strdup_printf ("Validation failed: %s is not allowed here",
                                                  header != NULL ? header : "");

      respond_error (self, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, message);
    }
  else if (check_rate_limit (self, msg))
    {
      route (self, msg, method, path);

      if (fault == NULL && self->cache_answers && strcmp (method, "GET") == 0)
        keep_answer_locked (self, msg);
      if (fault != NULL && fault->fault == CONTRACT_FAULT_SLOW)
        delay_response (self, msg, fault->param);
      else if (fault != NULL && (fault->fault == CONTRACT_FAULT_TRUNCATED_JSON ||
                                 fault->fault == CONTRACT_FAULT_MALFORMED_JSON))
        spoil_body (msg, fault->fault);
    }

  g_mutex_unlock (&self->lock);
}

/* --- thread -------------------------------------------------------------- */

static gpointer
server_thread (gpointer user_data)
{
  MastodonContractServer *self = user_data;
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "Mastodon-Contract ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  if (!soup_server_listen (self->server, address, 0, &error))
    g_error ("Contract server cannot listen: %s", error->message);

  uris = soup_server_get_uris (self->server);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  self->ready = TRUE;
  g_cond_signal (&self->ready_cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let timers for delayed answers run down. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

MastodonContractServer *
mastodon_contract_server_new (void)
{
  MastodonContractServer *self = g_new0 (MastodonContractServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready_cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->next_id = 100000;
  self->apps = g_ptr_array_new_with_free_func (app_free);
  self->grants = g_ptr_array_new_with_free_func (grant_free);
  self->tokens = g_ptr_array_new_with_free_func (token_free);
  self->statuses = g_ptr_array_new_with_free_func (status_free);
  self->statuses_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->notifications = g_ptr_array_new_with_free_func (notification_free);
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->idempotency = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->posted = g_ptr_array_new_with_free_func (g_free);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->statuses_sent = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, answer_free);
  g_queue_init (&self->faults);
  self->pkce = TRUE;
  self->max_characters = 500;

  self->thread = g_thread_new ("mastodon-contract", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->ready_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

void
mastodon_contract_server_free (MastodonContractServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_loop, self->loop);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_ptr_array_unref (self->apps);
  g_ptr_array_unref (self->grants);
  g_ptr_array_unref (self->tokens);
  g_hash_table_unref (self->statuses_by_id);
  g_ptr_array_unref (self->statuses);
  g_ptr_array_unref (self->notifications);
  g_hash_table_unref (self->media);
  g_hash_table_unref (self->idempotency);
  g_ptr_array_unref (self->posted);
  g_hash_table_unref (self->requests);
  g_hash_table_unref (self->statuses_sent);
  g_hash_table_unref (self->answers);
  g_queue_clear_full (&self->faults, fault_free);
  g_free (self->user_agent);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready_cond);
  g_free (self);
}

/* "http://127.0.0.1:PORT" */
const char *
mastodon_contract_server_get_url (MastodonContractServer *self)
{
  return self->url;
}

/* The next @count requests matching @method and @path_prefix (NULL: any)
 * fail with @fault; @param is the delay in ms (SLOW) or the Retry-After
 * seconds (TOO_MANY_REQUESTS). */
void
mastodon_contract_server_inject_fault (MastodonContractServer *self,
                                       const char             *method,
                                       const char             *path_prefix,
                                       ContractFault           fault,
                                       guint                   count,
                                       guint                   param)
{
  mastodon_contract_server_inject_fault_after (self, method, path_prefix, fault, 0, count, param);
}

/* Like mastodon_contract_server_inject_fault(), but the first @skip
 * matching requests are answered normally, e.g. to fail the second page
 * of a listing. */
void
mastodon_contract_server_inject_fault_after (MastodonContractServer *self,
                                             const char             *method,
                                             const char             *path_prefix,
                                             ContractFault           fault,
                                             guint                   skip,
                                             guint                   count,
                                             guint                   param)
{
  Fault *entry = g_new0 (Fault, 1);

  g_return_if_fail (count > 0);

  entry->method = g_strdup (method);
  entry->path_prefix = g_strdup (path_prefix);
  entry->fault = fault;
  entry->skip = skip;
  entry->count = count;
  entry->param = param;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->faults, entry);
  g_mutex_unlock (&self->lock);
}

/* Like Mastodon's per-account limit: @limit requests per window, with the
 * X-RateLimit-* headers on every answer and 429 beyond. 0 turns it off. */
void
mastodon_contract_server_set_rate_limit (MastodonContractServer *self,
                                         guint                   limit,
                                         guint                   window_seconds)
{
  g_mutex_lock (&self->lock);
  self->rate_limit = limit;
  self->rate_window = window_seconds;
  self->window_end_us = 0;
  self->window_count = 0;
  g_mutex_unlock (&self->lock);
}

/* FALSE acts like Mastodon before 4.3: no authorization server metadata,
 * code_challenge ignored. */
void
mastodon_contract_server_set_pkce (MastodonContractServer *self,
                                   gboolean                supported)
{
  g_mutex_lock (&self->lock);
  self->pkce = supported;
  g_mutex_unlock (&self->lock);
}

/* TRUE: the user declines in the browser. */
void
mastodon_contract_server_set_deny_authorization (MastodonContractServer *self,
                                                 gboolean                deny)
{
  g_mutex_lock (&self->lock);
  self->deny = deny;
  g_mutex_unlock (&self->lock);
}

void
mastodon_contract_server_set_max_characters (MastodonContractServer *self,
                                             guint                   max_characters)
{
  g_mutex_lock (&self->lock);
  self->max_characters = max_characters;
  g_mutex_unlock (&self->lock);
}

/* A user token for @laden with @scopes (space separated), as if signed in. */
char *
mastodon_contract_server_create_token (MastodonContractServer *self,
                                       const char             *scopes)
{
  Token *token = g_new0 (Token, 1);
  char *value;

  g_mutex_lock (&self->lock);
  token->token = random_string ();
  token->scopes = g_strsplit (scopes, " ", -1);
  token->has_user = TRUE;
  g_ptr_array_add (self->tokens, token);
  value = g_strdup (token->token);
  g_mutex_unlock (&self->lock);

  return value;
}

/* A status by @author_acct ("anna@other.example") that mentions @laden, with
 * its mention notification. Returns the status id. */
char *
mastodon_contract_server_add_status (MastodonContractServer *self,
                                     const char             *author_acct,
                                     const char             *display_name,
                                     const char             *html,
                                     const char             *in_reply_to_id,
                                     const char             *visibility)
{
  Status *status;
  char *id;

  g_mutex_lock (&self->lock);
  status = add_status_locked (self, author_acct, display_name, html, NULL, in_reply_to_id, visibility);
  id = g_strdup (status->id);
  add_notification_locked (self, "mention", author_acct, status->id);
  g_mutex_unlock (&self->lock);

  return id;
}

/* A status by @laden, e.g. the post customers reply to. */
char *
mastodon_contract_server_add_own_status (MastodonContractServer *self,
                                         const char             *text,
                                         const char             *visibility)
{
  g_autofree char *html = text_to_html (text);
  Status *status;
  char *id;

  g_mutex_lock (&self->lock);
  status = add_status_locked (self, LOCAL_USERNAME, LOCAL_DISPLAY_NAME, html, NULL, NULL, visibility);
  id = g_strdup (status->id);
  g_mutex_unlock (&self->lock);

  return id;
}

/* A notification of another @type ("favourite", "follow"). */
char *
mastodon_contract_server_add_notification (MastodonContractServer *self,
                                           const char             *type,
                                           const char             *author_acct,
                                           const char             *status_id)
{
  Notification *notification;
  char *id;

  g_mutex_lock (&self->lock);
  notification = add_notification_locked (self, type, author_acct, status_id);
  id = g_strdup (notification->id);
  g_mutex_unlock (&self->lock);

  return id;
}

void
mastodon_contract_server_set_cache_answers (MastodonContractServer *self,
                                            gboolean                cache)
{
  g_mutex_lock (&self->lock);
  self->cache_answers = cache;
  if (!cache)
    forget_answers_locked (self);
  g_mutex_unlock (&self->lock);
}

guint
mastodon_contract_server_count_replayed (MastodonContractServer *self,
                                         guint                  *made)
{
  guint replayed;

  g_mutex_lock (&self->lock);
  replayed = self->answers_replayed;
  if (made != NULL)
    *made = self->answers_made;
  g_mutex_unlock (&self->lock);
  return replayed;
}

guint
mastodon_contract_server_count_requests (MastodonContractServer *self,
                                         const char             *method,
                                         const char             *path)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  guint count;

  g_mutex_lock (&self->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key));
  g_mutex_unlock (&self->lock);

  return count;
}

/* How many answers had HTTP status @status. */
guint
mastodon_contract_server_count_status (MastodonContractServer *self,
                                       guint                   status)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->statuses_sent, GUINT_TO_POINTER (status)));
  g_mutex_unlock (&self->lock);

  return count;
}

/* How many statuses were created through POST /api/v1/statuses. */
guint
mastodon_contract_server_count_posted (MastodonContractServer *self)
{
  guint count;

  g_mutex_lock (&self->lock);
  count = self->posted->len;
  g_mutex_unlock (&self->lock);

  return count;
}

/* The @index-th posted status as JSON: id, status, in_reply_to_id,
 * visibility, media_ids, idempotency_key. */
char *
mastodon_contract_server_dup_posted (MastodonContractServer *self,
                                     guint                   index)
{
  char *json = NULL;

  g_mutex_lock (&self->lock);
  if (index < self->posted->len)
    json = g_strdup (g_ptr_array_index (self->posted, index));
  g_mutex_unlock (&self->lock);

  return json;
}

char *
mastodon_contract_server_dup_user_agent (MastodonContractServer *self)
{
  char *agent;

  g_mutex_lock (&self->lock);
  agent = g_strdup (self->user_agent);
  g_mutex_unlock (&self->lock);

  return agent;
}
