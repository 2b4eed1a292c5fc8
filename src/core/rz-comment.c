/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-comment.h"

struct _RzComment
{
  GObject         parent_instance;

  gint64          id;
  gint64          account_id;
  char           *channel;
  char           *remote_id;
  char           *parent_remote_id;
  char           *author;
  char           *author_handle;
  char           *text;
  char           *url;
  char           *context;
  gint64          created_at;
  RzSentiment     sentiment;
  RzCommentState  state;
  gboolean        is_demo;
};

G_DEFINE_FINAL_TYPE (RzComment, rz_comment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CHANNEL,
  PROP_AUTHOR,
  PROP_TEXT,
  PROP_CREATED_AT,
  PROP_SENTIMENT,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Stores a copy of @value and tells listeners only when it changed. */
static void
set_string (RzComment   *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  if (prop_id != PROP_0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
rz_comment_finalize (GObject *object)
{
  RzComment *self = RZ_COMMENT (object);

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->parent_remote_id, g_free);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->author_handle, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->context, g_free);

  G_OBJECT_CLASS (rz_comment_parent_class)->finalize (object);
}

static void
rz_comment_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RzComment *self = RZ_COMMENT (object);

  switch (prop_id)
    {
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_SENTIMENT:
      g_value_set_int (value, self->sentiment);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_comment_class_init (RzCommentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_comment_finalize;
  object_class->get_property = rz_comment_get_property;

  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AUTHOR] =
    g_param_spec_string ("author", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SENTIMENT] =
    g_param_spec_int ("sentiment", NULL, NULL,
                      RZ_SENTIMENT_NEUTRAL, RZ_SENTIMENT_CRITICAL, RZ_SENTIMENT_NEUTRAL,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      RZ_COMMENT_STATE_OPEN, RZ_COMMENT_STATE_IGNORED, RZ_COMMENT_STATE_OPEN,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_comment_init (RzComment *self)
{
}

RzComment *
rz_comment_new (void)
{
  return g_object_new (RZ_TYPE_COMMENT, NULL);
}

#define RZ_COMMENT_INT_ACCESSORS(type, field)                        \
  type                                                               \
  rz_comment_get_##field (RzComment *self)                           \
  {                                                                  \
    g_return_val_if_fail (RZ_IS_COMMENT (self), 0);                  \
    return self->field;                                              \
  }

#define RZ_COMMENT_STRING_ACCESSORS(field, prop)                     \
  const char *                                                       \
  rz_comment_get_##field (RzComment *self)                           \
  {                                                                  \
    g_return_val_if_fail (RZ_IS_COMMENT (self), NULL);               \
    return self->field;                                              \
  }                                                                  \
  void                                                               \
  rz_comment_set_##field (RzComment  *self,                          \
                          const char *value)                         \
  {                                                                  \
    g_return_if_fail (RZ_IS_COMMENT (self));                         \
    set_string (self, &self->field, value, prop);                    \
  }

RZ_COMMENT_STRING_ACCESSORS (channel, PROP_CHANNEL)
RZ_COMMENT_STRING_ACCESSORS (remote_id, PROP_0)
RZ_COMMENT_STRING_ACCESSORS (parent_remote_id, PROP_0)
RZ_COMMENT_STRING_ACCESSORS (author, PROP_AUTHOR)
RZ_COMMENT_STRING_ACCESSORS (author_handle, PROP_0)
RZ_COMMENT_STRING_ACCESSORS (text, PROP_TEXT)
RZ_COMMENT_STRING_ACCESSORS (url, PROP_0)
RZ_COMMENT_STRING_ACCESSORS (context, PROP_0)

RZ_COMMENT_INT_ACCESSORS (gint64, id)
RZ_COMMENT_INT_ACCESSORS (gint64, account_id)
RZ_COMMENT_INT_ACCESSORS (gint64, created_at)
RZ_COMMENT_INT_ACCESSORS (RzSentiment, sentiment)
RZ_COMMENT_INT_ACCESSORS (RzCommentState, state)
RZ_COMMENT_INT_ACCESSORS (gboolean, is_demo)

void
rz_comment_set_id (RzComment *self,
                   gint64     id)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  self->id = id;
}

void
rz_comment_set_account_id (RzComment *self,
                           gint64     account_id)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  self->account_id = account_id;
}

void
rz_comment_set_is_demo (RzComment *self,
                        gboolean   is_demo)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  self->is_demo = !!is_demo;
}

void
rz_comment_set_created_at (RzComment *self,
                           gint64     unix_time)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  if (self->created_at == unix_time)
    return;
  self->created_at = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

void
rz_comment_set_sentiment (RzComment   *self,
                          RzSentiment  sentiment)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  if (self->sentiment == sentiment)
    return;
  self->sentiment = sentiment;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENTIMENT]);
}

void
rz_comment_set_state (RzComment      *self,
                      RzCommentState  state)
{
  g_return_if_fail (RZ_IS_COMMENT (self));
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}
