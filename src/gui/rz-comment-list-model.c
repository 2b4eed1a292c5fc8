/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-gui"

#include "rz-comment-list-model.h"
#include "rz-database.h"

/* How it works: positions are grouped into pages of page_size. The first
 * get_item() of a page puts the page into the cache with placeholders and
 * queues it for the database's worker; when the rows arrive the
 * placeholders are filled in and ::items-changed tells the view about
 * those it holds. The next page in the direction the view moves is read
 * ahead, so while scrolling the rows are there before they are asked for.
 * Only one page is on the worker at a time and the page asked for last
 * goes first, so while the user drags the scrollbar across the list only
 * what comes into view is read. The cache keeps max_pages pages and drops
 * the least recently used one beyond that.
 *
 * Dropping a page whose placeholders a view still shows would leave those
 * rows empty for good, as a view asks for an item only once; such a page
 * is announced as changed (from an idle: never inside get_item()), and the
 * view asks again.
 *
 * A change of the parameters keeps showing the old items until the new
 * count (and with it the first page) is there, then swaps everything at
 * once. A generation number tells results of the old parameters apart. */

#define DEFAULT_PAGE_SIZE 200
#define DEFAULT_MAX_PAGES 16

typedef struct {
  guint      index;
  GPtrArray *items;       /* RzComment; placeholders until loaded */
  gboolean   loaded;
  GList      lru_link;    /* in self->lru, most recently used first */
  GList      wanted_link; /* in self->wanted while waiting for the worker */
  gboolean   wanted;
} Page;

struct _RzCommentListModel
{
  GObject       parent_instance;

  RzDatabase   *database;
  guint         page_size;
  guint         max_pages;

  char         *channel;
  int           state;
  gboolean      critical_only;
  char         *search;
  GHashTable   *target_minutes; /* never changed once set; NULL: none */
  gint64        now;            /* when the order of the items was taken */

  guint         n_items;
  guint         generation;
  GHashTable   *pages;          /* page index → Page */
  GQueue        lru;
  GQueue        wanted;         /* next to read at the head */
  gboolean      page_running;
  guint         running_index;
  guint         last_index;     /* the page the view asked for last */
  gboolean      forward;        /* and whether it moves down the list */

  gboolean      loading;        /* a count is wanted or running */
  gboolean      count_running;
  gboolean      count_again;    /* parameters changed while counting */
  gboolean      params_changed; /* since the last swap: start at the top */
  gboolean      recounted;      /* after a page came short */
  GError       *error;

  /* Comments that are alive (cached or held by a view), by id, without a
   * reference: a page read again gives the same objects. */
  GHashTable   *live;

  GArray       *stale;          /* Page indices to announce as changed */
  guint         stale_id;

  GCancellable *cancellable;
};

static void rz_comment_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RzCommentListModel, rz_comment_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      rz_comment_list_model_list_model_init))

enum {
  PROP_0,
  PROP_DATABASE,
  PROP_PAGE_SIZE,
  PROP_MAX_PAGES,
  PROP_CHANNEL,
  PROP_STATE,
  PROP_CRITICAL_ONLY,
  PROP_SEARCH,
  PROP_TARGET_MINUTES,
  PROP_LOADING,
  PROP_ERROR,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- the query, as the worker gets it ------------------------------------ */

typedef struct {
  char     *channel;
  int       state;
  gboolean  critical_only;
  char     *search;
  GHashTable *target_minutes;
  gint64    now;
  guint     offset;
  guint     limit;
  gint64    comment_id;
} Query;

static Query *
query_new (RzCommentListModel *self)
{
  Query *query = g_new0 (Query, 1);

  query->channel = g_strdup (self->channel);
  query->state = self->state;
  query->critical_only = self->critical_only;
  query->search = g_strdup (self->search);
  if (self->target_minutes != NULL)
    query->target_minutes = g_hash_table_ref (self->target_minutes);
  query->now = self->now;
  return query;
}

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->channel);
  g_free (query->search);
  g_clear_pointer (&query->target_minutes, g_hash_table_unref);
  g_free (query);
}

static void
query_get_filter (const Query   *query,
                  RzInboxFilter *filter)
{
  filter->channel = query->channel;
  filter->state = query->state;
  filter->critical_only = query->critical_only;
  filter->search = query->search;
  /* Without the plan's targets the order is the index's alone. */
  filter->now = query->target_minutes != NULL ? query->now : 0;
  filter->target_minutes = query->target_minutes;
}

/* --- comments ------------------------------------------------------------ */

gboolean
rz_comment_list_model_is_placeholder (RzComment *comment)
{
  g_return_val_if_fail (RZ_IS_COMMENT (comment), FALSE);

  /* Stored comments have SQLite rowids, which start at 1. */
  return rz_comment_get_id (comment) == 0;
}

/* One comment in self->live. The weak reference removes it when the
 * comment goes away. */
typedef struct {
  RzCommentListModel *self;
  RzComment          *comment;
  gint64              id;
} LiveEntry;

static void
live_comment_gone (gpointer  data,
                   GObject  *where_the_object_was)
{
  LiveEntry *entry = data;

  /* Frees the entry. */
  g_hash_table_remove (entry->self->live, &entry->id);
}

static void
copy_comment (RzComment *to,
              RzComment *from)
{
  rz_comment_set_id (to, rz_comment_get_id (from));
  rz_comment_set_account_id (to, rz_comment_get_account_id (from));
  rz_comment_set_channel (to, rz_comment_get_channel (from));
  rz_comment_set_remote_id (to, rz_comment_get_remote_id (from));
  rz_comment_set_parent_remote_id (to, rz_comment_get_parent_remote_id (from));
  rz_comment_set_author (to, rz_comment_get_author (from));
  rz_comment_set_author_handle (to, rz_comment_get_author_handle (from));
  rz_comment_set_text (to, rz_comment_get_text (from));
  rz_comment_set_url (to, rz_comment_get_url (from));
  rz_comment_set_context (to, rz_comment_get_context (from));
  rz_comment_set_created_at (to, rz_comment_get_created_at (from));
  rz_comment_set_sentiment (to, rz_comment_get_sentiment (from));
  rz_comment_set_state (to, rz_comment_get_state (from));
  rz_comment_set_is_demo (to, rz_comment_get_is_demo (from));
}

static void
add_live (RzCommentListModel *self,
          RzComment          *comment)
{
  LiveEntry *entry = g_new (LiveEntry, 1);

  entry->self = self;
  entry->comment = comment;
  entry->id = rz_comment_get_id (comment);
  g_hash_table_insert (self->live, &entry->id, entry);
  g_object_weak_ref (G_OBJECT (comment), live_comment_gone, entry);
}

/* --- pages --------------------------------------------------------------- */

static guint
page_start (RzCommentListModel *self,
            guint               index)
{
  return index * self->page_size;
}

static guint
page_length (RzCommentListModel *self,
             guint               index)
{
  guint start = page_start (self, index);

  return start < self->n_items ? MIN (self->page_size, self->n_items - start) : 0;
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

/* Someone besides the page holds the placeholder at @i: a view bound it,
 * or a selection keeps it. */
static gboolean
is_held (Page  *page,
         guint  i)
{
  return g_atomic_int_get (&G_OBJECT (g_ptr_array_index (page->items, i))->ref_count) > 1;
}

static gboolean
page_is_shown (Page *page)
{
  for (guint i = 0; i < page->items->len; i++)
    if (is_held (page, i))
      return TRUE;
  return FALSE;
}

static gboolean
emit_stale (gpointer user_data)
{
  RzCommentListModel *self = user_data;
  g_autoptr(GArray) stale = g_steal_pointer (&self->stale);

  self->stale_id = 0;
  for (guint i = 0; stale != NULL && i < stale->len; i++)
    {
      guint index = g_array_index (stale, guint, i);
      guint length = page_length (self, index);

      /* Still not in the cache: the view asks again and queues it. */
      if (length > 0 && !g_hash_table_contains (self->pages, GUINT_TO_POINTER (index)))
        g_list_model_items_changed (G_LIST_MODEL (self), page_start (self, index), length, length);
    }

  return G_SOURCE_REMOVE;
}

static void
evict_pages (RzCommentListModel *self)
{
  GList *link = self->lru.tail;

  while (g_hash_table_size (self->pages) > self->max_pages && link != NULL)
    {
      Page *page = link->data;
      GList *prev = link->prev;

      /* The page on the worker stays until its rows arrive. */
      if (self->page_running && page->index == self->running_index)
        {
          link = prev;
          continue;
        }

      if (!page->loaded && page_is_shown (page))
        {
          if (self->stale == NULL)
            self->stale = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (self->stale, page->index);
          if (self->stale_id == 0)
            self->stale_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, emit_stale, self, NULL);
        }

      if (page->wanted)
        g_queue_unlink (&self->wanted, &page->wanted_link);
      g_queue_unlink (&self->lru, &page->lru_link);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
      link = prev;
    }
}

static void load_next_page (RzCommentListModel *self);

static Page *
create_page (RzCommentListModel *self,
             guint               index)
{
  guint length = page_length (self, index);
  Page *page = g_new0 (Page, 1);

  page->index = index;
  page->lru_link.data = page;
  page->wanted_link.data = page;
  page->items = g_ptr_array_new_full (length, g_object_unref);
  for (guint i = 0; i < length; i++)
    g_ptr_array_add (page->items, rz_comment_new ());
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->lru_link);
  return page;
}

/* Makes sure page @index is cached, and queued when it is not loaded:
 * first in line when @urgent (the view needs it now), last otherwise. */
static Page *
ensure_page (RzCommentListModel *self,
             guint               index,
             gboolean            urgent)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      page = create_page (self, index);
      page->wanted = TRUE;
      if (urgent)
        g_queue_push_head_link (&self->wanted, &page->wanted_link);
      else
        g_queue_push_tail_link (&self->wanted, &page->wanted_link);

      evict_pages (self);
      load_next_page (self);
      return page;
    }

  if (urgent)
    {
      g_queue_unlink (&self->lru, &page->lru_link);
      g_queue_push_head_link (&self->lru, &page->lru_link);
      if (page->wanted)
        {
          g_queue_unlink (&self->wanted, &page->wanted_link);
          g_queue_push_head_link (&self->wanted, &page->wanted_link);
        }
    }

  return page;
}

static void
clear_pages (RzCommentListModel *self)
{
  g_queue_init (&self->lru);
  g_queue_init (&self->wanted);
  g_hash_table_remove_all (self->pages);
  g_clear_pointer (&self->stale, g_array_unref);
  g_clear_handle_id (&self->stale_id, g_source_remove);
}

static void
set_error (RzCommentListModel *self,
           const GError       *error)
{
  if (error == NULL && self->error == NULL)
    return;

  if (error != NULL)
    g_debug ("Could not read the inbox: %s", error->message);
  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Puts freshly read @comments into @page. A comment still alive from an
 * earlier read takes its place again, refreshed; otherwise the
 * placeholder itself becomes the comment. Either way the objects a view
 * holds stay valid, and a view told about the change gets the very
 * objects it already has: GTK 4.8 then rebinds its rows instead of
 * building new ones (a row template is the dearest part of a page). */
static void
fill_page (RzCommentListModel *self,
           Page               *page,
           GPtrArray          *comments)
{
  guint n = MIN (comments->len, page->items->len);

  for (guint i = 0; i < n; i++)
    {
      RzComment *fresh = g_ptr_array_index (comments, i);
      RzComment *slot = g_ptr_array_index (page->items, i);
      gint64 id = rz_comment_get_id (fresh);
      LiveEntry *entry = g_hash_table_lookup (self->live, &id);

      if (entry != NULL && entry->comment != slot)
        {
          copy_comment (entry->comment, fresh);
          g_ptr_array_index (page->items, i) = g_object_ref (entry->comment);
          g_object_unref (slot);
        }
      else if (entry == NULL)
        {
          copy_comment (slot, fresh);
          add_live (self, slot);
        }
    }
  page->loaded = TRUE;
}

/* What a page read needs to know when it comes back. */
typedef struct {
  RzCommentListModel *self;
  guint               generation;
  guint               index;
} PageJob;

static gpointer
read_page_job (RzDatabase    *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Query *query = data;
  RzInboxFilter filter;

  query_get_filter (query, &filter);
  return rz_database_list_inbox (db, &filter, query->offset, query->limit, error);
}

static void
read_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree PageJob *job = user_data;
  g_autoptr(RzCommentListModel) self = job->self;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  comments = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  self->page_running = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (job->generation == self->generation &&
      (page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->index))) != NULL &&
      !page->loaded)
    {
      if (comments == NULL)
        {
          /* Dropped, so that the next time the view asks it is read again. */
          set_error (self, error);
          if (page->wanted)
            g_queue_unlink (&self->wanted, &page->wanted_link);
          g_queue_unlink (&self->lru, &page->lru_link);
          g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
        }
      else
        {
          guint length = page->items->len;
          guint first = G_MAXUINT;
          guint last = 0;

          /* Only placeholders that someone holds (a row shows it, a
           * selection keeps it) were ever seen; the others are filled in
           * without a word, as nobody can tell. A page read ahead is
           * usually there before any of its rows is, and every row a
           * list view is told about is bound again. */
          for (guint i = 0; i < length; i++)
            {
              if (is_held (page, i))
                {
                  first = MIN (first, i);
                  last = i;
                }
            }

          fill_page (self, page, comments);
          if (first != G_MAXUINT)
            g_list_model_items_changed (G_LIST_MODEL (self), page_start (self, page->index) + first,
                                        last - first + 1, last - first + 1);

          /* Fewer rows than counted: comments went away since. Counted
           * again, once: should the count and the rows disagree for good,
           * counting again would not end. */
          if (comments->len < length && !self->recounted)
            {
              self->recounted = TRUE;
              rz_comment_list_model_reload (self);
            }
        }
    }

  load_next_page (self);
}

static void
load_next_page (RzCommentListModel *self)
{
  Page *page;
  Query *query;
  PageJob *job;

  if (self->page_running || self->wanted.head == NULL)
    return;

  page = self->wanted.head->data;
  g_queue_unlink (&self->wanted, &page->wanted_link);
  page->wanted = FALSE;

  query = query_new (self);
  query->offset = page_start (self, page->index);
  query->limit = page->items->len;
  self->page_running = TRUE;
  self->running_index = page->index;

  job = g_new (PageJob, 1);
  job->self = g_object_ref (self);
  job->generation = self->generation;
  job->index = page->index;
  rz_database_run_async (self->database, read_page_job, query, query_free,
                         (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                         read_page_cb, job);
}

/* --- counting ------------------------------------------------------------ */

typedef struct {
  guint      n_items;
  gint64     now;
  GPtrArray *first_page;
} CountResult;

static void
count_result_free (gpointer data)
{
  CountResult *result = data;

  g_clear_pointer (&result->first_page, g_ptr_array_unref);
  g_free (result);
}

static gpointer
count_job (RzDatabase    *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Query *query = data;
  RzInboxFilter filter;
  CountResult *result = g_new0 (CountResult, 1);

  /* One time for the whole order, until the next count. */
  query->now = g_get_real_time () / G_USEC_PER_SEC;
  result->now = query->now;

  /* The job holds the connection's lock throughout, so no write of this
   * app comes between the count and the first page. */
  query_get_filter (query, &filter);
  if (!rz_database_count_inbox (db, &filter, &result->n_items, error) ||
      (result->first_page = rz_database_list_inbox (db, &filter, 0, query->limit, error)) == NULL)
    {
      count_result_free (result);
      return NULL;
    }

  return result;
}

static void start_count (RzCommentListModel *self);

static void
set_loading (RzCommentListModel *self,
             gboolean            loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RzCommentListModel) self = user_data;
  g_autoptr(GError) error = NULL;
  CountResult *count;
  guint old_n_items;
  gboolean keep_position;

  count = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  self->count_running = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The parameters changed meanwhile: this count is of no use. */
  if (self->count_again)
    {
      g_clear_pointer (&count, count_result_free);
      start_count (self);
      return;
    }

  if (count == NULL)
    {
      set_error (self, error);
      set_loading (self, FALSE);
      return;
    }

  set_error (self, NULL);
  old_n_items = self->n_items;
  /* A reload keeps the view where it is. New parameters start at the
   * top: everything goes, then the new items come, so the view does not
   * look for its old selection among them (GtkSingleSelection would ask
   * for every single item). */
  keep_position = !self->params_changed;
  self->params_changed = FALSE;

  self->generation++;
  clear_pages (self);
  self->last_index = 0;
  self->forward = TRUE;
  if (!keep_position && old_n_items > 0)
    {
      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, 0);
      old_n_items = 0;
    }

  if (count->n_items != old_n_items)
    self->recounted = FALSE;
  self->n_items = count->n_items;
  self->now = count->now;
  if (self->n_items > 0)
    fill_page (self, create_page (self, 0), count->first_page);
  count_result_free (count);

  /* Views hear of the new items before anyone else reacts to them. */
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  set_loading (self, FALSE);
}

static void
start_count (RzCommentListModel *self)
{
  Query *query;

  set_loading (self, TRUE);
  self->count_again = FALSE;
  self->count_running = TRUE;

  query = query_new (self);
  query->limit = self->page_size;
  rz_database_run_async (self->database, count_job, query, query_free, count_result_free,
                         self->cancellable, count_cb, g_object_ref (self));
}

static void
recount (RzCommentListModel *self)
{
  /* Typing in the search entry changes the parameters quickly: while a
   * count runs, only the last change is counted after it. */
  if (self->count_running)
    {
      self->count_again = TRUE;
      set_loading (self, TRUE);
      return;
    }
  start_count (self);
}

void
rz_comment_list_model_reload (RzCommentListModel *self)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));

  recount (self);
}

static void
parameters_changed (RzCommentListModel *self)
{
  self->params_changed = TRUE;
  recount (self);
}

/* --- GListModel ---------------------------------------------------------- */

static GType
rz_comment_list_model_get_item_type (GListModel *model)
{
  return RZ_TYPE_COMMENT;
}

static guint
rz_comment_list_model_get_n_items (GListModel *model)
{
  return RZ_COMMENT_LIST_MODEL (model)->n_items;
}

static gpointer
rz_comment_list_model_get_item (GListModel *model,
                                guint       position)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (model);
  guint index;
  guint offset;
  Page *page;
  gpointer item;

  if (position >= self->n_items)
    return NULL;

  index = position / self->page_size;
  offset = position % self->page_size;
  page = ensure_page (self, index, TRUE);
  item = g_object_ref (g_ptr_array_index (page->items, offset));

  /* While the view scrolls through pages that are there, read ahead the
   * next one in the direction it moves. GTK 4.8's list view asks for a
   * hundred rows or more beyond those it shows; a page that is there
   * before any of its rows is asked for costs the view nothing, while one
   * that comes late rebinds every row the view asked for meanwhile, in
   * one go. A view that lands on a page that is not there jumped (the
   * scrollbar is dragged): reading ahead would only make it bind full
   * rows instead of empty ones on every frame of the drag. */
  if (index != self->last_index)
    {
      self->forward = index > self->last_index;
      self->last_index = index;
    }
  if (page->loaded)
    {
      if (self->forward && page_length (self, index + 1) > 0)
        ensure_page (self, index + 1, FALSE);
      else if (!self->forward && index > 0)
        ensure_page (self, index - 1, FALSE);
    }

  return item;
}

static void
rz_comment_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rz_comment_list_model_get_item_type;
  iface->get_n_items = rz_comment_list_model_get_n_items;
  iface->get_item = rz_comment_list_model_get_item;
}

/* --- finding ------------------------------------------------------------- */

static gpointer
find_job (RzDatabase    *db,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Query *query = data;
  RzInboxFilter filter;
  guint *position = g_new (guint, 1);

  query_get_filter (query, &filter);
  if (!rz_database_find_in_inbox (db, &filter, query->comment_id, position, error))
    {
      g_free (position);
      return NULL;
    }
  return position;
}

static void
find_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree guint *position = NULL;
  GError *error = NULL;

  position = rz_database_run_finish (RZ_DATABASE (source), result, &error);
  if (position == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, *position);
}

void
rz_comment_list_model_find_async (RzCommentListModel  *self,
                                  gint64               comment_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rz_comment_list_model_find_async);

  query = query_new (self);
  query->comment_id = comment_id;
  rz_database_run_async (self->database, find_job, query, query_free, g_free,
                         cancellable, find_cb, g_steal_pointer (&task));
}

guint
rz_comment_list_model_find_finish (RzCommentListModel  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  gssize position;

  g_return_val_if_fail (g_task_is_valid (result, self), G_MAXUINT);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rz_comment_list_model_find_async, G_MAXUINT);

  position = g_task_propagate_int (G_TASK (result), error);
  if (position < 0)
    return G_MAXUINT;
  /* Found before the items were swapped after a change: not shown yet. */
  return (guint) position < self->n_items ? (guint) position : G_MAXUINT;
}

/* --- properties and the rest --------------------------------------------- */

/* g_set_str() is GLib 2.76. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

RzCommentListModel *
rz_comment_list_model_new (RzDatabase *database)
{
  g_return_val_if_fail (RZ_IS_DATABASE (database), NULL);

  return g_object_new (RZ_TYPE_COMMENT_LIST_MODEL, "database", database, NULL);
}

RzDatabase *
rz_comment_list_model_get_database (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), NULL);

  return self->database;
}

const char *
rz_comment_list_model_get_channel (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), NULL);

  return self->channel;
}

void
rz_comment_list_model_set_channel (RzCommentListModel *self,
                                   const char         *channel)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));

  if (set_string (&self->channel, channel))
    {
      parameters_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANNEL]);
    }
}

int
rz_comment_list_model_get_state (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), RZ_COMMENT_LIST_MODEL_ALL_STATES);

  return self->state;
}

void
rz_comment_list_model_set_state (RzCommentListModel *self,
                                 int                 state)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));
  g_return_if_fail (state >= RZ_COMMENT_LIST_MODEL_ALL_STATES && state <= RZ_COMMENT_STATE_IGNORED);

  if (self->state == state)
    return;
  self->state = state;
  parameters_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

gboolean
rz_comment_list_model_get_critical_only (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), FALSE);

  return self->critical_only;
}

void
rz_comment_list_model_set_critical_only (RzCommentListModel *self,
                                         gboolean            critical_only)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));

  critical_only = !!critical_only;
  if (self->critical_only == critical_only)
    return;
  self->critical_only = critical_only;
  parameters_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRITICAL_ONLY]);
}

const char *
rz_comment_list_model_get_search (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), NULL);

  return self->search;
}

void
rz_comment_list_model_set_search (RzCommentListModel *self,
                                  const char         *search)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));

  /* "" and NULL both mean no search. */
  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (set_string (&self->search, search))
    {
      parameters_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
    }
}

GHashTable *
rz_comment_list_model_get_target_minutes (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), NULL);

  return self->target_minutes;
}

void
rz_comment_list_model_set_target_minutes (RzCommentListModel *self,
                                          GHashTable         *target_minutes)
{
  g_return_if_fail (RZ_IS_COMMENT_LIST_MODEL (self));

  if (self->target_minutes == target_minutes)
    return;
  if (target_minutes != NULL)
    g_hash_table_ref (target_minutes);
  g_clear_pointer (&self->target_minutes, g_hash_table_unref);
  self->target_minutes = target_minutes;
  /* The same comments in a new order: the view keeps its place. */
  recount (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET_MINUTES]);
}

gint64
rz_comment_list_model_get_now (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), 0);

  return self->now;
}

gboolean
rz_comment_list_model_get_loading (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), FALSE);

  return self->loading;
}

const GError *
rz_comment_list_model_get_error (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), NULL);

  return self->error;
}

guint
rz_comment_list_model_get_n_cached_pages (RzCommentListModel *self)
{
  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}

guint
rz_comment_list_model_get_n_cached_items (RzCommentListModel *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (RZ_IS_COMMENT_LIST_MODEL (self), 0);

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Page *) value)->items->len;
  return n;
}

static void
rz_comment_list_model_constructed (GObject *object)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (object);

  G_OBJECT_CLASS (rz_comment_list_model_parent_class)->constructed (object);

  g_assert (RZ_IS_DATABASE (self->database));
  start_count (self);
}

static void
rz_comment_list_model_dispose (GObject *object)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  clear_pages (self);

  G_OBJECT_CLASS (rz_comment_list_model_parent_class)->dispose (object);
}

static void
rz_comment_list_model_finalize (GObject *object)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  /* Views may keep comments longer than the model lives. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (G_OBJECT (((LiveEntry *) value)->comment), live_comment_gone, value);
  g_clear_pointer (&self->live, g_hash_table_unref);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->database);
  g_clear_error (&self->error);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->target_minutes, g_hash_table_unref);

  G_OBJECT_CLASS (rz_comment_list_model_parent_class)->finalize (object);
}

static void
rz_comment_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->database);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_CRITICAL_ONLY:
      g_value_set_boolean (value, self->critical_only);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_TARGET_MINUTES:
      g_value_set_boxed (value, self->target_minutes);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_comment_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RzCommentListModel *self = RZ_COMMENT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->database = g_value_dup_object (value);
      break;
    case PROP_PAGE_SIZE:
      self->page_size = g_value_get_uint (value);
      break;
    case PROP_MAX_PAGES:
      self->max_pages = g_value_get_uint (value);
      break;
    case PROP_CHANNEL:
      rz_comment_list_model_set_channel (self, g_value_get_string (value));
      break;
    case PROP_STATE:
      rz_comment_list_model_set_state (self, g_value_get_int (value));
      break;
    case PROP_CRITICAL_ONLY:
      rz_comment_list_model_set_critical_only (self, g_value_get_boolean (value));
      break;
    case PROP_SEARCH:
      rz_comment_list_model_set_search (self, g_value_get_string (value));
      break;
    case PROP_TARGET_MINUTES:
      rz_comment_list_model_set_target_minutes (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rz_comment_list_model_class_init (RzCommentListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rz_comment_list_model_constructed;
  object_class->dispose = rz_comment_list_model_dispose;
  object_class->finalize = rz_comment_list_model_finalize;
  object_class->get_property = rz_comment_list_model_get_property;
  object_class->set_property = rz_comment_list_model_set_property;

  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, RZ_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 10, 10000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* At least the page in view and the one read ahead, and one more. */
  properties[PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL, 3, 10000, DEFAULT_MAX_PAGES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANNEL] =
    g_param_spec_string ("channel", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      RZ_COMMENT_LIST_MODEL_ALL_STATES, RZ_COMMENT_STATE_IGNORED,
                      RZ_COMMENT_LIST_MODEL_ALL_STATES,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CRITICAL_ONLY] =
    g_param_spec_boolean ("critical-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_MINUTES] =
    g_param_spec_boxed ("target-minutes", NULL, NULL, G_TYPE_HASH_TABLE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The last error of the database (RZ_STORAGE_ERROR), for a banner. */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rz_comment_list_model_init (RzCommentListModel *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->max_pages = DEFAULT_MAX_PAGES;
  self->state = RZ_COMMENT_LIST_MODEL_ALL_STATES;
  self->forward = TRUE;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->cancellable = g_cancellable_new ();
}
