/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-comment.h"
#include "rz-comment-row.h"
#include "rz-response-time.h"

struct _RzCommentRow
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GtkWidget *critical_icon;
  GtkLabel  *author_label;
  GtkLabel  *channel_label;
  GtkLabel  *wait_label;
  GtkLabel  *excerpt_label;
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

  g_return_if_fail (RZ_IS_COMMENT_ROW (self));

  for (guint i = 0; i < G_N_ELEMENTS (level_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->wait_label), level_classes[i]);
  gtk_widget_remove_css_class (GTK_WIDGET (self->wait_label), "dim-label");

  if (comment == NULL)
    {
      gtk_label_set_text (self->author_label, "");
      gtk_label_set_text (self->channel_label, "");
      gtk_label_set_text (self->wait_label, "");
      gtk_label_set_text (self->excerpt_label, "");
      gtk_widget_set_visible (self->critical_icon, FALSE);
      return;
    }

  state = rz_comment_get_state (comment);
  critical = rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL;

  /* Network text goes through set_text, never markup. */
  gtk_label_set_text (self->author_label, rz_comment_get_author (comment) ?: "");
  gtk_label_set_text (self->channel_label, channel_name ?: rz_comment_get_channel (comment));

  /* One line in the list; the full text shows in the detail view. */
  excerpt = g_strdup (rz_comment_get_text (comment) ?: "");
  g_strdelimit (excerpt, "\n\r\t", ' ');
  gtk_label_set_text (self->excerpt_label, excerpt);

  gtk_widget_set_visible (self->critical_icon, critical);

  if (state == RZ_COMMENT_STATE_OPEN)
    {
      gint64 waited = MAX (0, now - rz_comment_get_created_at (comment));
      RzWaitLevel level = rz_response_time_level (waited, target_seconds);

      wait = rz_response_time_format_wait (waited);
      gtk_label_set_text (self->wait_label, wait);
      gtk_widget_add_css_class (GTK_WIDGET (self->wait_label), level_classes[level]);
    }
  else
    {
      gtk_label_set_text (self->wait_label, state_label (state));
      gtk_widget_add_css_class (GTK_WIDGET (self->wait_label), "dim-label");
    }
}
