/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-html-text.h"
#include "rz-mastodon-json.h"
#include "rz-net-error.h"

#define NETWORK_NAME "Mastodon"

static gboolean
set_invalid (GError     **error,
             const char  *what)
{
  /* @what is for the debug log only; the user sees one clear message. */
  g_debug ("Unexpected Mastodon JSON: %s", what);
  g_propagate_error (error, rz_net_error_new_invalid_response (NETWORK_NAME));
  return FALSE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A string member as json-glib has it: not always UTF-8 (see below). */
static const char *
get_raw_string (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A string member, or NULL when missing, null, of another type or not
 * UTF-8: what a server sends is never trusted to have the documented
 * shape. json-glib passes a lone surrogate escape ("\ud83d", a name cut
 * off in the middle of an emoji) through as bytes that are not UTF-8,
 * which labels and the database must never get. */
const char *
rz_mastodon_json_get_string (JsonObject *object,
                             const char *name)
{
  const char *value = get_raw_string (object, name);

  return value != NULL && g_utf8_validate (value, -1, NULL) ? value : NULL;
}

static gint64
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

/* A count the server configures, kept in a sane range. */
static guint
get_count (JsonObject *object,
           const char *name,
           guint       fallback,
           guint       minimum)
{
  return (guint) CLAMP (get_int (object, name, fallback), minimum, 1000000);
}

static gboolean
is_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Mastodon ids are strings that sort as numbers: a longer id is newer.
 * Other ids compare as strings. */
int
rz_mastodon_compare_ids (const char *a,
                         const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);

  if (is_digits (a) && is_digits (b))
    {
      gsize la, lb;

      while (*a == '0' && a[1] != '\0')
        a++;
      while (*b == '0' && b[1] != '\0')
        b++;
      la = strlen (a);
      lb = strlen (b);
      if (la != lb)
        return la < lb ? -1 : 1;
    }

  return strcmp (a, b);
}

/* "anna" on social.example → "@anna@social.example"; "bo@other.example"
 * stays "@bo@other.example". */
char *
rz_mastodon_qualify_handle (const char *acct,
                            const char *server_host)
{
  g_return_val_if_fail (acct != NULL, NULL);

  if (acct[0] == '@')
    acct++;
  if (strchr (acct, '@') != NULL || server_host == NULL)
    return g_strconcat ("@", acct, NULL);

  return g_strconcat ("@", acct, "@", server_host, NULL);
}

static gint64
parse_time (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (iso8601 == NULL)
    return 0;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static RzComment *
comment_from_status (JsonObject  *status,
                     const char  *server_host,
                     GError     **error)
{
  g_autoptr(RzComment) comment = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *text = NULL;
  JsonObject *account;
  const char *id;
  const char *acct;
  const char *display_name;
  const char *spoiler;
  const char *url;

  id = rz_mastodon_json_get_string (status, "id");
  account = get_object (status, "account");
  acct = account != NULL ? rz_mastodon_json_get_string (account, "acct") : NULL;
  if (id == NULL || id[0] == '\0' || acct == NULL || acct[0] == '\0')
    {
      set_invalid (error, "status without id or account");
      return NULL;
    }

  handle = rz_mastodon_qualify_handle (acct, server_host);
  display_name = rz_mastodon_json_get_string (account, "display_name");
  if (display_name == NULL || display_name[0] == '\0')
    display_name = rz_mastodon_json_get_string (account, "username");
  if (display_name == NULL || display_name[0] == '\0')
    display_name = acct;

  /* The converter makes any bytes valid text: nothing of it is lost. */
  text = rz_html_text_to_plain (get_raw_string (status, "content"));
  spoiler = rz_mastodon_json_get_string (status, "spoiler_text");
  url = rz_mastodon_json_get_string (status, "url");
  if (url == NULL)
    url = rz_mastodon_json_get_string (status, "uri");

  comment = rz_comment_new ();
  rz_comment_set_channel (comment, RZ_MASTODON_CHANNEL);
  rz_comment_set_remote_id (comment, id);
  rz_comment_set_parent_remote_id (comment, rz_mastodon_json_get_string (status, "in_reply_to_id"));
  rz_comment_set_author (comment, display_name);
  rz_comment_set_author_handle (comment, handle);
  rz_comment_set_text (comment, text);
  rz_comment_set_url (comment, url);
  /* A content warning is what the author put before the text. */
  rz_comment_set_context (comment, spoiler != NULL && spoiler[0] != '\0' ? spoiler : NULL);
  rz_comment_set_created_at (comment, parse_time (rz_mastodon_json_get_string (status, "created_at")));

  return g_steal_pointer (&comment);
}

RzComment *
rz_mastodon_json_parse_status (JsonNode    *node,
                               const char  *server_host,
                               GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "status is not an object");
      return NULL;
    }

  return comment_from_status (json_node_get_object (node), server_host, error);
}

/* Mentions (which include replies to our posts) from a page of
 * GET /api/v1/notifications, oldest first. @newest_id receives the newest
 * notification id of the page, of any type, for the cursor. */
GPtrArray *
rz_mastodon_json_parse_notifications (JsonNode    *node,
                                      const char  *server_host,
                                      char       **newest_id,
                                      GError     **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *newest = NULL;
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, "notifications are not an array");
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);

  /* The page is newest first; walk it backwards for oldest first. */
  for (guint i = n; i > 0; i--)
    {
      JsonNode *item = json_array_get_element (array, i - 1);
      JsonObject *notification;
      JsonObject *status;
      const char *id;
      const char *type;
      RzComment *comment;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_invalid (error, "notification is not an object");
          return NULL;
        }

      notification = json_node_get_object (item);
      id = rz_mastodon_json_get_string (notification, "id");
      if (id == NULL || id[0] == '\0')
        {
          set_invalid (error, "notification without id");
          return NULL;
        }
      if (rz_mastodon_compare_ids (id, newest) > 0)
        {
          g_free (newest);
          newest = g_strdup (id);
        }

      /* Servers before 3.5 ignore types[]: filter here too. A mention
       * whose status was deleted has none. */
      type = rz_mastodon_json_get_string (notification, "type");
      status = get_object (notification, "status");
      if (g_strcmp0 (type, "mention") != 0 || status == NULL)
        continue;

      comment = comment_from_status (status, server_host, error);
      if (comment == NULL)
        return NULL;
      g_ptr_array_add (comments, comment);
    }

  if (newest_id != NULL)
    *newest_id = g_steal_pointer (&newest);

  return g_steal_pointer (&comments);
}

static gboolean
append_statuses (GPtrArray   *comments,
                 JsonArray   *statuses,
                 const char  *server_host,
                 GError     **error)
{
  guint n = json_array_get_length (statuses);

  for (guint i = 0; i < n; i++)
    {
      RzComment *comment = rz_mastodon_json_parse_status (json_array_get_element (statuses, i),
                                                          server_host, error);

      if (comment == NULL)
        return FALSE;
      g_ptr_array_add (comments, comment);
    }

  return TRUE;
}

/* GET /api/v1/statuses/:id/context: ancestors (oldest first) then
 * descendants, as one list. */
GPtrArray *
rz_mastodon_json_parse_context (JsonNode    *node,
                                const char  *server_host,
                                GError     **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);
  JsonObject *object;
  JsonArray *ancestors;
  JsonArray *descendants;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "context is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  ancestors = get_array (object, "ancestors");
  descendants = get_array (object, "descendants");
  if (ancestors == NULL || descendants == NULL)
    {
      set_invalid (error, "context without ancestors or descendants");
      return NULL;
    }

  if (!append_statuses (comments, ancestors, server_host, error) ||
      !append_statuses (comments, descendants, server_host, error))
    return NULL;

  return g_steal_pointer (&comments);
}

/* An Account (GET /api/v1/accounts/verify_credentials). */
RzRemoteAccount *
rz_mastodon_json_parse_account (JsonNode    *node,
                                const char  *server_host,
                                GError     **error)
{
  RzRemoteAccount *account;
  JsonObject *object;
  const char *id;
  const char *acct;
  const char *display_name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "account is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  id = rz_mastodon_json_get_string (object, "id");
  acct = rz_mastodon_json_get_string (object, "acct");
  if (acct == NULL)
    acct = rz_mastodon_json_get_string (object, "username");
  if (id == NULL || id[0] == '\0' || acct == NULL || acct[0] == '\0')
    {
      set_invalid (error, "account without id or acct");
      return NULL;
    }

  display_name = rz_mastodon_json_get_string (object, "display_name");
  if (display_name == NULL || display_name[0] == '\0')
    display_name = rz_mastodon_json_get_string (object, "username");

  account = g_new0 (RzRemoteAccount, 1);
  account->id = g_strdup (id);
  account->handle = rz_mastodon_qualify_handle (acct, server_host);
  account->display_name = g_strdup (display_name != NULL ? display_name : acct);
  account->url = g_strdup (rz_mastodon_json_get_string (object, "url"));
  return account;
}

/* Limits from GET /api/v2/instance (configuration.statuses), or from the
 * older v1 answer which has the same configuration object since 3.4. */
gboolean
rz_mastodon_json_parse_instance (JsonNode                *node,
                                 RzProviderCapabilities  *capabilities,
                                 GError                 **error)
{
  JsonObject *object;
  JsonObject *configuration;
  JsonObject *statuses = NULL;

  g_return_val_if_fail (capabilities != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, "instance is not an object");

  object = json_node_get_object (node);
  if (rz_mastodon_json_get_string (object, "domain") == NULL && rz_mastodon_json_get_string (object, "uri") == NULL)
    return set_invalid (error, "instance without domain");

  configuration = get_object (object, "configuration");
  if (configuration != NULL)
    statuses = get_object (configuration, "statuses");

  capabilities->counting = RZ_TEXT_COUNTING_MASTODON;
  capabilities->max_length = RZ_TEXT_LENGTH_MASTODON_DEFAULT_MAX;
  capabilities->url_length = RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL;
  capabilities->max_media = 4;
  capabilities->features = RZ_PROVIDER_FEATURE_REPLY | RZ_PROVIDER_FEATURE_MEDIA |
                           RZ_PROVIDER_FEATURE_VISIBILITY;

  if (statuses != NULL)
    {
      capabilities->max_length = get_count (statuses, "max_characters", capabilities->max_length, 1);
      capabilities->url_length = get_count (statuses, "characters_reserved_per_url", capabilities->url_length, 0);
      capabilities->max_media = get_count (statuses, "max_media_attachments", capabilities->max_media, 0);
    }
  else
    {
      /* Forks (glitch-soc, Pleroma) tell the limit in max_toot_chars. */
      capabilities->max_length = get_count (object, "max_toot_chars", capabilities->max_length, 1);
    }

  return TRUE;
}

/* What a reply needs to know about the status it answers. */
gboolean
rz_mastodon_json_parse_reply_target (JsonNode    *node,
                                     char       **visibility,
                                     char       **author_acct,
                                     GError     **error)
{
  JsonObject *object;
  JsonObject *account;
  const char *value;
  const char *acct;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, "status is not an object");

  object = json_node_get_object (node);
  value = rz_mastodon_json_get_string (object, "visibility");
  account = get_object (object, "account");
  acct = account != NULL ? rz_mastodon_json_get_string (account, "acct") : NULL;
  if (value == NULL || acct == NULL || acct[0] == '\0')
    return set_invalid (error, "status without visibility or account");

  if (strcmp (value, "public") != 0 && strcmp (value, "unlisted") != 0 &&
      strcmp (value, "private") != 0 && strcmp (value, "direct") != 0)
    {
      /* An unknown visibility (a fork's "local", a future one) is answered
       * as narrowly as Mastodon allows without losing the author. */
      value = "direct";
    }

  *visibility = g_strdup (value);
  *author_acct = g_strdup (acct);
  return TRUE;
}
