/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rz-comment.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* WordPress REST API objects (developer.wordpress.org/rest-api) to core
 * objects, API discovery and the inbox cursor. Pure functions: no network,
 * so they are tested with JSON as WordPress sends it. */

/* The catalogue's channel for a blog; WordPress is how Resonanz reaches it. */
#define RZ_WORDPRESS_CHANNEL "blog"
#define RZ_WORDPRESS_API_REL "https://api.w.org/"

/* A comment as the REST API describes it (wp/v2/comments). */
typedef struct {
  gint64  id;
  gint64  post;
  gint64  parent;        /* 0 for a comment on the post itself */
  gint64  author;        /* user id, 0 for a guest */
  char   *author_name;
  char   *status;        /* "approved", "hold", "spam", "trash" */
  char   *type;          /* "comment", "pingback", … */
  char   *date_gmt;      /* "2026-11-25T09:30:19", UTC */
  char   *link;
  char   *rendered;      /* content.rendered, HTML */
  char   *raw;           /* content.raw, only with context=edit */
} RzWordpressComment;

void                rz_wordpress_comment_free        (RzWordpressComment *comment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzWordpressComment, rz_wordpress_comment_free)

RzWordpressComment *rz_wordpress_json_parse_comment  (JsonNode     *node,
                                                      GError      **error);
GPtrArray          *rz_wordpress_json_parse_comments (JsonNode     *node,
                                                      GError      **error);
RzComment          *rz_wordpress_comment_to_core     (const RzWordpressComment *comment,
                                                      const char   *post_title);
const char         *rz_wordpress_comment_get_status  (RzComment    *comment);
GHashTable         *rz_wordpress_json_parse_titles   (JsonNode     *node,
                                                      GError      **error);
RzRemoteAccount    *rz_wordpress_json_parse_user     (JsonNode     *node,
                                                      gboolean     *can_moderate,
                                                      GError      **error);

char               *rz_wordpress_api_root_from_link  (const char   *link_header,
                                                      const char   *base_uri);
gboolean            rz_wordpress_json_is_api_index   (JsonNode     *node);
char               *rz_wordpress_api_uri             (const char   *api_root,
                                                      const char   *route,
                                                      const char   *query);

char               *rz_wordpress_text_to_content     (const char   *text);
gboolean            rz_wordpress_content_matches     (const RzWordpressComment *comment,
                                                      const char   *text);

gint64              rz_wordpress_parse_date_gmt      (const char   *date_gmt);
char               *rz_wordpress_cursor_new          (const char   *date_gmt,
                                                      gint64        id);
char               *rz_wordpress_cursor_new_partial  (const char   *date_gmt,
                                                      gint64        id,
                                                      const char   *after,
                                                      guint         next_page);
gboolean            rz_wordpress_cursor_parse        (const char   *cursor,
                                                      gint64       *time_us,
                                                      gint64       *id,
                                                      char        **date_gmt,
                                                      char        **after,
                                                      guint        *next_page);
gint64              rz_wordpress_after_overlap       (const char   *zone_name,
                                                      gint64        cursor_s);
char               *rz_wordpress_json_parse_timezone (JsonNode     *node);
gboolean            rz_wordpress_comment_is_after    (const RzWordpressComment *comment,
                                                      gint64        time_us,
                                                      gint64        id);

G_END_DECLS
