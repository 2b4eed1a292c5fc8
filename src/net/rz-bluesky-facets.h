/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Rich text for Bluesky (app.bsky.richtext.facet): the mentions, links and
 * hashtags in a post's text, found the way Bluesky's own app finds them,
 * with their positions as UTF-8 byte offsets, which is what the network
 * counts in ("ü" is two bytes, "🥐" four). Pure functions. */

typedef enum {
  RZ_BLUESKY_FACET_MENTION,
  RZ_BLUESKY_FACET_LINK,
  RZ_BLUESKY_FACET_TAG,
} RzBlueskyFacetKind;

typedef struct {
  RzBlueskyFacetKind kind;
  gsize              byte_start;   /* of the text, inclusive */
  gsize              byte_end;     /* exclusive */
  char              *value;        /* the handle without "@", the link's
                                    * address, the tag without "#" */
} RzBlueskyFacet;

void       rz_bluesky_facet_free       (RzBlueskyFacet *facet);
GPtrArray *rz_bluesky_facets_detect    (const char     *text);
JsonNode  *rz_bluesky_facets_to_json   (GPtrArray      *facets,
                                        GHashTable     *mention_dids);
gboolean   rz_bluesky_is_valid_handle  (const char     *handle);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzBlueskyFacet, rz_bluesky_facet_free)

G_END_DECLS
