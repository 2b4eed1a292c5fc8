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
  RZ_STORAGE_ERROR_NOT_EMPTY,   /* an import needs a database without user data */
  RZ_STORAGE_ERROR_INVALID,     /* an import file that is not a Resonanz export */
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

/* Daily backups (rz-database-backup.c): "<name>.daily-YYYY-MM-DD.bak" next
 * to the file, made from the open database with SQLite's online backup and
 * checked; at most one a day (@now NULL: now, local time), and only the
 * @keep_days newest are kept. Returns the new backup's path, or NULL with
 * no error when today's exists. Holds the connection's lock while copying;
 * the _async variant runs on the database's worker. The schedule makes one
 * now and looks again every hour until @cancellable is cancelled. */
#define RZ_DATABASE_BACKUP_KEEP_DAYS 7

char        *rz_database_backup_daily      (RzDatabase          *self,
                                            GDateTime           *now,
                                            guint                keep_days,
                                            GError             **error);
void         rz_database_backup_daily_async (RzDatabase         *self,
                                             guint               keep_days,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
char        *rz_database_backup_daily_finish (RzDatabase        *self,
                                              GAsyncResult      *result,
                                              GError           **error);

/* The schedule: how many to keep can change while it runs (Preferences),
 * and applies from its next look on. */
typedef struct _RzBackupSchedule RzBackupSchedule;

RzBackupSchedule *rz_database_schedule_daily_backups (RzDatabase       *self,
                                                      guint             keep_days,
                                                      GCancellable     *cancellable);
RzBackupSchedule *rz_backup_schedule_ref          (RzBackupSchedule *schedule);
void              rz_backup_schedule_unref        (RzBackupSchedule *schedule);
void              rz_backup_schedule_set_keep_days (RzBackupSchedule *schedule,
                                                    guint             keep_days);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzBackupSchedule, rz_backup_schedule_unref)

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

/* Accounts, the sync's store step and replies (rz-database-accounts.c).
 * Accounts come as RzAccount objects, oldest first; the demo's only with
 * @include_demo. */
GPtrArray   *rz_database_list_accounts    (RzDatabase           *self,
                                           gboolean              include_demo,
                                           GError              **error);
/* Keeps a newly signed-in account: when the user already has one with
 * the same channel, base url and handle (signing in again), that one is
 * updated and keeps its comments and cursor; otherwise it is added. Its
 * state becomes connected; @account gets the stored id, cursor and time of
 * the last fetch. */
gboolean     rz_database_save_account     (RzDatabase           *self,
                                           RzAccount            *account,
                                           GError              **error);
/* Removes the account with its comments and replies. */
gboolean     rz_database_remove_account   (RzDatabase           *self,
                                           gint64                account_id,
                                           GError              **error);
gboolean     rz_database_set_account_state (RzDatabase          *self,
                                            gint64               account_id,
                                            const char          *state,
                                            GError             **error);
gboolean     rz_database_set_account_cursor (RzDatabase         *self,
                                             gint64              account_id,
                                             const char         *cursor,
                                             GError            **error);
/* One fetched page of an account's inbox, in one transaction: the comments
 * (added, or refreshed when known, see rz_database_add_comment()), the new
 * cursor and the time of the fetch. Either all of it is stored or nothing,
 * so a crash or an error never loses or counts a comment twice. Gives
 * RZ_STORAGE_ERROR_NOT_FOUND when the account was removed meanwhile. */
gboolean     rz_database_store_inbox      (RzDatabase           *self,
                                           gint64                account_id,
                                           GPtrArray            *comments,
                                           const char           *cursor,
                                           guint                *n_new,
                                           GError              **error);

/* Replies. Before an answer is sent, rz_database_prepare_reply() stores it
 * with its idempotency key: the key of the comment's unsent reply when
 * there is one (a retry, also after a crash), a new one otherwise. */
gboolean     rz_database_prepare_reply    (RzDatabase           *self,
                                           gint64                comment_id,
                                           const char           *text,
                                           gint64               *reply_id,
                                           char                **idempotency_key,
                                           GError              **error);
/* The comment's unsent reply (*reply_id 0 when there is none), its text,
 * and the error of its last attempt, if any. */
gboolean     rz_database_dup_pending_reply (RzDatabase          *self,
                                            gint64               comment_id,
                                            gint64              *reply_id,
                                            char               **text,
                                            char               **last_error,
                                            GError             **error);
/* Records where the reply was published and marks its comment answered,
 * in one transaction. */
gboolean     rz_database_set_reply_sent   (RzDatabase           *self,
                                           gint64                reply_id,
                                           const char           *remote_id,
                                           const char           *remote_url,
                                           GError              **error);
gboolean     rz_database_set_reply_failed (RzDatabase           *self,
                                           gint64                reply_id,
                                           const char           *message,
                                           GError              **error);
/* An answer given outside Resonanz (an account without a connection, or
 * the demo): recorded as sent, and the comment marked answered. Returns
 * the reply's id, or 0 with @error set. */
gint64       rz_database_log_reply        (RzDatabase           *self,
                                           gint64                comment_id,
                                           const char           *text,
                                           GError              **error);

/* Drafts and the outbox (rz-database-drafts.c). The types are in
 * rz-draft.h and rz-draft-post.h. */
typedef struct _RzDraft      RzDraft;
typedef struct _RzDraftImage RzDraftImage;
typedef struct _RzDraftPost  RzDraftPost;

/* Every draft, most recently changed first, as RzDraft with its variants,
 * its images without their bytes, and its outbox status. */
GPtrArray   *rz_database_list_drafts      (RzDatabase           *self,
                                           GError              **error);
/* One draft with its variants and images (bytes included);
 * RZ_STORAGE_ERROR_NOT_FOUND when it is gone. */
RzDraft     *rz_database_load_draft       (RzDatabase           *self,
                                           gint64                draft_id,
                                           GError              **error);
/* Saves the draft, its variants and its images in one transaction: a new
 * draft (id 0) gets its id; variants and images the draft no longer has
 * are removed; image bytes are written only the first time. A draft that
 * was deleted meanwhile gives RZ_STORAGE_ERROR_NOT_FOUND and is not
 * written again. Sets ids and updated_at on @draft. */
gboolean     rz_database_save_draft       (RzDatabase           *self,
                                           RzDraft              *draft,
                                           GError              **error);
/* Writes a deleted draft back under its old id (undo of a delete); its
 * images need their bytes. */
gboolean     rz_database_restore_draft    (RzDatabase           *self,
                                           RzDraft              *draft,
                                           GError              **error);
/* Deletes the draft with its variants and images, and the outbox entries
 * that have not gone out; what was posted stays in the history. */
gboolean     rz_database_delete_draft     (RzDatabase           *self,
                                           gint64                draft_id,
                                           GError              **error);
GPtrArray   *rz_database_search_drafts    (RzDatabase           *self,
                                           const char           *query,
                                           guint                 limit,
                                           GError              **error);
/* The draft's images with their bytes, as RzDraftImage. */
GPtrArray   *rz_database_dup_draft_images (RzDatabase           *self,
                                           gint64                draft_id,
                                           GError              **error);

/* The outbox. Queuing stores an entry per account with a fresh idempotency
 * key before anything goes to the network; an account that already has an
 * entry for the draft keeps it: a queued one is rescheduled, a failed one
 * queued again with its old key, a posted one stays as it is. Entries come
 * as RzDraftPost. @scheduled_at 0: as soon as possible. Sample drafts are
 * never queued (RZ_STORAGE_ERROR_CONSTRAINT). */
GPtrArray   *rz_database_enqueue_posts    (RzDatabase           *self,
                                           gint64                draft_id,
                                           const gint64         *account_ids,
                                           guint                 n_accounts,
                                           gint64                scheduled_at,
                                           GError              **error);
/* A post the user made by hand ("Copy and Open", then "Mark as Posted");
 * @url may be NULL. */
RzDraftPost *rz_database_add_manual_post  (RzDatabase           *self,
                                           gint64                draft_id,
                                           const char           *channel,
                                           const char           *url,
                                           GError              **error);
/* Moves the queued entries that are due at @now to sending and returns
 * them, earliest first. Only then may they be sent. */
GPtrArray   *rz_database_claim_due_posts  (RzDatabase           *self,
                                           gint64                now,
                                           GError              **error);
gboolean     rz_database_set_post_posted  (RzDatabase           *self,
                                           gint64                post_id,
                                           const char           *remote_id,
                                           const char           *remote_url,
                                           GError              **error);
gboolean     rz_database_set_post_failed  (RzDatabase           *self,
                                           gint64                post_id,
                                           const char           *reason,
                                           GError              **error);
/* After a crash: what was sending goes back to the queue. Its key makes
 * sending it again safe. */
gboolean     rz_database_requeue_interrupted_posts (RzDatabase  *self,
                                                    guint       *n_posts,
                                                    GError     **error);
/* Queues the failed entries of a draft (0: of all drafts) again, with
 * their keys and the variant's current text. */
gboolean     rz_database_retry_failed_posts (RzDatabase         *self,
                                             gint64              draft_id,
                                             guint              *n_posts,
                                             GError            **error);
/* Removes an entry that has not gone out (queued or failed). */
gboolean     rz_database_cancel_post      (RzDatabase           *self,
                                           gint64                post_id,
                                           GError              **error);
GPtrArray   *rz_database_list_draft_posts (RzDatabase           *self,
                                           gint64                draft_id,
                                           GError              **error);
/* What went out, newest first; @channel NULL for every channel. */
GPtrArray   *rz_database_list_post_history (RzDatabase          *self,
                                            const char          *channel,
                                            guint                limit,
                                            GError             **error);
/* How many outbox entries still wait to go out (queued or sending) with
 * a time after @after; -1 counts them all, the current time only the
 * scheduled ones (rz-database-outbox-count.c). */
gboolean     rz_database_count_pending_posts (RzDatabase        *self,
                                              gint64             after,
                                              guint             *n_posts,
                                              GError           **error);
/* The earliest time after @after a queued entry waits for, or 0. */
gboolean     rz_database_get_next_scheduled_at (RzDatabase      *self,
                                                gint64           after,
                                                gint64          *when,
                                                GError         **error);
GPtrArray   *rz_database_search_posts     (RzDatabase           *self,
                                           const char           *query,
                                           guint                 limit,
                                           GError              **error);

/* The inbox as RzCommentListModel pages through it
 * (rz-database-inbox.c): the comments that pass a filter, in the default
 * order of rz_database_list_comments(). Every query walks one index, so a
 * page at any offset and a count cost milliseconds with 100,000 comments.
 * A NULL filter lets every comment pass. */
typedef struct {
  const char *channel;        /* NULL: every channel */
  int         state;          /* an RzCommentState, or -1: every state */
  gboolean    critical_only;
  const char *search;         /* as typed, see rz_database_search_comments(); NULL or "": none */
  /* The order: open comments that waited their channel's target response
   * time or longer at @now (Unix seconds) come right after the open
   * critical ones. @now 0: no such order (the index order alone). */
  gint64      now;
  GHashTable *target_minutes; /* channel id → GUINT_TO_POINTER (minutes) from the plan; others:
                                 RZ_RESPONSE_TIME_DEFAULT_TARGET_MINUTES */
} RzInboxFilter;

gboolean     rz_database_count_inbox      (RzDatabase           *self,
                                           const RzInboxFilter  *filter,
                                           guint                *n_comments,
                                           GError              **error);
/* RzComment objects; a @limit of 0 means all from @offset on. */
GPtrArray   *rz_database_list_inbox       (RzDatabase           *self,
                                           const RzInboxFilter  *filter,
                                           guint                 offset,
                                           guint                 limit,
                                           GError              **error);
/* Where comment @comment_id stands in the filtered inbox; G_MAXUINT when
 * it does not pass the filter or no longer exists. */
gboolean     rz_database_find_in_inbox    (RzDatabase           *self,
                                           const RzInboxFilter  *filter,
                                           gint64                comment_id,
                                           guint                *position,
                                           GError              **error);

/* How many critical comments the filter's channel, state and search leave
 * out (its "critical only" hides none), so the inbox never hides
 * criticism without saying so. */
gboolean     rz_database_count_inbox_hidden_critical (RzDatabase    *self,
                                                      const RzInboxFilter *filter,
                                                      guint         *n_hidden,
                                                      GError       **error);
/* The channels of the accounts, whose comments the inbox can show. */
GStrv        rz_database_dup_inbox_channels (RzDatabase         *self,
                                             GError            **error);

/* For the storm warning (rz-database-stats.c): the channels with comments
 * created since @since, and the creation times of a channel's comments
 * since then, all and critical ones (GArrays of gint64). */
GStrv        rz_database_dup_comment_channels (RzDatabase       *self,
                                               gint64            since,
                                               GError          **error);
gboolean     rz_database_list_comment_times (RzDatabase         *self,
                                             const char         *channel,
                                             gint64              since,
                                             GArray            **critical_times,
                                             GArray            **all_times,
                                             GError            **error);

/* Your data (rz-database-export.c), blocking: run them as jobs on the
 * worker (rz_database_run_async()) or from a test.
 *
 * The export is one JSON document, every row of the user's (the demo's
 * rows are left out) with its id, so that links between rows survive:
 *   {"format": "de.resonanz.Resonanz.export", "version": 1,
 *    "schema_version": N, "exported_at": "2026-01-31T12:00:00Z",
 *    "tables": {"<table>": [{"<column>": value, …}, …], …}}
 * A value is a JSON number, string or null; bytes (draft images) are
 * {"base64": "…"}. Secrets are never in the database, so never in an
 * export.
 *
 * The import takes an export of this or an older schema version (older
 * ones are migrated in memory first) into a database without data of the
 * user's own (RZ_STORAGE_ERROR_NOT_EMPTY otherwise); the demo's rows are
 * removed. All of it is written in one transaction, or nothing.
 * RZ_STORAGE_ERROR_INVALID for a file that is not an export, or is
 * damaged; RZ_STORAGE_ERROR_TOO_NEW for one of a newer Resonanz. */
#define RZ_DATABASE_EXPORT_FORMAT  "de.resonanz.Resonanz.export"
#define RZ_DATABASE_EXPORT_VERSION 1

char        *rz_database_export_json      (RzDatabase           *self,
                                           GError              **error);
/* Writes the export to @path (through a temporary file, readable only by
 * the user). */
gboolean     rz_database_export_to_file   (RzDatabase           *self,
                                           const char           *path,
                                           GError              **error);
gboolean     rz_database_import_json      (RzDatabase           *self,
                                           const char           *json,
                                           gssize                length,
                                           GError              **error);
gboolean     rz_database_import_from_file (RzDatabase           *self,
                                           const char           *path,
                                           GError              **error);
/* "resonanz-export-YYYY-MM-DD.json" for today. */
char        *rz_database_dup_export_filename (void);
/* Deletes every row (the user's and the demo's), then compacts the file so
 * that nothing deleted stays readable in it, and removes the backups and
 * damaged copies kept next to it ("<name>.v<N>.bak",
 * "<name>.daily-<date>.bak", "<name>.damaged-…"). The keyring is the
 * caller's (src/net). @n_files_removed may be NULL. */
gboolean     rz_database_delete_all_data  (RzDatabase           *self,
                                           guint                *n_files_removed,
                                           GError              **error);
/* resonanz --export FILE / --import FILE: opens the database at
 * @database_path (NULL: the default), exports to or imports from @file and
 * writes a translated summary. Returns 0 on success, 1 when it failed. */
int          rz_database_run_export_cli   (const char           *database_path,
                                           const char           *file,
                                           gboolean              import,
                                           GString              *out,
                                           GString              *err);

/* Saved replies (rz-database-templates.c): starting points with
 * placeholders (see rz-placeholders.h), in the user's order. */
typedef struct {
  gint64   id;          /* 0 until saved */
  char    *title;
  char    *text;
  gboolean is_demo;
} RzReplyTemplate;

RzReplyTemplate *rz_reply_template_new  (const char          *title,
                                         const char          *text);
RzReplyTemplate *rz_reply_template_copy (const RzReplyTemplate *self);
void             rz_reply_template_free (RzReplyTemplate     *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzReplyTemplate, rz_reply_template_free)

/* Every saved reply, the demo's too, in order, as RzReplyTemplate. */
GPtrArray   *rz_database_list_reply_templates  (RzDatabase       *self,
                                                GError          **error);
/* A new one (id 0) is added at the end and gets its id; a known one gets
 * its new title and text, RZ_STORAGE_ERROR_NOT_FOUND when it is gone. An
 * empty title or text gives RZ_STORAGE_ERROR_CONSTRAINT. */
gboolean     rz_database_save_reply_template   (RzDatabase       *self,
                                                RzReplyTemplate  *template,
                                                GError          **error);
gboolean     rz_database_delete_reply_template (RzDatabase       *self,
                                                gint64            template_id,
                                                GError          **error);
/* The same on the database's worker (@template is copied); both finish
 * with rz_database_change_reply_template_finish(). */
void         rz_database_save_reply_template_async   (RzDatabase            *self,
                                                      const RzReplyTemplate *template,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
void         rz_database_delete_reply_template_async (RzDatabase            *self,
                                                      gint64                 template_id,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
gboolean     rz_database_change_reply_template_finish (RzDatabase           *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* The thread around a comment (rz-database-thread.c): what the comment
 * answers as far as it is stored (its parents, up to the first post), the
 * earlier comments on the same post, the comment itself, and the replies
 * sent (or logged) to any of them, oldest first. */
typedef enum {
  RZ_THREAD_ENTRY_COMMENT,
  RZ_THREAD_ENTRY_REPLY,     /* an answer of ours */
} RzThreadEntryKind;

typedef struct {
  RzThreadEntryKind kind;
  gint64            comment_id;   /* the comment, or the one the reply answers */
  char             *author;       /* NULL for replies */
  char             *text;
  char             *url;          /* the comment's, or where the reply was published */
  gint64            time;         /* written, or sent */
  gboolean          is_current;   /* the comment asked for, or a reply to it */
} RzThreadEntry;

void         rz_thread_entry_free         (RzThreadEntry        *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzThreadEntry, rz_thread_entry_free)

/* RzThreadEntry items; RZ_STORAGE_ERROR_NOT_FOUND when the comment is
 * gone. At most @limit entries (0: 50), the newest kept. */
GPtrArray   *rz_database_list_thread      (RzDatabase           *self,
                                           gint64                comment_id,
                                           guint                 limit,
                                           GError              **error);
/* The texts of the most recent replies sent (or logged), newest first:
 * what a new reply should not repeat word for word. */
GStrv        rz_database_dup_recent_reply_texts (RzDatabase     *self,
                                                 guint           limit,
                                                 GError        **error);
/* An answer given by hand on the network, logged here like
 * rz_database_log_reply(), with where it was published (@url may be
 * NULL). */
gint64       rz_database_log_reply_with_url (RzDatabase         *self,
                                             gint64              comment_id,
                                             const char         *text,
                                             const char         *url,
                                             GError            **error);
/* How many open comments wait for an answer, and how many of them are
 * critical. */
gboolean     rz_database_count_waiting    (RzDatabase           *self,
                                           guint                *n_waiting,
                                           guint                *n_critical,
                                           GError              **error);
/* For the response times: every comment written since @since (Unix
 * seconds) with the time of its first sent reply (0: none), as
 * RzResponseSample; the channel strings are interned. Comments marked
 * done without a reply are left out: the user decided they need none. */
GArray      *rz_database_list_response_samples (RzDatabase      *self,
                                                gint64           since,
                                                GError         **error);

/* The moderation log (rz-database-moderation.c): every comment marked as
 * spam or hidden on its network, with what it said and how it read then.
 * Nothing is ever moderated silently. */
typedef enum {
  RZ_MODERATION_ACTION_SPAM,
  RZ_MODERATION_ACTION_HIDE,
} RzModerationAction;

typedef struct {
  gint64              id;
  gint64              comment_id;   /* 0 once the comment is removed here */
  gint64              account_id;
  char               *channel;
  char               *remote_id;
  RzModerationAction  action;
  char               *excerpt;      /* the start of the comment's text */
  RzSentiment         sentiment;    /* at the time of the action */
  gint64              created_at;
  gboolean            is_demo;
} RzModerationEntry;

void         rz_moderation_entry_free     (RzModerationEntry    *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RzModerationEntry, rz_moderation_entry_free)

/* Logs that the comment was moderated on its network (call it after the
 * network confirmed). Marking as spam also sets the comment's state to
 * ignored, in the same transaction as the log row. Returns the row's id,
 * or 0 with RZ_STORAGE_ERROR_NOT_FOUND when the comment is gone. */
gint64       rz_database_log_moderation   (RzDatabase           *self,
                                           gint64                comment_id,
                                           RzModerationAction    action,
                                           GError              **error);
/* RzModerationEntry items, oldest first: those of one comment, or with
 * @comment_id 0 all of them. */
GPtrArray   *rz_database_list_moderation  (RzDatabase           *self,
                                           gint64                comment_id,
                                           GError              **error);

G_END_DECLS
