/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-context"

#include <glib/gi18n.h>

#include "rz-classifier.h"
#include "rz-comment.h"
#include "rz-context.h"
#include "rz-providers.h"
#include "rz-database.h"
#include "rz-mastodon-provider.h"
#include "rz-net-error.h"
#include "rz-oauth.h"
#include "rz-secret-store.h"
#include "rz-wordpress-provider.h"

struct _RzContext
{
  GObject       parent_instance;

  char         *database_path;
  RzDatabase   *database;

  RzHttpClient *client;
  GListStore   *accounts;
  GHashTable   *providers;        /* account id → RzProvider, signed in */
  GHashTable   *secret_digests;   /* account id → SHA-256 of the secret in the keyring */

  RzSync       *sync;
  GCancellable *cancellable;      /* cancelled when the context goes */
  GPtrArray    *sync_waiters;     /* GTask of every caller of the running sync */
  GSettings    *settings;
  guint         auto_sync_id;
  gboolean      auto_sync;
};

static void rz_context_sync_host_init (RzSyncHostInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RzContext, rz_context, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RZ_TYPE_SYNC_HOST, rz_context_sync_host_init))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_SYNCING,
  N_PROPS
};

enum {
  DATA_CHANGED,
  SYNC_PROGRESS,
  SYNC_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static char *
digest_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}

static void
rz_context_dispose (GObject *object)
{
  RzContext *self = RZ_CONTEXT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->auto_sync_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rz_context_parent_class)->dispose (object);
}

static void
rz_context_finalize (GObject *object)
{
  RzContext *self = RZ_CONTEXT (object);

  g_clear_pointer (&self->sync_waiters, g_ptr_array_unref);
  g_clear_object (&self->sync);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->secret_digests, g_hash_table_unref);
  g_clear_pointer (&self->providers, g_hash_table_unref);
  g_clear_object (&self->accounts);
  g_clear_object (&self->client);
  g_clear_object (&self->database);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (rz_context_parent_class)->finalize (object);
}

static void
rz_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RzContext *self = RZ_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, rz_context_get_syncing (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_context_class_init (RzContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rz_context_dispose;
  object_class->finalize = rz_context_finalize;
  object_class->get_property = rz_context_get_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, RZ_TYPE_DATABASE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RzContext::sync-progress:
   * @n_done: accounts fetched so far
   * @n_total: accounts in this sync
   */
  signals[SYNC_PROGRESS] =
    g_signal_new ("sync-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * RzContext::sync-finished:
   * @report: how each account fared
   */
  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RZ_TYPE_SYNC_REPORT);
}

static void
sync_progress_cb (RzContext *self,
                  guint      n_done,
                  guint      n_total)
{
  g_signal_emit (self, signals[SYNC_PROGRESS], 0, n_done, n_total);
}

static void
rz_context_init (RzContext *self)
{
  self->client = rz_http_client_new ();
  self->accounts = g_list_store_new (RZ_TYPE_ACCOUNT);
  self->providers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->secret_digests = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->sync = rz_sync_new (self->client);
  g_signal_connect_swapped (self->sync, "progress", G_CALLBACK (sync_progress_cb), self);
  self->cancellable = g_cancellable_new ();
  self->sync_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

RzContext *
rz_context_new (const char *database_path)
{
  RzContext *self = g_object_new (RZ_TYPE_CONTEXT, NULL);

  self->database_path = database_path ? g_strdup (database_path)
                                      : rz_database_dup_default_path ();
  return self;
}

const char *
rz_context_get_database_path (RzContext *self)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (self), NULL);
  return self->database_path;
}

RzDatabase *
rz_context_get_database (RzContext *self)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (self), NULL);
  return self->database;
}

RzHttpClient *
rz_context_get_http_client (RzContext *self)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (self), NULL);
  return self->client;
}

GListModel *
rz_context_get_accounts (RzContext *self)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (self), NULL);
  return G_LIST_MODEL (self->accounts);
}

static gboolean
find_account (RzContext *self,
              gint64     account_id,
              guint     *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RzAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (rz_account_get_id (account) == account_id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

RzAccount *
rz_context_lookup_account (RzContext *self,
                           gint64     account_id)
{
  guint position;
  g_autoptr(RzAccount) account = NULL;

  g_return_val_if_fail (RZ_IS_CONTEXT (self), NULL);

  if (!find_account (self, account_id, &position))
    return NULL;

  /* The store keeps its own reference. */
  account = g_list_model_get_item (G_LIST_MODEL (self->accounts), position);
  return account;
}

/* --- open ---------------------------------------------------------------- */

static gpointer
list_accounts_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return rz_database_list_accounts (db, FALSE, error);
}

static void
list_accounts_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;

  accounts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (accounts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_list_store_splice (self->accounts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       accounts->pdata, accounts->len);
  g_task_return_boolean (task, TRUE);
}

static void
open_database_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) database = NULL;

  database = rz_database_open_finish (result, &error);
  if (database == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_set_object (&self->database, database))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE]);

  rz_database_run_async (self->database, list_accounts_job, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref, g_task_get_cancellable (task),
                         list_accounts_cb, g_object_ref (task));
}

void
rz_context_open_async (RzContext           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RZ_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_open_async);
  rz_database_open_async (self->database_path, cancellable,
                          open_database_cb, g_steal_pointer (&task));
}

gboolean
rz_context_open_finish (RzContext     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rz_context_emit_data_changed (RzContext *self)
{
  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

/* --- account state ------------------------------------------------------- */

typedef struct {
  gint64  account_id;
  char   *state;
} StateData;

static void
state_data_free (gpointer data)
{
  StateData *state = data;

  g_free (state->state);
  g_free (state);
}

static gpointer
set_state_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  StateData *state = data;

  return rz_database_set_account_state (db, state->account_id, state->state, error)
         ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
set_state_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND))
    g_warning ("Could not store the state of an account: %s", error->message);
}

/* The network refused the sign-in: say so now and after a restart. */
static void
mark_needs_sign_in (RzContext    *self,
                    RzAccount    *account,
                    const GError *error)
{
  StateData *state;

  rz_account_set_status (account, RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN, 0, error->message);
  g_hash_table_remove (self->providers, &(gint64) { rz_account_get_id (account) });

  if (g_strcmp0 (rz_account_get_state (account), RZ_ACCOUNT_STATE_NEEDS_SIGN_IN) == 0 ||
      self->database == NULL)
    return;

  rz_account_set_state (account, RZ_ACCOUNT_STATE_NEEDS_SIGN_IN);
  state = g_new0 (StateData, 1);
  state->account_id = rz_account_get_id (account);
  state->state = g_strdup (RZ_ACCOUNT_STATE_NEEDS_SIGN_IN);
  rz_database_run_async (self->database, set_state_job, state, state_data_free, NULL,
                         self->cancellable, set_state_cb, NULL);
}

/* --- providers ----------------------------------------------------------- */

static void save_renewed_secrets (RzContext *self);

/* Keeps @provider for @account; @digest is that of the secret in the
 * keyring (NULL: the provider's current one). */
static void
remember_provider (RzContext  *self,
                   RzAccount  *account,
                   RzProvider *provider,
                   char       *digest)
{
  gint64 id = rz_account_get_id (account);

  if (digest == NULL)
    {
      g_autofree char *secret = rz_provider_dup_secret (provider);

      if (secret != NULL)
        digest = digest_secret (secret);
      rz_oauth_clear_secret (&secret);
    }

  g_hash_table_replace (self->providers, id_key (id), g_object_ref (provider));
  if (digest != NULL)
    g_hash_table_replace (self->secret_digests, id_key (id), digest);

  /* Providers whose sessions renew themselves (Bluesky) say so. */
  if (g_signal_lookup ("secret-changed", G_OBJECT_TYPE (provider)) != 0)
    g_signal_connect_object (provider, "secret-changed", G_CALLBACK (save_renewed_secrets),
                             self, G_CONNECT_SWAPPED);
}

typedef struct {
  RzAccount  *account;
  RzProvider *provider;
  char       *digest;
} ProviderData;

static void
provider_data_free (gpointer data)
{
  ProviderData *provider_data = data;

  g_clear_object (&provider_data->account);
  g_clear_object (&provider_data->provider);
  g_free (provider_data->digest);
  g_free (provider_data);
}

static void
provider_signed_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  ProviderData *data = g_task_get_task_data (task);
  g_autoptr(RzRemoteAccount) remote = NULL;
  GError *error = NULL;

  remote = rz_provider_sign_in_finish (RZ_PROVIDER (object), result, &error);
  if (remote == NULL)
    {
      if (rz_sync_status_for_error (error) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN)
        mark_needs_sign_in (self, data->account, error);
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Signed in to account %" G_GINT64_FORMAT " from the keyring",
           rz_account_get_id (data->account));
  remember_provider (self, data->account, data->provider, g_steal_pointer (&data->digest));
  g_task_return_pointer (task, g_object_ref (data->provider), g_object_unref);
}

static void
secret_looked_up_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  ProviderData *data = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = rz_secret_store_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (secret == NULL)
    {
      error = g_error_new (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                           /* Translators: %s is an account, e.g. @cafe@social.example */
                           _("The sign-in for %s is no longer in your keyring. Please sign in to the account again."),
                           rz_account_get_title (data->account));
      mark_needs_sign_in (self, data->account, error);
      g_task_return_error (task, error);
      return;
    }

  data->digest = digest_secret (secret);
  rz_provider_sign_in_async (data->provider, secret, g_task_get_cancellable (task),
                             provider_signed_in_cb, g_object_ref (task));
  secret_password_free (secret);
}

void
rz_context_get_provider_for_account_async (RzContext           *self,
                                           RzAccount           *account,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProviderData *data;
  RzProvider *provider;
  GError *error = NULL;

  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_get_provider_for_account_async);

  provider = g_hash_table_lookup (self->providers, &(gint64) { rz_account_get_id (account) });
  if (provider != NULL)
    {
      g_task_return_pointer (task, g_object_ref (provider), g_object_unref);
      return;
    }

  data = g_new0 (ProviderData, 1);
  data->account = g_object_ref (account);
  g_task_set_task_data (task, data, provider_data_free);

  data->provider = rz_provider_new_for_account (self->client, account, &error);
  if (data->provider == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (rz_account_get_handle (account) == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                               _("Resonanz does not know this account's name. Please sign in to it again."));
      return;
    }

  rz_secret_store_lookup_async (rz_account_get_channel (account), rz_account_get_base_url (account),
                                rz_account_get_handle (account), cancellable,
                                secret_looked_up_cb, g_steal_pointer (&task));
}

RzProvider *
rz_context_get_provider_for_account_finish (RzContext     *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  RzOutboxProviderReady ready;
  gpointer              ready_data;
} OutboxLookup;

static void
outbox_provider_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree OutboxLookup *lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProvider) provider = NULL;

  provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (source), result, &error);
  lookup->ready (provider, error, lookup->ready_data);
}

void
rz_context_lookup_outbox_provider (gint64                 account_id,
                                   GCancellable          *cancellable,
                                   RzOutboxProviderReady  ready,
                                   gpointer               ready_data,
                                   gpointer               user_data)
{
  RzContext *self = RZ_CONTEXT (user_data);
  RzAccount *account = rz_context_lookup_account (self, account_id);
  OutboxLookup *lookup;

  if (account == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_NOT_FOUND,
                                                     _("The account was removed. Post it from another account."));

      ready (NULL, error, ready_data);
      return;
    }

  lookup = g_new0 (OutboxLookup, 1);
  lookup->ready = ready;
  lookup->ready_data = ready_data;
  rz_context_get_provider_for_account_async (self, account, cancellable, outbox_provider_cb, lookup);
}

void
rz_context_set_provider_for_account (RzContext  *self,
                                     RzAccount  *account,
                                     RzProvider *provider)
{
  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));
  g_return_if_fail (RZ_IS_PROVIDER (provider));

  /* Its sign-in as it is now counts as the kept one. */
  remember_provider (self, account, provider, NULL);
}

/* Providers that renew their sign-in on their own (sessions, refresh
 * tokens) have a new secret afterwards: keep the keyring up to date. */
static void
secret_resaved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rz_secret_store_save_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not keep a renewed sign-in in the keyring: %s", error->message);
}

static void
save_renewed_secrets (RzContext *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->providers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RzAccount *account = rz_context_lookup_account (self, *(gint64 *) key);
      g_autofree char *secret = NULL;
      g_autofree char *digest = NULL;

      if (account == NULL || rz_account_get_handle (account) == NULL ||
          rz_account_get_base_url (account) == NULL ||
          (secret = rz_provider_dup_secret (value)) == NULL)
        continue;

      digest = digest_secret (secret);
      if (g_strcmp0 (digest, g_hash_table_lookup (self->secret_digests, key)) != 0)
        {
          rz_secret_store_save_async (rz_account_get_channel (account), rz_account_get_base_url (account),
                                      rz_account_get_handle (account), secret, self->cancellable,
                                      secret_resaved_cb, NULL);
          g_hash_table_replace (self->secret_digests, id_key (*(gint64 *) key), g_steal_pointer (&digest));
        }
      rz_oauth_clear_secret (&secret);
    }
}

/* --- adding and removing accounts ---------------------------------------- */

typedef struct {
  RzProvider *provider;
  RzAccount  *account;
  char       *digest;
} AddData;

static void
add_data_free (gpointer data)
{
  AddData *add = data;

  g_clear_object (&add->provider);
  g_clear_object (&add->account);
  g_free (add->digest);
  g_free (add);
}

static gpointer
save_account_job (RzDatabase    *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return rz_database_save_account (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
forget_secret_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rz_secret_store_delete_finish (result, &error))
    g_warning ("Could not remove an unused sign-in from the keyring: %s", error->message);
}

static void
account_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  RzAccount *known;
  GError *error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      /* Without the account, the secret just saved would be an orphan. */
      rz_secret_store_delete_async (rz_account_get_channel (data->account),
                                    rz_account_get_base_url (data->account),
                                    rz_account_get_handle (data->account),
                                    NULL, forget_secret_cb, NULL);
      g_task_return_error (task, error);
      return;
    }

  rz_account_set_status (data->account, RZ_ACCOUNT_STATUS_CONNECTED, 0, NULL);

  /* Signed in again to a known account: the row on screen stays. */
  known = rz_context_lookup_account (self, rz_account_get_id (data->account));
  if (known != NULL)
    {
      rz_account_set_display_name (known, rz_account_get_display_name (data->account));
      rz_account_set_remote_user_id (known, rz_account_get_remote_user_id (data->account));
      rz_account_set_state (known, RZ_ACCOUNT_STATE_CONNECTED);
      rz_account_set_status (known, RZ_ACCOUNT_STATUS_CONNECTED, 0, NULL);
      g_set_object (&data->account, known);
    }
  else
    {
      g_list_store_append (self->accounts, data->account);
    }

  remember_provider (self, data->account, data->provider, g_steal_pointer (&data->digest));
  g_task_return_pointer (task, g_object_ref (data->account), g_object_unref);
}

static void
secret_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  AddData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!rz_secret_store_save_finish (result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Not cancellable: once the secret is kept, the account must follow,
   * or the secret be removed again. */
  rz_database_run_async (self->database, save_account_job, g_object_ref (data->account), g_object_unref,
                         NULL, NULL, account_saved_cb, g_object_ref (task));
}

void
rz_context_add_account_async (RzContext             *self,
                              RzProvider            *provider,
                              const char            *base_url,
                              const RzRemoteAccount *remote_account,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *secret = NULL;
  AddData *data;

  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_return_if_fail (RZ_IS_PROVIDER (provider));
  g_return_if_fail (base_url != NULL);
  g_return_if_fail (remote_account != NULL && remote_account->handle != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_add_account_async);

  if (self->database == NULL)
    {
      g_task_return_new_error (task, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO,
                               _("Your data is not open yet. Please try again in a moment."));
      return;
    }

  secret = rz_provider_dup_secret (provider);
  if (secret == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                               _("The sign-in did not complete. Please try again."));
      return;
    }

  data = g_new0 (AddData, 1);
  data->provider = g_object_ref (provider);
  data->account = rz_account_new ();
  rz_account_set_channel (data->account, rz_provider_get_channel (provider));
  rz_account_set_base_url (data->account, base_url);
  rz_account_set_handle (data->account, remote_account->handle);
  rz_account_set_display_name (data->account, remote_account->display_name);
  rz_account_set_remote_user_id (data->account, remote_account->id);
  data->digest = digest_secret (secret);
  g_task_set_task_data (task, data, add_data_free);

  /* The keyring first: without it nothing is stored at all. */
  rz_secret_store_save_async (rz_account_get_channel (data->account), base_url, remote_account->handle,
                              secret, cancellable, secret_saved_cb, g_steal_pointer (&task));
  rz_oauth_clear_secret (&secret);
}

RzAccount *
rz_context_add_account_finish (RzContext     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
remove_account_job (RzDatabase    *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return rz_database_remove_account (db, rz_account_get_id (data), error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
account_removed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  RzAccount *account = g_task_get_task_data (task);
  GError *error = NULL;
  guint position;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL &&
      !g_error_matches (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  if (find_account (self, rz_account_get_id (account), &position))
    g_list_store_remove (self->accounts, position);
  g_hash_table_remove (self->providers, &(gint64) { rz_account_get_id (account) });
  g_hash_table_remove (self->secret_digests, &(gint64) { rz_account_get_id (account) });

  rz_context_emit_data_changed (self);
  g_task_return_boolean (task, TRUE);
}

static void
secret_deleted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzContext *self = g_task_get_source_object (task);
  RzAccount *account = g_task_get_task_data (task);
  GError *error = NULL;

  /* Without a keyring there is no secret to delete; a locked one keeps
   * it, so the account stays until it can be deleted. */
  if (!rz_secret_store_delete_finish (result, &error) &&
      !g_error_matches (error, RZ_NET_ERROR, RZ_NET_ERROR_NO_KEYRING))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  /* Not cancellable: without its secret the account has to go. */
  rz_database_run_async (self->database, remove_account_job, g_object_ref (account), g_object_unref,
                         NULL, NULL, account_removed_cb, g_object_ref (task));
}

void
rz_context_remove_account_async (RzContext           *self,
                                 RzAccount           *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_remove_account_async);
  g_task_set_task_data (task, g_object_ref (account), g_object_unref);

  if (self->database == NULL)
    {
      g_task_return_new_error (task, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO,
                               _("Your data is not open yet. Please try again in a moment."));
      return;
    }

  if (rz_account_get_base_url (account) == NULL || rz_account_get_handle (account) == NULL)
    {
      rz_database_run_async (self->database, remove_account_job, g_object_ref (account), g_object_unref,
                             NULL, cancellable, account_removed_cb, g_steal_pointer (&task));
      return;
    }

  rz_secret_store_delete_async (rz_account_get_channel (account), rz_account_get_base_url (account),
                                rz_account_get_handle (account), cancellable,
                                secret_deleted_cb, g_steal_pointer (&task));
}

gboolean
rz_context_remove_account_finish (RzContext     *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sync host ----------------------------------------------------------- */

static void
host_provider_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  RzProvider *provider;

  provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (object), result, &error);
  if (provider == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, provider, g_object_unref);
}

static void
rz_context_host_get_provider_async (RzSyncHost          *host,
                                    RzAccount           *account,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task = g_task_new (host, cancellable, callback, user_data);

  g_task_set_source_tag (task, rz_context_host_get_provider_async);
  rz_context_get_provider_for_account_async (RZ_CONTEXT (host), account, cancellable,
                                             host_provider_cb, task);
}

static RzProvider *
rz_context_host_get_provider_finish (RzSyncHost    *host,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  gint64     account_id;
  GPtrArray *comments;
  char      *cursor;
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *store = data;

  g_ptr_array_unref (store->comments);
  g_free (store->cursor);
  g_free (store);
}

/* The classifier of the built-in word lists, built once a process on the
 * first fetched batch: it is immutable and may be shared between threads.
 * NULL when the lists cannot be read, which is a broken installation. */
static gpointer
build_default_classifier (gpointer data)
{
  g_autoptr(GError) error = NULL;
  RzClassifier *classifier = rz_classifier_new_default (&error);

  if (classifier == NULL)
    g_warning ("Could not load the word lists: %s", error->message);
  return classifier;
}

static gpointer
store_inbox_job (RzDatabase    *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  static GOnce default_classifier = G_ONCE_INIT;
  StoreData *store = data;
  guint n_new = 0;
  RzClassifier *classifier = g_once (&default_classifier, build_default_classifier, NULL);

  /* Classified here, off the main loop; a sentiment the user corrected
   * survives because rz_database_add_comment() keeps it. */
  for (guint i = 0; classifier != NULL && i < store->comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (store->comments, i);
      g_autoptr(RzClassification) classification = NULL;

      classification = rz_classifier_classify (classifier, rz_comment_get_text (comment), -1);
      rz_comment_set_sentiment (comment, rz_classification_get_sentiment (classification));
    }

  if (!rz_database_store_inbox (db, store->account_id, store->comments, store->cursor, &n_new, error))
    return NULL;
  return g_memdup2 (&n_new, sizeof n_new);
}

static void
store_inbox_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  guint *n_new;
  GError *error = NULL;

  n_new = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (n_new == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, n_new, g_free);
}

static void
rz_context_host_store_inbox_async (RzSyncHost          *host,
                                   RzAccount           *account,
                                   GPtrArray           *comments,
                                   const char          *cursor,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RzContext *self = RZ_CONTEXT (host);
  GTask *task = g_task_new (host, cancellable, callback, user_data);
  StoreData *store;

  g_task_set_source_tag (task, rz_context_host_store_inbox_async);

  store = g_new0 (StoreData, 1);
  store->account_id = rz_account_get_id (account);
  store->comments = g_ptr_array_ref (comments);
  store->cursor = g_strdup (cursor);
  rz_database_run_async (self->database, store_inbox_job, store, store_data_free, g_free,
                         cancellable, store_inbox_cb, task);
}

static gboolean
rz_context_host_store_inbox_finish (RzSyncHost    *host,
                                    GAsyncResult  *result,
                                    guint         *n_new,
                                    GError       **error)
{
  g_autofree guint *value = g_task_propagate_pointer (G_TASK (result), error);

  if (value == NULL)
    return FALSE;
  if (n_new != NULL)
    *n_new = *value;
  return TRUE;
}

static void
rz_context_sync_host_init (RzSyncHostInterface *iface)
{
  iface->get_provider_async = rz_context_host_get_provider_async;
  iface->get_provider_finish = rz_context_host_get_provider_finish;
  iface->store_inbox_async = rz_context_host_store_inbox_async;
  iface->store_inbox_finish = rz_context_host_store_inbox_finish;
}

/* --- sync ---------------------------------------------------------------- */

gboolean
rz_context_get_syncing (RzContext *self)
{
  g_return_val_if_fail (RZ_IS_CONTEXT (self), FALSE);
  return self->sync_waiters->len > 0;
}

static void
finish_waiters (RzContext    *self,
                RzSyncReport *report,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->sync_waiters);

  self->sync_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (report != NULL)
        g_task_return_pointer (task, rz_sync_report_ref (report), (GDestroyNotify) rz_sync_report_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RzContext) self = user_data;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = rz_sync_run_finish (RZ_SYNC (object), result, &error);
  if (report == NULL)
    {
      finish_waiters (self, NULL, error);
      return;
    }

  for (guint i = 0; i < rz_sync_report_get_n_accounts (report); i++)
    {
      const GError *account_error = rz_sync_report_get_error (report, i);

      if (account_error != NULL &&
          rz_sync_status_for_error (account_error) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN)
        mark_needs_sign_in (self, rz_sync_report_get_account (report, i), account_error);
    }

  save_renewed_secrets (self);

  g_debug ("Sync done: %u new comments, %u of %u accounts failed",
           rz_sync_report_get_n_new (report), rz_sync_report_get_n_failed (report),
           rz_sync_report_get_n_accounts (report));
  if (rz_sync_report_get_n_new (report) > 0)
    rz_context_emit_data_changed (self);

  /* The callers first, so a window can tell its own sync from others. */
  finish_waiters (self, report, NULL);
  g_signal_emit (self, signals[SYNC_FINISHED], 0, report);
}

void
rz_context_sync_async (RzContext           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  guint n_accounts;

  g_return_if_fail (RZ_IS_CONTEXT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_sync_async);

  if (self->database == NULL)
    {
      g_task_return_new_error (task, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_IO,
                               _("Your data is not open yet. Please try again in a moment."));
      return;
    }

  /* One sync at a time; later callers get its report too. */
  g_ptr_array_add (self->sync_waiters, g_steal_pointer (&task));
  if (self->sync_waiters->len > 1)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);

  n_accounts = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_accounts; i++)
    g_ptr_array_add (accounts, g_list_model_get_item (G_LIST_MODEL (self->accounts), i));

  rz_sync_run_async (self->sync, RZ_SYNC_HOST (self), accounts, self->cancellable,
                     sync_done_cb, g_object_ref (self));
}

RzSyncReport *
rz_context_sync_finish (RzContext     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
auto_sync_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  /* Problems show through ::sync-finished and the accounts' status. */
  report = rz_context_sync_finish (RZ_CONTEXT (object), result, &error);
  if (report == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not fetch new comments: %s", error->message);
}

static gboolean
auto_sync_timeout (gpointer user_data)
{
  RzContext *self = user_data;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->accounts)) > 0)
    rz_context_sync_async (self, NULL, auto_sync_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
schedule_auto_sync (RzContext *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->auto_sync_id, g_source_remove);
  if (minutes > 0)
    self->auto_sync_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, minutes * 60,
                                                     auto_sync_timeout, self, NULL);
}

void
rz_context_start_auto_sync (RzContext *self)
{
  g_return_if_fail (RZ_IS_CONTEXT (self));

  if (self->auto_sync)
    return;
  self->auto_sync = TRUE;

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::sync-interval",
                            G_CALLBACK (schedule_auto_sync), self);
  schedule_auto_sync (self);
  auto_sync_timeout (self);
}

/* --- resonanz --sync ----------------------------------------------------- */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

int
rz_context_run_headless_sync (const char *database_path,
                              GString    *out,
                              GString    *err)
{
  g_autoptr(RzContext) self = rz_context_new (database_path);
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(RzOutbox) outbox = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint n_posted = 0;
  guint n_failed = 0;

  g_return_val_if_fail (out != NULL && err != NULL, 2);

  rz_context_open_async (self, NULL, store_result_cb, &opened);
  if (!rz_context_open_finish (self, wait_for_result (&opened), &error))
    {
      /* Translators: %s says what is wrong with the data file */
      g_string_append_printf (err, _("Could not open your data: %s"), error->message);
      g_string_append_c (err, '\n');
      return 2;
    }

  rz_context_sync_async (self, NULL, store_result_cb, &synced);
  report = rz_context_sync_finish (self, wait_for_result (&synced), &error);
  if (report == NULL)
    {
      /* Translators: %s says what went wrong */
      g_string_append_printf (err, _("Could not fetch new comments: %s"), error->message);
      g_string_append_c (err, '\n');
      return 2;
    }

  summary = rz_sync_report_dup_summary (report);
  g_string_append_printf (out, "%s\n", summary);

  /* Then send what the outbox holds and is due: posts scheduled for now
   * or earlier, and what a timer run found waiting. */
  outbox = rz_outbox_new (rz_context_get_database (self), NULL);
  rz_outbox_set_provider_func (outbox, rz_context_lookup_outbox_provider, self, NULL);
  rz_outbox_start (outbox);
  rz_outbox_flush_async (outbox, NULL, store_result_cb, &flushed);
  if (!rz_outbox_flush_finish (outbox, wait_for_result (&flushed), &n_posted, &n_failed, &error))
    {
      /* Translators: %s says what went wrong */
      g_string_append_printf (err, _("Could not send scheduled posts: %s"), error->message);
      g_string_append_c (err, '\n');
      return 2;
    }
  if (n_posted > 0 || n_failed > 0)
    {
      /* Translators: the summary of a timer run; the failed count follows */
      g_string_append_printf (out, ngettext ("%u scheduled post sent", "%u scheduled posts sent", n_posted), n_posted);
      g_string_append (out, ", ");
      g_string_append_printf (out, ngettext ("%u failed", "%u failed", n_failed), n_failed);
      g_string_append_c (out, '\n');
    }

  /* Let the keyring writes of renewed sign-ins finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return rz_sync_report_get_n_failed (report) > 0 || n_failed > 0 ? 1 : 0;
}

/* --- moderation ---------------------------------------------------------- */

typedef struct {
  gint64  comment_id;
  char   *remote_id;
} SpamData;

static void
spam_data_free (gpointer data)
{
  SpamData *spam = data;

  g_free (spam->remote_id);
  g_free (spam);
}

static gpointer
log_spam_job (RzDatabase    *db,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 comment_id = *(gint64 *) data;
  gint64 row;

  row = rz_database_log_moderation (db, comment_id, RZ_MODERATION_ACTION_SPAM, error);
  return row > 0 ? g_memdup2 (&row, sizeof row) : NULL;
}

static void
spam_logged_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *row = NULL;

  row = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (row == NULL)
    {
      /* The site has it as spam already: say so, so nothing is lost. */
      g_task_return_new_error (task, error->domain, error->code,
                               /* Translators: %s says what went wrong */
                               _("The comment is now spam on the site, but Resonanz could not log it: %s"),
                               error->message);
      return;
    }

  rz_context_emit_data_changed (g_task_get_source_object (task));
  g_task_return_int (task, *row);
}

static void
spam_marked_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  RzContext *self = g_task_get_source_object (task);
  SpamData *spam = g_task_get_task_data (task);

  if (!rz_wordpress_provider_mark_spam_finish (RZ_WORDPRESS_PROVIDER (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Not cancellable from here on: what the site did must be logged. */
  rz_database_run_async (self->database, log_spam_job,
                         g_memdup2 (&spam->comment_id, sizeof spam->comment_id), g_free, g_free,
                         NULL, spam_logged_cb, g_steal_pointer (&task));
}

static void
spam_provider_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzProvider) provider = NULL;
  SpamData *spam = g_task_get_task_data (task);
  GCancellable *cancellable;

  provider = rz_context_get_provider_for_account_finish (RZ_CONTEXT (source), result, &error);
  if (provider == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Only networks with a spam folder of their own; never a deletion. */
  if (!RZ_IS_WORDPRESS_PROVIDER (provider))
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               _("This network does not let Resonanz mark comments as spam."));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  rz_wordpress_provider_mark_spam_async (RZ_WORDPRESS_PROVIDER (provider), spam->remote_id,
                                         cancellable, spam_marked_cb, g_steal_pointer (&task));
}

/**
 * rz_context_mark_spam_async:
 *
 * Marks @comment as spam on its network, then logs it in the moderation
 * log and sets it to ignored here. When the network refuses, nothing is
 * logged. The caller asks the user first.
 */
void
rz_context_mark_spam_async (RzContext           *self,
                            RzComment           *comment,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RzAccount *account;
  SpamData *spam;

  g_return_if_fail (RZ_IS_CONTEXT (self));
  g_return_if_fail (RZ_IS_COMMENT (comment));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_context_mark_spam_async);

  account = rz_comment_get_is_demo (comment)
            ? NULL : rz_context_lookup_account (self, rz_comment_get_account_id (comment));
  if (self->database == NULL || account == NULL || rz_comment_get_remote_id (comment) == NULL)
    {
      g_task_return_new_error (task, RZ_NET_ERROR, RZ_NET_ERROR_NOT_SUPPORTED,
                               _("This comment's account is not connected, so Resonanz cannot mark it as spam."));
      return;
    }

  spam = g_new0 (SpamData, 1);
  spam->comment_id = rz_comment_get_id (comment);
  spam->remote_id = g_strdup (rz_comment_get_remote_id (comment));
  g_task_set_task_data (task, spam, spam_data_free);

  rz_context_get_provider_for_account_async (self, account, cancellable, spam_provider_cb,
                                             g_steal_pointer (&task));
}

gint64
rz_context_mark_spam_finish (RzContext     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  gssize row;

  g_return_val_if_fail (RZ_IS_CONTEXT (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  row = g_task_propagate_int (G_TASK (result), error);
  /* -1 with an error; a log row's id is never below 1. */
  return row > 0 ? row : 0;
}
