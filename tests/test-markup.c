/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "rz-comment.h"
#include "rz-comment-row.h"
#include "rz-reply-pane.h"

/* Text from the networks is shown as it was written, never read as Pango
 * markup: a comment that says <span foreground="red">x</span> shows those
 * characters, not a red x. Needs a display (run under Xvfb by
 * test-markup-run.sh, in the ui suite). */

#define HOSTILE "<span foreground=\"red\">x</span> & <b>"

/* Labels whose text, as rendered, has @needle literally. Every label
 * that has @needle in its source but not in what it shows fails. */
static guint
count_literal (GtkWidget  *widget,
               const char *needle)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);
      const char *shown = gtk_label_get_text (label);
      const char *source = gtk_label_get_label (label);
      PangoLayout *layout = gtk_label_get_layout (label);
      PangoAttrList *attrs = pango_layout_get_attributes (layout);

      if (strstr (source, "<span") != NULL || strstr (source, "&lt;span") != NULL)
        {
          g_test_message ("label “%s” shows “%s” (markup %d)", source, shown,
                          gtk_label_get_use_markup (label));
          g_assert_nonnull (strstr (shown, needle));
          g_assert_nonnull (strstr (pango_layout_get_text (layout), needle));
          /* No colour came through from the text. */
          if (attrs != NULL)
            {
              g_autoptr(GSList) list = pango_attr_list_get_attributes (attrs);

              /* (A link has a colour of its own, but not red.) */
              for (GSList *l = list; l != NULL; l = l->next)
                {
                  PangoAttribute *attr = l->data;

                  if (attr->klass->type == PANGO_ATTR_FOREGROUND)
                    {
                      PangoColor *color = &((PangoAttrColor *) attr)->color;

                      g_assert_false (color->red == 0xffff && color->green == 0 && color->blue == 0);
                    }
                }
              g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
            }
          n++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_literal (child, needle);
  return n;
}

static RzComment *
new_hostile_comment (void)
{
  RzComment *comment = rz_comment_new ();

  rz_comment_set_id (comment, 1);
  rz_comment_set_account_id (comment, 1);
  rz_comment_set_channel (comment, "mastodon");
  rz_comment_set_remote_id (comment, "1");
  rz_comment_set_author (comment, HOSTILE);
  rz_comment_set_author_handle (comment, HOSTILE);
  rz_comment_set_text (comment, HOSTILE " " HOSTILE);
  rz_comment_set_context (comment, HOSTILE);
  rz_comment_set_url (comment, "https://social.example/@a/1?x=<b>&y=\"");
  rz_comment_set_created_at (comment, g_get_real_time () / G_USEC_PER_SEC - 60);
  return comment;
}

static void
test_comment_row (void)
{
  g_autoptr(RzComment) comment = new_hostile_comment ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = rz_comment_row_new ();

  gtk_window_set_child (GTK_WINDOW (window), row);
  rz_comment_row_set_comment (RZ_COMMENT_ROW (row), comment, HOSTILE,
                              g_get_real_time () / G_USEC_PER_SEC, 3600);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Author, channel name and excerpt. */
  g_assert_cmpuint (count_literal (row, HOSTILE), >=, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reply_pane (void)
{
  g_autoptr(RzComment) comment = new_hostile_comment ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = g_object_new (RZ_TYPE_REPLY_PANE, NULL);

  gtk_window_set_child (GTK_WINDOW (window), pane);
  rz_reply_pane_set_comment (RZ_REPLY_PANE (pane), comment, HOSTILE);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The author and the text at least; the link that names the channel
   * is markup, so the name must have been escaped. */
  g_assert_cmpuint (count_literal (pane, HOSTILE), >=, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A real display is the point: without one this fails, never skips. */
  if (!gtk_init_check ())
    g_error ("No display: run this test through test-markup-run.sh (Xvfb)");
  adw_init ();

  g_test_add_func ("/rz/gui/markup/comment-row", test_comment_row);
  g_test_add_func ("/rz/gui/markup/reply-pane", test_reply_pane);

  return g_test_run ();
}
