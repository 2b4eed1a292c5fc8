/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "mastodon-contract-server.h"
#include "rz-background.h"
#include "rz-database.h"
#include "rz-draft.h"
#include "rz-mastodon-provider.h"

/* Sending scheduled posts without a window: the app is held until the
 * last one went out, and asks the background portal for leave. The portal
 * (and the notification server) are fakes on a private session bus; the
 * posts go to a Mastodon contract server on 127.0.0.1. */

#define ALL_SCOPES "read:accounts read:notifications read:statuses write:statuses write:media"
#define TEST_APP_ID "de.resonanz.Resonanz.BackgroundTest"

static GTestDBus *test_bus;

/* --- The fake portal and notification server --------------------------- */

static const char fake_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct {
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            portal_id;
  guint            notifications_id;
  guint32          answer;         /* 0 granted, 1 denied */
  guint            n_requests;
  guint            n_responses;
  char            *parent_window;
  GVariant        *options;
  char            *notification_id;
  GVariant        *notification;
} FakePortal;

typedef struct {
  FakePortal *portal;
  char       *path;
  char       *destination;
} PendingResponse;

static gboolean
emit_response_cb (gpointer user_data)
{
  PendingResponse *pending = user_data;
  FakePortal *portal = pending->portal;
  GVariantBuilder results;
  g_autoptr(GError) error = NULL;

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (portal->answer == 0));
  g_variant_builder_add (&results, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_emit_signal (portal->connection, pending->destination, pending->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})", portal->answer, &results), &error);
  g_assert_no_error (error);
  portal->n_responses++;

  g_free (pending->path);
  g_free (pending->destination);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

static void
fake_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  FakePortal *portal = user_data;

  if (g_str_equal (method_name, "RequestBackground"))
    {
      PendingResponse *pending = g_new0 (PendingResponse, 1);
      g_autofree char *sender_part = g_strdelimit (g_strdup (sender + 1), ".", '_');
      const char *token = "none";

      portal->n_requests++;
      g_clear_pointer (&portal->parent_window, g_free);
      g_clear_pointer (&portal->options, g_variant_unref);
      g_variant_get (parameters, "(s@a{sv})", &portal->parent_window, &portal->options);
      g_variant_lookup (portal->options, "handle_token", "&s", &token);

      pending->portal = portal;
      pending->destination = g_strdup (sender);
      pending->path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender_part, token);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", pending->path));
      /* As the real portal does: the answer comes later, as a signal. */
      g_timeout_add (50, emit_response_cb, pending);
      return;
    }

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_clear_pointer (&portal->notification_id, g_free);
      g_clear_pointer (&portal->notification, g_variant_unref);
      g_variant_get (parameters, "(&ss@a{sv})", NULL, &portal->notification_id, &portal->notification);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable fake_vtable = { fake_method_call, NULL, NULL, { 0 } };

static void
request_name (GDBusConnection *connection,
              const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  guint32 result = 0;

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 0x4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* PRIMARY_OWNER */);
}

static FakePortal *
fake_portal_new (gboolean with_portal,
                 guint32  answer)
{
  FakePortal *portal = g_new0 (FakePortal, 1);
  g_autoptr(GError) error = NULL;

  portal->answer = answer;
  portal->connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                               G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                               G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                               NULL, NULL, &error);
  g_assert_no_error (error);
  portal->info = g_dbus_node_info_new_for_xml (fake_xml, &error);
  g_assert_no_error (error);

  if (with_portal)
    {
      portal->portal_id = g_dbus_connection_register_object (portal->connection, "/org/freedesktop/portal/desktop",
                                                             portal->info->interfaces[0], &fake_vtable,
                                                             portal, NULL, &error);
      g_assert_no_error (error);
      request_name (portal->connection, "org.freedesktop.portal.Desktop");
    }
  portal->notifications_id = g_dbus_connection_register_object (portal->connection, "/org/gtk/Notifications",
                                                                portal->info->interfaces[1], &fake_vtable,
                                                                portal, NULL, &error);
  g_assert_no_error (error);
  request_name (portal->connection, "org.gtk.Notifications");
  return portal;
}

static void
fake_portal_free (FakePortal *portal)
{
  if (portal->portal_id != 0)
    g_dbus_connection_unregister_object (portal->connection, portal->portal_id);
  g_dbus_connection_unregister_object (portal->connection, portal->notifications_id);
  g_dbus_connection_close_sync (portal->connection, NULL, NULL);
  g_object_unref (portal->connection);
  g_dbus_node_info_unref (portal->info);
  g_free (portal->parent_window);
  g_clear_pointer (&portal->options, g_variant_unref);
  g_free (portal->notification_id);
  g_clear_pointer (&portal->notification, g_variant_unref);
  g_free (portal);
}

/* --- Fixture ------------------------------------------------------------- */

typedef struct {
  MastodonContractServer *server;
  RzMastodonProvider     *provider;
  RzHttpClient           *client;
  gint64                  account_id;
  RzDatabase             *db;
  GApplication           *application;
  RzBackground           *background;
  FakePortal             *portal;
  char                   *token;
  guint                   n_held;
  guint                   n_released;
  guint                   posted_at_release;
} Fixture;

static void
lookup_provider (gint64                 account_id,
                 GCancellable          *cancellable,
                 RzOutboxProviderReady  ready,
                 gpointer               ready_data,
                 gpointer               user_data)
{
  Fixture *fixture = user_data;

  ready (account_id == fixture->account_id ? RZ_PROVIDER (fixture->provider) : NULL, NULL, ready_data);
}

static void
held_changed_cb (RzBackground *background,
                 GParamSpec   *pspec,
                 Fixture      *fixture)
{
  if (rz_background_get_held (background))
    {
      fixture->n_held++;
    }
  else
    {
      fixture->n_released++;
      fixture->posted_at_release = mastodon_contract_server_count_posted (fixture->server);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = rz_database_dup_default_path ();
  g_autoptr(GError) error = NULL;
  const char *url;

  fixture->db = rz_database_open (path, &error);
  g_assert_no_error (error);

  fixture->client = rz_http_client_new ();
  rz_http_client_set_retry_policy (fixture->client, 1, 10);
  fixture->server = mastodon_contract_server_new ();
  url = mastodon_contract_server_get_url (fixture->server);
  fixture->token = mastodon_contract_server_create_token (fixture->server, ALL_SCOPES);
  fixture->provider = rz_mastodon_provider_new (fixture->client, url);
  rz_mastodon_provider_set_credentials (fixture->provider, fixture->token, NULL, NULL);
  fixture->account_id = rz_database_add_account (fixture->db, "mastodon", "Café Laden", url, "@laden", &error);
  g_assert_no_error (error);

  fixture->application = g_application_new (TEST_APP_ID, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (fixture->application, NULL, &error));
  g_assert_no_error (error);

  fixture->background = rz_background_new (fixture->application, fixture->db, NULL);
  rz_background_set_provider_func (fixture->background, lookup_provider, fixture, NULL);
  g_signal_connect (fixture->background, "notify::held", G_CALLBACK (held_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->background);
  g_clear_object (&fixture->application);
  g_clear_pointer (&fixture->portal, fake_portal_free);
  g_clear_object (&fixture->provider);
  mastodon_contract_server_free (fixture->server);
  g_free (fixture->token);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->db);
  /* Let the bus deliver what is still on its way. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
schedule_post (Fixture *fixture,
               gint64   scheduled_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GPtrArray) posts = NULL;

  rz_draft_set_core_text (draft, "Frische Brötchen ab sieben");
  rz_draft_add_channel (draft, "mastodon");
  g_assert_true (rz_database_save_draft (fixture->db, draft, &error));
  g_assert_no_error (error);
  posts = rz_database_enqueue_posts (fixture->db, rz_draft_get_id (draft), &fixture->account_id, 1,
                                     scheduled_at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Iterates until @done says so, for at most @seconds. */
static void
spin_until (gboolean (*done) (Fixture *fixture),
            Fixture   *fixture,
            guint      seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (fixture))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static void
spin_for (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static gboolean
responded (Fixture *fixture)
{
  return fixture->portal->n_responses > 0;
}

static gboolean
released (Fixture *fixture)
{
  return fixture->n_released > 0;
}

static gboolean
notified (Fixture *fixture)
{
  return fixture->portal->notification != NULL;
}

static void
assert_request_options (FakePortal *portal)
{
  gboolean flag = TRUE;
  const char *text = NULL;

  g_assert_cmpuint (portal->n_requests, ==, 1);
  g_assert_cmpstr (portal->parent_window, ==, "");
  g_assert_true (g_variant_lookup (portal->options, "reason", "&s", &text));
  g_assert_cmpstr (text, ==, "Sending your scheduled posts");
  g_assert_true (g_variant_lookup (portal->options, "autostart", "b", &flag));
  g_assert_false (flag);
  flag = TRUE;
  g_assert_true (g_variant_lookup (portal->options, "dbus-activatable", "b", &flag));
  g_assert_false (flag);
  g_assert_true (g_variant_lookup (portal->options, "handle_token", "&s", &text));
  g_assert_cmpuint (strlen (text), >, 0);
}

/* Granted: held while the post waits, released once it went out. */
static void
test_granted (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 scheduled_at = now_seconds () + 3;

  fixture->portal = fake_portal_new (TRUE, 0);
  schedule_post (fixture, scheduled_at);

  rz_background_enter (fixture->background);
  g_assert_true (rz_background_get_held (fixture->background));

  spin_until (responded, fixture, 5);
  assert_request_options (fixture->portal);
  /* The answer reached the app and it stayed (a slow run, as under
   * valgrind, may already be past the post's time: then it went out). */
  spin_for (200);
  if (now_seconds () < scheduled_at)
    {
      g_assert_true (rz_background_get_held (fixture->background));
      g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 0);
    }

  spin_until (released, fixture, 15);
  g_assert_cmpint (now_seconds (), >=, scheduled_at);
  g_assert_cmpuint (fixture->n_held, ==, 1);
  g_assert_cmpuint (fixture->n_released, ==, 1);
  /* Only after the post went out. */
  g_assert_cmpuint (fixture->posted_at_release, ==, 1);
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 1);
  g_assert_null (fixture->portal->notification);
}

/* Denied: let go at once and tell the user when the post is due. */
static void
test_denied (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GVariant) body = NULL;
  g_autoptr(GVariant) title = NULL;

  fixture->portal = fake_portal_new (TRUE, 1);
  schedule_post (fixture, now_seconds () + 3600);

  rz_background_enter (fixture->background);
  g_assert_true (rz_background_get_held (fixture->background));

  spin_until (released, fixture, 5);
  assert_request_options (fixture->portal);
  g_assert_false (rz_background_get_held (fixture->background));
  g_assert_cmpuint (fixture->n_released, ==, 1);

  spin_until (notified, fixture, 5);
  g_assert_cmpstr (fixture->portal->notification_id, ==, "background-denied");
  title = g_variant_lookup_value (fixture->portal->notification, "title", G_VARIANT_TYPE_STRING);
  body = g_variant_lookup_value (fixture->portal->notification, "body", G_VARIANT_TYPE_STRING);
  g_assert_nonnull (title);
  g_assert_nonnull (body);
  g_assert_cmpstr (g_variant_get_string (title, NULL), ==, "Scheduled Posts Wait");
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "sync timer"));
  g_assert_nonnull (strstr (g_variant_get_string (body, NULL), "due "));
  g_assert_cmpuint (mastodon_contract_server_count_posted (fixture->server), ==, 0);
}

/* No portal (outside a sandbox): nothing stops the app; it stays until
 * the post went out. */
static void
test_no_portal (Fixture       *fixture,
                gconstpointer  data)
{
  gint64 scheduled_at = now_seconds () + 1;

  fixture->portal = fake_portal_new (FALSE, 0);
  schedule_post (fixture, scheduled_at);

  rz_background_enter (fixture->background);
  spin_until (released, fixture, 15);
  g_assert_cmpint (now_seconds (), >=, scheduled_at);
  g_assert_cmpuint (fixture->n_held, ==, 1);
  g_assert_cmpuint (fixture->posted_at_release, ==, 1);
  g_assert_cmpuint (fixture->portal->n_requests, ==, 0);
  g_assert_null (fixture->portal->notification);
}

/* Nothing scheduled: no reason to stay, no portal asked. */
static void
test_nothing_scheduled (Fixture       *fixture,
                        gconstpointer  data)
{
  fixture->portal = fake_portal_new (TRUE, 0);

  rz_background_enter (fixture->background);
  spin_until (released, fixture, 5);
  spin_for (100);
  g_assert_cmpuint (fixture->portal->n_requests, ==, 0);
  g_assert_false (rz_background_get_held (fixture->background));
}

/* A window is back: let go at once, its outbox takes over. */
static void
test_leave (Fixture       *fixture,
            gconstpointer  data)
{
  fixture->portal = fake_portal_new (TRUE, 0);
  schedule_post (fixture, now_seconds () + 3600);

  rz_background_enter (fixture->background);
  spin_until (responded, fixture, 5);
  spin_for (100);
  g_assert_true (rz_background_get_held (fixture->background));
  rz_background_leave (fixture->background);
  g_assert_false (rz_background_get_held (fixture->background));
  g_assert_cmpuint (fixture->n_released, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* The notifications go to the fake org.gtk.Notifications. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);

#define ADD(path, func) \
  g_test_add ("/rz/background/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("granted", test_granted);
  ADD ("denied", test_denied);
  ADD ("no-portal", test_no_portal);
  ADD ("nothing-scheduled", test_nothing_scheduled);
  ADD ("leave", test_leave);

#undef ADD

  status = g_test_run ();
  g_test_dbus_down (test_bus);
  g_clear_object (&test_bus);
  return status;
}
