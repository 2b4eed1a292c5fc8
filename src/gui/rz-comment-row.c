/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-comment-row.h"
#include "rz-response-time.h"

/* Characters of a comment's text a row lays out at most. */
#define EXCERPT_CHARS 240

struct _RzCommentRow
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *critical_icon;
  GtkLabel  *author_label;
  GtkLabel  *channel_label;
  GtkLabel  *wait_label;
  GtkLabel  *excerpt_label;

  /* The wait label's style class now (static strings), so a row bound to
   * another comment while scrolling changes only what differs. */
  const char *wait_class;
};

G_DEFINE_FINAL_TYPE (RzCommentRow, rz_comment_row, GTK_TYPE_WIDGET)

static void
rz_comment_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RZ_TYPE_COMMENT_ROW);
  G_OBJECT_CLASS (rz_comment_row_parent_class)->dispose (object);
}

static void
rz_comment_row_class_init (RzCommentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rz_comment_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/de/resonanz/Resonanz/rz-comment-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, box);
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, critical_icon);
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, channel_label);
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, wait_label);
  gtk_widget_class_bind_template_child (widget_class, RzCommentRow, excerpt_label);
}

static void
rz_comment_row_init (RzCommentRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rz_comment_row_new (void)
{
  return g_object_new (RZ_TYPE_COMMENT_ROW, NULL);
}

/* Setting a label's text lays it out again, even the same text: rows are
 * bound over and over while scrolling, so only what changed is set. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text ?: "") != 0)
    gtk_label_set_text (label, text ?: "");
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

static void
set_wait_class (RzCommentRow *self,
                const char   *css_class)
{
  if (g_strcmp0 (self->wait_class, css_class) == 0)
    return;
  if (self->wait_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->wait_label), self->wait_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->wait_label), css_class);
  self->wait_class = css_class;
}

static const char *
state_label (RzCommentState state)
{
  switch (state)
    {
    case RZ_COMMENT_STATE_ANSWERED:
      return _("answered");
    case RZ_COMMENT_STATE_DONE:
      return _("done");
    case RZ_COMMENT_STATE_IGNORED:
      return _("ignored");
    case RZ_COMMENT_STATE_OPEN:
    default:
      return NULL;
    }
}

void
rz_comment_row_set_comment (RzCommentRow *self,
                            RzComment    *comment,
                            const char   *channel_name,
                            gint64        now,
                            gint64        target_seconds)
{
  static const char *level_classes[] = { "success", "warning", "error" };
  g_autofree char *wait = NULL;
  g_autofree char *excerpt = NULL;
  RzCommentState state;
  gboolean critical;
  const char *text;
  const char *end;

  g_return_if_fail (RZ_IS_COMMENT_ROW (self));

  if (comment == NULL)
    {
      set_label_text (self->author_label, "");
      set_label_text (self->channel_label, "");
      set_label_text (self->wait_label, "");
      set_label_text (self->excerpt_label, "");
      set_tooltip (GTK_WIDGET (self->wait_label), NULL);
      set_wait_class (self, NULL);
      gtk_widget_set_visible (self->critical_icon, FALSE);
      return;
    }

  state = rz_comment_get_state (comment);
  critical = rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL;

  /* Network text goes through set_text, never markup. */
  set_label_text (self->author_label, rz_comment_get_author (comment));
  set_label_text (self->channel_label, channel_name ?: rz_comment_get_channel (comment));

  /* One line in the list, so every row has the same height; the full
   * text shows in the detail view. Pango shapes all of a label's text
   * before it ellipsizes, so a long comment is cut first: far more than
   * one line of the widest list holds, far less work while scrolling. */
  text = rz_comment_get_text (comment) ?: "";
  end = text;
  for (guint i = 0; i < EXCERPT_CHARS && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  excerpt = g_strndup (text, end - text);
  g_strdelimit (excerpt, "\n\r\t", ' ');
  set_label_text (self->excerpt_label, excerpt);

  gtk_widget_set_visible (self->critical_icon, critical);

  if (state == RZ_COMMENT_STATE_OPEN)
    {
      gint64 waited = MAX (0, now - rz_comment_get_created_at (comment));
      RzWaitLevel level = rz_response_time_level (waited, target_seconds);

      g_autofree char *target = rz_response_time_format_wait (target_seconds > 0 ? target_seconds
                                                              : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES * 60);
      g_autofree char *tooltip = NULL;

      wait = rz_response_time_format_wait (waited);
      set_label_text (self->wait_label, wait);
      set_wait_class (self, level_classes[level]);
      /* Translators: %1$s is how long a comment waits, %2$s the plan's
       * target response time for its channel, e.g. "5 h" and "4 h" */
      tooltip = g_strdup_printf (_("Waiting for %1$s; the plan answers within %2$s"), wait, target);
      set_tooltip (GTK_WIDGET (self->wait_label), tooltip);
    }
  else
    {
      set_tooltip (GTK_WIDGET (self->wait_label), NULL);
      set_label_text (self->wait_label, state_label (state));
      set_wait_class (self, "dim-label");
    }
}
