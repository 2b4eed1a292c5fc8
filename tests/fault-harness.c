/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fault-harness.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-net-error.h"
#include "rz-sync.h"

void
fault_lookup_provider (gint64                 account_id,
                       GCancellable          *cancellable,
                       RzOutboxProviderReady  ready,
                       gpointer               ready_data,
                       gpointer               user_data)
{
  ready (RZ_PROVIDER (user_data), NULL, ready_data);
}

void
fault_harness_init (FaultHarness *self,
                    const char   *dir_template)
{
  g_autoptr(GError) error = NULL;

  memset (self, 0, sizeof *self);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  self->log_path = g_build_filename (self->dir, "proxy.log", NULL);
}

void
fault_harness_start_proxy (FaultHarness       *self,
                           const char         *upstream,
                           const char * const *options)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "servers", "fault-proxy.py", NULL);
  g_autofree char *seed = g_strdup_printf ("%u", g_test_rand_int_range (1, 1000000));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  int out_fd = -1;
  char c;

  g_ptr_array_add (argv, (char *) "python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) "--upstream");
  g_ptr_array_add (argv, (char *) upstream);
  g_ptr_array_add (argv, (char *) "--seed");
  g_ptr_array_add (argv, seed);
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) options[i]);
  g_ptr_array_add (argv, (char *) "--log");
  g_ptr_array_add (argv, self->log_path);
  g_ptr_array_add (argv, NULL);

  g_test_message ("fault proxy seed %s", seed);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &self->proxy_pid, NULL, &out_fd, NULL,
                                           &error));
  g_assert_no_error (error);

  /* "PORT <n>": the proxy listens. */
  while (read (out_fd, &c, 1) == 1 && c != '\n')
    g_string_append_c (line, c);
  close (out_fd);
  g_assert_true (g_str_has_prefix (line->str, "PORT "));
  self->proxy_url = g_strdup_printf ("http://127.0.0.1:%s", line->str + 5);
}

void
fault_harness_signal_proxy (FaultHarness *self,
                            int           signum)
{
  g_assert_cmpint (kill (self->proxy_pid, signum), ==, 0);
  /* The signal is handled by the proxy's loop; give it a moment. */
  g_usleep (100 * 1000);
}

void
fault_harness_open (FaultHarness *self,
                    const char   *channel,
                    const char   *handle,
                    guint         retry_delay_ms,
                    guint         timeout_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(RzAccount) account = rz_account_new ();
  g_autofree char *db_path = g_build_filename (self->dir, "resonanz.db", NULL);
  RzHttpClient *client;

  {
    g_autoptr(RzDatabase) db = rz_database_open (db_path, &error);

    g_assert_no_error (error);
    rz_account_set_channel (account, channel);
    rz_account_set_display_name (account, "Café Laden");
    rz_account_set_base_url (account, self->proxy_url);
    rz_account_set_handle (account, handle);
    g_assert_true (rz_database_save_account (db, account, &error));
    g_assert_no_error (error);
  }

  self->context = rz_context_new (db_path);
  client = rz_context_get_http_client (self->context);
  /* The app's retries, faster: stalls must end in a timeout soon. */
  rz_http_client_set_retry_policy (client, 3, retry_delay_ms);
  rz_http_client_set_timeout (client, timeout_s);
  rz_context_open_async (self->context, NULL, rz_test_store_result, &opened);
  g_assert_true (rz_context_open_finish (self->context, rz_test_wait_for (&opened), &error));
  g_assert_no_error (error);
  self->db = rz_context_get_database (self->context);
  self->account = g_object_ref (rz_context_lookup_account (self->context, rz_account_get_id (account)));
}

void
fault_harness_set_provider (FaultHarness *self,
                            RzProvider   *provider)
{
  g_set_object (&self->provider, provider);
  g_object_unref (provider);
  rz_context_set_provider_for_account (self->context, self->account, self->provider);
}

void
fault_harness_add_outbox (FaultHarness *self)
{
  self->outbox = rz_outbox_new (self->db, NULL);
  rz_outbox_set_provider_func (self->outbox, fault_lookup_provider, self->provider, NULL);
}

void
fault_harness_tear_down (FaultHarness *self)
{
  int status = 0;

  if (self->outbox != NULL)
    rz_outbox_stop (self->outbox);
  g_clear_object (&self->outbox);
  g_clear_object (&self->provider);
  g_clear_object (&self->account);
  g_clear_object (&self->context);

  if (self->proxy_pid != 0)
    {
      kill (self->proxy_pid, SIGTERM);
      waitpid (self->proxy_pid, &status, 0);
      g_spawn_close_pid (self->proxy_pid);
    }

  {
    g_autoptr(GDir) dir = g_dir_open (self->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (self->dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (self->dir);
  }
  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->proxy_url);
  g_hash_table_unref (self->messages);
}

void
fault_harness_assert_told (FaultHarness *self,
                           const GError *error)
{
  g_assert_nonnull (error);
  if (error->domain != RZ_NET_ERROR)
    g_error ("Not classified for the user: %s (%s, %d)", error->message,
             g_quark_to_string (error->domain), error->code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  self->n_told++;
  g_hash_table_add (self->messages, g_strdup (error->message));
}

void
fault_harness_sync (FaultHarness *self)
{
  g_autoptr(GAsyncResult) synced = NULL;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const GError *account_error;

  rz_context_sync_async (self->context, NULL, rz_test_store_result, &synced);
  report = rz_context_sync_finish (self->context, rz_test_wait_for (&synced), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rz_sync_report_get_n_accounts (report), ==, 1);
  account_error = rz_sync_report_get_error (report, 0);
  if (account_error != NULL)
    {
      g_autofree char *summary = rz_sync_report_dup_summary (report);

      fault_harness_assert_told (self, account_error);
      /* The summary the user reads names the problem. */
      g_assert_nonnull (strstr (summary, account_error->message));
      self->n_sync_failures++;
    }
}

static gboolean
answer (FaultHarness *self,
        gint64        comment_id,
        const char   *remote_id,
        const char   *reply_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RzPostResult) posted = NULL;
  g_autofree char *key = NULL;
  /* Each answer its own text: the server must hold each exactly once. */
  g_autofree char *text = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", reply_text, comment_id);
  gint64 reply_id = 0;

  g_assert_true (rz_database_prepare_reply (self->db, comment_id, text, &reply_id, &key, &error));
  g_assert_no_error (error);
  rz_provider_reply_async (self->provider, remote_id, text, NULL, key, NULL, rz_test_store_result, &result);
  posted = rz_provider_reply_finish (self->provider, rz_test_wait_for (&result), &error);
  if (posted == NULL)
    {
      g_autoptr(GError) db_error = NULL;

      fault_harness_assert_told (self, error);
      self->n_reply_failures++;
      g_assert_true (rz_database_set_reply_failed (self->db, reply_id, error->message, &db_error));
      g_assert_no_error (db_error);
      return FALSE;
    }
  g_assert_true (rz_database_set_reply_sent (self->db, reply_id, posted->remote_id, posted->url, &error));
  g_assert_no_error (error);
  return TRUE;
}

guint
fault_harness_answer_all (FaultHarness *self,
                          const char   *text_like,
                          const char   *reply_text)
{
  g_autoptr(GPtrArray) remote_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_left = 0;

  {
    g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (self->db));
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (self->db),
                                         "SELECT c.id, c.remote_id FROM comments c"
                                         " WHERE (?1 IS NULL OR c.text LIKE ?1)"
                                         "   AND NOT EXISTS (SELECT 1 FROM replies r"
                                         "     WHERE r.comment_id = c.id AND r.state = 'sent')"
                                         " ORDER BY c.id",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, text_like, -1, SQLITE_STATIC);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);

        g_array_append_val (ids, id);
        g_ptr_array_add (remote_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      }
    sqlite3_finalize (stmt);
  }

  for (guint i = 0; i < ids->len; i++)
    if (!answer (self, g_array_index (ids, gint64, i), remote_ids->pdata[i], reply_text))
      n_left++;
  return n_left;
}

void
fault_harness_queue_post (FaultHarness *self,
                          const char   *channel)
{
  g_autofree char *text = g_strdup_printf (FAULT_POST_TEXT, ++self->n_posts);
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GPtrArray) posts = NULL;
  gint64 account_id = rz_account_get_id (self->account);

  rz_draft_set_core_text (draft, text);
  rz_draft_add_channel (draft, channel);
  g_assert_true (rz_database_save_draft (self->db, draft, &error));
  g_assert_no_error (error);
  posts = rz_database_enqueue_posts (self->db, rz_draft_get_id (draft), &account_id, 1, 0, &error);
  g_assert_no_error (error);
}

guint
fault_harness_send_outbox (FaultHarness *self)
{
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(GError) error = NULL;
  guint n_retried = 0;
  guint n_posted = 0;
  guint n_failed = 0;

  rz_outbox_retry_async (self->outbox, 0, NULL, rz_test_store_result, &retried);
  g_assert_true (rz_outbox_retry_finish (self->outbox, rz_test_wait_for (&retried), &n_retried, &error));
  g_assert_no_error (error);
  rz_outbox_flush_async (self->outbox, NULL, rz_test_store_result, &flushed);
  g_assert_true (rz_outbox_flush_finish (self->outbox, rz_test_wait_for (&flushed), &n_posted, &n_failed, &error));
  g_assert_no_error (error);

  /* A failed entry keeps the reason the user reads in the outbox. */
  self->n_post_failures += n_failed;
  g_assert_cmpint (fault_harness_query_int (self, "SELECT count(*) FROM posts WHERE state = 'failed'"
                                                  " AND (error IS NULL OR length (error) < 10)"), ==, 0);
  self->n_told += n_failed;
  return n_failed;
}

gint64
fault_harness_query_int (FaultHarness *self,
                         const char   *sql)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (self->db));
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (self->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The proxy's log: returns the faults injected; @by_kind (free it) is
 * "kind n, …" sorted by kind. */
static guint
count_faults (FaultHarness  *self,
              guint         *n_requests,
              guint         *n_kinds,
              char         **by_kind)
{
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GList) keys = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_faults = 0;

  *n_requests = 0;
  g_assert_true (g_file_get_contents (self->log_path, &log, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "FAULT "))
        {
          g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);

          n_faults++;
          g_hash_table_replace (kinds, g_strdup (parts[1]),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (kinds, parts[1])) + 1));
        }
      if (lines[i][0] != '\0')
        (*n_requests)++;
    }

  keys = g_list_sort (g_hash_table_get_keys (kinds), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (text, "%s%s %u", text->len > 0 ? ", " : "", (const char *) l->data,
                            GPOINTER_TO_UINT (g_hash_table_lookup (kinds, l->data)));
  *n_kinds = g_hash_table_size (kinds);
  *by_kind = g_strdup (text->str);
  return n_faults;
}

void
fault_harness_report (FaultHarness *self,
                      const char   *label,
                      guint         n_comments,
                      guint         n_replies,
                      gint          n_posts,
                      guint         min_faults,
                      guint         min_kinds)
{
  g_autoptr(GList) messages = g_list_sort (g_hash_table_get_keys (self->messages), (GCompareFunc) g_strcmp0);
  g_autofree char *by_kind = NULL;
  g_autofree char *posts = NULL;
  guint n_requests;
  guint n_kinds;
  guint n_faults = count_faults (self, &n_requests, &n_kinds, &by_kind);

  if (n_posts >= 0)
    posts = g_strdup_printf ("posts: %d (each once); ", n_posts);
  g_test_message ("%s: faults injected: %u of %u requests (%s); failures told to the user: %u "
                  "(sync %u, replies %u, posts %u); comments fetched: %u (each once); "
                  "replies: %u (each once); %snothing lost",
                  label, n_faults, n_requests, by_kind, self->n_told, self->n_sync_failures,
                  self->n_reply_failures, self->n_post_failures, n_comments, n_replies,
                  posts != NULL ? posts : "");
  for (GList *l = messages; l != NULL; l = l->next)
    g_test_message ("told: %s", (const char *) l->data);

  g_assert_cmpuint (n_faults, >=, min_faults);
  g_assert_cmpuint (n_kinds, >=, min_kinds);
}
