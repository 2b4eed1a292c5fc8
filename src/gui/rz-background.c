/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-background.h"

#define PORTAL_BUS_NAME   "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT     "/org/freedesktop/portal/desktop"
#define PORTAL_BACKGROUND "org.freedesktop.portal.Background"
#define PORTAL_REQUEST    "org.freedesktop.portal.Request"

struct _RzBackground
{
  GObject               parent_instance;

  GApplication         *application;  /* weak */
  RzDatabase           *database;
  GNetworkMonitor      *monitor;
  RzOutboxProviderFunc  provider_func;
  gpointer              provider_data;
  GDestroyNotify        provider_destroy;

  /* Only while in the background. */
  gboolean              held;
  RzOutbox             *outbox;
  GCancellable         *cancellable;
  gint64                next_at;

  /* The portal request waiting for its answer. */
  GDBusConnection      *bus;
  guint                 response_id;
  char                 *request_path;
};

G_DEFINE_FINAL_TYPE (RzBackground, rz_background, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
unsubscribe_response (RzBackground *self)
{
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->response_id);
  self->response_id = 0;
  g_clear_pointer (&self->request_path, g_free);
  g_clear_object (&self->bus);
}

static void
set_held (RzBackground *self,
          gboolean      held)
{
  if (self->held == held)
    return;

  self->held = held;
  if (self->application == NULL)
    ;
  else if (held)
    g_application_hold (self->application);
  else
    g_application_release (self->application);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

void
rz_background_leave (RzBackground *self)
{
  g_return_if_fail (RZ_IS_BACKGROUND (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  unsubscribe_response (self);
  if (self->outbox != NULL)
    {
      rz_outbox_stop (self->outbox);
      g_clear_object (&self->outbox);
    }
  set_held (self, FALSE);
}

/* --- Counting what waits ----------------------------------------------- */

typedef struct {
  guint  n_posts;
  gint64 next_at;
} Pending;

static gpointer
count_pending_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree Pending *pending = g_new0 (Pending, 1);
  gint64 after = GPOINTER_TO_INT (data) ? -1 : g_get_real_time () / G_USEC_PER_SEC;

  if (!rz_database_count_pending_posts (db, after, &pending->n_posts, error) ||
      !rz_database_get_next_scheduled_at (db, g_get_real_time () / G_USEC_PER_SEC,
                                          &pending->next_at, error))
    return NULL;
  return g_steal_pointer (&pending);
}

static void start_sending (RzBackground *self);

static void
count_pending_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RzBackground) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree Pending *pending = NULL;

  pending = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->held)
    return;
  if (pending == NULL)
    {
      g_warning ("Could not count the scheduled posts: %s", error->message);
      rz_background_leave (self);
      return;
    }

  self->next_at = pending->next_at;
  g_debug ("%u posts wait to go out, the next at %" G_GINT64_FORMAT, pending->n_posts, pending->next_at);
  if (pending->n_posts == 0)
    {
      g_debug ("No scheduled posts wait: leaving the background");
      rz_background_leave (self);
      return;
    }
  if (self->outbox == NULL)
    start_sending (self);
}

static void
count_pending (RzBackground *self,
               gboolean      all)
{
  rz_database_run_async (self->database, count_pending_job, GINT_TO_POINTER (all), NULL, g_free,
                         self->cancellable, count_pending_cb, g_object_ref (self));
}

/* --- The outbox -------------------------------------------------------- */

static void
post_changed_cb (RzBackground *self)
{
  /* Whatever went out, failed or started: is anything left? */
  count_pending (self, TRUE);
}

static void
missed_posts_cb (RzBackground *self,
                 guint         n_posts)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (!g_application_get_is_registered (self->application))
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u scheduled post could not go out on time while there was no network. It goes out now.",
                                       "%u scheduled posts could not go out on time while there was no network. They go out now.",
                                       n_posts),
                          n_posts);
  notification = g_notification_new (_("Scheduled Posts Go Out Late"));
  g_notification_set_body (notification, body);
  g_application_send_notification (self->application, "missed-posts", notification);
}

static void request_background (RzBackground *self);

static void
start_sending (RzBackground *self)
{
  self->outbox = rz_outbox_new (self->database, self->monitor);
  if (self->provider_func != NULL)
    rz_outbox_set_provider_func (self->outbox, self->provider_func, self->provider_data, NULL);
  g_signal_connect_object (self->outbox, "post-changed", G_CALLBACK (post_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outbox, "missed-posts", G_CALLBACK (missed_posts_cb), self,
                           G_CONNECT_SWAPPED);
  rz_outbox_start (self->outbox);
  request_background (self);
}

/* --- The background portal --------------------------------------------- */

static void
notify_denied (RzBackground *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (!g_application_get_is_registered (self->application))
    return;

  if (self->next_at > 0)
    {
      g_autoptr(GDateTime) next = g_date_time_new_from_unix_local (self->next_at);
      /* Translators: a date and time, as in "Wed 25 Nov, 14:30"; see the
       * GLib g_date_time_format() documentation */
      g_autofree char *when = g_date_time_format (next, _("%a %-d %b, %H:%M"));

      /* Translators: %s is the date and time of the next scheduled post */
      body = g_strdup_printf (_("Resonanz may not run in the background. Your next post, due %s, "
                                "goes out when you start Resonanz again or when the sync timer runs."),
                              when);
    }
  else
    {
      body = g_strdup (_("Resonanz may not run in the background. Your scheduled posts go out "
                         "when you start Resonanz again or when the sync timer runs."));
    }

  notification = g_notification_new (_("Scheduled Posts Wait"));
  g_notification_set_body (notification, body);
  g_application_send_notification (self->application, "background-denied", notification);
}

static void
response_cb (GDBusConnection *bus,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  RzBackground *self = user_data;
  g_autoptr(GVariant) results = NULL;
  guint32 response = 2;
  gboolean background = TRUE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    return;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  g_variant_lookup (results, "background", "b", &background);
  unsubscribe_response (self);

  if (response == 0 && background)
    {
      g_debug ("The background portal lets Resonanz send scheduled posts");
      return;
    }

  g_debug ("The background portal said no (%u): leaving the background", response);
  notify_denied (self);
  rz_background_leave (self);
}

static void
subscribe_response (RzBackground *self,
                    const char   *path)
{
  if (self->response_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->response_id);
  g_free (self->request_path);
  self->request_path = g_strdup (path);
  self->response_id = g_dbus_connection_signal_subscribe (self->bus, PORTAL_BUS_NAME, PORTAL_REQUEST,
                                                          "Response", path, NULL,
                                                          G_DBUS_SIGNAL_FLAGS_NONE,
                                                          response_cb, self, NULL);
}

static void
request_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzBackground) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *handle = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      /* Not in a sandbox, or no xdg-desktop-portal: nothing stops us. */
      g_debug ("No background portal (%s): staying in the background anyway", error->message);
      unsubscribe_response (self);
      return;
    }

  g_variant_get (reply, "(&o)", &handle);
  /* Older portals do not know handle_token and answer on another path. */
  if (self->bus != NULL && g_strcmp0 (handle, self->request_path) != 0)
    subscribe_response (self, handle);
}

static void
bus_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(RzBackground) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *path = NULL;
  GVariantBuilder options;

  bus = g_bus_get_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->held)
    return;
  if (bus == NULL)
    {
      g_debug ("No session bus (%s): staying in the background anyway", error->message);
      return;
    }

  /* The answer comes as a signal on a path the token predicts; listen
   * there before asking, so it cannot come too early. */
  token = g_strdup_printf ("resonanz%u", g_random_int ());
  sender = g_strdelimit (g_strdup (g_dbus_connection_get_unique_name (bus) + 1), ".", '_');
  path = g_strdup_printf ("%s/request/%s/%s", PORTAL_OBJECT, sender, token);
  self->bus = g_object_ref (bus);
  subscribe_response (self, path);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Sending your scheduled posts")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_variant_builder_add (&options, "{sv}", "dbus-activatable", g_variant_new_boolean (FALSE));

  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT, PORTAL_BACKGROUND, "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, request_cb,
                          g_object_ref (self));
}

static void
request_background (RzBackground *self)
{
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_cb, g_object_ref (self));
}

/* --- Public ------------------------------------------------------------ */

void
rz_background_enter (RzBackground *self)
{
  g_return_if_fail (RZ_IS_BACKGROUND (self));

  if (self->held)
    return;

  /* Hold at once: the application would quit before the count is back. */
  set_held (self, TRUE);
  self->cancellable = g_cancellable_new ();
  count_pending (self, FALSE);
}

gboolean
rz_background_get_held (RzBackground *self)
{
  g_return_val_if_fail (RZ_IS_BACKGROUND (self), FALSE);
  return self->held;
}

void
rz_background_set_provider_func (RzBackground         *self,
                                 RzOutboxProviderFunc  func,
                                 gpointer              user_data,
                                 GDestroyNotify        destroy)
{
  g_return_if_fail (RZ_IS_BACKGROUND (self));

  if (self->provider_destroy != NULL)
    self->provider_destroy (self->provider_data);
  self->provider_func = func;
  self->provider_data = user_data;
  self->provider_destroy = destroy;
}

static void
rz_background_dispose (GObject *object)
{
  RzBackground *self = RZ_BACKGROUND (object);

  if (self->application != NULL)
    rz_background_leave (self);
  g_clear_weak_pointer (&self->application);
  G_OBJECT_CLASS (rz_background_parent_class)->dispose (object);
}

static void
rz_background_finalize (GObject *object)
{
  RzBackground *self = RZ_BACKGROUND (object);

  rz_background_set_provider_func (self, NULL, NULL, NULL);
  g_clear_object (&self->database);
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (rz_background_parent_class)->finalize (object);
}

static void
rz_background_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RzBackground *self = RZ_BACKGROUND (object);

  switch (prop_id)
    {
    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_background_class_init (RzBackgroundClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rz_background_dispose;
  object_class->finalize = rz_background_finalize;
  object_class->get_property = rz_background_get_property;

  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_background_init (RzBackground *self)
{
}

RzBackground *
rz_background_new (GApplication    *application,
                   RzDatabase      *database,
                   GNetworkMonitor *monitor)
{
  RzBackground *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RZ_IS_DATABASE (database), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (RZ_TYPE_BACKGROUND, NULL);
  g_set_weak_pointer (&self->application, application);
  self->database = g_object_ref (database);
  self->monitor = monitor != NULL ? g_object_ref (monitor) : NULL;
  return self;
}
