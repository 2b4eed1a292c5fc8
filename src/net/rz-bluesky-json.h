/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rz-comment.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* AT Protocol and app.bsky lexicon objects (atproto.com/specs,
 * docs.bsky.app) to core objects and back. Pure functions: no network, so
 * they are tested with JSON as the reference servers send it. What a
 * server sends is never trusted to have the documented shape. */

#define RZ_BLUESKY_CHANNEL "bluesky"
#define RZ_BLUESKY_POST_COLLECTION "app.bsky.feed.post"
#define RZ_BLUESKY_MAX_IMAGES 4

/* A signed-in session (createSession, refreshSession). */
typedef struct {
  char *did;
  char *handle;
  char *access_jwt;
  char *refresh_jwt;
  char *pds_url;      /* from the DID document, NULL if it names none */
} RzBlueskySession;

void              rz_bluesky_session_free            (RzBlueskySession *session);
RzBlueskySession *rz_bluesky_session_copy            (const RzBlueskySession *session);
RzBlueskySession *rz_bluesky_json_parse_session      (JsonNode         *node,
                                                      GError          **error);
char             *rz_bluesky_session_to_secret       (const RzBlueskySession *session,
                                                      const char       *service_url);
RzBlueskySession *rz_bluesky_session_from_secret     (const char       *secret,
                                                      char            **service_url);
gint64            rz_bluesky_jwt_get_expiry          (const char       *jwt);
char             *rz_bluesky_jwt_dup_scope           (const char       *jwt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzBlueskySession, rz_bluesky_session_free)

/* A post as a reply needs it: strong refs {uri, cid} to it and its root. */
typedef struct {
  char *uri;
  char *cid;
  char *root_uri;     /* the post itself when it is no reply */
  char *root_cid;
  char *text;
  char *author_did;
} RzBlueskyPostRef;

void              rz_bluesky_post_ref_free           (RzBlueskyPostRef *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzBlueskyPostRef, rz_bluesky_post_ref_free)

gboolean          rz_bluesky_parse_at_uri            (const char       *uri,
                                                      char            **did,
                                                      char            **collection,
                                                      char            **rkey);
char             *rz_bluesky_post_url                (const char       *at_uri,
                                                      const char       *handle);
char             *rz_bluesky_format_datetime         (gint64           unix_us);

GPtrArray        *rz_bluesky_json_parse_notifications (JsonNode        *node,
                                                      gint64           since_us,
                                                      char           **newest_indexed_at,
                                                      char           **next_cursor,
                                                      gboolean        *reached_since,
                                                      GArray         **indexed_us,
                                                      GError         **error);
GPtrArray        *rz_bluesky_json_parse_thread       (JsonNode         *node,
                                                      GError          **error);
GPtrArray        *rz_bluesky_json_parse_posts        (JsonNode         *node,
                                                      GError          **error);
RzRemoteAccount  *rz_bluesky_json_parse_profile      (JsonNode         *node,
                                                      GError          **error);
gboolean          rz_bluesky_json_parse_record_ref   (JsonNode         *node,
                                                      char            **uri,
                                                      char            **cid,
                                                      GError          **error);
char             *rz_bluesky_json_parse_did          (JsonNode         *node,
                                                      GError          **error);
char             *rz_bluesky_json_media_id_from_blob (JsonNode         *node,
                                                      const char       *alt_text,
                                                      GError          **error);
JsonNode         *rz_bluesky_json_build_post         (const char       *text,
                                                      const char       *created_at,
                                                      JsonNode         *facets,
                                                      const RzBlueskyPostRef *parent,
                                                      const char * const *media_ids,
                                                      GError          **error);

G_END_DECLS
