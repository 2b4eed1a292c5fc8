/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include <glib/gi18n.h>

#include <stdlib.h>

#include "rz-comment.h"
#include "rz-response-time.h"
#include "rz-database-private.h"

/* The inbox as the list model pages through it: counts and pages of the
 * comments that pass a filter, in the inbox order: open critical comments,
 * then open comments past their channel's target response time (the
 * plan's), then the other open ones, each oldest first; then everything
 * answered, done or ignored, newest first.
 *
 * Every query walks the index comments_inbox_order (migration 5), which
 * holds the order without the "past the target" part and the columns the
 * filters look at. Skipping to any offset is then a walk over index
 * entries without reading a single row, filters are decided on the index
 * too, and the comments that are not open (nearly all of a big inbox) are
 * never sorted: a page anywhere in 100,000 comments costs a few
 * milliseconds. Only the open comments (a few hundred) are sorted, as
 * being past the target depends on the time and the plan; a page is read
 * from the two parts, open and not open, as its positions fall. INDEXED
 * BY keeps it that way; the planner would otherwise sort all matches of a
 * search. The two order expressions must stay exactly those of the index,
 * or SQLite cannot use it. */

/* The order, for the comments table under the alias @t. */
#define INBOX_BUCKET(t) \
  "(CASE WHEN " t ".state = 0 AND " t ".sentiment = 2 THEN 0 WHEN " t ".state = 0 THEN 1 ELSE 2 END)"
#define INBOX_TIME(t) \
  "(CASE WHEN " t ".state = 0 THEN " t ".created_at ELSE -" t ".created_at END)"

/* The two parts, as ranges of the index. */
#define INBOX_OPEN(t) " " INBOX_BUCKET (t) " < 2"
#define INBOX_CLOSED(t) " " INBOX_BUCKET (t) " >= 2"

/* ?1 channel or NULL, ?2 state or -1, ?3 critical only. */
#define INBOX_FILTER(t) \
  " AND (?1 IS NULL OR " t ".channel = ?1)" \
  " AND (?2 < 0 OR " t ".state = ?2)" \
  " AND (?3 = 0 OR " t ".sentiment = 2)"
/* ?4 the FTS5 query. */
#define INBOX_MATCH(t) \
  " AND " t ".id IN (SELECT rowid FROM comments_fts WHERE comments_fts MATCH ?4)"

/* Binds ?1 to ?4. Returns FALSE when the search has nothing searchable
 * in it, so nothing can match. */
static gboolean
bind_filter (RzStatement         *stmt,
             const RzInboxFilter *filter,
             gboolean             with_search)
{
  rz_statement_bind_text (stmt, 1, filter != NULL ? filter->channel : NULL);
  sqlite3_bind_int (stmt, 2, filter != NULL ? filter->state : -1);
  sqlite3_bind_int (stmt, 3, filter != NULL && filter->critical_only);

  if (with_search)
    {
      g_autofree char *match = rz_storage_fts_query_from_user (filter->search);

      if (match == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 4, g_steal_pointer (&match), -1, g_free);
    }

  return TRUE;
}

static gboolean
has_search (const RzInboxFilter *filter)
{
  return filter != NULL && filter->search != NULL && filter->search[0] != '\0';
}

static gboolean
has_column_filter (const RzInboxFilter *filter)
{
  return filter != NULL &&
         (filter->channel != NULL || filter->state >= 0 || filter->critical_only);
}

static gboolean
check_filter (const RzInboxFilter  *filter,
              GError              **error)
{
  if (filter != NULL && filter->state > RZ_COMMENT_STATE_IGNORED)
    {
      g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_FAILED,
                   "Unknown comment state %d", filter->state);
      return FALSE;
    }
  return TRUE;
}

/* Which parts of the index the filter's state can be in. */
static gboolean
wants_open (const RzInboxFilter *filter)
{
  return filter == NULL || filter->state <= RZ_COMMENT_STATE_OPEN;
}

static gboolean
wants_closed (const RzInboxFilter *filter)
{
  return filter == NULL || filter->state != RZ_COMMENT_STATE_OPEN;
}

/* --- past the target ------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The plan's channels, sorted, so the same plan gives the same SQL. */
static const char **
dup_target_channels (const RzInboxFilter *filter,
                     guint               *n_channels)
{
  const char **channels = NULL;

  *n_channels = 0;
  if (filter == NULL || filter->now == 0 || filter->target_minutes == NULL)
    return NULL;

  channels = (const char **) g_hash_table_get_keys_as_array (filter->target_minutes, n_channels);
  qsort (channels, *n_channels, sizeof (char *), compare_strings);
  return channels;
}

static gint64
target_minutes (const RzInboxFilter *filter,
                const char          *channel)
{
  guint minutes = 0;

  if (filter != NULL && filter->target_minutes != NULL && channel != NULL)
    minutes = GPOINTER_TO_UINT (g_hash_table_lookup (filter->target_minutes, channel));
  return minutes > 0 ? minutes : RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES;
}

/* An order term for the comments table under the alias @t: 0 for an open
 * comment that waited as long as its channel's target or longer at ?7
 * (as rz_response_time_level() has it), 1 otherwise. ?8 and on are
 * @channels. Without a time, always 0. */
static char *
overdue_sql (const RzInboxFilter *filter,
             const char          *t,
             const char         **channels,
             guint                n_channels)
{
  g_autoptr(GString) sql = NULL;

  if (filter == NULL || filter->now == 0)
    return g_strdup ("0");

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "(%s.created_at > ?7 - 60 * ", t);
  if (n_channels == 0)
    g_string_append_printf (sql, "%" G_GINT64_FORMAT ")", target_minutes (filter, NULL));
  else
    {
      g_string_append_printf (sql, "(CASE %s.channel", t);
      for (guint i = 0; i < n_channels; i++)
        g_string_append_printf (sql, " WHEN ?%u THEN %" G_GINT64_FORMAT, 8 + i,
                                target_minutes (filter, channels[i]));
      g_string_append_printf (sql, " ELSE %d END))", RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES);
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_overdue (RzStatement         *stmt,
              const RzInboxFilter *filter,
              const char         **channels,
              guint                n_channels)
{
  if (filter == NULL || filter->now == 0)
    return;
  sqlite3_bind_int64 (stmt, 7, filter->now);
  for (guint i = 0; i < n_channels; i++)
    rz_statement_bind_text (stmt, 8 + i, channels[i]);
}

/* Statements built at run time live as long as the connection's cache of
 * prepared statements, which keeps the SQL text as its key. */
static RzStatement *
prepare_built (RzDatabase  *self,
               const char  *sql,
               GError     **error)
{
  return rz_database_prepare (self, g_intern_string (sql), error);
}

/* --- counting -------------------------------------------------------------- */

static gboolean
step_count (RzDatabase  *self,
            RzStatement *stmt,
            guint       *n,
            GError     **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  *n = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The comments of one part (open or not) that pass the filter. */
static gboolean
count_part (RzDatabase           *self,
            const RzInboxFilter  *filter,
            gboolean              open,
            guint                *n,
            GError              **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  gboolean search = has_search (filter);
  const char *sql;

#define COUNT_PART(part, match) \
  "SELECT count(*) FROM comments c INDEXED BY comments_inbox_order WHERE" part INBOX_FILTER ("c") match
  if (open)
    sql = search ? COUNT_PART (INBOX_OPEN ("c"), INBOX_MATCH ("c")) : COUNT_PART (INBOX_OPEN ("c"), "");
  else
    sql = search ? COUNT_PART (INBOX_CLOSED ("c"), INBOX_MATCH ("c")) : COUNT_PART (INBOX_CLOSED ("c"), "");
#undef COUNT_PART

  *n = 0;
  stmt = rz_database_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_filter (stmt, filter, search))
    return TRUE;
  return step_count (self, stmt, n, error);
}

gboolean
rz_database_count_inbox (RzDatabase           *self,
                         const RzInboxFilter  *filter,
                         guint                *n_comments,
                         GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gboolean search = has_search (filter);
  guint n_open = 0;
  guint n_closed = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (n_comments != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_comments = 0;
  if (!check_filter (filter, error))
    return FALSE;

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));

  /* Without column filters the full-text index or the smallest index
   * counts by itself, without looking at the comments. */
  if (!has_column_filter (filter))
    {
      g_autoptr(RzStatement) stmt = NULL;

      stmt = rz_database_prepare (self,
                                  search ? "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?4"
                                         : "SELECT count(*) FROM comments",
                                  error);
      if (stmt == NULL)
        return FALSE;
      if (!bind_filter (stmt, filter, search))
        return TRUE;
      return step_count (self, stmt, n_comments, error);
    }

  /* Open comments are a short range at the start of the index. */
  if (wants_open (filter) && !count_part (self, filter, TRUE, &n_open, error))
    return FALSE;
  if (wants_closed (filter) && !count_part (self, filter, FALSE, &n_closed, error))
    return FALSE;

  *n_comments = n_open + n_closed;
  return TRUE;
}

gboolean
rz_database_count_inbox_hidden_critical (RzDatabase           *self,
                                         const RzInboxFilter  *filter,
                                         guint                *n_hidden,
                                         GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  RzInboxFilter critical = { NULL, -1, TRUE, NULL, 0, NULL };
  guint n_critical = 0;
  guint n_shown = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (n_hidden != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *n_hidden = 0;
  if (!check_filter (filter, error))
    return FALSE;
  if (filter != NULL)
    {
      critical.channel = filter->channel;
      critical.state = filter->state;
      critical.search = filter->search;
    }

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  /* Four short ranges of comments_inbox, one for each state. */
  stmt = rz_database_prepare (self,
                              "SELECT count(*) FROM comments INDEXED BY comments_inbox"
                              " WHERE state IN (0, 1, 2, 3) AND sentiment = 2",
                              error);
  if (stmt == NULL || !step_count (self, stmt, &n_critical, error))
    return FALSE;
  if (!rz_database_count_inbox (self, &critical, &n_shown, error))
    return FALSE;

  *n_hidden = n_critical > n_shown ? n_critical - n_shown : 0;
  return TRUE;
}

/* --- pages ----------------------------------------------------------------- */

static gboolean
read_rows (RzDatabase   *self,
           RzStatement  *stmt,
           GPtrArray    *comments,
           GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (comments, rz_database_comment_from_row (stmt));

  if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);
  return TRUE;
}

/* Up to @limit (-1: all) comments of one part from @offset in the part on,
 * appended to @comments. */
static gboolean
list_part (RzDatabase           *self,
           const RzInboxFilter  *filter,
           gboolean              open,
           guint                 offset,
           gint64                limit,
           GPtrArray            *comments,
           GError              **error)
{
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree const char **channels = NULL;
  gboolean search = has_search (filter);
  guint n_channels = 0;

  if (open)
    {
      g_autofree char *overdue = NULL;
      g_autofree char *sql = NULL;

      /* The open comments are few: sorting them by the time past the
       * target after the bucket, which the index gives, costs nothing. */
      channels = dup_target_channels (filter, &n_channels);
      overdue = overdue_sql (filter, "c", channels, n_channels);
      sql = g_strconcat ("SELECT " RZ_COMMENT_COLUMNS
                         " FROM comments c INDEXED BY comments_inbox_order"
                         " WHERE" INBOX_OPEN ("c") INBOX_FILTER ("c"),
                         search ? INBOX_MATCH ("c") : "",
                         /* A bare 0 in ORDER BY would be a column number. */
                         " ORDER BY " INBOX_BUCKET ("c") ", ", overdue, " + 0",
                         ", " INBOX_TIME ("c") ", c.id LIMIT ?5 OFFSET ?6",
                         NULL);
      stmt = prepare_built (self, sql, error);
    }
  else if (search)
    stmt = rz_database_prepare (self,
                                "SELECT " RZ_COMMENT_COLUMNS
                                " FROM comments c INDEXED BY comments_inbox_order"
                                " WHERE" INBOX_CLOSED ("c") INBOX_FILTER ("c") INBOX_MATCH ("c")
                                " ORDER BY " INBOX_BUCKET ("c") ", " INBOX_TIME ("c") ", c.id"
                                " LIMIT ?5 OFFSET ?6",
                                error);
  else
    stmt = rz_database_prepare (self,
                                "SELECT " RZ_COMMENT_COLUMNS
                                " FROM comments c INDEXED BY comments_inbox_order"
                                " WHERE" INBOX_CLOSED ("c") INBOX_FILTER ("c")
                                " ORDER BY " INBOX_BUCKET ("c") ", " INBOX_TIME ("c") ", c.id"
                                " LIMIT ?5 OFFSET ?6",
                                error);
  if (stmt == NULL)
    return FALSE;

  if (!bind_filter (stmt, filter, search))
    return TRUE;
  sqlite3_bind_int64 (stmt, 5, limit);
  sqlite3_bind_int64 (stmt, 6, offset);
  bind_overdue (stmt, filter, channels, n_channels);

  return read_rows (self, stmt, comments, error);
}

GPtrArray *
rz_database_list_inbox (RzDatabase           *self,
                        const RzInboxFilter  *filter,
                        guint                 offset,
                        guint                 limit,
                        GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  guint n_open = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_filter (filter, error))
    return NULL;

  comments = g_ptr_array_new_full (limit > 0 ? MIN (limit, 1000) : 64, g_object_unref);
  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));

  /* Positions 0 to n_open - 1 are the open comments, then the others. */
  if (wants_open (filter))
    {
      if (!count_part (self, filter, TRUE, &n_open, error))
        return NULL;
      if (offset < n_open &&
          !list_part (self, filter, TRUE, offset, limit == 0 ? -1 : (gint64) limit, comments, error))
        return NULL;
    }

  if (wants_closed (filter) && (limit == 0 || comments->len < limit))
    {
      guint skip = offset > n_open ? offset - n_open : 0;
      gint64 rest = limit == 0 ? -1 : (gint64) (limit - comments->len);

      if (!list_part (self, filter, FALSE, skip, rest, comments, error))
        return NULL;
    }

  return g_steal_pointer (&comments);
}

gboolean
rz_database_find_in_inbox (RzDatabase           *self,
                           const RzInboxFilter  *filter,
                           gint64                comment_id,
                           guint                *position,
                           GError              **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;
  g_autofree const char **channels = NULL;
  g_autofree char *overdue_b = NULL;
  g_autofree char *overdue_c = NULL;
  g_autofree char *sql = NULL;
  gboolean search = has_search (filter);
  const char *match_b = search ? INBOX_MATCH ("b") : "";
  guint n_channels = 0;
  int rc;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *position = G_MAXUINT;
  if (!check_filter (filter, error))
    return FALSE;

  /* The comment itself must pass the filter; its position is the number
   * of comments that pass it and come first: for an open one, open ones;
   * for another one, all open ones and the others before it. */
  channels = dup_target_channels (filter, &n_channels);
  overdue_b = overdue_sql (filter, "b", channels, n_channels);
  overdue_c = overdue_sql (filter, "c", channels, n_channels);
  sql = g_strconcat ("SELECT CASE WHEN" INBOX_OPEN ("c") " THEN"
                     " (SELECT count(*) FROM comments b INDEXED BY comments_inbox_order"
                     "   WHERE" INBOX_OPEN ("b") INBOX_FILTER ("b"), match_b,
                     "   AND (" INBOX_BUCKET ("b") ", ", overdue_b, ", " INBOX_TIME ("b") ", b.id)"
                     "     < (" INBOX_BUCKET ("c") ", ", overdue_c, ", " INBOX_TIME ("c") ", c.id))"
                     " ELSE"
                     " (SELECT count(*) FROM comments b INDEXED BY comments_inbox_order"
                     "   WHERE" INBOX_OPEN ("b") INBOX_FILTER ("b"), match_b, ")"
                     " + (SELECT count(*) FROM comments b INDEXED BY comments_inbox_order"
                     "   WHERE" INBOX_CLOSED ("b") INBOX_FILTER ("b"), match_b,
                     "   AND (" INBOX_BUCKET ("b") ", " INBOX_TIME ("b") ", b.id)"
                     "     < (" INBOX_BUCKET ("c") ", " INBOX_TIME ("c") ", c.id))"
                     " END"
                     " FROM comments c WHERE c.id = ?5" INBOX_FILTER ("c"),
                     search ? INBOX_MATCH ("c") : "",
                     NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = prepare_built (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (!bind_filter (stmt, filter, search))
    return TRUE;
  sqlite3_bind_int64 (stmt, 5, comment_id);
  bind_overdue (stmt, filter, channels, n_channels);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *position = (guint) sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return rz_storage_set_error (error, rz_database_get_handle (self), rc);

  return TRUE;
}

GStrv
rz_database_dup_inbox_channels (RzDatabase  *self,
                                GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(RzStatement) stmt = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Every comment belongs to an account of its channel. */
  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  stmt = rz_database_prepare (self, "SELECT DISTINCT channel FROM accounts ORDER BY channel", error);
  if (stmt == NULL)
    return NULL;

  return rz_database_step_strings (self, stmt, error);
}
