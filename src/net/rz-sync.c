/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-sync"

#include <glib/gi18n.h>

#include "rz-net-error.h"
#include "rz-sync.h"

/* --- host ---------------------------------------------------------------- */

G_DEFINE_INTERFACE (RzSyncHost, rz_sync_host, G_TYPE_OBJECT)

static void
rz_sync_host_default_init (RzSyncHostInterface *iface)
{
}

void
rz_sync_host_get_provider_async (RzSyncHost          *self,
                                 RzAccount           *account,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (RZ_IS_SYNC_HOST (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));

  RZ_SYNC_HOST_GET_IFACE (self)->get_provider_async (self, account, cancellable, callback, user_data);
}

RzProvider *
rz_sync_host_get_provider_finish (RzSyncHost    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (RZ_IS_SYNC_HOST (self), NULL);

  return RZ_SYNC_HOST_GET_IFACE (self)->get_provider_finish (self, result, error);
}

void
rz_sync_host_store_inbox_async (RzSyncHost          *self,
                                RzAccount           *account,
                                GPtrArray           *comments,
                                const char          *cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RZ_IS_SYNC_HOST (self));
  g_return_if_fail (RZ_IS_ACCOUNT (account));
  g_return_if_fail (comments != NULL);

  RZ_SYNC_HOST_GET_IFACE (self)->store_inbox_async (self, account, comments, cursor,
                                                    cancellable, callback, user_data);
}

gboolean
rz_sync_host_store_inbox_finish (RzSyncHost    *self,
                                 GAsyncResult  *result,
                                 guint         *n_new,
                                 GError       **error)
{
  g_return_val_if_fail (RZ_IS_SYNC_HOST (self), FALSE);

  return RZ_SYNC_HOST_GET_IFACE (self)->store_inbox_finish (self, result, n_new, error);
}

/* --- report -------------------------------------------------------------- */

typedef struct {
  RzAccount *account;
  guint      n_new;
  GError    *error;
} Outcome;

struct _RzSyncReport
{
  gatomicrefcount  ref_count;
  GArray          *outcomes;
};

G_DEFINE_BOXED_TYPE (RzSyncReport, rz_sync_report, rz_sync_report_ref, rz_sync_report_unref)

static void
outcome_clear (gpointer data)
{
  Outcome *outcome = data;

  g_clear_object (&outcome->account);
  g_clear_error (&outcome->error);
}

static RzSyncReport *
rz_sync_report_new (void)
{
  RzSyncReport *self = g_new0 (RzSyncReport, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->outcomes = g_array_new (FALSE, TRUE, sizeof (Outcome));
  g_array_set_clear_func (self->outcomes, outcome_clear);
  return self;
}

RzSyncReport *
rz_sync_report_ref (RzSyncReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rz_sync_report_unref (RzSyncReport *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->outcomes);
      g_free (self);
    }
}

static Outcome *
get_outcome (RzSyncReport *self,
             guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->outcomes->len, NULL);

  return &g_array_index (self->outcomes, Outcome, index);
}

guint
rz_sync_report_get_n_accounts (RzSyncReport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->outcomes->len;
}

RzAccount *
rz_sync_report_get_account (RzSyncReport *self,
                            guint         index)
{
  Outcome *outcome = get_outcome (self, index);

  return outcome != NULL ? outcome->account : NULL;
}

guint
rz_sync_report_get_n_new_for (RzSyncReport *self,
                              guint         index)
{
  Outcome *outcome = get_outcome (self, index);

  return outcome != NULL ? outcome->n_new : 0;
}

const GError *
rz_sync_report_get_error (RzSyncReport *self,
                          guint         index)
{
  Outcome *outcome = get_outcome (self, index);

  return outcome != NULL ? outcome->error : NULL;
}

guint
rz_sync_report_get_n_new (RzSyncReport *self)
{
  guint n_new = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->outcomes->len; i++)
    n_new += g_array_index (self->outcomes, Outcome, i).n_new;
  return n_new;
}

guint
rz_sync_report_get_n_failed (RzSyncReport *self)
{
  guint n_failed = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->outcomes->len; i++)
    if (g_array_index (self->outcomes, Outcome, i).error != NULL)
      n_failed++;
  return n_failed;
}

char *
rz_sync_report_dup_summary (RzSyncReport *self)
{
  g_autoptr(GString) summary = NULL;
  g_autoptr(GPtrArray) sign_in = NULL;
  guint n_ok;
  guint n_new;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->outcomes->len == 0)
    return g_strdup (_("No accounts are connected yet."));

  summary = g_string_new (NULL);
  n_new = rz_sync_report_get_n_new (self);
  n_ok = self->outcomes->len - rz_sync_report_get_n_failed (self);

  if (n_ok > 0 && n_new == 0)
    {
      g_string_append_printf (summary,
                              /* Translators: the sync summary when nothing came in */
                              ngettext ("No new comments from %u account.",
                                        "No new comments from %u accounts.", n_ok),
                              n_ok);
    }
  else if (n_ok > 0)
    {
      g_autofree char *comments = NULL;

      /* Translators: the first part of the sync summary, e.g. “3 new comments” */
      comments = g_strdup_printf (ngettext ("%u new comment", "%u new comments", n_new), n_new);
      g_string_append_printf (summary,
                              /* Translators: %s is e.g. “3 new comments”, %u a number of accounts */
                              ngettext ("%s from %u account.", "%s from %u accounts.", n_ok),
                              comments, n_ok);
    }

  sign_in = g_ptr_array_new ();
  for (guint i = 0; i < self->outcomes->len; i++)
    {
      Outcome *outcome = &g_array_index (self->outcomes, Outcome, i);

      if (outcome->error != NULL &&
          rz_sync_status_for_error (outcome->error) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN)
        g_ptr_array_add (sign_in, (gpointer) rz_account_get_title (outcome->account));
    }

  if (sign_in->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (sign_in, NULL);
      /* Translators: the separator between account names in a list */
      names = g_strjoinv (_(", "), (char **) sign_in->pdata);
      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      g_string_append_printf (summary,
                              /* Translators: %u is a number of accounts, %s their names, e.g. “@cafe@social.example” */
                              ngettext ("%u account needs to be signed in again: %s",
                                        "%u accounts need to be signed in again: %s",
                                        sign_in->len - 1),
                              sign_in->len - 1, names);
    }

  for (guint i = 0; i < self->outcomes->len; i++)
    {
      Outcome *outcome = &g_array_index (self->outcomes, Outcome, i);

      if (outcome->error == NULL ||
          rz_sync_status_for_error (outcome->error) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN)
        continue;

      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      g_string_append_printf (summary,
                              /* Translators: %1$s is an account, e.g. “@cafe@social.example”, %2$s what went wrong and what to do */
                              _("%1$s: %2$s"),
                              rz_account_get_title (outcome->account), outcome->error->message);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* --- sync ---------------------------------------------------------------- */

struct _RzSync
{
  GObject       parent_instance;

  RzHttpClient *client;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (RzSync, rz_sync, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Up to MAX_FETCHING accounts are fetched at once on the main loop, so
 * one server's answer does not wait for another's; each fetched batch is
 * handed to the host to store (the app does that on its database thread)
 * while the fetching goes on, so network, JSON and the database work side
 * by side. The report keeps the order of the accounts. */
#define MAX_FETCHING 3

typedef struct {
  RzSyncHost   *host;
  GPtrArray    *accounts;
  RzSyncReport *report;
  Outcome      *outcomes;     /* one for each account, in their order */
  guint         next;         /* the next account to fetch */
  guint         n_done;
  guint         n_fetching;   /* accounts asked for their provider or inbox */
  guint         n_storing;    /* batches handed to the host, not stored yet */
  gboolean      returned;
} Run;

/* One account on its way through the network. */
typedef struct {
  GTask      *task;
  guint       index;
  RzProvider *provider;
} Fetch;

typedef struct {
  GTask *task;
  guint  index;
  char  *new_cursor;
} Store;

static void
run_free (gpointer data)
{
  Run *run = data;

  for (guint i = 0; run->outcomes != NULL && i < run->accounts->len; i++)
    outcome_clear (&run->outcomes[i]);
  g_clear_pointer (&run->outcomes, g_free);
  g_clear_object (&run->host);
  g_clear_pointer (&run->accounts, g_ptr_array_unref);
  g_clear_pointer (&run->report, rz_sync_report_unref);
  g_free (run);
}

static void
store_free (Store *store)
{
  g_clear_object (&store->task);
  g_free (store->new_cursor);
  g_free (store);
}

RzAccountStatus
rz_sync_status_for_error (const GError *error)
{
  if (error == NULL)
    return RZ_ACCOUNT_STATUS_CONNECTED;

  if (error->domain == RZ_NET_ERROR)
    {
      switch ((RzNetError) error->code)
        {
        case RZ_NET_ERROR_UNAUTHORIZED:
        case RZ_NET_ERROR_FORBIDDEN:
          return RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN;
        case RZ_NET_ERROR_RATE_LIMITED:
          return RZ_ACCOUNT_STATUS_RATE_LIMITED;
        case RZ_NET_ERROR_UNREACHABLE:
        case RZ_NET_ERROR_TIMEOUT:
        case RZ_NET_ERROR_SERVER_ERROR:
          return RZ_ACCOUNT_STATUS_UNREACHABLE;
        case RZ_NET_ERROR_FAILED:
        case RZ_NET_ERROR_NOT_FOUND:
        case RZ_NET_ERROR_REJECTED:
        case RZ_NET_ERROR_TLS:
        case RZ_NET_ERROR_INVALID_RESPONSE:
        case RZ_NET_ERROR_INSECURE_URL:
        case RZ_NET_ERROR_INVALID_URL:
        case RZ_NET_ERROR_NO_KEYRING:
        case RZ_NET_ERROR_KEYRING_LOCKED:
        case RZ_NET_ERROR_ACCESS_DENIED:
        case RZ_NET_ERROR_NOT_SUPPORTED:
        default:
          break;
        }
    }

  return RZ_ACCOUNT_STATUS_FAILED;
}

static void start_fetching (GTask *task);

static void
emit_progress (RzSync *self,
               Run    *run)
{
  g_signal_emit (self, signals[PROGRESS], 0, run->n_done, run->accounts->len);
}

/* Returns the report once every account is fetched and stored. */
static void
maybe_return_report (GTask *task)
{
  RzSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->returned || run->next < run->accounts->len || run->n_fetching > 0 || run->n_storing > 0)
    return;

  /* The outcomes move into the report, in the order of the accounts. */
  g_array_append_vals (run->report->outcomes, run->outcomes, run->accounts->len);
  g_clear_pointer (&run->outcomes, g_free);

  run->returned = TRUE;
  self->running = FALSE;
  g_task_return_pointer (task, rz_sync_report_ref (run->report),
                         (GDestroyNotify) rz_sync_report_unref);
}

/* Records how the account at @index fared; takes @error. */
static void
finish_account (GTask  *task,
                guint   index,
                guint   n_new,
                GError *error)
{
  RzSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  RzAccount *account = g_ptr_array_index (run->accounts, index);
  Outcome *outcome;

  if (run->returned)
    {
      g_clear_error (&error);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run->returned = TRUE;
      g_task_return_error (task, error);
      return;
    }

  if (error == NULL)
    {
      rz_account_set_status (account, RZ_ACCOUNT_STATUS_CONNECTED, 0, NULL);
    }
  else
    {
      RzAccountStatus status = rz_sync_status_for_error (error);
      gint64 wait_until = 0;

      /* Until when the server asked us to wait, if it said so. */
      if (status == RZ_ACCOUNT_STATUS_RATE_LIMITED && rz_account_get_base_url (account) != NULL)
        wait_until = rz_http_client_get_wait_until (self->client, rz_account_get_base_url (account));

      g_debug ("Fetching the inbox of account %" G_GINT64_FORMAT " failed: %s",
               rz_account_get_id (account), error->message);
      rz_account_set_status (account, status, wait_until, error->message);
    }

  outcome = &run->outcomes[index];
  outcome->account = g_object_ref (account);
  outcome->n_new = n_new;
  outcome->error = error;

  run->n_done++;
  emit_progress (self, run);
  maybe_return_report (task);
}

static void
store_inbox_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Store *store = user_data;
  GTask *task = store->task;
  Run *run = g_task_get_task_data (task);
  RzAccount *account = g_ptr_array_index (run->accounts, store->index);
  GError *error = NULL;
  guint n_new = 0;

  run->n_storing--;
  if (!rz_sync_host_store_inbox_finish (RZ_SYNC_HOST (object), result, &n_new, &error))
    {
      finish_account (task, store->index, 0, error);
      store_free (store);
      return;
    }

  /* Stored: from now on the next fetch starts here. */
  if (store->new_cursor != NULL)
    rz_account_set_cursor (account, store->new_cursor);
  rz_account_set_state (account, RZ_ACCOUNT_STATE_CONNECTED);
  rz_account_set_synced_at (account, g_get_real_time () / G_USEC_PER_SEC);
  finish_account (task, store->index, n_new, NULL);
  store_free (store);
}

/* The account of @fetch is done with the network: the next one may go. */
static void
fetch_done (Fetch *fetch)
{
  g_autoptr(GTask) task = fetch->task;
  Run *run = g_task_get_task_data (task);

  g_clear_object (&fetch->provider);
  g_free (fetch);
  run->n_fetching--;
  if (!run->returned)
    start_fetching (task);
}

static void
fetch_inbox_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fetch *fetch = user_data;
  GTask *task = fetch->task;
  Run *run = g_task_get_task_data (task);
  RzAccount *account = g_ptr_array_index (run->accounts, fetch->index);
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *new_cursor = NULL;
  GError *error = NULL;
  Store *store;

  comments = rz_provider_fetch_inbox_finish (RZ_PROVIDER (object), result, &new_cursor, &error);
  if (run->returned)
    {
      /* Cancelled while this account was being fetched. */
      g_clear_error (&error);
      fetch_done (fetch);
      return;
    }
  if (comments == NULL)
    {
      finish_account (task, fetch->index, 0, error);
      fetch_done (fetch);
      return;
    }

  g_debug ("Fetched %u comments for account %" G_GINT64_FORMAT,
           comments->len, rz_account_get_id (account));

  store = g_new0 (Store, 1);
  store->task = g_object_ref (task);
  store->index = fetch->index;
  store->new_cursor = g_steal_pointer (&new_cursor);
  run->n_storing++;
  rz_sync_host_store_inbox_async (run->host, account, comments, store->new_cursor,
                                  g_task_get_cancellable (task), store_inbox_cb, store);
  fetch_done (fetch);
}

static void
get_provider_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetch *fetch = user_data;
  GTask *task = fetch->task;
  Run *run = g_task_get_task_data (task);
  RzAccount *account = g_ptr_array_index (run->accounts, fetch->index);
  GError *error = NULL;

  fetch->provider = rz_sync_host_get_provider_finish (RZ_SYNC_HOST (object), result, &error);
  if (run->returned)
    {
      g_clear_error (&error);
      fetch_done (fetch);
      return;
    }
  if (fetch->provider == NULL)
    {
      finish_account (task, fetch->index, 0, error);
      fetch_done (fetch);
      return;
    }

  rz_provider_fetch_inbox_async (fetch->provider, rz_account_get_cursor (account),
                                 g_task_get_cancellable (task), fetch_inbox_cb, fetch);
}

/* Starts on the next accounts while fewer than MAX_FETCHING are on their
 * way; returns the report when all are done. */
static void
start_fetching (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (!run->returned && run->n_fetching < MAX_FETCHING && run->next < run->accounts->len)
    {
      guint index = run->next++;
      RzAccount *account = g_ptr_array_index (run->accounts, index);
      Fetch *fetch;

      /* Asking again with a sign-in the network refused only adds to the
       * failed attempts it counts; the user has to sign in again first. */
      if (rz_account_get_status (account) == RZ_ACCOUNT_STATUS_NEEDS_SIGN_IN)
        {
          finish_account (task, index, 0,
                          rz_net_error_new_for_status (SOUP_STATUS_UNAUTHORIZED,
                                                       rz_account_get_network_name (account), NULL));
          continue;
        }

      fetch = g_new0 (Fetch, 1);
      fetch->task = g_object_ref (task);
      fetch->index = index;
      run->n_fetching++;
      rz_sync_host_get_provider_async (run->host, account, g_task_get_cancellable (task),
                                       get_provider_cb, fetch);
    }

  maybe_return_report (task);
}

static void
task_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   RzSync     *self)
{
  self->running = FALSE;
}

void
rz_sync_run_async (RzSync              *self,
                   RzSyncHost          *host,
                   GPtrArray           *accounts,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (RZ_IS_SYNC (self));
  g_return_if_fail (RZ_IS_SYNC_HOST (host));
  g_return_if_fail (accounts != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_sync_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("New comments are being fetched already."));
      return;
    }

  run = g_new0 (Run, 1);
  run->host = g_object_ref (host);
  run->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (run->accounts, g_object_ref (g_ptr_array_index (accounts, i)));
  run->report = rz_sync_report_new ();
  run->outcomes = g_new0 (Outcome, run->accounts->len);
  g_task_set_task_data (task, run, run_free);

  self->running = TRUE;
  /* Also when the run ends early, e.g. cancelled. */
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (task_completed_cb), self, 0);

  emit_progress (self, run);
  start_fetching (task);
}

RzSyncReport *
rz_sync_run_finish (RzSync        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (RZ_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
rz_sync_get_running (RzSync *self)
{
  g_return_val_if_fail (RZ_IS_SYNC (self), FALSE);
  return self->running;
}

static void
rz_sync_finalize (GObject *object)
{
  RzSync *self = RZ_SYNC (object);

  g_clear_object (&self->client);

  G_OBJECT_CLASS (rz_sync_parent_class)->finalize (object);
}

static void
rz_sync_class_init (RzSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rz_sync_finalize;

  /**
   * RzSync::progress:
   * @n_done: accounts done
   * @n_total: accounts in this sync
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
rz_sync_init (RzSync *self)
{
}

RzSync *
rz_sync_new (RzHttpClient *client)
{
  RzSync *self;

  g_return_val_if_fail (RZ_IS_HTTP_CLIENT (client), NULL);

  self = g_object_new (RZ_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  return self;
}
