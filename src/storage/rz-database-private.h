/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rz-comment.h"
#include "rz-database.h"

G_BEGIN_DECLS

/* Internals shared by the files of src/storage/ and by the storage tests.
 * Nothing outside the storage layer may reach the SQLite handle. */

/* The connection. Hold rz_database_get_lock() while using it. */
sqlite3      *rz_database_get_handle     (RzDatabase   *self);

/* Recursive, so that a job running on the worker (which holds the lock for
 * the whole job) can call the public synchronous functions. */
GRecMutex    *rz_database_get_lock       (RzDatabase   *self);

/* The one place where SQLite result codes become RZ_STORAGE_ERROR codes.
 * @db may be NULL when there is no connection to ask for details. Always
 * returns FALSE so that callers can write
 * `return rz_storage_set_error (error, db, rc);`. */
gboolean      rz_storage_set_error       (GError      **error,
                                          sqlite3      *db,
                                          int           rc);

/* Returns the cached statement for @sql, which must be a string literal:
 * the cache keeps the pointer. The statement is reset and its bindings are
 * cleared; declare it with g_autoptr(RzStatement) so it is reset again when
 * it goes out of scope. Never hand out the same statement twice at once. */
typedef sqlite3_stmt RzStatement;

RzStatement  *rz_database_prepare        (RzDatabase   *self,
                                          const char   *sql,
                                          GError      **error);

/* Runs a statement without parameters or results (a string literal). */
gboolean      rz_database_exec           (RzDatabase   *self,
                                          const char   *sql,
                                          GError      **error);

/* Steps a write statement to its end; maps failures to GError. */
gboolean      rz_database_step_done      (RzDatabase   *self,
                                          RzStatement  *stmt,
                                          GError      **error);

/* Steps a query to its end and returns its first column as strings
 * (NULL columns are left out), or NULL with @error. */
GStrv         rz_database_step_strings   (RzDatabase   *self,
                                          RzStatement  *stmt,
                                          GError      **error);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Rollback is safe to call after
 * SQLite already rolled back on its own (disk full, I/O error). */
gboolean      rz_database_begin          (RzDatabase   *self,
                                          GError      **error);
gboolean      rz_database_commit         (RzDatabase   *self,
                                          GError      **error);
void          rz_database_rollback       (RzDatabase   *self);

/* Moves a GIO/file error into RZ_STORAGE_ERROR (FULL, NOT_FOUND or IO),
 * keeping its message. Consumes @io_error; returns FALSE. */
gboolean      rz_storage_propagate_io_error (GError   **error,
                                             GError    *io_error);

/* Copies @from to @to through a temporary file and a rename, so @to is
 * either the old file or a complete copy. */
gboolean      rz_storage_copy_file       (const char  *from,
                                          const char  *to,
                                          GError     **error);

/* Binds UTF-8 text; NULL binds SQL NULL. */
void          rz_statement_bind_text     (RzStatement  *stmt,
                                          int           index,
                                          const char   *text);

static inline void
rz_statement_release (RzStatement *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzStatement, rz_statement_release)

/* Turns what a user typed into a safe FTS5 query: every term becomes a
 * quoted prefix phrase, so FTS5 operators and stray quotes are plain text.
 * Returns NULL when nothing searchable is left. */
char         *rz_storage_fts_query_from_user (const char *text);

/* JSON documents in and out (rz-storage-json.c). A member of the wrong
 * type counts as missing. */
const char   *rz_storage_json_string     (JsonObject   *object,
                                          const char   *name);
gboolean      rz_storage_json_number     (JsonObject   *object,
                                          const char   *name,
                                          double       *value);
gboolean      rz_storage_json_int        (JsonObject   *object,
                                          const char   *name,
                                          gint64       *value);
gboolean      rz_storage_json_bool       (JsonObject   *object,
                                          const char   *name);
JsonArray    *rz_storage_json_array      (JsonObject   *object,
                                          const char   *name);
JsonObject   *rz_storage_json_element_object (JsonArray *array,
                                              guint      index);
const char   *rz_storage_json_element_string (JsonArray *array,
                                              guint      index);
/* A JSON array of the string elements of member @name. */
char         *rz_storage_json_dup_string_list (JsonObject *object,
                                               const char *name);
JsonObject   *rz_storage_json_parse_object (const char  *json,
                                            GError     **error);
/* Add a column as a member; NULL columns are left out. */
void          rz_storage_json_add_text_column (JsonBuilder *builder,
                                               const char  *name,
                                               RzStatement *stmt,
                                               int          column);
void          rz_storage_json_add_number_column (JsonBuilder *builder,
                                                 const char  *name,
                                                 RzStatement *stmt,
                                                 int          column);
void          rz_storage_json_add_stored (JsonBuilder  *builder,
                                          const char   *name,
                                          const char   *text,
                                          JsonNodeType  expected);
char         *rz_storage_json_builder_to_string (JsonBuilder *builder);

/* Comments (rz-database-comments.c): the columns of table comments, as
 * alias "c", that rz_database_comment_from_row() reads, in its order. */
#define RZ_COMMENT_COLUMNS \
  "c.id, c.account_id, c.channel, c.remote_id, c.parent_remote_id, " \
  "c.author, c.author_handle, c.text, c.url, c.context, c.created_at, " \
  "c.sentiment, c.state, c.is_demo"
RzComment    *rz_database_comment_from_row (RzStatement *stmt);

/* The strategy (rz-database-profile.c, rz-database-plan.c). The user's
 * profile is the one with is_demo = 0; the current one is the user's, or
 * the demo's while the user has none (*profile_id 0 without either). */
gboolean      rz_database_find_user_profile (RzDatabase  *self,
                                             gint64      *profile_id,
                                             GError     **error);
gboolean      rz_database_find_current_profile (RzDatabase  *self,
                                                gint64      *profile_id,
                                                GError     **error);
gboolean      rz_database_write_profile  (RzDatabase   *self,
                                          JsonObject   *profile,
                                          gboolean      is_demo,
                                          gint64       *out_profile_id,
                                          GError      **error);
gboolean      rz_database_write_wizard_progress (RzDatabase  *self,
                                                 gint64       profile_id,
                                                 int          step,
                                                 const char  *state_json,
                                                 GError     **error);
gboolean      rz_database_write_plan     (RzDatabase   *self,
                                          gint64        profile_id,
                                          JsonObject   *plan,
                                          gboolean      is_demo,
                                          GError      **error);
gboolean      rz_database_write_guideline (RzDatabase  *self,
                                           gint64       profile_id,
                                           const char  *markdown,
                                           gboolean     is_demo,
                                           GError     **error);
/* Deletes every demo row; the caller owns the transaction. */
gboolean      rz_database_delete_demo_rows (RzDatabase *self,
                                            GError    **error);

G_END_DECLS
