/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rz-net-error.h"
#include "rz-secret-store.h"
#include "rz-test-async.h"

static void
assert_no_keyring (GError *error)
{
  g_assert_error (error, RZ_NET_ERROR, RZ_NET_ERROR_NO_KEYRING);
  g_assert_nonnull (strstr (error->message, "keyring"));
}

static void
test_schema (void)
{
  const SecretSchema *schema = rz_secret_store_get_schema ();

  g_assert_cmpstr (schema->name, ==, "de.resonanz.Resonanz.Account");
  g_assert_cmpstr (schema->attributes[0].name, ==, "channel");
  g_assert_cmpstr (schema->attributes[1].name, ==, "server");
  g_assert_cmpstr (schema->attributes[2].name, ==, "handle");
}

/* Without a Secret Service nothing is stored anywhere, and the error says
 * what to do. */
static void
test_no_keyring (void)
{
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  rz_secret_store_save_async ("mastodon", "https://social.example", "@cafe@social.example",
                              "{\"access_token\":\"never-stored\"}", NULL, rz_test_store_result, &saved);
  g_assert_false (rz_secret_store_save_finish (rz_test_wait_for (&saved), &error));
  assert_no_keyring (error);
  g_clear_error (&error);

  rz_secret_store_lookup_async ("mastodon", "https://social.example", "@cafe@social.example",
                                NULL, rz_test_store_result, &looked_up);
  secret = rz_secret_store_lookup_finish (rz_test_wait_for (&looked_up), &error);
  g_assert_null (secret);
  assert_no_keyring (error);
  g_clear_error (&error);

  rz_secret_store_delete_async ("mastodon", "https://social.example", "@cafe@social.example",
                                NULL, rz_test_store_result, &deleted);
  g_assert_false (rz_secret_store_delete_finish (rz_test_wait_for (&deleted), &error));
  assert_no_keyring (error);
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  rz_secret_store_save_async ("mastodon", "https://social.example", "@cafe@social.example",
                              "x", cancellable, rz_test_store_result, &saved);
  g_assert_false (rz_secret_store_save_finish (rz_test_wait_for (&saved), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  const char *bus = g_getenv ("RZ_TEST_SESSION_BUS");

  /* Run alone, the test points the session bus nowhere; under
   * run-with-keyring.sh --no-keyring it gets a real bus on which nobody
   * provides org.freedesktop.secrets. It never touches a real keyring. */
  if (g_strcmp0 (bus, "empty") != 0)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/resonanz-test-bus", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rz/net/secret-store/schema", test_schema);
  g_test_add_func ("/rz/net/secret-store/no-keyring", test_no_keyring);
  g_test_add_func ("/rz/net/secret-store/cancelled", test_cancelled);

  return g_test_run ();
}
