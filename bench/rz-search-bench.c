/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "rz-bench-corpus.h"
#include "rz-database-private.h"
#include "rz-response-time.h"

/* rz-search-bench: full-text searches over an inbox through Resonanz's own
 * query paths, timed one by one:
 *
 *   search  rz_database_search_comments (best matches first, 50 of them),
 *           the ranked API, which the app no longer calls (informational);
 *   inbox   the app's search: what the inbox list model does for a search,
 *           the count and the first page of 200 in the inbox order
 *           (rz_database_count_inbox and rz_database_list_inbox, as on the
 *           model's worker).
 *
 * With --sql FILE it also writes the very statements SQLite runs for each
 * query (with the FTS5 query as Resonanz builds it), so the sqlite3 shell
 * can run the same ones on the same file for comparison.
 *
 * Prints one JSON object: per path, every query's time in milliseconds. */

static char   *opt_database;
static int     opt_rounds = 20;
static char   *opt_sql;

static GOptionEntry entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, &opt_database, "The database to search", "PATH" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &opt_rounds, "How often every search term is searched (20)", "N" },
  { "sql", 0, 0, G_OPTION_ARG_FILENAME, &opt_sql, "Write the same queries for the sqlite3 shell here", "FILE" },
  { NULL }
};

/* The statements of rz-database-comments.c and rz-database-inbox.c with
 * the parameters filled in, for the shell: the ranked API, then the
 * inbox model's count and first page (the app's search) (the open comments that match,
 * counted and ordered with the time past the target, then the others
 * that match, @n_open fewer). The shell prints what it reads, as the app
 * materialises every row it reads. */
#define SHELL_COLUMNS \
  "SELECT c.id, c.account_id, c.channel, c.remote_id, c.parent_remote_id," \
  " c.author, c.author_handle, c.text, c.url, c.context, c.created_at," \
  " c.sentiment, c.state, c.is_demo"
#define SHELL_BUCKET "(CASE WHEN c.state = 0 AND c.sentiment = 2 THEN 0 WHEN c.state = 0 THEN 1 ELSE 2 END)"
#define SHELL_TIME "(CASE WHEN c.state = 0 THEN c.created_at ELSE -c.created_at END)"
#define SHELL_FILTER \
  " AND (NULL IS NULL OR c.channel = NULL) AND (-1 < 0 OR c.state = -1)" \
  " AND (0 = 0 OR c.sentiment = 2)" \
  " AND c.id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH %s)"

static void
append_shell_queries (GString    *sql,
                      const char *match,
                      gint64      now,
                      guint       n_open)
{
  g_autofree char *quoted = NULL;
  g_autoptr(GString) escaped = g_string_new (match);

  g_string_replace (escaped, "'", "''", 0);
  quoted = g_strdup_printf ("'%s'", escaped->str);

  g_string_append_printf (sql,
                          SHELL_COLUMNS
                          " FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid"
                          " WHERE comments_fts MATCH %s"
                          " ORDER BY comments_fts.rank, c.created_at DESC LIMIT 50;\n",
                          quoted);
  g_string_append_printf (sql, "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH %s;\n", quoted);
  g_string_append_printf (sql,
                          "SELECT count(*) FROM comments c INDEXED BY comments_inbox_order"
                          " WHERE " SHELL_BUCKET " < 2" SHELL_FILTER ";\n",
                          quoted);
  g_string_append_printf (sql,
                          SHELL_COLUMNS " FROM comments c INDEXED BY comments_inbox_order"
                          " WHERE " SHELL_BUCKET " < 2" SHELL_FILTER
                          " ORDER BY " SHELL_BUCKET ", (c.created_at > %" G_GINT64_FORMAT " - 60 * %d) + 0, "
                          SHELL_TIME ", c.id LIMIT 200 OFFSET 0;\n",
                          quoted, now, RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES);
  if (n_open < 200)
    g_string_append_printf (sql,
                            SHELL_COLUMNS " FROM comments c INDEXED BY comments_inbox_order"
                            " WHERE " SHELL_BUCKET " >= 2" SHELL_FILTER
                            " ORDER BY " SHELL_BUCKET ", " SHELL_TIME ", c.id LIMIT %u OFFSET 0;\n",
                            quoted, 200 - n_open);
}

static void
print_times (const char *name,
             GArray     *times)
{
  g_print ("\"%s\": [", name);
  for (guint i = 0; i < times->len; i++)
    g_print ("%s%.3f", i > 0 ? ", " : "", g_array_index (times, double, i));
  g_print ("]");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(GArray) search_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) inbox_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) sql = g_string_new (".output /dev/null\n.timer on\n");
  g_autoptr(GPtrArray) warm = NULL;
  const char * const *terms;
  guint n_terms;
  guint64 n_found = 0;
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  context = g_option_context_new ("— time full-text searches over the inbox");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-search-bench: %s\n", error->message);
      return 2;
    }
  if (opt_database == NULL || opt_rounds < 1)
    {
      g_printerr ("rz-search-bench: --database is needed\n");
      return 2;
    }

  db = rz_database_open (opt_database, &error);
  if (db == NULL)
    {
      g_printerr ("rz-search-bench: %s\n", error->message);
      return 1;
    }

  terms = rz_bench_corpus_get_search_terms (&n_terms);

  /* Both paths prepare their statements once (the statement cache) and
   * read a warm file, as in the app after the first search; the shell
   * gets the same warm-up. */
  warm = rz_database_search_comments (db, terms[0], 50, &error);
  g_assert_no_error (error);

  for (int round = 0; round < opt_rounds; round++)
    {
      for (guint i = 0; i < n_terms; i++)
        {
          /* As the app orders it: with the plan's targets (none in a
           * generated inbox: every channel has the default). */
          RzInboxFilter filter = { NULL, -1, FALSE, terms[i], now, targets };
          g_autoptr(GPtrArray) found = NULL;
          g_autoptr(GPtrArray) page = NULL;
          gint64 started;
          guint n_matches = 0;

          started = g_get_monotonic_time ();
          found = rz_database_search_comments (db, terms[i], 50, &error);
          g_array_append_vals (search_times,
                               &(double) { (g_get_monotonic_time () - started) / 1000.0 }, 1);
          if (found == NULL)
            {
              g_printerr ("rz-search-bench: %s\n", error->message);
              return 1;
            }

          started = g_get_monotonic_time ();
          if (!rz_database_count_inbox (db, &filter, &n_matches, &error) ||
              (page = rz_database_list_inbox (db, &filter, 0, 200, &error)) == NULL)
            {
              g_printerr ("rz-search-bench: %s\n", error->message);
              return 1;
            }
          g_array_append_vals (inbox_times,
                               &(double) { (g_get_monotonic_time () - started) / 1000.0 }, 1);
          n_found += n_matches;

          if (opt_sql != NULL)
            {
              g_autofree char *match = rz_storage_fts_query_from_user (terms[i]);
              RzInboxFilter open = filter;
              guint n_open = 0;

              open.state = 0;
              if (!rz_database_count_inbox (db, &open, &n_open, &error))
                {
                  g_printerr ("rz-search-bench: %s\n", error->message);
                  return 1;
                }
              if (round == 0 && i == 0)
                append_shell_queries (sql, match, now, n_open);
              append_shell_queries (sql, match, now, n_open);
            }
        }
    }

  if (opt_sql != NULL && !g_file_set_contents (opt_sql, sql->str, sql->len, &error))
    {
      g_printerr ("rz-search-bench: %s\n", error->message);
      return 1;
    }

  g_print ("{\"terms\": %u, \"rounds\": %d, \"mean_matches\": %.1f, ",
           n_terms, opt_rounds, (double) n_found / (n_terms * opt_rounds));
  print_times ("search_ms", search_times);
  g_print (", ");
  print_times ("inbox_ms", inbox_times);
  g_print ("}\n");
  return 0;
}
