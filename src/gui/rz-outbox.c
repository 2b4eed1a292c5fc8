/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-outbox"

#include <glib/gi18n.h>

#include "rz-draft.h"
#include "rz-net-error.h"
#include "rz-outbox.h"

/* A scheduled post that went out this much later than planned was missed
 * (the app was closed or offline): the user hears about it first. */
#define MISSED_AFTER_SECONDS 120
/* Wake up at least this often while something is scheduled, so a clock
 * change or a suspend does not delay a post for long. */
#define MAX_TIMER_SECONDS 600

struct _RzOutbox
{
  GObject               parent_instance;

  RzDatabase           *database;
  GNetworkMonitor      *monitor;
  RzOutboxProviderFunc  provider_func;
  gpointer              provider_data;
  GDestroyNotify        provider_destroy;

  GCancellable         *cancellable;
  guint                 timer_id;
  gboolean              running;
  gboolean              again;
  gboolean              waiting_for_network;

  /* The entries of the current pass, claimed (sending) in the database. */
  GPtrArray            *pass;
  guint                 pass_index;

  guint                 n_posted;
  guint                 n_failed;
  GPtrArray            *flushes;   /* GTask */
};

G_DEFINE_FINAL_TYPE (RzOutbox, rz_outbox, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  POST_CHANGED,
  MISSED_POSTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  guint n_posted;
  guint n_failed;
} FlushData;

static void run_pass      (RzOutbox *self);
static void send_next     (RzOutbox *self);
static void schedule_next (RzOutbox *self);

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_running (RzOutbox *self,
             gboolean  running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
is_online (RzOutbox *self)
{
  return self->monitor == NULL || g_network_monitor_get_network_available (self->monitor);
}

static void
complete_flushes (RzOutbox *self)
{
  g_autoptr(GPtrArray) flushes = g_steal_pointer (&self->flushes);

  self->flushes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < flushes->len; i++)
    {
      GTask *task = flushes->pdata[i];
      FlushData *start = g_task_get_task_data (task);
      FlushData *counts = g_new0 (FlushData, 1);

      counts->n_posted = self->n_posted - start->n_posted;
      counts->n_failed = self->n_failed - start->n_failed;
      g_task_return_pointer (task, counts, g_free);
    }
}

static void
finish_pass (RzOutbox *self)
{
  g_clear_pointer (&self->pass, g_ptr_array_unref);
  self->pass_index = 0;

  if (self->again && !g_cancellable_is_cancelled (self->cancellable))
    {
      self->again = FALSE;
      run_pass (self);
      return;
    }

  set_running (self, FALSE);
  complete_flushes (self);
  schedule_next (self);
}

/* --- Timer and network --------------------------------------------------- */

static gboolean
timer_cb (gpointer user_data)
{
  RzOutbox *self = user_data;

  self->timer_id = 0;
  rz_outbox_run (self);
  return G_SOURCE_REMOVE;
}

static gpointer
next_scheduled_job (RzDatabase    *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  gint64 *when = g_new0 (gint64, 1);

  if (!rz_database_get_next_scheduled_at (db, now_seconds (), when, error))
    {
      g_free (when);
      return NULL;
    }
  return when;
}

static void
next_scheduled_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RzOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *when = NULL;
  gint64 wait;

  when = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (when == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the outbox schedule: %s", error->message);
      return;
    }
  if (*when == 0 || self->running || self->timer_id != 0)
    return;

  wait = CLAMP (*when - now_seconds (), 1, MAX_TIMER_SECONDS);
  self->timer_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) wait,
                                               timer_cb, self, NULL);
}

static void
schedule_next (RzOutbox *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  rz_database_run_async (self->database, next_scheduled_job, NULL, NULL, g_free,
                         self->cancellable, next_scheduled_cb, g_object_ref (self));
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    RzOutbox        *self)
{
  if (available && self->waiting_for_network)
    {
      g_debug ("The network is back: sending what waited for it");
      rz_outbox_run (self);
    }
}

/* --- One pass ------------------------------------------------------------ */

static void
emit_post_changed (RzOutbox    *self,
                   RzDraftPost *post)
{
  g_signal_emit (self, signals[POST_CHANGED], 0, post);
}

static gpointer
claim_job (RzDatabase    *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  return rz_database_claim_due_posts (db, now_seconds (), error);
}

static void
claim_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RzOutbox) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *posts;
  gint64 now = now_seconds ();
  guint n_missed = 0;

  posts = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (posts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the outbox: %s", error->message);
      self->again = FALSE;
      finish_pass (self);
      return;
    }

  self->pass = posts;
  self->pass_index = 0;
  if (posts->len == 0)
    {
      finish_pass (self);
      return;
    }

  for (guint i = 0; i < posts->len; i++)
    {
      RzDraftPost *post = posts->pdata[i];

      if (post->scheduled_at > 0 && post->scheduled_at < now - MISSED_AFTER_SECONDS)
        n_missed++;
      emit_post_changed (self, post);
    }
  /* Before they go out: the user should not be surprised by posts that
   * were meant for earlier. */
  if (n_missed > 0)
    g_signal_emit (self, signals[MISSED_POSTS], 0, n_missed);

  send_next (self);
}

static void
run_pass (RzOutbox *self)
{
  if (!is_online (self))
    {
      g_debug ("Offline: the outbox waits for the network");
      self->waiting_for_network = TRUE;
      self->again = FALSE;
      set_running (self, FALSE);
      complete_flushes (self);
      return;
    }

  self->waiting_for_network = FALSE;
  set_running (self, TRUE);
  rz_database_run_async (self->database, claim_job, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, claim_cb, g_object_ref (self));
}

/* --- One entry ----------------------------------------------------------- */

typedef struct
{
  RzOutbox     *self;
  RzDraftPost  *post;
  RzProvider   *provider;
  GPtrArray    *images;      /* RzDraftImage */
  GPtrArray    *media_ids;   /* char*, NULL-terminated once complete */
  guint         next_image;
} Send;

static void
send_free (Send *send)
{
  g_clear_object (&send->self);
  g_clear_pointer (&send->images, g_ptr_array_unref);
  g_clear_pointer (&send->media_ids, g_ptr_array_unref);
  g_clear_object (&send->provider);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

typedef struct
{
  gint64  post_id;
  char   *remote_id;
  char   *remote_url;
  char   *error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_free (outcome->remote_id);
  g_free (outcome->remote_url);
  g_free (outcome->error);
  g_free (outcome);
}

static gpointer
store_outcome_job (RzDatabase    *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Outcome *outcome = data;
  gboolean ok;

  if (outcome->error == NULL)
    ok = rz_database_set_post_posted (db, outcome->post_id, outcome->remote_id, outcome->remote_url, error);
  else
    ok = rz_database_set_post_failed (db, outcome->post_id, outcome->error, error);
  return ok ? GINT_TO_POINTER (TRUE) : NULL;
}

static void
store_outcome_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Send) send = user_data;
  g_autoptr(GError) error = NULL;
  RzOutbox *self = send->self;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish_pass (self);
          return;
        }
      /* It went out (or not), but the database did not take note: the
       * entry stays "sending" and goes again with its key after a
       * restart, which the network answers with the same post. */
      g_warning ("Could not record the outcome of post %" G_GINT64_FORMAT ": %s",
                 send->post->id, error->message);
    }

  if (send->post->state == RZ_DRAFT_POST_POSTED)
    self->n_posted++;
  else
    self->n_failed++;
  emit_post_changed (self, send->post);

  self->pass_index++;
  send_next (self);
}

static void
finish_send (Send         *send,
             RzPostResult *posted,
             const GError *failure)
{
  RzOutbox *self = send->self;
  Outcome *outcome = g_new0 (Outcome, 1);
  RzDraftPost *post = send->post;

  outcome->post_id = post->id;
  if (failure == NULL)
    {
      post->state = RZ_DRAFT_POST_POSTED;
      post->posted_at = now_seconds ();
      g_free (post->remote_id);
      post->remote_id = g_strdup (posted->remote_id);
      g_free (post->remote_url);
      post->remote_url = g_strdup (posted->url);
      g_clear_pointer (&post->error, g_free);
      outcome->remote_id = g_strdup (posted->remote_id);
      outcome->remote_url = g_strdup (posted->url);
    }
  else
    {
      post->state = RZ_DRAFT_POST_FAILED;
      g_free (post->error);
      post->error = g_strdup (failure->message);
      outcome->error = g_strdup (failure->message);
    }

  /* Not cancellable: once the network answered, the answer is kept. */
  rz_database_run_async (self->database, store_outcome_job, outcome,
                         (GDestroyNotify) outcome_free, NULL, NULL,
                         store_outcome_cb, send);
}

static void
post_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzPostResult) posted = NULL;

  posted = rz_provider_post_finish (RZ_PROVIDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Left "sending": the next start queues it again with its key. */
      RzOutbox *self = g_object_ref (send->self);

      send_free (send);
      finish_pass (self);
      g_object_unref (self);
      return;
    }
  finish_send (send, posted, error);
}

static void upload_next (Send *send);

static void
upload_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(GError) error = NULL;
  char *media_id;

  media_id = rz_provider_upload_media_finish (RZ_PROVIDER (source), result, &error);
  if (media_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          RzOutbox *self = g_object_ref (send->self);

          send_free (send);
          finish_pass (self);
          g_object_unref (self);
          return;
        }
      finish_send (send, NULL, error);
      return;
    }

  g_ptr_array_add (send->media_ids, media_id);
  upload_next (send);
}

static void
upload_next (Send *send)
{
  RzOutbox *self = send->self;

  if (send->images != NULL && send->next_image < send->images->len)
    {
      RzDraftImage *image = send->images->pdata[send->next_image++];

      rz_provider_upload_media_async (send->provider, image->data, image->content_type,
                                      image->alt_text, self->cancellable, upload_cb, send);
      return;
    }

  g_ptr_array_add (send->media_ids, NULL);
  rz_provider_post_async (send->provider, send->post->text,
                          send->media_ids->len > 1 ? (const char * const *) send->media_ids->pdata : NULL,
                          send->post->idempotency_key, self->cancellable, post_cb, send);
}

static gpointer
images_job (RzDatabase    *db,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  gint64 draft_id = *(gint64 *) data;

  return rz_database_dup_draft_images (db, draft_id, error);
}

static void
images_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Send *send = user_data;
  g_autoptr(GError) error = NULL;

  send->images = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (send->images == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          RzOutbox *self = g_object_ref (send->self);

          send_free (send);
          finish_pass (self);
          g_object_unref (self);
          return;
        }
      finish_send (send, NULL, error);
      return;
    }

  upload_next (send);
}

static void
provider_ready_cb (RzProvider   *provider,
                   const GError *error,
                   gpointer      data)
{
  Send *send = data;
  RzOutbox *self = send->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_ref (self);
      send_free (send);
      finish_pass (self);
      g_object_unref (self);
      return;
    }

  if (provider == NULL)
    {
      g_autoptr(GError) signed_out = NULL;

      if (error == NULL)
        signed_out = g_error_new_literal (RZ_NET_ERROR, RZ_NET_ERROR_UNAUTHORIZED,
                                          _("The account is not signed in. Sign in again in Preferences, then try again."));
      finish_send (send, NULL, error != NULL ? error : signed_out);
      return;
    }

  send->provider = g_object_ref (provider);
  if (send->post->draft_id == 0)
    {
      upload_next (send);
      return;
    }

  rz_database_run_async (self->database, images_job,
                         g_memdup2 (&send->post->draft_id, sizeof (gint64)), g_free,
                         (GDestroyNotify) g_ptr_array_unref,
                         self->cancellable, images_cb, send);
}

static void
send_next (RzOutbox *self)
{
  Send *send;

  if (g_cancellable_is_cancelled (self->cancellable) ||
      self->pass == NULL || self->pass_index >= self->pass->len)
    {
      finish_pass (self);
      return;
    }

  send = g_new0 (Send, 1);
  send->self = g_object_ref (self);
  send->post = self->pass->pdata[self->pass_index];
  send->media_ids = g_ptr_array_new_with_free_func (g_free);

  if (self->provider_func == NULL)
    {
      provider_ready_cb (NULL, NULL, send);
      return;
    }
  self->provider_func (send->post->account_id, self->cancellable,
                       provider_ready_cb, send, self->provider_data);
}

/* --- Public -------------------------------------------------------------- */

static void
rz_outbox_dispose (GObject *object)
{
  RzOutbox *self = RZ_OUTBOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (rz_outbox_parent_class)->dispose (object);
}

static void
rz_outbox_finalize (GObject *object)
{
  RzOutbox *self = RZ_OUTBOX (object);

  if (self->provider_destroy != NULL)
    self->provider_destroy (self->provider_data);
  g_clear_pointer (&self->pass, g_ptr_array_unref);
  g_clear_pointer (&self->flushes, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (rz_outbox_parent_class)->finalize (object);
}

static void
rz_outbox_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RzOutbox *self = RZ_OUTBOX (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_outbox_class_init (RzOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rz_outbox_dispose;
  object_class->finalize = rz_outbox_finalize;
  object_class->get_property = rz_outbox_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An entry changed state (sending, posted, failed). */
  signals[POST_CHANGED] =
    g_signal_new ("post-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  RZ_TYPE_DRAFT_POST | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* Entries meant for earlier are about to go out now. */
  signals[MISSED_POSTS] =
    g_signal_new ("missed-posts", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rz_outbox_init (RzOutbox *self)
{
  self->cancellable = g_cancellable_new ();
  self->flushes = g_ptr_array_new_with_free_func (g_object_unref);
}

RzOutbox *
rz_outbox_new (RzDatabase      *database,
               GNetworkMonitor *monitor)
{
  RzOutbox *self;

  g_return_val_if_fail (RZ_IS_DATABASE (database), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  self = g_object_new (RZ_TYPE_OUTBOX, NULL);
  self->database = g_object_ref (database);
  if (monitor != NULL)
    {
      self->monitor = g_object_ref (monitor);
      g_signal_connect (monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
    }
  return self;
}

void
rz_outbox_set_provider_func (RzOutbox             *self,
                             RzOutboxProviderFunc  func,
                             gpointer              user_data,
                             GDestroyNotify        destroy)
{
  g_return_if_fail (RZ_IS_OUTBOX (self));

  if (self->provider_destroy != NULL)
    self->provider_destroy (self->provider_data);
  self->provider_func = func;
  self->provider_data = user_data;
  self->provider_destroy = destroy;
}

gboolean
rz_outbox_get_busy (RzOutbox *self)
{
  g_return_val_if_fail (RZ_IS_OUTBOX (self), FALSE);
  return self->running;
}

void
rz_outbox_run (RzOutbox *self)
{
  g_return_if_fail (RZ_IS_OUTBOX (self));

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  run_pass (self);
}

static gpointer
requeue_job (RzDatabase    *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  guint n = 0;

  if (!rz_database_requeue_interrupted_posts (db, &n, error))
    return NULL;
  if (n > 0)
    g_message ("%u posts were interrupted and are queued again", n);
  return GINT_TO_POINTER (TRUE);
}

static void
requeue_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RzOutbox) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rz_database_run_finish (RZ_DATABASE (source), result, &error) == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not look at the outbox: %s", error->message);
    }

  self->running = FALSE;
  rz_outbox_run (self);
}

void
rz_outbox_start (RzOutbox *self)
{
  g_return_if_fail (RZ_IS_OUTBOX (self));

  /* Counts as running, so a run() meanwhile waits for the requeue. */
  set_running (self, TRUE);
  rz_database_run_async (self->database, requeue_job, NULL, NULL, NULL,
                         self->cancellable, requeue_cb, g_object_ref (self));
}

void
rz_outbox_stop (RzOutbox *self)
{
  g_return_if_fail (RZ_IS_OUTBOX (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

static gpointer
retry_job (RzDatabase    *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  guint n = 0;

  if (!rz_database_retry_failed_posts (db, *(gint64 *) data, &n, error))
    return NULL;
  return GUINT_TO_POINTER (n + 1);
}

static void
retry_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzOutbox *self = g_task_get_source_object (task);
  GError *error = NULL;
  gpointer n;

  n = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (n == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  rz_outbox_run (self);
  g_task_return_int (task, GPOINTER_TO_UINT (n) - 1);
}

void
rz_outbox_retry_async (RzOutbox            *self,
                       gint64               draft_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RZ_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_outbox_retry_async);
  rz_database_run_async (self->database, retry_job,
                         g_memdup2 (&draft_id, sizeof draft_id), g_free, NULL,
                         cancellable, retry_cb, task);
}

gboolean
rz_outbox_retry_finish (RzOutbox      *self,
                        GAsyncResult  *result,
                        guint         *n_posts,
                        GError       **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;
  if (n_posts != NULL)
    *n_posts = n;
  return TRUE;
}

void
rz_outbox_flush_async (RzOutbox            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  FlushData *start;

  g_return_if_fail (RZ_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_outbox_flush_async);
  start = g_new0 (FlushData, 1);
  start->n_posted = self->n_posted;
  start->n_failed = self->n_failed;
  g_task_set_task_data (task, start, g_free);
  g_ptr_array_add (self->flushes, task);

  rz_outbox_run (self);
}

gboolean
rz_outbox_flush_finish (RzOutbox      *self,
                        GAsyncResult  *result,
                        guint         *n_posted,
                        guint         *n_failed,
                        GError       **error)
{
  g_autofree FlushData *counts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  counts = g_task_propagate_pointer (G_TASK (result), error);
  if (counts == NULL)
    return FALSE;
  if (n_posted != NULL)
    *n_posted = counts->n_posted;
  if (n_failed != NULL)
    *n_failed = counts->n_failed;
  return TRUE;
}
