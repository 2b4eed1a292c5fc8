/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rz-text-length.h"

G_BEGIN_DECLS

/* What a network accepts in a post, per channel id of the catalogue. All
 * of it is pure: no I/O, so the editor can check on every key press. */
typedef struct
{
  const char     *channel_id;
  /* 0: no limit worth checking (a blog, a newsletter). */
  guint           max_length;
  RzTextCounting  counting;
  /* RZ_TEXT_COUNTING_MASTODON: what every link counts as. */
  guint           url_length;
  guint           min_images;
  /* 0: images are not posted there. */
  guint           max_images;
  /* YouTube and TikTok take videos, which Resonanz does not post. */
  gboolean        needs_video;
  /* Bluesky: links and mentions become facets; the text stays plain. */
  gboolean        link_facets;
  /* Instagram shows links in captions as plain text. */
  gboolean        links_clickable;
  /* Where to post by hand ("Copy and Open"), or NULL. */
  const char     *site_url;
} RzChannelRules;

/* What a network would reject or what the user should know about. */
typedef enum {
  RZ_CHANNEL_PROBLEM_EMPTY,
  RZ_CHANNEL_PROBLEM_TOO_LONG,
  RZ_CHANNEL_PROBLEM_NEEDS_IMAGE,
  RZ_CHANNEL_PROBLEM_TOO_MANY_IMAGES,
  RZ_CHANNEL_PROBLEM_NEEDS_VIDEO,
  RZ_CHANNEL_PROBLEM_MISSING_ALT_TEXT,
  /* Not blocking: the post goes out, but a link will not work. */
  RZ_CHANNEL_PROBLEM_LINK_NOT_CLICKABLE,
} RzChannelProblemKind;

typedef struct
{
  RzChannelProblemKind  kind;
  /* TRUE when the network would refuse the post as it is. */
  gboolean              blocking;
  /* Translated, a full sentence that says what to do. */
  char                 *message;
} RzChannelProblem;

void        rz_channel_problem_free       (RzChannelProblem     *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzChannelProblem, rz_channel_problem_free)

/* Fills @rules with what we know about @channel_id; an id we do not know
 * gets generous rules (no length limit, up to 10 images). @channel_id is
 * not copied. */
void        rz_channel_rules_init         (RzChannelRules       *rules,
                                           const char           *channel_id);
/* The real values a server reports (e.g. a Mastodon instance's own
 * limit); 0 keeps what @rules has. */
void        rz_channel_rules_set_limits   (RzChannelRules       *rules,
                                           guint                 max_length,
                                           RzTextCounting        counting,
                                           guint                 url_length,
                                           guint                 max_images);
/* The length of @text as the network counts it. */
gsize       rz_channel_rules_count        (const RzChannelRules *rules,
                                           const char           *text);
/* Characters left (negative: over the limit); G_MAXINT without a limit. */
int         rz_channel_rules_remaining    (const RzChannelRules *rules,
                                           const char           *text);
/* @text shortened to the limit at a word boundary with "…", keeping its
 * links and hashtags at the end; @text itself when it fits. */
char       *rz_channel_rules_shorten      (const RzChannelRules *rules,
                                           const char           *text);
/* The problems of a post with @text and @n_images of which
 * @n_missing_alt_text have no description, as RzChannelProblem. Blocking
 * problems first. @network_name is the channel's translated name. */
GPtrArray  *rz_channel_rules_check        (const RzChannelRules *rules,
                                           const char           *network_name,
                                           const char           *text,
                                           guint                 n_images,
                                           guint                 n_missing_alt_text);
/* Whether any problem in @problems (from rz_channel_rules_check()) blocks. */
gboolean    rz_channel_problems_block     (GPtrArray            *problems);

G_END_DECLS
