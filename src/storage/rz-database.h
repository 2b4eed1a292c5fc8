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
 * Returns RzComment objects. The default order: open critical comments,
 * then the other open ones, each oldest first; then the handled ones
 * (answered, done, ignored), newest first. A @limit of 0 means all. */
GPtrArray   *rz_database_list_comments    (RzDatabase           *self,
                                           guint                 offset,
                                           guint                 limit,
                                           GError              **error);
gboolean     rz_database_count_comments   (RzDatabase           *self,
                                           guint                *n_comments,
                                           GError              **error);
/* Full-text search over comment text (FTS5 syntax is escaped). Every
 * word is matched as a prefix, accents are ignored; best matches first. */
GPtrArray   *rz_database_search_comments  (RzDatabase           *self,
                                           const char           *query,
                                           guint                 limit,
                                           GError              **error);

/* Accounts and comments as the sync stores them. Returns the new account's
 * id, or 0 with @error set. The account's secrets never come here: they
 * live in the keyring. */
gint64       rz_database_add_account      (RzDatabase           *self,
                                           const char           *channel,
                                           const char           *display_name,
                                           const char           *base_url,
                                           const char           *handle,
                                           GError              **error);
/* Stores @comment, or, when its account already has a comment with the same
 * remote id, refreshes that one (text, author, url, context, and the
 * sentiment unless the user set it) and keeps its state. Afterwards
 * @comment carries the stored id, state and sentiment. */
gboolean     rz_database_add_comment      (RzDatabase           *self,
                                           RzComment            *comment,
                                           gboolean             *is_new,
                                           GError              **error);
gboolean     rz_database_set_comment_state (RzDatabase          *self,
                                            gint64               comment_id,
                                            RzCommentState       state,
                                            GError             **error);
/* A sentiment set here is the user's and the classifier no longer
 * overwrites it. */
gboolean     rz_database_set_comment_sentiment (RzDatabase      *self,
                                                gint64           comment_id,
                                                RzSentiment      sentiment,
                                                GError         **error);

/* The strategy the wizard builds, as the JSON documents of the core:
 *
 * Profile: what rz_profile_to_json() writes and rz_profile_new_from_json()
 *   reads: {"name", "industry", "market", "region", "audiences": [{"label",
 *   "age_min", "age_max"}], "goals", "hours_per_week", "regulated",
 *   "forbidden_channels", "formats", "languages"}. Members not saved yet
 *   are left out when reading; unknown members are ignored when saving.
 * Plan: what rz_plan_to_json() writes (version 1): {"version": 1,
 *   "entries": [{"channel", "kind", "name", "purpose", "audiences",
 *   "messages": [{"type", "audiences"}], "posts_per_week",
 *   "response_minutes", "responsible", "stand_in"}]}, in display order.
 *
 * Reading returns the user's own profile, or the demo's while the user has
 * none (@is_demo tells which); NULL without an error when there is neither.
 * Saving always writes the user's own profile, so removing the demo keeps
 * it; the plan and the guideline need a saved profile first
 * (RZ_STORAGE_ERROR_NOT_FOUND). */
char        *rz_database_dup_profile_json (RzDatabase           *self,
                                           gboolean             *is_demo,
                                           GError              **error);
gboolean     rz_database_save_profile_json (RzDatabase          *self,
                                            const char          *json,
                                            GError             **error);
char        *rz_database_dup_plan_json    (RzDatabase           *self,
                                           GError              **error);
gboolean     rz_database_save_plan_json   (RzDatabase           *self,
                                           const char           *json,
                                           GError              **error);
/* The guideline as Markdown; NULL without an error when there is none. */
char        *rz_database_dup_guideline    (RzDatabase           *self,
                                           GError              **error);
gboolean     rz_database_save_guideline   (RzDatabase           *self,
                                           const char           *markdown,
                                           GError              **error);

/* Where the wizard stands, so it resumes after a restart: the step to show
 * and a JSON object of its own (may be NULL). Step 0 and no state when
 * nothing was saved; the demo reports RZ_DATABASE_WIZARD_FINISHED. Saving
 * creates the user's (still empty) profile when there is none yet. */
#define RZ_DATABASE_WIZARD_FINISHED (-1)

gboolean     rz_database_get_wizard_progress (RzDatabase        *self,
                                              int               *step,
                                              char             **state_json,
                                              GError           **error);
gboolean     rz_database_save_wizard_progress (RzDatabase       *self,
                                               int               step,
                                               const char       *state_json,
                                               GError          **error);

/* The same as core objects (rz-database-strategy.c). Saving a profile
 * also records how far the wizard got (RZ_DATABASE_WIZARD_FINISHED once
 * done) in the same transaction. Reading returns NULL without an error when
 * there is no profile yet, or when a running wizard has stored too little
 * for a valid profile (its state document then has the answers). */
gboolean     rz_database_save_profile     (RzDatabase           *self,
                                           RzProfile            *profile,
                                           int                   wizard_step,
                                           const char           *wizard_state_json,
                                           GError              **error);
RzProfile   *rz_database_dup_profile      (RzDatabase           *self,
                                           int                  *wizard_step,
                                           char                **wizard_state_json,
                                           GError              **error);
gboolean     rz_database_save_plan        (RzDatabase           *self,
                                           RzPlan               *plan,
                                           GError              **error);
RzPlan      *rz_database_dup_plan         (RzDatabase           *self,
                                           GError              **error);

G_END_DECLS
