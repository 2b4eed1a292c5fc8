/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-account.h"

struct _RzAccount
{
  GObject          parent_instance;

  gint64           id;
  char            *channel;
  char            *display_name;
  char            *base_url;
  char            *handle;
  char            *remote_user_id;
  char            *state;
  char            *cursor;
  gint64           synced_at;
  gboolean         is_demo;

  RzAccountStatus  status;
  gint64           wait_until;
  char            *status_message;
};

G_DEFINE_ENUM_TYPE (RzAccountStatus, rz_account_status,
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN, "needs-sign-in"),
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_RATE_LIMITED, "rate-limited"),
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_UNREACHABLE, "unreachable"),
                    G_DEFINE_ENUM_VALUE (RZ_ACCOUNT_STATUS_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (RzAccount, rz_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DISPLAY_NAME,
  PROP_HANDLE,
  PROP_STATE,
  PROP_SYNCED_AT,
  PROP_STATUS,
  PROP_WAIT_UNTIL,
  PROP_STATUS_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (RzAccount   *self,
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
rz_account_finalize (GObject *object)
{
  RzAccount *self = RZ_ACCOUNT (object);

  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->handle, g_free);
  g_clear_pointer (&self->remote_user_id, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->cursor, g_free);
  g_clear_pointer (&self->status_message, g_free);

  G_OBJECT_CLASS (rz_account_parent_class)->finalize (object);
}

static void
rz_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RzAccount *self = RZ_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_HANDLE:
      g_value_set_string (value, self->handle);
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_SYNCED_AT:
      g_value_set_int64 (value, self->synced_at);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_WAIT_UNTIL:
      g_value_set_int64 (value, self->wait_until);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_account_class_init (RzAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_account_finalize;
  object_class->get_property = rz_account_get_property;

  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HANDLE] =
    g_param_spec_string ("handle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SYNCED_AT] =
    g_param_spec_int64 ("synced-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, RZ_TYPE_ACCOUNT_STATUS, RZ_ACCOUNT_STATUS_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WAIT_UNTIL] =
    g_param_spec_int64 ("wait-until", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_account_init (RzAccount *self)
{
  self->state = g_strdup (RZ_ACCOUNT_STATE_NEW);
}

RzAccount *
rz_account_new (void)
{
  return g_object_new (RZ_TYPE_ACCOUNT, NULL);
}

gint64
rz_account_get_id (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), 0);
  return self->id;
}

void
rz_account_set_id (RzAccount *self,
                   gint64     id)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  self->id = id;
}

const char *
rz_account_get_channel (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->channel;
}

void
rz_account_set_channel (RzAccount  *self,
                        const char *channel)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->channel, channel, PROP_0);
}

const char *
rz_account_get_display_name (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->display_name;
}

void
rz_account_set_display_name (RzAccount  *self,
                             const char *display_name)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->display_name, display_name, PROP_DISPLAY_NAME);
}

const char *
rz_account_get_base_url (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->base_url;
}

void
rz_account_set_base_url (RzAccount  *self,
                         const char *base_url)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->base_url, base_url, PROP_0);
}

const char *
rz_account_get_handle (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->handle;
}

void
rz_account_set_handle (RzAccount  *self,
                       const char *handle)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->handle, handle, PROP_HANDLE);
}

const char *
rz_account_get_remote_user_id (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->remote_user_id;
}

void
rz_account_set_remote_user_id (RzAccount  *self,
                               const char *remote_user_id)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->remote_user_id, remote_user_id, PROP_0);
}

const char *
rz_account_get_state (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->state;
}

void
rz_account_set_state (RzAccount  *self,
                      const char *state)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  g_return_if_fail (state != NULL);

  set_string (self, &self->state, state, PROP_STATE);

  /* What the last session learnt stands until this one knows better. */
  if (self->status == RZ_ACCOUNT_STATUS_UNKNOWN && g_strcmp0 (state, RZ_ACCOUNT_STATE_NEEDS_SIGN_IN) == 0)
    rz_account_set_status (self, RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN, 0, NULL);
}

const char *
rz_account_get_cursor (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->cursor;
}

void
rz_account_set_cursor (RzAccount  *self,
                       const char *cursor)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  set_string (self, &self->cursor, cursor, PROP_0);
}

gint64
rz_account_get_synced_at (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), 0);
  return self->synced_at;
}

void
rz_account_set_synced_at (RzAccount *self,
                          gint64     unix_time)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));

  if (self->synced_at == unix_time)
    return;
  self->synced_at = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED_AT]);
}

gboolean
rz_account_get_is_demo (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), FALSE);
  return self->is_demo;
}

void
rz_account_set_is_demo (RzAccount *self,
                        gboolean   is_demo)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));
  self->is_demo = !!is_demo;
}

RzAccountStatus
rz_account_get_status (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), RZ_ACCOUNT_STATUS_UNKNOWN);
  return self->status;
}

gint64
rz_account_get_wait_until (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), 0);
  return self->wait_until;
}

const char *
rz_account_get_status_message (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);
  return self->status_message;
}

void
rz_account_set_status (RzAccount       *self,
                       RzAccountStatus  status,
                       gint64           wait_until_us,
                       const char      *message)
{
  g_return_if_fail (RZ_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->status_message, message, PROP_STATUS_MESSAGE);
  if (self->wait_until != wait_until_us)
    {
      self->wait_until = wait_until_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAIT_UNTIL]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
rz_account_get_title (RzAccount *self)
{
  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);

  if (self->handle != NULL && self->handle[0] != '\0')
    return self->handle;
  return self->display_name != NULL ? self->display_name : "";
}

const char *
rz_account_get_network_name (RzAccount *self)
{
  /* Names of products, the same in every language. */
  static const struct {
    const char *channel;
    const char *name;
  } networks[] = {
    { "mastodon", "Mastodon" },
    { "bluesky", "Bluesky" },
    { "wordpress", "WordPress" },
    { "blog", "WordPress" },
  };

  g_return_val_if_fail (RZ_IS_ACCOUNT (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (networks); i++)
    if (g_strcmp0 (self->channel, networks[i].channel) == 0)
      return networks[i].name;
  return self->channel != NULL ? self->channel : "";
}
