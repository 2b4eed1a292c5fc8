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
 * ::items-changed. The order is always the inbox's default order (see
 * rz_database_list_comments()), also while searching.
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

/* Counts and reads again, e.g. after the data changed; the items are
 * replaced once the new count is there. */
void                rz_comment_list_model_reload           (RzCommentListModel  *self);

/* TRUE from a change of the parameters (or a reload) until the new count
 * arrived: a view shows a spinner rather than "no comments" meanwhile. */
gboolean            rz_comment_list_model_get_loading      (RzCommentListModel  *self);
/* The last error of the database, or NULL; cleared by the next count. */
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
