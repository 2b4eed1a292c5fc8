/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fault-harness.h"
#include "mastodon-contract-server.h"
#include "rz-account.h"
#include "rz-context.h"
#include "rz-database-private.h"
#include "rz-draft.h"
#include "rz-draft-post.h"
#include "rz-mastodon-provider.h"
#include "rz-outbox.h"

/* Crash safety: a worker (this program with --worker) does what a user's
 * Resonanz does at once: edits drafts as autosave writes them, queues posts
 * and lets the outbox send them, answers comments, and syncs, with the real
 * storage, outbox, sync and Mastodon provider against a contract server that
 * lives in the parent. The parent SIGKILLs the worker after a random delay,
 * over and over, and checks the database after every kill. At the end one
 * worker runs undisturbed to finish what was pending; then every draft
 * save the worker reported as done must be there, and every post, reply
 * and comment must exist exactly once, in the database and on the server.
 *
 * The worker reports each finished step with one write() of one line to an
 * append-only file, after the step returned: a line there means "the user
 * saw this succeed". */

#define N_DRAFT_SLOTS 4
#define DEFAULT_KILLS 120

/* --- The worker ---------------------------------------------------------- */

typedef struct {
  RzContext    *context;
  RzDatabase   *db;
  RzAccount    *account;
  RzProvider   *provider;
  RzOutbox     *outbox;
  GRand        *rand;
  int           ack_fd;
  guint         serial;
  gboolean      replying;
  gboolean      finishing;
  guint         pending;      /* asynchronous steps still running (finish mode) */
  GMainLoop    *loop;
} Worker;

static void
ack (Worker     *worker,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
ack (Worker     *worker,
     const char *format,
     ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gssize len;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  len = strlen (line);
  if (write (worker->ack_fd, line, len) != len)
    g_error ("Could not write the acknowledgement: %s", g_strerror (errno));
}

/* A draft slot's text is "Entwurf <slot>, Fassung <revision>". */
static gint64
find_slot (Worker *worker,
           guint   slot,
           guint  *revision)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (worker->db));
  g_autofree char *pattern = g_strdup_printf ("Entwurf %u, Fassung %%", slot);
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  *revision = 0;
  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (worker->db),
                                       "SELECT id, core_text FROM drafts WHERE core_text LIKE ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      guint s;

      id = sqlite3_column_int64 (stmt, 0);
      g_assert_cmpint (sscanf ((const char *) sqlite3_column_text (stmt, 1),
                               "Entwurf %u, Fassung %u", &s, revision), ==, 2);
    }
  sqlite3_finalize (stmt);
  return id;
}

static void
edit_draft (Worker *worker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = NULL;
  g_autofree char *text = NULL;
  guint slot = g_rand_int_range (worker->rand, 0, N_DRAFT_SLOTS);
  guint revision;
  gint64 id = find_slot (worker, slot, &revision);

  if (id != 0)
    {
      draft = rz_database_load_draft (worker->db, id, &error);
      g_assert_no_error (error);
    }
  else
    {
      draft = rz_draft_new ();
      rz_draft_add_channel (draft, "mastodon");
    }

  /* What autosave writes while the user types: the whole draft again. */
  text = g_strdup_printf ("Entwurf %u, Fassung %u", slot, revision + 1);
  rz_draft_set_core_text (draft, text);
  g_assert_true (rz_database_save_draft (worker->db, draft, &error));
  g_assert_no_error (error);
  ack (worker, "D %u %u\n", slot, revision + 1);
}

static void
queue_post (Worker *worker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDraft) draft = rz_draft_new ();
  g_autoptr(GPtrArray) posts = NULL;
  g_autofree char *text = NULL;
  gint64 account_id = rz_account_get_id (worker->account);

  text = g_strdup_printf ("Beitrag %d-%u", (int) getpid (), ++worker->serial);
  rz_draft_set_core_text (draft, text);
  rz_draft_add_channel (draft, "mastodon");
  g_assert_true (rz_database_save_draft (worker->db, draft, &error));
  g_assert_no_error (error);
  posts = rz_database_enqueue_posts (worker->db, rz_draft_get_id (draft), &account_id, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 1);
  ack (worker, "Q %s\n", text);
  rz_outbox_run (worker->outbox);
}

typedef struct {
  Worker *worker;
  gint64  reply_id;
  gint64  comment_id;
} ReplySend;

static void
reply_sent (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree ReplySend *send = user_data;
  Worker *worker = send->worker;
  g_autoptr(RzPostResult) posted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) db_error = NULL;

  posted = rz_provider_reply_finish (RZ_PROVIDER (object), result, &error);
  if (posted != NULL)
    {
      g_assert_true (rz_database_set_reply_sent (worker->db, send->reply_id, posted->remote_id,
                                                 posted->url, &db_error));
      ack (worker, "A %" G_GINT64_FORMAT "\n", send->comment_id);
    }
  else
    {
      g_assert_true (rz_database_set_reply_failed (worker->db, send->reply_id, error->message, &db_error));
    }
  g_assert_no_error (db_error);
  worker->replying = FALSE;
  worker->pending--;
}

/* Stores the reply with its key first, as the reply pane does, then sends. */
static void
send_reply (Worker     *worker,
            gint64      comment_id,
            const char *parent_remote_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = g_strdup_printf ("Danke für Ihre Nachricht %s!", parent_remote_id);
  ReplySend *send = g_new0 (ReplySend, 1);

  send->worker = worker;
  send->comment_id = comment_id;
  g_assert_true (rz_database_prepare_reply (worker->db, comment_id, text, &send->reply_id, &key, &error));
  g_assert_no_error (error);
  ack (worker, "R %" G_GINT64_FORMAT "\n", comment_id);

  worker->replying = TRUE;
  worker->pending++;
  rz_provider_reply_async (worker->provider, parent_remote_id, text, NULL, key, NULL,
                           reply_sent, send);
}

/* An unsent reply left by an earlier worker first, else an open comment
 * without any reply. */
static gboolean
next_comment_to_answer (Worker  *worker,
                        gint64  *comment_id,
                        char   **remote_id)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (rz_database_get_lock (worker->db));
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_prepare_v2 (rz_database_get_handle (worker->db),
                                       "SELECT c.id, c.remote_id FROM comments c"
                                       " LEFT JOIN replies r ON r.comment_id = c.id"
                                       " WHERE r.id IS NULL OR r.state != 'sent'"
                                       " ORDER BY r.id IS NULL, c.id LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *comment_id = sqlite3_column_int64 (stmt, 0);
      *remote_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      found = TRUE;
    }
  sqlite3_finalize (stmt);
  return found;
}

static void
answer_comment (Worker *worker)
{
  g_autofree char *remote_id = NULL;
  gint64 comment_id;

  if (!worker->replying && next_comment_to_answer (worker, &comment_id, &remote_id))
    send_reply (worker, comment_id, remote_id);
}

static void
synced (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Worker *worker = user_data;
  g_autoptr(RzSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = rz_context_sync_finish (RZ_CONTEXT (object), result, &error);
  g_assert_no_error (error);
  ack (worker, "S %u %u\n", rz_sync_report_get_n_new (report), rz_sync_report_get_n_failed (report));
  worker->pending--;
}

static void
start_sync (Worker *worker)
{
  if (rz_context_get_syncing (worker->context))
    return;
  worker->pending++;
  rz_context_sync_async (worker->context, NULL, synced, worker);
}

static gboolean
step (gpointer user_data)
{
  Worker *worker = user_data;
  guint what = g_rand_int_range (worker->rand, 0, 10);

  if (what < 5)
    edit_draft (worker);
  else if (what < 7)
    queue_post (worker);
  else if (what < 9)
    answer_comment (worker);
  else
    start_sync (worker);

  return G_SOURCE_CONTINUE;
}

static void
flushed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Worker *worker = user_data;
  g_autoptr(GError) error = NULL;
  guint n_posted = 0;
  guint n_failed = 0;

  g_assert_true (rz_outbox_flush_finish (RZ_OUTBOX (object), result, &n_posted, &n_failed, &error));
  g_assert_no_error (error);
  ack (worker, "F %u %u\n", n_posted, n_failed);
  worker->pending--;
}

/* Finish mode: send what is pending, answer every comment, sync once. */
static void
finish (Worker *worker)
{
  worker->pending++;
  rz_outbox_flush_async (worker->outbox, NULL, flushed, worker);
  start_sync (worker);
  while (worker->pending > 0)
    g_main_context_iteration (NULL, TRUE);

  for (;;)
    {
      g_autofree char *remote_id = NULL;
      gint64 comment_id;

      if (!next_comment_to_answer (worker, &comment_id, &remote_id))
        break;
      send_reply (worker, comment_id, remote_id);
      while (worker->replying)
        g_main_context_iteration (NULL, TRUE);
    }
}

static int
worker_main (const char *db_path,
             const char *url,
             const char *token,
             const char *ack_path,
             guint32     seed,
             gboolean    finishing)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzMastodonProvider) provider = NULL;
  Worker worker = { 0 };
  GListModel *accounts;

  worker.finishing = finishing;
  worker.rand = g_rand_new_with_seed (seed);
  worker.ack_fd = open (ack_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (worker.ack_fd, >=, 0);

  worker.context = rz_context_new (db_path);
  rz_http_client_set_retry_policy (rz_context_get_http_client (worker.context), 1, 10);
  rz_http_client_set_timeout (rz_context_get_http_client (worker.context), 5);
  rz_context_open_async (worker.context, NULL, rz_test_store_result, &opened);
  g_assert_true (rz_context_open_finish (worker.context, rz_test_wait_for (&opened), &error));
  g_assert_no_error (error);
  worker.db = rz_context_get_database (worker.context);

  accounts = rz_context_get_accounts (worker.context);
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1);
  worker.account = g_list_model_get_item (accounts, 0);

  provider = rz_mastodon_provider_new (rz_context_get_http_client (worker.context), url);
  rz_mastodon_provider_set_credentials (provider, token, NULL, NULL);
  worker.provider = RZ_PROVIDER (provider);
  rz_context_set_provider_for_account (worker.context, worker.account, worker.provider);

  worker.outbox = rz_outbox_new (worker.db, NULL);
  rz_outbox_set_provider_func (worker.outbox, fault_lookup_provider, worker.provider, NULL);
  rz_outbox_start (worker.outbox);
  ack (&worker, "U %d\n", (int) getpid ());

  if (finishing)
    {
      finish (&worker);
      ack (&worker, "E\n");
    }
  else
    {
      /* Until the parent kills us. */
      worker.loop = g_main_loop_new (NULL, FALSE);
      /* The app syncs on start, too. */
      start_sync (&worker);
      g_timeout_add (g_rand_int_range (worker.rand, 2, 15), step, &worker);
      g_main_loop_run (worker.loop);
    }

  rz_outbox_stop (worker.outbox);
  g_clear_object (&worker.outbox);
  g_clear_object (&worker.account);
  g_clear_object (&worker.context);
  g_clear_pointer (&worker.loop, g_main_loop_unref);
  g_rand_free (worker.rand);
  close (worker.ack_fd);
  return 0;
}

/* --- The parent ---------------------------------------------------------- */

typedef struct {
  MastodonContractServer *server;
  char                   *dir;
  char                   *db_path;
  char                   *ack_path;
  char                   *token;
  char                   *own_status;
  const char             *self_exe;
  guint                   n_mentions;
} Fixture;

static const char *self_exe;

static void
add_mentions (Fixture *fixture,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *html = g_strdup_printf ("<p>@laden Frage %u: habt ihr morgen offen?</p>",
                                               ++fixture->n_mentions);

      g_free (mastodon_contract_server_add_status (fixture->server, "anna@remote.example", "Anna",
                                                   html, fixture->own_status, "public"));
    }
}

static GPid
spawn_worker (Fixture *fixture,
              guint32  seed,
              gboolean finishing)
{
  g_autofree char *seed_arg = g_strdup_printf ("%u", seed);
  const char *argv[] = {
    fixture->self_exe, finishing ? "--finish" : "--worker", fixture->db_path,
    mastodon_contract_server_get_url (fixture->server), fixture->token,
    fixture->ack_path, seed_arg, NULL
  };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static int
wait_child (GPid pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  return status;
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* What the next start of Resonanz would find: a connection replays the
 * WAL, then the whole file must check out. */
static void
assert_integrity (const char *path)
{
  sqlite3 *db = open_raw (path);
  g_autofree char *result = query_text (db, "PRAGMA integrity_check");
  g_autofree char *fk = query_text (db, "PRAGMA foreign_key_check");

  g_assert_cmpstr (result, ==, "ok");
  g_assert_null (fk);
  sqlite3_close (db);
}

typedef struct {
  guint       draft_revision[N_DRAFT_SLOTS];
  GHashTable *queued;         /* post text → TRUE */
  GHashTable *answered;       /* comment id (string) → TRUE, reply confirmed */
  guint       n_saves;
  guint       n_syncs;
} Acks;

static void
read_acks (const char *path,
           Acks       *acks)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  /* The whole file each time: the counts start again. */
  acks->n_saves = 0;
  acks->n_syncs = 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      guint slot, revision;

      if (sscanf (line, "D %u %u", &slot, &revision) == 2)
        {
          g_assert_cmpuint (slot, <, N_DRAFT_SLOTS);
          acks->draft_revision[slot] = MAX (acks->draft_revision[slot], revision);
          acks->n_saves++;
        }
      else if (g_str_has_prefix (line, "Q "))
        g_hash_table_add (acks->queued, g_strdup (line + 2));
      else if (g_str_has_prefix (line, "A "))
        g_hash_table_add (acks->answered, g_strdup (line + 2));
      else if (g_str_has_prefix (line, "S "))
        acks->n_syncs++;
    }
}

static void
check_drafts (sqlite3 *db,
              Acks    *acks)
{
  /* Every save the worker saw complete is there: the stored revision of
   * each slot is at least the last acknowledged one. */
  for (guint slot = 0; slot < N_DRAFT_SLOTS; slot++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT core_text FROM drafts"
                                              " WHERE core_text LIKE 'Entwurf %u, Fassung %%'", slot);
      g_autofree char *text = query_text (db, sql);
      guint s = 0, revision = 0;

      if (acks->draft_revision[slot] == 0)
        continue;
      g_assert_nonnull (text);
      g_assert_cmpint (sscanf (text, "Entwurf %u, Fassung %u", &s, &revision), ==, 2);
      g_assert_cmpuint (revision, >=, acks->draft_revision[slot]);
      /* At most one save can have committed after its last ack. */
      g_assert_cmpuint (revision, <=, acks->draft_revision[slot] + 1);
    }
}

static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  const char *env_kills = g_getenv ("RZ_KILL_ROUNDS");
  guint n_kills = env_kills != NULL ? (guint) atoi (env_kills) : DEFAULT_KILLS;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GHashTable) server_posts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) server_replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Acks acks = { 0 };
  guint n_killed_running = 0;
  guint n_mid_send = 0;
  guint n_server_posts = 0;
  guint n_server_replies = 0;
  gint64 started = g_get_monotonic_time ();
  sqlite3 *db;
  GPid pid;
  int status;

  acks.queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  acks.answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint round = 0; round < n_kills; round++)
    {
      guint delay_ms = g_rand_int_range (rand, 20, 450);

      add_mentions (fixture, g_rand_int_range (rand, 0, 3));
      /* Now and then the server takes a post but answers late, so that
       * kills land between "the network has it" and "the database knows". */
      if (round % 4 == 0)
        mastodon_contract_server_inject_fault (fixture->server, "POST", "/api/v1/statuses",
                                               CONTRACT_FAULT_SLOW, 2, g_rand_int_range (rand, 50, 300));

      pid = spawn_worker (fixture, g_rand_int (rand), FALSE);
      g_usleep (delay_ms * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      status = wait_child (pid);
      /* It must have died by our hand, not ended or crashed on its own. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      n_killed_running++;
      g_spawn_close_pid (pid);

      assert_integrity (fixture->db_path);
      read_acks (fixture->ack_path, &acks);
      db = open_raw (fixture->db_path);
      check_drafts (db, &acks);
      /* Killed while a post or reply was on its way. */
      if (query_int (db, "SELECT (SELECT count(*) FROM posts WHERE state = 'sending')"
                         " + (SELECT count(*) FROM replies WHERE state = 'sending')") > 0)
        n_mid_send++;
      sqlite3_close (db);
    }

  /* One undisturbed run sends what is pending and answers the rest. */
  add_mentions (fixture, 2);
  pid = spawn_worker (fixture, 1, TRUE);
  status = wait_child (pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  assert_integrity (fixture->db_path);
  read_acks (fixture->ack_path, &acks);
  db = open_raw (fixture->db_path);
  check_drafts (db, &acks);

  /* Posts: each queued entry posted, exactly once on the server. */
  for (guint i = 0; i < mastodon_contract_server_count_posted (fixture->server); i++)
    {
      g_autofree char *json = mastodon_contract_server_dup_posted (fixture->server, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *status_object;
      const char *text;
      GHashTable *table;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      status_object = json_node_get_object (json_parser_get_root (parser));
      text = json_object_get_string_member (status_object, "status");
      if (json_object_get_null_member (status_object, "in_reply_to_id"))
        {
          table = server_posts;
          n_server_posts++;
        }
      else
        {
          table = server_replies;
          n_server_replies++;
        }
      /* The same text twice means the same post went out twice. */
      if (g_hash_table_contains (table, text))
        g_error ("Posted twice: %s", text);
      g_hash_table_add (table, g_strdup (text));
    }

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM posts WHERE state != 'posted'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM posts"), ==, n_server_posts);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, acks.queued);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (server_posts, key))
        g_error ("Queued but never posted: %s", (const char *) key);
  }

  /* Comments: every mention fetched once; replies: each comment answered
   * exactly once, on the server and in the database. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM comments"), ==, fixture->n_mentions);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT remote_id) FROM comments"), ==, fixture->n_mentions);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM replies WHERE state = 'sent'"), ==, fixture->n_mentions);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM replies"), ==, fixture->n_mentions);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM comments WHERE state != 1"), ==, 0);
  g_assert_cmpuint (n_server_replies, ==, fixture->n_mentions);
  sqlite3_close (db);

  g_test_message ("kills survived: %u (%u while a post or reply was sending); "
                  "draft saves acknowledged: %u; posts queued: %u, posted: %u "
                  "(each once); comments fetched: %u (each once); replies sent: %u (each once); "
                  "syncs finished: %u; integrity checks: %u ok; %.1f s",
                  n_killed_running, n_mid_send, acks.n_saves, g_hash_table_size (acks.queued), n_server_posts,
                  fixture->n_mentions, n_server_replies, acks.n_syncs, n_killed_running + 1,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (n_killed_running, >=, n_kills);
  g_assert_cmpuint (n_server_posts, >, 0);

  g_hash_table_unref (acks.queued);
  g_hash_table_unref (acks.answered);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzAccount) account = rz_account_new ();

  fixture->self_exe = self_exe;
  fixture->server = mastodon_contract_server_new ();
  fixture->token = mastodon_contract_server_create_token (fixture->server, "read write");
  fixture->own_status = mastodon_contract_server_add_own_status (fixture->server, "Frische Brezeln ab 7 Uhr!", "public");
  fixture->dir = g_dir_make_tmp ("rz-kill-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "resonanz.db", NULL);
  fixture->ack_path = g_build_filename (fixture->dir, "acks", NULL);

  db = rz_database_open (fixture->db_path, &error);
  g_assert_no_error (error);
  rz_account_set_channel (account, "mastodon");
  rz_account_set_display_name (account, "Café Laden");
  rz_account_set_base_url (account, mastodon_contract_server_get_url (fixture->server));
  rz_account_set_handle (account, "@laden@127.0.0.1");
  g_assert_true (rz_database_save_account (db, account, &error));
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  mastodon_contract_server_free (fixture->server);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->ack_path);
  g_free (fixture->token);
  g_free (fixture->own_status);
}

/* --- resonanz --sync, killed ------------------------------------------- */

/* The real program with the token from the keyring: needs
 * tests/run-with-keyring.sh, so it is registered only there. */
static void
test_headless_sync (void)
{
  const char *env_rounds = g_getenv ("RZ_KILL_HEADLESS_ROUNDS");
  guint n_rounds = env_rounds != NULL ? (guint) atoi (env_rounds) : 40;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *exe = g_build_filename (g_getenv ("RZ_BUILD_ROOT"), "src", "resonanz", NULL);
  g_autofree char *token = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fixture = { 0 };
  guint n_killed = 0;
  guint n_finished = 0;
  sqlite3 *db;
  int status;

  fixture.server = mastodon_contract_server_new ();
  fixture.own_status = mastodon_contract_server_add_own_status (fixture.server, "Frische Brezeln ab 7 Uhr!", "public");
  dir = g_dir_make_tmp ("rz-kill-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "resonanz.db", NULL);
  envp = g_environ_setenv (g_get_environ (), "RESONANZ_DATABASE", path, TRUE);

  /* Signed in the way the app does it: the secret into the keyring. */
  {
    g_autoptr(RzContext) context = rz_context_new (path);
    g_autoptr(GAsyncResult) opened = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GAsyncResult) added = NULL;
    g_autoptr(RzMastodonProvider) provider = NULL;
    g_autoptr(RzRemoteAccount) remote = NULL;
    g_autoptr(RzAccount) account = NULL;

    rz_context_open_async (context, NULL, rz_test_store_result, &opened);
    g_assert_true (rz_context_open_finish (context, rz_test_wait_for (&opened), &error));
    g_assert_no_error (error);
    token = mastodon_contract_server_create_token (fixture.server, "read write");
    provider = rz_mastodon_provider_new (rz_context_get_http_client (context),
                                         mastodon_contract_server_get_url (fixture.server));
    rz_mastodon_provider_set_credentials (provider, token, "client-id", "client-secret");
    rz_provider_who_am_i_async (RZ_PROVIDER (provider), NULL, rz_test_store_result, &result);
    remote = rz_provider_who_am_i_finish (RZ_PROVIDER (provider), rz_test_wait_for (&result), &error);
    g_assert_no_error (error);
    rz_context_add_account_async (context, RZ_PROVIDER (provider),
                                  mastodon_contract_server_get_url (fixture.server),
                                  remote, NULL, rz_test_store_result, &added);
    account = rz_context_add_account_finish (context, rz_test_wait_for (&added), &error);
    g_assert_no_error (error);
  }

  /* A first sync sets the cursor (without one only the newest page is
   * read, by design); from then on every comment must come in. */
  add_mentions (&fixture, 1);
  {
    const char *argv[] = { exe, "--sync", NULL };
    int exit_status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &exit_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (exit_status, &error));
    g_assert_no_error (error);
  }

  for (guint round = 0; round < n_rounds; round++)
    {
      const char *argv[] = { exe, "--sync", NULL };
      GPid pid = 0;

      add_mentions (&fixture, g_rand_int_range (rand, 0, 20));
      /* A slow page now and then: the kill lands in the middle of it. */
      if (round % 4 != 3)
        mastodon_contract_server_inject_fault (fixture.server, "GET", "/api/v1/notifications",
                                               CONTRACT_FAULT_SLOW, 1, g_rand_int_range (rand, 100, 500));

      g_assert_true (g_spawn_async (NULL, (char **) argv, envp,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 5, 200) * 1000);
      kill (pid, SIGKILL);
      status = wait_child (pid);
      g_spawn_close_pid (pid);
      if (WIFSIGNALED (status))
        {
          g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
          n_killed++;
        }
      else
        {
          /* Done before the kill came: it must have succeeded. */
          g_assert_true (WIFEXITED (status));
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          n_finished++;
        }
      assert_integrity (path);
    }

  /* Undisturbed, it fetches the rest: every comment exactly once. */
  {
    const char *argv[] = { exe, "--sync", NULL };
    int exit_status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &exit_status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (exit_status, &error));
    g_assert_no_error (error);
  }
  assert_integrity (path);
  db = open_raw (path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM comments"), ==, fixture.n_mentions);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT remote_id) FROM comments"), ==, fixture.n_mentions);
  sqlite3_close (db);

  g_test_message ("resonanz --sync: kills survived: %u, runs that finished first: %u; "
                  "comments fetched: %u (each once); integrity checks: %u ok",
                  n_killed, n_finished, fixture.n_mentions, n_rounds + 1);
  /* Most runs die mid-way; the few that finish first check the rest. */
  g_assert_cmpuint (n_killed, >=, n_rounds / 3);

  mastodon_contract_server_free (fixture.server);
  g_free (fixture.own_status);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Only 127.0.0.1 is contacted: the machine's proxy settings must not
   * matter. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  if (argc == 7 && (g_str_equal (argv[1], "--worker") || g_str_equal (argv[1], "--finish")))
    return worker_main (argv[2], argv[3], argv[4], argv[5],
                        (guint32) g_ascii_strtoull (argv[6], NULL, 10),
                        g_str_equal (argv[1], "--finish"));

  self_exe = argv[0];
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/rz/kill/sync-drafts-outbox-replies", Fixture, NULL,
              fixture_set_up, test_kill, fixture_tear_down);
  /* Only on run-with-keyring.sh's private keyring, never a user's. */
  if (g_strcmp0 (g_getenv ("RZ_TEST_SESSION_BUS"), "keyring") == 0)
    g_test_add_func ("/rz/kill/headless-sync", test_headless_sync);
  return g_test_run ();
}
