/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define RZ_FUZZ_COMMENTS
#include "fuzz-common.h"
#include "rz-wordpress-json.h"

/* A WordPress REST answer (comments, one comment, post titles, the user,
 * the API index) through every parser, then what the inbox derives from a
 * comment: the core comment, the sync cursor and the reply check. */

static void
fuzz_comment (const RzWordpressComment *comment,
              const char               *tz_name)
{
  g_autoptr(RzComment) core = rz_wordpress_comment_to_core (comment, "Über uns");
  g_autofree char *cursor = NULL;
  g_autofree char *date_gmt = NULL;
  gint64 time_us = 0;
  gint64 id = 0;
  gint64 comment_us = rz_wordpress_parse_date_gmt (comment->date_gmt);

  g_assert (core != NULL);
  fuzz_assert_comment (core);
  g_assert_cmpstr (rz_wordpress_comment_get_status (core), ==, comment->status);

  /* The cursor made from a comment reads back as that comment. */
  cursor = rz_wordpress_cursor_new (comment->date_gmt, comment->id);
  if (comment->id <= G_MAXINT32 * G_GINT64_CONSTANT (1000))
    {
      g_assert (rz_wordpress_cursor_parse (cursor, &time_us, &id, &date_gmt, NULL, NULL));
      g_assert_cmpint (time_us, ==, comment_us);
      g_assert_cmpint (id, ==, comment->id);
      g_assert_false (rz_wordpress_comment_is_after (comment, time_us, id));
    }

  (void) rz_wordpress_content_matches (comment, "Danke für den Hinweis!");
  if (comment->raw != NULL)
    (void) rz_wordpress_content_matches (comment, comment->raw);
  (void) rz_wordpress_after_overlap (tz_name, comment_us / G_USEC_PER_SEC);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RzWordpressComment) single = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GHashTable) titles = NULL;
  g_autofree char *tz_name = NULL;
  g_autofree char *text = NULL;
  RzRemoteAccount *user;
  gboolean can_moderate = FALSE;
  gint64 time_us, id;
  guint next_page;
  g_autofree char *after = NULL;

  fuzz_init ();

  /* The input as a stored cursor, too. */
  text = fuzz_dup_string (data, size);
  if (rz_wordpress_cursor_parse (text, &time_us, &id, NULL, &after, &next_page))
    g_assert (after == NULL || next_page >= 1);

  node = fuzz_parse_json (data, size);
  if (node == NULL)
    return 0;

  tz_name = rz_wordpress_json_parse_timezone (node);
  g_assert (tz_name == NULL || (tz_name[0] != '/' && tz_name[0] != ':'));
  (void) rz_wordpress_json_is_api_index (node);

  single = rz_wordpress_json_parse_comment (node, NULL);
  if (single != NULL)
    fuzz_comment (single, tz_name);

  comments = rz_wordpress_json_parse_comments (node, NULL);
  if (comments != NULL)
    for (guint i = 0; i < comments->len; i++)
      fuzz_comment (g_ptr_array_index (comments, i), tz_name);

  titles = rz_wordpress_json_parse_titles (node, NULL);
  if (titles != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, titles);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_assert (g_utf8_validate (value, -1, NULL));
    }

  user = rz_wordpress_json_parse_user (node, &can_moderate, NULL);
  if (user != NULL)
    {
      g_assert (user->id != NULL);
      fuzz_assert_text (user->handle);
      fuzz_assert_text (user->display_name);
      fuzz_assert_text (user->url);
      rz_remote_account_free (user);
    }

  return 0;
}
