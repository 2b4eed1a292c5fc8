/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-html-text.h"
#include "rz-http-parse.h"
#include "rz-net-error.h"
#include "rz-wordpress-json.h"

#define NETWORK_NAME "WordPress"

static gboolean
set_invalid (GError     **error,
             const char  *what)
{
  /* @what is for the debug log only; the user sees one clear message. */
  g_debug ("Unexpected WordPress JSON: %s", what);
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
get_int (JsonObject *object,
         const char *name,
         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;

  return json_node_get_int (node);
}

void
rz_wordpress_comment_free (RzWordpressComment *comment)
{
  if (comment == NULL)
    return;

  g_free (comment->author_name);
  g_free (comment->status);
  g_free (comment->type);
  g_free (comment->date_gmt);
  g_free (comment->link);
  g_free (comment->rendered);
  g_free (comment->raw);
  g_free (comment);
}

/* "2026-11-25T09:30:19" in UTC (WordPress leaves out the zone) to µs. */
gint64
rz_wordpress_parse_date_gmt (const char *date_gmt)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (date_gmt == NULL)
    return 0;

  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (date_gmt, utc);
  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

RzWordpressComment *
rz_wordpress_json_parse_comment (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(RzWordpressComment) comment = NULL;
  JsonObject *object;
  JsonObject *content;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "comment is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  comment = g_new0 (RzWordpressComment, 1);
  comment->id = get_int (object, "id", 0);
  comment->post = get_int (object, "post", 0);
  comment->parent = get_int (object, "parent", 0);
  comment->author = get_int (object, "author", 0);
  comment->author_name = g_strdup (get_string (object, "author_name"));
  comment->status = g_strdup (get_string (object, "status"));
  comment->type = g_strdup (get_string (object, "type"));
  comment->date_gmt = g_strdup (get_string (object, "date_gmt"));
  comment->link = g_strdup (get_string (object, "link"));
  content = get_object (object, "content");
  /* HTML: the text converter makes any bytes valid text. */
  comment->rendered = g_strdup (get_raw_string (content, "rendered"));
  comment->raw = g_strdup (get_raw_string (content, "raw"));

  if (comment->id <= 0 || comment->post < 0 || comment->parent < 0 ||
      rz_wordpress_parse_date_gmt (comment->date_gmt) == 0)
    {
      set_invalid (error, "comment without id, post or date");
      return NULL;
    }

  return g_steal_pointer (&comment);
}

/* A page of wp/v2/comments, in the order of the answer. */
GPtrArray *
rz_wordpress_json_parse_comments (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_wordpress_comment_free);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, "comments are not an array");
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      RzWordpressComment *comment = rz_wordpress_json_parse_comment (json_array_get_element (array, i), error);

      if (comment == NULL)
        return NULL;
      g_ptr_array_add (comments, comment);
    }

  return g_steal_pointer (&comments);
}

static GQuark
status_quark (void)
{
  return g_quark_from_static_string ("rz-wordpress-status");
}

/**
 * rz_wordpress_comment_to_core:
 * @post_title: (nullable): the title of the post it is about, plain text
 *
 * Returns: the comment for the inbox; its text is the content as plain
 * text, its context the post title.
 */
RzComment *
rz_wordpress_comment_to_core (const RzWordpressComment *comment,
                              const char               *post_title)
{
  RzComment *core;
  g_autofree char *remote_id = NULL;
  g_autofree char *parent_id = NULL;
  g_autofree char *text = NULL;
  const char *author;

  g_return_val_if_fail (comment != NULL, NULL);

  remote_id = g_strdup_printf ("%" G_GINT64_FORMAT, comment->id);
  if (comment->parent > 0)
    parent_id = g_strdup_printf ("%" G_GINT64_FORMAT, comment->parent);
  text = rz_html_text_to_plain (comment->rendered != NULL ? comment->rendered : "");
  author = comment->author_name != NULL && comment->author_name[0] != '\0' ? comment->author_name : NULL;

  core = rz_comment_new ();
  rz_comment_set_channel (core, RZ_WORDPRESS_CHANNEL);
  rz_comment_set_remote_id (core, remote_id);
  rz_comment_set_parent_remote_id (core, parent_id);
  rz_comment_set_author (core, author);
  rz_comment_set_text (core, text);
  rz_comment_set_url (core, comment->link);
  rz_comment_set_context (core, post_title);
  rz_comment_set_created_at (core, rz_wordpress_parse_date_gmt (comment->date_gmt) / G_USEC_PER_SEC);

  /* RzComment has no moderation state (yet): keep it alongside. */
  g_object_set_qdata_full (G_OBJECT (core), status_quark (), g_strdup (comment->status), g_free);

  return core;
}

/* "hold" for a comment waiting for approval, "approved", or NULL for
 * comments that did not come from WordPress. */
const char *
rz_wordpress_comment_get_status (RzComment *comment)
{
  g_return_val_if_fail (RZ_IS_COMMENT (comment), NULL);

  return g_object_get_qdata (G_OBJECT (comment), status_quark ());
}

/* wp/v2/posts (or pages) with _fields=id,title: id → title as plain text. */
GHashTable *
rz_wordpress_json_parse_titles (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, "posts are not an array");
      return NULL;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *post;
      gint64 id;
      const char *rendered;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      post = json_node_get_object (item);
      id = get_int (post, "id", 0);
      rendered = get_raw_string (get_object (post, "title"), "rendered");
      if (id <= 0 || rendered == NULL)
        continue;

      g_hash_table_replace (titles, g_memdup2 (&id, sizeof id), rz_html_text_to_plain (rendered));
    }

  return g_steal_pointer (&titles);
}

/* wp/v2/users/me?context=edit. @can_moderate tells whether the user may
 * see and moderate comments held for approval. */
RzRemoteAccount *
rz_wordpress_json_parse_user (JsonNode  *node,
                              gboolean  *can_moderate,
                              GError   **error)
{
  RzRemoteAccount *account;
  JsonObject *object;
  JsonNode *moderate;
  gint64 id;
  const char *name;
  const char *slug;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, "user is not an object");
      return NULL;
    }

  object = json_node_get_object (node);
  id = get_int (object, "id", 0);
  name = get_string (object, "name");
  slug = get_string (object, "slug");
  if (id <= 0)
    {
      set_invalid (error, "user without id");
      return NULL;
    }

  moderate = get_object (object, "capabilities") != NULL
             ? json_object_get_member (get_object (object, "capabilities"), "moderate_comments")
             : NULL;
  if (can_moderate != NULL)
    *can_moderate = moderate != NULL && JSON_NODE_HOLDS_VALUE (moderate) &&
                    json_node_get_value_type (moderate) == G_TYPE_BOOLEAN &&
                    json_node_get_boolean (moderate);

  account = g_new0 (RzRemoteAccount, 1);
  account->id = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  account->handle = g_strdup (slug != NULL ? slug : get_string (object, "username"));
  account->display_name = g_strdup (name != NULL && name[0] != '\0' ? name : account->handle);
  account->url = g_strdup (get_string (object, "link"));

  return account;
}

/* --- discovery ----------------------------------------------------------- */

/**
 * rz_wordpress_api_root_from_link:
 * @link_header: (nullable): the site's Link header
 * @base_uri: the address that answered, to resolve a relative link
 *
 * Returns: (nullable): the REST API root the site announces with
 * rel="https://api.w.org/", made absolute, or NULL.
 */
char *
rz_wordpress_api_root_from_link (const char *link_header,
                                 const char *base_uri)
{
  g_autofree char *reference = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) absolute = NULL;
  const char *scheme;

  g_return_val_if_fail (base_uri != NULL, NULL);

  reference = rz_http_parse_link (link_header, RZ_WORDPRESS_API_REL);
  if (reference == NULL || reference[0] == '\0')
    return NULL;

  /* Not g_uri_resolve_relative(): for a reference like "x:/.//y" (a path
   * that becomes "//y", without a host) GLib 2.74 logs a critical instead
   * of failing. An address without a host is none we could use anyway. */
  base = g_uri_parse (base_uri, G_URI_FLAGS_ENCODED, NULL);
  if (base == NULL)
    return NULL;
  absolute = g_uri_parse_relative (base, reference, G_URI_FLAGS_ENCODED, NULL);
  if (absolute == NULL)
    return NULL;
  scheme = g_uri_get_scheme (absolute);
  if ((g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_host (absolute) == NULL || g_uri_get_host (absolute)[0] == '\0')
    return NULL;

  return g_uri_to_string (absolute);
}

/* The API index (GET /wp-json/ or ?rest_route=/) lists wp/v2. */
gboolean
rz_wordpress_json_is_api_index (JsonNode *node)
{
  JsonNode *namespaces;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  namespaces = json_object_get_member (json_node_get_object (node), "namespaces");
  if (namespaces == NULL || !JSON_NODE_HOLDS_ARRAY (namespaces))
    return FALSE;

  array = json_node_get_array (namespaces);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (item), "wp/v2") == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * rz_wordpress_api_uri:
 * @api_root: "https://blog.example/wp-json/" or, on sites without pretty
 *   permalinks, "https://blog.example/?rest_route=/"
 * @route: "wp/v2/comments"
 * @query: (nullable): "a=1&b=2", already escaped
 *
 * Returns: the address of @route below @api_root.
 */
char *
rz_wordpress_api_uri (const char *api_root,
                      const char *route,
                      const char *query)
{
  gboolean in_query;

  g_return_val_if_fail (api_root != NULL, NULL);
  g_return_val_if_fail (route != NULL && route[0] != '/', NULL);

  /* In the ?rest_route= form the route continues the query's value. */
  in_query = strchr (api_root, '?') != NULL;
  if (query == NULL || query[0] == '\0')
    return g_strconcat (api_root, g_str_has_suffix (api_root, "/") ? "" : "/", route, NULL);

  return g_strconcat (api_root, g_str_has_suffix (api_root, "/") ? "" : "/", route,
                      in_query ? "&" : "?", query, NULL);
}

/* --- content ------------------------------------------------------------- */

/* A comment's content is HTML to WordPress: plain text is escaped, so
 * "Preis < 5 €" stays what it says. Line breaks are kept; WordPress makes
 * paragraphs of them when it shows the comment. */
char *
rz_wordpress_text_to_content (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '\r':
          break;
        default:
          g_string_append_c (out, *p);
        }
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static char *
normalized_plain (const char *html)
{
  g_autofree char *plain = rz_html_text_to_plain (html != NULL ? html : "");
  g_auto(GStrv) words = g_strsplit_set (plain, " \t\r\n", -1);
  GString *out = g_string_new (NULL);

  /* WordPress turns line breaks into <p> and <br>: compare the words. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (out, FALSE);
}

/* Whether @comment says @text (plain text), as WordPress stored or
 * showed it: for finding a reply an earlier attempt already made. */
gboolean
rz_wordpress_content_matches (const RzWordpressComment *comment,
                              const char               *text)
{
  g_autofree char *content = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *got = NULL;

  g_return_val_if_fail (comment != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  content = rz_wordpress_text_to_content (text);
  if (comment->raw != NULL)
    {
      g_autofree char *raw = g_strstrip (g_strdup (comment->raw));

      if (strcmp (raw, content) == 0)
        return TRUE;
    }

  wanted = normalized_plain (content);
  got = normalized_plain (comment->raw != NULL ? comment->raw : comment->rendered);
  return wanted[0] != '\0' && strcmp (wanted, got) == 0;
}

/* --- cursor -------------------------------------------------------------- */

/* The inbox cursor: the newest comment read, by time and id, as
 * "2026-11-25T09:30:19|42". Ids grow with every new comment, so they
 * order comments within the same second. When a sync had to stop within
 * a listing, the listing's "after" and the page to go on with follow:
 * "2026-11-25T09:30:19|42|2026-11-25T08:30:19Z|3". */
char *
rz_wordpress_cursor_new (const char *date_gmt,
                         gint64      id)
{
  g_return_val_if_fail (date_gmt != NULL, NULL);

  return g_strdup_printf ("%s|%" G_GINT64_FORMAT, date_gmt, id);
}

char *
rz_wordpress_cursor_new_partial (const char *date_gmt,
                                 gint64      id,
                                 const char *after,
                                 guint       next_page)
{
  g_return_val_if_fail (date_gmt != NULL, NULL);
  g_return_val_if_fail (after != NULL && strchr (after, '|') == NULL, NULL);
  g_return_val_if_fail (next_page >= 1, NULL);

  return g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%s|%u", date_gmt, id, after, next_page);
}

static gboolean
parse_count (const char *text,
             gint64      minimum,
             gint64     *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;

  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value < minimum || value > G_MAXINT32 * G_GINT64_CONSTANT (1000))
    return FALSE;

  *out = value;
  return TRUE;
}

/**
 * rz_wordpress_cursor_parse:
 * @date_gmt: (out) (optional): the newest comment's time as WordPress wrote it
 * @after: (out) (optional): the listing to go on with, or NULL
 * @next_page: (out) (optional): its page to go on with, or 0
 *
 * Returns: whether @cursor is one.
 */
gboolean
rz_wordpress_cursor_parse (const char  *cursor,
                           gint64      *time_us,
                           gint64      *id,
                           char       **date_gmt,
                           char       **after,
                           guint       *next_page)
{
  g_auto(GStrv) parts = NULL;
  gint64 parsed_id;
  gint64 page = 0;
  guint n;

  if (cursor == NULL)
    return FALSE;

  parts = g_strsplit (cursor, "|", 5);
  n = g_strv_length (parts);
  if ((n != 2 && n != 4) || rz_wordpress_parse_date_gmt (parts[0]) == 0 || !parse_count (parts[1], 0, &parsed_id))
    return FALSE;
  if (n == 4 && (rz_wordpress_parse_date_gmt (parts[2]) == 0 || !parse_count (parts[3], 1, &page)))
    return FALSE;

  *time_us = rz_wordpress_parse_date_gmt (parts[0]);
  *id = parsed_id;
  if (date_gmt != NULL)
    *date_gmt = g_strdup (parts[0]);
  if (after != NULL)
    *after = n == 4 ? g_strdup (parts[2]) : NULL;
  if (next_page != NULL)
    *next_page = (guint) page;

  return TRUE;
}

/**
 * rz_wordpress_after_overlap:
 * @zone_name: (nullable): the site's timezone_string ("Europe/Berlin"; empty
 *   for a fixed offset from UTC; NULL when not known)
 * @cursor_s: the cursor's time, Unix seconds
 *
 * How far before the cursor a listing of new comments must start. The
 * REST API compares "after" with each comment's local time on the site:
 * in the hour a clock change repeats (autumn), a comment written later
 * can have an earlier local time than the cursor. Then an hour back;
 * otherwise a second (same-second comments are told apart by id).
 *
 * Returns: seconds.
 */
gint64
rz_wordpress_after_overlap (const char *zone_name,
                            gint64      cursor_s)
{
  g_autoptr(GTimeZone) zone = NULL;
  int before, after;

  if (zone_name == NULL)
    return 3600;
  if (zone_name[0] == '\0')
    return 1;

  zone = g_time_zone_new_identifier (zone_name);
  if (zone == NULL)
    return 3600;

  before = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, cursor_s);
  after = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, cursor_s + 3600);
  if (before < 0 || after < 0)
    return 3600;

  return g_time_zone_get_offset (zone, after) < g_time_zone_get_offset (zone, before) ? 3600 : 1;
}

/* The site's timezone from the API index (GET /wp-json/), "" for a fixed
 * offset, NULL if it does not say. */
char *
rz_wordpress_json_parse_timezone (JsonNode *node)
{
  const char *zone_name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  /* GLib reads an identifier that starts with "/" (or ":/") as the path
   * of a zone file: a site must not make us open a file of its choice. */
  zone_name = get_string (json_node_get_object (node), "timezone_string");
  if (zone_name == NULL || strlen (zone_name) > 64 || strstr (zone_name, "..") != NULL ||
      zone_name[0] == '/' || zone_name[0] == ':')
    return NULL;

  return g_strdup (zone_name);
}

/* Whether @comment comes after the cursor position (@time_us, @id). */
gboolean
rz_wordpress_comment_is_after (const RzWordpressComment *comment,
                               gint64                    time_us,
                               gint64                    id)
{
  gint64 comment_us = rz_wordpress_parse_date_gmt (comment->date_gmt);

  return comment_us > time_us || (comment_us == time_us && comment->id > id);
}
