/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-comment.h"
#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_TYPE_COMMENT_LIST_MODEL (rz_comment_list_model_get_type ())
G_DECLARE_FINAL_TYPE (RzCommentListModel, rz_comment_list_model, RZ, COMMENT_LIST_MODEL, GObject)

/* The inbox as a GListModel of RzComment, straight from the database, so a
 * list view opens 100,000 comments at once and scrolls through them
 * smoothly. The number of comments is counted on the database's worker;
 * comments are read there in pages when the view first asks for one of
 * them. Until its page has arrived a position holds a placeholder (see
 * rz_comment_list_model_is_placeholder()). When the page arrives the
 * placeholder is filled in, as the same object, and ::items-changed is
 * emitted over the placeholders that were handed out and are still held,
 * so a list view binds their rows again (GTK 4.8 keeps the row widgets).
 * Only the most recently used pages are kept, so memory stays flat however
 * far the user scrolls.
 *
 * The filters (channel, state, critical only) and the search are
 * parameters: each change counts again and then replaces all items in one
 * ::items-changed. The order is always the inbox's order (see
 * rz-database-inbox.c), also while searching.
 *
 * A comment that is still shown somewhere (bound to a row, selected) stays
 * the same object when its page is read again, so selections survive;
 * its fields are refreshed from the database then. */

#define RZ_COMMENT_LIST_MODEL_ALL_STATES (-1)

RzCommentListModel *rz_comment_list_model_new              (RzDatabase          *database);

RzDatabase         *rz_comment_list_model_get_database     (RzCommentListModel  *self);

/* NULL: every channel. */
const char         *rz_comment_list_model_get_channel      (RzCommentListModel  *self);
void                rz_comment_list_model_set_channel      (RzCommentListModel  *self,
                                                            const char          *channel);
/* An RzCommentState, or RZ_COMMENT_LIST_MODEL_ALL_STATES. */
int                 rz_comment_list_model_get_state        (RzCommentListModel  *self);
void                rz_comment_list_model_set_state        (RzCommentListModel  *self,
                                                            int                  state);
gboolean            rz_comment_list_model_get_critical_only (RzCommentListModel *self);
void                rz_comment_list_model_set_critical_only (RzCommentListModel *self,
                                                             gboolean            critical_only);
/* What the user typed in the search entry; NULL or "" shows everything. */
const char         *rz_comment_list_model_get_search       (RzCommentListModel  *self);
void                rz_comment_list_model_set_search       (RzCommentListModel  *self,
                                                            const char          *search);

/* The plan's target response time for each channel: a GHashTable of
 * channel id → GUINT_TO_POINTER (minutes), never changed once set (set a
 * new one instead); channels without one have
 * RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES. With targets, open comments
 * that waited their target or longer come right after the open critical
 * ones (see RzInboxFilter); NULL (the default) leaves that out. Setting
 * them reads again as rz_comment_list_model_reload() does. */
GHashTable         *rz_comment_list_model_get_target_minutes (RzCommentListModel *self);
void                rz_comment_list_model_set_target_minutes (RzCommentListModel *self,
                                                              GHashTable         *target_minutes);
/* The time (Unix seconds) the order of the current items was taken at:
 * show waiting times against it, so that rows and order agree. */
gint64              rz_comment_list_model_get_now          (RzCommentListModel  *self);

/* Counts and reads again, e.g. after the data changed; the items are
 * replaced in one ::items-changed once the new count is there, so a list
 * view keeps its place. Unselect a GtkSingleSelection over the model
 * first: it looks for its selected item among all new items, which reads
 * the whole inbox; select again with rz_comment_list_model_find_async()
 * once "loading" is FALSE. (A change of the parameters removes all items
 * first, so a selection is simply dropped.) */
void                rz_comment_list_model_reload           (RzCommentListModel  *self);

/* TRUE from a change of the parameters (or a reload) until the new count
 * arrived: a view shows a spinner rather than "no comments" meanwhile. */
gboolean            rz_comment_list_model_get_loading      (RzCommentListModel  *self);
/* The last error of the database (RZ_STORAGE_ERROR), or NULL; cleared by
 * the next count. Notifies "error": show it in a banner that says what to
 * do, as for every storage error. */
const GError       *rz_comment_list_model_get_error        (RzCommentListModel  *self);

/* Whether @comment stands in for one whose page has not arrived yet. Bind
 * it as an empty row: its fields are all unset. */
gboolean            rz_comment_list_model_is_placeholder   (RzComment           *comment);

/* The position of the comment with id @comment_id under the current
 * parameters, e.g. to select the comment again after a reload; finish
 * returns G_MAXUINT (GTK_INVALID_LIST_POSITION) when it is not shown. */
void                rz_comment_list_model_find_async       (RzCommentListModel  *self,
                                                            gint64               comment_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
guint               rz_comment_list_model_find_finish      (RzCommentListModel  *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* For tests and benchmarks: how many pages are cached (loaded or on their
 * way), and how many comments they hold. */
guint               rz_comment_list_model_get_n_cached_pages (RzCommentListModel *self);
guint               rz_comment_list_model_get_n_cached_items (RzCommentListModel *self);

G_END_DECLS
