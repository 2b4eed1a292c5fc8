/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rz-comment.h"
#include "rz-provider.h"

G_BEGIN_DECLS

/* Mastodon API entities (docs.joinmastodon.org/entities) to core objects.
 * Pure functions: no network, so they are tested with JSON from the docs
 * and fuzzed. Content HTML becomes plain text here, never in widgets.
 * @server_host qualifies local handles ("@anna" → "@anna@social.example"). */

#define RZ_MASTODON_CHANNEL "mastodon"

const char      *rz_mastodon_json_get_string            (JsonObject  *object,
                                                         const char  *name);
int              rz_mastodon_compare_ids                (const char  *a,
                                                         const char  *b);
char            *rz_mastodon_qualify_handle             (const char  *acct,
                                                         const char  *server_host);
RzComment       *rz_mastodon_json_parse_status          (JsonNode    *node,
                                                         const char  *server_host,
                                                         GError     **error);
GPtrArray       *rz_mastodon_json_parse_notifications   (JsonNode    *node,
                                                         const char  *server_host,
                                                         char       **newest_id,
                                                         GError     **error);
GPtrArray       *rz_mastodon_json_parse_context         (JsonNode    *node,
                                                         const char  *server_host,
                                                         GError     **error);
RzRemoteAccount *rz_mastodon_json_parse_account         (JsonNode    *node,
                                                         const char  *server_host,
                                                         GError     **error);
gboolean         rz_mastodon_json_parse_instance        (JsonNode    *node,
                                                         RzProviderCapabilities *capabilities,
                                                         GError     **error);
gboolean         rz_mastodon_json_parse_reply_target    (JsonNode    *node,
                                                         char       **visibility,
                                                         char       **author_acct,
                                                         GError     **error);

G_END_DECLS
