/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Bluesky inbox: replies, mentions and quotes from the account's
 * notifications, read page by page down to where the last sync stopped. */
#include "config.h"

#include <string.h>

#include "rz-bluesky-json.h"
#include "rz-bluesky-provider-private.h"

/* Notifications are sorted by when the network saw them, to the
 * millisecond, and a sender's clock may be a little off: read a little
 * before the cursor. What was delivered before is not delivered again. */
#define INBOX_OVERLAP_US     ((gint64) 2 * 60 * G_USEC_PER_SEC)
#define POSTS_PER_REQUEST    25
#define CURSOR_VERSION       1
/* Earlier than any notification: Bluesky started in 2023. */
#define BEFORE_ANY_NOTIFICATION "2000-01-01T00:00:00.000Z"

/* The inbox cursor, opaque to callers: the newest notification time seen,
 * the notifications delivered from just before it ("recent": the overlap
 * is read again, but they are not delivered twice), and, when a sync had
 * to stop before reaching the time, where the older pages still to read
 * begin ("gap") and how far down they go ("gap_until"). */
typedef struct {
  char      *seen;
  GPtrArray *recent;
  char      *gap;
  char      *gap_until;
} InboxCursor;

#define MAX_RECENT 500

static void
inbox_cursor_clear (InboxCursor *cursor)
{
  g_clear_pointer (&cursor->seen, g_free);
  g_clear_pointer (&cursor->recent, g_ptr_array_unref);
  g_clear_pointer (&cursor->gap, g_free);
  g_clear_pointer (&cursor->gap_until, g_free);
}

static gint64
parse_time_us (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (iso8601 == NULL)
    return 0;

  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    return 0;

  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static void
inbox_cursor_parse (InboxCursor *cursor,
                    const char  *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;

  memset (cursor, 0, sizeof *cursor);
  cursor->recent = g_ptr_array_new_with_free_func (g_free);
  if (text == NULL || text[0] == '\0')
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* A bare time is a cursor too. */
      if (parse_time_us (text) != 0)
        cursor->seen = g_strdup (text);
      return;
    }

  object = json_node_get_object (root);
  cursor->seen = g_strdup (json_object_get_string_member_with_default (object, "seen", NULL));
  cursor->gap = g_strdup (json_object_get_string_member_with_default (object, "gap", NULL));
  cursor->gap_until = g_strdup (json_object_get_string_member_with_default (object, "gap_until", NULL));

  if (json_object_has_member (object, "recent") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "recent")))
    {
      JsonArray *recent = json_object_get_array_member (object, "recent");

      for (guint i = 0; i < json_array_get_length (recent) && i < MAX_RECENT; i++)
        {
          JsonNode *item = json_array_get_element (recent, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (cursor->recent, g_strdup (json_node_get_string (item)));
        }
    }

  if (parse_time_us (cursor->seen) == 0)
    g_clear_pointer (&cursor->seen, g_free);
  if (cursor->gap == NULL || parse_time_us (cursor->gap_until) == 0)
    {
      g_clear_pointer (&cursor->gap, g_free);
      g_clear_pointer (&cursor->gap_until, g_free);
    }
}

static char *
inbox_cursor_to_string (const InboxCursor *cursor)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (cursor->seen == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, CURSOR_VERSION);
  json_builder_set_member_name (builder, "seen");
  json_builder_add_string_value (builder, cursor->seen);
  if (cursor->recent != NULL && cursor->recent->len > 0)
    {
      json_builder_set_member_name (builder, "recent");
      json_builder_begin_array (builder);
      for (guint i = 0; i < cursor->recent->len && i < MAX_RECENT; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (cursor->recent, i));
      json_builder_end_array (builder);
    }
  if (cursor->gap != NULL && cursor->gap_until != NULL)
    {
      json_builder_set_member_name (builder, "gap");
      json_builder_add_string_value (builder, cursor->gap);
      json_builder_set_member_name (builder, "gap_until");
      json_builder_add_string_value (builder, cursor->gap_until);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef struct {
  InboxCursor  old;
  InboxCursor  next;
  gboolean     in_gap;
  guint        pages;
  gint64       newest_us;
  GPtrArray   *comments;       /* newest first while fetching */
  GArray      *times;          /* when each was indexed, µs */
  GHashTable  *uris;           /* remote ids delivered before or now */
  GPtrArray   *parents;        /* parent uris to fetch for context */
  guint        parents_done;
  GHashTable  *parent_texts;   /* uri → text */
  char        *new_cursor;
} InboxData;

static void
inbox_data_free (gpointer user_data)
{
  InboxData *data = user_data;

  inbox_cursor_clear (&data->old);
  inbox_cursor_clear (&data->next);
  g_clear_pointer (&data->comments, g_ptr_array_unref);
  g_clear_pointer (&data->times, g_array_unref);
  g_clear_pointer (&data->uris, g_hash_table_unref);
  g_clear_pointer (&data->parents, g_ptr_array_unref);
  g_clear_pointer (&data->parent_texts, g_hash_table_unref);
  g_free (data->new_cursor);
  g_free (data);
}

static void fetch_inbox_page (GTask      *task,
                              const char *page_cursor);

/* What the next sync reads again (the overlap before "seen") and must
 * not deliver again. */
static void
remember_recent (InboxData *data)
{
  gint64 window_us = parse_time_us (data->next.seen) - INBOX_OVERLAP_US;

  data->next.recent = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < data->comments->len && data->next.recent->len < MAX_RECENT; i++)
    if (g_array_index (data->times, gint64, i) >= window_us)
      g_ptr_array_add (data->next.recent,
                       g_strdup (rz_comment_get_remote_id (g_ptr_array_index (data->comments, i))));

  if (parse_time_us (data->old.seen) >= window_us)
    for (guint i = 0; i < data->old.recent->len && data->next.recent->len < MAX_RECENT; i++)
      g_ptr_array_add (data->next.recent, g_strdup (g_ptr_array_index (data->old.recent, i)));
}

static void
finish_inbox (GTask *task)
{
  InboxData *data = g_task_get_task_data (task);
  GPtrArray *comments;

  remember_recent (data);
  comments = g_steal_pointer (&data->comments);

  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);
      const char *parent = rz_comment_get_parent_remote_id (comment);
      const char *text = parent != NULL ? g_hash_table_lookup (data->parent_texts, parent) : NULL;

      if (text != NULL && text[0] != '\0')
        rz_comment_set_context (comment, text);
    }

  /* Oldest first, as every provider delivers. */
  for (guint i = 0; i < comments->len / 2; i++)
    {
      gpointer swap = comments->pdata[i];

      comments->pdata[i] = comments->pdata[comments->len - 1 - i];
      comments->pdata[comments->len - 1 - i] = swap;
    }

  data->new_cursor = inbox_cursor_to_string (&data->next);
  g_task_return_pointer (task, comments, (GDestroyNotify) g_ptr_array_unref);
}

static void fetch_parents (GTask *task);

static void
on_parents (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node == NULL || (refs = rz_bluesky_json_parse_posts (node, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < refs->len; i++)
    {
      RzBlueskyPostRef *ref = g_ptr_array_index (refs, i);

      g_hash_table_replace (data->parent_texts, g_strdup (ref->uri), g_strdup (ref->text));
    }

  fetch_parents (task);
}

/* The posts that replies and quotes refer to (mostly our own), for the
 * context line: at most 25 a request. */
static void
fetch_parents (GTask *task)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  RzBlueskyCall *call;

  if (data->parents_done >= data->parents->len)
    {
      finish_inbox (task);
      return;
    }

  call = rz_bluesky_call_new ("GET", "app.bsky.feed.getPosts", RZ_BLUESKY_CALL_AUTH | RZ_BLUESKY_CALL_PROXY);
  for (guint n = 0; n < POSTS_PER_REQUEST && data->parents_done < data->parents->len; n++)
    rz_bluesky_call_add_param (call, "uris", g_ptr_array_index (data->parents, data->parents_done++));

  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_parents, g_object_ref (task));
}

static void
collect_parents (InboxData *data)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < data->comments->len; i++)
    {
      const char *parent = rz_comment_get_parent_remote_id (g_ptr_array_index (data->comments, i));

      if (parent != NULL && rz_bluesky_parse_at_uri (parent, NULL, NULL, NULL) &&
          g_hash_table_add (wanted, (gpointer) parent))
        g_ptr_array_add (data->parents, g_strdup (parent));
    }
}

/* One sync reads the notifications it has not seen, newest first, page by
 * page. If an earlier sync had to stop early, it first reads on where
 * that one stopped ("gap"), down to what was read before; then from the
 * top down to the newest one seen before. Within its page budget: what it
 * cannot read now waits in the cursor as a new gap, and each sync gets
 * further. A failure returns nothing, so the stored cursor stays. */
static void
on_inbox_page (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RzBlueskyProvider *self = g_task_get_source_object (task);
  InboxData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GArray) times = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *page_cursor = NULL;
  const char *marker = data->in_gap ? data->old.gap_until : data->old.seen;
  gint64 marker_us = parse_time_us (marker);
  gboolean reached = FALSE;
  gboolean passed_marker = FALSE;
  guint n_new = 0;
  gboolean done;
  GError *error = NULL;

  node = rz_bluesky_xrpc_finish (self, result, &error);
  if (node == NULL ||
      (comments = rz_bluesky_json_parse_notifications (node, marker != NULL ? marker_us - INBOX_OVERLAP_US : 0,
                                                       &newest, &page_cursor, &reached, &times, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < comments->len; i++)
    {
      RzComment *comment = g_ptr_array_index (comments, i);
      gint64 time_us = g_array_index (times, gint64, i);

      if (marker != NULL && time_us < marker_us)
        passed_marker = TRUE;
      if (g_hash_table_add (data->uris, g_strdup (rz_comment_get_remote_id (comment))))
        {
          g_ptr_array_add (data->comments, g_object_ref (comment));
          g_array_append_val (data->times, time_us);
          n_new++;
        }
    }

  if (!data->in_gap && newest != NULL && parse_time_us (newest) > data->newest_us)
    {
      data->newest_us = parse_time_us (newest);
      g_free (data->next.seen);
      data->next.seen = g_steal_pointer (&newest);
    }
  data->pages++;

  /* Down to the marker and through the overlap before it; or past the
   * marker already, with nothing new on the page any more. */
  done = reached || page_cursor == NULL || (passed_marker && n_new == 0);

  if (data->in_gap)
    {
      if (!done && data->pages < self->inbox_max_pages)
        {
          fetch_inbox_page (task, page_cursor);
          return;
        }
      if (!done)
        {
          data->next.gap = g_steal_pointer (&page_cursor);
          data->next.gap_until = g_strdup (data->old.gap_until);
        }
      else if (data->pages < self->inbox_max_pages)
        {
          /* The gap is closed: now what is new at the top. */
          data->in_gap = FALSE;
          fetch_inbox_page (task, NULL);
          return;
        }
      /* Else the top waits for the next sync; "seen" stays as it was. */
    }
  else if (data->old.seen == NULL)
    {
      /* The first sync takes the newest page only, as a starting point,
       * not the account's whole history. An empty inbox is a starting
       * point too: everything after it is new. */
      if (data->next.seen == NULL)
        data->next.seen = g_strdup (BEFORE_ANY_NOTIFICATION);
    }
  else if (!done && data->pages < self->inbox_max_pages)
    {
      fetch_inbox_page (task, page_cursor);
      return;
    }
  else if (!done)
    {
      /* Read on from here next time, down to what was read before. */
      data->next.gap = g_steal_pointer (&page_cursor);
      data->next.gap_until = g_strdup (data->old.seen);
    }

  g_debug ("Bluesky inbox: %u new in %u pages%s", data->comments->len, data->pages,
           data->next.gap != NULL ? ", more next time" : "");
  collect_parents (data);
  fetch_parents (task);
}

static void
fetch_inbox_page (GTask      *task,
                  const char *page_cursor)
{
  RzBlueskyProvider *self = g_task_get_source_object (task);
  g_autofree char *limit = g_strdup_printf ("%u", self->inbox_page_size);
  RzBlueskyCall *call = rz_bluesky_call_new ("GET", "app.bsky.notification.listNotifications", RZ_BLUESKY_CALL_AUTH | RZ_BLUESKY_CALL_PROXY);

  rz_bluesky_call_add_param (call, "limit", limit);
  /* Replies to our posts, mentions of us and quotes of our posts: what
   * people say to the business. The server filters; we check again. */
  rz_bluesky_call_add_param (call, "reasons", "reply");
  rz_bluesky_call_add_param (call, "reasons", "mention");
  rz_bluesky_call_add_param (call, "reasons", "quote");
  if (page_cursor != NULL)
    rz_bluesky_call_add_param (call, "cursor", page_cursor);

  rz_bluesky_xrpc_async (self, call, g_task_get_cancellable (task), on_inbox_page, g_object_ref (task));
}

void
rz_bluesky_provider_fetch_inbox_async (RzProvider          *provider,
                                       const char          *cursor,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  RzBlueskyProvider *self = RZ_BLUESKY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  InboxData *data;

  g_task_set_source_tag (task, rz_bluesky_provider_fetch_inbox_async);
  if (rz_bluesky_provider_return_if_signed_out (self, task))
    return;

  data = g_new0 (InboxData, 1);
  inbox_cursor_parse (&data->old, cursor);
  data->next.seen = g_strdup (data->old.seen);
  data->newest_us = parse_time_us (data->old.seen);
  data->comments = g_ptr_array_new_with_free_func (g_object_unref);
  data->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  data->uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < data->old.recent->len; i++)
    g_hash_table_add (data->uris, g_strdup (g_ptr_array_index (data->old.recent, i)));
  data->parents = g_ptr_array_new_with_free_func (g_free);
  data->parent_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, data, inbox_data_free);

  data->in_gap = data->old.gap != NULL && data->old.seen != NULL;
  fetch_inbox_page (task, data->in_gap ? data->old.gap : NULL);
}

GPtrArray *
rz_bluesky_provider_fetch_inbox_finish (RzProvider    *provider,
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
