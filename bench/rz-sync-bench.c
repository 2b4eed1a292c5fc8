/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mastodon-contract-server.h"
#include "rz-bench-corpus.h"
#include "rz-comment.h"
#include "rz-database.h"
#include "rz-mastodon-provider.h"

/* rz-sync-bench: how fast comments come in. The Mastodon contract server
 * (tests/) is seeded with N mentions; then the sync's own path fetches
 * them: RzMastodonProvider's fetch_inbox (HTTP with libsoup, JSON, HTML to
 * text, up to ten pages of 80 a call) and rz_database_store_inbox (every
 * fetched batch in one transaction, each comment through
 * rz_database_add_comment), one after the other as RzSync does.
 *
 * Next to it, the ceiling: the same rows with a plain prepared INSERT in
 * one transaction, straight with SQLite, into the same schema (its
 * indexes and full-text triggers are what any insert into the table
 * costs) and, for reference, into a bare table without them.
 *
 * Prints one JSON object. */

#define ALL_SCOPES "read:accounts read:notifications read:statuses write:statuses write:media"

static int   opt_comments = 10000;
static guint opt_seed = 1;

static GOptionEntry entries[] = {
  { "comments", 'n', 0, G_OPTION_ARG_INT, &opt_comments, "How many mentions (10000)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT, &opt_seed, "Random seed (1)", "S" },
  { NULL }
};

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GPtrArray *
fetch_inbox (RzProvider  *provider,
             const char  *cursor,
             char       **new_cursor,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_fetch_inbox_async (provider, cursor, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return rz_provider_fetch_inbox_finish (provider, result, new_cursor, error);
}

static void
seed_server (MastodonContractServer *server)
{
  g_autoptr(RzBenchCorpus) corpus = rz_bench_corpus_new (opt_seed);
  g_autofree char *post = mastodon_contract_server_add_own_status (server, "Neue Öffnungszeiten ab Montag!", "public");
  g_autoptr(GPtrArray) recent = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = rz_bench_corpus_get_rand (corpus);

  for (int i = 0; i < opt_comments; i++)
    {
      g_auto(RzBenchComment) comment = { 0, };
      g_autofree char *escaped = NULL;
      g_autofree char *html = NULL;
      g_autofree char *acct = NULL;
      const char *parent = post;
      char *id;

      rz_bench_corpus_next (corpus, &comment);
      escaped = g_markup_escape_text (comment.text, -1);
      html = g_strdup_printf ("<p><span class=\"h-card\"><a href=\"%s/@laden\" class=\"u-url mention\">"
                              "@<span>laden</span></a></span> %s</p>",
                              mastodon_contract_server_get_url (server), escaped);
      acct = g_strdup_printf ("%s@remote.example", comment.author_handle + 1);
      /* Some answer another comment: a thread. */
      if (recent->len > 0 && g_rand_double (rand) < 0.3)
        parent = g_ptr_array_index (recent, g_rand_int_range (rand, 0, recent->len));
      id = mastodon_contract_server_add_status (server, acct, comment.author, html, parent, "public");
      if (recent->len >= 50)
        g_ptr_array_remove_index_fast (recent, g_rand_int_range (rand, 0, recent->len));
      g_ptr_array_add (recent, id);
    }
}

/* CPU seconds the main thread (the sync: HTTP client, JSON, SQLite) or
 * the contract server's thread has used so far. The server answers
 * while the sync waits, so its work is in the sync's wall time but is not
 * Resonanz's. Its linear searches make it O(N) a request. Its name,
 * "mastodon-contract", is too long for the kernel, so it keeps the
 * program's: it is the other thread of that name. */
static double
thread_cpu_seconds (gboolean server)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  g_autofree char *main_comm = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  const char *tid;
  double seconds = 0;

  if (!g_file_get_contents ("/proc/self/comm", &main_comm, NULL, NULL))
    return 0;

  while (tasks != NULL && (tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/self/task/%s/comm", tid);
      g_autofree char *stat_path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *after_comm;

      if ((strcmp (tid, pid) == 0) == server ||
          !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          (server && strcmp (comm, main_comm) != 0 && !g_str_has_prefix (comm, "mastodon-contra")) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL) ||
          (after_comm = strrchr (stat, ')')) == NULL)
        continue;

      /* Fields after "(comm)": state is the first; utime and stime are
       * the 12th and 13th. */
      fields = g_strsplit (after_comm + 2, " ", -1);
      if (g_strv_length (fields) > 12)
        seconds += (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
                   sysconf (_SC_CLK_TCK);
    }

  return seconds;
}

static int
exec (sqlite3    *db,
      const char *sql)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    g_printerr ("rz-sync-bench: %s: %s\n", sql, sqlite3_errmsg (db));
  return rc;
}

/* The ceiling: a prepared INSERT in one transaction. Returns comments per
 * second, or a negative number on failure. */
static double
bare_insert (const char *path,
             GPtrArray  *comments,
             gint64      account_id,
             gboolean    app_schema)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 started;
  double elapsed;

  if (app_schema)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RzDatabase) created = rz_database_open (path, &error);

      if (created == NULL ||
          rz_database_add_account (created, "mastodon", "Laden", NULL, "@laden", &error) != account_id)
        {
          g_printerr ("rz-sync-bench: %s\n", error != NULL ? error->message : "unexpected account id");
          return -1;
        }
    }

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      exec (db, "PRAGMA journal_mode = WAL") != SQLITE_OK ||
      exec (db, "PRAGMA synchronous = NORMAL") != SQLITE_OK ||
      (!app_schema &&
       exec (db, "CREATE TABLE comments (id INTEGER PRIMARY KEY, account_id INTEGER, channel TEXT,"
                 " remote_id TEXT, parent_remote_id TEXT, author TEXT, author_handle TEXT, text TEXT,"
                 " url TEXT, context TEXT, created_at INTEGER, sentiment INTEGER, state INTEGER,"
                 " is_demo INTEGER)") != SQLITE_OK))
    {
      sqlite3_close (db);
      return -1;
    }

  started = g_get_monotonic_time ();
  exec (db, "BEGIN");
  sqlite3_prepare_v2 (db,
                      "INSERT INTO comments (account_id, channel, remote_id, parent_remote_id, author,"
                      " author_handle, text, url, context, created_at, sentiment, state, is_demo)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);

      sqlite3_bind_int64 (stmt, 1, account_id);
      sqlite3_bind_text (stmt, 2, "mastodon", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, rz_comment_get_remote_id (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, rz_comment_get_parent_remote_id (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, rz_comment_get_author (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, rz_comment_get_author_handle (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, rz_comment_get_text (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, rz_comment_get_url (comment), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, rz_comment_get_context (comment), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, rz_comment_get_created_at (comment));
      sqlite3_bind_int (stmt, 11, rz_comment_get_sentiment (comment));
      sqlite3_bind_int (stmt, 12, rz_comment_get_state (comment));
      sqlite3_bind_int (stmt, 13, 0);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_printerr ("rz-sync-bench: %s\n", sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
          sqlite3_close (db);
          return -1;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec (db, "COMMIT");
  elapsed = (g_get_monotonic_time () - started) / 1e6;
  sqlite3_close (db);

  return comments->len / elapsed;
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzHttpClient) client = NULL;
  g_autoptr(RzMastodonProvider) provider = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bare_path = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = g_strdup ("0");
  MastodonContractServer *server;
  gint64 account_id;
  gint64 seeded, started, fetch_us = 0, store_us = 0;
  double server_cpu, client_cpu, wall;
  guint n_fetches = 0;
  double sync_rate, bare_rate, plain_rate;

  context = g_option_context_new ("— time the sync against the Mastodon contract server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-sync-bench: %s\n", error->message);
      return 2;
    }
  if (opt_comments < 1)
    {
      g_printerr ("rz-sync-bench: --comments must be at least 1\n");
      return 2;
    }

  dir = g_dir_make_tmp ("rz-sync-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("rz-sync-bench: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "sync.db", NULL);
  bare_path = g_build_filename (dir, "bare.db", NULL);
  plain_path = g_build_filename (dir, "plain.db", NULL);

  seeded = g_get_monotonic_time ();
  server = mastodon_contract_server_new ();
  token = mastodon_contract_server_create_token (server, ALL_SCOPES);
  seed_server (server);
  seeded = g_get_monotonic_time () - seeded;

  db = rz_database_open (path, &error);
  if (db == NULL)
    {
      g_printerr ("rz-sync-bench: %s\n", error->message);
      return 1;
    }
  account_id = rz_database_add_account (db, "mastodon", "Laden", mastodon_contract_server_get_url (server),
                                        "@laden", &error);
  client = rz_http_client_new ();
  provider = rz_mastodon_provider_new (client, mastodon_contract_server_get_url (server));
  rz_mastodon_provider_set_credentials (provider, token, NULL, NULL);

  server_cpu = thread_cpu_seconds (TRUE);
  client_cpu = thread_cpu_seconds (FALSE);
  started = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(GPtrArray) comments = NULL;
      g_autofree char *new_cursor = NULL;
      gint64 t0 = g_get_monotonic_time ();
      gint64 t1;

      comments = fetch_inbox (RZ_PROVIDER (provider), cursor, &new_cursor, &error);
      t1 = g_get_monotonic_time ();
      fetch_us += t1 - t0;
      if (comments == NULL)
        {
          g_printerr ("rz-sync-bench: %s\n", error->message);
          return 1;
        }
      if (comments->len == 0)
        break;
      n_fetches++;

      if (!rz_database_store_inbox (db, account_id, comments, new_cursor, NULL, &error))
        {
          g_printerr ("rz-sync-bench: %s\n", error->message);
          return 1;
        }
      store_us += g_get_monotonic_time () - t1;

      g_ptr_array_extend (all, comments, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
      g_free (cursor);
      cursor = g_steal_pointer (&new_cursor);
    }
  wall = (g_get_monotonic_time () - started) / 1e6;
  server_cpu = thread_cpu_seconds (TRUE) - server_cpu;
  client_cpu = thread_cpu_seconds (FALSE) - client_cpu;
  sync_rate = all->len / wall;

  if ((int) all->len != opt_comments)
    {
      g_printerr ("rz-sync-bench: fetched %u of %d comments\n", all->len, opt_comments);
      return 1;
    }

  bare_rate = bare_insert (bare_path, all, account_id, TRUE);
  plain_rate = bare_insert (plain_path, all, account_id, FALSE);
  if (bare_rate < 0 || plain_rate < 0)
    return 1;

  g_print ("{\"comments\": %u, \"fetches\": %u, \"seed_s\": %.2f, "
           "\"sync_per_s\": %.0f, \"wall_s\": %.3f, \"fetch_s\": %.3f, \"store_s\": %.3f, "
           "\"server_cpu_s\": %.3f, \"client_cpu_s\": %.3f, \"sync_without_server_per_s\": %.0f, "
           "\"bare_insert_per_s\": %.0f, \"plain_table_insert_per_s\": %.0f}\n",
           all->len, n_fetches, seeded / 1e6, sync_rate, wall, fetch_us / 1e6, store_us / 1e6,
           server_cpu, client_cpu, all->len / MAX (wall - server_cpu, 1e-3),
           bare_rate, plain_rate);

  g_clear_object (&provider);
  g_clear_object (&client);
  g_clear_object (&db);
  mastodon_contract_server_free (server);
  remove_database (path);
  remove_database (bare_path);
  remove_database (plain_path);
  g_rmdir (dir);
  return 0;
}
