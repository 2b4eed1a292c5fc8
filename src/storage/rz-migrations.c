/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define G_LOG_DOMAIN "rz-storage"

#include "rz-database-private.h"
#include "rz-migrations.h"

/* Each migration ends by setting its own user_version, inside the same
 * transaction, so the version in the file always names the schema in it.
 * Released migrations are never edited: a change is a new migration, and
 * tests/data/schema-v<N>.sql keeps a dump of every older version.
 *
 * Timestamps are Unix seconds (UTC), bound by the code, never DEFAULT now.
 * Every table the demo data writes has is_demo, so that removing the demo
 * touches nothing the user entered. */

/* Version 1: the base tables. */
static const char migration_v1[] =
  "CREATE TABLE profile ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  industry TEXT,"
  "  market TEXT CHECK (market IN ('b2b', 'b2c', 'both')),"
  "  region TEXT,"
  "  hours_per_week REAL CHECK (hours_per_week >= 0),"
  "  regulated INTEGER NOT NULL DEFAULT 0,"
  "  languages TEXT NOT NULL DEFAULT '[]',"
  "  formats TEXT NOT NULL DEFAULT '[]',"
  "  wizard_step INTEGER NOT NULL DEFAULT 0,"
  "  wizard_state TEXT,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  /* At most one profile of the user's own and one of the demo. */
  "CREATE UNIQUE INDEX profile_is_demo ON profile (is_demo);"

  "CREATE TABLE audiences ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,"
  "  label TEXT NOT NULL,"
  "  age_min INTEGER,"
  "  age_max INTEGER,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)"
  ");"
  "CREATE INDEX audiences_profile ON audiences (profile_id, position);"

  "CREATE TABLE goals ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,"
  "  goal TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (profile_id, goal)"
  ");"

  "CREATE TABLE forbidden_channels ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (profile_id, channel)"
  ");"

  /* One channel of the plan. The rhythm is posts_per_week; audiences is
   * a JSON array of audience labels. */
  "CREATE TABLE plan_channels ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL,"
  "  kind TEXT,"
  "  name TEXT,"
  "  purpose TEXT,"
  "  audiences TEXT NOT NULL DEFAULT '[]',"
  "  posts_per_week REAL CHECK (posts_per_week >= 0),"
  "  target_response_minutes INTEGER CHECK (target_response_minutes > 0),"
  "  responsible TEXT,"
  "  stand_in TEXT,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (profile_id, channel)"
  ");"

  /* The plan's message matrix, one row per message type, channel and
   * audience. */
  "CREATE TABLE plan_messages ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL REFERENCES profile (id) ON DELETE CASCADE,"
  "  message_type TEXT NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  audience TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX plan_messages_profile ON plan_messages (profile_id, position);"

  "CREATE TABLE guidelines ("
  "  id INTEGER PRIMARY KEY,"
  "  profile_id INTEGER NOT NULL UNIQUE REFERENCES profile (id) ON DELETE CASCADE,"
  "  markdown TEXT NOT NULL DEFAULT '',"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"

  /* No secrets here: tokens and passwords live in the keyring (libsecret),
   * looked up by the account's id. */
  "CREATE TABLE accounts ("
  "  id INTEGER PRIMARY KEY,"
  "  channel TEXT NOT NULL,"
  "  display_name TEXT NOT NULL DEFAULT '',"
  "  base_url TEXT,"
  "  handle TEXT,"
  "  remote_user_id TEXT,"
  "  state TEXT NOT NULL DEFAULT 'new',"
  "  sync_cursor TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE drafts ("
  "  id INTEGER PRIMARY KEY,"
  "  core_text TEXT NOT NULL DEFAULT '',"
  "  message_type TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE draft_variants ("
  "  id INTEGER PRIMARY KEY,"
  "  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (draft_id, channel)"
  ");"

  /* The outbox. The idempotency key makes a retried send recognisable. */
  "CREATE TABLE posts ("
  "  id INTEGER PRIMARY KEY,"
  "  variant_id INTEGER NOT NULL REFERENCES draft_variants (id) ON DELETE CASCADE,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'sending', 'posted', 'failed')),"
  "  remote_id TEXT,"
  "  remote_url TEXT,"
  "  error TEXT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  scheduled_at INTEGER,"
  "  posted_at INTEGER,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX posts_state ON posts (state, scheduled_at);"

  /* sentiment and state hold RzSentiment and RzCommentState. */
  "CREATE TABLE comments ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
  "  channel TEXT NOT NULL,"
  "  remote_id TEXT NOT NULL,"
  "  parent_remote_id TEXT,"
  "  author TEXT,"
  "  author_handle TEXT,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  url TEXT,"
  "  context TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  sentiment INTEGER NOT NULL DEFAULT 0 CHECK (sentiment BETWEEN 0 AND 2),"
  "  sentiment_user_set INTEGER NOT NULL DEFAULT 0,"
  "  state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),"
  "  is_demo INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (account_id, remote_id)"
  ");"
  "CREATE INDEX comments_inbox ON comments (state, sentiment, created_at);"

  "CREATE TABLE replies ("
  "  id INTEGER PRIMARY KEY,"
  "  comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL,"
  "  remote_id TEXT,"
  "  remote_url TEXT,"
  "  state TEXT NOT NULL DEFAULT 'draft'"
  "    CHECK (state IN ('draft', 'queued', 'sending', 'sent', 'failed')),"
  "  error TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  sent_at INTEGER,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX replies_comment ON replies (comment_id);"

  "PRAGMA user_version = 1;";

/* Version 2: full-text search over comments and drafts, reply templates.
 * The FTS tables are external-content tables kept in step by triggers;
 * remove_diacritics 2 lets "Brotchen" find "Brötchen" and back. */
static const char migration_v2[] =
  "CREATE TABLE reply_templates ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  text TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE VIRTUAL TABLE comments_fts USING fts5 ("
  "  author, text,"
  "  content = 'comments', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN"
  "  INSERT INTO comments_fts (rowid, author, text)"
  "    VALUES (new.id, new.author, new.text);"
  "END;"
  "CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "END;"
  "CREATE TRIGGER comments_fts_update AFTER UPDATE OF author, text ON comments BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "  INSERT INTO comments_fts (rowid, author, text)"
  "    VALUES (new.id, new.author, new.text);"
  "END;"
  "INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');"

  "CREATE VIRTUAL TABLE drafts_fts USING fts5 ("
  "  core_text,"
  "  content = 'drafts', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN"
  "  INSERT INTO drafts_fts (rowid, core_text) VALUES (new.id, new.core_text);"
  "END;"
  "CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN"
  "  INSERT INTO drafts_fts (drafts_fts, rowid, core_text)"
  "    VALUES ('delete', old.id, old.core_text);"
  "END;"
  "CREATE TRIGGER drafts_fts_update AFTER UPDATE OF core_text ON drafts BEGIN"
  "  INSERT INTO drafts_fts (drafts_fts, rowid, core_text)"
  "    VALUES ('delete', old.id, old.core_text);"
  "  INSERT INTO drafts_fts (rowid, core_text) VALUES (new.id, new.core_text);"
  "END;"
  "INSERT INTO drafts_fts (drafts_fts) VALUES ('rebuild');"

  "PRAGMA user_version = 2;";

/* Version 3: what the accounts and the first sync need. A reply keeps the
 * idempotency key it is sent with, stored before the first attempt, so a
 * retry after a crash cannot post it twice; an account remembers when its
 * inbox was last fetched completely. */
static const char migration_v3[] =
  "ALTER TABLE replies ADD COLUMN idempotency_key TEXT;"
  "CREATE UNIQUE INDEX replies_idempotency_key ON replies (idempotency_key);"
  "ALTER TABLE accounts ADD COLUMN synced_at INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX accounts_identity ON accounts (channel, base_url, handle);"

  "PRAGMA user_version = 3;";

/* Version 4: drafts with images, an outbox that keeps its history. A
 * variant remembers whether the user wrote it or it follows the core text.
 * posts is rebuilt: it keeps the text it sends (so the history shows what
 * went out), its channel, and its draft; deleting a draft or an account no
 * longer deletes what was posted, and a post made by hand has no account.
 * An account's unsent posts fail when it is removed (error NULL: the UI
 * says why). */
static const char migration_v4[] =
  "ALTER TABLE draft_variants ADD COLUMN customized INTEGER NOT NULL DEFAULT 1;"

  "CREATE TABLE draft_images ("
  "  id INTEGER PRIMARY KEY,"
  "  draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,"
  "  uuid TEXT NOT NULL UNIQUE,"
  "  data BLOB NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  filename TEXT,"
  "  alt_text TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX draft_images_draft ON draft_images (draft_id, position);"

  "CREATE TABLE posts_v4 ("
  "  id INTEGER PRIMARY KEY,"
  "  draft_id INTEGER REFERENCES drafts (id) ON DELETE SET NULL,"
  "  variant_id INTEGER REFERENCES draft_variants (id) ON DELETE SET NULL,"
  "  channel TEXT NOT NULL,"
  "  account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL DEFAULT 'queued'"
  "    CHECK (state IN ('queued', 'sending', 'posted', 'failed')),"
  "  remote_id TEXT,"
  "  remote_url TEXT,"
  "  error TEXT,"
  "  idempotency_key TEXT NOT NULL UNIQUE,"
  "  scheduled_at INTEGER,"
  "  posted_at INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "INSERT INTO posts_v4 (id, draft_id, variant_id, channel, account_id, text, state,"
  "    remote_id, remote_url, error, idempotency_key, scheduled_at, posted_at,"
  "    created_at, updated_at, is_demo)"
  "  SELECT p.id, v.draft_id, p.variant_id, COALESCE (v.channel, a.channel, ''),"
  "    p.account_id, COALESCE (v.text, ''), p.state, p.remote_id, p.remote_url,"
  "    p.error, p.idempotency_key, p.scheduled_at, p.posted_at, p.created_at,"
  "    p.updated_at, p.is_demo"
  "  FROM posts p"
  "  LEFT JOIN draft_variants v ON v.id = p.variant_id"
  "  LEFT JOIN accounts a ON a.id = p.account_id;"
  "DROP TABLE posts;"
  "ALTER TABLE posts_v4 RENAME TO posts;"
  "CREATE INDEX posts_state ON posts (state, scheduled_at);"
  "CREATE INDEX posts_draft ON posts (draft_id);"
  "CREATE INDEX posts_history ON posts (channel, posted_at) WHERE state = 'posted';"

  "CREATE TRIGGER posts_account_removed BEFORE DELETE ON accounts BEGIN"
  "  UPDATE posts SET state = 'failed', error = NULL"
  "    WHERE account_id = old.id AND state IN ('queued', 'sending');"
  "END;"

  "CREATE VIRTUAL TABLE posts_fts USING fts5 ("
  "  text,"
  "  content = 'posts', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN"
  "  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "END;"
  "CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts BEGIN"
  "  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');"

  "PRAGMA user_version = 4;";

/* Version 5: a big inbox (100,000 comments) opens at once. The first
 * index holds the inbox's default order and the columns its filters look
 * at, so a page at any offset, filtered or not, is a walk over the index
 * without sorting, and a count never reads a row. Its two expressions are
 * exactly those of the ORDER BY in rz-database-comments.c and
 * rz-database-inbox.c; SQLite matches them as written. The second, empty
 * unless the demo is loaded, answers "is there demo data?" (asked at every
 * start) without reading every comment. */
static const char migration_v5[] =
  "CREATE INDEX comments_inbox_order ON comments ("
  "  (CASE WHEN state = 0 AND sentiment = 2 THEN 0 WHEN state = 0 THEN 1 ELSE 2 END),"
  "  (CASE WHEN state = 0 THEN created_at ELSE -created_at END),"
  "  id, channel, sentiment, state"
  ");"
  "CREATE INDEX comments_demo ON comments (id) WHERE is_demo = 1;"

  "PRAGMA user_version = 5;";

/* Version 6: when a comment last changed its state, so that "ignored"
 * and "done" have a time as "answered" has its reply's. A trigger keeps
 * it, whichever code changes the state (the inbox, the reply pane, the
 * sync), which is why this one timestamp comes from SQLite's clock, in
 * Unix seconds like every other. Answered comments of older versions
 * take the time their reply was sent; other old states stay unknown. */
static const char migration_v6[] =
  "ALTER TABLE comments ADD COLUMN state_changed_at INTEGER;"
  "UPDATE comments SET state_changed_at ="
  "  (SELECT max (r.sent_at) FROM replies r WHERE r.comment_id = comments.id)"
  "  WHERE state = 1;"
  "CREATE TRIGGER comments_state_changed AFTER UPDATE OF state ON comments"
  "  WHEN new.state IS NOT old.state BEGIN"
  "  UPDATE comments SET state_changed_at = CAST (strftime ('%s', 'now') AS INTEGER)"
  "    WHERE id = new.id;"
  "END;"

  "PRAGMA user_version = 6;";

/* Version 7: the moderation log. Marking a comment as spam (or hiding
 * it) is never silent: every such action keeps a row with what the
 * comment said and how it read at that moment, even after the comment or
 * its account is removed here (comment_id becomes NULL, the rest stays). */
static const char migration_v7[] =
  "CREATE TABLE moderation_log ("
  "  id INTEGER PRIMARY KEY,"
  "  comment_id INTEGER REFERENCES comments (id) ON DELETE SET NULL,"
  "  account_id INTEGER,"
  "  channel TEXT NOT NULL,"
  "  remote_id TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('spam', 'hide')),"
  "  excerpt TEXT NOT NULL DEFAULT '',"
  "  sentiment INTEGER NOT NULL DEFAULT 0 CHECK (sentiment BETWEEN 0 AND 2),"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  is_demo INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX moderation_log_comment ON moderation_log (comment_id, created_at);"

  "PRAGMA user_version = 7;";

/* In order; migrations[i] brings version i to version i + 1. */
static const char * const migrations[] = {
  migration_v1,
  migration_v2,
  migration_v3,
  migration_v4,
  migration_v5,
  migration_v6,
  migration_v7,
};

int
rz_migrations_get_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
read_user_version (sqlite3  *db,
                   int      *version,
                   GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      rz_storage_set_error (error, db, rc);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static void
rollback_if_needed (sqlite3 *db)
{
  /* SQLite rolls back by itself on some errors (disk full, I/O). */
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
rz_migrations_apply (sqlite3  *db,
                     int       target_version,
                     GError  **error)
{
  int version;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (target_version >= 0, FALSE);
  g_return_val_if_fail (target_version <= rz_migrations_get_latest (), FALSE);

  if (!read_user_version (db, &version, error))
    return FALSE;

  while (version < target_version)
    {
      int rc;
      int reached = -1;

      g_debug ("Migrating the database from version %d to %d", version, version + 1);

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        return rz_storage_set_error (error, db, rc);

      rc = sqlite3_exec (db, migrations[version], NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          rz_storage_set_error (error, db, rc);
          rollback_if_needed (db);
          return FALSE;
        }

      if (!read_user_version (db, &reached, error))
        {
          rollback_if_needed (db);
          return FALSE;
        }
      /* A migration that forgot its PRAGMA user_version is a bug. */
      g_assert (reached == version + 1);

      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          rz_storage_set_error (error, db, rc);
          rollback_if_needed (db);
          return FALSE;
        }

      version = reached;
    }

  return TRUE;
}
