/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mastodon-contract-server.h"
#include "rz-bench-corpus.h"
#include "rz-comment.h"
#include "rz-context.h"
#include "rz-database.h"
#include "rz-mastodon-provider.h"
#include "rz-test-async.h"

/* rz-sync-bench: how fast comments come in. The Mastodon contract server
 * (tests/, one for each account) is seeded with N mentions, keeps its
 * answers, and every page is asked for once (the warm-up), so that during
 * the measurement the servers answer from memory. Then the app fetches
 * them the way it does when the user presses Fetch:
 * rz_context_sync_async(), i.e. RzSync asks RzMastodonProvider's
 * fetch_inbox (HTTP with libsoup, JSON, HTML to text, up to ten pages of
 * 80 a call) for up to three accounts at once on the main loop, and
 * RzContext classifies every fetched batch and stores it with
 * rz_database_store_inbox (one transaction a batch) on the database's
 * worker thread. Syncs follow each other until nothing new comes.
 *
 * For a breakdown, the same mentions are then fetched once more and
 * stored straight (no classifier, no main loop in between): the time of
 * the fetches and of the stores.
 *
 * Next to it, the ceiling: the same rows with a plain prepared INSERT in
 * one transaction, straight with SQLite, into the same schema (its
 * indexes and full-text triggers are what any insert into the table
 * costs) and, for reference, into a bare table without them.
 *
 * Prints one JSON object. */

#define ALL_SCOPES "read:accounts read:notifications read:statuses write:statuses write:media"

static int   opt_comments = 10000;
static int   opt_accounts = 6;
static guint opt_seed = 1;

static GOptionEntry entries[] = {
  { "comments", 'n', 0, G_OPTION_ARG_INT, &opt_comments, "How many mentions (10000)", "N" },
  { "accounts", 'a', 0, G_OPTION_ARG_INT, &opt_accounts, "Over how many accounts, each on its own server (6)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT, &opt_seed, "Random seed (1)", "S" },
  { NULL }
};

static GPtrArray *
fetch_inbox (RzProvider  *provider,
             const char  *cursor,
             char       **new_cursor,
             GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rz_provider_fetch_inbox_async (provider, cursor, NULL, rz_test_store_result, &result);
  return rz_provider_fetch_inbox_finish (provider, rz_test_wait_for (&result), new_cursor, error);
}

static void
seed_server (MastodonContractServer *server,
             int                     n_comments,
             guint                   seed)
{
  g_autoptr(RzBenchCorpus) corpus = rz_bench_corpus_new (seed);
  g_autofree char *post = mastodon_contract_server_add_own_status (server, "Neue Öffnungszeiten ab Montag!", "public");
  g_autoptr(GPtrArray) recent = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = rz_bench_corpus_get_rand (corpus);

  for (int i = 0; i < n_comments; i++)
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
 * the contract servers' threads have used so far: replaying kept answers
 * they need next to none, which this shows. Their name,
 * "mastodon-contract", is too long for the kernel, so it keeps the
 * program's: they are the other threads of that name. */
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

/* CPU seconds of the whole process so far. */
static double
process_cpu_seconds (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_comm = strrchr (stat, ')')) == NULL)
    return 0;
  fields = g_strsplit (after_comm + 2, " ", -1);
  if (g_strv_length (fields) <= 12)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
fail (const char   *what,
      const GError *error)
{
  g_printerr ("rz-sync-bench: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

/* Creates the database with the accounts the sync fills, one for each
 * server, their cursors at the start of the servers' history (without
 * one only the newest page would be read). Their ids are 1, 2, ... */
static void
create_database (const char  *path,
                 GPtrArray   *servers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = rz_database_open (path, &error);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  if (db == NULL)
    fail ("open", error);
  for (guint i = 0; i < servers->len; i++)
    {
      MastodonContractServer *server = g_ptr_array_index (servers, i);
      gint64 account_id;

      account_id = rz_database_add_account (db, "mastodon", "Laden", mastodon_contract_server_get_url (server),
                                            "@laden", &error);
      if (account_id != (gint64) i + 1 || !rz_database_store_inbox (db, account_id, none, "0", NULL, &error))
        fail ("account", error);
    }
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
thread_cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns comments per second of wall time; @cpu_rate: per second of the
 * CPU time it took. */
static double
bare_insert (const char *path,
             GPtrArray  *comments,
             gboolean    app_schema,
             double     *cpu_rate)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 started;
  double elapsed, cpu;

  if (app_schema)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RzDatabase) created = rz_database_open (path, &error);

      if (created == NULL)
        fail ("open", error);
      /* The same accounts with the same ids as in the sync. */
      for (int i = 1; i <= opt_accounts; i++)
        if (rz_database_add_account (created, "mastodon", "Laden", NULL, "@laden", &error) != i)
          fail ("account", error);
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
  cpu = thread_cpu_now ();
  exec (db, "BEGIN");
  sqlite3_prepare_v2 (db,
                      "INSERT INTO comments (account_id, channel, remote_id, parent_remote_id, author,"
                      " author_handle, text, url, context, created_at, sentiment, state, is_demo)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                      -1, &stmt, NULL);
  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);

      sqlite3_bind_int64 (stmt, 1, rz_comment_get_account_id (comment));
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
  *cpu_rate = comments->len / MAX (thread_cpu_now () - cpu, 1e-6);
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

/* Every account's inbox fetched straight with RzMastodonProvider, page by
 * page from the start, as a sync does; each batch stored into @db when it
 * is not NULL. Adds the main thread's wall and CPU time of the fetches and
 * the stores to @timing; returns the comments fetched. */
typedef struct {
  gint64 fetch_us;
  gint64 store_us;
  double fetch_cpu;
  double store_cpu;
  guint  n_fetches;
} Timing;

static guint
fetch_all (GPtrArray  *servers,
           GPtrArray  *tokens,
           RzDatabase *db,
           Timing     *timing)
{
  g_autoptr(RzHttpClient) client = rz_http_client_new ();
  g_autoptr(GError) error = NULL;
  guint n_comments = 0;

  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(RzMastodonProvider) provider = NULL;
      g_autofree char *cursor = g_strdup ("0");

      provider = rz_mastodon_provider_new (client, mastodon_contract_server_get_url (g_ptr_array_index (servers, i)));
      rz_mastodon_provider_set_credentials (provider, g_ptr_array_index (tokens, i), NULL, NULL);
      for (;;)
        {
          g_autoptr(GPtrArray) comments = NULL;
          g_autofree char *new_cursor = NULL;
          gint64 t0 = g_get_monotonic_time ();
          double c0 = thread_cpu_now ();
          double c1;
          gint64 t1;

          comments = fetch_inbox (RZ_PROVIDER (provider), cursor, &new_cursor, &error);
          t1 = g_get_monotonic_time ();
          c1 = thread_cpu_now ();
          timing->fetch_us += t1 - t0;
          timing->fetch_cpu += c1 - c0;
          if (comments == NULL)
            fail ("fetch", error);
          if (comments->len == 0)
            break;
          timing->n_fetches++;
          n_comments += comments->len;

          if (db != NULL)
            {
              if (!rz_database_store_inbox (db, i + 1, comments, new_cursor, NULL, &error))
                fail ("store", error);
              timing->store_us += g_get_monotonic_time () - t1;
              timing->store_cpu += thread_cpu_now () - c1;
            }

          g_free (cursor);
          cursor = g_steal_pointer (&new_cursor);
        }
    }
  return n_comments;
}

/* Answers the servers have made (not replayed) so far. */
static guint
count_answers_made (GPtrArray *servers,
                    guint     *replayed)
{
  guint made = 0;

  *replayed = 0;
  for (guint i = 0; i < servers->len; i++)
    {
      guint n = 0;

      *replayed += mastodon_contract_server_count_replayed (g_ptr_array_index (servers, i), &n);
      made += n;
    }
  return made;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzContext) app = NULL;
  g_autoptr(RzDatabase) direct_db = NULL;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) mastodon_contract_server_free);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *direct_path = NULL;
  g_autofree char *bare_path = NULL;
  g_autofree char *plain_path = NULL;
  gint64 seeded, warmed, started;
  double server_cpu, process_cpu, wall;
  guint n_syncs = 0, n_new = 0, n_direct, n_replayed, n_made, n_made_in_sync;
  double bare_rate, plain_rate, bare_cpu_rate, plain_cpu_rate, client_cpu;
  Timing warm_up = { 0, }, direct = { 0, };

  context = g_option_context_new ("— time the sync against the Mastodon contract server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-sync-bench: %s\n", error->message);
      return 2;
    }
  if (opt_accounts < 1 || opt_comments < opt_accounts)
    {
      g_printerr ("rz-sync-bench: --accounts must be at least 1 and --comments at least that\n");
      return 2;
    }

  dir = g_dir_make_tmp ("rz-sync-bench-XXXXXX", &error);
  if (dir == NULL)
    fail ("temporary directory", error);
  path = g_build_filename (dir, "sync.db", NULL);
  direct_path = g_build_filename (dir, "direct.db", NULL);
  bare_path = g_build_filename (dir, "bare.db", NULL);
  plain_path = g_build_filename (dir, "plain.db", NULL);

  /* One server for each account, the mentions shared out among them. */
  seeded = g_get_monotonic_time ();
  for (int i = 0; i < opt_accounts; i++)
    {
      MastodonContractServer *server = mastodon_contract_server_new ();

      g_ptr_array_add (servers, server);
      g_ptr_array_add (tokens, mastodon_contract_server_create_token (server, ALL_SCOPES));
      seed_server (server, opt_comments / opt_accounts + (i < opt_comments % opt_accounts ? 1 : 0),
                   opt_seed + i);
    }
  seeded = g_get_monotonic_time () - seeded;

  /* The servers keep their answers, and every page is asked for once
   * before the clock starts: during the sync they answer from memory, as
   * fast as a server can, so the time is Resonanz's (and the loopback's). */
  warmed = g_get_monotonic_time ();
  for (guint i = 0; i < servers->len; i++)
    mastodon_contract_server_set_cache_answers (g_ptr_array_index (servers, i), TRUE);
  if ((int) fetch_all (servers, tokens, NULL, &warm_up) != opt_comments)
    fail ("warm-up", NULL);
  warmed = g_get_monotonic_time () - warmed;

  /* The app's path: RzContext, signed in as the app is after reading the
   * tokens from the keyring. */
  create_database (path, servers);
  app = rz_context_new (path);
  rz_context_open_async (app, NULL, rz_test_store_result, &opened);
  rz_test_wait_for (&opened);
  if (!rz_context_open_finish (app, opened, &error))
    fail ("open", error);
  for (guint i = 0; i < servers->len; i++)
    {
      RzAccount *account = rz_context_lookup_account (app, i + 1);
      g_autoptr(RzMastodonProvider) provider = NULL;

      if (account == NULL)
        fail ("account", NULL);
      provider = rz_mastodon_provider_new (rz_context_get_http_client (app),
                                           mastodon_contract_server_get_url (g_ptr_array_index (servers, i)));
      rz_mastodon_provider_set_credentials (provider, g_ptr_array_index (tokens, i), NULL, NULL);
      rz_context_set_provider_for_account (app, account, RZ_PROVIDER (provider));
    }

  n_made_in_sync = count_answers_made (servers, &n_replayed);
  server_cpu = thread_cpu_seconds (TRUE);
  process_cpu = process_cpu_seconds ();
  started = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(RzSyncReport) report = NULL;

      rz_context_sync_async (app, NULL, rz_test_store_result, &result);
      rz_test_wait_for (&result);
      report = rz_context_sync_finish (app, result, &error);
      if (report == NULL)
        fail ("sync", error);
      for (guint i = 0; i < rz_sync_report_get_n_accounts (report); i++)
        if (rz_sync_report_get_error (report, i) != NULL)
          fail ("sync", rz_sync_report_get_error (report, i));
      n_syncs++;
      if (rz_sync_report_get_n_new (report) == 0)
        break;
      n_new += rz_sync_report_get_n_new (report);
    }
  wall = (g_get_monotonic_time () - started) / 1e6;
  server_cpu = thread_cpu_seconds (TRUE) - server_cpu;
  process_cpu = process_cpu_seconds () - process_cpu;
  /* Every page of the sync should have come from the servers' memory. */
  n_made_in_sync = count_answers_made (servers, &n_replayed) - n_made_in_sync;

  if ((int) n_new != opt_comments)
    {
      g_printerr ("rz-sync-bench: stored %u of %d comments\n", n_new, opt_comments);
      return 1;
    }
  all = rz_database_list_comments (rz_context_get_database (app), 0, 0, &error);
  if (all == NULL)
    fail ("list", error);

  /* The breakdown: fetches and stores one after the other, straight,
   * without the classifier (the servers answer from memory here too). */
  create_database (direct_path, servers);
  direct_db = rz_database_open (direct_path, &error);
  if (direct_db == NULL)
    fail ("open", error);
  n_direct = fetch_all (servers, tokens, direct_db, &direct);
  n_made = count_answers_made (servers, &n_replayed);

  bare_rate = bare_insert (bare_path, all, TRUE, &bare_cpu_rate);
  plain_rate = bare_insert (plain_path, all, FALSE, &plain_cpu_rate);
  client_cpu = MAX (process_cpu - server_cpu, 1e-3);
  if (bare_rate < 0 || plain_rate < 0)
    return 1;

  g_print ("{\"comments\": %u, \"accounts\": %d, \"syncs\": %u, \"fetches\": %u, \"seed_s\": %.2f, "
           "\"warm_up_s\": %.3f, \"answers_made\": %u, \"answers_replayed\": %u, "
           "\"answers_made_during_sync\": %u, "
           "\"sync_per_s\": %.0f, \"wall_s\": %.3f, "
           "\"server_cpu_s\": %.3f, \"client_cpu_s\": %.3f, "
           "\"direct_fetch_s\": %.3f, \"direct_store_s\": %.3f, \"direct_per_s\": %.0f, "
           "\"direct_fetch_cpu_s\": %.3f, \"direct_store_cpu_s\": %.3f, "
           "\"bare_insert_per_s\": %.0f, \"plain_table_insert_per_s\": %.0f, "
           "\"sync_per_cpu_s\": %.0f, \"bare_insert_per_cpu_s\": %.0f, \"plain_table_insert_per_cpu_s\": %.0f}\n",
           n_new, opt_accounts, n_syncs, direct.n_fetches, seeded / 1e6,
           warmed / 1e6, n_made, n_replayed, n_made_in_sync,
           n_new / wall, wall, server_cpu, client_cpu,
           direct.fetch_us / 1e6, direct.store_us / 1e6,
           n_direct / MAX ((direct.fetch_us + direct.store_us) / 1e6, 1e-3),
           direct.fetch_cpu, direct.store_cpu,
           bare_rate, plain_rate, n_new / client_cpu, bare_cpu_rate, plain_cpu_rate);

  g_clear_object (&direct_db);
  g_clear_object (&app);
  g_clear_pointer (&servers, g_ptr_array_unref);
  remove_database (path);
  remove_database (direct_path);
  remove_database (bare_path);
  remove_database (plain_path);
  g_rmdir (dir);
  return 0;
}
