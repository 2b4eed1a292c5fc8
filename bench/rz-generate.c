/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>

#include "rz-bench-corpus.h"
#include "rz-classifier.h"
#include "rz-comment.h"
#include "rz-database.h"

/* rz-generate: writes a realistic inbox into a Resonanz database for the
 * benchmarks and performance tests. The same options and seed always
 * give the same database (apart from the times the storage layer stamps
 * itself, such as when an account was added).
 *
 *   rz-generate [--comments N] [--accounts K] [--days D] [--open N]
 *               [--seed S] [--end UNIX-TIME] [--force] PATH
 */

/* 2026-11-01 00:00 UTC: a fixed "now", so the output does not depend on
 * the day it is generated. */
#define DEFAULT_END 1793491200

/* Comments go in through the sync's own store step, which writes a batch
 * in one transaction: as few transactions as possible, but not one huge
 * one that keeps the whole WAL. */
#define BATCH_SIZE 5000

typedef struct {
  const char *channel;
  const char *display_name;
  const char *handle;
  const char *host;
} AccountKind;

/* Networks Resonanz cannot connect to yet (answers are logged by hand), so
 * starting the app on the generated file never reaches for the keyring or
 * the network. */
static const AccountKind account_kinds[] = {
  { "instagram", "Café Laden", "@cafe.laden", "www.instagram.com" },
  { "facebook", "Café Laden", "cafe.laden", "www.facebook.com" },
  { "google-business-profile", "Café Laden – Marktplatz 3", NULL, "maps.google.com" },
  { "youtube", "Café Laden backt", "@cafeladen", "www.youtube.com" },
  { "linkedin", "Café Laden GmbH", "cafe-laden-gmbh", "www.linkedin.com" },
  { "threads", "Café Laden", "@cafe.laden", "www.threads.net" },
  { "tiktok", "Café Laden", "@cafe.laden", "www.tiktok.com" },
  { "pinterest", "Café Laden", "cafeladen", "www.pinterest.com" },
};

static const char profile_json[] =
  "{\"name\": \"Café Laden\", \"industry\": \"food\", \"market\": \"b2c\","
  " \"region\": \"local\", \"audiences\": [{\"label\": \"Nachbarschaft\", \"age_min\": 25,"
  " \"age_max\": 65}, {\"label\": \"Studierende\", \"age_min\": 18, \"age_max\": 29}],"
  " \"goals\": [\"customer-service\", \"awareness\"], \"hours_per_week\": 5,"
  " \"regulated\": false, \"forbidden_channels\": [], \"formats\": [\"photo\", \"text\"],"
  " \"languages\": [\"de\", \"en\"]}";

static const char * const post_titles[] = {
  "Erdbeertorte der Woche", "Neue Öffnungszeiten", "Unser Sauerteig", "Team-Vorstellung",
  "Herbstkollektion", "Gewinnspiel", "Adventskalender", "Frühstück am Wochenende",
  "New gluten-free range", "Behind the scenes", "Opening of the new store",
  "Weihnachtsbestellungen", "Sommerferien", "Rezept: Apfeltaschen", "Catering-Angebot",
};

typedef struct {
  gint64      id;
  const AccountKind *kind;
  GPtrArray  *batch;        /* RzComment, waiting for the next store */
  GPtrArray  *recent;       /* remote ids of the last comments, for threads */
  guint       n_posts;
  guint64     next_remote;
} Account;

static guint   opt_comments = 100000;
static guint   opt_accounts = 6;
static guint   opt_days = 730;
static int     opt_open = -1;
static guint   opt_seed = 1;
static gint64  opt_end = DEFAULT_END;
static gboolean opt_force;
static gboolean opt_quiet;

static GOptionEntry entries[] = {
  { "comments", 'n', 0, G_OPTION_ARG_INT, &opt_comments, "How many comments (100000)", "N" },
  { "accounts", 'k', 0, G_OPTION_ARG_INT, &opt_accounts, "Over how many accounts (6, at most 8)", "K" },
  { "days", 'd', 0, G_OPTION_ARG_INT, &opt_days, "Over how many days (730)", "D" },
  { "open", 'o', 0, G_OPTION_ARG_INT, &opt_open, "How many stay open (0.3 % of them, at least 20)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT, &opt_seed, "Random seed (1)", "S" },
  { "end", 'e', 0, G_OPTION_ARG_INT64, &opt_end, "Time of the newest comment, Unix seconds (2026-11-01)", "T" },
  { "force", 'f', 0, G_OPTION_ARG_NONE, &opt_force, "Replace an existing file", NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Print nothing on success", NULL },
  { NULL }
};

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Arrival times, oldest first: the business grows, so later months have
 * more comments, and people write in the day, not at night. */
static gint64 *
make_times (GRand  *rand,
            guint   n,
            gint64  end,
            guint   days)
{
  gint64 *times = g_new (gint64, MAX (n, 1));
  gint64 span = (gint64) days * 86400;

  for (guint i = 0; i < n; i++)
    {
      double u = sqrt (g_rand_double (rand));
      gint64 day = (gint64) (u * days);
      double hour = CLAMP (g_rand_double_range (rand, 7.0, 23.0) +
                           g_rand_double_range (rand, -1.5, 1.5), 0.0, 23.99);

      times[i] = end - span + day * 86400 + (gint64) (hour * 3600);
      times[i] = MIN (times[i], end);
    }
  qsort (times, n, sizeof (gint64), compare_gint64);
  return times;
}

/* Bigger accounts get more: account k has weight 1 / (k + 1). */
static guint
pick_account (GRand *rand,
              guint  n_accounts)
{
  double u = g_rand_double (rand);
  double total = 0;
  double sum = 0;
  guint k;

  for (k = 0; k < n_accounts; k++)
    total += 1.0 / (k + 1);
  for (k = 0; k + 1 < n_accounts; k++)
    {
      sum += 1.0 / (k + 1) / total;
      if (u < sum)
        break;
    }
  return k;
}

static guint
a_offset (const Account *account)
{
  return (guint) (account->kind - account_kinds);
}

static gboolean
flush (RzDatabase  *db,
       Account     *account,
       GError     **error)
{
  RzComment *last;

  if (account->batch->len == 0)
    return TRUE;

  last = g_ptr_array_index (account->batch, account->batch->len - 1);
  if (!rz_database_store_inbox (db, account->id, account->batch,
                                rz_comment_get_remote_id (last), NULL, error))
    return FALSE;
  g_ptr_array_set_size (account->batch, 0);
  return TRUE;
}

static RzCommentState
pick_state (GRand *rand,
            guint  index,
            guint  n,
            guint  n_open)
{
  double u = g_rand_double (rand);

  /* What is still open is mostly what came in last; a few old ones were
   * forgotten. */
  if (index + n_open * 3 / 2 >= n && u < 0.62)
    return RZ_COMMENT_STATE_OPEN;
  if (u < (double) n_open / (n * 20.0))
    return RZ_COMMENT_STATE_OPEN;

  u = g_rand_double (rand);
  if (u < 0.04)
    return RZ_COMMENT_STATE_IGNORED;
  if (u < 0.72)
    return RZ_COMMENT_STATE_ANSWERED;
  return RZ_COMMENT_STATE_DONE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzClassifier) classifier = NULL;
  g_autoptr(RzBenchCorpus) corpus = NULL;
  g_autofree gint64 *times = NULL;
  g_autofree Account *accounts = NULL;
  const char *path;
  GRand *rand;
  guint n_open;
  guint counts[3] = { 0, };
  guint states[4] = { 0, };
  gint64 started = g_get_monotonic_time ();

  context = g_option_context_new ("PATH — write a generated inbox into a Resonanz database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rz-generate: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("rz-generate: give exactly one database path\n");
      return 2;
    }
  if (opt_accounts < 1 || opt_accounts > G_N_ELEMENTS (account_kinds) || opt_days < 1)
    {
      g_printerr ("rz-generate: --accounts must be 1 to %u, --days at least 1\n",
                  (guint) G_N_ELEMENTS (account_kinds));
      return 2;
    }
  path = argv[1];

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      if (!opt_force)
        {
          g_printerr ("rz-generate: %s exists; use --force to replace it\n", path);
          return 1;
        }
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
          g_unlink (file);
        }
    }

  n_open = opt_open >= 0 ? (guint) opt_open : MAX (20, opt_comments * 3 / 1000);
  n_open = MIN (n_open, opt_comments);

  db = rz_database_open (path, &error);
  if (db == NULL)
    {
      g_printerr ("rz-generate: %s\n", error->message);
      return 1;
    }
  classifier = rz_classifier_new_default (&error);
  if (classifier == NULL)
    {
      g_printerr ("rz-generate: %s\n", error->message);
      return 1;
    }

  /* A finished setup, so the app opens straight on the inbox. */
  if (!rz_database_save_profile_json (db, profile_json, &error) ||
      !rz_database_save_wizard_progress (db, RZ_DATABASE_WIZARD_FINISHED, NULL, &error))
    {
      g_printerr ("rz-generate: %s\n", error->message);
      return 1;
    }

  corpus = rz_bench_corpus_new (opt_seed);
  rand = rz_bench_corpus_get_rand (corpus);

  accounts = g_new0 (Account, opt_accounts);
  for (guint i = 0; i < opt_accounts; i++)
    {
      Account *account = &accounts[i];

      account->kind = &account_kinds[i];
      account->id = rz_database_add_account (db, account->kind->channel, account->kind->display_name,
                                             NULL, account->kind->handle, &error);
      if (account->id == 0)
        {
          g_printerr ("rz-generate: %s\n", error->message);
          return 1;
        }
      account->batch = g_ptr_array_new_with_free_func (g_object_unref);
      account->recent = g_ptr_array_new_with_free_func (g_free);
      account->next_remote = 110000000000000000ull + (guint64) i * 1000000000ull;
    }

  times = make_times (rand, opt_comments, opt_end, opt_days);

  for (guint i = 0; i < opt_comments; i++)
    {
      g_autoptr(RzComment) comment = rz_comment_new ();
      g_autoptr(RzClassification) classification = NULL;
      g_auto(RzBenchComment) generated = { 0, };
      Account *account = &accounts[pick_account (rand, opt_accounts)];
      g_autofree char *remote_id = NULL;
      g_autofree char *url = NULL;
      g_autofree char *context_text = NULL;
      g_autofree char *parent = NULL;
      RzSentiment sentiment;
      RzCommentState state;

      rz_bench_corpus_next (corpus, &generated);

      /* A new post every couple of days; comments answer the latest few
       * posts, or another comment (a thread). */
      if (account->n_posts == 0 || g_rand_double (rand) < 0.01)
        account->n_posts++;
      if (account->recent->len > 0 && g_rand_double (rand) < 0.3)
        parent = g_strdup (g_ptr_array_index (account->recent,
                                              g_rand_int_range (rand, 0, account->recent->len)));
      else
        parent = g_strdup_printf ("post-%u", account->n_posts - g_rand_int_range (rand, 0, MIN (account->n_posts, 3)));

      remote_id = g_strdup_printf ("%" G_GUINT64_FORMAT, account->next_remote++);
      url = g_strdup_printf ("https://%s/p/%s", account->kind->host, remote_id);
      context_text = g_strdup_printf ("Beitrag: %s",
                                      post_titles[(account->n_posts * 7u + a_offset (account)) % G_N_ELEMENTS (post_titles)]);

      classification = rz_classifier_classify (classifier, generated.text, -1);
      sentiment = rz_classification_get_sentiment (classification);
      state = pick_state (rand, i, opt_comments, n_open);
      counts[sentiment]++;
      states[state]++;

      rz_comment_set_channel (comment, account->kind->channel);
      rz_comment_set_remote_id (comment, remote_id);
      rz_comment_set_parent_remote_id (comment, parent);
      rz_comment_set_author (comment, generated.author);
      rz_comment_set_author_handle (comment, generated.author_handle);
      rz_comment_set_text (comment, generated.text);
      rz_comment_set_url (comment, url);
      rz_comment_set_context (comment, context_text);
      rz_comment_set_created_at (comment, times[i]);
      rz_comment_set_sentiment (comment, sentiment);
      rz_comment_set_state (comment, state);

      g_ptr_array_add (account->batch, g_steal_pointer (&comment));
      if (account->recent->len >= 50)
        g_ptr_array_remove_index_fast (account->recent, g_rand_int_range (rand, 0, account->recent->len));
      g_ptr_array_add (account->recent, g_steal_pointer (&remote_id));

      if (account->batch->len >= BATCH_SIZE && !flush (db, account, &error))
        {
          g_printerr ("rz-generate: %s\n", error->message);
          return 1;
        }
    }

  for (guint i = 0; i < opt_accounts; i++)
    {
      if (!flush (db, &accounts[i], &error))
        {
          g_printerr ("rz-generate: %s\n", error->message);
          return 1;
        }
      g_ptr_array_unref (accounts[i].batch);
      g_ptr_array_unref (accounts[i].recent);
    }

  if (!opt_quiet)
    g_print ("%s: %u comments over %u accounts and %u days in %.1f s: "
             "%u critical, %u positive, %u neutral; %u open, %u answered, %u done, %u ignored\n",
             path, opt_comments, opt_accounts, opt_days,
             (g_get_monotonic_time () - started) / 1e6,
             counts[RZ_SENTIMENT_CRITICAL], counts[RZ_SENTIMENT_POSITIVE], counts[RZ_SENTIMENT_NEUTRAL],
             states[RZ_COMMENT_STATE_OPEN], states[RZ_COMMENT_STATE_ANSWERED],
             states[RZ_COMMENT_STATE_DONE], states[RZ_COMMENT_STATE_IGNORED]);
  return 0;
}
