/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "rz-net-error.h"
#include "rz-secret-store.h"

const SecretSchema *
rz_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    BASE_APP_ID ".Account", SECRET_SCHEMA_NONE,
    {
      { "channel", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "handle", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static GHashTable *
new_attributes (const char *channel,
                const char *server,
                const char *handle)
{
  /* libsecret keeps the table and reads it after the call returns, when
   * the caller's strings may be gone: the table owns copies. */
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "channel", g_strdup (channel));
  g_hash_table_insert (attributes, (gpointer) "server", g_strdup (server));
  g_hash_table_insert (attributes, (gpointer) "handle", g_strdup (handle));

  return attributes;
}

/* libsecret reports a missing Secret Service as a D-Bus or I/O error (no
 * bus, nobody owns org.freedesktop.secrets, activation failed). */
static GError *
map_secret_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Keyring error: %s", error->message);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    mapped = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_KEYRING_LOCKED,
                                  _("The keyring is locked. Unlock it (for example by signing in to your computer again) and try again."));
  else if (error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR ||
           error->domain == G_SPAWN_ERROR)
    mapped = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_NO_KEYRING,
                                  _("No keyring is available to keep the sign-in safe. Please install and start a keyring service such as GNOME Keyring, then try again."));
  else
    mapped = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_FAILED,
                                  _("The keyring could not keep the sign-in. Please try again."));

  g_error_free (error);
  return mapped;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Stores @secret for the account, replacing an earlier one. */
void
rz_secret_store_save_async (const char          *channel,
                            const char          *server,
                            const char          *handle,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (channel != NULL && server != NULL && handle != NULL);
  g_return_if_fail (secret != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_secret_store_save_async);

  attributes = new_attributes (channel, server, handle);
  /* Translators: how the keyring (e.g. the Passwords and Keys app) lists a
   * sign-in; %1$s is an account such as @cafe@social.example, %2$s a
   * network such as mastodon */
  label = g_strdup_printf (_("Resonanz sign-in for %1$s on %2$s"), handle, channel);

  secret_password_storev (rz_secret_store_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, on_stored, g_steal_pointer (&task));
}

gboolean
rz_secret_store_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
rz_secret_store_lookup_async (const char          *channel,
                              const char          *server,
                              const char          *handle,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (channel != NULL && server != NULL && handle != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_secret_store_lookup_async);

  attributes = new_attributes (channel, server, handle);
  secret_password_lookupv (rz_secret_store_get_schema (), attributes, cancellable,
                           on_looked_up, g_steal_pointer (&task));
}

/* Returns the secret (free it with secret_password_free(), which wipes
 * it), or NULL without an error when none is stored. */
char *
rz_secret_store_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to delete, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, map_secret_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
rz_secret_store_delete_async (const char          *channel,
                              const char          *server,
                              const char          *handle,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (channel != NULL && server != NULL && handle != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_secret_store_delete_async);

  attributes = new_attributes (channel, server, handle);
  secret_password_clearv (rz_secret_store_get_schema (), attributes, cancellable,
                          on_cleared, g_steal_pointer (&task));
}

gboolean
rz_secret_store_delete_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
