/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-comment.h"

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_comment_notify_only_on_change (void)
{
  g_autoptr(RzComment) comment = rz_comment_new ();
  guint count = 0;

  g_signal_connect (comment, "notify::text", G_CALLBACK (on_notify), &count);

  rz_comment_set_text (comment, "Wann habt ihr sonntags offen?");
  g_assert_cmpuint (count, ==, 1);
  rz_comment_set_text (comment, "Wann habt ihr sonntags offen?");
  g_assert_cmpuint (count, ==, 1);
  rz_comment_set_text (comment, NULL);
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (rz_comment_get_text (comment));
}

static void
test_comment_fields (void)
{
  g_autoptr(RzComment) comment = rz_comment_new ();
  g_autofree char *author = NULL;

  rz_comment_set_author (comment, "Anna <b>K.</b>");
  rz_comment_set_sentiment (comment, RZ_SENTIMENT_CRITICAL);
  rz_comment_set_state (comment, RZ_COMMENT_STATE_DONE);
  rz_comment_set_created_at (comment, 1700000000);

  /* Text is kept literally: markup is never interpreted in the core. */
  g_object_get (comment, "author", &author, NULL);
  g_assert_cmpstr (author, ==, "Anna <b>K.</b>");
  g_assert_cmpint (rz_comment_get_sentiment (comment), ==, RZ_SENTIMENT_CRITICAL);
  g_assert_cmpint (rz_comment_get_state (comment), ==, RZ_COMMENT_STATE_DONE);
  g_assert_cmpint (rz_comment_get_created_at (comment), ==, 1700000000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/core/comment/notify-only-on-change", test_comment_notify_only_on_change);
  g_test_add_func ("/rz/core/comment/fields", test_comment_fields);

  return g_test_run ();
}
