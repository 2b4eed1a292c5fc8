/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a network counts the length of a post against its limit. */
typedef enum {
  /* Grapheme clusters, what a reader sees as one character (Bluesky). */
  RZ_TEXT_COUNTING_GRAPHEMES = 0,
  /* Grapheme clusters, but every link counts as a fixed number of
   * characters and a mention counts without its domain (Mastodon). */
  RZ_TEXT_COUNTING_MASTODON = 1,
} RzTextCounting;

#define RZ_TEXT_LENGTH_BLUESKY_MAX           300
#define RZ_TEXT_LENGTH_MASTODON_DEFAULT_MAX  500
#define RZ_TEXT_LENGTH_MASTODON_DEFAULT_URL  23

gsize  rz_text_length_graphemes (const char     *text);
gsize  rz_text_length_mastodon  (const char     *text,
                                 guint           url_length);
gsize  rz_text_length_count     (const char     *text,
                                 RzTextCounting  counting,
                                 guint           url_length);

G_END_DECLS
