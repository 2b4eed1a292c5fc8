/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rz-comment.h"
#include "rz-comment-list-model.h"
#include "rz-database.h"
#include "rz-response-time.h"
#include "rz-test-async.h"

/* RzCommentListModel over 10,000 generated comments: the count, pages
 * that arrive after the first get_item(), filters and search, a cache that
 * stays within its size however far one scrolls, and reloads. The default
 * order is checked against rz_database_list_comments(), which defines it. */

#define N_COMMENTS 10000

static const char * const channels[] = { "instagram", "facebook", "mastodon" };

typedef struct {
  RzDatabase *db;
  char       *dir;
  char       *path;
  /* What was written, to know the right answers. */
  guint       n_channel[G_N_ELEMENTS (channels)];
  guint       n_open;
  guint       n_critical;
  guint       n_open_critical_instagram;
  guint       n_lieferung;
  guint       n_lieferung_critical;
} Inbox;

static Inbox inbox;

static void
write_inbox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  GPtrArray *batches[G_N_ELEMENTS (channels)];
  gint64 accounts[G_N_ELEMENTS (channels)];

  /* One file for all tests: G_TEST_OPTION_ISOLATE_DIRS gives each test
   * a directory of its own, removed after it. */
  inbox.dir = g_dir_make_tmp ("rz-model-XXXXXX", &error);
  g_assert_no_error (error);
  inbox.path = g_build_filename (inbox.dir, "model.db", NULL);
  inbox.db = rz_database_open (inbox.path, &error);
  g_assert_no_error (error);

  for (guint a = 0; a < G_N_ELEMENTS (channels); a++)
    {
      accounts[a] = rz_database_add_account (inbox.db, channels[a], "Laden", NULL, "@laden", &error);
      g_assert_no_error (error);
      batches[a] = g_ptr_array_new_with_free_func (g_object_unref);
    }

  for (guint i = 0; i < N_COMMENTS; i++)
    {
      g_autoptr(RzComment) comment = rz_comment_new ();
      g_autofree char *remote_id = g_strdup_printf ("%u", i);
      g_autofree char *text = NULL;
      guint a = g_rand_int_range (rand, 0, G_N_ELEMENTS (channels));
      gboolean critical = g_rand_int_range (rand, 0, 10) == 0;
      gboolean open = g_rand_int_range (rand, 0, 20) == 0;
      gboolean lieferung = g_rand_int_range (rand, 0, 7) == 0;
      /* Few distinct times, so that the order falls back to the id. */
      gint64 created_at = 1700000000 + g_rand_int_range (rand, 0, 5000) * 60;

      text = g_strdup_printf ("Kommentar %u: %s", i,
                              lieferung ? "Wo bleibt meine Lieferung?" : "Schöner Laden!");
      rz_comment_set_remote_id (comment, remote_id);
      rz_comment_set_author (comment, "Anna Schmidt");
      rz_comment_set_text (comment, text);
      rz_comment_set_created_at (comment, created_at);
      rz_comment_set_sentiment (comment, critical ? RZ_SENTIMENT_CRITICAL : RZ_SENTIMENT_NEUTRAL);
      rz_comment_set_state (comment, open ? RZ_COMMENT_STATE_OPEN : (RzCommentState) g_rand_int_range (rand, 1, 4));
      g_ptr_array_add (batches[a], g_steal_pointer (&comment));

      inbox.n_channel[a]++;
      inbox.n_open += open;
      inbox.n_critical += critical;
      inbox.n_open_critical_instagram += open && critical && a == 0;
      inbox.n_lieferung += lieferung;
      inbox.n_lieferung_critical += lieferung && critical;
    }

  for (guint a = 0; a < G_N_ELEMENTS (channels); a++)
    {
      g_assert_true (rz_database_store_inbox (inbox.db, accounts[a], batches[a], NULL, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_unref (batches[a]);
    }
}

/* --- waiting ------------------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

typedef struct {
  GMainLoop *loop;
  Condition  condition;
  gpointer   data;
} Wait;

static gboolean
check_condition (gpointer user_data)
{
  Wait *wait = user_data;

  if (wait->condition (wait->data))
    g_main_loop_quit (wait->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
fail_timeout (gpointer user_data)
{
  g_error ("Timed out waiting for the model");
  return G_SOURCE_REMOVE;
}

/* Runs a main loop until @condition holds. */
static void
wait_until (Condition condition,
            gpointer  data)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), condition, data };
  guint check_id;
  guint timeout_id;

  if (condition (data))
    {
      g_main_loop_unref (wait.loop);
      return;
    }

  check_id = g_timeout_add (1, check_condition, &wait);
  timeout_id = g_timeout_add_seconds (30, fail_timeout, NULL);
  g_main_loop_run (wait.loop);
  g_source_remove (check_id);
  g_source_remove (timeout_id);
  g_main_loop_unref (wait.loop);
}

static gboolean
not_loading (gpointer data)
{
  return !rz_comment_list_model_get_loading (data);
}

static RzCommentListModel *
new_model (guint page_size,
           guint max_pages)
{
  RzCommentListModel *model = g_object_new (RZ_TYPE_COMMENT_LIST_MODEL,
                                            "database", inbox.db,
                                            "page-size", page_size,
                                            "max-pages", max_pages,
                                            NULL);

  g_assert_true (rz_comment_list_model_get_loading (model));
  wait_until (not_loading, model);
  g_assert_null (rz_comment_list_model_get_error (model));
  return model;
}

typedef struct {
  GListModel *model;
  guint       position;
} Position;

static gboolean
is_loaded (gpointer data)
{
  Position *at = data;
  g_autoptr(RzComment) comment = g_list_model_get_item (at->model, at->position);

  return comment != NULL && !rz_comment_list_model_is_placeholder (comment);
}

/* The comment at @position once its page is there. */
static RzComment *
get_loaded (GListModel *model,
            guint       position)
{
  Position at = { model, position };

  wait_until (is_loaded, &at);
  return g_list_model_get_item (model, position);
}

static gint64
expected_id (guint position)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;

  comments = rz_database_list_comments (inbox.db, position, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (comments->len, ==, 1);
  return rz_comment_get_id (comments->pdata[0]);
}

/* Where rz_database_list_comments() has the comment. */
static guint
expected_id_position (gint64 comment_id)
{
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;

  comments = rz_database_list_comments (inbox.db, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < comments->len; i++)
    if (rz_comment_get_id (comments->pdata[i]) == comment_id)
      return i;
  return G_MAXUINT;
}

/* --- tests --------------------------------------------------------------- */

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_count (void)
{
  g_autoptr(RzCommentListModel) model = NULL;
  g_autoptr(RzComment) first = NULL;
  guint n_changes = 0;

  model = g_object_new (RZ_TYPE_COMMENT_LIST_MODEL, "database", inbox.db, NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_changes);

  /* Nothing is there before the count; the count comes with its first
   * page, so the first rows show at once. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  wait_until (not_loading, model);

  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_COMMENTS);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == RZ_TYPE_COMMENT);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_false (rz_comment_list_model_is_placeholder (first));
  g_assert_cmpint (rz_comment_get_id (first), ==, expected_id (0));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_COMMENTS));
}

static void
test_random_access (void)
{
  g_autoptr(RzCommentListModel) model = new_model (200, 16);
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  GListModel *list = G_LIST_MODEL (model);

  for (guint i = 0; i < 60; i++)
    {
      /* The ends too: the last page is a short one. */
      guint position = i == 0 ? N_COMMENTS - 1 : (guint) g_rand_int_range (rand, 0, N_COMMENTS);
      g_autoptr(RzComment) first = g_list_model_get_item (list, position);
      g_autoptr(RzComment) loaded = get_loaded (list, position);
      g_autoptr(RzComment) again = g_list_model_get_item (list, position);

      g_assert_nonnull (first);
      g_assert_cmpint (rz_comment_get_id (loaded), ==, expected_id (position));
      g_assert_true (loaded == again);
      g_assert_nonnull (rz_comment_get_text (loaded));
    }
}

typedef struct {
  guint       position;
  guint       removed;
  guint       added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change change = { position, removed, added };

  /* The model is consistent when it says so. */
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, position + added);
  g_array_append_val (changes, change);
}

static gboolean
has_change (gpointer data)
{
  return ((GArray *) data)->len > 0;
}

static void
test_placeholders (void)
{
  g_autoptr(RzCommentListModel) model = new_model (100, 4);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  Change *change;

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);

  /* A page asked for gives placeholders, then one ::items-changed over
   * the placeholders that were handed out and are still held, without
   * changing the number of items. */
  g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (model), 5050));
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), 5060));
  g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (model), 5070));
  g_assert_true (rz_comment_list_model_is_placeholder (held->pdata[0]));
  g_assert_null (rz_comment_get_text (held->pdata[0]));
  wait_until (has_change, changes);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 5050);
  g_assert_cmpuint (change->removed, ==, 21);
  g_assert_cmpuint (change->added, ==, 21);
  g_ptr_array_set_size (held, 0);

  /* Nobody saw the page read ahead: it comes without a signal, and its
   * comments are there when asked for. 5090 is near the end of its page,
   * so the next page is read ahead. */
  g_array_set_size (changes, 0);
  {
    g_autoptr(RzComment) near_end = g_list_model_get_item (G_LIST_MODEL (model), 5090);
    g_autoptr(RzComment) ahead = NULL;

    g_assert_false (rz_comment_list_model_is_placeholder (near_end));
    ahead = get_loaded (G_LIST_MODEL (model), 5150);
    g_assert_cmpint (rz_comment_get_id (ahead), ==, expected_id (5150));
  }
  g_assert_cmpuint (changes->len, ==, 0);

  /* Pages asked for one after the other, faster than they are read,
   * with a view holding their placeholders: the cache drops the oldest,
   * and announces them again so the view asks again; nothing is lost. */
  g_array_set_size (changes, 0);
  g_ptr_array_set_size (held, 0);
  for (guint page = 0; page < 10; page++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (model), 2000 + page * 100 + 50));
  g_assert_cmpuint (rz_comment_list_model_get_n_cached_pages (model), <=, 5);
  for (guint page = 0; page < 10; page++)
    {
      g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), 2000 + page * 100 + 50);

      g_assert_cmpint (rz_comment_get_id (comment), ==, expected_id (2000 + page * 100 + 50));
      g_assert_cmpuint (rz_comment_list_model_get_n_cached_pages (model), <=, 5);
    }
  for (guint i = 0; i < changes->len; i++)
    {
      change = &g_array_index (changes, Change, i);
      g_assert_cmpuint (change->removed, ==, change->added);
    }
}

static void
check_count (RzCommentListModel *model,
             guint               expected)
{
  wait_until (not_loading, model);
  g_assert_null (rz_comment_list_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
}

/* Every comment of the model passes the model's filter, in order. */
static void
check_filtered (RzCommentListModel *model)
{
  GListModel *list = G_LIST_MODEL (model);
  guint n = g_list_model_get_n_items (list);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  RzInboxFilter filter = {
    rz_comment_list_model_get_channel (model),
    rz_comment_list_model_get_state (model),
    rz_comment_list_model_get_critical_only (model),
    rz_comment_list_model_get_search (model),
  };

  all = rz_database_list_inbox (inbox.db, &filter, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, n);

  for (guint position = 0; position < n; position += MAX (1, n / 25))
    {
      g_autoptr(RzComment) comment = get_loaded (list, position);

      g_assert_cmpint (rz_comment_get_id (comment), ==, rz_comment_get_id (all->pdata[position]));
      if (filter.channel != NULL)
        g_assert_cmpstr (rz_comment_get_channel (comment), ==, filter.channel);
      if (filter.state >= 0)
        g_assert_cmpint (rz_comment_get_state (comment), ==, filter.state);
      if (filter.critical_only)
        g_assert_cmpint (rz_comment_get_sentiment (comment), ==, RZ_SENTIMENT_CRITICAL);
      if (filter.search != NULL)
        g_assert_nonnull (strstr (rz_comment_get_text (comment), "Lieferung"));
    }
}

static void
test_filters (void)
{
  g_autoptr(RzCommentListModel) model = new_model (200, 16);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);

  rz_comment_list_model_set_channel (model, "facebook");
  /* The old items stay until the new count is there. */
  g_assert_true (rz_comment_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_COMMENTS);
  check_count (model, inbox.n_channel[1]);
  /* New parameters: all out, then all in, so the view starts at the top. */
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, N_COMMENTS);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, 0);
  g_assert_cmpuint (g_array_index (changes, Change, 1).added, ==, inbox.n_channel[1]);
  check_filtered (model);

  rz_comment_list_model_set_channel (model, NULL);
  rz_comment_list_model_set_state (model, RZ_COMMENT_STATE_OPEN);
  check_count (model, inbox.n_open);
  check_filtered (model);

  rz_comment_list_model_set_state (model, RZ_COMMENT_LIST_MODEL_ALL_STATES);
  rz_comment_list_model_set_critical_only (model, TRUE);
  check_count (model, inbox.n_critical);
  check_filtered (model);

  /* Several changes at once are counted once they have all been made. */
  rz_comment_list_model_set_channel (model, "instagram");
  rz_comment_list_model_set_state (model, RZ_COMMENT_STATE_OPEN);
  check_count (model, inbox.n_open_critical_instagram);
  check_filtered (model);

  rz_comment_list_model_set_channel (model, NULL);
  rz_comment_list_model_set_state (model, RZ_COMMENT_LIST_MODEL_ALL_STATES);
  rz_comment_list_model_set_search (model, "lieferung");
  check_count (model, inbox.n_lieferung_critical);
  check_filtered (model);

  rz_comment_list_model_set_critical_only (model, FALSE);
  check_count (model, inbox.n_lieferung);
  check_filtered (model);

  /* Prefix search, as in the app's other searches. */
  rz_comment_list_model_set_search (model, "Liefer");
  check_count (model, inbox.n_lieferung);
  rz_comment_list_model_set_search (model, "Zahnpasta");
  check_count (model, 0);
  rz_comment_list_model_set_search (model, "\"*");
  check_count (model, 0);

  rz_comment_list_model_set_search (model, "");
  g_assert_null (rz_comment_list_model_get_search (model));
  check_count (model, N_COMMENTS);
}

static void
comment_gone (gpointer  data,
              GObject  *where_the_object_was)
{
  GHashTable *alive = data;

  g_assert_true (g_hash_table_remove (alive, where_the_object_was));
}

static void
test_memory_bounded (void)
{
  const guint page_size = 50;
  const guint max_pages = 6;
  g_autoptr(RzCommentListModel) model = new_model (page_size, max_pages);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(GHashTable) alive = g_hash_table_new (NULL, NULL);
  guint max_alive = 0;

  /* Scrolling through the whole inbox the way a list view does: it asks
   * for each row, and lets go of it when it leaves the screen. Every
   * comment object the model hands out is tracked until it is gone. */
  for (guint position = 0; position < N_COMMENTS; position++)
    {
      g_autoptr(RzComment) comment = get_loaded (list, position);

      if (!g_hash_table_contains (alive, comment))
        {
          g_hash_table_add (alive, comment);
          g_object_weak_ref (G_OBJECT (comment), comment_gone, alive);
        }
      max_alive = MAX (max_alive, g_hash_table_size (alive));
      g_assert_cmpuint (rz_comment_list_model_get_n_cached_pages (model), <=, max_pages);
      g_assert_cmpuint (rz_comment_list_model_get_n_cached_items (model), <=, max_pages * page_size);
    }

  /* What is alive at any time is what the cache holds, never the inbox. */
  g_assert_cmpuint (max_alive, <=, max_pages * page_size);
  g_assert_cmpuint (max_alive, >=, page_size);

  g_clear_object (&model);
  g_assert_cmpuint (g_hash_table_size (alive), ==, 0);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static guint
find (RzCommentListModel *model,
      gint64              comment_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  rz_comment_list_model_find_async (model, comment_id, NULL, rz_test_store_result, &result);
  wait_until (is_set, &result);
  position = rz_comment_list_model_find_finish (model, result, &error);
  g_assert_no_error (error);
  return position;
}

static void
test_find (void)
{
  g_autoptr(RzCommentListModel) model = new_model (200, 16);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);

  for (guint i = 0; i < 20; i++)
    {
      guint position = i == 0 ? 0 : i == 1 ? N_COMMENTS - 1 : (guint) g_rand_int_range (rand, 0, N_COMMENTS);

      g_assert_cmpuint (find (model, expected_id (position)), ==, position);
    }
  g_assert_cmpuint (find (model, 999999), ==, G_MAXUINT);

  /* Under a filter: its position among what passes, or not shown. */
  rz_comment_list_model_set_search (model, "Lieferung");
  check_count (model, inbox.n_lieferung);
  for (guint position = 0; position < inbox.n_lieferung; position += 97)
    {
      g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), position);

      g_assert_cmpuint (find (model, rz_comment_get_id (comment)), ==, position);
    }
  for (guint position = 0; position < 50; position++)
    {
      gint64 id = expected_id (position);
      g_autoptr(GPtrArray) all = rz_database_list_comments (inbox.db, position, 1, NULL);

      if (strstr (rz_comment_get_text (all->pdata[0]), "Lieferung") == NULL)
        g_assert_cmpuint (find (model, id), ==, G_MAXUINT);
    }
}

static void
test_reload (void)
{
  g_autoptr(RzCommentListModel) model = new_model (200, 16);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(RzComment) held = get_loaded (G_LIST_MODEL (model), 4321);
  g_autoptr(RzComment) after = NULL;
  g_autoptr(RzComment) comment = rz_comment_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  gint64 held_id = rz_comment_get_id (held);
  RzCommentState old_state = rz_comment_get_state (held);
  guint position;

  g_signal_connect (model, "items-changed", G_CALLBACK (record_change), changes);

  /* The user answers the comment in view, and a new one comes in. */
  g_assert_true (rz_database_set_comment_state (inbox.db, held_id, RZ_COMMENT_STATE_IGNORED, &error));
  g_assert_no_error (error);
  rz_comment_set_account_id (comment, 1);
  rz_comment_set_channel (comment, "instagram");
  rz_comment_set_remote_id (comment, "new");
  rz_comment_set_text (comment, "Neu!");
  rz_comment_set_created_at (comment, 1800000000);
  g_assert_true (rz_database_add_comment (inbox.db, comment, NULL, &error));
  g_assert_no_error (error);

  rz_comment_list_model_reload (model);
  check_count (model, N_COMMENTS + 1);

  /* One change in place, so the view keeps its place. */
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, N_COMMENTS);
  g_assert_cmpuint (g_array_index (changes, Change, 0).added, ==, N_COMMENTS + 1);

  /* The comment still shown keeps its object at its new place, and gets
   * its new state when its page is read. */
  position = find (model, held_id);
  g_assert_cmpuint (position, ==, expected_id_position (held_id));
  after = get_loaded (G_LIST_MODEL (model), position);
  g_assert_true (after == held);
  g_assert_cmpint (rz_comment_get_state (held), ==, RZ_COMMENT_STATE_IGNORED);

  /* Put things back for the other tests. */
  g_assert_true (rz_database_set_comment_state (inbox.db, held_id, old_state, &error));
  g_assert_no_error (error);
}

/* --- the plan's targets --------------------------------------------------- */

typedef struct {
  gint64  id;
  int     bucket;
  int     overdue;   /* 0: waited its target or longer */
  gint64  time;
} Expected;

static int
compare_expected (gconstpointer a,
                  gconstpointer b)
{
  const Expected *x = a;
  const Expected *y = b;

  if (x->bucket != y->bucket)
    return x->bucket - y->bucket;
  if (x->overdue != y->overdue)
    return x->overdue - y->overdue;
  if (x->time != y->time)
    return x->time < y->time ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static guint
target_of (GHashTable *targets,
           const char *channel)
{
  guint minutes = GPOINTER_TO_UINT (g_hash_table_lookup (targets, channel));

  return minutes > 0 ? minutes : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES;
}

/* Recent open comments on channels with different targets: the open
 * critical ones first, then those past their channel's target (as
 * rz_response_time_level() says), then the other open ones, oldest first;
 * then the rest, newest first. Searching and finding keep that order, and
 * the notice counts the critical comments the filters hide. */
static void
test_plan_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (815);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "plan.db", NULL);
  g_autoptr(RzDatabase) db = NULL;
  g_autoptr(RzCommentListModel) model = NULL;
  g_autoptr(GHashTable) targets = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Expected));
  g_autoptr(GArray) expected_search = g_array_new (FALSE, FALSE, sizeof (Expected));
  g_auto(GStrv) inbox_channels = NULL;
  gint64 start = g_get_real_time () / G_USEC_PER_SEC;
  guint n_critical = 0;
  guint n_critical_open_facebook = 0;
  guint n_overdue = 0;
  guint n_fine = 0;
  gint64 now;
  RzInboxFilter filter = { "facebook", RZ_COMMENT_STATE_OPEN, FALSE, NULL, 0, NULL };
  guint hidden = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  db = rz_database_open (path, &error);
  g_assert_no_error (error);

  /* Instagram within an hour, Facebook within a day, Mastodon has no
   * target in the plan: the default. */
  g_hash_table_insert (targets, (gpointer) "instagram", GUINT_TO_POINTER (60));
  g_hash_table_insert (targets, (gpointer) "facebook", GUINT_TO_POINTER (24 * 60));

  for (guint a = 0; a < G_N_ELEMENTS (channels); a++)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 account = rz_database_add_account (db, channels[a], "Laden", NULL, "@laden", &error);

      g_assert_no_error (error);
      for (guint i = 0; i < 300; i++)
        {
          g_autoptr(RzComment) comment = rz_comment_new ();
          g_autofree char *remote_id = g_strdup_printf ("%u", i);
          gboolean critical = g_rand_int_range (rand, 0, 8) == 0;
          gboolean open = g_rand_int_range (rand, 0, 3) == 0;
          gboolean torte = g_rand_int_range (rand, 0, 4) == 0;

          rz_comment_set_remote_id (comment, remote_id);
          rz_comment_set_author (comment, "Kim");
          rz_comment_set_text (comment, torte ? "Die Torte war zu süß" : "Danke für alles");
          /* Within the last two days, some on the same second. */
          rz_comment_set_created_at (comment, start - g_rand_int_range (rand, 0, 48 * 60) * 60);
          rz_comment_set_sentiment (comment, critical ? RZ_SENTIMENT_CRITICAL : RZ_SENTIMENT_NEUTRAL);
          rz_comment_set_state (comment, open ? RZ_COMMENT_STATE_OPEN : RZ_COMMENT_STATE_DONE);
          n_critical += critical;
          n_critical_open_facebook += critical && open && a == 1;
          g_ptr_array_add (batch, g_steal_pointer (&comment));
        }
      g_assert_true (rz_database_store_inbox (db, account, batch, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  inbox_channels = rz_database_dup_inbox_channels (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (inbox_channels), ==, 3);
  g_assert_cmpstr (inbox_channels[0], ==, "facebook");
  g_assert_cmpstr (inbox_channels[1], ==, "instagram");
  g_assert_cmpstr (inbox_channels[2], ==, "mastodon");

  /* Facebook's open comments: every other critical one is hidden. */
  g_assert_true (rz_database_count_inbox_hidden_critical (db, &filter, &hidden, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hidden, ==, n_critical - n_critical_open_facebook);
  g_assert_cmpuint (hidden, >, 0);
  /* "Critical only" hides no criticism. */
  filter.channel = NULL;
  filter.state = -1;
  filter.critical_only = TRUE;
  g_assert_true (rz_database_count_inbox_hidden_critical (db, &filter, &hidden, &error));
  g_assert_cmpuint (hidden, ==, 0);

  model = g_object_new (RZ_TYPE_COMMENT_LIST_MODEL, "database", db, "page-size", 50, NULL);
  rz_comment_list_model_set_target_minutes (model, targets);
  g_assert_true (rz_comment_list_model_get_target_minutes (model) == targets);
  wait_until (not_loading, model);
  g_assert_null (rz_comment_list_model_get_error (model));
  now = rz_comment_list_model_get_now (model);
  g_assert_cmpint (now, >=, start);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 900);

  {
    g_autoptr(GPtrArray) all = rz_database_list_inbox (db, NULL, 0, 0, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      {
        RzComment *comment = all->pdata[i];
        gboolean open = rz_comment_get_state (comment) == RZ_COMMENT_STATE_OPEN;
        gint64 created = rz_comment_get_created_at (comment);
        gint64 target = (gint64) target_of (targets, rz_comment_get_channel (comment)) * 60;
        gboolean late = rz_response_time_level (now - created, target) == RZ_WAIT_LEVEL_OVERDUE;
        Expected e = {
          rz_comment_get_id (comment),
          !open ? 2 : rz_comment_get_sentiment (comment) == RZ_SENTIMENT_CRITICAL ? 0 : 1,
          open && !late,
          open ? created : -created,
        };
        g_array_append_val (expected, e);
        if (strstr (rz_comment_get_text (comment), "Torte") != NULL)
          g_array_append_val (expected_search, e);
        if (e.bucket == 1)
          {
            n_overdue += late;
            n_fine += !late;
          }
      }
  }
  /* Both kinds are there, or the test shows nothing. */
  g_assert_cmpuint (n_overdue, >, 10);
  g_assert_cmpuint (n_fine, >, 10);
  g_array_sort (expected, compare_expected);
  g_array_sort (expected_search, compare_expected);

  for (guint position = 0; position < expected->len; position++)
    {
      g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), position);

      g_assert_cmpint (rz_comment_get_id (comment), ==, g_array_index (expected, Expected, position).id);
    }
  for (guint position = 0; position < expected->len; position += 37)
    g_assert_cmpuint (find (model, g_array_index (expected, Expected, position).id), ==, position);

  /* The same order among what a search finds (the full-text index folds
   * case and diacritics). */
  rz_comment_list_model_set_search (model, "TORTE");
  check_count (model, expected_search->len);
  for (guint position = 0; position < expected_search->len; position++)
    {
      g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), position);

      g_assert_cmpint (rz_comment_get_id (comment), ==, g_array_index (expected_search, Expected, position).id);
    }
  for (guint position = 0; position < expected_search->len; position += 11)
    g_assert_cmpuint (find (model, g_array_index (expected_search, Expected, position).id), ==, position);
  rz_comment_list_model_set_search (model, "suß");
  check_count (model, expected_search->len);

  /* A plan without targets: every channel has the default. */
  rz_comment_list_model_set_search (model, NULL);
  {
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_late = 0;

    rz_comment_list_model_set_target_minutes (model, none);
    wait_until (not_loading, model);
    now = rz_comment_list_model_get_now (model);
    for (guint i = 0; i < expected->len; i++)
      {
        Expected *e = &g_array_index (expected, Expected, i);

        if (e->bucket < 2)
          {
            e->overdue = rz_response_time_level (now - e->time, RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES * 60)
                         != RZ_WAIT_LEVEL_OVERDUE;
            n_late += e->bucket == 1 && !e->overdue;
          }
      }
    g_assert_cmpuint (n_late, >, 10);
    g_array_sort (expected, compare_expected);
    for (guint position = 0; position < expected->len; position++)
      {
        g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), position);

        g_assert_cmpint (rz_comment_get_id (comment), ==, g_array_index (expected, Expected, position).id);
      }
  }

  /* Without targets: the order of the index alone, as before. */
  rz_comment_list_model_set_search (model, NULL);
  rz_comment_list_model_set_target_minutes (model, NULL);
  wait_until (not_loading, model);
  {
    g_autoptr(GPtrArray) plain = rz_database_list_comments (db, 0, 0, &error);

    g_assert_no_error (error);
    for (guint position = 0; position < plain->len; position += 7)
      {
        g_autoptr(RzComment) comment = get_loaded (G_LIST_MODEL (model), position);

        g_assert_cmpint (rz_comment_get_id (comment), ==, rz_comment_get_id (plain->pdata[position]));
      }
  }

  g_clear_object (&model);
  g_clear_object (&db);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  write_inbox ();

  g_test_add_func ("/rz/gui/comment-list-model/count", test_count);
  g_test_add_func ("/rz/gui/comment-list-model/random-access", test_random_access);
  g_test_add_func ("/rz/gui/comment-list-model/placeholders", test_placeholders);
  g_test_add_func ("/rz/gui/comment-list-model/filters", test_filters);
  g_test_add_func ("/rz/gui/comment-list-model/memory-bounded", test_memory_bounded);
  g_test_add_func ("/rz/gui/comment-list-model/find", test_find);
  g_test_add_func ("/rz/gui/comment-list-model/reload", test_reload);
  g_test_add_func ("/rz/gui/comment-list-model/plan-order", test_plan_order);

  result = g_test_run ();

  g_clear_object (&inbox.db);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (inbox.path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (inbox.dir);
  g_free (inbox.path);
  g_free (inbox.dir);
  return result;
}
