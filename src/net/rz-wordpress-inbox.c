/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The WordPress inbox: new comments on the site, approved and held for
 * moderation, oldest first from where the last sync stopped, each with
 * the title of its post. */
#include "config.h"

#include <string.h>

#include "rz-wordpress-json.h"
#include "rz-wordpress-provider-private.h"

/* --- post titles --------------------------------------------------------- */

/* The titles of the posts comments are on, for their context line: posts
 * first, then pages for what was not a post. At most 100 a request. */
typedef struct {
  GArray     *ids;          /* gint64, unique */
  guint       next;
  gboolean    pages;        /* asking wp/v2/pages now */
  GArray     *missing;      /* ids no post had */
  GHashTable *titles;       /* gint64 → title */
} TitlesData;

static void
titles_data_free (TitlesData *data)
{
  g_array_unref (data->ids);
  g_array_unref (data->missing);
  g_hash_table_unref (data->titles);
  g_free (data);
}

static TitlesData *
titles_data_new (void)
{
  TitlesData *data = g_new0 (TitlesData, 1);

  data->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  return data;
}

static void
titles_data_add (TitlesData *data,
                 gint64      id)
{
  for (guint i = 0; i < data->ids->len; i++)
    if (g_array_index (data->ids, gint64, i) == id)
      return;
  g_array_append_val (data->ids, id);
}

/* --- inbox --------------------------------------------------------------- */

typedef struct {
  gboolean    has_cursor;
  gint64      cursor_us;
  gint64      cursor_id;
  char       *cursor_date;
  char       *after;            /* the listing's "after", kept while walking it */
  char       *last_date;        /* the newest position read */
  gint64      last_us;
  gint64      last_id;
  guint       page;
  guint       pages_read;
  gboolean    walk_done;
  GPtrArray  *comments;         /* RzWordpressComment, new ones */
  TitlesData *titles;
  char       *new_cursor;
} InboxData;

static void
inbox_data_free (gpointer user_data)
{
  InboxData *data = user_data;

  g_free (data->cursor_date);
  g_free (data->after);
  g_free (data->last_date);
  g_clear_pointer (&data->comments, g_ptr_array_unref);
  g_clear_pointer (&data->titles, titles_data_free);
  g_free (data->new_cursor);
  g_free (data);
}

static void fetch_titles (GTask *task);

static void
finish_inbox (GTask *task)
{
  InboxData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < data->comments->len; i++)
    {
      RzWordpressComment *comment = g_ptr_array_index (data->comments, i);

      g_ptr_array_add (comments,
                       rz_wordpress_comment_to_core (comment, g_hash_table_lookup (data->titles->titles,
                                                                                  &comment->post)));
    }

  if (data->last_date == NULL && data->has_cursor)
    {
      data->last_date = g_strdup (data->cursor_date);
      data->last_id = data->cursor_id;
    }

  if (data->last_date == NULL)
    data->new_cursor = NULL;
  else if (data->walk_done || data->after == NULL)
    data->new_cursor = rz_wordpress_cursor_new (data->last_date, data->last_id);
  else
    data->new_cursor = rz_wordpress_cursor_new_partial (data->last_date, data->last_id,
                                                        data->after, data->page + 1);

  g_task_return_pointer (task, g_steal_pointer (&comments), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_titles (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  TitlesData *titles = data->titles;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) found = NULL;
  GHashTableIter iter;
  gpointer key, value;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, NULL, &error);
  if (node == NULL || (found = rz_wordpress_json_parse_titles (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_replace (titles->titles, key, value);
    }

  fetch_titles (task);
}

static void
fetch_titles (GTask *task)
{
  RzWordpressProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  TitlesData *titles = data->titles;
  g_autoptr(GString) include = g_string_new (NULL);
  g_autofree char *query = NULL;

  if (titles->next >= titles->ids->len && !titles->pages)
    {
      /* Posts done: whatever had no title may be a page. */
      for (guint i = 0; i < titles->ids->len; i++)
        {
          gint64 id = g_array_index (titles->ids, gint64, i);

          if (!g_hash_table_contains (titles->titles, &id))
            g_array_append_val (titles->missing, id);
        }
      g_array_set_size (titles->ids, 0);
      g_array_append_vals (titles->ids, titles->missing->data, titles->missing->len);
      titles->next = 0;
      titles->pages = TRUE;
    }

  if (titles->next >= titles->ids->len)
    {
      finish_inbox (task);
      return;
    }

  for (guint n = 0; n < PAGE_SIZE && titles->next < titles->ids->len; n++, titles->next++)
    g_string_append_printf (include, "%s%" G_GINT64_FORMAT, include->len > 0 ? "," : "",
                            g_array_index (titles->ids, gint64, titles->next));

  query = g_strdup_printf ("include=%s&per_page=%d&_fields=id,title", include->str, PAGE_SIZE);
  rz_wordpress_api_async (self, "GET", titles->pages ? "wp/v2/pages" : "wp/v2/posts", query, NULL,
             g_task_get_cancellable (task), on_titles, g_object_ref (task));
}

static void fetch_inbox_page (GTask *task);

static void
on_inbox_page (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzWordpressProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  g_autoptr(RzHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) page = NULL;
  const char *total_header;
  gint64 total_pages;
  GError *error = NULL;

  node = rz_wordpress_api_finish (self, result, &response, &error);
  if (node == NULL || (page = rz_wordpress_json_parse_comments (node, &error)) == NULL)
    {
      /* Nothing is returned: the stored cursor stays, and the next sync
       * reads from there again. */
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < page->len; i++)
    {
      RzWordpressComment *comment = g_ptr_array_index (page, i);
      gint64 comment_us = rz_wordpress_parse_date_gmt (comment->date_gmt);

      if (data->has_cursor && !rz_wordpress_comment_is_after (comment, data->cursor_us, data->cursor_id))
        continue;

      if (data->last_date == NULL || comment_us > data->last_us ||
          (comment_us == data->last_us && comment->id > data->last_id))
        {
          g_free (data->last_date);
          data->last_date = g_strdup (comment->date_gmt);
          data->last_us = comment_us;
          data->last_id = comment->id;
        }

      /* Our own replies are no news; pingbacks are no customers. */
      if (comment->author == self->user_id || g_strcmp0 (comment->type, "comment") != 0)
        continue;

      titles_data_add (data->titles, comment->post);
      g_ptr_array_add (data->comments, page->pdata[i]);
      page->pdata[i] = NULL;
    }

  total_header = rz_http_response_get_header (response, "X-WP-TotalPages");
  total_pages = total_header != NULL ? g_ascii_strtoll (total_header, NULL, 10) : 1;
  data->pages_read++;
  data->walk_done = (gint64) data->page >= total_pages;

  /* The first sync takes the newest page as its starting point; later
   * ones read on, oldest first, until they are through or have read
   * enough for one sync: then the cursor says where to go on. */
  if (data->has_cursor && !data->walk_done && data->pages_read < self->inbox_max_pages)
    {
      data->page++;
      fetch_inbox_page (task);
      return;
    }

  g_debug ("WordPress inbox: %u new in %u pages%s", data->comments->len, data->pages_read,
           data->walk_done || !data->has_cursor ? "" : ", more next time");
  fetch_titles (task);
}

static void
fetch_inbox_page (GTask *task)
{
  RzWordpressProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  g_autofree char *query = NULL;

  /* status=all is approved and held for moderation together (the API
   * default is approved only), which needs the moderator's rights. */
  if (data->has_cursor)
    {
      g_autofree char *after_escaped = g_uri_escape_string (data->after, NULL, FALSE);

      query = g_strdup_printf ("status=all&orderby=date_gmt&order=asc&after=%s&per_page=%u&page=%u"
                               "&_fields=" INBOX_FIELDS,
                               after_escaped, self->inbox_page_size, data->page);
    }
  else
    query = g_strdup_printf ("status=all&orderby=date_gmt&order=desc&per_page=%u&page=1&_fields=" INBOX_FIELDS,
                             self->inbox_page_size);

  rz_wordpress_api_async (self, "GET", "wp/v2/comments", query, NULL, g_task_get_cancellable (task),
             on_inbox_page, g_object_ref (task));
}

void
rz_wordpress_provider_fetch_inbox_async (RzProvider          *provider,
                                         const char          *cursor,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  RzWordpressProvider *self = RZ_WORDPRESS_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  InboxData *data;

  g_task_set_source_tag (task, rz_wordpress_provider_fetch_inbox_async);
  if (rz_wordpress_provider_return_if_signed_out (self, task))
    return;

  data = g_new0 (InboxData, 1);
  data->has_cursor = rz_wordpress_cursor_parse (cursor, &data->cursor_us, &data->cursor_id,
                                                &data->cursor_date, &data->after, &data->page);
  if (data->has_cursor && data->after != NULL)
    {
      /* Go on with the listing an earlier sync stopped in, a page before
       * where it stopped: a comment deleted meanwhile moves the rest up. */
      data->page = MAX (data->page, 2) - 1;
    }
  else if (data->has_cursor)
    {
      /* A new listing, from a little before the cursor; what was read
       * already is dropped by the cursor. */
      gint64 cursor_s = data->cursor_us / G_USEC_PER_SEC;
      g_autoptr(GDateTime) after = g_date_time_new_from_unix_utc (cursor_s - rz_wordpress_after_overlap (self->timezone, cursor_s));

      data->after = g_date_time_format (after, "%Y-%m-%dT%H:%M:%SZ");
      data->page = 1;
    }
  else
    data->page = 1;
  data->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) rz_wordpress_comment_free);
  data->titles = titles_data_new ();
  g_task_set_task_data (task, data, inbox_data_free);

  fetch_inbox_page (task);
}

GPtrArray *
rz_wordpress_provider_fetch_inbox_finish (RzProvider    *provider,
                                          GAsyncResult  *result,
                                          char         **new_cursor,
                                          GError       **error)
{
  InboxData *data = g_task_get_task_data (G_TASK (result));
  GPtrArray *comments;

  comments = g_task_propagate_pointer (G_TASK (result), error);
  if (comments != NULL && new_cursor != NULL)
    *new_cursor = g_strdup (data->new_cursor);

  return comments;
}
