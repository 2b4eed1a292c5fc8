/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rz-types.h"

G_BEGIN_DECLS

#define RZ_STORAGE_ERROR (rz_storage_error_quark ())

typedef enum {
  RZ_STORAGE_ERROR_FAILED,
  RZ_STORAGE_ERROR_CORRUPT,     /* not a database, or integrity check failed */
  RZ_STORAGE_ERROR_TOO_NEW,     /* written by a newer Resonanz */
  RZ_STORAGE_ERROR_IO,          /* cannot open, read or write the file */
  RZ_STORAGE_ERROR_FULL,        /* disk full or file size limit */
  RZ_STORAGE_ERROR_BUSY,        /* locked by another process */
  RZ_STORAGE_ERROR_CONSTRAINT,
  RZ_STORAGE_ERROR_NOT_FOUND,
} RzStorageError;

GQuark rz_storage_error_quark (void);

#define RZ_TYPE_DATABASE (rz_database_get_type ())
G_DECLARE_FINAL_TYPE (RzDatabase, rz_database, RZ, DATABASE, GObject)

/* The newest schema version this build knows. */
#define RZ_DATABASE_SCHEMA_VERSION rz_database_schema_version ()
int          rz_database_schema_version   (void);

/* $XDG_DATA_HOME/resonanz/resonanz.db (inside Flatpak the app's own dir). */
char        *rz_database_dup_default_path (void);

/* Opens (creating if needed) and migrates. Blocking: call it from a worker
 * thread or a test. Before a migration the old file is copied next to it as
 * "<name>.v<old-version>.bak". A damaged file gives RZ_STORAGE_ERROR_CORRUPT
 * and is left untouched. */
RzDatabase  *rz_database_open             (const char           *path,
                                           GError              **error);
void         rz_database_open_async       (const char           *path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
RzDatabase  *rz_database_open_finish      (GAsyncResult         *result,
                                           GError              **error);

const char  *rz_database_get_path         (RzDatabase           *self);
int          rz_database_get_user_version (RzDatabase           *self);

/* Recovery, for the "database damaged" dialog. All work on a closed file. */
char        *rz_database_dup_latest_backup (const char          *path);
gboolean     rz_database_restore_backup    (const char          *path,
                                            GError             **error);
gboolean     rz_database_move_aside        (const char          *path,
                                            char               **moved_to,
                                            GError             **error);

/* Work on the database's own worker thread, one job at a time, so the main
 * loop never waits for SQLite. @job runs on the worker; its return value is
 * handed to the callback through rz_database_run_finish(). */
typedef gpointer (*RzDatabaseJob) (RzDatabase    *db,
                                   gpointer       data,
                                   GCancellable  *cancellable,
                                   GError       **error);

void         rz_database_run_async        (RzDatabase           *self,
                                           RzDatabaseJob         job,
                                           gpointer              data,
                                           GDestroyNotify        data_destroy,
                                           GDestroyNotify        result_destroy,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gpointer     rz_database_run_finish       (RzDatabase           *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* Whether the user has entered anything or loaded the demo. */
gboolean     rz_database_is_empty         (RzDatabase           *self,
                                           gboolean             *is_empty,
                                           GError              **error);
gboolean     rz_database_has_demo         (RzDatabase           *self,
                                           gboolean             *has_demo,
                                           GError              **error);
/* Loads the demo bakery (profile, plan, drafts, ~40 comments) in one
 * transaction; every row it writes is marked as demo. */
gboolean     rz_database_load_demo        (RzDatabase           *self,
                                           GError              **error);
/* Removes every demo row and nothing else, in one transaction. */
gboolean     rz_database_remove_demo      (RzDatabase           *self,
                                           GError              **error);

/* The inbox, in its default order: critical and open first, then oldest.
 * Returns RzComment objects. */
GPtrArray   *rz_database_list_comments    (RzDatabase           *self,
                                           guint                 offset,
                                           guint                 limit,
                                           GError              **error);
gboolean     rz_database_count_comments   (RzDatabase           *self,
                                           guint                *n_comments,
                                           GError              **error);
/* Full-text search over comment text (FTS5 syntax is escaped). */
GPtrArray   *rz_database_search_comments  (RzDatabase           *self,
                                           const char           *query,
                                           guint                 limit,
                                           GError              **error);

G_END_DECLS
